//! Hostile and hand-made input: the reader returns `Ok` or `Err`, never
//! panics, and finishes in time.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use yusuan_model::{Orientation, SourceDocument};
use yusuan_pdf::{Error, ErrorKind, PdfOptions, read_pdf};

use crate::corpus::corpus_pdfs;

/// Generous for a debug build of this crate on a loaded 2-core machine; a
/// healthy read of a corpus file takes well under a second.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// Reads `bytes` on another thread, turning a panic or a timeout into a test
/// failure that names `what`.
fn read_guarded(bytes: Vec<u8>, what: &str) -> Result<SourceDocument, Error> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = catch_unwind(AssertUnwindSafe(|| {
            read_pdf(&bytes, &PdfOptions::default())
        }));
        let _ = tx.send(result);
    });
    match rx.recv_timeout(TIME_LIMIT) {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => panic!("{what}: read_pdf panicked"),
        Err(_) => panic!("{what}: read_pdf took longer than {TIME_LIMIT:?}"),
    }
}

/// xorshift64: reproducible positions without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }
}

#[test]
fn damaged_corpus_files_do_not_panic() {
    let Some(pdfs) = corpus_pdfs() else { return };
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    let (mut ok, mut err, mut repaired, mut failed_pages) = (0, 0, 0, 0);
    let started = Instant::now();
    // Every corpus file, seven variants each: four cuts and three copies
    // with flipped bytes. The cut points are drawn per file (seeded, so a
    // failure reproduces) rather than fixed, so that the files together cover
    // many places of a PDF's structure; the last cut always loses the
    // trailer and usually the xref (the repair path).
    for pdf in &pdfs {
        let bytes = std::fs::read(&pdf.path).expect("corpus file");
        let len = bytes.len();
        let mut variants: Vec<(String, Vec<u8>)> = Vec::new();
        let tail = len / 20;
        let cuts = [
            tail + rng.below(len * 3 / 10),
            len * 7 / 20 + rng.below(len * 7 / 20),
            len * 7 / 10 + rng.below(len * 3 / 10 - tail),
            len.saturating_sub(1 + rng.below(2000)),
        ];
        for cut in cuts {
            variants.push((format!("truncated at {cut}"), bytes[..cut].to_vec()));
        }
        // Five flipped bytes per copy, so that one fatal flip does not hide
        // what the others would do; the third copy flips only in the last
        // 5%, where the xref, trailer and (in many files) the page tree are.
        for copy in 0..3 {
            let mut b = bytes.clone();
            let mut at = Vec::new();
            for _ in 0..5 {
                let i = if copy == 2 {
                    len - 1 - rng.below(tail)
                } else {
                    rng.below(len)
                };
                b[i] ^= 1 << rng.below(8);
                at.push(i);
            }
            variants.push((format!("copy {copy}, bytes flipped at {at:?}"), b));
        }
        for (what, b) in variants {
            let what = format!("{} {what}", pdf.name);
            let t = Instant::now();
            let result = read_guarded(b, &what);
            if t.elapsed() > Duration::from_millis(1000) {
                println!("slow: {what}: {:.1?}", t.elapsed());
            }
            match result {
                Ok(doc) => {
                    ok += 1;
                    if doc
                        .warnings
                        .iter()
                        .any(|w| w.message.contains("cross-reference"))
                    {
                        repaired += 1;
                    }
                    // A panic inside a page is caught by read_pdf and leaves
                    // that page empty with a warning: allowed, but counted.
                    failed_pages += doc
                        .pages
                        .iter()
                        .filter(|p| {
                            p.warnings
                                .iter()
                                .any(|w| w.message.contains("interpreter failed"))
                        })
                        .count();
                }
                Err(e) => {
                    err += 1;
                    assert!(!e.to_string().is_empty(), "{what}");
                }
            }
        }
    }
    println!(
        "{} files, {} damaged variants: {ok} read ({repaired} with a repaired xref, \
         {failed_pages} pages lost to a caught interpreter panic), {err} rejected, {:.1?}",
        pdfs.len(),
        ok + err,
        started.elapsed()
    );
    assert!(ok > 0, "no damaged variant was recovered at all");
}

#[test]
fn junk_input_is_rejected() {
    let e = read_guarded(Vec::new(), "empty input").expect_err("empty");
    assert_eq!(e.kind(), &ErrorKind::NotPdf);
    let mut rng = Rng(42);
    let junk: Vec<u8> = (0..10_000).map(|_| (rng.next() & 0xFF) as u8).collect();
    let e = read_guarded(junk.clone(), "random bytes").expect_err("random");
    assert_eq!(e.kind(), &ErrorKind::NotPdf);
    let mut headed = b"%PDF-1.7\n".to_vec();
    headed.extend_from_slice(&junk);
    let e = read_guarded(headed, "header then random bytes").expect_err("random after header");
    assert_eq!(e.kind(), &ErrorKind::Damaged, "{e}");
    assert!(e.to_string().starts_with("damaged pdf: "), "{e}");
}

/// Assembles a PDF from object bodies (numbered from 1; object 1 is the
/// catalog) with a correct cross-reference table.
fn build_pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info {} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1,
            objects.len()
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

/// Three pages of 200 × 100 pt: text and rules; a glyph on a page with
/// /Rotate 90; an image and two glyphs without Unicode.
fn tiny_pdf() -> Vec<u8> {
    let content1 = b"BT /F1 10 Tf 1 0 0 1 10 80 Tm (AB) Tj ET
BT /F1 10 Tf 2 Tr 10 60 Td (C) Tj ET
BT /F1 10 Tf 0 Tr 10 -20 Td (Z) Tj ET
q 0 0 50 50 re W n BT /F1 10 Tf 100 30 Td (Q) Tj ET Q
BT /F1 10 Tf 3 Tr 150 80 Td (I) Tj ET
BT /F1 10 Tf 0 Tr 60 80 Td (A) Tj ET
BT /F1 10 Tf 60.2 80 Td (A) Tj ET
0.5 w 10 10 m 190 10 l S
10 10 0.8 80 re f
1 1 1 RG 20 20 m 180 20 l S
0 0 0 RG 20 30 m 50 60 l S
20 40 100 30 re f";
    let content2 = b"BT /F1 10 Tf 10 80 Td (R) Tj ET";
    let content3 = b"q 200 0 0 100 0 0 cm /Im1 Do Q BT /F2 10 Tf 20 20 Td (AA) Tj ET";
    let font = "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>";
    build_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 /MediaBox [0 0 200 100] >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /Contents 6 0 R /Resources << {font} >> >>")
            .into_bytes(),
        format!(
            "<< /Type /Page /Parent 2 0 R /Rotate 90 /Contents 7 0 R /Resources << {font} >> >>"
        )
        .into_bytes(),
        // F2 renames code 65 to a glyph name with no Unicode value.
        b"<< /Type /Page /Parent 2 0 R /Contents 8 0 R /Resources << /XObject << /Im1 9 0 R >> \
          /Font << /F2 << /Type /Font /Subtype /Type1 /BaseFont /Courier \
          /Encoding << /Differences [65 /zzunknown] >> >> >> >> >>"
            .to_vec(),
        stream("", content1),
        stream("", content2),
        stream("", content3),
        stream(
            "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
            b"\x80",
        ),
        b"<< /Producer (hand-made test) /Title <FEFF98847B97> >>".to_vec(),
    ])
}

#[test]
fn tiny_hand_made_pdf() {
    let doc = read_guarded(tiny_pdf(), "tiny pdf").expect("tiny pdf reads");
    assert_eq!(doc.producer.as_deref(), Some("hand-made test"));
    assert_eq!(doc.title.as_deref(), Some("预算"));
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    assert_eq!(doc.pages.len(), 3);

    let p1 = &doc.pages[0];
    assert_eq!(
        (p1.number, p1.width, p1.height, p1.rotation),
        (1, 200.0, 100.0, 0)
    );
    let text: String = p1.glyphs.iter().map(|g| g.text.as_str()).collect();
    // Z is below the page, Q outside its clip, I invisible beside visible
    // text; C is fill-and-stroke (once); the second A overprints the first.
    assert_eq!(text, "ABCA", "{p1:#?}");
    let a = &p1.glyphs[0];
    assert_eq!(p1.fonts[usize::from(a.font)], "Helvetica");
    assert!((a.size - 10.0).abs() < 1e-3);
    assert!(!a.rotated);
    // Baseline at 100 - 80 = 20 pt from the top; box 0.88 em up, 0.12 down;
    // Helvetica's A advances 667/1000 em.
    let b = a.bbox;
    assert!(
        (b.x0 - 10.0).abs() < 0.01 && (b.x1 - 16.67).abs() < 0.01,
        "{b:?}"
    );
    assert!(
        (b.y0 - 11.2).abs() < 0.01 && (b.y1 - 21.2).abs() < 0.01,
        "{b:?}"
    );
    assert!(p1.glyphs[1].bbox.x0 > b.x1 - 0.01, "B follows A");
    assert!(
        p1.warnings
            .iter()
            .any(|w| w.message.contains("1 glyphs hidden by a clip path dropped")),
        "{:?}",
        p1.warnings
    );
    assert!(
        p1.warnings
            .iter()
            .any(|w| w.message.contains("1 invisible glyphs dropped")),
        "{:?}",
        p1.warnings
    );
    // The stroked line at PDF y = 10 and the 0.8 pt filled rectangle are
    // rules; the white line, the diagonal and the 30 pt tall fill are not.
    assert_eq!(p1.segments.len(), 2, "{:?}", p1.segments);
    let h = p1
        .segments
        .iter()
        .find(|s| s.is_horizontal())
        .expect("h rule");
    assert!(
        (h.pos - 90.0).abs() < 0.01
            && (h.start - 10.0).abs() < 0.01
            && (h.end - 190.0).abs() < 0.01
    );
    assert!((h.thickness - 0.5).abs() < 0.01);
    let v = p1
        .segments
        .iter()
        .find(|s| s.orientation == Orientation::Vertical)
        .expect("v rule");
    assert!(
        (v.pos - 10.4).abs() < 0.01 && (v.start - 10.0).abs() < 0.01 && (v.end - 90.0).abs() < 0.01
    );
    assert!((v.thickness - 0.8).abs() < 0.01);

    let p2 = &doc.pages[1];
    assert_eq!((p2.width, p2.height, p2.rotation), (100.0, 200.0, 90));
    assert_eq!(p2.glyphs.len(), 1);
    let r = &p2.glyphs[0];
    assert!(
        r.rotated,
        "text along the unrotated page runs down the rotated one"
    );
    // /Rotate 90 turns the page clockwise: the PDF's bottom edge becomes the
    // left one and its left edge the top, so PDF (10, 80) lands at x = 80,
    // y = 10; the baseline runs down (R advances 0.722 em) and the glyph's
    // top points right (0.12 em of descent to the left of x = 80).
    let b = r.bbox;
    assert!(
        (b.x0 - 78.8).abs() < 0.01 && (b.x1 - 88.8).abs() < 0.01,
        "{b:?}"
    );
    assert!(
        (b.y0 - 10.0).abs() < 0.01 && (b.y1 - 17.22).abs() < 0.01,
        "{b:?}"
    );

    let p3 = &doc.pages[2];
    assert_eq!(p3.images, 1);
    assert!(
        p3.glyphs.is_empty(),
        "no wrong characters for unmapped glyphs"
    );
    let lines: Vec<String> = p3.warnings.iter().map(|w| w.to_line()).collect();
    assert_eq!(
        lines,
        ["pdf, page 3: font Courier has no unicode mapping; 2 glyphs dropped"]
    );
}

#[test]
fn selected_pages_only() {
    let options = PdfOptions {
        pages: Some(vec![2, 7]),
        ..PdfOptions::default()
    };
    let doc = read_pdf(&tiny_pdf(), &options).expect("reads");
    assert_eq!(doc.pages.len(), 1);
    assert_eq!(doc.pages[0].number, 2);
    let lines: Vec<String> = doc.warnings.iter().map(|w| w.to_line()).collect();
    assert_eq!(
        lines,
        ["pdf: pages 7 requested but the document has 3 pages"]
    );
}

#[test]
fn broken_xref_is_repaired_and_announced() {
    let mut bytes = tiny_pdf();
    let at = bytes.len() - 20;
    // Point startxref at garbage: hayro rebuilds the table by scanning.
    let tail = String::from_utf8_lossy(&bytes[at..]).replace(|c: char| c.is_ascii_digit(), "7");
    bytes.truncate(at);
    bytes.extend_from_slice(tail.as_bytes());
    let doc = read_guarded(bytes, "bad startxref").expect("repaired");
    assert_eq!(doc.pages.len(), 3);
    assert!(doc.warnings.iter().any(|w| {
        w.message
            .contains("cross-reference table missing or broken")
    }));
    let text: String = doc.pages[0]
        .glyphs
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(text, "ABCA");
}

#[test]
fn encrypted_files() {
    let qpdf_ok = Command::new("qpdf")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !qpdf_ok {
        println!("SKIP: qpdf not installed (apt-get install qpdf)");
        return;
    }
    let dir = std::env::temp_dir().join(format!("yusuan-pdf-enc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let plain = dir.join("plain.pdf");
    std::fs::write(&plain, tiny_pdf()).expect("write");
    for (user, bits) in [("", "128"), ("", "256"), ("secret", "256")] {
        let out = dir.join(format!("enc-{bits}-{}.pdf", user.len()));
        let status = Command::new("qpdf")
            .args(["--encrypt", user, "owner", bits])
            .args(if bits == "128" {
                &["--use-aes=y", "--"][..]
            } else {
                &["--"][..]
            })
            .arg(&plain)
            .arg(&out)
            .status()
            .expect("qpdf runs");
        assert!(status.success(), "qpdf --encrypt {bits}");
        let bytes = std::fs::read(&out).expect("read back");
        let what = format!("aes {bits}-bit, user password {user:?}");
        match read_guarded(bytes, &what) {
            Ok(doc) if user.is_empty() => {
                let text: String = doc.pages[0]
                    .glyphs
                    .iter()
                    .map(|g| g.text.as_str())
                    .collect();
                assert_eq!(text, "ABCA", "{what}");
            }
            Err(e) if !user.is_empty() => {
                assert_eq!(e.kind(), &ErrorKind::Encrypted, "{what}: {e}");
                assert!(
                    e.to_string().starts_with("encrypted with a password: "),
                    "{e}"
                );
            }
            Ok(_) => panic!("{what}: opened without the password"),
            Err(e) => panic!("{what}: {e}"),
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 15: a page whose object is lost is named, and the pages after it
/// keep their numbers.
#[test]
fn issue_15_lost_pages_are_accounted_for() {
    let content = b"BT /F1 10 Tf 10 80 Td (R) Tj ET";
    let font = "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>";
    let page = format!("<< /Type /Page /Parent 2 0 R /Contents 6 0 R /Resources << {font} >> >>");
    let pdf = build_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 4 /MediaBox [0 0 200 100] >>".to_vec(),
        page.clone().into_bytes(),
        b"null".to_vec(), // page 2: its object is lost
        page.into_bytes(),
        stream("", content),
    ]);
    let (doc, account) =
        yusuan_pdf::read_pdf_with_account(&pdf, &PdfOptions::default()).expect("reads");
    let numbers: Vec<u32> = doc.pages.iter().map(|p| p.number).collect();
    assert_eq!(numbers, [1, 3]);
    assert_eq!(account.declared, 4);
    assert_eq!(account.missing, [2]);
    assert_eq!(
        account.missing_unplaced, 1,
        "/Count says 4, the tree holds 3"
    );
    assert!(!account.is_complete());
    let warning = doc
        .warnings
        .iter()
        .find(|w| w.message.contains("declares 4 pages but 2 could be read"))
        .unwrap_or_else(|| panic!("{:?}", doc.warnings));
    assert!(warning.message.contains("missing: page 2"), "{warning}");
    assert!(
        warning
            .message
            .contains("1 more missing pages cannot be placed"),
        "{warning}"
    );

    // An intact file is complete.
    let (_, account) =
        yusuan_pdf::read_pdf_with_account(&tiny_pdf(), &PdfOptions::default()).expect("reads");
    assert!(account.is_complete(), "{account:?}");
    assert_eq!(account.declared, 3);
}

/// Issue 16: a page listing more content streams than the limit is not read,
/// with a warning, in bounded time.
#[test]
fn issue_16_contents_arrays_are_bounded() {
    let font = "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>";
    let refs = "4 0 R ".repeat(200_000);
    let pdf = build_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 100] >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /Contents [{refs}] /Resources << {font} >> >>")
            .into_bytes(),
        stream("", b"BT /F1 10 Tf 10 80 Td (R) Tj ET"),
    ]);
    let start = std::time::Instant::now();
    let (doc, account) =
        yusuan_pdf::read_pdf_with_account(&pdf, &PdfOptions::default()).expect("reads");
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(account.failed, [1]);
    let page = &doc.pages[0];
    assert!(page.glyphs.is_empty());
    assert!(
        page.warnings[0]
            .message
            .contains("/Contents lists 200000 content streams"),
        "{:?}",
        page.warnings
    );
}

/// A page lost in a damaged file keeps the reader's numbering: the renderer
/// draws page 3 as page 3 (hayro's own list has it second) and refuses page
/// 2, as the reader names it missing.
#[test]
fn the_renderer_numbers_pages_as_the_reader_does_when_one_is_lost() {
    let page = |text: &str| -> Vec<u8> {
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents {text} 0 R \
             /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
        )
        .into_bytes()
    };
    let content = b"<< /Length 31 >>\nstream\nBT /F1 10 Tf 10 50 Td (X) Tj ET\nendstream".to_vec();
    let pdf = build_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 5 0 R 6 0 R] /Count 3 >>".to_vec(),
        page("4"),
        content,
        b"null".to_vec(),
        page("4"),
    ]);
    let doc = read_pdf(&pdf, &PdfOptions::default()).expect("reads");
    let numbers: Vec<u32> = doc.pages.iter().map(|p| p.number).collect();
    assert_eq!(numbers, [1, 3]);
    let options = yusuan_pdf::RenderOptions {
        dpi: 36.0,
        ..yusuan_pdf::RenderOptions::default()
    };
    assert!(yusuan_pdf::render_page(&pdf, 3, &options).is_ok());
    let missing = yusuan_pdf::render_page(&pdf, 2, &options).map(|_| ());
    assert!(
        matches!(
            missing.as_ref().map_err(|e| e.kind()),
            Err(ErrorKind::NoSuchPage)
        ),
        "{missing:?}"
    );
}
