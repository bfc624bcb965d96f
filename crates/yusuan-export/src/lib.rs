//! Research-ready record tables: the stage after the audit that turns
//! finished Documents (and error records) into typed rows.
//!
//! `yusuan-export` reads what the pipeline produced for one input — a
//! [`Document`](yusuan_model::Document) with its tables, records and
//! findings, or the [`ErrorRecord`](yusuan_model::ErrorRecord) written in
//! its place — and gives its rows in nine record tables ([`RecordKind`]):
//! `documents` (one row per input: ok, failed or skipped), `tables`,
//! `facts`, `three_public`, `indicators`, `budget_lines` (long: one row per
//! code × column), `fund_summary` and `findings`. Every row carries the
//! document's sha256, path, department, year and type, and where they apply
//! the table's id, kind, title and unit, the page, row and box. Money is an
//! exact decimal in 元 beside the printed figure and its unit; counts and
//! percents are decimals with their unit; dates are dates. Column names are
//! snake_case and never SQL keywords (a test checks them against DuckDB's).
//!
//! The writers ([`CsvWriter`], and [`ParquetWriter`] with the `parquet`
//! feature) write the rows of many documents to any `Write`; the CLI opens
//! the files (`yusuan extract --format parquet|csv -o DIR`), keeps the rows
//! of each document for `--state` reruns, and names the files of a shard.
//! This crate touches no files.
//!
//! # Example
//! ```
//! use yusuan_export::{CsvWriter, ExportOptions, RecordKind, export_error};
//! use yusuan_model::{ErrorRecord, Stage};
//!
//! let record = ErrorRecord::new("a.pdf", None, Stage::Input, "not a pdf");
//! let rows = export_error(&record).unwrap();
//! let mut csv = CsvWriter::new(RecordKind::Documents, Vec::new()).unwrap();
//! csv.write(rows.batch(RecordKind::Documents).unwrap()).unwrap();
//! let text = String::from_utf8(csv.finish().unwrap()).unwrap();
//! assert!(text.starts_with("document_sha256,document_path,status,error_stage,"));
//! assert!(text.contains(",a.pdf,failed,input,not a pdf,"));
//! # let _ = ExportOptions::default();
//! ```
//!
//! # Limitations
//! - Decimals keep six places (DECIMAL(38, 6)); a longer one is rounded and
//!   the document's `warnings` say so. No corpus figure has more than six.
//! - The rows are what the records stage read: a table it could not read
//!   gives facts but no records.
//! - `claims` (narrative records) are not exported yet: the Document has
//!   none on this branch.
//!
//! # Cargo features
//! - `parquet` (default): [`ParquetWriter`], through the `parquet` crate's
//!   column writers (snappy compression only). About 50 s of CPU on a
//!   clean build (docs/design.md); without it only CSV is written.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod column;
mod csv;
mod docs;
mod error;
#[cfg(feature = "parquet")]
mod parquet;
mod rows;
mod tables;

pub use crate::column::{ColumnData, ColumnSpec, ColumnType, DECIMAL_PRECISION, DECIMAL_SCALE};
pub use crate::csv::{CsvWriter, PATH_SEPARATOR};
pub use crate::docs::columns_markdown;
pub use crate::error::{Error, ErrorKind};
#[cfg(feature = "parquet")]
pub use crate::parquet::ParquetWriter;
pub use crate::rows::{
    Batch, Export, ExportOptions, export_document, export_error, export_skipped,
};
pub use crate::tables::{PROVENANCE, RecordKind};
