//! `yusuan tables`: tables as markdown or CSV for reading on a terminal;
//! `yusuan claims`: the claims of a document as readable blocks.
//!
//! A merged cell is shown once, at its top-left position. In markdown the
//! positions it covers show "↑" (continues the cell above) or "←" (continues
//! the cell to the left); in CSV they are blank.

use std::fmt::Write as _;

use yusuan_model::{Basis, Claim, Document, Table};

/// The claims of a document (only those on `page`, if given), one block
/// each:
///
/// ```text
/// ## report.pdf (47 claims)
///
/// p5  c1  收入、支出预算总计 [revenue_expenditure_total] 2017 预算: 20849.45万元
///         与 2016 年相比 增加 2043.58万元，10.87% · 原因：政策性调资，住房公积金…
///         → t1 行 30 列 1 “收入总计” 20,849.45万元
/// ```
pub(crate) fn claims_text(doc: &Document, page: Option<u32>) -> String {
    let claims: Vec<&Claim> = doc
        .records
        .claims
        .iter()
        .filter(|c| page.is_none_or(|p| c.page == p))
        .collect();
    let mut out = format!("## {} ({} claims)\n\n", doc.source.path, claims.len());
    for c in claims {
        let _ = writeln!(
            out,
            "p{:<3} {:<4} {} [{}] {}{}: {}",
            c.page,
            c.id,
            c.subject,
            c.subject_id.as_deref().or(c.code.as_deref()).unwrap_or("-"),
            c.year.map_or_else(String::new, |y| format!("{y} ")),
            basis_word(c.basis),
            c.value.raw
        );
        let mut details: Vec<String> = Vec::new();
        if c.base.is_some()
            || c.change.is_some()
            || c.change_percent.is_some()
            || c.direction.is_some()
        {
            let mut s = String::new();
            if c.base_year.is_some() || c.base_basis.is_some() || c.base.is_some() {
                s.push('与');
                if let Some(y) = c.base_year {
                    let _ = write!(s, " {y} 年");
                }
                if let Some(b) = c.base_basis {
                    s.push_str(basis_word(Some(b)));
                }
                if let Some(b) = &c.base {
                    let _ = write!(s, " {}", b.raw);
                }
                s.push_str("相比");
            }
            if let Some(d) = &c.direction {
                let _ = write!(s, " {d}");
            }
            for q in [&c.change, &c.change_percent].into_iter().flatten() {
                let _ = write!(s, " {}", q.raw);
            }
            if c.trend.is_none() && c.direction.is_some() {
                s.push_str("（方向不明）");
            }
            details.push(s);
        }
        if let Some(s) = &c.share {
            details.push(format!(
                "占{} {}{}",
                c.share_of.as_deref().unwrap_or(""),
                s.raw,
                c.whole
                    .as_ref()
                    .map_or_else(String::new, |w| format!("（{w}）"))
            ));
        } else if let Some(w) = &c.whole {
            details.push(format!("属于 {w}"));
        }
        if let Some(r) = &c.completion_rate {
            details.push(format!("完成 {}", r.raw));
        }
        if let Some(r) = &c.reason {
            details.push(format!("原因：{}", shorten(r, 40)));
        }
        if !details.is_empty() {
            let _ = writeln!(out, "         {}", details.join(" · "));
        }
        if let Some(l) = &c.link {
            let place = match (l.row, l.col) {
                (Some(r), Some(k)) => format!(" 行 {r} 列 {k}"),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "         → {}{} “{}” {}{}",
                l.table,
                place,
                l.label,
                l.raw,
                l.unit.as_deref().unwrap_or("")
            );
        }
    }
    out.push('\n');
    out
}

fn basis_word(b: Option<Basis>) -> &'static str {
    match b {
        Some(Basis::Budget) => "预算",
        Some(Basis::InitialBudget) => "年初预算",
        Some(Basis::AdjustedBudget) => "调整预算",
        Some(Basis::FinalAccount) => "决算",
        None => "",
    }
}

fn shorten(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// Marks a position covered by a merged cell that starts in a row above.
const COVERED_FROM_ABOVE: &str = "↑";
/// Marks a position covered by a merged cell that starts to the left.
const COVERED_FROM_LEFT: &str = "←";

/// One table as a markdown section: a heading line, then the grid with the
/// first row as the markdown header.
pub(crate) fn table_markdown(table: &Table) -> String {
    let mut out = format!("### {} · {}", table.id, table.kind.as_str());
    if let Some(title) = &table.title {
        out.push_str(&format!(" · {title}"));
    }
    if let Some(unit) = &table.unit {
        out.push_str(&format!(" · 单位：{unit}"));
    }
    out.push_str(&format!(
        " · {} · {}×{} · {}\n\n",
        pages_label(&table.pages),
        table.n_rows,
        table.n_cols,
        table.method
    ));
    if table.n_cols == 0 || table.n_rows == 0 {
        out.push_str("(empty grid)\n");
        return out;
    }
    let grid = table.grid();
    for (r, row) in grid.iter().enumerate() {
        out.push('|');
        for (c, slot) in row.iter().enumerate() {
            let text = match slot.and_then(|i| table.cells.get(i)) {
                Some(cell) if cell.row == r && cell.col == c => escape_markdown(&cell.text),
                Some(cell) if cell.row < r => COVERED_FROM_ABOVE.to_owned(),
                Some(_) => COVERED_FROM_LEFT.to_owned(),
                None => String::new(),
            };
            out.push(' ');
            out.push_str(&text);
            out.push_str(" |");
        }
        out.push('\n');
        if r == 0 {
            out.push('|');
            for _ in 0..table.n_cols {
                out.push_str(" --- |");
            }
            out.push('\n');
        }
    }
    out
}

/// One table as CSV: a `# id, kind, title` comment line, then one record per
/// row with covered positions blank.
pub(crate) fn table_csv(table: &Table) -> anyhow::Result<String> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let mut head = vec![
        format!("# {}", table.id),
        table.kind.as_str().to_owned(),
        table.title.clone().unwrap_or_default(),
        table.unit.clone().unwrap_or_default(),
        pages_label(&table.pages),
    ];
    while head.last().is_some_and(String::is_empty) {
        head.pop();
    }
    w.write_record(&head)?;
    for (r, row) in table.grid().iter().enumerate() {
        let record: Vec<&str> = row
            .iter()
            .enumerate()
            .map(|(c, slot)| match slot.and_then(|i| table.cells.get(i)) {
                Some(cell) if cell.row == r && cell.col == c => cell.text.as_str(),
                _ => "",
            })
            .collect();
        w.write_record(&record)?;
    }
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("csv: {e}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn pages_label(pages: &[u32]) -> String {
    match (pages.first(), pages.last()) {
        (Some(a), Some(b)) if a == b => format!("p{a}"),
        (Some(a), Some(b)) => format!("p{a}–{b}"),
        _ => "no page".to_owned(),
    }
}

fn escape_markdown(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', "<br>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::Cell;

    fn cell(row: usize, col: usize, rowspan: usize, colspan: usize, text: &str) -> Cell {
        Cell {
            row,
            col,
            rowspan,
            colspan,
            text: text.to_owned(),
            page: 1,
            bbox: None,
            sheet_ref: None,
            spill: false,
            ocr: None,
        }
    }

    fn sample() -> Table {
        Table {
            id: "t1".into(),
            title: Some("收入总表".into()),
            unit: Some("万元".into()),
            pages: vec![3, 4],
            n_rows: 3,
            n_cols: 3,
            cells: vec![
                cell(0, 0, 2, 1, "项目"),
                cell(0, 1, 1, 2, "金额"),
                cell(1, 1, 1, 1, "预算"),
                cell(1, 2, 1, 1, "决算"),
                cell(2, 0, 1, 1, "合计|总"),
                cell(2, 1, 1, 1, "1.00"),
            ],
            method: "ruled".into(),
            ..Table::default()
        }
    }

    #[test]
    fn markdown_shows_merged_cells_once() {
        let md = table_markdown(&sample());
        let expected = "### t1 · other · 收入总表 · 单位：万元 · p3–4 · 3×3 · ruled\n\n\
                        | 项目 | 金额 | ← |\n\
                        | --- | --- | --- |\n\
                        | ↑ | 预算 | 决算 |\n\
                        | 合计\\|总 | 1.00 |  |\n";
        assert_eq!(md, expected);
    }

    #[test]
    fn csv_leaves_covered_cells_blank() {
        let csv = table_csv(&sample()).unwrap();
        let expected = "# t1,other,收入总表,万元,p3–4\n项目,金额,\n,预算,决算\n合计|总,1.00,\n";
        assert_eq!(csv, expected);
    }
}
