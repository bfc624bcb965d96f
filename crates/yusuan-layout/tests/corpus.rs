//! Scores reconstruction against the hand-made truth grids of
//! `../shared/truth` and `golden/truth` (format: ../shared/truth/README.md),
//! the way `../shared/tools/score-tables` does: per truth table, the output
//! table on the same page(s) whose grid matches best (alignment within ±2
//! rows/columns), text compared without whitespace and with full-width ASCII
//! folded to half-width.
//!
//! One deliberate difference: when the output table runs over more pages
//! than the truth covers (truth iv is "page 8 only" of a table continuing on
//! page 9), only the output rows printed on the truth's pages are compared,
//! since the truth says nothing about the others.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;
use yusuan_layout::{Layout, LayoutOptions, reconstruct};
use yusuan_model::Table;
use yusuan_pdf::{PdfOptions, read_pdf};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn corpus_dir() -> PathBuf {
    manifest_dir().join("../../../shared/corpus/pdf")
}

fn truth_dirs() -> Vec<PathBuf> {
    vec![
        manifest_dir().join("../../../shared/truth"),
        manifest_dir().join("../../golden/truth"),
    ]
}

/// Whitespace removed, full-width ASCII folded (the part of NFKC that
/// matters for this text: （）：，％ and full-width digits and letters).
pub(crate) fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Finds a corpus PDF by the truth's file name (the corpus prefixes some
/// names with their source repository).
pub(crate) fn find_pdf(name: &str) -> Option<PathBuf> {
    let dir = corpus_dir();
    let entries = std::fs::read_dir(&dir).ok()?;
    let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    names.into_iter().find(|p| {
        let f = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
        f == name || f.ends_with(&format!("_{name}")) || name.ends_with(f)
    })
}

/// A merged cell: (row, col, rowspan, colspan).
type Span = (usize, usize, usize, usize);

struct Truth {
    label: String,
    file: String,
    pages: Vec<u32>,
    rows: Vec<Vec<String>>,
    spans: Vec<Span>,
    unit: Option<String>,
    title: Option<String>,
    header_rows: usize,
}

fn load_truth(path: &Path) -> Option<Truth> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let rows = v["rows"]
        .as_array()?
        .iter()
        .map(|r| {
            r.as_array()
                .map(|cells| {
                    cells
                        .iter()
                        .map(|c| norm(c.as_str().unwrap_or("")))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let spans = v["spans"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| {
                    let n = |k: &str| s[k].as_u64().unwrap_or(0) as usize;
                    (n("row"), n("col"), n("rowspan"), n("colspan"))
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Truth {
        label: path.file_name()?.to_str()?.to_owned(),
        file: v["file"].as_str()?.to_owned(),
        pages: v["pages"]
            .as_array()?
            .iter()
            .filter_map(|p| p.as_u64().map(|p| p as u32))
            .collect(),
        rows,
        spans,
        unit: v["unit"].as_str().map(str::to_owned),
        title: v["title"].as_str().map(norm),
        header_rows: v["header_rows"].as_u64().unwrap_or(0) as usize,
    })
}

/// The output grid (text at top-left positions) and spans, restricted to the
/// rows printed on `pages`.
fn grid_of(t: &Table, pages: &[u32]) -> (Vec<Vec<String>>, Vec<Span>) {
    let keep: Vec<usize> = (0..t.n_rows)
        .filter(|&r| pages.is_empty() || t.row_pages.get(r).is_some_and(|p| pages.contains(p)))
        .collect();
    let (Some(&lo), Some(&hi)) = (keep.first(), keep.last()) else {
        return (Vec::new(), Vec::new());
    };
    let mut g = vec![vec![String::new(); t.n_cols]; hi - lo + 1];
    let mut spans = Vec::new();
    for c in &t.cells {
        if c.row < lo || c.row > hi {
            continue;
        }
        if let Some(slot) = g.get_mut(c.row - lo).and_then(|r| r.get_mut(c.col)) {
            *slot = norm(&c.text);
        }
        if c.rowspan > 1 || c.colspan > 1 {
            spans.push((c.row - lo, c.col, c.rowspan, c.colspan));
        }
    }
    (g, spans)
}

#[derive(Debug, Clone, Default)]
struct Score {
    matched: usize,
    total: usize,
    spans_matched: usize,
    spans_total: usize,
    exact: bool,
    dr: isize,
    dc: isize,
    table: Option<String>,
}

/// Scores `t` against `truth`, comparing only the output rows printed on
/// `pages` (all rows when empty).
fn score(truth: &Truth, t: &Table, pages: &[u32]) -> Score {
    let (og, ospans) = grid_of(t, pages);
    let total = truth
        .rows
        .iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .count();
    let mut best = Score {
        total,
        spans_total: truth.spans.len(),
        ..Score::default()
    };
    let mut best_key = (-1isize, -1isize);
    for dr in -2isize..=2 {
        for dc in -2isize..=2 {
            let mut m = 0;
            for (r, row) in truth.rows.iter().enumerate() {
                for (k, want) in row.iter().enumerate() {
                    if want.is_empty() {
                        continue;
                    }
                    let (rr, kk) = (r as isize + dr, k as isize + dc);
                    if rr < 0 || kk < 0 {
                        continue;
                    }
                    if og.get(rr as usize).and_then(|row| row.get(kk as usize)) == Some(want) {
                        m += 1;
                    }
                }
            }
            let sp = ospans
                .iter()
                .filter(|&&(r, k, rs, cs)| {
                    let (tr, tk) = (r as isize - dr, k as isize - dc);
                    tr >= 0 && tk >= 0 && truth.spans.contains(&(tr as usize, tk as usize, rs, cs))
                })
                .count();
            if (m as isize, sp as isize) > best_key {
                best_key = (m as isize, sp as isize);
                best.matched = m;
                best.spans_matched = sp;
                best.dr = dr;
                best.dc = dc;
            }
        }
    }
    let same_shape = best.dr == 0
        && best.dc == 0
        && og.len() == truth.rows.len()
        && truth
            .rows
            .iter()
            .all(|r| og.first().is_some_and(|o| o.len() == r.len()));
    best.exact = same_shape
        && best.matched == total
        && best.spans_matched == truth.spans.len()
        && ospans.len() == truth.spans.len()
        && og == truth.rows;
    best.table = Some(t.id.clone());
    best
}

/// Prints expected and actual side by side for the cells that differ.
fn print_diff(truth: &Truth, t: &Table, s: &Score) {
    let (og, ospans) = grid_of(t, &truth.pages);
    println!(
        "    output {} {}x{} (rows on truth pages {}), truth {}x{}, offset ({}, {}), title {:?}, unit {:?} (truth {:?}), header_rows {} (truth {})",
        t.id,
        t.n_rows,
        t.n_cols,
        og.len(),
        truth.rows.len(),
        truth.rows.first().map_or(0, Vec::len),
        s.dr,
        s.dc,
        t.title,
        t.unit,
        truth.unit,
        t.header_rows,
        truth.header_rows
    );
    let mut shown = 0;
    for (r, row) in truth.rows.iter().enumerate() {
        for (k, want) in row.iter().enumerate() {
            let (rr, kk) = (r as isize + s.dr, k as isize + s.dc);
            let got = if rr >= 0 && kk >= 0 {
                og.get(rr as usize)
                    .and_then(|x| x.get(kk as usize))
                    .cloned()
            } else {
                None
            };
            if got.as_deref().unwrap_or("") != want.as_str() && shown < 12 {
                println!(
                    "    ({r},{k}) want {want:?} got {:?}",
                    got.unwrap_or_default()
                );
                shown += 1;
            }
        }
    }
    let missing: Vec<_> = truth
        .spans
        .iter()
        .filter(|sp| {
            !ospans.iter().any(|o| {
                (o.0 as isize - s.dr, o.1 as isize - s.dc, o.2, o.3)
                    == (sp.0 as isize, sp.1 as isize, sp.2, sp.3)
            })
        })
        .collect();
    if !missing.is_empty() {
        println!("    spans missing: {missing:?}; output spans: {ospans:?}");
    }
}

struct Run {
    layout: Layout,
    read: Duration,
    layout_time: Duration,
    pages: usize,
}

fn run_pdf(path: &Path) -> Option<Run> {
    let bytes = std::fs::read(path).ok()?;
    let t0 = Instant::now();
    let doc = read_pdf(&bytes, &PdfOptions::default()).ok()?;
    let read = t0.elapsed();
    let t1 = Instant::now();
    // LAYOUT_NO_JOIN=1 shows each page's part of a table on its own.
    let options = LayoutOptions {
        join_continuations: std::env::var_os("LAYOUT_NO_JOIN").is_none(),
        ..LayoutOptions::default()
    };
    let layout = reconstruct(&doc, &options);
    let layout_time = t1.elapsed();
    Some(Run {
        layout,
        read,
        layout_time,
        pages: doc.pages.len(),
    })
}

#[test]
fn truth_tables_score() {
    if !corpus_dir().is_dir() {
        println!(
            "skipped: corpus not found at {} (tests need ../shared/corpus)",
            corpus_dir().display()
        );
        return;
    }
    let mut truth_files: Vec<PathBuf> = Vec::new();
    for d in truth_dirs() {
        if let Ok(entries) = std::fs::read_dir(&d) {
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
            files.sort();
            truth_files.extend(files);
        }
    }
    let only = std::env::var("TRUTH").ok();
    let mut runs: BTreeMap<PathBuf, Option<Run>> = BTreeMap::new();
    let (mut cells_m, mut cells_n, mut exact_n, mut tables_n) = (0, 0, 0, 0);
    let (mut spans_m, mut spans_n) = (0, 0);
    let (mut unit_ok, mut title_ok, mut header_ok) = (0, 0, 0);
    let mut whole_exact = 0;
    let mut whole_misses: Vec<String> = Vec::new();
    for tf in &truth_files {
        let Some(truth) = load_truth(tf) else {
            println!("{}: unreadable truth file", tf.display());
            continue;
        };
        if only.as_deref().is_some_and(|o| !truth.label.contains(o)) {
            continue;
        }
        tables_n += 1;
        let total = truth
            .rows
            .iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .count();
        cells_n += total;
        spans_n += truth.spans.len();
        let Some(pdf) = find_pdf(&truth.file) else {
            println!("{}: pdf {} not found", truth.label, truth.file);
            continue;
        };
        let run = runs.entry(pdf.clone()).or_insert_with(|| run_pdf(&pdf));
        let Some(run) = run else {
            println!("{}: read_pdf failed", truth.label);
            continue;
        };
        let cands: Vec<&Table> = run
            .layout
            .tables
            .iter()
            .filter(|t| truth.pages.iter().any(|p| t.pages.contains(p)))
            .collect();
        let best = cands
            .iter()
            .map(|t| (score(&truth, t, &truth.pages), *t))
            .max_by_key(|(s, _)| (s.matched, s.spans_matched, s.exact));
        match best {
            Some((s, t)) => {
                cells_m += s.matched;
                spans_m += s.spans_matched;
                exact_n += usize::from(s.exact);
                // The shared scorer compares every row of the output table.
                if score(&truth, t, &[]).exact {
                    whole_exact += 1;
                } else if s.exact {
                    whole_misses.push(truth.label.clone());
                }
                // Heading checks: the unit exactly, the title when the
                // truth's title (which may join "预算03表" and the name)
                // contains ours, header rows exactly.
                let u = t.unit == truth.unit;
                let ti = match (&truth.title, &t.title) {
                    (Some(want), Some(got)) => !got.is_empty() && want.contains(&norm(got)),
                    (None, None) => true,
                    _ => false,
                };
                let h = t.header_rows == truth.header_rows;
                unit_ok += usize::from(u);
                title_ok += usize::from(ti);
                header_ok += usize::from(h);
                if !(u && ti && h) {
                    println!(
                        "    heading: unit {:?} (truth {:?}), title {:?} (truth {:?}), header_rows {} (truth {})",
                        t.unit, truth.unit, t.title, truth.title, t.header_rows, truth.header_rows
                    );
                }
                println!(
                    "{}: cells {}/{}, spans {}/{}{}",
                    truth.label,
                    s.matched,
                    s.total,
                    s.spans_matched,
                    s.spans_total,
                    if s.exact { ", exact" } else { "" }
                );
                if !s.exact {
                    print_diff(&truth, t, &s);
                }
            }
            None => println!(
                "{}: no table on pages {:?} (cells 0/{total})",
                truth.label, truth.pages
            ),
        }
    }
    let (mut read, mut lay, mut pages) = (Duration::ZERO, Duration::ZERO, 0);
    for r in runs.values().flatten() {
        read += r.read;
        lay += r.layout_time;
        pages += r.pages;
    }
    let pct = if cells_n > 0 {
        100.0 * cells_m as f64 / cells_n as f64
    } else {
        0.0
    };
    let exact_pct = if tables_n > 0 {
        100.0 * exact_n as f64 / tables_n as f64
    } else {
        0.0
    };
    println!(
        "TOTAL cells {cells_m}/{cells_n} ({pct:.1}%), spans {spans_m}/{spans_n}, tables exact {exact_n}/{tables_n} ({exact_pct:.1}%)"
    );
    println!(
        "tables exact counting every row of the output table, as ../shared/tools/score-tables does: {whole_exact}/{tables_n} (exact here but not so: {whole_misses:?}, truth grids covering one page of a table that continues)"
    );
    println!(
        "heading: unit {unit_ok}/{tables_n}, title {title_ok}/{tables_n}, header_rows {header_ok}/{tables_n}"
    );
    println!(
        "time over {pages} pages: read {:.1} ms, reconstruct {:.1} ms ({:.0}% of read)",
        read.as_secs_f64() * 1e3,
        lay.as_secs_f64() * 1e3,
        if read.as_secs_f64() > 0.0 {
            100.0 * lay.as_secs_f64() / read.as_secs_f64()
        } else {
            0.0
        }
    );
    if only.is_some() {
        return;
    }
    // Issue 4 asks for >= 98% of cells and >= 90% of tables exact; held here
    // at what was reached on 2026-11-22: 3026/3026 cells and 36/36 tables
    // exact on the truth's pages (34/36 counting every output row, the two
    // misses being truth grids that cover one page of a continuing table).
    assert!(pct >= 99.9, "cell score {pct:.2}% is below 99.9%");
    assert!(
        exact_pct >= 100.0,
        "exact tables {exact_pct:.1}% is below 100% (36 of 36)"
    );
}

/// Prints the tables of one page: `LAYOUT_PDF=<name part> LAYOUT_PAGE=<n>
/// cargo test -p yusuan-layout --test layout -- --ignored --nocapture inspect`
/// (with `LAYOUT_NO_JOIN=1`, before continuations are joined).
#[test]
#[ignore = "a debugging aid, run by hand"]
fn inspect() {
    let (Ok(name), Ok(page)) = (std::env::var("LAYOUT_PDF"), std::env::var("LAYOUT_PAGE")) else {
        println!("set LAYOUT_PDF and LAYOUT_PAGE");
        return;
    };
    let page: u32 = page.parse().unwrap();
    let entries = std::fs::read_dir(corpus_dir()).unwrap();
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().contains(&name))
        .collect();
    // The shortest matching name: "005_广州_2026年…" before the files that
    // extend it.
    paths.sort_by_key(|p| (p.as_os_str().len(), p.clone()));
    let path = paths.into_iter().next().unwrap();
    let run = run_pdf(&path).unwrap();
    for t in run.layout.tables.iter().filter(|t| t.pages.contains(&page)) {
        println!(
            "== {} pages {:?} {}x{} header_rows {} method {} title {:?} unit {:?} heading {:?}",
            t.id, t.pages, t.n_rows, t.n_cols, t.header_rows, t.method, t.title, t.unit, t.heading
        );
        let g = t.grid();
        for (r, row) in g.iter().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(k, slot)| match slot.and_then(|i| t.cells.get(i)) {
                    Some(c) if c.row == r && c.col == k => {
                        if c.rowspan > 1 || c.colspan > 1 {
                            format!("{}[{}x{}]", c.text, c.rowspan, c.colspan)
                        } else {
                            c.text.clone()
                        }
                    }
                    Some(_) => "^".to_owned(),
                    None => "?".to_owned(),
                })
                .collect();
            println!(
                "{:>3} p{} | {}",
                r,
                t.row_pages.get(r).unwrap_or(&0),
                cells.join(" | ")
            );
        }
    }
    for l in run.layout.lines.iter().filter(|l| l.page == page) {
        println!("line {:?} size {} {:?}", l.text, l.size, l.bbox);
    }
    for d in &run.layout.diagnostics {
        println!("diag {d:?}");
    }
}
