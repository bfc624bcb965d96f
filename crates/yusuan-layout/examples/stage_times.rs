//! Times the PDF reader alone against reader + table reconstruction over the
//! corpus (issue 4: reconstruction may add at most 50% to the reader's time
//! per page). `cargo run --release -p yusuan-layout --example stage_times
//! [CORPUS_DIR] [ROUNDS]`; figures are recorded in docs/bench-stages.md.

#![allow(
    clippy::print_stdout,
    reason = "an example that prints its measurements"
)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_pdf::{PdfOptions, read_pdf};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/pdf"),
        PathBuf::from,
    );
    let rounds: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(3).max(1);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    let (popts, lopts) = (PdfOptions::default(), LayoutOptions::default());
    let (mut read, mut layout, mut pages, mut tables, mut docs) =
        (Duration::ZERO, Duration::ZERO, 0usize, 0usize, 0usize);
    let mut worst: Vec<(f64, String, f64, f64)> = Vec::new();
    let mut unruled = 0usize;
    for path in &files {
        let bytes = std::fs::read(path)?;
        // The fastest of `rounds` runs of each stage: the machine is shared,
        // and the minimum is the least disturbed measurement.
        let (mut best_read, mut best_layout) = (Duration::MAX, Duration::MAX);
        let mut doc_pages = 0;
        let mut doc_tables = 0;
        let mut doc_unruled = 0;
        let mut ok = true;
        for _ in 0..rounds {
            let t0 = Instant::now();
            let Ok(doc) = read_pdf(&bytes, &popts) else {
                ok = false;
                break;
            };
            best_read = best_read.min(t0.elapsed());
            let t1 = Instant::now();
            let l = reconstruct(&doc, &lopts);
            best_layout = best_layout.min(t1.elapsed());
            doc_pages = doc.pages.len();
            doc_tables = l.tables.len();
            doc_unruled = l.tables.iter().filter(|t| t.method == "unruled").count();
        }
        if !ok {
            continue;
        }
        docs += 1;
        read += best_read;
        layout += best_layout;
        pages += doc_pages;
        tables += doc_tables;
        unruled += doc_unruled;
        let name = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let share = 100.0 * ms(best_layout) / ms(best_read).max(1e-9);
        worst.push((share, name, ms(best_read), ms(best_layout)));
    }
    worst.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("highest reconstruct/read shares:");
    for (share, name, r, l) in worst.iter().take(5) {
        println!("  {share:5.1}%  read {r:8.1} ms  reconstruct {l:7.1} ms  {name}");
    }
    let per_page = |d: Duration| ms(d) / pages.max(1) as f64;
    println!(
        "{docs} documents, {pages} pages, {tables} tables ({unruled} unruled); best of {rounds} rounds per stage"
    );
    println!(
        "read_pdf alone:            {:9.1} ms total, {:.2} ms/page",
        ms(read),
        per_page(read)
    );
    println!(
        "read_pdf + reconstruct:    {:9.1} ms total, {:.2} ms/page",
        ms(read + layout),
        per_page(read + layout)
    );
    println!(
        "reconstruct adds {:.1}% to the reader's time ({:.2} ms/page; target <= 50%)",
        100.0 * ms(layout) / ms(read).max(1e-9),
        per_page(layout)
    );
    Ok(())
}
