//! A read-only view of a logical table: covering-cell lookup, label
//! cleaning, header paths and row pages, shared by every record builder.

use yusuan_model::{Grid, RowRole, Table, squash_label};
use yusuan_normalize::declared_money_unit;

use crate::value;

/// A table's grid ([`Grid`]) with the header paths records read.
pub(crate) struct View<'a> {
    /// The table.
    pub(crate) table: &'a Table,
    grid: Grid<'a>,
}

impl<'a> std::ops::Deref for View<'a> {
    type Target = Grid<'a>;

    fn deref(&self) -> &Grid<'a> {
        &self.grid
    }
}

impl<'a> View<'a> {
    /// A view of `table`.
    pub(crate) fn new(table: &'a Table) -> Self {
        View {
            table,
            grid: Grid::new(table),
        }
    }

    /// Index of the cell covering (`row`, `col`).
    pub(crate) fn cell_index(&self, row: usize, col: usize) -> Option<usize> {
        self.grid.index(row, col)
    }

    /// The labels of the header rows `0..header_rows` above `col`,
    /// outermost first; a merged header cell is named once.
    pub(crate) fn header_path(&self, col: usize, header_rows: usize) -> Vec<String> {
        match self.table.columns.get(col) {
            Some(c) if header_rows == self.table.header_rows => c.path.clone(),
            _ => self.path_between(col, 0, header_rows),
        }
    }

    /// The labels of rows `from..to` in `col`, outermost first, each
    /// covering cell once, empty ones left out.
    pub(crate) fn path_between(&self, col: usize, from: usize, to: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut last = None;
        for row in from..to.min(self.n_rows()) {
            if self.is_column_number_row(row) {
                continue;
            }
            let idx = self.cell_index(row, col);
            if idx.is_none() || idx == last {
                continue;
            }
            last = idx;
            let t = self.text(row, col);
            if !t.is_empty() {
                out.push(t);
            }
        }
        out
    }

    /// Whether the text at (`row`, `col`) is a printed figure.
    pub(crate) fn is_figure(&self, row: usize, col: usize) -> bool {
        value::amount(self.raw(row, col)).is_some()
    }

    /// The number of header rows, as the grid's meaning decided it.
    pub(crate) fn header_rows(&self) -> usize {
        self.table.header_rows.min(self.n_rows())
    }

    /// Whether a row is a column-number row ("栏次", "1 2 3").
    pub(crate) fn is_column_number_row(&self, row: usize) -> bool {
        self.table.row_role(row) == RowRole::ColumnNumbers
    }
}

/// Joins the lines of a cell and removes whitespace between CJK characters
/// (the model's one label cleaning).
pub(crate) fn squash(s: &str) -> String {
    squash_label(s)
}

/// A matching key: no whitespace, no quotes, ASCII parentheses and colons.
pub(crate) fn key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !is_quote(*c))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '【' | '［' => '[',
            '】' | '］' => ']',
            _ => c,
        })
        .collect()
}

/// Quote marks printed around 三公 and in names.
fn is_quote(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '"' | '「' | '」' | '『' | '』' | '‘' | '’' | '\'' | '＂'
    )
}

/// Whether the fragments of `pattern` (separated by `*`) occur in `text`
/// in order.
pub(crate) fn matches_in_order(text: &str, pattern: &str) -> bool {
    let mut rest = text;
    for frag in pattern.split('*').filter(|f| !f.is_empty()) {
        match rest.find(frag) {
            Some(i) => rest = rest.get(i + frag.len()..).unwrap_or(""),
            None => return false,
        }
    }
    true
}

/// The money unit named in a label such as "项目资金（万元）" or "单位：万元".
pub(crate) fn unit_in(text: &str) -> Option<&'static str> {
    declared_money_unit(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_joins_cjk_and_keeps_latin_spaces() {
        assert_eq!(squash("项   目"), "项目");
        assert_eq!(squash("机关运行经费预算\n数"), "机关运行经费预算数");
        assert_eq!(squash(" 12348 热线 "), "12348热线");
        assert_eq!(squash("ab cd"), "ab cd");
    }

    #[test]
    fn key_drops_quotes_and_unifies_parens() {
        assert_eq!(key("“三公”经费（万元）"), "三公经费(万元)");
        assert_eq!(key("「三公」 经费"), "三公经费");
    }

    #[test]
    fn in_order_fragments() {
        assert!(matches_in_order(
            "财政拨款收入支出决算总表",
            "财政拨款*收*支*总"
        ));
        assert!(!matches_in_order("支出总表", "收*支*总"));
        assert!(matches_in_order("abc", ""));
    }

    #[test]
    fn units_in_labels() {
        assert_eq!(unit_in("项目资金（万元）"), Some("万元"));
        assert_eq!(unit_in("单位：元"), Some("元"));
        assert_eq!(unit_in("经费控制情况(万元)"), Some("万元"));
        assert_eq!(unit_in("预算数"), None);
    }
}
