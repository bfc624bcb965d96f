//! Dates and deadlines: "2024年12月31日前", "2023年度内", "年底前完成".

use yusuan_model::{Decimal, Op, Quantity, QuantityKind};

use crate::vocab::{
    DATE_SUFFIXES, DateSuffix, OPERATOR_PREFIXES, RANGE_SEPARATORS, YEAR_END_PHRASES,
    longest_prefix, longest_word,
};

/// Years a budget form can mean; other four-digit figures are not dates.
const YEARS: std::ops::RangeInclusive<u32> = 1900..=2100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ymd {
    y: u32,
    m: u32,
    d: u32,
}

impl Ymd {
    fn value(self) -> Decimal {
        Decimal::from(self.y * 10_000 + self.m * 100 + self.d)
    }

    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Precision {
    Year,
    Month,
    /// Several months or years ("2022年5-6月", "2025-2026年").
    Span,
    Day,
}

/// Reads `s` as a date or deadline, or `None` if it is not one.
///
/// `default_op` is the operator of the 指标性质 column, used when the cell
/// itself states none.
pub(crate) fn parse_date(raw: &str, s: &str, default_op: Option<Op>) -> Option<Quantity> {
    let (cell_op, body) = match longest_prefix(OPERATOR_PREFIXES, s) {
        Some((w, op)) => (Some(op), s.get(w.len()..)?),
        None => (None, s),
    };
    if YEAR_END_PHRASES.contains(&body) || is_yearless_deadline(body) {
        // "年底前完成", "12月底前": a deadline in a year the cell does not
        // name, so no value; "年底", "当年" name the time without a bound.
        let op = body.contains(['前', '内']).then_some(Op::Le);
        if cell_op.is_some_and(|c| Some(c) != op) {
            return None;
        }
        let mut q = Quantity::text(raw);
        q.kind = QuantityKind::Date;
        q.op = op;
        return Some(q);
    }
    let (start, end, precision, rest) = parse_period(body)?;
    // "2022年全年": the whole year, said twice.
    let rest = match rest.strip_prefix("全年") {
        Some(r) if precision == Precision::Year => r,
        _ => rest,
    };
    let (suffix, rest) = match longest_prefix(DATE_SUFFIXES, rest) {
        Some((w, suffix)) => (Some(suffix), rest.get(w.len()..)?),
        None => (None, rest),
    };
    let rest = rest.strip_prefix("完成").unwrap_or(rest);
    if !rest.is_empty() {
        return None;
    }
    if suffix == Some(DateSuffix::End) && precision == Precision::Day {
        return None;
    }
    let op = match (cell_op, suffix) {
        (Some(op), Some(DateSuffix::By)) if op != Op::Le => return None,
        (Some(op), _) => Some(op),
        (None, Some(DateSuffix::By)) => Some(Op::Le),
        (None, Some(DateSuffix::End)) => None,
        (None, None) => default_op,
    };
    let mut q = Quantity::text(raw);
    q.kind = QuantityKind::Date;
    let point = |q: &mut Quantity, op: Option<Op>, day: Ymd| {
        q.op = op;
        q.value = Some(day.value());
        q.date = Some(day.iso());
    };
    if precision == Precision::Day {
        point(&mut q, op, start);
    } else if suffix == Some(DateSuffix::End) {
        point(&mut q, op, end);
    } else {
        match op {
            Some(Op::Le | Op::Gt) => point(&mut q, op, end),
            Some(Op::Ge | Op::Lt) => point(&mut q, op, start),
            Some(Op::Eq | Op::Range) | None => {
                q.op = Some(Op::Range);
                q.value = Some(start.value());
                q.max = Some(end.value());
                q.date = Some(format!("{}/{}", start.iso(), end.iso()));
            }
        }
    }
    Some(q)
}

/// A date or span of dates at the start of `s`: first day, last day,
/// precision, rest. Spans: "2022年5-6月", "2022年4月至8月",
/// "2025-2026年", "2022年1月1日-12月31日", "2022.1.1-2022.12.31".
fn parse_period(s: &str) -> Option<(Ymd, Ymd, Precision, &str)> {
    if let Some((y1, r)) = year(s)
        && let Some(sep) = longest_word(RANGE_SEPARATORS, r)
        && let Some((y2, r)) = r.get(sep.len()..).and_then(year)
        && let Some(r) = strip_year_word(r)
    {
        return (y2 > y1).then_some((
            Ymd { y: y1, m: 1, d: 1 },
            Ymd {
                y: y2,
                m: 12,
                d: 31,
            },
            Precision::Span,
            r,
        ));
    }
    if let Some((day, rest)) = parse_us_date(s) {
        return Some((day, day, Precision::Day, rest));
    }
    let (start, end, precision, rest) = parse_point(s, None)?;
    if let Some(sep) = longest_word(RANGE_SEPARATORS, rest)
        && let Some((_, last, _, after)) = rest
            .get(sep.len()..)
            .and_then(|r| parse_point(r, Some(start.y)))
    {
        return (last.value() > end.value()).then_some((start, last, Precision::Span, after));
    }
    Some((start, end, precision, rest))
}

/// One date, month or year: "2024年12月31日", "2024年12月", "2023年度",
/// "2024-12-31", or, after the first end of a span, "8月" / "12月31日"
/// in `year_hint`'s year. A month span "5-6月" is read here too.
fn parse_point(s: &str, year_hint: Option<u32>) -> Option<(Ymd, Ymd, Precision, &str)> {
    let (y, rest) = match year(s) {
        Some((y, rest)) => {
            for sep in ['-', '.', '/'] {
                if let Some(r) = rest.strip_prefix(sep) {
                    let (m, r) = digits(r, 1, 2)?;
                    let r = r.strip_prefix(sep)?;
                    let (d, r) = digits(r, 1, 2)?;
                    let day = valid(y, m, d)?;
                    return Some((day, day, Precision::Day, r));
                }
            }
            let rest = strip_year_word(rest)?;
            if digits(rest, 1, 2).is_none() {
                let (first, last) = (Ymd { y, m: 1, d: 1 }, Ymd { y, m: 12, d: 31 });
                return Some((first, last, Precision::Year, rest));
            }
            (y, rest)
        }
        None => (year_hint?, s),
    };
    let (m, after_m) = digits(rest, 1, 2)?;
    let (m_end, after_m) = match after_m.strip_prefix('月') {
        Some(r) => (m, r),
        // "5-6月": a span of months sharing one 月.
        None => {
            let sep = longest_word(RANGE_SEPARATORS, after_m)?;
            let (n, r) = digits(after_m.get(sep.len()..)?, 1, 2)?;
            if n <= m {
                return None;
            }
            (n, r.strip_prefix('月')?)
        }
    };
    let first = valid(y, m, 1)?;
    let last = valid(y, m_end, days_in_month(y, m_end))?;
    if m_end != m {
        return Some((first, last, Precision::Span, after_m));
    }
    let Some((d, after_d)) = digits(after_m, 1, 2) else {
        return Some((first, last, Precision::Month, after_m));
    };
    let after_d = after_d
        .strip_prefix('日')
        .or_else(|| after_d.strip_prefix('号'))?;
    let day = valid(y, m, d)?;
    Some((day, day, Precision::Day, after_d))
}

/// A four-digit year a budget form can mean.
fn year(s: &str) -> Option<(u32, &str)> {
    let (y, rest) = digits(s, 4, 4)?;
    YEARS.contains(&y).then_some((y, rest))
}

fn strip_year_word(s: &str) -> Option<&str> {
    s.strip_prefix("年度").or_else(|| s.strip_prefix('年'))
}

/// "12月底前", "11月底", "5月30日前": a deadline in a month of a year the
/// cell does not name. Without 底/末/前 ("12月", "≤12月") a month number could
/// as well be a count of months, so those are left alone.
fn is_yearless_deadline(s: &str) -> bool {
    let Some((m, rest)) = digits(s, 1, 2) else {
        return false;
    };
    let Some(mut rest) = rest.strip_prefix('月') else {
        return false;
    };
    let mut day = None;
    if let Some((d, r)) = digits(rest, 1, 2)
        && let Some(r) = r.strip_prefix('日').or_else(|| r.strip_prefix('号'))
    {
        day = Some(d);
        rest = r;
    }
    let Some((word, suffix)) = longest_prefix(DATE_SUFFIXES, rest) else {
        return false;
    };
    let rest = rest.get(word.len()..).unwrap_or("x");
    let rest = rest.strip_prefix("完成").unwrap_or(rest);
    // A leap year allows 2月29日.
    let valid_day = day.is_none_or(|d| valid(2000, m, d).is_some());
    let fits = match day {
        Some(_) => suffix == DateSuffix::By && !word.ends_with('内'),
        None => !word.ends_with('内'),
    };
    (1..=12).contains(&m) && valid_day && fits && rest.is_empty()
}

/// "12/15/2022": month/day/year as Excel prints dates in an en-US locale.
/// Only read when the day cannot be a month (or equals it): "9/1/2022" could
/// be either, and is left as text.
fn parse_us_date(s: &str) -> Option<(Ymd, &str)> {
    let (m, r) = digits(s, 1, 2)?;
    let (d, r) = digits(r.strip_prefix('/')?, 1, 2)?;
    let (y, r) = year(r.strip_prefix('/')?)?;
    if d <= 12 && d != m {
        return None;
    }
    Some((valid(y, m, d)?, r))
}

/// Between `min` and `max` ASCII digits at the start of `s`, and no more.
fn digits(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n < min || n > max {
        return None;
    }
    let (d, rest) = s.split_at_checked(n)?;
    Some((d.parse().ok()?, rest))
}

fn valid(y: u32, m: u32, d: u32) -> Option<Ymd> {
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some(Ymd { y, m, d })
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Shown = (Option<Op>, Option<String>, Option<String>, Option<String>);

    fn show(s: &str) -> Option<Shown> {
        parse_date(s, s, None).map(|q| {
            (
                q.op,
                q.value.map(|v| v.to_string()),
                q.max.map(|v| v.to_string()),
                q.date,
            )
        })
    }

    #[test]
    fn reads_deadlines() {
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            show("2024年12月31日前"),
            Some((Some(Op::Le), some("20241231"), None, some("2024-12-31")))
        );
        assert_eq!(
            show("2024年12月31日"),
            Some((None, some("20241231"), None, some("2024-12-31")))
        );
        assert_eq!(
            show("2023年度内"),
            Some((Some(Op::Le), some("20231231"), None, some("2023-12-31")))
        );
        assert_eq!(
            show("2024年底前完成"),
            Some((Some(Op::Le), some("20241231"), None, some("2024-12-31")))
        );
        assert_eq!(
            show("2024年2月底"),
            Some((None, some("20240229"), None, some("2024-02-29")))
        );
        assert_eq!(
            show("2024年12月"),
            Some((
                Some(Op::Range),
                some("20241201"),
                some("20241231"),
                some("2024-12-01/2024-12-31")
            ))
        );
        assert_eq!(
            show("2022年5-6月"),
            Some((
                Some(Op::Range),
                some("20220501"),
                some("20220630"),
                some("2022-05-01/2022-06-30")
            ))
        );
        assert_eq!(
            show("2022年5-6月底前"),
            Some((Some(Op::Le), some("20220630"), None, some("2022-06-30")))
        );
        assert_eq!(
            show("2022年全年"),
            Some((
                Some(Op::Range),
                some("20220101"),
                some("20221231"),
                some("2022-01-01/2022-12-31")
            ))
        );
        assert_eq!(show("5月30日前"), Some((Some(Op::Le), None, None, None)));
        assert_eq!(show("12月31日前"), Some((Some(Op::Le), None, None, None)));
        assert_eq!(
            show("12/15/2022"),
            Some((None, some("20221215"), None, some("2022-12-15")))
        );
        assert_eq!(show("年底前完成"), Some((Some(Op::Le), None, None, None)));
        assert_eq!(
            show("2024-12-31"),
            Some((None, some("20241231"), None, some("2024-12-31")))
        );
    }

    #[test]
    fn refuses_non_dates() {
        for s in [
            "2023年度各项指标",
            "2024年2月30日",
            "3年",
            "2024年13月",
            "20241231",
            "2024年底日",
            "2022年6-5月",
            "2022年5-6",
            "9/1/2022",
            "5月30日",
            "5月30日内",
            "2月30日前",
        ] {
            assert_eq!(show(s), None, "{s}");
        }
        assert_eq!(show("≥2024年底前"), None);
    }
}
