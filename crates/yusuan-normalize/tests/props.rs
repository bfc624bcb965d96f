//! Properties: printed figures read back exactly; no input panics.

use proptest::prelude::*;
use yusuan_model::{Decimal, QuantityKind};
use yusuan_normalize::{ValueContext, parse_amount, parse_quantity, to_yuan};

/// Prints `int.frac` the way forms do: optional thousands commas, optional
/// full-width digits and punctuation.
fn print(int: u64, frac: &str, commas: bool, full_width: bool) -> String {
    let digits = int.to_string();
    let mut out = String::new();
    let n = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if commas && i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if full_width {
        out = out
            .chars()
            .map(|c| match c {
                '0'..='9' | ',' | '.' | '%' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                _ => c,
            })
            .collect();
    }
    out
}

fn print_digits_full_width(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

fn expected(int: u64, frac: &str) -> Decimal {
    let s = if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    };
    s.parse::<Decimal>()
        .map(|d| d.normalize())
        .unwrap_or_default()
}

proptest! {
    // Each case takes microseconds; 2000 of each run in well under a second.
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn printed_figures_read_back_exactly(
        int in 0u64..1_000_000_000_000,
        frac in "[0-9]{0,4}",
        commas: bool,
        full_width: bool,
    ) {
        let printed = print(int, &frac, commas, full_width);
        let want = expected(int, &frac);
        prop_assert_eq!(parse_amount(&printed), Some(want));
        let q = parse_quantity(&printed, &ValueContext::default());
        prop_assert_eq!(q.kind, QuantityKind::Count);
        prop_assert_eq!(q.value, Some(want));
        // Normalized: no trailing zeros in what users see.
        let shown = want.to_string();
        prop_assert!(!shown.contains('.') || !shown.ends_with('0'), "{}", shown);
    }

    #[test]
    fn money_and_multipliers_read_back_exactly(
        int in 0u64..100_000_000,
        frac in "[0-9]{0,2}",
        commas: bool,
        full_width: bool,
        unit_index in 0usize..4,
    ) {
        let (unit, exp) = [("元", 0u32), ("千元", 3), ("万元", 4), ("亿元", 8)][unit_index];
        let printed = format!("{}{unit}", print(int, &frac, commas, full_width));
        let want = expected(int, &frac);
        let q = parse_quantity(&printed, &ValueContext::default());
        prop_assert_eq!(q.kind, QuantityKind::Amount);
        prop_assert_eq!(q.value, Some(want));
        prop_assert_eq!(q.unit.as_deref(), Some(unit));
        let yuan = want * Decimal::from(10i64.pow(exp));
        prop_assert_eq!(q.yuan, Some(yuan.normalize()));
        prop_assert_eq!(to_yuan(want, unit), Some(yuan.normalize()));

        let printed = format!("{}万人次", print(int, &frac, commas, full_width));
        let q = parse_quantity(&printed, &ValueContext::default());
        prop_assert_eq!(q.kind, QuantityKind::Count);
        prop_assert_eq!(q.value, Some((want * Decimal::from(10_000)).normalize()));
        prop_assert_eq!(q.unit.as_deref(), Some("人次"));
    }

    #[test]
    fn percentages_read_back_exactly(int in 0u64..1000, frac in "[0-9]{0,2}", op_index in 0usize..4) {
        let (word, op) = [("≥", ">="), ("不低于", ">="), ("≤", "<="), ("", "")][op_index];
        let printed = format!("{word}{}%", print(int, &frac, false, false));
        let q = parse_quantity(&printed, &ValueContext::default());
        prop_assert_eq!(q.kind, QuantityKind::Percent);
        prop_assert_eq!(q.value, Some(expected(int, &frac)));
        let got_op = q.op.map(op_name).unwrap_or_default();
        prop_assert_eq!(got_op, op);
    }

    #[test]
    fn deadlines_read_back_exactly(y in 1900u32..=2100, m in 1u32..=12, d in 1u32..=28, full_width: bool) {
        let printed = format!("{y}年{m}月{d}日前");
        let printed = if full_width { print_digits_full_width(&printed) } else { printed };
        let q = parse_quantity(&printed, &ValueContext::default());
        prop_assert_eq!(q.kind, QuantityKind::Date);
        prop_assert_eq!(q.op.map(op_name), Some("<="));
        prop_assert_eq!(q.value, Some(Decimal::from(y * 10_000 + m * 100 + d)));
        prop_assert_eq!(q.date, Some(format!("{y:04}-{m:02}-{d:02}")));
    }

    #[test]
    fn ranges_read_back_exactly(a in 0u64..1000, b in 0u64..1000, sep_index in 0usize..4) {
        let sep = ["-", "~", "～", "至"][sep_index];
        let (lo, hi) = (a.min(b), a.max(b));
        let q = parse_quantity(&format!("{lo}%{sep}{hi}%"), &ValueContext::default());
        prop_assert_eq!(q.kind, QuantityKind::Percent);
        prop_assert_eq!(q.op.map(op_name), Some("range"));
        prop_assert_eq!((q.value, q.max), (Some(Decimal::from(lo)), Some(Decimal::from(hi))));
    }

    #[test]
    fn arbitrary_text_never_panics(raw in "\\PC{0,40}") {
        let _ = parse_quantity(&raw, &ValueContext::default());
        let _ = parse_amount(&raw);
    }

    #[test]
    fn cell_like_text_never_panics(
        raw in "[0-9０-９.,，．%％≥≤≧≦≪≫<>=＞＜＝()（）\\-—~～至万亿元人次个月天年日前内以上下不低于超过且；; 是否无优、/]{0,24}",
        unit in "[万元件%百分比个次天\\-—无]{0,3}",
        op in "[≥≤=定量性]{0,2}",
        header in "[执行率得分()（）万元%/ ]{0,8}",
    ) {
        let context = ValueContext {
            header: Some(&header),
            unit: Some(&unit),
            unit_cell: Some(&unit),
            op_cell: Some(&op),
        };
        let q = parse_quantity(&raw, &context);
        // Whatever comes back keeps the contract's promises.
        prop_assert_eq!(&q.raw, &raw);
        if q.kind == QuantityKind::Text {
            prop_assert!(q.value.is_none());
        }
        if let (Some(v), Some(m)) = (q.value, q.max) {
            prop_assert!(v <= m);
        }
        if q.yuan.is_some() {
            prop_assert_eq!(q.kind, QuantityKind::Amount);
        }
    }

    #[test]
    fn readings_print_back_to_themselves(
        raw in "[≥≤<>=]?[0-9]{1,6}(\\.[0-9]{1,2})?(万|亿)?(元|万元|亿元|%|人|人次|件|个|天|个月|件\\(套\\)|元/人)?(以上|以内)?",
    ) {
        // A normalized quantity printed in its own terms reads back the same:
        // nothing is lost or invented between raw text and fields.
        let q = parse_quantity(&raw, &ValueContext::default());
        if let (Some(v), None) = (q.value, q.max) {
            let op = match q.op.map(op_name) {
                Some(">=") => "≥",
                Some("<=") => "≤",
                Some(other) => other,
                None => "",
            };
            let printed = format!("{op}{v}{}", q.unit.as_deref().unwrap_or(""));
            let again = parse_quantity(&printed, &ValueContext::default());
            prop_assert_eq!((again.kind, again.op, again.value, &again.unit, again.yuan), (q.kind, q.op, q.value, &q.unit, q.yuan), "{} → {}", raw, printed);
        }
    }
}

fn op_name(op: yusuan_model::Op) -> &'static str {
    use yusuan_model::Op;
    match op {
        Op::Ge => ">=",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Lt => "<",
        Op::Eq => "=",
        Op::Range => "range",
    }
}

proptest! {
    /// Any text: scanning finds figures inside it, in order, each a span of
    /// the text whose quantity is an amount, a percentage or a count.
    #[test]
    fn scanning_any_text_gives_ordered_figures(text in "[0-9０-９.,，．%％万亿元辆台套（）()批次人年月日 一二三增加减少占比较上年a-zX]{0,80}") {
        let n = text.chars().count();
        let found = yusuan_normalize::scan_figures(&text);
        let mut last = 0;
        for f in &found {
            prop_assert!(f.start >= last && f.start < f.end && f.end <= n, "{f:?} in {text:?}");
            last = f.end;
            prop_assert!(matches!(f.quantity.kind, QuantityKind::Amount | QuantityKind::Percent | QuantityKind::Count));
            prop_assert!(f.quantity.value.is_some());
        }
    }
}
