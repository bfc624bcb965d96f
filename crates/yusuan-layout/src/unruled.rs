//! Unruled tables: columns found from the whitespace between aligned text.
//!
//! Spreadsheet exports with hidden borders and "three-line" tables (rules
//! above and below the header only, no vertical rules) print a table as
//! lines of text whose pieces line up in columns. The lines are split into
//! chunks at wide gaps; a run of lines with several chunks, enough of them
//! carrying money figures, is a table candidate. Its columns are the x-ranges
//! the chunks of the figure rows cover (the gutters between them are never
//! crossed); every line is a row, chunks spanning several columns become
//! column spans (spanning header cells), and a lone label line set closer to
//! the row above than rows are to each other is that row's wrapped label.
//!
//! The detector is conservative: a false table breaks prose into cells,
//! while a missed one still leaves its text in `Layout::lines`.

use yusuan_model::{BBox, Glyph};

use crate::grid::{FragCell, Fragment};
use crate::header::is_figure;
use crate::heading;
use crate::text::{self, Spacing};

/// A gap wider than this many em splits a line into chunks (column pieces).
const CHUNK_GAP_EM: f64 = 1.5;

/// Rows carrying money figures a candidate needs.
const MIN_FIGURE_ROWS: usize = 3;

/// A vertical gap between lines wider than this many line heights ends a
/// candidate block.
const MAX_LINE_GAP: f64 = 2.5;

/// One piece of a line, between wide gaps.
#[derive(Debug, Clone)]
struct Chunk {
    bbox: BBox,
    text: String,
    /// Glyph indices (into the page's free glyphs).
    glyphs: Vec<usize>,
}

/// A visual line cut into chunks.
#[derive(Debug, Clone)]
struct Row {
    bbox: BBox,
    chunks: Vec<Chunk>,
}

impl Row {
    /// Chunks that are money figures ("1,234.56", "0.00", "12.5%").
    fn money(&self) -> usize {
        self.chunks.iter().filter(|c| is_money(&c.text)).count()
    }
}

/// A printed amount with decimals or thousands separators (a bare integer
/// may be a year, a code or a page number).
fn is_money(s: &str) -> bool {
    is_figure(s) && (s.contains('.') || s.contains(',') || s.contains('%'))
}

fn chunks_of(glyphs: &[&Glyph], line: &[usize], spacing: Spacing) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    let flush = |cur: &mut Vec<usize>, out: &mut Vec<Chunk>| {
        if cur.is_empty() {
            return;
        }
        let refs: Vec<&Glyph> = cur.iter().filter_map(|&i| glyphs.get(i).copied()).collect();
        let bbox = refs.iter().map(|g| g.bbox).reduce(|a, b| a.union(&b));
        let local: Vec<usize> = (0..refs.len()).collect();
        if let Some(bbox) = bbox {
            out.push(Chunk {
                bbox,
                text: text::line_text(&refs, &local, false, spacing),
                glyphs: std::mem::take(cur),
            });
        }
        cur.clear();
    };
    for &i in line {
        let Some(g) = glyphs.get(i) else { continue };
        if let Some(p) = prev {
            let em = f64::from(p.size.max(g.size)).max(1.0);
            if g.bbox.x0 - p.bbox.x1 > CHUNK_GAP_EM * em {
                flush(&mut cur, &mut out);
            }
        }
        cur.push(i);
        prev = Some(g);
    }
    flush(&mut cur, &mut out);
    out
}

/// Builds the fragments of the unruled tables among `glyphs` (the page's
/// glyphs outside ruled tables). Returns the fragments and, per fragment,
/// the indices (into `glyphs`) it took.
pub(crate) fn unruled_fragments(
    page: u32,
    glyphs: &[&Glyph],
    spacing: Spacing,
) -> Vec<(Fragment, Vec<usize>)> {
    let rows: Vec<Row> = text::group_lines(glyphs)
        .iter()
        .filter_map(|line| {
            let chunks = chunks_of(glyphs, line, spacing);
            let bbox = chunks.iter().map(|c| c.bbox).reduce(|a, b| a.union(&b))?;
            Some(Row { bbox, chunks })
        })
        .collect();
    let mut out = Vec::new();
    let mut floor = 0;
    for (s, e) in block_ranges(&rows) {
        let s = with_group_headers(&rows, s.max(floor), e);
        floor = e;
        if let Some(f) = rows.get(s..e).and_then(|b| fragment_of(page, b)) {
            out.push(f);
        }
    }
    out
}

/// Lines this far above a block may be its group header rows.
const MAX_GROUP_HEADER_LINES: usize = 2;

/// Extends a block upward over one-chunk lines that head groups of its
/// columns ("本年预算" centred over 合计/基本支出/项目支出): close above the
/// block, inside its value columns (not over the label column), and neither
/// a title, a unit or organization line nor a continuation mark.
fn with_group_headers(rows: &[Row], s: usize, e: usize) -> usize {
    let Some(block) = rows.get(s..e) else {
        return s;
    };
    let cols = columns(block);
    let (Some(first), Some(last)) = (cols.first(), cols.last()) else {
        return s;
    };
    let (label_end, right) = (first.1, last.1);
    let mut s = s;
    for _ in 0..MAX_GROUP_HEADER_LINES {
        let (Some(above), Some(top)) = (s.checked_sub(1).and_then(|i| rows.get(i)), rows.get(s))
        else {
            break;
        };
        let h = above.bbox.height().max(top.bbox.height()).max(1.0);
        let close = top.bbox.y0 - above.bbox.y1 <= MAX_LINE_GAP * h;
        let text: String = above.chunks.iter().map(|c| c.text.as_str()).collect();
        let fits = above.chunks.len() == 1
            && above.bbox.x0 > label_end
            && above.bbox.x1 <= right + h
            && !heading::looks_like_title(&text)
            && !heading::is_meta_line(&text)
            && !heading::is_continuation_mark(&text)
            && !is_money(&text);
        if !(close && fits) {
            break;
        }
        s -= 1;
    }
    s
}

/// Runs of rows that may form a table: consecutive rows with two or more
/// chunks (a single one-chunk row inside is allowed: a wrapped label or a
/// category row), close together, trimmed to multi-chunk rows at both ends.
fn block_ranges(rows: &[Row]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut singles = 0;
    let close = |a: &Row, b: &Row| {
        let h = a.bbox.height().max(b.bbox.height()).max(1.0);
        b.bbox.y0 - a.bbox.y1 <= MAX_LINE_GAP * h
    };
    let push = |s: usize, e: usize, out: &mut Vec<(usize, usize)>| {
        // Trim one-chunk rows at the ends.
        let mut s = s;
        let mut e = e;
        while s < e && rows.get(s).is_some_and(|r| r.chunks.len() < 2) {
            s += 1;
        }
        // A last line set tight under the row above and starting where its
        // label starts is that label wrapped, not text after the table.
        let wrapped_label = |i: usize| {
            let (Some(r), Some(p)) = (rows.get(i), i.checked_sub(1).and_then(|j| rows.get(j)))
            else {
                return false;
            };
            let h = r.bbox.height().max(1.0);
            let label_x = p.chunks.first().map_or(f64::NAN, |c| c.bbox.x0);
            p.chunks.len() >= 2
                && r.bbox.y0 - p.bbox.y1 < 0.5 * h
                && (r.bbox.x0 - label_x).abs() < h
        };
        while e > s && rows.get(e - 1).is_some_and(|r| r.chunks.len() < 2) && !wrapped_label(e - 1)
        {
            e -= 1;
        }
        if let Some(b) = rows.get(s..e)
            && b.iter()
                .filter(|r| r.money() >= 1 && r.chunks.len() >= 2)
                .count()
                >= MIN_FIGURE_ROWS
        {
            out.push((s, e));
        }
    };
    // Left edge of the figures of the latest row with figures.
    let mut money_x0: Option<f64> = None;
    for (i, r) in rows.iter().enumerate() {
        let multi = r.chunks.len() >= 2;
        if r.money() > 0 {
            money_x0 = r
                .chunks
                .iter()
                .filter(|c| is_money(&c.text))
                .map(|c| c.bbox.x0)
                .reduce(f64::min);
        }
        match start {
            None => {
                if multi {
                    start = Some(i);
                    singles = 0;
                }
            }
            Some(s) => {
                let near = i > 0 && rows.get(i - 1).is_some_and(|p| close(p, r));
                // A one-chunk line left of the figures is a wrapped label
                // (or a category row), not prose after the table.
                let label = money_x0.is_some_and(|x| r.bbox.x1 < x);
                singles = if multi || label { 0 } else { singles + 1 };
                if !near || singles >= 2 {
                    push(s, i, &mut out);
                    start = multi.then_some(i);
                    singles = 0;
                    if r.money() == 0 {
                        money_x0 = None;
                    }
                }
            }
        }
    }
    if let Some(s) = start {
        push(s, rows.len(), &mut out);
    }
    out
}

/// Column x-ranges: the union of the chunks of the rows with figures,
/// merged where they overlap. Ranges ascending.
fn columns(block: &[Row]) -> Vec<(f64, f64)> {
    let mut iv: Vec<(f64, f64)> = block
        .iter()
        .filter(|r| r.money() >= 1 && r.chunks.len() >= 2)
        .flat_map(|r| r.chunks.iter().map(|c| (c.bbox.x0, c.bbox.x1)))
        .collect();
    iv.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (s, e) in iv {
        match out.last_mut() {
            Some(last) if s <= last.1 + 1.0 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Columns (indices into `cols`) a chunk covers: those whose range it
/// overlaps; a chunk in a gutter goes to the nearest column.
fn span_of(cols: &[(f64, f64)], b: BBox) -> Option<(usize, usize)> {
    let hit: Vec<usize> = cols
        .iter()
        .enumerate()
        .filter(|(_, c)| b.x0 < c.1 && b.x1 > c.0)
        .map(|(i, _)| i)
        .collect();
    if let (Some(&a), Some(&z)) = (hit.first(), hit.last()) {
        return Some((a, z));
    }
    let cx = b.cx();
    let nearest = cols.iter().enumerate().min_by(|(_, a), (_, b)| {
        let da = (cx - (a.0 + a.1) / 2.0).abs();
        let db = (cx - (b.0 + b.1) / 2.0).abs();
        da.total_cmp(&db)
    })?;
    Some((nearest.0, nearest.0))
}

/// Whether the figures of column `k` share their right edge (and not their
/// left edge): numbers right-aligned in their cells, as spreadsheets print
/// them. `Some(false)` when they share the left edge only, `None` when they
/// say nothing (fewer than two, or all of one width).
fn right_aligned(block: &[Row], cols: &[(f64, f64)], k: usize) -> Option<bool> {
    let edges: Vec<(f64, f64)> = block
        .iter()
        .flat_map(|r| r.chunks.iter())
        .filter(|c| is_money(&c.text) && span_of(cols, c.bbox) == Some((k, k)))
        .map(|c| (c.bbox.x0, c.bbox.x1))
        .collect();
    if edges.len() < 2 {
        return None;
    }
    let spread = |f: fn(&(f64, f64)) -> f64| {
        let (lo, hi) = edges
            .iter()
            .map(f)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                (l.min(v), h.max(v))
            });
        hi - lo
    };
    match (spread(|e| e.1) <= 2.0, spread(|e| e.0) <= 2.0) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// The run of columns `a..=z` (cell boundaries `xs`) a header piece is
/// centred over: it contains the piece and the columns the piece overlaps
/// (`own`) and no column of another piece on the line (`others`). Of the
/// runs the piece is centred on (within a tenth of the run's width), the
/// widest: "本年预算" over 合计/基本支出/项目支出 is also centred over
/// 基本支出 alone, but a group header heads the group. Else the run whose
/// centre is nearest the piece's.
fn centred_span(
    xs: &[f64],
    b: BBox,
    own: (usize, usize),
    others: &[(usize, usize)],
) -> (usize, usize) {
    let nc = xs.len().saturating_sub(1);
    let mut best = (own, f64::INFINITY);
    let mut widest: Option<((usize, usize), f64)> = None;
    for a in 0..=own.0 {
        for z in own.1..nc {
            let (Some(&x0), Some(&x1)) = (xs.get(a), xs.get(z + 1)) else {
                continue;
            };
            let clash = others.iter().any(|&(oa, oz)| oa <= z && oz >= a);
            if clash || b.x0 < x0 - 2.0 || b.x1 > x1 + 2.0 {
                continue;
            }
            let d = ((x0 + x1) / 2.0 - b.cx()).abs();
            if d < best.1 - 1e-6 {
                best = ((a, z), d);
            }
            let width = x1 - x0;
            if d <= 0.1 * width && widest.is_none_or(|(_, w)| width > w) {
                widest = Some(((a, z), width));
            }
        }
    }
    widest.map_or(best.0, |(run, _)| run)
}

/// Groups the block's lines into grid rows, each top to bottom. Lines above
/// the first line with figures are header rows, one per line. Below, every
/// line with figures anchors a row; a line of labels only (left of the
/// figure columns) joins the nearest anchor when it is closer to it than
/// rows are apart: the other lines of a label wrapped around its row's
/// figures, above ("政府办公厅（室）及相关机构事") or below ("务"). Other lines
/// (category rows without figures) are rows of their own.
fn assign_rows<'a>(block: &'a [Row], cols: &[(f64, f64)]) -> Vec<Vec<&'a Row>> {
    let anchors: Vec<usize> = (0..block.len())
        .filter(|&i| block.get(i).is_some_and(|r| r.money() > 0))
        .collect();
    let Some(&first) = anchors.first() else {
        return block.iter().map(|r| vec![r]).collect();
    };
    // The first column holding a figure: labels sit left of it.
    let first_figure_col = block
        .iter()
        .flat_map(|r| r.chunks.iter())
        .filter(|c| is_money(&c.text))
        .filter_map(|c| span_of(cols, c.bbox).map(|(a, _)| a))
        .min()
        .unwrap_or(cols.len());
    let cy = |i: usize| block.get(i).map_or(0.0, |r| r.bbox.cy());
    let mut pitches: Vec<f64> = anchors
        .windows(2)
        .filter_map(|w| Some(cy(*w.get(1)?) - cy(*w.first()?)))
        .collect();
    pitches.sort_by(f64::total_cmp);
    let pitch = pitches
        .get(pitches.len() / 2)
        .copied()
        .unwrap_or(f64::INFINITY);
    // Row key per line: the anchor it joins, or itself.
    let mut key: Vec<usize> = (0..block.len()).collect();
    for (i, r) in block.iter().enumerate().skip(first) {
        if r.money() > 0 {
            continue;
        }
        let labels_only = r
            .chunks
            .iter()
            .all(|c| span_of(cols, c.bbox).is_some_and(|(_, z)| z < first_figure_col));
        if !labels_only {
            continue;
        }
        // Anchors are in line order, which is top to bottom: the nearest
        // is one of the two around the line.
        let at = anchors.partition_point(|&a| a < i);
        let around = [
            at.checked_sub(1).and_then(|k| anchors.get(k)),
            anchors.get(at),
        ];
        let nearest = around
            .into_iter()
            .flatten()
            .copied()
            .min_by(|&a, &b| (cy(a) - cy(i)).abs().total_cmp(&(cy(b) - cy(i)).abs()));
        if let Some(a) = nearest
            && (cy(a) - cy(i)).abs() < 0.7 * pitch
            && let Some(k) = key.get_mut(i)
        {
            *k = a;
        }
    }
    // Keyed by the anchor's line index, so rows come out in anchor order (a
    // label line above its anchor does not move the row ahead).
    let mut rows: std::collections::BTreeMap<usize, Vec<&'a Row>> = Default::default();
    for (i, r) in block.iter().enumerate() {
        rows.entry(key.get(i).copied().unwrap_or(i))
            .or_default()
            .push(r);
    }
    rows.into_values().collect()
}

fn fragment_of(page: u32, block: &[Row]) -> Option<(Fragment, Vec<usize>)> {
    let cols = columns(block);
    if cols.len() < 2 {
        return None;
    }
    // Figures must sit in at least one column other than the first: a list
    // of labels each followed by one amount is still a table, prose with a
    // number at the end of each line is not (its chunks would not align).
    let figure_cols = block
        .iter()
        .flat_map(|r| r.chunks.iter())
        .filter(|c| is_money(&c.text))
        .filter_map(|c| span_of(&cols, c.bbox))
        .filter(|&(a, z)| a == z && a > 0)
        .count();
    if figure_cols < MIN_FIGURE_ROWS {
        return None;
    }
    let grid_rows = assign_rows(block, &cols);
    let nc = cols.len();
    let nr = grid_rows.len();
    // Boundaries: midway between columns and between rows.
    let mut xs = Vec::with_capacity(nc + 1);
    let x_min = block
        .iter()
        .map(|r| r.bbox.x0)
        .fold(f64::INFINITY, f64::min);
    let x_max = block
        .iter()
        .map(|r| r.bbox.x1)
        .fold(f64::NEG_INFINITY, f64::max);
    // Where each column's cells may hold text: its figures' range, and for
    // a right-aligned column of figures after another one also the gutter
    // between them. In a spreadsheet such a cell starts where the previous
    // column's figures end, and its header, left-aligned, starts there too
    // ("人员经费" over figures that end further right). After a label column
    // the edge is not known (labels end anywhere in their cells): the gutter
    // is split.
    // Figures of one width say nothing of their alignment: such a column
    // follows the others (a producer aligns all its figures alike).
    let seen: Vec<Option<bool>> = (0..cols.len())
        .map(|k| right_aligned(block, &cols, k))
        .collect();
    let default = seen.contains(&Some(true)) && !seen.contains(&Some(false));
    let figures = |k: usize| {
        block
            .iter()
            .flat_map(|r| r.chunks.iter())
            .any(|c| is_money(&c.text) && span_of(&cols, c.bbox) == Some((k, k)))
    };
    let aligned: Vec<bool> = seen
        .iter()
        .enumerate()
        .map(|(k, a)| a.unwrap_or(default && figures(k)))
        .collect();
    // A text that starts right where a column's figures end (within half
    // an em) starts the next column's cell: a left-aligned header over
    // right-aligned figures, even when every figure has one width and so
    // shows no alignment of its own.
    let starts_after = |edge: f64| {
        block.iter().flat_map(|r| r.chunks.iter()).any(|c| {
            let em = c.bbox.height().max(1.0);
            !is_money(&c.text) && c.bbox.x0 >= edge - 0.5 && c.bbox.x0 <= edge + 0.5 * em
        })
    };
    let mut terr = cols.clone();
    for k in 1..terr.len() {
        let Some(prev) = cols.get(k - 1).copied() else {
            continue;
        };
        let both_right = aligned.get(k) == Some(&true) && aligned.get(k - 1) == Some(&true);
        if (both_right || (figures(k - 1) && starts_after(prev.1)))
            && let Some(t) = terr.get_mut(k)
        {
            t.0 = prev.1 + 1.0;
        }
    }
    xs.push(x_min.min(cols.first()?.0) - 1.0);
    for w in terr.windows(2) {
        let (Some(a), Some(b)) = (w.first(), w.get(1)) else {
            continue;
        };
        xs.push((a.1 + b.0) / 2.0);
    }
    xs.push(x_max.max(cols.last()?.1) + 1.0);
    let row_box = |rs: &[&Row]| rs.iter().map(|r| r.bbox).reduce(|a, b| a.union(&b));
    let boxes: Vec<BBox> = grid_rows.iter().filter_map(|rs| row_box(rs)).collect();
    let mut ys = Vec::with_capacity(nr + 1);
    ys.push(boxes.first()?.y0 - 1.0);
    for w in boxes.windows(2) {
        let (Some(a), Some(b)) = (w.first(), w.get(1)) else {
            continue;
        };
        ys.push((a.y1 + b.y0) / 2.0);
    }
    ys.push(boxes.last()?.y1 + 1.0);
    let first_body = grid_rows
        .iter()
        .position(|rs| rs.iter().any(|r| r.money() > 0))
        .unwrap_or(0);
    let mut cells = Vec::new();
    let mut taken = Vec::new();
    for (ri, rs) in grid_rows.iter().enumerate() {
        // Per column: the lines' chunks, top to bottom; spans by chunk.
        let mut texts: Vec<Vec<String>> = vec![Vec::new(); nc];
        let mut span_end: Vec<usize> = (0..nc).collect();
        // A header line with fewer pieces than columns heads groups of
        // columns: each piece spans the columns it is centred over.
        let grouped = ri < first_body && rs.iter().all(|r| r.chunks.len() < nc);
        for r in rs {
            let own: Vec<Option<(usize, usize)>> =
                r.chunks.iter().map(|c| span_of(&terr, c.bbox)).collect();
            for (ci, c) in r.chunks.iter().enumerate() {
                let Some(mut span) = own.get(ci).copied().flatten() else {
                    continue;
                };
                if grouped {
                    let others: Vec<(usize, usize)> = own
                        .iter()
                        .enumerate()
                        .filter(|&(k, _)| k != ci)
                        .filter_map(|(_, o)| *o)
                        .collect();
                    span = centred_span(&xs, c.bbox, span, &others);
                }
                let (a, z) = span;
                if let Some(t) = texts.get_mut(a) {
                    t.push(c.text.clone());
                }
                if let Some(e) = span_end.get_mut(a) {
                    *e = (*e).max(z);
                }
                taken.extend(c.glyphs.iter().copied());
            }
        }
        let mut k = 0;
        while k < nc {
            let end = span_end.get(k).copied().unwrap_or(k).max(k);
            // Columns inside a span are covered; text that fell there joins.
            let mut lines: Vec<String> = Vec::new();
            for t in texts.get(k..=end).into_iter().flatten() {
                lines.extend(t.iter().cloned());
            }
            let bbox = BBox::new(
                xs.get(k).copied().unwrap_or(0.0),
                ys.get(ri).copied().unwrap_or(0.0),
                xs.get(end + 1).copied().unwrap_or(0.0),
                ys.get(ri + 1).copied().unwrap_or(0.0),
            );
            cells.push(FragCell {
                row: ri,
                col: k,
                rowspan: 1,
                colspan: end - k + 1,
                bbox: bbox.rounded(),
                text: text::join_lines(&lines),
                spill: false,
            });
            k = end + 1;
        }
    }
    Some((
        Fragment {
            page,
            xs,
            ys,
            cells,
            method: "unruled",
        },
        taken,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(out: &mut Vec<Glyph>, s: &str, x: f64, y: f64) {
        let mut x = x;
        for c in s.chars() {
            let w = if c.is_ascii() { 5.0 } else { 10.0 };
            out.push(Glyph {
                text: c.to_string(),
                bbox: BBox::new(x, y, x + w, y + 10.0),
                size: 10.0,
                font: 0,
                rotated: false,
                confidence: None,
            });
            x += w;
        }
    }

    fn texts(f: &Fragment) -> Vec<Vec<String>> {
        let mut g = vec![vec![String::new(); f.n_cols()]; f.n_rows()];
        for c in &f.cells {
            if let Some(slot) = g.get_mut(c.row).and_then(|r| r.get_mut(c.col)) {
                *slot = c.text.clone();
            }
        }
        g
    }

    #[test]
    fn aligned_columns_make_a_grid() {
        let mut gs = Vec::new();
        put(&mut gs, "项目", 50.0, 100.0);
        put(&mut gs, "本年预算", 200.0, 100.0);
        put(&mut gs, "上年预算", 300.0, 100.0);
        put(&mut gs, "合计", 50.0, 120.0);
        put(&mut gs, "1,234.50", 210.0, 120.0);
        put(&mut gs, "1,100.00", 310.0, 120.0);
        put(&mut gs, "基本支出", 50.0, 140.0);
        put(&mut gs, "934.50", 220.0, 140.0);
        put(&mut gs, "900.00", 320.0, 140.0);
        put(&mut gs, "项目支出", 50.0, 160.0);
        put(&mut gs, "300.00", 220.0, 160.0);
        put(&mut gs, "200.00", 320.0, 160.0);
        let refs: Vec<&Glyph> = gs.iter().collect();
        let frags = unruled_fragments(1, &refs, Spacing::default());
        assert_eq!(frags.len(), 1);
        let (f, taken) = &frags[0];
        assert_eq!(f.method, "unruled");
        assert_eq!(taken.len(), gs.len());
        assert_eq!(
            texts(f),
            vec![
                vec!["项目", "本年预算", "上年预算"],
                vec!["合计", "1,234.50", "1,100.00"],
                vec!["基本支出", "934.50", "900.00"],
                vec!["项目支出", "300.00", "200.00"],
            ]
        );
    }

    #[test]
    fn prose_with_figures_is_not_a_table() {
        let mut gs = Vec::new();
        put(&mut gs, "本年收入预算1,234.50万元，比上年增加", 50.0, 100.0);
        put(&mut gs, "134.50万元，主要是人员经费增加。", 50.0, 115.0);
        put(&mut gs, "支出预算1,234.50万元。", 50.0, 130.0);
        let refs: Vec<&Glyph> = gs.iter().collect();
        assert!(unruled_fragments(1, &refs, Spacing::default()).is_empty());
    }
}
