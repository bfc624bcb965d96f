//! Self-evaluation (绩效自评) identities, from `records.fund_summary` and
//! `records.indicators`: 执行率, the budget score, scores within weights,
//! weight and score totals, declared category weights, missing 偏差原因 and
//! duplicated indicators.

use std::collections::BTreeMap;

use yusuan_model::{Decimal, Document, FundSummary, Indicator, Op, Severity};

use crate::check::{Identity, Place, Sink, Term, finding};
use crate::figure::{Figure, Slot, show};
use crate::rules::{
    BUDGET_SCORE, DEVIATION_REASON_MISSING, DUPLICATE_INDICATOR, EXECUTION_RATE, FUND_TOTAL,
    LEVEL1_WEIGHT, SCORE_OVER_WEIGHT, SCORES_TOTAL, WEIGHTS_TOTAL,
};
use crate::view::{View, squash};

/// Row labels of the 总分 row of a 自评表 (whitespace removed).
const TOTAL_LABELS: &[&str] = &["分值合计", "合计", "总分", "总得分", "总计", "自评总分"];

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// Runs every self-evaluation rule.
pub(crate) fn check_self_evaluation(doc: &Document, sink: &mut Sink<'_>) {
    for fs in &doc.records.fund_summary {
        check_fund(fs, sink);
    }
    check_fund_sources(&doc.records.fund_summary, sink);
    for ind in &doc.records.indicators {
        check_indicator(ind, sink);
    }
    check_duplicates(&doc.records.indicators, sink);
    check_level1(&doc.records.indicators, sink);
    check_totals(doc, sink);
}

fn fund_place(fs: &FundSummary) -> Place {
    Place {
        table: Some(fs.table.clone()),
        page: Some(fs.page),
        row: Some(fs.row),
        label: Some(fs.label.clone()),
    }
}

fn check_fund(fs: &FundSummary, sink: &mut Sink<'_>) {
    let place = fund_place(fs);
    if let (Some(budget), Some(executed), Some(rate)) =
        (fs.full_year_budget, fs.executed, fs.execution_rate)
    {
        check_rate(&place, budget, executed, rate, sink);
    }
    if let (Some(w), Some(s)) = (fs.weight, fs.score) {
        if s > w {
            over_weight(&place, "资金执行得分", w, s, sink);
        } else {
            let rate = fs.execution_rate.or_else(|| {
                let b = fs.full_year_budget.filter(|b| !b.is_zero())?;
                fs.executed?.checked_mul(HUNDRED)?.checked_div(b)
            });
            if let Some(rate) = rate {
                check_budget_score(&place, w, s, rate, sink);
            }
        }
    }
}

/// 执行率 = 全年执行数 / 全年预算数, within what the printed figures allow.
fn check_rate(
    place: &Place,
    budget: Decimal,
    executed: Decimal,
    rate: Decimal,
    sink: &mut Sink<'_>,
) {
    if budget <= Decimal::ZERO || executed < Decimal::ZERO {
        return;
    }
    let (b, e, r) = (
        Figure::from_decimal(budget),
        Figure::from_decimal(executed),
        Figure::from_decimal(rate),
    );
    let Some(exact) = executed
        .checked_mul(HUNDRED)
        .and_then(|x| x.checked_div(budget))
    else {
        return;
    };
    // Forms cap the rate at 100% when more was spent than budgeted.
    if executed >= budget && rate == HUNDRED {
        return;
    }
    let expected = exact.round_dp(r.decimals);
    if expected == rate {
        return;
    }
    let lo = (e.value - e.half)
        .checked_mul(HUNDRED)
        .and_then(|x| x.checked_div(b.value + b.half));
    let hi = if b.value > b.half {
        (e.value + e.half)
            .checked_mul(HUNDRED)
            .and_then(|x| x.checked_div(b.value - b.half))
    } else {
        None
    };
    let within = match (lo, hi) {
        (Some(lo), Some(hi)) => rate >= lo - r.half && rate <= hi + r.half,
        _ => false,
    };
    let dec = r.decimals.max(2);
    let mut message = format!(
        "{}执行率应为 {}%（全年执行数 {} ÷ 全年预算数 {}），表中为 {}%，相差 {} 个百分点",
        place.label.as_deref().unwrap_or(""),
        show(exact, dec),
        show(executed, e.decimals),
        show(budget, b.decimals),
        show(rate, r.decimals),
        show((rate - exact).abs(), dec)
    );
    let severity = if within {
        message.push_str("，在四舍五入误差以内");
        Severity::Info
    } else {
        Severity::Error
    };
    sink.push(finding(
        EXECUTION_RATE,
        severity,
        place,
        message,
        Some(expected),
        Some(rate),
    ));
}

/// 得分 = 执行率 × 分值, capped at 分值 (the common 自评表 rule).
fn check_budget_score(
    place: &Place,
    weight: Decimal,
    score: Decimal,
    rate: Decimal,
    sink: &mut Sink<'_>,
) {
    let (w, s, r) = (
        Figure::from_decimal(weight),
        Figure::from_decimal(score),
        Figure::from_decimal(rate),
    );
    let Some(raw) = rate
        .checked_mul(weight)
        .and_then(|x| x.checked_div(HUNDRED))
    else {
        return;
    };
    let expected = raw.min(weight);
    let diff = (score - expected).abs();
    if diff.is_zero() {
        return;
    }
    // The weight is exact (10 points); the score and the rate are rounded.
    let tolerance = s.half + weight * r.half / HUNDRED;
    // Enough decimals that a rounding difference does not print as 0.00.
    let dec = s.decimals.max(2).max(expected.normalize().scale().min(4));
    let mut message = format!(
        "{}得分应为 {}（执行率 {}% × 分值 {}{}），表中为 {}，相差 {}",
        place.label.as_deref().unwrap_or(""),
        show(expected, dec),
        show(rate, r.decimals),
        show(weight, w.decimals),
        if raw > weight {
            "，以分值为上限"
        } else {
            ""
        },
        show(score, s.decimals),
        show(diff, dec)
    );
    let severity = if diff <= tolerance {
        message.push_str("，在四舍五入误差以内");
        Severity::Info
    } else {
        Severity::Warning
    };
    sink.push(finding(
        BUDGET_SCORE,
        severity,
        place,
        message,
        Some(expected),
        Some(score),
    ));
}

/// Labels of the total row of a 资金 block (whitespace removed).
const FUND_TOTAL_LABELS: &[&str] = &["年度资金总额", "年度资金总额：", "资金总额", "项目资金总额"];

/// 年度资金总额 = Σ the rows below it that name a 资金来源, for 年初预算数,
/// 全年预算数 and 全年执行数. "其中" marks the breakdown here, which on
/// these forms is complete (财政拨款 + 上年结转 + 其他资金); with fewer than
/// two source rows nothing is checked.
fn check_fund_sources(funds: &[FundSummary], sink: &mut Sink<'_>) {
    let mut i = 0;
    while i < funds.len() {
        let Some(total) = funds.get(i) else { break };
        i += 1;
        if !FUND_TOTAL_LABELS.contains(&squash(&total.label).as_str()) {
            continue;
        }
        let mut parts = Vec::new();
        while let Some(p) = funds.get(i) {
            let l = squash(&p.label);
            if p.table != total.table || FUND_TOTAL_LABELS.contains(&l.as_str()) {
                break;
            }
            if SOURCE_WORDS.iter().any(|w| l.contains(w)) {
                parts.push(p);
            }
            i += 1;
        }
        if parts.len() < 2 {
            continue;
        }
        let columns: [(&str, FundColumn); 3] = [
            ("年初预算数", |f| f.initial_budget),
            ("全年预算数", |f| f.full_year_budget),
            ("全年执行数", |f| f.executed),
        ];
        for (column, get) in columns {
            let Some(t) = get(total) else { continue };
            if parts.iter().all(|p| get(p).is_none()) {
                continue;
            }
            sink.check(Identity {
                rule: FUND_TOTAL,
                place: fund_place(total),
                subject: format!("{}（{column}）", total.label.trim()),
                total: Figure::from_decimal(t),
                terms: parts
                    .iter()
                    .map(|p| Term {
                        name: p.label.trim().trim_start_matches("其中：").to_owned(),
                        figure: get(p).map(Figure::from_decimal),
                    })
                    .collect(),
                unsure: false,
            });
        }
    }
}

/// Reads one figure column of a 资金 row.
type FundColumn = fn(&FundSummary) -> Option<Decimal>;

/// Words that name a source of funds in a 资金 block row.
const SOURCE_WORDS: &[&str] = &["其他资金", "结转", "财政拨款", "财政资金"];

fn over_weight(place: &Place, what: &str, weight: Decimal, score: Decimal, sink: &mut Sink<'_>) {
    let message = format!(
        "{}{}为 {}，超过分值 {}",
        place.label.as_deref().unwrap_or(""),
        what,
        score.normalize(),
        weight.normalize()
    );
    sink.push(finding(
        SCORE_OVER_WEIGHT,
        Severity::Error,
        place,
        message,
        Some(weight),
        Some(score),
    ));
}

fn indicator_place(ind: &Indicator) -> Place {
    Place {
        table: Some(ind.table.clone()),
        page: Some(ind.page),
        row: Some(ind.row),
        label: Some(ind.name.clone()),
    }
}

/// Whether the indicator met its target: when both are numbers, by the
/// target's comparison; a completed value written exactly as the target
/// ("有效提升" / "有效提升") met it too.
fn met_target(ind: &Indicator) -> Option<bool> {
    let actual_raw = squash(&ind.actual.as_ref()?.raw);
    if !actual_raw.is_empty() && actual_raw == squash(&ind.target.raw) {
        return Some(true);
    }
    let target = ind.target.value?;
    let actual = ind.actual.as_ref()?.value?;
    Some(match ind.target.op {
        Some(Op::Ge) => actual >= target,
        Some(Op::Gt) => actual > target,
        Some(Op::Le) => actual <= target,
        Some(Op::Lt) => actual < target,
        Some(Op::Range) => actual >= target && ind.target.max.is_none_or(|m| actual <= m),
        Some(Op::Eq) | None => actual == target,
    })
}

fn check_indicator(ind: &Indicator, sink: &mut Sink<'_>) {
    let (Some(w), Some(s)) = (ind.weight, ind.score) else {
        return;
    };
    let place = indicator_place(ind);
    if s > w {
        over_weight(&place, "得分", w, s, sink);
        return;
    }
    let reason = ind
        .deviation_reason
        .as_deref()
        .map(squash)
        .unwrap_or_default();
    let no_reason = reason.is_empty() || matches!(reason.as_str(), "无" | "/" | "-" | "—");
    if s < w && no_reason && met_target(ind) != Some(true) {
        let actual = ind.actual.as_ref().map(|a| a.raw.as_str()).unwrap_or("");
        let message = format!(
            "指标“{}”得分 {} 低于分值 {}（指标值 {}，实际完成值 {}），但未填写偏差原因",
            ind.name,
            s.normalize(),
            w.normalize(),
            ind.target.raw,
            if actual.is_empty() { "未填" } else { actual }
        );
        sink.push(finding(
            DEVIATION_REASON_MISSING,
            Severity::Warning,
            &place,
            message,
            Some(w),
            Some(s),
        ));
    }
}

fn check_duplicates(indicators: &[Indicator], sink: &mut Sink<'_>) {
    let mut seen: BTreeMap<(String, Option<String>, String, String), &Indicator> = BTreeMap::new();
    for ind in indicators {
        let name = squash(&ind.name);
        if name.is_empty() {
            continue;
        }
        let key = (
            ind.table.clone(),
            ind.project.clone(),
            name,
            squash(&ind.target.raw),
        );
        if let Some(first) = seen.get(&key) {
            let message = format!(
                "指标“{}”（指标值 {}）重复列出：第 {} 页第 {} 行已有同一指标",
                ind.name, ind.target.raw, first.page, first.row
            );
            sink.push(finding(
                DUPLICATE_INDICATOR,
                Severity::Warning,
                &indicator_place(ind),
                message,
                None,
                None,
            ));
        } else {
            seen.insert(key, ind);
        }
    }
}

fn check_level1(indicators: &[Indicator], sink: &mut Sink<'_>) {
    let mut groups: BTreeMap<(String, Option<String>, String), Vec<&Indicator>> = BTreeMap::new();
    for ind in indicators {
        if let (Some(l1), Some(_)) = (&ind.level1, ind.level1_weight) {
            groups
                .entry((ind.table.clone(), ind.project.clone(), squash(l1)))
                .or_default()
                .push(ind);
        }
    }
    for ((_, _, l1), rows) in groups {
        let Some(first) = rows.first() else { continue };
        let Some(declared) = first.level1_weight else {
            continue;
        };
        if rows
            .iter()
            .any(|i| i.weight.is_none() && !squash(&i.name).is_empty())
        {
            continue;
        }
        let terms: Vec<Term> = rows
            .iter()
            .filter(|i| i.weight.is_some())
            .map(|i| Term {
                name: i.name.clone(),
                figure: i.weight.map(Figure::exact),
            })
            .collect();
        if terms.is_empty() {
            continue;
        }
        sink.check(Identity {
            rule: LEVEL1_WEIGHT,
            place: Place {
                label: Some(format!("{l1}（{}分）", declared.normalize())),
                ..indicator_place(first)
            },
            subject: format!("一级指标“{l1}”的分值"),
            total: Figure::exact(declared),
            terms,
            unsure: false,
        });
    }
}

/// The 总分 row of a table: its row and the first two figures (weight,
/// score) in column order.
fn total_row(doc: &Document, table: &str) -> Option<(usize, String, Figure, Figure, Option<u32>)> {
    let t = doc.tables.iter().find(|t| t.id == table)?;
    let view = View::new(t);
    let mut found = None;
    for r in 0..t.n_rows {
        let mut label = None;
        let mut figures = Vec::new();
        for c in 0..t.n_cols {
            if t.cells.iter().any(|cell| cell.row == r && cell.col == c) {
                let text = view.text(r, c);
                if TOTAL_LABELS.contains(&squash(text).as_str()) {
                    label.get_or_insert_with(|| text.trim().to_owned());
                }
                if let Slot::Num(f) = view.slot(r, c) {
                    figures.push(f);
                }
            }
        }
        if let (Some(label), [w, s]) = (label, figures.as_slice()) {
            found = Some((r, label, *w, *s, view.page(r)));
        }
    }
    found
}

fn check_totals(doc: &Document, sink: &mut Sink<'_>) {
    let mut tables: Vec<&str> = doc
        .records
        .indicators
        .iter()
        .map(|i| i.table.as_str())
        .collect();
    tables.dedup();
    tables.sort_unstable();
    tables.dedup();
    for table in tables {
        let inds: Vec<&Indicator> = doc
            .records
            .indicators
            .iter()
            .filter(|i| i.table == table)
            .collect();
        let mut projects: Vec<&Option<String>> = inds.iter().map(|i| &i.project).collect();
        projects.sort();
        projects.dedup();
        if projects.len() > 1 {
            continue;
        }
        let Some((row, label, weight_total, score_total, page)) = total_row(doc, table) else {
            continue;
        };
        let funds: Vec<&FundSummary> = doc
            .records
            .fund_summary
            .iter()
            .filter(|f| f.table == table)
            .collect();
        let fund_weight = funds.iter().find_map(|f| f.weight);
        let fund_score = funds.iter().find_map(|f| f.score);
        let place = Place {
            table: Some(table.to_owned()),
            page,
            row: Some(row),
            label: Some(label),
        };
        let named: Vec<&&Indicator> = inds
            .iter()
            .filter(|i| !squash(&i.name).is_empty())
            .collect();
        let mut weight_terms = Vec::new();
        let mut score_terms = Vec::new();
        if fund_weight.is_some() {
            weight_terms.push(Term {
                name: "资金执行分值".into(),
                figure: fund_weight.map(Figure::exact),
            });
            score_terms.push(Term {
                name: "资金执行得分".into(),
                figure: fund_score.map(Figure::from_decimal),
            });
        }
        for i in &named {
            weight_terms.push(Term {
                name: i.name.clone(),
                figure: i.weight.map(Figure::exact),
            });
            score_terms.push(Term {
                name: i.name.clone(),
                figure: i.score.map(Figure::points),
            });
        }
        if named.is_empty() {
            continue;
        }
        if named.iter().all(|i| i.weight.is_some()) {
            sink.check(Identity {
                rule: WEIGHTS_TOTAL,
                place: place.clone(),
                subject: "总分行的分值".into(),
                total: Figure::exact(weight_total.value),
                terms: weight_terms,
                unsure: false,
            });
        }
        if named.iter().all(|i| i.score.is_some())
            && (fund_weight.is_none() || fund_score.is_some())
        {
            sink.check(Identity {
                rule: SCORES_TOTAL,
                place,
                subject: "总分行的得分".into(),
                total: Figure::points(score_total.value),
                terms: score_terms,
                unsure: false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_labels_are_sorted() {
        for list in [TOTAL_LABELS, FUND_TOTAL_LABELS, SOURCE_WORDS] {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{} !< {}", pair[0], pair[1]);
            }
        }
    }
}
