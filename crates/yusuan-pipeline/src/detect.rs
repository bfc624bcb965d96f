//! Recognizing an input by content, and its sha256.

use sha2::{Digest, Sha256};

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `%PDF-` within the first 1024 bytes.
    Pdf,
    /// A zip archive holding `word/document.xml`.
    Docx,
    /// An OLE2 compound file with a `WordDocument` stream (.doc).
    LegacyWord,
    /// A workbook: a zip holding `xl/workbook.xml` (or `.bin`), a zip whose
    /// `mimetype` names an OpenDocument spreadsheet, or an OLE2 file with a
    /// `Workbook` or `Book` stream (.xls). The reader tells which.
    Workbook,
    /// Nothing we read.
    Other,
}

/// Where `%PDF-` may start: some producers put junk before the header, and
/// readers accept it within the first kilobyte (PDF 32000-1, Annex H).
const PDF_HEADER_WINDOW: usize = 1024;

/// Recognizes a file by content.
pub fn sniff(bytes: &[u8]) -> Kind {
    let head = bytes.get(..PDF_HEADER_WINDOW).unwrap_or(bytes);
    if contains(head, b"%PDF-") {
        return Kind::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        // The entry name appears in the local header and the central
        // directory; the reader validates the archive itself.
        if contains(bytes, b"word/document.xml") {
            return Kind::Docx;
        }
        // The ODS mimetype is the first entry, stored uncompressed.
        let head = bytes.get(..256).unwrap_or(bytes);
        if contains(bytes, b"xl/workbook.xml")
            || contains(bytes, b"xl/workbook.bin")
            || contains(head, b"application/vnd.oasis.opendocument.spreadsheet")
        {
            return Kind::Workbook;
        }
        return Kind::Other;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // "WordDocument" as UTF-16LE, the stream name in the OLE2 directory;
        // an .xls or .ppt has none and is not ours.
        const WORD_STREAM: &[u8] = b"W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0";
        if contains(bytes, WORD_STREAM) {
            return Kind::LegacyWord;
        }
        // "Workbook" (BIFF8) or "Book" (BIFF5) as UTF-16LE directory names.
        const WORKBOOK_STREAM: &[u8] = b"W\0o\0r\0k\0b\0o\0o\0k\0";
        const BOOK_STREAM: &[u8] = b"B\0o\0o\0k\0";
        if contains(bytes, WORKBOOK_STREAM) || contains(bytes, BOOK_STREAM) {
            return Kind::Workbook;
        }
        return Kind::Other;
    }
    Kind::Other
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
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

/// Hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
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
        assert_eq!(sniff(b"PK\x03\x04....xl/workbook.xml...."), Kind::Workbook);
        assert_eq!(
            sniff(b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK"),
            Kind::Workbook
        );
        assert_eq!(
            sniff(b"PK\x03\x04....ppt/presentation.xml...."),
            Kind::Other
        );
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        assert_eq!(sniff(&ole), Kind::Other);
        ole.extend_from_slice(b"W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0");
        assert_eq!(sniff(&ole), Kind::LegacyWord);
        let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        xls.extend_from_slice(b"W\0o\0r\0k\0b\0o\0o\0k\0");
        assert_eq!(sniff(&xls), Kind::Workbook);
        assert_eq!(sniff(b""), Kind::Other);
    }

    #[test]
    fn describe_start_names_the_bytes() {
        assert_eq!(describe_start(b""), "an empty file");
        assert_eq!(describe_start(b"hello world"), "text starting \"hello wo\"");
        assert_eq!(describe_start(&[0, 1, 255]), "bytes 00 01 ff");
    }
}
