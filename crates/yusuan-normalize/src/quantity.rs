//! Reading one cell into a `Quantity`.

use yusuan_model::{Decimal, Op, Quantity, QuantityKind};

use crate::date::parse_date;
use crate::number::{parse_parenthesized, parse_signed, parse_unsigned, scale};
use crate::text::{is_ideograph, prepare};
use crate::unit::{UnitExpr, parse_unit, parse_unit_label};
use crate::vocab::{
    BOOL_WORDS, LABEL_ENDINGS, LABEL_QUALIFIERS, OPERATOR_PREFIXES, OPERATOR_SUFFIXES, PERIODS,
    PLACEHOLDERS, RANGE_SEPARATORS, longest_prefix, longest_word,
};

/// Where a cell sits, as far as its reading depends on it. All fields are
/// optional; `ValueContext::default()` reads the cell on its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ValueContext<'a> {
    /// The column's header path, outermost first, joined by " / " or "/"
    /// ("全年预算数（万元）", "执行率"). A unit in parentheses applies to bare
    /// figures; a header ending in 率 makes bare figures percentages.
    pub header: Option<&'a str>,
    /// The table's declared unit ("万元" from "单位：万元"), applied to bare
    /// figures when nothing closer gives a unit. Pass it only for columns that
    /// hold money in money tables: an indicator column under a "单位：万元"
    /// heading holds counts and percentages.
    pub unit: Option<&'a str>,
    /// The row's 度量单位/计量单位 cell ("件", "%", "百分比", "万元", "-").
    pub unit_cell: Option<&'a str>,
    /// The row's 指标性质/指标值类型 cell ("≥", "=", "定量", "定性").
    pub op_cell: Option<&'a str>,
}

/// A unit the cell does not write but its place gives.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Inherited {
    None,
    Unit(UnitExpr),
    /// The header names a rate (…率): a bare figure above 1 is a percentage.
    Rate,
}

/// The context, read once per cell.
struct Context {
    inherited: Inherited,
    op: Option<Op>,
    /// Whether the place calls for a number (so "无" there means "nothing").
    expects_number: bool,
}

impl Context {
    fn new(c: &ValueContext<'_>) -> Self {
        let unit_cell = c.unit_cell.and_then(parse_unit_label);
        let header_unit = c.header.and_then(header_unit);
        let inherited = match unit_cell.or(header_unit) {
            Some(u) => Inherited::Unit(u),
            None if c.header.is_some_and(is_rate_header) => Inherited::Rate,
            None => match c.unit.and_then(parse_unit_label) {
                Some(u) => Inherited::Unit(u),
                None => Inherited::None,
            },
        };
        let op = c.op_cell.and_then(|cell| {
            let text = prepare(cell);
            let (word, op) = longest_prefix(OPERATOR_PREFIXES, &text)?;
            (word.len() == text.len()).then_some(op)
        });
        let expects_number =
            inherited != Inherited::None || matches!(op, Some(Op::Ge | Op::Le | Op::Gt | Op::Lt));
        Context {
            inherited,
            op,
            expects_number,
        }
    }
}

/// Normalizes one cell: its figure, unit, comparison, date or yes/no.
///
/// Never fails: what cannot be read without guessing comes back as kind
/// "text" with `value` null and `raw` kept. See the crate documentation for
/// the rules.
pub fn parse_quantity(raw: &str, context: &ValueContext<'_>) -> Quantity {
    let ctx = Context::new(context);
    let text = prepare(raw);
    let pieces = split_compound(&text);
    match pieces.as_slice() {
        [] => parse_single(raw, "", &ctx),
        [one] => {
            let mut q = parse_single(raw, one, &ctx);
            // OCR punctuation errors ("3.838.92") stay text, flagged.
            q.uncertain = q.kind == QuantityKind::Text
                && crate::number::is_misread_figure(&one.replace(' ', ""));
            q
        }
        many => {
            let parts: Vec<Quantity> = many.iter().map(|p| parse_single(p, p, &ctx)).collect();
            let mut q = Quantity::text(raw);
            // A compound condition is never reduced to one of its parts; the
            // parts are kept only when at least one of them says something.
            if parts.iter().any(Quantity::is_numeric) {
                q.parts = parts;
            }
            q
        }
    }
}

/// Reads a plain printed figure: "22,937.31", "100, 000", "（12.50）" → -12.5.
///
/// `None` for placeholders ("—", "-", "") and for anything that is not just a
/// figure (units, operators, text).
///
/// ```
/// use yusuan_normalize::parse_amount;
/// use yusuan_model::Decimal;
///
/// assert_eq!(parse_amount("22,937.31"), Some("22937.31".parse::<Decimal>().unwrap()));
/// assert_eq!(parse_amount("（12.50）"), Some("-12.5".parse::<Decimal>().unwrap()));
/// assert_eq!(parse_amount("—"), None);
/// ```
pub fn parse_amount(raw: &str) -> Option<Decimal> {
    crate::number::parse_whole(&prepare(raw))
}

fn parse_single(raw: &str, s: &str, ctx: &Context) -> Quantity {
    if PLACEHOLDERS.contains(&s) || (s == "无" && ctx.expects_number) {
        return placeholder(raw, ctx);
    }
    if let Some(&(_, yes)) = BOOL_WORDS.iter().find(|(w, _)| *w == s) {
        let mut q = Quantity::text(raw);
        q.kind = QuantityKind::Bool;
        q.value = Some(Decimal::from(u8::from(yes)));
        return q;
    }
    if let Some(q) = parse_date(raw, s, ctx.op) {
        return q;
    }
    if let Some(q) = read_measure(s).and_then(|r| build(raw, r, ctx)) {
        return q;
    }
    if let Some(rest) = strip_label(s)
        && let Some(q) = read_measure(rest).and_then(|r| build(raw, r, ctx))
    {
        return q;
    }
    if let Some((period, rest)) = strip_period(s)
        && let Some(mut q) = read_measure(rest).and_then(|r| build(raw, r, ctx))
    {
        q.per = Some(period.to_string());
        return q;
    }
    Quantity::text(raw)
}

/// A leading "每年" / "每月" / "每季度"…: the period and what follows it. Only
/// a figure or comparison may follow ("每年≥20场", "每月不低于4次", "每季度1次");
/// "每月至少召开1次病情研判会" has words after the figure and stays text.
fn strip_period(s: &str) -> Option<(&'static str, &str)> {
    let after = s.strip_prefix('每')?;
    let mut best: Option<&'static str> = None;
    for &p in PERIODS {
        if after.starts_with(p) && best.is_none_or(|b| p.len() > b.len()) {
            best = Some(p);
        }
    }
    let period = best?;
    Some((period, after.get(period.len()..)?))
}

/// An empty or "—" cell: no value, but the kind and unit its place gives.
fn placeholder(raw: &str, ctx: &Context) -> Quantity {
    let mut q = Quantity::text(raw);
    match &ctx.inherited {
        Inherited::Unit(u) if u.unit.is_some() => {
            q.kind = u.kind;
            q.unit.clone_from(&u.unit);
            q.unit_inherited = true;
        }
        Inherited::Rate => {
            q.kind = QuantityKind::Percent;
            q.unit = Some("%".to_string());
            q.unit_inherited = true;
        }
        _ => {}
    }
    q
}

/// A figure or range as the cell writes it, before context is applied.
#[derive(Debug)]
struct Reading {
    op: Option<Op>,
    low: Decimal,
    high: Option<Decimal>,
    /// The cell's own unit, its multiplier already applied to `low`/`high`.
    unit: Option<UnitExpr>,
}

/// `[op] figure [unit] [sep figure [unit]] [以上|以下|以内|内] [完成]`.
fn read_measure(s: &str) -> Option<Reading> {
    let (op_pre, s) = match longest_prefix(OPERATOR_PREFIXES, s) {
        Some((w, op)) => (Some(op), s.get(w.len()..)?),
        None => (None, s),
    };
    if op_pre.is_none()
        && let Some(v) = parse_parenthesized(s)
    {
        return Some(Reading {
            op: None,
            low: v,
            high: None,
            unit: None,
        });
    }
    let (low, s) = parse_signed(s)?;
    let (u1, mut s) = parse_unit(s)?;
    let mut high = None;
    let mut u2 = None;
    if let Some(sep) = longest_word(RANGE_SEPARATORS, s) {
        // "-5--10": which dash is the minus? Not a reading to guess.
        if low.is_sign_negative() && sep.contains('-') {
            return None;
        }
        let after = s.get(sep.len()..)?;
        let (h, after) = parse_unsigned(after)?;
        let (u, after) = parse_unit(after)?;
        high = Some(h);
        u2 = u;
        s = after;
    }
    let (op_suf, s) = match longest_prefix(OPERATOR_SUFFIXES, s) {
        Some((w, op)) => (Some(op), s.get(w.len()..)?),
        None => (None, s),
    };
    let s = if op_suf == Some(Op::Le) {
        s.strip_prefix("完成").unwrap_or(s)
    } else {
        s
    };
    if !s.is_empty() {
        return None;
    }
    let op = match (op_pre, op_suf) {
        (Some(a), Some(b)) if a != b => return None,
        (a, b) => a.or(b),
    };
    let (low, high, unit) = match (high, u1, u2) {
        (None, u, _) => (apply_scale(low, u.as_ref())?, None, u),
        // "≥3-5个" says two things at once.
        (Some(_), _, _) if op.is_some() => return None,
        (Some(h), Some(a), Some(b)) => {
            if a.unit != b.unit || a.kind != b.kind || a.money_exp != b.money_exp {
                return None;
            }
            (
                apply_scale(low, Some(&a))?,
                Some(apply_scale(h, Some(&b))?),
                Some(b),
            )
        }
        // "3-5万人", "90-95%": the unit written once covers both ends.
        (Some(h), None, Some(b)) => (
            apply_scale(low, Some(&b))?,
            Some(apply_scale(h, Some(&b))?),
            Some(b),
        ),
        (Some(h), None, None) => (low, Some(h), None),
        // "90%-95" leaves the upper end's unit open.
        (Some(_), Some(_), None) => return None,
    };
    if high.is_some_and(|h| h < low) {
        return None;
    }
    Some(Reading {
        op,
        low,
        high,
        unit,
    })
}

fn apply_scale(v: Decimal, unit: Option<&UnitExpr>) -> Option<Decimal> {
    match unit {
        Some(u) if u.scale > 0 => scale(v, u.scale),
        _ => Some(v),
    }
}

/// Applies the context to a reading and builds the quantity; `None` when the
/// combination is ambiguous (a multiplier in the cell and one in the unit
/// column) or overflows.
fn build(raw: &str, r: Reading, ctx: &Context) -> Option<Quantity> {
    let Reading {
        op,
        mut low,
        mut high,
        unit,
    } = r;
    let mut inherited = false;
    let unit: Option<UnitExpr> = match unit {
        Some(u) if u.unit.is_some() => Some(u),
        // "800万": a multiplier without a unit.
        Some(mult) => match &ctx.inherited {
            Inherited::Unit(iu)
                if iu.scale == 0
                    && iu.money_exp.is_none_or(|e| e == 0)
                    && iu.kind != QuantityKind::Percent =>
            {
                inherited = true;
                Some(iu.clone())
            }
            Inherited::None => Some(mult),
            _ => return None,
        },
        None => match &ctx.inherited {
            Inherited::Unit(iu) => {
                inherited = true;
                low = apply_scale(low, Some(iu))?;
                high = match high {
                    Some(h) => Some(apply_scale(h, Some(iu))?),
                    None => None,
                };
                Some(iu.clone())
            }
            // Under a 率 header "95" is 95%; "0.95" could be a fraction, so
            // it stays a plain number.
            Inherited::Rate => {
                let ambiguous = |v: Decimal| v > Decimal::ZERO && v <= Decimal::ONE;
                if ambiguous(low) || high.is_some_and(ambiguous) {
                    None
                } else {
                    inherited = true;
                    Some(UnitExpr {
                        unit: Some("%".to_string()),
                        kind: QuantityKind::Percent,
                        scale: 0,
                        money_exp: None,
                    })
                }
            }
            Inherited::None => None,
        },
    };
    let mut q = Quantity::text(raw);
    q.kind = unit.as_ref().map_or(QuantityKind::Count, |u| u.kind);
    q.value = Some(low);
    q.max = high;
    q.op = if high.is_some() {
        Some(Op::Range)
    } else {
        op.or(ctx.op)
    };
    q.unit_inherited = inherited && unit.as_ref().is_some_and(|u| u.unit.is_some());
    if let Some(u) = unit {
        if let Some(exp) = u.money_exp {
            q.yuan = Some(scale(low, exp)?);
        }
        q.unit = u.unit;
    }
    Some(q)
}

/// Splits a compound condition ("工单填写率>98%;质检抽查率>1%,且合格率>96%")
/// at ; , 。 line breaks, 且/并且 and a slash before an operator. A comma
/// between two digits is a thousands separator, not a split.
fn split_compound(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let sep_len = match c {
            '\n' | ';' | '。' => c.len_utf8(),
            ',' if !(prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit())) =>
            {
                1
            }
            // "≥95%/≥5次", "100%/100%": a slash before an operator, or between
            // a percentage and a figure, separates targets; other slashes
            // belong to units ("元/人") or dates ("12/15/2022").
            '/' if s
                .get(i + 1..)
                .is_some_and(|r| longest_prefix(OPERATOR_PREFIXES, r).is_some())
                || (prev == Some('%') && next.is_some_and(|n| n.is_ascii_digit())) =>
            {
                1
            }
            '并' if next == Some('且') => "并且".len(),
            '且' => c.len_utf8(),
            _ => 0,
        };
        if sep_len > 0 {
            if let Some(part) = s.get(start..i) {
                parts.push(part);
            }
            start = i + sep_len;
            if sep_len > c.len_utf8() {
                iter.next();
            }
        }
        prev = Some(c);
    }
    if let Some(part) = s.get(start..) {
        parts.push(part);
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// "合格率>96%" → ">96%": drops a label naming a rate, degree, count or
/// amount in front of an explicit operator; "合格率95.4%" → "95.4%": drops a
/// rate's name in front of a percentage. Labels with a qualifier ("每月",
/// "人均") are kept, as they change what the number means.
fn strip_label(s: &str) -> Option<&str> {
    // "均大于95%": 均 ("each, all") before an operator says the bound holds
    // for every item; the bound itself is unchanged.
    if let Some(rest) = s.strip_prefix('均')
        && longest_prefix(OPERATOR_PREFIXES, rest).is_some()
    {
        return Some(rest);
    }
    let (i, c) = s.char_indices().skip(1).find(|&(i, c)| {
        c.is_ascii_digit()
            || s.get(i..)
                .is_some_and(|r| longest_prefix(OPERATOR_PREFIXES, r).is_some())
    })?;
    let (label, rest) = s.split_at_checked(i)?;
    let plain =
        label.chars().all(is_ideograph) && !LABEL_QUALIFIERS.iter().any(|q| label.contains(q));
    let ok = if c.is_ascii_digit() {
        plain && label.ends_with('率') && rest.ends_with('%')
    } else {
        plain && LABEL_ENDINGS.iter().any(|e| label.ends_with(e))
    };
    ok.then_some(rest)
}

/// The unit in a header's last parenthetical: "全年预算数（万元）" → 万元.
fn header_unit(header: &str) -> Option<UnitExpr> {
    let text = prepare(header);
    let mut found = None;
    let mut rest = text.as_str();
    while let Some((_, after)) = rest.split_once('(') {
        let Some((inner, next)) = after.split_once(')') else {
            break;
        };
        if let Some(u) = parse_unit_label(inner) {
            found = Some(u);
        }
        rest = next;
    }
    found
}

/// Whether the header's last level names a rate ("执行率", "完成率").
fn is_rate_header(header: &str) -> bool {
    let text = prepare(header);
    let last = text
        .rsplit(['/', '|', '>', '›', '\n'])
        .map(str::trim)
        .find(|p| !p.is_empty())
        .unwrap_or("");
    let mut bare = String::with_capacity(last.len());
    let mut depth = 0usize;
    for c in last.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 && !c.is_whitespace() => bare.push(c),
            _ => {}
        }
    }
    bare.ends_with('率')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_compound_conditions() {
        assert_eq!(
            split_compound("工单填写率>98%;质检抽查率>1%,且合格率>96%"),
            vec!["工单填写率>98%", "质检抽查率>1%", "合格率>96%"]
        );
        assert_eq!(split_compound("100,000"), vec!["100,000"]);
        assert_eq!(split_compound("90%。"), vec!["90%"]);
        assert_eq!(split_compound("a并且b"), vec!["a", "b"]);
        assert_eq!(split_compound("≥95%/≥5次"), vec!["≥95%", "≥5次"]);
        assert_eq!(split_compound("600元/人"), vec!["600元/人"]);
        assert_eq!(split_compound("100%/100%"), vec!["100%", "100%"]);
        assert_eq!(split_compound("12/15/2022"), vec!["12/15/2022"]);
        assert!(split_compound(";;").is_empty());
    }

    #[test]
    fn strips_only_plain_labels() {
        assert_eq!(strip_label("合格率>96%"), Some(">96%"));
        assert_eq!(strip_label("满意度≥90%"), Some("≥90%"));
        assert_eq!(strip_label("每月不低于4次"), None);
        assert_eq!(strip_label("人均数≤5"), None);
        assert_eq!(strip_label("单次培训人数≥30"), None);
        assert_eq!(strip_label("工单填写率>98%"), Some(">98%"));
        assert_eq!(strip_label("覆盖63社区"), None);
        assert_eq!(strip_label("合格率95.4%"), Some("95.4%"));
        assert_eq!(strip_label("均大于95%"), Some("大于95%"));
        assert_eq!(strip_label("人均大于5"), None);
        assert_eq!(strip_label("完成率100"), None);
        assert_eq!(strip_label("总建筑面积288164㎡"), None);
        assert_eq!(strip_label("同比增长5%"), None);
    }

    #[test]
    fn reads_rate_headers() {
        assert!(is_rate_header("执行率"));
        assert!(is_rate_header("项目资金 / 执行率（%）"));
        assert!(!is_rate_header("得分"));
        assert!(!is_rate_header("率 / 得分"));
    }
}
