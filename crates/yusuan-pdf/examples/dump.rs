//! Prints `dump_page` (or `page_svg` with `--svg`) for one page of a PDF.
//!
//! `cargo run -p yusuan-pdf --example dump -- FILE PAGE [--svg] [--clipped]`

use yusuan_pdf::{PdfOptions, dump_page, page_svg, read_pdf};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(file), Some(page)) = (args.first(), args.get(1).and_then(|p| p.parse().ok())) else {
        eprintln!("usage: dump FILE PAGE [--svg] [--clipped]");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{file}: {e}");
            std::process::exit(1);
        }
    };
    let options = PdfOptions {
        pages: Some(vec![page]),
        keep_clipped: args.iter().any(|a| a == "--clipped"),
        ..PdfOptions::default()
    };
    match read_pdf(&bytes, &options) {
        Ok(doc) => {
            for w in &doc.warnings {
                println!("document warning: {w}");
            }
            for p in &doc.pages {
                if args.iter().any(|a| a == "--svg") {
                    print!("{}", page_svg(p));
                } else {
                    print!("{}", dump_page(p));
                }
            }
        }
        Err(e) => {
            eprintln!("{file}: {e}");
            std::process::exit(1);
        }
    }
}
