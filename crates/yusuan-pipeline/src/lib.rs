//! The pipeline for one input: bytes in, a Document or the stage that
//! failed out: the one function the `yusuan` command (in a thread or a
//! worker process) and the Python package both run.
//!
//! `yusuan-pipeline` chains the stage crates: it recognizes the input by
//! content ([`sniff`]: PDF, Word, workbook), reads it (`yusuan-pdf`,
//! `yusuan-docx`, `yusuan-sheet`; scanned PDF pages through `yusuan-ocr`
//! when it is installed, [`OcrMode`]), rebuilds the tables (`yusuan-layout`),
//! reads records and meta (`yusuan-records`) and audits them
//! (`yusuan-audit`). Every stage runs inside its own tracing span, and a
//! [`Probe`] tells which stage a document is in (so that a caller waiting
//! with a time limit can name it) and how long each stage took. It reads no
//! input file and starts no document thread: batches, time limits, state and
//! output belong to the caller (the CLI, the Python module). The one thing it
//! finds by itself is the OCR install ([`ocr_dir`]: `$YUSUAN_OCR_DIR` or the
//! folder `scripts/install-ocr` fills), loaded once per process on the first
//! scanned page.
//!
//! # Example
//! ```
//! use yusuan_model::Stage;
//! use yusuan_pipeline::{PipelineOptions, process};
//!
//! let err = process("notes.txt", b"hello", &PipelineOptions::default()).unwrap_err();
//! assert_eq!(err.stage, Stage::Input);
//! assert!(err.message.starts_with("not a pdf, docx or workbook"));
//! ```
//!
//! # Limitations
//! - A stage that loops forever is not stopped here: callers run
//!   [`process_with`] in a thread of their own and give up on it after a
//!   time limit, naming [`Probe::stage`].
//!
//! # Cargo features
//! None.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod detect;
mod ocr;

use std::sync::atomic::{AtomicU8, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use yusuan_model::{
    Diagnostic, DiagnosticKind, Document, Loc, Source, SourceDocument, Stage, StageError, page_list,
};

pub use crate::detect::{Kind, READABLE, describe_start, not_readable_reason, sha256_hex, sniff};
pub use crate::ocr::{OcrMode, ocr_dir};

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

/// Called with each stage a document enters, inside the stage's span.
pub type StageHook = Arc<dyn Fn(Stage) + Send + Sync>;

/// Called with the number of pages a document is about to read by OCR.
pub type OcrHook = Arc<dyn Fn(u32) + Send + Sync>;

/// The time a caller adds to a document's time limit for each page read by
/// OCR: 1.35 s of CPU per page was measured on the corpus scans (PP-OCRv6
/// tiny, one core; docs/design.md); the margin covers a loaded machine. A time limit meant for
/// text documents would otherwise fail every long scanned volume.
pub const OCR_PAGE_ALLOWANCE: Duration = Duration::from_secs(10);

/// The time limit of a document that reads `ocr_pages` pages by OCR.
pub fn time_limit(timeout: Duration, ocr_pages: u32) -> Duration {
    timeout.saturating_add(OCR_PAGE_ALLOWANCE.saturating_mul(ocr_pages))
}

/// Waits for a document thread's result on `rx`: `timeout` first, then, if
/// the document said (through `probe`) it reads pages by OCR, until
/// [`time_limit`] after `start`; returns the result and the limit that
/// applied.
pub fn recv_within<T>(
    rx: &std::sync::mpsc::Receiver<T>,
    timeout: Duration,
    start: Instant,
    probe: &Probe,
) -> (Result<T, std::sync::mpsc::RecvTimeoutError>, Duration) {
    use std::sync::mpsc::RecvTimeoutError;
    let mut limit = timeout;
    let mut received = rx.recv_timeout(timeout);
    while matches!(received, Err(RecvTimeoutError::Timeout)) {
        limit = time_limit(timeout, probe.ocr_planned());
        let left = limit.saturating_sub(start.elapsed());
        if left.is_zero() {
            break;
        }
        received = rx.recv_timeout(left);
    }
    (received, limit)
}

/// Options of the pipeline.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct PipelineOptions {
    /// Called as each stage begins (the CLI's test builds inject faults
    /// through it; a worker may report progress).
    pub stage_hook: Option<StageHook>,
    /// When scanned pages are read by OCR.
    pub ocr: OcrMode,
    /// Called before OCR starts with the number of pages it will read (a
    /// worker process tells its batch, which extends the time limit by
    /// [`OCR_PAGE_ALLOWANCE`] per page).
    pub ocr_hook: Option<OcrHook>,
}

impl std::fmt::Debug for PipelineOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PipelineOptions")
            .field("stage_hook", &self.stage_hook.is_some())
            .field("ocr", &self.ocr)
            .field("ocr_hook", &self.ocr_hook.is_some())
            .finish()
    }
}

impl PipelineOptions {
    /// Options calling `hook` as each stage begins.
    pub fn with_stage_hook(hook: StageHook) -> PipelineOptions {
        PipelineOptions {
            stage_hook: Some(hook),
            ..PipelineOptions::default()
        }
    }
}

/// What a running document reports to its caller: the current stage and
/// the time spent in each finished stage. Shared between the thread that
/// runs the document and the one that waits for it.
#[derive(Debug, Default)]
pub struct Probe {
    stage: AtomicU8,
    timings: Mutex<Vec<(Stage, Duration)>>,
    ocr_planned: AtomicU32,
}

impl Probe {
    /// The stage the document is in (or last entered).
    pub fn stage(&self) -> Stage {
        let i = usize::from(self.stage.load(Ordering::Relaxed));
        STAGES.get(i).copied().unwrap_or(Stage::Input)
    }

    /// How many pages the document reads by OCR (0 until OCR starts): a
    /// caller with a time limit gives the document more time for them.
    pub fn ocr_planned(&self) -> u32 {
        self.ocr_planned.load(Ordering::Relaxed)
    }

    /// Time per finished stage, in order.
    pub fn timings(&self) -> Vec<(Stage, Duration)> {
        self.timings.lock().map(|t| t.clone()).unwrap_or_default()
    }

    /// Runs `f` as `stage`: marks the stage, calls the hook, opens its span,
    /// records its time.
    fn run<T>(&self, options: &PipelineOptions, stage: Stage, f: impl FnOnce() -> T) -> T {
        let index = STAGES.iter().position(|s| *s == stage).unwrap_or(0);
        self.stage
            .store(u8::try_from(index).unwrap_or(0), Ordering::Relaxed);
        let span = tracing::info_span!("stage", name = stage.as_str());
        let _entered = span.enter();
        if let Some(hook) = &options.stage_hook {
            hook(stage);
        }
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
pub struct Coverage {
    /// Pages without a text layer (scans): pages with images and no text,
    /// or every page when the document has no text at all.
    pub no_text_pages: Vec<u32>,
    /// Pages declared but not read (lost objects, interpreter failures).
    pub missing_pages: u32,
    /// Pages read.
    pub pages_read: u32,
}

impl Coverage {
    /// Whether the document is mostly without a text layer (a scan): at
    /// least half of the pages read have none. A text document with one
    /// page that is only a chart image is not one.
    pub fn is_scan(&self) -> bool {
        let none = u32::try_from(self.no_text_pages.len()).unwrap_or(u32::MAX);
        none > 0 && none.saturating_mul(2) >= self.pages_read
    }

    /// Whether some declared page was not read.
    pub fn is_incomplete(&self) -> bool {
        self.missing_pages > 0
    }
}

/// A processed input: the Document and how much of it could be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Processed {
    /// The Document.
    pub doc: Document,
    /// Its coverage.
    pub coverage: Coverage,
}

/// Processes one input: `path` is only recorded (`source.path`); `bytes` is
/// the file's content.
pub fn process(
    path: &str,
    bytes: &[u8],
    options: &PipelineOptions,
) -> Result<Document, StageError> {
    process_with(path, bytes, sha256_hex(bytes), &Probe::default(), options).map(|p| p.doc)
}

/// [`process`] with a precomputed sha256 and a probe to report to.
pub fn process_with(
    path: &str,
    bytes: &[u8],
    sha256: String,
    probe: &Probe,
    options: &PipelineOptions,
) -> Result<Processed, StageError> {
    let kind = probe.run(options, Stage::Input, || detect(bytes))?;
    let mut coverage = Coverage::default();
    let mut coverage_warnings = Vec::new();
    let mut ocr_pages = Vec::new();
    let source_doc = match kind {
        Kind::Pdf => {
            let (mut source_doc, account) = probe.run(options, Stage::Pdf, || read_pdf(bytes))?;
            // Scanned pages: OCR fills their glyphs and rules (part of the
            // reader stage), before coverage counts the pages without text.
            ocr_pages = probe.run(options, Stage::Pdf, || {
                ocr::read_scanned(bytes, &mut source_doc, options.ocr, |pages| {
                    probe.ocr_planned.store(pages, Ordering::Relaxed);
                    if let Some(hook) = &options.ocr_hook {
                        hook(pages);
                    }
                })
            })?;
            let lost = u32::try_from(account.missing.len() + account.failed.len())
                .unwrap_or(u32::MAX)
                .saturating_add(account.missing_unplaced);
            coverage.missing_pages = lost;
            coverage.no_text_pages = no_text_pages(&source_doc, &account.failed);
            // The reader states what a page holds (images, glyphs); which
            // pages stay without text is known only after OCR, so the
            // per-page warning is written here, from that state.
            for page in &mut source_doc.pages {
                if page.images > 0 && !page.has_text() && !account.failed.contains(&page.number) {
                    page.warnings.push(Diagnostic::warning(
                        Stage::Pdf,
                        DiagnosticKind::NoTextLayer,
                        Loc::page(page.number),
                        NO_TEXT_LAYER,
                    ));
                }
            }
            coverage.pages_read = u32::try_from(source_doc.pages.len())
                .unwrap_or(u32::MAX)
                .saturating_sub(u32::try_from(account.failed.len()).unwrap_or(u32::MAX));
            if !coverage.no_text_pages.is_empty() {
                coverage_warnings.push(Diagnostic::warning(
                    Stage::Pdf,
                    DiagnosticKind::NoTextLayer,
                    Loc::default(),
                    format!(
                        "no text layer on {} of {} (images only: scanned pages or charts); \
                     their content is not read",
                        pages_named(&coverage.no_text_pages),
                        account.declared
                    ),
                ));
            }
            source_doc
        }
        Kind::Docx => probe.run(options, Stage::Docx, || read_docx(bytes))?,
        _ => probe.run(options, Stage::Sheet, || read_sheet(bytes))?,
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
    // The readers' diagnostics become the Document's warning lines; the
    // JSON keeps lines ("pdf, page 3: font F1 has no unicode mapping …").
    let lines = coverage_warnings
        .iter()
        .chain(&source_doc.warnings)
        .chain(source_doc.pages.iter().flat_map(|p| &p.warnings))
        .map(Diagnostic::to_line);
    doc.warnings.extend(lines);
    let layout = probe.run(options, Stage::Layout, || {
        yusuan_layout::reconstruct(&source_doc, &yusuan_layout::LayoutOptions::default())
    });
    let mut tables = layout.tables;
    if !doc.source.ocr_pages.is_empty() {
        ocr::mark_cells(&mut tables, &source_doc.pages);
    }
    // The reader's pages are no longer needed; free them before the later
    // stages so a batch holds one document's glyphs per worker at most.
    drop(source_doc);
    doc.warnings
        .extend(layout.diagnostics.iter().map(|d| d.to_line()));
    let records = probe.run(options, Stage::Records, || {
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
    doc.records.claims = probe.run(options, Stage::Records, || {
        yusuan_records::read_claims(&doc)
    });
    doc.warnings
        .extend(records.diagnostics.iter().map(|d| d.to_line()));
    let findings = probe.run(options, Stage::Audit, || {
        yusuan_audit::audit(&doc, &yusuan_audit::AuditOptions::default())
    });
    doc.findings = findings;
    Ok(Processed { doc, coverage })
}

/// The warning of a page with images and no text left after OCR.
pub const NO_TEXT_LAYER: &str = "no text layer (scanned image?)";

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
pub fn pages_named(pages: &[u32]) -> String {
    let word = if pages.len() == 1 { "page" } else { "pages" };
    format!("{word} {}", page_list(pages))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_content_is_an_input_error() {
        let err = process("x.pdf", b"hello", &PipelineOptions::default()).unwrap_err();
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
        let err = process("x.doc", &ole, &PipelineOptions::default()).unwrap_err();
        assert_eq!(err.stage, Stage::Input);
        assert!(
            err.message
                .contains("soffice --headless --convert-to docx FILE"),
            "{}",
            err.message
        );
    }

    #[test]
    fn the_hook_sees_every_stage_and_the_probe_times_them() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let options = PipelineOptions::with_stage_hook(Arc::new(move |s| {
            if let Ok(mut v) = log.lock() {
                v.push(s);
            }
        }));
        let probe = Probe::default();
        let err = process_with("x", b"", String::new(), &probe, &options).unwrap_err();
        assert_eq!(err.stage, Stage::Input);
        assert_eq!(*seen.lock().unwrap(), [Stage::Input]);
        assert_eq!(probe.stage(), Stage::Input);
        assert_eq!(probe.timings().len(), 1);
    }
}
