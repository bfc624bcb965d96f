//! Cross-table identities: totals that two tables of one volume state twice.
//!
//! - 收支总表 本年收入合计 = 收入总表 合计; 本年支出合计 = 支出总表 合计
//!   (or the 收支总表's 收入总计/支出总计, for a 收入总表 that includes a
//!   上年结转 column).
//! - 财政拨款收支总表 本年支出合计 (一般公共预算 column) = 一般公共预算支出表
//!   合计.
//! - 一般公共预算(财政拨款)支出表 合计行的基本支出 = 一般公共预算(财政拨款)
//!   基本支出表 合计, when both titles name the same fund scope.
//!
//! - A 功能分类 code's total agrees between two tables of one kind and one
//!   fund scope (by title) that both list it (`cross_table_code`), when
//!   their common codes agree for the most part (at least
//!   [`CODE_AGREEMENT`] percent): tables of different scopes (支出总表 with
//!   all funds, 一般公共预算支出表) are never compared, since they differ
//!   wherever other funds pay.
//!
//! Figures are compared in 元, each converted from its table's unit.

use std::collections::{BTreeMap, BTreeSet};

use yusuan_model::{Decimal, Severity, TableKind};
use yusuan_normalize::money_exponent;

use crate::check::{Identity, Place, Sink, Term, evaluate};
use crate::figure::{Figure, Slot};
use crate::rules::{CROSS_TABLE_CODE, CROSS_TABLE_TOTAL};
use crate::summary::{side_figure, sides};
use crate::view::{View, is_total_word, squash};

/// Fund scopes named in titles; two tables are comparable only with the same.
const SCOPES: &[&str] = &["一般公共预算", "政府性基金", "财政拨款"];

/// A located figure of one table, in 元.
#[derive(Debug, Clone)]
struct Stated {
    place: Place,
    what: String,
    yuan: Figure,
}

/// Converts a figure in `unit` to 元 (precision scaled alike).
/// A figure converted to 元 by the unit of its table (through the one unit
/// table of `yusuan-normalize`: "百万元" is never "万元"); the printed
/// precision stays what it was: 0.005 万元 is 50 元.
fn to_yuan(f: Figure, unit: Option<&str>) -> Option<Figure> {
    let exp = money_exponent(unit?)?;
    let factor = Decimal::from(10_i64.checked_pow(exp)?);
    let value = f.value.checked_mul(factor)?;
    Some(Figure {
        value,
        decimals: f.decimals.saturating_sub(exp),
        half: f.half.checked_mul(factor)?,
    })
}

fn grand_total(view: &View<'_>) -> Option<(usize, usize, Figure)> {
    let totals: Vec<usize> = view.body_rows().filter(|&r| view.is_total_row(r)).collect();
    let [row] = totals.as_slice() else {
        return None;
    };
    let value_cols: Vec<usize> = (0..view.table.n_cols)
        .filter(|&c| view.is_value_col(c))
        .collect();
    let col = value_cols
        .iter()
        .copied()
        .find(|&c| view.leaf_label(c).is_some_and(|l| is_total_word(&l)))
        .or_else(|| {
            (value_cols.len() == 1)
                .then(|| value_cols.first().copied())
                .flatten()
        })?;
    match view.slot(*row, col) {
        Slot::Num(f) => Some((*row, col, f)),
        _ => None,
    }
}

/// The figure of the 合计 row in the column whose leaf label contains `word`.
fn total_in_column(view: &View<'_>, word: &str) -> Option<(usize, usize, Figure)> {
    let totals: Vec<usize> = view.body_rows().filter(|&r| view.is_total_row(r)).collect();
    let [row] = totals.as_slice() else {
        return None;
    };
    let col = (0..view.table.n_cols)
        .find(|&c| view.is_value_col(c) && view.leaf_label(c).is_some_and(|l| l.contains(word)))?;
    match view.slot(*row, col) {
        Slot::Num(f) => Some((*row, col, f)),
        _ => None,
    }
}

fn stated(view: &View<'_>, row: usize, what: String, f: Figure) -> Option<Stated> {
    Some(Stated {
        place: view.place(row),
        what,
        yuan: to_yuan(f, view.unit())?,
    })
}

fn scope(title: Option<&str>) -> Option<&'static str> {
    let t = squash(title?);
    SCOPES.iter().copied().find(|s| t.contains(s))
}

/// Least share of common codes that must agree before two tables are taken
/// to state one scope, in percent.
pub(crate) const CODE_AGREEMENT: usize = 80;

/// Least number of common codes for a comparison.
const MIN_COMMON_CODES: usize = 3;

/// Kinds whose coded rows carry 功能分类 totals.
const CODED_KINDS: &[TableKind] = &[
    TableKind::RevenueSummary,
    TableKind::ExpenditureSummary,
    TableKind::GeneralBudgetByFunction,
    TableKind::GovernmentFund,
    TableKind::StateCapital,
];

/// A code's total in one table: code, row, figure in 元.
type CodeTotal = (String, usize, Figure);

/// The total of each 功能分类 code of a table, in 元, when every code is
/// listed once (a table listing several units repeats codes: skipped).
fn code_totals(view: &View<'_>) -> Option<Vec<CodeTotal>> {
    let value_cols: Vec<usize> = (0..view.table.n_cols)
        .filter(|&c| view.is_value_col(c))
        .collect();
    let col = value_cols
        .iter()
        .copied()
        .find(|&c| view.leaf_label(c).is_some_and(|l| is_total_word(&l)))
        .or_else(|| value_cols.first().copied())?;
    let mut out: Vec<CodeTotal> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for r in view.body_rows() {
        let Some(code) = view.code(r) else { continue };
        // 功能分类 codes: 类 3 digits starting 2, 款 5, 项 7.
        if !code.starts_with('2') || ![3, 5, 7].contains(&code.len()) {
            continue;
        }
        if !seen.insert(code.clone()) {
            return None;
        }
        if let Slot::Num(f) = view.slot(r, col) {
            out.push((code, r, to_yuan(f, view.unit())?));
        }
    }
    Some(out)
}

/// `cross_table_code` between every pair of coded tables that state one
/// scope; each (table, code) is reported once, against the first table.
fn check_codes(views: &[View<'_>], sink: &mut Sink<'_>) {
    let coded: Vec<(&View<'_>, Vec<CodeTotal>)> = views
        .iter()
        .filter(|v| CODED_KINDS.contains(&v.table.kind))
        .filter_map(|v| Some((v, code_totals(v)?)))
        .collect();
    let mut reported: BTreeSet<(String, String)> = BTreeSet::new();
    for (i, (a, a_codes)) in coded.iter().enumerate() {
        let a_by_code: BTreeMap<&str, &CodeTotal> =
            a_codes.iter().map(|ac| (ac.0.as_str(), ac)).collect();
        for (b, b_codes) in coded.iter().skip(i.saturating_add(1)) {
            // Only one kind and one fund scope state the same totals: a
            // 支出总表 (all funds) and an 一般公共预算支出表 agree on most
            // codes and legitimately differ on those other funds pay for.
            if a.table.kind != b.table.kind
                || scope(a.table.title.as_deref()) != scope(b.table.title.as_deref())
            {
                continue;
            }
            let common: Vec<(&CodeTotal, &CodeTotal)> = b_codes
                .iter()
                .filter_map(|bc| Some((*a_by_code.get(bc.0.as_str())?, bc)))
                .collect();
            if common.len() < MIN_COMMON_CODES {
                continue;
            }
            let agree = |x: &Figure, y: &Figure| {
                x.value
                    .checked_sub(y.value)
                    .zip(x.half.checked_add(y.half))
                    .is_some_and(|(d, h)| d.abs() <= h)
            };
            let agreeing = common.iter().filter(|(x, y)| agree(&x.2, &y.2)).count();
            let enough =
                agreeing.saturating_mul(100) >= common.len().saturating_mul(CODE_AGREEMENT);
            if !enough || agreeing == common.len() {
                continue;
            }
            let a_title = a.table.title.clone().unwrap_or_default();
            let b_title = b.table.title.clone().unwrap_or_default();
            for (x, y) in common {
                let key = (b.table.id.clone(), y.0.clone());
                if agree(&x.2, &y.2) || !reported.insert(key) {
                    continue;
                }
                let name = b.label(y.1);
                let place = Place {
                    label: Some(format!("{} {}", y.0, name.trim())),
                    ..b.place(y.1)
                };
                sink.check(Identity {
                    rule: CROSS_TABLE_CODE,
                    place,
                    subject: format!("{b_title}中 {} 的合计（折合元）", y.0),
                    total: y.2,
                    terms: vec![Term {
                        name: format!(
                            "{a_title}（表 {} 第 {} 页）同一科目",
                            a.table.id,
                            a.page(x.1)
                                .map(|p| p.to_string())
                                .unwrap_or_else(|| "?".into())
                        ),
                        figure: Some(x.2),
                    }],
                    unsure: false,
                });
            }
        }
    }
}

/// Checks the cross-table totals of a document.
pub(crate) fn check_cross(views: &[View<'_>], sink: &mut Sink<'_>) {
    check_codes(views, sink);
    let of_kind =
        |k: TableKind| -> Vec<&View<'_>> { views.iter().filter(|v| v.table.kind == k).collect() };
    // 收支总表 against 收入总表 and 支出总表.
    if let [summary] = of_kind(TableKind::RevenueExpenditureSummary).as_slice() {
        let s = sides(summary);
        if let [income, spending] = s.as_slice() {
            let year =
                |side| side_figure(summary, side, |l| l.contains("本年") && l.ends_with("合计"));
            // The side's grand total (收入总计, or 收入合计 below 本年收入合计):
            // a 收入总表 with a 上年结转 column totals to it instead (福州).
            let grand = |side| {
                side_figure(summary, side, |l| {
                    l.ends_with("总计") || (l.ends_with("合计") && !l.contains("本年"))
                })
            };
            let pairs = [
                (
                    year(income),
                    grand(income),
                    TableKind::RevenueSummary,
                    ["本年收入合计", "收入总计"],
                ),
                (
                    year(spending),
                    grand(spending),
                    TableKind::ExpenditureSummary,
                    ["本年支出合计", "支出总计"],
                ),
            ];
            for (fig, grand_fig, kind, [what, grand_what]) in pairs {
                let Some((row, f)) = fig else { continue };
                let Some(a) = stated(summary, row, format!("收支总表“{what}”"), f) else {
                    continue;
                };
                let alt = grand_fig
                    .and_then(|(r, g)| stated(summary, r, format!("收支总表“{grand_what}”"), g));
                if let [other] = of_kind(kind).as_slice()
                    && let Some((r, _, g)) = grand_total(other)
                {
                    let title = other.table.title.clone().unwrap_or_default();
                    if let Some(b) = stated(other, r, format!("{title}合计"), g) {
                        match &alt {
                            Some(alt) if holds(&b, alt) && !holds(&b, &a) => {}
                            _ => compare(&b, &a, sink),
                        }
                    }
                }
            }
        }
    }
    // 财政拨款收支总表 本年支出合计 in its 一般公共预算 column against the
    // 一般公共预算支出表 合计.
    if let [grant] = of_kind(TableKind::FiscalGrantSummary).as_slice() {
        check_grant_against_general(grant, &of_kind(TableKind::GeneralBudgetByFunction), sink);
    }
    // 一般公共预算支出表 基本支出 against 一般公共预算基本支出表 合计.
    for f in of_kind(TableKind::GeneralBudgetByFunction) {
        let Some(sc) = scope(f.table.title.as_deref()) else {
            continue;
        };
        let Some((row, _, basic)) = total_in_column(f, "基本支出") else {
            continue;
        };
        let title = f.table.title.clone().unwrap_or_default();
        let Some(a) = stated(f, row, format!("{title}合计行“基本支出”"), basic) else {
            continue;
        };
        let same: Vec<&View<'_>> = of_kind(TableKind::BasicExpenditureByEconomic)
            .into_iter()
            .filter(|e| scope(e.table.title.as_deref()) == Some(sc))
            .collect();
        if let [e] = same.as_slice()
            && let Some((r, _, g)) = grand_total(e)
        {
            let t = e.table.title.clone().unwrap_or_default();
            if let Some(b) = stated(e, r, format!("{t}合计"), g) {
                compare(&b, &a, sink);
            }
        }
    }
}

/// The 一般公共预算 part of the 财政拨款收支总表's 本年支出合计 equals the
/// 合计 of the one 一般公共预算支出表 (by function). Read only where the
/// spending side has a column headed 一般公共预算 and a 本年支出合计 row
/// ("一、本年支出" in 长春): a summary with one figure column mixes funds.
fn check_grant_against_general(grant: &View<'_>, general: &[&View<'_>], sink: &mut Sink<'_>) {
    let [g] = general else { return };
    if scope(g.table.title.as_deref()) != Some("一般公共预算") {
        return;
    }
    let s = sides(grant);
    let [_, spending] = s.as_slice() else { return };
    let Some(&col) = spending.values.iter().find(|&&c| {
        grant
            .col_path(c)
            .last()
            .is_some_and(|l| l.contains("一般公共预算"))
    }) else {
        return;
    };
    let label = |r: usize| squash(&grant.label_in(r, spending.cols.clone()));
    let year_row = grant.body_rows().find(|&r| {
        let l = label(r);
        l.contains("本年支出")
            && (l.ends_with("合计") || l.ends_with("本年支出"))
            && !l.contains("其中")
    });
    // Without a 本年支出合计 row, the 支出总计 is the year's spending when no
    // 结转/结余 line carries a figure in that column (most 预算 volumes).
    let carried = grant.body_rows().any(|r| {
        let l = label(r);
        (l.contains("结转") || l.contains("结余"))
            && matches!(grant.slot(r, col), Slot::Num(f) if !f.value.is_zero())
    });
    let row = year_row.or_else(|| {
        (!carried)
            .then(|| grant.body_rows().find(|&r| label(r).ends_with("总计")))
            .flatten()
    });
    let Some(row) = row else { return };
    let Slot::Num(f) = grant.slot(row, col) else {
        return;
    };
    let Some(a) = stated(
        grant,
        row,
        format!(
            "财政拨款收支总表“{}”（{}）",
            grant.label_in(row, spending.cols.clone()),
            grant.col_name(col)
        ),
        f,
    ) else {
        return;
    };
    let Some((r, _, total)) = grand_total(g) else {
        return;
    };
    let title = g.table.title.clone().unwrap_or_default();
    if let Some(b) = stated(g, r, format!("{title}合计"), total) {
        compare(&b, &a, sink);
    }
}

/// Whether `b` agrees with `a` (exactly or within rounding).
fn holds(b: &Stated, a: &Stated) -> bool {
    evaluate(&identity(b, a)).is_none_or(|f| f.severity == Severity::Info)
}

/// Reports `b` (the detail table's total) against `a` (the summary figure).
fn compare(b: &Stated, a: &Stated, sink: &mut Sink<'_>) {
    sink.check(identity(b, a));
}

fn identity(b: &Stated, a: &Stated) -> Identity {
    Identity {
        rule: CROSS_TABLE_TOTAL,
        place: b.place.clone(),
        subject: format!("{}（折合元）", b.what),
        total: b.yuan,
        terms: vec![Term {
            name: format!(
                "{}（表 {} 第 {} 页）",
                a.what,
                a.place.table.as_deref().unwrap_or("?"),
                a.place
                    .page
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| "?".into())
            ),
            figure: Some(a.yuan),
        }],
        unsure: false,
    }
}
