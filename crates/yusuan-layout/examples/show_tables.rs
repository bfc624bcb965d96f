//! Prints the tables (and with a third argument, the text lines) that layout
//! finds on one page of a PDF: `cargo run -p yusuan-layout --example
//! show_tables -- FILE.pdf PAGE [lines]`. Spanning cells print as
//! "text[rows x cols]", covered positions as "^".

#![allow(clippy::print_stdout, reason = "an example that prints its findings")]

use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_pdf::{PdfOptions, read_pdf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(file), Some(page)) = (args.get(1), args.get(2)) else {
        return Err("usage: show_tables FILE.pdf PAGE [lines]".into());
    };
    let page: u32 = page.parse()?;
    let doc = read_pdf(&std::fs::read(file)?, &PdfOptions::default())?;
    let layout = reconstruct(&doc, &LayoutOptions::default());
    for t in layout.tables.iter().filter(|t| t.pages.contains(&page)) {
        println!(
            "== {} pages {:?} {}x{} header_rows {} method {} title {:?} unit {:?} heading {:?}",
            t.id, t.pages, t.n_rows, t.n_cols, t.header_rows, t.method, t.title, t.unit, t.heading
        );
        for (r, row) in t.grid().iter().enumerate() {
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
            let p = t.row_pages.get(r).copied().unwrap_or(0);
            println!("{r:>3} p{p} | {}", cells.join(" | "));
        }
    }
    if args.get(3).is_some() {
        for l in layout.lines.iter().filter(|l| l.page == page) {
            println!("line {:?} size {} {:?}", l.text, l.size, l.bbox);
        }
    }
    for d in layout
        .diagnostics
        .iter()
        .filter(|d| d.loc.page == Some(page))
    {
        println!("diagnostic: {}", d.message);
    }
    Ok(())
}
