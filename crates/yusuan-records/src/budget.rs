//! Rows keyed by a 功能分类 or 经济分类 code.
//!
//! Which columns print codes, which rows have one and what it is, and which
//! column names the row were decided by layout (the table's sides and their
//! rows' codes); this module reads the figures of every coded row.

use yusuan_model::{BudgetLine, BudgetValue, ColumnRole, Side, Table};

use crate::grid::View;
use crate::value;

/// Reads the coded rows of one table, side by side.
pub(crate) fn read_budget_lines(table: &Table) -> Vec<BudgetLine> {
    let view = View::new(table);
    let mut out = Vec::new();
    for side in &table.sides {
        if side.rows.iter().any(|r| r.code.is_some()) {
            read_side(&view, side, &mut out);
        }
    }
    out
}

fn read_side(view: &View<'_>, side: &Side, out: &mut Vec<BudgetLine>) {
    let table = view.table;
    let header_rows = view.header_rows();
    let unit = table.unit.clone();
    let is_code_col = |c: usize| {
        table
            .columns
            .get(c)
            .is_some_and(|k| k.role == ColumnRole::Code)
    };
    // The codes the rows are keyed by: the side's first code columns, up to
    // its name column.
    let first_code = (side.start..side.end).find(|&c| is_code_col(c));
    let main_codes: Vec<usize> = (side.start..side.end)
        .filter(|&c| is_code_col(c))
        .filter(|&c| side.label_col.is_none_or(|n| c < n))
        .collect();
    let last_key = main_codes
        .iter()
        .copied()
        .chain(side.label_col)
        .max()
        .or(first_code)
        .unwrap_or(side.start);
    for (row, info) in side.rows.iter().enumerate().skip(header_rows) {
        let Some(code) = info.code.clone() else {
            continue;
        };
        let inline_name = first_code
            .and_then(|c| split_inline_name(view.raw(row, c)))
            .filter(|n| !n.is_empty());
        let name = inline_name
            .or_else(|| side.label_col.map(|c| view.text(row, c)))
            .unwrap_or_default();
        let mut values = Vec::new();
        let mut last = None;
        for col in last_key + 1..side.end {
            if is_code_col(col) || Some(col) == side.label_col {
                continue;
            }
            let idx = view.cell_index(row, col);
            if idx.is_none() || idx == last || !view.is_origin(row, col) {
                continue;
            }
            last = idx;
            let raw = view.raw(row, col);
            if raw.trim().is_empty() {
                continue;
            }
            let v = value::amount(raw);
            if v.is_none() && !is_dash(raw) {
                continue;
            }
            values.push(BudgetValue {
                column: view.header_path(col, header_rows),
                value: v,
                unit: unit.clone(),
                yuan: v.and_then(|v| value::yuan(v, unit.as_deref())),
            });
        }
        out.push(BudgetLine {
            table: table.id.clone(),
            page: view.row_page(row),
            code,
            name,
            values,
            row,
        });
    }
}

/// The name printed after the code in one cell ("2010301 行政运行" →
/// "行政运行"), if the cell holds both.
fn split_inline_name(raw: &str) -> Option<String> {
    let t = raw.trim().trim_start_matches(['[', '［', '【']);
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = t.get(digits..)?;
    let rest = rest
        .trim_start_matches([']', '］', '】', '-', '－', '—', '_', '、', ' ', '\u{3000}'])
        .trim();
    if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    Some(crate::grid::squash(rest))
}

/// A dash printed for "nothing" ("-", "—", "——").
fn is_dash(raw: &str) -> bool {
    let t = raw.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '—' | '－' | '–'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plain grid (no merges) with `header_rows` header rows.
    fn grid(rows: &[&[&str]], header_rows: usize) -> Table {
        let n_cols = rows.first().map_or(0, |r| r.len());
        let cells = rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .map(move |(c, t)| yusuan_model::Cell {
                        row: r,
                        col: c,
                        rowspan: 1,
                        colspan: 1,
                        text: (*t).into(),
                        page: 12,
                        bbox: None,
                        sheet_ref: None,
                        spill: false,
                        ocr: None,
                    })
            })
            .collect();
        let mut t = Table {
            id: "t1".into(),
            unit: Some("万元".into()),
            n_rows: rows.len(),
            n_cols,
            header_rows,
            cells,
            ..Table::default()
        };
        yusuan_layout::resolve_table(&mut t);
        t
    }

    #[test]
    fn side_by_side_blocks_give_lines_of_their_own() {
        let t = grid(
            &[
                &[
                    "科目代码",
                    "科目名称",
                    "决算数",
                    "科目代码",
                    "科目名称",
                    "决算数",
                ],
                &[
                    "301",
                    "工资福利支出",
                    "6,982.75",
                    "302",
                    "商品和服务支出",
                    "2,239.41",
                ],
                &["30101", "基本工资", "1,857.40", "30206", "电费", "205.05"],
            ],
            1,
        );
        let lines = read_budget_lines(&t);
        let got: Vec<(&str, &str, Vec<String>)> = lines
            .iter()
            .map(|l| {
                (
                    l.code.as_str(),
                    l.name.as_str(),
                    l.values
                        .iter()
                        .map(|v| format!("{}={:?}", v.column.join("/"), v.value))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[3].0, "30206");
        assert_eq!(got[3].1, "电费");
        assert_eq!(got[3].2, ["决算数=Some(205.05)"]);
        assert_eq!(got[0].2, ["决算数=Some(6982.75)"]);
    }

    #[test]
    fn a_second_classification_is_no_block_and_no_value() {
        let t = grid(
            &[
                &[
                    "部门经济科目编码",
                    "部门经济科目名称",
                    "政府经济科目编码",
                    "政府经济科目名称",
                    "合计",
                ],
                &[
                    "30101",
                    "基本工资",
                    "50101",
                    "工资奖金津补贴",
                    "22,098,333.60",
                ],
                &[
                    "30102",
                    "津贴补贴",
                    "50101",
                    "工资奖金津补贴",
                    "26,255,386.31",
                ],
            ],
            1,
        );
        let lines = read_budget_lines(&t);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].code, "30101");
        let cols: Vec<String> = lines[0].values.iter().map(|v| v.column.join("/")).collect();
        assert_eq!(cols, ["合计"]);
    }
}
