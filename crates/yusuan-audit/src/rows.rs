//! Row identities of coded tables: a 类 row equals the sum of its 款 rows, a
//! 款 row the sum of its 项 rows (经济分类 301 = Σ301xx alike), and the
//! 合计/总计 row the sum of the top-level coded rows.
//!
//! Codes, total rows and repeated rows come from the grid's meaning that
//! layout resolved, side by side (the 人员经费 | 公用经费 blocks of a 决算
//! economic table are checked each on its own). Children are read from the
//! codes, within the contiguous block that follows the parent: a table that
//! lists several units, each with its own 201 rows, then never mixes one
//! unit's rows into another's parent. A row that repeats an earlier one
//! (printed again after a page break) is counted once; where the sum holds
//! only that way, an info finding says so.

use std::collections::BTreeSet;

use yusuan_model::{RowRole, Severity};

use crate::check::{Identity, Sink, Term, evaluate, finding};
use crate::figure::Slot;
use crate::rules::{CODE_HIERARCHY, OF_WHICH_PART, REPEATED_ROW, ROW_TOTAL};
use crate::view::View;

/// A body row with a code.
#[derive(Debug, Clone)]
struct Coded {
    row: usize,
    code: String,
    /// The row repeats an earlier one.
    repeat: bool,
}

/// Checks code hierarchy and the total row of one table, side by side.
pub(crate) fn check_rows(view: &View<'_>, sink: &mut Sink<'_>) {
    for (s, side) in view.table.sides.iter().enumerate() {
        let value_cols: Vec<usize> = (side.start..side.end)
            .filter(|&c| view.is_value_col(c))
            .collect();
        if value_cols.is_empty() {
            continue;
        }
        // Rows in order; a total row ends a block (page-break remnants and
        // notes are skipped).
        let mut rows: Vec<Coded> = Vec::new();
        let mut breaks: Vec<usize> = Vec::new();
        let mut totals: Vec<usize> = Vec::new();
        for r in view.body_rows() {
            let Some(info) = view.side_row(s, r) else {
                continue;
            };
            if let Some(code) = &info.code
                && info.role != RowRole::OfWhich
            {
                rows.push(Coded {
                    row: r,
                    code: code.clone(),
                    repeat: info.role == RowRole::Repeat,
                });
            } else if info.role == RowRole::GrandTotal {
                breaks.push(rows.len());
                totals.push(r);
            }
        }
        // A code printed on consecutive rows where one row is the sum of
        // the rows after it is a breakdown under one code (a 政府采购 table
        // lists 全额 / 单位 / 品目 rows under 2040601), not separate lines:
        // no identity over those rows can be read, so none is checked.
        let breakdown = breakdown_codes(view, &rows, &value_cols);
        rows.retain(|q| !breakdown.contains(&q.code) || q.repeat);
        let skip: Vec<&str> = breakdown.iter().map(String::as_str).collect();
        let checks = Checks {
            view,
            value_cols: &value_cols,
            skip: &skip,
        };
        let mut counted_once = false;
        checks.hierarchy(&rows, &breaks, sink, &mut counted_once);
        checks.total_row(&rows, &totals, sink, &mut counted_once);
        if counted_once && let Some(first) = rows.iter().find(|q| q.repeat) {
            let place = view.place(first.row);
            sink.push(finding(
                REPEATED_ROW,
                Severity::Info,
                &place,
                format!(
                    "科目 {} 的行重复印出（与前面一行完全相同），合计核对时只计一次",
                    first.code
                ),
                None,
                None,
            ));
        }
    }
}

struct Checks<'v, 'a> {
    view: &'v View<'a>,
    value_cols: &'v [usize],
    /// Codes of breakdown runs: an identity touching them is not checked.
    skip: &'v [&'v str],
}

impl Checks<'_, '_> {
    fn hierarchy(
        &self,
        rows: &[Coded],
        breaks: &[usize],
        sink: &mut Sink<'_>,
        counted_once: &mut bool,
    ) {
        let breaks: BTreeSet<usize> = breaks.iter().copied().collect();
        for (i, parent) in rows.iter().enumerate() {
            if parent.repeat {
                continue;
            }
            // The parent's descendants: the rows right after it whose code
            // extends its code.
            let mut block: Vec<&Coded> = Vec::new();
            for (j, q) in rows.iter().enumerate().skip(i.saturating_add(1)) {
                if breaks.contains(&j) {
                    break;
                }
                if q.code.len() > parent.code.len() && q.code.starts_with(&parent.code) {
                    block.push(q);
                } else if q.repeat && q.code == parent.code {
                    // The parent printed again at the top of a page.
                    continue;
                } else {
                    break;
                }
            }
            if block.is_empty() || self.touches_breakdown(&parent.code) {
                continue;
            }
            // Direct children: no other row of the block lies between (no
            // code of the block is a longer prefix of theirs). A set of the
            // block's codes keeps this linear in the block.
            let in_block: BTreeSet<&str> = block.iter().map(|q| q.code.as_str()).collect();
            let children: Vec<&Coded> = block
                .iter()
                .copied()
                .filter(|q| !has_prefix_between(&q.code, parent.code.len(), &in_block))
                .collect();
            for &c in self.value_cols {
                self.sum_rows(parent.row, &children, c, CODE_HIERARCHY, sink, counted_once);
            }
        }
    }

    fn total_row(
        &self,
        rows: &[Coded],
        totals: &[usize],
        sink: &mut Sink<'_>,
        counted_once: &mut bool,
    ) {
        // Several total rows (one per unit, or a 小计 per section) have no
        // single set of parts: stay silent.
        let [total] = totals else { return };
        let codes: BTreeSet<&str> = rows
            .iter()
            .filter(|p| !p.repeat)
            .map(|p| p.code.as_str())
            .collect();
        let top: Vec<&Coded> = rows
            .iter()
            .filter(|q| !has_prefix_between(&q.code, 0, &codes))
            .collect();
        if top.is_empty() || !self.skip.is_empty() {
            return;
        }
        // Functional (2xx) and economic (3xx/5xx) codes in one column are two
        // views of the same money; adding both would double it.
        let first_digits: Vec<char> = top.iter().filter_map(|q| q.code.chars().next()).collect();
        if first_digits.contains(&'2') && first_digits.iter().any(|&d| d != '2') {
            return;
        }
        for &c in self.value_cols {
            self.sum_rows(*total, &top, c, ROW_TOTAL, sink, counted_once);
        }
    }

    /// Checks `row parent, column c = Σ rows in parts`, repeated rows
    /// counted once. When that fails beyond rounding but holds with the
    /// repeats counted too, the repeat was a row of its own after all:
    /// silent.
    ///
    /// Where the sum holds only with the repeats counted once, the table is
    /// flagged with one [`REPEATED_ROW`] info.
    fn sum_rows(
        &self,
        parent: usize,
        parts: &[&Coded],
        c: usize,
        rule: &'static str,
        sink: &mut Sink<'_>,
        counted_once: &mut bool,
    ) {
        let view = self.view;
        let Slot::Num(total) = view.slot(parent, c) else {
            return;
        };
        let once: Vec<&Coded> = parts.iter().copied().filter(|q| !q.repeat).collect();
        let Some(terms) = self.terms(&once, c) else {
            return;
        };
        let place = view.place_at(parent, c);
        let col_name = view.col_name(c);
        let subject = match (&place.label, view.code(parent)) {
            (Some(l), Some(code)) if !l.starts_with(&code) => {
                format!("{code} {l}的“{col_name}”")
            }
            (Some(l), _) => format!("“{l}”行的“{col_name}”"),
            (None, _) => format!("第{}行的“{col_name}”", parent.saturating_add(1)),
        };
        let id = Identity {
            rule,
            place,
            subject,
            total,
            terms,
            unsure: false,
        };
        let fails = evaluate(&id).is_some_and(|f| f.severity != Severity::Info);
        if fails {
            let with_repeats = parts.len() > once.len()
                && self.terms(parts, c).is_some_and(|terms| {
                    evaluate(&Identity {
                        terms,
                        ..id.clone()
                    })
                    .is_none_or(|f| f.severity == Severity::Info)
                });
            let another_holds = with_repeats;
            if another_holds {
                return;
            }
        } else if once.len() < parts.len() {
            *counted_once = true;
        }
        sink.check(id);
    }

    /// Whether a breakdown run lies under `code` (or is it).
    fn touches_breakdown(&self, code: &str) -> bool {
        self.skip.iter().any(|s| s.starts_with(code))
    }

    /// The terms of `parts` in column `c`; `None` when a part holds a word
    /// (the column is not arithmetic there) or every part is blank (the
    /// form states the parent only).
    fn terms(&self, parts: &[&Coded], c: usize) -> Option<Vec<Term>> {
        let view = self.view;
        let mut terms = Vec::with_capacity(parts.len());
        let mut any = false;
        for q in parts {
            let figure = match view.slot(q.row, c) {
                Slot::Num(f) => {
                    any = true;
                    Some(f)
                }
                Slot::Blank => None,
                Slot::Text => return None,
            };
            let name = view.label(q.row);
            let name = if name.starts_with(&q.code) {
                name
            } else {
                format!("{} {}", q.code, name)
            };
            terms.push(Term { name, figure });
        }
        any.then_some(terms)
    }
}

/// Whether one of `codes` is a prefix of `code` longer than `shorter_than`
/// characters and shorter than `code` (a 款 between a 类 and its 项).
fn has_prefix_between(code: &str, longer_than: usize, codes: &BTreeSet<&str>) -> bool {
    (longer_than + 1..code.len()).any(|n| code.get(..n).is_some_and(|p| codes.contains(p)))
}

/// Codes printed on a run of consecutive rows in which one row is the sum
/// of one or more rows right after it (in some figure column).
fn breakdown_codes(view: &View<'_>, rows: &[Coded], value_cols: &[usize]) -> Vec<String> {
    // A repeated row is the same line again, not a part of a breakdown.
    let rows: Vec<Coded> = rows.iter().filter(|q| !q.repeat).cloned().collect();
    let rows = rows.as_slice();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let Some(first) = rows.get(i) else { break };
        let end = rows
            .iter()
            .skip(i)
            .position(|q| q.code != first.code)
            .map_or(rows.len(), |n| i + n);
        let run = rows.get(i..end).unwrap_or(&[]);
        if run.len() >= 2 && is_breakdown(view, run, value_cols) && !out.contains(&first.code) {
            out.push(first.code.clone());
        }
        i = end.max(i + 1);
    }
    out
}

/// Whether some row of `run` equals the sum of the rows right after it, in
/// some figure column (exactly as printed).
fn is_breakdown(view: &View<'_>, run: &[Coded], value_cols: &[usize]) -> bool {
    value_cols.iter().any(|&c| {
        let values: Vec<Option<yusuan_model::Decimal>> = run
            .iter()
            .map(|q| match view.slot(q.row, c) {
                Slot::Num(f) => Some(f.value),
                _ => None,
            })
            .collect();
        values.iter().enumerate().any(|(i, v)| {
            let Some(v) = v.filter(|v| !v.is_zero()) else {
                return false;
            };
            let mut sum = yusuan_model::Decimal::ZERO;
            for w in values.iter().skip(i + 1) {
                let Some(w) = w else { return false };
                sum += *w;
                if sum == v {
                    return true;
                }
                if sum > v {
                    return false;
                }
            }
            false
        })
    })
}

/// Of-which rows ("其中：…") against the row they are part of: in every
/// figure column of the side, the part is not larger than the whole.
pub(crate) fn check_of_which_rows(view: &View<'_>, sink: &mut Sink<'_>) {
    for (s, side) in view.table.sides.iter().enumerate() {
        for r in view.body_rows() {
            let Some(info) = view.side_row(s, r) else {
                continue;
            };
            let (RowRole::OfWhich, Some(parent)) = (info.role, info.part_of) else {
                continue;
            };
            for c in (side.start..side.end).filter(|&c| view.is_value_col(c)) {
                let (Slot::Num(part), Slot::Num(whole)) = (view.slot(r, c), view.slot(parent, c))
                else {
                    continue;
                };
                let place = view.place_at(r, c);
                let part_name = format!("“{}”", place.label.clone().unwrap_or_default());
                let whole_name = format!("“{}”", view.label_in(parent, side.start..side.end));
                crate::check::check_not_above(
                    OF_WHICH_PART,
                    place,
                    &part_name,
                    part,
                    &whole_name,
                    whole,
                    sink,
                );
            }
        }
    }
}
