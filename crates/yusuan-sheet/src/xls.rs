//! Legacy Excel workbooks (.xls, BIFF8 in an OLE2 compound file): shared
//! strings, formats and cell styles of the globals substream, then each
//! worksheet's cells, merges and hidden rows and columns.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::Limits;
use crate::cfb::Cfb;
use crate::error::{Error, ErrorKind};
use crate::format::{self, Value};
use crate::grid::{Merge, RawCell, RawSheet};
use crate::xlsx::{Workbook, normalize_breaks};

/// Record types read (MS-XLS §2.3), sorted by value.
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FORMULA: u16 = 0x0006;
const DATEMODE: u16 = 0x0022;
const FILEPASS: u16 = 0x002F;
const CONTINUE: u16 = 0x003C;
const COLINFO: u16 = 0x007D;
const BOUNDSHEET: u16 = 0x0085;
const MULRK: u16 = 0x00BD;
const MULBLANK: u16 = 0x00BE;
const XF: u16 = 0x00E0;
const MERGECELLS: u16 = 0x00E5;
const SST: u16 = 0x00FC;
const LABELSST: u16 = 0x00FD;
const BLANK: u16 = 0x0201;
const NUMBER: u16 = 0x0203;
const LABEL: u16 = 0x0204;
const BOOLERR: u16 = 0x0205;
const STRING: u16 = 0x0207;
const ROW: u16 = 0x0208;
const RK: u16 = 0x027E;
const FORMAT: u16 = 0x041E;

/// BIFF8 grids: 65,536 rows × 256 columns.
const MAX_ROW: u32 = 65_536;
const MAX_COL: u32 = 256;

fn malformed(what: impl Into<String>) -> Error {
    Error::new(ErrorKind::Malformed, what.into())
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    let mut a = [0u8; 4];
    a.copy_from_slice(s);
    Some(u32::from_le_bytes(a))
}

fn f64_at(b: &[u8], at: usize) -> Option<f64> {
    let s = b.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(f64::from_le_bytes(a))
}

/// One record: its type, its offset in the stream and its data (with the
/// data of CONTINUE records that follow it, as separate segments).
struct Record<'a> {
    ty: u16,
    offset: usize,
    data: &'a [u8],
    continues: Vec<&'a [u8]>,
}

/// Splits the stream into records.
fn records(stream: &[u8]) -> Result<Vec<Record<'_>>, Error> {
    let mut out: Vec<Record<'_>> = Vec::new();
    let mut at = 0usize;
    while at + 4 <= stream.len() {
        let ty = u16_at(stream, at).unwrap_or(0);
        let len = usize::from(u16_at(stream, at + 2).unwrap_or(0));
        let data = stream.get(at + 4..at + 4 + len).ok_or_else(|| {
            malformed(format!(
                "record 0x{ty:04x} at byte {at} runs past the end of the workbook stream; truncated?"
            ))
        })?;
        if ty == CONTINUE
            && let Some(last) = out.last_mut()
        {
            last.continues.push(data);
        } else {
            out.push(Record {
                ty,
                offset: at,
                data,
                continues: Vec::new(),
            });
        }
        at += 4 + len;
    }
    Ok(out)
}

/// Reads character data that may run over CONTINUE records: at a record
/// boundary, a string's characters resume after a new option byte.
struct Segments<'a> {
    parts: Vec<&'a [u8]>,
    part: usize,
    pos: usize,
}

impl<'a> Segments<'a> {
    fn new(first: &'a [u8], rest: &[&'a [u8]]) -> Self {
        let mut parts = vec![first];
        parts.extend_from_slice(rest);
        Segments {
            parts,
            part: 0,
            pos: 0,
        }
    }

    fn current(&self) -> &'a [u8] {
        self.parts.get(self.part).copied().unwrap_or_default()
    }

    fn at_boundary(&mut self) -> bool {
        if self.pos >= self.current().len() && self.part + 1 < self.parts.len() {
            self.part += 1;
            self.pos = 0;
            return true;
        }
        false
    }

    fn byte(&mut self) -> Option<u8> {
        self.at_boundary();
        let b = *self.current().get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([
            self.byte()?,
            self.byte()?,
            self.byte()?,
            self.byte()?,
        ]))
    }

    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            self.at_boundary();
            let left = self.current().len().checked_sub(self.pos)?;
            if left == 0 {
                return None;
            }
            let k = left.min(n);
            self.pos += k;
            n -= k;
        }
        Some(())
    }

    /// An XLUnicodeRichExtendedString (SST entries, STRING, LABEL).
    fn unicode_string(&mut self, cch: usize) -> Option<String> {
        let flags = self.byte()?;
        let mut high = flags & 0x01 != 0;
        let runs = if flags & 0x08 != 0 { self.u16()? } else { 0 };
        let ext = if flags & 0x04 != 0 { self.u32()? } else { 0 };
        let mut units: Vec<u16> = Vec::with_capacity(cch.min(8192));
        while units.len() < cch {
            if self.pos >= self.current().len() {
                if !self.at_boundary() {
                    return None;
                }
                // The option byte of the continued part.
                high = self.byte()? & 0x01 != 0;
                continue;
            }
            if high {
                let lo = *self.current().get(self.pos)?;
                let hi = *self.current().get(self.pos + 1)?;
                self.pos += 2;
                units.push(u16::from_le_bytes([lo, hi]));
            } else {
                units.push(u16::from(*self.current().get(self.pos)?));
                self.pos += 1;
            }
        }
        self.skip(4 * usize::from(runs))?;
        self.skip(usize::try_from(ext).ok()?)?;
        Some(String::from_utf16_lossy(&units))
    }
}

/// A BOUNDSHEET8 entry.
struct SheetEntry {
    offset: usize,
    name: String,
    hidden: bool,
    worksheet: bool,
}

/// A cell style (XF): its number format id and whether it has a border.
#[derive(Clone, Copy, Default)]
struct Xf {
    format: u16,
    framed: bool,
}

fn error_text(code: u8) -> String {
    match code {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        _ => "#ERROR!",
    }
    .to_owned()
}

/// An RK number: a 30-bit integer or the top of a double, maybe ÷ 100.
fn rk_value(rk: u32) -> Option<Decimal> {
    let cents = rk & 0x01 != 0;
    let v = if rk & 0x02 != 0 {
        let i = i64::from((rk as i32) >> 2);
        Decimal::from(i)
    } else {
        let bits = u64::from(rk & 0xFFFF_FFFC) << 32;
        format::decimal_from_f64(f64::from_bits(bits))?
    };
    if cents {
        v.checked_div(Decimal::ONE_HUNDRED)
    } else {
        Some(v)
    }
}

pub(crate) fn read_xls(bytes: &[u8], limits: &Limits) -> Result<Workbook, Error> {
    let cfb = Cfb::open(bytes)?;
    if cfb.find("EncryptionInfo").is_some() || cfb.find("EncryptedPackage").is_some() {
        return Err(Error::new(
            ErrorKind::Encrypted,
            "password-protected office file (an encrypted xlsx or docx in an ole2 container); \
             remove the password first",
        ));
    }
    let Some(entry) = cfb.find("Workbook") else {
        if cfb.find("Book").is_some() {
            return Err(Error::new(
                ErrorKind::Unsupported,
                "excel 5.0/95 workbook (biff5) is not read; hint: save it as .xlsx, or convert \
                 it with `soffice --headless --convert-to xlsx FILE`",
            ));
        }
        let what = if cfb.find("WordDocument").is_some() {
            " (it is a word .doc)"
        } else if cfb.find("PowerPoint Document").is_some() {
            " (it is a powerpoint .ppt)"
        } else {
            ""
        };
        return Err(Error::new(
            ErrorKind::NotSpreadsheet,
            format!("ole2 file has no workbook stream{what}"),
        ));
    };
    let stream = cfb.read_stream(entry, limits.max_part_bytes)?;
    let recs = records(&stream)?;
    let first = recs
        .first()
        .ok_or_else(|| malformed("the workbook stream is empty"))?;
    if first.ty != BOF || u16_at(first.data, 0) != Some(0x0600) {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "workbook stream starts with record 0x{:04x} version 0x{:04x}, expected a biff8 \
                 bof (excel 97 or later); hint: convert it with `soffice --headless --convert-to xlsx FILE`",
                first.ty,
                u16_at(first.data, 0).unwrap_or(0)
            ),
        ));
    }
    // Globals.
    let mut sst: Vec<String> = Vec::new();
    let mut formats: BTreeMap<u16, String> = BTreeMap::new();
    let mut xfs: Vec<Xf> = Vec::new();
    let mut entries: Vec<SheetEntry> = Vec::new();
    let mut date1904 = false;
    let mut globals_end = recs.len();
    for (i, r) in recs.iter().enumerate().skip(1) {
        match r.ty {
            EOF => {
                globals_end = i;
                break;
            }
            FILEPASS => {
                return Err(Error::new(
                    ErrorKind::Encrypted,
                    "the workbook is encrypted (filepass record); remove the password first",
                ));
            }
            DATEMODE => date1904 = u16_at(r.data, 0) == Some(1),
            FORMAT => {
                let mut seg = Segments::new(r.data, &r.continues);
                let id = seg.u16();
                let cch = seg.u16();
                if let (Some(id), Some(cch)) = (id, cch)
                    && let Some(code) = seg.unicode_string(usize::from(cch))
                {
                    formats.insert(id, code);
                }
            }
            XF => {
                let format = u16_at(r.data, 2).unwrap_or(0);
                let border = u32_at(r.data, 10).unwrap_or(0);
                // Line styles, 4 bits each: left, right, top, bottom.
                let side = |k: u32| (border >> (4 * k)) & 0xF != 0;
                xfs.push(Xf {
                    format,
                    framed: crate::xlsx::is_frame(side(0), side(1), side(2), side(3)),
                });
            }
            BOUNDSHEET => {
                let offset = u32_at(r.data, 0).unwrap_or(0) as usize;
                let state = r.data.get(4).copied().unwrap_or(0);
                let dt = r.data.get(5).copied().unwrap_or(0);
                let cch = usize::from(r.data.get(6).copied().unwrap_or(0));
                let mut seg = Segments::new(r.data.get(7..).unwrap_or_default(), &[]);
                let name = seg.unicode_string_short(cch).unwrap_or_default();
                entries.push(SheetEntry {
                    offset,
                    name,
                    hidden: state != 0,
                    worksheet: dt == 0,
                });
            }
            SST => {
                let mut seg = Segments::new(r.data, &r.continues);
                let _total = seg.u32();
                let unique = seg.u32().unwrap_or(0) as usize;
                if unique > limits.max_shared_strings {
                    return Err(Error::new(
                        ErrorKind::TooLarge,
                        format!(
                            "the workbook declares {unique} shared strings, more than the limit of {}",
                            limits.max_shared_strings
                        ),
                    ));
                }
                for _ in 0..unique {
                    let Some(cch) = seg.u16() else { break };
                    match seg.unicode_string(usize::from(cch)) {
                        Some(s) => sst.push(s),
                        None => break,
                    }
                }
            }
            _ => {}
        }
    }
    let format_of = |ixfe: u16| -> (String, bool) {
        let xf = xfs.get(usize::from(ixfe)).copied().unwrap_or_default();
        let code = formats
            .get(&xf.format)
            .cloned()
            .unwrap_or_else(|| format::builtin_format(u32::from(xf.format)).to_owned());
        (code, xf.framed)
    };
    // Sheets: each substream starts with a BOF at the offset its BOUNDSHEET names.
    let by_offset: BTreeMap<usize, usize> = recs
        .iter()
        .enumerate()
        .skip(globals_end)
        .filter(|(_, r)| r.ty == BOF)
        .map(|(i, r)| (r.offset, i))
        .collect();
    let mut sheets = Vec::new();
    let mut warnings = Vec::new();
    let mut cells_left = limits.max_cells;
    for (k, e) in entries.iter().enumerate() {
        let number = u32::try_from(k + 1).unwrap_or(u32::MAX);
        if !e.worksheet {
            continue;
        }
        let Some(&start) = by_offset.get(&e.offset) else {
            warnings.push(format!(
                "sheet {:?}: no substream at offset {}; sheet skipped",
                e.name, e.offset
            ));
            continue;
        };
        let mut sheet = RawSheet {
            name: e.name.clone(),
            number,
            hidden: e.hidden,
            ..RawSheet::default()
        };
        let mut push = |sheet: &mut RawSheet,
                        row: u16,
                        col: u16,
                        ixfe: u16,
                        value: Option<Value>|
         -> Result<(), Error> {
            let (code, framed) = format_of(ixfe);
            let text = value
                .map(|v| normalize_breaks(&format::display(&v, &code, date1904)))
                .unwrap_or_default();
            if text.trim().is_empty() && !framed {
                return Ok(());
            }
            if u32::from(row) >= MAX_ROW || u32::from(col) >= MAX_COL {
                return Ok(());
            }
            cells_left = cells_left.checked_sub(1).ok_or_else(|| {
                Error::new(
                    ErrorKind::TooLarge,
                    format!("the workbook has more than {} cells", limits.max_cells),
                )
            })?;
            sheet.cells.push(RawCell {
                row: u32::from(row),
                col: u32::from(col),
                text,
                framed,
            });
            Ok(())
        };
        let mut pending_formula: Option<(u16, u16, u16)> = None;
        for r in recs.iter().skip(start + 1) {
            let d = r.data;
            let cell_head = || Some((u16_at(d, 0)?, u16_at(d, 2)?, u16_at(d, 4)?));
            match r.ty {
                EOF | BOF => break,
                NUMBER => {
                    if let (Some((row, col, x)), Some(v)) = (cell_head(), f64_at(d, 6)) {
                        push(
                            &mut sheet,
                            row,
                            col,
                            x,
                            format::decimal_from_f64(v).map(Value::Number),
                        )?;
                    }
                }
                RK => {
                    if let (Some((row, col, x)), Some(rk)) = (cell_head(), u32_at(d, 6)) {
                        push(&mut sheet, row, col, x, rk_value(rk).map(Value::Number))?;
                    }
                }
                MULRK => {
                    let (Some(row), Some(first)) = (u16_at(d, 0), u16_at(d, 2)) else {
                        continue;
                    };
                    let n = d.len().saturating_sub(6) / 6;
                    for i in 0..n {
                        let at = 4 + 6 * i;
                        if let (Some(x), Some(rk)) = (u16_at(d, at), u32_at(d, at + 2)) {
                            let col = first.saturating_add(u16::try_from(i).unwrap_or(u16::MAX));
                            push(&mut sheet, row, col, x, rk_value(rk).map(Value::Number))?;
                        }
                    }
                }
                LABELSST => {
                    if let (Some((row, col, x)), Some(i)) = (cell_head(), u32_at(d, 6)) {
                        let s = sst.get(i as usize).ok_or_else(|| {
                            malformed(format!(
                                "sheet {:?}: shared string index {i} out of range ({} strings)",
                                e.name,
                                sst.len()
                            ))
                        })?;
                        push(&mut sheet, row, col, x, Some(Value::Text(s.clone())))?;
                    }
                }
                LABEL => {
                    if let Some((row, col, x)) = cell_head() {
                        let mut seg = Segments::new(d.get(6..).unwrap_or_default(), &r.continues);
                        let text = seg
                            .u16()
                            .and_then(|cch| seg.unicode_string(usize::from(cch)))
                            .unwrap_or_default();
                        push(&mut sheet, row, col, x, Some(Value::Text(text)))?;
                    }
                }
                BOOLERR => {
                    if let (Some((row, col, x)), Some(v), Some(is_err)) =
                        (cell_head(), d.get(6).copied(), d.get(7).copied())
                    {
                        let value = if is_err != 0 {
                            Value::Error(error_text(v))
                        } else {
                            Value::Bool(v != 0)
                        };
                        push(&mut sheet, row, col, x, Some(value))?;
                    }
                }
                BLANK => {
                    if let Some((row, col, x)) = cell_head() {
                        push(&mut sheet, row, col, x, None)?;
                    }
                }
                MULBLANK => {
                    let (Some(row), Some(first)) = (u16_at(d, 0), u16_at(d, 2)) else {
                        continue;
                    };
                    let n = d.len().saturating_sub(6) / 2;
                    for i in 0..n {
                        if let Some(x) = u16_at(d, 4 + 2 * i) {
                            let col = first.saturating_add(u16::try_from(i).unwrap_or(u16::MAX));
                            push(&mut sheet, row, col, x, None)?;
                        }
                    }
                }
                FORMULA => {
                    let Some((row, col, x)) = cell_head() else {
                        continue;
                    };
                    let res = d.get(6..14).unwrap_or_default();
                    if res.len() == 8 && res.get(6..8) == Some(&[0xFF, 0xFF]) {
                        match res.first() {
                            Some(0) => pending_formula = Some((row, col, x)),
                            Some(1) => push(
                                &mut sheet,
                                row,
                                col,
                                x,
                                Some(Value::Bool(res.get(2) == Some(&1))),
                            )?,
                            Some(2) => push(
                                &mut sheet,
                                row,
                                col,
                                x,
                                Some(Value::Error(error_text(res.get(2).copied().unwrap_or(0)))),
                            )?,
                            _ => push(&mut sheet, row, col, x, None)?,
                        }
                    } else if let Some(v) = f64_at(d, 6) {
                        push(
                            &mut sheet,
                            row,
                            col,
                            x,
                            format::decimal_from_f64(v).map(Value::Number),
                        )?;
                    }
                }
                STRING => {
                    if let Some((row, col, x)) = pending_formula.take() {
                        let mut seg = Segments::new(d, &r.continues);
                        let text = seg
                            .u16()
                            .and_then(|cch| seg.unicode_string(usize::from(cch)))
                            .unwrap_or_default();
                        push(&mut sheet, row, col, x, Some(Value::Text(text)))?;
                    }
                }
                MERGECELLS => {
                    let n = usize::from(u16_at(d, 0).unwrap_or(0));
                    for i in 0..n {
                        let at = 2 + 8 * i;
                        if let (Some(r0), Some(r1), Some(c0), Some(c1)) = (
                            u16_at(d, at),
                            u16_at(d, at + 2),
                            u16_at(d, at + 4),
                            u16_at(d, at + 6),
                        ) {
                            if sheet.merges.len() >= limits.max_merges {
                                return Err(Error::new(
                                    ErrorKind::TooLarge,
                                    format!(
                                        "sheet {:?}: more than {} merged ranges",
                                        e.name, limits.max_merges
                                    ),
                                ));
                            }
                            sheet.merges.push(Merge {
                                r0: u32::from(r0.min(r1)),
                                c0: u32::from(c0.min(c1)).min(MAX_COL - 1),
                                r1: u32::from(r0.max(r1)),
                                c1: u32::from(c0.max(c1)).min(MAX_COL - 1),
                            });
                        }
                    }
                }
                ROW => {
                    if let (Some(row), Some(flags)) = (u16_at(d, 0), u16_at(d, 12))
                        && flags & 0x20 != 0
                    {
                        sheet.hidden_rows.push((u32::from(row), u32::from(row)));
                    }
                }
                COLINFO => {
                    if let (Some(a), Some(b), Some(flags)) =
                        (u16_at(d, 0), u16_at(d, 2), u16_at(d, 8))
                        && flags & 0x01 != 0
                    {
                        let a = u32::from(a).min(MAX_COL - 1);
                        sheet
                            .hidden_cols
                            .push((a, u32::from(b).clamp(a, MAX_COL - 1)));
                    }
                }
                _ => {}
            }
        }
        sheets.push(sheet);
    }
    Ok(Workbook {
        producer: None,
        title: None,
        sheets,
        warnings,
    })
}

impl Segments<'_> {
    /// A ShortXLUnicodeString's characters (BOUNDSHEET8 names): option byte, then `cch` characters.
    fn unicode_string_short(&mut self, cch: usize) -> Option<String> {
        let flags = self.byte()?;
        let high = flags & 0x01 != 0;
        let mut units = Vec::with_capacity(cch);
        for _ in 0..cch {
            if high {
                units.push(self.u16()?);
            } else {
                units.push(u16::from(self.byte()?));
            }
        }
        Some(String::from_utf16_lossy(&units))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rk_numbers() {
        // Integer 350: (350 << 2) | 2.
        assert_eq!(rk_value((350 << 2) | 2), Some(Decimal::from(350)));
        // Integer 9164 ÷ 100.
        assert_eq!(
            rk_value((9164 << 2) | 3).map(|d| d.to_string()),
            Some("91.64".into())
        );
        // Double 1.5: top 32 bits 0x3FF80000.
        assert_eq!(
            rk_value(0x3FF8_0000).map(|d| d.to_string()),
            Some("1.5".into())
        );
    }

    #[test]
    fn strings_continue_over_records() {
        // "ab" compressed, then "c" continued as a 16-bit character.
        let first = [0x00u8, b'a', b'b'];
        let second = [0x01u8, b'c', 0x00];
        let mut seg = Segments::new(&first, &[&second]);
        assert_eq!(seg.unicode_string(3).as_deref(), Some("abc"));
        let mut cut = Segments::new(&first, &[]);
        assert_eq!(cut.unicode_string(3), None);
    }
}
