//! Prints what the spreadsheet reader sees in a workbook: per sheet, its
//! grid as rows of `reference=text` cells (`#` marks a framed cell).
//!
//!     cargo run -p yusuan-sheet --example dump_sheet -- FILE.xlsx

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump_sheet FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    match yusuan_sheet::read_sheet(&bytes, &yusuan_sheet::SheetOptions::default()) {
        Ok(doc) => {
            println!(
                "format {:?}, producer {:?}, title {:?}",
                doc.format, doc.producer, doc.title
            );
            for w in &doc.warnings {
                println!("warning: {w}");
            }
            for block in &doc.blocks {
                if let yusuan_model::Block::Sheet(g) = block {
                    println!(
                        "== sheet {} {:?}: {}×{}",
                        g.number, g.name, g.n_rows, g.n_cols
                    );
                    let mut row = usize::MAX;
                    for c in &g.cells {
                        if c.row != row {
                            row = c.row;
                            print!("\n{row:3}:");
                        }
                        let span = if c.rowspan > 1 || c.colspan > 1 {
                            format!("[{}x{}]", c.rowspan, c.colspan)
                        } else {
                            String::new()
                        };
                        print!(
                            " {}{}{}={:?}",
                            if c.framed { "#" } else { "" },
                            c.reference,
                            span,
                            c.text
                        );
                    }
                    println!();
                }
            }
        }
        Err(e) => {
            println!("error: {e}");
            std::process::exit(1);
        }
    }
}
