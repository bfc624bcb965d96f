//! OCR of scanned pages for yusuan: part of the reader stage.
//!
//! `yusuan-pdf` reads a scanned page as an image without glyphs. This crate
//! draws such a page (`yusuan_pdf::render_pages`, 200 dpi), straightens it
//! (small skew, quarter turns), fades red stamps, finds the ruling lines in
//! the raster and reads the text with PP-OCRv6 tiny (detector + CTC
//! recogniser on ONNX Runtime), and writes the result into the page in the
//! reader's own terms: [`Glyph`](yusuan_model::Glyph)s with a box per
//! character and a `confidence`, and [`Segment`](yusuan_model::Segment)s.
//! `yusuan-layout` then builds tables from them unchanged. After layout,
//! [`mark_ocr_cells`] gives every cell on an OCR page `method: "ocr"`, its
//! lowest character confidence and an `uncertain` flag, which the audit
//! consults.
//!
//! The crate never opens files except the ONNX Runtime library, which
//! [`OcrEngine::load`] loads from the path it is given (a shared library
//! cannot be loaded from bytes); the CLI finds the install folder and reads
//! the models.
//!
//! # Example
//! ```no_run
//! use yusuan_ocr::{EngineFiles, OcrEngine, OcrOptions, recognize_pages};
//! # fn run(bytes: &[u8], files: EngineFiles) -> Result<(), Box<dyn std::error::Error>> {
//! let engine = OcrEngine::load(files)?;
//! let mut doc = yusuan_pdf::read_pdf(bytes, &yusuan_pdf::PdfOptions::default())?;
//! let read = recognize_pages(bytes, &mut doc, &engine, &OcrOptions::default(), false)?;
//! println!("{} pages read by OCR", read.len());
//! # Ok(()) }
//! ```
//!
//! # Limitations
//! - Text boxes are axis-aligned: the page is deskewed first (up to 3°);
//!   text set at other angles is not read.
//! - Character boxes come from the recogniser's time steps, not from ink:
//!   centres are good to a fraction of a character, widths are one em for
//!   CJK and half an em otherwise.
//! - A stamp is faded only where its ink is clearly red and the red blob is
//!   stamp-sized; black or blue stamps stay.
//!
//! # Cargo features
//! None. The `ort` crate is built with `load-dynamic`: nothing is
//! downloaded or linked at build time; `scripts/install-ocr` installs the
//! runtime library and models.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod detect;
mod engine;
mod error;
mod page;
mod raster;
mod recognize;
mod rules;

pub use engine::{EngineFiles, OcrEngine};
pub use error::{Error, ErrorKind};
pub use page::{OcrOptions, PageText, recognize_image};

use yusuan_model::{
    CellMethod, CellOcr, Diagnostic, DiagnosticKind, Loc, Page, SourceDocument, Stage, Table,
};
use yusuan_pdf::{PixelFormat, RenderOptions, render_pages};

/// The font name OCR glyphs refer to.
pub const OCR_FONT: &str = "OCR";

/// Reads the scanned pages of a PDF already read by `yusuan_pdf::read_pdf`
/// and fills their glyphs and segments. With `force`, every page is read by
/// OCR and its text layer replaced. Returns the numbers of the pages read.
///
/// A page that cannot be drawn or read keeps its reader output and gets a
/// page warning naming the reason; the other pages go on.
///
/// # Errors
/// Only when the file cannot be opened for drawing (it was read, so this is
/// rare); see `yusuan_pdf::render_pages`.
pub fn recognize_pages(
    bytes: &[u8],
    doc: &mut SourceDocument,
    engine: &OcrEngine,
    options: &OcrOptions,
    force: bool,
) -> Result<Vec<u32>, Error> {
    let wanted: Vec<u32> = doc
        .pages
        .iter()
        .filter(|p| force || p.is_scanned())
        .map(|p| p.number)
        .collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let render = RenderOptions {
        dpi: options.dpi,
        max_pixels: options.max_pixels,
        format: PixelFormat::Rgba8,
        ..RenderOptions::default()
    };
    let mut read = Vec::new();
    render_pages(bytes, &wanted, &render, |number, image| {
        let Some(page) = doc.pages.iter_mut().find(|p| p.number == number) else {
            return;
        };
        let _span = tracing::debug_span!("ocr_page", page = number).entered();
        let result = image
            .map_err(Error::from)
            .and_then(|img| recognize_image(&img, engine, options));
        match result {
            Ok(text) => {
                fill_page(page, text);
                read.push(number);
            }
            Err(e) => page.warnings.push(Diagnostic::warning(
                Stage::Pdf,
                DiagnosticKind::Ocr,
                Loc::page(number),
                format!("ocr failed: {e}"),
            )),
        }
    })?;
    Ok(read)
}

/// Replaces a page's glyphs and segments with what OCR read.
fn fill_page(page: &mut Page, text: PageText) {
    let n = page.number;
    let mut note = format!(
        "read by ocr: {} characters, mean confidence {:.2}, {} rules",
        text.glyphs.len(),
        text.mean_confidence,
        text.segments.len()
    );
    if text.skew != 0.0 {
        note.push_str(&format!(", skew {:.2}° corrected", text.skew));
    }
    if text.stamps > 0 {
        note.push_str(&format!(", {} stamp(s) faded", text.stamps));
    }
    if text.quarter_turns != 0 {
        note.push_str(&format!(
            ", read turned {}° clockwise",
            u32::from(text.quarter_turns) * 90
        ));
    }
    page.warnings.push(Diagnostic::info(
        Stage::Pdf,
        DiagnosticKind::Ocr,
        Loc::page(n),
        note,
    ));
    page.glyphs = text.glyphs;
    page.segments = text.segments;
    page.fonts = vec![OCR_FONT.to_owned()];
    page.width = text.width;
    page.height = text.height;
}

/// Marks the cells of tables printed on OCR pages: `method: "ocr"`, the
/// lowest confidence of the characters whose centre lies in the cell, and
/// `uncertain` when that is under `options.low_confidence`. Cells on pages
/// with a text layer are left alone. Call it after layout, with the pages
/// layout read.
pub fn mark_ocr_cells(tables: &mut [Table], pages: &[Page], options: &OcrOptions) {
    for table in tables {
        for cell in &mut table.cells {
            let Some(page) = pages.iter().find(|p| p.number == cell.page) else {
                continue;
            };
            if !page.fonts.iter().any(|f| f == OCR_FONT) {
                continue;
            }
            let Some(bbox) = cell.bbox else { continue };
            let confidence = page
                .glyphs
                .iter()
                .filter(|g| bbox.contains(g.bbox.cx(), g.bbox.cy()))
                .filter_map(|g| g.confidence)
                .min_by(f32::total_cmp);
            cell.ocr = Some(CellOcr {
                method: CellMethod::Ocr,
                confidence: confidence.map(|c| (c * 1000.0).round() / 1000.0),
                uncertain: confidence.is_some_and(|c| c < options.low_confidence),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::{BBox, Cell, Glyph};

    fn glyph(text: &str, x: f64, conf: Option<f32>) -> Glyph {
        Glyph {
            text: text.to_owned(),
            bbox: BBox::new(x, 10.0, x + 8.0, 20.0),
            size: 10.0,
            font: 0,
            rotated: false,
            confidence: conf,
        }
    }

    fn cell(page: u32, x0: f64, x1: f64) -> Cell {
        Cell {
            row: 0,
            col: 0,
            rowspan: 1,
            colspan: 1,
            text: String::new(),
            page,
            bbox: Some(BBox::new(x0, 0.0, x1, 30.0)),
            ..Cell::default()
        }
    }

    #[test]
    fn cells_on_ocr_pages_get_their_lowest_confidence() {
        let ocr_page = Page {
            number: 1,
            glyphs: vec![
                glyph("3", 0.0, Some(0.99)),
                glyph("8", 10.0, Some(0.62)),
                glyph("5", 50.0, Some(0.97)),
            ],
            fonts: vec![OCR_FONT.to_owned()],
            ..Page::default()
        };
        let text_page = Page {
            number: 2,
            glyphs: vec![glyph("5", 0.0, None)],
            fonts: vec!["SimSun".to_owned()],
            ..Page::default()
        };
        let mut tables = vec![Table {
            cells: vec![
                cell(1, 0.0, 40.0),
                cell(1, 40.0, 80.0),
                cell(1, 80.0, 120.0),
                cell(2, 0.0, 40.0),
            ],
            ..Table::default()
        }];
        mark_ocr_cells(&mut tables, &[ocr_page, text_page], &OcrOptions::default());
        let c = &tables[0].cells;
        assert_eq!(c[0].ocr.and_then(|o| o.confidence), Some(0.62));
        assert!(c[0].is_uncertain());
        assert_eq!(c[1].ocr.and_then(|o| o.confidence), Some(0.97));
        assert!(!c[1].is_uncertain());
        // An empty cell on an OCR page: read by OCR, nothing found.
        assert_eq!(
            c[2].ocr.map(|o| (o.method, o.confidence)),
            Some((CellMethod::Ocr, None))
        );
        assert_eq!(c[3].ocr, None);
        let json = serde_json::to_string(&c[0]).unwrap_or_default();
        assert!(
            json.ends_with(r#""method":"ocr","confidence":0.62,"uncertain":true}"#),
            "{json}"
        );
        assert!(
            !serde_json::to_string(&c[3])
                .unwrap_or_default()
                .contains("method")
        );
    }

    #[test]
    fn a_filled_page_says_what_was_read() {
        let mut page = Page {
            number: 4,
            images: 1,
            ..Page::default()
        };
        fill_page(
            &mut page,
            PageText {
                glyphs: vec![glyph("合", 0.0, Some(0.9))],
                width: 842.0,
                height: 595.0,
                quarter_turns: 1,
                skew: 0.3,
                stamps: 1,
                mean_confidence: 0.9,
                ..PageText::default()
            },
        );
        let lines: Vec<String> = page.warnings.iter().map(|w| w.to_line()).collect();
        assert_eq!(
            lines,
            [
                "pdf, page 4: read by ocr: 1 characters, mean confidence 0.90, 0 rules, skew 0.30° corrected, 1 stamp(s) faded, read turned 90° clockwise"
            ]
        );
        assert_eq!(page.warnings[0].kind, DiagnosticKind::Ocr);
        assert!(page.has_text());
        assert_eq!(page.width, 842.0);
    }
}
