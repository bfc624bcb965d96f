//! Integration tests of the PDF reader: one binary (see STYLE.md §7).
//!
//! Corpus tests read `../shared/corpus/` and skip with a message when it (or
//! poppler's `pdftotext`/`pdftoppm`) is absent.

mod corpus;
mod grids;
mod robustness;
mod scanned;
mod text_recall;
