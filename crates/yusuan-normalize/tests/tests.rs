//! Integration tests of yusuan-normalize, as one binary.

mod cases;
mod props;
mod truth;
