//! Integration tests of yusuan-records: one binary (see Cargo.toml).

// Helpers outside #[test] functions: a panic there is a test failure with a
// message, not a crash on user input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::needless_range_loop)]

mod claims;
mod corpus;
mod facts;
mod golden_corpus;
mod golden_samples;
mod schema;
mod seeds;
mod support;
mod truth;
