//! `yusuan report`: review reports (HTML) of the documents of a batch, and
//! the overlay of `yusuan inspect --svg`. The pages are built by
//! `yusuan-report`; this module reads the inputs' bytes again (the batch
//! hands over Documents, not files) and writes the files.
//!
//! The one call into the pipeline made here directly is
//! [`document_for_inspect`]; reports get their Documents from the batch
//! runner, which runs the same pipeline as `extract`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use yusuan_model::{Document, ErrorRecord, SourceFormat, StageError};
use yusuan_report::{IndexEntry, ReportOptions, build_index, build_report};

use crate::input::Input;
use crate::output::write_atomically;
use crate::pipeline::stage_name;

/// The report's path under the output directory: the input's `out_rel`
/// with `.html` added (`a/b.pdf` → `a/b.pdf.html`).
pub(crate) fn report_rel(input: &Input) -> PathBuf {
    let mut name = input.out_rel.clone().into_os_string();
    name.push(".html");
    PathBuf::from(name)
}

/// Two inputs never share a report file, and none is written over the index.
pub(crate) fn check_unique_reports(inputs: &[Input]) -> Result<(), String> {
    let mut seen: BTreeMap<PathBuf, &str> = BTreeMap::new();
    for input in inputs {
        let rel = report_rel(input);
        if rel == Path::new("index.html") {
            return Err(format!(
                "{}: its report would be written over index.html; rename it or run it alone",
                input.display
            ));
        }
        if let Some(other) = seen.insert(rel.clone(), &input.display) {
            return Err(format!(
                "{other} and {} would both be written to {}; give their common parent \
                 directory instead, or run them with separate -o",
                input.display,
                rel.display()
            ));
        }
    }
    Ok(())
}

/// Builds and writes the report of a processed document and returns its
/// index entry. A PDF whose bytes cannot be read again still gets its
/// report, with placeholders for the pages.
pub(crate) fn write_report(
    dir: &Path,
    input: &Input,
    doc: &Document,
    options: &ReportOptions,
) -> anyhow::Result<IndexEntry> {
    let rel = report_rel(input);
    let (bytes, read_problem) = if doc.source.format == SourceFormat::Pdf {
        match std::fs::read(&input.path) {
            Ok(b) => (Some(b), None),
            Err(e) => (
                None,
                Some(format!("cannot read the file again to draw it: {e}")),
            ),
        }
    } else {
        (None, None)
    };
    let report = build_report(doc, bytes.as_deref(), options);
    let path = dir.join(&rel);
    write_atomically(&path, report.html.as_bytes())
        .with_context(|| format!("report of {}", input.display))?;
    let mut entry = IndexEntry::of(doc, Some(rel.to_string_lossy().into_owned()));
    let undrawn = report.page_problems.len();
    entry.problem = read_problem.or_else(|| {
        (undrawn > 0 && options.max_pages.is_none()).then(|| {
            let first = report.page_problems.first().cloned().unwrap_or_default();
            format!("{undrawn} pages without an image ({first})")
        })
    });
    tracing::info!(
        path = %path.display(),
        bytes = report.html.len(),
        images = report.image_bytes,
        pages_drawn = report.pages_drawn,
        "report written"
    );
    Ok(entry)
}

/// The index entry of an input that failed.
pub(crate) fn failed_entry(record: &ErrorRecord) -> IndexEntry {
    IndexEntry::failed(
        &record.source.path,
        &format!(
            "{}: {}",
            stage_name(record.error.stage),
            record.error.message
        ),
    )
}

/// Writes `OUT/index.html`.
pub(crate) fn write_index(dir: &Path, entries: &[IndexEntry]) -> anyhow::Result<()> {
    let title = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    write_atomically(
        &dir.join("index.html"),
        build_index(&title, entries).as_bytes(),
    )
}

/// The Document of one file for `inspect --svg` (the same pipeline as
/// `extract`).
pub(crate) fn document_for_inspect(path: &str, bytes: &[u8]) -> Result<Document, StageError> {
    let sha256 = yusuan_pipeline::sha256_hex(bytes);
    let probe = crate::pipeline::Probe::default();
    crate::pipeline::process_with(path, bytes, sha256, &probe, None, None).map(|p| p.doc)
}

/// The reader's page SVG with the report's overlay of `page` drawn over it.
pub(crate) fn svg_with_overlay(svg: &str, doc: &Document, page: u32) -> String {
    let width = view_box_width(svg).unwrap_or(595.0);
    let overlay = yusuan_report::page_overlay(doc, page, width);
    match svg.rfind("</svg>") {
        Some(end) => format!("{}{overlay}{}", &svg[..end], &svg[end..]),
        None => format!("{svg}{overlay}"),
    }
}

/// The width in the `viewBox="0 0 W H"` of the reader's page SVG.
fn view_box_width(svg: &str) -> Option<f64> {
    let rest = svg.split("viewBox=\"").nth(1)?;
    rest.split_whitespace().nth(2)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_goes_inside_the_svg() {
        let doc = Document::new(yusuan_model::Source {
            path: "a.pdf".into(),
            sha256: String::new(),
            format: SourceFormat::Pdf,
            pages: 1,
            producer: None,
            ocr_pages: Vec::new(),
        });
        let svg = "<svg viewBox=\"0 0 300.00 400.00\" width=\"300\">\n<rect/>\n</svg>\n";
        assert_eq!(view_box_width(svg), Some(300.0));
        let out = svg_with_overlay(svg, &doc, 1);
        assert!(out.contains("<rect/>\n<g class=\"overlay\">"), "{out}");
        assert!(out.trim_end().ends_with("</g>\n</svg>"), "{out}");
    }
}
