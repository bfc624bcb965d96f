//! Title and heading rows printed inside a table's rules.
//!
//! Some producers draw the title and the "预算单位：… 单位：万元" line in
//! ruled cells of the grid itself (长春市信访局 2026, every table: the
//! Excel export frames them), so layout gives them back as the first rows
//! of the table. Left there, they name no table (kind `other`) and leak into
//! every header path ("收入总表(预算表2)/预算单位：…/合计"). This module moves
//! them to the table's title, heading and unit, and says so in a warning.

use yusuan_model::{Diagnostic, Table};

use crate::build::warn;
use crate::grid::{View, key, squash, unit_in};

/// Moves title and heading rows printed inside the grid out of it; returns
/// the number of rows lifted (0 when the first row is not such a row).
pub(crate) fn lift_title_rows(table: &mut Table, diags: &mut Vec<Diagnostic>) -> usize {
    let (title, heading) = {
        let view = View::new(table);
        let title = title_row(&view);
        let heading = title.as_ref().and_then(|_| heading_row(&view, 1));
        (title, heading)
    };
    let Some(title) = title else {
        return 0;
    };
    let lifted = if heading.is_some() { 2 } else { 1 };
    // A cell that starts in a lifted row and reaches below it would be cut.
    if table
        .cells
        .iter()
        .any(|c| c.row < lifted && c.row.saturating_add(c.rowspan) > lifted)
    {
        return 0;
    }
    table.cells.retain(|c| c.row >= lifted);
    for c in &mut table.cells {
        c.row -= lifted;
    }
    table.n_rows = table.n_rows.saturating_sub(lifted);
    table.header_rows = table.header_rows.saturating_sub(lifted);
    table.row_pages.drain(..lifted.min(table.row_pages.len()));
    if table.title.is_none() {
        table.title = Some(title.clone());
    }
    if let Some(lines) = heading {
        if table.unit.is_none() {
            table.unit = lines.iter().find_map(|l| unit_in(l)).map(str::to_owned);
        }
        table.heading.extend(lines);
    }
    diags.push(warn(
        table.pages.first().copied(),
        format!(
            "table {}: title {title:?} and {} heading row(s) were printed inside the grid; read as the table's heading",
            table.id,
            lifted - 1
        ),
    ));
    lifted
}

/// The first row as a title: one cell across the whole width whose text
/// names a table ("…表", "…表(预算表2)") and is no figure.
fn title_row(view: &View<'_>) -> Option<String> {
    if view.n_rows() < 3 || view.n_cols() < 2 {
        return None;
    }
    let first = view.cell_index(0, 0)?;
    if (1..view.n_cols()).any(|c| view.cell_index(0, c) != Some(first)) {
        return None;
    }
    let text = squash(view.raw(0, 0));
    let k = key(&text);
    let names_table = k.contains('表') && k.chars().count() <= 60;
    (names_table && !k.contains(':')).then_some(text)
}

/// A row of heading labels ("预算单位：长春市信访局", "单位：万元"): every
/// non-empty cell says 单位/部门 followed by a colon.
fn heading_row(view: &View<'_>, row: usize) -> Option<Vec<String>> {
    let mut texts = Vec::new();
    let mut last = None;
    for col in 0..view.n_cols() {
        let idx = view.cell_index(row, col);
        if idx.is_none() || idx == last {
            continue;
        }
        last = idx;
        let t = squash(view.raw(row, col));
        if t.is_empty() {
            continue;
        }
        let k = key(&t);
        let labelled = ["单位:", "部门:", "名称:"].iter().any(|w| k.contains(w));
        if !labelled {
            return None;
        }
        texts.push(t);
    }
    (!texts.is_empty()).then_some(texts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::Cell;

    fn cell(row: usize, col: usize, colspan: usize, text: &str) -> Cell {
        Cell {
            row,
            col,
            rowspan: 1,
            colspan,
            text: text.into(),
            page: 7,
            bbox: None,
            ocr: None,
        }
    }

    #[test]
    fn title_and_heading_rows_are_lifted() {
        let mut t = Table {
            id: "t2".into(),
            n_rows: 4,
            n_cols: 3,
            header_rows: 3,
            row_pages: vec![7; 4],
            pages: vec![7],
            cells: vec![
                cell(0, 0, 3, "收入总表(预算表2)"),
                cell(1, 0, 2, "预算单位：长春市信访局"),
                cell(1, 2, 1, "单位：万元"),
                cell(2, 0, 1, "合计"),
                cell(2, 1, 1, "一般公共预算"),
                cell(2, 2, 1, "其他收入"),
                cell(3, 0, 1, "1682.76"),
                cell(3, 1, 1, "1682.76"),
                cell(3, 2, 1, "0.00"),
            ],
            ..Table::default()
        };
        let mut d = Vec::new();
        assert_eq!(lift_title_rows(&mut t, &mut d), 2);
        assert_eq!(t.title.as_deref(), Some("收入总表(预算表2)"));
        assert_eq!(t.unit.as_deref(), Some("万元"));
        assert_eq!(t.n_rows, 2);
        assert_eq!(t.header_rows, 1);
        assert_eq!(t.row_pages.len(), 2);
        assert_eq!(
            t.cells.first().map(|c| (c.row, c.text.as_str())),
            Some((0, "合计"))
        );
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn a_full_width_body_row_stays() {
        let mut t = Table {
            n_rows: 3,
            n_cols: 2,
            cells: vec![
                cell(0, 0, 2, "项目名称：办公设备购置"),
                cell(1, 0, 1, "a"),
                cell(1, 1, 1, "b"),
                cell(2, 0, 1, "1"),
                cell(2, 1, 1, "2"),
            ],
            ..Table::default()
        };
        assert_eq!(lift_title_rows(&mut t, &mut Vec::new()), 0);
        assert_eq!(t.n_rows, 3);
    }
}
