//! Integration tests of the Word reader: one binary (see Cargo.toml).

// Helpers outside #[test] fns may unwrap too: a panic here is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::needless_range_loop)]

mod util;

mod features;
mod malformed;
mod samples;
