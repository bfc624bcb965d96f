//! Self-evaluation (绩效自评) identities, from `records.fund_summary` and
//! `records.indicators`: 执行率, the budget score, scores within weights,
//! weight and score totals, declared category weights, missing 偏差原因 and
//! duplicated indicators.

use std::collections::{BTreeMap, BTreeSet};

use yusuan_model::{Decimal, Document, FundSummary, Indicator, Op, Severity};

use crate::check::{Identity, Place, Sink, Term, evaluate, finding};
use crate::figure::{Figure, Slot, show};
use crate::rules::{
    BUDGET_SCORE, DEVIATION_REASON_MISSING, DUPLICATE_INDICATOR, EXECUTION_RATE, FUND_GRANT_PARTS,
    FUND_TOTAL, LEVEL1_WEIGHT, SCORE_OVER_WEIGHT, SCORES_TOTAL, WEIGHTS_TOTAL,
};
use crate::view::{View, squash};

/// Row labels of the 总分 row of a 自评表 (whitespace removed).
const TOTAL_LABELS: &[&str] = &["分值合计", "合计", "总分", "总得分", "总计", "自评总分"];

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// Runs every self-evaluation rule; `views` are those of `doc.tables`.
pub(crate) fn check_self_evaluation(doc: &Document, views: &[View<'_>], sink: &mut Sink<'_>) {
    for fs in &doc.records.fund_summary {
        check_fund(fs, sink);
    }
    check_fund_sources(&doc.records.fund_summary, sink);
    check_grant_parts(&doc.records.fund_summary, sink);
    for ind in &doc.records.indicators {
        check_indicator(ind, sink);
    }
    check_duplicates(&doc.records.indicators, views, sink);
    check_level1(&doc.records.indicators, sink);
    check_totals(doc, views, sink);
}

fn fund_place(fs: &FundSummary) -> Place {
    Place {
        table: Some(fs.table.clone()),
        page: Some(fs.page),
        row: Some(fs.row),
        label: Some(fs.label.clone()),
        unit: fs.unit.clone(),
        ..Place::default()
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
    // Rates are printed to 2 decimals at most; a third decimal that moves
    // the rate by less than 0.005 points is no inconsistency (西安 p. 72
    // "100.005" where the page shows 100.00%).
    let within_print = rate
        .checked_sub(exact)
        .is_some_and(|d| d.abs() <= Decimal::new(5, 3));
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
    } || within_print;
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
    // A source row (其中：财政拨款, 上年结转) printing 0% or 0.0%: the form
    // leaves the rate of a breakdown row uncomputed (国家信访局 决算
    // p. 28), it does not claim nothing was spent.
    let sub_row = place
        .label
        .as_deref()
        .is_some_and(|l| !FUND_TOTAL_LABELS.contains(&squash(l).as_str()));
    let severity = if within {
        message.push_str("，在四舍五入误差以内");
        Severity::Info
    } else if sub_row && rate.is_zero() {
        message.push_str("（分项行的执行率填为 0，视为未计算）");
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
            if is_source(&l) {
                parts.push(p);
            }
            i += 1;
        }
        if parts.len() < 2 {
            continue;
        }
        for (column, get) in FUND_COLUMNS {
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
                // A source left blank (西安 p. 94: 其他资金 has 年初预算数
                // and 执行数 but no 全年预算数) may be an omission rather
                // than a 0: a failure is a warning.
                // Parts that already exceed the total are wrong whatever
                // the blank holds.
                unsure: parts.iter().any(|p| get(p).is_none())
                    && parts
                        .iter()
                        .filter_map(|p| get(p))
                        .try_fold(Decimal::ZERO, |a, b| a.checked_add(b))
                        .is_some_and(|sum| sum < t),
            });
        }
    }
}

/// Reads one figure column of a 资金 row.
type FundColumn = fn(&FundSummary) -> Option<Decimal>;

/// The figure columns a 资金 block adds up, with the names findings use.
const FUND_COLUMNS: [(&str, FundColumn); 3] = [
    ("年初预算数", |f| f.initial_budget),
    ("全年预算数", |f| f.full_year_budget),
    ("全年执行数", |f| f.executed),
];

/// Words that name a source of funds in a 资金 block row.
const SOURCE_WORDS: &[&str] = &["其他资金", "结转", "财政拨款", "财政资金"];

/// Whether a squashed 资金 row label names a top-level source: one of
/// [`SOURCE_WORDS`], or a bare "其他" (黔南 forms: "其他：").
fn is_source(label: &str) -> bool {
    SOURCE_WORDS.iter().any(|w| label.contains(w)) || bare_label(label) == "其他"
}

/// A squashed label without a leading "其中" and trailing colons.
fn bare_label(label: &str) -> &str {
    label
        .trim_start_matches("其中")
        .trim_start_matches(['：', ':'])
        .trim_end_matches(['：', ':'])
}

/// Rows that split 财政拨款 by level of government (黔南 forms: 本级安排,
/// 其中：上级补助), listed under the 财政拨款 row.
const GRANT_PART_WORDS: &[&str] = &[
    "上级补助",
    "上级转移支付",
    "中央补助",
    "本级安排",
    "省级补助",
];

/// 财政拨款 = Σ the level-of-government rows right below it (本级安排 +
/// 上级补助), per figure column. Checked only when at least two such rows
/// follow, so that a lone "其中：上级补助" (a part, not a breakdown) is not
/// taken for the whole.
fn check_grant_parts(funds: &[FundSummary], sink: &mut Sink<'_>) {
    for (i, grant) in funds.iter().enumerate() {
        let label = squash(&grant.label);
        if !bare_label(&label).ends_with("财政拨款") {
            continue;
        }
        let parts: Vec<&FundSummary> = funds
            .iter()
            .skip(i + 1)
            .take_while(|p| {
                p.table == grant.table
                    && GRANT_PART_WORDS
                        .iter()
                        .any(|w| squash(&p.label).contains(w))
            })
            .collect();
        if parts.len() < 2 {
            continue;
        }
        for (column, get) in FUND_COLUMNS {
            let Some(t) = get(grant) else { continue };
            if parts.iter().any(|p| get(p).is_none()) {
                continue;
            }
            sink.check(Identity {
                rule: FUND_GRANT_PARTS,
                place: fund_place(grant),
                subject: format!("{}（{column}）", grant.label.trim()),
                total: Figure::from_decimal(t),
                terms: parts
                    .iter()
                    .map(|p| Term {
                        name: bare_label(&squash(&p.label)).to_owned(),
                        figure: get(p).map(Figure::from_decimal),
                    })
                    .collect(),
                unsure: false,
            });
        }
    }
}

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
        ..Place::default()
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

fn check_duplicates(indicators: &[Indicator], views: &[View<'_>], sink: &mut Sink<'_>) {
    // The same name under another 二级指标 is another indicator, and so is
    // one in another funding block of the same project: a project listing
    // two sub-items (北京人社: 就业补助资金 with a 600万 and a 241万 block,
    // each with its own 绩效目标) states 拨付及时率 for each.
    type Key = (
        String,
        Option<String>,
        Option<String>,
        String,
        String,
        Vec<usize>,
    );
    let mut seen: BTreeMap<Key, &Indicator> = BTreeMap::new();
    for ind in indicators {
        let name = squash(&ind.name);
        if name.is_empty() {
            continue;
        }
        let key = (
            ind.table.clone(),
            ind.project.clone(),
            ind.level2.as_deref().map(squash),
            name,
            squash(&ind.target.raw),
            block_of(views, ind),
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

/// The block an indicator row sits in: the cells covering its row left of
/// its 一级指标 (project, amounts, 绩效目标 — merged over the block's rows);
/// all of the row's cells when no 一级指标 column is found.
fn block_of(views: &[View<'_>], ind: &Indicator) -> Vec<usize> {
    let Some(view) = views.iter().find(|v| v.table.id == ind.table) else {
        return Vec::new();
    };
    let Some(level1) = ind.level1.as_deref().map(squash).filter(|l| !l.is_empty()) else {
        return Vec::new();
    };
    let n_cols = view.table.n_cols;
    // Indicators listed as text in one cell per project (广州) have no
    // 一级指标 column: the row is the block.
    let at = (0..n_cols)
        .find(|&c| squash(view.text(ind.row, c)).starts_with(&level1))
        .unwrap_or(n_cols);
    (0..at)
        .filter_map(|c| view.cell_index(ind.row, c))
        .collect()
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
                figure: i.weight.map(Figure::points),
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
            total: Figure::points(declared),
            terms,
            unsure: false,
        });
    }
}

/// The 总分 row of a table.
#[derive(Debug, Clone)]
struct TotalRow {
    row: usize,
    label: String,
    weight: Figure,
    score: Figure,
    page: Option<u32>,
    /// The grid column of the weight figure.
    weight_col: usize,
}

/// The 总分 row of a table: its row and the first two figures (weight,
/// score) in column order.
fn total_row(view: &View<'_>) -> Option<TotalRow> {
    let t = view.table;
    let origins: BTreeSet<(usize, usize)> = t.cells.iter().map(|c| (c.row, c.col)).collect();
    let mut found = None;
    for r in 0..t.n_rows {
        let mut label = None;
        let mut figures = Vec::new();
        for c in 0..t.n_cols {
            if origins.contains(&(r, c)) {
                let text = view.text(r, c);
                if TOTAL_LABELS.contains(&squash(text).as_str()) {
                    label.get_or_insert_with(|| text.trim().to_owned());
                }
                if let Slot::Num(f) = view.slot(r, c) {
                    figures.push((c, f));
                }
            }
        }
        if let (Some(label), [(wc, w), (_, s)]) = (label, figures.as_slice()) {
            found = Some(TotalRow {
                row: r,
                label,
                weight: *w,
                score: *s,
                page: view.page(r),
                weight_col: *wc,
            });
        }
    }
    found
}

/// Whether the grid shows weights on rows between the first indicator and
/// the 总分 row that no indicator record covers: then the records missed
/// indicator rows (a form continued on the next page, 国家信访局 决算
/// p. 31), and a failed total is not the document's.
fn rows_missed(view: &View<'_>, inds: &[&Indicator], total: &TotalRow) -> bool {
    let Some(first) = inds.iter().map(|i| i.row).min() else {
        return false;
    };
    let weighed: BTreeSet<usize> = view
        .table
        .cells
        .iter()
        .filter(|c| c.col == total.weight_col)
        .map(|c| c.row)
        .collect();
    let covered: BTreeSet<usize> = inds.iter().map(|i| i.row).collect();
    (first..total.row).any(|r| {
        matches!(view.slot(r, total.weight_col), Slot::Num(_))
            && weighed.contains(&r)
            && !covered.contains(&r)
    })
}

/// The 资金 rows that belong to an indicator table: its own, or, when it has
/// none, those of the table just before it (a form cut in two by a page
/// break or a layout split, 西安 p. 30/31) when that one has no indicators.
fn funds_of<'d>(doc: &'d Document, table: &str) -> Vec<&'d FundSummary> {
    let own: Vec<&FundSummary> = doc
        .records
        .fund_summary
        .iter()
        .filter(|f| f.table == table)
        .collect();
    if !own.is_empty() {
        return own;
    }
    let Some(i) = doc.tables.iter().position(|t| t.id == table) else {
        return own;
    };
    let Some(prev) = i.checked_sub(1).and_then(|p| doc.tables.get(p)) else {
        return own;
    };
    if doc.records.indicators.iter().any(|x| x.table == prev.id) {
        return own;
    }
    doc.records
        .fund_summary
        .iter()
        .filter(|f| f.table == prev.id)
        .collect()
}

/// Checks `total = Σ terms`, where the funds' figure may or may not be
/// counted in the 总分 row: forms print it both ways (西安: 总分 90 = the
/// indicators only, beside forms whose 总分 100 includes the 资金 10). A
/// reading that holds is silent; when neither holds, the reading with the
/// funds is reported.
fn check_either(mut with_funds: Identity, fund_terms: usize, sink: &mut Sink<'_>) {
    if fund_terms > 0 {
        let without = Identity {
            terms: with_funds.terms.iter().skip(fund_terms).cloned().collect(),
            ..with_funds.clone()
        };
        let holds = |id: &Identity| evaluate(id).is_none_or(|f| f.severity == Severity::Info);
        if holds(&without) && !holds(&with_funds) {
            with_funds = without;
        }
    }
    sink.check(with_funds);
}

fn check_totals(doc: &Document, views: &[View<'_>], sink: &mut Sink<'_>) {
    let mut by_table: BTreeMap<&str, Vec<&Indicator>> = BTreeMap::new();
    for i in &doc.records.indicators {
        by_table.entry(i.table.as_str()).or_default().push(i);
    }
    let mut view_of: BTreeMap<&str, &View<'_>> = BTreeMap::new();
    for v in views {
        view_of.entry(v.table.id.as_str()).or_insert(v);
    }
    for (table, inds) in by_table {
        let mut projects: Vec<&Option<String>> = inds.iter().map(|i| &i.project).collect();
        projects.sort();
        projects.dedup();
        if projects.len() > 1 {
            continue;
        }
        let Some(view) = view_of.get(table) else {
            continue;
        };
        let Some(total) = total_row(view) else {
            continue;
        };
        // Without a 资金 row the records know of, the 总分 may include a
        // funds part they did not read (西安 p. 30: 分值 per task in a
        // table of its own): a failure is not sure to be the document's.
        let missed = rows_missed(view, &inds, &total);
        let TotalRow {
            row,
            label,
            weight: weight_total,
            score: score_total,
            page,
            ..
        } = total;
        // The first 资金 row (年度资金总额) carries the funds' 分值 and 得分;
        // a 其中 row repeating them (西安 p. 70) is not counted again.
        let funds = funds_of(doc, table);
        let fund = funds
            .iter()
            .find(|f| f.weight.is_some() || f.score.is_some());
        let fund_weight = fund.and_then(|f| f.weight);
        let fund_score = fund.and_then(|f| f.score);
        let place = Place {
            table: Some(table.to_owned()),
            page,
            row: Some(row),
            label: Some(label),
            ..Place::default()
        };
        let named: Vec<&&Indicator> = inds
            .iter()
            .filter(|i| !squash(&i.name).is_empty())
            .collect();
        if named.is_empty() {
            continue;
        }
        let mut weight_terms = Vec::new();
        let mut score_terms = Vec::new();
        if fund.is_some() {
            weight_terms.push(Term {
                name: "资金执行分值".into(),
                figure: fund_weight.map(Figure::points),
            });
            score_terms.push(Term {
                name: "资金执行得分".into(),
                figure: fund_score.map(Figure::points),
            });
        }
        let fund_terms = weight_terms.len();
        for i in &named {
            weight_terms.push(Term {
                name: i.name.clone(),
                figure: i.weight.map(Figure::points),
            });
            score_terms.push(Term {
                name: i.name.clone(),
                figure: i.score.map(Figure::points),
            });
        }
        // A 资金 row scored but without its 分值 printed (西安卫健委 p. 73:
        // 分值 blank, 得分 10.00, indicators 90 of a 总分 100): the form
        // leaves the funds' weight implied. When the gap the indicators
        // leave is at least the funds' score, an unprinted weight explains
        // it; nothing is said.
        let indicator_weights = named
            .iter()
            .try_fold(Decimal::ZERO, |acc, i| acc.checked_add(i.weight?));
        let implied_fund_weight = fund_weight.is_none()
            && fund_score.is_some_and(|s| {
                indicator_weights
                    .and_then(|w| weight_total.value.checked_sub(w))
                    .is_some_and(|gap| gap > Decimal::ZERO && gap >= s)
            });
        // Without a 资金 row the records know of (a funds table of its own,
        // 西安卫健委 p. 30), parts may be missing: a sum that falls short of
        // the 总分 is no evidence, only one that exceeds it.
        let short_without_funds =
            fund.is_none() && indicator_weights.is_some_and(|w| w < weight_total.value);
        if named.iter().all(|i| i.weight.is_some()) && !implied_fund_weight && !short_without_funds
        {
            check_either(
                Identity {
                    rule: WEIGHTS_TOTAL,
                    place: place.clone(),
                    subject: "总分行的分值".into(),
                    total: Figure::points(weight_total.value),
                    terms: weight_terms,
                    // A 资金 row scored but without its 分值 printed (西安
                    // p. 98): the weights cannot be added up for sure.
                    unsure: missed
                        || fund.is_none()
                        || (fund_score.is_some() && fund_weight.is_none()),
                },
                fund_terms,
                sink,
            );
        }
        let indicator_scores = named
            .iter()
            .try_fold(Decimal::ZERO, |acc, i| acc.checked_add(i.score?));
        let scores_short_without_funds = fund.is_none_or(|f| f.score.is_none())
            && indicator_scores.is_some_and(|s| s < score_total.value);
        if named.iter().all(|i| i.score.is_some()) && !scores_short_without_funds {
            check_either(
                Identity {
                    rule: SCORES_TOTAL,
                    place,
                    subject: "总分行的得分".into(),
                    total: Figure::points(score_total.value),
                    terms: score_terms,
                    unsure: missed || fund.is_none_or(|f| f.score.is_none()),
                },
                fund_terms,
                sink,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_labels_are_sorted() {
        for list in [
            TOTAL_LABELS,
            FUND_TOTAL_LABELS,
            SOURCE_WORDS,
            GRANT_PART_WORDS,
        ] {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{} !< {}", pair[0], pair[1]);
            }
        }
    }
}
