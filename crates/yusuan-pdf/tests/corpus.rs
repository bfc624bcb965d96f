//! Locating the shared corpus and the poppler tools.

use std::path::{Path, PathBuf};
use std::process::Command;

use yusuan_model::SourceDocument;
use yusuan_pdf::{PdfOptions, read_pdf};

/// The corpus root, if present.
pub(crate) fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if dir.join("pdf").is_dir() {
        Some(dir)
    } else {
        println!("SKIP: corpus not found at {}", dir.display());
        None
    }
}

/// One corpus PDF and whether MANIFEST.md calls it scanned.
pub(crate) struct CorpusPdf {
    pub(crate) path: PathBuf,
    pub(crate) name: String,
    pub(crate) scanned: bool,
}

/// All corpus PDFs, sorted by name.
pub(crate) fn corpus_pdfs() -> Option<Vec<CorpusPdf>> {
    let dir = corpus_dir()?;
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.md")).unwrap_or_default();
    let mut out: Vec<CorpusPdf> = std::fs::read_dir(dir.join("pdf"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let scanned = manifest
                .lines()
                .any(|l| l.contains(&format!("`pdf/{name}`")) && l.contains("| scanned |"));
            CorpusPdf {
                path,
                name,
                scanned,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Some(out)
}

/// Whether a poppler tool runs.
pub(crate) fn has_tool(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    if !ok {
        println!("SKIP: {tool} not installed (apt-get install poppler-utils)");
    }
    ok
}

/// Reads a corpus file, panicking with the file name on failure.
pub(crate) fn read(pdf: &CorpusPdf, options: &PdfOptions) -> SourceDocument {
    let bytes = std::fs::read(&pdf.path).unwrap_or_else(|e| panic!("{}: {e}", pdf.name));
    read_pdf(&bytes, options).unwrap_or_else(|e| panic!("{}: {e}", pdf.name))
}

/// Reads one page of a corpus file by name.
pub(crate) fn read_page(name: &str, page: u32) -> Option<yusuan_model::Page> {
    let path = corpus_dir()?.join("pdf").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let options = PdfOptions {
        pages: Some(vec![page]),
        ..PdfOptions::default()
    };
    let doc = read_pdf(&bytes, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    doc.pages.into_iter().next()
}
