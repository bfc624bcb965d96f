//! The pipeline the CLI runs, from bytes to an audited [`Document`], for the
//! integration tests: `yusuan-pipeline`'s own function, not a copy.

#![allow(dead_code, reason = "each test file uses a different part")]

use std::path::{Path, PathBuf};

use yusuan_model::Document;

/// The workspace root (two levels above this crate).
pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the pipeline the CLI runs (`yusuan-pipeline`: detection by
/// content, read, layout, records, claims, audit) on one file's bytes, OCR
/// off so that the results do not depend on the OCR install.
pub(crate) fn run_pipeline(path: &Path, bytes: &[u8]) -> Result<Document, String> {
    let name = path.to_string_lossy().into_owned();
    let mut options = yusuan_pipeline::PipelineOptions::default();
    options.ocr = yusuan_pipeline::OcrMode::Off;
    yusuan_pipeline::process(&name, bytes, &options)
        .map_err(|e| format!("{name}: {} failed: {}", e.stage.as_str(), e.message))
}

/// Reads and runs one file.
pub(crate) fn run_file(path: &Path) -> Result<Document, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    run_pipeline(path, &bytes)
}
