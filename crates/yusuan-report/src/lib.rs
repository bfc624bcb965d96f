//! Review reports: the last stage of yusuan, after `yusuan-audit`.
//!
//! It takes a finished [`Document`](yusuan_model::Document) (tables with
//! their resolved meaning, records, claims, findings) and, for a PDF, the
//! file's bytes, and writes one self-contained HTML page a person can read:
//! every page drawn by `yusuan-pdf` (hayro) with an overlay of the table
//! cells (header rows shaded, merged cells outlined), the claims' sentences
//! (linked to the table cell they were checked against) and the findings
//! (numbered red, amber and blue boxes with the message beside the page); a
//! side panel lists the findings by severity and links to their boxes, and
//! each reconstructed grid is shown as an HTML table beside its first page.
//! Word documents and workbooks are shown as their tables and text. It
//! decides nothing about the document: what is a header, a total or a
//! finding was settled by layout, records and the audit. The CLI reads the
//! files and writes the pages.
//!
//! [`page_overlay`] is the overlay alone, as SVG in page points; `yusuan
//! inspect --svg` draws it over the reader's glyphs, so both views share one
//! drawing. [`build_index`] lists the reports of a run.
//!
//! # Example
//! ```
//! use yusuan_model::{Document, Source, SourceFormat};
//! use yusuan_report::{ReportOptions, build_report};
//! let doc = Document::new(Source {
//!     path: "form.docx".into(), sha256: String::new(), format: SourceFormat::Docx,
//!     pages: 0, producer: None, ocr_pages: Vec::new(),
//! });
//! let report = build_report(&doc, None, &ReportOptions::default());
//! assert!(report.html.starts_with("<!DOCTYPE html>"));
//! assert_eq!(report.pages_drawn, 0);
//! ```
//!
//! # Limitations
//! - Boxes are drawn where the model puts them; on a page layout read turned
//!   (text running sideways) they are in the upright page's coordinates and
//!   do not sit on the image.
//! - A claim sentence's box is cut from its lines assuming evenly spaced
//!   characters (true of the justified CJK text of these documents).
//! - Page images are gray: a coloured stamp shows as gray.
//!
//! # Cargo features
//! None.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod document;
mod escape;
mod index;
mod overlay;
mod picture;

pub use document::{Report, ReportOptions, build_report};
pub use escape::url_path;
pub use index::{IndexEntry, build_index};
pub use overlay::page_overlay;
