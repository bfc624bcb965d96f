//! Shared types of the yusuan pipeline.
//!
//! Every stage reads and writes these types and nothing else of its siblings:
//! the readers (`yusuan-pdf`, `yusuan-docx`, `yusuan-sheet`) produce a
//! [`SourceDocument`] of [`Page`]s (positioned [`Glyph`]s and ruling
//! [`Segment`]s) or native [`Block`]s (paragraphs, tables, worksheets); `yusuan-layout` turns them into logical [`Table`]s;
//! `yusuan-normalize` turns cell text into [`Quantity`]s; `yusuan-records`
//! fills [`Records`] (including [`Claim`]s read from the running text,
//! [`Section`]s of [`Paragraph`]s that layout keeps), [`Meta`] and [`Fact`]s; `yusuan-audit` adds
//! [`Finding`]s; the CLI serializes the [`Document`].
//!
//! The serialized field names of the output types are fixed by
//! `../shared/CONTRACT.md` (schema version [`SCHEMA_VERSION`]); fields that the
//! contract does not name are documented as extensions where they are declared.
//!
//! # Conventions
//! - Geometry is in PDF points with the origin at the **top-left** of the
//!   page's crop box, y growing downwards, after the page rotation is applied.
//! - Money is never held in a float: amounts are [`rust_decimal::Decimal`],
//!   serialized as exact JSON numbers.
//! - Pages count from 1, rows and columns from 0.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod claims;
mod diag;
mod document;
mod geometry;
mod grid;
mod page;
mod quantity;
mod records;
mod table;
mod text;

pub use claims::{Basis, Claim, ClaimLink, Trend};
pub use diag::{Diagnostic, DiagnosticKind, Loc, Severity, Stage, page_list};
pub use document::{Document, ErrorRecord, ErrorSource, Meta, SCHEMA_VERSION, Source, StageError};
pub use geometry::{BBox, Orientation, Segment};
pub use grid::Grid;
pub use page::{
    Block, Glyph, NativeCell, NativeTable, Page, SCAN_COVER, SheetCell, SheetGrid, SourceDocument,
    SourceFormat, TextLine,
};
pub use quantity::{Op, Quantity, QuantityKind};
pub use records::{
    BudgetLine, BudgetValue, DocType, Fact, Finding, FundSummary, Indicator, Records, ThreePublic,
    ThreePublicYuan,
};
pub use table::{
    Cell, CellMethod, CellOcr, Column, ColumnRole, FigureBlock, HeaderNode, Row, RowRole, Side,
    Table, TableKind, header_tree_of, is_block_total_label, is_total_label, squash_label,
};
pub use text::{LineSpan, Paragraph, ParagraphRole, Section, split_sentences};

/// Re-exported so that every crate names the same decimal type.
pub use rust_decimal::Decimal;
