//! The spreadsheet reader of yusuan: `.xlsx`, `.xls` and `.ods` bytes in,
//! one grid of printed cell texts per visible worksheet out.
//!
//! It sits at the start of the pipeline beside `yusuan-pdf` and
//! `yusuan-docx`. It reads a workbook's worksheets and produces a
//! [`SourceDocument`] whose `blocks` are one
//! [`Block::Sheet`](yusuan_model::Block::Sheet) per visible worksheet, in
//! workbook order: the cells of the sheet's used area with their texts as
//! the sheet shows them, merged ranges as row and column spans, whether each
//! cell has a border, and its reference ("C7"). Finding the tables on a
//! sheet (split at empty rows and columns), their titles, "单位：万元" lines
//! and header rows is left to `yusuan-layout`.
//!
//! # Example
//! ```
//! use yusuan_sheet::{ErrorKind, SheetOptions, read_sheet};
//! let err = read_sheet(b"%PDF-1.7", &SheetOptions::default()).unwrap_err();
//! assert_eq!(err.kind(), &ErrorKind::NotWorkbook);
//! ```
//!
//! # Cell text
//! - Numbers are shown through the cell's number format, as the sheet
//!   displays them: decimal places, thousands separators, percent, literal
//!   text and currency symbols ("#,##0.00" shows 1234.5 as "1,234.50"; the
//!   text keeps the separators, as a reader and the sheet's PDF export see
//!   them, and `yusuan-normalize` reads them). The value is first rounded to
//!   15 significant digits, as Excel does, and then half away from zero.
//! - Dates and times are shown by their format ("yyyy年m月d日" → 2023年11月30日;
//!   built-in format 14 as 2023/11/30, its zh-CN form).
//! - Formulas show their cached value: the file's last computed result; no
//!   formula is evaluated.
//! - Booleans are TRUE/FALSE, errors as Excel prints them (#DIV/0!).
//! - ODS files store the displayed text of each cell, which is used as is.
//! - Phonetic guides (`rPh`) and comments are not part of the text.
//!
//! # Left out
//! Hidden worksheets, hidden rows and columns, cells with neither text nor
//! a border, and the empty area around the used cells; a run of empty rows
//! or columns inside the used area is kept as one empty row or column,
//! which is where layout splits tables.
//!
//! # Limitations
//! - `.xlsb` and BIFF5 (Excel 5.0/95) workbooks are refused with
//!   [`ErrorKind::Unsupported`] and a conversion hint; encrypted workbooks
//!   with [`ErrorKind::Encrypted`].
//! - Number formats with conditions (`[>=100]`), fractions and scientific
//!   notation fall back to General; `zeroHeight` sheets (rows hidden unless
//!   listed) are read as if every row were shown.
//! - Rich text runs are joined; text boxes, shapes, charts and pictures are
//!   not read.
//!
//! # Limits
//! A zip part may inflate to at most [`SheetOptions::max_part_bytes`]
//! (checked against the header and enforced while inflating), and the same
//! cap applies to the `.xls` workbook stream. Cells, shared strings, merged
//! ranges and each sheet's visible grid have caps too. Exceeding one is an
//! [`ErrorKind::TooLarge`] error, never a panic or an unbounded allocation.
//!
//! # Cargo features
//! None.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod archive;
mod cfb;
mod error;
mod format;
mod grid;
mod ods;
mod xls;
mod xlsx;
mod xml;

pub use error::{Error, ErrorKind};

use yusuan_model::{Block, Diagnostic, DiagnosticKind, Loc, SourceDocument, SourceFormat, Stage};

/// Default cap on one part's uncompressed size (and on the `.xls` workbook
/// stream): 128 MiB, as for the Word reader's main part. Budget workbooks
/// are tens of KB; the 20-sheet corpus `.xlsx` has 0.3 MB of XML.
pub const MAX_PART_BYTES: u64 = 128 << 20;

/// Options of [`read_sheet`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SheetOptions {
    /// Largest uncompressed size of one zip part, and of the `.xls`
    /// workbook stream, in bytes. Default [`MAX_PART_BYTES`].
    pub max_part_bytes: u64,
    /// Most cells (with text or a border) in the whole workbook. Default
    /// 2,000,000.
    pub max_cells: usize,
    /// Most shared strings. Default 2,000,000.
    pub max_shared_strings: usize,
    /// Most merged ranges per sheet. Default 100,000.
    pub max_merges: usize,
    /// Most positions (rows × columns) of one sheet's visible grid after
    /// empty runs are collapsed. Default 4,000,000, layout's cap on a
    /// native table.
    pub max_grid_slots: u64,
}

impl Default for SheetOptions {
    fn default() -> Self {
        Self {
            max_part_bytes: MAX_PART_BYTES,
            max_cells: 2_000_000,
            max_shared_strings: 2_000_000,
            max_merges: 100_000,
            max_grid_slots: 4_000_000,
        }
    }
}

/// The caps the parsers check (the options, copied).
pub(crate) type Limits = SheetOptions;

/// Reads a workbook's visible worksheets.
///
/// The input is recognized by content: a zip holding `xl/workbook.xml` is
/// `.xlsx`/`.xlsm`, one whose `mimetype` is an OpenDocument spreadsheet is
/// `.ods`, an OLE2 file with a `Workbook` stream is `.xls`. Anything else is
/// [`ErrorKind::NotWorkbook`] or [`ErrorKind::NotSpreadsheet`].
pub fn read_sheet(bytes: &[u8], options: &SheetOptions) -> Result<SourceDocument, Error> {
    let (format, book) = if bytes.starts_with(&cfb::MAGIC) {
        (SourceFormat::Xls, xls::read_xls(bytes, options)?)
    } else if bytes.starts_with(b"PK") {
        let mut pkg = archive::Package::open(bytes)?;
        if xlsx::is_xlsx(&pkg) {
            (SourceFormat::Xlsx, xlsx::read_xlsx(&mut pkg, options)?)
        } else if ods::is_ods(&mut pkg) {
            (SourceFormat::Ods, ods::read_ods(&mut pkg, options)?)
        } else {
            let what = if pkg.has("word/document.xml") {
                " (it is a word document)"
            } else if pkg.has("ppt/presentation.xml") {
                " (it is a powerpoint presentation)"
            } else {
                ""
            };
            return Err(Error::new(
                ErrorKind::NotSpreadsheet,
                format!(
                    "zip archive has no xl/workbook.xml and is no opendocument spreadsheet{what}"
                ),
            ));
        }
    } else {
        let head: Vec<String> = bytes.iter().take(8).map(|b| format!("{b:02x}")).collect();
        return Err(Error::new(
            ErrorKind::NotWorkbook,
            format!(
                "expected a zip archive (50 4b) or an ole2 file (d0 cf 11 e0), found {}",
                if head.is_empty() {
                    "an empty input".to_owned()
                } else {
                    format!("bytes {}", head.join(" "))
                }
            ),
        ));
    };
    let limits = grid::GridLimits {
        max_slots: options.max_grid_slots,
    };
    let mut blocks = Vec::new();
    let mut warnings = book.warnings;
    let mut hidden = 0usize;
    for raw in book.sheets {
        if raw.hidden {
            hidden += 1;
            continue;
        }
        if let Some(grid) = grid::build_grid(raw, limits)? {
            blocks.push(Block::Sheet(grid));
        }
    }
    if hidden > 0 {
        warnings.push(format!("{hidden} hidden worksheets left out"));
    }
    Ok(SourceDocument {
        format,
        producer: book.producer,
        title: book.title,
        pages: Vec::new(),
        blocks,
        // What the workbook reader skipped (hidden sheets, missing parts):
        // typed at the reader's boundary.
        warnings: warnings
            .into_iter()
            .map(|m| {
                Diagnostic::warning(
                    Stage::Sheet,
                    DiagnosticKind::ReaderRepair,
                    Loc::default(),
                    m,
                )
            })
            .collect(),
    })
}
