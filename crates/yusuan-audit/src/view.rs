//! A read-only view of one table for arithmetic: the header tree, which
//! columns hold amounts and which hold labels or codes, row labels and codes.

use yusuan_model::{ColumnRole, Grid, Row, RowRole, Table};

use crate::check::Place;
use crate::figure::{Slot, read_slot};

/// Removes all whitespace (forms letter-space labels: "合　　计").
pub(crate) fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub(crate) use yusuan_model::is_total_label as is_total_word;

pub(crate) use yusuan_model::HeaderNode;

/// A table prepared for arithmetic, from the grid's meaning that layout
/// resolved: header rows and tree, column roles, sides, row roles and codes.
#[derive(Debug)]
pub(crate) struct View<'a> {
    pub(crate) table: &'a Table,
    pub(crate) header_rows: usize,
    pub(crate) nodes: Vec<HeaderNode>,
    /// Columns whose body holds amounts only (and blanks).
    pub(crate) value_cols: Vec<bool>,
    /// Label, code, index, note and text columns, left to right.
    pub(crate) key_cols: Vec<usize>,
    /// `slots[r][c]`: the figure printed at a cell's top-left position.
    slots: Vec<Vec<Slot>>,
    /// The covering cell of every position.
    grid: Grid<'a>,
}

impl<'a> View<'a> {
    /// Builds the view; grids larger than the table claims are clipped.
    pub(crate) fn new(table: &'a Table) -> View<'a> {
        let n_rows = table.n_rows;
        let n_cols = table.n_cols;
        let header_rows = table.header_rows.min(n_rows);
        let mut slots = vec![vec![Slot::Blank; n_cols]; n_rows];
        for cell in &table.cells {
            if let Some(slot) = slots.get_mut(cell.row).and_then(|r| r.get_mut(cell.col)) {
                // Text printed across the cell's rules may belong to the
                // neighbouring row: no figure is read from it.
                *slot = if cell.spill {
                    Slot::Text
                } else {
                    read_slot(&cell.text)
                };
            }
        }
        let role = |c: usize| table.columns.get(c).map(|k| k.role);
        let value_cols = (0..n_cols)
            .map(|c| role(c) == Some(ColumnRole::Figure))
            .collect();
        let key_cols = (0..n_cols)
            .filter(|&c| {
                matches!(
                    role(c),
                    Some(
                        ColumnRole::Label
                            | ColumnRole::Code
                            | ColumnRole::Index
                            | ColumnRole::Note
                            | ColumnRole::Text
                    )
                )
            })
            .collect();
        View {
            table,
            header_rows,
            nodes: table.header_tree(0, header_rows),
            value_cols,
            key_cols,
            slots,
            grid: Grid::new(table),
        }
    }

    /// Body rows, top to bottom.
    pub(crate) fn body_rows(&self) -> std::ops::Range<usize> {
        self.header_rows..self.table.n_rows
    }

    /// The figure slot at (r, c).
    pub(crate) fn slot(&self, r: usize, c: usize) -> Slot {
        self.slots
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .unwrap_or(Slot::Blank)
    }

    /// Index (into `table.cells`) of the cell covering (r, c).
    pub(crate) fn cell_index(&self, r: usize, c: usize) -> Option<usize> {
        self.grid.index(r, c)
    }

    /// The cell covering (r, c).
    pub(crate) fn cell_at(&self, r: usize, c: usize) -> Option<&'a yusuan_model::Cell> {
        self.grid.cell(r, c)
    }

    /// Text of the cell covering (r, c), or "".
    pub(crate) fn text(&self, r: usize, c: usize) -> &'a str {
        self.grid.raw(r, c)
    }

    /// Whether column c holds amounts.
    pub(crate) fn is_value_col(&self, c: usize) -> bool {
        self.value_cols.get(c).copied().unwrap_or(false)
    }

    /// Header labels naming column c, outermost first (each cell once).
    pub(crate) fn col_path(&self, c: usize) -> Vec<String> {
        self.table
            .columns
            .get(c)
            .map(|k| k.path.clone())
            .unwrap_or_default()
    }

    /// The innermost header label over column c.
    pub(crate) fn leaf_label(&self, c: usize) -> Option<String> {
        self.col_path(c).pop()
    }

    /// A readable column name: the path joined with "/".
    pub(crate) fn col_name(&self, c: usize) -> String {
        let p = self.col_path(c);
        if p.is_empty() {
            format!("第{}列", c.saturating_add(1))
        } else {
            p.join("/")
        }
    }

    /// The page row r is printed on.
    pub(crate) fn page(&self, r: usize) -> Option<u32> {
        self.table
            .row_pages
            .get(r)
            .copied()
            .or_else(|| self.table.cells.iter().find(|c| c.row == r).map(|c| c.page))
            .or_else(|| self.table.pages.first().copied())
    }

    /// The row's label as printed: the first key cell that is not a bare code,
    /// else the code cell, else "".
    pub(crate) fn label(&self, r: usize) -> String {
        let mut code_text = None;
        for &c in &self.key_cols {
            let t = self.text(r, c).trim();
            if t.is_empty() {
                continue;
            }
            if t.bytes().all(|b| b.is_ascii_digit()) {
                code_text.get_or_insert(t);
                continue;
            }
            return t.to_owned();
        }
        if let Some(code) = code_text {
            return code.to_owned();
        }
        // A label merged down from above ("总体资金情况" over the figure row
        // of a 目标申报表): the first non-figure column's covering text.
        (0..self.table.n_cols)
            .filter(|&c| !self.is_value_col(c))
            .map(|c| self.text(r, c).trim())
            .find(|t| !t.is_empty() && !matches!(read_slot(t), Slot::Num(_)))
            .unwrap_or("")
            .to_owned()
    }

    /// Label of row r restricted to key columns in `cols` (a side of a
    /// 收支总表).
    pub(crate) fn label_in(&self, r: usize, cols: std::ops::Range<usize>) -> String {
        self.key_cols
            .iter()
            .filter(|c| cols.contains(c))
            .map(|&c| self.text(r, c).trim())
            .find(|t| !t.is_empty())
            .unwrap_or("")
            .to_owned()
    }

    /// The row's 功能/经济分类 code on the table's first side, as layout
    /// read it from a code column.
    pub(crate) fn code(&self, r: usize) -> Option<String> {
        self.side_row(0, r).and_then(|row| row.code.clone())
    }

    /// The row `r` of side `side`.
    pub(crate) fn side_row(&self, side: usize, r: usize) -> Option<&'a Row> {
        self.table.sides.get(side).and_then(|s| s.rows.get(r))
    }

    /// Whether row r is a grand-total row (合计/总计) on the first side.
    pub(crate) fn is_total_row(&self, r: usize) -> bool {
        self.table.row_role(r) == RowRole::GrandTotal
    }

    /// A finding place for row r: table, title, page, row and its label.
    pub(crate) fn place(&self, r: usize) -> Place {
        let label = self.label(r);
        Place {
            table: Some(self.table.id.clone()),
            page: self.page(r),
            row: Some(r),
            label: (!label.is_empty()).then_some(label),
            table_title: self.table.title.clone(),
            unit: self.table.unit.clone(),
            ..Place::default()
        }
    }

    /// A finding place for the cell (r, c): [`View::place`] with the
    /// column, its header path, the cell's box and the column's unit.
    pub(crate) fn place_at(&self, r: usize, c: usize) -> Place {
        let cell = self.grid.cell(r, c);
        let path = self.col_path(c);
        Place {
            col: Some(c),
            column: (!path.is_empty()).then(|| path.join("/")),
            bbox: cell.and_then(|x| x.bbox),
            page: cell.map(|x| x.page).or(self.page(r)),
            unit: self.table.unit_of_column(c).map(str::to_owned),
            ..self.place(r)
        }
    }

    /// The table's unit, if declared.
    pub(crate) fn unit(&self) -> Option<&str> {
        self.table.unit.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_words() {
        assert!(is_total_word("合　　计"));
        assert!(is_total_word("本年收入合计"));
        assert!(is_total_word("小计"));
        assert!(!is_total_word("其中：小计"));
        assert!(!is_total_word("基本支出"));
    }
}
