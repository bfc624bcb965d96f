//! Typed errors of the exporter.

use std::fmt;

/// What went wrong while building or writing a record table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A value of the wrong type for its column (a bug of this crate, never
    /// of the input; reported, not panicked on).
    ColumnType {
        /// The column's type.
        expected: &'static str,
        /// The value's.
        found: &'static str,
    },
    /// A row with a different number of values than the table has columns.
    RowWidth {
        /// Columns of the table.
        expected: usize,
        /// Values given.
        found: usize,
    },
    /// Batches of two different record tables were joined.
    TableMismatch,
    /// Writing the output failed (the writer's message).
    Write(String),
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::ColumnType { expected, found } => {
                write!(f, "a {found} value in a {expected} column")
            }
            ErrorKind::RowWidth { expected, found } => {
                write!(
                    f,
                    "a row of {found} values in a table of {expected} columns"
                )
            }
            ErrorKind::TableMismatch => f.write_str("rows of another record table"),
            ErrorKind::Write(m) => write!(f, "cannot write: {m}"),
        }
    }
}

/// An error of the exporter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    kind: ErrorKind,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Error { kind }
    }

    pub(crate) fn write(e: impl fmt::Display) -> Self {
        Error::new(ErrorKind::Write(e.to_string().to_lowercase()))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}
