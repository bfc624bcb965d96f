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
/// and the counts, then the findings grouped by severity (errors first),
/// ordered by page (document-wide findings first), table and row, one line
/// each with its page, table, row, label and rule; a finding about the
/// text quotes its sentence on the line below.
///
/// ```text
/// budget.pdf: 1 error, 0 warnings, 1 info
///   errors:
///     page 7, table t5, row 4 “三公经费”: [three_public_total] “三公”经费合计应为 …
///     page 19 “行政运行（项）”: [claim_direction] … 文中用“大于”，实际为减少（相差48.16万元）
///       「年初预算为1560.05万元，支出决算为1511.89万元。」
///   info:
///     document: [missing_table] 部门预算公开应包含 …
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
    let table_order = |f: &Finding| {
        f.table
            .as_ref()
            .and_then(|id| doc.tables.iter().position(|t| &t.id == id))
    };
    for (severity, heading) in GROUPS {
        let mut group: Vec<&Finding> = doc
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        // Stable: findings of one row keep the order the audit gave them.
        group.sort_by_key(|f| (f.page, table_order(f), f.row));
        let _ = writeln!(out, "  {heading}:");
        for f in group {
            let _ = writeln!(out, "    {}[{}] {}", locate(f), f.rule, f.message);
            // Text findings quote the sentence they are about.
            if let Some(q) = &f.quote {
                let _ = writeln!(out, "      「{q}」");
            }
        }
    }
    out
}

/// "page 7, table t5, row 4 “合计”: " with the parts that are known
/// ("document: " for a finding about the whole document).
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
    s.push_str(": ");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::{Source, SourceFormat};

    fn finding(severity: Severity, page: Option<u32>, row: Option<usize>, rule: &str) -> Finding {
        Finding {
            rule: rule.into(),
            severity,
            table: row.map(|_| "t1".into()),
            page,
            row,
            label: row.map(|r| format!("r{r}")),
            message: format!("m-{rule}"),
            expected: None,
            actual: None,
            quote: None,
            paragraph: None,
            claim: None,
            col: None,
            column: None,
            bbox: None,
            table_title: None,
            unit: None,
            within_rounding: false,
        }
    }

    #[test]
    fn groups_by_severity_then_page() {
        let mut doc = Document::new(Source {
            path: "a.pdf".into(),
            sha256: String::new(),
            format: SourceFormat::Pdf,
            pages: 3,
            producer: None,
            ocr_pages: Vec::new(),
        });
        doc.findings = vec![
            finding(Severity::Info, None, None, "missing_table"),
            finding(Severity::Error, Some(3), Some(9), "row_total"),
            finding(Severity::Warning, Some(2), Some(1), "duplicate_indicator"),
            finding(Severity::Error, Some(2), Some(5), "column_total"),
        ];
        let text = render_findings(&doc);
        assert_eq!(
            text,
            "a.pdf: 2 errors, 1 warning, 1 info\n\
             \x20 errors:\n\
             \x20   page 2, table t1, row 5 “r5”: [column_total] m-column_total\n\
             \x20   page 3, table t1, row 9 “r9”: [row_total] m-row_total\n\
             \x20 warnings:\n\
             \x20   page 2, table t1, row 1 “r1”: [duplicate_indicator] m-duplicate_indicator\n\
             \x20 info:\n\
             \x20   document: [missing_table] m-missing_table\n"
        );
    }
}
