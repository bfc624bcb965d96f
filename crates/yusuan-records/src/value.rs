//! The records stage's only door to `yusuan-normalize`: every printed
//! figure and indicator value goes through these few functions.

use yusuan_model::{Decimal, Quantity, QuantityKind};

use shim::{ValueContext, parse_amount, parse_quantity, to_yuan};

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

/// TEMPORARY stand-in for `yusuan-normalize` until it lands; same names
/// and signatures as the agreed API.
mod shim {
    use std::str::FromStr;
    use yusuan_model::{Decimal, Quantity, QuantityKind};

    pub(super) struct ValueContext<'a> {
        pub(super) header: Option<&'a str>,
        pub(super) unit: Option<&'a str>,
        pub(super) unit_cell: Option<&'a str>,
        pub(super) op_cell: Option<&'a str>,
    }

    pub(super) fn parse_amount(raw: &str) -> Option<Decimal> {
        let t: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        let (neg, t) = if t.starts_with('(') || t.starts_with('（') {
            (true, t.trim_matches(['(', ')', '（', '）']).to_owned())
        } else {
            (false, t)
        };
        let d = Decimal::from_str(&t).ok()?;
        Some(if neg { -d } else { d })
    }

    pub(super) fn to_yuan(value: Decimal, unit: &str) -> Option<Decimal> {
        match unit {
            "元" => Some(value),
            "万元" => value.checked_mul(Decimal::from(10_000)),
            "亿元" => value.checked_mul(Decimal::from(100_000_000)),
            "千元" => value.checked_mul(Decimal::from(1000)),
            _ => None,
        }
    }

    pub(super) fn parse_quantity(raw: &str, cx: &ValueContext<'_>) -> Quantity {
        let _ = (cx.header, cx.op_cell);
        let mut q = Quantity::text(raw);
        let t = raw.trim_start_matches(['≥', '≤', '=', '>', '<', '≧']);
        let pct = t.ends_with('%');
        let num: String = t
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .collect();
        if let Some(v) = parse_amount(&num) {
            q.value = Some(v);
            if pct {
                q.kind = QuantityKind::Percent;
                q.unit = Some("%".into());
            } else if let Some(u) = cx.unit_cell.or(cx.unit) {
                q.kind = QuantityKind::Amount;
                q.unit = Some(u.to_owned());
                q.yuan = to_yuan(v, u);
            } else {
                q.kind = QuantityKind::Count;
            }
        }
        q
    }
}
