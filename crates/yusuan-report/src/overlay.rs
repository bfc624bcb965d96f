//! The overlay of one page: table cells, paragraphs, claim sentences and
//! findings as SVG shapes in page points (origin top-left, as every bbox of
//! the model). The HTML report lays it over the page image and `yusuan
//! inspect --svg` over the reader's glyphs: one drawing for both.
//!
//! Shapes carry presentation attributes (stroke, fill), not only classes, so
//! that the SVG reads the same outside the report's stylesheet.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use yusuan_model::{
    BBox, Cell, Claim, Document, Finding, Paragraph, ParagraphRole, RowRole, Severity, Table,
};

use crate::escape::{esc, id_part};

/// Height of a finding's number tag above its box, in points.
const TAG_HEIGHT: f64 = 9.0;

/// Width of a finding's number tag per digit, in points.
const TAG_DIGIT: f64 = 5.0;

/// Where a finding is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Place {
    /// On its box (the cell, row or line the audit names, or the row's
    /// cells on the page).
    Box {
        /// Page, from 1.
        page: u32,
        /// The box, points.
        bbox: BBox,
    },
    /// On the page, without a box: a strip along its top edge.
    Page(u32),
    /// About the whole document.
    Document,
}

/// The lower-case name of a severity (as serialized).
pub(crate) fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn severity_colour(s: Severity) -> &'static str {
    match s {
        Severity::Error => "#dc2626",
        Severity::Warning => "#d97706",
        Severity::Info => "#2563eb",
    }
}

/// The element id of a finding's box; findings are numbered from 1 in
/// document order.
pub(crate) fn finding_id(number: usize) -> String {
    format!("f-{number}")
}

/// The element id of a cell's box on the page.
pub(crate) fn cell_id(table: &str, row: usize, col: usize) -> String {
    format!("c-{}-{row}-{col}", id_part(table))
}

/// The element id of a claim sentence's (first) box.
pub(crate) fn sentence_id(paragraph: &str, sentence: usize) -> String {
    format!("s-{}-{sentence}", id_part(paragraph))
}

/// What a cell is, from the grid's meaning layout resolved (the sides' row
/// roles, `header_rows`, the figure block), never from the cell's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellKind {
    /// A header or column-number (栏次) row, or the header of a form's
    /// figure block.
    Header,
    /// A 合计/总计/小计 row.
    Total,
    /// Anything else.
    Body,
}

pub(crate) fn cell_kind(table: &Table, cell: &Cell) -> CellKind {
    let side = table
        .sides
        .iter()
        .find(|s| s.start <= cell.col && cell.col < s.end)
        .or_else(|| table.sides.first());
    let role = side.and_then(|s| s.rows.get(cell.row)).map(|r| r.role);
    let in_block_header = table
        .figure_block
        .as_ref()
        .is_some_and(|b| b.header_start <= cell.row && cell.row < b.row);
    match role {
        Some(RowRole::Header | RowRole::ColumnNumbers) => CellKind::Header,
        _ if in_block_header => CellKind::Header,
        None if cell.row < table.header_rows => CellKind::Header,
        Some(RowRole::Total | RowRole::GrandTotal | RowRole::Subtotal) => CellKind::Total,
        _ => CellKind::Body,
    }
}

/// A document's drawable marks, worked out once and then drawn page by page.
pub(crate) struct Marks<'d> {
    pub(crate) doc: &'d Document,
    /// Per finding (same order as `doc.findings`): where it is drawn.
    pub(crate) places: Vec<Place>,
    /// Paragraphs by id.
    pub(crate) paragraphs: BTreeMap<&'d str, &'d Paragraph>,
    /// Cells that have a box, by element id (to link claims to them).
    pub(crate) cell_boxes: BTreeMap<String, (u32, BBox)>,
}

impl<'d> Marks<'d> {
    pub(crate) fn new(doc: &'d Document) -> Self {
        let paragraphs = doc
            .text
            .iter()
            .flat_map(|s| s.paragraphs.iter())
            .map(|p| (p.id.as_str(), p))
            .collect();
        let mut cell_boxes = BTreeMap::new();
        for t in &doc.tables {
            for c in &t.cells {
                if let Some(b) = c.bbox.filter(is_drawable) {
                    cell_boxes.insert(cell_id(&t.id, c.row, c.col), (c.page, b));
                }
            }
        }
        let places = doc.findings.iter().map(|f| place_finding(doc, f)).collect();
        Marks {
            doc,
            places,
            paragraphs,
            cell_boxes,
        }
    }

    /// Numbers (from 1) of the findings drawn on `page`, in document order.
    pub(crate) fn findings_on(&self, page: u32) -> Vec<usize> {
        self.places
            .iter()
            .enumerate()
            .filter(|(_, p)| match p {
                Place::Box { page: q, .. } | Place::Page(q) => *q == page,
                Place::Document => false,
            })
            .map(|(i, _)| i + 1)
            .collect()
    }

    /// The boxes of a claim's sentence, by page.
    pub(crate) fn sentence_boxes(&self, claim: &Claim) -> Vec<(u32, BBox)> {
        match self.paragraphs.get(claim.paragraph.as_str()) {
            Some(p) => sentence_boxes(p, claim.sentence),
            None => claim
                .bbox
                .map(|b| vec![(claim.page, b)])
                .unwrap_or_default(),
        }
    }

    /// Where a claim's link points in the report: the cell's box on its
    /// page, else the cell in the table view, else the table view.
    pub(crate) fn claim_target(&self, claim: &Claim) -> Option<String> {
        let link = claim.link.as_ref()?;
        if let (Some(r), Some(c)) = (link.row, link.col) {
            let id = cell_id(&link.table, r, c);
            if self.cell_boxes.contains_key(&id) {
                return Some(id);
            }
            return Some(format!("tv-{}-{r}-{c}", id_part(&link.table)));
        }
        Some(format!("tv-{}", id_part(&link.table)))
    }

    /// The overlay of one page as an SVG group in page points; `width` is
    /// the page width (for the strip of findings without a box).
    pub(crate) fn page_svg(&self, page: u32, width: f64) -> String {
        let mut s = String::from("<g class=\"overlay\">\n");
        self.draw_cells(&mut s, page);
        self.draw_paragraphs(&mut s, page);
        self.draw_claims(&mut s, page);
        self.draw_findings(&mut s, page, width);
        s.push_str("</g>\n");
        s
    }

    fn draw_cells(&self, s: &mut String, page: u32) {
        for t in &self.doc.tables {
            if !t.pages.contains(&page) {
                continue;
            }
            let _ = writeln!(
                s,
                r##"<g class="table" data-table="{}" fill="none" stroke="#2563eb" stroke-width="0.5">"##,
                esc(&t.id)
            );
            for c in &t.cells {
                let Some(b) = c.bbox.filter(|b| c.page == page && is_drawable(b)) else {
                    continue;
                };
                let (class, fill) = match cell_kind(t, c) {
                    CellKind::Header => ("cell head", r##" fill="#2563eb" fill-opacity="0.13""##),
                    CellKind::Total => ("cell total", r##" fill="#16a34a" fill-opacity="0.10""##),
                    CellKind::Body => ("cell", ""),
                };
                let merged = c.rowspan > 1 || c.colspan > 1;
                let stroke = if merged {
                    r##" stroke="#7c3aed" stroke-width="1.2""##
                } else {
                    ""
                };
                let _ = write!(
                    s,
                    r#"<rect id="{id}" class="{class}{m}" x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}"{fill}{stroke}><title>{t} r{r} c{col}{span}: {text}</title></rect>"#,
                    id = cell_id(&t.id, c.row, c.col),
                    m = if merged { " merged" } else { "" },
                    x = b.x0,
                    y = b.y0,
                    w = b.width(),
                    h = b.height(),
                    t = esc(&t.id),
                    r = c.row,
                    col = c.col,
                    span = if merged {
                        format!(" ({}×{})", c.rowspan, c.colspan)
                    } else {
                        String::new()
                    },
                    text = esc(&c.text),
                );
                s.push('\n');
            }
            s.push_str("</g>\n");
        }
    }

    fn draw_paragraphs(&self, s: &mut String, page: u32) {
        s.push_str(r##"<g class="paragraphs" fill="none" stroke="#6b7280" stroke-width="0.4" stroke-dasharray="2 2">"##);
        s.push('\n');
        for p in self.paragraphs.values() {
            if p.role == ParagraphRole::Toc {
                continue;
            }
            let Some(b) = p
                .lines
                .iter()
                .filter(|l| l.page == page)
                .map(|l| l.bbox)
                .reduce(|a, b| a.union(&b))
                .filter(is_drawable)
            else {
                continue;
            };
            let _ = writeln!(
                s,
                r#"<rect class="para" data-p="{}" x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}"/>"#,
                esc(&p.id),
                b.x0 - 1.0,
                b.y0 - 1.0,
                b.width() + 2.0,
                b.height() + 2.0
            );
        }
        s.push_str("</g>\n");
    }

    fn draw_claims(&self, s: &mut String, page: u32) {
        s.push_str(r##"<g class="claims" fill="#0d9488" fill-opacity="0.08" stroke="#0d9488" stroke-width="0.8">"##);
        s.push('\n');
        // Several claims of one sentence share its box: drawn once, titled
        // with every claim, linked to the first claim's table cell.
        let mut sentences: BTreeMap<(&str, usize), Vec<&Claim>> = BTreeMap::new();
        for c in &self.doc.records.claims {
            sentences
                .entry((c.paragraph.as_str(), c.sentence))
                .or_default()
                .push(c);
        }
        for ((para, sentence), claims) in &sentences {
            let Some(first) = claims.first() else {
                continue;
            };
            let boxes = self.sentence_boxes(first);
            let first_page = boxes.first().map(|(p, _)| *p);
            let title: Vec<String> = claims
                .iter()
                .map(|c| {
                    let link = c.link.as_ref().map_or_else(String::new, |l| {
                        format!(" → {} {} “{}”", l.table, l.label, l.raw)
                    });
                    format!("{} {}: {}{link}", c.id, c.subject, c.value.raw)
                })
                .collect();
            let target = claims.iter().find_map(|c| self.claim_target(c));
            for (i, (p, b)) in boxes.iter().enumerate() {
                if *p != page || !is_drawable(b) {
                    continue;
                }
                let id = if i == 0 && first_page == Some(page) {
                    format!(r#" id="{}""#, sentence_id(para, *sentence))
                } else {
                    String::new()
                };
                let rect = format!(
                    r#"<rect{id} class="claim" data-claims="{ids}" x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}"><title>{}</title></rect>"#,
                    b.x0,
                    b.y0,
                    b.width(),
                    b.height(),
                    esc(&title.join("\n")),
                    ids = esc(&claims
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")),
                );
                match &target {
                    Some(t) => {
                        let _ = writeln!(s, r##"<a href="#{t}">{rect}</a>"##);
                    }
                    None => {
                        let _ = writeln!(s, "{rect}");
                    }
                }
            }
        }
        s.push_str("</g>\n");
    }

    fn draw_findings(&self, s: &mut String, page: u32, width: f64) {
        s.push_str("<g class=\"findings\">\n");
        // Findings on the same box are drawn a little larger each and their
        // tags side by side, so that every number stays readable.
        let mut seen: Vec<(BBox, usize)> = Vec::new();
        for n in self.findings_on(page) {
            let Some(f) = self.doc.findings.get(n - 1) else {
                continue;
            };
            let (bbox, strip) = match self.places.get(n - 1) {
                Some(Place::Box { bbox, .. }) => (*bbox, false),
                _ => (
                    BBox::new(4.0, 4.0, (width - 4.0).max(40.0), 4.0 + TAG_HEIGHT),
                    true,
                ),
            };
            let k = match seen.iter_mut().find(|(b, _)| same_box(b, &bbox)) {
                Some((_, k)) => {
                    *k += 1;
                    *k
                }
                None => {
                    seen.push((bbox, 0));
                    0
                }
            };
            let grow = 1.5 * f64::from(u32::try_from(k).unwrap_or(u32::MAX));
            let colour = severity_colour(f.severity);
            let label = n.to_string();
            let tag_w = TAG_DIGIT * f64::from(u32::try_from(label.len()).unwrap_or(1)) + 4.0;
            let tag_x = bbox.x0 - grow + (tag_w + 1.0) * f64::from(u32::try_from(k).unwrap_or(0));
            let tag_y = if strip {
                bbox.y0
            } else {
                (bbox.y0 - grow - TAG_HEIGHT).max(0.0)
            };
            let dash = if f.severity == Severity::Info {
                r#" stroke-dasharray="3 2""#
            } else {
                ""
            };
            let _ = writeln!(
                s,
                r#"<g id="{id}" class="fbox {sev}" data-n="{n}"><title>{title}</title><rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" fill="{colour}" fill-opacity="{op}" stroke="{colour}" stroke-width="1.4"{dash}/><rect x="{tx:.2}" y="{ty:.2}" width="{tag_w:.2}" height="{TAG_HEIGHT:.2}" fill="{colour}"/><text x="{lx:.2}" y="{ly:.2}" font-size="7.5" font-family="sans-serif" font-weight="bold" fill="white">{label}</text></g>"#,
                id = finding_id(n),
                sev = severity_name(f.severity),
                title = esc(&finding_title(n, f)),
                x = bbox.x0 - grow,
                y = bbox.y0 - grow,
                w = bbox.width() + 2.0 * grow,
                h = bbox.height() + 2.0 * grow,
                op = if strip { "0.06" } else { "0.12" },
                tx = tag_x,
                ty = tag_y,
                lx = tag_x + 2.0,
                ly = tag_y + TAG_HEIGHT - 2.0,
            );
        }
        s.push_str("</g>\n");
    }
}

/// "3. [rule] message" for a tooltip.
pub(crate) fn finding_title(n: usize, f: &Finding) -> String {
    format!("{n}. [{}] {}", f.rule, f.message)
}

/// Where a finding is drawn: its own box; else, for a row finding, the union
/// of the row's cells printed on its page; else its page; else the document.
pub(crate) fn place_finding(doc: &Document, f: &Finding) -> Place {
    match (f.page, f.bbox.filter(is_drawable)) {
        (Some(page), Some(bbox)) => Place::Box { page, bbox },
        (Some(page), None) => {
            let row_box = f
                .table
                .as_deref()
                .zip(f.row)
                .and_then(|(t, row)| row_box(doc, t, row, page));
            match row_box {
                Some(bbox) => Place::Box { page, bbox },
                None => Place::Page(page),
            }
        }
        (None, _) => Place::Document,
    }
}

fn row_box(doc: &Document, table: &str, row: usize, page: u32) -> Option<BBox> {
    let t = doc.tables.iter().find(|t| t.id == table)?;
    t.cells
        .iter()
        .filter(|c| c.page == page && c.row <= row && row < c.row.saturating_add(c.rowspan))
        .filter_map(|c| c.bbox.filter(is_drawable))
        .reduce(|a, b| a.union(&b))
}

/// The boxes of sentence `sentence` of a paragraph: per printed line it
/// touches, the part of the line box its characters take (lines are
/// justified, so characters are spread evenly), with the line's page.
pub(crate) fn sentence_boxes(p: &Paragraph, sentence: usize) -> Vec<(u32, BBox)> {
    let Some(&(a, b)) = p.sentences().get(sentence) else {
        return Vec::new();
    };
    let total = p.text.chars().count();
    let mut out: Vec<(u32, BBox)> = Vec::new();
    for (i, line) in p.lines.iter().enumerate() {
        let start = line.start;
        let end = p.lines.get(i + 1).map_or(total, |l| l.start);
        let (lo, hi) = (a.max(start), b.min(end));
        if lo >= hi || end <= start {
            continue;
        }
        let len = f64::from(u32::try_from(end - start).unwrap_or(u32::MAX));
        let at = |k: usize| {
            let k = f64::from(u32::try_from(k - start).unwrap_or(u32::MAX));
            line.bbox.x0 + line.bbox.width() * (k / len)
        };
        let bbox = BBox::new(at(lo), line.bbox.y0, at(hi), line.bbox.y1);
        match out.last_mut() {
            // One line may be cut in several spans by layout; keep one box.
            Some((page, prev)) if *page == line.page && same_line(prev, &bbox) => {
                *prev = prev.union(&bbox);
            }
            _ => out.push((line.page, bbox)),
        }
    }
    if out.is_empty()
        && let Some(bbox) = p.bbox
    {
        out.push((p.page, bbox));
    }
    out
}

fn same_line(a: &BBox, b: &BBox) -> bool {
    (a.y0 - b.y0).abs() < 1.0 && (a.y1 - b.y1).abs() < 1.0
}

fn same_box(a: &BBox, b: &BBox) -> bool {
    (a.x0 - b.x0).abs() < 0.5
        && (a.y0 - b.y0).abs() < 0.5
        && (a.x1 - b.x1).abs() < 0.5
        && (a.y1 - b.y1).abs() < 0.5
}

/// A box worth drawing: finite edges, not absurdly large (a damaged file can
/// state anything), not empty in both directions.
pub(crate) fn is_drawable(b: &BBox) -> bool {
    let edges = [b.x0, b.y0, b.x1, b.y1];
    edges.iter().all(|v| v.is_finite() && v.abs() < 1.0e6) && (b.width() > 0.0 || b.height() > 0.0)
}

/// The overlay of page `page` of a document as an SVG group (`<g>…</g>`) in
/// page points, origin top-left: the cells of its tables (header rows
/// shaded blue, total rows green, merged cells outlined purple), paragraph
/// outlines, claim sentences (teal, linked to the table cell they were
/// checked against) and findings (numbered as in the report: red error,
/// amber warning, blue info; one without a box is a strip along the top of
/// the page, `width` points wide).
///
/// `yusuan inspect --svg` puts it over the reader's glyphs; the HTML report
/// over the page image.
///
/// # Example
/// ```
/// use yusuan_model::{Document, Source, SourceFormat};
/// let doc = Document::new(Source {
///     path: "a.pdf".into(), sha256: String::new(), format: SourceFormat::Pdf,
///     pages: 1, producer: None, ocr_pages: Vec::new(),
/// });
/// let svg = yusuan_report::page_overlay(&doc, 1, 595.0);
/// assert!(svg.starts_with("<g class=\"overlay\">"));
/// ```
pub fn page_overlay(doc: &Document, page: u32, width: f64) -> String {
    Marks::new(doc).page_svg(page, width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::LineSpan;

    fn paragraph() -> Paragraph {
        // Two lines of 10 characters: "一二三四五。六七八九" / "十。甲乙丙丁戊己庚辛"
        Paragraph {
            id: "p1".into(),
            role: ParagraphRole::Body,
            text: "一二三四五。六七八九十。甲乙丙丁戊己庚辛".into(),
            page: 2,
            pages: vec![2],
            bbox: Some(BBox::new(100.0, 100.0, 200.0, 124.0)),
            lines: vec![
                LineSpan {
                    start: 0,
                    page: 2,
                    bbox: BBox::new(100.0, 100.0, 200.0, 110.0),
                },
                LineSpan {
                    start: 10,
                    page: 2,
                    bbox: BBox::new(100.0, 114.0, 200.0, 124.0),
                },
            ],
        }
    }

    #[test]
    fn a_sentence_gets_the_part_of_each_line_it_takes() {
        let p = paragraph();
        assert_eq!(
            sentence_boxes(&p, 0),
            vec![(2, BBox::new(100.0, 100.0, 160.0, 110.0))]
        );
        // "六七八九" ends line 1, "十。" opens line 2.
        assert_eq!(
            sentence_boxes(&p, 1),
            vec![
                (2, BBox::new(160.0, 100.0, 200.0, 110.0)),
                (2, BBox::new(100.0, 114.0, 120.0, 124.0))
            ]
        );
        assert!(sentence_boxes(&p, 9).is_empty());
    }

    #[test]
    fn absurd_boxes_are_not_drawn() {
        assert!(is_drawable(&BBox::new(0.0, 0.0, 10.0, 10.0)));
        assert!(!is_drawable(&BBox {
            x0: 0.0,
            y0: f64::NAN,
            x1: 10.0,
            y1: 10.0
        }));
        assert!(!is_drawable(&BBox::new(0.0, 0.0, 1.0e9, 10.0)));
        assert!(!is_drawable(&BBox::new(5.0, 5.0, 5.0, 5.0)));
    }
}
