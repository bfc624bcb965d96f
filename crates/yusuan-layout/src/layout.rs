//! The entry point: PDF pages or Word blocks to drafts, drafts joined, tables finished.

use yusuan_model::{
    BBox, Diagnostic, DiagnosticKind, Glyph, Loc, Page, Section, SourceDocument, SourceFormat,
    Stage, Table, TextLine,
};

use crate::grid::{self, Fragment, GridParams};
use crate::logical::{Draft, join_continued};
use crate::prose::{self, PageBox};
use crate::{heading, native, rules, text, unruled};

/// Tuning of the reconstruction.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// Rules closer than this (points) are one rule, and collinear pieces
    /// with a gap up to this are one line.
    pub snap_tolerance: f64,
    /// Share (0..1) of a cell edge that a rule must cover for the edge to
    /// separate two cells; below it the cells merge into a span.
    pub edge_coverage: f64,
    /// Join tables that continue on the next page (or, in Word, a table the
    /// author split in two) into one logical table.
    pub join_continuations: bool,
    /// Look for tables drawn without rules (whitespace-aligned columns) in
    /// the text outside ruled tables.
    pub unruled_tables: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            snap_tolerance: 2.0,
            edge_coverage: 0.5,
            join_continuations: true,
            unruled_tables: true,
        }
    }
}

/// What reconstruction found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Logical tables in document order, ids "t1", "t2", ...
    pub tables: Vec<Table>,
    /// Text lines outside tables (titles, cover, prose), in reading order.
    pub lines: Vec<TextLine>,
    /// The running text outside tables as sections of paragraphs: lines
    /// joined as a reader reads them, without page headers, footers,
    /// page numbers and table headings.
    pub text: Vec<Section>,
    /// Doubts and repairs.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reconstructs the logical tables and the text lines of a document.
///
/// Never fails: a doubtful grid is kept and flagged in `diagnostics`.
pub fn reconstruct(doc: &SourceDocument, options: &LayoutOptions) -> Layout {
    let mut diagnostics = Vec::new();
    let (drafts, lines) = if doc.pages.is_empty() {
        native::native_drafts(&doc.blocks, &mut diagnostics)
    } else {
        pdf_drafts(
            &doc.pages,
            doc.producer.as_deref(),
            options,
            &mut diagnostics,
        )
    };
    // A workbook states each table's extent: nothing continues across sheets
    // or past the empty rows that separate two tables.
    let workbook = matches!(
        doc.format,
        SourceFormat::Xlsx | SourceFormat::Xls | SourceFormat::Ods
    );
    // Rows continued on the next page first, then right parts of sheets
    // wider than the paper (row for row), then rows again: Excel prints
    // "down, then over" (the left part's pages, then the right part's) or
    // "over, then down" (left and right part of each band in turn).
    let drafts = if options.join_continuations && !workbook {
        join_continued(join_right_parts(join_continued(drafts)))
    } else {
        drafts
    };
    let tables: Vec<Table> = drafts
        .into_iter()
        .enumerate()
        .map(|(i, d)| d.finish(format!("t{}", i + 1)))
        .collect();
    let pages: Vec<PageBox> = doc
        .pages
        .iter()
        .map(|p| PageBox {
            number: p.number,
            width: p.width,
            height: p.height,
        })
        .collect();
    let text = prose::build_sections(&lines, &tables, &pages);
    Layout {
        tables,
        lines,
        text,
        diagnostics,
    }
}

/// Drafts of every page, in page order, and the page text outside tables.
fn pdf_drafts(
    pages: &[Page],
    producer: Option<&str>,
    options: &LayoutOptions,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Draft>, Vec<TextLine>) {
    let params = GridParams {
        tol: options.snap_tolerance.clamp(0.1, 10.0),
        edge_coverage: options.edge_coverage.clamp(0.05, 1.0),
        spacing: text::Spacing::for_producer(producer),
        unruled: options.unruled_tables,
    };
    let mut drafts = Vec::new();
    let mut lines = Vec::new();
    for page in pages {
        let (page_drafts, page_lines) = page_drafts(page, params, diags);
        drafts.extend(page_drafts);
        lines.extend(page_lines);
    }
    (drafts, lines)
}

fn page_drafts(
    page: &Page,
    params: GridParams,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Draft>, Vec<TextLine>) {
    let mut used = vec![false; page.glyphs.len()];
    let rulings = rules::merge_segments(&page.segments, params.tol);
    let comps = rules::components(&rulings, params.tol);
    let mut frags: Vec<Fragment> = grid::ruled_fragments(page, &rulings, &comps, params, &mut used);
    if params.unruled {
        // Whitespace-aligned tables among the text left outside ruled ones.
        let free_idx: Vec<usize> = (0..page.glyphs.len())
            .filter(|&i| {
                !used.get(i).copied().unwrap_or(true)
                    && page.glyphs.get(i).is_some_and(text::is_inked)
            })
            .collect();
        let free: Vec<&Glyph> = free_idx
            .iter()
            .filter_map(|&i| page.glyphs.get(i))
            .collect();
        for (f, taken) in unruled::unruled_fragments(page.number, &free, params.spacing) {
            for k in taken {
                if let Some(u) = free_idx.get(k).and_then(|&i| used.get_mut(i)) {
                    *u = true;
                }
            }
            frags.push(f);
        }
        frags.sort_by(|a, b| {
            let (ba, bb) = (a.bbox(), b.bbox());
            ba.y0.total_cmp(&bb.y0).then(ba.x0.total_cmp(&bb.x0))
        });
    }
    let free: Vec<&Glyph> = page
        .glyphs
        .iter()
        .zip(&used)
        .filter(|(g, u)| !**u && text::is_inked(g))
        .map(|(g, _)| g)
        .collect();
    let vlines = text::visual_lines(&free, true, params.spacing);
    let n = frags.len();
    let mut drafts = Vec::with_capacity(n);
    let mut floor = 0.0;
    for (i, f) in frags.into_iter().enumerate() {
        let bbox: BBox = f.bbox();
        let heading = heading::read_heading(&vlines, bbox, floor);
        floor = floor.max(bbox.y1);
        if f.n_rows() > 0 && f.cells.len() == f.n_rows() * f.n_cols() && f.n_cols() == 1 {
            diags.push(Diagnostic::warning(
                Stage::Layout,
                DiagnosticKind::DoubtfulGrid,
                Loc {
                    bbox: Some(f.bbox()),
                    ..Loc::page(page.number)
                },
                format!(
                    "ruled grid of one column and {} rows kept as a table; it may be a framed list",
                    f.n_rows()
                ),
            ));
        }
        let mut d = Draft::from_fragment(f, heading);
        d.lift_heading_row();
        d.starts_page = i == 0;
        d.ends_page = i + 1 == n;
        drafts.push(d);
    }
    let lines = vlines
        .into_iter()
        .map(|l| TextLine {
            page: page.number,
            text: l.text,
            bbox: Some(l.bbox.rounded()),
            size: l.size,
        })
        .collect();
    (drafts, lines)
}

/// Joins each draft into its predecessor when it is its right part.
fn join_right_parts(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    for d in drafts {
        match out.last_mut() {
            Some(prev) if prev.is_continued_right_by(&d) => prev.append_right(d),
            _ => out.push(d),
        }
    }
    out
}
