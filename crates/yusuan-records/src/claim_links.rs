//! From a claim to the table figure it names: the 收支总表's 总计 and 本年
//! 合计 rows, the 财政拨款收支总表's 总计, the 一般公共预算支出表's 合计 and
//! its 功能分类 rows by code, and the parts of the "三公"经费 table.
//!
//! A link is made only when the claim's subject, year and basis point to
//! exactly one figure: two candidate cells printing different figures, a
//! column headed by another year or basis, or a table without a unit give
//! no link. The figure is chosen by where it stands, never by whether it
//! equals the claim's: the audit compares them afterwards.

use yusuan_model::{
    Basis, Cell, Claim, ClaimLink, Decimal, DocType, Meta, Records, Section, Table, TableKind,
    ThreePublic,
};
use yusuan_normalize::{parse_amount, to_yuan};

use crate::claims::strip_marker;

/// Header words of columns that number lines, not amounts. Sorted.
const NUMBER_COLUMNS: &[&str] = &["序号", "栏次", "行次", "编码", "代码"];

/// 功能分类 levels printed after a name: 类 (3 digits), 款 (5), 项 (7).
const LEVELS: [(&str, usize); 3] = [("类", 3), ("款", 5), ("项", 7)];

/// A name as compared: no spaces, half-width brackets folded, a trailing
/// 支出 dropped ("一般公共服务（类）支出" names 一般公共服务支出).
fn name_key(s: &str) -> String {
    let k: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            _ => c,
        })
        .collect();
    k.strip_suffix("支出").map(str::to_owned).unwrap_or(k)
}

/// The 功能分类 path a subject prints: "一般公共服务支出（类）财政事务（款）
/// 行政运行（项）" → [(3, 一般公共服务支出), (5, 财政事务), (7, 行政运行)].
fn classification_path(subject: &str) -> Vec<(usize, String)> {
    let s: String = subject
        .chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            _ => c,
        })
        .collect();
    let mut out = Vec::new();
    let mut rest = s.as_str();
    loop {
        let next = LEVELS
            .iter()
            .filter_map(|(w, len)| rest.find(&format!("（{w}）")).map(|i| (i, *w, *len)))
            .min_by_key(|(i, _, _)| *i);
        let Some((i, w, len)) = next else { break };
        let name = strip_marker(rest.get(..i).unwrap_or("")).trim();
        if !name.is_empty() {
            out.push((len, name.to_owned()));
        }
        rest = rest.get(i + format!("（{w}）").len()..).unwrap_or("");
    }
    // "…（款）行政单位离退休": a level printed without its marker; the path
    // does not end where the markers do.
    let tail = rest
        .trim()
        .trim_end_matches("支出")
        .trim_end_matches(['。', '，', '：']);
    if !tail.is_empty() {
        return Vec::new();
    }
    out
}

/// The 功能分类 code a subject names, when exactly one code of the
/// document's budget lines has that name at that level (and, when several
/// do, the names printed for the levels above tell them apart).
pub(crate) fn code_of(subject: &str, records: &Records) -> Option<String> {
    let path = classification_path(subject);
    let (len, name) = path.last()?;
    let key = name_key(name);
    let mut codes: Vec<&str> = records
        .budget_lines
        .iter()
        .filter(|l| l.code.len() == *len && l.code.bytes().all(|b| b.is_ascii_digit()))
        .filter(|l| name_key(&l.name) == key)
        .map(|l| l.code.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    if codes.len() > 1 {
        // Tell them apart by the parents the subject names.
        codes.retain(|code| {
            path.iter().rev().skip(1).all(|(plen, pname)| {
                let Some(prefix) = code.get(..*plen) else {
                    return false;
                };
                records
                    .budget_lines
                    .iter()
                    .any(|l| l.code == prefix && name_key(&l.name) == name_key(pname))
            })
        });
    }
    match codes.as_slice() {
        [one] => Some((*one).to_owned()),
        _ => None,
    }
}

/// The table figure a claim names, if exactly one.
pub(crate) fn link_claim(
    claim: &Claim,
    text: &[Section],
    tables: &[Table],
    records: &Records,
    meta: &Meta,
) -> Option<ClaimLink> {
    // Only the figures of the document's own year and basis are in its tables.
    if claim.year.is_some() && claim.year != meta.year {
        return None;
    }
    let own_basis = match meta.doc_type {
        DocType::Budget => Basis::Budget,
        DocType::FinalAccount => Basis::FinalAccount,
        _ => return None,
    };
    let id = claim.subject_id.as_deref();
    match id {
        Some(
            "three_public_total" | "overseas_travel" | "vehicle_total" | "vehicle_purchase"
            | "vehicle_operation" | "reception",
        ) => link_three_public(claim, tables, records, meta),
        _ if claim.basis != Some(own_basis) => None,
        Some(id) => {
            let (kinds, labels, side): (&[TableKind], &[&str], Side) = match id {
                "revenue_total" => (
                    &[TableKind::RevenueExpenditureSummary],
                    &["收入总计", "总计"],
                    Side::Left,
                ),
                "expenditure_total" => (
                    &[TableKind::RevenueExpenditureSummary],
                    &["支出总计", "总计"],
                    Side::Right,
                ),
                "revenue_expenditure_total" => (
                    &[TableKind::RevenueExpenditureSummary],
                    &["收入总计", "支出总计", "总计"],
                    Side::Any,
                ),
                "revenue_year_total" => (
                    &[TableKind::RevenueExpenditureSummary],
                    &["本年收入合计", "收入合计"],
                    Side::Left,
                ),
                "expenditure_year_total" => (
                    &[TableKind::RevenueExpenditureSummary],
                    &["本年支出合计", "支出合计"],
                    Side::Right,
                ),
                "fiscal_grant_total" => (
                    &[TableKind::FiscalGrantSummary],
                    &["收入总计", "支出总计", "总计"],
                    Side::Any,
                ),
                "general_budget_expenditure" => (
                    &[TableKind::GeneralBudgetByFunction],
                    &["合计", "总计"],
                    Side::Left,
                ),
                _ => return None,
            };
            link_labelled(claim, tables, kinds, labels, side)
        }
        None => {
            let code = claim.code.as_deref()?;
            let heading = text
                .iter()
                .find(|s| s.paragraphs.iter().any(|p| p.id == claim.paragraph))
                .map(|s| s.heading.join("/"))
                .unwrap_or_default();
            // The 功能分类 rows of the 一般公共预算 table are the figures of
            // a paragraph about 一般公共预算 (财政拨款) spending only.
            let scope = heading.contains("一般公共预算")
                && !heading.contains("政府性基金")
                && !heading.contains("国有资本");
            if !scope {
                return None;
            }
            link_code(claim, code, tables, records)
        }
    }
}

/// Which side of a two-sided summary table a label stands on.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    /// The first label of its row (收入).
    Left,
    /// The last of two or more labels (支出).
    Right,
    /// Either.
    Any,
}

fn key_of(s: &str) -> String {
    label_key(s)
}

/// The text of a cell as compared with labels: no spaces.
fn label_key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a header path names a year or basis other than the claim's.
fn header_conflicts(path: &[String], claim: &Claim) -> bool {
    let joined = path.join("/");
    if joined.contains("上年") {
        return true;
    }
    for (i, c) in joined.char_indices() {
        if c == '2' {
            let y: String = joined.get(i..).unwrap_or("").chars().take(4).collect();
            if y.len() == 4
                && y.chars().all(|d| d.is_ascii_digit())
                && let Ok(y) = y.parse::<i32>()
                && claim.year.is_some_and(|cy| cy != y)
            {
                return true;
            }
        }
    }
    match claim.basis {
        Some(Basis::FinalAccount) => joined.contains("预算") && !joined.contains("决算"),
        Some(Basis::Budget) => joined.contains("决算"),
        _ => false,
    }
}

/// The header labels above `col`, outermost first.
fn header_path(table: &Table, col: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in &table.cells {
        if c.row < table.header_rows
            && c.col <= col
            && col < c.col + c.colspan
            && !c.text.trim().is_empty()
        {
            out.push(label_key(&c.text));
        }
    }
    out
}

fn is_figure(text: &str) -> bool {
    parse_amount(text).is_some()
}

/// A link to the figure right of a label cell of a table of `kinds`.
fn link_labelled(
    claim: &Claim,
    tables: &[Table],
    kinds: &[TableKind],
    labels: &[&str],
    side: Side,
) -> Option<ClaimLink> {
    let mut found: Vec<ClaimLink> = Vec::new();
    for t in tables.iter().filter(|t| kinds.contains(&t.kind)) {
        let unit = t.unit.as_deref()?;
        for row in t.header_rows..t.n_rows {
            let mut in_row: Vec<&Cell> = t.cells.iter().filter(|c| c.row == row).collect();
            in_row.sort_by_key(|c| c.col);
            let label_cells: Vec<&&Cell> = in_row
                .iter()
                .filter(|c| !c.text.trim().is_empty() && !is_figure(&c.text))
                .collect();
            let n = label_cells.len();
            for (k, lc) in label_cells.iter().enumerate() {
                let key = label_key(&lc.text);
                if !labels.contains(&key.as_str()) {
                    continue;
                }
                let on_side = match side {
                    Side::Left => k == 0,
                    Side::Right => n >= 2 && k + 1 == n,
                    Side::Any => true,
                };
                if !on_side {
                    continue;
                }
                // The figure: the next cell to the right, past a 行次 / 栏次
                // column of line numbers.
                let mut next_col = lc.col + lc.colspan;
                let mut figure_cell = None;
                while let Some(c) = in_row.iter().find(|c| c.col == next_col) {
                    let path = header_path(t, c.col);
                    if path
                        .iter()
                        .any(|h| NUMBER_COLUMNS.iter().any(|w| h.contains(w)))
                    {
                        next_col = c.col + c.colspan;
                        continue;
                    }
                    figure_cell = Some(*c);
                    break;
                }
                let Some(fc) = figure_cell else { continue };
                if header_conflicts(&header_path(t, fc.col), claim) {
                    continue;
                }
                let Some(value) = parse_amount(&fc.text) else {
                    continue;
                };
                found.push(ClaimLink {
                    table: t.id.clone(),
                    row: Some(row),
                    col: Some(fc.col),
                    page: fc.page,
                    label: key,
                    raw: fc.text.clone(),
                    value: Some(value),
                    unit: Some(unit.to_owned()),
                    yuan: to_yuan(value, unit),
                });
            }
        }
    }
    unique(found)
}

/// The first of the candidates when they all print the same figure.
fn unique(found: Vec<ClaimLink>) -> Option<ClaimLink> {
    let first = found.first()?;
    found
        .iter()
        .all(|l| l.yuan == first.yuan)
        .then(|| first.clone())
}

/// A link to a 功能分类 row of the 一般公共预算支出表: its 合计 column (or
/// the row's first figure when no column says 合计).
fn link_code(claim: &Claim, code: &str, tables: &[Table], records: &Records) -> Option<ClaimLink> {
    let mut found = Vec::new();
    for line in records.budget_lines.iter().filter(|l| l.code == code) {
        let Some(t) = tables
            .iter()
            .find(|t| t.id == line.table && t.kind == TableKind::GeneralBudgetByFunction)
        else {
            continue;
        };
        let unit = t.unit.as_deref()?;
        // The line's 合计 value (or its first), chosen by its column.
        let pick = line
            .values
            .iter()
            .find(|v| v.column.iter().any(|h| h.contains("合计")))
            .or_else(|| line.values.first());
        let Some(bv) = pick else { continue };
        if header_conflicts(&bv.column, claim) {
            continue;
        }
        let Some(value) = bv.value else { continue };
        // Its cell: the first one of the row printing that figure right of
        // the code and name.
        let mut in_row: Vec<&Cell> = t.cells.iter().filter(|c| c.row == line.row).collect();
        in_row.sort_by_key(|c| c.col);
        let Some(fc) = in_row
            .iter()
            .find(|c| parse_amount(&c.text) == Some(value) && key_of(&c.text) != line.code)
        else {
            continue;
        };
        found.push(ClaimLink {
            table: t.id.clone(),
            row: Some(line.row),
            col: Some(fc.col),
            page: fc.page,
            label: format!("{} {}", line.code, line.name),
            raw: fc.text.clone(),
            value: Some(value),
            unit: Some(unit.to_owned()),
            yuan: to_yuan(value, unit),
        });
    }
    unique(found)
}

/// The "三公"经费 figure of the claim's part, year and basis, from the
/// table's records; a blank part among printed ones is 0.
fn link_three_public(
    claim: &Claim,
    tables: &[Table],
    records: &Records,
    meta: &Meta,
) -> Option<ClaimLink> {
    let field = claim.subject_id.as_deref()?;
    let year = meta.year?;
    let wanted = |r: &ThreePublic| -> bool {
        let col = &r.column;
        let names_other_year = (1990..=2100).any(|y| y != year && col.contains(&y.to_string()));
        match claim.basis {
            Some(Basis::FinalAccount) => col.contains("决算") && !names_other_year,
            Some(Basis::InitialBudget | Basis::AdjustedBudget)
                if meta.doc_type == DocType::FinalAccount =>
            {
                col.contains("预算") && !col.contains("决算") && !names_other_year
            }
            Some(Basis::Budget) if meta.doc_type == DocType::Budget => {
                !col.contains("上年") && !col.contains("决算") && !names_other_year
            }
            _ => false,
        }
    };
    let candidates: Vec<&ThreePublic> = records.three_public.iter().filter(|r| wanted(r)).collect();
    let pick = |r: &ThreePublic| -> Option<Decimal> {
        let v = match field {
            "three_public_total" => r.total,
            "overseas_travel" => r.overseas_travel,
            "vehicle_total" => r.vehicle_total,
            "vehicle_purchase" => r.vehicle_purchase,
            "vehicle_operation" => r.vehicle_operation,
            "reception" => r.reception,
            _ => return None,
        };
        // A blank part among printed figures is 0; a record printing
        // nothing at all is an empty table, all 0 too.
        Some(v.unwrap_or(Decimal::ZERO))
    };
    let first = candidates.first()?;
    let value = pick(first)?;
    if candidates
        .iter()
        .any(|r| pick(r) != Some(value) || r.unit != first.unit)
    {
        return None;
    }
    let unit = first.unit.as_deref()?;
    let table = tables.iter().find(|t| t.id == first.table)?;
    // The cell, when one cell of the body prints the figure.
    let cells: Vec<&Cell> = table
        .cells
        .iter()
        .filter(|c| c.row >= table.header_rows && parse_amount(&c.text) == Some(value))
        .collect();
    let cell = match cells.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    Some(ClaimLink {
        table: table.id.clone(),
        row: cell.map(|c| c.row),
        col: cell.map(|c| c.col),
        page: cell.map_or(first.page, |c| c.page),
        label: format!("{}/{}", first.column, part_label(field)),
        raw: cell.map_or_else(|| value.to_string(), |c| c.text.clone()),
        value: Some(value),
        unit: Some(unit.to_owned()),
        yuan: to_yuan(value, unit),
    })
}

fn part_label(field: &str) -> &'static str {
    match field {
        "three_public_total" => "合计",
        "overseas_travel" => "因公出国（境）费",
        "vehicle_total" => "公务用车购置及运行费",
        "vehicle_purchase" => "公务用车购置费",
        "vehicle_operation" => "公务用车运行费",
        _ => "公务接待费",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::{BudgetLine, BudgetValue};

    fn line(code: &str, name: &str) -> BudgetLine {
        BudgetLine {
            table: "t1".into(),
            page: 1,
            code: code.into(),
            name: name.into(),
            values: vec![BudgetValue {
                column: vec!["合计".into()],
                value: None,
                unit: None,
                yuan: None,
            }],
            row: 0,
        }
    }

    #[test]
    fn codes_from_printed_classification_paths() {
        let records = Records {
            budget_lines: vec![
                line("201", "一般公共服务支出"),
                line("20106", "财政事务"),
                line("2010601", "行政运行"),
                line("20101", "人大事务"),
                line("2010101", "行政运行"),
                line("221", "住房保障支出"),
            ],
            ..Records::default()
        };
        assert_eq!(
            code_of(
                "一般公共服务支出（类）财政事务（款）行政运行（项）",
                &records
            )
            .as_deref(),
            Some("2010601")
        );
        // Two 行政运行 rows and no 款 named: no code.
        assert_eq!(code_of("行政运行（项）", &records), None);
        assert_eq!(
            code_of("住房保障支出（类）", &records).as_deref(),
            Some("221")
        );
        assert_eq!(
            code_of("住房保障（类）支出", &records).as_deref(),
            Some("221")
        );
        assert_eq!(code_of("基本支出", &records), None);
    }
}
