//! Scanned corpus files: every page warns that it has no text layer.

use yusuan_pdf::PdfOptions;

use crate::corpus::{corpus_pdfs, read};

#[test]
fn scanned_pages_warn() {
    let Some(pdfs) = corpus_pdfs() else { return };
    let scanned: Vec<_> = pdfs.iter().filter(|p| p.scanned).collect();
    assert!(!scanned.is_empty(), "MANIFEST.md lists no scanned pdf");
    for pdf in scanned {
        let doc = read(pdf, &PdfOptions::default());
        assert!(!doc.pages.is_empty(), "{}", pdf.name);
        for page in &doc.pages {
            let want = format!("page {}: no text layer (scanned image?)", page.number);
            assert!(page.is_scanned(), "{} page {}", pdf.name, page.number);
            assert!(
                page.warnings.contains(&want),
                "{} page {}: warnings {:?}",
                pdf.name,
                page.number,
                page.warnings
            );
        }
        println!("{}: {} pages, all warned", pdf.name, doc.pages.len());
    }
    // Text files must not carry the warning on their text pages.
    let text = pdfs.iter().find(|p| !p.scanned).expect("a text pdf");
    let doc = read(text, &PdfOptions::default());
    assert!(
        doc.pages
            .iter()
            .filter(|p| p.has_text())
            .all(|p| !p.warnings.iter().any(|w| w.contains("no text layer")))
    );
}
