//! Table reconstruction: the stage between the readers and the records.
//!
//! `yusuan-layout` reads a [`SourceDocument`](yusuan_model::SourceDocument) — pages of positioned glyphs and
//! ruling segments from `yusuan-pdf`, paragraphs and native tables from
//! `yusuan-docx`, or worksheets from `yusuan-sheet` — and produces logical [`Table`](yusuan_model::Table)s as `../shared/CONTRACT.md`
//! ("Table") defines them: one entry per table even when it runs over pages,
//! merged cells as row/column spans, cell text as a reader sees it, with the
//! title and unit of the heading area. Text outside tables comes back as
//! [`TextLine`](yusuan_model::TextLine)s for meta extraction. It leaves classifying tables (`kind`)
//! and reading values to `yusuan-records` and `yusuan-normalize`.
//!
//! The ruled path snaps and merges rules into lines, groups crossing lines
//! into one component per table, takes the finest grid of the component's
//! lines, merges grid slots that no rule separates into spanning cells, and
//! assigns glyphs to cells by their centre. A table continues on the next page
//! when the next page's first table has no title and the same (or a subset of
//! the) column boundaries; repeated header rows are dropped.
//!
//! # Example
//!
//! ```
//! use yusuan_layout::{reconstruct, LayoutOptions};
//! use yusuan_model::{SourceDocument, SourceFormat};
//!
//! let doc = SourceDocument {
//!     format: SourceFormat::Pdf,
//!     producer: None,
//!     title: None,
//!     pages: Vec::new(),
//!     blocks: Vec::new(),
//!     warnings: Vec::new(),
//! };
//! let layout = reconstruct(&doc, &LayoutOptions::default());
//! assert!(layout.tables.is_empty());
//! ```
//!
//! A worksheet is cut into tables at the empty rows and columns between
//! them; rows without borders above a framed table are its heading (title,
//! "单位：万元"), and the table then goes the Word way. Tables of a workbook
//! are never joined: a sheet states where each one ends.
//!
//! Tables drawn without vertical rules (whitespace-aligned columns, hidden
//! borders, three-line tables) are found in the text left outside ruled
//! tables: lines cut into chunks at wide gaps, columns from the x-ranges the
//! figure rows' chunks cover, group headers spanning the columns they are
//! centred over ([`LayoutOptions::unruled_tables`]).
//!
//! # Limitations
//! - Unruled detection is conservative: it needs three or more rows with
//!   money figures in aligned columns; smaller or text-only borderless tables
//!   come back as lines. Unruled rows span one line each (a label wrapped
//!   tight under its row joins it); header cells never span rows.
//! - Scanned pages carry no glyphs and yield nothing.
//!
//! # Cargo features
//! None.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod codes;
mod grid;
mod header;
mod heading;
mod layout;
mod logical;
mod meaning;
mod native;
mod prose;
mod rules;
mod sheet;
mod text;
mod unruled;

pub use layout::{Layout, LayoutOptions, reconstruct};
pub use meaning::resolve_table;
