//! The zip container: recognizing the input, finding the main part, and
//! reading parts with a hard cap on their uncompressed size.

use std::io::{self, Cursor, Read};

use quick_xml::events::Event;
use zip::ZipArchive;
use zip::result::ZipError;

use crate::error::{Error, ErrorKind};

/// Largest `docProps/*.xml` or `_rels/.rels` part we read (they are a few KB).
const MAX_SMALL_PART_BYTES: u64 = 1 << 20;

/// The main part where Word and most producers put it; `_rels/.rels` may name
/// another one.
const DEFAULT_MAIN_PART: &str = "word/document.xml";

/// OLE2 compound file signature (legacy `.doc`, encrypted OOXML).
const OLE2_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An opened `.docx` package.
pub(crate) struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    main_part: String,
}

/// Marks the I/O error a [`Capped`] reader returns once its cap is passed, so
/// the XML layer can tell "too large" from a damaged stream.
#[derive(Debug)]
pub(crate) struct CapExceeded;

impl std::fmt::Display for CapExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("uncompressed size cap exceeded")
    }
}

impl std::error::Error for CapExceeded {}

/// A reader that fails once more than `left` bytes have come out. The zip
/// header's declared size is checked first, but a crafted archive can lie
/// about it, so the cap is enforced on the bytes actually inflated too.
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

fn zip_error(e: ZipError) -> Error {
    Error::new(ErrorKind::Zip, e.to_string().to_lowercase())
}

impl<'a> Package<'a> {
    /// Recognizes the input by content and opens the zip directory.
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Self, Error> {
        if bytes.is_empty() {
            return Err(Error::new(ErrorKind::NotZip, "the input is empty"));
        }
        if bytes.starts_with(&OLE2_MAGIC) {
            return Err(Error::new(
                ErrorKind::LegacyDoc,
                "found an ole2 compound file (a word 97-2003 .doc, or a password-protected \
                 office file), expected a .docx zip; hint: convert it with \
                 `soffice --headless --convert-to docx FILE` (remove the password first)",
            ));
        }
        if !bytes.starts_with(b"PK") {
            let head: String = bytes
                .iter()
                .take(8)
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .join(" ");
            return Err(Error::new(
                ErrorKind::NotZip,
                format!("expected a zip archive (first bytes 50 4b), found bytes {head}"),
            ));
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| match e {
            ZipError::InvalidArchive(_) | ZipError::Io(_) => Error::new(
                ErrorKind::Zip,
                format!(
                    "starts like a zip but its directory cannot be read ({}); truncated download?",
                    e.to_string().to_lowercase()
                ),
            ),
            other => zip_error(other),
        })?;
        let mut package = Self {
            zip,
            main_part: DEFAULT_MAIN_PART.to_owned(),
        };
        if let Some(target) = package.main_part_from_rels() {
            package.main_part = target;
        }
        if package.zip.index_for_name(&package.main_part).is_none() {
            let kind_hint = if package.zip.index_for_name("xl/workbook.xml").is_some() {
                " (it is an excel workbook)"
            } else if package.zip.index_for_name("ppt/presentation.xml").is_some() {
                " (it is a powerpoint presentation)"
            } else {
                ""
            };
            return Err(Error::new(
                ErrorKind::NotDocx,
                format!(
                    "zip archive has no word main part {}{kind_hint}",
                    package.main_part
                ),
            ));
        }
        Ok(package)
    }

    /// The main part's name inside the zip.
    pub(crate) fn main_part(&self) -> &str {
        &self.main_part
    }

    /// Opens the main part for streaming, capped at `limit` uncompressed bytes.
    pub(crate) fn open_main(
        &mut self,
        limit: u64,
    ) -> Result<Capped<zip::read::ZipFile<'_, Cursor<&'a [u8]>>>, Error> {
        let name = self.main_part.clone();
        self.open_capped(&name, limit)
    }

    fn open_capped(
        &mut self,
        name: &str,
        limit: u64,
    ) -> Result<Capped<zip::read::ZipFile<'_, Cursor<&'a [u8]>>>, Error> {
        let file = self.zip.by_name(name).map_err(zip_error)?;
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

    /// Reads a small part whole; `None` when absent, damaged or over the cap
    /// (metadata is optional, so its problems never fail the document).
    fn read_small(&mut self, name: &str) -> Option<Vec<u8>> {
        let mut reader = self.open_capped(name, MAX_SMALL_PART_BYTES).ok()?;
        let mut out = Vec::new();
        reader.read_to_end(&mut out).ok()?;
        Some(out)
    }

    /// The target of the officeDocument relationship in `_rels/.rels`.
    fn main_part_from_rels(&mut self) -> Option<String> {
        let rels = self.read_small("_rels/.rels")?;
        let mut reader = quick_xml::Reader::from_reader(rels.as_slice());
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf).ok()? {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                    let mut ty = None;
                    let mut target = None;
                    for attr in e.attributes().flatten() {
                        let value = attr.unescape_value().ok()?.into_owned();
                        match attr.key.local_name().as_ref() {
                            b"Type" => ty = Some(value),
                            b"Target" => target = Some(value),
                            _ => {}
                        }
                    }
                    if ty.is_some_and(|t| t.ends_with("/officeDocument")) {
                        let t = target?;
                        return Some(t.trim_start_matches('/').to_owned());
                    }
                }
                Event::Eof => return None,
                _ => {}
            }
            buf.clear();
        }
    }

    /// `(producer, title)` from `docProps/app.xml` and `docProps/core.xml`.
    pub(crate) fn read_metadata(&mut self) -> (Option<String>, Option<String>) {
        let producer = self
            .read_small("docProps/app.xml")
            .and_then(|xml| first_element_text(&xml, b"Application"));
        let title = self
            .read_small("docProps/core.xml")
            .and_then(|xml| first_element_text(&xml, b"title"));
        (producer, title)
    }
}

/// The trimmed text of the first element with this local name, if non-empty.
fn first_element_text(xml: &[u8], local: &[u8]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut inside = false;
    let mut text = String::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.local_name().as_ref() == local => inside = true,
            Event::End(e) if inside && e.local_name().as_ref() == local => break,
            Event::Text(t) if inside => text.push_str(&t.xml_content().ok()?),
            Event::GeneralRef(r) if inside => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else if let Some(s) =
                    quick_xml::escape::resolve_predefined_entity(&r.decode().ok()?)
                {
                    text.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}
