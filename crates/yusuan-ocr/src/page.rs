//! One page image to glyphs and ruling segments.
//!
//! Steps: gray with stamps faded → deskew → quarter turn (sideways and
//! upside-down scans) → ruling lines → text boxes → lines recognised →
//! characters placed → coordinates in points.

use yusuan_model::{BBox, Glyph, Orientation, Segment};
use yusuan_pdf::Image;

use crate::detect::{TextBox, boxes_from_map, det_input};
use crate::engine::{OcrEngine, Sessions};
use crate::error::{Error, ErrorKind};
use crate::raster::{Gray, to_gray};
use crate::recognize::{Char, LINE_HEIGHT, decode_ctc, is_wide, line_width, push_line_input};
use crate::rules::{Line, LineSettings, estimate_skew, find_lines};

/// Options of [`recognize_image`] and of the document-level functions.
/// Start from `OcrOptions::default()` and set fields.
#[derive(Debug, Clone)]
pub struct OcrOptions {
    /// Resolution scanned pages are drawn at for OCR, in dpi. Default 200:
    /// PP-OCR reads 9–10.5 pt table text at 200 dpi as well as at 300
    /// (shared/research/ocr-options.md), in 60% of the time.
    pub dpi: f32,
    /// Largest skew corrected, in degrees. Default 3.
    pub max_skew: f32,
    /// Try quarter turns for sideways or upside-down pages. Default true.
    pub detect_orientation: bool,
    /// Fade red stamps over text. Default true.
    pub fade_stamps: bool,
    /// Characters read with a lower confidence than this make their cell
    /// "uncertain" (see `Cell::ocr`). Default 0.8: on the scanned sample
    /// forms the figures and marks read wrong had 0.20–0.45, correctly read
    /// figures 0.77 and more (docs/design.md).
    pub low_confidence: f32,
    /// Largest page image in pixels; larger pages are drawn at a lower
    /// resolution. Default 25 M (A3 at 200 dpi is 7.8 M).
    pub max_pixels: u64,
}

impl Default for OcrOptions {
    fn default() -> Self {
        OcrOptions {
            dpi: 200.0,
            max_skew: 3.0,
            detect_orientation: true,
            fade_stamps: true,
            low_confidence: 0.8,
            max_pixels: 25_000_000,
        }
    }
}

/// What OCR read on one page, in points (origin top-left of the page as
/// read: turned upright when `quarter_turns` is not 0).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageText {
    /// Recognised characters, one glyph each, with `confidence` set.
    pub glyphs: Vec<Glyph>,
    /// Ruling lines found in the raster.
    pub segments: Vec<Segment>,
    /// Page width in points after the turn.
    pub width: f64,
    /// Page height in points after the turn.
    pub height: f64,
    /// Clockwise quarter turns applied to read the page upright (0–3).
    pub quarter_turns: u8,
    /// The skew corrected, in degrees (positive: the scan was turned
    /// clockwise).
    pub skew: f32,
    /// Stamps faded before reading.
    pub stamps: usize,
    /// Mean character confidence (0 when nothing was read).
    pub mean_confidence: f32,
}

/// How many boxes the orientation test reads per candidate turn.
const ORIENTATION_SAMPLE: usize = 10;

/// Reads one page image: glyphs with per-character boxes and confidence,
/// and ruling segments.
///
/// # Errors
/// [`ErrorKind::Image`] for an unusable image, [`ErrorKind::Runtime`] when
/// inference fails.
pub fn recognize_image(
    image: &Image,
    engine: &OcrEngine,
    options: &OcrOptions,
) -> Result<PageText, Error> {
    if image.width == 0 || image.height == 0 || image.dpi.is_nan() || image.dpi <= 0.0 {
        return Err(Error::new(ErrorKind::Image, "empty page image"));
    }
    let dpi = image.dpi;
    let inch = |v: f32| -> usize {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let px = (v * dpi).round().max(1.0) as usize;
        px
    };
    let min_stamp = if options.fade_stamps {
        inch(0.6)
    } else {
        usize::MAX
    };
    let (gray, stamps) = to_gray(image, min_stamp)?;
    let ink = ink_threshold(&gray);
    // The skew is measured on everything darker than the paper: rules
    // printed light gray (192 on 北京 生态环境局 p23, lighter still in a
    // blurred JPEG) are the best witnesses of a page's angle but fall above
    // the text threshold. (They are not taken as rules: at that level the
    // halos of blurred text join into long runs too.)
    let light = ink.max(paper_level(&gray).saturating_sub(30));
    let skew = estimate_skew(&gray, light, options.max_skew);
    let mut gray = if skew == 0.0 {
        gray
    } else {
        gray.rotated(-skew)
    };

    engine.with_sessions(|s| {
        let mut boxes = detect(s, &gray)?;
        let mut turns = 0u8;
        if options.detect_orientation
            && let Some(t) = best_turn(s, engine, &gray, &boxes)?
            && t != 0
        {
            turns = t;
            gray = gray.turned(t);
            boxes = detect(s, &gray)?;
        }
        let settings = LineSettings {
            ink,
            min_len: inch(0.25),
            max_gap: inch(0.02).max(2),
            max_thickness: inch(0.05).max(3),
        };
        let lines = drop_strokes(find_lines(&gray, settings), &boxes, inch(1.0));
        let clean = erase_lines(&gray, &lines);
        let chars = read_boxes(s, engine, &clean, &boxes)?;
        let scale = 72.0 / f64::from(dpi);
        #[allow(clippy::cast_precision_loss)]
        let (width, height) = (gray.width as f64 * scale, gray.height as f64 * scale);
        let segments = lines.iter().map(|l| to_segment(l, scale)).collect();
        let glyphs = place(&chars, scale);
        #[allow(clippy::cast_precision_loss)]
        let mean_confidence = if glyphs.is_empty() {
            0.0
        } else {
            glyphs.iter().filter_map(|g| g.confidence).sum::<f32>() / glyphs.len() as f32
        };
        Ok(PageText {
            glyphs,
            segments,
            width,
            height,
            quarter_turns: turns,
            skew,
            stamps,
            mean_confidence,
        })
    })
}

/// The ink threshold: Otsu's, kept within 80–200 so that a page of nearly
/// one colour does not split its paper noise into ink.
fn ink_threshold(gray: &Gray) -> u8 {
    let mut hist = [0u64; 256];
    for &v in &gray.data {
        if let Some(h) = hist.get_mut(usize::from(v)) {
            *h += 1;
        }
    }
    let total: u64 = hist.iter().sum();
    if total == 0 {
        return 128;
    }
    #[allow(clippy::cast_precision_loss)]
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &h)| i as f64 * h as f64)
        .sum();
    let (mut w0, mut sum0, mut best, mut best_t) = (0u64, 0f64, 0f64, 128usize);
    for (t, &h) in hist.iter().enumerate() {
        w0 += h;
        if w0 == 0 || w0 == total {
            continue;
        }
        #[allow(clippy::cast_precision_loss)]
        {
            sum0 += t as f64 * h as f64;
            let w1 = (total - w0) as f64;
            let m0 = sum0 / w0 as f64;
            let m1 = (sum_all - sum0) / w1;
            let between = w0 as f64 * w1 * (m0 - m1) * (m0 - m1);
            if between > best {
                best = between;
                best_t = t;
            }
        }
    }
    u8::try_from(best_t.clamp(80, 200)).unwrap_or(128)
}

/// The paper's gray level: the most common value among the light ones.
fn paper_level(gray: &Gray) -> u8 {
    let mut hist = [0u64; 256];
    for &v in &gray.data {
        if let Some(h) = hist.get_mut(usize::from(v)) {
            *h += 1;
        }
    }
    let best = (128..256usize).max_by_key(|&v| hist.get(v).copied().unwrap_or(0));
    best.and_then(|v| u8::try_from(v).ok()).unwrap_or(255)
}

fn detect(s: &mut Sessions, gray: &Gray) -> Result<Vec<TextBox>, Error> {
    let (input, h, w) = det_input(gray);
    let (map, mh, mw) = s.detect(input, h, w)?;
    Ok(boxes_from_map(&map, mh, mw, gray.width, gray.height))
}

/// A box's pixels in whole numbers, within the image.
fn pixel_box(b: &TextBox, gray: &Gray) -> (usize, usize, usize, usize) {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let f = |v: f32, max: usize| -> usize { (v.max(0.0).round() as usize).min(max) };
    (
        f(b.x0, gray.width),
        f(b.y0, gray.height),
        f(b.x1, gray.width),
        f(b.y1, gray.height),
    )
}

/// One line to recognise: its crop, and where it sits on the page.
struct LineJob {
    crop: Gray,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

/// Splits a box into the line images the recogniser reads. A box much taller
/// than wide on an upright page is a column of characters set one per line
/// (vertical labels of narrow table columns): it is cut into squares.
fn line_jobs(gray: &Gray, boxes: &[TextBox]) -> Vec<LineJob> {
    let mut jobs = Vec::new();
    for b in boxes {
        let (x0, y0, x1, y1) = pixel_box(b, gray);
        if x1 <= x0 + 2 || y1 <= y0 + 2 {
            continue;
        }
        let (w, h) = (x1 - x0, y1 - y0);
        if h >= w * 2 {
            let n = (h + w / 2) / w.max(1);
            let n = n.max(1);
            for k in 0..n {
                let ya = y0 + h * k / n;
                let yb = y0 + h * (k + 1) / n;
                #[allow(clippy::cast_precision_loss)]
                jobs.push(LineJob {
                    crop: gray.crop(x0, ya, x1, yb),
                    x0: x0 as f32,
                    y0: ya as f32,
                    x1: x1 as f32,
                    y1: yb as f32,
                });
            }
        } else {
            #[allow(clippy::cast_precision_loss)]
            jobs.push(LineJob {
                crop: gray.crop(x0, y0, x1, y1),
                x0: x0 as f32,
                y0: y0 as f32,
                x1: x1 as f32,
                y1: y1 as f32,
            });
        }
    }
    jobs
}

/// Characters of a line, with the line's page box.
struct ReadLine {
    chars: Vec<Char>,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

/// Recognises line crops in batches of similar width.
fn recognize_jobs(
    s: &mut Sessions,
    engine: &OcrEngine,
    jobs: &[LineJob],
) -> Result<Vec<Vec<Char>>, Error> {
    const BATCH: usize = 8;
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    let width = |i: usize| {
        jobs.get(i)
            .map_or(8, |j| line_width(j.crop.width, j.crop.height))
    };
    order.sort_by_key(|&i| width(i));
    let mut out: Vec<Vec<Char>> = vec![Vec::new(); jobs.len()];
    for group in order.chunks(BATCH) {
        let padded = group.iter().map(|&i| width(i)).max().unwrap_or(8);
        let mut input = Vec::with_capacity(group.len() * 3 * LINE_HEIGHT * padded);
        for &i in group {
            if let Some(j) = jobs.get(i) {
                push_line_input(&mut input, &j.crop, padded);
            }
        }
        let (probs, classes, steps) = s.recognize(input, group.len(), padded)?;
        for (k, &i) in group.iter().enumerate() {
            let per = steps * classes;
            let Some(p) = probs.get(k * per..(k + 1) * per) else {
                continue;
            };
            #[allow(clippy::cast_precision_loss)]
            let used = width(i) as f32 / padded as f32;
            if let Some(slot) = out.get_mut(i) {
                *slot = decode_ctc(p, steps, classes, &engine.chars, used);
            }
        }
    }
    Ok(out)
}

fn read_boxes(
    s: &mut Sessions,
    engine: &OcrEngine,
    gray: &Gray,
    boxes: &[TextBox],
) -> Result<Vec<ReadLine>, Error> {
    let jobs = line_jobs(gray, boxes);
    let read = recognize_jobs(s, engine, &jobs)?;
    Ok(jobs
        .iter()
        .zip(read)
        .map(|(j, chars)| ReadLine {
            chars,
            x0: j.x0,
            y0: j.y0,
            x1: j.x1,
            y1: j.y1,
        })
        .collect())
}

/// The quarter turn under which the page reads best, or `None` when there
/// is too little text to tell. Boxes mostly taller than wide mean a
/// sideways page: 1 and 3 turns are compared. Otherwise the page is read as
/// it is, and upside down only when it reads poorly (mean confidence under
/// 0.8): upright text reads at about 0.95 and more, turned text far lower.
fn best_turn(
    s: &mut Sessions,
    engine: &OcrEngine,
    gray: &Gray,
    boxes: &[TextBox],
) -> Result<Option<u8>, Error> {
    let long: Vec<&TextBox> = boxes
        .iter()
        .filter(|b| b.width().max(b.height()) >= 3.0 * b.width().min(b.height()))
        .collect();
    if long.len() < 3 {
        return Ok(None);
    }
    let tall = long.iter().filter(|b| b.height() > b.width()).count();
    let mut sample: Vec<&TextBox> = long.clone();
    sample.sort_by(|a, b| {
        let la = a.width().max(a.height());
        let lb = b.width().max(b.height());
        lb.total_cmp(&la)
    });
    let sideways = tall * 2 > long.len();
    sample.retain(|b| (b.height() > b.width()) == sideways);
    sample.truncate(ORIENTATION_SAMPLE);
    let mean_conf = |turn: u8, s: &mut Sessions| -> Result<f32, Error> {
        let jobs: Vec<LineJob> = sample
            .iter()
            .map(|b| {
                let (x0, y0, x1, y1) = pixel_box(b, gray);
                LineJob {
                    crop: gray.crop(x0, y0, x1, y1).turned(turn),
                    x0: 0.0,
                    y0: 0.0,
                    x1: 0.0,
                    y1: 0.0,
                }
            })
            .collect();
        let read = recognize_jobs(s, engine, &jobs)?;
        let confs: Vec<f32> = read.iter().flatten().map(|c| c.confidence).collect();
        #[allow(clippy::cast_precision_loss)]
        Ok(if confs.is_empty() {
            0.0
        } else {
            confs.iter().sum::<f32>() / confs.len() as f32
        })
    };
    if sideways {
        let a = mean_conf(1, s)?;
        let b = mean_conf(3, s)?;
        return Ok(Some(if a >= b { 1 } else { 3 }));
    }
    let upright = mean_conf(0, s)?;
    if upright >= 0.8 {
        return Ok(Some(0));
    }
    let flipped = mean_conf(2, s)?;
    Ok(Some(if flipped > upright + 0.1 { 2 } else { 0 }))
}

/// Drops lines that are strokes of large characters (titles): shorter than
/// `max_len` and lying inside a text box.
fn drop_strokes(lines: Vec<Line>, boxes: &[TextBox], max_len: usize) -> Vec<Line> {
    #[allow(clippy::cast_precision_loss)]
    let max_len = max_len as f32;
    lines
        .into_iter()
        .filter(|l| {
            if l.length() >= max_len {
                return true;
            }
            let (x0, y0, x1, y1) = if l.horizontal {
                (l.start, l.pos, l.end, l.pos)
            } else {
                (l.pos, l.start, l.pos, l.end)
            };
            !boxes.iter().any(|b| {
                x0 >= b.x0 - 2.0 && x1 <= b.x1 + 2.0 && y0 >= b.y0 - 2.0 && y1 <= b.y1 + 2.0
            })
        })
        .collect()
}

/// The image with ruling pixels painted white, so that a rule beside a word
/// is not read as "1" or "|".
fn erase_lines(gray: &Gray, lines: &[Line]) -> Gray {
    let mut out = gray.clone();
    for l in lines {
        let half = l.thickness / 2.0 + 1.5;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let (a0, a1) = (
            (l.pos - half).max(0.0).floor() as usize,
            (l.pos + half).max(0.0).ceil() as usize,
        );
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let (b0, b1) = (l.start.max(0.0) as usize, l.end.max(0.0) as usize);
        for a in a0..a1 {
            for b in b0..b1 {
                let (x, y) = if l.horizontal { (b, a) } else { (a, b) };
                if x < out.width
                    && y < out.height
                    && let Some(p) = out.data.get_mut(y * out.width + x)
                {
                    *p = 255;
                }
            }
        }
    }
    out
}

fn to_segment(l: &Line, scale: f64) -> Segment {
    Segment {
        orientation: if l.horizontal {
            Orientation::Horizontal
        } else {
            Orientation::Vertical
        },
        pos: f64::from(l.pos) * scale,
        start: f64::from(l.start) * scale,
        end: f64::from(l.end) * scale,
        thickness: f64::from(l.thickness) * scale,
    }
}

/// Glyph boxes from the characters' positions: centred where the
/// recogniser read them, one em wide for CJK and half an em otherwise,
/// never overlapping the neighbours' halves; the em is the line's height.
fn place(lines: &[ReadLine], scale: f64) -> Vec<Glyph> {
    let mut out = Vec::new();
    for l in lines {
        let w = f64::from(l.x1 - l.x0);
        let h = f64::from(l.y1 - l.y0);
        // The detector's box is grown past the ink; the em is a bit less.
        let em = (h * 0.8).max(1.0);
        let centres: Vec<f64> = l
            .chars
            .iter()
            .map(|c| f64::from(l.x0) + f64::from(c.centre) * w)
            .collect();
        for (i, c) in l.chars.iter().enumerate() {
            let Some(&cx) = centres.get(i) else { continue };
            let wide = c.text.chars().next().is_some_and(is_wide);
            let half = if wide { em / 2.0 } else { em / 4.0 };
            let mut x0 = cx - half;
            let mut x1 = cx + half;
            if let Some(&prev) = i.checked_sub(1).and_then(|p| centres.get(p)) {
                x0 = x0.max((prev + cx) / 2.0);
            }
            if let Some(&next) = centres.get(i + 1) {
                x1 = x1.min((cx + next) / 2.0);
            }
            let yc = f64::from(l.y0 + l.y1) / 2.0;
            let bbox = BBox::new(
                x0 * scale,
                (yc - em / 2.0) * scale,
                x1.max(x0 + 0.5) * scale,
                (yc + em / 2.0) * scale,
            );
            #[allow(clippy::cast_possible_truncation)]
            out.push(Glyph {
                text: c.text.clone(),
                bbox,
                size: (em * scale) as f32,
                font: 0,
                rotated: false,
                confidence: Some(c.confidence),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_level_is_the_light_mode() {
        let mut g = Gray::white(10, 10);
        for (i, p) in g.data.iter_mut().enumerate() {
            *p = if i < 30 {
                0
            } else if i < 40 {
                250
            } else {
                241
            };
        }
        assert_eq!(paper_level(&g), 241);
    }

    #[test]
    fn otsu_separates_ink_from_paper() {
        let mut g = Gray::white(100, 100);
        for p in g.data.iter_mut().take(1000) {
            *p = 20;
        }
        let t = ink_threshold(&g);
        assert!((80..=200).contains(&t), "{t}");
        assert!(20 < t && t < 255);
    }

    #[test]
    fn tall_boxes_are_cut_into_squares_and_short_strokes_in_text_dropped() {
        let g = Gray::white(200, 200);
        let b = TextBox {
            x0: 10.0,
            y0: 10.0,
            x1: 40.0,
            y1: 130.0,
            score: 0.9,
        };
        let jobs = line_jobs(&g, &[b]);
        assert_eq!(jobs.len(), 4);
        assert_eq!((jobs[1].y0, jobs[1].y1), (40.0, 70.0));
        let stroke = Line {
            horizontal: true,
            pos: 20.0,
            start: 12.0,
            end: 38.0,
            thickness: 2.0,
        };
        let rule = Line {
            horizontal: true,
            pos: 150.0,
            start: 12.0,
            end: 38.0,
            thickness: 2.0,
        };
        let kept = drop_strokes(vec![stroke, rule], &[b], 100);
        assert_eq!(kept, vec![rule]);
    }

    #[test]
    fn characters_get_em_boxes_that_do_not_overlap() {
        let line = ReadLine {
            chars: vec![
                Char {
                    text: "合".into(),
                    centre: 0.1,
                    from: 0.05,
                    to: 0.15,
                    confidence: 0.99,
                },
                Char {
                    text: "1".into(),
                    centre: 0.2,
                    from: 0.18,
                    to: 0.22,
                    confidence: 0.7,
                },
            ],
            x0: 0.0,
            y0: 0.0,
            x1: 200.0,
            y1: 25.0,
        };
        let g = place(&[line], 0.5);
        assert_eq!(g.len(), 2);
        // em = 20 px; 合 centred at 20 px: 10..30 px, cut at the midpoint 30.
        assert!((g[0].bbox.x0 - 5.0).abs() < 1e-4 && (g[0].bbox.x1 - 15.0).abs() < 1e-4);
        // "1" is half an em: 35..45 px, its left end not before 30.
        assert!((g[1].bbox.x0 - 17.5).abs() < 1e-4, "{:?}", g[1].bbox);
        assert_eq!(g[1].confidence, Some(0.7));
        assert!((f64::from(g[0].size) - 10.0).abs() < 1e-6);
    }
}
