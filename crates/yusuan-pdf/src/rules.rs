//! Turning painted paths into axis-aligned ruling segments.
//!
//! Pure geometry on device-space points (points, origin top-left, y down);
//! the interpreter adapter feeds it. Curves never become rules: the tables of
//! budget documents are drawn with straight lines and thin rectangles only.

use yusuan_model::{Orientation, Segment};

/// Filled shapes whose short side is below this many points are rules.
///
/// WPS 表格 draws each rule as `x y w 0.96 re f*`, Word 2010 as `re f*` of
/// about 0.5 pt; cell shading starts at several points.
pub(crate) const MAX_RULE_THICKNESS: f64 = 2.0;

/// Segments shorter than this (points) are dropped: Word 2010 paints small
/// junction squares where rules cross, which carry no position of their own.
pub(crate) const MIN_RULE_LENGTH: f64 = 2.0;

/// A line counts as horizontal (vertical) when it leaves its axis by at most
/// this many points, or by 1% of its length.
const AXIS_TOLERANCE: f64 = 0.3;

/// A device-space point.
pub(crate) type Pt = (f64, f64);

/// The axis-aligned segment drawn by a stroked line from `a` to `b`, if the
/// line is horizontal or vertical.
pub(crate) fn stroked_line(a: Pt, b: Pt, thickness: f64) -> Option<Segment> {
    let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
    let tol = AXIS_TOLERANCE.max(0.01 * dx.max(dy));
    let thickness = if thickness.is_finite() {
        thickness.max(0.0)
    } else {
        0.0
    };
    if dy <= tol && dx >= MIN_RULE_LENGTH {
        Some(Segment {
            orientation: Orientation::Horizontal,
            pos: (a.1 + b.1) / 2.0,
            start: a.0.min(b.0),
            end: a.0.max(b.0),
            thickness,
        })
    } else if dx <= tol && dy >= MIN_RULE_LENGTH {
        Some(Segment {
            orientation: Orientation::Vertical,
            pos: (a.0 + b.0) / 2.0,
            start: a.1.min(b.1),
            end: a.1.max(b.1),
            thickness,
        })
    } else {
        None
    }
}

/// The rule drawn by a filled, axis-aligned box `x0..x1 × y0..y1`, if the box
/// is thin enough to be one: its long side becomes the segment, its short
/// side the thickness.
pub(crate) fn filled_box(x0: f64, y0: f64, x1: f64, y1: f64) -> Option<Segment> {
    let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
    if !(w.is_finite() && h.is_finite()) {
        return None;
    }
    if w >= h && h < MAX_RULE_THICKNESS && w >= MIN_RULE_LENGTH {
        Some(Segment {
            orientation: Orientation::Horizontal,
            pos: (y0 + y1) / 2.0,
            start: x0.min(x1),
            end: x0.max(x1),
            thickness: h,
        })
    } else if h > w && w < MAX_RULE_THICKNESS && h >= MIN_RULE_LENGTH {
        Some(Segment {
            orientation: Orientation::Vertical,
            pos: (x0 + x1) / 2.0,
            start: y0.min(y1),
            end: y0.max(y1),
            thickness: w,
        })
    } else {
        None
    }
}

/// Collects one filled subpath and decides whether it is a thin axis-aligned
/// polygon (a rule) — `re` rectangles and hand-drawn `m l l l h` boxes alike.
#[derive(Debug, Default)]
pub(crate) struct FillShape {
    /// Bounding box so far: x0, y0, x1, y1.
    bounds: Option<(f64, f64, f64, f64)>,
    /// Whether every edge so far is horizontal or vertical.
    axis_aligned: bool,
    last: Pt,
}

impl FillShape {
    /// Starts a subpath at `p`.
    pub(crate) fn start(p: Pt) -> Self {
        FillShape {
            bounds: Some((p.0, p.1, p.0, p.1)),
            axis_aligned: true,
            last: p,
        }
    }

    /// Adds a straight edge to `p`.
    pub(crate) fn line_to(&mut self, p: Pt) {
        let (dx, dy) = ((p.0 - self.last.0).abs(), (p.1 - self.last.1).abs());
        let tol = AXIS_TOLERANCE.max(0.01 * dx.max(dy));
        // A diagonal no longer than a rule is thick is a mitred corner: some
        // producers (广州 budget tables) fill each cell edge as a quadrilateral
        // with 45° ends, `42 458 m 42 474.8 l 42.75 474 l 42.75 458 l h f`.
        let mitre = dx <= MAX_RULE_THICKNESS && dy <= MAX_RULE_THICKNESS;
        if dx > tol && dy > tol && !mitre {
            self.axis_aligned = false;
        }
        if let Some(b) = self.bounds.as_mut() {
            *b = (b.0.min(p.0), b.1.min(p.1), b.2.max(p.0), b.3.max(p.1));
        }
        self.last = p;
    }

    /// Marks the subpath as curved: it can no longer be a rule.
    pub(crate) fn curve_to(&mut self, p: Pt) {
        self.axis_aligned = false;
        self.last = p;
    }

    /// The rule this subpath draws, if any.
    pub(crate) fn finish(&self) -> Option<Segment> {
        let (x0, y0, x1, y1) = self.bounds?;
        if !self.axis_aligned {
            return None;
        }
        filled_box(x0, y0, x1, y1)
    }
}

/// Trims a segment to the box `x0..x1 × y0..y1`; `None` when nothing of at
/// least [`MIN_RULE_LENGTH`] is left inside.
pub(crate) fn clip_segment(s: Segment, x0: f64, y0: f64, x1: f64, y1: f64) -> Option<Segment> {
    // Rules on the page edge (pos == 0 or == width) are kept: allow half a point.
    let slack = 0.5;
    let (lo, hi, pos_lo, pos_hi) = match s.orientation {
        Orientation::Horizontal => (x0, x1, y0, y1),
        Orientation::Vertical => (y0, y1, x0, x1),
    };
    if s.pos < pos_lo - slack || s.pos > pos_hi + slack {
        return None;
    }
    let start = s.start.max(lo);
    let end = s.end.min(hi);
    if end - start < MIN_RULE_LENGTH {
        return None;
    }
    Some(Segment { start, end, ..s })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stroked_lines_keep_only_axis_aligned_ones() {
        let h = stroked_line((10.0, 50.0), (200.0, 50.1), 0.5).expect("horizontal");
        assert_eq!(h.orientation, Orientation::Horizontal);
        assert!((h.pos - 50.05).abs() < 1e-9);
        assert_eq!((h.start, h.end), (10.0, 200.0));
        let v = stroked_line((30.0, 300.0), (30.0, 100.0), 1.0).expect("vertical");
        assert_eq!(v.orientation, Orientation::Vertical);
        assert_eq!((v.start, v.end), (100.0, 300.0));
        assert!(stroked_line((0.0, 0.0), (100.0, 100.0), 1.0).is_none());
        assert!(stroked_line((0.0, 0.0), (1.0, 0.0), 1.0).is_none());
    }

    #[test]
    fn thin_fills_are_rules_and_cells_are_not() {
        // WPS 表格: `x y w 0.96 re f*`
        let s = filled_box(67.5, 100.0, 400.0, 100.96).expect("rule");
        assert_eq!(s.orientation, Orientation::Horizontal);
        assert!((s.thickness - 0.96).abs() < 1e-9);
        let v = filled_box(67.0, 100.0, 67.5, 300.0).expect("rule");
        assert_eq!(v.orientation, Orientation::Vertical);
        assert!(filled_box(0.0, 0.0, 100.0, 20.0).is_none(), "shaded cell");
        assert!(filled_box(0.0, 0.0, 0.5, 0.5).is_none(), "junction square");
    }

    #[test]
    fn fill_shape_rejects_slanted_and_curved_outlines() {
        let mut box_ = FillShape::start((0.0, 0.0));
        for p in [(100.0, 0.0), (100.0, 1.0), (0.0, 1.0)] {
            box_.line_to(p);
        }
        assert!(box_.finish().is_some());
        let mut slanted = FillShape::start((0.0, 0.0));
        slanted.line_to((100.0, 1.5));
        slanted.line_to((0.0, 1.0));
        assert!(slanted.finish().is_none());
        // A vertical edge with mitred (45°) ends is still a rule.
        let mut mitred = FillShape::start((42.0, 458.44));
        for p in [(42.0, 474.79), (42.75, 474.04), (42.75, 458.44)] {
            mitred.line_to(p);
        }
        let v = mitred.finish().expect("mitred rule");
        assert_eq!(v.orientation, Orientation::Vertical);
        let mut curved = FillShape::start((0.0, 0.0));
        curved.curve_to((100.0, 1.0));
        assert!(curved.finish().is_none());
    }

    #[test]
    fn clipping_trims_and_drops() {
        let s = stroked_line((-50.0, 10.0), (50.0, 10.0), 1.0).expect("line");
        let c = clip_segment(s, 0.0, 0.0, 595.0, 842.0).expect("inside");
        assert_eq!((c.start, c.end), (0.0, 50.0));
        assert!(clip_segment(s, 0.0, 20.0, 595.0, 842.0).is_none());
    }
}
