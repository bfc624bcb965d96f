//! Turning Word's row-by-row cell list into a rectangular grid.
//!
//! Word states merges relative to neighbours: `w:gridSpan` (or the legacy
//! `w:hMerge`) joins grid columns, `w:vMerge` continues the cell above, and
//! `w:gridBefore`/`w:gridAfter` leave grid columns empty at a row's ends.
//! This module resolves them to absolute `(row, col, rowspan, colspan)`.

use yusuan_model::{NativeCell, NativeTable};

use crate::error::{Error, ErrorKind};

/// Most grid positions (rows × columns) one table may have. Word itself caps a
/// table at 63 columns; 4 M positions keeps a crafted span from allocating
/// gigabytes while no real form comes near it.
pub(crate) const MAX_GRID_CELLS: usize = 4 << 20;

/// Largest `w:gridSpan`, `w:gridBefore` or `w:gridAfter` value accepted.
pub(crate) const MAX_SPAN: usize = 4096;

/// How a cell takes part in a merge along one axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Merge {
    /// Not merged.
    #[default]
    None,
    /// Starts a merged run (`restart`).
    Restart,
    /// Continues the run before it (`continue`, or the bare element).
    Continue,
}

/// One `w:tc` as read.
#[derive(Debug, Default)]
pub(crate) struct RawCell {
    pub(crate) span: usize,
    pub(crate) vmerge: Merge,
    pub(crate) hmerge: Merge,
    /// Paragraph texts, already trimmed; empty ones dropped.
    pub(crate) paragraphs: Vec<String>,
}

impl RawCell {
    pub(crate) fn new() -> Self {
        Self {
            span: 1,
            ..Self::default()
        }
    }

    fn text(&self) -> String {
        self.paragraphs.join("\n")
    }
}

/// One `w:tr` as read.
#[derive(Debug, Default)]
pub(crate) struct RawRow {
    pub(crate) grid_before: usize,
    pub(crate) grid_after: usize,
    pub(crate) header: bool,
    /// A row deleted with tracked changes on (`w:trPr/w:del`).
    pub(crate) deleted: bool,
    pub(crate) cells: Vec<RawCell>,
}

/// One `w:tbl` as read.
#[derive(Debug, Default)]
pub(crate) struct RawTable {
    /// Number of `w:gridCol` entries.
    pub(crate) grid_cols: usize,
    pub(crate) rows: Vec<RawRow>,
}

/// The error of a grid past [`MAX_GRID_CELLS`] positions.
pub(crate) fn too_large(what: &str) -> Error {
    Error::new(
        ErrorKind::TooLarge,
        format!("table grid overflows: {what} (limit {MAX_GRID_CELLS} positions)"),
    )
}

/// Resolves the merges of a table read row by row into a grid.
///
/// Repairs are reported in `warnings`: a `vMerge` continuation with nothing
/// above it becomes a cell of its own, as Word shows it.
pub(crate) fn resolve_grid(
    raw: RawTable,
    depth: u32,
    warnings: &mut Vec<String>,
) -> Result<NativeTable, Error> {
    let rows: Vec<RawRow> = raw.rows.into_iter().filter(|r| !r.deleted).collect();
    let mut cells: Vec<NativeCell> = Vec::new();
    // For each grid column: index into `cells` of the cell whose vertical run
    // is still open at that column, keyed by the run's first column.
    let mut open: Vec<Option<usize>> = Vec::new();
    let mut n_cols = raw.grid_cols;
    let mut orphan_continues = 0usize;
    for (r, row) in rows.iter().enumerate() {
        // Legacy hMerge: a `continue` cell widens the cell before it.
        let mut merged: Vec<(usize, Merge, String)> = Vec::with_capacity(row.cells.len());
        for cell in &row.cells {
            let span = cell.span.max(1);
            match (cell.hmerge, merged.last_mut()) {
                (Merge::Continue, Some(prev)) => {
                    prev.0 = prev.0.checked_add(span).ok_or_else(|| too_large("span"))?;
                    let extra = cell.text();
                    if !extra.is_empty() {
                        if !prev.2.is_empty() {
                            prev.2.push('\n');
                        }
                        prev.2.push_str(&extra);
                    }
                }
                _ => merged.push((span, cell.vmerge, cell.text())),
            }
        }
        let mut next_open: Vec<Option<usize>> = Vec::new();
        let mut col = row.grid_before;
        for (span, vmerge, text) in merged {
            let end = col.checked_add(span).ok_or_else(|| too_large("column"))?;
            if end > MAX_SPAN {
                return Err(too_large(&format!("row {r} reaches column {end}")));
            }
            if next_open.len() < end {
                next_open.resize(end, None);
            }
            let above = if vmerge == Merge::Continue {
                open.get(col).copied().flatten()
            } else {
                None
            };
            match above {
                Some(idx) => {
                    if let Some(anchor) = cells.get_mut(idx) {
                        anchor.rowspan = r.saturating_sub(anchor.row).saturating_add(1);
                        // Word hides text typed into a continuation cell; we
                        // keep it (appended) so that no figure silently vanishes.
                        if !text.is_empty() {
                            if !anchor.text.is_empty() {
                                anchor.text.push('\n');
                            }
                            anchor.text.push_str(&text);
                        }
                    }
                    if let Some(slot) = next_open.get_mut(col) {
                        *slot = Some(idx);
                    }
                }
                None => {
                    if vmerge == Merge::Continue {
                        orphan_continues = orphan_continues.saturating_add(1);
                    }
                    let idx = cells.len();
                    cells.push(NativeCell {
                        row: r,
                        col,
                        rowspan: 1,
                        colspan: span,
                        text,
                    });
                    if vmerge != Merge::None
                        && let Some(slot) = next_open.get_mut(col)
                    {
                        *slot = Some(idx);
                    }
                }
            }
            col = end;
        }
        let row_end = col
            .checked_add(row.grid_after)
            .ok_or_else(|| too_large("column"))?;
        n_cols = n_cols.max(row_end);
        open = next_open;
    }
    let n_rows = rows.len();
    if n_cols > MAX_SPAN {
        return Err(too_large(&format!("{n_cols} columns")));
    }
    match n_rows.checked_mul(n_cols) {
        Some(n) if n <= MAX_GRID_CELLS => {}
        _ => return Err(too_large(&format!("{n_rows} rows x {n_cols} columns"))),
    }
    if orphan_continues > 0 {
        warnings.push(format!(
            "table at depth {depth}: {orphan_continues} vertically merged cells continue nothing above; kept as cells"
        ));
    }
    // A continuation extends an anchor whose colspan may differ; clamp to the grid.
    for c in &mut cells {
        c.colspan = c.colspan.min(n_cols.saturating_sub(c.col)).max(1);
    }
    let header_rows = rows.iter().take_while(|r| r.header).count();
    Ok(NativeTable {
        n_rows,
        n_cols,
        cells,
        header_rows,
        depth,
    })
}

/// Plain text of a resolved table for the cell that contains it: rows on
/// lines, cells separated by a tab.
pub(crate) fn table_text(table: &NativeTable) -> String {
    let mut lines: Vec<String> = Vec::new();
    for cell in &table.cells {
        while lines.len() <= cell.row {
            lines.push(String::new());
        }
        if let Some(line) = lines.get_mut(cell.row) {
            if !line.is_empty() {
                line.push('\t');
            }
            line.push_str(&cell.text.replace('\n', " "));
        }
    }
    lines.retain(|l| !l.trim().is_empty());
    lines.join("\n")
}
