//! Row identities of coded tables: a 类 row equals the sum of its 款 rows, a
//! 款 row the sum of its 项 rows (经济分类 301 = Σ301xx alike), and the
//! 合计/总计 row the sum of the top-level coded rows.
//!
//! Children are read from the codes, within the contiguous block that
//! follows the parent: a table that lists several units, each with its own
//! 201 rows, then never mixes one unit's rows into another's parent.

use crate::check::{Identity, Sink, Term};
use crate::figure::Slot;
use crate::rules::{CODE_HIERARCHY, ROW_TOTAL};
use crate::view::View;

/// A body row with a code.
#[derive(Debug, Clone)]
struct Coded {
    row: usize,
    code: String,
}

/// Checks code hierarchy and the total row of one table.
pub(crate) fn check_rows(view: &View<'_>, sink: &mut Sink<'_>) {
    let value_cols: Vec<usize> = (0..view.table.n_cols)
        .filter(|&c| view.is_value_col(c))
        .collect();
    if value_cols.is_empty() {
        return;
    }
    // Rows in order; `None` code marks a row that ends a block only when it
    // is a total row (page-break remnants and notes are skipped).
    let mut rows: Vec<Coded> = Vec::new();
    let mut breaks: Vec<usize> = Vec::new();
    for r in view.body_rows() {
        if let Some(code) = view.code(r) {
            rows.push(Coded { row: r, code });
        } else if view.is_total_row(r) {
            breaks.push(rows.len());
        }
    }
    check_hierarchy(view, &rows, &breaks, &value_cols, sink);
    check_total_row(view, &rows, &value_cols, sink);
}

fn check_hierarchy(
    view: &View<'_>,
    rows: &[Coded],
    breaks: &[usize],
    value_cols: &[usize],
    sink: &mut Sink<'_>,
) {
    for (i, parent) in rows.iter().enumerate() {
        // The parent's descendants: the rows right after it whose code
        // extends its code.
        let mut block: Vec<&Coded> = Vec::new();
        for (j, q) in rows.iter().enumerate().skip(i.saturating_add(1)) {
            if breaks.contains(&j) {
                break;
            }
            if q.code.len() > parent.code.len() && q.code.starts_with(&parent.code) {
                block.push(q);
            } else {
                break;
            }
        }
        if block.is_empty() {
            continue;
        }
        // Direct children: no other row of the block lies between.
        let children: Vec<&Coded> = block
            .iter()
            .copied()
            .filter(|q| {
                !block.iter().any(|m| {
                    m.code.len() < q.code.len()
                        && m.code.len() > parent.code.len()
                        && q.code.starts_with(&m.code)
                })
            })
            .collect();
        for &c in value_cols {
            sum_rows(view, parent.row, &children, c, CODE_HIERARCHY, sink);
        }
    }
}

fn check_total_row(view: &View<'_>, rows: &[Coded], value_cols: &[usize], sink: &mut Sink<'_>) {
    let totals: Vec<usize> = view.body_rows().filter(|&r| view.is_total_row(r)).collect();
    // Several total rows (one per unit, or a 小计 per section) have no single
    // set of parts: stay silent.
    let [total] = totals.as_slice() else { return };
    let top: Vec<&Coded> = rows
        .iter()
        .filter(|q| {
            !rows
                .iter()
                .any(|p| p.code.len() < q.code.len() && q.code.starts_with(&p.code))
        })
        .collect();
    if top.is_empty() {
        return;
    }
    // Functional (2xx) and economic (3xx/5xx) codes in one column are two
    // views of the same money; adding both would double it.
    let first_digits: Vec<char> = top.iter().filter_map(|q| q.code.chars().next()).collect();
    if first_digits.contains(&'2') && first_digits.iter().any(|&d| d != '2') {
        return;
    }
    for &c in value_cols {
        sum_rows(view, *total, &top, c, ROW_TOTAL, sink);
    }
}

/// Checks `row parent, column c = Σ rows in parts`.
fn sum_rows(
    view: &View<'_>,
    parent: usize,
    parts: &[&Coded],
    c: usize,
    rule: &'static str,
    sink: &mut Sink<'_>,
) {
    let Slot::Num(total) = view.slot(parent, c) else {
        return;
    };
    let mut terms = Vec::with_capacity(parts.len());
    let mut any = false;
    for q in parts {
        let figure = match view.slot(q.row, c) {
            Slot::Num(f) => {
                any = true;
                Some(f)
            }
            Slot::Blank => None,
            Slot::Text => return,
        };
        let name = view.label(q.row);
        let name = if name.starts_with(&q.code) {
            name
        } else {
            format!("{} {}", q.code, name)
        };
        terms.push(Term { name, figure });
    }
    // Children all blank: the form states the parent only; stay silent.
    if !any {
        return;
    }
    let place = view.place(parent);
    let col_name = view.col_name(c);
    let subject = match (&place.label, view.code(parent)) {
        (Some(l), Some(code)) if !l.starts_with(&code) => format!("{code} {l}的“{col_name}”"),
        (Some(l), _) => format!("“{l}”行的“{col_name}”"),
        (None, _) => format!("第{}行的“{col_name}”", parent.saturating_add(1)),
    };
    sink.check(Identity {
        rule,
        place,
        subject,
        total,
        terms,
        unsure: false,
    });
}
