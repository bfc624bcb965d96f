//! Office Open XML workbooks (.xlsx, .xlsm): the workbook part, shared
//! strings, styles (number formats and borders) and each worksheet, read as
//! streams with capped sizes.

use std::collections::BTreeMap;
use std::io::BufReader;

use crate::Limits;
use crate::archive::Package;
use crate::error::{Error, ErrorKind};
use crate::format::{self, Value};
use crate::grid::{Merge, RawCell, RawSheet, parse_range, parse_reference};
use crate::xml::{Item, XmlReader};

/// The workbook part where Excel puts it; `_rels/.rels` may name another.
const DEFAULT_WORKBOOK: &str = "xl/workbook.xml";

/// Largest `_rels`, `docProps` or `workbook.xml` part we read whole.
const MAX_SMALL_PART_BYTES: u64 = 8 << 20;

/// Excel's grid: 1,048,576 rows × 16,384 columns.
const MAX_ROW: u32 = 1_048_576;
const MAX_COL: u32 = 16_384;

/// A workbook as read: sheets in workbook order and document facts.
pub(crate) struct Workbook {
    pub(crate) producer: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) sheets: Vec<RawSheet>,
    pub(crate) warnings: Vec<String>,
}

/// What a cell style says: its number format and whether it has a border.
#[derive(Debug, Clone, Default)]
struct CellStyle {
    format: String,
    framed: bool,
}

/// Whether a cell's borders make it a table cell: a vertical rule on either
/// side, or rules above and below. A lone top or bottom rule is the edge of
/// the table next to it: Excel stores the rule under a table's last row as
/// the top border of the note below it (松岗街道's 备注 row), and that note
/// is printed outside the frame.
pub(crate) fn is_frame(left: bool, right: bool, top: bool, bottom: bool) -> bool {
    left || right || (top && bottom)
}

/// Whether the package is an OOXML workbook (`xl/workbook.xml` or the
/// binary `xl/workbook.bin`).
pub(crate) fn is_xlsx(pkg: &Package<'_>) -> bool {
    pkg.has(DEFAULT_WORKBOOK) || pkg.has("xl/workbook.bin")
}

pub(crate) fn read_xlsx(pkg: &mut Package<'_>, limits: &Limits) -> Result<Workbook, Error> {
    let main = main_part(pkg).unwrap_or_else(|| DEFAULT_WORKBOOK.to_owned());
    if main.ends_with(".bin") || (!pkg.has(&main) && pkg.has("xl/workbook.bin")) {
        return Err(Error::new(
            ErrorKind::Unsupported,
            "binary excel workbook (.xlsb) is not read; hint: save it as .xlsx, or convert it with \
             `soffice --headless --convert-to xlsx FILE`",
        ));
    }
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
    let rels_name = match main.rsplit_once('/') {
        Some((d, f)) => format!("{d}/_rels/{f}.rels"),
        None => format!("_rels/{main}.rels"),
    };
    let rels = if pkg.has(&rels_name) {
        read_rels(
            &pkg.read_part(&rels_name, MAX_SMALL_PART_BYTES)?,
            &rels_name,
        )?
    } else {
        Vec::new()
    };
    let target = |ty: &str, default: &str| -> String {
        rels.iter()
            .find(|r| r.ty.ends_with(ty))
            .map(|r| resolve(&dir, &r.target))
            .unwrap_or_else(|| format!("{dir}/{default}"))
    };
    let (entries, date1904) = read_workbook(&pkg.read_part(&main, MAX_SMALL_PART_BYTES)?, &main)?;
    let shared_name = target("/sharedStrings", "sharedStrings.xml");
    let shared = if pkg.has(&shared_name) {
        read_shared_strings(pkg, &shared_name, limits)?
    } else {
        Vec::new()
    };
    let styles_name = target("/styles", "styles.xml");
    let styles = if pkg.has(&styles_name) {
        read_styles(
            &pkg.read_part(&styles_name, limits.max_part_bytes)?,
            &styles_name,
        )?
    } else {
        Vec::new()
    };
    let mut sheets = Vec::new();
    let mut warnings = Vec::new();
    let mut cells_left = limits.max_cells;
    for (i, e) in entries.iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let Some(rel) = rels.iter().find(|r| r.id == e.rel_id) else {
            warnings.push(format!(
                "sheet {:?}: no part found for relationship {:?}; sheet skipped",
                e.name, e.rel_id
            ));
            continue;
        };
        if !rel.ty.ends_with("/worksheet") {
            // Chart sheets and dialog sheets hold no cells.
            continue;
        }
        let part = resolve(&dir, &rel.target);
        let mut raw = read_worksheet(
            pkg,
            &part,
            &shared,
            &styles,
            date1904,
            limits,
            &mut cells_left,
        )?;
        raw.name = e.name.clone();
        raw.number = number;
        raw.hidden = e.hidden;
        sheets.push(raw);
    }
    let (producer, title) = read_metadata(pkg);
    Ok(Workbook {
        producer,
        title,
        sheets,
        warnings,
    })
}

/// A relationship of a `.rels` part.
struct Rel {
    id: String,
    ty: String,
    target: String,
}

fn read_rels(xml: &[u8], part: &str) -> Result<Vec<Rel>, Error> {
    let mut r = XmlReader::new(xml, part, MAX_SMALL_PART_BYTES);
    let mut out = Vec::new();
    loop {
        match r.next()? {
            Item::Start(t) if t.name == b"Relationship" => out.push(Rel {
                id: t.attr(b"Id").unwrap_or("").to_owned(),
                ty: t.attr(b"Type").unwrap_or("").to_owned(),
                target: t.attr(b"Target").unwrap_or("").to_owned(),
            }),
            Item::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The officeDocument target of `_rels/.rels`.
fn main_part(pkg: &mut Package<'_>) -> Option<String> {
    let xml = pkg.read_part("_rels/.rels", MAX_SMALL_PART_BYTES).ok()?;
    let rels = read_rels(&xml, "_rels/.rels").ok()?;
    rels.into_iter()
        .find(|r| r.ty.ends_with("/officeDocument"))
        .map(|r| r.target.trim_start_matches('/').to_owned())
}

/// A relationship target relative to the part's folder ("worksheets/sheet1.xml"
/// in "xl"), or absolute ("/xl/worksheets/sheet1.xml").
fn resolve(dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_owned();
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A `<sheet>` of the workbook part.
struct SheetEntry {
    name: String,
    rel_id: String,
    hidden: bool,
}

fn read_workbook(xml: &[u8], part: &str) -> Result<(Vec<SheetEntry>, bool), Error> {
    let mut r = XmlReader::new(xml, part, MAX_SMALL_PART_BYTES);
    let mut sheets = Vec::new();
    let mut date1904 = false;
    let mut saw_root = false;
    loop {
        match r.next()? {
            Item::Start(t) if t.name == b"workbook" => saw_root = true,
            Item::Start(t) if t.name == b"workbookPr" => {
                date1904 = matches!(t.attr(b"date1904"), Some("1" | "true"));
            }
            Item::Start(t) if t.name == b"sheet" => sheets.push(SheetEntry {
                name: t.attr(b"name").unwrap_or("").to_owned(),
                rel_id: t
                    .attr_qualified(b"r:id")
                    .or_else(|| t.attr(b"id"))
                    .unwrap_or("")
                    .to_owned(),
                hidden: matches!(t.attr(b"state"), Some("hidden" | "veryHidden")),
            }),
            Item::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(Error::new(
            ErrorKind::Malformed,
            format!("{part}: no <workbook> element"),
        ));
    }
    Ok((sheets, date1904))
}

/// Collects the text of `<t>` elements inside the current element, leaving
/// out phonetic runs (`<rPh>`), until the element named `end` closes.
fn read_rich_text<R: std::io::BufRead>(r: &mut XmlReader<R>, end: &[u8]) -> Result<String, Error> {
    let mut out = String::new();
    let mut in_t = false;
    loop {
        match r.next()? {
            Item::Start(t) if t.name == b"rPh" => r.skip_element()?,
            Item::Start(t) if t.name == b"t" => in_t = true,
            Item::End(n) if n == b"t" => in_t = false,
            Item::End(n) if n == end => return Ok(out),
            Item::Text(s) if in_t => out.push_str(&s),
            Item::Eof => return Ok(out),
            _ => {}
        }
    }
}

fn read_shared_strings(
    pkg: &mut Package<'_>,
    part: &str,
    limits: &Limits,
) -> Result<Vec<String>, Error> {
    let reader = pkg.open_capped(part, limits.max_part_bytes)?;
    let mut r = XmlReader::new(BufReader::new(reader), part, limits.max_part_bytes);
    let mut out = Vec::new();
    loop {
        match r.next()? {
            Item::Start(t) if t.name == b"si" => {
                if out.len() >= limits.max_shared_strings {
                    return Err(Error::new(
                        ErrorKind::TooLarge,
                        format!(
                            "{part}: more than {} shared strings",
                            limits.max_shared_strings
                        ),
                    ));
                }
                out.push(read_rich_text(&mut r, b"si")?);
            }
            Item::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Cell styles (`cellXfs`) with their number format codes and borders.
fn read_styles(xml: &[u8], part: &str) -> Result<Vec<CellStyle>, Error> {
    let mut r = XmlReader::new(xml, part, u64::MAX);
    let mut formats: BTreeMap<u32, String> = BTreeMap::new();
    // Per border: [left, right, top, bottom] drawn.
    let mut borders: Vec<[bool; 4]> = Vec::new();
    let mut xfs: Vec<(u32, usize)> = Vec::new();
    let mut section: Vec<u8> = Vec::new();
    let mut in_border = false;
    loop {
        match r.next()? {
            Item::Start(t) => match t.name.as_slice() {
                b"numFmt" => {
                    if let (Some(id), Some(code)) = (
                        t.attr(b"numFmtId").and_then(|v| v.parse().ok()),
                        t.attr(b"formatCode"),
                    ) {
                        formats.insert(id, code.to_owned());
                    }
                }
                b"borders" | b"cellXfs" | b"cellStyleXfs" | b"dxfs" => section = t.name.clone(),
                b"border" if section == b"borders" => {
                    borders.push([false; 4]);
                    in_border = true;
                }
                b"left" | b"right" | b"top" | b"bottom" | b"start" | b"end" if in_border => {
                    let side = match t.name.as_slice() {
                        b"left" | b"start" => 0,
                        b"right" | b"end" => 1,
                        b"top" => 2,
                        _ => 3,
                    };
                    if t.attr(b"style").is_some_and(|s| s != "none")
                        && let Some(slot) = borders.last_mut().and_then(|b| b.get_mut(side))
                    {
                        *slot = true;
                    }
                }
                b"xf" if section == b"cellXfs" => {
                    let fmt = t
                        .attr(b"numFmtId")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    let border = t
                        .attr(b"borderId")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    xfs.push((fmt, border));
                }
                _ => {}
            },
            Item::End(n) => {
                if n == b"border" {
                    in_border = false;
                }
                if n == section {
                    section.clear();
                }
            }
            Item::Text(_) => {}
            Item::Eof => break,
        }
    }
    Ok(xfs
        .into_iter()
        .map(|(fmt, border)| CellStyle {
            format: formats
                .get(&fmt)
                .cloned()
                .unwrap_or_else(|| format::builtin_format(fmt).to_owned()),
            framed: borders
                .get(border)
                .is_some_and(|&[l, r, t, b]| is_frame(l, r, t, b)),
        })
        .collect())
}

/// The cell being read.
#[derive(Default)]
struct PendingCell {
    row: u32,
    col: u32,
    style: usize,
    ty: String,
    value: Option<String>,
    inline: Option<String>,
}

#[allow(clippy::too_many_arguments)]
fn read_worksheet(
    pkg: &mut Package<'_>,
    part: &str,
    shared: &[String],
    styles: &[CellStyle],
    date1904: bool,
    limits: &Limits,
    cells_left: &mut usize,
) -> Result<RawSheet, Error> {
    let reader = pkg.open_capped(part, limits.max_part_bytes)?;
    let mut r = XmlReader::new(BufReader::new(reader), part, limits.max_part_bytes);
    let mut sheet = RawSheet::default();
    let mut row: u32 = 0;
    let mut next_row: u32 = 0;
    let mut next_col: u32 = 0;
    let mut cell: Option<PendingCell> = None;
    let mut in_v = false;
    let bad = |what: String| Error::new(ErrorKind::Malformed, format!("{part}: {what}"));
    loop {
        match r.next()? {
            Item::Start(t) => match t.name.as_slice() {
                b"row" => {
                    row = match t.attr(b"r") {
                        Some(v) => {
                            v.parse::<u32>()
                                .ok()
                                .filter(|n| (1..=MAX_ROW).contains(n))
                                .ok_or_else(|| bad(format!("row number {v:?} out of range")))?
                                - 1
                        }
                        None => next_row,
                    };
                    next_row = row.saturating_add(1);
                    next_col = 0;
                    if matches!(t.attr(b"hidden"), Some("1" | "true")) {
                        sheet.hidden_rows.push((row, row));
                    }
                }
                b"c" => {
                    let (crow, col) = match t.attr(b"r") {
                        Some(v) => parse_reference(v)
                            .filter(|(rr, cc)| *rr < MAX_ROW && *cc < MAX_COL)
                            .ok_or_else(|| bad(format!("cell reference {v:?} out of range")))?,
                        None => (row, next_col),
                    };
                    next_col = col.saturating_add(1);
                    cell = Some(PendingCell {
                        row: crow,
                        col,
                        style: t.attr(b"s").and_then(|v| v.parse().ok()).unwrap_or(0),
                        ty: t.attr(b"t").unwrap_or("n").to_owned(),
                        ..PendingCell::default()
                    });
                }
                b"v" if cell.is_some() => in_v = true,
                b"is" if cell.is_some() => {
                    let text = read_rich_text(&mut r, b"is")?;
                    if let Some(c) = cell.as_mut() {
                        c.inline = Some(text);
                    }
                }
                b"f" => r.skip_element()?,
                b"col" => {
                    let min = t.attr(b"min").and_then(|v| v.parse::<u32>().ok());
                    let max = t.attr(b"max").and_then(|v| v.parse::<u32>().ok());
                    if let (Some(a), Some(b)) = (min, max)
                        && a >= 1
                        && matches!(t.attr(b"hidden"), Some("1" | "true"))
                    {
                        sheet.hidden_cols.push((a - 1, b.clamp(a, MAX_COL) - 1));
                    }
                }
                b"mergeCell" => {
                    if let Some(m) = t.attr(b"ref").and_then(parse_range) {
                        if sheet.merges.len() >= limits.max_merges {
                            return Err(Error::new(
                                ErrorKind::TooLarge,
                                format!("{part}: more than {} merged ranges", limits.max_merges),
                            ));
                        }
                        sheet.merges.push(clip_merge(m));
                    }
                }
                _ => {}
            },
            Item::Text(s) if in_v => {
                if let Some(c) = cell.as_mut() {
                    c.value.get_or_insert_with(String::new).push_str(&s);
                }
            }
            Item::Text(_) => {}
            Item::End(n) => match n.as_slice() {
                b"v" => in_v = false,
                b"c" => {
                    if let Some(c) = cell.take() {
                        let style = styles.get(c.style).cloned().unwrap_or_default();
                        let text = cell_text(&c, shared, &style, date1904).map_err(|m| {
                            bad(format!(
                                "cell {}: {m}",
                                crate::grid::cell_reference(c.row, c.col)
                            ))
                        })?;
                        if !text.trim().is_empty() || style.framed {
                            *cells_left = cells_left.checked_sub(1).ok_or_else(|| {
                                Error::new(
                                    ErrorKind::TooLarge,
                                    format!(
                                        "{part}: the workbook has more than {} cells",
                                        limits.max_cells
                                    ),
                                )
                            })?;
                            sheet.cells.push(RawCell {
                                row: c.row,
                                col: c.col,
                                text,
                                framed: style.framed,
                            });
                        }
                    }
                }
                _ => {}
            },
            Item::Eof => break,
        }
    }
    Ok(sheet)
}

fn clip_merge(m: Merge) -> Merge {
    Merge {
        r0: m.r0.min(MAX_ROW - 1),
        c0: m.c0.min(MAX_COL - 1),
        r1: m.r1.min(MAX_ROW - 1),
        c1: m.c1.min(MAX_COL - 1),
    }
}

/// The text a cell shows.
fn cell_text(
    c: &PendingCell,
    shared: &[String],
    style: &CellStyle,
    date1904: bool,
) -> Result<String, String> {
    let raw = c.value.as_deref().unwrap_or("");
    let value = match c.ty.as_str() {
        "s" => {
            if raw.trim().is_empty() {
                return Ok(String::new());
            }
            let i: usize = raw
                .trim()
                .parse()
                .map_err(|_| format!("shared string index {raw:?} is not a number"))?;
            let s = shared.get(i).ok_or_else(|| {
                format!(
                    "shared string index {i} out of range ({} strings)",
                    shared.len()
                )
            })?;
            Value::Text(s.clone())
        }
        "inlineStr" => Value::Text(c.inline.clone().unwrap_or_default()),
        "str" | "d" => Value::Text(raw.to_owned()),
        "b" => Value::Bool(raw.trim() == "1"),
        "e" => Value::Error(raw.to_owned()),
        _ => {
            if raw.trim().is_empty() {
                return Ok(c.inline.clone().unwrap_or_default());
            }
            match format::parse_number(raw) {
                Some(n) => Value::Number(n),
                None => Value::Text(raw.to_owned()),
            }
        }
    };
    Ok(normalize_breaks(&format::display(
        &value,
        &style.format,
        date1904,
    )))
}

/// Line breaks as "\n", outer whitespace trimmed.
pub(crate) fn normalize_breaks(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

/// `(producer, title)` from `docProps/app.xml` and `docProps/core.xml`.
fn read_metadata(pkg: &mut Package<'_>) -> (Option<String>, Option<String>) {
    let text_of = |pkg: &mut Package<'_>, part: &str, local: &[u8]| -> Option<String> {
        let xml = pkg.read_part(part, MAX_SMALL_PART_BYTES).ok()?;
        let mut r = XmlReader::new(xml.as_slice(), part, MAX_SMALL_PART_BYTES);
        let mut inside = false;
        let mut out = String::new();
        loop {
            match r.next().ok()? {
                Item::Start(t) if t.name == local => inside = true,
                Item::End(n) if inside && n == local => break,
                Item::Text(s) if inside => out.push_str(&s),
                Item::Eof => break,
                _ => {}
            }
        }
        let out = out.trim();
        (!out.is_empty()).then(|| out.to_owned())
    };
    let producer = text_of(pkg, "docProps/app.xml", b"Application");
    let title = text_of(pkg, "docProps/core.xml", b"title");
    (producer, title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_workbook_folder() {
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl", "/xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(resolve("xl/sub", "../styles.xml"), "xl/styles.xml");
    }
}
