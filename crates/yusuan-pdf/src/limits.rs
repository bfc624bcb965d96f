//! Resource limits checked before the bytes reach hayro.
//!
//! hayro-syntax 0.9 has no option to bound what it decodes: a Flate stream
//! is inflated whole, however large, and a PNG predictor allocates rows of
//! `/Columns × /Colors × /BitsPerComponent` bits without a bound (and
//! multiplies colors by bits in a `u8`). So the reader scans the raw file
//! first, with its own checks:
//!
//! - every Flate stream whose raw length could inflate past the per-stream
//!   limit (deflate expands at most about 1032:1) is inflated once into a
//!   counter, stopping at the limit; a stream past it, or streams adding up
//!   past the document limit, refuse the file;
//! - every `/Columns` entry is read with the `/Colors` and
//!   `/BitsPerComponent` of its dictionary, and a predictor row past the
//!   limit refuses the file.
//!
//! Both are scans of the bytes as written: a parameter dictionary kept inside
//! a compressed object stream is not seen, and neither is a bomb inside an
//! encrypted stream. The batch's worker processes run under a memory limit
//! for what slips through. `/Contents` arrays are bounded per page in
//! `read.rs`; xref stream `/W` widths need no check of ours (hayro reads them
//! as bytes and refuses a middle field wider than 8, then repairs by
//! scanning).

use std::io::Read;

use crate::error::{Error, ErrorKind};

/// Default limit on the decoded size of one stream: 256 MiB. A lossless
/// A4 page scanned at 600 dpi in colour is about 100 MiB.
pub const MAX_STREAM_DECODED: u64 = 256 * 1024 * 1024;

/// Default limit on the decoded size of the large streams of one document
/// together: 4 GiB.
pub const MAX_DOCUMENT_DECODED: u64 = 4 * 1024 * 1024 * 1024;

/// Default limit on one predictor row: 16 MiB (a row of a 100,000-pixel-wide
/// 16-bit CMYK image is 800 KB).
pub const MAX_PREDICTOR_ROW: u64 = 16 * 1024 * 1024;

/// Default limit on the content streams one page lists in `/Contents`.
pub const MAX_CONTENTS_PARTS: usize = 4096;

/// The most one byte of deflate data can inflate to (a run of 258 bytes per
/// 2-bit code, rounded up).
const DEFLATE_MAX_RATIO: u64 = 1032;

/// How far around a `/Columns` entry its dictionary is looked for.
const DICT_WINDOW: usize = 4096;

/// Bounds on what one document may make the reader allocate.
/// Start from `Limits::default()` and set fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Decoded size of one Flate stream, in bytes.
    pub max_stream_decoded: u64,
    /// Decoded size of the document's large Flate streams together, in
    /// bytes.
    pub max_document_decoded: u64,
    /// Bytes of one predictor row.
    pub max_predictor_row: u64,
    /// Content streams listed in one page's `/Contents`; a page with more is
    /// not read (with a warning).
    pub max_contents_parts: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_stream_decoded: MAX_STREAM_DECODED,
            max_document_decoded: MAX_DOCUMENT_DECODED,
            max_predictor_row: MAX_PREDICTOR_ROW,
            max_contents_parts: MAX_CONTENTS_PARTS,
        }
    }
}

/// Checks the raw file against `limits`.
pub(crate) fn check_limits(bytes: &[u8], limits: &Limits) -> Result<(), Error> {
    check_predictors(bytes, limits)?;
    check_streams(bytes, limits)
}

fn too_large(reason: String) -> Error {
    Error::new(ErrorKind::TooLarge, reason)
}

/// The unsigned integer written after `at` (skipping white space).
fn integer_after(bytes: &[u8], at: usize) -> Option<u128> {
    let rest = bytes.get(at..)?;
    let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
    let digits: Vec<u8> = rest
        .get(start..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .take(30)
        .copied()
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

/// The integer value of `key` in `dict`, when it is followed by a
/// delimiter (so `/Colors` does not match `/ColorSpace`).
fn dict_integer(dict: &[u8], key: &[u8]) -> Option<u128> {
    memchr::memmem::find_iter(dict, key).find_map(|at| {
        let end = at + key.len();
        match dict.get(end) {
            Some(b) if b.is_ascii_alphanumeric() => None,
            _ => integer_after(dict, end),
        }
    })
}

fn check_predictors(bytes: &[u8], limits: &Limits) -> Result<(), Error> {
    for at in memchr::memmem::find_iter(bytes, b"/Columns") {
        let Some(columns) = dict_integer(bytes.get(at..).unwrap_or_default(), b"/Columns") else {
            continue;
        };
        // The dictionary around it: from the nearest "<<" before to the
        // nearest ">>" after (DecodeParms dictionaries are flat).
        let lo = at.saturating_sub(DICT_WINDOW);
        let before = bytes.get(lo..at).unwrap_or_default();
        let open = memchr::memmem::rfind(before, b"<<").map_or(lo, |i| lo + i);
        let hi = (at + DICT_WINDOW).min(bytes.len());
        let after = bytes.get(at..hi).unwrap_or_default();
        let close = memchr::memmem::find(after, b">>").map_or(hi, |i| at + i);
        let dict = bytes.get(open..close).unwrap_or_default();
        if dict_integer(dict, b"/Predictor").is_none_or(|p| p < 2) {
            continue;
        }
        let colors = dict_integer(dict, b"/Colors").unwrap_or(1);
        let bits = dict_integer(dict, b"/BitsPerComponent").unwrap_or(8);
        let bits_per_pixel = colors.saturating_mul(bits);
        if bits_per_pixel > 255 {
            return Err(too_large(format!(
                "a stream's predictor has {bits_per_pixel} bits per pixel (/Colors {colors} × \
                 /BitsPerComponent {bits}); more than 255 is refused"
            )));
        }
        let row = columns.saturating_mul(bits_per_pixel).div_ceil(8);
        if row > u128::from(limits.max_predictor_row) {
            return Err(too_large(format!(
                "a stream's predictor rows would take {row} bytes each (/Columns {columns} × \
                 /Colors {colors} × /BitsPerComponent {bits}), more than the limit of {}",
                limits.max_predictor_row
            )));
        }
    }
    Ok(())
}

/// Every `stream` keyword that ends a dictionary, with its data up to the
/// next `endstream`. The next `endstream` is found once for all the
/// keywords before it, so a file of many unterminated streams stays linear.
fn streams(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    // The start of the next `endstream` at or after the last search start
    // (`bytes.len()` when there is none).
    let mut next_end: Option<usize> = None;
    memchr::memmem::find_iter(bytes, b"stream").filter_map(move |at| {
        let before = bytes.get(..at)?;
        let dict_end = before.iter().rposition(|b| !b.is_ascii_whitespace())?;
        if dict_end == 0 || before.get(dict_end - 1..=dict_end)? != b">>" {
            return None;
        }
        let mut start = at + b"stream".len();
        if bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        let end = match next_end {
            Some(end) if end >= start => end,
            _ => {
                let rest = bytes.get(start..)?;
                let end =
                    memchr::memmem::find(rest, b"endstream").map_or(bytes.len(), |i| start + i);
                next_end = Some(end);
                end
            }
        };
        Some((dict_end, bytes.get(start..end)?))
    })
}

fn check_streams(bytes: &[u8], limits: &Limits) -> Result<(), Error> {
    let worth_checking = limits.max_stream_decoded / DEFLATE_MAX_RATIO;
    let mut total: u64 = 0;
    for (dict_end, data) in streams(bytes) {
        if u64::try_from(data.len()).unwrap_or(u64::MAX) <= worth_checking {
            continue;
        }
        // The stream's dictionary: back to its "obj" keyword (or 2 KB).
        let lo = dict_end.saturating_sub(2048);
        let head = bytes.get(lo..dict_end).unwrap_or_default();
        let dict = match memchr::memmem::rfind(head, b"obj") {
            Some(i) => head.get(i..).unwrap_or(head),
            None => head,
        };
        if memchr::memmem::find(dict, b"/Fl").is_none() {
            continue;
        }
        let size = inflated_size(data, limits.max_stream_decoded.saturating_add(1));
        if size > limits.max_stream_decoded {
            return Err(too_large(format!(
                "a flate stream of {} bytes inflates to more than {} bytes \
                 (the per-stream limit): a decompression bomb?",
                data.len(),
                limits.max_stream_decoded
            )));
        }
        total = total.saturating_add(size);
        if total > limits.max_document_decoded {
            return Err(too_large(format!(
                "the document's large flate streams inflate to more than {} bytes together \
                 (the document limit): a decompression bomb?",
                limits.max_document_decoded
            )));
        }
    }
    Ok(())
}

/// How many bytes `data` inflates to, counting up to `cap` (zlib, else raw
/// deflate; what inflates before an error counts).
fn inflated_size(data: &[u8], cap: u64) -> u64 {
    let count = |reader: &mut dyn Read| -> u64 {
        let mut buf = vec![0u8; 64 * 1024];
        let mut n: u64 = 0;
        while n < cap {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(k) => n = n.saturating_add(u64::try_from(k).unwrap_or(u64::MAX)),
            }
        }
        n
    };
    let zlib = count(&mut flate2::read::ZlibDecoder::new(data));
    if zlib > 0 {
        return zlib;
    }
    count(&mut flate2::read::DeflateDecoder::new(data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn pdf_with_stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut pdf = format!(
            "%PDF-1.7\n4 0 obj\n<< {dict} /Length {} >>\nstream\n",
            data.len()
        )
        .into_bytes();
        pdf.extend_from_slice(data);
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        pdf
    }

    #[test]
    fn predictor_rows_are_bounded() {
        let ok = pdf_with_stream(
            "/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 5 >>",
            b"x",
        );
        assert_eq!(check_limits(&ok, &Limits::default()), Ok(()));
        let huge = pdf_with_stream(
            "/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 68719476736 >>",
            b"x",
        );
        let e = check_limits(&huge, &Limits::default()).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::TooLarge);
        assert!(e.to_string().contains("/Columns 68719476736"), "{e}");
        let wide = pdf_with_stream(
            "/DecodeParms << /Predictor 12 /Colors 4096 /BitsPerComponent 16 /Columns 1 >>",
            b"x",
        );
        assert!(check_limits(&wide, &Limits::default()).is_err());
        // No predictor: /Columns of a CCITT image is not a row size.
        let fax = pdf_with_stream("/DecodeParms << /K -1 /Columns 99999999999 >>", b"x");
        assert_eq!(check_limits(&fax, &Limits::default()), Ok(()));
        // /ColorSpace is not /Colors.
        assert_eq!(
            dict_integer(b"/ColorSpace 9 /Colors 3", b"/Colors"),
            Some(3)
        );
    }

    #[test]
    fn many_unterminated_streams_stay_linear() {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        for _ in 0..50_000 {
            pdf.extend_from_slice(b"<< /Filter /FlateDecode >>stream\nxx");
        }
        let start = std::time::Instant::now();
        assert_eq!(streams(&pdf).count(), 50_000);
        assert_eq!(check_limits(&pdf, &Limits::default()), Ok(()));
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn bombs_are_refused_and_ordinary_streams_pass() {
        let limits = Limits {
            max_stream_decoded: 1024 * 1024,
            ..Limits::default()
        };
        let bomb = zlib(&vec![b' '; 4 * 1024 * 1024]);
        assert!(bomb.len() as u64 > limits.max_stream_decoded / DEFLATE_MAX_RATIO);
        let e = check_limits(&pdf_with_stream("/Filter /FlateDecode", &bomb), &limits).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::TooLarge);
        // The same size uncompressed is no bomb; nor is a stream under the limit.
        let plain = pdf_with_stream("", &vec![b' '; 2 * 1024 * 1024]);
        assert_eq!(check_limits(&plain, &limits), Ok(()));
        let small = zlib(&vec![b' '; 512 * 1024]);
        let ok = pdf_with_stream("/Filter /FlateDecode", &small);
        assert_eq!(check_limits(&ok, &limits), Ok(()));
        // Several streams, each under the limit, past the document limit.
        let doc_limits = Limits {
            max_document_decoded: 1024 * 1024,
            max_stream_decoded: 768 * 1024,
            ..Limits::default()
        };
        // Incompressible bytes, so that each stream is large enough to check.
        let mut x: u32 = 0x2545_F491;
        let noise: Vec<u8> = (0..700 * 1024)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x >> 24) as u8
            })
            .collect();
        let part = zlib(&noise);
        let mut two = pdf_with_stream("/Filter /FlateDecode", &part);
        two.extend(pdf_with_stream("/Filter /FlateDecode", &part));
        let e = check_limits(&two, &doc_limits).unwrap_err();
        assert!(e.to_string().contains("document limit"), "{e}");
    }
}
