//! Page images: a page rasterized by `hayro`, for OCR of scanned pages and
//! for pictures of pages in review reports.
//!
//! Memory is bounded before anything is drawn: the requested resolution is
//! lowered until the image fits [`RenderOptions::max_pixels`] and
//! [`RenderOptions::max_side`], and the image says which resolution it got.

use std::panic::{AssertUnwindSafe, catch_unwind};

use hayro::hayro_interpret::{InterpreterSettings, RenderContent};
use hayro::hayro_syntax::object::{Dict, Name, Stream};
use hayro::hayro_syntax::page::Resources;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

use crate::error::{Error, ErrorKind};

/// Pixel layout of an [`Image`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum PixelFormat {
    /// Four bytes per pixel: red, green, blue, alpha (straight, not
    /// premultiplied; pages are drawn on white, so alpha is 255).
    #[default]
    Rgba8,
    /// One byte per pixel, luma (ITU-R BT.601 weights), 0 black.
    Gray8,
}

impl PixelFormat {
    /// Bytes per pixel.
    pub fn channels(self) -> usize {
        match self {
            PixelFormat::Rgba8 => 4,
            PixelFormat::Gray8 => 1,
        }
    }
}

/// Options of [`render_page`] and [`render_pages`].
/// Start from `RenderOptions::default()` and set fields.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Wanted resolution in dots per inch (72 is one pixel per point).
    /// Default 150.
    pub dpi: f32,
    /// The image's pixel count may not exceed this; the resolution is lowered
    /// until it fits. Default 40 M pixels (160 MB as RGBA): an A4 page at
    /// 600 dpi, an A0 poster at about 150.
    pub max_pixels: u64,
    /// Neither side may exceed this many pixels. Default 16,384.
    pub max_side: u32,
    /// Pixel layout of the result. Default RGBA.
    pub format: PixelFormat,
    /// Largest image the page may embed, in pixels (its /Width × /Height).
    /// The renderer decodes an embedded image whole before scaling it, so a
    /// JPEG that claims 60,000 × 60,000 pixels would take gigabytes; such a
    /// page is refused with [`ErrorKind::TooLarge`] before drawing. Default
    /// 150 M pixels (an A0 scan at 600 dpi is 140 M).
    pub max_image_pixels: u64,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            dpi: 150.0,
            max_pixels: 40_000_000,
            max_side: 16_384,
            format: PixelFormat::Rgba8,
            max_image_pixels: 150_000_000,
        }
    }
}

/// A rendered page.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Layout of `data`.
    pub format: PixelFormat,
    /// Rows top to bottom, `width * format.channels()` bytes each.
    pub data: Vec<u8>,
    /// The resolution the page was drawn at (lower than asked when the caps
    /// applied), in dots per inch: a point is `dpi / 72` pixels.
    pub dpi: f32,
    /// Page width in points (the rotated crop box), as the reader reports it.
    pub page_width: f64,
    /// Page height in points.
    pub page_height: f64,
}

impl Image {
    /// The pixel at (x, y) as luma, or `None` outside the image.
    pub fn luma(&self, x: u32, y: u32) -> Option<u8> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let ch = self.format.channels();
        let i = (usize::try_from(y).ok()? * usize::try_from(self.width).ok()?
            + usize::try_from(x).ok()?)
            * ch;
        match self.format {
            PixelFormat::Gray8 => self.data.get(i).copied(),
            PixelFormat::Rgba8 => {
                let px = self.data.get(i..i + 3)?;
                Some(to_luma(px[0], px[1], px[2]))
            }
        }
    }
}

/// ITU-R BT.601 luma of an RGB pixel, in integers.
fn to_luma(r: u8, g: u8, b: u8) -> u8 {
    let v = (u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114 + 500) / 1000;
    u8::try_from(v).unwrap_or(u8::MAX)
}

/// Renders one page (numbered from 1) of a PDF.
///
/// # Errors
/// The errors of [`read_pdf`](crate::read_pdf) for a file that cannot be
/// opened, [`ErrorKind::NoSuchPage`] for a page number outside the document,
/// [`ErrorKind::Render`] when the renderer fails on the page.
pub fn render_page(bytes: &[u8], page: u32, options: &RenderOptions) -> Result<Image, Error> {
    let mut out = None;
    render_pages(bytes, &[page], options, |_, r| out = Some(r))?;
    out.unwrap_or_else(|| Err(no_such_page(page, 0)))
}

/// Renders several pages of one PDF, parsing it once; `each` receives every
/// page number asked for, in the order given, with its image or error.
/// Images are handed over one at a time, so at most one is held here.
///
/// # Errors
/// Only when the file cannot be opened at all (see [`read_pdf`](crate::read_pdf));
/// page-level failures go to `each`.
pub fn render_pages(
    bytes: &[u8],
    pages: &[u32],
    options: &RenderOptions,
    mut each: impl FnMut(u32, Result<Image, Error>),
) -> Result<(), Error> {
    let pdf = crate::read::open_pdf(bytes, &crate::Limits::default())?;
    let all = pdf.pages();
    let cache = RenderCache::new();
    let settings = InterpreterSettings {
        // As the reader: the page's own content, not annotation appearances.
        render_content: RenderContent::PAGE,
        ..InterpreterSettings::default()
    };
    // Pages are numbered as the reader numbers them: by their place in the
    // page tree, so that a file that lost a page still renders the page a
    // reader's page number names (hayro's list skips the lost one).
    let numbers = crate::read::tree_page_numbers(&pdf);
    for &number in pages {
        let index = numbers.iter().position(|&n| n == number);
        let Some(page) = index.and_then(|i| all.get(i)) else {
            each(number, Err(no_such_page(number, all.len())));
            continue;
        };
        let (w, h) = page.render_dimensions();
        let (page_width, page_height) = (f64::from(w), f64::from(h));
        let dpi = fit_dpi(page_width, page_height, options);
        let Some(dpi) = dpi else {
            each(
                number,
                Err(Error::new(
                    ErrorKind::TooLarge,
                    format!(
                        "page {number} of {page_width:.0}×{page_height:.0} pt cannot be drawn within the pixel caps"
                    ),
                )),
            );
            continue;
        };
        if let Some((iw, ih)) = largest_image(page.resources())
            && iw.saturating_mul(ih) > options.max_image_pixels
        {
            each(
                number,
                Err(Error::new(
                    ErrorKind::TooLarge,
                    format!(
                        "page {number} embeds an image of {iw}×{ih} pixels, over the limit of {} pixels",
                        options.max_image_pixels
                    ),
                )),
            );
            continue;
        }
        let scale = dpi / 72.0;
        let run = catch_unwind(AssertUnwindSafe(|| {
            hayro::render(
                page,
                &cache,
                &settings,
                &RenderSettings::default(),
                &PixmapSettings {
                    x_scale: scale,
                    y_scale: scale,
                    bg_color: WHITE,
                },
            )
        }));
        let result = match run {
            Ok(pixmap) => {
                let width = u32::from(pixmap.width());
                let height = u32::from(pixmap.height());
                let rgba = pixmap.take_rgba8(hayro::vello_cpu::peniko::ImageAlphaType::Alpha);
                let data = match options.format {
                    PixelFormat::Rgba8 => rgba,
                    PixelFormat::Gray8 => rgba
                        .chunks_exact(4)
                        .map(|p| to_luma(p[0], p[1], p[2]))
                        .collect(),
                };
                Ok(Image {
                    width,
                    height,
                    format: options.format,
                    data,
                    dpi,
                    page_width,
                    page_height,
                })
            }
            Err(_) => Err(Error::new(
                ErrorKind::Render,
                format!("the renderer failed on page {number}"),
            )),
        };
        each(number, result);
    }
    Ok(())
}

/// How many form XObjects are searched for images, at most (a page whose
/// forms nest or repeat without end must not stall the check).
const MAX_FORMS_SEARCHED: usize = 256;

/// The largest image XObject of a page's resources (and of the forms it
/// uses), as stated by /Width and /Height.
fn largest_image(resources: &Resources<'_>) -> Option<(u64, u64)> {
    let mut best: Option<(u64, u64)> = None;
    let mut queue: Vec<Resources<'_>> = vec![resources.clone()];
    let mut forms = 0usize;
    while let Some(res) = queue.pop() {
        for key in res.x_objects.keys() {
            let Some(stream) = res.x_objects.get::<Stream<'_>>(&key) else {
                continue;
            };
            let dict = stream.dict();
            let subtype = dict.get::<Name<'_>>(b"Subtype");
            if subtype.as_ref().is_some_and(|n| n.as_ref() == b"Image") {
                let w = dict
                    .get::<i64>(b"Width")
                    .and_then(|v| u64::try_from(v).ok());
                let h = dict
                    .get::<i64>(b"Height")
                    .and_then(|v| u64::try_from(v).ok());
                if let (Some(w), Some(h)) = (w, h)
                    && best.is_none_or(|(bw, bh)| w.saturating_mul(h) > bw.saturating_mul(bh))
                {
                    best = Some((w, h));
                }
            } else if subtype.is_some_and(|n| n.as_ref() == b"Form")
                && forms < MAX_FORMS_SEARCHED
                && let Some(r) = dict.get::<Dict<'_>>(b"Resources")
            {
                forms += 1;
                queue.push(Resources::new(r));
            }
        }
    }
    best
}

/// Encodes an image as PNG (8-bit RGBA or gray).
///
/// # Errors
/// [`ErrorKind::Render`] when the buffer does not match the stated size.
pub fn encode_png(image: &Image) -> Result<Vec<u8>, Error> {
    use image::ImageEncoder;
    let color = match image.format {
        PixelFormat::Rgba8 => image::ExtendedColorType::Rgba8,
        PixelFormat::Gray8 => image::ExtendedColorType::L8,
    };
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&image.data, image.width, image.height, color)
        .map_err(|e| Error::new(ErrorKind::Render, format!("png encoding failed: {e}")))?;
    Ok(out)
}

/// The resolution at which a page of `w`×`h` points fits the caps, at most
/// the one asked for; `None` when not even 1 dpi fits or the page has no
/// area.
fn fit_dpi(w: f64, h: f64, options: &RenderOptions) -> Option<f32> {
    if !(w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0) {
        return None;
    }
    let max_side = f64::from(options.max_side.min(u32::from(u16::MAX)));
    let mut dpi = f64::from(options.dpi).clamp(1.0, 4800.0);
    let side = w.max(h) * dpi / 72.0;
    if side > max_side {
        dpi *= max_side / side;
    }
    let pixels = (w * dpi / 72.0) * (h * dpi / 72.0);
    #[allow(clippy::cast_precision_loss)]
    let max_pixels = options.max_pixels as f64;
    if pixels > max_pixels {
        dpi *= (max_pixels / pixels).sqrt();
    }
    // Rounding down keeps the pixel count under the cap after hayro's
    // truncation to whole pixels.
    let dpi = (dpi * 100.0).floor() / 100.0;
    if dpi < 1.0 || (w * dpi / 72.0) < 1.0 || (h * dpi / 72.0) < 1.0 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    Some(dpi as f32)
}

fn no_such_page(number: u32, count: usize) -> Error {
    Error::new(
        ErrorKind::NoSuchPage,
        format!("page {number} asked for, the document has {count} pages"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dpi_is_capped_by_pixels_and_side() {
        let a4 = (595.0, 842.0);
        let o = RenderOptions {
            dpi: 200.0,
            ..RenderOptions::default()
        };
        assert_eq!(fit_dpi(a4.0, a4.1, &o), Some(200.0));
        let o = RenderOptions {
            dpi: 2400.0,
            ..RenderOptions::default()
        };
        let dpi = f64::from(fit_dpi(a4.0, a4.1, &o).unwrap_or(0.0));
        let px = (a4.0 * dpi / 72.0) * (a4.1 * dpi / 72.0);
        assert!(px <= 40_000_000.0 && dpi > 500.0, "{dpi} dpi, {px} px");
        // A 200-inch-long strip: the side cap binds first.
        let dpi = f64::from(fit_dpi(72.0, 14_400.0, &o).unwrap_or(0.0));
        assert!(14_400.0 * dpi / 72.0 <= 16_384.0, "{dpi}");
        assert_eq!(fit_dpi(0.0, 842.0, &o), None);
        assert_eq!(fit_dpi(f64::NAN, 842.0, &o), None);
        // So long that even 1 dpi breaks the side cap.
        assert_eq!(fit_dpi(10.0, 72.0 * 100_000.0, &o), None);
    }

    #[test]
    fn luma_weights() {
        assert_eq!(to_luma(255, 255, 255), 255);
        assert_eq!(to_luma(0, 0, 0), 0);
        assert_eq!(to_luma(255, 0, 0), 76);
    }
}
