//! Units after a figure, in a 度量单位 column, a header or a table heading.

use yusuan_model::{Decimal, QuantityKind};

use crate::number::scale;
use crate::text::{is_ideograph, prepare};
use crate::vocab::{
    COUNT_UNITS, FOREIGN_CURRENCIES, MEASURE_UNITS, MONEY_UNITS, MULTIPLIERS, OPERATOR_SUFFIXES,
    PERCENT_UNITS, TIME_UNITS, longest_prefix, longest_word,
};

/// The most ideographs "个" may take as its noun ("个村居", "个单位").
const MAX_NOUN_CHARS: usize = 6;
/// The most per-unit denominators a unit may carry ("元/人/年").
const MAX_DENOMINATORS: usize = 2;
/// The most characters a unit's parenthetical may hold ("件(套)", "村居(社区)").
const MAX_PAREN_CHARS: usize = 10;

/// A unit as read, with what it does to the printed figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnitExpr {
    /// The unit as reported; `None` for a bare multiplier ("800万").
    pub(crate) unit: Option<String>,
    /// What a figure in this unit measures.
    pub(crate) kind: QuantityKind,
    /// Power of ten to apply to the printed figure (4 for "万" in "2万人").
    pub(crate) scale: u32,
    /// For money: power of ten from the unit to 元 (4 for 万元).
    pub(crate) money_exp: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    Money(u32),
    Foreign,
    Percent(&'static str),
    Time,
    Count,
    Measure,
}

/// The longest unit word at the start of `s`, across all unit tables.
fn match_base(s: &str) -> Option<(&'static str, Base)> {
    let candidates = [
        longest_prefix(MONEY_UNITS, s).map(|(w, e)| (w, Base::Money(e))),
        longest_prefix(PERCENT_UNITS, s).map(|(w, c)| (w, Base::Percent(c))),
        longest_word(TIME_UNITS, s).map(|w| (w, Base::Time)),
        longest_word(COUNT_UNITS, s).map(|w| (w, Base::Count)),
        longest_word(MEASURE_UNITS, s).map(|w| (w, Base::Measure)),
        longest_word(FOREIGN_CURRENCIES, s).map(|w| (w, Base::Foreign)),
    ];
    let mut best: Option<(&'static str, Base)> = None;
    for (w, b) in candidates.into_iter().flatten() {
        if best.is_none_or(|(bw, _)| w.len() > bw.len()) {
            best = Some((w, b));
        }
    }
    best
}

/// Reads the unit at the start of `s` (possibly none) and returns the rest.
///
/// `None` means the text there is unit-like but unreadable ("万%"), so the
/// whole cell must stay text; `Some((None, s))` means no unit is written.
pub(crate) fn parse_unit(s: &str) -> Option<(Option<UnitExpr>, &str)> {
    if let Some((word, base)) = match_base(s) {
        let rest = s.get(word.len()..)?;
        let (unit, rest) = extend(word, base, rest);
        return Some((Some(expr(unit, base, 0)), rest));
    }
    if let Some((mult, exp)) = longest_prefix(MULTIPLIERS, s) {
        let rest = s.get(mult.len()..)?;
        return match match_base(rest) {
            // "3751亿人民币", "≥3亿美元": the multiplier is part of the
            // printed money unit, as in 万元.
            Some(("人民币", _)) => {
                let after = rest.get("人民币".len()..)?;
                Some((
                    Some(expr(format!("{mult}人民币"), Base::Money(exp), 0)),
                    after,
                ))
            }
            Some((word, Base::Foreign)) => {
                let after = rest.get(word.len()..)?;
                Some((Some(expr(format!("{mult}{word}"), Base::Foreign, 0)), after))
            }
            // 万 before 元 or a percent unit is not a way anyone writes
            // ("万%"); 万元, 亿元 themselves are money units, matched above.
            Some((_, Base::Money(_) | Base::Percent(_))) => None,
            Some((word, base)) => {
                let after = rest.get(word.len()..)?;
                let (unit, after) = extend(word, base, after);
                Some((Some(expr(unit, base, exp)), after))
            }
            None => Some((
                Some(UnitExpr {
                    unit: None,
                    kind: QuantityKind::Count,
                    scale: exp,
                    money_exp: None,
                }),
                rest,
            )),
        };
    }
    Some((None, s))
}

fn expr(unit: String, base: Base, scale: u32) -> UnitExpr {
    let (kind, money_exp) = match base {
        Base::Money(e) => (QuantityKind::Amount, Some(e)),
        Base::Foreign => (QuantityKind::Amount, None),
        Base::Percent(_) => (QuantityKind::Percent, None),
        Base::Time => (QuantityKind::Duration, None),
        Base::Count | Base::Measure => (QuantityKind::Count, None),
    };
    UnitExpr {
        unit: Some(unit),
        kind,
        scale,
        money_exp,
    }
}

/// Completes a unit word with what belongs to it: the noun after 个, a
/// parenthetical ("件(套)"), a per-denominator ("元/人", "次/年").
fn extend<'a>(word: &'static str, base: Base, rest: &'a str) -> (String, &'a str) {
    let mut unit = match base {
        Base::Percent(canonical) => canonical.to_string(),
        _ => word.to_string(),
    };
    let mut rest = rest;
    if let Base::Money(_) = base
        && word != "人民币"
        && let Some(after) = rest.strip_prefix("人民币")
    {
        unit.push_str("人民币");
        rest = after;
    }
    if word == "个" {
        let mut taken = 0;
        while taken < MAX_NOUN_CHARS {
            let Some(c) = rest.chars().next() else { break };
            if !is_ideograph(c)
                || longest_prefix(OPERATOR_SUFFIXES, rest).is_some()
                || rest.starts_with("完成")
            {
                break;
            }
            unit.push(c);
            rest = rest.get(c.len_utf8()..).unwrap_or("");
            taken += 1;
        }
    }
    if matches!(base, Base::Count | Base::Measure)
        && let Some((paren, after)) = parenthetical(rest)
    {
        unit.push_str(paren);
        rest = after;
    }
    // "600元/人", "≥1500元/人/年", "≥750元/月": per-unit denominators. After a
    // slash 月 can only be "per month", so it is accepted here though a bare
    // 月 is no time unit.
    for _ in 0..MAX_DENOMINATORS {
        let Some(after_slash) = rest.strip_prefix('/') else {
            break;
        };
        let den = match match_base(after_slash) {
            Some((den, Base::Count | Base::Time | Base::Measure)) => den,
            _ if after_slash.starts_with('月') => "月",
            _ => break,
        };
        let Some(after) = after_slash.get(den.len()..) else {
            break;
        };
        unit.push('/');
        unit.push_str(den);
        rest = after;
        // "≤500元/台(部)"
        if let Some((paren, after)) = parenthetical(rest) {
            unit.push_str(paren);
            rest = after;
        }
    }
    (unit, rest)
}

/// A short "(...)" without digits at the start of `s`, and the rest.
fn parenthetical(s: &str) -> Option<(&str, &str)> {
    let inner_and_rest = s.strip_prefix('(')?;
    let (inner, _) = inner_and_rest.split_once(')')?;
    let ok = !inner.is_empty()
        && inner.chars().count() <= MAX_PAREN_CHARS
        && !inner.chars().any(|c| c.is_ascii_digit() || c == '(');
    let end = inner.len() + 2;
    ok.then(|| s.split_at_checked(end)).flatten()
}

/// A unit standing alone: a 度量单位 cell, a header's "(万元)", a table's
/// "单位：万元". `None` when it is not a unit this crate knows ("-", "无",
/// a label that slid into the column).
pub(crate) fn parse_unit_label(label: &str) -> Option<UnitExpr> {
    let text = prepare(label);
    let mut s = text.as_str();
    for prefix in ["单位:", "单位", "计量单位:", "金额单位:"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest;
            break;
        }
    }
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        s = inner;
    }
    let (unit, rest) = parse_unit(s)?;
    let unit = unit?;
    (rest.is_empty() && unit.unit.is_some()).then_some(unit)
}

/// The exact amount in 元 of `value` printed in `unit` (元, 千元, 万元, 亿元...).
///
/// `None` when `unit` is not a money unit or the product overflows.
///
/// ```
/// use yusuan_normalize::to_yuan;
/// use yusuan_model::Decimal;
///
/// let v: Decimal = "70.65".parse().unwrap();
/// assert_eq!(to_yuan(v, "万元"), Some(Decimal::from(706_500)));
/// assert_eq!(to_yuan(v, "人"), None);
/// ```
pub fn to_yuan(value: Decimal, unit: &str) -> Option<Decimal> {
    let text = prepare(unit);
    let word = text
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(text.as_str());
    let &(_, exp) = MONEY_UNITS.iter().find(|(w, _)| *w == word)?;
    scale(value, exp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit_of(s: &str) -> Option<(Option<String>, QuantityKind, u32, &str)> {
        let (u, rest) = parse_unit(s)?;
        let u = u?;
        Some((u.unit, u.kind, u.scale, rest))
    }

    #[test]
    fn reads_units_with_their_extensions() {
        use QuantityKind::*;
        assert_eq!(unit_of("万元"), Some((Some("万元".into()), Amount, 0, "")));
        assert_eq!(unit_of("万人次"), Some((Some("人次".into()), Count, 4, "")));
        assert_eq!(unit_of("万"), Some((None, Count, 4, "")));
        assert_eq!(
            unit_of("个月"),
            Some((Some("个月".into()), Duration, 0, ""))
        );
        assert_eq!(
            unit_of("个工作日内"),
            Some((Some("个工作日".into()), Duration, 0, "内"))
        );
        assert_eq!(
            unit_of("个单位"),
            Some((Some("个单位".into()), Count, 0, ""))
        );
        assert_eq!(
            unit_of("个村居(社区)"),
            Some((Some("个村居(社区)".into()), Count, 0, ""))
        );
        assert_eq!(
            unit_of("件(套)"),
            Some((Some("件(套)".into()), Count, 0, ""))
        );
        assert_eq!(
            unit_of("个以上"),
            Some((Some("个".into()), Count, 0, "以上"))
        );
        assert_eq!(
            unit_of("元/人"),
            Some((Some("元/人".into()), Amount, 0, ""))
        );
        assert_eq!(unit_of("千米"), Some((Some("千米".into()), Count, 0, "")));
        assert_eq!(unit_of("千人"), Some((Some("人".into()), Count, 3, "")));
        assert_eq!(unit_of("百分比"), Some((Some("%".into()), Percent, 0, "")));
        assert_eq!(
            unit_of("亿美元"),
            Some((Some("亿美元".into()), Amount, 0, ""))
        );
        assert_eq!(
            unit_of("亿人民币"),
            Some((Some("亿人民币".into()), Amount, 0, ""))
        );
        assert_eq!(
            unit_of("亿元人民币"),
            Some((Some("亿元人民币".into()), Amount, 0, ""))
        );
        assert_eq!(
            unit_of("元/台(部)"),
            Some((Some("元/台(部)".into()), Amount, 0, ""))
        );
        assert_eq!(unit_of("日元"), Some((Some("日元".into()), Amount, 0, "")));
        assert_eq!(
            unit_of("元/人/年"),
            Some((Some("元/人/年".into()), Amount, 0, ""))
        );
        assert_eq!(
            unit_of("元/月"),
            Some((Some("元/月".into()), Amount, 0, ""))
        );
        assert_eq!(unit_of("元/"), Some((Some("元".into()), Amount, 0, "/")));
        assert!(parse_unit("万%").is_none());
        assert!(parse_unit("万元元").is_some_and(|(_, rest)| rest == "元"));
    }

    #[test]
    fn reads_unit_labels() {
        assert_eq!(
            parse_unit_label("单位：万元").and_then(|u| u.unit),
            Some("万元".into())
        );
        assert_eq!(
            parse_unit_label("（元）").and_then(|u| u.unit),
            Some("元".into())
        );
        assert_eq!(parse_unit_label("-"), None);
        assert_eq!(parse_unit_label("无"), None);
        assert_eq!(parse_unit_label("生活保障"), None);
        assert_eq!(parse_unit_label("万"), None);
    }

    #[test]
    fn converts_money_to_yuan() {
        let v = Decimal::from(12);
        assert_eq!(to_yuan(v, "元"), Some(Decimal::from(12)));
        assert_eq!(to_yuan(v, "千元"), Some(Decimal::from(12_000)));
        assert_eq!(to_yuan(v, "万元"), Some(Decimal::from(120_000)));
        assert_eq!(to_yuan(v, "亿元"), Some(Decimal::from(1_200_000_000)));
        assert_eq!(to_yuan(v, " 万元 "), Some(Decimal::from(120_000)));
        assert_eq!(to_yuan(v, "%"), None);
        assert_eq!(to_yuan(Decimal::MAX, "亿元"), None);
    }
}
