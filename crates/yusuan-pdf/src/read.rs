//! The entry point: bytes in, [`SourceDocument`] out.

use std::panic::{AssertUnwindSafe, catch_unwind};

use hayro_interpret::hayro_syntax::page::Rotation;
use hayro_interpret::hayro_syntax::{DecryptionError, LoadPdfError, Pdf};
use hayro_interpret::kurbo::Rect;
use hayro_interpret::{
    Context, InterpreterCache, InterpreterSettings, RenderContent, TransformExt, interpret_page,
};
use yusuan_model::{Diagnostic, DiagnosticKind, Loc, Page, SourceDocument, SourceFormat, Stage};

use crate::error::{Error, ErrorKind};
use crate::hayro_device::{FontNames, PageDevice};
use crate::limits::{Limits, check_limits};
use crate::sink::{PageCollector, PageSink, PageStart};
use crate::text::decode_text_string;
use crate::tree::walk_page_tree;
use yusuan_model::page_list;

/// The `%PDF-` header must start within this many bytes (viewers accept junk
/// before it, as the specification's implementation notes allow).
const HEADER_WINDOW: usize = 1024;

/// How far from the end `startxref` is looked for.
const TRAILER_WINDOW: usize = 2048;

/// Options of [`read_pdf`].
/// Start from `PdfOptions::default()` and set fields, so that new fields do not break callers.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// Read only these pages (numbered from 1); `None` reads all. Numbers past
    /// the last page are reported as a document warning.
    pub pages: Option<Vec<u32>>,
    /// Keep glyphs hidden by a clip path (they are dropped by default, as a
    /// viewer does not show them). For inspecting pages and for comparing
    /// with text extractors that ignore clipping, such as `pdftotext`. Glyphs
    /// outside the crop box are dropped either way.
    pub keep_clipped: bool,
    /// Resource limits checked before parsing.
    pub limits: Limits,
}

/// How completely a document's pages were read: what
/// [`read_pdf_with_account`] returns beside the pages. Every gap is also
/// named in a document warning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageAccount {
    /// Pages the document declares: its page tree's `/Count` (or, when the
    /// tree is unreadable and pages were found by scanning the file, their
    /// number).
    pub declared: u32,
    /// Numbers of pages whose objects are lost (a truncated file, a damaged
    /// object stream), by their place in the page tree.
    pub missing: Vec<u32>,
    /// Pages the tree declares that are missing from it and cannot be placed.
    pub missing_unplaced: u32,
    /// Numbers of pages the interpreter failed on (returned empty).
    pub failed: Vec<u32>,
}

impl PageAccount {
    /// Whether every declared page was read.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && self.missing_unplaced == 0 && self.failed.is_empty()
    }
}

/// Reads a PDF into pages of positioned glyphs and ruling segments.
///
/// The raw bytes are first checked against `options.limits` (decompression
/// bombs, predictor rows), see [`Limits`].
///
/// Each page is interpreted on its own under `catch_unwind`: a page that
/// makes the interpreter panic is returned empty with a warning, and the
/// other pages are kept. Encrypted files open when their user password is
/// empty. A damaged cross-reference table is rebuilt by scanning the file,
/// with a document warning.
///
/// # Errors
/// [`ErrorKind::NotPdf`] without a `%PDF-` header, [`ErrorKind::Encrypted`]
/// when a password is needed, [`ErrorKind::Damaged`] when no page tree can
/// be recovered, [`ErrorKind::TooLarge`] when reading would pass a resource
/// limit.
pub fn read_pdf(bytes: &[u8], options: &PdfOptions) -> Result<SourceDocument, Error> {
    read_pdf_with_account(bytes, options).map(|(doc, _)| doc)
}

/// [`read_pdf`], with an account of the pages that could not be read.
///
/// Pages are numbered by their place in the page tree, so that when page 5
/// of 13 is lost, the page after it is still page 6.
///
/// # Errors
/// As [`read_pdf`].
pub fn read_pdf_with_account(
    bytes: &[u8],
    options: &PdfOptions,
) -> Result<(SourceDocument, PageAccount), Error> {
    let pdf = open_pdf(bytes, &options.limits)?;
    let mut warnings = Vec::new();
    if !has_valid_startxref(bytes) {
        warnings.push(repair(
            Loc::default(),
            "cross-reference table missing or broken; objects recovered by scanning the file",
        ));
    }
    let meta = pdf.metadata();
    let producer = meta
        .producer
        .as_deref()
        .or(meta.creator.as_deref())
        .map(decode_text_string)
        .filter(|s| !s.is_empty());
    let title = meta
        .title
        .as_deref()
        .map(decode_text_string)
        .filter(|s| !s.is_empty());

    let pages = pdf.pages();
    if pages.is_empty() {
        return Err(Error::new(ErrorKind::Damaged, "the page tree has no pages"));
    }
    // (tree_page_numbers gives the same numbers to the renderer.)
    let mut account = PageAccount::default();
    // Page numbers by place in the tree, when our walk agrees with hayro's.
    let numbers: Vec<u32> = match walk_page_tree(pdf.xref()) {
        Some(walk) if walk.readable.len() == pages.len() => {
            let declared = walk.declared.unwrap_or(0);
            let placed =
                u32::try_from(walk.readable.len() + walk.unreadable.len()).unwrap_or(u32::MAX);
            account.declared = declared.max(placed);
            account.missing = walk.unreadable;
            account.missing_unplaced = declared.saturating_sub(placed);
            walk.readable
        }
        walk => {
            let found = u32::try_from(pages.len()).unwrap_or(u32::MAX);
            match walk.and_then(|w| w.declared) {
                Some(declared) => {
                    account.declared = declared.max(found);
                    account.missing_unplaced = declared.saturating_sub(found);
                }
                None => {
                    account.declared = found;
                    warnings.push(repair(
                        Loc::default(),
                        format!(
                            "the page tree could not be read; {found} pages were found by \
                             scanning the file, in the order they appear in it"
                        ),
                    ));
                }
            }
            (1..=found).collect()
        }
    };
    if !account.missing.is_empty() || account.missing_unplaced > 0 {
        let lost = u32::try_from(account.missing.len())
            .unwrap_or(u32::MAX)
            .saturating_add(account.missing_unplaced);
        let mut text = format!(
            "the page tree declares {} pages but {} could be read",
            account.declared,
            account.declared.saturating_sub(lost)
        );
        if !account.missing.is_empty() {
            text.push_str(&format!(
                "; missing: {} {} (objects lost: a truncated or damaged file?)",
                if account.missing.len() == 1 {
                    "page"
                } else {
                    "pages"
                },
                page_list(&account.missing)
            ));
        }
        if account.missing_unplaced > 0 {
            text.push_str(&format!(
                "; {} more missing pages cannot be placed",
                account.missing_unplaced
            ));
        }
        warnings.push(repair(Loc::default(), text));
    }
    let count = usize::try_from(account.declared).unwrap_or(usize::MAX);
    if let Some(wanted) = &options.pages {
        let missing: Vec<String> = wanted
            .iter()
            .filter(|&&n| n == 0 || usize::try_from(n).map_or(true, |n| n > count))
            .map(u32::to_string)
            .collect();
        if !missing.is_empty() {
            warnings.push(repair(
                Loc::default(),
                format!(
                    "pages {} requested but the document has {count} pages",
                    missing.join(", ")
                ),
            ));
        }
    }

    let cache = InterpreterCache::new();
    let mut font_names = FontNames::default();
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let number = numbers
            .get(i)
            .copied()
            .unwrap_or_else(|| u32::try_from(i + 1).unwrap_or(u32::MAX));
        if let Some(wanted) = &options.pages
            && !wanted.contains(&number)
        {
            continue;
        }
        let (w, h) = page.render_dimensions();
        let start = PageStart {
            number,
            width: f64::from(w),
            height: f64::from(h),
            rotation: match page.rotation() {
                Rotation::None => 0,
                Rotation::Horizontal => 90,
                Rotation::Flipped => 180,
                Rotation::FlippedHorizontal => 270,
            },
        };
        let parts = page
            .raw()
            .get::<hayro_interpret::hayro_syntax::object::Array<'_>>(b"Contents")
            .map_or(0, |a| a.raw_iter().count());
        if parts > options.limits.max_contents_parts {
            account.failed.push(number);
            out.push(Page {
                number,
                width: start.width,
                height: start.height,
                rotation: start.rotation,
                warnings: vec![repair(
                    Loc::page(number),
                    format!(
                        "/Contents lists {parts} content streams, more than the limit of {}; \
                         the page is not read",
                        options.limits.max_contents_parts
                    ),
                )],
                ..Page::default()
            });
            continue;
        }
        let run = catch_unwind(AssertUnwindSafe(|| {
            let mut collector = PageCollector::default();
            interpret_one(
                page,
                &pdf,
                &cache,
                &mut font_names,
                start,
                options,
                &mut collector,
            );
            collector.into_page()
        }));
        let page = match run {
            Ok(Some(page)) => page,
            Ok(None) | Err(_) => {
                tracing::warn!(page = number, "pdf interpreter panicked");
                account.failed.push(number);
                Page {
                    number,
                    width: start.width,
                    height: start.height,
                    rotation: start.rotation,
                    warnings: vec![repair(
                        Loc::page(number),
                        "the pdf interpreter failed on this page; its content is missing",
                    )],
                    ..Page::default()
                }
            }
        };
        out.push(page);
    }

    let doc = SourceDocument {
        format: SourceFormat::Pdf,
        producer,
        title,
        pages: out,
        blocks: Vec::new(),
        warnings,
    };
    Ok((doc, account))
}

/// Interprets one page into `sink`.
fn interpret_one<'a, S: PageSink>(
    page: &hayro_interpret::hayro_syntax::page::Page<'a>,
    pdf: &'a Pdf,
    cache: &InterpreterCache<'a>,
    font_names: &mut FontNames,
    start: PageStart,
    options: &PdfOptions,
    sink: &mut S,
) {
    let _span = tracing::trace_span!("pdf_page", page = start.number).entered();
    let warned = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let counter = warned.clone();
    let settings = InterpreterSettings {
        // Only the page content: annotation appearances (stamps, form widgets)
        // are not part of the disclosed tables.
        render_content: RenderContent::PAGE,
        warning_sink: std::sync::Arc::new(move |_| {
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }),
        ..InterpreterSettings::default()
    };
    let mut ctx = Context::new(
        page.initial_transform(true).to_kurbo(),
        Rect::new(0.0, 0.0, start.width, start.height),
        cache,
        pdf.xref(),
        settings,
    );
    sink.begin_page(start);
    let resources = page.resources();
    let mut device = PageDevice::new(
        sink,
        font_names,
        resources,
        start.width,
        start.height,
        options.keep_clipped,
    );
    interpret_page(page, &mut ctx, &mut device);
    device.finish();
    let n = warned.load(std::sync::atomic::Ordering::Relaxed);
    if n > 0 {
        sink.warning(
            DiagnosticKind::ReaderRepair,
            format!("the interpreter reported {n} problems (unloadable fonts or images)"),
        );
    }
    sink.end_page();
}

/// Checks the header and the resource limits and parses the file structure
/// (shared by the reader and the renderer).
pub(crate) fn open_pdf(bytes: &[u8], limits: &Limits) -> Result<Pdf, Error> {
    let head = bytes
        .get(..bytes.len().min(HEADER_WINDOW))
        .unwrap_or_default();
    if find(head, b"%PDF-").is_none() {
        return Err(Error::new(
            ErrorKind::NotPdf,
            format!(
                "no %PDF- header in the first {HEADER_WINDOW} bytes ({} bytes in all)",
                bytes.len()
            ),
        ));
    }
    check_limits(bytes, limits)?;
    match catch_unwind(|| Pdf::new(bytes.to_vec())) {
        Ok(Ok(pdf)) => Ok(pdf),
        Ok(Err(e)) => Err(load_error(e)),
        Err(_) => Err(Error::new(
            ErrorKind::Damaged,
            "the pdf parser failed on the file structure",
        )),
    }
}

fn load_error(e: LoadPdfError) -> Error {
    match e {
        LoadPdfError::Decryption(DecryptionError::PasswordProtected) => Error::new(
            ErrorKind::Encrypted,
            "the document needs a user password (only the empty password is tried)",
        ),
        LoadPdfError::Decryption(DecryptionError::UnsupportedAlgorithm) => Error::new(
            ErrorKind::Encrypted,
            "the document uses an encryption algorithm the reader does not support",
        ),
        LoadPdfError::Decryption(DecryptionError::MissingIDEntry) => Error::new(
            ErrorKind::Encrypted,
            "the document is encrypted but its trailer has no /ID, which decryption needs",
        ),
        LoadPdfError::Decryption(DecryptionError::InvalidEncryption) => Error::new(
            ErrorKind::Encrypted,
            "the document's encryption dictionary is invalid",
        ),
        LoadPdfError::Invalid => Error::new(
            ErrorKind::Damaged,
            "no cross-reference data or page tree could be recovered",
        ),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Whether the last `startxref` points at an `xref` keyword or an object
/// (cross-reference stream). When it does not, hayro rebuilds the table by
/// scanning, which we announce.
fn has_valid_startxref(bytes: &[u8]) -> bool {
    let tail_start = bytes.len().saturating_sub(TRAILER_WINDOW);
    let Some(tail) = bytes.get(tail_start..) else {
        return false;
    };
    let Some(at) = rfind(tail, b"startxref") else {
        return false;
    };
    let after = tail.get(at + b"startxref".len()..).unwrap_or_default();
    let digits: String = after
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    let Ok(offset) = digits.parse::<usize>() else {
        return false;
    };
    let Some(target) = bytes.get(offset..) else {
        return false;
    };
    let target = target.get(..64).unwrap_or(target);
    let trimmed: Vec<u8> = target
        .iter()
        .copied()
        .skip_while(u8::is_ascii_whitespace)
        .collect();
    if trimmed.starts_with(b"xref") {
        return true;
    }
    // "12 0 obj" of a cross-reference stream.
    find(&trimmed, b"obj").is_some() && trimmed.first().is_some_and(u8::is_ascii_digit)
}

/// The number of each of hayro's pages, in its order: its place in the
/// page tree when our walk of the tree agrees with hayro's list (pages lost
/// in a damaged file keep their numbers), else 1, 2, 3 … (the reader's rule
/// in [`read_pdf`](crate::read_pdf)).
pub(crate) fn tree_page_numbers(pdf: &Pdf) -> Vec<u32> {
    let n = pdf.pages().len();
    match walk_page_tree(pdf.xref()) {
        Some(walk) if walk.readable.len() == n => walk.readable,
        _ => (1..=u32::try_from(n).unwrap_or(u32::MAX)).collect(),
    }
}

/// A warning of the reader about something it repaired or could not read.
fn repair(loc: Loc, message: impl Into<String>) -> Diagnostic {
    Diagnostic::warning(Stage::Pdf, DiagnosticKind::ReaderRepair, loc, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn startxref_check() {
        let good = b"%PDF-1.4\nxref\n0 1\ntrailer<<>>\nstartxref\n9\n%%EOF";
        assert!(has_valid_startxref(good));
        let bad = b"%PDF-1.4\nxref\n0 1\ntrailer<<>>\nstartxref\n3\n%%EOF";
        assert!(!has_valid_startxref(bad));
        assert!(!has_valid_startxref(b"%PDF-1.4 nothing"));
    }

    #[test]
    fn not_pdf() {
        let e = read_pdf(b"PK\x03\x04 a zip", &PdfOptions::default()).expect_err("not a pdf");
        assert_eq!(e.kind(), &ErrorKind::NotPdf);
        assert!(e.to_string().starts_with("not a pdf: "), "{e}");
    }
}
