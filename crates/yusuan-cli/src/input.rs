//! Inputs: expanding arguments into files, recognizing them by content, and
//! choosing a shard.
//!
//! Every file an argument names becomes an [`Input`], and so does every
//! problem met on the way (an unreadable directory, a broken symbolic link, a
//! link loop): such an input carries the reason and becomes an error record,
//! so that the summary's counts add up to what the arguments named.

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

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
    /// Why it cannot be opened at all (missing file, unreadable directory,
    /// broken link, glob without matches); such an input becomes an error
    /// record without being read.
    pub(crate) missing: Option<String>,
    /// Where its output goes under `-o DIR`, without the `.json`: the path
    /// relative to the directory (or glob base) argument it was found in, or
    /// the file name of a file argument; with several arguments, prefixed by
    /// the argument's own name (see [`expand_inputs`]).
    pub(crate) out_rel: PathBuf,
}

impl Input {
    fn file(path: PathBuf, origin: Origin) -> Self {
        let display = path.to_string_lossy().into_owned();
        let out_rel = path
            .file_name()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("input"));
        Input {
            path,
            display,
            origin,
            missing: None,
            out_rel,
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
///
/// Output paths (`Input::out_rel`): with one argument, a file found in a
/// directory (or by a glob) keeps its path relative to that directory (or to
/// the glob's literal base), and a file argument its file name. With several
/// arguments, each directory or glob argument's files go under a folder named
/// after the argument (its last path component; a repeated name gets `-2`,
/// `-3`, … in argument order), so that two arguments never share a
/// namespace; file arguments keep their file name. The names depend
/// only on the arguments and the input's own path, never on which other files
/// exist.
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
        walk_dir(&dir, &shown, None, &mut out);
        if out.is_empty() {
            return Err(format!(
                "no input given and the bundled samples folder {} is empty",
                dir.display()
            ));
        }
    }
    let several = args.len() > 1;
    let mut labels = std::collections::BTreeSet::new();
    for arg in args {
        // Two arguments with the same name (a/in, b/in) get in, in-2, … in
        // argument order: the rule depends on the arguments only.
        let label = several.then(|| {
            let base = argument_label(arg);
            let mut label = base.clone();
            let mut n = 2u32;
            while !labels.insert(label.clone()) {
                let mut name = base.clone().into_os_string();
                name.push(format!("-{n}"));
                label = PathBuf::from(name);
                n = n.saturating_add(1);
            }
            label
        });
        if arg.is_dir() {
            walk_dir(arg, arg, label.as_deref(), &mut out);
        } else if arg.exists() {
            out.push(Input::file(arg.clone(), Origin::Explicit));
        } else if arg.symlink_metadata().is_ok() {
            out.push(missing(arg, broken_link_reason(arg)));
        } else if is_glob(arg) {
            expand_glob(arg, label.as_deref(), &mut out);
        } else {
            out.push(missing(arg, "no such file or directory".to_owned()));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|i| seen.insert(i.display.clone()));
    Ok(out)
}

/// The folder name an argument's files get when several arguments are
/// given: its last normal path component (`data/2025/` → `2025`), or the
/// current directory's name for `.`; a glob's literal base stands for it.
fn argument_label(arg: &Path) -> PathBuf {
    let base = if is_glob(arg) {
        glob_base(arg)
    } else {
        arg.to_path_buf()
    };
    let last = base.components().rev().find_map(|c| match c {
        Component::Normal(name) => Some(name.to_os_string()),
        _ => None,
    });
    let named = base
        .components()
        .next_back()
        .is_some_and(|c| matches!(c, Component::Normal(_)));
    match (named, last) {
        (true, Some(name)) => PathBuf::from(name),
        _ => base
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("root")),
    }
}

fn missing(path: &Path, why: String) -> Input {
    Input {
        missing: Some(why),
        ..Input::file(path.to_path_buf(), Origin::Explicit)
    }
}

fn broken_link_reason(path: &Path) -> String {
    match std::fs::read_link(path) {
        Ok(target) => format!(
            "broken symbolic link: its target {} does not exist",
            target.display()
        ),
        Err(e) => format!("cannot be opened: {e}"),
    }
}

fn is_glob(path: &Path) -> bool {
    path.to_string_lossy().contains(['*', '?', '['])
}

/// The literal directory a glob starts from: its components before the
/// first one holding a pattern character (`corpus/2025/**/*.pdf` →
/// `corpus/2025`; `*.pdf` → `.`).
fn glob_base(pattern: &Path) -> PathBuf {
    let mut base = PathBuf::new();
    for c in pattern.components() {
        if c.as_os_str().to_string_lossy().contains(['*', '?', '[']) {
            break;
        }
        base.push(c);
    }
    if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    }
}

fn expand_glob(pattern: &Path, label: Option<&Path>, out: &mut Vec<Input>) {
    let text = pattern.to_string_lossy();
    let paths = match glob::glob(&text) {
        Ok(paths) => paths,
        Err(e) => {
            out.push(missing(pattern, format!("bad glob pattern: {e}")));
            return;
        }
    };
    let base = glob_base(pattern);
    let mut files = Vec::new();
    for entry in paths {
        match entry {
            Ok(path) => files.push(path),
            // An unreadable directory under the pattern: accounted for.
            Err(e) => {
                let path = e.path().to_path_buf();
                let why = format!("cannot read directory: {}", e.error());
                out.push(missing(&path, why));
            }
        }
    }
    files.sort();
    if files.is_empty() {
        out.push(missing(pattern, "glob pattern matched no files".to_owned()));
        return;
    }
    for path in files {
        if path.is_dir() {
            // A directory matched by a pattern is walked like one given by
            // name, its files placed by their path below the glob's base.
            let rel = path.strip_prefix(&base).unwrap_or(&path).to_path_buf();
            let prefix = match label {
                Some(l) => l.join(rel),
                None => rel,
            };
            walk_dir(&path, &path, Some(&prefix), out);
        } else {
            let rel = relative_name(&path, &base);
            let mut input = Input::file(path, Origin::Found);
            input.out_rel = match label {
                Some(l) => l.join(rel),
                None => rel,
            };
            if input.path.symlink_metadata().is_ok() && !input.path.exists() {
                input.missing = Some(broken_link_reason(&input.path));
            }
            out.push(input);
        }
    }
}

/// `path` relative to `base`, falling back to the file name; never with a
/// `..` or root component, so that output stays inside `-o DIR`.
fn relative_name(path: &Path, base: &Path) -> PathBuf {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let clean: PathBuf = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name),
            _ => None,
        })
        .collect();
    if clean.as_os_str().is_empty() {
        path.file_name()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("input"))
    } else {
        clean
    }
}

/// Walks `dir` depth-first with entries sorted by name (walkdir), following
/// symbolic links (walkdir reports loops); `shown` is the prefix used for
/// display paths and `prefix` the folder of output paths. Every entry the walk
/// cannot read becomes an input carrying the reason.
fn walk_dir(dir: &Path, shown: &Path, prefix: Option<&Path>, out: &mut Vec<Input>) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_dir() {
                    continue;
                }
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let mut input = Input::file(entry.path().to_path_buf(), Origin::Found);
                input.display = shown.join(rel).to_string_lossy().into_owned();
                let rel = relative_name(entry.path(), dir);
                input.out_rel = match prefix {
                    Some(p) => p.join(rel),
                    None => rel,
                };
                if !entry.file_type().is_file() {
                    // A FIFO, socket or device: reading it could block.
                    input.missing = Some("not a regular file (a pipe, socket or device)".into());
                }
                out.push(input);
            }
            Err(e) => {
                let Some(path) = e.path().map(Path::to_path_buf) else {
                    continue;
                };
                let rel = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
                let why = if let Some(ancestor) = e.loop_ancestor() {
                    format!(
                        "symbolic link loop: it leads back to {}",
                        ancestor.display()
                    )
                } else if path.symlink_metadata().is_ok_and(|m| m.is_symlink()) && !path.exists() {
                    broken_link_reason(&path)
                } else {
                    let io = e
                        .io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string);
                    if path.is_dir() {
                        format!("cannot read directory: {io}")
                    } else {
                        format!("cannot be opened: {io}")
                    }
                };
                let mut input = missing(&path, why);
                input.origin = Origin::Found;
                input.display = shown.join(&rel).to_string_lossy().into_owned();
                let rel = relative_name(&path, dir);
                input.out_rel = match prefix {
                    Some(p) => p.join(rel),
                    None => rel,
                };
                out.push(input);
            }
        }
    }
}

/// What a file is, by content. Only some kinds are read ([`READABLE`]); the
/// others are named in messages so that a crawler's junk is recognizable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
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
pub(crate) const READABLE: &[Kind] = &[Kind::Pdf, Kind::Docx, Kind::Xlsx, Kind::Xls, Kind::Ods];

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
    pub(crate) fn is_readable(self) -> bool {
        READABLE.contains(&self)
    }

    /// The kind named for a message, lower case ("an html page").
    pub(crate) fn name(self) -> &'static str {
        KIND_NAMES
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("an unrecognized file", |(_, n)| n)
    }

    /// What to do about it, if there is a known fix.
    pub(crate) fn hint(self) -> Option<&'static str> {
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
pub(crate) fn sniff(bytes: &[u8]) -> Kind {
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

/// Why a file of `kind` is not read, for an error record or a skip:
/// "an html page, not a pdf, docx or workbook; the download probably
/// returned a web page".
pub(crate) fn not_readable_reason(kind: Kind, bytes: &[u8]) -> String {
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
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
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

/// The output file of `input` under `dir`: `<out_rel>.json`.
pub(crate) fn output_path(dir: &Path, input: &Input) -> PathBuf {
    let mut name = input.out_rel.clone().into_os_string();
    name.push(OsStr::new(".json"));
    dir.join(name)
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
    fn glob_base_and_labels() {
        assert_eq!(
            glob_base(Path::new("corpus/2025/**/*.pdf")),
            Path::new("corpus/2025")
        );
        assert_eq!(glob_base(Path::new("*.pdf")), Path::new("."));
        assert_eq!(argument_label(Path::new("data/2025/")), Path::new("2025"));
        assert_eq!(argument_label(Path::new("a/*/x.pdf")), Path::new("a"));
        assert_eq!(
            relative_name(Path::new("in/a/b.pdf"), Path::new("in")),
            Path::new("a/b.pdf")
        );
        assert_eq!(
            relative_name(Path::new("/x/b.pdf"), Path::new("in")),
            Path::new("x/b.pdf")
        );
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
