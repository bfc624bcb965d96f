//! Inputs: expanding arguments into files, recognizing them by content, and
//! choosing a shard.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::args::Shard;

/// How an input reached the batch; decides what happens to a file that is
/// neither PDF, DOCX nor a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Named on the command line: always a Document or an error record.
    Explicit,
    /// Found by walking a directory or expanding a glob: skipped when it is
    /// neither PDF, DOCX nor a workbook (unless its name says it should be one).
    Found,
}

/// One input file of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Input {
    /// The path to open.
    pub(crate) path: PathBuf,
    /// The path as shown in output (`source.path`): as given or as expanded.
    pub(crate) display: String,
    /// How it was found.
    pub(crate) origin: Origin,
    /// Why it cannot be opened at all (missing file, glob without matches);
    /// such an input becomes an error record without being read.
    pub(crate) missing: Option<String>,
}

impl Input {
    fn file(path: PathBuf, origin: Origin) -> Self {
        let display = path.to_string_lossy().into_owned();
        Input {
            path,
            display,
            origin,
            missing: None,
        }
    }

    /// Whether the file name ends in an extension we read (`.pdf`, `.docx`,
    /// `.xlsx`, `.xlsm`, `.xls`, `.ods`) or `.doc`, `.xlsb`: such a file found
    /// in a directory is meant as a document, so unreadable content is an
    /// error, not a skip.
    pub(crate) fn has_document_extension(&self) -> bool {
        let ext = self
            .path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase());
        matches!(
            ext.as_deref(),
            Some("pdf" | "docx" | "doc" | "xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
        )
    }
}

/// The bundled samples folder: `samples/` of the source tree the binary was
/// built from. The path is compiled in (nothing is embedded), so a fresh
/// clone's `cargo run -- extract` works without arguments.
pub(crate) fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

/// Expands the command-line inputs (none = the bundled samples) into files,
/// in argument order, directories walked recursively in sorted order, and
/// exact duplicates removed.
pub(crate) fn expand_inputs(args: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    if args.is_empty() {
        let dir = samples_dir();
        let dir = dir.canonicalize().map_err(|e| {
            format!(
                "no input given and the bundled samples folder {} cannot be read ({e}); \
                 pass files or directories to process",
                dir.display()
            )
        })?;
        // Shown relative to the current directory when possible, so output made
        // from the repository root says "samples/x.pdf".
        let shown = std::env::current_dir()
            .ok()
            .and_then(|cwd| dir.strip_prefix(&cwd).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| dir.clone());
        walk_dir(&dir, &shown, &mut out).map_err(|e| format!("{}: {e}", dir.display()))?;
        if out.is_empty() {
            return Err(format!(
                "no input given and the bundled samples folder {} is empty",
                dir.display()
            ));
        }
    }
    for arg in args {
        if arg.is_dir() {
            let mut found = Vec::new();
            match walk_dir(arg, arg, &mut found) {
                Ok(()) => out.extend(found),
                Err(e) => out.push(missing(arg, format!("cannot read directory: {e}"))),
            }
        } else if arg.exists() {
            out.push(Input::file(arg.clone(), Origin::Explicit));
        } else if is_glob(arg) {
            expand_glob(arg, &mut out);
        } else {
            out.push(missing(arg, "no such file or directory".to_owned()));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|i| seen.insert(i.display.clone()));
    Ok(out)
}

fn missing(path: &Path, why: String) -> Input {
    Input {
        missing: Some(why),
        ..Input::file(path.to_path_buf(), Origin::Explicit)
    }
}

fn is_glob(path: &Path) -> bool {
    path.to_string_lossy().contains(['*', '?', '['])
}

fn expand_glob(pattern: &Path, out: &mut Vec<Input>) {
    let text = pattern.to_string_lossy();
    let paths = match glob::glob(&text) {
        Ok(paths) => paths,
        Err(e) => {
            out.push(missing(pattern, format!("bad glob pattern: {e}")));
            return;
        }
    };
    let mut files: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
    files.sort();
    if files.is_empty() {
        out.push(missing(pattern, "glob pattern matched no files".to_owned()));
        return;
    }
    for path in files {
        if path.is_dir() {
            // A directory matched by a pattern is walked like one given by name.
            let mut found = Vec::new();
            if walk_dir(&path, &path, &mut found).is_ok() {
                out.extend(found);
            }
        } else {
            out.push(Input::file(path, Origin::Found));
        }
    }
}

/// Walks `dir` depth-first with entries sorted by name; `shown` is the prefix
/// used for display paths. Symlinked directories are not followed (loops).
fn walk_dir(dir: &Path, shown: &Path, out: &mut Vec<Input>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let shown_path = shown.join(entry.file_name());
        let file_type = match entry.file_type() {
            Ok(t) => t,
            Err(_) => continue,
        };
        if file_type.is_dir() {
            // An unreadable subdirectory is skipped rather than failing the walk.
            let _ = walk_dir(&path, &shown_path, out);
        } else if file_type.is_file() || (file_type.is_symlink() && path.is_file()) {
            let mut input = Input::file(path, Origin::Found);
            input.display = shown_path.to_string_lossy().into_owned();
            out.push(input);
        }
    }
    Ok(())
}

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
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
pub(crate) fn sniff(bytes: &[u8]) -> Kind {
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
pub(crate) fn describe_start(bytes: &[u8]) -> String {
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
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Whether `display` belongs to `shard`: sha256 of the path's bytes, first 8
/// bytes big-endian, modulo the shard count. Stable across machines and runs,
/// unlike std's randomly seeded hasher.
pub(crate) fn in_shard(display: &str, shard: Shard) -> bool {
    let digest = Sha256::digest(display.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first) % shard.count == shard.index
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
    fn shards_partition_the_inputs() {
        let paths: Vec<String> = (0..200).map(|i| format!("corpus/文件{i}.pdf")).collect();
        let n = 7;
        let mut total = 0;
        for index in 0..n {
            let shard = Shard { index, count: n };
            let count = paths.iter().filter(|p| in_shard(p, shard)).count();
            assert!(count > 0, "shard {index} is empty");
            total += count;
        }
        assert_eq!(total, paths.len());
    }

    #[test]
    fn shard_hash_is_stable() {
        // The shard is the first 8 digest bytes modulo the count, computed
        // here independently from the hex digest.
        let digest = sha256_hex(b"a.pdf");
        let first = u64::from_str_radix(&digest[..16], 16).unwrap();
        assert!(in_shard(
            "a.pdf",
            Shard {
                index: first % 2,
                count: 2
            }
        ));
        assert!(!in_shard(
            "a.pdf",
            Shard {
                index: 1 - first % 2,
                count: 2
            }
        ));
        assert_eq!(sha256_hex(b"").len(), 64);
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn describe_start_names_the_bytes() {
        assert_eq!(describe_start(b""), "an empty file");
        assert_eq!(describe_start(b"hello world"), "text starting \"hello wo\"");
        assert_eq!(describe_start(&[0, 1, 255]), "bytes 00 01 ff");
    }
}
