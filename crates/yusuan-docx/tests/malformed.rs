//! Damaged and hostile inputs: each gives its typed error quickly, never a
//! panic or an unbounded allocation.

use std::time::{Duration, Instant};

use yusuan_docx::{DocxOptions, ErrorKind, read_docx};

use crate::util::{W_NS, docx_with_body, p, zip_of};

/// Reads and returns the error kind, checking that it took under `limit`.
fn kind_of(bytes: &[u8], limit: Duration) -> ErrorKind {
    let start = Instant::now();
    let result = read_docx(bytes, &DocxOptions::default());
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

const FAST: Duration = Duration::from_secs(2);

#[test]
fn empty_input_is_not_zip() {
    assert_eq!(kind_of(b"", FAST), ErrorKind::NotZip);
}

#[test]
fn random_bytes_are_not_zip() {
    // A fixed xorshift stream: deterministic "random" bytes.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..100_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    assert_eq!(kind_of(&bytes, FAST), ErrorKind::NotZip);
    // Random bytes behind a zip signature: a damaged zip.
    let mut pk = b"PK\x03\x04".to_vec();
    pk.extend_from_slice(&bytes);
    assert_eq!(kind_of(&pk, FAST), ErrorKind::Zip);
}

#[test]
fn pdf_is_not_zip() {
    assert_eq!(kind_of(b"%PDF-1.7\n1 0 obj\n", FAST), ErrorKind::NotZip);
}

#[test]
fn legacy_doc_names_the_conversion() {
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    let err = read_docx(&ole, &DocxOptions::default()).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::LegacyDoc);
    assert!(
        err.to_string()
            .contains("soffice --headless --convert-to docx FILE"),
        "{err}"
    );
}

#[test]
fn truncated_zip_is_a_zip_error() {
    let full = docx_with_body(&p("内容"));
    for cut in [full.len() / 2, full.len() - 10, 30] {
        assert_eq!(kind_of(&full[..cut], FAST), ErrorKind::Zip, "cut at {cut}");
    }
}

#[test]
fn xlsx_like_zip_is_not_docx() {
    let bytes = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/worksheets/sheet1.xml", b"<worksheet/>"),
    ]);
    let err = read_docx(&bytes, &DocxOptions::default()).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::NotDocx);
    assert!(err.to_string().contains("excel"), "{err}");
}

#[test]
fn document_xml_that_is_not_xml() {
    for junk in [
        &b"this is plain text, not xml"[..],
        b"<w:document><w:body><w:p>",                        // truncated
        b"<w:document><w:body></w:p></w:body></w:document>", // mismatched end
        b"<html><body>hi</body></html>",                     // wrong root
        b"\xff\xfe\x00<\x00w",                               // binary
    ] {
        let bytes = zip_of(&[("word/document.xml", junk)]);
        assert_eq!(
            kind_of(&bytes, FAST),
            ErrorKind::Xml,
            "{:?}",
            String::from_utf8_lossy(junk)
        );
    }
}

#[test]
fn zip_bomb_is_refused_by_declared_size() {
    // 300 MiB of zeros deflates to about 300 KB; the header declares the size.
    let zeros = vec![0u8; 300 << 20];
    let bytes = zip_of(&[("word/document.xml", &zeros)]);
    drop(zeros);
    assert!(bytes.len() < 2 << 20, "bomb is {} bytes", bytes.len());
    let err = read_docx(&bytes, &DocxOptions::default()).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::TooLarge, "{err}");
}

#[test]
fn bomb_with_a_lying_header_is_stopped_while_inflating() {
    // A well-formed but huge main part whose inflated size passes the cap:
    // with a small cap the streaming check must stop it, after reading at
    // most the cap.
    let mut xml = format!("<w:document xmlns:w=\"{W_NS}\"><w:body>").into_bytes();
    let para = p("填充").into_bytes();
    while xml.len() < 4 << 20 {
        xml.extend_from_slice(&para);
    }
    xml.extend_from_slice(b"</w:body></w:document>");
    let bytes = zip_of(&[("word/document.xml", &xml)]);
    // Lower the declared size in both the local header and the central
    // directory to 1000 bytes, so only the streaming cap can catch it.
    let declared = u32::try_from(xml.len()).unwrap().to_le_bytes();
    let mut patched = bytes.clone();
    let mut hits = 0;
    for i in 0..patched.len().saturating_sub(4) {
        if patched[i..i + 4] == declared {
            patched[i..i + 4].copy_from_slice(&1000u32.to_le_bytes());
            hits += 1;
        }
    }
    assert!(hits >= 1, "declared size not found in the zip");
    let mut opts = DocxOptions::default();
    opts.max_document_xml = 1 << 20;
    let start = Instant::now();
    let err = read_docx(&patched, &opts).unwrap_err();
    assert!(start.elapsed() < FAST);
    assert_eq!(err.kind(), &ErrorKind::TooLarge, "{err}");
    assert!(err.to_string().contains("inflates past"), "{err}");
    // Unpatched, the same file under the small cap is refused by its header.
    let err = read_docx(&bytes, &opts).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::TooLarge);
}

#[test]
fn absurd_spans_and_nesting_are_refused() {
    let body = "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"99999999999\"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>";
    assert_eq!(kind_of(&docx_with_body(body), FAST), ErrorKind::TooLarge);
    let deep = format!(
        "{}{}",
        "<w:customXml>".repeat(1000),
        "</w:customXml>".repeat(1000)
    );
    assert_eq!(kind_of(&docx_with_body(&deep), FAST), ErrorKind::TooDeep);
    let mut nested = String::new();
    for _ in 0..40 {
        nested.push_str("<w:tbl><w:tr><w:tc>");
    }
    for _ in 0..40 {
        nested.push_str("<w:p/></w:tc></w:tr></w:tbl>");
    }
    assert_eq!(kind_of(&docx_with_body(&nested), FAST), ErrorKind::TooDeep);
}

#[test]
fn many_spanning_rows_stay_within_the_grid_cap() {
    // 200,000 rows of a cell spanning 4000 columns: 800 M positions.
    let row = "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"4000\"/></w:tcPr><w:p/></w:tc></w:tr>";
    let body = format!("<w:tbl>{}</w:tbl>", row.repeat(200_000));
    assert_eq!(
        kind_of(&docx_with_body(&body), Duration::from_secs(10)),
        ErrorKind::TooLarge
    );
}
