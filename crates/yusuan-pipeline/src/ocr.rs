//! OCR of scanned pages for the pipeline: the mode, finding the install
//! (`scripts/install-ocr`), loading the engine once per process.

use std::path::PathBuf;
use std::sync::OnceLock;

use yusuan_model::{
    Diagnostic, DiagnosticKind, Loc, Page, SourceDocument, Stage, StageError, Table,
};
use yusuan_ocr::{EngineFiles, OcrEngine, OcrOptions};

/// When scanned pages are read by OCR (the CLI's `--ocr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OcrMode {
    /// Scanned pages (no text layer, images over at least half the page)
    /// are read by OCR when it is installed; without it they are left
    /// empty with a warning. A chart alone on a page is not read.
    #[default]
    Auto,
    /// Never: scanned pages stay empty.
    Off,
    /// Every page of a PDF is read by OCR, its text layer ignored; a
    /// document fails when OCR is not installed.
    Force,
}

impl OcrMode {
    /// The mode as `--ocr` spells it ("auto", "off", "force").
    pub fn as_str(self) -> &'static str {
        match self {
            OcrMode::Auto => "auto",
            OcrMode::Off => "off",
            OcrMode::Force => "force",
        }
    }
}

/// The engine of the process, loaded on first use; `Err` says why there is
/// none. Loaded once per process and shared by its document threads.
static ENGINE: OnceLock<Result<OcrEngine, String>> = OnceLock::new();

/// The install folder: `$YUSUAN_OCR_DIR`, else `~/.local/share/yusuan/ocr`
/// (where `scripts/install-ocr` puts the files).
pub fn ocr_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("YUSUAN_OCR_DIR") {
        return PathBuf::from(d);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    home.join(".local/share/yusuan/ocr")
}

/// The hint given wherever OCR is needed but missing.
fn install_hint() -> String {
    format!(
        "ocr is not installed in {}: run scripts/install-ocr (or set YUSUAN_OCR_DIR)",
        ocr_dir().display()
    )
}

/// The engine, loaded on first use; `Err` says why there is none.
fn engine() -> &'static Result<OcrEngine, String> {
    ENGINE.get_or_init(|| {
        let dir = ocr_dir();
        let library = dir.join("libonnxruntime.so");
        if !library.is_file() {
            return Err(install_hint());
        }
        let read = |name: &str| {
            std::fs::read(dir.join(name)).map_err(|e| {
                format!(
                    "{}: {e}; run scripts/install-ocr again",
                    dir.join(name).display()
                )
            })
        };
        let files = EngineFiles {
            runtime_library: library,
            detector: read("det.onnx")?,
            recognizer: read("rec.onnx")?,
            dictionary: String::from_utf8_lossy(&read("dict.txt")?).into_owned(),
        };
        OcrEngine::load(files).map_err(|e| e.to_string())
    })
}

/// Reads the scanned pages of `doc` (every page with `--ocr force`) and
/// returns their numbers. Without OCR installed, `auto` adds the install
/// hint to the scanned pages' warnings and `force` fails the document.
pub(crate) fn read_scanned(
    bytes: &[u8],
    doc: &mut SourceDocument,
    mode: OcrMode,
    announce: impl FnOnce(u32),
) -> Result<Vec<u32>, StageError> {
    if mode == OcrMode::Off {
        return Ok(Vec::new());
    }
    let force = mode == OcrMode::Force;
    if !force && !doc.pages.iter().any(Page::is_scanned) {
        return Ok(Vec::new());
    }
    let engine = match engine() {
        Ok(e) => e,
        Err(why) if force => {
            return Err(StageError {
                stage: Stage::Pdf,
                message: format!("--ocr force: {why}"),
            });
        }
        Err(why) => {
            for page in doc.pages.iter_mut().filter(|p| p.is_scanned()) {
                page.warnings.push(Diagnostic::warning(
                    Stage::Pdf,
                    DiagnosticKind::Ocr,
                    Loc::page(page.number),
                    why.clone(),
                ));
            }
            return Ok(Vec::new());
        }
    };
    let planned = if force {
        doc.pages.len()
    } else {
        doc.pages.iter().filter(|p| p.is_scanned()).count()
    };
    announce(u32::try_from(planned).unwrap_or(u32::MAX));
    yusuan_ocr::recognize_pages(bytes, doc, engine, &OcrOptions::default(), force).map_err(|e| {
        StageError {
            stage: Stage::Pdf,
            message: e.to_string(),
        }
    })
}

/// Marks the cells of OCR pages (method, confidence, uncertain).
pub(crate) fn mark_cells(tables: &mut [Table], pages: &[Page]) {
    yusuan_ocr::mark_ocr_cells(tables, pages, &OcrOptions::default());
}
