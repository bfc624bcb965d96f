#![allow(missing_docs, clippy::unwrap_used)]
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&a[1]).unwrap();
    let page: u32 = a[2].parse().unwrap();
    let doc = yusuan_pdf::read_pdf(&bytes, &Default::default()).unwrap();
    let t0 = std::time::Instant::now();
    let run = yusuan_layout::reconstruct(&doc, &Default::default());
    eprintln!("layout {:?}", t0.elapsed());
    for t in run.tables.iter().filter(|t| t.pages.contains(&page)) {
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
    if a.len() > 3 {
        for l in run.lines.iter().filter(|l| l.page == page) {
            println!("line {:?} size {} {:?}", l.text, l.size, l.bbox);
        }
    }
    for d in &run.diagnostics {
        if d.page == Some(page) {
            println!("diag {d:?}");
        }
    }
}
