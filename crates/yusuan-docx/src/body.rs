//! Streaming walk over `word/document.xml`: paragraphs and tables in reading
//! order, without building a tree.
//!
//! One pass, one event at a time; memory grows with the text kept, not with
//! the markup. Every element is either handled, passed through (its children
//! are read as if they stood in its place: `w:ins`, `w:hyperlink`, `w:sdt`,
//! `w:smartTag`, unknown wrappers) or skipped whole (`w:del`, properties,
//! drawings, `mc:Fallback`).

use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use yusuan_model::{Block, NativeTable};

use crate::archive::is_cap_exceeded;
use crate::error::{Error, ErrorKind};
use crate::grid::{
    MAX_GRID_CELLS, MAX_SPAN, Merge, RawCell, RawRow, RawTable, resolve_grid, table_text,
    too_large as grid_too_large,
};

/// Deepest element nesting accepted. Word's own documents stay under 30
/// levels; text boxes in tables in content controls rarely pass 60.
pub(crate) const MAX_XML_DEPTH: usize = 256;

/// Deepest table nesting accepted (a table in a cell in a table ...).
pub(crate) const MAX_TABLE_DEPTH: usize = 16;

/// Most table cells in one document, counted as read, so that a main part of
/// empty `<w:tc/>` elements cannot make us allocate gigabytes before the grid
/// check runs.
pub(crate) const MAX_DOCUMENT_CELLS: usize = 8 << 20;

/// What the walk produced.
pub(crate) struct Body {
    pub(crate) blocks: Vec<Block>,
    pub(crate) warnings: Vec<String>,
}

/// Elements whose meaning depends on where they sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Body,
    P,
    PPr,
    SectPr,
    R,
    RPr,
    T,
    Tbl,
    TblGrid,
    Tr,
    TrPr,
    Tc,
    TcPr,
    Other,
}

#[derive(Default)]
struct Para {
    text: String,
    page_break: bool,
    /// A `w:pPr/w:sectPr` ends a section here.
    section_end: bool,
    /// That section break is `continuous` (no new page).
    section_continuous: bool,
}

#[derive(Default)]
struct TableFrame {
    raw: RawTable,
    row_open: bool,
    cell_open: bool,
    cells: usize,
    /// Rows read so far that are not deleted, and the widest of them in grid
    /// columns: enough to see the grid cap passed without waiting for the
    /// table's end (a bomb of 200,000 wide rows fails at row 1,000).
    kept_rows: usize,
    widest: usize,
    /// Tables nested in this one, in document order, already resolved.
    nested: Vec<NativeTable>,
}

impl TableFrame {
    /// Fails as [`resolve_grid`] will at the table's end, once the rows read
    /// so far already need more than [`MAX_GRID_CELLS`] grid positions. Rows
    /// and columns only grow, so this is the same check, earlier.
    fn check_grid_so_far(&mut self) -> Result<(), Error> {
        let Some(row) = self.raw.rows.last() else {
            return Ok(());
        };
        if row.deleted {
            return Ok(());
        }
        let width = row.cells.iter().map(|c| c.span.max(1)).fold(
            row.grid_before.saturating_add(row.grid_after),
            usize::saturating_add,
        );
        self.kept_rows = self.kept_rows.saturating_add(1);
        self.widest = self.widest.max(width);
        let n_cols = self.widest.max(self.raw.grid_cols);
        match self.kept_rows.checked_mul(n_cols) {
            Some(n) if n <= MAX_GRID_CELLS => Ok(()),
            _ => Err(grid_too_large(&format!(
                "{} rows x {n_cols} columns",
                self.kept_rows
            ))),
        }
    }
}

struct Walker {
    blocks: Vec<Block>,
    warnings: Vec<String>,
    stack: Vec<Tag>,
    /// Depth of the element being skipped whole, if any.
    skip: Option<usize>,
    depth: usize,
    saw_root: bool,
    para: Option<Para>,
    run_hidden: bool,
    /// Open complex fields: whether each has reached its `separate` mark.
    fields: Vec<bool>,
    /// Open `mc:AlternateContent`s: whether a `mc:Choice` was taken.
    alternates: Vec<bool>,
    tables: Vec<TableFrame>,
    document_cells: usize,
    pending_page_break: bool,
    text_boxes: usize,
    alt_chunks: usize,
}

/// The `w:val` (or any `*:val`) attribute.
fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// An on/off property: present means on unless `w:val` says otherwise.
fn is_on(e: &BytesStart<'_>) -> bool {
    !matches!(
        attr(e, b"val").as_deref(),
        Some("false" | "0" | "off" | "none")
    )
}

/// A numeric `w:val` for spans; absent or unparsable means `default`.
fn number(e: &BytesStart<'_>, default: usize) -> Result<usize, Error> {
    let Some(v) = attr(e, b"val") else {
        return Ok(default);
    };
    let n = v.trim().parse::<u64>().unwrap_or(default as u64);
    let n = usize::try_from(n).unwrap_or(usize::MAX);
    if n > MAX_SPAN {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!("a cell spans {n} grid columns, more than the limit of {MAX_SPAN}"),
        ));
    }
    Ok(n)
}

fn merge_of(e: &BytesStart<'_>) -> Merge {
    // The bare element means `continue` (ECMA-376 17.4.85).
    match attr(e, b"val").as_deref() {
        Some("restart") => Merge::Restart,
        _ => Merge::Continue,
    }
}

/// The character of a `w:sym`. Symbol-font codes are stored in the private
/// use area F0xx; the common math and check-box glyphs of Symbol and
/// Wingdings are mapped to Unicode, other symbol-font glyphs become U+FFFD.
fn sym_char(e: &BytesStart<'_>) -> Option<char> {
    let code = u32::from_str_radix(attr(e, b"char")?.trim(), 16).ok()?;
    let font = attr(e, b"font").unwrap_or_default().to_ascii_lowercase();
    let low = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    if font == "symbol" {
        let mapped = match low {
            0xA3 => '≤',
            0xB3 => '≥',
            0xB1 => '±',
            0xB4 => '×',
            0xB8 => '÷',
            0xB9 => '≠',
            0xBB => '≈',
            0xB0 => '°',
            0xD6 => '√',
            0x25 => '%',
            _ => '\u{FFFD}',
        };
        return Some(mapped);
    }
    if font.starts_with("wingdings") {
        let mapped = match low {
            0xFC => '✓',
            0xFE => '☑',
            0x78 => '☒',
            0xA8 => '□',
            0x6F => '□',
            _ => '\u{FFFD}',
        };
        return Some(mapped);
    }
    char::from_u32(code)
}

impl Walker {
    fn new() -> Self {
        Self {
            blocks: Vec::new(),
            warnings: Vec::new(),
            stack: Vec::new(),
            skip: None,
            depth: 0,
            saw_root: false,
            para: None,
            run_hidden: false,
            fields: Vec::new(),
            alternates: Vec::new(),
            tables: Vec::new(),
            document_cells: 0,
            pending_page_break: false,
            text_boxes: 0,
            alt_chunks: 0,
        }
    }

    fn parent(&self) -> Tag {
        self.stack.last().copied().unwrap_or(Tag::Other)
    }

    fn grandparent(&self) -> Tag {
        self.stack
            .len()
            .checked_sub(2)
            .and_then(|i| self.stack.get(i).copied())
            .unwrap_or(Tag::Other)
    }

    fn skip_this(&mut self) {
        self.skip = Some(self.depth);
    }

    fn push_text(&mut self, s: &str) {
        if self.run_hidden || self.fields.iter().any(|in_result| !in_result) {
            return;
        }
        if let Some(p) = self.para.as_mut() {
            p.text.push_str(s);
        }
    }

    fn start(&mut self, e: &BytesStart<'_>) -> Result<(), Error> {
        self.depth = self.depth.saturating_add(1);
        if self.depth > MAX_XML_DEPTH {
            return Err(Error::new(
                ErrorKind::TooDeep,
                format!("elements nested more than {MAX_XML_DEPTH} levels deep"),
            ));
        }
        let name = e.local_name();
        let name = name.as_ref();
        if self.skip.is_some() {
            if name == b"txbxContent" {
                self.text_boxes = self.text_boxes.saturating_add(1);
            }
            return Ok(());
        }
        if self.depth == 1 {
            if name != b"document" {
                return Err(Error::new(
                    ErrorKind::Xml,
                    format!(
                        "root element is <{}>, expected <w:document>",
                        String::from_utf8_lossy(e.name().as_ref())
                    ),
                ));
            }
            self.saw_root = true;
            self.stack.push(Tag::Other);
            return Ok(());
        }
        let parent = self.parent();
        // Property containers: read the few children we need, skip the rest whole.
        match parent {
            Tag::PPr => {
                match name {
                    b"pageBreakBefore" if is_on(e) => {
                        if let Some(p) = self.para.as_mut() {
                            p.page_break = true;
                        }
                    }
                    b"sectPr" => {
                        if let Some(p) = self.para.as_mut() {
                            p.section_end = true;
                        }
                        self.stack.push(Tag::SectPr);
                        return Ok(());
                    }
                    _ => {}
                }
                self.skip_this();
                return Ok(());
            }
            Tag::SectPr => {
                if name == b"type"
                    && attr(e, b"val").as_deref() == Some("continuous")
                    && let Some(p) = self.para.as_mut()
                {
                    p.section_continuous = true;
                }
                self.skip_this();
                return Ok(());
            }
            Tag::RPr => {
                if name == b"vanish" && self.grandparent() == Tag::R {
                    self.run_hidden = is_on(e);
                }
                self.skip_this();
                return Ok(());
            }
            Tag::TrPr => {
                if let Some(row) = self.current_row() {
                    match name {
                        b"tblHeader" => row.header = is_on(e),
                        b"del" => row.deleted = true,
                        _ => {}
                    }
                }
                match name {
                    b"gridBefore" => {
                        let n = number(e, 0)?;
                        if let Some(row) = self.current_row() {
                            row.grid_before = n;
                        }
                    }
                    b"gridAfter" => {
                        let n = number(e, 0)?;
                        if let Some(row) = self.current_row() {
                            row.grid_after = n;
                        }
                    }
                    _ => {}
                }
                self.skip_this();
                return Ok(());
            }
            Tag::TcPr => {
                match name {
                    b"gridSpan" => {
                        let n = number(e, 1)?.max(1);
                        if let Some(cell) = self.current_cell() {
                            cell.span = n;
                        }
                    }
                    b"vMerge" => {
                        let m = merge_of(e);
                        if let Some(cell) = self.current_cell() {
                            cell.vmerge = m;
                        }
                    }
                    b"hMerge" => {
                        let m = merge_of(e);
                        if let Some(cell) = self.current_cell() {
                            cell.hmerge = m;
                        }
                    }
                    _ => {}
                }
                self.skip_this();
                return Ok(());
            }
            Tag::TblGrid => {
                if name == b"gridCol"
                    && let Some(t) = self.tables.last_mut()
                {
                    t.raw.grid_cols = t.raw.grid_cols.saturating_add(1);
                }
                self.skip_this();
                return Ok(());
            }
            _ => {}
        }
        let tag = match name {
            b"body" => Tag::Body,
            b"p" => {
                if self.para.is_some() {
                    // A paragraph inside a paragraph only happens in text
                    // boxes, which are skipped; close the outer one defensively.
                    self.end_paragraph();
                }
                self.para = Some(Para::default());
                Tag::P
            }
            b"pPr" => Tag::PPr,
            b"r" => {
                self.run_hidden = false;
                Tag::R
            }
            b"rPr" => Tag::RPr,
            b"t" if parent == Tag::R => Tag::T,
            b"tab" if parent == Tag::R => {
                // A tab is a gap the author typed between two items; keep it
                // visible to layout as "\t" rather than folding it to a space.
                self.push_text("\t");
                Tag::Other
            }
            b"br" if parent == Tag::R => {
                match attr(e, b"type").as_deref() {
                    Some("page") => {
                        if !self.run_hidden
                            && let Some(p) = self.para.as_mut()
                        {
                            p.page_break = true;
                        }
                    }
                    _ => self.push_text("\n"),
                }
                Tag::Other
            }
            b"cr" if parent == Tag::R => {
                self.push_text("\n");
                Tag::Other
            }
            b"noBreakHyphen" if parent == Tag::R => {
                self.push_text("-");
                Tag::Other
            }
            b"sym" if parent == Tag::R => {
                if let Some(c) = sym_char(e) {
                    let mut b = [0u8; 4];
                    self.push_text(c.encode_utf8(&mut b));
                }
                Tag::Other
            }
            b"fldChar" => {
                match attr(e, b"fldCharType").as_deref() {
                    Some("begin") => self.fields.push(false),
                    Some("separate") => {
                        if let Some(f) = self.fields.last_mut() {
                            *f = true;
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                }
                Tag::Other
            }
            b"AlternateContent" => {
                self.alternates.push(false);
                Tag::Other
            }
            b"Choice" => {
                match self.alternates.last_mut() {
                    Some(taken) if !*taken => *taken = true,
                    _ => {
                        self.skip_this();
                        return Ok(());
                    }
                }
                Tag::Other
            }
            b"altChunk" => {
                self.alt_chunks = self.alt_chunks.saturating_add(1);
                self.skip_this();
                return Ok(());
            }
            // Deleted revisions, instructions and everything drawn rather
            // than typed carry no text of the flow.
            b"del"
            | b"moveFrom"
            | b"delText"
            | b"instrText"
            | b"delInstrText"
            | b"Fallback"
            | b"sdtPr"
            | b"sdtEndPr"
            | b"customXmlPr"
            | b"smartTagPr"
            | b"tblPr"
            | b"tblPrEx"
            | b"drawing"
            | b"pict"
            | b"object"
            | b"txbxContent"
            | b"bookmarkStart"
            | b"bookmarkEnd"
            | b"commentRangeStart"
            | b"commentRangeEnd"
            | b"commentReference"
            | b"footnoteReference"
            | b"endnoteReference"
            | b"permStart"
            | b"permEnd"
            | b"proofErr"
            | b"lastRenderedPageBreak"
            | b"background" => {
                if name == b"txbxContent" {
                    self.text_boxes = self.text_boxes.saturating_add(1);
                }
                self.skip_this();
                return Ok(());
            }
            b"sectPr" => {
                // The body's last section properties: no text, no break after.
                self.skip_this();
                return Ok(());
            }
            b"tbl" => {
                if self.tables.len() >= MAX_TABLE_DEPTH {
                    return Err(Error::new(
                        ErrorKind::TooDeep,
                        format!("tables nested more than {MAX_TABLE_DEPTH} deep"),
                    ));
                }
                if self.tables.is_empty() && self.pending_page_break {
                    // Blocks::Table has no break flag: an empty paragraph carries it.
                    self.pending_page_break = false;
                    self.blocks.push(Block::Paragraph {
                        text: String::new(),
                        page_break: true,
                    });
                }
                self.tables.push(TableFrame::default());
                Tag::Tbl
            }
            b"tblGrid" => Tag::TblGrid,
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.raw.rows.push(RawRow::default());
                    t.row_open = true;
                    t.cell_open = false;
                }
                Tag::Tr
            }
            b"trPr" => Tag::TrPr,
            b"tc" => {
                self.document_cells = self.document_cells.saturating_add(1);
                if self.document_cells > MAX_DOCUMENT_CELLS {
                    return Err(Error::new(
                        ErrorKind::TooLarge,
                        format!("more than {MAX_DOCUMENT_CELLS} table cells in the document"),
                    ));
                }
                if let Some(t) = self.tables.last_mut() {
                    t.cells = t.cells.saturating_add(1);
                    if t.cells > MAX_GRID_CELLS {
                        return Err(Error::new(
                            ErrorKind::TooLarge,
                            format!("a table has more than {MAX_GRID_CELLS} cells"),
                        ));
                    }
                    if !t.row_open {
                        // A cell straight in w:tbl (damaged file): give it a row.
                        t.raw.rows.push(RawRow::default());
                        t.row_open = true;
                    }
                    if let Some(row) = t.raw.rows.last_mut() {
                        row.cells.push(RawCell::new());
                        t.cell_open = true;
                    }
                }
                Tag::Tc
            }
            b"tcPr" => Tag::TcPr,
            _ => Tag::Other,
        };
        self.stack.push(tag);
        Ok(())
    }

    fn current_row(&mut self) -> Option<&mut RawRow> {
        let t = self.tables.last_mut()?;
        if !t.row_open {
            return None;
        }
        t.raw.rows.last_mut()
    }

    fn current_cell(&mut self) -> Option<&mut RawCell> {
        let t = self.tables.last_mut()?;
        if !t.cell_open {
            return None;
        }
        t.raw.rows.last_mut()?.cells.last_mut()
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.para.take() else {
            return;
        };
        let text = p.text.trim().to_owned();
        if let Some(cell) = self.current_cell() {
            if !text.is_empty() {
                cell.paragraphs.push(text);
            }
        } else {
            let page_break = p.page_break || self.pending_page_break;
            if !text.is_empty() || page_break {
                self.pending_page_break = false;
                self.blocks.push(Block::Paragraph { text, page_break });
            }
        }
        if p.section_end && !p.section_continuous {
            self.pending_page_break = true;
        }
    }

    fn end_table(&mut self) -> Result<(), Error> {
        let Some(frame) = self.tables.pop() else {
            return Ok(());
        };
        let depth = u32::try_from(self.tables.len()).unwrap_or(u32::MAX);
        let table = resolve_grid(frame.raw, depth, &mut self.warnings)?;
        match self.tables.last_mut() {
            Some(parent) => {
                // The outer cell keeps the nested table's text, so its grid
                // loses nothing; the nested table also follows the outer one
                // as a block of its own (depth >= 1) for readers that want it.
                let text = table_text(&table);
                if parent.cell_open
                    && let Some(cell) = parent.raw.rows.last_mut().and_then(|r| r.cells.last_mut())
                    && !text.is_empty()
                {
                    cell.paragraphs.push(text);
                }
                parent.nested.push(table);
                parent.nested.extend(frame.nested);
            }
            None => {
                self.blocks.push(Block::Table(table));
                self.blocks
                    .extend(frame.nested.into_iter().map(Block::Table));
            }
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), Error> {
        if let Some(level) = self.skip {
            if self.depth == level {
                self.skip = None;
            }
            self.depth = self.depth.saturating_sub(1);
            return Ok(());
        }
        self.depth = self.depth.saturating_sub(1);
        match self.stack.pop() {
            Some(Tag::P) => self.end_paragraph(),
            Some(Tag::R) => self.run_hidden = false,
            Some(Tag::Tc) => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell_open = false;
                }
            }
            Some(Tag::Tr) => {
                if let Some(t) = self.tables.last_mut() {
                    t.row_open = false;
                    t.cell_open = false;
                    t.check_grid_so_far()?;
                }
            }
            Some(Tag::Tbl) => self.end_table()?,
            _ => {}
        }
        Ok(())
    }

    fn in_text(&self) -> bool {
        self.skip.is_none() && self.parent() == Tag::T
    }
}

fn xml_error(e: quick_xml::Error, position: u64) -> Error {
    if let quick_xml::Error::Io(io) = &e {
        if is_cap_exceeded(io) {
            return Error::new(
                ErrorKind::TooLarge,
                "main part inflates past the size limit",
            );
        }
        return Error::new(
            ErrorKind::Zip,
            format!(
                "cannot inflate the main part at byte {position}: {}",
                io.to_string().to_lowercase()
            ),
        );
    }
    Error::new(
        ErrorKind::Xml,
        format!("at byte {position}: {}", e.to_string().to_lowercase()),
    )
}

/// Walks the main part.
pub(crate) fn read_body<R: BufRead>(source: R) -> Result<Body, Error> {
    let mut reader = Reader::from_reader(source);
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.trim_text(false);
    config.check_end_names = true;
    let mut walker = Walker::new();
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(e, reader.buffer_position()))?;
        match event {
            Event::Start(e) => walker.start(&e)?,
            Event::End(_) => walker.end()?,
            Event::Text(t) if walker.in_text() => {
                let s = t.xml_content().map_err(|e| {
                    Error::new(
                        ErrorKind::Xml,
                        format!("text is not utf-8: {}", e.to_string().to_lowercase()),
                    )
                })?;
                walker.push_text(&s);
            }
            Event::CData(t) if walker.in_text() => {
                let s = t.decode().map_err(|e| {
                    Error::new(
                        ErrorKind::Xml,
                        format!("text is not utf-8: {}", e.to_string().to_lowercase()),
                    )
                })?;
                walker.push_text(&s);
            }
            Event::GeneralRef(r) if walker.in_text() => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => r
                        .decode()
                        .ok()
                        .and_then(|n| quick_xml::escape::resolve_predefined_entity(&n))
                        .map(str::to_owned),
                    Err(_) => None,
                };
                match resolved {
                    Some(s) => walker.push_text(&s),
                    None => {
                        return Err(Error::new(
                            ErrorKind::Xml,
                            format!(
                                "unknown entity reference at byte {}",
                                reader.buffer_position()
                            ),
                        ));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !walker.saw_root {
        return Err(Error::new(
            ErrorKind::Xml,
            "no <w:document> element found: the main part is not wordprocessingml",
        ));
    }
    if walker.depth != 0 {
        return Err(Error::new(
            ErrorKind::Xml,
            format!(
                "main part ends with {} elements still open (truncated?)",
                walker.depth
            ),
        ));
    }
    if walker.text_boxes > 0 {
        walker.warnings.push(format!(
            "{} text boxes skipped: their text is not part of the reading order",
            walker.text_boxes
        ));
    }
    if walker.alt_chunks > 0 {
        walker.warnings.push(format!(
            "{} embedded alternative-format chunks (w:altChunk) skipped",
            walker.alt_chunks
        ));
    }
    Ok(Body {
        blocks: walker.blocks,
        warnings: walker.warnings,
    })
}
