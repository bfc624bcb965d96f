//! Column totals in the figure blocks of forms (绩效目标申报表, 基础数据表):
//! a few header rows over one row of figures, inside a table that is not a
//! ledger ("预算支出总额 = 基本支出 + 项目支出", "合计 = 财政拨款 + 专户资金 +
//! 单位资金" in a 部门整体支出绩效目标申报表).
//!
//! Layout counts such a figure row among the header rows of the form, so
//! the block is cut out as a small table of its own: the rows above the
//! figure row as its header, the figure row as its body, and read by the
//! column rules.

use yusuan_model::{Cell, Table};

use crate::check::Sink;
use crate::columns::check_columns_with;
use crate::figure::{Slot, read_slot};
use crate::view::{View, is_total_word, squash};

/// A figure row is looked for this far down a form (the funds block opens
/// the form).
const MAX_BLOCK_ROWS: usize = 8;

/// A total column of a form block: 合计/小计/总计 or …总额.
fn is_block_total(label: &str) -> bool {
    is_total_word(label) || squash(label).ends_with("总额")
}

/// Checks the first figure row of a form that sits under a total header.
pub(crate) fn check_form_blocks(table: &Table, sink: &mut Sink<'_>) {
    let Some(r) = figure_row(table) else { return };
    let block = Table {
        cells: table
            .cells
            .iter()
            .filter(|c| c.row <= r)
            .map(|c| Cell {
                rowspan: c.rowspan.min(r.saturating_add(1).saturating_sub(c.row)),
                ..c.clone()
            })
            .collect(),
        n_rows: r.saturating_add(1),
        header_rows: r,
        row_pages: table
            .row_pages
            .iter()
            .copied()
            .take(r.saturating_add(1))
            .collect(),
        ..table.clone()
    };
    let view = View::new(&block);
    check_columns_with(&view, is_block_total, sink);
}

/// The first row (below row 0) with at least two figures, each under a
/// column that a header cell above names, one of them a total.
fn figure_row(table: &Table) -> Option<usize> {
    (1..table.n_rows.min(MAX_BLOCK_ROWS)).find(|&r| {
        let figures: Vec<&Cell> = table
            .cells
            .iter()
            .filter(|c| c.row == r && matches!(read_slot(&c.text), Slot::Num(_)))
            .collect();
        figures.len() >= 2
            && !is_column_numbers(&figures)
            && figures.iter().any(|f| {
                table.cells.iter().any(|h| {
                    h.row < r
                        && h.col <= f.col
                        && f.col < h.col.saturating_add(h.colspan.max(1))
                        && is_block_total(&h.text)
                })
            })
    })
}

/// A row of column numbers (栏次 1, 2, 3 …): integers rising by one.
fn is_column_numbers(figures: &[&Cell]) -> bool {
    let mut cells: Vec<&&Cell> = figures.iter().collect();
    cells.sort_by_key(|c| c.col);
    let values: Vec<Option<u64>> = cells.iter().map(|c| c.text.trim().parse().ok()).collect();
    values.windows(2).all(|w| match w {
        [Some(a), Some(b)] => a.checked_add(1) == Some(*b),
        _ => false,
    })
}
