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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// (1 unless page breaks were seen).
    pub page: u32,
    /// Cell box in points, origin top-left; `None` (null) for Word.
    pub bbox: Option<BBox>,
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
