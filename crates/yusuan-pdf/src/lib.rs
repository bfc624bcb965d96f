//! The PDF reader of yusuan: the first stage for PDF input.
//!
//! It reads the bytes of a PDF and produces a
//! [`SourceDocument`](yusuan_model::SourceDocument) whose
//! [`Page`](yusuan_model::Page)s hold positioned glyphs (Unicode text, box,
//! size, font) and the horizontal and vertical ruling segments that table
//! grids are drawn with. It does not group glyphs into lines or cells — that
//! is `yusuan-layout`'s job — and it never touches the filesystem.
//!
//! Drawing is interpreted by `hayro-interpret` behind a private adapter: glyphs
//! outside the crop box or the clip path are dropped (WPS 表格 repeats merged
//! cell text off-page), fill-and-stroke text is kept once, stroked lines,
//! stroked rectangle edges and filled rectangles thinner than 2 pt become
//! segments (WPS 表格 and Word 2010 draw rules as `re f*`). A page whose text
//! mostly runs sideways (a form shown on its side) is turned upright, with a
//! page warning. Every page runs under `catch_unwind`.
//!
//! # Example
//! ```
//! use yusuan_pdf::{PdfOptions, read_pdf};
//! let err = read_pdf(b"not a pdf", &PdfOptions::default()).unwrap_err();
//! assert_eq!(err.to_string(), "not a pdf: no %PDF- header in the first 1024 bytes (9 bytes in all)");
//! ```
//!
//! # Limitations
//! - Glyph boxes are not ink boxes: x spans the advance width the font states
//!   (estimated from the character when it states none), y spans 0.88 em above
//!   to 0.12 em below the baseline.
//! - Glyphs whose font has no way to Unicode are dropped with a page warning,
//!   never guessed.
//! - Invisible text (render mode 3) is kept, with a warning, when it is a
//!   page's only text or the page has images (an OCR layer); on a page of
//!   visible text without images it is dropped with a warning.
//! - Only the empty user password is tried on encrypted files.
//! - Curves never become segments; annotations are not read.
//! - Resource limits ([`Limits`]) are checked on the raw bytes before
//!   hayro parses them: Flate streams that inflate past 256 MiB (4 GiB for a
//!   document), predictor rows past 16 MiB, pages listing more than 4,096
//!   content streams. Parameters kept inside compressed object streams and
//!   bombs inside encrypted streams escape the scan; a batch's worker
//!   processes have a memory limit for them.
//!
//! [`render_page`] and [`render_pages`] draw pages as images with the `hayro`
//! rasterizer (the OCR of scanned pages reads them; review reports show
//! them), at a resolution lowered as needed to stay within a pixel budget.
//!
//! # Cargo features
//! None. hayro's default features embed the 61 predefined CJK CMaps and
//! substitute fonts (~240 KB), which non-embedded `GBK-EUC-H` fonts need.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod dump;
mod error;
mod hayro_device;
mod limits;
mod read;
mod render;
mod rules;
mod sink;
mod text;
mod tree;
mod turn;

pub use dump::{dump_page, page_svg};
pub use error::{Error, ErrorKind};
pub use limits::{
    Limits, MAX_CONTENTS_PARTS, MAX_DOCUMENT_DECODED, MAX_PREDICTOR_ROW, MAX_STREAM_DECODED,
};
pub use read::{PageAccount, PdfOptions, read_pdf, read_pdf_with_account};
pub use render::{Image, PixelFormat, RenderOptions, encode_png, render_page, render_pages};
