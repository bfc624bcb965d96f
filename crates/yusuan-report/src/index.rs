//! The index page of a multi-document run: one row per input with its
//! counts, sortable by clicking a column header (a few lines of inline
//! script, no library).

use std::fmt::Write as _;

use yusuan_model::{Document, Severity};

use crate::document::{doc_type_name, format_name};
use crate::escape::{esc, url_path};

const SORT_SCRIPT: &str = include_str!("index.js");

/// One input of a run, as the index lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexEntry {
    /// The input path as shown (`source.path`).
    pub path: String,
    /// The report's path relative to the index (a file path, not yet a URL),
    /// or `None` when there is no report.
    pub report: Option<String>,
    /// "pdf", "docx" …; empty for a failed input.
    pub format: String,
    /// 部门, 年度, 预算/决算 in one short line; empty when unknown.
    pub about: String,
    /// Pages (0 for Word and workbooks).
    pub pages: u32,
    /// Tables.
    pub tables: usize,
    /// Claims read from the text.
    pub claims: usize,
    /// Findings by severity.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
    /// Why the input has no report ("pdf: encrypted …") or why its report is
    /// incomplete; `None` when all is well.
    pub problem: Option<String>,
}

impl IndexEntry {
    /// The entry of a processed document whose report is at `report`.
    pub fn of(doc: &Document, report: Option<String>) -> Self {
        let count = |s: Severity| doc.findings.iter().filter(|f| f.severity == s).count();
        let mut about = Vec::new();
        if let Some(d) = &doc.meta.department {
            about.push(d.clone());
        }
        if let Some(y) = doc.meta.year {
            about.push(y.to_string());
        }
        about.push(doc_type_name(doc.meta.doc_type).to_owned());
        IndexEntry {
            path: doc.source.path.clone(),
            report,
            format: format_name(doc.source.format).to_owned(),
            about: about.join(" · "),
            pages: doc.source.pages,
            tables: doc.tables.len(),
            claims: doc.records.claims.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            problem: None,
        }
    }

    /// The entry of an input that failed (`message` names the stage).
    pub fn failed(path: &str, message: &str) -> Self {
        IndexEntry {
            path: path.to_owned(),
            problem: Some(message.to_owned()),
            ..IndexEntry::default()
        }
    }
}

/// The index page: a sortable table of the entries, in the order given.
pub fn build_index(title: &str, entries: &[IndexEntry]) -> String {
    let mut html = String::new();
    let failed = entries.iter().filter(|e| e.report.is_none()).count();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t} · yusuan reports</title>\n<style>\n\
         body {{ font: 14px/1.45 system-ui, \"Noto Sans CJK SC\", sans-serif; margin: 1.5rem; color: #111; }}\n\
         table {{ border-collapse: collapse; }} th, td {{ border: 1px solid #ccd; padding: .25rem .5rem; text-align: left; }}\n\
         th {{ background: #eef2f7; cursor: pointer; user-select: none; white-space: nowrap; }}\n\
         th[data-dir=asc]::after {{ content: \" ▲\"; }} th[data-dir=desc]::after {{ content: \" ▼\"; }}\n\
         td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}\n\
         td.e {{ color: #dc2626; font-weight: 600; }} td.w {{ color: #d97706; font-weight: 600; }}\n\
         tr.failed td {{ background: #fff1f1; }} .problem {{ color: #b91c1c; }}\n\
         </style>\n</head>\n<body>\n<h1>{t}</h1>\n<p>{n} documents, {failed} without a report. Click a column header to sort.</p>\n\
         <table class=\"sortable\">\n<thead><tr><th data-type=\"text\">document</th><th data-type=\"text\">format</th>\
         <th data-type=\"text\">department · year · type</th><th data-type=\"num\">pages</th><th data-type=\"num\">tables</th>\
         <th data-type=\"num\">claims</th><th data-type=\"num\">errors</th><th data-type=\"num\">warnings</th>\
         <th data-type=\"num\">info</th><th data-type=\"text\">problem</th></tr></thead>\n<tbody>\n",
        t = esc(title),
        n = entries.len(),
    );
    for e in entries {
        let name = match &e.report {
            Some(r) => format!("<a href=\"{}\">{}</a>", esc(&url_path(r)), esc(&e.path)),
            None => esc(&e.path),
        };
        let _ = writeln!(
            html,
            "<tr{cls}><td data-v=\"{p}\">{name}</td><td>{fmt}</td><td>{about}</td><td class=\"num\">{pages}</td>\
             <td class=\"num\">{tables}</td><td class=\"num\">{claims}</td><td class=\"num{ec}\">{errors}</td>\
             <td class=\"num{wc}\">{warnings}</td><td class=\"num\">{infos}</td><td class=\"problem\">{problem}</td></tr>",
            cls = if e.report.is_none() {
                " class=\"failed\""
            } else {
                ""
            },
            p = esc(&e.path),
            fmt = esc(&e.format),
            about = esc(&e.about),
            pages = e.pages,
            tables = e.tables,
            claims = e.claims,
            errors = e.errors,
            ec = if e.errors > 0 { " e" } else { "" },
            warnings = e.warnings,
            wc = if e.warnings > 0 { " w" } else { "" },
            infos = e.infos,
            problem = esc(e.problem.as_deref().unwrap_or("")),
        );
    }
    let _ = write!(
        html,
        "</tbody>\n</table>\n<script>\n{SORT_SCRIPT}</script>\n</body>\n</html>\n"
    );
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_inputs_are_rows_and_names_are_escaped() {
        let ok = IndexEntry {
            path: "a<b>.pdf".into(),
            report: Some("a<b>.pdf.html".into()),
            errors: 2,
            ..IndexEntry::default()
        };
        let bad = IndexEntry::failed("x.pdf", "pdf: encrypted");
        let html = build_index("run", &[ok, bad]);
        assert!(
            html.contains("<a href=\"a%3Cb%3E.pdf.html\">a&lt;b&gt;.pdf</a>"),
            "{html}"
        );
        assert!(html.contains("<tr class=\"failed\"><td data-v=\"x.pdf\">x.pdf</td>"));
        assert!(html.contains("pdf: encrypted"));
        assert_eq!(html.matches("<tr").count(), 3);
    }
}
