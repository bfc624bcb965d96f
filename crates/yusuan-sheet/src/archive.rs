//! Zip packages (.xlsx, .ods): opening the directory and reading parts with a
//! hard cap on their uncompressed size.

use std::io::{self, Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use crate::error::{Error, ErrorKind};

/// An opened zip package.
pub(crate) struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
}

/// Marks the I/O error a [`Capped`] reader returns once its cap is passed.
#[derive(Debug)]
struct CapExceeded;

impl std::fmt::Display for CapExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("uncompressed size cap exceeded")
    }
}

impl std::error::Error for CapExceeded {}

/// A reader that fails once more than `left` bytes have come out. The zip
/// header's declared size is checked first, but a crafted archive can lie
/// about it, so the cap is enforced on the inflated bytes too.
pub(crate) struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            // One probe byte tells a part of exactly the cap from a longer one.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(CapExceeded)),
            };
        }
        let want = usize::try_from(self.left)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let got = self.inner.read(buf.get_mut(..want).unwrap_or_default())?;
        self.left = self.left.saturating_sub(got as u64);
        Ok(got)
    }
}

/// Whether an I/O error came from a [`Capped`] reader.
pub(crate) fn is_cap_exceeded(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<CapExceeded>())
}

impl<'a> Package<'a> {
    /// Opens the zip directory.
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Self, Error> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Error::new(
                ErrorKind::Container,
                format!(
                    "starts like a zip but its directory cannot be read ({}); truncated download?",
                    e.to_string().to_lowercase()
                ),
            )
        })?;
        Ok(Self { zip })
    }

    /// Whether the package has a part of this name.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// Opens a part for streaming, capped at `limit` uncompressed bytes.
    pub(crate) fn open_capped(
        &mut self,
        name: &str,
        limit: u64,
    ) -> Result<Capped<zip::read::ZipFile<'_, Cursor<&'a [u8]>>>, Error> {
        let file = self.zip.by_name(name).map_err(|e| match e {
            ZipError::FileNotFound => {
                Error::new(ErrorKind::Malformed, format!("part {name} is missing"))
            }
            other => Error::new(
                ErrorKind::Container,
                format!("{name}: {}", other.to_string().to_lowercase()),
            ),
        })?;
        if file.size() > limit {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!(
                    "{name} declares {} bytes uncompressed, more than the limit of {limit}",
                    file.size()
                ),
            ));
        }
        Ok(Capped {
            inner: file,
            left: limit,
        })
    }

    /// Reads a whole part, capped at `limit` bytes.
    pub(crate) fn read_part(&mut self, name: &str, limit: u64) -> Result<Vec<u8>, Error> {
        let mut reader = self.open_capped(name, limit)?;
        let mut out = Vec::new();
        reader
            .read_to_end(&mut out)
            .map_err(|e| io_error(name, limit, &e))?;
        Ok(out)
    }
}

/// The typed error for an I/O error met while inflating part `name`.
pub(crate) fn io_error(name: &str, limit: u64, e: &io::Error) -> Error {
    if is_cap_exceeded(e) {
        Error::new(
            ErrorKind::TooLarge,
            format!("{name} inflates to more than the limit of {limit} bytes (zip bomb?)"),
        )
    } else {
        Error::new(
            ErrorKind::Container,
            format!(
                "{name} cannot be inflated ({}); truncated or damaged archive?",
                e.to_string().to_lowercase()
            ),
        )
    }
}
