//! Integration tests of the spreadsheet reader: one binary (see STYLE.md §7).

// Helpers outside #[test] fns may unwrap too: a panic here is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::needless_range_loop)]

mod corpus;
mod malformed;
mod samples;
mod support;
