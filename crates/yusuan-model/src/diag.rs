//! Diagnostics shared by the stages.

use serde::{Deserialize, Serialize};

/// The pipeline stage a diagnostic or error comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Reading the input file (type detection, I/O).
    Input,
    /// The PDF reader.
    Pdf,
    /// The Word reader.
    Docx,
    /// The spreadsheet reader (xlsx, xls, ods).
    Sheet,
    /// Table reconstruction.
    Layout,
    /// Value normalization.
    Normalize,
    /// Domain records.
    Records,
    /// Consistency audit.
    Audit,
    /// Output writing.
    Emit,
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, nothing wrong.
    Info,
    /// Something is doubtful or was repaired.
    Warning,
    /// Something is wrong.
    Error,
}

/// A located message from a stage; becomes a line of `Document.warnings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The stage that produced it.
    pub stage: Stage,
    /// Severity.
    pub severity: Severity,
    /// Page, from 1, when known.
    pub page: Option<u32>,
    /// Lower-case English message saying what was found and what was expected.
    pub message: String,
}

impl Diagnostic {
    /// A warning from `stage`.
    pub fn warning(stage: Stage, page: Option<u32>, message: impl Into<String>) -> Self {
        Diagnostic {
            stage,
            severity: Severity::Warning,
            page,
            message: message.into(),
        }
    }

    /// Renders the diagnostic as one warning line ("layout, page 3: ...").
    pub fn to_line(&self) -> String {
        let stage = serde_json::to_value(self.stage)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        match self.page {
            Some(p) => format!("{stage}, page {p}: {}", self.message),
            None => format!("{stage}: {}", self.message),
        }
    }
}
