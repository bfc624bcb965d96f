//! Printed figures for arithmetic: the value, the precision it was printed
//! with, and how far rounding to that precision can have moved it.
//!
//! Cells are read by `yusuan-normalize` (the one figure parser); this module
//! only adds the tolerance the audit reasons with, which stays in the unit
//! of the figure when it is converted (0.005 万元 is 50 元).

use yusuan_model::Decimal;
use yusuan_normalize::{Printed, half_ulp as normalize_half_ulp, read_printed};

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
    /// Anything else (words, percentages, two figures run together).
    Text,
}

/// Largest number of decimals a tolerance is computed for.
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

    /// A count printed without decimals is exact (a weight of 10 points is
    /// 10, not 9.5..10.5); one printed with decimals was rounded to them
    /// (33.33 for a third of 100 points, a score computed from a rate).
    pub(crate) fn points(value: Decimal) -> Figure {
        if value.scale() == 0 {
            Figure {
                half: Decimal::ZERO,
                ..Figure::from_decimal(value)
            }
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
    normalize_half_ulp(decimals.min(MAX_DECIMALS))
}

/// Reads a printed amount cell through `yusuan-normalize`: "22,937.31",
/// "（12.50）", "-3", "0.00", "—". Percentages, words and two figures run
/// together ("10 100.00") are [`Slot::Text`].
pub(crate) fn read_slot(raw: &str) -> Slot {
    match read_printed(raw) {
        Printed::Blank => Slot::Blank,
        Printed::Text => Slot::Text,
        Printed::Figure(f) => Slot::Num(Figure {
            value: f.value,
            decimals: f.decimals,
            half: f.half_ulp(),
        }),
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

/// Formats `value` with exactly `decimals` decimals.
pub(crate) fn show(value: Decimal, decimals: u32) -> String {
    let mut v = value.round_dp(decimals);
    v.rescale(decimals);
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_by_normalize_keep_their_tolerance() {
        // The reading itself is normalize's (its tests cover the forms);
        // here: what the audit adds.
        let Slot::Num(f) = read_slot("（12.50）") else {
            panic!("not a figure")
        };
        assert_eq!(
            (f.decimals, f.half_ulp().to_string().as_str()),
            (2, "0.005")
        );
        assert_eq!(read_slot("—"), Slot::Blank);
        assert_eq!(read_slot("10 100.00"), Slot::Text);
    }

    #[test]
    fn weights_with_decimals_were_rounded() {
        let third: Decimal = "33.33".parse().unwrap_or_default();
        assert_eq!(Figure::points(third).half_ulp().to_string(), "0.005");
        assert!(Figure::points(Decimal::from(10)).half_ulp().is_zero());
    }

    #[test]
    fn half_ulp_follows_decimals() {
        assert_eq!(half_ulp(2).to_string(), "0.005");
        assert_eq!(half_ulp(0).to_string(), "0.5");
        assert_eq!(show("5.7".parse().unwrap_or_default(), 2), "5.70");
        assert_eq!(show("5.755".parse().unwrap_or_default(), 2), "5.76");
    }
}
