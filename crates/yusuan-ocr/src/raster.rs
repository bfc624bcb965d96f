//! Gray page images and the few operations OCR needs on them: conversion
//! from a rendered page (with coloured stamps faded), quarter turns, small
//! rotations, crops and resizing.

use yusuan_pdf::{Image, PixelFormat};

use crate::error::{Error, ErrorKind};

/// An 8-bit gray image, rows top to bottom, 0 black.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Gray {
    pub(crate) width: usize,
    pub(crate) height: usize,
    pub(crate) data: Vec<u8>,
}

impl Gray {
    /// A white image.
    pub(crate) fn white(width: usize, height: usize) -> Gray {
        Gray {
            width,
            height,
            data: vec![255; width.saturating_mul(height)],
        }
    }

    /// The pixel at (x, y); white outside the image.
    #[inline]
    pub(crate) fn at(&self, x: usize, y: usize) -> u8 {
        if x >= self.width || y >= self.height {
            return 255;
        }
        self.data.get(y * self.width + x).copied().unwrap_or(255)
    }

    /// The pixel at a fractional position, bilinear; white outside.
    fn sample(&self, x: f32, y: f32) -> f32 {
        if x < -1.0 || y < -1.0 {
            return 255.0;
        }
        let x0 = x.floor();
        let y0 = y.floor();
        let fx = x - x0;
        let fy = y - y0;
        let px = |xx: f32, yy: f32| -> f32 {
            if xx < 0.0 || yy < 0.0 {
                return 255.0;
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            f32::from(self.at(xx as usize, yy as usize))
        };
        let a = px(x0, y0);
        let b = px(x0 + 1.0, y0);
        let c = px(x0, y0 + 1.0);
        let d = px(x0 + 1.0, y0 + 1.0);
        (a * (1.0 - fx) + b * fx) * (1.0 - fy) + (c * (1.0 - fx) + d * fx) * fy
    }

    /// The image turned clockwise by `quarter` quarter turns (0–3).
    pub(crate) fn turned(&self, quarter: u8) -> Gray {
        let (w, h) = (self.width, self.height);
        match quarter % 4 {
            0 => self.clone(),
            2 => {
                let mut data = self.data.clone();
                data.reverse();
                Gray {
                    width: w,
                    height: h,
                    data,
                }
            }
            q => {
                // Clockwise: new (x, y) = (h - 1 - y, x); counter-clockwise:
                // new (x, y) = (y, w - 1 - x).
                let mut out = Gray::white(h, w);
                for y in 0..h {
                    for x in 0..w {
                        let v = self.at(x, y);
                        let (nx, ny) = if q == 1 {
                            (h - 1 - y, x)
                        } else {
                            (y, w - 1 - x)
                        };
                        if let Some(p) = out.data.get_mut(ny * h + nx) {
                            *p = v;
                        }
                    }
                }
                out
            }
        }
    }

    /// The image rotated by `degrees` (positive: clockwise on screen) about
    /// its centre, same size, corners filled white.
    pub(crate) fn rotated(&self, degrees: f32) -> Gray {
        let (s, c) = degrees.to_radians().sin_cos();
        #[allow(clippy::cast_precision_loss)]
        let (cx, cy) = (self.width as f32 / 2.0, self.height as f32 / 2.0);
        let mut out = Gray::white(self.width, self.height);
        for y in 0..self.height {
            #[allow(clippy::cast_precision_loss)]
            let dy = y as f32 + 0.5 - cy;
            for x in 0..self.width {
                #[allow(clippy::cast_precision_loss)]
                let dx = x as f32 + 0.5 - cx;
                // Inverse mapping: where in the source this pixel came from.
                let sx = c * dx + s * dy + cx - 0.5;
                let sy = -s * dx + c * dy + cy - 0.5;
                let v = self.sample(sx, sy);
                if let Some(p) = out.data.get_mut(y * self.width + x) {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    {
                        *p = v.round().clamp(0.0, 255.0) as u8;
                    }
                }
            }
        }
        out
    }

    /// The part inside `[x0, x1) × [y0, y1)`, clipped to the image.
    pub(crate) fn crop(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> Gray {
        let x1 = x1.min(self.width);
        let y1 = y1.min(self.height);
        let x0 = x0.min(x1);
        let y0 = y0.min(y1);
        let (w, h) = (x1 - x0, y1 - y0);
        let mut data = Vec::with_capacity(w * h);
        for y in y0..y1 {
            let start = y * self.width;
            if let Some(row) = self.data.get(start + x0..start + x1) {
                data.extend_from_slice(row);
            }
        }
        Gray {
            width: w,
            height: h,
            data,
        }
    }

    /// Resized to `width`×`height`: area averaging when shrinking, bilinear
    /// when growing.
    pub(crate) fn resized(&self, width: usize, height: usize) -> Gray {
        let mut out = Gray::white(width, height);
        if self.width == 0 || self.height == 0 || width == 0 || height == 0 {
            return out;
        }
        #[allow(clippy::cast_precision_loss)]
        let (sx, sy) = (
            self.width as f32 / width as f32,
            self.height as f32 / height as f32,
        );
        for y in 0..height {
            for x in 0..width {
                #[allow(clippy::cast_precision_loss)]
                let v = if sx > 1.0 || sy > 1.0 {
                    // Average the source pixels this one covers.
                    let fx0 = x as f32 * sx;
                    let fy0 = y as f32 * sy;
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let (ax, ay) = (fx0 as usize, fy0 as usize);
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let (bx, by) = (
                        ((fx0 + sx).ceil() as usize).clamp(ax + 1, self.width),
                        ((fy0 + sy).ceil() as usize).clamp(ay + 1, self.height),
                    );
                    let mut sum = 0u32;
                    let mut n = 0u32;
                    for yy in ay..by {
                        for xx in ax..bx {
                            sum += u32::from(self.at(xx, yy));
                            n += 1;
                        }
                    }
                    if n == 0 { 255.0 } else { sum as f32 / n as f32 }
                } else {
                    self.sample((x as f32 + 0.5) * sx - 0.5, (y as f32 + 0.5) * sy - 0.5)
                };
                if let Some(p) = out.data.get_mut(y * width + x) {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    {
                        *p = v.round().clamp(0.0, 255.0) as u8;
                    }
                }
            }
        }
        out
    }
}

/// Whether an RGB pixel is stamp ink: clearly red (or magenta), the colour
/// of official seals (公章), not black, gray or blue.
fn is_stamp_ink(r: u8, g: u8, b: u8) -> bool {
    let (r, g, b) = (i16::from(r), i16::from(g), i16::from(b));
    r > 120 && r - g > 60 && r - b > 40
}

/// Converts a rendered page to gray with coloured stamps faded.
///
/// Official seals are red rings printed over text. Reading their pixels in
/// the red channel, where red ink is nearly white, makes them vanish while
/// black text stays. Red headings (红头文件) must not vanish, so only stamp
/// ink inside a stamp-sized blob is faded: red connected regions at least
/// `min_stamp` pixels both ways and not more than twice as wide as tall
/// (a heading line is many times wider than tall). Returns the image and the
/// number of stamps faded.
///
/// # Errors
/// [`ErrorKind::Image`] when the buffer does not match the stated size.
pub(crate) fn to_gray(image: &Image, min_stamp: usize) -> Result<(Gray, usize), Error> {
    let w = usize::try_from(image.width).unwrap_or(usize::MAX);
    let h = usize::try_from(image.height).unwrap_or(usize::MAX);
    let ch = image.format.channels();
    let expected = w.checked_mul(h).and_then(|n| n.checked_mul(ch));
    if expected != Some(image.data.len()) {
        return Err(Error::new(
            ErrorKind::Image,
            format!(
                "image buffer of {} bytes does not match {w}×{h} pixels of {ch} bytes",
                image.data.len()
            ),
        ));
    }
    if image.format == PixelFormat::Gray8 {
        return Ok((
            Gray {
                width: w,
                height: h,
                data: image.data.clone(),
            },
            0,
        ));
    }
    let px = |i: usize| -> (u8, u8, u8) {
        image
            .data
            .get(i * 4..i * 4 + 3)
            .map_or((255, 255, 255), |p| (p[0], p[1], p[2]))
    };
    let mut gray = Gray::white(w, h);
    let mut ink = vec![false; w * h];
    let mut any_ink = false;
    for (i, (g, k)) in gray.data.iter_mut().zip(ink.iter_mut()).enumerate() {
        let (r, gg, b) = px(i);
        let v = (u32::from(r) * 299 + u32::from(gg) * 587 + u32::from(b) * 114 + 500) / 1000;
        *g = u8::try_from(v).unwrap_or(u8::MAX);
        *k = is_stamp_ink(r, gg, b);
        any_ink |= *k;
    }
    if !any_ink {
        return Ok((gray, 0));
    }
    // Stamp blobs: red pixels joined over small gaps (a seal's ring and
    // characters are broken strokes), found on a coarse grid of 8×8 tiles.
    const TILE: usize = 8;
    let (tw, th) = (w.div_ceil(TILE), h.div_ceil(TILE));
    let mut tile_ink = vec![false; tw * th];
    for y in 0..h {
        for x in 0..w {
            if ink.get(y * w + x).copied().unwrap_or(false)
                && let Some(t) = tile_ink.get_mut((y / TILE) * tw + x / TILE)
            {
                *t = true;
            }
        }
    }
    let mut label = vec![0u32; tw * th];
    let mut stamps = 0usize;
    let mut next = 0u32;
    for start in 0..tw * th {
        if !tile_ink.get(start).copied().unwrap_or(false) || label.get(start) != Some(&0) {
            continue;
        }
        next += 1;
        let mut stack = vec![start];
        let mut members = Vec::new();
        if let Some(l) = label.get_mut(start) {
            *l = next;
        }
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        while let Some(t) = stack.pop() {
            members.push(t);
            let (tx, ty) = (t % tw, t / tw);
            x0 = x0.min(tx);
            y0 = y0.min(ty);
            x1 = x1.max(tx);
            y1 = y1.max(ty);
            // Neighbours within 2 tiles join the blob (gaps of up to 16 px).
            for ny in ty.saturating_sub(2)..=(ty + 2).min(th - 1) {
                for nx in tx.saturating_sub(2)..=(tx + 2).min(tw - 1) {
                    let n = ny * tw + nx;
                    if tile_ink.get(n).copied().unwrap_or(false) && label.get(n) == Some(&0) {
                        if let Some(l) = label.get_mut(n) {
                            *l = next;
                        }
                        stack.push(n);
                    }
                }
            }
        }
        let bw = (x1 + 1 - x0) * TILE;
        let bh = (y1 + 1 - y0) * TILE;
        if bw < min_stamp || bh < min_stamp || bw > 2 * bh || bh > 2 * bw {
            continue;
        }
        stamps += 1;
        for t in members {
            let (tx, ty) = (t % tw, t / tw);
            for y in ty * TILE..((ty + 1) * TILE).min(h) {
                for x in tx * TILE..((tx + 1) * TILE).min(w) {
                    let i = y * w + x;
                    if ink.get(i).copied().unwrap_or(false)
                        && let Some(g) = gray.data.get_mut(i)
                    {
                        // The red channel: red ink reads near white, black
                        // text under it stays dark.
                        *g = px(i).0;
                    }
                }
            }
        }
    }
    Ok((gray, stamps))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn img(w: usize, h: usize, f: impl Fn(usize, usize) -> u8) -> Gray {
        let mut g = Gray::white(w, h);
        for y in 0..h {
            for x in 0..w {
                g.data[y * w + x] = f(x, y);
            }
        }
        g
    }

    #[test]
    fn quarter_turns_compose() {
        let g = img(3, 2, |x, y| u8::try_from(x + 10 * y).unwrap_or(0));
        let cw = g.turned(1);
        assert_eq!((cw.width, cw.height), (2, 3));
        // Top-left of the clockwise turn is the old bottom-left.
        assert_eq!(cw.at(0, 0), g.at(0, 1));
        assert_eq!(cw.turned(3), g);
        assert_eq!(g.turned(2).turned(2), g);
        assert_eq!(g.turned(1).turned(1), g.turned(2));
    }

    #[test]
    fn small_rotation_keeps_the_centre_and_moves_the_edges() {
        // A horizontal black line through the middle of a 200×101 image.
        let g = img(200, 101, |_, y| if y == 50 { 0 } else { 255 });
        let r = g.rotated(2.0);
        assert!(r.at(100, 50) < 128);
        // Clockwise on screen: the right end goes down by tan(2°)·100 ≈ 3.5.
        let col = |x: usize| (0..101).min_by_key(|&y| r.at(x, y)).unwrap_or(0);
        assert!(col(190) > 52 && col(10) < 48, "{} {}", col(190), col(10));
    }

    #[test]
    fn resize_averages_when_shrinking() {
        let g = img(4, 4, |x, _| if x < 2 { 0 } else { 255 });
        let s = g.resized(2, 2);
        assert_eq!(s.data, vec![0, 255, 0, 255]);
        let half = img(2, 1, |x, _| if x == 0 { 0 } else { 200 }).resized(1, 1);
        assert_eq!(half.data, vec![100]);
    }

    fn rgba(w: u32, h: u32, f: impl Fn(u32, u32) -> [u8; 3]) -> Image {
        let mut data = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let [r, g, b] = f(x, y);
                data.extend_from_slice(&[r, g, b, 255]);
            }
        }
        Image {
            width: w,
            height: h,
            format: PixelFormat::Rgba8,
            data,
            dpi: 72.0,
            page_width: f64::from(w),
            page_height: f64::from(h),
        }
    }

    #[test]
    fn a_red_seal_fades_but_a_red_heading_and_black_text_stay() {
        // A red disc 60 px across at (50, 50); a red heading bar 180×10 at
        // y 120; black text (a bar) through the disc.
        let image = rgba(200, 140, |x, y| {
            let (dx, dy) = (i64::from(x) - 50, i64::from(y) - 50);
            if (45..=55).contains(&y) && (20..80).contains(&x) {
                [0, 0, 0]
            } else if dx * dx + dy * dy <= 900 {
                [220, 30, 40]
            } else if (120..130).contains(&y) && (10..190).contains(&x) {
                [200, 20, 20]
            } else {
                [255, 255, 255]
            }
        });
        let (g, stamps) = to_gray(&image, 40).expect("sizes match");
        assert_eq!(stamps, 1);
        assert!(g.at(50, 30) > 200, "seal ink faded: {}", g.at(50, 30));
        assert!(g.at(50, 50) < 30, "black text kept");
        assert!(g.at(100, 125) < 120, "heading kept: {}", g.at(100, 125));
    }

    #[test]
    fn a_buffer_of_the_wrong_size_is_an_error() {
        let mut image = rgba(4, 4, |_, _| [0, 0, 0]);
        image.data.truncate(10);
        let e = to_gray(&image, 40).expect_err("short buffer");
        assert_eq!(e.kind(), &ErrorKind::Image);
    }
}
