//! Cell values as the sheet shows them: Excel number format codes applied
//! to numbers (decimal places, grouping, percent, literals, dates).
//!
//! Figures are held in [`Decimal`]: the file's value (xlsx text, xls binary
//! double) is first rounded to 15 significant digits, as Excel does before
//! display, so that `2.6749999999999998` shows as "2.68" under `0.00`, then
//! rounded half away from zero to the format's decimal places.

use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

/// A cell's value before display.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A number (also dates and times, as serial day numbers).
    Number(Decimal),
    /// Text as stored.
    Text(String),
    /// A boolean.
    Bool(bool),
    /// An error value ("#DIV/0!").
    Error(String),
}

/// Built-in number formats by id (ECMA-376 §18.8.30, with the zh-CN forms
/// of the locale-dependent date ids 14, 22, 27–36 and 50–58), sorted by id.
const BUILTIN_FORMATS: [(u32, &str); 44] = [
    (0, "General"),
    (1, "0"),
    (2, "0.00"),
    (3, "#,##0"),
    (4, "#,##0.00"),
    (9, "0%"),
    (10, "0.00%"),
    (11, "0.00E+00"),
    (12, "# ?/?"),
    (13, "# ??/??"),
    (14, "yyyy/m/d"),
    (15, "d-mmm-yy"),
    (16, "d-mmm"),
    (17, "mmm-yy"),
    (18, "h:mm AM/PM"),
    (19, "h:mm:ss AM/PM"),
    (20, "h:mm"),
    (21, "h:mm:ss"),
    (22, "yyyy/m/d h:mm"),
    (27, "yyyy\"年\"m\"月\""),
    (28, "m\"月\"d\"日\""),
    (29, "m\"月\"d\"日\""),
    (30, "m-d-yy"),
    (31, "yyyy\"年\"m\"月\"d\"日\""),
    (32, "h\"时\"mm\"分\""),
    (33, "h\"时\"mm\"分\"ss\"秒\""),
    (34, "上午/下午h\"时\"mm\"分\""),
    (35, "上午/下午h\"时\"mm\"分\"ss\"秒\""),
    (36, "yyyy\"年\"m\"月\""),
    (37, "#,##0 ;(#,##0)"),
    (38, "#,##0 ;[Red](#,##0)"),
    (39, "#,##0.00;(#,##0.00)"),
    (40, "#,##0.00;[Red](#,##0.00)"),
    (45, "mm:ss"),
    (46, "[h]:mm:ss"),
    (47, "mmss.0"),
    (48, "##0.0E+0"),
    (49, "@"),
    (50, "yyyy\"年\"m\"月\""),
    (51, "m\"月\"d\"日\""),
    (52, "yyyy\"年\"m\"月\""),
    (53, "m\"月\"d\"日\""),
    (57, "yyyy\"年\"m\"月\""),
    (58, "m\"月\"d\"日\""),
];

/// The format code of a built-in id; ids without a code are General.
pub(crate) fn builtin_format(id: u32) -> &'static str {
    BUILTIN_FORMATS
        .binary_search_by_key(&id, |(i, _)| *i)
        .ok()
        .and_then(|i| BUILTIN_FORMATS.get(i))
        .map(|(_, code)| *code)
        .unwrap_or("General")
}

/// Reads a number as stored in xlsx `<v>` text ("1234.5", "9.1639999999999999E-2").
pub(crate) fn parse_number(s: &str) -> Option<Decimal> {
    let s = s.trim();
    Decimal::from_str(s)
        .ok()
        .or_else(|| Decimal::from_scientific(s).ok())
        .or_else(|| {
            // Values past Decimal's 28 digits (1E+30): not a budget figure.
            s.parse::<f64>().ok().and_then(decimal_from_f64)
        })
}

/// A binary double as the decimal it prints as (shortest round-trip form).
pub(crate) fn decimal_from_f64(v: f64) -> Option<Decimal> {
    if !v.is_finite() {
        return None;
    }
    let s = format!("{v}");
    Decimal::from_str(&s)
        .ok()
        .or_else(|| Decimal::from_scientific(&format!("{v:e}")).ok())
}

/// The text a cell shows for `value` under format `code`.
pub(crate) fn display(value: &Value, code: &str, date1904: bool) -> String {
    match value {
        Value::Text(s) => text_section(code).map_or_else(|| s.clone(), |sec| apply_text(sec, s)),
        Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Value::Error(e) => e.clone(),
        Value::Number(n) => format_number(*n, code, date1904),
    }
}

/// Splits a format code into its `;` sections (outside quotes, brackets and escapes).
fn sections(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for (i, c) in code.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if !quoted => escaped = true,
            '"' if !bracket => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            ';' if !quoted && !bracket => {
                out.push(code.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(code.get(start..).unwrap_or(""));
    out
}

/// The section that formats text (the fourth, or a lone section with `@`).
fn text_section(code: &str) -> Option<&str> {
    let secs = sections(code);
    match secs.as_slice() {
        [_, _, _, t, ..] => Some(t),
        [one] if one.contains('@') => Some(one),
        _ => None,
    }
}

fn apply_text(section: &str, text: &str) -> String {
    let mut out = String::new();
    for tok in tokens(section) {
        match tok {
            Token::Literal(s) => out.push_str(&s),
            Token::Char('@') => out.push_str(text),
            Token::Char(_) | Token::Bracket(_) => {}
        }
    }
    out.trim().to_owned()
}

/// One piece of a format section.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// Text printed as is (quoted, escaped, or a space for `_x`).
    Literal(String),
    /// A bracketed code: colour, condition, locale or currency, elapsed time.
    Bracket(String),
    /// Any other character: placeholders, date letters, separators.
    Char(char),
}

fn tokens(section: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = section.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut s = String::new();
                for d in chars.by_ref() {
                    if d == '"' {
                        break;
                    }
                    s.push(d);
                }
                out.push(Token::Literal(s));
            }
            '\\' => {
                if let Some(d) = chars.next() {
                    out.push(Token::Literal(d.to_string()));
                }
            }
            '_' => {
                // Padding as wide as the next character: a space, trimmed later.
                chars.next();
                out.push(Token::Literal(" ".to_owned()));
            }
            '*' => {
                // Fill to the column width with the next character: nothing.
                chars.next();
            }
            '[' => {
                let mut s = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    s.push(d);
                }
                out.push(Token::Bracket(s));
            }
            _ => out.push(Token::Char(c)),
        }
    }
    out
}

/// Whether a section formats dates or times.
fn is_date_section(toks: &[Token]) -> bool {
    let mut date = false;
    for t in toks {
        match t {
            Token::Char('0' | '#' | '?') => return false,
            Token::Char(c) if "yYdDmMhHsS".contains(*c) => date = true,
            Token::Bracket(b) if is_elapsed(b) => date = true,
            _ => {}
        }
    }
    date
}

/// Whether a bracket is an elapsed-time code: `[h]`, `[mm]`, `[ss]`.
fn is_elapsed(b: &str) -> bool {
    let l = b.to_ascii_lowercase();
    ['h', 'm', 's']
        .iter()
        .any(|u| !l.is_empty() && l.chars().all(|c| c == *u))
}

/// Formats a number under `code`.
pub(crate) fn format_number(n: Decimal, code: &str, date1904: bool) -> String {
    let n = n.round_sf(15).unwrap_or(n);
    let secs = sections(code);
    let (section, signed) = match secs.as_slice() {
        [one] => (*one, true),
        [pos, neg] => {
            if n.is_sign_negative() && !n.is_zero() {
                (*neg, false)
            } else {
                (*pos, true)
            }
        }
        [pos, neg, zero, ..] => {
            if n.is_zero() {
                (*zero, true)
            } else if n.is_sign_negative() {
                (*neg, false)
            } else {
                (*pos, true)
            }
        }
        [] => ("General", true),
    };
    let toks = tokens(section);
    // Conditions ([>=100]) pick sections by value; we do not evaluate them.
    if toks
        .iter()
        .any(|t| matches!(t, Token::Bracket(b) if b.starts_with(['<', '>', '='])))
    {
        return general(n);
    }
    let is_general = section.trim().is_empty()
        || section.trim().eq_ignore_ascii_case("general")
        || toks
            .iter()
            .all(|t| !matches!(t, Token::Char(c) if "0#?yYdDmMhHsS@".contains(*c)))
            && section.to_ascii_lowercase().contains("general");
    // A text format ("@") shows a number as General.
    let text_only = toks.iter().any(|t| matches!(t, Token::Char('@')))
        && !toks
            .iter()
            .any(|t| matches!(t, Token::Char('0' | '#' | '?')));
    if is_general || text_only {
        return general(n);
    }
    if is_date_section(&toks) {
        return format_date(n, &toks, date1904).unwrap_or_else(|| general(n));
    }
    let value = if signed { n } else { n.abs() };
    format_plain(value, &toks).unwrap_or_else(|| general(n))
}

/// Excel's General: up to 15 significant digits, no trailing zeros.
pub(crate) fn general(n: Decimal) -> String {
    let n = n.round_sf(15).unwrap_or(n).normalize();
    n.to_string()
}

/// Formats a number with digit placeholders; `None` for what we do not
/// render (scientific notation, fractions).
fn format_plain(n: Decimal, toks: &[Token]) -> Option<String> {
    // Layout of the placeholders.
    let mut int_zeros = 0usize;
    let mut frac_zeros = 0usize;
    let mut frac_places = 0usize;
    let mut grouping = false;
    let mut percent = 0u32;
    let mut in_frac = false;
    let mut seen_digit = false;
    let mut trailing_commas = 0u32;
    let mut prefix = String::new();
    let mut suffix = String::new();
    for t in toks {
        match t {
            Token::Char(c @ ('0' | '#' | '?')) => {
                if trailing_commas > 0 && !in_frac {
                    // A comma between placeholders groups thousands.
                    grouping = true;
                    trailing_commas = 0;
                }
                seen_digit = true;
                if in_frac {
                    frac_places += 1;
                    if *c == '0' {
                        frac_zeros = frac_places;
                    }
                } else if *c == '0' {
                    int_zeros += 1;
                }
            }
            Token::Char('.') if seen_digit || !in_frac => {
                in_frac = true;
                seen_digit = true;
            }
            Token::Char(',') if seen_digit => trailing_commas += 1,
            Token::Char('%') => {
                percent += 1;
                push_lit(&mut prefix, &mut suffix, seen_digit, "%");
            }
            Token::Char('E' | 'e' | '/') => return None,
            Token::Char('@') => {}
            Token::Char(c) => push_lit(&mut prefix, &mut suffix, seen_digit, &c.to_string()),
            Token::Literal(s) => push_lit(&mut prefix, &mut suffix, seen_digit, s),
            Token::Bracket(b) => {
                // [$¥-804]: a currency symbol; colours and locales print nothing.
                if let Some(rest) = b.strip_prefix('$') {
                    let sym = rest.split('-').next().unwrap_or("");
                    push_lit(&mut prefix, &mut suffix, seen_digit, sym);
                }
            }
        }
    }
    if !seen_digit {
        // A section of literals only ("-" for zero).
        return Some(format!("{prefix}{suffix}").trim().to_owned());
    }
    let mut v = n;
    for _ in 0..percent {
        v = v.checked_mul(Decimal::ONE_HUNDRED)?;
    }
    for _ in 0..trailing_commas {
        v = v.checked_div(Decimal::ONE_THOUSAND)?;
    }
    let dp = u32::try_from(frac_places).ok()?;
    let v = v.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    // Excel keeps the sign of the value, not of its rounding: -0.4 under "0" is "-0".
    let negative = n.is_sign_negative() && !n.is_zero();
    let abs = v.abs();
    let s = format!("{:.*}", frac_places, abs);
    let (int_part, frac_part) = s.split_once('.').unwrap_or((s.as_str(), ""));
    let mut int_digits = int_part.trim_start_matches('0').to_owned();
    while int_digits.len() < int_zeros {
        int_digits.insert(0, '0');
    }
    if grouping {
        int_digits = group_thousands(&int_digits);
    }
    let mut frac: String = frac_part.to_owned();
    while frac.len() > frac_zeros && frac.ends_with('0') {
        frac.pop();
    }
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&prefix);
    out.push_str(&int_digits);
    if !frac.is_empty() {
        out.push('.');
        out.push_str(&frac);
    } else if frac_places > 0 && frac_zeros == 0 {
        // "#.##" on a whole number still prints the point: "12."; a reader sees 12.
    }
    out.push_str(&suffix);
    Some(out.trim().to_owned())
}

fn push_lit(prefix: &mut String, suffix: &mut String, after_digits: bool, s: &str) {
    if after_digits {
        suffix.push_str(s);
    } else {
        prefix.push_str(s);
    }
}

fn group_thousands(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A civil date and time from a serial day number.
struct DateTime {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    weekday: u32,
}

/// Excel's serial day to a date: day 1 is 1900-01-01 and the fictitious
/// 1900-02-29 (day 60) is kept for Lotus compatibility; the 1904 system
/// counts from 1904-01-01 (day 0).
fn to_datetime(serial: Decimal, date1904: bool) -> Option<DateTime> {
    if serial.is_sign_negative() {
        return None;
    }
    let days = serial.trunc();
    let secs = ((serial - days) * Decimal::from(86_400))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let mut days = i64::try_from(days).ok()?;
    let mut secs = i64::try_from(secs).ok()?;
    if secs >= 86_400 {
        secs -= 86_400;
        days += 1;
    }
    if days > 2_958_465 {
        // After 9999-12-31.
        return None;
    }
    let (year, month, day) = if date1904 {
        // Day 0 is 1904-01-01, day -24107 from 1970-01-01.
        civil_from_days(days - 24_107)?
    } else if days == 60 {
        (1900, 2, 29)
    } else {
        let d = if days > 60 { days - 1 } else { days };
        // Day 1 is 1900-01-01, which is day -25567 from 1970-01-01.
        civil_from_days(d - 25_568)?
    };
    let weekday = u32::try_from((days + if date1904 { 5 } else { 6 }).rem_euclid(7)).ok()?;
    Some(DateTime {
        year,
        month,
        day,
        hour: u32::try_from(secs / 3600).ok()?,
        minute: u32::try_from(secs / 60 % 60).ok()?,
        second: u32::try_from(secs % 60).ok()?,
        weekday,
    })
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian
/// calendar (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> Option<(i64, u32, u32)> {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = if m <= 2 { y + 1 } else { y };
    Some((year, u32::try_from(m).ok()?, u32::try_from(d).ok()?))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn format_date(n: Decimal, toks: &[Token], date1904: bool) -> Option<String> {
    let dt = to_datetime(n, date1904)?;
    // Runs of the same letter, case-folded; `m` after `h` or before `s` is minutes.
    let mut runs: Vec<(char, usize)> = Vec::new();
    let mut lits: Vec<Option<String>> = Vec::new();
    for t in toks {
        match t {
            Token::Char(c) if "yYdDmMhHsS".contains(*c) => {
                let c = c.to_ascii_lowercase();
                match runs.last_mut() {
                    Some((last, k)) if *last == c && lits.last().is_some_and(Option::is_none) => {
                        *k += 1;
                    }
                    _ => {
                        runs.push((c, 1));
                        lits.push(None);
                    }
                }
            }
            Token::Char(c) => {
                runs.push(('\0', 0));
                lits.push(Some(c.to_string()));
            }
            Token::Literal(s) => {
                runs.push(('\0', 0));
                lits.push(Some(s.clone()));
            }
            Token::Bracket(b) if is_elapsed(b) => {
                runs.push(('[', 0));
                lits.push(Some(b.to_ascii_lowercase()));
            }
            Token::Bracket(_) => {}
        }
    }
    let has_ampm = toks.iter().any(|t| matches!(t, Token::Char('A' | 'a')))
        || toks
            .iter()
            .any(|t| matches!(t, Token::Literal(s) if s.contains("上午")));
    let mut out = String::new();
    let letters: Vec<usize> = (0..runs.len())
        .filter(|&i| runs.get(i).is_some_and(|r| r.1 > 0))
        .collect();
    for (i, ((c, k), lit)) in runs.iter().zip(&lits).enumerate() {
        if let Some(l) = lit {
            if *c == '[' {
                let total_hours = i64::try_from(n.trunc()).ok()? * 24 + i64::from(dt.hour);
                match l.chars().next() {
                    Some('h') => out.push_str(&total_hours.to_string()),
                    Some('m') => {
                        out.push_str(&(total_hours * 60 + i64::from(dt.minute)).to_string())
                    }
                    _ => out.push_str(
                        &((total_hours * 60 + i64::from(dt.minute)) * 60 + i64::from(dt.second))
                            .to_string(),
                    ),
                }
            } else if l == "AM/PM" || l == "上午/下午" {
                out.push_str(if dt.hour < 12 { "上午" } else { "下午" });
            } else {
                out.push_str(l);
            }
            continue;
        }
        let pos = letters.iter().position(|&j| j == i);
        let prev = pos
            .and_then(|p| p.checked_sub(1))
            .and_then(|p| letters.get(p))
            .and_then(|&j| runs.get(j));
        let next = pos
            .and_then(|p| letters.get(p + 1))
            .and_then(|&j| runs.get(j));
        match c {
            'y' => {
                if *k <= 2 {
                    out.push_str(&format!("{:02}", dt.year.rem_euclid(100)));
                } else {
                    out.push_str(&dt.year.to_string());
                }
            }
            'm' => {
                let minutes =
                    prev.is_some_and(|(p, _)| *p == 'h') || next.is_some_and(|(q, _)| *q == 's');
                if minutes && *k <= 2 {
                    push_num(&mut out, dt.minute, *k);
                } else {
                    let name = MONTHS.get(usize::try_from(dt.month).ok()?.checked_sub(1)?)?;
                    match k {
                        1 | 2 => push_num(&mut out, dt.month, *k),
                        3 => out.push_str(name.get(..3).unwrap_or(name)),
                        4 => out.push_str(name),
                        _ => out.push_str(name.get(..1).unwrap_or(name)),
                    }
                }
            }
            'd' => match k {
                1 | 2 => push_num(&mut out, dt.day, *k),
                _ => {
                    let name = WEEKDAYS.get(usize::try_from(dt.weekday).ok()?)?;
                    if *k == 3 {
                        out.push_str(name.get(..3).unwrap_or(name));
                    } else {
                        out.push_str(name);
                    }
                }
            },
            'h' => {
                let h = if has_ampm {
                    match dt.hour % 12 {
                        0 => 12,
                        x => x,
                    }
                } else {
                    dt.hour
                };
                push_num(&mut out, h, *k);
            }
            's' => push_num(&mut out, dt.second, *k),
            _ => {}
        }
    }
    // "AM/PM" arrives as characters A, M, /, P, M: rewrite it.
    let out = out.replace("AM/PM", if dt.hour < 12 { "AM" } else { "PM" });
    Some(out.trim().to_owned())
}

fn push_num(out: &mut String, v: u32, width: usize) {
    if width >= 2 {
        out.push_str(&format!("{v:02}"));
    } else {
        out.push_str(&v.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        parse_number(s).unwrap()
    }

    #[test]
    fn builtin_formats_are_sorted_and_unique() {
        assert!(BUILTIN_FORMATS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(builtin_format(4), "#,##0.00");
        assert_eq!(builtin_format(99), "General");
    }

    #[test]
    fn decimal_places_come_from_the_format() {
        assert_eq!(format_number(d("1234.5"), "#,##0.00", false), "1,234.50");
        assert_eq!(format_number(d("1234.5"), "0.00", false), "1234.50");
        assert_eq!(format_number(d("350"), "0", false), "350");
        assert_eq!(format_number(d("10.8"), "0.0", false), "10.8");
        assert_eq!(
            format_number(d("2.6749999999999998"), "0.00", false),
            "2.68"
        );
        assert_eq!(format_number(d("0.5"), "0", false), "1");
        assert_eq!(format_number(d("-0.4"), "0", false), "-0");
        assert_eq!(format_number(d("12.5"), "#.##", false), "12.5");
    }

    #[test]
    fn percent_and_sections() {
        assert_eq!(
            format_number(d("0.91639999999999999"), "0.00%", false),
            "91.64%"
        );
        assert_eq!(format_number(d("1"), "0%", false), "100%");
        let acct = "#,##0.00_);[Red](#,##0.00)";
        assert_eq!(format_number(d("160000"), acct, false), "160,000.00");
        assert_eq!(format_number(d("-12.5"), acct, false), "(12.50)");
        assert_eq!(format_number(d("0"), "0.00;-0.00;\"-\"", false), "-");
        assert_eq!(format_number(d("-3"), "0.00", false), "-3.00");
        assert_eq!(format_number(d("5"), "[$¥-804]#,##0.00", false), "¥5.00");
        assert_eq!(format_number(d("5"), "0.00\"万元\"", false), "5.00万元");
        assert_eq!(format_number(d("1234567"), "#,##0,", false), "1,235");
    }

    #[test]
    fn general_drops_float_noise() {
        assert_eq!(general(d("0.30000000000000004")), "0.3");
        assert_eq!(general(d("480000")), "480000");
        assert_eq!(format_number(d("1.50"), "General", false), "1.5");
        assert_eq!(format_number(d("7"), "@", false), "7");
        assert_eq!(format_number(d("2"), "", false), "2");
    }

    #[test]
    fn dates_are_dates() {
        // 2023-11-30 is serial 45260 in the 1900 system.
        assert_eq!(format_number(d("45260"), "yyyy/m/d", false), "2023/11/30");
        assert_eq!(
            format_number(d("45260"), "yyyy\"年\"m\"月\"d\"日\"", false),
            "2023年11月30日"
        );
        assert_eq!(format_number(d("45260"), "yyyy-mm-dd", false), "2023-11-30");
        assert_eq!(
            format_number(d("45260.5"), "yyyy-mm-dd hh:mm", false),
            "2023-11-30 12:00"
        );
        assert_eq!(format_number(d("60"), "yyyy-mm-dd", false), "1900-02-29");
        assert_eq!(format_number(d("61"), "yyyy-mm-dd", false), "1900-03-01");
        assert_eq!(format_number(d("1"), "yyyy-mm-dd", false), "1900-01-01");
        assert_eq!(format_number(d("43798"), "yyyy-mm-dd", true), "2023-11-30");
        assert_eq!(format_number(d("45260"), "d-mmm-yy", false), "30-Nov-23");
        assert_eq!(format_number(d("0.75"), "h:mm", false), "18:00");
    }

    #[test]
    fn text_sections() {
        assert_eq!(display(&Value::Text("abc".into()), "@", false), "abc");
        assert_eq!(
            display(&Value::Text("x".into()), "0;0;0;\"<\"@\">\"", false),
            "<x>"
        );
        assert_eq!(display(&Value::Text("x".into()), "0.00", false), "x");
        assert_eq!(display(&Value::Bool(true), "General", false), "TRUE");
    }
}
