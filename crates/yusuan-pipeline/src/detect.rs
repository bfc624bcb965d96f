//! Recognizing an input by content, and its sha256. Crawlers bring home web
//! pages, archives and legacy Office files under document names: every kind
//! is named (a table of names and hints, not code), so an error says what the
//! file is and how to make it readable.

use sha2::{Digest, Sha256};

/// What a file is, by content. Only some kinds are read ([`READABLE`]); the
/// others are named in messages so that a crawler's junk is recognizable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `%PDF-` within the first 1024 bytes.
    Pdf,
    /// A zip archive holding `word/document.xml`.
    Docx,
    /// An OLE2 compound file with a `WordDocument` stream (.doc, and WPS
    /// 文字's .wps, which uses the same format).
    LegacyWord,
    /// A zip archive holding `xl/workbook.xml` (or `xl/workbook.bin`, which
    /// the workbook reader names).
    Xlsx,
    /// An OLE2 compound file with a `Workbook` or `Book` stream.
    Xls,
    /// An OpenDocument spreadsheet.
    Ods,
    /// An OpenDocument text.
    Odt,
    /// A PowerPoint file (.pptx or .ppt).
    Presentation,
    /// An OFD document (GB/T 33190, a zip holding `OFD.xml`).
    Ofd,
    /// A password-protected Office file (OLE2 with `EncryptedPackage`).
    EncryptedOffice,
    /// Another OLE2 compound file.
    Ole2,
    /// Another zip archive.
    Zip,
    /// A compressed archive that is not a zip (gzip, rar, 7z).
    Archive,
    /// An HTML page (often an error page saved under a document's name).
    Html,
    /// An RTF document.
    Rtf,
    /// An image (PNG, JPEG, GIF, TIFF, BMP, WebP).
    Image,
    /// A file of length 0.
    Empty,
    /// Nothing we recognize.
    Other,
}

/// The kinds the pipeline reads. Making another kind readable is one line
/// here (and a reader for it in `pipeline.rs`).
pub const READABLE: &[Kind] = &[Kind::Pdf, Kind::Docx, Kind::Xlsx, Kind::Xls, Kind::Ods];

/// How each kind is named in messages ("an html page, not a pdf, docx or
/// workbook").
/// Sorted by kind; tests check it covers every kind once.
const KIND_NAMES: &[(Kind, &str)] = &[
    (Kind::Pdf, "a pdf document"),
    (Kind::Docx, "a word document (.docx)"),
    (
        Kind::LegacyWord,
        "a legacy word document (.doc or wps .wps, ole2)",
    ),
    (Kind::Xlsx, "an excel workbook (.xlsx)"),
    (Kind::Xls, "a legacy excel workbook (.xls, ole2)"),
    (Kind::Ods, "an opendocument spreadsheet (.ods)"),
    (Kind::Odt, "an opendocument text (.odt)"),
    (Kind::Presentation, "a powerpoint presentation"),
    (Kind::Ofd, "an ofd document (gb/t 33190)"),
    (
        Kind::EncryptedOffice,
        "a password-protected office document",
    ),
    (Kind::Ole2, "an ole2 compound file (an old office format)"),
    (Kind::Zip, "a zip archive"),
    (Kind::Archive, "a compressed archive (gzip, rar or 7z)"),
    (Kind::Html, "an html page"),
    (Kind::Rtf, "an rtf document"),
    (Kind::Image, "an image"),
    (Kind::Empty, "an empty file"),
    (Kind::Other, "an unrecognized file"),
];

/// What to do about a kind we do not read, added to its message.
const KIND_HINTS: &[(Kind, &str)] = &[
    (
        Kind::LegacyWord,
        "convert it first: soffice --headless --convert-to docx FILE",
    ),
    (
        Kind::Ofd,
        "convert it to pdf first (ofd readers such as 数科 or 福昕 export pdf)",
    ),
    (
        Kind::EncryptedOffice,
        "remove the password in word or excel first",
    ),
    (Kind::Html, "the download probably returned a web page"),
    (
        Kind::Image,
        "a scan? it needs ocr, which yusuan does not do",
    ),
];

impl Kind {
    /// Whether the pipeline reads this kind.
    pub fn is_readable(self) -> bool {
        READABLE.contains(&self)
    }

    /// The kind named for a message, lower case ("an html page").
    pub fn name(self) -> &'static str {
        KIND_NAMES
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("an unrecognized file", |(_, n)| n)
    }

    /// What to do about it, if there is a known fix.
    pub fn hint(self) -> Option<&'static str> {
        KIND_HINTS.iter().find(|(k, _)| *k == self).map(|(_, h)| *h)
    }
}

/// Where `%PDF-` may start: some producers put junk before the header, and
/// readers accept it within the first kilobyte (PDF 32000-1, Annex H).
const PDF_HEADER_WINDOW: usize = 1024;

/// How much of a text file is looked at for HTML tags.
const HTML_WINDOW: usize = 2048;

/// Stream names in an OLE2 directory, UTF-16LE.
const OLE_WORD: &[u8] = b"W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
const OLE_WORKBOOK: &[u8] = b"W\0o\0r\0k\0b\0o\0o\0k\0";
const OLE_BOOK: &[u8] = b"B\0o\0o\0k\0";
const OLE_POWERPOINT: &[u8] = b"P\0o\0w\0e\0r\0P\0o\0i\0n\0t\0";
const OLE_ENCRYPTED: &[u8] = b"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";

/// Zip entries (or their contents) that tell a package's kind, in order of
/// precedence.
const ZIP_MARKERS: &[(&[u8], Kind)] = &[
    (b"word/document.xml", Kind::Docx),
    (b"xl/workbook.xml", Kind::Xlsx),
    (b"xl/workbook.bin", Kind::Xlsx),
    (b"ppt/presentation.xml", Kind::Presentation),
    (b"application/vnd.oasis.opendocument.spreadsheet", Kind::Ods),
    (b"application/vnd.oasis.opendocument.text", Kind::Odt),
    (b"OFD.xml", Kind::Ofd),
];

/// Leading signatures of other formats.
const MAGIC: &[(&[u8], Kind)] = &[
    (b"\x89PNG\r\n\x1a\n", Kind::Image),
    (b"\xff\xd8\xff", Kind::Image),
    (b"GIF87a", Kind::Image),
    (b"GIF89a", Kind::Image),
    (b"II*\0", Kind::Image),
    (b"MM\0*", Kind::Image),
    (b"{\\rtf", Kind::Rtf),
    (b"\x1f\x8b", Kind::Archive),
    (b"Rar!\x1a\x07", Kind::Archive),
    (b"7z\xbc\xaf\x27\x1c", Kind::Archive),
];

/// Recognizes a file by content.
pub fn sniff(bytes: &[u8]) -> Kind {
    if bytes.is_empty() {
        return Kind::Empty;
    }
    let head = bytes.get(..PDF_HEADER_WINDOW).unwrap_or(bytes);
    if contains(head, b"%PDF-") {
        return Kind::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        // Entry names appear in the local headers and the central
        // directory (and an OpenDocument's stored `mimetype` entry holds its
        // type); the readers validate the archive themselves.
        return ZIP_MARKERS
            .iter()
            .find(|(marker, _)| contains(bytes, marker))
            .map_or(Kind::Zip, |(_, kind)| *kind);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return if contains(bytes, OLE_ENCRYPTED) {
            Kind::EncryptedOffice
        } else if contains(bytes, OLE_WORD) {
            Kind::LegacyWord
        } else if contains(bytes, OLE_WORKBOOK) || contains(bytes, OLE_BOOK) {
            Kind::Xls
        } else if contains(bytes, OLE_POWERPOINT) {
            Kind::Presentation
        } else {
            Kind::Ole2
        };
    }
    if let Some((_, kind)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return *kind;
    }
    if bytes.starts_with(b"BM") && bytes.get(6..10) == Some(&[0, 0, 0, 0]) {
        return Kind::Image;
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Kind::Image;
    }
    if is_html(bytes) {
        return Kind::Html;
    }
    Kind::Other
}

/// Text that opens with a tag and has an HTML element near the start.
fn is_html(bytes: &[u8]) -> bool {
    let head = bytes.get(..HTML_WINDOW).unwrap_or(bytes);
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    if start.and_then(|i| head.get(i)) != Some(&b'<') {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|tag| contains(&lower, tag.as_bytes()))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && memchr::memmem::find(haystack, needle).is_some()
}

/// A short description of what a file starts with, for error messages.
pub fn describe_start(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "an empty file".to_owned();
    }
    let head = bytes.get(..8).unwrap_or(bytes);
    let printable = head
        .iter()
        .all(|b| b.is_ascii_graphic() || *b == b' ' || *b == b'\n' || *b == b'\r');
    if printable {
        format!("text starting {:?}", String::from_utf8_lossy(head))
    } else {
        let hex: Vec<String> = head.iter().map(|b| format!("{b:02x}")).collect();
        format!("bytes {}", hex.join(" "))
    }
}

/// Why a file of `kind` is not read, for an error record or a skip:
/// "an html page, not a pdf, docx or workbook; the download probably
/// returned a web page".
pub fn not_readable_reason(kind: Kind, bytes: &[u8]) -> String {
    let mut reason = match kind {
        Kind::Other => format!(
            "not a pdf, docx or workbook: found {}, expected %PDF- in the first 1024 bytes, \
             a zip holding word/document.xml or xl/workbook.xml or an opendocument \
             spreadsheet, or an ole2 excel workbook",
            describe_start(bytes)
        ),
        _ => format!("{}, not a pdf, docx or workbook", kind.name()),
    };
    if let Some(hint) = kind.hint() {
        reason.push_str(&format!("; {hint}"));
    }
    reason
}

/// Hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniff_recognizes_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Kind::Pdf);
        assert_eq!(sniff(b"junk junk\n%PDF-1.4"), Kind::Pdf);
        let mut late = vec![b' '; 1100];
        late.extend_from_slice(b"%PDF-1.4");
        assert_eq!(sniff(&late), Kind::Other);
        assert_eq!(sniff(b"PK\x03\x04....word/document.xml...."), Kind::Docx);
        assert_eq!(sniff(b"PK\x03\x04....xl/workbook.xml...."), Kind::Xlsx);
        assert_eq!(
            sniff(b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK"),
            Kind::Ods
        );
        assert_eq!(sniff(b"PK\x03\x04....OFD.xml...."), Kind::Ofd);
        assert_eq!(sniff(b"PK\x03\x04....other.txt...."), Kind::Zip);
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        assert_eq!(sniff(&ole), Kind::Ole2);
        let mut xls = ole.clone();
        xls.extend_from_slice(OLE_WORKBOOK);
        assert_eq!(sniff(&xls), Kind::Xls);
        ole.extend_from_slice(OLE_WORD);
        assert_eq!(sniff(&ole), Kind::LegacyWord);
        assert_eq!(sniff(b""), Kind::Empty);
        assert_eq!(
            sniff(b"\n\n<!DOCTYPE html><html><body>404</body></html>"),
            Kind::Html
        );
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><html>"), Kind::Html);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><root/>"), Kind::Other);
        assert_eq!(sniff(b"plain text mentioning <html>"), Kind::Other);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Kind::Image);
        assert_eq!(sniff(b"\xff\xd8\xff\xe0..JFIF"), Kind::Image);
        assert_eq!(sniff(b"BM\x10\0\0\0\0\0\0\0"), Kind::Image);
        assert_eq!(sniff(b"BMW is a car"), Kind::Other);
    }

    #[test]
    fn kind_tables_cover_every_kind_once_in_order() {
        let kinds: Vec<Kind> = KIND_NAMES.iter().map(|(k, _)| *k).collect();
        assert!(kinds.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        assert_eq!(kinds.first(), Some(&Kind::Pdf));
        assert_eq!(kinds.last(), Some(&Kind::Other));
        assert_eq!(kinds.len(), 18, "every variant named");
        let hinted: Vec<Kind> = KIND_HINTS.iter().map(|(k, _)| *k).collect();
        assert!(hinted.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        assert!(READABLE.windows(2).all(|w| w[0] < w[1]));
        assert!(Kind::Pdf.is_readable() && Kind::Docx.is_readable());
        assert!(Kind::Xlsx.is_readable() && Kind::Xls.is_readable() && Kind::Ods.is_readable());
        assert!(!Kind::Html.is_readable() && !Kind::Ofd.is_readable());
    }

    #[test]
    fn reasons_name_what_a_file_is() {
        assert_eq!(
            not_readable_reason(Kind::Presentation, b""),
            "a powerpoint presentation, not a pdf, docx or workbook"
        );
        assert!(
            not_readable_reason(Kind::Html, b"")
                .starts_with("an html page, not a pdf, docx or workbook; ")
        );
        assert!(not_readable_reason(Kind::Other, &[0, 1]).contains("found bytes 00 01"));
    }

    #[test]
    fn describe_start_names_the_bytes() {
        assert_eq!(describe_start(b""), "an empty file");
        assert_eq!(describe_start(b"hello world"), "text starting \"hello wo\"");
        assert_eq!(describe_start(&[0, 1, 255]), "bytes 00 01 ff");
    }
}
