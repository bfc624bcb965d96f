//! Text detection: the detector's input tensor, and its probability map
//! turned into text boxes (the "DB" post-processing of PP-OCR, for boxes
//! that are axis-aligned because the page was deskewed first).

use crate::raster::Gray;

/// A text box in image pixels, `[x0, x1) × [y0, y1)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextBox {
    pub(crate) x0: f32,
    pub(crate) y0: f32,
    pub(crate) x1: f32,
    pub(crate) y1: f32,
    /// Mean text probability inside the detected region.
    pub(crate) score: f32,
}

impl TextBox {
    pub(crate) fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    pub(crate) fn height(&self) -> f32 {
        self.y1 - self.y0
    }
}

/// The detector's largest input side: PP-OCR detectors are exported for
/// sides up to 4,000 pixels.
const MAX_SIDE: usize = 4000;

/// Pixel above which the probability map counts as text (PP-OCRv6's own
/// setting is 0.2; 0.3, PP-OCR's classic value, separates table cells
/// better).
const THRESH: f32 = 0.3;
/// Regions whose mean probability is lower are dropped.
const BOX_THRESH: f32 = 0.5;
/// How far a region is grown back: the detector marks a shrunk core of each
/// text line (DB unclip ratio).
const UNCLIP: f32 = 1.5;

/// The detector input for `gray`: sides rounded to multiples of 32 (and at
/// most [`MAX_SIDE`]), normalized per channel as the model was trained
/// (ImageNet mean and deviation), channel-major. Returns the tensor data and
/// its height and width.
pub(crate) fn det_input(gray: &Gray) -> (Vec<f32>, usize, usize) {
    let fit = |v: usize, scale: f32| -> usize {
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss
        )]
        let s = ((v as f32 * scale / 32.0).round() as usize).max(1) * 32;
        s
    };
    let longest = gray.width.max(gray.height).max(1);
    #[allow(clippy::cast_precision_loss)]
    let scale = if longest > MAX_SIDE {
        MAX_SIDE as f32 / longest as f32
    } else {
        1.0
    };
    let (w, h) = (
        fit(gray.width, scale).min(MAX_SIDE),
        fit(gray.height, scale).min(MAX_SIDE),
    );
    let resized = if (w, h) == (gray.width, gray.height) {
        gray.clone()
    } else {
        gray.resized(w, h)
    };
    const MEAN: [f32; 3] = [0.485, 0.456, 0.406];
    const STD: [f32; 3] = [0.229, 0.224, 0.225];
    let mut out = Vec::with_capacity(3 * w * h);
    for c in 0..3 {
        let (m, s) = (MEAN[c], STD[c]);
        out.extend(resized.data.iter().map(|&v| (f32::from(v) / 255.0 - m) / s));
    }
    (out, h, w)
}

/// Text boxes from the detector's probability map (`mh`×`mw`), scaled to an
/// image of `iw`×`ih` pixels.
pub(crate) fn boxes_from_map(
    map: &[f32],
    mh: usize,
    mw: usize,
    iw: usize,
    ih: usize,
) -> Vec<TextBox> {
    let n = mh.saturating_mul(mw);
    if map.len() < n || n == 0 {
        return Vec::new();
    }
    let on = |i: usize| map.get(i).is_some_and(|&p| p > THRESH);
    let mut seen = vec![false; n];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    #[allow(clippy::cast_precision_loss)]
    let (sx, sy) = (iw as f32 / mw as f32, ih as f32 / mh as f32);
    for start in 0..n {
        if seen.get(start).copied().unwrap_or(true) || !on(start) {
            continue;
        }
        // 4-connected region.
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0usize, 0usize);
        let mut sum = 0.0f32;
        let mut count = 0u32;
        stack.clear();
        stack.push(start);
        if let Some(s) = seen.get_mut(start) {
            *s = true;
        }
        while let Some(i) = stack.pop() {
            let (x, y) = (i % mw, i / mw);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
            sum += map.get(i).copied().unwrap_or(0.0);
            count += 1;
            let mut visit = |j: usize| {
                if let Some(s) = seen.get_mut(j)
                    && !*s
                    && on(j)
                {
                    *s = true;
                    stack.push(j);
                }
            };
            if x > 0 {
                visit(i - 1);
            }
            if x + 1 < mw {
                visit(i + 1);
            }
            if y > 0 {
                visit(i - mw);
            }
            if y + 1 < mh {
                visit(i + mw);
            }
        }
        #[allow(clippy::cast_precision_loss)]
        let (w, h) = ((x1 + 1 - x0) as f32, (y1 + 1 - y0) as f32);
        if w.min(h) < 3.0 {
            continue;
        }
        #[allow(clippy::cast_precision_loss)]
        let score = sum / count as f32;
        if score < BOX_THRESH {
            continue;
        }
        let d = w * h * UNCLIP / (2.0 * (w + h));
        #[allow(clippy::cast_precision_loss)]
        let b = TextBox {
            x0: ((x0 as f32 - d) * sx).max(0.0),
            y0: ((y0 as f32 - d) * sy).max(0.0),
            #[allow(clippy::cast_precision_loss)]
            x1: (((x1 + 1) as f32 + d) * sx).min(iw as f32),
            #[allow(clippy::cast_precision_loss)]
            y1: (((y1 + 1) as f32 + d) * sy).min(ih as f32),
            score,
        };
        out.push(b);
    }
    // Reading order: top to bottom, then left to right.
    out.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_sides_are_multiples_of_32() {
        let g = Gray::white(1654, 2339);
        let (data, h, w) = det_input(&g);
        assert_eq!((w % 32, h % 32), (0, 0));
        assert_eq!((w, h), (1664, 2336));
        assert_eq!(data.len(), 3 * w * h);
        // White normalizes to (1 − mean) / std per channel.
        let first = data.first().copied().unwrap_or(0.0);
        assert!((first - (1.0 - 0.485) / 0.229).abs() < 1e-4);
        let (_, h, w) = det_input(&Gray::white(9000, 3000));
        assert!(w <= MAX_SIDE && h <= MAX_SIDE, "{w}×{h}");
    }

    #[test]
    fn regions_become_grown_boxes_and_weak_ones_are_dropped() {
        // A 20×6 strong region and a 10×4 weak one on a 40×20 map.
        let (mw, mh) = (40, 20);
        let mut map = vec![0.0f32; mw * mh];
        for y in 2..8 {
            for x in 5..25 {
                map[y * mw + x] = 0.9;
            }
        }
        for y in 12..16 {
            for x in 5..15 {
                map[y * mw + x] = 0.35;
            }
        }
        let boxes = boxes_from_map(&map, mh, mw, 80, 40);
        assert_eq!(boxes.len(), 1, "{boxes:?}");
        let b = boxes[0];
        // d = 20·6·1.5 / (2·26) ≈ 3.46 map pixels, doubled to image pixels.
        assert!((b.x0 - (5.0 - 3.4615) * 2.0).abs() < 0.01, "{b:?}");
        assert!((b.y1 - (8.0 + 3.4615) * 2.0).abs() < 0.01, "{b:?}");
        assert!((b.score - 0.9).abs() < 1e-5);
        assert!(boxes_from_map(&[], 0, 0, 10, 10).is_empty());
        assert!(boxes_from_map(&[1.0; 3], 2, 2, 10, 10).is_empty());
    }
}
