//! A read-only view of one table for arithmetic: the header tree, which
//! columns hold amounts and which hold labels or codes, row labels and codes.

use yusuan_model::Table;

use crate::check::Place;
use crate::figure::{Slot, read_slot};

/// Leaf header labels that mark a label or code column (whole label).
const KEY_EXACT: &[&str] = &[
    "功能分类",
    "单位",
    "名称",
    "备注",
    "款",
    "类",
    "经济分类",
    "说明",
    "部门",
    "项",
    "项目",
];

/// Header label parts that mark a label or code column.
const KEY_PARTS: &[&str] = &[
    "代码",
    "单位名称",
    "名称",
    "序号",
    "指标",
    "栏次",
    "科目",
    "编码",
    "行次",
    "预算单位",
];

/// Header label parts that mark a code column (its cells are joined into a code).
const CODE_PARTS: &[&str] = &["代码", "编码"];

/// Leaf header labels of the 类/款/项 code columns.
const CODE_EXACT: &[&str] = &["款", "类", "项"];

/// Row labels of grand-total rows, whitespace removed.
const TOTAL_ROW_LABELS: &[&str] = &["合计", "合计数", "总计"];

/// Removes all whitespace (forms letter-space labels: "合　　计").
pub(crate) fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a header or row label names a total (合计/总计/小计) and not a
/// subset ("其中").
pub(crate) fn is_total_word(label: &str) -> bool {
    let l = squash(label);
    !l.contains("其中") && (l.ends_with("合计") || l.ends_with("总计") || l.ends_with("小计"))
}

/// One header cell with text, as a node of the header tree.
#[derive(Debug, Clone)]
pub(crate) struct HeaderNode {
    /// Label with whitespace removed.
    pub(crate) label: String,
    /// First grid row.
    pub(crate) row: usize,
    /// One past the last grid row.
    pub(crate) row_end: usize,
    /// First column.
    pub(crate) col: usize,
    /// One past the last column.
    pub(crate) col_end: usize,
    /// The nearest header cell above that covers all its columns.
    pub(crate) parent: Option<usize>,
    /// Nodes whose parent this is, left to right.
    pub(crate) children: Vec<usize>,
}

/// A table prepared for arithmetic.
#[derive(Debug)]
pub(crate) struct View<'a> {
    pub(crate) table: &'a Table,
    pub(crate) header_rows: usize,
    pub(crate) nodes: Vec<HeaderNode>,
    /// Columns whose body holds amounts only (and blanks).
    pub(crate) value_cols: Vec<bool>,
    /// Label and code columns, left to right.
    pub(crate) key_cols: Vec<usize>,
    /// Code columns among `key_cols`.
    pub(crate) code_cols: Vec<usize>,
    /// `slots[r][c]`: the figure printed at a cell's top-left position.
    slots: Vec<Vec<Slot>>,
    /// `texts[r][c]`: the text of the cell covering (r, c).
    texts: Vec<Vec<String>>,
}

impl<'a> View<'a> {
    /// Builds the view; grids larger than the table claims are clipped.
    pub(crate) fn new(table: &'a Table) -> View<'a> {
        let n_rows = table.n_rows;
        let n_cols = table.n_cols;
        let header_rows = table.header_rows.min(n_rows);
        let mut slots = vec![vec![Slot::Blank; n_cols]; n_rows];
        let mut texts = vec![vec![String::new(); n_cols]; n_rows];
        for cell in &table.cells {
            if let Some(slot) = slots.get_mut(cell.row).and_then(|r| r.get_mut(cell.col)) {
                *slot = read_slot(&cell.text);
            }
            let rows = cell.row..cell.row.saturating_add(cell.rowspan.max(1));
            for r in rows {
                let Some(row) = texts.get_mut(r) else { break };
                let cols = cell.col..cell.col.saturating_add(cell.colspan.max(1));
                for c in cols {
                    if let Some(t) = row.get_mut(c) {
                        t.clone_from(&cell.text);
                    }
                }
            }
        }
        let nodes = header_tree(table, header_rows);
        let mut view = View {
            table,
            header_rows,
            nodes,
            value_cols: vec![false; n_cols],
            key_cols: Vec::new(),
            code_cols: Vec::new(),
            slots,
            texts,
        };
        view.classify_columns();
        view
    }

    fn classify_columns(&mut self) {
        for c in 0..self.table.n_cols {
            let leaf = self.leaf_label(c).unwrap_or_default();
            let path = self.col_path(c);
            let key_by_header =
                KEY_EXACT.contains(&leaf.as_str()) || KEY_PARTS.iter().any(|k| leaf.contains(k));
            let mut figures = 0usize;
            let mut text = false;
            for r in self.body_rows() {
                match self.slot(r, c) {
                    Slot::Num(_) => figures += 1,
                    Slot::Text => text = true,
                    Slot::Blank => {}
                }
            }
            let is_value = !key_by_header && !text && figures > 0;
            if let Some(v) = self.value_cols.get_mut(c) {
                *v = is_value;
            }
            if !is_value && (key_by_header || text) {
                self.key_cols.push(c);
                let code = CODE_EXACT.contains(&leaf.as_str())
                    || path
                        .iter()
                        .any(|l| CODE_PARTS.iter().any(|k| l.contains(k)));
                if code {
                    self.code_cols.push(c);
                }
            }
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

    /// Text of the cell covering (r, c), or "".
    pub(crate) fn text(&self, r: usize, c: usize) -> &str {
        self.texts
            .get(r)
            .and_then(|row| row.get(c))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Whether column c holds amounts.
    pub(crate) fn is_value_col(&self, c: usize) -> bool {
        self.value_cols.get(c).copied().unwrap_or(false)
    }

    /// Header labels naming column c, outermost first (each cell once).
    pub(crate) fn col_path(&self, c: usize) -> Vec<String> {
        let mut path: Vec<(usize, String)> = self
            .nodes
            .iter()
            .filter(|n| n.col <= c && c < n.col_end)
            .map(|n| (n.row, n.label.clone()))
            .collect();
        path.sort();
        path.into_iter().map(|(_, l)| l).collect()
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

    /// The row's 功能/经济分类 code: the 类/款/项 cells joined, or the
    /// leading digits of the first label cell ("2130201-行政运行").
    pub(crate) fn code(&self, r: usize) -> Option<String> {
        let mut code = String::new();
        if !self.code_cols.is_empty() {
            for &c in &self.code_cols {
                let t = self.text(r, c).trim();
                if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                if t.starts_with(code.as_str()) && t.len() > code.len() {
                    code = t.to_owned();
                } else {
                    code.push_str(t);
                }
            }
        } else if let Some(&c) = self.key_cols.first() {
            let t = self.text(r, c).trim();
            let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
            code = digits;
        }
        matches!(code.len(), 3 | 5 | 7).then_some(code)
    }

    /// Whether row r is a grand-total row (合计/总计).
    pub(crate) fn is_total_row(&self, r: usize) -> bool {
        let l = squash(&self.label(r));
        TOTAL_ROW_LABELS.contains(&l.as_str())
    }

    /// A finding place for row r.
    pub(crate) fn place(&self, r: usize) -> Place {
        let label = self.label(r);
        Place {
            table: Some(self.table.id.clone()),
            page: self.page(r),
            row: Some(r),
            label: (!label.is_empty()).then_some(label),
        }
    }

    /// The table's unit, if declared.
    pub(crate) fn unit(&self) -> Option<&str> {
        self.table.unit.as_deref()
    }
}

/// Builds the header tree from the cells above `header_rows`.
fn header_tree(table: &Table, header_rows: usize) -> Vec<HeaderNode> {
    let mut nodes: Vec<HeaderNode> = table
        .cells
        .iter()
        .filter(|c| c.row < header_rows && !squash(&c.text).is_empty())
        .map(|c| HeaderNode {
            label: squash(&c.text),
            row: c.row,
            row_end: c.row.saturating_add(c.rowspan.max(1)).min(header_rows),
            col: c.col,
            col_end: c.col.saturating_add(c.colspan.max(1)),
            parent: None,
            children: Vec::new(),
        })
        .collect();
    nodes.sort_by_key(|n| (n.row, n.col));
    for i in 0..nodes.len() {
        let Some(n) = nodes.get(i).cloned() else {
            continue;
        };
        let parent = nodes
            .iter()
            .enumerate()
            .filter(|(_, p)| p.row_end <= n.row && p.col <= n.col && n.col_end <= p.col_end)
            .max_by_key(|(_, p)| p.row_end)
            .map(|(j, _)| j);
        if let Some(node) = nodes.get_mut(i) {
            node.parent = parent;
        }
        if let Some(p) = parent.and_then(|j| nodes.get_mut(j)) {
            p.children.push(i);
        }
    }
    nodes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_are_sorted_and_unique() {
        for list in [
            KEY_EXACT,
            KEY_PARTS,
            CODE_PARTS,
            CODE_EXACT,
            TOTAL_ROW_LABELS,
        ] {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{} !< {}", pair[0], pair[1]);
            }
        }
    }

    #[test]
    fn total_words() {
        assert!(is_total_word("合　　计"));
        assert!(is_total_word("本年收入合计"));
        assert!(is_total_word("小计"));
        assert!(!is_total_word("其中：小计"));
        assert!(!is_total_word("基本支出"));
    }
}
