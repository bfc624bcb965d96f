//! From a worksheet's raw cells (sheet coordinates, hidden rows and columns,
//! merged ranges) to the visible grid layout reads.
//!
//! Hidden rows and columns are removed. The used area is the box of the
//! cells that hold text or have a border; before its first and after its
//! last used row and column nothing is kept, and a run of empty rows (or
//! columns) inside it becomes one empty row: its length does not matter to
//! a reader, only that it separates what is above from what is below. A
//! sheet with cells at A1 and XFD1048576 is therefore a 3 × 3 grid, not 17
//! billion positions.

use std::collections::BTreeMap;

use yusuan_model::{SheetCell, SheetGrid};

use crate::error::{Error, ErrorKind};

/// One cell as a parser read it, in sheet coordinates (from 0).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawCell {
    pub(crate) row: u32,
    pub(crate) col: u32,
    /// Display text (formatted); may be empty.
    pub(crate) text: String,
    /// Has a visible border.
    pub(crate) framed: bool,
}

/// A merged range, inclusive, in sheet coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Merge {
    pub(crate) r0: u32,
    pub(crate) c0: u32,
    pub(crate) r1: u32,
    pub(crate) c1: u32,
}

/// A worksheet as a parser read it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RawSheet {
    pub(crate) name: String,
    /// Position in the workbook, from 1.
    pub(crate) number: u32,
    /// Hidden or very hidden sheet.
    pub(crate) hidden: bool,
    pub(crate) cells: Vec<RawCell>,
    pub(crate) merges: Vec<Merge>,
    /// Hidden rows as inclusive ranges.
    pub(crate) hidden_rows: Vec<(u32, u32)>,
    /// Hidden columns as inclusive ranges.
    pub(crate) hidden_cols: Vec<(u32, u32)>,
}

/// Caps on the visible grid of one sheet.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GridLimits {
    /// Rows × columns of the compacted grid.
    pub(crate) max_slots: u64,
}

/// The column letters of a 0-based column ("A", "Z", "AA", "XFD").
pub(crate) fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// "C7" for row 6, column 2 (both from 0).
pub(crate) fn cell_reference(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), u64::from(row) + 1)
}

/// Parses "C7" into (row, col) from 0; `$` marks are ignored.
pub(crate) fn parse_reference(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().replace('$', "");
    let letters: String = s.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = s.get(letters.len()..)?;
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.chars() {
        let v = u32::from(c.to_ascii_uppercase()) - u32::from('A') + 1;
        col = col.checked_mul(26)?.checked_add(v)?;
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// Parses "A1:E1" (or a single "B2") into a merge.
pub(crate) fn parse_range(s: &str) -> Option<Merge> {
    let (a, b) = s.split_once(':').unwrap_or((s, s));
    let (r0, c0) = parse_reference(a)?;
    let (r1, c1) = parse_reference(b)?;
    Some(Merge {
        r0: r0.min(r1),
        c0: c0.min(c1),
        r1: r0.max(r1),
        c1: c0.max(c1),
    })
}

/// Hidden indices along one axis, as sorted disjoint inclusive ranges.
struct Hidden(Vec<(u32, u32)>);

impl Hidden {
    fn new(mut ranges: Vec<(u32, u32)>) -> Hidden {
        ranges.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::new();
        for (a, b) in ranges {
            match out.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        Hidden(out)
    }

    /// The hidden range holding `x`, if any.
    fn range_of(&self, x: u32) -> Option<(u32, u32)> {
        let i = self.0.partition_point(|(_, b)| *b < x);
        self.0.get(i).copied().filter(|(a, _)| *a <= x)
    }

    /// Whether every index of [a, b] is hidden.
    fn covers(&self, a: u32, b: u32) -> bool {
        self.range_of(a).is_some_and(|(_, e)| e >= b)
    }
}

/// Visible positions along one axis: sheet index → grid index.
struct Axis {
    /// (sheet index, grid index), ascending in both.
    map: Vec<(u32, usize)>,
    len: usize,
}

impl Axis {
    /// Builds the axis from the used intervals (inclusive), skipping hidden
    /// indices and keeping one empty position for each visible gap.
    fn build(mut used: Vec<(u32, u32)>, hidden: &Hidden, cap: u64) -> Option<Axis> {
        used.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::new();
        for (a, b) in used {
            match merged.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        let mut map = Vec::new();
        let mut len = 0usize;
        let mut prev_end: Option<u32> = None;
        for (a, b) in merged {
            if let Some(p) = prev_end {
                // A gap with a visible index is one empty position.
                if a > p + 1 && !hidden.covers(p + 1, a - 1) {
                    len += 1;
                }
            }
            let mut x = a;
            while x <= b {
                if let Some((_, end)) = hidden.range_of(x) {
                    // Jump over the hidden run.
                    match end.checked_add(1) {
                        Some(next) => x = next,
                        None => break,
                    }
                    continue;
                }
                map.push((x, len));
                len += 1;
                if len as u64 > cap {
                    return None;
                }
                match x.checked_add(1) {
                    Some(next) => x = next,
                    None => break,
                }
            }
            prev_end = Some(b);
        }
        Some(Axis { map, len })
    }

    /// The grid index of sheet index `x`, if visible.
    fn at(&self, x: u32) -> Option<usize> {
        self.map
            .binary_search_by_key(&x, |(s, _)| *s)
            .ok()
            .and_then(|i| self.map.get(i))
            .map(|(_, g)| *g)
    }

    /// First visible grid index and the number of grid positions a sheet
    /// range [a, b] covers.
    fn span(&self, a: u32, b: u32) -> Option<(usize, usize)> {
        let lo = self.map.partition_point(|(s, _)| *s < a);
        let hi = self.map.partition_point(|(s, _)| *s <= b);
        let first = self.map.get(lo)?.1;
        let last = self.map.get(hi.checked_sub(1)?)?.1;
        (hi > lo).then(|| (first, last - first + 1))
    }
}

/// The visible grid of a sheet; `None` when nothing visible is used.
pub(crate) fn build_grid(raw: RawSheet, limits: GridLimits) -> Result<Option<SheetGrid>, Error> {
    let RawSheet {
        name,
        number,
        cells,
        merges,
        hidden_rows,
        hidden_cols,
        ..
    } = raw;
    // Later cells at the same position replace earlier ones (a damaged file).
    let mut at: BTreeMap<(u32, u32), RawCell> = BTreeMap::new();
    for c in cells {
        at.insert((c.row, c.col), c);
    }
    // Overlapping merges (a damaged file; Excel refuses them) are left to
    // layout, which keeps the first cell and reports the others.
    let kept: Vec<Merge> = merges
        .into_iter()
        .filter(|m| m.r1 > m.r0 || m.c1 > m.c0)
        .collect();
    // A merged cell shows its top-left value; it is framed if any part is.
    struct Placed {
        r0: u32,
        c0: u32,
        r1: u32,
        c1: u32,
        text: String,
        framed: bool,
    }
    let mut placed: Vec<Placed> = Vec::new();
    for m in &kept {
        let inside: Vec<(u32, u32)> = at
            .range((m.r0, 0)..=(m.r1, u32::MAX))
            .filter(|((_, c), _)| (m.c0..=m.c1).contains(c))
            .map(|(k, _)| *k)
            .collect();
        let mut text = String::new();
        let mut framed = false;
        for k in inside {
            if let Some(c) = at.remove(&k) {
                framed |= c.framed;
                if k == (m.r0, m.c0) {
                    text = c.text;
                }
            }
        }
        if !text.trim().is_empty() || framed {
            placed.push(Placed {
                r0: m.r0,
                c0: m.c0,
                r1: m.r1,
                c1: m.c1,
                text,
                framed,
            });
        }
    }
    for ((r, c), cell) in at {
        if !cell.text.trim().is_empty() || cell.framed {
            placed.push(Placed {
                r0: r,
                c0: c,
                r1: r,
                c1: c,
                text: cell.text,
                framed: cell.framed,
            });
        }
    }
    let rows_used: Vec<(u32, u32)> = placed.iter().map(|p| (p.r0, p.r1)).collect();
    let cols_used: Vec<(u32, u32)> = placed.iter().map(|p| (p.c0, p.c1)).collect();
    let too_large = |what: &str| {
        Error::new(
            ErrorKind::TooLarge,
            format!(
                "sheet {name:?}: its used area has more {what} than the limit of {} grid positions allows",
                limits.max_slots
            ),
        )
    };
    let rows = Axis::build(rows_used, &Hidden::new(hidden_rows), limits.max_slots)
        .ok_or_else(|| too_large("rows"))?;
    let cols = Axis::build(cols_used, &Hidden::new(hidden_cols), limits.max_slots)
        .ok_or_else(|| too_large("columns"))?;
    if rows.len == 0 || cols.len == 0 {
        return Ok(None);
    }
    let slots = (rows.len as u64).saturating_mul(cols.len as u64);
    if slots > limits.max_slots {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!(
                "sheet {name:?}: its visible used area is {} rows × {} columns, more than the limit of {} positions",
                rows.len, cols.len, limits.max_slots
            ),
        ));
    }
    let mut out: Vec<SheetCell> = Vec::with_capacity(placed.len());
    for p in placed {
        let (Some((row, rowspan)), Some((col, colspan))) =
            (rows.span(p.r0, p.r1), cols.span(p.c0, p.c1))
        else {
            // Wholly in hidden rows or columns.
            continue;
        };
        if rows.at(p.r0).is_none() && rowspan == 1 && colspan == 1 {
            continue;
        }
        out.push(SheetCell {
            row,
            col,
            rowspan,
            colspan,
            text: p.text,
            framed: p.framed,
            reference: cell_reference(p.r0, p.c0),
        });
    }
    out.sort_by_key(|c| (c.row, c.col));
    Ok(Some(SheetGrid {
        name,
        number,
        n_rows: rows.len,
        n_cols: cols.len,
        cells: out,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, col: u32, text: &str, framed: bool) -> RawCell {
        RawCell {
            row,
            col,
            text: text.to_owned(),
            framed,
        }
    }

    const LIMITS: GridLimits = GridLimits {
        max_slots: 4_000_000,
    };

    #[test]
    fn references_round_trip() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16_383), "XFD");
        assert_eq!(cell_reference(6, 2), "C7");
        assert_eq!(parse_reference("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_reference("$B$2"), Some((1, 1)));
        assert_eq!(parse_reference("A0"), None);
        assert_eq!(parse_reference("7"), None);
        assert_eq!(
            parse_range("B6:C6"),
            Some(Merge {
                r0: 5,
                c0: 1,
                r1: 5,
                c1: 2
            })
        );
    }

    #[test]
    fn far_corners_make_a_small_grid() {
        let raw = RawSheet {
            name: "S".into(),
            number: 1,
            cells: vec![cell(0, 0, "a", false), cell(1_048_575, 16_383, "b", false)],
            ..RawSheet::default()
        };
        let g = build_grid(raw, LIMITS).unwrap().unwrap();
        assert_eq!((g.n_rows, g.n_cols), (3, 3));
        assert_eq!(g.cells[1].reference, "XFD1048576");
        assert_eq!((g.cells[1].row, g.cells[1].col), (2, 2));
    }

    #[test]
    fn hidden_rows_and_columns_are_left_out_and_spans_shrink() {
        let raw = RawSheet {
            name: "S".into(),
            number: 1,
            cells: vec![
                cell(0, 0, "title", false),
                cell(1, 0, "hidden row", true),
                cell(2, 0, "x", true),
                cell(2, 1, "hidden col", true),
                cell(2, 2, "y", true),
            ],
            merges: vec![Merge {
                r0: 0,
                c0: 0,
                r1: 0,
                c1: 2,
            }],
            hidden_rows: vec![(1, 1)],
            hidden_cols: vec![(1, 1)],
            ..RawSheet::default()
        };
        let g = build_grid(raw, LIMITS).unwrap().unwrap();
        assert_eq!((g.n_rows, g.n_cols), (2, 2));
        let texts: Vec<(&str, usize, usize, usize)> = g
            .cells
            .iter()
            .map(|c| (c.text.as_str(), c.row, c.col, c.colspan))
            .collect();
        assert_eq!(
            texts,
            vec![("title", 0, 0, 2), ("x", 1, 0, 1), ("y", 1, 1, 1)]
        );
        assert_eq!(g.cells[2].reference, "C3");
    }

    #[test]
    fn empty_unframed_cells_do_not_count_and_gaps_collapse() {
        let raw = RawSheet {
            name: "S".into(),
            number: 1,
            cells: vec![
                cell(3, 1, "a", false),
                cell(4, 1, "", false),
                cell(9, 1, "b", true),
                cell(10, 1, "", true),
            ],
            ..RawSheet::default()
        };
        let g = build_grid(raw, LIMITS).unwrap().unwrap();
        // a, one blank row for rows 4..=8, b, the framed empty cell.
        assert_eq!((g.n_rows, g.n_cols), (4, 1));
        assert_eq!(g.cells.len(), 3);
    }

    #[test]
    fn huge_merge_is_refused() {
        let raw = RawSheet {
            name: "S".into(),
            number: 1,
            cells: vec![cell(0, 0, "a", true)],
            merges: vec![Merge {
                r0: 0,
                c0: 0,
                r1: 1_048_575,
                c1: 16_383,
            }],
            ..RawSheet::default()
        };
        let err = build_grid(raw, LIMITS).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::TooLarge);
    }
}
