//! Scanned corpus files: every page is a scan (no text, an image over the
//! page); the "no text layer" warning is the pipeline's, after OCR.

use yusuan_pdf::PdfOptions;

use crate::corpus::{corpus_pdfs, read};

#[test]
fn scanned_pages_are_scans() {
    let Some(pdfs) = corpus_pdfs() else { return };
    let scanned: Vec<_> = pdfs.iter().filter(|p| p.scanned).collect();
    assert!(!scanned.is_empty(), "MANIFEST.md lists no scanned pdf");
    for pdf in scanned {
        let doc = read(pdf, &PdfOptions::default());
        assert!(!doc.pages.is_empty(), "{}", pdf.name);
        for page in &doc.pages {
            assert!(
                page.is_scanned(),
                "{} page {}: cover {:.2}",
                pdf.name,
                page.number,
                page.image_cover()
            );
        }
        println!("{}: {} pages, all scanned", pdf.name, doc.pages.len());
    }
    // Text files have no scanned page.
    let text = pdfs.iter().find(|p| !p.scanned).expect("a text pdf");
    let doc = read(text, &PdfOptions::default());
    assert!(doc.pages.iter().all(|p| !p.is_scanned()));
}
