//! Facts: every numeric body cell of every table in tidy (long) form, named
//! by its row labels and column header path.

use yusuan_model::{Document, Fact, Table, TableKind};

use crate::grid::{View, key};
use crate::value::{self, Context};

/// Header labels of code columns; their cells name rows, they are not figures.
const CODE_HEADERS: &[&str] = &["代码", "序号", "栏次", "编号", "编码"];

/// Whether a column holds codes (功能分类 类/款/项, 单位编码, 序号...).
fn is_code_column(path: &[String]) -> bool {
    path.iter().any(|l| {
        let k = key(l);
        matches!(k.as_str(), "类" | "款" | "项") || CODE_HEADERS.iter().any(|w| k.contains(w))
    })
}

/// The name of the input file of a path, with either separator.
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_owned()
}

/// One numeric body cell per fact, tables in order, cells row-major.
///
/// Header rows and column-number rows ("栏次", "1 2 3") are skipped, as are
/// cells in code columns and cells that normalize to no money, count,
/// percentage or duration. `row_path` holds the code (类/款/项 joined) and
/// the text cells left of the cell; `col_path` the header labels above it
/// (for a form without header rows, the nearest label above).
pub fn collect_facts(doc: &Document) -> Vec<Fact> {
    let mut out = Vec::new();
    for table in &doc.tables {
        collect_table(doc, table, &mut out);
    }
    out
}

fn collect_table(doc: &Document, table: &Table, out: &mut Vec<Fact>) {
    let view = View::new(table);
    let header_rows = view.header_rows();
    let paths: Vec<Vec<String>> = (0..view.n_cols())
        .map(|c| view.header_path(c, header_rows))
        .collect();
    let code_cols: Vec<bool> = paths.iter().map(|p| is_code_column(p)).collect();
    let doc_name = file_name(&doc.source.path);
    // Indicator forms print "单位：万元" for their funding block only; their
    // counts and percentages must not inherit it (normalize's rule for
    // `ValueContext::unit`).
    let money_unit = if is_indicator_kind(table.kind) {
        None
    } else {
        table.unit.as_deref()
    };
    for cell in &table.cells {
        let (row, col) = (cell.row, cell.col);
        if row < header_rows
            || cell.text.trim().is_empty()
            || code_cols.get(col).copied().unwrap_or(false)
        {
            continue;
        }
        if view.is_column_number_row(row) {
            continue;
        }
        // A form (no header rows found by layout) names a figure by the
        // label printed above it (年初预算数), not by the form's first rows.
        let col_path = match paths.get(col) {
            Some(p) if !p.is_empty() && table.header_rows > 0 => p.clone(),
            _ => label_above(&view, row, col),
        };
        let header = col_path.join("/");
        let q = value::quantity(
            &cell.text,
            Context {
                header: Some(header.as_str()),
                unit: money_unit,
                unit_cell: None,
                op_cell: None,
            },
        );
        if !value::is_fact_kind(&q) {
            continue;
        }
        out.push(Fact {
            doc: doc_name.clone(),
            path: doc.source.path.clone(),
            table: table.id.clone(),
            kind: table.kind,
            page: cell.page,
            row,
            col,
            row_path: row_path(&view, row, col, &code_cols),
            col_path,
            raw: cell.text.clone(),
            value: q.value,
            unit: q.unit.clone(),
            yuan: q.yuan,
        });
    }
}

/// Whether a table holds indicators rather than money.
fn is_indicator_kind(kind: TableKind) -> bool {
    matches!(
        kind,
        TableKind::ProjectPerformanceTargets
            | TableKind::OverallPerformanceTargets
            | TableKind::SelfEvaluationOverall
            | TableKind::SelfEvaluationProject
            | TableKind::BasicData
    )
}

/// The code and the text cells left of (`row`, `col`), outermost first.
fn row_path(view: &View<'_>, row: usize, col: usize, code_cols: &[bool]) -> Vec<String> {
    let mut code = String::new();
    let mut labels = Vec::new();
    let mut last = None;
    for c in 0..col {
        let idx = view.cell_index(row, c);
        if idx.is_none() || idx == last || idx == view.cell_index(row, col) {
            continue;
        }
        last = idx;
        let t = view.text(row, c);
        if t.is_empty() {
            continue;
        }
        if code_cols.get(c).copied().unwrap_or(false) {
            if t.bytes().all(|b| b.is_ascii_digit()) {
                if t.len() > 2 && t.starts_with(code.as_str()) {
                    code = t;
                } else {
                    code.push_str(&t);
                }
            }
            continue;
        }
        if value::amount(&t).is_none() {
            labels.push(t);
        }
    }
    if !code.is_empty() {
        labels.insert(0, code);
    }
    labels
}

/// For forms without header rows: the nearest text label above the cell.
fn label_above(view: &View<'_>, row: usize, col: usize) -> Vec<String> {
    let here = view.cell_index(row, col);
    (0..row)
        .rev()
        .filter(|&r| view.cell_index(r, col) != here)
        .map(|r| view.text(r, col))
        .find(|t| !t.is_empty() && value::amount(t).is_none())
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_headers_sorted() {
        assert!(
            CODE_HEADERS
                .windows(2)
                .all(|w| matches!(w, [a, b] if a < b))
        );
    }

    #[test]
    fn code_columns() {
        assert!(is_code_column(&["功能分类科目编码".into(), "类".into()]));
        assert!(is_code_column(&["单位编码".into()]));
        assert!(!is_code_column(&["合计".into()]));
    }

    #[test]
    fn file_names() {
        assert_eq!(file_name("/a/b/c.pdf"), "c.pdf");
        assert_eq!(file_name("c:\\x\\y.docx"), "y.docx");
        assert_eq!(file_name("z.pdf"), "z.pdf");
    }
}
