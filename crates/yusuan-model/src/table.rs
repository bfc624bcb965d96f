//! Logical tables, as `../shared/CONTRACT.md` ("Table") defines them.

use serde::{Deserialize, Serialize};

use crate::geometry::BBox;

/// The canonical kind of a table (contract field `kind`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TableKind {
    /// 收支总表.
    RevenueExpenditureSummary,
    /// 收入总表.
    RevenueSummary,
    /// 支出总表.
    ExpenditureSummary,
    /// 财政拨款收支总表.
    FiscalGrantSummary,
    /// 一般公共预算(财政拨款)支出(功能分类)表.
    GeneralBudgetByFunction,
    /// 基本支出(经济分类)表.
    BasicExpenditureByEconomic,
    /// "三公"经费(和机关运行经费)表.
    ThreePublic,
    /// 政府性基金预算支出表.
    GovernmentFund,
    /// 国有资本经营预算支出表.
    StateCapital,
    /// 政府采购表.
    Procurement,
    /// 项目支出绩效目标表.
    ProjectPerformanceTargets,
    /// 部门整体支出绩效目标表.
    OverallPerformanceTargets,
    /// 部门(单位)整体支出绩效自评表.
    SelfEvaluationOverall,
    /// 项目支出绩效自评表.
    SelfEvaluationProject,
    /// 基础数据表.
    BasicData,
    /// Anything else; never forced into a kind.
    #[default]
    Other,
}

impl TableKind {
    /// Every kind, in declaration order.
    pub const ALL: [TableKind; 16] = [
        TableKind::RevenueExpenditureSummary,
        TableKind::RevenueSummary,
        TableKind::ExpenditureSummary,
        TableKind::FiscalGrantSummary,
        TableKind::GeneralBudgetByFunction,
        TableKind::BasicExpenditureByEconomic,
        TableKind::ThreePublic,
        TableKind::GovernmentFund,
        TableKind::StateCapital,
        TableKind::Procurement,
        TableKind::ProjectPerformanceTargets,
        TableKind::OverallPerformanceTargets,
        TableKind::SelfEvaluationOverall,
        TableKind::SelfEvaluationProject,
        TableKind::BasicData,
        TableKind::Other,
    ];

    /// The contract's snake_case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            TableKind::RevenueExpenditureSummary => "revenue_expenditure_summary",
            TableKind::RevenueSummary => "revenue_summary",
            TableKind::ExpenditureSummary => "expenditure_summary",
            TableKind::FiscalGrantSummary => "fiscal_grant_summary",
            TableKind::GeneralBudgetByFunction => "general_budget_by_function",
            TableKind::BasicExpenditureByEconomic => "basic_expenditure_by_economic",
            TableKind::ThreePublic => "three_public",
            TableKind::GovernmentFund => "government_fund",
            TableKind::StateCapital => "state_capital",
            TableKind::Procurement => "procurement",
            TableKind::ProjectPerformanceTargets => "project_performance_targets",
            TableKind::OverallPerformanceTargets => "overall_performance_targets",
            TableKind::SelfEvaluationOverall => "self_evaluation_overall",
            TableKind::SelfEvaluationProject => "self_evaluation_project",
            TableKind::BasicData => "basic_data",
            TableKind::Other => "other",
        }
    }
}

/// One cell of a logical table: only the top-left position of a merged cell
/// is listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Cell {
    /// Row, from 0.
    pub row: usize,
    /// Column, from 0.
    pub col: usize,
    /// Rows covered, 1 for a plain cell.
    pub rowspan: usize,
    /// Columns covered, 1 for a plain cell.
    pub colspan: usize,
    /// The text as a reader sees it (see the contract).
    pub text: String,
    /// Page the cell is printed on, from 1; for Word, the table's first page
    /// (1 unless page breaks were seen); for a workbook, the position of its
    /// sheet in the workbook, from 1.
    pub page: u32,
    /// Cell box in points, origin top-left; `None` (null) for Word and
    /// workbooks.
    pub bbox: Option<BBox>,
    /// Extension (`ref`): where a workbook holds the cell, as a sheet
    /// reference ("Sheet1!C7", "'1.项目'!B6"); `None` (left out) for PDF and
    /// Word.
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub sheet_ref: Option<String>,
    /// Extension: text is printed across the cell's rules — a glyph lies
    /// more than a third outside the box (text clipped in a tight cell, or a
    /// line run over from the neighbouring row). Its reading is uncertain:
    /// the audit checks no figure in it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub spill: bool,
    /// Extension: how the text was read, when not from a text layer or a
    /// Word file. Serialized flat: `"method": "ocr", "confidence": 0.97`.
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<CellOcr>,
}

/// How a cell's text was read by OCR (extension fields of a cell).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CellOcr {
    /// Always "ocr": the cell is on a page read by OCR.
    pub method: CellMethod,
    /// The lowest confidence (0–1) of the cell's characters; `None` for a
    /// cell in which nothing was read.
    pub confidence: Option<f32>,
    /// Whether a character of the cell was read with less than the OCR
    /// options' `low_confidence`: its figure may be wrong, and the audit
    /// does not call a difference involving it an error.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uncertain: bool,
}

/// How a cell's text was read (extension field `method` of a cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum CellMethod {
    /// Recognised from the page image.
    Ocr,
}

impl Cell {
    /// Whether the cell was read by OCR with a character under the
    /// low-confidence threshold.
    pub fn is_uncertain(&self) -> bool {
        self.ocr.is_some_and(|o| o.uncertain)
    }
}

/// A logical table: one entry even when it runs over several pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Table {
    /// "t1", "t2", ... in document order.
    pub id: String,
    /// Canonical kind; filled by the records stage (`other` until then).
    pub kind: TableKind,
    /// Title from the heading area above the table, if any.
    pub title: Option<String>,
    /// Declared unit ("元", "万元"...) from the heading area, if any.
    pub unit: Option<String>,
    /// Pages the table is printed on, ascending.
    pub pages: Vec<u32>,
    /// Number of grid rows.
    pub n_rows: usize,
    /// Number of grid columns.
    pub n_cols: usize,
    /// Cells, row-major, top-left positions only.
    pub cells: Vec<Cell>,
    /// Extension: number of header rows at the top of the grid.
    pub header_rows: usize,
    /// Extension: page of each row (`row_pages[r]`).
    pub row_pages: Vec<u32>,
    /// Extension: other lines of the heading area (编制部门, 单位, notes), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub heading: Vec<String>,
    /// Extension: how the grid was found: "ruled", "unruled" or "native".
    pub method: String,
    /// Extension: what each column is (label, code, figure …), its header
    /// path and stated unit; one entry per column. Decided once by layout
    /// (the grid's meaning, docs/architecture.md); empty only on tables
    /// built by hand before [`Table::columns`] was filled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<Column>,
    /// Extension: the column blocks of the table, each a label column with
    /// the figure columns it names and the role of every row in it. One
    /// side for an ordinary table; two for a side-by-side 收支总表 (收入 |
    /// 支出), whose rows are totals on one side and items on the other.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sides: Vec<Side>,
    /// Extension: the figure block opening a label/value form (the 资金 row
    /// of a 绩效目标申报表 under its 合计/基本支出/项目支出 header), when the
    /// form has one; forms have no header rows of their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure_block: Option<FigureBlock>,
}

/// What a column of a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ColumnRole {
    /// Row labels (项目, 科目名称, 单位名称 …).
    Label,
    /// Codes: 功能/经济分类 codes (科目编码, 类/款/项), alone or before the
    /// name, or other codes a header names (单位编码).
    Code,
    /// Figures (amounts, counts, percentages) and blanks.
    Figure,
    /// Row numbers (序号, 行次, 编号).
    Index,
    /// Remarks (备注, 说明).
    Note,
    /// Other text (indicator forms, mixed columns).
    #[default]
    Text,
    /// Nothing in the body.
    Blank,
}

/// One column of a table, as the grid's meaning reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Column {
    /// What the column holds.
    pub role: ColumnRole,
    /// Header labels over the column, outermost first, each merged header
    /// cell once, column-number (栏次) rows left out; whitespace removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<String>,
    /// Money unit a header cell over the column states ("金额（万元）"),
    /// which overrides the table's unit for this column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Whether the innermost header names a total (合计, 小计, 总计).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub total: bool,
    /// For an of-which column ("其中：经营支出" beside 事业支出): the column
    /// whose figure it is a part of. It is never one more part of a total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<usize>,
}

/// What a row is within its side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RowRole {
    /// A header row (row < `header_rows`).
    Header,
    /// A column-number row ("栏次", "1 2 3 …") printed under the header.
    ColumnNumbers,
    /// An ordinary body row.
    #[default]
    Item,
    /// A 小计 row.
    Subtotal,
    /// A total of part of the rows: a …合计 row that is not the table's
    /// total (本年收入合计 above 上年结转 and 收入总计).
    Total,
    /// The table's total: a row labelled exactly 合计, 合计数 or 总计, or
    /// ending in 总计 (收入总计).
    GrandTotal,
    /// An of-which row ("其中：…"): a part of the row `part_of`, never one
    /// more part of a total.
    OfWhich,
    /// The same row printed again (a coded row repeated after a page break):
    /// counted once, at `part_of`.
    Repeat,
    /// A note under the body (注：…), or a row spanning the table with text.
    Note,
    /// Nothing printed on this side of the row.
    Blank,
}

/// A row as one side of a table reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Row {
    /// What the row is.
    pub role: RowRole,
    /// For [`RowRole::OfWhich`]: the row it is a part of; for
    /// [`RowRole::Repeat`]: the row it repeats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<usize>,
    /// The row's 功能/经济分类 code ("2010101"), read only from a code column
    /// and only when it has the shape of a code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// A block of columns: a label column and the figure columns it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Side {
    /// First column of the side.
    pub start: usize,
    /// One past the last column.
    pub end: usize,
    /// The label column of the side (its first label column), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_col: Option<usize>,
    /// One entry per table row.
    pub rows: Vec<Row>,
}

/// The figure block at the top of a label/value form: header rows
/// `header_start..row` over the figures of row `row`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureBlock {
    /// First header row of the block.
    pub header_start: usize,
    /// The row of figures.
    pub row: usize,
    /// The block's columns: the header path above each (within the block)
    /// and whether the figure row prints a figure there.
    pub columns: Vec<Column>,
}

impl Table {
    /// The cell whose area covers (`row`, `col`), if any.
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| {
            row >= c.row && row < c.row + c.rowspan && col >= c.col && col < c.col + c.colspan
        })
    }

    /// The text at (`row`, `col`): the covering cell's text, or "" when none.
    pub fn text_at(&self, row: usize, col: usize) -> &str {
        self.cell_at(row, col)
            .map(|c| c.text.as_str())
            .unwrap_or("")
    }

    /// The column's meaning, if the grid's meaning was resolved.
    pub fn column(&self, col: usize) -> Option<&Column> {
        self.columns.get(col)
    }

    /// The role of `row` on the table's first side.
    pub fn row_role(&self, row: usize) -> RowRole {
        self.sides
            .first()
            .and_then(|s| s.rows.get(row))
            .map_or(RowRole::Item, |r| r.role)
    }

    /// The money unit of figures in `col`: the column's own unit, else the
    /// table's.
    pub fn unit_of_column(&self, col: usize) -> Option<&str> {
        self.columns
            .get(col)
            .and_then(|c| c.unit.as_deref())
            .or(self.unit.as_deref())
    }

    /// A dense `n_rows × n_cols` grid of cell indices (into `cells`), with
    /// covered positions pointing at their merged cell.
    pub fn grid(&self) -> Vec<Vec<Option<usize>>> {
        let mut g = vec![vec![None; self.n_cols]; self.n_rows];
        for (i, c) in self.cells.iter().enumerate() {
            for row in g.iter_mut().skip(c.row).take(c.rowspan) {
                for slot in row.iter_mut().skip(c.col).take(c.colspan) {
                    *slot = Some(i);
                }
            }
        }
        g
    }
}

/// A header cell with text, as a node of a table's header tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderNode {
    /// The label, whitespace removed.
    pub label: String,
    /// First grid row.
    pub row: usize,
    /// One past the last grid row it covers within the header.
    pub row_end: usize,
    /// First column.
    pub col: usize,
    /// One past the last column.
    pub col_end: usize,
    /// The nearest node above that covers all its columns.
    pub parent: Option<usize>,
    /// Nodes whose parent this is, left to right.
    pub children: Vec<usize>,
}

/// A label as a reader reads it: lines joined and whitespace removed (forms
/// letter-space labels: "合　　计", "项   目"), except one space between two
/// Latin words or numbers ("PM2.5 浓度" keeps none, "ab cd" keeps one).
pub fn squash_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for ch in s.trim().chars() {
        if ch.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            let prev_ascii = out
                .chars()
                .last()
                .is_some_and(|p| p.is_ascii_alphanumeric());
            if prev_ascii && ch.is_ascii_alphanumeric() {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(ch);
    }
    out
}

/// Whether a header or row label names a total (合计, 总计, 小计, also
/// 本年收入合计) and not a subset ("其中：小计").
pub fn is_total_label(label: &str) -> bool {
    let l = squash_label(label);
    !l.contains("其中") && (l.ends_with("合计") || l.ends_with("总计") || l.ends_with("小计"))
}

/// Whether a label names a total in a form's figure block: a total word or
/// an amount ending in 总额 (预算支出总额, 年度资金总额).
pub fn is_block_total_label(label: &str) -> bool {
    is_total_label(label) || squash_label(label).ends_with("总额")
}

impl Table {
    /// The header tree of rows `from..to`: one node per header cell with
    /// text, each under the nearest cell above that spans its columns.
    /// Column-number rows (`RowRole::ColumnNumbers`) are not part of it.
    pub fn header_tree(&self, from: usize, to: usize) -> Vec<HeaderNode> {
        header_tree_of(&self.cells, from, to.min(self.n_rows), |r| {
            self.row_role(r) == RowRole::ColumnNumbers
        })
    }
}

/// The header tree of rows `from..to` of `cells`, leaving out the rows
/// `skip` names (column-number rows).
pub fn header_tree_of(
    cells: &[Cell],
    from: usize,
    to: usize,
    skip: impl Fn(usize) -> bool,
) -> Vec<HeaderNode> {
    let mut nodes: Vec<HeaderNode> = cells
        .iter()
        .filter(|c| c.row >= from && c.row < to && !skip(c.row))
        .filter(|c| !squash_label(&c.text).is_empty())
        .map(|c| HeaderNode {
            label: squash_label(&c.text),
            row: c.row,
            row_end: c.row.saturating_add(c.rowspan.max(1)).min(to),
            col: c.col,
            col_end: c.col.saturating_add(c.colspan.max(1)),
            parent: None,
            children: Vec::new(),
        })
        .collect();
    nodes.sort_by_key(|n| (n.row, n.col));
    for i in 0..nodes.len() {
        let Some((row, col, col_end)) = nodes.get(i).map(|n| (n.row, n.col, n.col_end)) else {
            continue;
        };
        let parent = nodes
            .iter()
            .enumerate()
            .filter(|(_, p)| p.row_end <= row && p.col <= col && col_end <= p.col_end)
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
