//! The reader's error type: why a file could not be read at all.

use std::fmt;

/// What kind of failure stopped the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The bytes are not a PDF file (no `%PDF-` header).
    NotPdf,
    /// The file is encrypted and needs a password other than the empty one,
    /// or uses an encryption scheme the interpreter cannot undo.
    Encrypted,
    /// The file claims to be a PDF but its structure could not be recovered
    /// (no readable cross-reference data, no page tree).
    Damaged,
    /// A page number outside the document was asked for (rendering).
    NoSuchPage,
    /// Reading the file would pass one of the reader's resource limits
    /// ([`Limits`](crate::Limits)): a decompression bomb, a predictor row
    /// of absurd size; or a page cannot be drawn within the pixel caps of
    /// the [`RenderOptions`](crate::RenderOptions) (an embedded image that
    /// claims too many pixels).
    TooLarge,
    /// The renderer failed on a page, or an image could not be encoded.
    Render,
}

impl ErrorKind {
    /// The lower-case prefix of messages of this kind.
    fn prefix(self) -> &'static str {
        match self {
            ErrorKind::NotPdf => "not a pdf",
            ErrorKind::Encrypted => "encrypted with a password",
            ErrorKind::Damaged => "damaged pdf",
            ErrorKind::NoSuchPage => "no such page",
            ErrorKind::TooLarge => "pdf refused by a resource limit",
            ErrorKind::Render => "rendering failed",
        }
    }
}

/// A PDF that could not be read. Displays as `<kind>: <reason>`, lower case;
/// the caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {reason}", kind.prefix())]
pub struct Error {
    kind: ErrorKind,
    reason: String,
}

impl Error {
    /// An error of `kind` with a lower-case reason.
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

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())
    }
}
