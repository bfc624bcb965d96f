//! Printed figures: "22,937.31", "0", "-12.5", "(12.50)".

use yusuan_model::Decimal;

/// Reads an unsigned figure at the start of `s`; returns it and the rest.
///
/// Accepted: digits, optionally grouped by commas in threes ("1,057.13"), and
/// an optional fraction. Refused, because a reader could not be sure of the
/// figure: a comma group that is not three digits ("1,2" is a list or a
/// misread), a leading zero ("01" is a code), a dot without digits on both
/// sides, two dots, and anything beyond what `Decimal` holds exactly.
pub(crate) fn parse_unsigned(s: &str) -> Option<(Decimal, &str)> {
    let end = s
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .map_or(s.len(), |(i, _)| i);
    let (token, rest) = s.split_at_checked(end)?;
    let value = parse_token(token)?;
    Some((value, rest))
}

/// Reads a signed figure: an optional `-`/`+` before an unsigned one.
pub(crate) fn parse_signed(s: &str) -> Option<(Decimal, &str)> {
    if let Some(after) = s.strip_prefix('-') {
        let (v, rest) = parse_unsigned(after)?;
        Some((negate(v), rest))
    } else if let Some(after) = s.strip_prefix('+') {
        parse_unsigned(after)
    } else {
        parse_unsigned(s)
    }
}

/// An accounting negative filling the whole string: "(12.50)", "(1,200)".
///
/// Only with a decimal point or a thousands comma inside: a bare "(1)" is far
/// more often a list number than a negative one.
pub(crate) fn parse_parenthesized(s: &str) -> Option<Decimal> {
    let inner = s.strip_prefix('(')?.strip_suffix(')')?;
    if !inner.contains(['.', ',']) {
        return None;
    }
    let (v, rest) = parse_unsigned(inner)?;
    rest.is_empty().then_some(negate(v))
}

/// `-v`, without a negative zero ("-0.00" is 0).
fn negate(v: Decimal) -> Decimal {
    if v.is_zero() { Decimal::ZERO } else { -v }
}

fn parse_token(token: &str) -> Option<Decimal> {
    let (int, frac) = match token.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (token, None),
    };
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut digits = String::with_capacity(token.len());
    if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || first.starts_with('0') {
            return None;
        }
        digits.push_str(first);
        for g in groups {
            if g.len() != 3 {
                return None;
            }
            digits.push_str(g);
        }
    } else {
        if int.is_empty() || (int.len() > 1 && int.starts_with('0')) {
            return None;
        }
        digits.push_str(int);
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac {
        digits.push('.');
        digits.push_str(f);
    }
    Decimal::from_str_exact(&digits).ok().map(|d| d.normalize())
}

/// `value × 10^exp`, or `None` on overflow.
pub(crate) fn scale(value: Decimal, exp: u32) -> Option<Decimal> {
    let factor = 10_i64.checked_pow(exp)?;
    value
        .checked_mul(Decimal::from(factor))
        .map(|d| d.normalize())
}

/// Whether `s` is a figure misread, as OCR misreads noisy scans: digits
/// and two or more separators (`.` `,`) grouped as a printed figure groups
/// them (first group 1–3 digits, the next ones 3, the last 2 or 3), that
/// does not parse as one ("3.838.92": a thousands comma read as a point;
/// "3,838,92": a decimal point read as a comma). Such a cell is uncertain:
/// which separator is wrong cannot be known, so it is never guessed.
/// Section numbers ("1.2.3") and dates ("2024.12.31") do not group so.
pub(crate) fn is_misread_figure(s: &str) -> bool {
    let s = s.trim();
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return false;
    }
    let groups: Vec<&str> = s.split(['.', ',']).collect();
    if groups.len() < 3 || parse_whole(s).is_some() {
        return false;
    }
    let last = groups.len() - 1;
    groups.iter().enumerate().all(|(i, g)| {
        let n = g.len();
        if i == 0 {
            (1..=3).contains(&n) && !g.starts_with('0')
        } else if i == last {
            n == 2 || n == 3
        } else {
            n == 3
        }
    })
}

/// Parses a whole string as a number, for tests and `parse_amount`.
pub(crate) fn parse_whole(s: &str) -> Option<Decimal> {
    if let Some(v) = parse_parenthesized(s) {
        return Some(v);
    }
    let (v, rest) = parse_signed(s)?;
    rest.is_empty().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn reads_printed_figures() {
        assert_eq!(parse_whole("22,937.31"), Some(d("22937.31")));
        assert_eq!(parse_whole("1,057.13"), Some(d("1057.13")));
        assert_eq!(parse_whole("100.00"), Some(d("100")));
        assert_eq!(parse_whole("0"), Some(d("0")));
        assert_eq!(parse_whole("0.44"), Some(d("0.44")));
        assert_eq!(parse_whole("-12.5"), Some(d("-12.5")));
        assert_eq!(parse_whole("(12.50)"), Some(d("-12.5")));
        assert_eq!(parse_whole("(1,200)"), Some(d("-1200")));
        assert_eq!(parse_whole("1,361,034.00"), Some(d("1361034")));
    }

    #[test]
    fn refuses_what_a_reader_would_question() {
        for s in [
            "", "1,2", "01", "1.", ".5", "1.2.3", "1,0000", ",100", "(1)", "1 000", "--1", "0,123",
        ] {
            assert_eq!(parse_whole(s), None, "{s}");
        }
        assert_eq!(parse_whole("99999999999999999999999999999999"), None);
    }

    #[test]
    fn figures_with_misread_separators_are_recognised_not_read() {
        for s in [
            "3.838.92",
            "3,838,92",
            "1.234.567",
            "12.345,6,78",
            "-3.838.92",
        ] {
            assert_eq!(parse_whole(s), None, "{s}");
        }
        for s in [
            "3.838.92",
            "3,838,92",
            "1.234.567",
            "-3.838.92",
            "1,234.567.00",
        ] {
            assert!(is_misread_figure(s), "{s}");
        }
        // Valid figures, section numbers, dates, codes and lists are not.
        for s in [
            "3,838.92",
            "1.2.3",
            "2024.12.31",
            "2010301",
            "1,2",
            "1.5",
            "",
            "3.8a.92",
            "0.838.92",
            "1.23.45",
        ] {
            assert!(!is_misread_figure(s), "{s}");
        }
    }

    #[test]
    fn normalizes_trailing_zeros_and_sign_of_zero() {
        let v = parse_whole("-0.00").unwrap_or_default();
        assert!(v.is_zero());
        assert_eq!(v.to_string(), "0");
        assert_eq!(
            scale(d("70.65"), 4).map(|v| v.to_string()),
            Some("706500".to_string())
        );
    }
}
