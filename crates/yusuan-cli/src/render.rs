//! `yusuan tables`: tables as markdown or CSV for reading on a terminal.
//!
//! A merged cell is shown once, at its top-left position. In markdown the
//! positions it covers show "↑" (continues the cell above) or "←" (continues
//! the cell to the left); in CSV they are blank.

use yusuan_model::Table;

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
