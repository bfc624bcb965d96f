//! Ruling lines from the raster, and the page's small skew.
//!
//! A ruling is a long, thin run of dark pixels. Keeping only runs at least
//! `min_len` long in one direction is a morphological opening with a line
//! kernel; gaps up to `max_gap` are bridged first (a closing), so dashed and
//! broken scan lines come out whole. Runs on neighbouring rows join into one
//! line whose thickness is the number of rows.

use crate::raster::Gray;

/// A ruling line in image pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Line {
    /// Horizontal (true) or vertical.
    pub(crate) horizontal: bool,
    /// Centre across the line: y of a horizontal line, x of a vertical one.
    pub(crate) pos: f32,
    /// First pixel along the line.
    pub(crate) start: f32,
    /// One past the last pixel along the line.
    pub(crate) end: f32,
    /// Thickness in pixels.
    pub(crate) thickness: f32,
}

impl Line {
    pub(crate) fn length(&self) -> f32 {
        self.end - self.start
    }
}

/// Settings of [`find_lines`], in pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineSettings {
    /// Gray values below this are ink.
    pub(crate) ink: u8,
    /// Shortest run kept (the opening's kernel length).
    pub(crate) min_len: usize,
    /// Longest gap bridged inside a line.
    pub(crate) max_gap: usize,
    /// Thickest line kept; thicker dark areas are fills or pictures.
    pub(crate) max_thickness: usize,
}

/// An open run group while scanning rows.
struct Open {
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    /// Sum of row index × run length, for the centre.
    weighted: f64,
    pixels: f64,
}

/// Horizontal (scanning rows) or vertical (scanning columns) lines.
fn lines_one_way(gray: &Gray, s: LineSettings, horizontal: bool) -> Vec<Line> {
    let (outer, inner) = if horizontal {
        (gray.height, gray.width)
    } else {
        (gray.width, gray.height)
    };
    let dark = |o: usize, i: usize| -> bool {
        let v = if horizontal {
            gray.at(i, o)
        } else {
            gray.at(o, i)
        };
        v < s.ink
    };
    let mut open: Vec<Open> = Vec::new();
    let mut done: Vec<Line> = Vec::new();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for o in 0..outer {
        // Runs of ink on this row, gaps up to max_gap bridged.
        runs.clear();
        let mut i = 0;
        while i < inner {
            if !dark(o, i) {
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i + 1;
            let mut j = end;
            while j < inner {
                if dark(o, j) {
                    end = j + 1;
                    j += 1;
                } else if j - end >= s.max_gap {
                    break;
                } else {
                    j += 1;
                }
            }
            if end - start >= s.min_len {
                runs.push((start, end));
            }
            i = j.max(end);
        }
        // Continue open lines that overlap a run on this row.
        let mut next_open: Vec<Open> = Vec::new();
        for &(a, b) in &runs {
            let mut merged: Option<Open> = None;
            let mut k = 0;
            while k < open.len() {
                let ov = open.get(k).is_some_and(|g| g.start < b && a < g.end);
                if ov {
                    let g = open.swap_remove(k);
                    merged = Some(match merged {
                        None => g,
                        Some(m) => Open {
                            first: m.first.min(g.first),
                            last: m.last.max(g.last),
                            start: m.start.min(g.start),
                            end: m.end.max(g.end),
                            weighted: m.weighted + g.weighted,
                            pixels: m.pixels + g.pixels,
                        },
                    });
                } else {
                    k += 1;
                }
            }
            #[allow(clippy::cast_precision_loss)]
            let len = (b - a) as f64;
            #[allow(clippy::cast_precision_loss)]
            let row = o as f64;
            let g = match merged {
                Some(m) => Open {
                    first: m.first,
                    last: o,
                    start: m.start.min(a),
                    end: m.end.max(b),
                    weighted: m.weighted + row * len,
                    pixels: m.pixels + len,
                },
                None => Open {
                    first: o,
                    last: o,
                    start: a,
                    end: b,
                    weighted: row * len,
                    pixels: len,
                },
            };
            next_open.push(g);
        }
        // Lines not continued on this row are finished.
        for g in open.drain(..) {
            finish(g, s, horizontal, &mut done);
        }
        open = next_open;
    }
    for g in open {
        finish(g, s, horizontal, &mut done);
    }
    join_collinear(done, s)
}

fn finish(g: Open, s: LineSettings, horizontal: bool, out: &mut Vec<Line>) {
    let thickness = g.last + 1 - g.first;
    if thickness > s.max_thickness || g.pixels <= 0.0 {
        return;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    out.push(Line {
        horizontal,
        pos: (g.weighted / g.pixels) as f32 + 0.5,
        start: g.start as f32,
        end: g.end as f32,
        thickness: thickness as f32,
    });
}

/// Joins pieces of one line: same position within 3 pixels, gap along the
/// line at most four times `max_gap` (a scan breaks lines where the toner
/// was thin).
fn join_collinear(mut lines: Vec<Line>, s: LineSettings) -> Vec<Line> {
    lines.sort_by(|a, b| a.pos.total_cmp(&b.pos).then(a.start.total_cmp(&b.start)));
    #[allow(clippy::cast_precision_loss)]
    let gap = (s.max_gap * 4) as f32;
    let mut out: Vec<Line> = Vec::new();
    for l in lines {
        let hit = out.iter_mut().rev().take(8).find(|o| {
            (o.pos - l.pos).abs() <= 3.0 && l.start <= o.end + gap && o.start <= l.end + gap
        });
        match hit {
            Some(o) => {
                let (la, lb) = (o.length(), l.length());
                o.pos = (o.pos * la + l.pos * lb) / (la + lb).max(1.0);
                o.start = o.start.min(l.start);
                o.end = o.end.max(l.end);
                o.thickness = o.thickness.max(l.thickness);
            }
            None => out.push(l),
        }
    }
    out
}

/// Horizontal and vertical ruling lines of a page image.
pub(crate) fn find_lines(gray: &Gray, s: LineSettings) -> Vec<Line> {
    let mut out = lines_one_way(gray, s, true);
    out.extend(lines_one_way(gray, s, false));
    drop_loose_short(out, s)
}

/// Drops short lines (under twice the kernel) that touch no line across at
/// either end. A table's short rules are cell edges, which meet the rules
/// of the neighbouring cells; the flat top or side of a seal's ring over a
/// table (a gray stamp, 长沙 财政局 p3) floats free.
fn drop_loose_short(lines: Vec<Line>, s: LineSettings) -> Vec<Line> {
    #[allow(clippy::cast_precision_loss)]
    let (short, tol) = ((s.min_len * 2) as f32, (s.max_gap * 2 + 3) as f32);
    let touches_at = |l: &Line, at: f32| {
        lines.iter().any(|o| {
            o.horizontal != l.horizontal
                && (o.pos - at).abs() <= tol + o.thickness / 2.0
                && o.start - tol <= l.pos
                && l.pos <= o.end + tol
        })
    };
    lines
        .iter()
        .filter(|l| l.length() >= short || touches_at(l, l.start) || touches_at(l, l.end))
        .copied()
        .collect()
}

/// The page's skew in degrees (positive: content turned clockwise), found
/// by projection profiles: turning the ink back by the right angle makes
/// rows of text and horizontal rules line up across, and columns and
/// vertical rules line up down, which maximises the sum of squared row and
/// column counts. Both directions count, so that a sideways page (its text
/// in columns) is measured by its columns. Searches ±`max_deg` in two passes
/// (0.1°, then 0.01°); returns 0 for pages with too little ink to tell, or
/// a skew under 0.03° (half a pixel over an A4 width at 200 dpi).
pub(crate) fn estimate_skew(gray: &Gray, ink: u8, max_deg: f32) -> f32 {
    // Ink pixels, thinned to at most ~400k for speed.
    let mut pts: Vec<(f32, f32)> = Vec::new();
    let total_ink = gray.data.iter().filter(|&&v| v < ink).count();
    if total_ink < 500 {
        return 0.0;
    }
    let stride = (total_ink / 400_000).max(1);
    let mut k = 0usize;
    #[allow(clippy::cast_precision_loss)]
    let (cx, cy) = (gray.width as f32 / 2.0, gray.height as f32 / 2.0);
    for y in 0..gray.height {
        for x in 0..gray.width {
            if gray.at(x, y) < ink {
                if k.is_multiple_of(stride) {
                    #[allow(clippy::cast_precision_loss)]
                    pts.push((x as f32 - cx, y as f32 - cy));
                }
                k += 1;
            }
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let span = gray.height.max(gray.width) as f32 * 1.2 + 8.0;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = span as usize;
    let mut rows = vec![0u32; n];
    let mut cols = vec![0u32; n];
    let mut score = |deg: f32| -> f64 {
        rows.iter_mut().for_each(|h| *h = 0);
        cols.iter_mut().for_each(|h| *h = 0);
        let t = deg.to_radians().tan();
        for &(x, y) in &pts {
            // Row and column of the point after turning the content back.
            let r = y - x * t + span / 2.0;
            let c = x + y * t + span / 2.0;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            if r >= 0.0
                && let Some(h) = rows.get_mut(r as usize)
            {
                *h += 1;
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            if c >= 0.0
                && let Some(h) = cols.get_mut(c as usize)
            {
                *h += 1;
            }
        }
        let sq = |v: &[u32]| -> f64 { v.iter().map(|&h| f64::from(h) * f64::from(h)).sum() };
        sq(&rows) + sq(&cols)
    };
    let search = |from: f32, to: f32, step: f32, score: &mut dyn FnMut(f32) -> f64| -> f32 {
        let mut best = (0.0f32, f64::MIN);
        let mut a = from;
        while a <= to + 1e-6 {
            let s = score(a);
            if s > best.1 {
                best = (a, s);
            }
            a += step;
        }
        best.0
    };
    let coarse = search(-max_deg, max_deg, 0.1, &mut score);
    let fine = search(coarse - 0.1, coarse + 0.1, 0.01, &mut score);
    // Too small to be worth a resampling pass.
    if fine.abs() < 0.03 { 0.0 } else { fine }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> LineSettings {
        LineSettings {
            ink: 128,
            min_len: 40,
            max_gap: 4,
            max_thickness: 8,
        }
    }

    fn draw(g: &mut Gray, x0: usize, y0: usize, x1: usize, y1: usize) {
        for y in y0..y1 {
            for x in x0..x1 {
                if let Some(p) = g.data.get_mut(y * g.width + x) {
                    *p = 0;
                }
            }
        }
    }

    #[test]
    fn a_grid_with_a_dashed_rule_and_text_strokes() {
        let mut g = Gray::white(300, 200);
        draw(&mut g, 10, 10, 290, 12); // top rule, 2 px
        draw(&mut g, 10, 190, 290, 193); // bottom rule, 3 px
        draw(&mut g, 10, 10, 12, 193); // left
        draw(&mut g, 288, 10, 290, 193); // right
        // A dashed middle rule: 6 on, 3 off.
        let mut x = 10;
        while x < 290 {
            draw(&mut g, x, 100, (x + 6).min(290), 101);
            x += 9;
        }
        // A text stroke: too short to be a rule.
        draw(&mut g, 50, 50, 75, 52);
        // A filled block: too thick.
        draw(&mut g, 100, 130, 200, 160);
        let lines = find_lines(&g, settings());
        let h: Vec<&Line> = lines.iter().filter(|l| l.horizontal).collect();
        let v: Vec<&Line> = lines.iter().filter(|l| !l.horizontal).collect();
        assert_eq!(h.len(), 3, "{h:?}");
        assert_eq!(v.len(), 2, "{v:?}");
        // Rows 10 and 11 cover [10, 12): centre 11.
        assert!(
            (h[0].pos - 11.0).abs() < 0.01 && h[0].thickness == 2.0,
            "{:?}",
            h[0]
        );
        assert!(
            (h[1].pos - 100.5).abs() < 0.01 && h[1].length() > 270.0,
            "{:?}",
            h[1]
        );
        assert!(
            (h[2].pos - 191.5).abs() < 0.01 && h[2].thickness == 3.0,
            "{:?}",
            h[2]
        );
        assert!(
            (v[0].pos - 11.0).abs() < 0.01 && v[0].length() > 180.0,
            "{:?}",
            v[0]
        );
    }

    #[test]
    fn the_arc_of_a_seal_is_not_a_rule() {
        // A ring of radius 80 and width 4: near its sides, columns of ink
        // longer than the kernel, shifted along the curve.
        let mut g = Gray::white(200, 200);
        for y in 0..200usize {
            for x in 0..200usize {
                let (dx, dy) = (x as f64 - 100.0, y as f64 - 100.0);
                let r = (dx * dx + dy * dy).sqrt();
                if (78.0..82.0).contains(&r) {
                    g.data[y * 200 + x] = 0;
                }
            }
        }
        let lines = find_lines(&g, settings());
        assert!(lines.is_empty(), "{lines:?}");
    }

    #[test]
    fn a_broken_line_is_joined() {
        let mut g = Gray::white(400, 40);
        draw(&mut g, 10, 20, 150, 22);
        draw(&mut g, 160, 20, 390, 22);
        let lines = find_lines(&g, settings());
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!((lines[0].start, lines[0].end), (10.0, 390.0));
    }

    #[test]
    fn skew_is_measured() {
        // Rows of "text" (short dashes) drawn on a 0.5° slope.
        let mut g = Gray::white(800, 600);
        let t = 0.5f32.to_radians().tan();
        for row in 0..12 {
            let base = 60 + row * 40;
            for x in (20..780).step_by(3) {
                #[allow(clippy::cast_precision_loss)]
                let dy = ((x as f32 - 400.0) * t).round();
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let y = (base as f32 + dy) as usize;
                draw(&mut g, x, y, x + 2, y + 3);
            }
        }
        let skew = estimate_skew(&g, 128, 3.0);
        assert!((skew - 0.5).abs() <= 0.03, "{skew}");
        // The same page sideways: its text runs in columns.
        let skew = estimate_skew(&g.turned(1), 128, 3.0);
        assert!((skew - 0.5).abs() <= 0.03, "sideways: {skew}");
        assert_eq!(estimate_skew(&Gray::white(100, 100), 128, 3.0), 0.0);
    }
}
