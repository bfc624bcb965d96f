//! Issue 21, acceptance: the scanned corpus PDFs (ABBYY, DocuCentre) give
//! their tables, checked against hand-read golden files (`golden/ocr`).

use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_model::Table;
use yusuan_ocr::{OcrOptions, mark_ocr_cells, recognize_pages};
use yusuan_pdf::{PdfOptions, read_pdf};

use crate::support::install::engine;
use crate::support::score::{canon, golden_rows, matrix, score, workspace};

fn is_figure(s: &str) -> bool {
    let s = canon(s);
    !s.is_empty() && yusuan_normalize::parse_amount(&s).is_some()
}

/// The table on `page` with the most cells.
fn table_on(tables: &[Table], page: u32) -> Option<&Table> {
    tables
        .iter()
        .filter(|t| t.pages.contains(&page))
        .max_by_key(|t| t.cells.len())
}

#[test]
fn issue_21_scanned_corpus_pdfs_give_their_golden_tables() {
    let corpus = workspace().join("../shared/corpus/pdf");
    if !corpus.is_dir() {
        println!("skipped: corpus not found at {}", corpus.display());
        return;
    }
    let engine = match engine() {
        Ok(e) => e,
        Err(why) => {
            println!("skipped: ocr not installed ({why}); run scripts/install-ocr");
            return;
        }
    };
    let options = OcrOptions::default();
    let mut failures = Vec::new();
    let mut checked = 0;
    for name in ["cs_whlyt_2026", "cs_czj_2026"] {
        let path = workspace().join(format!("golden/ocr/{name}.json"));
        let g: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file = g["file"].as_str().unwrap_or_default();
        let bytes = std::fs::read(corpus.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut doc =
            read_pdf(&bytes, &PdfOptions::default()).unwrap_or_else(|e| panic!("{file}: {e}"));
        let read = recognize_pages(&bytes, &mut doc, &engine, &options, false)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(read.len(), doc.pages.len(), "{file}: every page is scanned");
        let mut layout = reconstruct(&doc, &LayoutOptions::default());
        mark_ocr_cells(&mut layout.tables, &doc.pages, &options);
        let gaps: Vec<String> = g["known_gaps"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        for t in g["tables"].as_array().cloned().unwrap_or_default() {
            let page = u32::try_from(t["page"].as_u64().unwrap_or(0)).unwrap_or(0);
            let gap = gaps.iter().any(|x| x.starts_with(&format!("page {page}:")));
            let misses: Vec<String> = t["known_misses"]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str().map(canon)).collect())
                .unwrap_or_default();
            let mut fail = |key: &str, msg: String| {
                if misses.iter().any(|m| m == key) {
                    println!("    known gap, not required: {msg}");
                } else {
                    failures.push(msg);
                }
            };
            let Some(table) = table_on(&layout.tables, page) else {
                failures.push(format!("{name} p{page}: no table"));
                continue;
            };
            checked += 1;
            if t["rows"].is_array() && !gap {
                // The whole grid: 95% of cells, every figure exact.
                let s = score(&golden_rows(&t), &matrix(table));
                println!(
                    "{name} p{page}: {}/{} cells, {}/{} figures",
                    s.right, s.cells, s.amounts_right, s.amounts
                );
                for d in &s.diffs {
                    println!("    {d}");
                }
                #[allow(clippy::cast_precision_loss)]
                let share = s.right as f64 / s.cells.max(1) as f64;
                if share < 0.95 || s.amounts_right != s.amounts {
                    fail(
                        "",
                        format!(
                            "{name} p{page}: {}/{} cells, {}/{} figures",
                            s.right, s.cells, s.amounts_right, s.amounts
                        ),
                    );
                }
            } else if t["rows"].is_array() {
                // Known gap in the grid: each row's figures, in order, in
                // the row its label starts.
                let got = matrix(table);
                for row in golden_rows(&t).iter().skip(1) {
                    let label = canon(row.first().map_or("", String::as_str));
                    let figures: Vec<String> = row
                        .iter()
                        .filter(|c| is_figure(c))
                        .map(|c| canon(c))
                        .collect();
                    let found = got
                        .iter()
                        .find(|r| r.first().is_some_and(|c| canon(c) == label));
                    let have: Vec<String> = found
                        .map(|r| {
                            r.iter()
                                .filter(|c| is_figure(c))
                                .map(|c| canon(c))
                                .collect()
                        })
                        .unwrap_or_default();
                    println!("{name} p{page} (known gap): {label}: {figures:?} read {have:?}");
                    if have != figures {
                        fail(
                            &label,
                            format!(
                                "{name} p{page}: row {label}: expected {figures:?}, read {have:?}"
                            ),
                        );
                    }
                }
            } else {
                let texts: Vec<String> = table.cells.iter().map(|c| canon(&c.text)).collect();
                for want in t["figures"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .chain(t["labels"].as_array().into_iter().flatten())
                {
                    let want = canon(want.as_str().unwrap_or_default());
                    let hit = texts.iter().any(|x| x.contains(&want));
                    println!(
                        "{name} p{page}: {want:?} {}",
                        if hit { "found" } else { "MISSING" }
                    );
                    if !hit {
                        fail(&want, format!("{name} p{page}: {want:?} not read"));
                    }
                }
            }
        }
    }
    assert!(checked >= 3, "only {checked} tables checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Corpus table pages scanned (the same imitation as the sample forms) and
/// scored against their hand-checked truth grids (`golden/truth`), as the
/// text versions are: four producers (Excel 2007, PDF24, Excel 2010, and
/// one known gap).
#[test]
fn issue_21_scanned_corpus_table_pages_score_against_their_truth_grids() {
    use crate::support::scan::{Degrade, scanned_pdf};
    let corpus = workspace().join("../shared/corpus/pdf");
    if !corpus.is_dir() {
        println!("skipped: corpus not found at {}", corpus.display());
        return;
    }
    let Ok(engine) = engine() else {
        println!("skipped: ocr not installed; run scripts/install-ocr");
        return;
    };
    // Known gaps, each with its reason; still read and printed, not scored.
    const KNOWN_GAPS: [(&str, &str); 1] = [(
        "bj_sthj_sangong_p23",
        "rules printed light gray (192), lighter than the text threshold once blurred: no rule is found, so no table",
    )];
    let (mut cells, mut right, mut figures, mut figures_right) = (0, 0, 0, 0);
    for id in [
        "sh_czj_sangong_p20",
        "yt_tjj_sangong_p18",
        "js_zx_shouzhi_p1",
        "bj_sthj_sangong_p23",
    ] {
        let path = workspace().join(format!("golden/truth/{id}.json"));
        let g: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
                .unwrap_or_default();
        let file = g["file"].as_str().unwrap_or_default();
        let page = u32::try_from(g["pages"][0].as_u64().unwrap_or(1)).unwrap_or(1);
        let pdf = std::fs::read(corpus.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let scan =
            scanned_pdf(&pdf, &[page], &Degrade::default()).unwrap_or_else(|e| panic!("{id}: {e}"));
        let mut doc =
            read_pdf(&scan, &PdfOptions::default()).unwrap_or_else(|e| panic!("{id}: {e}"));
        recognize_pages(&scan, &mut doc, &engine, &OcrOptions::default(), false)
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        let layout = reconstruct(&doc, &LayoutOptions::default());
        let table = layout.tables.iter().max_by_key(|t| t.cells.len());
        let s = score(&golden_rows(&g), &table.map(matrix).unwrap_or_default());
        println!(
            "{id}: {}/{} cells, {}/{} figures",
            s.right, s.cells, s.amounts_right, s.amounts
        );
        for d in &s.diffs {
            println!("    {d}");
        }
        if let Some((_, why)) = KNOWN_GAPS.iter().find(|(g, _)| *g == id) {
            println!("    known gap, not scored: {why}");
            continue;
        }
        cells += s.cells;
        right += s.right;
        figures += s.amounts;
        figures_right += s.amounts_right;
    }
    println!("total: {right}/{cells} cells, {figures_right}/{figures} figures");
    #[allow(clippy::cast_precision_loss)]
    let share = right as f64 / cells.max(1) as f64;
    assert!(share >= 0.9, "{right}/{cells} cells");
    assert_eq!(figures_right, figures, "figures misread");
}
