//! Ruling lines: the page's segments snapped and merged into long lines, and
//! grouped into connected components (one per ruled table).
//!
//! Producers draw the same visual rule in very different ways: WPS paints
//! each cell edge as a thin filled rectangle, Word strokes one line per cell
//! side, Excel exports draw double rules as two lines a point apart. Snapping
//! positions within a tolerance and merging touching collinear pieces turns
//! all of them into the same lines.

use yusuan_model::{Orientation, Segment};

/// Segments drawn thicker than this are fills (shading, bars), not rules.
const MAX_RULE_THICKNESS: f64 = 4.0;

/// Merged lines shorter than this are dots, tick marks or glyph decorations.
const MIN_LINE_LENGTH: f64 = 3.0;

/// A merged ruling line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Line {
    /// y of a horizontal line, x of a vertical one (points, top-left origin).
    pub(crate) pos: f64,
    /// Smaller end along the line.
    pub(crate) start: f64,
    /// Larger end along the line.
    pub(crate) end: f64,
}

/// The page's ruling lines, by orientation.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Rulings {
    /// Horizontal lines, sorted by (pos, start).
    pub(crate) h: Vec<Line>,
    /// Vertical lines, sorted by (pos, start).
    pub(crate) v: Vec<Line>,
}

/// Snaps and merges the page's segments into lines. `tol` is the snapping
/// tolerance in points (positions closer than this are one rule; pieces with
/// a gap up to this are one line).
pub(crate) fn merge_segments(segments: &[Segment], tol: f64) -> Rulings {
    let usable = |s: &&Segment| {
        s.pos.is_finite()
            && s.start.is_finite()
            && s.end.is_finite()
            && s.thickness <= MAX_RULE_THICKNESS
    };
    let mut h: Vec<Line> = Vec::new();
    let mut v: Vec<Line> = Vec::new();
    for s in segments.iter().filter(usable) {
        let line = Line {
            pos: s.pos,
            start: s.start.min(s.end),
            end: s.start.max(s.end),
        };
        match s.orientation {
            Orientation::Horizontal => h.push(line),
            Orientation::Vertical => v.push(line),
        }
    }
    Rulings {
        h: merge_lines(h, tol),
        v: merge_lines(v, tol),
    }
}

/// Clusters lines by position (chained within `tol`), then merges the
/// intervals of each cluster that overlap or touch within `tol`.
fn merge_lines(mut lines: Vec<Line>, tol: f64) -> Vec<Line> {
    lines.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let mut out = Vec::new();
    let mut cluster: Vec<Line> = Vec::new();
    let mut last_pos = f64::NEG_INFINITY;
    for l in lines {
        if l.pos - last_pos > tol && !cluster.is_empty() {
            flush_cluster(&mut cluster, tol, &mut out);
        }
        last_pos = l.pos;
        cluster.push(l);
    }
    flush_cluster(&mut cluster, tol, &mut out);
    out.sort_by(|a, b| a.pos.total_cmp(&b.pos).then(a.start.total_cmp(&b.start)));
    out
}

fn flush_cluster(cluster: &mut Vec<Line>, tol: f64, out: &mut Vec<Line>) {
    if cluster.is_empty() {
        return;
    }
    // The cluster's position: length-weighted mean, so a long rule wins over
    // a stub drawn a little off.
    let (mut wsum, mut psum) = (0.0, 0.0);
    for l in cluster.iter() {
        let w = (l.end - l.start).max(0.1);
        wsum += w;
        psum += w * l.pos;
    }
    let pos = if wsum > 0.0 { psum / wsum } else { 0.0 };
    cluster.sort_by(|a, b| a.start.total_cmp(&b.start));
    let mut cur: Option<Line> = None;
    for l in cluster.drain(..) {
        cur = match cur {
            Some(c) if l.start <= c.end + tol => Some(Line {
                pos,
                start: c.start,
                end: c.end.max(l.end),
            }),
            Some(c) => {
                push_line(out, c);
                Some(Line { pos, ..l })
            }
            None => Some(Line { pos, ..l }),
        };
    }
    if let Some(c) = cur {
        push_line(out, c);
    }
}

fn push_line(out: &mut Vec<Line>, l: Line) {
    if l.end - l.start >= MIN_LINE_LENGTH {
        out.push(l);
    }
}

/// One connected group of crossing lines: indices into `Rulings::h` and `v`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Component {
    /// Horizontal lines.
    pub(crate) h: Vec<usize>,
    /// Vertical lines.
    pub(crate) v: Vec<usize>,
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while let Some(&p) = parent.get(i) {
        if p == i {
            break;
        }
        let gp = parent.get(p).copied().unwrap_or(p);
        if let Some(slot) = parent.get_mut(i) {
            *slot = gp;
        }
        i = p;
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb
        && let Some(slot) = parent.get_mut(ra.max(rb))
    {
        *slot = ra.min(rb);
    }
}

/// Groups lines into components of lines that cross or touch (within `tol`).
/// Only components with at least one horizontal and one vertical line are
/// returned, in order of their first horizontal line.
///
/// Horizontal lines are sorted by y, so each vertical line finds its
/// crossing candidates by binary search: O((H + V) log H + crossings).
pub(crate) fn components(r: &Rulings, tol: f64) -> Vec<Component> {
    let nh = r.h.len();
    let mut parent: Vec<usize> = (0..nh + r.v.len()).collect();
    for (vi, v) in r.v.iter().enumerate() {
        let lo = r.h.partition_point(|h| h.pos < v.start - tol);
        for (off, h) in r.h.iter().enumerate().skip(lo) {
            if h.pos > v.end + tol {
                break;
            }
            if v.pos >= h.start - tol && v.pos <= h.end + tol {
                union(&mut parent, off, nh + vi);
            }
        }
    }
    let mut by_root: std::collections::BTreeMap<usize, Component> = Default::default();
    for i in 0..nh + r.v.len() {
        let root = find(&mut parent, i);
        let comp = by_root.entry(root).or_default();
        if i < nh {
            comp.h.push(i);
        } else {
            comp.v.push(i - nh);
        }
    }
    by_root
        .into_values()
        .filter(|c| !c.h.is_empty() && !c.v.is_empty())
        .collect()
}

/// Length of `[a, b]` covered by the union of `intervals` (sorted by start).
pub(crate) fn covered(intervals: &[(f64, f64)], a: f64, b: f64) -> f64 {
    let mut total = 0.0;
    let mut reach = a;
    for &(s, e) in intervals {
        if e <= reach {
            continue;
        }
        if s >= b {
            break;
        }
        let s = s.max(reach);
        let e = e.min(b);
        if e > s {
            total += e - s;
            reach = e;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(o: Orientation, pos: f64, start: f64, end: f64) -> Segment {
        Segment {
            orientation: o,
            pos,
            start,
            end,
            thickness: 0.5,
        }
    }

    #[test]
    fn collinear_pieces_and_double_rules_merge() {
        let segs = [
            seg(Orientation::Horizontal, 100.0, 0.0, 50.0),
            seg(Orientation::Horizontal, 100.4, 50.5, 120.0),
            // a double rule 1.2 pt below: same line
            seg(Orientation::Horizontal, 101.2, 0.0, 120.0),
            seg(Orientation::Horizontal, 200.0, 0.0, 40.0),
            seg(Orientation::Horizontal, 200.0, 60.0, 120.0),
        ];
        let r = merge_segments(&segs, 2.0);
        assert_eq!(r.h.len(), 3);
        assert!((r.h[0].start - 0.0).abs() < 1e-9 && (r.h[0].end - 120.0).abs() < 1e-9);
        assert!((r.h[1].end - 40.0).abs() < 1e-9);
        assert!((r.h[2].start - 60.0).abs() < 1e-9);
    }

    #[test]
    fn thick_fills_and_dots_are_not_rules() {
        let mut fill = seg(Orientation::Horizontal, 10.0, 0.0, 100.0);
        fill.thickness = 20.0;
        let dot = seg(Orientation::Horizontal, 30.0, 5.0, 6.0);
        let r = merge_segments(&[fill, dot], 2.0);
        assert!(r.h.is_empty());
    }

    #[test]
    fn separate_tables_are_separate_components() {
        let mut segs = Vec::new();
        for (top, bottom) in [(0.0, 50.0), (100.0, 150.0)] {
            segs.push(seg(Orientation::Horizontal, top, 0.0, 100.0));
            segs.push(seg(Orientation::Horizontal, bottom, 0.0, 100.0));
            segs.push(seg(Orientation::Vertical, 0.0, top, bottom));
            segs.push(seg(Orientation::Vertical, 100.0, top, bottom));
        }
        let r = merge_segments(&segs, 2.0);
        let comps = components(&r, 2.0);
        assert_eq!(comps.len(), 2);
        assert_eq!(comps[0].h.len(), 2);
        assert_eq!(comps[0].v.len(), 2);
    }

    #[test]
    fn covered_length_unions_intervals() {
        let iv = [(0.0, 4.0), (3.0, 6.0), (8.0, 20.0)];
        assert!((covered(&iv, 2.0, 10.0) - 6.0).abs() < 1e-9);
    }
}
