//! Builds `yusuan_model::Table`s from truth grids and hand-typed rows.

use std::path::{Path, PathBuf};

use yusuan_model::{Cell, Table};

/// The project's golden/truth folder.
pub(crate) fn golden_truth() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../golden/truth")
}

/// The shared folder (truth, seeds, corpus), if present.
pub(crate) fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    p.is_dir().then_some(p)
}

/// A table from a grid of rows and merged cells (row, col, rowspan, colspan).
pub(crate) fn table(
    id: &str,
    title: Option<&str>,
    unit: Option<&str>,
    header_rows: usize,
    rows: &[Vec<String>],
    spans: &[(usize, usize, usize, usize)],
    row_pages: &[u32],
) -> Table {
    let n_rows = rows.len();
    let n_cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut covered = vec![vec![false; n_cols]; n_rows];
    let mut cells = Vec::new();
    let page_of = |r: usize| row_pages.get(r).copied().unwrap_or(1);
    for &(r, c, rs, cs) in spans {
        for row in covered.iter_mut().skip(r).take(rs) {
            for slot in row.iter_mut().skip(c).take(cs) {
                *slot = true;
            }
        }
    }
    for (r, row) in rows.iter().enumerate() {
        for c in 0..n_cols {
            let text = row.get(c).cloned().unwrap_or_default();
            if let Some(&(_, _, rs, cs)) = spans.iter().find(|s| s.0 == r && s.1 == c) {
                cells.push(Cell {
                    row: r,
                    col: c,
                    rowspan: rs,
                    colspan: cs,
                    text,
                    page: page_of(r),
                    bbox: None,
                    sheet_ref: None,
                    spill: false,
                    ocr: None,
                });
            } else if !covered[r][c] {
                cells.push(Cell {
                    row: r,
                    col: c,
                    rowspan: 1,
                    colspan: 1,
                    text,
                    page: page_of(r),
                    bbox: None,
                    sheet_ref: None,
                    spill: false,
                    ocr: None,
                });
            }
        }
    }
    let mut pages: Vec<u32> = (0..n_rows).map(page_of).collect();
    pages.dedup();
    let mut t = Table {
        id: id.to_owned(),
        title: title.map(str::to_owned),
        unit: unit.map(str::to_owned),
        pages,
        n_rows,
        n_cols,
        cells,
        header_rows,
        row_pages: (0..n_rows).map(page_of).collect(),
        method: "ruled".into(),
        ..Table::default()
    };
    // The grid's meaning, as layout gives it to every table it finds.
    yusuan_layout::resolve_table(&mut t);
    t
}

/// A table from rows typed as tab-separated lines (no merged cells).
pub(crate) fn typed(
    id: &str,
    title: &str,
    unit: Option<&str>,
    header_rows: usize,
    text: &str,
) -> Table {
    let rows: Vec<Vec<String>> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(|c| c.trim().to_owned()).collect())
        .collect();
    table(id, Some(title), unit, header_rows, &rows, &[], &[])
}

/// A truth grid file (format in shared/truth/README.md) as a table.
pub(crate) fn truth_table(path: &Path, id: &str) -> Table {
    let text = std::fs::read_to_string(path).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rows: Vec<Vec<String>> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap_or("").to_owned())
                .collect()
        })
        .collect();
    let spans: Vec<(usize, usize, usize, usize)> = v["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let g = |k: &str| s[k].as_u64().unwrap() as usize;
            (g("row"), g("col"), g("rowspan"), g("colspan"))
        })
        .collect();
    let pages: Vec<u32> = v["row_pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_u64().unwrap() as u32)
        .collect();
    table(
        id,
        v["title"].as_str(),
        v["unit"].as_str(),
        v["header_rows"].as_u64().unwrap() as usize,
        &rows,
        &spans,
        &pages,
    )
}

/// Every truth grid: the project's golden/truth and the shared truth folder.
pub(crate) fn all_truth() -> Vec<(String, Table)> {
    let mut dirs = vec![golden_truth()];
    if let Some(s) = shared() {
        dirs.push(s.join("truth"));
    }
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "json"))
        {
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((name, truth_table(&f, "t1")));
        }
    }
    out
}

/// One truth grid by file stem.
pub(crate) fn truth(name: &str) -> Table {
    all_truth()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t)
        .unwrap_or_else(|| panic!("truth grid {name} not found"))
}
