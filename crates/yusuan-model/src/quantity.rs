//! Normalized cell values, as `../shared/CONTRACT.md` ("Quantity") defines them.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a value measures (contract field `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuantityKind {
    /// Money.
    Amount,
    /// A count of things (人, 个, 件...).
    Count,
    /// A percentage; `value` is in percent (95 for "95%").
    Percent,
    /// A calendar date or deadline.
    Date,
    /// A length of time (天, 个月, 工作日...).
    Duration,
    /// Yes/no (是/否, 有/无).
    Bool,
    /// Anything not parsed without guessing; `value` is null.
    Text,
}

/// A comparison the cell states (contract field `op`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Op {
    /// ≥, 大于等于, 不少于, 不低于...
    #[serde(rename = ">=")]
    Ge,
    /// ≤, 小于等于, 不超过, 不高于...
    #[serde(rename = "<=")]
    Le,
    /// >, 大于, 高于, 超过.
    #[serde(rename = ">")]
    Gt,
    /// <, 小于, 低于.
    #[serde(rename = "<")]
    Lt,
    /// =, 等于.
    #[serde(rename = "=")]
    Eq,
    /// A range from `value` to `max`.
    #[serde(rename = "range")]
    Range,
}

/// A normalized cell value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The cell text as printed.
    pub raw: String,
    /// What it measures.
    pub kind: QuantityKind,
    /// The stated comparison, if any.
    pub op: Option<Op>,
    /// The number in `unit`, after 万/亿 multipliers written in the cell
    /// ("2万人" → 20000); for a date, `yyyymmdd`; null for text.
    pub value: Option<Decimal>,
    /// Upper end of a range (`op` = "range"), else null.
    pub max: Option<Decimal>,
    /// Unit as printed or inherited ("万元", "%", "人", "天"); null if none.
    pub unit: Option<String>,
    /// For money only: the exact amount in 元.
    pub yuan: Option<Decimal>,
    /// Extension: for a date, the ISO form ("2024-12-31"), when a day is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Extension: the parts of a compound condition, each normalized on its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Quantity>,
    /// Extension: the unit came from the table context, not the cell.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unit_inherited: bool,
    /// Extension: the period a frequency is counted over, from a leading
    /// 每… ("每年≥20场" → "年", "每月不低于4次" → "月"); `value` is per period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
    /// Extension: the text looks like a figure misread (by OCR, typically),
    /// with separators no printed figure has ("3.838.92": a thousands comma
    /// read as a point). Kept as text, never guessed; left out when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uncertain: bool,
}

impl Quantity {
    /// A text quantity: `raw` kept, nothing parsed.
    pub fn text(raw: impl Into<String>) -> Self {
        Quantity {
            raw: raw.into(),
            kind: QuantityKind::Text,
            op: None,
            value: None,
            max: None,
            unit: None,
            yuan: None,
            date: None,
            parts: Vec::new(),
            unit_inherited: false,
            per: None,
            uncertain: false,
        }
    }

    /// Whether the quantity carries a number.
    pub fn is_numeric(&self) -> bool {
        self.value.is_some()
    }
}
