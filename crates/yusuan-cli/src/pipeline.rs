//! The pipeline for one input: bytes in, a [`Document`] or the stage that
//! failed out.
//!
//! detect by content → `read_pdf` / `read_docx` / `read_sheet` → `reconstruct` (layout) →
//! `build_records` (kinds, meta, records) → `audit` (findings). Every stage
//! runs inside its own tracing span, and a [`Probe`] shared with the batch
//! runner tells which stage a document is in (so a timeout can name it) and
//! how long each stage took (`--timings`).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use yusuan_model::{Document, Fact, Source, SourceDocument, Stage, StageError};

use crate::input::{Kind, not_readable_reason, sha256_hex, sniff};

/// Every stage, in pipeline order; the probe stores an index into it.
const STAGES: [Stage; 9] = [
    Stage::Input,
    Stage::Pdf,
    Stage::Docx,
    Stage::Sheet,
    Stage::Layout,
    Stage::Normalize,
    Stage::Records,
    Stage::Audit,
    Stage::Emit,
];

/// The lower-case name of a stage, as serialized in error records.
pub(crate) fn stage_name(stage: Stage) -> &'static str {
    stage.as_str()
}

/// Called with each stage a document enters (a worker process reports it
/// to the batch).
type Notify = Box<dyn Fn(Stage) + Send + Sync>;

/// What a running document reports to its batch: the current stage and the
/// time spent in each finished stage.
#[derive(Default)]
pub(crate) struct Probe {
    stage: AtomicU8,
    timings: Mutex<Vec<(Stage, Duration)>>,
    notify: Option<Notify>,
}

impl std::fmt::Debug for Probe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Probe")
            .field("stage", &self.stage())
            .finish_non_exhaustive()
    }
}

impl Probe {
    /// A probe that also calls `notify` as each stage begins.
    pub(crate) fn with_notify(notify: Notify) -> Probe {
        Probe {
            notify: Some(notify),
            ..Probe::default()
        }
    }

    /// The stage the document is in (or last entered).
    pub(crate) fn stage(&self) -> Stage {
        let i = usize::from(self.stage.load(Ordering::Relaxed));
        STAGES.get(i).copied().unwrap_or(Stage::Input)
    }

    /// Time per finished stage, in order.
    pub(crate) fn timings(&self) -> Vec<(Stage, Duration)> {
        self.timings.lock().map(|t| t.clone()).unwrap_or_default()
    }

    /// Runs `f` as `stage`: marks the stage, opens its span, records its time.
    fn run<T>(&self, stage: Stage, f: impl FnOnce() -> T) -> T {
        let index = STAGES.iter().position(|s| *s == stage).unwrap_or(0);
        self.stage
            .store(u8::try_from(index).unwrap_or(0), Ordering::Relaxed);
        if let Some(notify) = &self.notify {
            notify(stage);
        }
        let span = tracing::info_span!("stage", name = stage_name(stage));
        let _entered = span.enter();
        let start = Instant::now();
        let out = f();
        if let Ok(mut t) = self.timings.lock() {
            t.push((stage, start.elapsed()));
        }
        out
    }
}

/// How much of a document could be read, for the summary and `--state`;
/// every gap is also a line in `Document.warnings`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Coverage {
    /// Pages without a text layer (scans): pages with images and no text,
    /// or every page when the document has no text at all.
    pub(crate) no_text_pages: Vec<u32>,
    /// Pages declared but not read (lost objects, interpreter failures).
    pub(crate) missing_pages: u32,
    /// Pages read.
    pub(crate) pages_read: u32,
}

impl Coverage {
    /// Whether the document is mostly without a text layer (a scan): at
    /// least half of the pages read have none. A text document with one
    /// page that is only a chart image is not one.
    pub(crate) fn is_scan(&self) -> bool {
        let none = u32::try_from(self.no_text_pages.len()).unwrap_or(u32::MAX);
        none > 0 && none.saturating_mul(2) >= self.pages_read
    }

    /// Whether some declared page was not read.
    pub(crate) fn is_incomplete(&self) -> bool {
        self.missing_pages > 0
    }
}

/// A processed input: the Document and how much of it could be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Processed {
    /// The Document.
    pub(crate) doc: Document,
    /// Its coverage.
    pub(crate) coverage: Coverage,
}

/// Processes one input: `path` is only recorded (`source.path`); `bytes` is
/// the file's content.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn process(path: &str, bytes: &[u8]) -> Result<Document, StageError> {
    process_with(path, bytes, sha256_hex(bytes), &Probe::default()).map(|p| p.doc)
}

/// [`process`] with a precomputed sha256 and a probe to report to.
pub(crate) fn process_with(
    path: &str,
    bytes: &[u8],
    sha256: String,
    probe: &Probe,
) -> Result<Processed, StageError> {
    let kind = probe.run(Stage::Input, || detect(bytes))?;
    let mut coverage = Coverage::default();
    let mut coverage_warnings = Vec::new();
    let mut ocr_pages = Vec::new();
    let source_doc = match kind {
        Kind::Pdf => {
            let (mut source_doc, account) = probe.run(Stage::Pdf, || read_pdf(bytes))?;
            // Scanned pages: OCR fills their glyphs and rules (part of the
            // reader stage), before coverage counts the pages without text.
            ocr_pages = probe.run(Stage::Pdf, || {
                crate::ocr::read_scanned(bytes, &mut source_doc)
            })?;
            let lost = u32::try_from(account.missing.len() + account.failed.len())
                .unwrap_or(u32::MAX)
                .saturating_add(account.missing_unplaced);
            coverage.missing_pages = lost;
            coverage.no_text_pages = no_text_pages(&source_doc, &account.failed);
            coverage.pages_read = u32::try_from(source_doc.pages.len())
                .unwrap_or(u32::MAX)
                .saturating_sub(u32::try_from(account.failed.len()).unwrap_or(u32::MAX));
            if !coverage.no_text_pages.is_empty() {
                coverage_warnings.push(format!(
                    "no text layer on {} of {} (images only: scanned pages or charts); \
                     their content is not read",
                    pages_named(&coverage.no_text_pages),
                    account.declared
                ));
            }
            source_doc
        }
        Kind::Docx => probe.run(Stage::Docx, || read_docx(bytes))?,
        _ => probe.run(Stage::Sheet, || read_sheet(bytes))?,
    };
    // The readers state the format: the workbook reader tells xlsx, xls, ods.
    let format = source_doc.format;
    let source = Source {
        path: path.to_owned(),
        sha256,
        format,
        pages: source_doc.page_count(),
        producer: source_doc.producer.clone(),
        ocr_pages,
    };
    let mut doc = Document::new(source);
    doc.warnings.extend(coverage_warnings);
    doc.warnings.extend(source_doc.warnings.iter().cloned());
    for page in &source_doc.pages {
        doc.warnings.extend(page.warnings.iter().cloned());
    }
    let layout = probe.run(Stage::Layout, || {
        #[cfg(debug_assertions)]
        inject_test_fault(path);
        yusuan_layout::reconstruct(&source_doc, &yusuan_layout::LayoutOptions::default())
    });
    let mut tables = layout.tables;
    if !doc.source.ocr_pages.is_empty() {
        crate::ocr::mark_cells(&mut tables, &source_doc.pages);
    }
    // The reader's pages are no longer needed; free them before the later
    // stages so a batch holds one document's glyphs per worker at most.
    drop(source_doc);
    doc.warnings
        .extend(layout.diagnostics.iter().map(|d| d.to_line()));
    let records = probe.run(Stage::Records, || {
        yusuan_records::build_records(
            &mut tables,
            &layout.lines,
            &yusuan_records::RecordsOptions::default(),
        )
    });
    doc.meta = records.meta;
    doc.tables = tables;
    doc.text = layout.text;
    doc.records = records.records;
    // Claims read the text against the finished tables, records and meta.
    doc.records.claims = probe.run(Stage::Records, || yusuan_records::read_claims(&doc));
    doc.warnings
        .extend(records.diagnostics.iter().map(|d| d.to_line()));
    let findings = probe.run(Stage::Audit, || {
        yusuan_audit::audit(&doc, &yusuan_audit::AuditOptions::default())
    });
    doc.findings = findings;
    Ok(Processed { doc, coverage })
}

/// Pages with images and no text; every page when no page has text. Pages
/// the reader failed on (`failed`) are missing, not scans.
fn no_text_pages(doc: &SourceDocument, failed: &[u32]) -> Vec<u32> {
    let read: Vec<_> = doc
        .pages
        .iter()
        .filter(|p| !failed.contains(&p.number))
        .collect();
    if read.iter().all(|p| !p.has_text()) {
        return read.iter().map(|p| p.number).collect();
    }
    read.iter()
        .filter(|p| p.images > 0 && !p.has_text())
        .map(|p| p.number)
        .collect()
}

/// "page 3" or "pages 1–4, 9".
pub(crate) fn pages_named(pages: &[u32]) -> String {
    let word = if pages.len() == 1 { "page" } else { "pages" };
    format!("{word} {}", page_list(pages))
}

pub(crate) use yusuan_model::page_list;

/// Debug builds only, and only with `YUSUAN_TEST_FAULTS=1`: an input whose
/// path contains `FAULT-hang` never leaves the layout stage, one containing
/// `FAULT-panic` panics in it. The CLI tests use this to check the timeout
/// and panic isolation end to end; release builds do not contain it.
#[cfg(debug_assertions)]
fn inject_test_fault(path: &str) {
    if std::env::var_os("YUSUAN_TEST_FAULTS").is_none_or(|v| v != "1") {
        return;
    }
    if path.contains("FAULT-panic") {
        panic!("injected test fault");
    }
    if path.contains("FAULT-hang") {
        loop {
            std::thread::sleep(Duration::from_secs(1));
        }
    }
    if path.contains("FAULT-abort") {
        std::process::abort();
    }
    if path.contains("FAULT-oom") {
        // Grows until the allocator fails (the worker's memory limit), as a
        // decompression bomb does; touching each block makes it resident.
        let mut blocks: Vec<Vec<u8>> = Vec::new();
        loop {
            blocks.push(vec![1u8; 64 << 20]);
            if blocks.len() > 4096 {
                break;
            }
        }
        std::hint::black_box(&blocks);
    }
}

/// Decides the reader by content; a kind we do not read is an input error
/// naming what the file is.
fn detect(bytes: &[u8]) -> Result<Kind, StageError> {
    match sniff(bytes) {
        kind if kind.is_readable() => Ok(kind),
        kind => Err(input_error(not_readable_reason(kind, bytes))),
    }
}

fn input_error(message: String) -> StageError {
    StageError {
        stage: Stage::Input,
        message,
    }
}

fn read_pdf(bytes: &[u8]) -> Result<(SourceDocument, yusuan_pdf::PageAccount), StageError> {
    yusuan_pdf::read_pdf_with_account(bytes, &yusuan_pdf::PdfOptions::default()).map_err(|e| {
        StageError {
            stage: Stage::Pdf,
            message: e.to_string(),
        }
    })
}

fn read_sheet(bytes: &[u8]) -> Result<SourceDocument, StageError> {
    yusuan_sheet::read_sheet(bytes, &yusuan_sheet::SheetOptions::default()).map_err(|e| {
        StageError {
            stage: Stage::Sheet,
            message: e.to_string(),
        }
    })
}

fn read_docx(bytes: &[u8]) -> Result<SourceDocument, StageError> {
    yusuan_docx::read_docx(bytes, &yusuan_docx::DocxOptions::default()).map_err(|e| StageError {
        stage: Stage::Docx,
        message: e.to_string(),
    })
}

/// The facts of a document (contract `--format facts`).
pub(crate) fn collect_facts(doc: &Document) -> Vec<Fact> {
    yusuan_records::collect_facts(doc)
}

/// A readable block of a document's findings, grouped by severity, with
/// page, table and row (the audit crate's rendering).
pub(crate) fn render_findings(doc: &Document) -> String {
    yusuan_audit::render_findings(doc)
}

/// The reader's dump and SVG of one PDF page (`yusuan inspect`).
pub(crate) fn inspect_page(bytes: &[u8], page: u32) -> Result<(String, String), StageError> {
    let options = yusuan_pdf::PdfOptions {
        pages: Some(vec![page]),
        ..yusuan_pdf::PdfOptions::default()
    };
    let doc = yusuan_pdf::read_pdf(bytes, &options).map_err(|e| StageError {
        stage: Stage::Pdf,
        message: e.to_string(),
    })?;
    let found = doc
        .pages
        .iter()
        .find(|p| p.number == page)
        .ok_or_else(|| StageError {
            stage: Stage::Pdf,
            message: format!(
                "no page {page}: the document has {} pages",
                doc.page_count()
            ),
        })?;
    Ok((yusuan_pdf::dump_page(found), yusuan_pdf::page_svg(found)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_content_is_an_input_error() {
        let err = process("x.pdf", b"hello").unwrap_err();
        assert_eq!(err.stage, Stage::Input);
        assert!(
            err.message.contains("not a pdf, docx or workbook"),
            "{}",
            err.message
        );
    }

    #[test]
    fn legacy_word_names_the_fix() {
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend_from_slice(b"W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0");
        let err = process("x.doc", &ole).unwrap_err();
        assert_eq!(err.stage, Stage::Input);
        assert!(
            err.message
                .contains("soffice --headless --convert-to docx FILE"),
            "{}",
            err.message
        );
    }

    #[test]
    fn stage_names_match_serde() {
        for stage in STAGES {
            let json = serde_json::to_value(stage).unwrap();
            assert_eq!(json.as_str(), Some(stage_name(stage)));
        }
    }
}
