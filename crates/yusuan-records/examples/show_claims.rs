//! Prints the claims read from a PDF's running text, one per line:
//! `cargo run -p yusuan-records --example show_claims -- FILE.pdf [PAGE]`.

#![allow(clippy::print_stdout, reason = "an example that prints its findings")]

use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_model::{Document, Quantity, Source, SourceFormat};
use yusuan_pdf::{PdfOptions, read_pdf};
use yusuan_records::{RecordsOptions, build_records, read_claims};

fn q(q: &Option<Quantity>) -> String {
    q.as_ref().map_or_else(String::new, |q| q.raw.clone())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let Some(file) = args.get(1) else {
        return Err("usage: show_claims FILE.pdf [PAGE]".into());
    };
    let only: Option<u32> = args.get(2).map(|s| s.parse()).transpose()?;
    let src = read_pdf(&std::fs::read(file)?, &PdfOptions::default())?;
    let layout = reconstruct(&src, &LayoutOptions::default());
    let mut tables = layout.tables;
    let out = build_records(&mut tables, &layout.lines, &RecordsOptions::default());
    let mut doc = Document::new(Source {
        path: file.clone(),
        sha256: String::new(),
        format: SourceFormat::Pdf,
        pages: src.page_count(),
        producer: None,
        ocr_pages: Vec::new(),
    });
    doc.meta = out.meta;
    doc.tables = tables;
    doc.records = out.records;
    doc.text = layout.text;
    println!("meta {:?}", doc.meta);
    for c in read_claims(&doc) {
        if only.is_some_and(|p| p != c.page) {
            continue;
        }
        println!(
            "{} p{} {} [{}|{}] {:?} {:?} {:?} = {} | base {} {:?} {:?} | chg {} {} {:?} {:?} | share {} of {:?} whole {:?} | compl {} | code {:?} | link {} | reason {:?}",
            c.id,
            c.page,
            c.paragraph,
            c.subject,
            c.subject_id.as_deref().unwrap_or("-"),
            c.year,
            c.basis,
            c.value.kind,
            c.value.raw,
            q(&c.base),
            c.base_year,
            c.base_basis,
            q(&c.change),
            q(&c.change_percent),
            c.direction,
            c.trend,
            q(&c.share),
            c.share_of,
            c.whole,
            q(&c.completion_rate),
            c.code,
            c.link.as_ref().map_or_else(String::new, |l| format!(
                "{}:{:?}:{:?} {} {}",
                l.table, l.row, l.col, l.label, l.raw
            )),
            c.reason
                .as_deref()
                .map(|r| r.chars().take(12).collect::<String>()),
        );
    }
    Ok(())
}
