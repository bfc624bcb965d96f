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

/// A percentage cell ("100.00%", "91.64", "100.00\n%") as a number in
/// percent, read by `yusuan-normalize` with a "%" unit for bare figures.
/// Text that is not one figure ("10 100.00", two cells run together) is
/// `None`, never the digits glued into one number.
pub(crate) fn percent(raw: &str) -> Option<Decimal> {
    // A "%" wrapped onto its own line in a narrow 执行率 column.
    let mut t = raw.trim().to_owned();
    if let Some(head) = t.strip_suffix(['%', '％'])
        && head.ends_with(char::is_whitespace)
    {
        t = format!("{}%", head.trim_end());
    }
    let q = parse_quantity(
        &t,
        &ValueContext {
            unit_cell: Some("%"),
            ..ValueContext::default()
        },
    );
    match q.kind {
        QuantityKind::Percent if q.op.is_none() && q.max.is_none() => q.value,
        _ => None,
    }
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

/// A bare count whose 计量单位 cell names a unit normalize does not know
/// ("级" beside "0.1", 重庆规自 p28) takes that unit as printed: the form
/// states it, and a count without it reads as a plain number.
pub(crate) fn with_unit_cell(mut q: Quantity, unit_cell: Option<&str>) -> Quantity {
    let Some(u) = unit_cell.map(str::trim) else {
        return q;
    };
    let is_word = (1..=4).contains(&u.chars().count())
        && u.chars()
            .all(|c| !c.is_ascii_digit() && !c.is_whitespace() && !matches!(c, '-' | '/' | '—'));
    if is_word && q.kind == QuantityKind::Count && q.unit.is_none() && q.value.is_some() {
        q.unit = Some(u.to_owned());
    }
    q
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_unit_words_of_the_unit_cell_are_kept() {
        let q = |raw: &str, u: &str| {
            let cx = Context {
                unit_cell: Some(u),
                ..Context::default()
            };
            with_unit_cell(quantity(raw, cx), Some(u))
        };
        assert_eq!(q("0.1", "级").unit.as_deref(), Some("级"));
        // Units normalize reads stay as it reads them.
        assert_eq!(q("99", "%").kind, QuantityKind::Percent);
        assert_eq!(q("10", "万元").unit.as_deref(), Some("万元"));
        // A dash in the unit column is no unit.
        assert_eq!(q("3", "—").unit, None);
    }

    #[test]
    fn percentages() {
        let d = |s: &str| s.parse::<Decimal>().ok();
        assert_eq!(percent("100.00%"), d("100.00"));
        assert_eq!(percent("91.64"), d("91.64"));
        assert_eq!(percent("100.00\n%"), d("100.00"));
        assert_eq!(percent(" 98.5％ "), d("98.5"));
        // Two figures run together are not one percentage.
        assert_eq!(percent("10 100.00"), None);
        assert_eq!(percent(""), None);
        assert_eq!(percent("—"), None);
    }
}
