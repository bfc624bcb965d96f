//! The CLI's side of the pipeline: the options every document of a run is
//! processed with (the `--ocr` mode; in debug builds the test faults), and
//! thin wrappers for the commands. The pipeline itself is the
//! `yusuan-pipeline` crate, shared with the Python package.

use std::sync::OnceLock;

pub(crate) use yusuan_model::page_list;
use yusuan_model::{Document, Fact, Stage, StageError};
use yusuan_pipeline::{OcrHook, PipelineOptions, StageHook};
pub(crate) use yusuan_pipeline::{OcrMode, Probe, Processed, pages_named};

/// The lower-case name of a stage, as serialized in error records.
pub(crate) fn stage_name(stage: Stage) -> &'static str {
    stage.as_str()
}

/// The `--ocr` mode of this process.
static OCR: OnceLock<OcrMode> = OnceLock::new();

/// Sets the `--ocr` mode of the run (the first call wins; a batch command
/// and a worker process call it once before any document).
pub(crate) fn set_ocr(mode: OcrMode) {
    let _ = OCR.set(mode);
}

/// The `--ocr` mode of the run, for the worker processes' arguments.
pub(crate) fn ocr_mode() -> OcrMode {
    OCR.get().copied().unwrap_or_default()
}

/// Processes one input with the run's options: `path` is only recorded
/// (`source.path`); `notify`, when given, hears each stage as it begins (a
/// worker reports it to the batch).
pub(crate) fn process_with(
    path: &str,
    bytes: &[u8],
    sha256: String,
    probe: &Probe,
    notify: Option<StageHook>,
    ocr_hook: Option<OcrHook>,
) -> Result<Processed, StageError> {
    let mut options = PipelineOptions::default();
    options.ocr = ocr_mode();
    options.stage_hook = hook(path, notify);
    options.ocr_hook = ocr_hook;
    yusuan_pipeline::process_with(path, bytes, sha256, probe, &options)
}

/// The stage hook: `notify`, and in debug builds the test faults.
fn hook(path: &str, notify: Option<StageHook>) -> Option<StageHook> {
    #[cfg(debug_assertions)]
    {
        if std::env::var_os("YUSUAN_TEST_FAULTS").is_some_and(|v| v == "1") {
            let path = path.to_owned();
            return Some(std::sync::Arc::new(move |stage| {
                if let Some(notify) = &notify {
                    notify(stage);
                }
                if stage == Stage::Layout {
                    inject_test_fault(&path);
                }
            }));
        }
    }
    let _ = path;
    notify
}

/// Debug builds only, and only with `YUSUAN_TEST_FAULTS=1`: an input whose
/// path contains `FAULT-hang` never leaves the layout stage, one containing
/// `FAULT-panic` panics in it. The CLI tests use this to check the timeout
/// and panic isolation end to end; release builds do not contain it.
#[cfg(debug_assertions)]
fn inject_test_fault(path: &str) {
    if path.contains("FAULT-panic") {
        panic!("injected test fault");
    }
    if path.contains("FAULT-hang") {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
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
