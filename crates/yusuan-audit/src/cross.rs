//! Cross-table identities: totals that two tables of one volume state twice.
//!
//! - 收支总表 本年收入合计 = 收入总表 合计; 本年支出合计 = 支出总表 合计
//!   (or the 收支总表's 收入总计/支出总计, for a 收入总表 that includes a
//!   上年结转 column).
//! - 一般公共预算(财政拨款)支出表 合计行的基本支出 = 一般公共预算(财政拨款)
//!   基本支出表 合计, when both titles name the same fund scope.
//!
//! Figures are compared in 元, each converted from its table's unit.

use yusuan_model::{Decimal, Document, Severity, TableKind};

use crate::check::{Identity, Place, Sink, Term, evaluate};
use crate::figure::{Figure, Slot};
use crate::rules::CROSS_TABLE_TOTAL;
use crate::summary::{side_figure, sides};
use crate::view::{View, is_total_word, squash};

/// Unit words and their factor to 元, longest first.
const UNITS: &[(&str, i64)] = &[
    ("亿元", 100_000_000),
    ("万元", 10_000),
    ("千元", 1_000),
    ("元", 1),
];

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
fn to_yuan(f: Figure, unit: Option<&str>) -> Option<Figure> {
    let unit = unit?;
    let (_, factor) = UNITS.iter().find(|(w, _)| unit.contains(w))?;
    let factor = Decimal::from(*factor);
    let value = f.value.checked_mul(factor)?;
    // The printed precision stays what it was: 0.005 万元 is 50 元.
    let shift = factor.to_string().len().saturating_sub(1);
    let decimals = f
        .decimals
        .saturating_sub(u32::try_from(shift).unwrap_or(u32::MAX));
    Some(Figure {
        value,
        decimals,
        half: f.half.checked_mul(factor)?,
    })
}

/// The grand total of a table: its 合计/总计 row in its first total column
/// (or its only figure column).
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

/// Checks the cross-table totals of a document.
pub(crate) fn check_cross(doc: &Document, sink: &mut Sink<'_>) {
    let views: Vec<View<'_>> = doc.tables.iter().map(View::new).collect();
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
