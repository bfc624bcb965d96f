//! The funding block of self-evaluation and target forms: 年度资金总额,
//! 其中：财政拨款, 上年结转, 其他资金, each with 年初预算数, 全年预算数,
//! 全年执行数, 执行率, 分值 and 得分 columns (自评表), or one amount (目标表).

use yusuan_model::{Decimal, FundSummary, Table};

use crate::grid::{self, View, key};
use crate::value;

/// Row labels of a funding block, as keys without the colon and "其中".
/// Sorted, no duplicates.
const FUND_LABELS: &[&str] = &[
    "上年结转",
    "上年结转资金",
    "上级补助",
    "其他",
    "其他资金",
    "实施期资金总额",
    "年度资金总额",
    "年度预算资金总额",
    "当年财政拨款",
    "本级安排",
    "纳入专户管理的非税收入拨款",
    "财政拨款",
    "资金总额",
];

/// The label key of a cell: colons, "其中" and spaces removed.
fn fund_label(text: &str) -> String {
    let k = key(text);
    let k = k.trim_end_matches(':');
    let k = k
        .strip_prefix("其中:")
        .or_else(|| k.strip_prefix("其中"))
        .unwrap_or(k);
    k.trim_end_matches(':').to_owned()
}

/// Whether a label opens a funding block.
fn is_block_start(label: &str) -> bool {
    label.ends_with("资金总额")
}

/// What a funding column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FundCol {
    Initial,
    FullYear,
    Executed,
    Rate,
    Weight,
    Score,
}

fn fund_col(label: &str) -> Option<FundCol> {
    let k = key(label);
    if k.contains("年初预算") {
        Some(FundCol::Initial)
    } else if k.contains("全年预算") || k.contains("调整后预算") {
        Some(FundCol::FullYear)
    } else if k.contains("执行数") || k.contains("全年执行") {
        Some(FundCol::Executed)
    } else if k.contains("执行率") {
        Some(FundCol::Rate)
    } else if k.contains("得分") {
        Some(FundCol::Score)
    } else if k.contains("分值") {
        Some(FundCol::Weight)
    } else {
        None
    }
}

/// Reads the funding rows of one table.
pub(crate) fn read_funds(table: &Table) -> Vec<FundSummary> {
    let view = View::new(table);
    let mut out = Vec::new();
    let mut header: Vec<(usize, FundCol)> = Vec::new();
    let mut header_row = None;
    let mut in_block = false;
    let mut unit: Option<String> = table.unit.clone();
    for row in 0..view.n_rows() {
        // A row naming the funding columns.
        let cols: Vec<(usize, FundCol)> = (0..view.n_cols())
            .filter(|&c| view.is_origin(row, c))
            .filter_map(|c| fund_col(view.raw(row, c)).map(|f| (c, f)))
            .collect();
        if cols.len() >= 2 {
            header = cols;
            header_row = Some(row);
            in_block = false;
            if let Some(u) = (0..view.n_cols()).find_map(|c| grid::unit_in(view.raw(row, c))) {
                unit = Some(u.to_owned());
            }
            continue;
        }
        // The label cell: the first cell of the row whose label is known.
        let found = (0..view.n_cols()).find_map(|c| {
            let l = fund_label(view.raw(row, c));
            FUND_LABELS.binary_search(&l.as_str()).ok().map(|_| (c, l))
        });
        let Some((label_col, label)) = found else {
            in_block = false;
            continue;
        };
        if is_block_start(&label) {
            in_block = true;
            // "项目资金（万元）" / "资金情况 (万元)" left of the block.
            if let Some(u) = (0..label_col).find_map(|c| grid::unit_in(view.raw(row, c))) {
                unit = Some(u.to_owned());
            } else if let Some(u) =
                header_row.and_then(|h| (0..label_col).find_map(|c| grid::unit_in(view.raw(h, c))))
            {
                unit = Some(u.to_owned());
            }
        }
        if !in_block {
            continue;
        }
        let label_idx = view.cell_index(row, label_col);
        let mut rec = FundSummary {
            table: table.id.clone(),
            page: view.row_page(row),
            // "年度资金总额：" (target_project_1): the colon introduces the
            // figure, it is not part of the label.
            label: grid::squash(view.raw(row, label_col))
                .trim_end_matches([':', '：'])
                .to_owned(),
            initial_budget: None,
            full_year_budget: None,
            executed: None,
            execution_rate: None,
            weight: None,
            score: None,
            unit: unit.clone(),
            row,
        };
        let near_header = header_row.is_some_and(|h| row > h && row - h <= 8);
        if near_header && !header.is_empty() {
            for &(c, f) in &header {
                if view.cell_index(row, c) == label_idx {
                    continue;
                }
                let raw = view.raw(row, c);
                let v: Option<Decimal> = match f {
                    FundCol::Rate => value::percent(raw),
                    _ => value::amount(raw),
                };
                match f {
                    FundCol::Initial => rec.initial_budget = v,
                    FundCol::FullYear => rec.full_year_budget = v,
                    FundCol::Executed => rec.executed = v,
                    FundCol::Rate => rec.execution_rate = v,
                    FundCol::Weight => rec.weight = v,
                    FundCol::Score => rec.score = v,
                }
            }
        } else {
            // A target form: one amount right of the label.
            rec.initial_budget = (label_col + 1..view.n_cols())
                .filter(|&c| view.cell_index(row, c) != label_idx)
                .map(|c| view.raw(row, c))
                .find(|t| !t.trim().is_empty())
                .and_then(value::amount);
        }
        out.push(rec);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_sorted_and_unique() {
        assert!(FUND_LABELS.windows(2).all(|w| matches!(w, [a, b] if a < b)));
    }

    #[test]
    fn labels_normalized() {
        assert_eq!(fund_label("其中：当年财政拨款"), "当年财政拨款");
        assert_eq!(fund_label("年度资金总额:"), "年度资金总额");
        assert_eq!(fund_label("其中: 财政拨款"), "财政拨款");
        assert_eq!(fund_label("其中:上级补助:"), "上级补助");
    }
}
