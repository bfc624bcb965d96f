//! Typed errors of the spreadsheet reader.

use std::fmt;

/// What went wrong while reading a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is neither a zip archive nor an OLE2 compound file.
    NotWorkbook,
    /// A zip or OLE2 container that holds no workbook (a Word file, a
    /// presentation, any other archive).
    NotSpreadsheet,
    /// A workbook format we recognize but do not read (`.xlsb`, BIFF5 and
    /// older `.xls`).
    Unsupported,
    /// The workbook is encrypted (a password is needed to open it).
    Encrypted,
    /// The container is damaged: a zip whose directory cannot be read, an
    /// OLE2 file whose sector chains are broken or truncated.
    Container,
    /// A part of the workbook is malformed (XML that is not well-formed,
    /// BIFF records cut short, references out of range).
    Malformed,
    /// A size limit was exceeded: a part's uncompressed size, the number of
    /// cells or shared strings, or a sheet's dimensions.
    TooLarge,
}

impl ErrorKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::NotWorkbook => "not a workbook",
            Self::NotSpreadsheet => "not a spreadsheet",
            Self::Unsupported => "unsupported workbook format",
            Self::Encrypted => "encrypted workbook",
            Self::Container => "damaged container",
            Self::Malformed => "malformed workbook",
            Self::TooLarge => "too large",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error of [`read_sheet`](crate::read_sheet): a kind plus a lower-case
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
