//! The pipeline for one input: bytes in, a [`Document`] or the stage that
//! failed out.
//!
//! detect by content → `read_pdf` / `read_docx` → `reconstruct` (layout) →
//! `build_records` (kinds, meta, records) → `audit` (findings). Every stage
//! runs inside its own tracing span, and a [`Probe`] shared with the batch
//! runner tells which stage a document is in (so a timeout can name it) and
//! how long each stage took (`--timings`).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

use yusuan_model::{Document, Fact, Source, SourceDocument, SourceFormat, Stage, StageError};

use crate::input::{Kind, describe_start, sha256_hex, sniff};

/// Every stage, in pipeline order; the probe stores an index into it.
const STAGES: [Stage; 8] = [
    Stage::Input,
    Stage::Pdf,
    Stage::Docx,
    Stage::Layout,
    Stage::Normalize,
    Stage::Records,
    Stage::Audit,
    Stage::Emit,
];

/// The lower-case name of a stage, as serialized in error records.
pub(crate) fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Input => "input",
        Stage::Pdf => "pdf",
        Stage::Docx => "docx",
        Stage::Layout => "layout",
        Stage::Normalize => "normalize",
        Stage::Records => "records",
        Stage::Audit => "audit",
        Stage::Emit => "emit",
    }
}

/// What a running document reports to its batch: the current stage and the
/// time spent in each finished stage.
#[derive(Debug, Default)]
pub(crate) struct Probe {
    stage: AtomicU8,
    timings: Mutex<Vec<(Stage, Duration)>>,
}

impl Probe {
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

/// Processes one input: `path` is only recorded (`source.path`); `bytes` is
/// the file's content.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn process(path: &str, bytes: &[u8]) -> Result<Document, StageError> {
    process_with(path, bytes, sha256_hex(bytes), &Probe::default())
}

/// [`process`] with a precomputed sha256 and a probe to report to.
pub(crate) fn process_with(
    path: &str,
    bytes: &[u8],
    sha256: String,
    probe: &Probe,
) -> Result<Document, StageError> {
    let format = probe.run(Stage::Input, || detect(bytes))?;
    let source_doc = match format {
        SourceFormat::Pdf => probe.run(Stage::Pdf, || read_pdf(bytes))?,
        SourceFormat::Docx => probe.run(Stage::Docx, || read_docx(bytes))?,
    };
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
    let layout = probe.run(Stage::Layout, || {
        #[cfg(debug_assertions)]
        inject_test_fault(path);
        yusuan_layout::reconstruct(&source_doc, &yusuan_layout::LayoutOptions::default())
    });
    // The reader's pages are no longer needed; free them before the later
    // stages so a batch holds one document's glyphs per worker at most.
    drop(source_doc);
    let mut tables = layout.tables;
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
    Ok(doc)
}

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
}

/// Decides the format by content; anything else is an input error naming
/// what was found.
fn detect(bytes: &[u8]) -> Result<SourceFormat, StageError> {
    match sniff(bytes) {
        Kind::Pdf => Ok(SourceFormat::Pdf),
        Kind::Docx => Ok(SourceFormat::Docx),
        Kind::LegacyWord => Err(input_error(
            "legacy word document (.doc, ole2) is not supported; \
             convert it first: soffice --headless --convert-to docx FILE"
                .to_owned(),
        )),
        Kind::Other => Err(input_error(format!(
            "not a pdf or docx: found {}, expected %PDF- in the first 1024 bytes \
             or a zip holding word/document.xml",
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
        assert!(err.message.contains("not a pdf or docx"), "{}", err.message);
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
