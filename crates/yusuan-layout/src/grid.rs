//! Ruled tables: the finest grid of a component's lines, merged cells from
//! missing interior rules, and glyphs assigned to cells by their centre.

use yusuan_model::{BBox, Glyph, Page};

use crate::rules::{Component, Line, Rulings, covered};
use crate::text;

/// One cell of a table fragment (one page's part of a table).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FragCell {
    /// Row, from 0.
    pub(crate) row: usize,
    /// Column, from 0.
    pub(crate) col: usize,
    /// Rows covered, at least 1.
    pub(crate) rowspan: usize,
    /// Columns covered, at least 1.
    pub(crate) colspan: usize,
    /// Cell box in points, origin top-left.
    pub(crate) bbox: BBox,
    /// The cell's text as a reader sees it.
    pub(crate) text: String,
    /// A glyph of the cell lies more than [`SPILL_SHARE`] of its height
    /// outside the cell's rows: text printed across a rule.
    pub(crate) spill: bool,
}

/// The share of a glyph's height that may lie outside its cell before the
/// cell counts as spilled. A glyph goes to the cell holding its centre, so
/// at most half of it can be outside; a third means its centre is within a
/// sixth of an em of the rule, where no producer places text it means to
/// keep inside the cell.
pub(crate) const SPILL_SHARE: f64 = 1.0 / 3.0;

/// The part of a table printed on one page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fragment {
    /// Page, from 1.
    pub(crate) page: u32,
    /// Column boundaries (x, points), ascending; `n_cols + 1` of them.
    pub(crate) xs: Vec<f64>,
    /// Row boundaries (y, points), ascending; `n_rows + 1` of them.
    pub(crate) ys: Vec<f64>,
    /// Cells, row-major, top-left positions only.
    pub(crate) cells: Vec<FragCell>,
    /// "ruled" or "unruled".
    pub(crate) method: &'static str,
}

impl Fragment {
    /// Number of grid rows.
    pub(crate) fn n_rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }

    /// Number of grid columns.
    pub(crate) fn n_cols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }

    /// The fragment's box.
    pub(crate) fn bbox(&self) -> BBox {
        let x0 = self.xs.first().copied().unwrap_or(0.0);
        let x1 = self.xs.last().copied().unwrap_or(0.0);
        let y0 = self.ys.first().copied().unwrap_or(0.0);
        let y1 = self.ys.last().copied().unwrap_or(0.0);
        BBox::new(x0, y0, x1, y1)
    }
}

/// Tuning of the ruled path, from `LayoutOptions`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GridParams {
    /// Snapping tolerance, points.
    pub(crate) tol: f64,
    /// Share of a cell edge a rule must cover for the edge to count.
    pub(crate) edge_coverage: f64,
    /// How the producer spaces CJK next to Latin text.
    pub(crate) spacing: text::Spacing,
    /// Whether to look for unruled tables too.
    pub(crate) unruled: bool,
}

impl GridParams {
    /// Boundaries closer than this are one: no row or column of text is
    /// thinner, and double rules a few points apart must not make one.
    fn min_gap(&self) -> f64 {
        (self.tol * 1.5).max(3.0)
    }
}

/// Sorted positions, those closer than `gap` to the previous kept one dropped.
fn dedupe_sorted(mut v: Vec<f64>, gap: f64) -> Vec<f64> {
    v.retain(|p| p.is_finite());
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::with_capacity(v.len());
    for p in v {
        match out.last() {
            Some(&q) if p - q < gap => {}
            _ => out.push(p),
        }
    }
    out
}

/// Index of the boundary nearest to `p`, if within `gap`.
fn boundary_of(bounds: &[f64], p: f64, gap: f64) -> Option<usize> {
    let i = bounds.partition_point(|&b| b < p);
    let mut best: Option<(usize, f64)> = None;
    for j in [i.saturating_sub(1), i] {
        if let Some(&b) = bounds.get(j) {
            let d = (b - p).abs();
            if d <= gap && best.is_none_or(|(_, bd)| d < bd) {
                best = Some((j, d));
            }
        }
    }
    best.map(|(j, _)| j)
}

/// Slot index of `p` among `bounds` (the interval it falls in), clamped.
pub(crate) fn slot_of(bounds: &[f64], p: f64) -> usize {
    let n = bounds.len().saturating_sub(1);
    bounds
        .partition_point(|&b| b <= p)
        .saturating_sub(1)
        .min(n.saturating_sub(1))
}

/// Per-boundary intervals of the lines lying on it, sorted by start.
fn intervals_on(bounds: &[f64], lines: &[Line], idx: &[usize], gap: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new(); bounds.len()];
    for &i in idx {
        let Some(l) = lines.get(i) else { continue };
        if let Some(k) = boundary_of(bounds, l.pos, gap)
            && let Some(list) = out.get_mut(k)
        {
            list.push((l.start, l.end));
        }
    }
    for list in &mut out {
        list.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    out
}

/// Whether any inked, unused glyph has its centre inside the box.
fn has_text_in(glyphs: &[Glyph], used: &[bool], b: BBox) -> bool {
    glyphs.iter().enumerate().any(|(i, g)| {
        !used.get(i).copied().unwrap_or(true)
            && text::is_inked(g)
            && b.contains(g.bbox.cx(), g.bbox.cy())
    })
}

/// Builds the fragments of the ruled tables on `page`. Glyphs assigned to a
/// table are marked in `used`.
pub(crate) fn ruled_fragments(
    page: &Page,
    rulings: &Rulings,
    comps: &[Component],
    params: GridParams,
    used: &mut [bool],
) -> Vec<Fragment> {
    // Vertical rules of no component: candidates for side columns whose top
    // and bottom edges are not drawn (see `side_columns`).
    let mut free_v = vec![true; rulings.v.len()];
    for &i in comps.iter().flat_map(|c| &c.v) {
        if let Some(f) = free_v.get_mut(i) {
            *f = false;
        }
    }
    let mut out = Vec::new();
    for comp in comps {
        if let Some(f) = fragment_of(page, rulings, comp, &free_v, params, used) {
            out.push(f);
        }
    }
    out.sort_by(|a, b| {
        let (ba, bb) = (a.bbox(), b.bbox());
        ba.y0.total_cmp(&bb.y0).then(ba.x0.total_cmp(&bb.x0))
    });
    out
}

/// Free vertical rules (`free[i]`: line `i` of `rulings.v` belongs to no
/// component) that stand beside the grid `[xs]` over its whole height
/// `y0..y1`, nearest first on each side, chained outwards. Excel exports
/// through Acrobat (西安) draw a label column cut by a page break with its
/// vertical rules only: the cell's top and bottom edges fall on other pages,
/// so the rules touch no horizontal line, yet they are the table's columns.
fn side_columns(
    rulings: &Rulings,
    free: &[bool],
    xs: &[f64],
    y0: f64,
    y1: f64,
    gap: f64,
) -> Vec<usize> {
    let tol = 2.0 * gap;
    let beside: Vec<usize> = rulings
        .v
        .iter()
        .enumerate()
        .filter(|&(i, l)| {
            free.get(i).copied().unwrap_or(false)
                && (l.start - y0).abs() <= tol
                && (l.end - y1).abs() <= tol
        })
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    let (Some(&first), Some(&last)) = (xs.first(), xs.last()) else {
        return out;
    };
    let width = last - first;
    let pos = |i: usize| rulings.v.get(i).map_or(f64::NAN, |l| l.pos);
    // Leftwards, then rightwards: each step takes the nearest rule within a
    // table's width of the current edge.
    let mut edge = first;
    while let Some(i) = beside
        .iter()
        .copied()
        .filter(|&i| pos(i) < edge - gap && edge - pos(i) <= width)
        .max_by(|&a, &b| pos(a).total_cmp(&pos(b)))
    {
        edge = pos(i);
        out.push(i);
    }
    let mut edge = last;
    while let Some(i) = beside
        .iter()
        .copied()
        .filter(|&i| pos(i) > edge + gap && pos(i) - edge <= width)
        .min_by(|&a, &b| pos(a).total_cmp(&pos(b)))
    {
        edge = pos(i);
        out.push(i);
    }
    out
}

fn fragment_of(
    page: &Page,
    rulings: &Rulings,
    comp: &Component,
    free_v: &[bool],
    params: GridParams,
    used: &mut [bool],
) -> Option<Fragment> {
    let gap = params.min_gap();
    let hl: Vec<&Line> = comp.h.iter().filter_map(|&i| rulings.h.get(i)).collect();
    let mut v_idx = comp.v.clone();
    let mut xs = dedupe_sorted(
        v_idx
            .iter()
            .filter_map(|&i| rulings.v.get(i))
            .map(|l| l.pos)
            .collect(),
        gap,
    );
    let mut ys = dedupe_sorted(hl.iter().map(|l| l.pos).collect(), gap);
    if let (Some(&y0), Some(&y1)) = (ys.first(), ys.last()) {
        let side = side_columns(rulings, free_v, &xs, y0, y1, gap);
        if !side.is_empty() {
            v_idx.extend(side);
            xs = dedupe_sorted(
                v_idx
                    .iter()
                    .filter_map(|&i| rulings.v.get(i))
                    .map(|l| l.pos)
                    .collect(),
                gap,
            );
        }
    }
    let vl: Vec<&Line> = v_idx.iter().filter_map(|&i| rulings.v.get(i)).collect();
    let hx0 = hl.iter().map(|l| l.start).fold(f64::INFINITY, f64::min);
    let hx1 = hl.iter().map(|l| l.end).fold(f64::NEG_INFINITY, f64::max);
    let vy0 = vl.iter().map(|l| l.start).fold(f64::INFINITY, f64::min);
    let vy1 = vl.iter().map(|l| l.end).fold(f64::NEG_INFINITY, f64::max);
    let (&x_first, &x_last) = (xs.first()?, xs.last()?);
    let (&y_first, &y_last) = (ys.first()?, ys.last()?);
    // Open sides: horizontal rules running past the outermost vertical rule
    // (Word and WPS tables without left/right borders) or vertical rules past
    // the outermost horizontal one make an outer column or row, kept when
    // text sits in it.
    let (ty0, ty1) = (y_first.min(vy0), y_last.max(vy1));
    if hx0 < x_first - gap
        && has_text_in(&page.glyphs, used, BBox::new(hx0 - 1.0, ty0, x_first, ty1))
    {
        xs.insert(0, hx0);
    }
    if hx1 > x_last + gap && has_text_in(&page.glyphs, used, BBox::new(x_last, ty0, hx1 + 1.0, ty1))
    {
        xs.push(hx1);
    }
    let (tx0, tx1) = (xs.first().copied()?, xs.last().copied()?);
    if vy0 < y_first - gap
        && has_text_in(&page.glyphs, used, BBox::new(tx0, vy0 - 1.0, tx1, y_first))
    {
        ys.insert(0, vy0);
    }
    if vy1 > y_last + gap && has_text_in(&page.glyphs, used, BBox::new(tx0, y_last, tx1, vy1 + 1.0))
    {
        ys.push(vy1);
    }
    let nc = xs.len().checked_sub(1)?;
    let nr = ys.len().checked_sub(1)?;
    if nc == 0 || nr == 0 || nr.checked_mul(nc)? < 2 {
        return None;
    }
    let vint = intervals_on(&xs, &rulings.v, &v_idx, gap);
    let hint = intervals_on(&ys, &rulings.h, &comp.h, gap);
    let frac = params.edge_coverage;
    // vedge(k, r): a rule at xs[k] separates columns k-1 and k in row r.
    let vedge = |k: usize, r: usize| -> bool {
        if k == 0 || k >= nc {
            return true;
        }
        let (Some(&a), Some(&b)) = (ys.get(r), ys.get(r + 1)) else {
            return true;
        };
        let iv = vint.get(k).map_or(&[][..], |v| v.as_slice());
        covered(iv, a, b) >= frac * (b - a)
    };
    let hedge = |k: usize, c: usize| -> bool {
        if k == 0 || k >= nr {
            return true;
        }
        let (Some(&a), Some(&b)) = (xs.get(c), xs.get(c + 1)) else {
            return true;
        };
        let iv = hint.get(k).map_or(&[][..], |v| v.as_slice());
        covered(iv, a, b) >= frac * (b - a)
    };
    let (cells_geom, owner) = merge_slots(nr, nc, vedge, hedge);

    // Glyphs to cells by centre.
    let bbox = BBox::new(
        tx0 - 1.0,
        ys.first().copied()? - 1.0,
        tx1 + 1.0,
        ys.last().copied()? + 1.0,
    );
    let mut per_cell: Vec<Vec<usize>> = vec![Vec::new(); cells_geom.len()];
    for (i, g) in page.glyphs.iter().enumerate() {
        if used.get(i).copied().unwrap_or(true) || !text::is_inked(g) {
            continue;
        }
        let (cx, cy) = (g.bbox.cx(), g.bbox.cy());
        if !bbox.contains(cx, cy) {
            continue;
        }
        let (r, c) = (slot_of(&ys, cy), slot_of(&xs, cx));
        if let Some(&ci) = owner.get(r * nc + c)
            && let Some(list) = per_cell.get_mut(ci)
        {
            list.push(i);
        }
    }
    let mut cells = Vec::with_capacity(cells_geom.len());
    let mut any_text = false;
    for ((r, c, rs, cs), idx) in cells_geom.into_iter().zip(&per_cell) {
        let refs: Vec<&Glyph> = idx.iter().filter_map(|&i| page.glyphs.get(i)).collect();
        let t = text::cell_text(&refs, params.spacing);
        any_text |= !t.is_empty();
        let cell_box = BBox::new(
            xs.get(c).copied().unwrap_or(tx0),
            ys.get(r).copied().unwrap_or(0.0),
            xs.get(c + cs).copied().unwrap_or(tx1),
            ys.get(r + rs).copied().unwrap_or(0.0),
        );
        let spill = refs.iter().any(|g| {
            let h = g.bbox.height();
            let outside = (cell_box.y0 - g.bbox.y0).max(0.0) + (g.bbox.y1 - cell_box.y1).max(0.0);
            h > 0.0 && outside > h * SPILL_SHARE
        });
        cells.push(FragCell {
            row: r,
            col: c,
            rowspan: rs,
            colspan: cs,
            bbox: cell_box.rounded(),
            text: t,
            spill,
        });
    }
    // A box around one block of text (a framed note, a page border) is not a
    // table; neither is an empty grid.
    if !any_text || cells.len() < 2 {
        return None;
    }
    for idx in &per_cell {
        for &i in idx {
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
        }
    }
    Some(Fragment {
        page: page.number,
        xs,
        ys,
        cells,
        method: "ruled",
    })
}

/// A merged cell's slots: (row, col, rowspan, colspan).
pub(crate) type SlotRect = (usize, usize, usize, usize);

/// Merges grid slots into cells: a cell grows right while no rule separates
/// the next column, then down while no rule separates the next row over its
/// whole width and the new row has no interior rule. Cells are always
/// rectangles and never overlap. Returns (row, col, rowspan, colspan) per cell
/// in row-major order and the owning cell of each slot (`r * nc + c`).
pub(crate) fn merge_slots(
    nr: usize,
    nc: usize,
    vedge: impl Fn(usize, usize) -> bool,
    hedge: impl Fn(usize, usize) -> bool,
) -> (Vec<SlotRect>, Vec<usize>) {
    const FREE: usize = usize::MAX;
    let mut owner = vec![FREE; nr.saturating_mul(nc)];
    let mut cells = Vec::new();
    let free = |owner: &[usize], r: usize, c: usize| owner.get(r * nc + c) == Some(&FREE);
    for r in 0..nr {
        for c in 0..nc {
            if !free(&owner, r, c) {
                continue;
            }
            let mut c2 = c;
            while c2 + 1 < nc && !vedge(c2 + 1, r) && free(&owner, r, c2 + 1) {
                c2 += 1;
            }
            let mut r2 = r;
            while r2 + 1 < nr {
                let next = r2 + 1;
                let open = (c..=c2).all(|cc| !hedge(next, cc) && free(&owner, next, cc))
                    && (c + 1..=c2).all(|cc| !vedge(cc, next))
                    && (c2 + 1 >= nc || vedge(c2 + 1, next))
                    && (c == 0 || vedge(c, next));
                if !open {
                    break;
                }
                r2 = next;
            }
            let id = cells.len();
            for rr in r..=r2 {
                for cc in c..=c2 {
                    if let Some(o) = owner.get_mut(rr * nc + cc) {
                        *o = id;
                    }
                }
            }
            cells.push((r, c, r2 - r + 1, c2 - c + 1));
        }
    }
    (cells, owner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{components, merge_segments};
    use yusuan_model::{Orientation, Segment};

    fn seg(o: Orientation, pos: f64, start: f64, end: f64) -> Segment {
        Segment {
            orientation: o,
            pos,
            start,
            end,
            thickness: 0.5,
        }
    }

    fn glyphs_at(s: &str, x: f64, y: f64) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                bbox: BBox::new(x + i as f64 * 10.0, y, x + i as f64 * 10.0 + 10.0, y + 10.0),
                size: 10.0,
                font: 0,
                rotated: false,
                confidence: None,
            })
            .collect()
    }

    /// A 3×3 grid 0..300 × 0..60 (rows 20 high), header row 0 one merged
    /// cell across columns 1-2, column 0 merged over rows 0-1.
    fn spanning_page() -> Page {
        let mut segs = vec![
            seg(Orientation::Horizontal, 0.0, 0.0, 300.0),
            seg(Orientation::Horizontal, 20.0, 100.0, 300.0), // not under column 0
            seg(Orientation::Horizontal, 40.0, 0.0, 300.0),
            seg(Orientation::Horizontal, 60.0, 0.0, 300.0),
            seg(Orientation::Vertical, 0.0, 0.0, 60.0),
            seg(Orientation::Vertical, 100.0, 0.0, 60.0),
            seg(Orientation::Vertical, 200.0, 20.0, 60.0), // not in row 0
            seg(Orientation::Vertical, 300.0, 0.0, 60.0),
        ];
        segs.reverse();
        let mut glyphs = Vec::new();
        glyphs.extend(glyphs_at("项目", 30.0, 15.0));
        glyphs.extend(glyphs_at("预算", 180.0, 5.0));
        glyphs.extend(glyphs_at("上年", 130.0, 25.0));
        glyphs.extend(glyphs_at("本年", 230.0, 25.0));
        glyphs.extend(glyphs_at("合计", 30.0, 45.0));
        glyphs.extend(glyphs_at("12.5", 130.0, 45.0));
        glyphs.extend(glyphs_at("3", 230.0, 45.0));
        Page {
            number: 1,
            width: 400.0,
            height: 400.0,
            glyphs,
            segments: segs,
            ..Page::default()
        }
    }

    fn build(page: &Page) -> Vec<Fragment> {
        let r = merge_segments(&page.segments, 2.0);
        let comps = components(&r, 2.0);
        let mut used = vec![false; page.glyphs.len()];
        let params = GridParams {
            tol: 2.0,
            edge_coverage: 0.5,
            spacing: text::Spacing::default(),
            unruled: false,
        };
        ruled_fragments(page, &r, &comps, params, &mut used)
    }

    #[test]
    fn spans_come_from_missing_interior_rules() {
        let frags = build(&spanning_page());
        assert_eq!(frags.len(), 1);
        let f = &frags[0];
        assert_eq!((f.n_rows(), f.n_cols()), (3, 3));
        let got: Vec<(usize, usize, usize, usize, &str)> = f
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 0, 2, 1, "项目"),
                (0, 1, 1, 2, "预算"),
                (1, 1, 1, 1, "上年"),
                (1, 2, 1, 1, "本年"),
                (2, 0, 1, 1, "合计"),
                (2, 1, 1, 1, "12.5"),
                (2, 2, 1, 1, "3"),
            ]
        );
    }

    #[test]
    fn open_left_and_right_sides_still_make_columns() {
        // Only horizontal rules span the table; one vertical rule in the middle.
        let segs = vec![
            seg(Orientation::Horizontal, 0.0, 0.0, 200.0),
            seg(Orientation::Horizontal, 20.0, 0.0, 200.0),
            seg(Orientation::Horizontal, 40.0, 0.0, 200.0),
            seg(Orientation::Vertical, 100.0, 0.0, 40.0),
        ];
        let mut glyphs = glyphs_at("项目", 10.0, 5.0);
        glyphs.extend(glyphs_at("金额", 110.0, 5.0));
        glyphs.extend(glyphs_at("合计", 10.0, 25.0));
        glyphs.extend(glyphs_at("5", 110.0, 25.0));
        let page = Page {
            number: 1,
            glyphs,
            segments: segs,
            ..Page::default()
        };
        let frags = build(&page);
        assert_eq!(frags.len(), 1);
        assert_eq!((frags[0].n_rows(), frags[0].n_cols()), (2, 2));
        assert_eq!(frags[0].cells[3].text, "5");
    }

    #[test]
    fn a_framed_paragraph_is_not_a_table() {
        let segs = vec![
            seg(Orientation::Horizontal, 0.0, 0.0, 200.0),
            seg(Orientation::Horizontal, 40.0, 0.0, 200.0),
            seg(Orientation::Vertical, 0.0, 0.0, 40.0),
            seg(Orientation::Vertical, 200.0, 0.0, 40.0),
        ];
        let page = Page {
            number: 1,
            glyphs: glyphs_at("说明文字", 10.0, 5.0),
            segments: segs,
            ..Page::default()
        };
        assert!(build(&page).is_empty());
    }

    #[test]
    fn merge_slots_never_overlaps() {
        // No interior rules at all: one cell.
        let (cells, owner) = merge_slots(3, 4, |k, _| k == 0 || k == 4, |k, _| k == 0 || k == 3);
        assert_eq!(cells, vec![(0, 0, 3, 4)]);
        assert!(owner.iter().all(|&o| o == 0));
        // An L-shaped gap becomes rectangles.
        let v = |k: usize, r: usize| k == 0 || k == 2 || (k == 1 && r == 1);
        let h = |k: usize, c: usize| k == 0 || k == 2 || (k == 1 && c == 1);
        let (cells, _) = merge_slots(2, 2, v, h);
        let area: usize = cells.iter().map(|c| c.2 * c.3).sum();
        assert_eq!(area, 4);
    }
}
