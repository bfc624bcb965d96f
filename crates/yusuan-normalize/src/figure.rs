//! Printed figures with their precision, and the money unit a label
//! declares: what layout, records and audit all need from a table cell.
//!
//! This is the one place where a cell's text becomes a number. Layout asks
//! whether a cell holds a figure (to find where the header ends), records
//! read amounts, and the audit needs the precision a figure was printed
//! with to tell a rounding difference from an error: "5.70" is 5.7 printed
//! with 2 decimals, so it stands for anything in [5.695, 5.705].

use yusuan_model::Decimal;

use crate::number::{parse_parenthesized, parse_signed};
use crate::text::prepare;
use crate::vocab::{MONEY_UNITS, PLACEHOLDERS};

/// Largest number of decimals a printed amount may show; more is a code or
/// a misread, not an amount.
const MAX_DECIMALS: u32 = 10;

/// A figure as printed: its value and the number of decimals shown.
///
/// `value` keeps the printed scale ("5.70" has scale 2), so
/// `value.to_string()` gives the figure back as printed, without thousands
/// separators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    /// The value in the unit the cell is printed in.
    pub value: Decimal,
    /// Decimals printed ("5.70" → 2, "171,915,169" → 0).
    pub decimals: u32,
}

impl Figure {
    /// Half a unit in the last printed place: how far rounding to the
    /// printed precision can have moved the figure ("5.70" → 0.005).
    pub fn half_ulp(&self) -> Decimal {
        half_ulp(self.decimals)
    }
}

/// Half a unit in the last place for `decimals` decimals (2 → 0.005).
pub fn half_ulp(decimals: u32) -> Decimal {
    Decimal::new(5, decimals.saturating_add(1).min(MAX_DECIMALS + 1))
}

/// What a table cell holds, for arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printed {
    /// Nothing printed, or a mark forms print for "none" ("—", "-", "/").
    Blank,
    /// A plain figure.
    Figure(Figure),
    /// Anything else: words, percentages, codes with letters, two figures
    /// run together ("10 100.00"), a figure with a unit.
    Text,
}

/// Reads a cell that should hold a plain amount: "22,937.31", "（12.50）",
/// "-3", "0.00", "—".
///
/// Thousands groups must be threes, a leading zero makes a code ("01"), and
/// a space between digits means two figures: all of these are
/// [`Printed::Text`], never a guessed number.
///
/// ```
/// use yusuan_normalize::{Printed, read_printed};
///
/// let Printed::Figure(f) = read_printed("22,937.30") else { panic!() };
/// assert_eq!((f.value.to_string().as_str(), f.decimals), ("22937.30", 2));
/// assert_eq!(read_printed("——"), Printed::Blank);
/// assert_eq!(read_printed("10 100.00"), Printed::Text);
/// ```
pub fn read_printed(raw: &str) -> Printed {
    let text = prepare(raw);
    let s = text.trim();
    if PLACEHOLDERS.contains(&s) || BLANK_MARKS.contains(&s) {
        return Printed::Blank;
    }
    match figure_of(s) {
        Some(f) => Printed::Figure(f),
        None => Printed::Text,
    }
}

/// Marks some forms print in an empty amount cell besides the placeholders
/// of `vocab` (ellipsis), sorted.
const BLANK_MARKS: &[&str] = &["…", "……"];

/// The figure of a cell that holds exactly one plain amount, else `None`.
pub fn parse_figure(raw: &str) -> Option<Figure> {
    match read_printed(raw) {
        Printed::Figure(f) => Some(f),
        Printed::Blank | Printed::Text => None,
    }
}

/// Whether a cell holds a figure a table prints in its body: an amount, or
/// a percentage ("95%", "100.00％"). Header detection uses it to find the
/// first row of figures.
pub fn is_printed_figure(raw: &str) -> bool {
    let text = prepare(raw);
    let s = text.trim();
    let s = s.strip_suffix('%').map(str::trim_end).unwrap_or(s);
    figure_of(s).is_some()
}

/// `s` (already prepared) as one figure with its printed precision.
fn figure_of(s: &str) -> Option<Figure> {
    let value = match parse_parenthesized(s) {
        Some(v) => v,
        None => {
            let (v, rest) = parse_signed(s)?;
            if !rest.is_empty() {
                return None;
            }
            v
        }
    };
    let decimals = printed_decimals(s)?;
    if decimals > MAX_DECIMALS {
        return None;
    }
    let mut value = value;
    value.rescale(decimals);
    Some(Figure { value, decimals })
}

/// Digits after the decimal point of a printed figure.
fn printed_decimals(s: &str) -> Option<u32> {
    match s.split_once('.') {
        Some((_, frac)) => {
            let digits = frac.chars().take_while(char::is_ascii_digit).count();
            u32::try_from(digits).ok()
        }
        None => Some(0),
    }
}

/// The money unit a label or heading line declares: "单位：万元",
/// "金额单位：亿元", "项目资金（万元）", "(元)", "经费控制情况(万元)".
///
/// Only a unit standing alone in parentheses, after 单位 and an optional
/// colon, or as the whole label counts; "百万元" is never read as "万元" and
/// "万元以上" names no unit.
///
/// ```
/// use yusuan_normalize::declared_money_unit;
///
/// assert_eq!(declared_money_unit("单位：万元"), Some("万元"));
/// assert_eq!(declared_money_unit("项目资金（万元）"), Some("万元"));
/// assert_eq!(declared_money_unit("单位：百万元"), Some("百万元"));
/// assert_eq!(declared_money_unit("单位名称：某局"), None);
/// ```
pub fn declared_money_unit(label: &str) -> Option<&'static str> {
    let text = prepare(label);
    let s = text.as_str();
    if let Some(u) = money_unit_word(s) {
        return Some(u);
    }
    // After 单位 (单位：万元, 金额单位:元, 单位(万元)); what follows the
    // unit on the same line (编制日期, a page number) does not matter.
    for (at, _) in s.match_indices("单位") {
        let rest = s.get(at + "单位".len()..).unwrap_or("");
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        let rest = rest.strip_prefix('(').unwrap_or(rest);
        if let Some(u) = leading_unit(rest) {
            return Some(u);
        }
    }
    // Closed in parentheses anywhere: 项目资金（万元）, 预算数(万元/年).
    for (at, _) in s.match_indices('(') {
        let rest = s.get(at + 1..).unwrap_or("");
        if let Some(u) = leading_unit(rest)
            && rest
                .get(u.len()..)
                .is_some_and(|a| a.starts_with([')', '/']))
        {
            return Some(u);
        }
    }
    None
}

/// The longest money unit word at the start of `s` ("百万元" before "万元").
fn leading_unit(s: &str) -> Option<&'static str> {
    MONEY_UNITS
        .iter()
        .filter(|(w, _)| *w != "人民币" && s.starts_with(*w))
        .max_by_key(|(w, _)| w.len())
        .map(|(w, _)| *w)
}

/// `s` when it is exactly one money unit word (optionally in parentheses).
fn money_unit_word(s: &str) -> Option<&'static str> {
    let inner = s
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(s);
    MONEY_UNITS
        .iter()
        .find(|(w, _)| *w == inner && *w != "人民币")
        .map(|(w, _)| *w)
}

/// The power of ten from `unit` to 元 ("万元" → 4); `None` for anything
/// that is not exactly a money unit.
pub fn money_exponent(unit: &str) -> Option<u32> {
    let text = prepare(unit);
    let word = money_unit_word(text.trim())?;
    MONEY_UNITS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, e)| *e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(raw: &str) -> (String, u32) {
        match read_printed(raw) {
            Printed::Figure(f) => (f.value.to_string(), f.decimals),
            other => panic!("{raw:?} gave {other:?}"),
        }
    }

    #[test]
    fn figures_keep_their_printed_precision() {
        assert_eq!(num("22,937.31"), ("22937.31".into(), 2));
        assert_eq!(num("171,915,169"), ("171915169".into(), 0));
        assert_eq!(num("112,859.652716"), ("112859.652716".into(), 6));
        assert_eq!(num("（12.50）"), ("-12.50".into(), 2));
        assert_eq!(num("-3"), ("-3".into(), 0));
        assert_eq!(num("0.0"), ("0.0".into(), 1));
        assert_eq!(num("5.70"), ("5.70".into(), 2));
        assert_eq!(num("１２３．４５"), ("123.45".into(), 2));
        assert_eq!(num(" 100.00 "), ("100.00".into(), 2));
    }

    #[test]
    fn blanks_and_text_are_not_figures() {
        for raw in ["", "  ", "-", "—", "——", "/", "－", "／", "…"] {
            assert_eq!(read_printed(raw), Printed::Blank, "{raw:?}");
        }
        for raw in [
            "91.00%",
            "合计",
            "201一般",
            "1.2.3",
            "12.",
            "≥95",
            "10 100.00",
            "5 053.42",
            "1,2",
            "01",
            "3.838.92",
            "12万元",
        ] {
            assert_eq!(read_printed(raw), Printed::Text, "{raw:?}");
        }
    }

    #[test]
    fn percentages_count_as_printed_figures() {
        assert!(is_printed_figure("95%"));
        assert!(is_printed_figure("100.00％"));
        assert!(is_printed_figure("21,601,733.00"));
        assert!(is_printed_figure("（12.50）"));
        assert!(!is_printed_figure("类"));
        assert!(!is_printed_figure("-"));
        assert!(!is_printed_figure("≥95%"));
    }

    #[test]
    fn half_ulp_follows_decimals() {
        assert_eq!(half_ulp(2).to_string(), "0.005");
        assert_eq!(half_ulp(0).to_string(), "0.5");
    }

    #[test]
    fn declared_units() {
        assert_eq!(declared_money_unit("单位：万元"), Some("万元"));
        assert_eq!(
            declared_money_unit("编制部门：上海市某局    单位:元"),
            Some("元")
        );
        assert_eq!(declared_money_unit("金额单位：亿元"), Some("亿元"));
        assert_eq!(declared_money_unit("单位名称：某局"), None);
        assert_eq!(
            declared_money_unit("编制单位：上海市财政局 单位：元"),
            Some("元")
        );
        assert_eq!(declared_money_unit("项目资金（万元）"), Some("万元"));
        assert_eq!(declared_money_unit("经费控制情况(万元)"), Some("万元"));
        assert_eq!(declared_money_unit("单位：百万元"), Some("百万元"));
        assert_eq!(declared_money_unit("（元）"), Some("元"));
        assert_eq!(declared_money_unit("万元"), Some("万元"));
        assert_eq!(declared_money_unit("预算数"), None);
        assert_eq!(declared_money_unit("100万元以上项目"), None);
        assert_eq!(declared_money_unit("单位：人"), None);
    }

    #[test]
    fn money_exponents() {
        assert_eq!(money_exponent("万元"), Some(4));
        assert_eq!(money_exponent(" 元 "), Some(0));
        assert_eq!(money_exponent("（亿元）"), Some(8));
        assert_eq!(money_exponent("百万元"), Some(6));
        assert_eq!(money_exponent("万元/人"), None);
        assert_eq!(money_exponent("%"), None);
    }
}
