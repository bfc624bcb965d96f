//! Damaged and hostile workbooks: each gives a typed error (or a bounded
//! result) quickly, never a panic, a hang or an unbounded allocation.

use std::io::{Cursor, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use yusuan_model::Block;
use yusuan_sheet::{ErrorKind, SheetOptions, read_sheet};
use zip::write::SimpleFileOptions;

use crate::support::workspace;

const FAST: Duration = Duration::from_secs(2);

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A one-sheet xlsx whose worksheet part is `sheet_xml`.
fn xlsx_with_sheet(sheet_xml: &[u8]) -> Vec<u8> {
    let workbook = format!(
        r#"<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ])
}

fn sheet_xml(body: &str) -> Vec<u8> {
    format!(r#"<worksheet xmlns="{MAIN_NS}">{body}</worksheet>"#).into_bytes()
}

/// Reads with `opts`, returning the error kind; checks time and message case.
fn kind_with(bytes: &[u8], opts: &SheetOptions, limit: Duration) -> ErrorKind {
    let start = Instant::now();
    let result = read_sheet(bytes, opts);
    let took = start.elapsed();
    assert!(took < limit, "took {took:?}, limit {limit:?}");
    match result {
        Ok(doc) => panic!("expected an error, got {} blocks", doc.blocks.len()),
        Err(e) => {
            let msg = e.to_string();
            assert_eq!(msg, msg.to_lowercase(), "messages are lower case: {msg}");
            *e.kind()
        }
    }
}

fn kind_of(bytes: &[u8]) -> ErrorKind {
    kind_with(bytes, &SheetOptions::default(), FAST)
}

#[test]
fn not_workbooks_are_named() {
    assert_eq!(kind_of(b""), ErrorKind::NotWorkbook);
    assert_eq!(kind_of(b"%PDF-1.7\n"), ErrorKind::NotWorkbook);
    let docx = std::fs::read(workspace().join("samples/basic_data_1.docx")).unwrap();
    let err = read_sheet(&docx, &SheetOptions::default()).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::NotSpreadsheet);
    assert!(err.to_string().contains("word document"), "{err}");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend_from_slice(&[0; 100]);
    assert_eq!(kind_of(&ole), ErrorKind::Container);
}

#[test]
fn xlsb_is_unsupported_with_a_hint() {
    let bytes = zip_of(&[("xl/workbook.bin", b"\x83\x01\x00")]);
    let err = read_sheet(&bytes, &SheetOptions::default()).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Unsupported);
    assert!(err.to_string().contains("--convert-to xlsx"), "{err}");
}

#[test]
fn truncated_workbooks_give_typed_errors() {
    for ext in ["xlsx", "xls", "ods"] {
        let bytes = std::fs::read(workspace().join(format!("samples/basic_data_1.{ext}"))).unwrap();
        for cut in [10, 600, bytes.len() / 2, bytes.len() - 30] {
            let k = kind_of(&bytes[..cut]);
            assert!(
                matches!(k, ErrorKind::Container | ErrorKind::Malformed),
                "{ext} cut at {cut}: {k:?}"
            );
        }
    }
}

#[test]
fn zip_bomb_is_refused_by_declared_size_and_while_inflating() {
    // 4 MiB of one repeated row inflates past a 1 MiB cap.
    let row = r#"<row><c t="inlineStr"><is><t>填充</t></is></c></row>"#;
    let mut body = String::from("<sheetData>");
    while body.len() < 4 << 20 {
        body.push_str(row);
    }
    body.push_str("</sheetData>");
    let xml = sheet_xml(&body);
    let bytes = xlsx_with_sheet(&xml);
    assert!(
        bytes.len() < xml.len() / 20,
        "not a bomb: {} bytes",
        bytes.len()
    );
    let mut opts = SheetOptions::default();
    opts.max_part_bytes = 1 << 20;
    let err = read_sheet(&bytes, &opts).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::TooLarge);
    assert!(err.to_string().contains("declares"), "{err}");
    // The same part with its declared size lowered to 1000 bytes in the local
    // header and the central directory: only the streaming cap can stop it.
    let declared = u32::try_from(xml.len()).unwrap().to_le_bytes();
    let mut lying = bytes.clone();
    let mut hits = 0;
    for i in 0..lying.len() - 4 {
        if lying[i..i + 4] == declared {
            lying[i..i + 4].copy_from_slice(&1000u32.to_le_bytes());
            hits += 1;
        }
    }
    assert!(hits >= 1);
    let start = Instant::now();
    let err = read_sheet(&lying, &opts).unwrap_err();
    assert!(start.elapsed() < FAST);
    assert_eq!(err.kind(), &ErrorKind::TooLarge, "{err}");
    assert!(err.to_string().contains("zip bomb"), "{err}");
}

#[test]
fn far_apart_cells_make_a_small_grid() {
    // A1 and XFD1048576 (calamine would allocate 17 billion cells for this).
    let xml = sheet_xml(
        r#"<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData>"#,
    );
    let start = Instant::now();
    let doc = read_sheet(&xlsx_with_sheet(&xml), &SheetOptions::default()).unwrap();
    assert!(start.elapsed() < FAST);
    let Some(Block::Sheet(g)) = doc.blocks.first() else {
        panic!("no sheet")
    };
    assert_eq!((g.n_rows, g.n_cols), (3, 3));
    assert_eq!(g.cells[1].reference, "XFD1048576");
}

#[test]
fn huge_dimensions_are_refused() {
    // One framed merge over the whole grid.
    let styles = format!(
        r#"<styleSheet xmlns="{MAIN_NS}"><borders count="2"><border/><border><left style="thin"/></border></borders><cellXfs count="2"><xf numFmtId="0" borderId="0"/><xf numFmtId="0" borderId="1"/></cellXfs></styleSheet>"#
    );
    let xml = sheet_xml(
        r#"<sheetData><row r="1"><c r="A1" s="1"/></row></sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>"#,
    );
    let mut bytes = xlsx_with_sheet(&xml);
    // Rebuild with a styles part (the workbook rels name it by its default path).
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        entries.push((f.name().to_owned(), data));
    }
    entries.push(("xl/styles.xml".into(), styles.into_bytes()));
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    bytes = zip_of(&refs);
    assert_eq!(kind_of(&bytes), ErrorKind::TooLarge);
    // Rows beyond Excel's grid are malformed.
    let xml = sheet_xml(r#"<sheetData><row r="1048577"><c><v>1</v></c></row></sheetData>"#);
    assert_eq!(kind_of(&xlsx_with_sheet(&xml)), ErrorKind::Malformed);
    // More cells than the cap.
    let mut body = String::from("<sheetData>");
    for r in 1..=200 {
        body.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    body.push_str("</sheetData>");
    let mut opts = SheetOptions::default();
    opts.max_cells = 100;
    assert_eq!(
        kind_with(&xlsx_with_sheet(&sheet_xml(&body)), &opts, FAST),
        ErrorKind::TooLarge
    );
}

#[test]
fn damaged_sample_workbooks_never_panic() {
    // Every sample workbook cut at 16 offsets and 16 copies with 3 flipped
    // bytes: `Ok` or a typed error within the time limit.
    let mut files: Vec<_> = std::fs::read_dir(workspace().join("samples"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "xlsx" || e == "xls" || e == "ods")
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 21);
    let mut x: u64 = 0x05ee_d0f5_eed5_1234;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        usize::try_from(x % n.max(1) as u64).unwrap()
    };
    let (mut ok, mut errors) = (0, 0);
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let len = bytes.len();
        let mut variants: Vec<Vec<u8>> = (1..=16)
            .map(|i| bytes[..(len * i / 17 + next(len / 17)).min(len - 1)].to_vec())
            .collect();
        for _ in 0..16 {
            let mut b = bytes.clone();
            for _ in 0..3 {
                let i = next(len);
                b[i] ^= 1 << next(8);
            }
            variants.push(b);
        }
        for b in variants {
            let start = Instant::now();
            let result = catch_unwind(AssertUnwindSafe(|| {
                read_sheet(&b, &SheetOptions::default())
            }));
            let name = path.file_name().unwrap().to_string_lossy();
            assert!(start.elapsed() < FAST, "{name}: took {:?}", start.elapsed());
            match result {
                Err(_) => panic!("{name}: read_sheet panicked"),
                Ok(Ok(_)) => ok += 1,
                Ok(Err(_)) => errors += 1,
            }
        }
    }
    println!("21 workbooks x 32 damaged copies: {ok} read, {errors} typed errors");
    assert!(errors > 0);
}
