//! The OCR benchmark's two halves (bench/ocr runs them):
//!
//! `ocr_bench make OUT < PAGES` reads lines `PDF<TAB>PAGE`, writes for each
//! an imitation scan `OUT/NNN.pdf` (tests/support/scan.rs: 200 dpi, 0.3°
//! skew, blur, noise, JPEG q55) and the page's text layer as read by
//! yusuan-pdf, `OUT/NNN.ref.txt`.
//!
//! `ocr_bench read OUT` reads every `OUT/NNN.pdf` by OCR and writes the
//! characters, line by line, to `OUT/NNN.yusuan.txt`.

#[path = "../tests/support/install.rs"]
mod install;
#[path = "../tests/support/scan.rs"]
#[allow(dead_code, unreachable_pub)]
mod scan;

use std::io::BufRead;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(mode), Some(out)) = (args.first(), args.get(1)) else {
        return Err("usage: ocr_bench make|read OUT".into());
    };
    let out = Path::new(out);
    match mode.as_str() {
        "make" => {
            std::fs::create_dir_all(out)?;
            for (i, line) in std::io::stdin().lock().lines().enumerate() {
                let line = line?;
                let Some((pdf, page)) = line.split_once('\t') else {
                    continue;
                };
                let page: u32 = page.trim().parse()?;
                let bytes = std::fs::read(pdf)?;
                let d = scan::Degrade {
                    seed: 1 + i as u64,
                    ..scan::Degrade::default()
                };
                let scanned = scan::scanned_pdf(&bytes, &[page], &d)?;
                std::fs::write(out.join(format!("{i:03}.pdf")), scanned)?;
                let opts = yusuan_pdf::PdfOptions {
                    pages: Some(vec![page]),
                    ..Default::default()
                };
                let doc = yusuan_pdf::read_pdf(&bytes, &opts)?;
                let glyphs: Vec<&yusuan_model::Glyph> =
                    doc.pages.iter().flat_map(|p| &p.glyphs).collect();
                std::fs::write(out.join(format!("{i:03}.ref.txt")), spaced(&glyphs))?;
                std::fs::write(out.join(format!("{i:03}.src.txt")), format!("{line}\n"))?;
            }
        }
        "read" => {
            let engine = install::engine()?;
            let mut names: Vec<_> = std::fs::read_dir(out)?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
                .collect();
            names.sort();
            for path in names {
                let bytes = std::fs::read(&path)?;
                let mut doc = yusuan_pdf::read_pdf(&bytes, &yusuan_pdf::PdfOptions::default())?;
                yusuan_ocr::recognize_pages(
                    &bytes,
                    &mut doc,
                    &engine,
                    &yusuan_ocr::OcrOptions::default(),
                    true,
                )?;
                let glyphs: Vec<&yusuan_model::Glyph> =
                    doc.pages.iter().flat_map(|p| &p.glyphs).collect();
                std::fs::write(path.with_extension("yusuan.txt"), spaced(&glyphs))?;
            }
        }
        _ => return Err("mode: make or read".into()),
    }
    Ok(())
}

/// Glyph texts in order, with a line break where the next glyph is on
/// another line and a space where it is more than a third of an em away, so
/// that figures of neighbouring cells stay apart.
fn spaced(glyphs: &[&yusuan_model::Glyph]) -> String {
    let mut text = String::new();
    let mut prev: Option<&yusuan_model::Glyph> = None;
    for g in glyphs {
        if let Some(p) = prev {
            if (g.bbox.cy() - p.bbox.cy()).abs() > p.bbox.height() / 2.0 {
                text.push('\n');
            } else if g.bbox.x0 - p.bbox.x1 > f64::from(p.size) / 3.0 || g.bbox.x0 < p.bbox.x0 {
                text.push(' ');
            }
        }
        text.push_str(&g.text);
        prev = Some(g);
    }
    text
}
