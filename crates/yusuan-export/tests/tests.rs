//! Integration tests of yusuan-export: one binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod docs;
// The Parquet read-back needs the `parquet` feature (default).
#[cfg(feature = "parquet")]
mod parquet_back;
mod samples;
