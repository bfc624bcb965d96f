//! The HTML report of one document.
//!
//! Layout: a fixed side panel (counts, findings by severity, pages, tables)
//! and the pages, each as its image with the overlay on top and beside it
//! the findings and claims of the page and the tables that start there. A
//! Word document or workbook has no page images: its tables and text are
//! shown, with findings marked in the cells and paragraphs they name.

use std::fmt::Write as _;

use base64::Engine as _;
use yusuan_model::{
    Claim, DocType, Document, Finding, ParagraphRole, RowRole, Severity, SourceFormat, Table,
};

use crate::escape::{esc, id_part};
use crate::overlay::{
    CellKind, Marks, Place, cell_kind, finding_id, finding_title, sentence_id, severity_name,
};
use crate::picture::{Picture, draw_pages};

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// CSS pixels per point of a page shown at full width (about 108 dpi on a
/// 96 dpi screen: a page reads like paper).
const CSS_PX_PER_PT: f64 = 1.5;

/// Options of [`build_report`]. Start from `ReportOptions::default()`.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Resolution of the page images, in dots per inch. Default 120: CJK
    /// body text (10.5 pt) stays legible at 17 pixels per character.
    pub dpi: f32,
    /// Draw only the first N pages as images (the rest show a placeholder
    /// under their overlay); `None` draws all. Default `None`.
    pub max_pages: Option<u32>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            dpi: 120.0,
            max_pages: None,
        }
    }
}

/// A finished report.
#[derive(Debug, Clone)]
pub struct Report {
    /// The self-contained HTML page.
    pub html: String,
    /// Pages drawn as images.
    pub pages_drawn: u32,
    /// Pages shown without an image, each with the reason ("page 3: …").
    pub page_problems: Vec<String>,
    /// Bytes of PNG embedded (before base64).
    pub image_bytes: usize,
}

/// Builds the report of a document. `pdf` is the document's bytes when it is
/// a PDF (its pages are drawn from them); for Word and workbook inputs it is
/// ignored. Never fails: pages that cannot be drawn get a placeholder under
/// their overlay and are listed in [`Report::page_problems`].
pub fn build_report(doc: &Document, pdf: Option<&[u8]>, options: &ReportOptions) -> Report {
    let marks = Marks::new(doc);
    let is_pdf = doc.source.format == SourceFormat::Pdf;
    let pictures = match (is_pdf, pdf) {
        (true, Some(bytes)) => draw_pages(bytes, doc.source.pages, options.dpi, options.max_pages),
        (true, None) => draw_pages(&[], doc.source.pages, options.dpi, Some(0)),
        _ => Vec::new(),
    };
    let mut html = String::with_capacity(
        pictures
            .iter()
            .map(|p| p.png.as_ref().map_or(0, Vec::len) * 4 / 3)
            .sum::<usize>()
            + 64 * 1024,
    );
    let name = file_name(&doc.source.path);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"yusuan report\">\n<title>{} · yusuan report</title>\n\
         <style>\n{STYLE}</style>\n</head>\n<body class=\"report\">\n",
        esc(name)
    );
    side_panel(&mut html, doc, &marks, &pictures, is_pdf);
    html.push_str("<main>\n");
    header(&mut html, doc);
    document_findings(&mut html, doc, &marks, is_pdf);
    if is_pdf {
        for picture in &pictures {
            page_section(&mut html, doc, &marks, picture);
        }
    } else {
        native_sections(&mut html, doc, &marks);
    }
    let _ = write!(
        html,
        "</main>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    );
    Report {
        html,
        pages_drawn: u32::try_from(pictures.iter().filter(|p| p.png.is_some()).count())
            .unwrap_or(u32::MAX),
        page_problems: pictures
            .iter()
            .filter_map(|p| {
                p.problem
                    .as_ref()
                    .map(|m| format!("page {}: {m}", p.number))
            })
            .collect(),
        image_bytes: pictures
            .iter()
            .map(|p| p.png.as_ref().map_or(0, Vec::len))
            .sum(),
    }
}

/// The last component of a path, for titles.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

pub(crate) fn doc_type_name(t: DocType) -> &'static str {
    match t {
        DocType::Budget => "预算",
        DocType::FinalAccount => "决算",
        DocType::SelfEvaluation => "绩效自评",
        DocType::PerformanceTarget => "绩效目标",
        DocType::Unknown => "类型不明",
    }
}

pub(crate) fn format_name(f: SourceFormat) -> &'static str {
    match f {
        SourceFormat::Pdf => "pdf",
        SourceFormat::Docx => "docx",
        SourceFormat::Xlsx => "xlsx",
        SourceFormat::Xls => "xls",
        SourceFormat::Ods => "ods",
    }
}

fn count(doc: &Document, s: Severity) -> usize {
    doc.findings.iter().filter(|f| f.severity == s).count()
}

const SEVERITIES: [(Severity, &str); 3] = [
    (Severity::Error, "Errors"),
    (Severity::Warning, "Warnings"),
    (Severity::Info, "Info"),
];

fn side_panel(
    html: &mut String,
    doc: &Document,
    marks: &Marks<'_>,
    pictures: &[Picture],
    is_pdf: bool,
) {
    let _ = write!(
        html,
        "<nav id=\"side\">\n<h1 title=\"{path}\">{name}</h1>\n<p class=\"meta\">{dept}{year} · {dtype}<br>{fmt}{pages} · {tables} tables · {claims} claims</p>\n\
         <p class=\"counts\"><span class=\"n error\">{e} errors</span> <span class=\"n warning\">{w} warnings</span> <span class=\"n info\">{i} info</span></p>\n",
        path = esc(&doc.source.path),
        name = esc(file_name(&doc.source.path)),
        dept = esc(doc.meta.department.as_deref().unwrap_or("部门不明")),
        year = doc
            .meta
            .year
            .map_or_else(String::new, |y| format!(" · {y}")),
        dtype = doc_type_name(doc.meta.doc_type),
        fmt = format_name(doc.source.format),
        pages = if is_pdf {
            format!(", {} pages", doc.source.pages)
        } else {
            String::new()
        },
        tables = doc.tables.len(),
        claims = doc.records.claims.len(),
        e = count(doc, Severity::Error),
        w = count(doc, Severity::Warning),
        i = count(doc, Severity::Info),
    );
    for (severity, title) in SEVERITIES {
        let numbers: Vec<usize> = doc
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.severity == severity)
            .map(|(i, _)| i + 1)
            .collect();
        if numbers.is_empty() {
            continue;
        }
        let _ = writeln!(
            html,
            "<h2 class=\"{s}\">{title} ({n})</h2>\n<ol class=\"entries\">",
            s = severity_name(severity),
            n = numbers.len()
        );
        for n in numbers {
            let Some(f) = doc.findings.get(n - 1) else {
                continue;
            };
            let place = marks.places.get(n - 1).copied().unwrap_or(Place::Document);
            let _ = writeln!(
                html,
                "<li class=\"fentry {s}\" data-n=\"{n}\"><a href=\"#{id}\"><b>{n}</b> <span class=\"where\">{place}</span> <code>{rule}</code> {msg}</a></li>",
                s = severity_name(f.severity),
                id = finding_id(n),
                place = esc(&where_text(f, place)),
                rule = esc(&f.rule),
                msg = esc(&f.message),
            );
        }
        html.push_str("</ol>\n");
    }
    if doc.findings.is_empty() {
        html.push_str("<p class=\"none\">No findings.</p>\n");
    }
    if !pictures.is_empty() {
        html.push_str("<h2>Pages</h2>\n<p class=\"pagelinks\">");
        for p in pictures {
            let flagged = !marks.findings_on(p.number).is_empty();
            let _ = write!(
                html,
                "<a href=\"#page-{n}\"{c}>{n}</a> ",
                n = p.number,
                c = if flagged { " class=\"flagged\"" } else { "" }
            );
        }
        html.push_str("</p>\n");
    }
    if !doc.tables.is_empty() {
        html.push_str("<h2>Tables</h2>\n<ul class=\"tablelinks\">\n");
        for t in &doc.tables {
            let _ = writeln!(
                html,
                "<li><a href=\"#tv-{id}\">{tid} <span>{title}</span></a></li>",
                id = id_part(&t.id),
                tid = esc(&t.id),
                title = esc(t.title.as_deref().unwrap_or(t.kind.as_str())),
            );
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</nav>\n");
}

/// "p. 5 · t1 r8" for a finding's entry.
fn where_text(f: &Finding, place: Place) -> String {
    let mut parts = Vec::new();
    match (f.page, place) {
        (Some(p), _) => parts.push(format!("p. {p}")),
        (None, Place::Document) => parts.push("document".to_owned()),
        _ => {}
    }
    if let Some(t) = &f.table {
        match f.row {
            Some(r) => parts.push(format!("{t} r{r}")),
            None => parts.push(t.clone()),
        }
    }
    parts.join(" · ")
}

fn header(html: &mut String, doc: &Document) {
    let _ = write!(
        html,
        "<header>\n<h1>{path}</h1>\n<p class=\"meta\">sha256 <code>{sha}</code> · producer {producer}{ocr}</p>\n",
        path = esc(&doc.source.path),
        sha = esc(&doc.source.sha256),
        producer = esc(doc.source.producer.as_deref().unwrap_or("unknown")),
        ocr = if doc.source.ocr_pages.is_empty() {
            String::new()
        } else {
            format!(
                " · read by OCR: pages {}",
                esc(&yusuan_model::page_list(&doc.source.ocr_pages))
            )
        },
    );
    html.push_str(
        "<p class=\"legend\"><span class=\"k head\">header row</span> <span class=\"k total\">total row</span> \
         <span class=\"k merged\">merged cell</span> <span class=\"k claim\">claim sentence</span> \
         <span class=\"k error\">error</span> <span class=\"k warning\">warning</span> <span class=\"k info\">info</span></p>\n",
    );
    if !doc.warnings.is_empty() {
        let _ = writeln!(
            html,
            "<details class=\"warnings\"><summary>{} reader warnings</summary><ul>",
            doc.warnings.len()
        );
        for w in &doc.warnings {
            let _ = writeln!(html, "<li>{}</li>", esc(w));
        }
        html.push_str("</ul></details>\n");
    }
    html.push_str("</header>\n");
}

/// Findings about the whole document (no page, or a Word/workbook finding
/// naming no table cell or paragraph) get their box here.
fn document_findings(html: &mut String, doc: &Document, marks: &Marks<'_>, is_pdf: bool) {
    let numbers: Vec<usize> = doc
        .findings
        .iter()
        .enumerate()
        .filter(|(i, f)| {
            if is_pdf {
                matches!(marks.places.get(*i), Some(Place::Document) | None)
            } else {
                native_target(doc, f).is_none()
            }
        })
        .map(|(i, _)| i + 1)
        .collect();
    if numbers.is_empty() {
        return;
    }
    html.push_str("<section id=\"document-findings\">\n<h2>About the whole document</h2>\n");
    for n in numbers {
        let Some(f) = doc.findings.get(n - 1) else {
            continue;
        };
        let _ = writeln!(
            html,
            "<div class=\"fbox {s}\" id=\"{id}\" data-n=\"{n}\"><b>{n}</b> <code>{rule}</code> {msg}</div>",
            s = severity_name(f.severity),
            id = finding_id(n),
            rule = esc(&f.rule),
            msg = esc(&f.message),
        );
    }
    html.push_str("</section>\n");
}

fn page_section(html: &mut String, doc: &Document, marks: &Marks<'_>, picture: &Picture) {
    let (w, h) = picture.size;
    let n = picture.number;
    let _ = write!(
        html,
        "<section class=\"page\" id=\"page-{n}\">\n<h2>Page {n}</h2>\n<div class=\"page-row\">\n\
         <figure class=\"sheet\" style=\"max-width:{maxw:.0}px\"><div class=\"frame\" style=\"aspect-ratio:{w:.2} / {h:.2}\">",
        maxw = w * CSS_PX_PER_PT,
    );
    match &picture.png {
        Some(png) => {
            let _ = write!(
                html,
                "<img alt=\"page {n}\" width=\"{pw}\" height=\"{ph}\" src=\"data:image/png;base64,",
                pw = picture.pixels.0,
                ph = picture.pixels.1
            );
            base64::engine::general_purpose::STANDARD.encode_string(png, html);
            html.push_str("\">");
        }
        None => {
            let _ = write!(
                html,
                "<div class=\"placeholder\">page {n}: no image<br>{}</div>",
                esc(picture.problem.as_deref().unwrap_or(""))
            );
        }
    }
    let _ = write!(
        html,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.2} {h:.2}\" preserveAspectRatio=\"none\">\n{}</svg></div></figure>\n",
        marks.page_svg(n, w)
    );
    html.push_str("<aside class=\"notes\">\n");
    let on_page = marks.findings_on(n);
    if !on_page.is_empty() {
        html.push_str("<h3>Findings</h3>\n<ol class=\"notes\">\n");
        for k in on_page {
            let Some(f) = doc.findings.get(k - 1) else {
                continue;
            };
            note(html, k, f);
        }
        html.push_str("</ol>\n");
    }
    let claims: Vec<&Claim> = doc
        .records
        .claims
        .iter()
        .filter(|c| marks.sentence_boxes(c).first().map_or(c.page, |(p, _)| *p) == n)
        .collect();
    if !claims.is_empty() {
        html.push_str("<h3>Claims</h3>\n<ul class=\"claims\">\n");
        for c in claims {
            claim_item(html, marks, c);
        }
        html.push_str("</ul>\n");
    }
    for t in doc.tables.iter().filter(|t| t.pages.first() == Some(&n)) {
        table_view(html, doc, t, false);
    }
    html.push_str("</aside>\n</div>\n</section>\n");
}

/// A finding beside its page: number (linking to its box), rule, message,
/// both figures.
fn note(html: &mut String, n: usize, f: &Finding) {
    let figures = match (&f.expected, &f.actual) {
        (Some(e), Some(a)) => format!(
            " <span class=\"fig\">expected {e}, printed {a}{}</span>",
            f.unit
                .as_deref()
                .map_or_else(String::new, |u| format!(" {}", esc(u)))
        ),
        _ => String::new(),
    };
    let quote = f
        .quote
        .as_deref()
        .map_or_else(String::new, |q| format!("<q>{}</q>", esc(q)));
    let _ = writeln!(
        html,
        "<li class=\"note {s}\"><a href=\"#{id}\" title=\"{title}\"><b>{n}</b></a> <code>{rule}</code> {msg}{figures}{quote}</li>",
        s = severity_name(f.severity),
        id = finding_id(n),
        title = esc(&finding_title(n, f)),
        rule = esc(&f.rule),
        msg = esc(&f.message),
    );
}

fn claim_item(html: &mut String, marks: &Marks<'_>, c: &Claim) {
    let link = match (c.link.as_ref(), marks.claim_target(c)) {
        (Some(l), Some(target)) => format!(
            " → <a class=\"clink\" href=\"#{target}\">{t} “{label}” {raw}</a>",
            t = esc(&l.table),
            label = esc(&l.label),
            raw = esc(&l.raw)
        ),
        _ => String::new(),
    };
    let _ = writeln!(
        html,
        "<li><a href=\"#{sid}\">{id}</a> {subject}: <b>{value}</b>{link}</li>",
        sid = sentence_id(&c.paragraph, c.sentence),
        id = esc(&c.id),
        subject = esc(&c.subject),
        value = esc(&c.value.raw),
    );
}

/// Where a Word/workbook finding is marked in the HTML: a table cell (by
/// table index, row, column) or a paragraph.
enum NativeTarget<'d> {
    Cell(&'d Table, usize, usize),
    Paragraph(&'d str),
}

fn native_target<'d>(doc: &'d Document, f: &'d Finding) -> Option<NativeTarget<'d>> {
    if let (Some(t), Some(row)) = (f.table.as_deref(), f.row)
        && let Some(table) = doc.tables.iter().find(|x| x.id == t)
    {
        // A row finding marks the row's first cell from its label column on
        // (not a category cell merged down over many rows to its left).
        let from = table.sides.first().and_then(|s| s.label_col).unwrap_or(0);
        let cell = match f.col {
            Some(col) => table.cell_at(row, col),
            None => table
                .cells
                .iter()
                .filter(|c| c.row == row && c.col >= from)
                .min_by_key(|c| c.col),
        }
        .or_else(|| table.cell_at(row, from))?;
        return Some(NativeTarget::Cell(table, cell.row, cell.col));
    }
    if let Some(p) = f.paragraph.as_deref()
        && doc
            .text
            .iter()
            .flat_map(|s| s.paragraphs.iter())
            .any(|x| x.id == p)
    {
        return Some(NativeTarget::Paragraph(p));
    }
    None
}

fn native_sections(html: &mut String, doc: &Document, marks: &Marks<'_>) {
    html.push_str("<section class=\"native\">\n<p class=\"hint\">A Word document or workbook has no pages to draw: its tables and text follow, findings marked where they point.</p>\n");
    for t in &doc.tables {
        table_view(html, doc, t, true);
    }
    if !doc.text.is_empty() {
        html.push_str("<h2>Text</h2>\n");
    }
    for section in &doc.text {
        for p in &section.paragraphs {
            paragraph_html(html, doc, marks, p);
        }
    }
    html.push_str("</section>\n");
}

fn paragraph_html(
    html: &mut String,
    doc: &Document,
    marks: &Marks<'_>,
    p: &yusuan_model::Paragraph,
) {
    let tag = match p.role {
        ParagraphRole::Heading => "h3",
        ParagraphRole::Toc => "p class=\"toc\"",
        ParagraphRole::Body => "p",
    };
    let close = tag.split(' ').next().unwrap_or("p");
    let _ = write!(html, "<{tag} id=\"para-{}\">", id_part(&p.id));
    let chars: Vec<char> = p.text.chars().collect();
    let mut at = 0usize;
    for (i, (a, b)) in p.sentences().into_iter().enumerate() {
        let claims: Vec<&Claim> = doc
            .records
            .claims
            .iter()
            .filter(|c| c.paragraph == p.id && c.sentence == i)
            .collect();
        if claims.is_empty() {
            continue;
        }
        html.push_str(&esc(&chars
            .get(at..a)
            .unwrap_or_default()
            .iter()
            .collect::<String>()));
        let text: String = chars.get(a..b).unwrap_or_default().iter().collect();
        let _ = write!(
            html,
            "<mark class=\"claim\" id=\"{}\" title=\"{}\">{}</mark>",
            sentence_id(&p.id, i),
            esc(&claims
                .iter()
                .map(|c| format!("{} {}: {}", c.id, c.subject, c.value.raw))
                .collect::<Vec<_>>()
                .join("\n")),
            esc(&text)
        );
        for c in claims {
            if let (Some(l), Some(target)) = (c.link.as_ref(), marks.claim_target(c)) {
                let _ = write!(
                    html,
                    "<a class=\"clink\" href=\"#{target}\">→ {} “{}”</a>",
                    esc(&l.table),
                    esc(&l.label)
                );
            }
        }
        at = b;
    }
    html.push_str(&esc(&chars
        .get(at..)
        .unwrap_or_default()
        .iter()
        .collect::<String>()));
    for (i, f) in doc.findings.iter().enumerate() {
        if let Some(NativeTarget::Paragraph(id)) = native_target(doc, f)
            && id == p.id
        {
            badge(html, i + 1, f, true);
        }
    }
    let _ = writeln!(html, "</{close}>");
}

/// A finding's number in the table view or the text. In a Word/workbook
/// report it is the finding's box (`boxed`); in a PDF report a link to the
/// box on the page.
fn badge(html: &mut String, n: usize, f: &Finding, boxed: bool) {
    let s = severity_name(f.severity);
    let title = esc(&finding_title(n, f));
    if boxed {
        let _ = write!(
            html,
            "<span class=\"fbox badge {s}\" id=\"{id}\" data-n=\"{n}\" title=\"{title}\">{n}</span>",
            id = finding_id(n)
        );
    } else {
        let _ = write!(
            html,
            "<a class=\"badge {s}\" href=\"#{id}\" title=\"{title}\">{n}</a>",
            id = finding_id(n)
        );
    }
}

/// A reconstructed grid as an HTML table (rowspan/colspan as layout found
/// them), header rows as `th`, rows classed by their role.
fn table_view(html: &mut String, doc: &Document, t: &Table, boxed: bool) {
    let tid = id_part(&t.id);
    let _ = writeln!(
        html,
        "<details class=\"tview\" id=\"tv-{tid}\" open><summary><b>{id}</b> {title} <span class=\"dim\">{kind} · {unit}{pages} · {r}×{c} · {method}</span></summary>",
        id = esc(&t.id),
        title = esc(t.title.as_deref().unwrap_or("(untitled)")),
        kind = t.kind.as_str(),
        unit = esc(t.unit.as_deref().unwrap_or("no unit")),
        pages = if t.pages.is_empty() {
            String::new()
        } else {
            format!(" · p. {}", yusuan_model::page_list(&t.pages))
        },
        r = t.n_rows,
        c = t.n_cols,
        method = esc(&t.method),
    );
    for line in &t.heading {
        let _ = writeln!(html, "<p class=\"heading\">{}</p>", esc(line));
    }
    // Finding numbers per cell of this table.
    let mut marked: Vec<(usize, usize, usize)> = Vec::new();
    for (i, f) in doc.findings.iter().enumerate() {
        if let Some(NativeTarget::Cell(table, r, c)) = native_target(doc, f)
            && table.id == t.id
        {
            marked.push((r, c, i + 1));
        }
    }
    html.push_str("<div class=\"scroll\"><table class=\"grid\">\n");
    let grid = t.grid();
    for (r, row) in grid.iter().enumerate() {
        let role = t
            .sides
            .first()
            .and_then(|s| s.rows.get(r))
            .map_or(RowRole::Item, |x| x.role);
        let _ = write!(html, "<tr class=\"{}\">", role_class(role));
        for (c, slot) in row.iter().enumerate() {
            let cell = slot.and_then(|i| t.cells.get(i));
            match cell {
                None => html.push_str("<td class=\"hole\"></td>"),
                Some(cell) if cell.row == r && cell.col == c => {
                    let kind = cell_kind(t, cell);
                    let tag = if kind == CellKind::Header { "th" } else { "td" };
                    let mut class = match kind {
                        CellKind::Header => "head",
                        CellKind::Total => "total",
                        CellKind::Body => "",
                    }
                    .to_owned();
                    if cell.rowspan > 1 || cell.colspan > 1 {
                        class.push_str(" merged");
                    }
                    let here: Vec<usize> = marked
                        .iter()
                        .filter(|(mr, mc, _)| *mr == r && *mc == c)
                        .map(|(_, _, n)| *n)
                        .collect();
                    if let Some(worst) = here
                        .iter()
                        .filter_map(|n| doc.findings.get(n - 1))
                        .map(|f| f.severity)
                        .max()
                    {
                        class.push_str(" f-");
                        class.push_str(severity_name(worst));
                    }
                    let _ = write!(
                        html,
                        "<{tag} id=\"tv-{tid}-{r}-{c}\"{span}{cls}>{text}",
                        span = span_attrs(cell.rowspan, cell.colspan),
                        cls = if class.trim().is_empty() {
                            String::new()
                        } else {
                            format!(" class=\"{}\"", class.trim())
                        },
                        text = esc(&cell.text).replace('\n', "<br>"),
                    );
                    for n in here {
                        if let Some(f) = doc.findings.get(n - 1) {
                            badge(html, n, f, boxed);
                        }
                    }
                    let _ = write!(html, "</{tag}>");
                }
                Some(_) => {}
            }
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table></div></details>\n");
}

fn span_attrs(rowspan: usize, colspan: usize) -> String {
    let mut s = String::new();
    if rowspan > 1 {
        let _ = write!(s, " rowspan=\"{rowspan}\"");
    }
    if colspan > 1 {
        let _ = write!(s, " colspan=\"{colspan}\"");
    }
    s
}

fn role_class(role: RowRole) -> &'static str {
    match role {
        RowRole::Header => "r-header",
        RowRole::ColumnNumbers => "r-colnum",
        RowRole::Subtotal => "r-subtotal",
        RowRole::Total => "r-total",
        RowRole::GrandTotal => "r-grand",
        RowRole::OfWhich => "r-ofwhich",
        RowRole::Repeat => "r-repeat",
        RowRole::Note => "r-note",
        RowRole::Blank => "r-blank",
        _ => "r-item",
    }
}
