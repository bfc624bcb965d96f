//! Worksheets: the tables a sheet holds, found by the empty rows and
//! columns between them, and the text lines around them (titles, "单位：万元"
//! lines, notes), which then go through the Word path of [`crate::native`]:
//! lines before a table are its heading, its grid is cleaned and its header
//! rows read the same way.
//!
//! A sheet is cut recursively: at rows in which no cell has text or a
//! border, then, within each band, at such columns (at most
//! [`MAX_CUT_DEPTH`] levels). In a piece that has framed cells, rows with no
//! framed cell above the first framed row are heading lines and those below
//! the last are notes; the rows between are the table. A piece without any
//! border is a table when at least two of its rows have two or more filled
//! cells (an unformatted data sheet), else its rows are text lines. A title
//! framed into the table's first row is lifted as on PDF pages.

use std::collections::BTreeMap;

use yusuan_model::{NativeCell, NativeTable, SheetCell, SheetGrid};

/// How often a piece is cut again (rows, then columns, then rows...).
const MAX_CUT_DEPTH: usize = 6;

/// What a sheet holds, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    /// A line of text outside tables: the filled cells of one row of a
    /// piece, joined with a space.
    Line(String),
    /// A table, with the sheet reference of each cell by (row, col).
    Table(NativeTable, BTreeMap<(usize, usize), String>),
}

/// A rectangle of the grid, rows `r0..r1`, columns `c0..c1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rect {
    r0: usize,
    r1: usize,
    c0: usize,
    c1: usize,
}

/// The pieces of a sheet, top to bottom, left to right.
pub(crate) fn sheet_pieces(g: &SheetGrid) -> Vec<Piece> {
    let (nr, nc) = (g.n_rows, g.n_cols);
    // Positions covered by a cell (the reader caps the grid size).
    let Some(slots) = nr.checked_mul(nc) else {
        return Vec::new();
    };
    let mut used = vec![false; slots];
    for c in &g.cells {
        for r in c.row..c.row.saturating_add(c.rowspan).min(nr) {
            for k in c.col..c.col.saturating_add(c.colspan).min(nc) {
                if let Some(u) = used.get_mut(r * nc + k) {
                    *u = true;
                }
            }
        }
    }
    let is_used = |r: usize, k: usize| used.get(r * nc + k).copied().unwrap_or(false);
    let mut rects = Vec::new();
    cut(
        Rect {
            r0: 0,
            r1: nr,
            c0: 0,
            c1: nc,
        },
        0,
        &is_used,
        &mut rects,
    );
    rects.sort_by_key(|r| (r.r0, r.c0));
    let mut out = Vec::new();
    for rect in rects {
        let cells: Vec<&SheetCell> = g
            .cells
            .iter()
            .filter(|c| (rect.r0..rect.r1).contains(&c.row) && (rect.c0..rect.c1).contains(&c.col))
            .collect();
        pieces_of(rect, &cells, &g.name, &mut out);
    }
    out
}

/// Cuts `rect` at empty rows, then its bands at empty columns, recursively.
fn cut(rect: Rect, depth: usize, is_used: &dyn Fn(usize, usize) -> bool, out: &mut Vec<Rect>) {
    let by_rows = depth.is_multiple_of(2);
    let (lo, hi) = if by_rows {
        (rect.r0, rect.r1)
    } else {
        (rect.c0, rect.c1)
    };
    let line_used = |x: usize| {
        if by_rows {
            (rect.c0..rect.c1).any(|k| is_used(x, k))
        } else {
            (rect.r0..rect.r1).any(|r| is_used(r, x))
        }
    };
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for x in lo..hi {
        match (line_used(x), start) {
            (true, None) => start = Some(x),
            (false, Some(s)) => {
                runs.push((s, x));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, hi));
    }
    let whole = runs.len() == 1 && runs.first() == Some(&(lo, hi));
    for (a, b) in &runs {
        let sub = if by_rows {
            Rect {
                r0: *a,
                r1: *b,
                ..rect
            }
        } else {
            Rect {
                c0: *a,
                c1: *b,
                ..rect
            }
        };
        // A piece that did not split this way is cut the other way once
        // more; one that split both ways or reached the depth is a leaf.
        if depth + 1 < MAX_CUT_DEPTH && !(whole && depth > 0) {
            cut(sub, depth + 1, is_used, out);
        } else {
            out.push(sub);
        }
    }
}

/// The lines and table of one piece.
fn pieces_of(rect: Rect, cells: &[&SheetCell], sheet: &str, out: &mut Vec<Piece>) {
    let framed_rows: Vec<usize> = cells.iter().filter(|c| c.framed).map(|c| c.row).collect();
    let line_of = |r: usize| -> Option<String> {
        let texts: Vec<&str> = cells
            .iter()
            .filter(|c| c.row == r && !c.text.trim().is_empty())
            .map(|c| c.text.trim())
            .collect();
        (!texts.is_empty()).then(|| texts.join(" "))
    };
    let (top, bottom) = match (framed_rows.iter().min(), framed_rows.iter().max()) {
        (Some(&a), Some(&b)) => (a, b + 1),
        _ => {
            let grid_rows = (rect.r0..rect.r1)
                .filter(|&r| {
                    cells
                        .iter()
                        .filter(|c| c.row == r && !c.text.trim().is_empty())
                        .count()
                        >= 2
                })
                .count();
            if grid_rows >= 2 {
                (rect.r0, rect.r1)
            } else {
                out.extend((rect.r0..rect.r1).filter_map(line_of).map(Piece::Line));
                return;
            }
        }
    };
    out.extend((rect.r0..top).filter_map(line_of).map(Piece::Line));
    let body: Vec<&&SheetCell> = cells
        .iter()
        .filter(|c| (top..bottom).contains(&c.row))
        .collect();
    let c0 = body.iter().map(|c| c.col).min().unwrap_or(rect.c0);
    let c1 = body
        .iter()
        .map(|c| c.col.saturating_add(c.colspan))
        .max()
        .unwrap_or(rect.c1)
        .min(rect.c1);
    let mut refs = BTreeMap::new();
    let mut native = Vec::with_capacity(body.len());
    for c in body {
        let (row, col) = (c.row - top, c.col - c0);
        refs.insert(
            (row, col),
            format!("{}!{}", quote_sheet_name(sheet), c.reference),
        );
        native.push(NativeCell {
            row,
            col,
            rowspan: c.rowspan.min(bottom - c.row),
            colspan: c.colspan.min(c1.saturating_sub(c.col)).max(1),
            text: c.text.clone(),
        });
    }
    out.push(Piece::Table(
        NativeTable {
            n_rows: bottom - top,
            n_cols: c1.saturating_sub(c0),
            cells: native,
            header_rows: 0,
            depth: 0,
        },
        refs,
    ));
    out.extend((bottom..rect.r1).filter_map(line_of).map(Piece::Line));
}

/// A sheet name as a formula would write it: quoted ('1.项目') unless it
/// is a plain name of letters, digits and underscores not starting with a
/// digit.
pub(crate) fn quote_sheet_name(name: &str) -> String {
    let plain = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: usize, col: usize, colspan: usize, text: &str, framed: bool) -> SheetCell {
        SheetCell {
            row,
            col,
            rowspan: 1,
            colspan,
            text: text.to_owned(),
            framed,
            reference: format!("{}{}", char::from(b'A' + col as u8), row + 1),
        }
    }

    #[test]
    fn title_unit_table_and_note() {
        let g = SheetGrid {
            name: "Sheet1".into(),
            number: 1,
            n_rows: 6,
            n_cols: 3,
            cells: vec![
                cell(0, 0, 3, "2025年部门收支总表", false),
                cell(1, 2, 1, "单位：万元", false),
                cell(2, 0, 1, "项目", true),
                cell(2, 1, 2, "金额", true),
                cell(3, 0, 1, "合计", true),
                cell(3, 1, 2, "1.00", true),
                cell(5, 0, 1, "注：本表为样例。", false),
            ],
        };
        let pieces = sheet_pieces(&g);
        assert_eq!(pieces.len(), 4, "{pieces:?}");
        assert_eq!(pieces[0], Piece::Line("2025年部门收支总表".into()));
        assert_eq!(pieces[1], Piece::Line("单位：万元".into()));
        let Piece::Table(t, refs) = &pieces[2] else {
            panic!("{pieces:?}")
        };
        assert_eq!((t.n_rows, t.n_cols), (2, 3));
        assert_eq!(refs.get(&(1, 1)).map(String::as_str), Some("Sheet1!B4"));
        assert_eq!(pieces[3], Piece::Line("注：本表为样例。".into()));
    }

    #[test]
    fn tables_side_by_side_and_stacked_are_split() {
        let mut cells = Vec::new();
        for (r0, c0) in [(0, 0), (0, 3), (4, 0)] {
            for r in 0..2 {
                for k in 0..2 {
                    cells.push(cell(r0 + r, c0 + k, 1, "1", true));
                }
            }
        }
        let g = SheetGrid {
            name: "预算 表".into(),
            number: 2,
            n_rows: 6,
            n_cols: 5,
            cells,
        };
        let pieces = sheet_pieces(&g);
        let tables: Vec<&BTreeMap<(usize, usize), String>> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Table(_, refs) => Some(refs),
                Piece::Line(_) => None,
            })
            .collect();
        assert_eq!(tables.len(), 3);
        assert_eq!(
            tables[1].get(&(0, 0)).map(String::as_str),
            Some("'预算 表'!D1")
        );
    }

    #[test]
    fn unframed_data_is_a_table_and_a_text_column_is_lines() {
        let g = SheetGrid {
            name: "S".into(),
            number: 1,
            n_rows: 5,
            n_cols: 2,
            cells: vec![
                cell(0, 0, 1, "项目", false),
                cell(0, 1, 1, "金额", false),
                cell(1, 0, 1, "合计", false),
                cell(1, 1, 1, "2", false),
                cell(3, 0, 1, "一、说明", false),
                cell(4, 0, 1, "二、说明", false),
            ],
        };
        let pieces = sheet_pieces(&g);
        assert!(matches!(pieces[0], Piece::Table(ref t, _) if t.n_rows == 2));
        assert_eq!(pieces[1], Piece::Line("一、说明".into()));
        assert_eq!(pieces.len(), 3);
    }

    #[test]
    fn sheet_names_are_quoted_when_needed() {
        assert_eq!(quote_sheet_name("Sheet1"), "Sheet1");
        assert_eq!(quote_sheet_name("单位收支总表"), "单位收支总表");
        assert_eq!(
            quote_sheet_name("1.地面坍塌防治工作经费"),
            "'1.地面坍塌防治工作经费'"
        );
        assert_eq!(quote_sheet_name("it's"), "'it''s'");
    }
}
