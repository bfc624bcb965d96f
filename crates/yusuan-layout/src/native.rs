//! Word tables and worksheet tables: the grid is stated by the source, so
//! layout only checks it, cleans the text, and reads the heading from the
//! paragraphs (or a sheet's text lines) before it.

use yusuan_model::{
    Block, Cell, Diagnostic, DiagnosticKind, Loc, NativeTable, SheetGrid, Stage, TextLine,
};

use crate::heading::{self, Heading};
use crate::logical::Draft;
use crate::sheet::{self, Piece};
use crate::text;

/// Grids larger than this many slots are refused (a corrupt or hostile file).
const MAX_NATIVE_SLOTS: usize = 4_000_000;

/// Paragraphs before a table that may form its heading.
const MAX_HEADING_PARAGRAPHS: usize = 4;

/// Paragraphs longer than this are prose, not a heading.
const MAX_HEADING_CHARS: usize = 60;

/// Drafts and text lines of a Word document's blocks.
pub(crate) fn native_drafts(
    blocks: &[Block],
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Draft>, Vec<TextLine>) {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut lines: Vec<TextLine> = Vec::new();
    let mut page: u32 = 1;
    // Non-empty paragraphs since the previous table.
    let mut since_table: Vec<String> = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph { text, page_break } => {
                if *page_break && !(lines.is_empty() && drafts.is_empty()) {
                    page = page.saturating_add(1);
                }
                let t = text::clean_text(text);
                if t.is_empty() {
                    continue;
                }
                lines.push(TextLine {
                    page,
                    text: t.clone(),
                    bbox: None,
                    size: 0.0,
                });
                since_table.push(t);
            }
            Block::Table(nt) => {
                if nt.depth > 0 {
                    // A table inside a cell: its text is already in the cell.
                    continue;
                }
                let heading = heading_of(&since_table);
                since_table.clear();
                if let Some(d) = draft_of(nt, page, heading, diags) {
                    drafts.push(d);
                }
            }
            Block::Sheet(g) => {
                // A sheet's heading lines never head a table on another sheet.
                since_table.clear();
                sheet_drafts(g, &mut drafts, &mut lines, diags);
            }
        }
    }
    (drafts, lines)
}

/// Drafts and text lines of one worksheet; every cell and line is on the
/// "page" numbered by the sheet's position, and each cell keeps its sheet
/// reference.
fn sheet_drafts(
    g: &SheetGrid,
    drafts: &mut Vec<Draft>,
    lines: &mut Vec<TextLine>,
    diags: &mut Vec<Diagnostic>,
) {
    let page = g.number.max(1);
    let mut since_table: Vec<String> = Vec::new();
    for piece in sheet::sheet_pieces(g) {
        match piece {
            Piece::Line(text) => {
                let t = text::clean_text(&text);
                if t.is_empty() {
                    continue;
                }
                lines.push(TextLine {
                    page,
                    text: t.clone(),
                    bbox: None,
                    size: 0.0,
                });
                since_table.push(t);
            }
            Piece::Table(nt, refs) => {
                let heading = heading_of(&since_table);
                since_table.clear();
                if let Some(mut d) = draft_of(&nt, page, heading, diags) {
                    for c in &mut d.cells {
                        c.sheet_ref = refs.get(&(c.row, c.col)).cloned();
                    }
                    // A title or unit line framed into the first rows.
                    d.lift_heading_row();
                    drafts.push(d);
                }
            }
        }
    }
}

/// The heading from the last short paragraphs before a table.
fn heading_of(paras: &[String]) -> Heading {
    let mut h = Heading::default();
    let tail: Vec<&String> = paras
        .iter()
        .rev()
        .take(MAX_HEADING_PARAGRAPHS)
        .take_while(|p| p.chars().count() <= MAX_HEADING_CHARS)
        .collect();
    for p in tail.iter().rev() {
        if heading::is_continuation_mark(p) {
            h.continued = true;
            h.lines.push((*p).clone());
        } else if heading::is_meta_line(p) {
            if h.unit.is_none() {
                h.unit = heading::unit_of(p).map(str::to_owned);
            }
            h.lines.push((*p).clone());
        } else if h.title.is_none() || heading::looks_like_title(p) {
            if let Some(old) = h.title.take() {
                h.lines.push(old);
            }
            h.title = Some((*p).clone());
        } else {
            h.lines.push((*p).clone());
        }
    }
    h
}

fn draft_of(
    nt: &NativeTable,
    page: u32,
    heading: Heading,
    diags: &mut Vec<Diagnostic>,
) -> Option<Draft> {
    let (nr, nc) = (nt.n_rows, nt.n_cols);
    if nr == 0 || nc == 0 {
        return None;
    }
    let Some(slots) = nr.checked_mul(nc).filter(|&s| s <= MAX_NATIVE_SLOTS) else {
        diags.push(Diagnostic::warning(
            Stage::Layout,
            DiagnosticKind::TableRefused,
            Loc::page(page),
            format!("word table of {nr}×{nc} cells is too large; expected at most {MAX_NATIVE_SLOTS} cells, table skipped"),
        ));
        return None;
    };
    let mut taken = vec![false; slots];
    let mut cells: Vec<Cell> = Vec::with_capacity(nt.cells.len());
    let mut clipped = 0usize;
    for c in &nt.cells {
        if c.row >= nr || c.col >= nc {
            clipped += 1;
            continue;
        }
        let rowspan = c.rowspan.clamp(1, nr - c.row);
        let colspan = c.colspan.clamp(1, nc - c.col);
        let overlaps = (c.row..c.row + rowspan).any(|r| {
            (c.col..c.col + colspan).any(|k| taken.get(r * nc + k).copied().unwrap_or(true))
        });
        if overlaps {
            clipped += 1;
            continue;
        }
        for r in c.row..c.row + rowspan {
            for k in c.col..c.col + colspan {
                if let Some(t) = taken.get_mut(r * nc + k) {
                    *t = true;
                }
            }
        }
        cells.push(Cell {
            row: c.row,
            col: c.col,
            rowspan,
            colspan,
            text: text::clean_text(&c.text),
            page,
            bbox: None,
            sheet_ref: None,
            spill: false,
            ocr: None,
        });
    }
    if clipped > 0 {
        diags.push(Diagnostic::warning(
            Stage::Layout,
            DiagnosticKind::ReaderRepair,
            Loc::page(page),
            format!("word table: {clipped} cells outside the {nr}×{nc} grid or overlapping another; dropped"),
        ));
    }
    cells.sort_by_key(|c| (c.row, c.col));
    let mut d = Draft {
        xs: Vec::new(),
        n_rows: nr,
        n_cols: nc,
        cells,
        row_pages: vec![page; nr],
        header_rows: 0,
        heading,
        method: "native",
        last_bbox: None,
        ends_page: false,
        starts_page: false,
    };
    d.header_rows = if nt.header_rows > 0 && nt.header_rows < nr {
        nt.header_rows
    } else {
        d.detect_header_rows()
    };
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::NativeCell;

    fn nc(row: usize, col: usize, rowspan: usize, colspan: usize, text: &str) -> NativeCell {
        NativeCell {
            row,
            col,
            rowspan,
            colspan,
            text: text.to_owned(),
        }
    }

    fn para(t: &str) -> Block {
        Block::Paragraph {
            text: t.to_owned(),
            page_break: false,
        }
    }

    #[test]
    fn word_table_gets_title_unit_and_clean_text() {
        let table = NativeTable {
            n_rows: 2,
            n_cols: 2,
            cells: vec![
                nc(0, 0, 1, 1, "项  目"),
                nc(0, 1, 1, 1, "金额"),
                nc(1, 0, 1, 1, "合计"),
                nc(1, 1, 1, 1, "1.00"),
            ],
            header_rows: 0,
            depth: 0,
        };
        let blocks = vec![
            para("一、部门概况很长的说明文字。"),
            para("2025年部门收支总表"),
            para("单位：万元"),
            Block::Table(table),
        ];
        let mut diags = Vec::new();
        let (drafts, lines) = native_drafts(&blocks, &mut diags);
        assert_eq!(drafts.len(), 1);
        let d = &drafts[0];
        assert_eq!(d.heading.title.as_deref(), Some("2025年部门收支总表"));
        assert_eq!(d.heading.unit.as_deref(), Some("万元"));
        assert_eq!(d.cells[0].text, "项目");
        assert_eq!(d.header_rows, 1);
        assert_eq!(lines.len(), 3);
        assert!(diags.is_empty());
    }

    #[test]
    fn bad_spans_are_clipped_with_a_warning() {
        let table = NativeTable {
            n_rows: 2,
            n_cols: 2,
            cells: vec![
                nc(0, 0, 5, 1, "a"),
                nc(1, 0, 1, 1, "covered"),
                nc(7, 7, 1, 1, "out"),
            ],
            header_rows: 0,
            depth: 0,
        };
        let mut diags = Vec::new();
        let (drafts, _) = native_drafts(&[Block::Table(table)], &mut diags);
        assert_eq!(drafts[0].cells.len(), 1);
        assert_eq!(drafts[0].cells[0].rowspan, 2);
        assert_eq!(diags.len(), 1);
    }
}
