//! Finding the OCR install (scripts/install-ocr) for tests and examples.

use std::path::PathBuf;

/// The install folder: $YUSUAN_OCR_DIR, else ~/.local/share/yusuan/ocr.
pub(crate) fn ocr_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("YUSUAN_OCR_DIR") {
        return PathBuf::from(d);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    home.join(".local/share/yusuan/ocr")
}

/// The engine, or why there is none.
pub(crate) fn engine() -> Result<yusuan_ocr::OcrEngine, String> {
    let dir = ocr_dir();
    let read = |name: &str| {
        std::fs::read(dir.join(name)).map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    let files = yusuan_ocr::EngineFiles {
        runtime_library: dir.join("libonnxruntime.so"),
        detector: read("det.onnx")?,
        recognizer: read("rec.onnx")?,
        dictionary: String::from_utf8(read("dict.txt")?).map_err(|e| e.to_string())?,
    };
    yusuan_ocr::OcrEngine::load(files).map_err(|e| e.to_string())
}
