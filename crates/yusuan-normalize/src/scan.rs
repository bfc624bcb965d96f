//! Figures inside running text: "…预算总计20849.45万元，比上年增加2043.58
//! 万元，增长10.87%。" holds three, each a number with its unit.
//!
//! The scanner only finds where a figure is printed; reading it is
//! [`parse_quantity`]'s job, so a figure in a sentence and the same figure
//! in a cell give the same [`Quantity`].

use yusuan_model::{Quantity, QuantityKind};

use crate::quantity::{ValueContext, parse_quantity};
use crate::vocab::{MONEY_UNITS, PERCENT_UNITS, longest_word};

/// Measure words a figure in the text is taken with besides money and
/// percentages: vehicles and equipment (国有资产占用), reception batches and
/// visitors (公务接待), delegations (因公出国). Sorted.
pub(crate) const TEXT_COUNT_UNITS: &[&str] = &[
    "个团组",
    "人次",
    "台",
    "台(套)",
    "台（套）",
    "团组",
    "套",
    "批次",
    "辆",
];

/// A figure found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextFigure {
    /// Offset in characters (not bytes) where the figure starts.
    pub start: usize,
    /// Offset in characters just after its unit.
    pub end: usize,
    /// The figure read by [`parse_quantity`]: kind amount, percent or count.
    pub quantity: Quantity,
}

/// Finds the figures of a text: a number (digits, thousands commas, one
/// decimal point; full-width digits too) directly followed by a money unit
/// (元, 万元, 亿元 …), a percent sign (%, ％, 个百分点) or one of the
/// measure words of [`TEXT_COUNT_UNITS`], with at most one space between.
/// A number glued to a letter or another number before it ("GB2312", a
/// code) is not a figure, and neither is a number without a unit (years,
/// dates, document numbers "〔2017〕19号").
///
/// ```
/// use yusuan_normalize::scan_figures;
///
/// let found = scan_figures("支出总计20,849.45 万元，增长10.87%，购置车辆2辆。");
/// let raws: Vec<&str> = found.iter().map(|f| f.quantity.raw.as_str()).collect();
/// assert_eq!(raws, ["20,849.45 万元", "10.87%", "2辆"]);
/// assert_eq!(found[0].start, 4);
/// ```
pub fn scan_figures(text: &str) -> Vec<TextFigure> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0usize;
    while i < chars.len() {
        let Some(&c) = chars.get(i) else { break };
        let glued = i
            .checked_sub(1)
            .and_then(|p| chars.get(p))
            .is_some_and(|&p| p.is_ascii_alphanumeric() || is_wide_digit(p) || p == '.');
        if !is_digit(c) || glued {
            i += 1;
            continue;
        }
        // The number: digits, commas and points.
        let mut j = i;
        while chars
            .get(j)
            .is_some_and(|&c| is_digit(c) || matches!(c, ',' | '.' | '，' | '．'))
        {
            // A full-width comma is a clause break, not a thousands mark,
            // unless three digits follow and then no digit.
            if chars.get(j) == Some(&'，') && !is_group_after(&chars, j) {
                break;
            }
            j += 1;
        }
        // Trailing separators belong to the sentence.
        while j > i
            && chars
                .get(j - 1)
                .is_some_and(|&c| matches!(c, ',' | '.' | '，' | '．'))
        {
            j -= 1;
        }
        let mut k = j;
        if chars.get(k).is_some_and(|c| *c == ' ') {
            k += 1;
        }
        let rest: String = chars.iter().skip(k).take(8).collect();
        match unit_at(&rest) {
            Some(unit_len) => {
                let mut end = k + unit_len;
                // A measure word's parenthetical: "0台（件、套）".
                if is_count_unit(&rest) {
                    end += parenthetical_at(&chars, end);
                }
                let raw: String = chars
                    .get(i..end)
                    .map(|s| s.iter().collect())
                    .unwrap_or_default();
                let q = parse_quantity(&raw, &ValueContext::default());
                let wanted = matches!(
                    q.kind,
                    QuantityKind::Amount | QuantityKind::Percent | QuantityKind::Count
                ) && q.value.is_some();
                if wanted {
                    out.push(TextFigure {
                        start: i,
                        end,
                        quantity: q,
                    });
                }
                i = end.max(i + 1);
            }
            None => i = j.max(i + 1),
        }
    }
    out
}

/// Whether the unit at the start of `s` is a measure word (not money, not %).
fn is_count_unit(s: &str) -> bool {
    longest_word(TEXT_COUNT_UNITS, s).is_some()
}

/// Length of a short bracketed qualifier starting at `at` ("（件、套）"), or 0.
fn parenthetical_at(chars: &[char], at: usize) -> usize {
    let Some(&open) = chars.get(at) else { return 0 };
    let close = match open {
        '（' => '）',
        '(' => ')',
        _ => return 0,
    };
    (1..=6)
        .find(|&n| chars.get(at + n) == Some(&close))
        .filter(|&n| {
            chars.get(at + 1..at + n).is_some_and(|inner| {
                inner
                    .iter()
                    .all(|c| !c.is_ascii_digit() && !c.is_whitespace())
            })
        })
        .map_or(0, |n| n + 1)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || is_wide_digit(c)
}

fn is_wide_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// Whether the full-width comma at `j` is followed by exactly three digits.
fn is_group_after(chars: &[char], j: usize) -> bool {
    (1..=3).all(|d| chars.get(j + d).is_some_and(|&c| is_digit(c)))
        && !chars.get(j + 4).is_some_and(|&c| is_digit(c))
}

/// The length in characters of the unit at the start of `s`, if one of the
/// text's units starts there.
fn unit_at(s: &str) -> Option<usize> {
    let folded: String = s.chars().map(|c| if c == '％' { '%' } else { c }).collect();
    let money = MONEY_UNITS
        .iter()
        .filter(|(w, _)| *w != "人民币" && folded.starts_with(w))
        .map(|(w, _)| w.chars().count())
        .max();
    let percent = PERCENT_UNITS
        .iter()
        .filter(|(w, _)| folded.starts_with(w))
        .map(|(w, _)| w.chars().count())
        .max();
    let count = longest_word(TEXT_COUNT_UNITS, &folded).map(|w| w.chars().count());
    [money, percent, count].into_iter().flatten().max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raws(s: &str) -> Vec<String> {
        scan_figures(s)
            .into_iter()
            .map(|f| f.quantity.raw)
            .collect()
    }

    #[test]
    fn units_are_sorted_and_unique() {
        assert!(TEXT_COUNT_UNITS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn figures_with_units_are_found_and_others_not() {
        assert_eq!(
            raws(
                "省委办公厅2017年度收入、支出预算总计20849.45万元，与上年相比增加2043.58万元，增长10.87%。"
            ),
            ["20849.45万元", "2043.58万元", "10.87%"]
        );
        assert_eq!(
            raws("（苏财预〔2017〕19号）填列，截至2024年12月31日"),
            Vec::<String>::new()
        );
        assert_eq!(
            raws("共有车辆0辆，单价100万元（含）以上设备2台（套）。"),
            ["0辆", "100万元", "2台（套）"]
        );
        assert_eq!(
            raws("下降1.2个百分点，占０．７１％"),
            ["1.2个百分点", "０．７１％"]
        );
        assert_eq!(
            raws("收入28,283.46万元，较上年，增加6.2万元"),
            ["28,283.46万元", "6.2万元"]
        );
        assert_eq!(raws("GB2312元"), Vec::<String>::new());
        assert_eq!(raws("共计2,469.28 万元。"), ["2,469.28 万元"]);
    }

    #[test]
    fn offsets_are_in_characters() {
        let f = scan_figures("预算为0.95万元，完成预算的0%");
        assert_eq!((f[0].start, f[0].end), (3, 9));
        assert_eq!((f[1].start, f[1].end), (15, 17));
        assert_eq!(f[0].quantity.yuan, Some(9500.into()));
    }
}
