//! Column identities: a 合计/小计/总计 column equals the sum of its sibling
//! columns under the same parent header.
//!
//! The parts are read from the header tree, never from position alone: the
//! siblings of the total cell under the same parent cell (or at the top
//! level). A sibling that has sub-columns contributes its own 小计 column if
//! it has one, else the sum of its sub-columns. "其中" columns and columns of
//! another measure (政府采购, 上年数, 增减...) are subsets or comparisons,
//! not parts, and are left out.

use yusuan_model::Severity;

use crate::check::{Identity, Sink, Term, evaluate};
use crate::figure::{Figure, Slot};
use crate::rules::{COLUMN_TOTAL, OF_WHICH_PART};
use crate::view::{HeaderNode, View, is_total_word};

/// Sibling header words of comparison columns, which are not parts of the
/// total next to them (of-which columns are marked by the grid's meaning).
const NOT_PARTS: &[&str] = &[
    "%",
    "上年决算",
    "上年数",
    "上年预算",
    "占",
    "增减",
    "增长",
    "备注",
    "扣除",
    "政府采购",
    "比上年",
    "说明",
];

/// Header words recognized as parts of a total: with only these, a failure
/// is an error; with any other sibling it is a warning.
const PART_WORDS: &[&str] = &[
    "一般公共预算",
    "上年结转",
    "上级补助",
    "上缴上级",
    "专户",
    "事业收入",
    "人员经费",
    "公务接待",
    "公务用车",
    "公用经费",
    "其他",
    "单位资金",
    "因公出国",
    "国有资本",
    "基本支出",
    "对个人和家庭",
    "工资福利",
    "弥补",
    "当年预算",
    "政府性基金",
    "本年预算",
    "社会保险",
    "经营",
    "结余",
    "结转",
    "财政拨款",
    "购置",
    "资本性支出",
    "运行",
    "附属单位",
    "非税",
    "项目支出",
    "预留",
];

/// A column that contributes to a total, with a readable name.
type Part = (usize, String);

/// Checks every total column of the table on every body row.
pub(crate) fn check_columns(view: &View<'_>, sink: &mut Sink<'_>) {
    check_columns_with(view, is_total_word, sink);
}

/// [`check_columns`] with the test that names a total column.
pub(crate) fn check_columns_with(view: &View<'_>, is_total: fn(&str) -> bool, sink: &mut Sink<'_>) {
    for (t, node) in view.nodes.iter().enumerate() {
        if !is_total(&node.label) {
            continue;
        }
        let same_level =
            |i: usize, n: &HeaderNode| i != t && n.parent == node.parent && n.row == node.row;
        let siblings: Vec<usize> = view
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, n)| same_level(*i, n))
            .filter(|(_, n)| !is_not_part(&n.label) && !is_of_which_node(view, n))
            .filter(|(_, n)| (n.col..n.col_end).any(|c| view.is_value_col(c)))
            .map(|(i, _)| i)
            .collect();
        if siblings.is_empty() {
            continue;
        }
        // "其中：基本支出" next to 项目支出 under 小计 (广州): an of-which
        // column that names a part may be a part after all; rows that add up
        // with it are read that way.
        let maybe_parts: Vec<usize> = view
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, n)| same_level(*i, n))
            .filter(|(_, n)| {
                is_of_which_node(view, n)
                    && PART_WORDS.iter().any(|w| n.label.contains(w))
                    && (n.col..n.col_end).any(|c| view.is_value_col(c))
            })
            .map(|(i, _)| i)
            .collect();
        let unsure = siblings.iter().any(|&s| {
            view.nodes
                .get(s)
                .is_none_or(|n| !PART_WORDS.iter().any(|w| n.label.contains(w)))
        });
        for (col, suffix) in leaves(view, t) {
            if !view.is_value_col(col) {
                continue;
            }
            let mut parts: Vec<Part> = Vec::new();
            let mut ok = true;
            for &s in &siblings {
                match resolve(view, s, &suffix, 0) {
                    Some(p) => parts.extend(p),
                    None => ok = false,
                }
            }
            if !ok || parts.is_empty() || parts.iter().any(|(c, _)| *c == col) {
                continue;
            }
            let mut with_maybe = parts.clone();
            for &s in &maybe_parts {
                match resolve(view, s, &suffix, 0) {
                    Some(p) => with_maybe.extend(p),
                    None => with_maybe.clear(),
                }
            }
            let alternative = (!maybe_parts.is_empty() && with_maybe.len() > parts.len())
                .then_some(with_maybe.as_slice());
            check_rows(view, col, &parts, alternative, unsure, sink);
        }
    }
}

/// Whether a header node stands over of-which columns only (the grid's
/// meaning marks them: "其中：经营支出", the columns under a "其中" cell).
fn is_of_which_node(view: &View<'_>, n: &HeaderNode) -> bool {
    (n.col..n.col_end).all(|c| {
        view.table
            .columns
            .get(c)
            .is_some_and(|k| k.part_of.is_some())
    })
}

/// Of-which columns against the column they are part of: on every body row
/// printing both, the part is not larger than the whole.
pub(crate) fn check_of_which_columns(view: &View<'_>, sink: &mut Sink<'_>) {
    for (c, col) in view.table.columns.iter().enumerate() {
        let Some(parent) = col.part_of else { continue };
        if !view.is_value_col(c) || !view.is_value_col(parent) {
            continue;
        }
        for r in view.body_rows() {
            let (Slot::Num(part), Slot::Num(whole)) = (view.slot(r, c), view.slot(r, parent))
            else {
                continue;
            };
            crate::check::check_not_above(
                OF_WHICH_PART,
                view.place_at(r, c),
                &format!("“{}”", view.col_name(c)),
                part,
                &format!("“{}”", view.col_name(parent)),
                whole,
                sink,
            );
        }
    }
}

/// A sub-column that gives its parent's whole figure: 小计/合计, or
/// 项目支出总数 / 支出总额 (Beijing prints 项目支出 as 总数 and
/// 扣除基建项目后预算数).
fn is_subtotal_word(label: &str) -> bool {
    is_total_word(label) || label.ends_with("总数") || label.ends_with("总额")
}

fn is_not_part(label: &str) -> bool {
    NOT_PARTS.iter().any(|w| label.contains(w))
}

/// The single-column leaves under node `t`, each with the labels leading to
/// it below `t` ("合计" over 预算数/决算数 gives two leaves).
fn leaves(view: &View<'_>, t: usize) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut stack = vec![(t, Vec::<String>::new())];
    while let Some((i, path)) = stack.pop() {
        let Some(n) = view.nodes.get(i) else { continue };
        if n.children.is_empty() {
            if n.col_end == n.col.saturating_add(1) {
                out.push((n.col, path));
            }
            continue;
        }
        for &ch in n.children.iter().rev() {
            if let Some(c) = view.nodes.get(ch) {
                let mut p = path.clone();
                p.push(c.label.clone());
                stack.push((ch, p));
            }
        }
    }
    out
}

/// Nesting limit for header trees (real forms have at most 5 header rows).
const MAX_DEPTH: usize = 8;

/// The columns that give sibling `s`'s figure for the measure `suffix`.
fn resolve(view: &View<'_>, s: usize, suffix: &[String], depth: usize) -> Option<Vec<Part>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let n = view.nodes.get(s)?;
    let name_with = |parts: Vec<Part>| -> Vec<Part> {
        parts
            .into_iter()
            .map(|(c, name)| {
                if name.is_empty() || is_total_word(&name) {
                    (c, n.label.clone())
                } else {
                    (c, format!("{}/{}", n.label, name))
                }
            })
            .collect()
    };
    if n.children.is_empty() {
        let single = n.col_end == n.col.saturating_add(1);
        return (suffix.is_empty() && single && view.is_value_col(n.col))
            .then(|| vec![(n.col, n.label.clone())]);
    }
    let children: Vec<usize> = n
        .children
        .iter()
        .copied()
        .filter(|&c| {
            view.nodes
                .get(c)
                .is_some_and(|x| !is_not_part(&x.label) && !is_of_which_node(view, x))
        })
        .collect();
    if let Some(first) = suffix.first()
        && let Some(&c) = children
            .iter()
            .find(|&&c| view.nodes.get(c).is_some_and(|x| &x.label == first))
    {
        let rest = suffix.get(1..).unwrap_or(&[]);
        return resolve(view, c, rest, depth + 1).map(|p| {
            p.into_iter()
                .map(|(col, _)| (col, n.label.clone()))
                .collect()
        });
    }
    if let Some(&total) = children.iter().find(|&&c| {
        view.nodes
            .get(c)
            .is_some_and(|x| is_subtotal_word(&x.label))
    }) {
        return resolve(view, total, suffix, depth + 1).map(|p| {
            p.into_iter()
                .map(|(col, _)| (col, n.label.clone()))
                .collect()
        });
    }
    let mut out = Vec::new();
    for c in children {
        out.extend(resolve(view, c, suffix, depth + 1)?);
    }
    (!out.is_empty()).then(|| name_with(out))
}

/// The terms of `parts` on row `r`; `None` when a part holds a word (the
/// row is not arithmetic) or every part is blank (the form does not break
/// the total down on that row).
fn row_terms(view: &View<'_>, r: usize, parts: &[Part]) -> Option<Vec<Term>> {
    let mut terms = Vec::with_capacity(parts.len());
    let mut any = false;
    for (c, name) in parts {
        let figure: Option<Figure> = match view.slot(r, *c) {
            Slot::Num(f) => {
                any = true;
                Some(f)
            }
            Slot::Blank => None,
            Slot::Text => return None,
        };
        terms.push(Term {
            name: name.clone(),
            figure,
        });
    }
    any.then_some(terms)
}

/// Checks `total col = Σ parts` on every body row that prints the total.
/// With an `alternative` reading of the parts (其中 columns included), a
/// row that adds up that way is fine, and a row that adds up neither way is
/// reported as unsure.
fn check_rows(
    view: &View<'_>,
    col: usize,
    parts: &[Part],
    alternative: Option<&[Part]>,
    unsure: bool,
    sink: &mut Sink<'_>,
) {
    let col_name = view.leaf_label(col).unwrap_or_default();
    for r in view.body_rows() {
        let Slot::Num(total) = view.slot(r, col) else {
            continue;
        };
        let Some(terms) = row_terms(view, r, parts) else {
            continue;
        };
        let place = view.place_at(r, col);
        let subject = match &place.label {
            Some(l) => format!("“{l}”行的“{col_name}”"),
            None => format!("第{}行的“{col_name}”", r.saturating_add(1)),
        };
        let mut id = Identity {
            rule: COLUMN_TOTAL,
            place,
            subject,
            total,
            terms,
            unsure,
        };
        if let Some(alt) = alternative {
            let Some(fails) = evaluate(&id) else { continue };
            if fails.severity != Severity::Info {
                let alt_holds = row_terms(view, r, alt).is_some_and(|terms| {
                    evaluate(&Identity {
                        terms,
                        ..id.clone()
                    })
                    .is_none_or(|f| f.severity == Severity::Info)
                });
                if alt_holds {
                    continue;
                }
                id.unsure = true;
            }
        }
        sink.check(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_are_sorted_and_unique() {
        for list in [NOT_PARTS, PART_WORDS] {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{} !< {}", pair[0], pair[1]);
            }
        }
    }
}
