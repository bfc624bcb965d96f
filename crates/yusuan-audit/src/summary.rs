//! Row identities of 收支总表-shaped tables: an income side and an
//! expenditure side next to each other, each a label column followed by its
//! figure columns.
//!
//! - 本年收入合计 = Σ the numbered items ("一、", "二、"...) above it; sub-items
//!   ("1、", "（一）", "其中：") are parts of a numbered item, not of the total.
//! - 收入总计 = 本年收入合计 + the rows between them (上年结转结余...), or,
//!   when there is no 本年 row, Σ the numbered items above it.
//! - 收入总计 = 支出总计.

use std::ops::Range;

use crate::check::{Identity, Place, Sink, Term};
use crate::figure::{Figure, Slot};
use crate::rules::{SUMMARY_BALANCE, SUMMARY_SUBTOTAL};
use crate::view::{View, squash};

/// Chinese numerals that open a numbered item ("十二、").
const NUMERALS: &str = "一二三四五六七八九十";

/// One side of the table: its label column range and figure columns.
#[derive(Debug, Clone)]
pub(crate) struct Side {
    pub(crate) cols: Range<usize>,
    pub(crate) values: Vec<usize>,
}

/// A labelled row of one side.
#[derive(Debug, Clone)]
struct Line {
    row: usize,
    label: String,
    kind: LineKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Numbered,
    Sub,
    YearTotal,
    GrandTotal,
    Other,
}

fn line_kind(label: &str) -> LineKind {
    let l = squash(label);
    if l.contains("其中") {
        return LineKind::Sub;
    }
    if l.ends_with("总计") {
        return LineKind::GrandTotal;
    }
    if l.ends_with("合计") {
        return LineKind::YearTotal;
    }
    if starts_numbered(&l) {
        return LineKind::Numbered;
    }
    if l.starts_with(['（', '(']) || l.starts_with(|c: char| c.is_ascii_digit()) {
        return LineKind::Sub;
    }
    LineKind::Other
}

/// The sides of the table as the grid's meaning reads them (收入 | 支出),
/// each with its figure columns.
pub(crate) fn sides(view: &View<'_>) -> Vec<Side> {
    view.table
        .sides
        .iter()
        .filter_map(|s| {
            let values: Vec<usize> = (s.start..s.end).filter(|&c| view.is_value_col(c)).collect();
            let start = s.label_col.unwrap_or(s.start);
            (!values.is_empty()).then_some(Side {
                cols: start..s.end,
                values,
            })
        })
        .collect()
}

/// The figure of the first row of `side` whose label satisfies `pick`.
pub(crate) fn side_figure(
    view: &View<'_>,
    side: &Side,
    pick: impl Fn(&str) -> bool,
) -> Option<(usize, Figure)> {
    let col = *side.values.first()?;
    view.body_rows().find_map(|r| {
        let l = squash(&view.label_in(r, side.cols.clone()));
        if !pick(&l) {
            return None;
        }
        match view.slot(r, col) {
            Slot::Num(f) => Some((r, f)),
            _ => None,
        }
    })
}

/// Checks the subtotal and balance identities.
pub(crate) fn check_summary(view: &View<'_>, sink: &mut Sink<'_>) {
    let sides = sides(view);
    for side in &sides {
        let lines: Vec<Line> = view
            .body_rows()
            .filter_map(|r| {
                let label = view.label_in(r, side.cols.clone());
                (!label.is_empty()).then(|| Line {
                    row: r,
                    kind: line_kind(&label),
                    label,
                })
            })
            .collect();
        for &c in &side.values {
            check_side(view, &lines, c, sink);
        }
    }
    if let [a, b] = sides.as_slice() {
        let grand = |s: &Side| side_figure(view, s, |l| l.ends_with("总计"));
        if let (Some((ra, fa)), Some((_, fb))) = (grand(a), grand(b)) {
            let la = view.label_in(ra, a.cols.clone());
            let lb = view
                .body_rows()
                .map(|r| view.label_in(r, b.cols.clone()))
                .find(|l| squash(l).ends_with("总计"))
                .unwrap_or_default();
            let place = Place {
                label: Some(la.clone()),
                ..view.place(ra)
            };
            sink.check(Identity {
                rule: SUMMARY_BALANCE,
                place,
                subject: format!("“{la}”"),
                total: fa,
                terms: vec![Term {
                    name: lb,
                    figure: Some(fb),
                }],
                unsure: false,
            });
        }
    }
}

fn check_side(view: &View<'_>, lines: &[Line], c: usize, sink: &mut Sink<'_>) {
    let year_total = lines.iter().position(|l| l.kind == LineKind::YearTotal);
    let grand_total = lines.iter().position(|l| l.kind == LineKind::GrandTotal);
    if let Some(y) = year_total {
        let above = top_numbered(lines.iter().take(y));
        if let Some(line) = lines.get(y) {
            sum_lines(view, line, &above, c, sink);
        }
    }
    if let Some(g) = grand_total {
        let parts: Vec<&Line> = match year_total {
            Some(y) if y < g => between_totals(lines.get(y..g).unwrap_or(&[])),
            _ => top_numbered(lines.iter().take(g)),
        };
        if let Some(line) = lines.get(g) {
            sum_lines(view, line, &parts, c, sink);
        }
    }
}

/// The parts of the grand total among `block` (the 本年合计 line and the
/// lines after it, up to the 总计 line).
///
/// - "一、本年支出合计" is numbered: the lines below it up to the next numbered
///   line are its breakdown, so only numbered lines count ("二、年终结转结余").
/// - else the lines count, except the breakdown of a 结转/结余 line: the
///   numbered lines after it, and the lines after it that name a fund
///   ("一般公共预算财政拨款" under 年初财政拨款结转和结余 in a
///   财政拨款收支总表).
fn between_totals(block: &[Line]) -> Vec<&Line> {
    let Some((first, rest)) = block.split_first() else {
        return Vec::new();
    };
    if starts_numbered(&first.label) {
        return top_numbered(block.iter());
    }
    let mut parts = vec![first];
    let mut under_carry = false;
    for l in rest {
        let label = squash(&l.label);
        // "1.财政拨款结余、结转" is a sub-item whatever it names.
        if l.kind == LineKind::Sub {
            continue;
        }
        if CARRY_WORDS.iter().any(|w| label.contains(w)) {
            under_carry = true;
            parts.push(l);
            continue;
        }
        let breakdown = under_carry
            && (l.kind == LineKind::Numbered || FUND_WORDS.iter().any(|w| label.contains(w)));
        if breakdown {
            continue;
        }
        if matches!(
            l.kind,
            LineKind::Other | LineKind::YearTotal | LineKind::Numbered
        ) {
            under_carry = false;
            parts.push(l);
        }
    }
    parts
}

/// Words of a carried-over balance line (上年结转结余, 年初结转和结余).
const CARRY_WORDS: &[&str] = &["结余", "结转"];

/// Words of a line that names a fund: under a 结转 line, its breakdown.
const FUND_WORDS: &[&str] = &[
    "一般公共预算",
    "国有资本",
    "政府性基金",
    "财政专户",
    "财政拨款",
];

/// The value of a Chinese numeral 一 … 九十九 ("二十六" → 26).
fn numeral_value(n: &str) -> Option<u32> {
    let digit = |c: char| NUMERALS.chars().position(|d| d == c).map(|i| i as u32 + 1);
    let chars: Vec<char> = n.chars().collect();
    match chars.as_slice() {
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

/// The number of a numbered line ("二、社会保障和就业支出" → 2).
fn line_number(label: &str) -> Option<u32> {
    let l = squash(label);
    let numeral: String = l.chars().take_while(|c| NUMERALS.contains(*c)).collect();
    numeral_value(&numeral)
}

/// The top-level numbered lines: the sequence 一、二、三… Numbering that
/// starts again at 一 under an item is that item's breakdown (长春:
/// "一、本年支出" then "一、一般公共服务支出 … 四、住房保障支出", then
/// "二、结转下年支出").
fn top_numbered<'l>(lines: impl Iterator<Item = &'l Line>) -> Vec<&'l Line> {
    let mut top = Vec::new();
    let mut next_top = 1;
    let mut next_nested: Option<u32> = None;
    for l in lines.filter(|l| l.kind == LineKind::Numbered) {
        let Some(n) = line_number(&l.label) else {
            continue;
        };
        if next_nested == Some(n) {
            next_nested = Some(n.saturating_add(1));
        } else if n == next_top || top.is_empty() {
            top.push(l);
            next_top = n.saturating_add(1);
            next_nested = None;
        } else if n == 1 {
            next_nested = Some(2);
        }
    }
    top
}

/// Whether a label opens with "一、" ... "十二、".
fn starts_numbered(label: &str) -> bool {
    let l = squash(label);
    let numeral: String = l.chars().take_while(|c| NUMERALS.contains(*c)).collect();
    !numeral.is_empty()
        && l.get(numeral.len()..)
            .is_some_and(|rest| rest.starts_with(['、', '.', '．']))
}

fn sum_lines(view: &View<'_>, total: &Line, parts: &[&Line], c: usize, sink: &mut Sink<'_>) {
    if parts.is_empty() {
        return;
    }
    let Slot::Num(figure) = view.slot(total.row, c) else {
        return;
    };
    let mut terms = Vec::new();
    let mut any = false;
    for l in parts {
        let f = match view.slot(l.row, c) {
            Slot::Num(f) => {
                any = true;
                Some(f)
            }
            Slot::Blank => None,
            Slot::Text => return,
        };
        terms.push(Term {
            name: l.label.clone(),
            figure: f,
        });
    }
    if !any {
        return;
    }
    let place = Place {
        label: Some(total.label.clone()),
        ..view.place(total.row)
    };
    let col = view.leaf_label(c).unwrap_or_default();
    sink.check(Identity {
        rule: SUMMARY_SUBTOTAL,
        place,
        subject: format!("“{}”的“{col}”", total.label),
        total: figure,
        terms,
        unsure: false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_are_sorted() {
        for list in [CARRY_WORDS, FUND_WORDS] {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{} !< {}", pair[0], pair[1]);
            }
        }
    }

    #[test]
    fn numerals() {
        assert_eq!(numeral_value("一"), Some(1));
        assert_eq!(numeral_value("十"), Some(10));
        assert_eq!(numeral_value("十二"), Some(12));
        assert_eq!(numeral_value("二十"), Some(20));
        assert_eq!(numeral_value("二十六"), Some(26));
        assert_eq!(numeral_value(""), None);
    }

    #[test]
    fn restarted_numbering_is_a_breakdown() {
        let line = |row, label: &str| Line {
            row,
            label: label.into(),
            kind: line_kind(label),
        };
        let lines = [
            line(0, "一、本年支出"),
            line(1, "一、一般公共服务支出"),
            line(2, "二、社会保障和就业支出"),
            line(3, "三、卫生健康支出"),
            line(4, "二、结转下年支出"),
        ];
        let top: Vec<usize> = top_numbered(lines.iter()).iter().map(|l| l.row).collect();
        assert_eq!(top, vec![0, 4]);
    }

    #[test]
    fn line_kinds() {
        assert_eq!(line_kind("一、一般公共预算拨款收入"), LineKind::Numbered);
        assert_eq!(
            line_kind("二十六、抗疫特别国债安排的支出"),
            LineKind::Numbered
        );
        assert_eq!(line_kind("1、一般公共预算资金"), LineKind::Sub);
        assert_eq!(line_kind("（一）一般公共预算拨款"), LineKind::Sub);
        assert_eq!(line_kind("其中：财政拨款"), LineKind::Sub);
        assert_eq!(line_kind("本年收入合计"), LineKind::YearTotal);
        assert_eq!(line_kind("收 入 总 计"), LineKind::GrandTotal);
        assert_eq!(line_kind("上年结转结余"), LineKind::Other);
    }
}
