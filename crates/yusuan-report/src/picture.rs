//! Page images for the report: drawn by `yusuan_pdf::render_pages` (hayro),
//! turned gray, cut to 16 levels and written as PNG at deflate's best level.
//!
//! Why this encoding (measured on corpus pages, `docs/report.md`): budget
//! pages are black text and rules on white, so colour adds nothing but size
//! (RGB PNG 403 KB/page at 110 dpi against 150 KB gray); 16 gray levels keep
//! anti-aliased CJK strokes readable and let deflate find long runs (83
//! KB/page at the best level), smaller than JPEG at quality 70 (123 KB/page,
//! with ringing around every stroke), and the overlay's red and amber
//! boxes stand out on a gray page.

use std::io::Cursor;

use yusuan_pdf::{Image, PixelFormat, RenderOptions};

/// Gray levels kept: 256 / 17 rounds every level to one of 16.
const LEVEL_STEP: u8 = 17;

/// A4 portrait in points: the size assumed for a page that was not drawn
/// and names no box of its own.
const A4: (f64, f64) = (595.0, 842.0);

/// One page of the report.
#[derive(Debug, Clone)]
pub(crate) struct Picture {
    /// Page number, from 1.
    pub(crate) number: u32,
    /// Page size in points (the rotated crop box), or an estimate when the
    /// page was not drawn.
    pub(crate) size: (f64, f64),
    /// The PNG, when drawn.
    pub(crate) png: Option<Vec<u8>>,
    /// Pixel size of the PNG.
    pub(crate) pixels: (u32, u32),
    /// Why there is no image.
    pub(crate) problem: Option<String>,
}

/// Draws pages `1..=count` of a PDF (only the first `max_pages` as images,
/// when given). Never fails: a page that cannot be drawn, or a file that
/// cannot be opened, gives pictures with a `problem`.
pub(crate) fn draw_pages(pdf: &[u8], count: u32, dpi: f32, max_pages: Option<u32>) -> Vec<Picture> {
    let drawn = max_pages.map_or(count, |m| m.min(count));
    let numbers: Vec<u32> = (1..=drawn).collect();
    let options = RenderOptions {
        dpi,
        format: PixelFormat::Gray8,
        // A report page is for reading: 12 M pixels is an A2 sheet at 150 dpi.
        max_pixels: 12_000_000,
        ..RenderOptions::default()
    };
    let mut out: Vec<Picture> = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    let opened = yusuan_pdf::render_pages(pdf, &numbers, &options, |number, result| {
        let picture = match result.map_err(|e| e.to_string()).and_then(|img| {
            let png = encode_page(&img)?;
            Ok((img, png))
        }) {
            Ok((img, png)) => Picture {
                number,
                size: (img.page_width, img.page_height),
                png: Some(png),
                pixels: (img.width, img.height),
                problem: None,
            },
            Err(problem) => Picture {
                number,
                size: A4,
                png: None,
                pixels: (0, 0),
                problem: Some(problem),
            },
        };
        out.push(picture);
    });
    if let Err(e) = opened {
        let problem = format!("the pdf could not be opened for drawing: {e}");
        out = numbers
            .iter()
            .map(|&number| Picture {
                number,
                size: A4,
                png: None,
                pixels: (0, 0),
                problem: Some(problem.clone()),
            })
            .collect();
    }
    for number in drawn.saturating_add(1)..=count {
        out.push(Picture {
            number,
            size: A4,
            png: None,
            pixels: (0, 0),
            problem: Some(format!(
                "not drawn: the report draws the first {drawn} pages (--max-pages)"
            )),
        });
    }
    // Pages without an image take the size of the page before them.
    let mut last = A4;
    for p in &mut out {
        if p.png.is_some() {
            last = p.size;
        } else {
            p.size = last;
        }
    }
    out
}

/// Gray, 16 levels, PNG at the best deflate level.
fn encode_page(img: &Image) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let gray: Vec<u8> = match img.format {
        PixelFormat::Gray8 => img.data.iter().map(|&v| quantize(v)).collect(),
        _ => (0..img.height)
            .flat_map(|y| (0..img.width).map(move |x| (x, y)))
            .map(|(x, y)| quantize(img.luma(x, y).unwrap_or(u8::MAX)))
            .collect(),
    };
    let mut out = Cursor::new(Vec::new());
    PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Adaptive)
        .write_image(&gray, img.width, img.height, image::ExtendedColorType::L8)
        .map_err(|e| format!("png encoding failed: {e}"))?;
    Ok(out.into_inner())
}

fn quantize(v: u8) -> u8 {
    (v / LEVEL_STEP) * LEVEL_STEP
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_levels_keep_black_and_white() {
        assert_eq!(quantize(0), 0);
        assert_eq!(quantize(255), 255);
        let mut levels: Vec<u8> = (0..=255).map(quantize).collect();
        levels.dedup();
        assert_eq!(levels.len(), 16);
    }

    #[test]
    fn a_file_that_is_no_pdf_gives_placeholders() {
        let pages = draw_pages(b"not a pdf", 2, 120.0, None);
        assert_eq!(pages.len(), 2);
        assert!(pages.iter().all(|p| p.png.is_none()));
        assert!(
            pages[0]
                .problem
                .as_deref()
                .is_some_and(|m| m.contains("could not be opened")),
            "{:?}",
            pages[0].problem
        );
    }
}
