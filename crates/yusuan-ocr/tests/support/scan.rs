//! Imitation scans: pages drawn as images, degraded as a scanner and a
//! careless upload would (skew, blur, noise, JPEG), and wrapped as
//! image-only PDFs. Used by the tests and by `examples/make_scans.rs`
//! (the benchmark's page set); deterministic for a given seed.

use image::ImageEncoder;
use yusuan_pdf::{Image, PixelFormat, RenderOptions, render_page};

/// How a page is degraded.
#[derive(Debug, Clone, Copy)]
pub struct Degrade {
    /// Resolution of the scan.
    pub dpi: f32,
    /// Rotation in degrees, positive clockwise.
    pub skew: f32,
    /// Box blur passes (3×3).
    pub blur: u32,
    /// Noise amplitude in gray levels (uniform ±).
    pub noise: u8,
    /// JPEG quality (1–100).
    pub quality: u8,
    /// Seed of the noise.
    pub seed: u64,
}

impl Default for Degrade {
    fn default() -> Self {
        Degrade {
            dpi: 200.0,
            skew: 0.3,
            blur: 1,
            noise: 12,
            quality: 55,
            seed: 1,
        }
    }
}

/// A gray page image: width, height, pixels.
#[derive(Clone)]
pub struct Scan {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
    /// Page size in points.
    pub page_width: f64,
    pub page_height: f64,
}

/// Draws page `page` of `pdf` and degrades it.
pub fn scan_page(pdf: &[u8], page: u32, d: &Degrade) -> Result<Scan, String> {
    let opts = RenderOptions {
        dpi: d.dpi,
        format: PixelFormat::Gray8,
        ..RenderOptions::default()
    };
    let img: Image = render_page(pdf, page, &opts).map_err(|e| e.to_string())?;
    let (w, h) = (img.width as usize, img.height as usize);
    let mut px = img.data;
    if d.skew != 0.0 {
        px = rotate(&px, w, h, d.skew);
    }
    for _ in 0..d.blur {
        px = blur(&px, w, h);
    }
    if d.noise > 0 {
        let mut state = d
            .seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let amp = i32::from(d.noise);
        for p in &mut px {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let r = ((state >> 33) % (2 * amp as u64 + 1)) as i32 - amp;
            *p = (i32::from(*p) + r).clamp(0, 255) as u8;
        }
    }
    Ok(Scan {
        width: img.width,
        height: img.height,
        pixels: px,
        page_width: img.page_width,
        page_height: img.page_height,
    })
}

fn rotate(px: &[u8], w: usize, h: usize, deg: f32) -> Vec<u8> {
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let at = |x: i64, y: i64| -> f32 {
        if x < 0 || y < 0 || x >= w as i64 || y >= h as i64 {
            255.0
        } else {
            f32::from(px[y as usize * w + x as usize])
        }
    };
    let mut out = vec![255u8; w * h];
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            let sx = c * dx + s * dy + cx - 0.5;
            let sy = -s * dx + c * dy + cy - 0.5;
            let (x0, y0) = (sx.floor(), sy.floor());
            let (fx, fy) = (sx - x0, sy - y0);
            let (x0, y0) = (x0 as i64, y0 as i64);
            let v = (at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx) * (1.0 - fy)
                + (at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
            out[y * w + x] = v.round().clamp(0.0, 255.0) as u8;
        }
    }
    out
}

fn blur(px: &[u8], w: usize, h: usize) -> Vec<u8> {
    let mut out = vec![255u8; w * h];
    for y in 0..h {
        for x in 0..w {
            let mut sum = 0u32;
            let mut n = 0u32;
            for yy in y.saturating_sub(1)..=(y + 1).min(h - 1) {
                for xx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
                    // Centre weighted 4, neighbours 1: a light blur.
                    let k = if xx == x && yy == y { 4 } else { 1 };
                    sum += u32::from(px[yy * w + xx]) * k;
                    n += k;
                }
            }
            out[y * w + x] = (sum / n) as u8;
        }
    }
    out
}

/// JPEG bytes of a scan.
pub fn to_jpeg(scan: &Scan, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(
            &scan.pixels,
            scan.width,
            scan.height,
            image::ExtendedColorType::L8,
        )
        .map(|()| out)
        .unwrap_or_default()
}

/// One page of an image-only PDF: `(jpeg, pixel width, pixel height, page
/// width pt, page height pt, colour components)`.
pub type ImagePage = (Vec<u8>, u32, u32, f64, f64, u8);

/// An image-only PDF with one page per JPEG.
pub fn image_pdf(pages: &[ImagePage]) -> Vec<u8> {
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets: Vec<usize> = Vec::new();
    let n = pages.len();
    let obj = |out: &mut Vec<u8>, offsets: &mut Vec<usize>, body: &[u8]| {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    };
    obj(&mut out, &mut offsets, b"<< /Type /Catalog /Pages 2 0 R >>");
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 3 + 3 * i)).collect();
    obj(
        &mut out,
        &mut offsets,
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).as_bytes(),
    );
    for (i, (jpeg, w, h, pw, ph, comps)) in pages.iter().enumerate() {
        let page_id = 3 + 3 * i;
        let cs = if *comps == 3 {
            "/DeviceRGB"
        } else {
            "/DeviceGray"
        };
        obj(
            &mut out,
            &mut offsets,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2} {ph:.2}] /Resources << /XObject << /Im0 {} 0 R >> >> /Contents {} 0 R >>",
                page_id + 1,
                page_id + 2
            )
            .as_bytes(),
        );
        let mut body = format!(
            "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace {cs} /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
            jpeg.len()
        )
        .into_bytes();
        body.extend_from_slice(jpeg);
        body.extend_from_slice(b"\nendstream");
        obj(&mut out, &mut offsets, &body);
        let content = format!("q {pw:.2} 0 0 {ph:.2} 0 0 cm /Im0 Do Q");
        obj(
            &mut out,
            &mut offsets,
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            )
            .as_bytes(),
        );
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
    );
    for o in &offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Every page of `pdf` scanned with `d` (seed varied per page), as one
/// image-only PDF.
pub fn scanned_pdf(pdf: &[u8], pages: &[u32], d: &Degrade) -> Result<Vec<u8>, String> {
    let mut parts = Vec::new();
    for (i, &p) in pages.iter().enumerate() {
        let d = Degrade {
            seed: d.seed + i as u64,
            ..*d
        };
        let scan = scan_page(pdf, p, &d)?;
        let jpeg = to_jpeg(&scan, d.quality);
        parts.push((
            jpeg,
            scan.width,
            scan.height,
            scan.page_width,
            scan.page_height,
            1,
        ));
    }
    Ok(image_pdf(&parts))
}

/// The scan turned clockwise by `quarter` quarter turns (the page size in
/// points turns with it).
pub fn turn(scan: &Scan, quarter: u8) -> Scan {
    let (w, h) = (scan.width as usize, scan.height as usize);
    let px = &scan.pixels;
    match quarter % 4 {
        0 => Scan {
            pixels: px.clone(),
            ..*scan
        },
        2 => {
            let mut p = px.clone();
            p.reverse();
            Scan { pixels: p, ..*scan }
        }
        q => {
            let mut out = vec![255u8; w * h];
            for y in 0..h {
                for x in 0..w {
                    // Clockwise: (x, y) → (h-1-y, x); counter-clockwise: (y, w-1-x).
                    let (nx, ny) = if q == 1 {
                        (h - 1 - y, x)
                    } else {
                        (y, w - 1 - x)
                    };
                    out[ny * h + nx] = px[y * w + x];
                }
            }
            Scan {
                width: scan.height,
                height: scan.width,
                pixels: out,
                page_width: scan.page_height,
                page_height: scan.page_width,
            }
        }
    }
}
