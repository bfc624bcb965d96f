//! yusuan-audit: stage crate, see the crate description.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
