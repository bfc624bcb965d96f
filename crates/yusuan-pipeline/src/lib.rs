//! The pipeline for one input: bytes in, a Document or the stage that
//! failed out — the one function the `yusuan` command and the Python
//! package both run.
//!
//! `yusuan-pipeline` chains the stage crates: it recognizes the input by
//! content ([`sniff`]: PDF, Word, workbook), reads it (`yusuan-pdf`,
//! `yusuan-docx`, `yusuan-sheet`), rebuilds the tables (`yusuan-layout`),
//! reads records and meta (`yusuan-records`) and audits them
//! (`yusuan-audit`). Every stage runs inside its own tracing span, and a
//! [`Probe`] tells which stage a document is in (so that a caller waiting
//! with a time limit can name it) and how long each stage took. It reads no
//! file, spawns no thread and reads no environment: batches, time limits,
//! state and output belong to the caller (the CLI, the Python module).
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

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use yusuan_model::{Document, Source, SourceDocument, Stage, StageError};

pub use crate::detect::{Kind, describe_start, sha256_hex, sniff};

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

/// Options of the pipeline.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct PipelineOptions {
    /// Called as each stage begins (the CLI's test builds inject faults
    /// through it; a worker may report progress).
    pub stage_hook: Option<StageHook>,
}

impl std::fmt::Debug for PipelineOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PipelineOptions")
            .field("stage_hook", &self.stage_hook.is_some())
            .finish()
    }
}

impl PipelineOptions {
    /// Options calling `hook` as each stage begins.
    pub fn with_stage_hook(hook: StageHook) -> PipelineOptions {
        PipelineOptions {
            stage_hook: Some(hook),
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
}

impl Probe {
    /// The stage the document is in (or last entered).
    pub fn stage(&self) -> Stage {
        let i = usize::from(self.stage.load(Ordering::Relaxed));
        STAGES.get(i).copied().unwrap_or(Stage::Input)
    }

    /// Time per finished stage, in order.
    pub fn timings(&self) -> Vec<(Stage, Duration)> {
        self.timings.lock().map(|t| t.clone()).unwrap_or_default()
    }

    /// Runs `f` as `stage`: marks the stage, calls the hook, opens its span,
    /// records its time.
    fn run<T>(&self, stage: Stage, options: &PipelineOptions, f: impl FnOnce() -> T) -> T {
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

/// Processes one input: `path` is only recorded (`source.path`); `bytes` is
/// the file's content.
pub fn process(
    path: &str,
    bytes: &[u8],
    options: &PipelineOptions,
) -> Result<Document, StageError> {
    process_with(path, bytes, sha256_hex(bytes), &Probe::default(), options)
}

/// [`process`] with a precomputed sha256 and a probe to report to.
pub fn process_with(
    path: &str,
    bytes: &[u8],
    sha256: String,
    probe: &Probe,
    options: &PipelineOptions,
) -> Result<Document, StageError> {
    let kind = probe.run(Stage::Input, options, || detect(bytes))?;
    let source_doc = match kind {
        Kind::Pdf => probe.run(Stage::Pdf, options, || read_pdf(bytes))?,
        Kind::Docx => probe.run(Stage::Docx, options, || read_docx(bytes))?,
        _ => probe.run(Stage::Sheet, options, || read_sheet(bytes))?,
    };
    // The readers state the format: a workbook reader tells xlsx, xls, ods.
    let format = source_doc.format;
    let source = Source {
        path: path.to_owned(),
        sha256,
        format,
        pages: source_doc.page_count(),
        producer: source_doc.producer.clone(),
    };
    let mut doc = Document::new(source);
    doc.warnings.extend(source_doc.warnings.iter().cloned());
    for page in &source_doc.pages {
        doc.warnings.extend(page.warnings.iter().cloned());
    }
    let layout = probe.run(Stage::Layout, options, || {
        yusuan_layout::reconstruct(&source_doc, &yusuan_layout::LayoutOptions::default())
    });
    // The reader's pages are no longer needed; free them before the later
    // stages so a batch holds one document's glyphs per worker at most.
    drop(source_doc);
    let mut tables = layout.tables;
    doc.warnings
        .extend(layout.diagnostics.iter().map(|d| d.to_line()));
    let records = probe.run(Stage::Records, options, || {
        yusuan_records::build_records(
            &mut tables,
            &layout.lines,
            &yusuan_records::RecordsOptions::default(),
        )
    });
    doc.meta = records.meta;
    doc.tables = tables;
    doc.records = records.records;
    doc.warnings
        .extend(records.diagnostics.iter().map(|d| d.to_line()));
    let findings = probe.run(Stage::Audit, options, || {
        yusuan_audit::audit(&doc, &yusuan_audit::AuditOptions::default())
    });
    doc.findings = findings;
    Ok(doc)
}

/// Decides the reader by content; anything else is an input error naming
/// what was found.
fn detect(bytes: &[u8]) -> Result<Kind, StageError> {
    match sniff(bytes) {
        kind @ (Kind::Pdf | Kind::Docx | Kind::Workbook) => Ok(kind),
        Kind::LegacyWord => Err(input_error(
            "legacy word document (.doc, ole2) is not supported; \
             convert it first: soffice --headless --convert-to docx FILE"
                .to_owned(),
        )),
        Kind::Other => Err(input_error(format!(
            "not a pdf, docx or workbook: found {}, expected %PDF- in the first 1024 bytes, \
             a zip holding word/document.xml or xl/workbook.xml or an opendocument \
             spreadsheet, or an ole2 excel workbook",
            describe_start(bytes)
        ))),
    }
}

fn input_error(message: String) -> StageError {
    StageError {
        stage: Stage::Input,
        message,
    }
}

fn read_pdf(bytes: &[u8]) -> Result<SourceDocument, StageError> {
    yusuan_pdf::read_pdf(bytes, &yusuan_pdf::PdfOptions::default()).map_err(|e| StageError {
        stage: Stage::Pdf,
        message: e.to_string(),
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
