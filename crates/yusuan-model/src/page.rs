//! What the readers produce: pages of positioned glyphs and rules (PDF),
//! blocks of paragraphs and native tables (Word), or sheets of cells
//! (spreadsheets).

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::geometry::{BBox, Segment};

/// The file format an input was recognized as (by content, not extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// A PDF file.
    Pdf,
    /// An Office Open XML word-processing document.
    Docx,
    /// An Office Open XML workbook (`.xlsx`, `.xlsm`).
    Xlsx,
    /// A legacy Excel 97-2003 workbook (BIFF8 in an OLE2 compound file).
    Xls,
    /// An OpenDocument spreadsheet.
    Ods,
}

impl SourceFormat {
    /// The lower-case name, as serialized ("pdf", "docx", "xlsx" …).
    pub fn as_str(&self) -> &'static str {
        match self {
            SourceFormat::Pdf => "pdf",
            SourceFormat::Docx => "docx",
            SourceFormat::Xlsx => "xlsx",
            SourceFormat::Xls => "xls",
            SourceFormat::Ods => "ods",
        }
    }
}

/// One glyph as painted on the page.
///
/// Geometry in points, origin top-left of the crop box, after rotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Glyph {
    /// The glyph's Unicode text (usually one character; ligatures and
    /// ToUnicode entries may give several).
    pub text: String,
    /// The glyph box: advance width by font size, top at the ascent.
    pub bbox: BBox,
    /// Effective font size in points.
    pub size: f32,
    /// Index into [`Page::fonts`].
    pub font: u16,
    /// Whether the glyph's baseline runs top to bottom (rotated 90°), as in
    /// vertical labels drawn with a rotated text matrix.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rotated: bool,
    /// For a glyph read by OCR (`yusuan-ocr`), the recogniser's probability
    /// for the character, 0–1; `None` for glyphs of a text layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
}

/// The share of a page that images without text must cover for the page to
/// count as scanned ([`Page::is_scanned`]). Scans fill the page (1.00 on
/// the 8 scanned corpus pages); the two image-only pages of the corpus's
/// text documents are bar charts covering 0.17 and 0.24 of theirs.
pub const SCAN_COVER: f64 = 0.5;

/// One page as the PDF reader saw it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Page {
    /// Page number, from 1.
    pub number: u32,
    /// Width of the (rotated) crop box in points.
    pub width: f64,
    /// Height of the (rotated) crop box in points.
    pub height: f64,
    /// The page's /Rotate, in degrees (0, 90, 180, 270).
    pub rotation: u16,
    /// Glyphs in content-stream order, those outside the crop box or clip
    /// path already dropped.
    pub glyphs: Vec<Glyph>,
    /// Horizontal and vertical ruling segments.
    pub segments: Vec<Segment>,
    /// Font names used on the page (decoded from GBK where needed); glyphs
    /// refer to them by index.
    pub fonts: Vec<String>,
    /// Number of images painted on the page (a page with images and no glyphs
    /// is a scan).
    pub images: u32,
    /// Square points of the page the images cover (their visible bounding
    /// boxes, added up): a scan covers the page, a chart or a logo a part.
    #[serde(default)]
    pub image_area: f64,
    /// Problems met on this page, typed and located on it (rendered into
    /// `Document.warnings` as "pdf, page 3: font F1 has no unicode mapping;
    /// 120 glyphs dropped").
    pub warnings: Vec<Diagnostic>,
}

impl Page {
    /// Whether the page has a text layer.
    pub fn has_text(&self) -> bool {
        self.glyphs.iter().any(|g| !g.text.trim().is_empty())
    }

    /// Whether the page looks scanned: no text, and images covering at
    /// least [`SCAN_COVER`] of it. A page of text documents that holds only
    /// a chart or a photo is not one (reading it by OCR gives no table).
    pub fn is_scanned(&self) -> bool {
        self.images > 0 && !self.has_text() && self.image_cover() >= SCAN_COVER
    }

    /// The share of the page its images cover, from 0 to 1.
    pub fn image_cover(&self) -> f64 {
        let page = self.width * self.height;
        if page > 0.0 {
            (self.image_area / page).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

/// A cell of a table as the source format states it (Word).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NativeCell {
    /// Row of the top-left grid position, from 0.
    pub row: usize,
    /// Column of the top-left grid position, from 0.
    pub col: usize,
    /// Rows covered, at least 1.
    pub rowspan: usize,
    /// Columns covered, at least 1.
    pub colspan: usize,
    /// Cell text: paragraphs joined with "\n", outer whitespace trimmed.
    pub text: String,
}

/// A table whose grid the source states explicitly (a Word table).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NativeTable {
    /// Number of grid rows.
    pub n_rows: usize,
    /// Number of grid columns.
    pub n_cols: usize,
    /// Top-left positions of the cells only, in row-major order.
    pub cells: Vec<NativeCell>,
    /// Rows marked as header rows repeated on each page (`w:tblHeader`).
    pub header_rows: usize,
    /// Nesting depth: 0 for a body table, 1 for a table inside a cell, ...
    pub depth: u32,
}

/// One cell of a worksheet as the spreadsheet reader saw it: hidden rows and
/// columns already removed, positions counted in the visible grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetCell {
    /// Row of the top-left position in the visible grid, from 0.
    pub row: usize,
    /// Column of the top-left position in the visible grid, from 0.
    pub col: usize,
    /// Visible rows covered by the (merged) cell, at least 1.
    pub rowspan: usize,
    /// Visible columns covered, at least 1.
    pub colspan: usize,
    /// The text as the sheet shows it: numbers formatted by the cell's
    /// number format ("1,234.50" as "1234.50"), dates as dates, formulas by
    /// their cached value, line breaks as "\n".
    pub text: String,
    /// Whether the cell has a visible border on any side: table cells are
    /// framed, titles and notes around them usually are not.
    pub framed: bool,
    /// The cell's reference in the sheet, "C7" (column letters, row from 1).
    pub reference: String,
}

/// One worksheet: its visible used area as a grid of cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SheetGrid {
    /// The sheet's name as its tab shows it.
    pub name: String,
    /// Position of the sheet in the workbook, from 1 (hidden sheets count).
    pub number: u32,
    /// Visible rows of the used area (hidden rows and the empty area after
    /// the last used row left out).
    pub n_rows: usize,
    /// Visible columns of the used area.
    pub n_cols: usize,
    /// Cells with text or a border, row-major, top-left positions only.
    pub cells: Vec<SheetCell>,
}

/// A block of a flow document in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// A paragraph's text.
    Paragraph {
        /// The text, runs joined, outer whitespace trimmed.
        text: String,
        /// Whether a page break precedes or is inside this paragraph.
        page_break: bool,
    },
    /// A native table.
    Table(NativeTable),
    /// A worksheet of a workbook (tables are found in it by layout).
    Sheet(SheetGrid),
}

/// What a reader produced from one input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceDocument {
    /// PDF, DOCX or a workbook format.
    pub format: SourceFormat,
    /// The producing application, as the file names it (PDF /Producer or
    /// /Creator, docProps/app.xml Application, a workbook's application),
    /// if any.
    pub producer: Option<String>,
    /// The document title from its metadata, if any.
    pub title: Option<String>,
    /// Pages (PDF only; empty for Word).
    pub pages: Vec<Page>,
    /// Blocks in reading order (Word: paragraphs and tables; workbooks: one
    /// sheet block per visible worksheet; empty for PDF).
    pub blocks: Vec<Block>,
    /// Document-level warnings (repairs, unsupported features), typed and
    /// located where the reader knows where.
    pub warnings: Vec<Diagnostic>,
}

impl SourceDocument {
    /// Number of pages, or 0 for a flow document whose pagination is unknown.
    pub fn page_count(&self) -> u32 {
        u32::try_from(self.pages.len()).unwrap_or(u32::MAX)
    }
}

/// A line of text outside any table, as layout found it (titles, cover
/// pages, prose), for meta extraction downstream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextLine {
    /// Page, from 1 (for Word: 1, or the page counted from page breaks).
    pub page: u32,
    /// The line's text, CJK joined without spaces.
    pub text: String,
    /// Line box in points, origin top-left; `None` for Word.
    pub bbox: Option<BBox>,
    /// Largest font size on the line in points (0 for Word).
    pub size: f32,
}
