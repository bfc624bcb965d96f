//! Typed errors of the Word reader.

use std::fmt;

/// What went wrong while reading a `.docx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not a zip archive at all (empty, random bytes, a PDF).
    NotZip,
    /// The input is an OLE2 compound file: a legacy Word `.doc`, or a
    /// password-protected Office file (both use the same container).
    LegacyDoc,
    /// A zip archive without a word-processing main part (an `.xlsx`, a
    /// `.pptx`, any other zip).
    NotDocx,
    /// The zip archive is damaged or uses a compression method we do not read.
    Zip,
    /// The main part is not well-formed WordprocessingML.
    Xml,
    /// A size limit was exceeded: the main part's uncompressed size, a table
    /// grid, or a span.
    TooLarge,
    /// Elements or tables are nested deeper than the reader allows.
    TooDeep,
}

impl ErrorKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::NotZip => "not a zip archive",
            Self::LegacyDoc => "legacy word .doc (ole2 compound file)",
            Self::NotDocx => "not a word document",
            Self::Zip => "damaged zip archive",
            Self::Xml => "malformed document xml",
            Self::TooLarge => "too large",
            Self::TooDeep => "nested too deeply",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error of [`read_docx`](crate::read_docx): a kind plus a lower-case
/// message saying what was found and, where one helps, a hint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The kind of error.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The message without the kind prefix.
    pub fn message(&self) -> &str {
        &self.message
    }
}
