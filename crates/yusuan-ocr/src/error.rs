//! The OCR stage's error type.

use std::fmt;

/// What kind of failure stopped OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The runtime library or a model file is missing: OCR is not installed.
    NotInstalled,
    /// The runtime library or a model could not be loaded, or inference
    /// failed.
    Runtime,
    /// A model or the character list is not what the recogniser expects.
    Model,
    /// A page image is unusable (size and buffer disagree, too large).
    Image,
    /// The page could not be drawn (see `yusuan_pdf::ErrorKind`).
    Render,
}

impl ErrorKind {
    fn prefix(self) -> &'static str {
        match self {
            ErrorKind::NotInstalled => "ocr not installed",
            ErrorKind::Runtime => "ocr runtime failed",
            ErrorKind::Model => "ocr model unusable",
            ErrorKind::Image => "bad page image",
            ErrorKind::Render => "page not drawn",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())
    }
}

/// An OCR failure. Displays as `<kind>: <reason>`, lower case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {reason}", kind.prefix())]
pub struct Error {
    kind: ErrorKind,
    reason: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, reason: impl Into<String>) -> Self {
        Error {
            kind,
            reason: reason.into(),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The reason, without the kind prefix.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl From<yusuan_pdf::Error> for Error {
    fn from(e: yusuan_pdf::Error) -> Self {
        Error::new(ErrorKind::Render, e.to_string())
    }
}
