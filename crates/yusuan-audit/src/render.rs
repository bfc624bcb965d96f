//! The readable form of a document's findings, for `yusuan audit`.

use std::fmt::Write as _;

use yusuan_model::{Document, Finding, Severity};

/// Severities in the order they are printed, with their headings.
const GROUPS: [(Severity, &str); 3] = [
    (Severity::Error, "errors"),
    (Severity::Warning, "warnings"),
    (Severity::Info, "info"),
];

/// Renders `doc.findings` as one text block: a heading line naming the file
/// and the counts, then the findings grouped by severity (errors first), each
/// with its page, table, row and label.
///
/// ```text
/// samples/budget.pdf: 1 error, 0 warnings, 0 info
///   errors:
///     page 7, table t5, row 4 “公务接待费”: [three_public_total] “三公”经费合计应为 …
/// ```
pub fn render_findings(doc: &Document) -> String {
    let count = |s: Severity| doc.findings.iter().filter(|f| f.severity == s).count();
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} error{}, {} warning{}, {} info",
        doc.source.path,
        e,
        if e == 1 { "" } else { "s" },
        w,
        if w == 1 { "" } else { "s" },
        i
    );
    for (severity, heading) in GROUPS {
        let group: Vec<&Finding> = doc
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {heading}:");
        for f in group {
            let _ = writeln!(out, "    {}: [{}] {}", locate(f), f.rule, f.message);
        }
    }
    out
}

/// "page 7, table t5, row 4 “合计”" with the parts that are known.
fn locate(f: &Finding) -> String {
    let mut parts = Vec::new();
    if let Some(p) = f.page {
        parts.push(format!("page {p}"));
    }
    if let Some(t) = &f.table {
        parts.push(format!("table {t}"));
    }
    if let Some(r) = f.row {
        parts.push(format!("row {r}"));
    }
    let mut s = if parts.is_empty() {
        "document".to_owned()
    } else {
        parts.join(", ")
    };
    if let Some(l) = &f.label {
        let _ = write!(s, " “{l}”");
    }
    s
}
