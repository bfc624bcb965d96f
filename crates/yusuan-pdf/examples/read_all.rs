//! Reads every PDF of a folder (default: the shared corpus) single-threaded
//! and prints, per file, pages, glyphs, segments and seconds, then a total.
//! Used by `bench/pdf-reader`.
//!
//! `cargo run --release -p yusuan-pdf --example read_all [-- DIR_OR_FILES...]`

use std::path::PathBuf;
use std::time::Instant;

use yusuan_pdf::{PdfOptions, read_pdf};

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let inputs = if args.is_empty() {
        vec![PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpus/pdf"
        ))]
    } else {
        args
    };
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let Ok(rd) = std::fs::read_dir(&input) else {
                eprintln!("cannot read {}", input.display());
                continue;
            };
            let mut found: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(input);
        }
    }
    let (mut pages, mut seconds) = (0usize, 0f64);
    for file in &files {
        let Ok(bytes) = std::fs::read(file) else {
            eprintln!("cannot read {}", file.display());
            continue;
        };
        let t = Instant::now();
        let result = read_pdf(&bytes, &PdfOptions::default());
        let dt = t.elapsed().as_secs_f64();
        seconds += dt;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        match result {
            Ok(doc) => {
                pages += doc.pages.len();
                let glyphs: usize = doc.pages.iter().map(|p| p.glyphs.len()).sum();
                let segments: usize = doc.pages.iter().map(|p| p.segments.len()).sum();
                let warnings: usize =
                    doc.pages.iter().map(|p| p.warnings.len()).sum::<usize>() + doc.warnings.len();
                println!(
                    "{:4} pages {:7} glyphs {:6} segments {:3} warnings {:8.4} s  {name}",
                    doc.pages.len(),
                    glyphs,
                    segments,
                    warnings,
                    dt
                );
            }
            Err(e) => println!("error {:8.4} s  {name}: {e}", dt),
        }
    }
    println!(
        "total {pages} pages {seconds:.3} s {:.0} pages/s",
        pages as f64 / seconds.max(1e-9)
    );
}
