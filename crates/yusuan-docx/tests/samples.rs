//! The project's own samples (`samples/*.docx`) against their hand-checked
//! grids (`golden/samples/<id>.grid.json`), cell by cell.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use yusuan_docx::{DocxOptions, read_docx};
use yusuan_model::{Block, NativeTable};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Sample ids from samples/manifest.json.
fn sample_ids() -> Vec<String> {
    let path = workspace().join("samples/manifest.json");
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let ids: Vec<String> = manifest["samples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(ids.len() >= 6, "manifest lists {} samples", ids.len());
    ids
}

fn golden(id: &str) -> Value {
    let path = workspace().join(format!("golden/samples/{id}.grid.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "golden {} missing ({e}): every sample needs one",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap()
}

/// A Word cell's text as the truth format writes it: the lines of a cell
/// joined without separator (labels and numbers wrapped by the author or by
/// the renderer read as one).
fn truth_text(s: &str) -> String {
    s.split('\n').map(str::trim).collect::<Vec<_>>().join("")
}

/// (rows, spans) of a grid in the truth format: covered positions "".
pub(crate) type Grid = (
    Vec<Vec<String>>,
    BTreeSet<(usize, usize, usize, usize, String)>,
);

pub(crate) fn native_grid(t: &NativeTable) -> Grid {
    let mut rows = vec![vec![String::new(); t.n_cols]; t.n_rows];
    let mut spans = BTreeSet::new();
    for c in &t.cells {
        let text = truth_text(&c.text);
        rows[c.row][c.col] = text.clone();
        if c.rowspan > 1 || c.colspan > 1 {
            spans.insert((c.row, c.col, c.rowspan, c.colspan, text));
        }
    }
    (rows, spans)
}

pub(crate) fn golden_grid(g: &Value) -> Grid {
    let rows: Vec<Vec<String>> = g["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_owned())
                .collect()
        })
        .collect();
    let spans = g["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let n = |k: &str| usize::try_from(s[k].as_u64().unwrap()).unwrap();
            (
                n("row"),
                n("col"),
                n("rowspan"),
                n("colspan"),
                s["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (rows, spans)
}

/// Every difference between two grids, one line each, expected vs actual.
pub(crate) fn diff_grids(expected: &Grid, actual: &Grid) -> Vec<String> {
    let mut out = Vec::new();
    let (er, es) = expected;
    let (ar, as_) = actual;
    if er.len() != ar.len() || er.first().map(Vec::len) != ar.first().map(Vec::len) {
        out.push(format!(
            "grid size: expected {}x{}, actual {}x{}",
            er.len(),
            er.first().map_or(0, Vec::len),
            ar.len(),
            ar.first().map_or(0, Vec::len)
        ));
    }
    for (r, erow) in er.iter().enumerate() {
        for (c, e) in erow.iter().enumerate() {
            let a = ar
                .get(r)
                .and_then(|row| row.get(c))
                .map_or("<missing>", String::as_str);
            if e != a {
                out.push(format!("cell ({r},{c}): expected {e:?}, actual {a:?}"));
            }
        }
    }
    for s in es.difference(as_) {
        out.push(format!("span expected but not found: {s:?}"));
    }
    for s in as_.difference(es) {
        out.push(format!("span found but not expected: {s:?}"));
    }
    out
}

#[test]
fn docx_samples_match_their_golden_grids() {
    let mut failures = Vec::new();
    for id in sample_ids() {
        let g = golden(&id);
        let path = workspace()
            .join("samples")
            .join(g["docx"].as_str().unwrap());
        let bytes = std::fs::read(&path).unwrap();
        let doc = read_docx(&bytes, &DocxOptions::default()).unwrap();
        assert!(doc.warnings.is_empty(), "{id}: {:?}", doc.warnings);
        // Reading order: title and unit paragraphs come before the one table.
        let table_at = doc
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Table(_)))
            .unwrap();
        let before: Vec<&str> = doc.blocks[..table_at]
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { text, .. } => Some(text.as_str()),
                Block::Table(_) | Block::Sheet(_) => None,
            })
            .collect();
        let title = g["title"].as_str().unwrap();
        assert!(
            before.contains(&title),
            "{id}: title {title:?} not before the table: {before:?}"
        );
        // A form whose unit sits in a label cell ("项目资金（元）") has no
        // unit line; the golden says so with `"unit": null`.
        if let Some(unit) = g["unit"].as_str() {
            let line = format!("单位：{unit}");
            assert!(
                before.contains(&line.as_str()),
                "{id}: unit line {line:?} not before the table: {before:?}"
            );
        }
        let tables: Vec<&NativeTable> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                Block::Paragraph { .. } | Block::Sheet(_) => None,
            })
            .collect();
        assert_eq!(tables.len(), 1, "{id}: one table per sample");
        let t = tables[0];
        assert_eq!(
            t.header_rows as u64,
            g["header_rows"].as_u64().unwrap(),
            "{id}: header rows"
        );
        assert_eq!(
            (t.n_rows as u64, t.n_cols as u64),
            (g["nrows"].as_u64().unwrap(), g["ncols"].as_u64().unwrap()),
            "{id}: size"
        );
        let diffs = diff_grids(&golden_grid(&g), &native_grid(t));
        if !diffs.is_empty() {
            failures.push(format!(
                "{id} ({} differences):\n  {}",
                diffs.len(),
                diffs.join("\n  ")
            ));
        } else {
            let nonempty = t.cells.iter().filter(|c| !c.text.is_empty()).count() as u64;
            assert_eq!(
                nonempty,
                g["nonempty_cells"].as_u64().unwrap(),
                "{id}: nonempty cells"
            );
            println!(
                "{id}: {}x{} grid, {} cells, {} spans match",
                t.n_rows,
                t.n_cols,
                t.cells.len(),
                golden_grid(&g).1.len()
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every golden belongs to a listed sample (no stale goldens).
#[test]
fn every_golden_has_a_sample() {
    let ids: BTreeSet<String> = sample_ids().into_iter().collect();
    for entry in std::fs::read_dir(workspace().join("golden/samples")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let id = name
            .strip_suffix(".grid.json")
            .unwrap_or_else(|| panic!("unexpected file {name}"));
        assert!(
            ids.contains(id),
            "golden {name} has no sample in the manifest"
        );
    }
}

/// The grid of the largest table layout found, in the truth format (cell
/// lines joined as [`truth_text`] joins them).
fn layout_grid(layout: &yusuan_layout::Layout) -> Option<Grid> {
    let t = layout.tables.iter().max_by_key(|t| t.cells.len())?;
    let mut rows = vec![vec![String::new(); t.n_cols]; t.n_rows];
    let mut spans = BTreeSet::new();
    for c in &t.cells {
        let text = truth_text(&c.text);
        rows[c.row][c.col] = text.clone();
        if c.rowspan > 1 || c.colspan > 1 {
            spans.insert((c.row, c.col, c.rowspan, c.colspan, text));
        }
    }
    Some((rows, spans))
}

/// Both files of each pair, read by their reader and reconstructed by
/// yusuan-layout, give the hand-checked grid (and so the same grid): cell
/// texts, rowspans and colspans (issue 3, last criterion; issue 4).
#[test]
fn word_and_pdf_of_each_pair_give_the_golden_grid() {
    let options = yusuan_layout::LayoutOptions::default();
    let mut failures = Vec::new();
    let mut checked = 0;
    for id in sample_ids() {
        let g = golden(&id);
        let expected = golden_grid(&g);
        let dir = workspace().join("samples");
        let pdf = std::fs::read(dir.join(g["file"].as_str().unwrap())).unwrap();
        let docx = std::fs::read(dir.join(g["docx"].as_str().unwrap())).unwrap();
        let from_pdf = yusuan_pdf::read_pdf(&pdf, &yusuan_pdf::PdfOptions::default()).unwrap();
        let from_docx = read_docx(&docx, &DocxOptions::default()).unwrap();
        for (kind, source) in [("pdf", &from_pdf), ("docx", &from_docx)] {
            let layout = yusuan_layout::reconstruct(source, &options);
            let Some(actual) = layout_grid(&layout) else {
                failures.push(format!("{id} {kind}: no table found"));
                continue;
            };
            let diffs = diff_grids(&expected, &actual);
            if diffs.is_empty() {
                checked += 1;
                println!(
                    "{id} {kind}: {}x{} grid, {} spans match the golden",
                    actual.0.len(),
                    actual.0.first().map_or(0, Vec::len),
                    actual.1.len()
                );
            } else {
                failures.push(format!(
                    "{id} {kind} ({} differences):\n  {}",
                    diffs.len(),
                    diffs.join("\n  ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 12, "only {checked} grids checked");
}

/// A sample whose pages a viewer shows on their side (samples/turned): the
/// reader turns them back, says so, and layout gives the golden grid.
#[test]
fn turned_pages_give_the_golden_grid() {
    let options = yusuan_layout::LayoutOptions::default();
    let g = golden("selfeval_project_3");
    let expected = golden_grid(&g);
    let mut checked = 0;
    for name in [
        "selfeval_project_3_rot90.pdf",
        "selfeval_project_3_rot270.pdf",
    ] {
        let bytes = std::fs::read(workspace().join("samples/turned").join(name)).unwrap();
        let doc = yusuan_pdf::read_pdf(&bytes, &yusuan_pdf::PdfOptions::default()).unwrap();
        for page in &doc.pages {
            assert!(
                page.warnings
                    .iter()
                    .any(|w| w.kind == yusuan_model::DiagnosticKind::PageTurned),
                "{name} page {}: no turn warning in {:?}",
                page.number,
                page.warnings
            );
            assert!(
                page.width > 0.0 && page.height > page.width,
                "{name}: portrait after the turn"
            );
        }
        let layout = yusuan_layout::reconstruct(&doc, &options);
        let actual = layout_grid(&layout).unwrap_or_else(|| panic!("{name}: no table"));
        let diffs = diff_grids(&expected, &actual);
        assert!(diffs.is_empty(), "{name}:\n  {}", diffs.join("\n  "));
        checked += 1;
    }
    assert_eq!(checked, 2);
}
