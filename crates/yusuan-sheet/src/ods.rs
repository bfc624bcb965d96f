//! OpenDocument spreadsheets (.ods): `content.xml` streamed, with the
//! automatic styles (borders, hidden sheets) it declares and the common
//! styles of `styles.xml`.
//!
//! ODS stores each cell's displayed text in its `text:p` paragraphs, so the
//! text comes as the producing application formatted it; no number format
//! is applied here.

use std::collections::BTreeMap;
use std::io::BufReader;

use crate::Limits;
use crate::archive::Package;
use crate::error::{Error, ErrorKind};
use crate::grid::{Merge, RawCell, RawSheet};
use crate::xlsx::{Workbook, normalize_breaks};
use crate::xml::{Item, Tag, XmlReader};

/// The mimetype of an OpenDocument spreadsheet (and its template).
const MIMETYPES: [&str; 2] = [
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.spreadsheet-template",
];

/// ODS grids: LibreOffice allows 1,048,576 rows and 16,384 columns.
const MAX_ROW: u32 = 1_048_576;
const MAX_COL: u32 = 16_384;

/// Whether the package is an OpenDocument spreadsheet (by its mimetype
/// part, else by content.xml and no other main part).
pub(crate) fn is_ods(pkg: &mut Package<'_>) -> bool {
    match pkg.read_part("mimetype", 256) {
        Ok(m) => {
            let m = String::from_utf8_lossy(&m);
            MIMETYPES.contains(&m.trim())
        }
        Err(_) => false,
    }
}

/// What a style says about cells and tables.
#[derive(Debug, Clone, Default)]
struct Style {
    parent: Option<String>,
    /// Borders drawn: left, right, top, bottom; `None` when the style
    /// states none (the parent's apply).
    borders: Option<[bool; 4]>,
    /// `table:display="false"`: a hidden sheet.
    hidden_table: bool,
}

fn read_style_props(t: &Tag, style: &mut Style) {
    let visible = |v: &str| !v.trim().eq_ignore_ascii_case("none") && !v.trim().is_empty();
    if let Some(v) = t.attr(b"border") {
        style.borders = Some([visible(v); 4]);
    }
    for (k, side) in [
        b"border-left".as_slice(),
        b"border-right",
        b"border-top",
        b"border-bottom",
    ]
    .into_iter()
    .enumerate()
    {
        if let Some(v) = t.attr(side) {
            let mut b = style.borders.unwrap_or([false; 4]);
            if let Some(slot) = b.get_mut(k) {
                *slot = visible(v);
            }
            style.borders = Some(b);
        }
    }
    if t.attr(b"display") == Some("false") {
        style.hidden_table = true;
    }
}

/// Reads `style:style` elements of a styles section into `styles`.
fn read_styles_from<R: std::io::BufRead>(
    r: &mut XmlReader<R>,
    styles: &mut BTreeMap<String, Style>,
    stop_at: Option<&[u8]>,
) -> Result<(), Error> {
    let mut current: Option<(String, Style)> = None;
    loop {
        match r.next()? {
            Item::Start(t) if t.name == b"style" => {
                let name = t.attr(b"name").unwrap_or("").to_owned();
                let style = Style {
                    parent: t.attr(b"parent-style-name").map(str::to_owned),
                    ..Style::default()
                };
                current = Some((name, style));
            }
            Item::Start(t)
                if t.name == b"table-cell-properties" || t.name == b"table-properties" =>
            {
                if let Some((_, s)) = current.as_mut() {
                    read_style_props(&t, s);
                }
            }
            Item::End(n) if n == b"style" => {
                if let Some((name, s)) = current.take() {
                    styles.insert(name, s);
                }
            }
            Item::End(n) if stop_at.is_some_and(|s| s == n.as_slice()) => return Ok(()),
            Item::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn is_framed(styles: &BTreeMap<String, Style>, name: Option<&str>) -> bool {
    let mut name = name;
    // A parent chain is short; the bound guards against a cycle.
    for _ in 0..8 {
        let Some(s) = name.and_then(|n| styles.get(n)) else {
            return false;
        };
        if let Some([l, r, t, b]) = s.borders {
            return crate::xlsx::is_frame(l, r, t, b);
        }
        name = s.parent.as_deref();
    }
    false
}

/// The state of the table being read.
#[derive(Default)]
struct TableState {
    sheet: RawSheet,
    row: u32,
    col: u32,
    /// Column index → default cell style, for columns declared so far.
    col_styles: Vec<(u32, u32, Option<String>)>,
    next_col_decl: u32,
    /// The row being read: repeat count and default cell style.
    row_repeat: u32,
    row_style: Option<String>,
    row_cells: Vec<RawCell>,
    row_merges: Vec<Merge>,
}

/// The cell being read.
struct CellState {
    style: Option<String>,
    col_repeat: u32,
    colspan: u32,
    rowspan: u32,
    covered: bool,
    text: String,
    paragraphs: usize,
}

pub(crate) fn read_ods(pkg: &mut Package<'_>, limits: &Limits) -> Result<Workbook, Error> {
    let mut styles: BTreeMap<String, Style> = BTreeMap::new();
    if pkg.has("styles.xml") {
        let reader = pkg.open_capped("styles.xml", limits.max_part_bytes)?;
        let mut r = XmlReader::new(BufReader::new(reader), "styles.xml", limits.max_part_bytes);
        read_styles_from(&mut r, &mut styles, None)?;
    }
    let part = "content.xml";
    let reader = pkg.open_capped(part, limits.max_part_bytes)?;
    let mut r = XmlReader::new(BufReader::new(reader), part, limits.max_part_bytes);
    let mut sheets: Vec<RawSheet> = Vec::new();
    let mut table: Option<TableState> = None;
    let mut cell: Option<CellState> = None;
    let mut cells_left = limits.max_cells;
    let mut saw_spreadsheet = false;
    let too_large = |what: String| Error::new(ErrorKind::TooLarge, format!("{part}: {what}"));
    loop {
        match r.next()? {
            Item::Start(t) => match t.name.as_slice() {
                b"automatic-styles" if table.is_none() => {
                    read_styles_from(&mut r, &mut styles, Some(b"automatic-styles"))?;
                }
                b"spreadsheet" => saw_spreadsheet = true,
                b"table" if cell.is_none() => {
                    let name = t.attr(b"name").unwrap_or("").to_owned();
                    let hidden = t
                        .attr(b"style-name")
                        .and_then(|s| styles.get(s))
                        .is_some_and(|s| s.hidden_table);
                    let number = u32::try_from(sheets.len() + 1).unwrap_or(u32::MAX);
                    table = Some(TableState {
                        sheet: RawSheet {
                            name,
                            number,
                            hidden,
                            ..RawSheet::default()
                        },
                        ..TableState::default()
                    });
                }
                b"table-column" => {
                    if let Some(ts) = table.as_mut() {
                        let n = repeat(&t, b"number-columns-repeated");
                        let a = ts.next_col_decl;
                        let b = a.saturating_add(n - 1).min(MAX_COL - 1);
                        if matches!(t.attr(b"visibility"), Some("collapse" | "filter")) {
                            ts.sheet.hidden_cols.push((a, b));
                        }
                        ts.col_styles.push((
                            a,
                            b,
                            t.attr(b"default-cell-style-name").map(str::to_owned),
                        ));
                        ts.next_col_decl = b.saturating_add(1);
                    }
                }
                b"table-row" => {
                    if let Some(ts) = table.as_mut() {
                        ts.row_repeat = repeat(&t, b"number-rows-repeated");
                        ts.row_style = t.attr(b"default-cell-style-name").map(str::to_owned);
                        ts.col = 0;
                        ts.row_cells.clear();
                        ts.row_merges.clear();
                        if matches!(t.attr(b"visibility"), Some("collapse" | "filter")) {
                            let end = ts.row.saturating_add(ts.row_repeat - 1).min(MAX_ROW - 1);
                            ts.sheet.hidden_rows.push((ts.row, end));
                        }
                    }
                }
                b"table-cell" | b"covered-table-cell" if table.is_some() && cell.is_none() => {
                    cell = Some(CellState {
                        style: t.attr(b"style-name").map(str::to_owned),
                        col_repeat: repeat(&t, b"number-columns-repeated"),
                        colspan: repeat(&t, b"number-columns-spanned"),
                        rowspan: repeat(&t, b"number-rows-spanned"),
                        covered: t.name == b"covered-table-cell",
                        text: String::new(),
                        paragraphs: 0,
                    });
                }
                b"p" | b"h" => {
                    if let Some(c) = cell.as_mut() {
                        if c.paragraphs > 0 {
                            c.text.push('\n');
                        }
                        c.paragraphs += 1;
                    }
                }
                b"s" => {
                    if let Some(c) = cell.as_mut() {
                        let n = t
                            .attr(b"c")
                            .and_then(|v| v.parse::<usize>().ok())
                            .unwrap_or(1);
                        c.text.push_str(&" ".repeat(n.min(64)));
                    }
                }
                b"tab" => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push('\t');
                    }
                }
                b"line-break" => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push('\n');
                    }
                }
                // Comments are not what the sheet shows.
                b"annotation" => r.skip_element()?,
                _ => {}
            },
            Item::Text(s) => {
                if let Some(c) = cell.as_mut()
                    && c.paragraphs > 0
                {
                    c.text.push_str(&s);
                }
            }
            Item::End(n) => match n.as_slice() {
                b"table-cell" | b"covered-table-cell" => {
                    if let (Some(c), Some(ts)) = (cell.take(), table.as_mut()) {
                        finish_cell(ts, c, &styles)?;
                    }
                }
                b"table-row" => {
                    if let Some(ts) = table.as_mut() {
                        finish_row(ts, &mut cells_left, limits, &too_large)?;
                    }
                }
                b"table" => {
                    if let Some(ts) = table.take() {
                        sheets.push(ts.sheet);
                    }
                }
                _ => {}
            },
            Item::Eof => break,
        }
    }
    if !saw_spreadsheet {
        return Err(Error::new(
            ErrorKind::NotSpreadsheet,
            "content.xml holds no office:spreadsheet (an opendocument text or presentation?)",
        ));
    }
    drop(r);
    let (producer, title) = read_meta(pkg);
    Ok(Workbook {
        producer,
        title,
        sheets,
        warnings: Vec::new(),
    })
}

/// A repeat or span count, at least 1.
fn repeat(t: &Tag, attr: &[u8]) -> u32 {
    t.attr(attr)
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_ROW)
}

fn finish_cell(
    ts: &mut TableState,
    c: CellState,
    styles: &BTreeMap<String, Style>,
) -> Result<(), Error> {
    let col = ts.col;
    ts.col = ts.col.saturating_add(c.col_repeat).min(MAX_COL);
    if col >= MAX_COL {
        return Ok(());
    }
    let style = c.style.clone().or_else(|| {
        ts.col_styles
            .iter()
            .find(|(a, b, _)| *a <= col && col <= *b)
            .and_then(|(_, _, s)| s.clone())
            .or_else(|| ts.row_style.clone())
    });
    let framed = is_framed(styles, style.as_deref());
    let text = normalize_breaks(&c.text);
    if c.covered || (text.is_empty() && !framed) {
        return Ok(());
    }
    let reps = c.col_repeat.min(MAX_COL - col);
    for k in 0..reps {
        ts.row_cells.push(RawCell {
            row: 0,
            col: col + k,
            text: text.clone(),
            framed,
        });
        if c.colspan > 1 || c.rowspan > 1 {
            ts.row_merges.push(Merge {
                r0: 0,
                c0: col + k,
                r1: c.rowspan - 1,
                c1: (col + k).saturating_add(c.colspan - 1).min(MAX_COL - 1),
            });
        }
    }
    Ok(())
}

fn finish_row(
    ts: &mut TableState,
    cells_left: &mut usize,
    limits: &Limits,
    too_large: &dyn Fn(String) -> Error,
) -> Result<(), Error> {
    let first = ts.row;
    let reps = ts.row_repeat.min(MAX_ROW.saturating_sub(first));
    if !ts.row_cells.is_empty() {
        let needed = (ts.row_cells.len() as u64).saturating_mul(u64::from(reps));
        if needed > *cells_left as u64 {
            return Err(too_large(format!(
                "the workbook has more than {} cells",
                limits.max_cells
            )));
        }
        for k in 0..reps {
            let row = first + k;
            for c in &ts.row_cells {
                ts.sheet.cells.push(RawCell { row, ..c.clone() });
            }
            for m in &ts.row_merges {
                if ts.sheet.merges.len() >= limits.max_merges {
                    return Err(too_large(format!(
                        "more than {} merged ranges",
                        limits.max_merges
                    )));
                }
                ts.sheet.merges.push(Merge {
                    r0: row,
                    r1: row.saturating_add(m.r1).min(MAX_ROW - 1),
                    ..*m
                });
            }
        }
        *cells_left -= usize::try_from(needed)
            .unwrap_or(usize::MAX)
            .min(*cells_left);
    }
    ts.row = first.saturating_add(ts.row_repeat).min(MAX_ROW);
    Ok(())
}

/// `(producer, title)` from `meta.xml`.
fn read_meta(pkg: &mut Package<'_>) -> (Option<String>, Option<String>) {
    let Ok(xml) = pkg.read_part("meta.xml", 1 << 20) else {
        return (None, None);
    };
    let mut r = XmlReader::new(xml.as_slice(), "meta.xml", 1 << 20);
    let mut producer = String::new();
    let mut title = String::new();
    let mut inside: Option<Vec<u8>> = None;
    loop {
        match r.next() {
            Ok(Item::Start(t)) if t.name == b"generator" || t.name == b"title" => {
                inside = Some(t.name.clone());
            }
            Ok(Item::End(_)) => inside = None,
            Ok(Item::Text(s)) => match inside.as_deref() {
                Some(b"generator") => producer.push_str(&s),
                Some(b"title") => title.push_str(&s),
                _ => {}
            },
            Ok(Item::Eof) | Err(_) => break,
            Ok(Item::Start(_)) => {}
        }
    }
    let some = |s: String| {
        let s = s.trim().to_owned();
        (!s.is_empty()).then_some(s)
    };
    (some(producer), some(title))
}
