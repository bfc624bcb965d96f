//! Printed figures: the value and the precision it was printed with.
//!
//! The audit decides whether a difference is a rounding difference from the
//! number of decimals each figure shows, so it keeps that count next to the
//! value instead of relying on a normalized amount.

use yusuan_model::Decimal;

/// A figure as printed: its value and the decimals shown ("5.70" → 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Figure {
    /// The value, in the unit the table prints.
    pub(crate) value: Decimal,
    /// Decimals printed.
    pub(crate) decimals: u32,
    /// Half a unit in the last printed place, in the unit of `value` (it
    /// stays 50 元 for a 万元 figure with 2 decimals converted to 元).
    pub(crate) half: Decimal,
}

/// What a body cell holds, for arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// Nothing printed, or a dash/slash that forms use for "none".
    Blank,
    /// A figure.
    Num(Figure),
    /// Anything else (words, percentages, codes with letters).
    Text,
}

/// Texts that forms print in place of an empty amount.
const BLANK_MARKS: &[&str] = &["-", "--", "/", "—", "——", "…", "－", "／"];

/// Largest number of decimals the audit accepts; more is not a printed amount.
const MAX_DECIMALS: u32 = 10;

impl Figure {
    /// A figure from a decimal, taking its scale as the printed precision.
    pub(crate) fn from_decimal(value: Decimal) -> Figure {
        let decimals = value.scale().min(MAX_DECIMALS);
        Figure {
            value,
            decimals,
            half: half_ulp(decimals),
        }
    }

    /// A figure that is exact as printed (a weight of 10 points is 10, not
    /// 9.5..10.5): no rounding tolerance.
    pub(crate) fn exact(value: Decimal) -> Figure {
        Figure {
            half: Decimal::ZERO,
            ..Figure::from_decimal(value)
        }
    }

    /// A score: exact when printed without decimals (points awarded), else
    /// rounded to what it prints (a score computed from a rate, 9.16).
    pub(crate) fn points(value: Decimal) -> Figure {
        if value.scale() == 0 {
            Figure::exact(value)
        } else {
            Figure::from_decimal(value)
        }
    }

    /// Half a unit in the last printed place: the most rounding can move it.
    pub(crate) fn half_ulp(&self) -> Decimal {
        self.half
    }
}

/// Half a unit in the last place for `decimals` decimals (2 → 0.005).
pub(crate) fn half_ulp(decimals: u32) -> Decimal {
    Decimal::new(5, decimals.saturating_add(1).min(MAX_DECIMALS + 1))
}

/// Reads a printed amount cell: "22,937.31", "（12.50）", "-3", "0.00", "—".
///
/// Percentages, codes written with letters and words give [`Slot::Text`].
pub(crate) fn read_slot(raw: &str) -> Slot {
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '，' && *c != '\u{a0}')
        .collect();
    if cleaned.is_empty() || BLANK_MARKS.contains(&cleaned.as_str()) {
        return Slot::Blank;
    }
    let (negative, body) = strip_sign(&cleaned);
    match parse_plain(body) {
        Some(mut f) => {
            if negative {
                f.value = -f.value;
            }
            Slot::Num(f)
        }
        None => Slot::Text,
    }
}

/// Reads a figure, giving `None` for blanks and text.
#[cfg(test)]
pub(crate) fn read_figure(raw: &str) -> Option<Figure> {
    match read_slot(raw) {
        Slot::Num(f) => Some(f),
        Slot::Blank | Slot::Text => None,
    }
}

/// Splits a sign written as a leading minus or as enclosing parentheses.
fn strip_sign(s: &str) -> (bool, &str) {
    for (open, close) in [("(", ")"), ("（", "）")] {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return (true, inner);
        }
    }
    for minus in ["-", "－", "−"] {
        if let Some(rest) = s.strip_prefix(minus) {
            return (true, rest);
        }
    }
    (false, s)
}

/// Parses `digits[.digits]` exactly.
fn parse_plain(s: &str) -> Option<Figure> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let decimals = match frac {
        Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
            u32::try_from(f.len()).ok()?
        }
        Some(_) => return None,
        None => 0,
    };
    if decimals > MAX_DECIMALS || int.len() > 18 {
        return None;
    }
    let value: Decimal = s.parse().ok()?;
    Some(Figure {
        value,
        decimals,
        half: half_ulp(decimals),
    })
}

/// Formats `value` with exactly `decimals` decimals.
pub(crate) fn show(value: Decimal, decimals: u32) -> String {
    let mut v = value.round_dp(decimals);
    v.rescale(decimals);
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(raw: &str) -> (String, u32) {
        match read_slot(raw) {
            Slot::Num(f) => (f.value.to_string(), f.decimals),
            other => panic!("{raw:?} gave {other:?}"),
        }
    }

    #[test]
    fn reads_printed_amounts_with_their_precision() {
        assert_eq!(num("22,937.31"), ("22937.31".into(), 2));
        assert_eq!(num("171,915,169"), ("171915169".into(), 0));
        assert_eq!(num("112,859.652716"), ("112859.652716".into(), 6));
        assert_eq!(num("（12.50）"), ("-12.50".into(), 2));
        assert_eq!(num("-3"), ("-3".into(), 0));
        assert_eq!(num("0.0"), ("0.0".into(), 1));
        assert_eq!(num("5 053.42"), ("5053.42".into(), 2));
    }

    #[test]
    fn blanks_and_text_are_not_figures() {
        for raw in ["", "  ", "-", "—", "——", "/"] {
            assert_eq!(read_slot(raw), Slot::Blank, "{raw:?}");
        }
        for raw in ["91.00%", "合计", "201一般", "1.2.3", "12.", "≥95"] {
            assert_eq!(read_slot(raw), Slot::Text, "{raw:?}");
        }
    }

    #[test]
    fn half_ulp_follows_decimals() {
        assert_eq!(half_ulp(2).to_string(), "0.005");
        assert_eq!(half_ulp(0).to_string(), "0.5");
        assert_eq!(show("5.7".parse().unwrap(), 2), "5.70");
        assert_eq!(show("5.755".parse().unwrap(), 2), "5.76");
    }
}
