//! Checks of the claims read from the text: the arithmetic inside one
//! claim (change, percent, completion rate, share), the direction word
//! against the figures, a percentage of a zero base, shares of one whole
//! adding up to more than 100%, and a claim against the table figure it
//! names.
//!
//! Every figure is taken at its printed precision: "20849.45万元" may be
//! anything from 20849.445 to 20849.455 万元, and a percentage computed
//! from such figures is an interval. A claim is reported only when the
//! printed figure lies outside every value the printed figures allow.

use yusuan_model::{Claim, Decimal, Document, Finding, QuantityKind, Severity, Trend};

use crate::check::{Place, Sink, finding};
use crate::figure::{half_ulp, show};
use crate::rules::{
    CLAIM_CHANGE, CLAIM_COMPLETION, CLAIM_DIRECTION, CLAIM_PERCENT, CLAIM_SHARE,
    CLAIM_SHARES_TOTAL, CLAIM_TABLE, CLAIM_ZERO_BASE, severity_of,
};

/// Money units and their factor to 元. Sorted.
const MONEY_FACTORS: &[(&str, i64)] = &[
    ("万亿元", 1_000_000_000_000),
    ("万元", 10_000),
    ("亿元", 100_000_000),
    ("元", 1),
    ("千万元", 10_000_000),
    ("千元", 1_000),
    ("百万元", 1_000_000),
];

/// A figure of a claim as printed: value, and half a unit in its last
/// printed place, both in 元 for money (in percent for percentages).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Printed {
    value: Decimal,
    half: Decimal,
    decimals: u32,
}

/// Decimals printed in a figure's text ("20,849.45万元" → 2).
fn decimals_of(raw: &str) -> u32 {
    let digits: String = raw
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '．' => '.',
            _ => c,
        })
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    match digits.split_once('.') {
        Some((_, f)) => {
            u32::try_from(f.chars().take_while(char::is_ascii_digit).count()).unwrap_or(0)
        }
        None => 0,
    }
}

/// An amount in 元 with its printed tolerance.
fn money(q: &yusuan_model::Quantity) -> Option<Printed> {
    if q.kind != QuantityKind::Amount {
        return None;
    }
    let yuan = q.yuan?;
    let unit = q.unit.as_deref()?;
    let factor = MONEY_FACTORS.iter().find(|(u, _)| *u == unit)?.1;
    let decimals = decimals_of(&q.raw);
    Some(Printed {
        value: yuan,
        half: half_ulp(decimals).checked_mul(Decimal::from(factor))?,
        decimals,
    })
}

/// A percentage (in percent) with its printed tolerance; 百分点 are not.
fn percent(q: &yusuan_model::Quantity) -> Option<Printed> {
    if q.kind != QuantityKind::Percent || q.unit.as_deref() != Some("%") {
        return None;
    }
    let decimals = decimals_of(&q.raw);
    Some(Printed {
        value: q.value?,
        half: half_ulp(decimals),
        decimals,
    })
}

/// The range `a / b × 100` can take for `a` and `b` within their
/// tolerances (b > 0 over its whole range, a ≥ 0).
fn ratio_range(a: Printed, b: Printed) -> Option<(Decimal, Decimal)> {
    let hundred = Decimal::from(100);
    let b_lo = b.value.checked_sub(b.half)?;
    let b_hi = b.value.checked_add(b.half)?;
    if b_lo <= Decimal::ZERO {
        return None;
    }
    let a_lo = a.value.checked_sub(a.half)?.max(Decimal::ZERO);
    let a_hi = a.value.checked_add(a.half)?;
    Some((
        a_lo.checked_mul(hundred)?.checked_div(b_hi)?,
        a_hi.checked_mul(hundred)?.checked_div(b_lo)?,
    ))
}

/// Whether a printed percentage is outside the range computed figures
/// allow, by more than one unit in its last printed place: shares are
/// often nudged by one unit so that they add up to 100%, and rates are
/// computed from amounts known to more places than printed; that is not
/// worth a finding.
fn outside(p: Printed, (lo, hi): (Decimal, Decimal)) -> bool {
    let slack = p.half * Decimal::from(3);
    let p_lo = p.value - slack;
    let p_hi = p.value + slack;
    p_hi < lo || p_lo > hi
}

/// The value the computed range stands for, for the message.
fn mid((lo, hi): (Decimal, Decimal)) -> Decimal {
    (lo + hi) / Decimal::from(2)
}

/// 万元 shown for a 元 amount: the claim's own unit.
fn in_unit(yuan: Decimal, q: &yusuan_model::Quantity, decimals: u32) -> String {
    let unit = q.unit.as_deref().unwrap_or("元");
    let factor = MONEY_FACTORS
        .iter()
        .find(|(u, _)| *u == unit)
        .map_or(1, |f| f.1);
    let v = yuan.checked_div(Decimal::from(factor)).unwrap_or(yuan);
    format!("{}{}", show(v, decimals), unit)
}

fn place(c: &Claim) -> Place {
    Place {
        page: Some(c.page),
        label: Some(c.subject.clone()),
        // The printed line of the figure, for drawing the finding on the page.
        bbox: c.bbox,
        ..Place::default()
    }
}

fn claim_finding(
    rule: &'static str,
    c: &Claim,
    message: String,
    expected: Option<Decimal>,
    actual: Option<Decimal>,
) -> Finding {
    let mut f = finding(
        rule,
        severity_of(rule),
        &place(c),
        message,
        expected,
        actual,
    );
    f.quote = Some(c.quote.clone());
    f.paragraph = Some(c.paragraph.clone());
    f.claim = Some(c.id.clone());
    // expected/actual are 元 for the amount rules, percent for the others;
    // a finding without figures (a direction word) has no unit.
    f.unit = (f.expected.is_some() || f.actual.is_some()).then(|| {
        if matches!(rule, CLAIM_CHANGE | CLAIM_DIRECTION | CLAIM_TABLE) {
            "元"
        } else {
            "%"
        }
        .to_owned()
    });
    f
}

/// The signed change a claim prints: + for an increase, − for a decrease.
fn signed_change(c: &Claim) -> Option<Printed> {
    let p = money(c.change.as_ref()?)?;
    match c.trend? {
        Trend::Increase => Some(p),
        Trend::Decrease => Some(Printed {
            value: -p.value,
            ..p
        }),
        Trend::Flat => None,
    }
}

/// The base a claim compares with: printed, or value − signed change.
fn base_of(c: &Claim) -> Option<(Printed, bool)> {
    if let Some(b) = c.base.as_ref().and_then(money) {
        return Some((b, true));
    }
    let v = money(&c.value)?;
    let ch = signed_change(c)?;
    Some((
        Printed {
            value: v.value.checked_sub(ch.value)?,
            half: v.half.checked_add(ch.half)?,
            decimals: v.decimals.max(ch.decimals),
        },
        false,
    ))
}

/// Runs every claim rule over the document's claims.
pub(crate) fn check_claims(doc: &Document, sink: &mut Sink<'_>) {
    let claims = &doc.records.claims;
    for c in claims {
        check_change(c, sink);
        check_direction(c, sink);
        check_percent(c, sink);
        check_completion(c, sink);
        check_share(c, claims, sink);
        check_table(c, sink);
    }
    check_shares_total(claims, sink);
}

/// change = value − base, when both are printed.
fn check_change(c: &Claim, sink: &mut Sink<'_>) {
    let (Some(v), Some(b), Some(ch)) = (
        money(&c.value),
        c.base.as_ref().and_then(money),
        signed_change(c),
    ) else {
        return;
    };
    let Some(expected) = v.value.checked_sub(b.value) else {
        return;
    };
    let tol = v.half + b.half + ch.half;
    let diff = (expected - ch.value).abs();
    if diff <= tol {
        return;
    }
    let d = v.decimals.max(b.decimals).max(ch.decimals);
    let word = c.direction.clone().unwrap_or_default();
    let change_q = c.change.as_ref().map_or(&c.value, |q| q);
    let message = format!(
        "{}{}，与{}相比{}{}；两数之差应为{}，相差{}",
        c.subject,
        in_unit(v.value, &c.value, d),
        in_unit(b.value, c.base.as_ref().unwrap_or(&c.value), d),
        word,
        in_unit(ch.value.abs(), change_q, d),
        in_unit(expected, &c.value, d),
        in_unit(diff, &c.value, d),
    );
    sink.push(claim_finding(
        CLAIM_CHANGE,
        c,
        message,
        Some(expected),
        Some(ch.value),
    ));
}

/// The direction word agrees with value against base.
fn check_direction(c: &Claim, sink: &mut Sink<'_>) {
    let word = c.direction.clone().unwrap_or_default();
    // "减少…万元，增长…%": two words of one comparison contradict.
    if word.contains('…') {
        let message = format!(
            "{}的增减表述自相矛盾：同一比较先说“{}”",
            c.subject,
            word.replace('…', "”后说“")
        );
        sink.push(claim_finding(CLAIM_DIRECTION, c, message, None, None));
        return;
    }
    let (Some(v), Some(b), Some(trend)) =
        (money(&c.value), c.base.as_ref().and_then(money), c.trend)
    else {
        return;
    };
    let diff = v.value - b.value;
    let tol = v.half + b.half;
    let d = v.decimals.max(b.decimals);
    let wrong = match trend {
        Trend::Increase => diff < -tol || diff.is_zero(),
        Trend::Decrease => diff > tol || diff.is_zero(),
        // "基本持平" admits a difference; a plain 等于/持平 does not.
        Trend::Flat => !word.starts_with("基本") && diff.abs() > tol,
    };
    if !wrong {
        return;
    }
    let actual = if diff.is_zero() {
        "两数相等"
    } else if diff > Decimal::ZERO {
        "实际为增加"
    } else {
        "实际为减少"
    };
    let message = format!(
        "{}{}，比较的基数为{}，文中用“{}”，{}（相差{}）",
        c.subject,
        in_unit(v.value, &c.value, d),
        in_unit(b.value, c.base.as_ref().unwrap_or(&c.value), d),
        word,
        actual,
        in_unit(diff.abs(), &c.value, d),
    );
    sink.push(claim_finding(
        CLAIM_DIRECTION,
        c,
        message,
        Some(b.value),
        Some(v.value),
    ));
}

/// percent = change ÷ base; a percentage of a zero base.
fn check_percent(c: &Claim, sink: &mut Sink<'_>) {
    let Some(p) = c.change_percent.as_ref().and_then(percent) else {
        return;
    };
    let Some((base, printed_base)) = base_of(c) else {
        return;
    };
    let change = match (signed_change(c), money(&c.value)) {
        (Some(ch), _) => Printed {
            value: ch.value.abs(),
            ..ch
        },
        (None, Some(v)) if printed_base => Printed {
            value: (v.value - base.value).abs(),
            half: v.half + base.half,
            decimals: v.decimals,
        },
        _ => return,
    };
    if base.value.is_zero() {
        zero_base(c, p, "变动百分比", sink);
        return;
    }
    let Some(range) = ratio_range(change, base) else {
        return;
    };
    if !outside(p, range) {
        return;
    }
    let expected = mid(range).round_dp(p.decimals.max(2));
    let message = format!(
        "{}变动{}，基数{}，变动率应为{}%，文中为{}%",
        c.subject,
        in_unit(
            change.value,
            c.change.as_ref().unwrap_or(&c.value),
            change.decimals
        ),
        in_unit(base.value, &c.value, base.decimals),
        show(expected, p.decimals.max(2)),
        show(p.value, p.decimals),
    );
    sink.push(claim_finding(
        CLAIM_PERCENT,
        c,
        message,
        Some(expected),
        Some(p.value),
    ));
}

fn zero_base(c: &Claim, p: Printed, what: &str, sink: &mut Sink<'_>) {
    if p.value.is_zero() {
        return;
    }
    let message = format!(
        "{}的比较基数为 0，{}无从计算，文中却为{}%",
        c.subject,
        what,
        show(p.value, p.decimals)
    );
    sink.push(claim_finding(
        CLAIM_ZERO_BASE,
        c,
        message,
        None,
        Some(p.value),
    ));
}

/// completion rate = value ÷ base (年初预算).
fn check_completion(c: &Claim, sink: &mut Sink<'_>) {
    let (Some(r), Some(v), Some(b)) = (
        c.completion_rate.as_ref().and_then(percent),
        money(&c.value),
        c.base.as_ref().and_then(money),
    ) else {
        return;
    };
    if b.value.is_zero() {
        zero_base(c, r, "完成率", sink);
        return;
    }
    let Some(range) = ratio_range(v, b) else {
        return;
    };
    if !outside(r, range) {
        return;
    }
    let expected = mid(range).round_dp(r.decimals.max(2));
    let message = format!(
        "{}{}，基数{}，完成率应为{}%，文中为{}%",
        c.subject,
        in_unit(v.value, &c.value, v.decimals),
        in_unit(b.value, c.base.as_ref().unwrap_or(&c.value), b.decimals),
        show(expected, r.decimals.max(2)),
        show(r.value, r.decimals),
    );
    sink.push(claim_finding(
        CLAIM_COMPLETION,
        c,
        message,
        Some(expected),
        Some(r.value),
    ));
}

/// share = value ÷ the whole it is part of.
fn check_share(c: &Claim, claims: &[Claim], sink: &mut Sink<'_>) {
    let (Some(s), Some(v)) = (c.share.as_ref().and_then(percent), money(&c.value)) else {
        return;
    };
    let Some(whole) = c
        .whole
        .as_ref()
        .and_then(|id| claims.iter().find(|w| &w.id == id))
    else {
        return;
    };
    let Some(w) = money(&whole.value) else { return };
    if w.value.is_zero() {
        zero_base(c, s, "占比", sink);
        return;
    }
    let Some(range) = ratio_range(v, w) else {
        return;
    };
    if !outside(s, range) {
        return;
    }
    let expected = mid(range).round_dp(s.decimals.max(2));
    let message = format!(
        "{}{}占{}{}的比重应为{}%，文中为{}%",
        c.subject,
        in_unit(v.value, &c.value, v.decimals),
        whole.subject,
        in_unit(w.value, &whole.value, w.decimals),
        show(expected, s.decimals.max(2)),
        show(s.value, s.decimals),
    );
    sink.push(claim_finding(
        CLAIM_SHARE,
        c,
        message,
        Some(expected),
        Some(s.value),
    ));
}

/// Shares of one whole add up to at most 100% (plus their rounding).
fn check_shares_total(claims: &[Claim], sink: &mut Sink<'_>) {
    // Groups: the whole's id, else the whole named after 占 in one paragraph.
    let mut keys: Vec<(String, Vec<&Claim>)> = Vec::new();
    for c in claims
        .iter()
        .filter(|c| c.share.as_ref().and_then(percent).is_some())
    {
        // A share naming its whole ("占本年支出合计的…") is not one of the
        // parts listed under that whole.
        let key = match (&c.share_of, &c.whole) {
            (Some(of), _) => format!("{}:{of}", c.paragraph),
            (None, Some(w)) => format!("whole:{w}"),
            (None, None) => continue,
        };
        match keys.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(c),
            None => keys.push((key, vec![c])),
        }
    }
    for (_, group) in keys {
        if group.len() < 2 {
            continue;
        }
        let mut sum = Decimal::ZERO;
        let mut tol = Decimal::ZERO;
        let mut decimals = 0;
        for c in &group {
            if let Some(p) = c.share.as_ref().and_then(percent) {
                sum += p.value;
                tol += p.half;
                decimals = decimals.max(p.decimals);
            }
        }
        let hundred = Decimal::from(100);
        if sum <= hundred + tol {
            continue;
        }
        // Two breakdowns of one whole in a row ("按功能分类…；按经济分类…",
        // 国家信访局 2024 p. 19): each run adds up to 100% on its own.
        let shares: Vec<Printed> = group
            .iter()
            .filter_map(|c| c.share.as_ref().and_then(percent))
            .collect();
        let mut run = Decimal::ZERO;
        let mut run_tol = Decimal::ZERO;
        let mut breakdowns = 0;
        for p in &shares {
            run += p.value;
            run_tol += p.half;
            if (run - hundred).abs() <= run_tol {
                breakdowns += 1;
                run = Decimal::ZERO;
                run_tol = Decimal::ZERO;
            }
        }
        if breakdowns >= 2 && run.is_zero() {
            continue;
        }
        let Some(first) = group.first() else { continue };
        let parts: Vec<String> = group
            .iter()
            .filter_map(|c| c.share.as_ref().map(|s| format!("{} {}", c.subject, s.raw)))
            .collect();
        let whole = first
            .share_of
            .clone()
            .unwrap_or_else(|| "同一总数".to_owned());
        let message = format!(
            "各项占{}的比重合计{}%，超过 100%（{}）",
            whole,
            show(sum, decimals),
            parts.join("，")
        );
        let mut f = claim_finding(CLAIM_SHARES_TOTAL, first, message, Some(hundred), Some(sum));
        f.label = None;
        sink.push(f);
    }
}

/// A claim against the table figure it names.
fn check_table(c: &Claim, sink: &mut Sink<'_>) {
    let (Some(v), Some(link)) = (money(&c.value), c.link.as_ref()) else {
        return;
    };
    let (Some(t), Some(unit)) = (link.yuan, link.unit.as_deref()) else {
        return;
    };
    let Some(factor) = MONEY_FACTORS.iter().find(|(u, _)| *u == unit).map(|f| f.1) else {
        return;
    };
    let t_dec = decimals_of(&link.raw);
    let t_half = half_ulp(t_dec) * Decimal::from(factor);
    let diff = (v.value - t).abs();
    // One unit in the coarser last place: a figure cut instead of rounded
    // ("93664.78万元" for 936,647,884.3 元) is not worth a finding.
    if diff <= (v.half + t_half) * Decimal::from(2) {
        return;
    }
    let d = v.decimals.max(t_dec);
    let mut f = claim_finding(
        CLAIM_TABLE,
        c,
        format!(
            "文中{}为{}，表 {}（第 {} 页）“{}”为{}，相差{}",
            c.subject,
            in_unit(v.value, &c.value, d),
            link.table,
            link.page,
            link.label,
            if link.raw.trim().is_empty() {
                "空".to_owned()
            } else {
                format!("{}{}", link.raw.trim(), unit)
            },
            in_unit(diff, &c.value, d),
        ),
        Some(t),
        Some(v.value),
    );
    f.table = Some(link.table.clone());
    f.row = link.row;
    if f.severity == Severity::Error {
        sink.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_read_from_the_printed_figure() {
        assert_eq!(decimals_of("20,849.45万元"), 2);
        assert_eq!(decimals_of("70万元"), 0);
        assert_eq!(decimals_of("3.4%"), 1);
        assert_eq!(decimals_of("０．７１％"), 2);
    }

    #[test]
    fn money_factors_are_sorted() {
        assert!(MONEY_FACTORS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn ratios_cover_the_rounding_of_both_figures() {
        let p = |v: &str, d: u32| Printed {
            value: v.parse().unwrap_or_default(),
            half: half_ulp(d),
            decimals: d,
        };
        // 65.88 / 1934.51 = 3.4055%: "3.4%" holds, "3.5%" is one unit off
        // (tolerated), "3.6%" is not.
        let r = ratio_range(p("65.88", 2), p("1934.51", 2)).unwrap();
        assert!(!outside(p("3.4", 1), r));
        assert!(!outside(p("3.5", 1), r));
        assert!(outside(p("3.6", 1), r));
        assert!(ratio_range(p("1", 0), p("0", 2)).is_none());
    }
}
