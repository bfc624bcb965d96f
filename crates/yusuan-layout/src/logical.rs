//! Logical tables: fragments (and Word tables) turned into drafts, drafts
//! that continue one another joined, then finished into model `Table`s.

use std::collections::BTreeSet;

use yusuan_model::{BBox, Cell, Table, TableKind};

use crate::grid::Fragment;
use crate::header::{self, HeaderCell};
use crate::heading::{self, Heading};
use crate::{meaning, text};

/// Column boundaries of two fragments match within this many points.
const COLUMN_MATCH_TOL: f64 = 4.0;

/// The most a table may move sideways from one page to the next and still
/// continue under a repeated header (a mirrored gutter), in points.
const MAX_MARGIN_SHIFT: f64 = 72.0;

/// Rows of a right part match the left part's within this many points.
const ROW_MATCH_TOL: f64 = 2.0;

/// A right part needs at least this many rows to be matched row by row.
const MIN_RIGHT_PART_ROWS: usize = 3;

/// A table being built.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Draft {
    /// Column boundaries of the first fragment (empty for Word tables).
    pub(crate) xs: Vec<f64>,
    /// Number of rows.
    pub(crate) n_rows: usize,
    /// Number of columns.
    pub(crate) n_cols: usize,
    /// Cells, sorted by row, then column. Every constructor and method
    /// keeps them so: a row's cells are found by binary search.
    pub(crate) cells: Vec<Cell>,
    /// Page of each row.
    pub(crate) row_pages: Vec<u32>,
    /// Header rows at the top.
    pub(crate) header_rows: usize,
    /// Heading area.
    pub(crate) heading: Heading,
    /// "ruled", "unruled" or "native".
    pub(crate) method: &'static str,
    /// Box of the last fragment (PDF only).
    pub(crate) last_bbox: Option<BBox>,
    /// Whether the last fragment is the last table on its page.
    pub(crate) ends_page: bool,
    /// Whether the first fragment is the first table on its page.
    pub(crate) starts_page: bool,
}

impl Draft {
    /// A draft from one page's fragment and its heading.
    pub(crate) fn from_fragment(f: Fragment, heading: Heading) -> Draft {
        let n_rows = f.n_rows();
        let n_cols = f.n_cols();
        let bbox = f.bbox();
        let cells = f
            .cells
            .into_iter()
            .map(|c| Cell {
                row: c.row,
                col: c.col,
                rowspan: c.rowspan,
                colspan: c.colspan,
                text: c.text,
                page: f.page,
                bbox: Some(c.bbox),
                sheet_ref: None,
                spill: c.spill,
                ocr: None,
            })
            .collect();
        let mut d = Draft {
            xs: f.xs,
            n_rows,
            n_cols,
            cells,
            row_pages: vec![f.page; n_rows],
            header_rows: 0,
            heading,
            method: f.method,
            last_bbox: Some(bbox),
            ends_page: false,
            starts_page: false,
        };
        d.header_rows = d.detect_header_rows();
        d
    }

    /// Header rows by content (see [`header::header_rows`]).
    pub(crate) fn detect_header_rows(&self) -> usize {
        let hc: Vec<HeaderCell<'_>> = self
            .cells
            .iter()
            .map(|c| HeaderCell {
                row: c.row,
                col: c.col,
                rowspan: c.rowspan,
                text: &c.text,
            })
            .collect();
        header::header_rows(self.n_rows, &hc)
    }

    /// First page of the draft.
    pub(crate) fn first_page(&self) -> u32 {
        self.row_pages.first().copied().unwrap_or(1)
    }

    /// Top and bottom of the rows printed on the draft's last page of rows,
    /// in order (the last fragment's rows), when every row of the draft has
    /// a cell of its own ([`Tail::is_measured`]). Rows are printed in page
    /// order, so they are the last rows.
    fn last_page_rows(&self, tail: &Tail) -> Option<Vec<(f64, f64)>> {
        let page = self.row_pages.last().copied()?;
        if !tail.is_measured() {
            return None;
        }
        let on_page = self
            .row_pages
            .iter()
            .rev()
            .take_while(|p| **p == page)
            .count();
        let from = tail.spans.len().checked_sub(on_page)?;
        tail.spans.get(from..)?.iter().copied().collect()
    }

    /// Whether `next` has the rows of this draft's last page at the same
    /// heights under header rows of its own: the next columns of a sheet
    /// wider than the paper, even where they happen to have the same widths
    /// (LibreOffice prints equal columns on every page), never more rows.
    fn is_beside(&self, tail: &Tail, next: &Draft) -> bool {
        if self.header_rows == 0 || next.header_rows == 0 {
            return false;
        }
        let own_header = (0..next.header_rows).any(|r| next.row_texts(r) != self.row_texts(r));
        let (Some(a), Some(b)) = (self.last_page_rows(tail), next.row_spans()) else {
            return false;
        };
        own_header
            && a.len() == b.len()
            && a.len() >= MIN_RIGHT_PART_ROWS
            && a.iter().zip(&b).all(|((t1, u1), (t2, u2))| {
                (t1 - t2).abs() <= ROW_MATCH_TOL && (u1 - u2).abs() <= ROW_MATCH_TOL
            })
    }

    /// The cells that start in row `r` (cells are sorted by row).
    fn row_cells(&self, r: usize) -> &[Cell] {
        let from = self.cells.partition_point(|c| c.row < r);
        let to = self.cells.partition_point(|c| c.row <= r);
        self.cells.get(from..to).unwrap_or(&[])
    }

    /// The texts of row `r`, one per column (covered positions "").
    pub(crate) fn row_texts(&self, r: usize) -> Vec<String> {
        let mut out = vec![String::new(); self.n_cols];
        for c in self.row_cells(r) {
            if let Some(slot) = out.get_mut(c.col) {
                *slot = c.text.chars().filter(|ch| !ch.is_whitespace()).collect();
            }
        }
        out
    }

    /// Reads a heading ruled into the grid's first rows (Excel, WPS and Word
    /// exports that frame the heading): a title row alone across the table,
    /// then a row stating only the unit or organization, move into the
    /// heading. A title is not a cell of the table it names, wherever it is
    /// printed (the convention of golden/truth/README.md); the table's
    /// `title` keeps it, and when the area above already has a title the
    /// framed one is kept as a heading line.
    pub(crate) fn lift_heading_row(&mut self) {
        for _ in 0..2 {
            if !self.lift_one_heading_row() {
                break;
            }
        }
    }

    /// Lifts the first row when it is a title or heading row; true when it
    /// did.
    fn lift_one_heading_row(&mut self) -> bool {
        if self.n_rows < 2 {
            return false;
        }
        let row0: Vec<&Cell> = self
            .cells
            .iter()
            .filter(|c| c.row == 0 && !c.text.trim().is_empty())
            .collect();
        if row0.is_empty() || self.cells.iter().any(|c| c.row == 0 && c.rowspan > 1) {
            return false;
        }
        let title = row0.len() == 1
            && row0.iter().all(|c| {
                (c.colspan * 2 > self.n_cols
                    && heading::looks_like_title(&c.text)
                    && !c.text.contains('\n'))
                    || self.names_table_across(c)
            });
        if title {
            let text = row0.first().map(|c| c.text.clone()).unwrap_or_default();
            if self.heading.title.is_none() {
                self.heading.title = Some(text);
            } else {
                self.heading.lines.push(text);
            }
        } else {
            if !row0.iter().all(|c| heading::is_meta_line(&c.text)) {
                return false;
            }
            let texts: Vec<String> = row0.iter().map(|c| c.text.clone()).collect();
            for t in texts {
                if self.heading.unit.is_none() {
                    self.heading.unit = heading::unit_of(&t).map(str::to_owned);
                }
                self.heading.lines.push(t);
            }
        }
        self.drop_top_rows(1);
        self.header_rows = self.detect_header_rows();
        true
    }

    /// Whether a first-row cell spanning the whole grid names a table
    /// ([`heading::names_a_table`]).
    fn names_table_across(&self, c: &Cell) -> bool {
        self.n_rows >= 3
            && self.n_cols >= 2
            && c.col == 0
            && c.colspan == self.n_cols
            && heading::names_a_table(&c.text)
    }

    /// Removes the first `k` rows.
    fn drop_top_rows(&mut self, k: usize) {
        let k = k.min(self.n_rows);
        self.cells.retain(|c| c.row >= k);
        for c in &mut self.cells {
            c.row -= k;
        }
        self.row_pages.drain(..k);
        self.n_rows -= k;
    }

    /// Whether `next` continues this draft on the following page; `tail`
    /// is this draft's.
    fn is_continued_by(&self, tail: &Tail, next: &Draft) -> bool {
        // iText and Suwell exports repeat the caption ("表1", title, unit) and
        // the header rows on every page of a table: the same title with the
        // same header is a continuation, a different title a new table.
        let same_title = next.heading.title.is_some()
            && next.heading.title.as_deref().map(norm) == self.heading.title.as_deref().map(norm)
            && self.header_rows > 0
            && next.n_rows > self.header_rows
            && (0..self.header_rows).all(|r| self.row_texts(r) == next.row_texts(r));
        if next.heading.title.is_some() && !next.heading.continued && !same_title {
            return false;
        }
        if next.heading.unit.is_some()
            && next.heading.unit != self.heading.unit
            && !next.heading.continued
        {
            return false;
        }
        if self.method == "native" || next.method == "native" {
            return self.method == next.method && self.n_cols == next.n_cols;
        }
        if !(self.ends_page && next.starts_page && next.first_page() == tail.last_page(self) + 1) {
            return false;
        }
        if self.is_beside(tail, next) {
            return false;
        }
        column_map(&self.xs, &next.xs).is_some() || self.shifted_map(next).is_some()
    }

    /// The column map of `next` moved sideways onto this draft's columns,
    /// when `next` repeats this draft's header rows word for word: Word's
    /// mirrored margins print a table's even pages a gutter to the right,
    /// and its rows under the repeated header are still the same table.
    fn shifted_map(&self, next: &Draft) -> Option<(Vec<f64>, Vec<usize>, Vec<usize>)> {
        let (&a0, &b0) = (self.xs.first()?, next.xs.first()?);
        let shift = b0 - a0;
        if shift.abs() <= COLUMN_MATCH_TOL || shift.abs() > MAX_MARGIN_SHIFT {
            return None;
        }
        let repeats_header = self.header_rows > 0
            && next.n_rows > self.header_rows
            && (0..self.header_rows).all(|r| self.row_texts(r) == next.row_texts(r));
        if !repeats_header {
            return None;
        }
        let moved: Vec<f64> = next.xs.iter().map(|x| x - shift).collect();
        column_map(&self.xs, &moved)
    }

    /// Top and bottom of each row on its page, from the boxes of the cells
    /// that start in it; `None` when a row has no cell of its own or a box
    /// is missing (Word tables).
    fn row_spans(&self) -> Option<Vec<(f64, f64)>> {
        let mut spans: Vec<Option<(f64, f64)>> = vec![None; self.n_rows];
        for c in &self.cells {
            let b = c.bbox?;
            if c.rowspan != 1 {
                continue;
            }
            let slot = spans.get_mut(c.row)?;
            *slot = Some(match *slot {
                Some((t, u)) => (t.min(b.y0), u.max(b.y1)),
                None => (b.y0, b.y1),
            });
        }
        spans.into_iter().collect()
    }

    /// Whether `next` is the right part of this table, printed on the pages
    /// after it (a sheet wider than the paper: Excel prints the columns that
    /// do not fit on the next pages, row for row). The parts have the same
    /// rows at the same heights on their pages, different columns, and the
    /// right part has no title of its own.
    pub(crate) fn is_continued_right_by(&self, next: &Draft) -> bool {
        if self.method == "native" || next.method == "native" {
            return false;
        }
        let tail = Tail::of(self);
        if !(self.ends_page && next.starts_page && next.first_page() == tail.last_page(self) + 1) {
            return false;
        }
        let titled = next.heading.title.is_some()
            && next.heading.title.as_deref().map(norm) != self.heading.title.as_deref().map(norm)
            && !next.heading.continued;
        let other_unit = next.heading.unit.is_some() && next.heading.unit != self.heading.unit;
        if titled || other_unit {
            return false;
        }
        if self.n_rows < MIN_RIGHT_PART_ROWS
            || (column_map(&self.xs, &next.xs).is_some() && !self.is_beside(&tail, next))
            || (0..self.n_rows.min(2)).all(|r| self.row_texts(r) == next.row_texts(r))
        {
            return false;
        }
        self.row_map(next).is_some()
    }

    /// Row boundaries: the top of every row and the bottom of the last, each
    /// with its page counted from the draft's first page.
    fn row_boundaries(&self) -> Option<Vec<(u32, f64)>> {
        let spans = self.row_spans()?;
        let p0 = self.first_page();
        let mut out: Vec<(u32, f64)> = spans
            .iter()
            .zip(&self.row_pages)
            .map(|((top, _), p)| (p.saturating_sub(p0), *top))
            .collect();
        let (Some((_, bottom)), Some(p)) = (spans.last(), self.row_pages.last()) else {
            return None;
        };
        out.push((p.saturating_sub(p0), *bottom));
        Some(out)
    }

    /// For a right part `next`: the row of this draft where each of its row
    /// boundaries lies (one past the last row for the bottom), when every
    /// boundary of `next` is one of this draft's and both start and end
    /// together. A right-part row may cover several of this draft's rows (a
    /// header cell merged over the two header rows).
    fn row_map(&self, next: &Draft) -> Option<Vec<usize>> {
        let (a, b) = (self.row_boundaries()?, next.row_boundaries()?);
        // Boundaries come in page order: each is looked for among those of
        // its own page only.
        let map: Vec<usize> = b
            .iter()
            .map(|(pb, yb)| {
                let from = a.partition_point(|(pa, _)| pa < pb);
                let on_page = a.get(from..)?.iter().take_while(|(pa, _)| pa == pb);
                let k = on_page
                    .clone()
                    .position(|(_, ya)| (ya - yb).abs() <= ROW_MATCH_TOL)?;
                Some(from + k)
            })
            .collect::<Option<Vec<_>>>()?;
        let starts = map.first() == Some(&0);
        let ends = map.last() == Some(&(a.len() - 1));
        let rising = map.windows(2).all(|w| matches!(w, [x, y] if x < y));
        (starts && ends && rising).then_some(map)
    }

    /// Appends the right part `next` column-wise; its leading columns that
    /// repeat this draft's leading columns word for word (print titles: the
    /// 科目 columns printed on every page) are dropped.
    pub(crate) fn append_right(&mut self, mut next: Draft) {
        let mut repeated = 0;
        while next.n_rows == self.n_rows
            && repeated < next.n_cols.saturating_sub(1)
            && repeated < self.n_cols
            && self.column_texts(repeated) == next.column_texts(repeated)
        {
            repeated += 1;
        }
        let Some(map) = self.row_map(&next) else {
            return;
        };
        next.cells.retain(|c| c.col >= repeated);
        let offset = self.n_cols;
        for c in &mut next.cells {
            c.col = c.col - repeated + offset;
            let (Some(&top), Some(&end)) = (map.get(c.row), map.get(c.row + c.rowspan)) else {
                continue;
            };
            c.row = top;
            c.rowspan = end.saturating_sub(top).max(1);
        }
        // Boundaries continue right of this draft's last one.
        if let (Some(&last), Some(&start)) = (self.xs.last(), next.xs.get(repeated)) {
            let shift = last - start;
            self.xs
                .extend(next.xs.iter().skip(repeated + 1).map(|x| x + shift));
        }
        // A header cell merged across the cut is printed once, left of it;
        // its part right of the cut is a blank cell at the seam.
        let header_rows = self.header_rows;
        next.cells.retain(|nc| {
            let blank_at_seam =
                nc.col == offset && nc.row < header_rows && nc.text.trim().is_empty();
            if !blank_at_seam {
                return true;
            }
            match self
                .cells
                .iter_mut()
                .find(|c| c.row == nc.row && c.rowspan == nc.rowspan && c.col + c.colspan == offset)
            {
                Some(c) if !c.text.trim().is_empty() && c.colspan > 0 => {
                    c.colspan += nc.colspan;
                    false
                }
                _ => true,
            }
        });
        self.n_cols += next.n_cols - repeated;
        self.cells.append(&mut next.cells);
        self.cells.sort_by_key(|c| (c.row, c.col));
        self.last_bbox = next.last_bbox;
        self.ends_page = next.ends_page;
        self.header_rows = self.detect_header_rows();
    }

    /// The texts of column `c`, one per row (covered positions "").
    fn column_texts(&self, c: usize) -> Vec<String> {
        let mut out = vec![String::new(); self.n_rows];
        for cell in self.cells.iter().filter(|x| x.col == c) {
            if let Some(slot) = out.get_mut(cell.row) {
                *slot = norm(&cell.text);
            }
        }
        out
    }

    /// Appends `next`, remapping columns onto the union of both boundary
    /// sets and dropping rows of `next` that repeat this draft's header;
    /// `tail` is this draft's and is brought up to date. Costs the cells of
    /// `next` (and all cells only when `next` adds column boundaries).
    fn append(&mut self, tail: &mut Tail, mut next: Draft) {
        let map = column_map(&self.xs, &next.xs).or_else(|| self.shifted_map(&next));
        if self.method != "native"
            && let Some((union, map_a, map_b)) = map
        {
            // Boundaries a page adds are rare (at most one remap per new
            // boundary): an identity map leaves the cells as they are.
            let moved = map_a.iter().enumerate().any(|(i, &m)| i != m);
            if moved {
                remap_columns(&mut self.cells, &map_a);
            }
            remap_columns(&mut next.cells, &map_b);
            self.n_cols = union.len().saturating_sub(1);
            next.n_cols = self.n_cols;
            self.xs = union;
            if moved {
                *tail = Tail::of(self);
            }
        }
        // Repeated header rows.
        let mut k = 0;
        while k < self.header_rows && k < next.n_rows && self.row_texts(k) == next.row_texts(k) {
            k += 1;
        }
        if k > 0 {
            next.drop_top_rows(k);
        }
        let merged = self.merge_across_break(tail, &mut next);
        let offset = self.n_rows;
        // The last row loses the cells that now run on into `next`.
        if let Some(last) = offset.checked_sub(1) {
            tail.remeasure_last_row(&self.cells, last);
        }
        // Cells reaching the new bottom: those of this draft that now end
        // where `next` ends, then those of `next`, in cell order.
        let bottom = offset + next.n_rows;
        let mut reaching: Vec<usize> = merged
            .into_iter()
            .filter(|&i| {
                self.cells
                    .get(i)
                    .is_some_and(|c| c.row + c.rowspan == bottom)
            })
            .collect();
        tail.spans.extend(std::iter::repeat_n(None, next.n_rows));
        tail.rows_without_span += next.n_rows;
        for mut c in next.cells {
            c.row += offset;
            let i = self.cells.len();
            tail.add_cell(&c, self.header_rows);
            if c.row + c.rowspan == bottom {
                reaching.push(i);
            }
            self.cells.push(c);
        }
        tail.bottom = reaching;
        self.n_rows += next.n_rows;
        self.row_pages.extend(next.row_pages);
        self.last_bbox = next.last_bbox;
        self.ends_page = next.ends_page;
    }

    /// Rejoins merged cells that a page break cut in two. Performance forms
    /// (WPS 文字, Excel via Acrobat) split a label spanning rows over the
    /// break: the label is printed in one part only, or again in both. A
    /// cell reaching the bottom of this draft and the cell starting the next
    /// part at the same columns are one cell when the column is a label
    /// column (it holds a body cell spanning rows) and their texts do not
    /// conflict (one empty, or both equal, or both empty beside a joined
    /// cell). Returns the indices of the cells of this draft that grew.
    fn merge_across_break(&mut self, tail: &mut Tail, next: &mut Draft) -> Vec<usize> {
        let mut absorbed: Vec<usize> = Vec::new();
        let mut grown: Vec<usize> = Vec::new();
        // Columns where a joined cell ends (its col + colspan): an empty cell
        // continues an empty one only next to a joined cell or at the left
        // edge, as a label column cut by the break is cut in every column
        // to its left too. Two blank 其他资金 cells of two projects stay two.
        let mut joined_ends: Vec<usize> = Vec::new();
        let mut top: Vec<(usize, &Cell)> = next
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.row == 0)
            .collect();
        top.sort_by_key(|(_, c)| c.col);
        let bottom = self.n_rows;
        for (ib, cb) in top {
            let is_label_col = tail.label_cols.contains(&cb.col)
                || next.cells.iter().any(|c| c.col == cb.col && c.rowspan > 1);
            if !is_label_col {
                continue;
            }
            // The first cell, in cell order, at these columns that ends at
            // the bottom.
            let Some(ia) = tail.bottom.iter().copied().find(|&i| {
                self.cells.get(i).is_some_and(|c| {
                    c.col == cb.col && c.colspan == cb.colspan && c.row + c.rowspan == bottom
                })
            }) else {
                continue;
            };
            let Some(ca) = self.cells.get_mut(ia) else {
                continue;
            };
            let (ta, tb) = (norm(&ca.text), norm(&cb.text));
            // Both empty is one cell too when the break cuts the columns to
            // its left as well: a label spanning three pages is printed on
            // one of them, the other parts are blank.
            let both_empty = ta.is_empty() && tb.is_empty();
            let compatible = (ta.is_empty() != tb.is_empty())
                || (!ta.is_empty() && ta == tb)
                || (both_empty && (cb.col == 0 || joined_ends.contains(&cb.col)));
            let cut = !ta.is_empty() && !tb.is_empty() && ta != tb && cut_by_break(&ta, &tb);
            if !compatible && !cut {
                continue;
            }
            ca.rowspan += cb.rowspan;
            if cut {
                ca.text = text::join_lines(&[ca.text.as_str(), cb.text.as_str()]);
            } else if ta.is_empty() {
                ca.text = cb.text.clone();
            }
            if ca.row >= self.header_rows {
                tail.label_cols.insert(ca.col);
            }
            absorbed.push(ib);
            grown.push(ia);
            joined_ends.push(cb.col + cb.colspan);
        }
        let mut i = 0;
        next.cells.retain(|_| {
            let keep = !absorbed.contains(&i);
            i += 1;
            keep
        });
        grown.sort_unstable();
        grown
    }

    /// The finished table with id `id`.
    pub(crate) fn finish(mut self, id: String) -> Table {
        self.cells.sort_by_key(|c| (c.row, c.col));
        // Rows give the pages, and cells too: the right part of a wide table
        // is printed on pages of its own.
        let mut pages: Vec<u32> = self.row_pages.clone();
        pages.extend(self.cells.iter().map(|c| c.page));
        pages.sort_unstable();
        pages.dedup();
        let mut table = Table {
            id,
            kind: TableKind::Other,
            title: self.heading.title,
            unit: self.heading.unit,
            pages,
            n_rows: self.n_rows,
            n_cols: self.n_cols,
            cells: self.cells,
            header_rows: self.header_rows.min(self.n_rows),
            row_pages: self.row_pages,
            heading: self.heading.lines,
            method: self.method.to_owned(),
            ..Table::default()
        };
        meaning::resolve(&mut table);
        table
    }
}

/// Joins each draft into its predecessor when it continues it: the rows of
/// the next page, or a Word table the author split in two.
pub(crate) fn join_continued(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    let mut tail = Tail::default();
    for d in drafts {
        match out.last_mut() {
            Some(prev) if prev.is_continued_by(&tail, &d) => prev.append(&mut tail, d),
            _ => {
                tail = Tail::of(&d);
                out.push(d);
            }
        }
    }
    out
}

/// What joining pages needs to know about all the cells a draft gathered
/// so far, kept up to date by [`Draft::append`] so that a page costs only
/// its own cells: re-scanning them for each new page made a table of 2,000
/// pages cost ten times as much per page as one of 100 (issue 22).
#[derive(Debug, Clone, Default, PartialEq)]
struct Tail {
    /// Latest page of any cell (0 without cells).
    cell_page: u32,
    /// Per row: top and bottom of the boxes of the cells that start in it
    /// and span one row (`None` without such a cell).
    spans: Vec<Option<(f64, f64)>>,
    /// Rows whose span is `None`.
    rows_without_span: usize,
    /// Whether a cell has no box (Word tables) or a one-row cell lies below
    /// the rows: no row spans at all then.
    unmeasured: bool,
    /// Columns where a body cell spans rows (label columns).
    label_cols: BTreeSet<usize>,
    /// Indices of the cells that reach the bottom of the draft, in order.
    bottom: Vec<usize>,
}

impl Tail {
    /// The state of `d`'s cells, from all of them.
    fn of(d: &Draft) -> Tail {
        let mut t = Tail {
            spans: vec![None; d.n_rows],
            rows_without_span: d.n_rows,
            ..Tail::default()
        };
        for (i, c) in d.cells.iter().enumerate() {
            t.add_cell(c, d.header_rows);
            if c.row + c.rowspan == d.n_rows {
                t.bottom.push(i);
            }
        }
        t
    }

    /// Counts in one more cell (its row's span already in `spans`).
    fn add_cell(&mut self, c: &Cell, header_rows: usize) {
        self.cell_page = self.cell_page.max(c.page);
        if c.row >= header_rows && c.rowspan > 1 {
            self.label_cols.insert(c.col);
        }
        let Some(b) = c.bbox else {
            self.unmeasured = true;
            return;
        };
        if c.rowspan != 1 {
            return;
        }
        let Some(slot) = self.spans.get_mut(c.row) else {
            self.unmeasured = true;
            return;
        };
        *slot = Some(match *slot {
            Some((t, u)) => (t.min(b.y0), u.max(b.y1)),
            None => {
                self.rows_without_span = self.rows_without_span.saturating_sub(1);
                (b.y0, b.y1)
            }
        });
    }

    /// Measures the last row `last` again from its one-row cells, after
    /// cells of it grew into the next page: every cell that starts in the
    /// last row reaches the bottom.
    fn remeasure_last_row(&mut self, cells: &[Cell], last: usize) {
        let mut span: Option<(f64, f64)> = None;
        for c in self.bottom.iter().filter_map(|&i| cells.get(i)) {
            let Some(b) = c.bbox else { continue };
            if c.row != last || c.rowspan != 1 {
                continue;
            }
            span = Some(match span {
                Some((t, u)) => (t.min(b.y0), u.max(b.y1)),
                None => (b.y0, b.y1),
            });
        }
        let Some(slot) = self.spans.get_mut(last) else {
            return;
        };
        match (slot.is_some(), span.is_some()) {
            (true, false) => self.rows_without_span += 1,
            (false, true) => self.rows_without_span = self.rows_without_span.saturating_sub(1),
            _ => {}
        }
        *slot = span;
    }

    /// Whether every row has a span, from boxes of every cell.
    fn is_measured(&self) -> bool {
        !self.unmeasured && self.rows_without_span == 0
    }

    /// Last page of `d` (whose tail this is): of its last row, or of a right
    /// part printed on later pages.
    fn last_page(&self, d: &Draft) -> u32 {
        d.row_pages.last().copied().unwrap_or(1).max(self.cell_page)
    }
}

/// Whether two label texts are one text cut by a page break: the first
/// leaves a bracket open that the second closes ("成本指标（10" / "分）", as
/// LibreOffice flows a merged cell's text over the break).
fn cut_by_break(a: &str, b: &str) -> bool {
    let depth = |s: &str| -> i32 {
        s.chars()
            .map(|c| match c {
                '（' | '(' => 1,
                '）' | ')' => -1,
                _ => 0,
            })
            .sum()
    };
    depth(a) > 0 && depth(b) < 0 && depth(a) + depth(b) == 0
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Maps two boundary sets onto their union when one is a subset of the other
/// (same outer edges, every boundary of the sparser set found in the denser
/// one). Returns the union and the index maps of `a` and `b`.
pub(crate) fn column_map(a: &[f64], b: &[f64]) -> Option<(Vec<f64>, Vec<usize>, Vec<usize>)> {
    let (&a0, &a1) = (a.first()?, a.last()?);
    let (&b0, &b1) = (b.first()?, b.last()?);
    if (a0 - b0).abs() > COLUMN_MATCH_TOL || (a1 - b1).abs() > COLUMN_MATCH_TOL {
        return None;
    }
    let (dense, sparse) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let find = |p: f64| {
        dense
            .iter()
            .position(|&q| (q - p).abs() <= COLUMN_MATCH_TOL)
    };
    let sparse_map: Vec<usize> = sparse
        .iter()
        .map(|&p| find(p))
        .collect::<Option<Vec<_>>>()?;
    if !sparse_map.windows(2).all(|w| w[0] < w[1]) {
        return None;
    }
    let dense_map: Vec<usize> = (0..dense.len()).collect();
    let union = dense.to_vec();
    if a.len() >= b.len() {
        Some((union, dense_map, sparse_map))
    } else {
        Some((union, sparse_map, dense_map))
    }
}

fn remap_columns(cells: &mut [Cell], map: &[usize]) {
    for c in cells {
        let (Some(&s), Some(&e)) = (map.get(c.col), map.get(c.col + c.colspan)) else {
            continue;
        };
        c.col = s;
        c.colspan = e.saturating_sub(s).max(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell of a page's draft: rows are 20 points high, columns 100 wide.
    fn cell(row: usize, col: usize, rowspan: usize, colspan: usize, text: &str) -> Cell {
        let (x, y) = (col as f64 * 100.0, row as f64 * 20.0);
        Cell {
            row,
            col,
            rowspan,
            colspan,
            text: text.to_owned(),
            page: 0,
            bbox: Some(BBox::new(
                x,
                y,
                x + colspan as f64 * 100.0,
                y + rowspan as f64 * 20.0,
            )),
            sheet_ref: None,
            spill: false,
            ocr: None,
        }
    }

    /// The draft of page `page`: a repeated header row, then `body`.
    fn page(page: u32, body: Vec<Cell>) -> Draft {
        let mut cells = vec![
            cell(0, 0, 1, 1, "科目"),
            cell(0, 1, 1, 1, "名称"),
            cell(0, 2, 1, 1, "金额"),
        ];
        cells.extend(body);
        for c in &mut cells {
            c.page = page;
        }
        let n_rows = cells.iter().map(|c| c.row + c.rowspan).max().unwrap_or(0);
        Draft {
            xs: vec![0.0, 100.0, 200.0, 300.0],
            n_rows,
            n_cols: 3,
            cells,
            row_pages: vec![page; n_rows],
            header_rows: 1,
            heading: Heading::default(),
            method: "ruled",
            last_bbox: None,
            ends_page: true,
            starts_page: true,
        }
    }

    #[test]
    fn issue_22_joining_keeps_the_tail_of_every_cell_gathered() {
        let pages = vec![
            page(
                1,
                vec![
                    cell(1, 0, 3, 1, "基本支出"),
                    cell(1, 1, 1, 1, "工资"),
                    cell(1, 2, 1, 1, "10"),
                    cell(2, 1, 1, 1, "津贴"),
                    cell(2, 2, 1, 1, "5"),
                    cell(3, 1, 1, 1, "奖金"),
                    cell(3, 2, 1, 1, "3"),
                ],
            ),
            // The label's part below the break is blank: one cell with it.
            page(
                2,
                vec![
                    cell(1, 0, 2, 1, ""),
                    cell(1, 1, 1, 1, "社保"),
                    cell(1, 2, 1, 1, "2"),
                    cell(2, 1, 1, 1, "公积金"),
                    cell(2, 2, 1, 1, "1"),
                    cell(3, 0, 1, 3, "项目支出"),
                ],
            ),
            // A section row across the table goes on over the break: its row
            // is left without a cell of its own.
            page(
                3,
                vec![
                    cell(1, 0, 1, 3, ""),
                    cell(2, 0, 1, 2, "培训"),
                    cell(2, 2, 1, 1, "4"),
                    cell(3, 0, 1, 2, "合计"),
                    cell(3, 2, 1, 1, "26"),
                ],
            ),
        ];
        let joined = join_continued(pages.clone());
        let mut pages = pages.into_iter();
        let Some(mut d) = pages.next() else {
            panic!("no first page");
        };
        let mut tail = Tail::of(&d);
        for next in pages {
            assert!(d.is_continued_by(&tail, &next));
            d.append(&mut tail, next);
            // What appending kept up to date is what all cells say.
            assert_eq!(tail, Tail::of(&d));
            assert!(d.cells.is_sorted_by_key(|c| (c.row, c.col)));
        }
        assert_eq!(
            (d.n_rows, d.row_pages.clone()),
            (10, vec![1, 1, 1, 1, 2, 2, 2, 3, 3, 3])
        );
        let rows_of = |text: &str| {
            d.cells
                .iter()
                .find(|c| c.text == text)
                .map(|c| (c.row, c.rowspan))
        };
        assert_eq!(rows_of("基本支出"), Some((1, 5)));
        assert_eq!(rows_of("项目支出"), Some((6, 2)));
        assert_eq!(d.row_texts(9), vec!["合计", "", "26"]);
        assert_eq!(tail.last_page(&d), 3);
        assert_eq!(tail.rows_without_span, 2);
        assert!(!tail.is_measured());
        assert_eq!(tail.label_cols, BTreeSet::from([0]));
        // The entry point joins the pages the same way.
        assert_eq!(joined, vec![d]);
    }

    #[test]
    fn a_bracket_left_open_by_a_page_break_is_closed_on_the_next() {
        assert!(cut_by_break("成本指标（10", "分）"));
        assert!(!cut_by_break("成本指标（10分）", "效益指标（30分）"));
        assert!(!cut_by_break("产出指标", "分）"));
    }

    #[test]
    fn a_total_row_with_merged_label_maps_onto_full_columns() {
        let a = [0.0, 30.0, 60.0, 90.0, 200.0, 300.0];
        let b = [0.5, 200.5, 299.0];
        let (u, ma, mb) = column_map(&a, &b).unwrap();
        assert_eq!(u.len(), 6);
        assert_eq!(ma, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(mb, vec![0, 4, 5]);
        assert!(column_map(&a, &[0.0, 150.0, 300.0]).is_none());
        assert!(column_map(&a, &[0.0, 200.0, 350.0]).is_none());
    }
}
