//! A read-only view of a table's grid: which cell covers each position.

use crate::table::{Cell, Table, squash_label};

/// A table with the covering cell of every grid position precomputed, the
/// one lookup layout, records and audit share.
#[derive(Debug, Clone)]
pub struct Grid<'a> {
    table: &'a Table,
    /// `covering[row][col]`: index into `table.cells` of the covering cell.
    covering: Vec<Vec<Option<usize>>>,
}

impl<'a> Grid<'a> {
    /// The grid of `table`.
    pub fn new(table: &'a Table) -> Self {
        Grid {
            table,
            covering: table.grid(),
        }
    }

    /// The table.
    pub fn table(&self) -> &'a Table {
        self.table
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.covering.len()
    }

    /// Number of columns.
    pub fn n_cols(&self) -> usize {
        self.table.n_cols
    }

    /// Index into `table.cells` of the cell covering (`row`, `col`).
    pub fn index(&self, row: usize, col: usize) -> Option<usize> {
        self.covering
            .get(row)
            .and_then(|r| r.get(col))
            .copied()
            .flatten()
    }

    /// The cell covering (`row`, `col`).
    pub fn cell(&self, row: usize, col: usize) -> Option<&'a Cell> {
        self.index(row, col).and_then(|i| self.table.cells.get(i))
    }

    /// Raw text of the cell covering (`row`, `col`), "" when none.
    pub fn raw(&self, row: usize, col: usize) -> &'a str {
        self.cell(row, col).map_or("", |c| c.text.as_str())
    }

    /// Text covering (`row`, `col`) as a label reads ([`squash_label`]).
    pub fn text(&self, row: usize, col: usize) -> String {
        squash_label(self.raw(row, col))
    }

    /// Whether (`row`, `col`) is the top-left position of its cell.
    pub fn is_origin(&self, row: usize, col: usize) -> bool {
        self.cell(row, col)
            .is_some_and(|c| c.row == row && c.col == col)
    }

    /// Whether the cell at (`row`, `col`) starts in an earlier row (a
    /// vertical merge continuing into this row).
    pub fn is_continuation(&self, row: usize, col: usize) -> bool {
        self.cell(row, col).is_some_and(|c| c.row < row)
    }

    /// Page a row is printed on: `row_pages`, else its first cell's page,
    /// else the table's first page.
    pub fn row_page(&self, row: usize) -> u32 {
        if let Some(p) = self.table.row_pages.get(row) {
            return *p;
        }
        self.covering
            .get(row)
            .and_then(|r| r.iter().flatten().next())
            .and_then(|i| self.table.cells.get(*i))
            .map(|c| c.page)
            .or_else(|| self.table.pages.first().copied())
            .unwrap_or(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covered_positions_point_at_their_merged_cell() {
        let cell = |row, col, rowspan, colspan, text: &str| Cell {
            row,
            col,
            rowspan,
            colspan,
            text: text.into(),
            page: 2,
            ..Cell::default()
        };
        let t = Table {
            n_rows: 2,
            n_cols: 2,
            cells: vec![
                cell(0, 0, 2, 1, "项  目"),
                cell(0, 1, 1, 1, "a"),
                cell(1, 1, 1, 1, "b"),
            ],
            ..Table::default()
        };
        let g = Grid::new(&t);
        assert_eq!(g.raw(1, 0), "项  目");
        assert_eq!(g.text(1, 0), "项目");
        assert!(g.is_origin(0, 0) && !g.is_origin(1, 0));
        assert!(g.is_continuation(1, 0));
        assert_eq!(g.row_page(1), 2);
        assert_eq!(g.index(5, 5), None);
    }
}
