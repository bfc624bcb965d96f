//! The Word reader of yusuan: `.docx` bytes in, paragraphs and native tables
//! out, in reading order.
//!
//! It sits at the start of the pipeline beside `yusuan-pdf`. It reads the
//! main part (`word/document.xml`) of a WordprocessingML package with a
//! streaming XML reader and produces a [`SourceDocument`] whose `blocks` are
//! [`Block::Paragraph`](yusuan_model::Block::Paragraph)s and
//! [`Block::Table`](yusuan_model::Block::Table)s in document order, so that a
//! form's title and its "单位：万元" line stay next to the table they head.
//! Tables come out as grids with merges resolved (`gridSpan`, `hMerge`,
//! `vMerge`, `gridBefore`/`gridAfter`). Recognizing titles, units and table
//! kinds is left to `yusuan-layout` and `yusuan-records`; joining a table the
//! author split in two is left to layout too.
//!
//! # Example
//! ```
//! use yusuan_docx::{DocxOptions, ErrorKind, read_docx};
//! let err = read_docx(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", &DocxOptions::default()).unwrap_err();
//! assert_eq!(err.kind(), &ErrorKind::LegacyDoc);
//! assert!(err.to_string().contains("soffice --headless --convert-to docx"));
//! ```
//!
//! # Text rules
//! - Runs are joined as typed; `w:tab` gives `"\t"`, `w:br` and `w:cr` give
//!   `"\n"`, `w:noBreakHyphen` gives `"-"`, `w:sym` is mapped to Unicode.
//! - Paragraph and cell text is trimmed; a cell's paragraphs are joined with
//!   `"\n"`, empty ones dropped. Body paragraphs with no text are dropped
//!   unless they carry a page break.
//! - Inserted revisions count, deleted ones (`w:del`, `w:moveFrom`, rows with
//!   `w:trPr/w:del`) do not; hidden runs (`w:vanish`) do not.
//! - Fields: `w:fldSimple` content and the result runs of complex fields
//!   (between `separate` and `end`) count; instructions do not.
//! - Content controls, custom XML, smart tags and hyperlinks are transparent.
//!   `mc:AlternateContent` is read through its first `mc:Choice` only.
//! - `page_break` is set only by breaks the author typed: `w:br w:type="page"`,
//!   `w:pageBreakBefore`, and a section break that starts a new page. The
//!   renderer's `w:lastRenderedPageBreak` hints are ignored (they depend on the
//!   fonts of the machine that last saved the file).
//! - A nested table's text is kept in the outer cell (rows on lines, cells
//!   tab-separated), and the nested table also follows the outer one as its
//!   own block with `depth >= 1`.
//!
//! # Limitations
//! - Text boxes, shapes and images are skipped (a warning counts the text
//!   boxes); headers, footers, footnotes and comments are not read.
//! - `w:altChunk` (embedded HTML/RTF) is skipped with a warning.
//! - Page breaks inside table cells are not reported.
//!
//! # Limits
//! The main part may inflate to at most [`DocxOptions::max_document_xml`]
//! bytes (checked against the zip header and enforced while inflating);
//! element nesting, table nesting, grid size and span values have named caps.
//! Exceeding one is an [`ErrorKind::TooLarge`] or [`ErrorKind::TooDeep`]
//! error, never a panic or unbounded allocation.
//!
//! # Cargo features
//! None.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod archive;
mod body;
mod error;
mod grid;

pub use error::{Error, ErrorKind};

use std::io::BufReader;

use yusuan_model::{Diagnostic, DiagnosticKind, Loc, SourceDocument, SourceFormat, Stage};

/// Default cap on the main part's uncompressed size: 128 MiB. Word is
/// verbose: a generated file of 1,100 tables of 40 × 6 cells, with the run
/// and cell properties Word writes, has 55 MiB of XML (read in 0.34 s, 26 MiB
/// peak, release build); real budget forms are 30–75 KB. What is read before
/// the cap stops a bomb is held as blocks, about 2.3 bytes per byte of XML
/// for tiny paragraphs, so the cap also bounds memory (see
/// `tests/malformed.rs`, which measures a 1 GiB bomb).
pub const MAX_DOCUMENT_XML_BYTES: u64 = 128 << 20;

/// Options of [`read_docx`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DocxOptions {
    /// Largest uncompressed size of the main part in bytes; larger files are
    /// an [`ErrorKind::TooLarge`] error. Default [`MAX_DOCUMENT_XML_BYTES`].
    pub max_document_xml: u64,
}

impl Default for DocxOptions {
    fn default() -> Self {
        Self {
            max_document_xml: MAX_DOCUMENT_XML_BYTES,
        }
    }
}

/// Reads a `.docx` file's paragraphs and tables in reading order.
///
/// The input is recognized by content: an OLE2 file is a legacy `.doc`
/// ([`ErrorKind::LegacyDoc`], with the conversion command in the message), a
/// zip without a Word main part is [`ErrorKind::NotDocx`].
pub fn read_docx(bytes: &[u8], options: &DocxOptions) -> Result<SourceDocument, Error> {
    let mut package = archive::Package::open(bytes)?;
    let (producer, title) = package.read_metadata();
    let main_part = package.main_part().to_owned();
    let body = {
        let reader = package.open_main(options.max_document_xml)?;
        body::read_body(BufReader::with_capacity(64 << 10, reader))
    }
    .map_err(|e| Error::new(*e.kind(), format!("{main_part}: {}", e.message())))?;
    Ok(SourceDocument {
        format: SourceFormat::Docx,
        producer,
        title,
        pages: Vec::new(),
        blocks: body.blocks,
        // What the body reader skipped or repaired (text boxes, altChunks,
        // orphan merges): typed at the reader's boundary.
        warnings: body
            .warnings
            .into_iter()
            .map(|m| {
                Diagnostic::warning(Stage::Docx, DiagnosticKind::ReaderRepair, Loc::default(), m)
            })
            .collect(),
    })
}
