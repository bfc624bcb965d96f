//! Integration tests of the spreadsheet reader: one binary (see STYLE.md §7).

mod corpus;
mod malformed;
mod samples;
mod support;
