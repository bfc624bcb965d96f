//! 功能分类 and 经济分类 codes: which columns print them and what each row's
//! code is.
//!
//! A code is printed in 类/款/项 columns ("201" | "13" | "01"), in one code
//! column ("2011301"), or together with the name in one cell ("2010301 行政
//! 运行"). A column is a code column only when its header or most of its
//! body says so, and a value is a code only when it has the shape of one:
//! 3, 5 or 7 digits, the 类 starting with 2 (功能分类), 3 or 5 (经济分类). A
//! project named "12328交通运输服务热线" or "2026年…" in a label column is
//! never a code.

use crate::meaning::CellGrid;
use yusuan_model::Column;

/// First digits of the 类 of a classification code: 2 功能分类, 3 部门经济
/// 分类, 5 政府经济分类.
const CLASS_DIGITS: &[u8] = b"235";

/// Header words of a code column, sorted.
const CODE_HEADER_PARTS: &[&str] = &["代码", "编码"];

/// Whether `s` is a classification code: 3, 5 or 7 digits starting with a
/// class digit.
pub(crate) fn is_code(s: &str) -> bool {
    matches!(s.len(), 3 | 5 | 7)
        && s.bytes().all(|b| b.is_ascii_digit())
        && s.bytes().next().is_some_and(|b| CLASS_DIGITS.contains(&b))
}

/// Splits "2010301 行政运行" / "[30101]基本工资" into code and name.
pub(crate) fn split_code(text: &str) -> Option<(String, String)> {
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
    Some((digits, yusuan_model::squash_label(rest)))
}

/// The code columns of one block of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeGroup {
    /// 类, 款, 项 columns (款 and 项 may be missing), or one code column.
    pub(crate) cols: Vec<usize>,
    /// Whether `cols` are 类/款/项 parts rather than one whole-code column.
    pub(crate) parts: bool,
    /// Whether the code cell holds the name too ("2010301 行政运行").
    pub(crate) inline_names: bool,
    /// The name column after the codes, if any.
    pub(crate) name_col: Option<usize>,
    /// Code columns of a second classification in the same rows (部门经济
    /// 科目编码 beside 政府经济科目编码, 西安司法局 p36): codes, not figures.
    pub(crate) parallel: Vec<usize>,
}

/// The code groups of a table: 类/款/项 sub-headers, else columns whose
/// body is mostly codes. A further group starts a block of its own only
/// when it is headed like the first (科目代码 | 科目代码, the 人员经费 |
/// 公用经费 blocks of a 决算 economic table).
pub(crate) fn code_groups(
    cells: &CellGrid<'_>,
    header_rows: usize,
    columns: &[Column],
) -> Vec<CodeGroup> {
    let mut found: Vec<(Vec<usize>, bool)> = find_parts(cells, header_rows)
        .into_iter()
        .map(|c| (c, true))
        .collect();
    if found.is_empty() {
        found = find_single(cells, header_rows, columns)
            .into_iter()
            .map(|c| (vec![c], false))
            .collect();
    }
    let group_label = |cols: &[usize]| -> String {
        let col = cols.first().copied().unwrap_or(0);
        columns
            .get(col)
            .map(|c| c.path.as_slice())
            .unwrap_or(&[])
            .iter()
            .rev()
            .find(|l| !matches!(l.as_str(), "类" | "款" | "项"))
            .cloned()
            .unwrap_or_default()
    };
    let first_label = found
        .first()
        .map(|(c, _)| group_label(c))
        .unwrap_or_default();
    let mut starts: Vec<(Vec<usize>, bool)> = Vec::new();
    let mut parallel: Vec<usize> = Vec::new();
    for (i, (cols, parts)) in found.into_iter().enumerate() {
        if i == 0 || group_label(&cols) == first_label {
            starts.push((cols, parts));
        } else {
            parallel.extend(cols);
        }
    }
    let firsts: Vec<usize> = starts
        .iter()
        .map(|(c, _)| c.first().copied().unwrap_or(0))
        .collect();
    let mut out = Vec::new();
    for (i, (cols, parts)) in starts.into_iter().enumerate() {
        let end = firsts.get(i + 1).copied().unwrap_or(cells.n_cols());
        let last_code = cols.last().copied().unwrap_or(0);
        let inline_names = !parts
            && cols
                .first()
                .is_some_and(|&c| names_inline(cells, header_rows, c));
        let name_col = if inline_names {
            None
        } else {
            (last_code + 1..end).find(|&c| {
                !parallel.contains(&c)
                    && (header_rows..cells.n_rows()).any(|r| {
                        cells.is_origin(r, c)
                            && !cells.text(r, c).is_empty()
                            && yusuan_normalize::parse_figure(cells.raw(r, c)).is_none()
                            && !is_dash(cells.raw(r, c))
                    })
            })
        };
        out.push(CodeGroup {
            cols,
            parts,
            inline_names,
            name_col,
            parallel: parallel.clone(),
        });
    }
    out
}

/// 类/款/项 labels, one group per block. They may sit in the header rows
/// or, as in truth iv (ONLYOFFICE), in the first body row next to figures.
fn find_parts(cells: &CellGrid<'_>, header_rows: usize) -> Vec<Vec<usize>> {
    let search = (header_rows + 1).min(cells.n_rows());
    for row in 0..search {
        let at = |w: &str| -> Vec<usize> {
            (0..cells.n_cols())
                .filter(|&c| cells.text(row, c) == w && cells.is_origin(row, c))
                .collect()
        };
        let leis = at("类");
        if leis.is_empty() {
            continue;
        }
        let (kuans, xiangs) = (at("款"), at("项"));
        let mut out = Vec::new();
        for (i, &lei) in leis.iter().enumerate() {
            let end = leis.get(i + 1).copied().unwrap_or(cells.n_cols());
            let mut cols = vec![lei];
            cols.extend(kuans.iter().copied().find(|&c| c > lei && c < end));
            cols.extend(xiangs.iter().copied().find(|&c| c > lei && c < end));
            if cols.windows(2).all(|w| matches!(w, [a, b] if a < b)) {
                out.push(cols);
            }
        }
        return out;
    }
    Vec::new()
}

/// What a column's body cells are: (codes, code+name cells, non-empty).
fn code_census(cells: &CellGrid<'_>, header_rows: usize, col: usize) -> (usize, usize, usize) {
    let (mut codes, mut with_name, mut texts) = (0, 0, 0);
    for r in header_rows..cells.n_rows() {
        if !cells.is_origin(r, col) {
            continue;
        }
        let t = cells.text(r, col);
        if t.is_empty() {
            continue;
        }
        texts += 1;
        if is_code(&t) {
            codes += 1;
        } else if split_code(cells.raw(r, col)).is_some_and(|(_, n)| !n.is_empty()) {
            with_name += 1;
        }
    }
    (codes, with_name, texts)
}

/// Whether a code column holds the names too ("2010301 行政运行").
fn names_inline(cells: &CellGrid<'_>, header_rows: usize, col: usize) -> bool {
    let (codes, with_name, _) = code_census(cells, header_rows, col);
    with_name > codes
}

/// Whole-code columns: the first column (of the first four) whose body is
/// mostly codes, then further ones right of it whose header says 代码/编码
/// (a value column of round figures — "100", "30000" — must not count).
fn find_single(cells: &CellGrid<'_>, header_rows: usize, columns: &[Column]) -> Vec<usize> {
    let is_code_col = |col: usize| {
        let (codes, with_name, texts) = code_census(cells, header_rows, col);
        texts > 0
            && ((codes * 2 >= texts && codes >= 1) || (with_name * 2 >= texts && with_name >= 1))
    };
    let Some(first) = (0..cells.n_cols().min(4)).find(|&c| is_code_col(c)) else {
        return Vec::new();
    };
    let mut out = vec![first];
    for col in first + 2..cells.n_cols() {
        let says_code = columns.get(col).is_some_and(|c| {
            c.path
                .iter()
                .any(|l| CODE_HEADER_PARTS.iter().any(|w| l.contains(w)))
        });
        if says_code && is_code_col(col) {
            out.push(col);
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

/// The code of every body row of a group that prints one, with the name
/// printed in the code cell when the group has its names inline.
pub(crate) fn row_codes(
    cells: &CellGrid<'_>,
    header_rows: usize,
    group: &CodeGroup,
) -> Vec<(usize, String)> {
    let mut carried: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for row in header_rows..cells.n_rows() {
        // A code cell merged down over several rows names its first row; the
        // rows below it are a breakdown of that line (a 政府采购 table lists
        // 全额 / 单位 / 品目 under one 2040601), not more lines of the code.
        let text = |c: usize| {
            if cells.is_origin(row, c) {
                cells.text(row, c)
            } else {
                String::new()
            }
        };
        let code = if group.parts {
            let parts: Vec<String> = group.cols.iter().map(|&c| text(c)).collect();
            let code = joined_code(&complete_parts(&parts, &carried));
            carry_parts(&parts, &mut carried);
            code
        } else {
            let Some(&col) = group.cols.first() else {
                continue;
            };
            let t = text(col);
            if is_code(&t) {
                Some(t)
            } else if cells.is_origin(row, col) {
                split_code(cells.raw(row, col)).map(|(c, _)| c)
            } else {
                None
            }
        };
        if let Some(code) = code {
            out.push((row, code));
        }
    }
    out
}

/// A dash printed for "nothing" ("-", "—", "——").
pub(crate) fn is_dash(raw: &str) -> bool {
    let t = raw.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '—' | '－' | '–'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_the_shape_of_a_classification() {
        assert!(is_code("201"));
        assert!(is_code("2011301"));
        assert!(is_code("30201"));
        assert!(is_code("50101"));
        assert!(!is_code("109001"));
        assert!(!is_code("0101"));
        assert!(!is_code("12328"));
        assert!(!is_code("2026"));
        assert!(!is_code("71102"));
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
        assert_eq!(split_code("12328交通运输服务热线"), None);
        assert_eq!(split_code("2026年信息化运维"), None);
    }

    #[test]
    fn vocabularies_are_sorted() {
        assert!(CODE_HEADER_PARTS.windows(2).all(|w| w[0] < w[1]));
        assert!(CLASS_DIGITS.windows(2).all(|w| w[0] < w[1]));
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
    }
}
