//! Column identities: a 合计/小计/总计 column equals the sum of its sibling
//! columns under the same parent header.
//!
//! The parts are read from the header tree, never from position alone: the
//! siblings of the total cell under the same parent cell (or at the top
//! level). A sibling that has sub-columns contributes its own 小计 column if
//! it has one, else the sum of its sub-columns. "其中" columns and columns of
//! another measure (政府采购, 上年数, 增减...) are subsets or comparisons,
//! not parts, and are left out.

use crate::check::{Identity, Sink, Term};
use crate::figure::{Figure, Slot};
use crate::rules::COLUMN_TOTAL;
use crate::view::{View, is_total_word};

/// Sibling header words that are not parts of the total next to them.
const NOT_PARTS: &[&str] = &[
    "%",
    "上年决算",
    "上年数",
    "上年预算",
    "其中",
    "占",
    "增减",
    "增长",
    "备注",
    "政府采购",
    "比上年",
    "说明",
    "预留",
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
    "政府性基金",
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
];

/// A column that contributes to a total, with a readable name.
type Part = (usize, String);

/// Checks every total column of the table on every body row.
pub(crate) fn check_columns(view: &View<'_>, sink: &mut Sink<'_>) {
    for (t, node) in view.nodes.iter().enumerate() {
        if !is_total_word(&node.label) {
            continue;
        }
        let siblings: Vec<usize> = view
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, n)| *i != t && n.parent == node.parent && n.row == node.row)
            .filter(|(_, n)| !is_not_part(&n.label))
            .filter(|(_, n)| (n.col..n.col_end).any(|c| view.is_value_col(c)))
            .map(|(i, _)| i)
            .collect();
        if siblings.is_empty() {
            continue;
        }
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
            check_rows(view, col, &parts, unsure, sink);
        }
    }
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
        .filter(|&c| view.nodes.get(c).is_some_and(|x| !is_not_part(&x.label)))
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
    if let Some(&total) = children
        .iter()
        .find(|&&c| view.nodes.get(c).is_some_and(|x| is_total_word(&x.label)))
    {
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

/// Checks `total col = Σ parts` on every body row that prints the total.
fn check_rows(view: &View<'_>, col: usize, parts: &[Part], unsure: bool, sink: &mut Sink<'_>) {
    let col_name = view.leaf_label(col).unwrap_or_default();
    for r in view.body_rows() {
        let Slot::Num(total) = view.slot(r, col) else {
            continue;
        };
        let mut terms = Vec::with_capacity(parts.len());
        let mut any = false;
        let mut text = false;
        for (c, name) in parts {
            let figure: Option<Figure> = match view.slot(r, *c) {
                Slot::Num(f) => {
                    any = true;
                    Some(f)
                }
                Slot::Blank => None,
                Slot::Text => {
                    text = true;
                    None
                }
            };
            terms.push(Term {
                name: name.clone(),
                figure,
            });
        }
        // A row whose parts are all blank states the total only (the form
        // does not break it down there); a word among the parts means the
        // row is not arithmetic.
        if text || !any {
            continue;
        }
        let place = view.place(r);
        let subject = match &place.label {
            Some(l) => format!("“{l}”行的“{col_name}”"),
            None => format!("第{}行的“{col_name}”", r.saturating_add(1)),
        };
        sink.check(Identity {
            rule: COLUMN_TOTAL,
            place,
            subject,
            total,
            terms,
            unsure,
        });
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
