//! Text recognition: line images as the recogniser's input, and its output
//! decoded (CTC) into characters with a position and a confidence each.

use crate::raster::Gray;

/// Height of the recogniser's input lines, in pixels.
pub(crate) const LINE_HEIGHT: usize = 48;
/// Longest input line (PP-OCR recognisers are exported for widths up to
/// 3,200 pixels); longer lines are squeezed.
pub(crate) const MAX_LINE_WIDTH: usize = 3200;

/// One decoded character.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Char {
    /// The character (one `char`, or a few for dictionary entries that are).
    pub(crate) text: String,
    /// Centre of the character across the line, as a share of the line
    /// image's width (0 left edge, 1 right edge).
    pub(crate) centre: f32,
    /// Left and right end of the time steps the character was read in, as
    /// shares of the line width.
    pub(crate) from: f32,
    pub(crate) to: f32,
    /// The recogniser's probability for the character (highest over its
    /// steps), 0–1.
    pub(crate) confidence: f32,
}

/// The width a line crop of `w`×`h` pixels gets at [`LINE_HEIGHT`].
pub(crate) fn line_width(w: usize, h: usize) -> usize {
    if h == 0 {
        return 8;
    }
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    let scaled = (LINE_HEIGHT as f32 * w as f32 / h as f32).ceil() as usize;
    scaled.clamp(8, MAX_LINE_WIDTH)
}

/// Appends the recogniser input for one line crop, resized to
/// [`LINE_HEIGHT`] and padded on the right to `padded` pixels, normalized to
/// −1…1, the gray value in all three channels; padding is 0 (mid gray), as
/// in PP-OCR.
pub(crate) fn push_line_input(out: &mut Vec<f32>, crop: &Gray, padded: usize) {
    let w = line_width(crop.width, crop.height).min(padded);
    let line = crop.resized(w, LINE_HEIGHT);
    for _ in 0..3 {
        for y in 0..LINE_HEIGHT {
            for x in 0..padded {
                if x < w {
                    out.push(f32::from(line.at(x, y)) / 127.5 - 1.0);
                } else {
                    out.push(0.0);
                }
            }
        }
    }
}

/// Decodes one line's class probabilities (`steps`×`classes`, row-major)
/// with CTC: the best class per step, repeats collapsed, blanks (class 0)
/// dropped. `used` is the share of the (padded) input width the line
/// itself covers; steps past it are padding. Spaces are left out (layout
/// works from the gaps between boxes).
pub(crate) fn decode_ctc(
    probs: &[f32],
    steps: usize,
    classes: usize,
    chars: &[String],
    used: f32,
) -> Vec<Char> {
    let mut out: Vec<Char> = Vec::new();
    let mut prev = 0usize;
    #[allow(clippy::cast_precision_loss)]
    let step_w = 1.0 / steps.max(1) as f32 / used.max(1e-3);
    for t in 0..steps {
        let Some(row) = probs.get(t * classes..(t + 1) * classes) else {
            break;
        };
        let (best, p) = row
            .iter()
            .copied()
            .enumerate()
            .fold(
                (0usize, f32::MIN),
                |a, (i, v)| if v > a.1 { (i, v) } else { a },
            );
        #[allow(clippy::cast_precision_loss)]
        let (from, to) = (t as f32 * step_w, (t + 1) as f32 * step_w);
        if best != 0 && best == prev {
            if let Some(last) = out.last_mut() {
                last.to = to;
                last.centre = (last.from + to) / 2.0;
                last.confidence = last.confidence.max(p);
            }
        } else if best != 0 {
            let text = chars.get(best).cloned().unwrap_or_default();
            out.push(Char {
                text,
                centre: (from + to) / 2.0,
                from,
                to,
                confidence: p,
            });
        }
        prev = best;
    }
    out.retain(|c| !c.text.trim().is_empty());
    out
}

/// Whether a character is set one em wide (CJK ideographs, kana, hangul,
/// full-width forms and CJK punctuation); others are about half an em.
pub(crate) fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars() -> Vec<String> {
        ["", "1", "2", "万", " "]
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    }

    fn probs(seq: &[(usize, f32)], classes: usize) -> Vec<f32> {
        let mut out = Vec::new();
        for &(k, p) in seq {
            let mut row = vec![(1.0 - p) / (classes - 1) as f32; classes];
            row[k] = p;
            out.extend(row);
        }
        out
    }

    #[test]
    fn ctc_collapses_repeats_keeps_doubles_split_by_blank_and_places_characters() {
        // steps: 1 1 _ 1 _ 万 万 万 _ ' ' 2 _  (12 steps)
        let seq = [
            (1, 0.9),
            (1, 0.95),
            (0, 0.9),
            (1, 0.8),
            (0, 0.9),
            (3, 0.6),
            (3, 0.99),
            (3, 0.7),
            (0, 0.9),
            (4, 0.9),
            (2, 0.5),
            (0, 0.9),
        ];
        let p = probs(&seq, 5);
        let out = decode_ctc(&p, 12, 5, &chars(), 1.0);
        let text: String = out.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(text, "11万2");
        assert!((out[0].confidence - 0.95).abs() < 1e-6);
        assert!((out[2].confidence - 0.99).abs() < 1e-6);
        // 万 spans steps 5..8 of 12: centre 6.5/12.
        assert!((out[2].centre - 6.5 / 12.0).abs() < 1e-6, "{:?}", out[2]);
        // Only half the padded width is the line: positions double.
        let half = decode_ctc(&p, 12, 5, &chars(), 0.5);
        assert!((half[2].centre - 13.0 / 12.0).abs() < 1e-6);
        // Output shorter than its stated size is read as far as it goes.
        let short = decode_ctc(&p[..7], 12, 5, &chars(), 1.0);
        assert_eq!(
            short.iter().map(|c| c.text.as_str()).collect::<String>(),
            "1"
        );
    }

    #[test]
    fn line_widths_keep_the_aspect_and_stay_in_bounds() {
        assert_eq!(line_width(100, 24), 200);
        assert_eq!(line_width(1, 100), 8);
        assert_eq!(line_width(100_000, 10), MAX_LINE_WIDTH);
        assert_eq!(line_width(5, 0), 8);
        let mut out = Vec::new();
        push_line_input(&mut out, &Gray::white(100, 24), 256);
        assert_eq!(out.len(), 3 * 48 * 256);
        assert!((out[0] - 1.0).abs() < 1e-6 && out[255] == 0.0);
    }

    #[test]
    fn wide_characters() {
        assert!(is_wide('预') && is_wide('（') && is_wide('，') && is_wide('％'));
        assert!(!is_wide('1') && !is_wide('%') && !is_wide('.'));
    }
}
