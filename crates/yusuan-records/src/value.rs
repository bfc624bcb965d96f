//! The records stage's only door to `yusuan-normalize`: every printed
//! figure and indicator value goes through these few functions.

use yusuan_model::{Decimal, Quantity, QuantityKind};

use yusuan_normalize::{ValueContext, parse_amount, parse_quantity, to_yuan};

/// A plain printed figure ("22,937.31", "（12.50）"); `None` for text,
/// dashes and empty cells.
pub(crate) fn amount(raw: &str) -> Option<Decimal> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    parse_amount(t)
}

/// A percentage cell ("100.00%", "98. 46") as a number in percent.
pub(crate) fn percent(raw: &str) -> Option<Decimal> {
    let t: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches(['%', '％']);
    amount(t)
}

/// Money in `unit` converted to 元.
pub(crate) fn yuan(value: Decimal, unit: Option<&str>) -> Option<Decimal> {
    unit.and_then(|u| to_yuan(value, u))
}

/// The context of one cell for [`quantity`].
#[derive(Default, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// Column header path joined with "/".
    pub(crate) header: Option<&'a str>,
    /// The table's unit.
    pub(crate) unit: Option<&'a str>,
    /// A 度量单位 / 计量单位 cell.
    pub(crate) unit_cell: Option<&'a str>,
    /// A 指标性质 / 指标值类型 cell.
    pub(crate) op_cell: Option<&'a str>,
}

/// A cell normalized with its context.
pub(crate) fn quantity(raw: &str, cx: Context<'_>) -> Quantity {
    let vc = ValueContext {
        header: cx.header,
        unit: cx.unit,
        unit_cell: cx.unit_cell,
        op_cell: cx.op_cell,
    };
    parse_quantity(raw.trim(), &vc)
}

/// Whether a quantity counts as a figure for facts: money, counts,
/// percentages and durations with a value.
pub(crate) fn is_fact_kind(q: &Quantity) -> bool {
    q.value.is_some()
        && matches!(
            q.kind,
            QuantityKind::Amount
                | QuantityKind::Count
                | QuantityKind::Percent
                | QuantityKind::Duration
        )
}
