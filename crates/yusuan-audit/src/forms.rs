//! Column totals in the figure blocks of forms (绩效目标申报表, 基础数据表):
//! a few header rows over one row of figures, inside a table that is not a
//! ledger ("预算支出总额 = 基本支出 + 项目支出", "合计 = 财政拨款 + 专户资金 +
//! 单位资金" in a 部门整体支出绩效目标申报表).
//!
//! Layout counts such a figure row among the header rows of the form, so
//! the block is cut out as a small table of its own: the rows above the
//! figure row as its header, the figure row as its body, and read by the
//! column rules.

use yusuan_model::{Cell, Table, is_block_total_label};

use crate::check::Sink;
use crate::columns::check_columns_with;
use crate::view::View;

/// Checks the figure block of a form (layout's `Table::figure_block`).
pub(crate) fn check_form_blocks(table: &Table, sink: &mut Sink<'_>) {
    let Some(block) = &table.figure_block else {
        return;
    };
    let (top, r) = (block.header_start, block.row);
    let cut = Table {
        cells: table
            .cells
            .iter()
            .filter(|c| c.row >= top && c.row <= r)
            .map(|c| Cell {
                row: c.row - top,
                rowspan: c.rowspan.min(r.saturating_add(1).saturating_sub(c.row)),
                ..c.clone()
            })
            .collect(),
        n_rows: r.saturating_add(1) - top,
        header_rows: r - top,
        row_pages: table
            .row_pages
            .iter()
            .copied()
            .skip(top)
            .take(r.saturating_add(1) - top)
            .collect(),
        columns: block.columns.clone(),
        sides: Vec::new(),
        figure_block: None,
        ..table.clone()
    };
    let view = View::new(&cut);
    check_columns_with(&view, is_block_total_label, sink);
}
