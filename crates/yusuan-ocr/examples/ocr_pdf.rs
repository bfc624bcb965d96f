//! Reads a PDF with OCR forced or automatic and prints each OCR page's lines
//! of text, its warnings and the time taken.
//! `cargo run --release -p yusuan-ocr --example ocr_pdf -- FILE.pdf [--force] [--pages 1,2]`
//! (the OCR install folder: $YUSUAN_OCR_DIR or ~/.local/share/yusuan/ocr).

#[path = "../tests/support/install.rs"]
mod install;

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: ocr_pdf FILE.pdf [--force] [--pages 1,2]")?;
    let force = args.iter().any(|a| a == "--force");
    let pages = args
        .iter()
        .position(|a| a == "--pages")
        .and_then(|i| args.get(i + 1))
        .map(|s| {
            s.split(',')
                .filter_map(|p| p.parse().ok())
                .collect::<Vec<u32>>()
        });
    let bytes = std::fs::read(path)?;
    let engine = install::engine().map_err(|e| e.to_string())?;
    let mut doc = yusuan_pdf::read_pdf(
        &bytes,
        &yusuan_pdf::PdfOptions {
            pages,
            ..Default::default()
        },
    )?;
    let t = Instant::now();
    let read = yusuan_ocr::recognize_pages(
        &bytes,
        &mut doc,
        &engine,
        &yusuan_ocr::OcrOptions::default(),
        force,
    )?;
    let secs = t.elapsed().as_secs_f64();
    for page in &doc.pages {
        for w in &page.warnings {
            println!("# {w}");
        }
        if !read.contains(&page.number) {
            continue;
        }
        if args.iter().any(|a| a == "--segments") {
            for s in &page.segments {
                println!(
                    "{:?} pos {:.1} {:.1}..{:.1} thick {:.1}",
                    s.orientation, s.pos, s.start, s.end, s.thickness
                );
            }
        }
        let mut line = String::new();
        let mut last_y = f64::MIN;
        for g in &page.glyphs {
            if (g.bbox.cy() - last_y).abs() > g.bbox.height() / 2.0 && !line.is_empty() {
                println!("{line}");
                line.clear();
            }
            last_y = g.bbox.cy();
            line.push_str(&g.text);
        }
        println!("{line}");
    }
    #[allow(clippy::cast_precision_loss)]
    let per = secs / read.len().max(1) as f64;
    eprintln!(
        "{} pages by ocr in {secs:.2} s ({per:.2} s/page)",
        read.len()
    );
    Ok(())
}
