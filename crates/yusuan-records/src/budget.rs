//! Rows keyed by a 功能分类 or 经济分类 code: the code printed in 类/款/项
//! columns ("201" | "13" | "01"), in one code column ("2011301"), or
//! together with the name in one cell ("2010301 行政运行").

use yusuan_model::{BudgetLine, BudgetValue, Table};

use crate::grid::{View, key};
use crate::value;

/// Whether `s` is a classification code: 3, 5 or 7 digits, not starting with 0.
fn is_code(s: &str) -> bool {
    matches!(s.len(), 3 | 5 | 7) && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0')
}

/// Splits "2010301 行政运行" / "[30101]基本工资" into code and name.
fn split_code(text: &str) -> Option<(String, String)> {
    let t = text.trim().trim_start_matches(['[', '［', '【']);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if !is_code(&digits) {
        return None;
    }
    let rest = t.get(digits.len()..).unwrap_or("");
    let rest = rest
        .trim_start_matches([']', '］', '】', '-', '－', '—', '_', '、', ' ', '\u{3000}'])
        .trim();
    // "2010301" followed by more digits or a decimal point is a figure.
    if rest.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    Some((digits, crate::grid::squash(rest)))
}

/// How a block of columns prints its codes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Codes {
    /// 类, 款, 项 columns (款 and 项 may be missing).
    Parts(Vec<usize>),
    /// One column with the whole code, or code and name in one cell.
    Single(usize),
}

/// One block of coded rows: code columns, the name column and the value
/// columns up to the next block. 决算 economic tables print two or three
/// blocks side by side (人员经费 | 公用经费: 普陀区财政局 p16, 国家信访局 p12).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    codes: Codes,
    name: Option<usize>,
    values: std::ops::Range<usize>,
    /// Code columns of a second classification inside `values`.
    skip: Vec<usize>,
}

impl Block {
    fn code_cols(&self) -> Vec<usize> {
        match &self.codes {
            Codes::Parts(cols) => cols.clone(),
            Codes::Single(c) => vec![*c],
        }
    }
}

/// Finds the blocks of coded rows: 类/款/项 sub-headers, else columns
/// whose body cells are codes.
fn find_blocks(view: &View<'_>, header_rows: usize) -> Vec<Block> {
    let mut found: Vec<Codes> = find_parts(view, header_rows);
    if found.is_empty() {
        found = find_single(view, header_rows);
    }
    // A further code group starts a block of its own only when it is headed
    // like the first (科目代码 | 科目代码); a differently headed one is a
    // second classification of the same row (部门经济科目编码 beside
    // 政府经济科目编码, 西安司法局 p36) and is neither a block nor a value.
    let group_label = |codes: &Codes| -> String {
        let col = match codes {
            Codes::Parts(cols) => cols.first().copied().unwrap_or(0),
            Codes::Single(c) => *c,
        };
        let path = view.header_path(col, header_rows);
        path.iter()
            .rev()
            .map(|l| key(l))
            .find(|l| !matches!(l.as_str(), "类" | "款" | "项"))
            .unwrap_or_default()
    };
    let first_label = found.first().map(&group_label).unwrap_or_default();
    let mut starts = Vec::new();
    let mut parallel: Vec<usize> = Vec::new();
    for (i, codes) in found.into_iter().enumerate() {
        if i == 0 || group_label(&codes) == first_label {
            starts.push(codes);
        } else {
            parallel.extend(match &codes {
                Codes::Parts(cols) => cols.clone(),
                Codes::Single(c) => vec![*c],
            });
        }
    }
    let firsts: Vec<usize> = starts
        .iter()
        .map(|c| match c {
            Codes::Parts(cols) => cols.first().copied().unwrap_or(0),
            Codes::Single(c) => *c,
        })
        .collect();
    let mut blocks = Vec::new();
    for (i, codes) in starts.into_iter().enumerate() {
        let end = firsts.get(i + 1).copied().unwrap_or(view.n_cols());
        let last_code = match &codes {
            Codes::Parts(cols) => cols.last().copied().unwrap_or(0),
            Codes::Single(c) => *c,
        };
        let name = (last_code + 1..end).find(|&c| {
            (header_rows..view.n_rows()).any(|r| {
                view.is_origin(r, c)
                    && !view.text(r, c).is_empty()
                    && value::amount(view.raw(r, c)).is_none()
                    && !is_dash(view.raw(r, c))
            })
        });
        // A code cell that also holds the name ("2010301 行政运行") has no
        // name column; the first text column after it is then a value.
        let name = match &codes {
            Codes::Single(c) if names_inline(view, header_rows, *c) => None,
            _ => name,
        };
        let from = name.unwrap_or(last_code) + 1;
        blocks.push(Block {
            codes,
            name,
            values: from.min(end)..end,
            skip: parallel.clone(),
        });
    }
    blocks
}

/// 类/款/项 labels, one group per block. They may sit in the header rows
/// or, as in truth iv (ONLYOFFICE), in the first body row next to figures.
fn find_parts(view: &View<'_>, header_rows: usize) -> Vec<Codes> {
    let search = (header_rows + 1).min(view.n_rows());
    for row in 0..search {
        let at = |w: &str| -> Vec<usize> {
            (0..view.n_cols())
                .filter(|&c| key(view.raw(row, c)) == w && view.is_origin(row, c))
                .collect()
        };
        let leis = at("类");
        if leis.is_empty() {
            continue;
        }
        let (kuans, xiangs) = (at("款"), at("项"));
        let mut out = Vec::new();
        for (i, &lei) in leis.iter().enumerate() {
            let end = leis.get(i + 1).copied().unwrap_or(view.n_cols());
            let mut cols = vec![lei];
            cols.extend(kuans.iter().copied().find(|&c| c > lei && c < end));
            cols.extend(xiangs.iter().copied().find(|&c| c > lei && c < end));
            if cols.windows(2).all(|w| matches!(w, [a, b] if a < b)) {
                out.push(Codes::Parts(cols));
            }
        }
        return out;
    }
    Vec::new()
}

/// What a column's body cells are: (codes, code+name cells, non-empty).
fn code_census(view: &View<'_>, header_rows: usize, col: usize) -> (usize, usize, usize) {
    let (mut codes, mut with_name, mut texts) = (0, 0, 0);
    for r in header_rows..view.n_rows() {
        if !view.is_origin(r, col) {
            continue;
        }
        let t = view.text(r, col);
        if t.is_empty() {
            continue;
        }
        texts += 1;
        if is_code(&t) {
            codes += 1;
        } else if split_code(view.raw(r, col)).is_some_and(|(_, n)| !n.is_empty()) {
            with_name += 1;
        }
    }
    (codes, with_name, texts)
}

/// Whether a code column holds the names too ("2010301 行政运行").
fn names_inline(view: &View<'_>, header_rows: usize, col: usize) -> bool {
    let (codes, with_name, _) = code_census(view, header_rows, col);
    with_name > codes
}

/// Whole-code columns: the first column (of the first four) whose body is
/// mostly codes, then further ones right of it whose header says 代码/编码
/// (a value column of round figures — "100", "30000" — must not count).
fn find_single(view: &View<'_>, header_rows: usize) -> Vec<Codes> {
    let is_code_col = |col: usize| {
        let (codes, with_name, texts) = code_census(view, header_rows, col);
        texts > 0
            && ((codes * 2 >= texts && codes >= 1) || (with_name * 2 >= texts && with_name >= 1))
    };
    let Some(first) = (0..view.n_cols().min(4)).find(|&c| is_code_col(c)) else {
        return Vec::new();
    };
    let mut out = vec![Codes::Single(first)];
    for col in first + 2..view.n_cols() {
        let header = view.header_path(col, header_rows).join("/");
        let says_code = ["代码", "编码"].iter().any(|w| header.contains(w));
        if says_code && is_code_col(col) {
            out.push(Codes::Single(col));
        }
    }
    out
}

/// The joined code of a row from 类/款/项 cells; `None` if the row has none.
fn joined_code(parts: &[String]) -> Option<String> {
    let mut code = String::new();
    for p in parts.iter().filter(|p| !p.is_empty()) {
        if !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Some tables repeat the whole code in 款/项 ("20113" under 款).
        if p.len() > 2 && p.starts_with(code.as_str()) && !code.is_empty() {
            code = p.clone();
        } else if code.is_empty() || p.len() == 2 {
            code.push_str(p);
        } else {
            return None;
        }
    }
    is_code(&code).then_some(code)
}

/// Fills the leading empty 类/款 cells of a row that prints only its 款 or
/// 项 ("", "05", "") from the parts printed above; other rows unchanged.
fn complete_parts(parts: &[String], carried: &[String]) -> Vec<String> {
    let first = parts.iter().position(|p| !p.is_empty());
    let partial = first.is_some_and(|i| i > 0)
        && parts
            .iter()
            .filter(|p| !p.is_empty())
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()));
    let (Some(first), true) = (first, partial) else {
        return parts.to_vec();
    };
    let mut out = parts.to_vec();
    for (i, slot) in out.iter_mut().enumerate().take(first) {
        match carried.get(i) {
            Some(c) if !c.is_empty() => *slot = c.clone(),
            // Nothing above to complete from: the row keeps no code.
            _ => return parts.to_vec(),
        }
    }
    out
}

/// Remembers the 类/款 parts a row prints, for the rows below it.
fn carry_parts(parts: &[String], carried: &mut Vec<String>) {
    let n = parts.len().saturating_sub(1);
    carried.resize(n, String::new());
    for (i, p) in parts.iter().enumerate().take(n) {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if let Some(slot) = carried.get_mut(i) {
            *slot = p.clone();
        }
        // A new 类 starts new 款.
        for later in carried.iter_mut().skip(i + 1) {
            later.clear();
        }
    }
}

/// Reads the coded rows of one table, block by block.
pub(crate) fn read_budget_lines(table: &Table) -> Vec<BudgetLine> {
    let view = View::new(table);
    let header_rows = view.header_rows();
    let mut out = Vec::new();
    for block in find_blocks(&view, header_rows) {
        read_block(&view, header_rows, &block, &mut out);
    }
    out
}

fn read_block(view: &View<'_>, header_rows: usize, block: &Block, out: &mut Vec<BudgetLine>) {
    let table = view.table;
    let unit = table.unit.clone();
    let code_cols = block.code_cols();
    // The 类 and 款 printed last, for tables that print only the part that
    // changes (烟台统计局 p14: 款 "05" under 类 "201", 项 "01" under "05").
    let mut carried: Vec<String> = Vec::new();
    for row in header_rows..view.n_rows() {
        if view.is_column_number_row(row) {
            continue;
        }
        let (code, inline_name) = match &block.codes {
            Codes::Parts(cols) => {
                let parts: Vec<String> = cols.iter().map(|&c| view.text(row, c)).collect();
                let code = joined_code(&complete_parts(&parts, &carried));
                carry_parts(&parts, &mut carried);
                (code, None)
            }
            Codes::Single(col) => {
                let t = view.text(row, *col);
                if is_code(&t) {
                    (Some(t), None)
                } else {
                    match split_code(view.raw(row, *col)) {
                        Some((c, n)) => (Some(c), Some(n)),
                        None => (None, None),
                    }
                }
            }
        };
        let Some(code) = code else { continue };
        let name = inline_name
            .filter(|n| !n.is_empty())
            .or_else(|| block.name.map(|c| view.text(row, c)))
            .unwrap_or_default();
        let mut values = Vec::new();
        let mut last = None;
        for col in block.values.clone() {
            if code_cols.contains(&col) || block.skip.contains(&col) || Some(col) == block.name {
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

/// A dash printed for "nothing" ("-", "—", "——").
fn is_dash(raw: &str) -> bool {
    let t = raw.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '—' | '－' | '–'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(is_code("201"));
        assert!(is_code("2011301"));
        assert!(is_code("30201"));
        assert!(!is_code("109001"));
        assert!(!is_code("0101"));
        assert_eq!(
            split_code("2010301 行政运行"),
            Some(("2010301".into(), "行政运行".into()))
        );
        assert_eq!(
            split_code("[30101]基本工资"),
            Some(("30101".into(), "基本工资".into()))
        );
        assert_eq!(split_code("201.50"), None);
        assert_eq!(
            split_code("2130201-行政运行"),
            Some(("2130201".into(), "行政运行".into()))
        );
        assert_eq!(split_code("行政运行"), None);
    }

    #[test]
    fn partial_parts_are_completed_from_above() {
        let v = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut carried = Vec::new();
        let mut codes = Vec::new();
        for row in [
            v(&["201", "", ""]),
            v(&["", "05", ""]),
            v(&["", "", "01"]),
            v(&["", "", "02"]),
            v(&["205", "", ""]),
            v(&["", "08", ""]),
            v(&["", "", "03"]),
            v(&["", "", ""]),
        ] {
            codes.push(joined_code(&complete_parts(&row, &carried)));
            carry_parts(&row, &mut carried);
        }
        let codes: Vec<Option<&str>> = codes.iter().map(|c| c.as_deref()).collect();
        assert_eq!(
            codes,
            [
                Some("201"),
                Some("20105"),
                Some("2010501"),
                Some("2010502"),
                Some("205"),
                Some("20508"),
                Some("2050803"),
                None
            ]
        );
        // Nothing above: no code is made up.
        assert_eq!(joined_code(&complete_parts(&v(&["", "05", ""]), &[])), None);
    }

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
                        ocr: None,
                    })
            })
            .collect();
        Table {
            id: "t1".into(),
            unit: Some("万元".into()),
            n_rows: rows.len(),
            n_cols,
            header_rows,
            cells,
            ..Table::default()
        }
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

    #[test]
    fn joined_codes() {
        let j = |p: &[&str]| joined_code(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(j(&["204", "06", "01"]).as_deref(), Some("2040601"));
        assert_eq!(j(&["201", "", ""]).as_deref(), Some("201"));
        assert_eq!(j(&["201", "20113", ""]).as_deref(), Some("20113"));
        assert_eq!(j(&["201", "20113", "2011301"]).as_deref(), Some("2011301"));
        assert_eq!(j(&["合计", "", ""]), None);
        assert_eq!(j(&["类", "款", "项"]), None);
        assert_eq!(j(&["", "", ""]), None);
    }
}
