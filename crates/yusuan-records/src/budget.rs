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

/// How a table prints its codes.
enum Codes {
    /// 类, 款, 项 columns (款 and 项 may be missing).
    Parts(Vec<usize>),
    /// One column with the whole code; the name in `name` or in the same cell.
    Single { code: usize, name: Option<usize> },
}

/// Finds the code columns: 类/款/项 sub-headers, else a column whose body
/// cells are codes.
fn find_codes(view: &View<'_>, header_rows: usize) -> Option<Codes> {
    // 类/款/项 labels may sit in the header rows or, as in truth iv
    // (ONLYOFFICE), in the first body row next to its figures.
    let search = (header_rows + 1).min(view.n_rows());
    for row in 0..search {
        let find = |w: &str| {
            (0..view.n_cols()).find(|&c| key(view.raw(row, c)) == w && view.is_origin(row, c))
        };
        if let Some(lei) = find("类") {
            let mut cols = vec![lei];
            cols.extend(find("款"));
            cols.extend(find("项"));
            if cols.windows(2).all(|w| matches!(w, [a, b] if a < b)) {
                return Some(Codes::Parts(cols));
            }
        }
    }
    let body: Vec<usize> = (header_rows..view.n_rows()).collect();
    for col in 0..view.n_cols().min(4) {
        let mut codes = 0usize;
        let mut texts = 0usize;
        let mut with_name = 0usize;
        for &r in &body {
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
        if texts == 0 {
            continue;
        }
        if codes * 2 >= texts && codes >= 1 {
            let name = (col + 1..view.n_cols()).find(|&c| {
                body.iter().any(|&r| {
                    !view.text(r, c).is_empty() && value::amount(view.raw(r, c)).is_none()
                })
            });
            return Some(Codes::Single { code: col, name });
        }
        if with_name * 2 >= texts && with_name >= 1 {
            return Some(Codes::Single {
                code: col,
                name: None,
            });
        }
    }
    None
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

/// Reads the coded rows of one table.
pub(crate) fn read_budget_lines(table: &Table) -> Vec<BudgetLine> {
    let view = View::new(table);
    let header_rows = view.header_rows();
    let Some(codes) = find_codes(&view, header_rows) else {
        return Vec::new();
    };
    let (label_cols, name_col): (Vec<usize>, Option<usize>) = match &codes {
        Codes::Parts(cols) => {
            let last = cols.last().copied().unwrap_or(0);
            let name = (last + 1..view.n_cols()).find(|&c| {
                (header_rows..view.n_rows())
                    .any(|r| !view.text(r, c).is_empty() && value::amount(view.raw(r, c)).is_none())
            });
            (cols.clone(), name)
        }
        Codes::Single { code, name } => (vec![*code], *name),
    };
    let unit = table.unit.clone();
    let mut out = Vec::new();
    for row in header_rows..view.n_rows() {
        if view.is_column_number_row(row) {
            continue;
        }
        let (code, inline_name) = match &codes {
            Codes::Parts(cols) => {
                let parts: Vec<String> = cols.iter().map(|&c| view.text(row, c)).collect();
                (joined_code(&parts), None)
            }
            Codes::Single { code, .. } => {
                let t = view.text(row, *code);
                if is_code(&t) {
                    (Some(t), None)
                } else {
                    match split_code(view.raw(row, *code)) {
                        Some((c, n)) => (Some(c), Some(n)),
                        None => (None, None),
                    }
                }
            }
        };
        let Some(code) = code else { continue };
        let name = inline_name
            .filter(|n| !n.is_empty())
            .or_else(|| name_col.map(|c| view.text(row, c)))
            .unwrap_or_default();
        let mut values = Vec::new();
        let mut last = None;
        for col in 0..view.n_cols() {
            if label_cols.contains(&col) || Some(col) == name_col {
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
    out
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
