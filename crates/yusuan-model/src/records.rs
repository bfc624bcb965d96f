//! Domain records, findings and facts, as `../shared/CONTRACT.md` defines them.
//!
//! Figures are [`Decimal`]s in the unit the record names (`unit`), serialized
//! as exact JSON numbers; `yuan` fields hold the same amount in 元.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::claims::Claim;
use crate::diag::Severity;
use crate::geometry::BBox;
use crate::quantity::Quantity;
use crate::table::TableKind;

/// What kind of disclosure a document is (contract field `meta.doc_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    /// 预算.
    Budget,
    /// 决算.
    FinalAccount,
    /// 绩效自评.
    SelfEvaluation,
    /// 绩效目标.
    PerformanceTarget,
    /// Not recognized.
    #[default]
    Unknown,
}

/// One row of a 绩效目标表 or 绩效自评表 indicator block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Table id ("t3").
    pub table: String,
    /// Row in that table, from 0.
    pub row: usize,
    /// Page the row is printed on.
    pub page: u32,
    /// The 项目名称 the indicator is listed under; null for a department-wide form.
    pub project: Option<String>,
    /// 一级指标 with any declared weight removed ("产出指标").
    pub level1: Option<String>,
    /// Weight declared in the level-1 label ("产出指标(69分)" → 69).
    pub level1_weight: Option<Decimal>,
    /// 二级指标.
    pub level2: Option<String>,
    /// 三级指标.
    pub name: String,
    /// 指标值 / 年度指标值 / 目标值, normalized.
    pub target: Quantity,
    /// 实际完成值, normalized; null on target forms.
    pub actual: Option<Quantity>,
    /// 分值 / 权重.
    pub weight: Option<Decimal>,
    /// 得分.
    pub score: Option<Decimal>,
    /// 偏差原因分析及改进措施, when given.
    pub deviation_reason: Option<String>,
}

/// "三公"经费 figures of one column (预算数, 决算数, a year...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreePublic {
    /// Table id.
    pub table: String,
    /// Page of the figures.
    pub page: u32,
    /// The column's header path joined with "/" ("2025年预算数").
    pub column: String,
    /// Unit of every figure ("万元", "元").
    pub unit: Option<String>,
    /// 合计.
    pub total: Option<Decimal>,
    /// 因公出国（境）费.
    pub overseas_travel: Option<Decimal>,
    /// 公务用车购置及运行费.
    pub vehicle_total: Option<Decimal>,
    /// 公务用车购置费.
    pub vehicle_purchase: Option<Decimal>,
    /// 公务用车运行费 / 运行维护费.
    pub vehicle_operation: Option<Decimal>,
    /// 公务接待费.
    pub reception: Option<Decimal>,
}

/// One value of a budget line, with its column header path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetValue {
    /// Header labels naming the column, outermost first.
    pub column: Vec<String>,
    /// The figure in `unit`.
    pub value: Option<Decimal>,
    /// Unit ("元", "万元").
    pub unit: Option<String>,
    /// The figure in 元.
    pub yuan: Option<Decimal>,
}

/// A row keyed by a 功能分类 or 经济分类 code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetLine {
    /// Table id.
    pub table: String,
    /// Page of the row.
    pub page: u32,
    /// The code, 类/款/项 joined ("2011301") or an 经济分类 code ("30201").
    pub code: String,
    /// The name printed with the code.
    pub name: String,
    /// Every value of the row.
    pub values: Vec<BudgetValue>,
    /// Extension: row in the table, from 0.
    pub row: usize,
}

/// The funding block of a self-evaluation or target form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundSummary {
    /// Table id.
    pub table: String,
    /// Page of the row.
    pub page: u32,
    /// Row label ("年度资金总额", "其中：财政拨款", "其他资金").
    pub label: String,
    /// 年初预算数.
    pub initial_budget: Option<Decimal>,
    /// 全年预算数.
    pub full_year_budget: Option<Decimal>,
    /// 全年执行数.
    pub executed: Option<Decimal>,
    /// 执行率, in percent.
    pub execution_rate: Option<Decimal>,
    /// 分值.
    pub weight: Option<Decimal>,
    /// 得分.
    pub score: Option<Decimal>,
    /// Unit of the money figures.
    pub unit: Option<String>,
    /// Extension: row in the table, from 0.
    pub row: usize,
}

/// The domain records of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Records {
    /// 绩效指标 rows.
    pub indicators: Vec<Indicator>,
    /// "三公"经费 columns.
    pub three_public: Vec<ThreePublic>,
    /// Coded budget rows.
    pub budget_lines: Vec<BudgetLine>,
    /// Funding blocks.
    pub fund_summary: Vec<FundSummary>,
    /// Extension: figures stated in the running text; left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
}

/// A consistency finding of the audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable English rule id ("three_public_total").
    pub rule: String,
    /// error, warning or info.
    pub severity: Severity,
    /// Table id, when the finding concerns one table.
    pub table: Option<String>,
    /// Page to cite.
    pub page: Option<u32>,
    /// Row in the table, from 0.
    pub row: Option<usize>,
    /// Row label as printed.
    pub label: Option<String>,
    /// Chinese message stating both figures.
    pub message: String,
    /// The figure the identity requires.
    pub expected: Option<Decimal>,
    /// The figure printed.
    pub actual: Option<Decimal>,
    /// Extension: the sentence the finding is about, as printed (text rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Extension: id of the paragraph holding `quote` (`Document.text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// Extension: id of the claim the finding is about (`records.claims`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    /// Extension: column in the table, from 0, when the finding is about
    /// one cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub col: Option<usize>,
    /// Extension: the column's header path joined with "/" ("合计/预算数").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Extension: the box of the cell on the page, in points, origin
    /// top-left (null for Word).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// Extension: the table's title as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_title: Option<String>,
    /// Extension: the unit of `expected` and `actual` ("万元", "%").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Extension: true when the difference is within what rounding each
    /// printed figure to its precision can explain (then `severity` is
    /// info).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub within_rounding: bool,
}

/// One numeric body cell in tidy (long) form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// Document name (the input's file name).
    pub doc: String,
    /// Input path as given.
    pub path: String,
    /// Table id.
    pub table: String,
    /// Table kind.
    pub kind: TableKind,
    /// Page of the cell.
    pub page: u32,
    /// Row, from 0.
    pub row: usize,
    /// Column, from 0.
    pub col: usize,
    /// Row header labels, outermost first.
    pub row_path: Vec<String>,
    /// Column header labels, outermost first.
    pub col_path: Vec<String>,
    /// Cell text as printed.
    pub raw: String,
    /// The number in `unit`.
    pub value: Option<Decimal>,
    /// Unit.
    pub unit: Option<String>,
    /// For money: the amount in 元.
    pub yuan: Option<Decimal>,
}
