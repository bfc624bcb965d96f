//! Claims: figures stated in the running text ("收入预算866561.92万元，比
//! 2025年年初预算数847128.49万元增加19433.43万元，增长2.29%"), each with
//! what it is about, what it is compared with, and where it is printed.
//!
//! An extension of the output contract (`records.claims`); see
//! docs/schema.md.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::geometry::BBox;
use crate::quantity::Quantity;

/// Which figure of a year a claim states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// 预算 / 预算数 / 安排 (the budget of the year, in a 预算 volume).
    Budget,
    /// 年初预算 / 年初预算数.
    InitialBudget,
    /// 调整预算 / 全年预算.
    AdjustedBudget,
    /// 决算 / 决算数 / 支出决算 / 实际支出.
    FinalAccount,
}

/// The direction a comparison word states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// 增加, 增长, 上升, 提高, 大于, 超过 …
    Increase,
    /// 减少, 下降, 降低, 小于, 低于 …
    Decrease,
    /// 持平, 一致, 相同, 不变, 等于 …
    Flat,
}

/// The table figure a claim names: the cell its subject and basis point to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimLink {
    /// Table id ("t1").
    pub table: String,
    /// Row of the figure in that table, from 0; null when the figure comes
    /// from a record whose cell could not be told apart (several cells
    /// print the same figure).
    pub row: Option<usize>,
    /// Column of the figure, from 0; null with `row`.
    pub col: Option<usize>,
    /// Page the figure is printed on.
    pub page: u32,
    /// What the table calls the figure: row label and column header joined
    /// with "/" ("收入总计/预算数").
    pub label: String,
    /// The cell text as printed.
    pub raw: String,
    /// The figure in the table's unit; null for an empty or dash cell.
    pub value: Option<Decimal>,
    /// The table's unit ("万元", "元").
    pub unit: Option<String>,
    /// The figure in 元.
    pub yuan: Option<Decimal>,
}

/// One figure stated in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Document-wide id: "c1", "c2", … in reading order.
    pub id: String,
    /// Id of the paragraph (`Document.text[].paragraphs[].id`).
    pub paragraph: String,
    /// Index of the sentence in the paragraph, from 0
    /// ([`Paragraph::sentences`](crate::Paragraph::sentences)).
    pub sentence: usize,
    /// The sentence as printed.
    pub quote: String,
    /// Page of the figure, from 1.
    pub page: u32,
    /// Box of the printed line holding the figure, points, origin top-left;
    /// null for Word.
    pub bbox: Option<BBox>,
    /// What the figure is about, as printed ("一般公共预算财政拨款支出",
    /// "行政运行（项）", "“三公”经费", "因公出国（境）费").
    pub subject: String,
    /// Canonical id of the subject where the vocabulary knows it
    /// ("three_public_total", "basic_expenditure"; crates/yusuan-records/data/claim_subjects.txt).
    pub subject_id: Option<String>,
    /// 功能分类 code when the subject names exactly one budget line of the
    /// document's tables ("2010601").
    pub code: Option<String>,
    /// Fiscal year the figure is for (stated, else the document's).
    pub year: Option<i32>,
    /// Which figure of the year: budget, initial budget, adjusted budget,
    /// final account; null when the text does not say and the document
    /// type does not tell.
    pub basis: Option<Basis>,
    /// The figure, normalized (money: `yuan` exact).
    pub value: Quantity,
    /// The figure compared with, when printed ("比2025年年初预算数847128.49万元").
    pub base: Option<Quantity>,
    /// Year of the figure compared with ("上年" → the year before).
    pub base_year: Option<i32>,
    /// Which figure of that year ("上年预算数" → budget).
    pub base_basis: Option<Basis>,
    /// The change amount as printed, without sign ("增加19433.43万元" →
    /// 19433.43万元); its direction is `trend`.
    pub change: Option<Quantity>,
    /// The change in percent as printed, without sign ("增长2.29%").
    pub change_percent: Option<Quantity>,
    /// The comparison word as printed ("增加", "下降", "持平", "小于").
    pub direction: Option<String>,
    /// What the comparison word says: increase, decrease or flat.
    pub trend: Option<Trend>,
    /// The share stated ("占99.29%").
    pub share: Option<Quantity>,
    /// The whole the share is of, as printed ("本年支出合计"), or the
    /// subject of the total the figure is listed under.
    pub share_of: Option<String>,
    /// Id of the claim that states the whole, when it is in the text.
    pub whole: Option<String>,
    /// The completion rate stated ("完成年初预算的96.91%").
    pub completion_rate: Option<Quantity>,
    /// The reason given for the change or difference ("主要原因是…"), as
    /// printed after the reason words; empty when the words stand alone.
    pub reason: Option<String>,
    /// The table figure the claim names, when subject and basis point to
    /// exactly one.
    pub link: Option<ClaimLink>,
}
