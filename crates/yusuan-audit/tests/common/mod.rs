//! The pipeline the CLI runs, from bytes to an audited [`Document`], for the
//! integration tests (the CLI crate is not a library).

#![allow(dead_code, reason = "each test file uses a different part")]

use std::path::{Path, PathBuf};

use yusuan_model::{Document, Source, SourceFormat};

/// The workspace root (two levels above this crate).
pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs read → layout → records → audit on one file's bytes; the format is
/// chosen by the file name's extension.
pub(crate) fn run_pipeline(path: &Path, bytes: &[u8]) -> Result<Document, String> {
    let name = path.to_string_lossy().into_owned();
    let (format, source_doc) = if name.ends_with(".docx") {
        let d = yusuan_docx::read_docx(bytes, &yusuan_docx::DocxOptions::default())
            .map_err(|e| format!("{name}: {e}"))?;
        (SourceFormat::Docx, d)
    } else {
        let d = yusuan_pdf::read_pdf(bytes, &yusuan_pdf::PdfOptions::default())
            .map_err(|e| format!("{name}: {e}"))?;
        (SourceFormat::Pdf, d)
    };
    let mut doc = Document::new(Source {
        path: name,
        sha256: String::new(),
        format,
        pages: source_doc.page_count(),
        producer: source_doc.producer.clone(),
        ocr_pages: Vec::new(),
    });
    let layout = yusuan_layout::reconstruct(&source_doc, &yusuan_layout::LayoutOptions::default());
    let mut tables = layout.tables;
    let records = yusuan_records::build_records(
        &mut tables,
        &layout.lines,
        &yusuan_records::RecordsOptions::default(),
    );
    doc.meta = records.meta;
    doc.tables = tables;
    doc.records = records.records;
    doc.text = layout.text;
    doc.records.claims = yusuan_records::read_claims(&doc);
    doc.findings = yusuan_audit::audit(&doc, &yusuan_audit::AuditOptions::default());
    Ok(doc)
}

/// Reads and runs one file.
pub(crate) fn run_file(path: &Path) -> Result<Document, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    run_pipeline(path, &bytes)
}
