//! Lists corpus pages where tables are likely missed: many figures in the
//! text left outside tables, many rules but no table, or no text layer. `cargo run --release -p yusuan-layout --example
//! missed_tables [CORPUS_DIR] [MIN_FIGURES]`; with `INTS=1` bare integers
//! count as figures too.

#![allow(clippy::print_stdout, reason = "an example that prints its findings")]

use std::collections::BTreeMap;
use std::path::PathBuf;

use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_pdf::{PdfOptions, read_pdf};

/// Whether a whitespace-separated token is a printed figure ("1,234.56",
/// "0.00", "95%"); bare integers (years, codes) only when `INTS` is set.
fn is_figure(tok: &str) -> bool {
    let t = tok.trim_end_matches('%');
    let digits = t.chars().filter(char::is_ascii_digit).count();
    digits > 0
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.' || c == '-')
        && (t.contains('.') || t.contains(',') || std::env::var_os("INTS").is_some())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/pdf"),
        PathBuf::from,
    );
    let min: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(12);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    let (mut pages_flagged, mut docs_flagged) = (0, 0);
    for path in &files {
        let bytes = std::fs::read(path)?;
        let Ok(doc) = read_pdf(&bytes, &PdfOptions::default()) else {
            continue;
        };
        let layout = reconstruct(&doc, &LayoutOptions::default());
        let mut figures: BTreeMap<u32, usize> = BTreeMap::new();
        for l in &layout.lines {
            let n = l.text.split_whitespace().filter(|t| is_figure(t)).count();
            *figures.entry(l.page).or_default() += n;
        }
        let with_tables: Vec<u32> = layout
            .tables
            .iter()
            .flat_map(|t| t.pages.iter().copied())
            .collect();
        // Pages with a table are listed too when many figures are left
        // outside it (a second, missed table on the page), marked "+table".
        let flagged: Vec<String> = figures
            .iter()
            .filter(|&(_, &n)| n >= min)
            .map(|(p, n)| {
                let mark = if with_tables.contains(p) {
                    " +table"
                } else {
                    ""
                };
                format!("p{p} ({n} figures{mark})")
            })
            .collect();
        // Pages drawn with many rules but given no table, and pages the
        // reader found no text on (scanned: their tables are out of reach).
        let mut flagged = flagged;
        for page in &doc.pages {
            if page.segments.len() >= 20 && !with_tables.contains(&page.number) {
                flagged.push(format!(
                    "p{} ({} rules, no table)",
                    page.number,
                    page.segments.len()
                ));
            }
            if page.images > 0 && !page.has_text() {
                flagged.push(format!("p{} (no text layer)", page.number));
            }
        }
        if !flagged.is_empty() {
            docs_flagged += 1;
            pages_flagged += flagged.len();
            let name = path.file_name().map(|f| f.to_string_lossy().into_owned());
            println!("{}: {}", name.unwrap_or_default(), flagged.join(", "));
        }
    }
    println!(
        "{pages_flagged} pages in {docs_flagged} of {} documents have >= {min} figures outside tables, >= 20 rules and no table, or no text layer",
        files.len()
    );
    Ok(())
}
