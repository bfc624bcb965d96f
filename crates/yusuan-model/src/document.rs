//! The output document and the error record that replaces it on failure.

use serde::{Deserialize, Serialize};

use crate::diag::Stage;
use crate::page::SourceFormat;
use crate::records::{DocType, Finding, Records};
use crate::table::Table;
use crate::text::Section;

/// The output schema version (contract field `schema_version`).
pub const SCHEMA_VERSION: &str = "1";

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The input path as given.
    pub path: String,
    /// Hex sha256 of the input bytes.
    pub sha256: String,
    /// pdf, docx, xlsx, xls or ods.
    pub format: SourceFormat,
    /// Page count (0 for Word and workbooks, whose pagination is not stored).
    pub pages: u32,
    /// Producing application, if stated.
    pub producer: Option<String>,
    /// Extension: pages whose text was read by OCR (scanned pages), from 1;
    /// left out when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ocr_pages: Vec<u32>,
}

/// What the document is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Meta {
    /// 编制部门 / 部门名称 / 单位名称 / 预算部门名称.
    pub department: Option<String>,
    /// The fiscal year the figures are for.
    pub year: Option<i32>,
    /// budget, final_account, self_evaluation, performance_target or unknown.
    pub doc_type: DocType,
}

/// One processed input (contract "Document").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// Provenance.
    pub source: Source,
    /// Department, year, type.
    pub meta: Meta,
    /// Logical tables in document order.
    pub tables: Vec<crate::table::Table>,
    /// Domain records.
    pub records: Records,
    /// Audit findings.
    pub findings: Vec<Finding>,
    /// Warnings from every stage, as lines.
    pub warnings: Vec<String>,
    /// Extension: the running text outside tables, as sections of
    /// paragraphs in reading order; left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub text: Vec<Section>,
}

impl Document {
    /// An empty document for `source`.
    pub fn new(source: Source) -> Self {
        Document {
            schema_version: SCHEMA_VERSION.to_owned(),
            source,
            meta: Meta::default(),
            tables: Vec::<Table>::new(),
            records: Records::default(),
            findings: Vec::new(),
            warnings: Vec::new(),
            text: Vec::new(),
        }
    }
}

/// Why an input could not be processed (contract `error`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageError {
    /// Where it failed.
    pub stage: Stage,
    /// Lower-case English reason naming what was found.
    pub message: String,
}

/// Source fields of an error record: as much as is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorSource {
    /// The input path as given.
    pub path: String,
    /// Hex sha256 of the input bytes, when they could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// The record written in place of a Document when an input fails.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorRecord {
    /// [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// The input.
    pub source: ErrorSource,
    /// Stage and reason.
    pub error: StageError,
}

impl ErrorRecord {
    /// An error record for `path`.
    pub fn new(
        path: impl Into<String>,
        sha256: Option<String>,
        stage: Stage,
        message: impl Into<String>,
    ) -> Self {
        ErrorRecord {
            schema_version: SCHEMA_VERSION.to_owned(),
            source: ErrorSource {
                path: path.into(),
                sha256,
            },
            error: StageError {
                stage,
                message: message.into(),
            },
        }
    }
}
