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
    assert_eq!(kind_of(&bytes, FAST), ErrorKind::NotDocx);
    let err = read_docx(&bytes, &DocxOptions::default()).unwrap_err();
    assert!(err.to_string().contains("excel"), "{err}");
}

#[test]
fn other_zips_are_not_docx() {
    // A zip of anything else, and a package whose rels name a missing part.
    let plain = zip_of(&[("readme.txt", b"hello"), ("data/table.csv", b"a,b\n1,2")]);
    assert_eq!(kind_of(&plain, FAST), ErrorKind::NotDocx);
    let rels = b"<Relationships><Relationship Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/missing.xml\"/></Relationships>";
    let dangling = zip_of(&[("_rels/.rels", rels), ("[Content_Types].xml", b"<Types/>")]);
    let err = read_docx(&dangling, &DocxOptions::default()).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::NotDocx);
    assert!(err.to_string().contains("word/missing.xml"), "{err}");
    // An OpenDocument text file is a zip too.
    let odt = zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<office:document-content/>"),
    ]);
    assert_eq!(kind_of(&odt, FAST), ErrorKind::NotDocx);
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
    // 1 GiB of zeros deflates to about 10 MB; the header declares the size,
    // so the reader refuses before inflating anything.
    let bytes = streamed_bomb("\0".as_bytes(), 1 << 30, false);
    assert!(bytes.len() < 16 << 20, "bomb is {} bytes", bytes.len());
    let start = Instant::now();
    let err = read_docx(&bytes, &DocxOptions::default()).unwrap_err();
    assert!(start.elapsed() < FAST, "took {:?}", start.elapsed());
    assert_eq!(err.kind(), &ErrorKind::TooLarge, "{err}");
    assert!(err.to_string().contains("declares"), "{err}");
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
    assert_eq!(kind_of(&docx_with_body(&body), FAST), ErrorKind::TooLarge);
}

/// The process's peak resident set (`VmHWM`) in MiB, if the OS reports it.
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// A zip whose `word/document.xml` inflates to `size` bytes of `unit`
/// repeated (between a document head and tail), built in 1 MiB chunks so that
/// the test itself never holds the inflated part, with the declared size in
/// its headers lowered to 1000 bytes when `lie` is set.
fn streamed_bomb(unit: &[u8], size: usize, lie: bool) -> Vec<u8> {
    use std::io::Write;
    let head = format!("<w:document xmlns:w=\"{W_NS}\"><w:body>").into_bytes();
    let tail = b"</w:body></w:document>";
    // Whole units only, so that well-formed content stays well-formed.
    let chunk: Vec<u8> = unit.repeat((1 << 20) / unit.len());
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    w.start_file("word/document.xml", opts).unwrap();
    w.write_all(&head).unwrap();
    let mut written = head.len();
    while written + chunk.len() + tail.len() <= size {
        w.write_all(&chunk).unwrap();
        written += chunk.len();
    }
    w.write_all(tail).unwrap();
    written += tail.len();
    let mut bytes = w.finish().unwrap().into_inner();
    if lie {
        let declared = u32::try_from(written).unwrap().to_le_bytes();
        // Local header (offset 22) and central directory (offset 24) fields.
        let mut hits = 0;
        for (sig, at) in [(&b"PK\x03\x04"[..], 22), (&b"PK\x01\x02"[..], 24)] {
            let start = bytes.windows(4).position(|x| x == sig).unwrap();
            let field = &mut bytes[start + at..start + at + 4];
            if field == declared {
                field.copy_from_slice(&1000u32.to_le_bytes());
                hits += 1;
            }
        }
        assert_eq!(hits, 2, "declared size not at the expected header offsets");
    }
    bytes
}

/// Runs the named test of this binary alone in a child process with
/// `YUSUAN_DOCX_CHILD` set, and returns what it printed.
fn run_alone(test: &str) -> String {
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .args([test, "--exact", "--test-threads=1", "--nocapture"])
        .env("YUSUAN_DOCX_CHILD", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// One gibibyte inflated, under the default options, with the zip headers
/// lying about the size so that only the streaming cap can stop it: the
/// read must end in `TooLarge` within seconds, and the whole process (zip
/// building included) must stay far below the inflated size. Two contents:
/// zeros (one endless text node before the root) and well-formed paragraphs
/// (the reader builds blocks until the cap). Measured in a child process so
/// that other tests' allocations do not count.
#[test]
fn lying_gigabyte_bomb_has_bounded_time_and_memory() {
    const GIB: usize = 1 << 30;
    if std::env::var_os("YUSUAN_DOCX_CHILD").is_none() {
        if peak_rss_mib().is_none() {
            println!("SKIP: no /proc/self/status VmHWM on this system");
            return;
        }
        let out = run_alone("malformed::lying_gigabyte_bomb_has_bounded_time_and_memory");
        let peak: u64 = out
            .lines()
            .find_map(|l| l.strip_prefix("peak_rss_mib="))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("child printed no peak:\n{out}"));
        println!("{out}");
        // The default cap is 128 MiB of XML; a reader that buffered the whole
        // bomb would pass 1024 MiB.
        assert!(peak < 512, "peak rss {peak} MiB for a 1 GiB bomb");
        return;
    }
    for (what, unit) in [
        ("zeros", "\0".as_bytes()),
        (
            "paragraphs",
            "<w:p><w:r><w:t>填充</w:t></w:r></w:p>".as_bytes(),
        ),
    ] {
        let bomb = streamed_bomb(unit, GIB, true);
        println!("{what}: {} bytes of zip", bomb.len());
        let start = Instant::now();
        let err = read_docx(&bomb, &DocxOptions::default()).unwrap_err();
        let took = start.elapsed();
        println!("{what}: {err} after {took:.1?}");
        assert!(
            matches!(err.kind(), ErrorKind::TooLarge | ErrorKind::Xml),
            "{what}: {err}"
        );
        // About 5 s in a debug build on an idle machine; generous for a
        // loaded CI machine.
        assert!(took < Duration::from_secs(60), "{what}: took {took:?}");
    }
    println!("peak_rss_mib={}", peak_rss_mib().unwrap_or(0));
}

/// Damaged copies of the project's sample documents: each is cut at 24
/// offsets, and 24 copies get 3 flipped bytes each (a bit flip inside the
/// deflated main part either fails its CRC or inflates to other text). Every
/// copy gives `Ok` or a typed error within the time limit, never a panic.
#[test]
fn damaged_sample_documents_never_panic() {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no samples/*.docx");
    // xorshift64, seeded: reproducible positions.
    let mut x: u64 = 0x0dd5_eed5_1234_5678;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        usize::try_from(x % n.max(1) as u64).unwrap()
    };
    let (mut ok, mut kinds) = (0, std::collections::BTreeMap::new());
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let len = bytes.len();
        let mut variants: Vec<(String, Vec<u8>)> = (1..=24)
            .map(|i| {
                let cut = len * i / 25 + next(len / 25);
                (format!("cut at {cut}"), bytes[..cut.min(len - 1)].to_vec())
            })
            .collect();
        for _ in 0..24 {
            let mut b = bytes.clone();
            let at: Vec<usize> = (0..3).map(|_| next(len)).collect();
            for &i in &at {
                b[i] ^= 1 << next(8);
            }
            variants.push((format!("flipped at {at:?}"), b));
        }
        for (what, b) in variants {
            let start = Instant::now();
            let result = catch_unwind(AssertUnwindSafe(|| read_docx(&b, &DocxOptions::default())));
            let took = start.elapsed();
            let name = path.file_name().unwrap().to_string_lossy();
            assert!(took < FAST, "{name} {what}: took {took:?}");
            match result {
                Err(_) => panic!("{name} {what}: read_docx panicked"),
                Ok(Ok(_)) => ok += 1,
                Ok(Err(e)) => *kinds.entry(format!("{:?}", e.kind())).or_insert(0) += 1,
            }
        }
    }
    println!(
        "{} samples x 48 damaged copies: {ok} read, errors {kinds:?}",
        files.len()
    );
    assert!(!kinds.is_empty(), "no damaged copy was rejected");
}
