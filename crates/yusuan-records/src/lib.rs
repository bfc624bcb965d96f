//! Budget domain records: the stage between table reconstruction and the
//! audit.
//!
//! `yusuan-records` reads the logical [`Table`]s that `yusuan-layout` found
//! (grids with merged cells, titles, units and heading lines) and the text
//! lines outside them, and produces what the contract calls records: the
//! canonical [`TableKind`] of every table, 绩效指标 rows ([`Indicator`]),
//! "三公"经费 columns ([`ThreePublic`]), coded budget rows ([`BudgetLine`]),
//! funding blocks ([`FundSummary`]), the document's [`Meta`] and, on a
//! finished [`Document`], one [`Fact`] per numeric body cell. Cell values are
//! normalized by `yusuan-normalize`; checking that the figures add up is
//! left to `yusuan-audit`.
//!
//! # Example
//! ```
//! use yusuan_model::{Cell, Table, TableKind};
//! use yusuan_records::{RecordsOptions, build_records};
//!
//! let cell = |row, col, text: &str| Cell {
//!     row, col, rowspan: 1, colspan: 1, text: text.into(), page: 3, bbox: None,
//!     ..Cell::default()
//! };
//! let mut tables = vec![Table {
//!     id: "t1".into(),
//!     title: Some("2025年部门“三公”经费预算表".into()),
//!     unit: Some("万元".into()),
//!     pages: vec![3],
//!     n_rows: 2,
//!     n_cols: 3,
//!     header_rows: 1,
//!     cells: vec![
//!         cell(0, 0, "合计"), cell(0, 1, "因公出国（境）费"), cell(0, 2, "公务接待费"),
//!         cell(1, 0, "3.00"), cell(1, 1, "1.00"), cell(1, 2, "2.00"),
//!     ],
//!     ..Table::default()
//! }];
//! // Tables from yusuan-layout come resolved; one built by hand is resolved
//! // the same way (header rows, column roles, sides).
//! yusuan_layout::resolve_table(&mut tables[0]);
//! let out = build_records(&mut tables, &[], &RecordsOptions::default());
//! assert_eq!(tables[0].kind, TableKind::ThreePublic);
//! assert_eq!(out.records.three_public.len(), 1);
//! assert_eq!(out.meta.year, Some(2025));
//! ```
//!
//! # Limitations
//! - Records are read from grids: a table that layout split wrongly or
//!   whose header rows it missed gives fewer records (never invented ones).
//! - Indicator forms whose columns are shifted against their header (some
//!   Word forms leave a level cell in the wrong column) keep the text where
//!   it is printed.
//! - Narrative-only 绩效目标 (no indicator grid) give no indicators.
//!
//! # Cargo features
//! None.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod budget;
mod build;
mod claim_links;
mod claim_vocab;
mod claims;
mod facts;
mod fund;
mod grid;
mod indicator;
mod kind;
mod meta;
mod three_public;
mod value;

pub use build::{RecordsOptions, RecordsOutput, build_records};
pub use claims::read_claims;
pub use facts::collect_facts;
pub use kind::classify_table;

#[cfg(doc)]
use yusuan_model::{
    BudgetLine, Document, Fact, FundSummary, Indicator, Meta, Table, TableKind, ThreePublic,
};
