//! The pipeline for one input, as the CLI runs it: `yusuan-pipeline`'s
//! `process_with` (detect by content → `read_pdf` / `read_docx` /
//! `read_sheet` → `reconstruct` (layout) → `build_records` → `audit`), with
//! a [`Probe`] shared with the batch runner that tells which stage a
//! document is in (so a timeout can name it) and how long each stage took
//! (`--timings`). The Python package runs the same function.

use yusuan_model::{Document, Fact, Stage, StageError};

pub(crate) use yusuan_pipeline::Probe;

/// The lower-case name of a stage, as serialized in error records.
pub(crate) fn stage_name(stage: Stage) -> &'static str {
    stage.as_str()
}

/// Processes one input: `path` is only recorded (`source.path`); `bytes` is
/// the file's content.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn process(path: &str, bytes: &[u8]) -> Result<Document, StageError> {
    process_with(
        path,
        bytes,
        yusuan_pipeline::sha256_hex(bytes),
        &Probe::default(),
    )
}

/// [`process`] with a precomputed sha256 and a probe to report to.
pub(crate) fn process_with(
    path: &str,
    bytes: &[u8],
    sha256: String,
    probe: &Probe,
) -> Result<Document, StageError> {
    yusuan_pipeline::process_with(path, bytes, sha256, probe, &options(path))
}

/// The pipeline's options; debug builds add the test faults.
fn options(path: &str) -> yusuan_pipeline::PipelineOptions {
    #[cfg(debug_assertions)]
    {
        if std::env::var_os("YUSUAN_TEST_FAULTS").is_some_and(|v| v == "1") {
            let path = path.to_owned();
            return yusuan_pipeline::PipelineOptions::with_stage_hook(std::sync::Arc::new(
                move |stage| {
                    if stage == Stage::Layout {
                        inject_test_fault(&path);
                    }
                },
            ));
        }
    }
    let _ = path;
    yusuan_pipeline::PipelineOptions::default()
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
        for stage in [Stage::Input, Stage::Pdf, Stage::Layout, Stage::Emit] {
            let json = serde_json::to_value(stage).unwrap();
            assert_eq!(json.as_str(), Some(stage_name(stage)));
        }
    }
}
