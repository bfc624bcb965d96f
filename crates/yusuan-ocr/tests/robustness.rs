//! Issue 21, acceptance: bad page images give typed errors or page
//! warnings, in bounded time and memory, never a panic.

use std::time::{Duration, Instant};

use yusuan_ocr::{OcrOptions, recognize_pages};
use yusuan_pdf::{ErrorKind, PdfOptions, RenderOptions, read_pdf, render_page};

use crate::support::install::engine;
use crate::support::scan::{Degrade, image_pdf, scan_page, to_jpeg};
use crate::support::score::workspace;

/// A real scan's JPEG (a sample form at 100 dpi) for damaging.
fn sample_jpeg() -> (Vec<u8>, u32, u32) {
    let pdf = std::fs::read(workspace().join("samples/target_project_1.pdf")).unwrap_or_default();
    let d = Degrade {
        dpi: 100.0,
        ..Degrade::default()
    };
    let scan = scan_page(&pdf, 1, &d).unwrap_or_else(|e| panic!("{e}"));
    (to_jpeg(&scan, 60), scan.width, scan.height)
}

/// Peak resident memory of this process, from /proc (Linux), in MiB.
fn peak_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

#[test]
fn an_image_claiming_huge_dimensions_is_refused_before_decoding() {
    let (jpeg, _, _) = sample_jpeg();
    // 60,000 × 60,000 pixels claimed (3.6 G pixels, 10 GB as RGB).
    let pdf = image_pdf(&[(jpeg, 60_000, 60_000, 595.0, 842.0, 1)]);
    let start = Instant::now();
    let err = render_page(&pdf, 1, &RenderOptions::default()).expect_err("refused");
    assert_eq!(err.kind(), &ErrorKind::TooLarge);
    assert!(err.to_string().contains("60000×60000"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(5));
    if let Some(mib) = peak_mib() {
        assert!(mib < 4096, "peak memory {mib} MiB");
    }
    // Through OCR: a page warning naming the reason, the document kept.
    let Ok(engine) = engine() else {
        println!("skipped: ocr not installed; run scripts/install-ocr");
        return;
    };
    let mut doc = read_pdf(&pdf, &PdfOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let read = recognize_pages(&pdf, &mut doc, &engine, &OcrOptions::default(), false)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(read.is_empty());
    let warnings = doc
        .pages
        .first()
        .map(|p| {
            p.warnings
                .iter()
                .map(|w| w.to_line())
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default();
    assert!(
        warnings.contains("ocr failed: page not drawn: pdf refused by a resource limit: page 1 embeds an image of 60000×60000 pixels"),
        "{warnings}"
    );
}

#[test]
fn a_truncated_jpeg_gives_a_page_read_as_far_as_it_goes() {
    let Ok(engine) = engine() else {
        println!("skipped: ocr not installed; run scripts/install-ocr");
        return;
    };
    let (jpeg, w, h) = sample_jpeg();
    for keep in [jpeg.len() / 2, 600, 10] {
        let cut = jpeg.get(..keep).unwrap_or_default().to_vec();
        let pdf = image_pdf(&[(cut, w, h, 595.0, 842.0, 1)]);
        let start = Instant::now();
        let mut doc = read_pdf(&pdf, &PdfOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let result = recognize_pages(&pdf, &mut doc, &engine, &OcrOptions::default(), false);
        assert!(result.is_ok(), "{keep} bytes: {result:?}");
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{keep} bytes: too slow"
        );
        let page = doc.pages.first();
        println!(
            "{keep} of {} bytes: {} glyphs; {:?}",
            jpeg.len(),
            page.map_or(0, |p| p.glyphs.len()),
            page.map(|p| &p.warnings)
        );
    }
}

#[test]
fn render_page_rejects_pages_that_do_not_exist() {
    let pdf = std::fs::read(workspace().join("samples/target_project_1.pdf")).unwrap_or_default();
    let err = render_page(&pdf, 9, &RenderOptions::default()).expect_err("no page 9");
    assert_eq!(err.kind(), &ErrorKind::NoSuchPage);
    let err = render_page(b"not a pdf", 1, &RenderOptions::default()).expect_err("not a pdf");
    assert_eq!(err.kind(), &ErrorKind::NotPdf);
    let img = render_page(
        &pdf,
        1,
        &RenderOptions {
            dpi: 36.0,
            ..RenderOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // A4 (595.28 × 841.89 pt) at half a pixel per point, whole pixels.
    assert_eq!((img.width, img.height), (297, 420));
    assert_eq!(img.data.len(), 297 * 420 * 4);
    let png = yusuan_pdf::encode_png(&img).unwrap_or_default();
    assert!(png.starts_with(b"\x89PNG"));
}
