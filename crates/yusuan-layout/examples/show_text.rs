//! Prints the running text that layout keeps outside tables, section by
//! section: `cargo run -p yusuan-layout --example show_text -- FILE.pdf
//! [FIRST_PAGE [LAST_PAGE]]`. Headings print with their path, table-of-
//! contents entries with "toc", body paragraphs with their pages.

#![allow(clippy::print_stdout, reason = "an example that prints its findings")]

use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_model::ParagraphRole;
use yusuan_pdf::{PdfOptions, read_pdf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let Some(file) = args.get(1) else {
        return Err("usage: show_text FILE.pdf [FIRST_PAGE [LAST_PAGE]]".into());
    };
    let first: u32 = args.get(2).map_or(Ok(1), |s| s.parse())?;
    let last: u32 = args.get(3).map_or(Ok(u32::MAX), |s| s.parse())?;
    let doc = read_pdf(&std::fs::read(file)?, &PdfOptions::default())?;
    let layout = reconstruct(&doc, &LayoutOptions::default());
    for s in &layout.text {
        for p in &s.paragraphs {
            if p.page < first || p.page > last {
                continue;
            }
            match p.role {
                ParagraphRole::Heading => {
                    println!("\n## {} [{}] {}", s.id, p.page, s.heading.join(" / "))
                }
                ParagraphRole::Toc => println!("  toc {}", p.text),
                ParagraphRole::Body => println!("  {} {:?}: {}", p.id, p.pages, p.text),
            }
        }
    }
    Ok(())
}
