#![allow(missing_docs, clippy::unwrap_used, clippy::print_stdout)]
fn main() {
    let dir = "/work/shared/corpus/pdf";
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    names.sort();
    let mut n = 0;
    for p in names {
        let bytes = std::fs::read(&p).unwrap();
        let Ok(doc) = yusuan_pdf::read_pdf(&bytes, &Default::default()) else {
            continue;
        };
        let l = yusuan_layout::reconstruct(&doc, &Default::default());
        for t in l.tables.iter().filter(|t| t.method == "unruled") {
            n += 1;
            println!(
                "{} {:?} {}x{} title {:?}",
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .chars()
                    .take(40)
                    .collect::<String>(),
                t.pages,
                t.n_rows,
                t.n_cols,
                t.title
            );
            for r in t.grid().iter().take(4) {
                let cells: Vec<String> = r
                    .iter()
                    .map(|s| {
                        s.and_then(|i| t.cells.get(i))
                            .map(|c| c.text.chars().take(14).collect::<String>())
                            .unwrap_or_default()
                    })
                    .collect();
                println!("    {}", cells.join(" | "));
            }
        }
    }
    println!("unruled tables: {n}");
}
