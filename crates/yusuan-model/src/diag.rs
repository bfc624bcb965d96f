//! Diagnostics shared by the stages: typed, with the place they concern.

use serde::{Deserialize, Serialize};

use crate::geometry::BBox;

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

impl Stage {
    /// The lower-case name, as serialized.
    pub fn as_str(&self) -> &'static str {
        match self {
            Stage::Input => "input",
            Stage::Pdf => "pdf",
            Stage::Docx => "docx",
            Stage::Sheet => "sheet",
            Stage::Layout => "layout",
            Stage::Normalize => "normalize",
            Stage::Records => "records",
            Stage::Audit => "audit",
            Stage::Emit => "emit",
        }
    }
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

impl Severity {
    /// The lower-case name, as serialized.
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where in the input a diagnostic points. Every field is optional; a
/// diagnostic fills what it knows, from the coarsest (page) to the finest
/// (cell and box).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Loc {
    /// Page, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Sheet name, for a workbook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Table id ("t3").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// Row in the table, from 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// Column in the table, from 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub col: Option<usize>,
    /// Box on the page in points, origin top-left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
}

impl Loc {
    /// A page.
    pub fn page(page: u32) -> Self {
        Loc {
            page: Some(page),
            ..Loc::default()
        }
    }

    /// A table, on its first page when known.
    pub fn table(id: &str, page: Option<u32>) -> Self {
        Loc {
            page,
            table: Some(id.to_owned()),
            ..Loc::default()
        }
    }
}

/// What a diagnostic is about; code branches on this, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// A reader repaired or skipped part of the file (broken xref, a page the
    /// interpreter failed on, Word content it does not read).
    ReaderRepair,
    /// Text that could not be decoded or was hidden (no unicode mapping,
    /// clipped, invisible) and was dropped or kept as stated.
    TextDropped,
    /// A page with images and no text layer.
    NoTextLayer,
    /// A page read by OCR (what was read), or OCR that is missing or failed.
    Ocr,
    /// A page read turned (its text runs sideways).
    PageTurned,
    /// A grid that may not be a table (one ruled column).
    DoubtfulGrid,
    /// A table too large or malformed to keep whole.
    TableRefused,
    /// A title or heading printed inside the grid, moved to the heading.
    TitleLifted,
    /// A table of a known kind whose records could not be read.
    RecordsMissing,
    /// Department, year or type read from weak evidence, or not found.
    MetaUncertain,
    /// Anything else.
    Other,
}

/// A located message from a stage; becomes a line of `Document.warnings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The stage that produced it.
    pub stage: Stage,
    /// Severity.
    pub severity: Severity,
    /// What it is about.
    pub kind: DiagnosticKind,
    /// Where it points.
    pub loc: Loc,
    /// Lower-case English message saying what was found and what was expected.
    pub message: String,
}

impl Diagnostic {
    /// A warning of `kind` from `stage` at `loc`.
    pub fn warning(
        stage: Stage,
        kind: DiagnosticKind,
        loc: Loc,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            stage,
            severity: Severity::Warning,
            kind,
            loc,
            message: message.into(),
        }
    }

    /// A note of `kind` from `stage` at `loc`: what was done, not a problem
    /// (a page read by OCR).
    pub fn info(stage: Stage, kind: DiagnosticKind, loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Info,
            ..Diagnostic::warning(stage, kind, loc, message)
        }
    }

    /// Renders the diagnostic as one warning line ("layout, page 3: ...").
    pub fn to_line(&self) -> String {
        let stage = self.stage.as_str();
        match (self.loc.page, &self.loc.table) {
            (Some(p), Some(t)) => format!("{stage}, page {p}, table {t}: {}", self.message),
            (Some(p), None) => format!("{stage}, page {p}: {}", self.message),
            (None, Some(t)) => format!("{stage}, table {t}: {}", self.message),
            (None, None) => format!("{stage}: {}", self.message),
        }
    }
}

/// The warning line ([`Diagnostic::to_line`]).
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_line())
    }
}

/// Page numbers as a reader writes them: runs joined ("1–3, 7, 9–10").
pub fn page_list(pages: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(&start) = pages.get(i) {
        let mut end = start;
        let mut j = i + 1;
        while pages.get(j).is_some_and(|&n| n == end.saturating_add(1)) {
            end = end.saturating_add(1);
            j += 1;
        }
        parts.push(if end == start {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
        i = j;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_lists_read_well() {
        assert_eq!(page_list(&[]), "");
        assert_eq!(page_list(&[3]), "3");
        assert_eq!(page_list(&[3, 5]), "3, 5");
        assert_eq!(page_list(&[1, 2, 3, 7, 9, 10]), "1–3, 7, 9–10");
    }

    #[test]
    fn stage_names_match_serde() {
        for stage in [
            Stage::Input,
            Stage::Pdf,
            Stage::Docx,
            Stage::Layout,
            Stage::Normalize,
            Stage::Records,
            Stage::Audit,
            Stage::Emit,
        ] {
            let json = serde_json::to_value(stage).unwrap_or_default();
            assert_eq!(json.as_str(), Some(stage.as_str()));
        }
    }

    #[test]
    fn lines_name_page_and_table() {
        let d = Diagnostic::warning(
            Stage::Records,
            DiagnosticKind::TitleLifted,
            Loc::table("t2", Some(7)),
            "title moved",
        );
        assert_eq!(d.to_line(), "records, page 7, table t2: title moved");
    }
}
