//! Integration tests of yusuan-ocr: one binary (STYLE §7).
//!
//! They need OCR installed (`scripts/install-ocr`); without it each prints
//! `skipped: …` and passes.

mod support {
    pub(crate) mod install;
    #[allow(dead_code, unreachable_pub)]
    pub(crate) mod scan;
    pub(crate) mod score;
}

mod corpus;
mod robustness;
mod samples;
