//! CLI integration tests: they run the built `yusuan` binary.
//!
//! - a folder of broken files made here (truncated, empty, random, encrypted,
//!   a zip bomb, legacy .doc, wrong extensions, a Chinese file name): every
//!   good file gives a Document, every broken one an error record, the batch
//!   goes on, exit status 1, the summary counts match; a second run with
//!   `--state` skips the successes and retries the failures;
//! - injected hangs and panics (debug builds) become error records in time;
//! - the real corpus in `../shared/corpus` together with the broken files, twice
//!   with `--state` (skipped with a message when the corpus is absent);
//! - usage errors exit 2; output is the same whatever `-j`; shards partition.

// Fixture builders are plain helper fns, outside clippy's test-context
// exemption; a failed fixture should abort the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;

mod nightly;
mod report;

mod python;
mod records;

const BIN: &str = env!("CARGO_BIN_EXE_yusuan");

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/pdf");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: corpus not found at {} (tests that read real documents need ../shared/corpus)",
            dir.display()
        );
        None
    }
}

fn yusuan(args: &[&str], cwd: &Path) -> Output {
    yusuan_env(args, cwd, &[])
}

fn yusuan_env(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(cwd).env_remove("RUST_LOG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run yusuan")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The counters of the summary line on stderr.
#[derive(Debug, PartialEq, Eq)]
struct Summary {
    documents: usize,
    ok: usize,
    failed: usize,
    skipped: usize,
    unchanged: usize,
    pages: usize,
    tables: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    info: usize,
    no_text: usize,
    incomplete: usize,
}

fn summary(out: &Output) -> Summary {
    let err = stderr(out);
    let line = err
        .lines()
        .find(|l| l.starts_with("summary: "))
        .unwrap_or_else(|| panic!("no summary line in stderr:\n{err}"));
    // "summary: 12 documents: 5 ok, 6 failed, 1 skipped, 0 unchanged · 9 pages, 2 tables,
    // 3 findings (1 errors, 1 warnings, 1 info) · 0.5 s, 18.0 pages/s"
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .filter(|s| !s.is_empty() && !s.contains('.'))
        .map(|s| s.parse().unwrap())
        .collect();
    Summary {
        documents: numbers[0],
        ok: numbers[1],
        failed: numbers[2],
        skipped: numbers[3],
        unchanged: numbers[4],
        pages: numbers[5],
        tables: numbers[6],
        findings: numbers[7],
        errors: numbers[8],
        warnings: numbers[9],
        info: numbers[10],
        no_text: numbers[11],
        incomplete: numbers[12],
    }
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn files_under(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A one-page PDF with a 2×2 ruled table (Helvetica, uncompressed).
fn minimal_pdf(label: &str) -> Vec<u8> {
    let content = format!(
        "0.5 w 72 600 m 372 600 l S 72 630 m 372 630 l S 72 660 m 372 660 l S \
         72 600 m 72 660 l S 222 600 m 222 660 l S 372 600 m 372 660 l S \
         BT /F1 10 Tf 80 640 Td ({label}) Tj ET BT /F1 10 Tf 230 640 Td (Amount) Tj ET \
         BT /F1 10 Tf 80 610 Td (Total) Tj ET BT /F1 10 Tf 230 610 Td (1,234.50) Tj ET"
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        write!(pdf, "{} 0 obj\n{body}\nendobj\n", i + 1).unwrap();
    }
    let xref = pdf.len();
    write!(pdf, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for off in offsets {
        writeln!(pdf, "{off:010} 00000 n ").unwrap();
    }
    write!(
        pdf,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    pdf
}

fn zip_parts(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A DOCX with a title paragraph and a 2×2 table.
fn minimal_docx() -> Vec<u8> {
    let document = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>2025年部门收入预算总表</w:t></w:r></w:p>
<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>
<w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>金额</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1,234.50</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl><w:sectPr/></w:body></w:document>"#;
    zip_parts(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", document.as_bytes()),
    ])
}

/// A DOCX whose main part inflates to 300 MB (the reader caps it at 256 MB).
fn docx_zip_bomb() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(CONTENT_TYPES).unwrap();
    zip.start_file("_rels/.rels", options).unwrap();
    zip.write_all(RELS).unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>")
        .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..300 {
        zip.write_all(&chunk).unwrap();
    }
    zip.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .unwrap();
    zip.finish().unwrap().into_inner()
}

/// Deterministic pseudo-random bytes (no `rand` needed).
fn noise(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn legacy_doc_header() -> Vec<u8> {
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.resize(512, 0);
    doc.extend_from_slice(
        "WordDocument"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<_>>()
            .as_slice(),
    );
    doc.resize(2048, 0);
    doc
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name),
    )
    .unwrap()
}

/// What each file of the broken-files folder must give.
enum Expect {
    Document(&'static str),
    Error(&'static str, &'static str),
}

fn broken_folder(dir: &Path) -> Vec<(&'static str, Expect)> {
    let pdf = minimal_pdf("Revenue");
    let docx = minimal_docx();
    let files: Vec<(&'static str, Vec<u8>, Expect)> = vec![
        ("good.pdf", pdf.clone(), Expect::Document("pdf")),
        ("good.docx", docx.clone(), Expect::Document("docx")),
        (
            "预算报告（2025）.pdf",
            minimal_pdf("Budget"),
            Expect::Document("pdf"),
        ),
        ("really-a-pdf.docx", pdf.clone(), Expect::Document("pdf")),
        ("really-a-docx.pdf", docx, Expect::Document("docx")),
        (
            "truncated.pdf",
            pdf.get(..60).unwrap().to_vec(),
            Expect::Error("pdf", ""),
        ),
        (
            "empty.pdf",
            Vec::new(),
            Expect::Error("input", "empty file"),
        ),
        (
            "random.pdf",
            noise(4096),
            Expect::Error("input", "not a pdf, docx or workbook"),
        ),
        ("bomb.docx", docx_zip_bomb(), Expect::Error("docx", "")),
        (
            "encrypted.pdf",
            fixture("encrypted-user-password.pdf"),
            Expect::Error("pdf", "encrypted with a password"),
        ),
        (
            "old.doc",
            legacy_doc_header(),
            Expect::Error("input", "soffice --headless --convert-to docx FILE"),
        ),
    ];
    let mut expected = Vec::new();
    for (name, bytes, expect) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
        expected.push((name, expect));
    }
    // Neither PDF nor DOCX and not named like one: skipped, counted.
    std::fs::write(dir.join("notes.txt"), "not a document").unwrap();
    expected
}

#[test]
fn broken_files_become_error_records_and_state_retries_them() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let expected = broken_folder(&input);
    let n_good = expected
        .iter()
        .filter(|(_, e)| matches!(e, Expect::Document(_)))
        .count();
    let n_bad = expected.len() - n_good;
    let args = [
        "extract",
        "in",
        "-o",
        "out",
        "-j",
        "2",
        "--timeout",
        "60",
        "--state",
        "state.db",
        "--no-progress",
    ];

    let start = Instant::now();
    let out = yusuan(&args, tmp.path());
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", stderr(&out));
    assert!(took < Duration::from_secs(90), "took {took:?}");
    assert!(
        out.stdout.is_empty(),
        "directory output writes nothing to stdout"
    );
    let s = summary(&out);
    assert_eq!(
        (s.documents, s.ok, s.failed, s.skipped, s.unchanged),
        (expected.len() + 1, n_good, n_bad, 1, 0),
        "{}",
        stderr(&out)
    );
    // Quiet: no panic text from dependencies.
    assert!(!stderr(&out).contains("panicked at"), "{}", stderr(&out));

    // Outputs by the input they name; good.docx and good.pdf share a stem, so
    // the second in sorted input order gets "-2".
    let mut by_path = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(tmp.path().join("out")).unwrap() {
        let path = entry.unwrap().path();
        let json = read_json(&path);
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let source = json["source"]["path"].as_str().unwrap().to_owned();
        by_path.insert(source, (file, json));
    }
    assert_eq!(by_path["in/good.docx"].0, "good.docx.json");
    assert_eq!(by_path["in/good.pdf"].0, "good.pdf.json");
    assert_eq!(
        by_path["in/预算报告（2025）.pdf"].0,
        "预算报告（2025）.pdf.json"
    );
    let mut pages = 0;
    for (name, expect) in &expected {
        let json = &by_path
            .get(&format!("in/{name}"))
            .unwrap_or_else(|| panic!("no output for {name}"))
            .1;
        assert_eq!(json["schema_version"], "1", "{name}");
        match expect {
            Expect::Document(format) => {
                assert!(json.get("error").is_none(), "{name}: {json}");
                assert_eq!(json["source"]["format"], *format, "{name}");
                assert_eq!(json["source"]["sha256"].as_str().unwrap().len(), 64);
                for key in ["meta", "tables", "records", "findings", "warnings"] {
                    assert!(json.get(key).is_some(), "{name}: no {key}");
                }
                pages += json["source"]["pages"].as_u64().unwrap() as usize;
            }
            Expect::Error(stage, fragment) => {
                assert_eq!(json["error"]["stage"], *stage, "{name}: {json}");
                let message = json["error"]["message"].as_str().unwrap();
                assert!(message.contains(fragment), "{name}: {message}");
                assert!(json.get("tables").is_none(), "{name}");
            }
        }
    }
    assert_eq!(s.pages, pages);
    assert!(!tmp.path().join("out/notes.txt.json").exists());
    let written = std::fs::read_dir(tmp.path().join("out")).unwrap().count();
    assert_eq!(
        written,
        expected.len(),
        "one file per input, no temporaries left"
    );

    // Second run: successes unchanged (their outputs not rewritten), failures retried.
    let kept = tmp.path().join("out").join("good.pdf.json");
    let before = std::fs::read(&kept).unwrap();
    let out = yusuan(&args, tmp.path());
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", stderr(&out));
    let s = summary(&out);
    assert_eq!(
        (s.ok, s.failed, s.skipped, s.unchanged),
        (0, n_bad, 1, n_good),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&kept).unwrap(), before);

    // An unchanged input whose output went missing is redone, not "unchanged".
    std::fs::remove_file(&kept).unwrap();
    let out = yusuan(&args, tmp.path());
    let s = summary(&out);
    assert_eq!((s.ok, s.unchanged), (1, n_good - 1), "{}", stderr(&out));
    assert_eq!(std::fs::read(&kept).unwrap(), before);

    // A changed input is redone.
    std::fs::write(input.join("good.pdf"), minimal_pdf("Changed")).unwrap();
    let out = yusuan(&args, tmp.path());
    let s = summary(&out);
    assert_eq!(
        (s.ok, s.failed, s.unchanged),
        (1, n_bad, n_good - 1),
        "{}",
        stderr(&out)
    );
    assert_ne!(std::fs::read(&kept).unwrap(), before);

    // --redo: everything processed again, and the state still written.
    let mut redo = args.to_vec();
    redo.push("--redo");
    let out = yusuan(&redo, tmp.path());
    let s = summary(&out);
    assert_eq!(
        (s.ok, s.failed, s.unchanged),
        (n_good, n_bad, 0),
        "{}",
        stderr(&out)
    );
    let out = yusuan(&args, tmp.path());
    let s = summary(&out);
    assert_eq!((s.ok, s.unchanged), (0, n_good), "{}", stderr(&out));
    // --redo needs --state.
    let out = yusuan(&["extract", "in", "--redo"], tmp.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn output_order_does_not_depend_on_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let expected = broken_folder(&input);
    let run = |jobs: &str| {
        let out = yusuan(
            &["extract", "in", "--format", "jsonl", "-j", jobs],
            tmp.path(),
        );
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run("1");
    assert_eq!(one, run("3"));
    let paths: Vec<String> = one
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["source"]["path"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let mut sorted: Vec<String> = expected.iter().map(|(n, _)| format!("in/{n}")).collect();
    sorted.sort();
    assert_eq!(
        paths, sorted,
        "one line per input except the skipped one, in sorted order"
    );
}

#[test]
fn hangs_and_panics_become_error_records_in_time() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: fault injection exists only in debug builds");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let pdf = minimal_pdf("Revenue");
    for name in ["a-FAULT-hang.pdf", "b-FAULT-panic.pdf", "c-good.pdf"] {
        std::fs::write(tmp.path().join(name), &pdf).unwrap();
    }
    let start = Instant::now();
    let out = yusuan_env(
        &[
            "extract",
            ".",
            "--format",
            "jsonl",
            "--timeout",
            "2",
            "-j",
            "2",
        ],
        tmp.path(),
        &[("YUSUAN_TEST_FAULTS", "1")],
    );
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["error"]["stage"], "layout");
    assert_eq!(lines[0]["error"]["message"], "timed out after 2 s");
    assert_eq!(lines[1]["error"]["stage"], "layout");
    let message = lines[1]["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("panicked: injected test fault"),
        "{message}"
    );
    assert!(lines[2].get("error").is_none());
    let err = stderr(&out);
    assert!(
        !err.contains("panicked at"),
        "the panic hook keeps stderr quiet:\n{err}"
    );
    let s = summary(&out);
    assert_eq!((s.ok, s.failed), (1, 2));
}

#[test]
fn bad_usage_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.pdf"), minimal_pdf("A")).unwrap();
    std::fs::write(tmp.path().join("b.pdf"), minimal_pdf("B")).unwrap();
    for args in [
        vec!["extract", "a.pdf", "--format", "xml"],
        vec!["extract", "a.pdf", "b.pdf", "--format", "json"],
        vec!["extract", "a.pdf", "--shard", "2/2"],
        vec!["extract", "a.pdf", "-j", "0"],
        vec!["frobnicate"],
        vec!["inspect", "a.pdf"],
    ] {
        let out = yusuan(&args, tmp.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    let help = yusuan(&["extract", "--help"], tmp.path());
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("--shard"));
}

#[test]
fn one_file_prints_one_document_and_formats_agree() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("表.pdf"), minimal_pdf("Revenue")).unwrap();
    let out = yusuan(&["extract", "表.pdf"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["source"]["path"], "表.pdf");
    assert_eq!(doc["source"]["pages"], 1);

    let out = yusuan(&["extract", "表.pdf", "-o", "doc.json"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(read_json(&tmp.path().join("doc.json")), doc);

    let out = yusuan(&["extract", "表.pdf", "--format", "csv"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        csv.lines().next(),
        Some(
            "doc,path,table,kind,page,row,col,row_path,col_path,raw,value,unit,yuan,department,year"
        )
    );
    let out = yusuan(&["extract", "表.pdf", "--format", "facts"], tmp.path());
    let facts = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        facts.lines().count() + 1,
        csv.lines().count(),
        "one CSV row per fact"
    );
}

#[test]
fn shards_partition_a_batch() {
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..12 {
        std::fs::write(tmp.path().join(format!("f{i}.pdf")), minimal_pdf("X")).unwrap();
    }
    let mut all = Vec::new();
    for shard in ["0/3", "1/3", "2/3"] {
        let out = yusuan(
            &["extract", ".", "--format", "jsonl", "--shard", shard],
            tmp.path(),
        );
        assert_eq!(out.status.code(), Some(0));
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            all.push(v["source"]["path"].as_str().unwrap().to_owned());
        }
    }
    all.sort();
    let mut want: Vec<String> = (0..12).map(|i| format!("./f{i}.pdf")).collect();
    want.sort();
    assert_eq!(all, want, "every input in exactly one shard");
}

#[test]
fn globs_tables_audit_and_inspect_run() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("d")).unwrap();
    std::fs::write(tmp.path().join("d/a.pdf"), minimal_pdf("Revenue")).unwrap();
    std::fs::write(tmp.path().join("d/b.docx"), minimal_docx()).unwrap();
    std::fs::write(tmp.path().join("d/c.txt"), "x").unwrap();

    let out = yusuan(&["extract", "d/*.pdf", "--format", "jsonl"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);

    let out = yusuan(&["extract", "d/*.xyz"], tmp.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "a pattern without matches is a failed input"
    );

    let out = yusuan(&["tables", "d"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("## d/a.pdf"), "{text}");
    assert!(text.contains("## d/b.docx"), "{text}");

    let out = yusuan(&["audit", "d"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = yusuan(&["audit", "d", "--format", "json"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert!(v.get("rule").is_some() && v.get("path").is_some(), "{v}");
    }

    let out = yusuan(
        &["inspect", "d/a.pdf", "--page", "1", "--svg", "p1.svg"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!out.stdout.is_empty());
    let svg = std::fs::read_to_string(tmp.path().join("p1.svg")).unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    let out = yusuan(&["inspect", "d/a.pdf", "--page", "9"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
}

/// The issue's "done when": the whole corpus plus the broken-files folder in
/// one run. Every good file gives a Document (with the contract's table
/// fields), every broken one an error record, nothing hangs, exit status 1,
/// the summary adds up; a second run with the same `--state` skips every
/// success and retries every failure.
#[test]
fn corpus_and_broken_files_in_one_run_with_state() {
    let Some(corpus) = corpus_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let broken = tmp.path().join("broken");
    std::fs::create_dir(&broken).unwrap();
    let expected = broken_folder(&broken);
    let n_good = expected
        .iter()
        .filter(|(_, e)| matches!(e, Expect::Document(_)))
        .count();
    let n_bad = expected.len() - n_good;
    let mut corpus_files: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    corpus_files.sort();
    assert!(!corpus_files.is_empty());
    let corpus_arg = corpus.to_string_lossy().into_owned();
    let args = [
        "extract",
        &corpus_arg,
        "broken",
        "-o",
        "out",
        "-j",
        "2",
        "--timeout",
        "120",
        "--state",
        "state.db",
        "--no-progress",
    ];

    let start = Instant::now();
    let out = yusuan(&args, tmp.path());
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", stderr(&out));
    // 120 s per document is the limit; the whole batch takes seconds.
    assert!(took < Duration::from_secs(600), "took {took:?}");
    let s = summary(&out);
    let n_ok = corpus_files.len() + n_good;
    assert_eq!(
        (s.documents, s.ok, s.failed, s.skipped, s.unchanged),
        (n_ok + n_bad + 1, n_ok, n_bad, 1, 0),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked at"), "{}", stderr(&out));

    // Every output file, by the file name of the input it names.
    let mut by_name = std::collections::BTreeMap::new();
    for (rel, _) in files_under(&tmp.path().join("out")) {
        let json = read_json(&tmp.path().join("out").join(rel));
        let path = json["source"]["path"].as_str().unwrap().to_owned();
        let name = Path::new(&path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            by_name.insert(name, json).is_none(),
            "two outputs for {path}"
        );
    }
    assert_eq!(by_name.len(), n_ok + n_bad, "one output per input");
    let (mut pages, mut tables, mut findings) = (0, 0, 0);
    let mut count_doc = |doc: &Value| {
        pages += doc["source"]["pages"].as_u64().unwrap() as usize;
        tables += doc["tables"].as_array().unwrap().len();
        findings += doc["findings"].as_array().unwrap().len();
    };
    for name in &corpus_files {
        let doc = by_name
            .get(name)
            .unwrap_or_else(|| panic!("no output for corpus file {name}"));
        assert!(doc.get("error").is_none(), "{name}: {}", doc["error"]);
        assert_eq!(doc["source"]["format"], "pdf", "{name}");
        for table in doc["tables"].as_array().unwrap() {
            for key in [
                "id", "kind", "title", "unit", "pages", "n_rows", "n_cols", "cells",
            ] {
                assert!(table.get(key).is_some(), "{name}: table without {key}");
            }
        }
        count_doc(doc);
    }
    for (name, expect) in &expected {
        let doc = by_name
            .get(*name)
            .unwrap_or_else(|| panic!("no output for {name}"));
        match expect {
            Expect::Document(format) => {
                assert!(doc.get("error").is_none(), "{name}: {doc}");
                assert_eq!(doc["source"]["format"], *format, "{name}");
                count_doc(doc);
            }
            Expect::Error(stage, fragment) => {
                assert_eq!(doc["error"]["stage"], *stage, "{name}: {doc}");
                let message = doc["error"]["message"].as_str().unwrap();
                assert!(message.contains(fragment), "{name}: {message}");
            }
        }
    }
    assert_eq!((s.pages, s.tables, s.findings), (pages, tables, findings));
    assert!(tables > 0);

    // Second run: every success unchanged, every failure retried (and still
    // failing), exit status 1 again.
    let out = yusuan(&args, tmp.path());
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", stderr(&out));
    let s = summary(&out);
    assert_eq!(
        (s.documents, s.ok, s.failed, s.skipped, s.unchanged),
        (n_ok + n_bad + 1, 0, n_bad, 1, n_ok),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bundled_samples_run_without_arguments() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let has_docs = std::fs::read_dir(&samples).is_ok_and(|d| {
        d.filter_map(Result::ok).any(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "pdf" || x == "docx")
        })
    });
    if !has_docs {
        eprintln!("skipped: no samples in {}", samples.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = yusuan(&["extract", "--no-progress"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = summary(&out);
    assert!(s.ok > 0 && s.failed == 0, "{s:?}");
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), s.ok);
}

/// `samples/<name>` with the first printed `from` in word/document.xml
/// replaced by `to` (one figure changed, as a careless editor would).
fn mutated_sample(name: &str, from: &str, to: &str) -> Option<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(name);
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipped: no sample {}", path.display());
        return None;
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut data).unwrap();
        if file.name() == "word/document.xml" {
            let text = String::from_utf8(data).unwrap();
            let (from, to) = (format!(">{from}<"), format!(">{to}<"));
            assert!(text.contains(&from), "{name} does not print {from}");
            data = text.replacen(&from, &to, 1).into_bytes();
        }
        parts.push((file.name().to_owned(), data));
    }
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    Some(zip_parts(&refs))
}

/// The audit runs inside the pipeline: `extract` carries the findings in the
/// Document, `audit` prints the same findings grouped by severity or as
/// Finding lines, and the summary counts them. Findings are not failures:
/// the exit status stays 0.
#[test]
fn audit_findings_reach_extract_audit_and_summary() {
    // selfeval_project_2 prints 得分 9.16 for 执行率 91.64% × 分值 10; 7.16
    // breaks the budget-score rule on that row.
    let Some(bad) = mutated_sample("selfeval_project_2.docx", "9.16", "7.16") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("mutated.docx"), bad).unwrap();
    std::fs::write(tmp.path().join("plain.pdf"), minimal_pdf("Revenue")).unwrap();

    let out = yusuan(
        &["audit", "--format", "json", "mutated.docx", "plain.pdf"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<Value> = String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty(), "no findings for the mutated sample");
    for f in &lines {
        for key in [
            "rule", "severity", "table", "page", "row", "label", "message", "expected", "actual",
        ] {
            assert!(f.get(key).is_some(), "finding without {key}: {f}");
        }
        assert_eq!(f["path"], "mutated.docx", "{f}");
    }
    let hit = lines
        .iter()
        .find(|f| {
            f["rule"] == "budget_score"
                && f["actual"]
                    .as_f64()
                    .is_some_and(|a| (a - 7.16).abs() < 1e-9)
        })
        .unwrap_or_else(|| panic!("no budget_score finding on 7.16: {lines:?}"));
    assert_ne!(hit["severity"], "info", "a 2.00 gap is not rounding: {hit}");
    let message = hit["message"].as_str().unwrap();
    assert!(
        message.contains("7.16") && message.contains("9.16"),
        "{message}"
    );
    let s = summary(&out);
    assert_eq!(s.findings, lines.len(), "{}", stderr(&out));
    let by = |sev: &str| lines.iter().filter(|f| f["severity"] == sev).count();
    assert_eq!(
        (s.errors, s.warnings, s.info),
        (by("error"), by("warning"), by("info"))
    );

    // The same findings in the extracted Document.
    let out = yusuan(&["extract", "mutated.docx"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut from_audit = lines.clone();
    for f in &mut from_audit {
        f.as_object_mut().unwrap().remove("path");
    }
    assert_eq!(doc["findings"].as_array().unwrap(), &from_audit);
    assert_eq!(summary(&out).findings, lines.len());

    // Readable: one block per document, the finding under its severity
    // heading with page, table and row.
    let out = yusuan(&["audit", "mutated.docx", "plain.pdf"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("mutated.docx: "), "{text}");
    assert!(text.contains("\nplain.pdf: "), "{text}");
    let heading = match hit["severity"].as_str() {
        Some("error") => "  errors:\n",
        _ => "  warnings:\n",
    };
    let block = text
        .split(heading)
        .nth(1)
        .unwrap_or_else(|| panic!("{text}"));
    let expected = format!(
        "page {}, table {}, row {}",
        hit["page"],
        hit["table"].as_str().unwrap(),
        hit["row"]
    );
    assert!(
        block.contains(&expected) && block.contains("[budget_score]"),
        "{expected} not under {heading:?}:\n{text}"
    );

    // A failed input among audited ones: its error in place, exit status 1.
    std::fs::write(tmp.path().join("broken.pdf"), b"%PDF-1.4\ntruncated").unwrap();
    let out = yusuan(&["audit", "mutated.docx", "broken.pdf"], tmp.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(text.contains("broken.pdf\n  error (pdf):"), "{text}");
    let s = summary(&out);
    assert_eq!((s.ok, s.failed, s.findings), (1, 1, lines.len()));
}

/// `--log-format json` is for crawlers: with `RUST_LOG=info` every stderr
/// line parses as JSON, a failure carries its path and stage as fields, and
/// the summary is a JSON line with the counts. No progress bar is drawn when
/// stderr is not a terminal, even without `--no-progress`.
#[test]
fn json_logs_and_no_progress_bar_off_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.pdf"), minimal_pdf("Revenue")).unwrap();
    std::fs::write(tmp.path().join("b.pdf"), b"%PDF-1.7\n").unwrap();
    let out = yusuan_env(
        &[
            "--log-format",
            "json",
            "extract",
            "a.pdf",
            "b.pdf",
            "--format",
            "jsonl",
        ],
        tmp.path(),
        &[("RUST_LOG", "info")],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains('\r') && !err.contains("ETA"), "{err}");
    let lines: Vec<Value> = err
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let failure = lines
        .iter()
        .find(|l| l["level"] == "WARN" && l["fields"]["path"] == "b.pdf")
        .unwrap_or_else(|| panic!("no failure event for b.pdf:\n{err}"));
    assert_eq!(failure["fields"]["stage"], "pdf", "{failure}");
    assert!(
        lines
            .iter()
            .any(|l| l["fields"]["message"] == "done" && l["fields"]["path"] == "a.pdf"),
        "{err}"
    );
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(
        (&summary["documents"], &summary["ok"], &summary["failed"]),
        (&Value::from(2), &Value::from(1), &Value::from(1)),
        "{err}"
    );
    assert_eq!(summary["pages"], 1);
}

/// The ABBYY scan of the corpus (two pages, no text layer), if present.
fn scanned_corpus_file() -> Option<PathBuf> {
    let f = corpus_dir()?.join("015_长沙_文化广电旅游体育局_2026年部门预算.pdf");
    f.is_file().then_some(f)
}

/// Issue 21: without OCR installed, a scan keeps its "no text layer" warning
/// and gets one naming the install step; `--ocr force` fails the document
/// with that hint; `--ocr off` says nothing about OCR; a text PDF gives the
/// same Document with or without OCR.
#[test]
fn issue_21_without_ocr_scans_name_the_install_step_and_text_pdfs_are_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("no-ocr");
    std::fs::create_dir(&empty).unwrap();
    let no_ocr = [("YUSUAN_OCR_DIR", empty.to_str().unwrap())];
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let text_pdf = samples.join("selfeval_project_2.pdf");
    let text_pdf = text_pdf.to_str().unwrap();
    let without = yusuan_env(&["extract", text_pdf, "--no-progress"], tmp.path(), &no_ocr);
    let with = yusuan(&["extract", text_pdf, "--no-progress"], tmp.path());
    assert_eq!(without.status.code(), Some(0), "{}", stderr(&without));
    assert_eq!(
        without.stdout, with.stdout,
        "a text PDF must not depend on OCR"
    );
    assert!(!String::from_utf8_lossy(&with.stdout).contains("\"ocr_pages\""));

    let Some(scan) = scanned_corpus_file() else {
        return;
    };
    let scan = scan.to_str().unwrap();
    let out = yusuan_env(&["extract", scan, "--no-progress"], tmp.path(), &no_ocr);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = doc["warnings"].to_string();
    for page in [1, 2] {
        assert!(
            warnings.contains(&format!("page {page}: no text layer (scanned image?)")),
            "{warnings}"
        );
        assert!(
            warnings.contains(&format!(
                "page {page}: ocr is not installed in {}: run scripts/install-ocr",
                empty.display()
            )),
            "{warnings}"
        );
    }
    assert_eq!(doc["tables"].as_array().map(Vec::len), Some(0));

    let out = yusuan_env(
        &["extract", scan, "--ocr", "force", "--no-progress"],
        tmp.path(),
        &no_ocr,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let rec: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rec["error"]["stage"], "pdf");
    assert!(
        rec["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--ocr force: ocr is not installed"),
        "{rec}"
    );

    let out = yusuan_env(
        &["extract", scan, "--ocr", "off", "--no-progress"],
        tmp.path(),
        &no_ocr,
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !doc["warnings"].to_string().contains("install-ocr"),
        "{}",
        doc["warnings"]
    );
}

/// Issue 21: with OCR installed (scripts/install-ocr), the scan gives its
/// table, cells marked `method: "ocr"`, and the summary counts the pages.
#[test]
fn issue_21_a_scanned_pdf_gives_its_table_by_ocr() {
    let Some(scan) = scanned_corpus_file() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = yusuan(
        &["extract", scan.to_str().unwrap(), "--no-progress"],
        tmp.path(),
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    if doc["warnings"].to_string().contains("ocr is not installed") {
        println!("skipped: ocr not installed; run scripts/install-ocr");
        return;
    }
    assert_eq!(
        doc["source"]["ocr_pages"],
        serde_json::json!([1, 2]),
        "{}",
        doc["warnings"]
    );
    let tables = doc["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 1, "{}", doc["warnings"]);
    assert_eq!(tables[0]["title"], "2025年文化和旅游项目资金安排表");
    assert_eq!(tables[0]["unit"], "万元");
    let cells = tables[0]["cells"].as_array().unwrap();
    assert!(cells.iter().all(|c| c["method"] == "ocr"));
    assert!(cells.iter().any(|c| c["text"] == "306.99452"));
    assert!(
        stderr(&out).contains("2 pages read by ocr"),
        "{}",
        stderr(&out)
    );
}

/// Issue 21: the `--ocr` mode reaches the worker processes of a batch.
#[test]
fn issue_21_the_ocr_mode_reaches_the_workers() {
    let Some(scan) = scanned_corpus_file() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let text_pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/target_project_1.pdf");
    let inputs = [scan.to_str().unwrap(), text_pdf.to_str().unwrap()];
    let scan_name = scan.file_name().unwrap().to_string_lossy().into_owned();
    for (mode, dir) in [("off", "off"), ("auto", "auto")] {
        let out = yusuan(
            &[
                "extract",
                inputs[0],
                inputs[1],
                "-o",
                dir,
                "-j",
                "2",
                "--ocr",
                mode,
                "--no-progress",
            ],
            tmp.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let doc = read_json(&tmp.path().join(dir).join(format!("{scan_name}.json")));
        let warnings = doc["warnings"].to_string();
        if mode == "off" {
            assert!(doc["source"].get("ocr_pages").is_none(), "{warnings}");
            assert!(
                !warnings.contains("read by ocr") && !warnings.contains("install-ocr"),
                "{warnings}"
            );
        } else if warnings.contains("ocr is not installed") {
            println!("skipped (auto): ocr not installed; run scripts/install-ocr");
        } else {
            assert_eq!(
                doc["source"]["ocr_pages"],
                serde_json::json!([1, 2]),
                "{warnings}"
            );
        }
    }
}

/// A document that reads pages by OCR gets OCR_PAGE_ALLOWANCE more per page:
/// with `--timeout 1` the two-page scan (about 1.4 s of OCR per page) still
/// gives its Document, in a thread of this process (one input) and in a
/// worker process (a batch); a text PDF keeps the plain limit.
#[test]
fn ocr_pages_extend_the_time_limit() {
    let Some(scan) = scanned_corpus_file() else {
        println!("skipped: ../shared/corpus is absent");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let text_pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/target_project_1.pdf");
    let scan_name = scan.file_name().unwrap().to_string_lossy().into_owned();
    let runs: [&[&str]; 2] = [
        &[scan.to_str().unwrap(), "-o", "one"],
        &[
            scan.to_str().unwrap(),
            text_pdf.to_str().unwrap(),
            "-j",
            "2",
            "-o",
            "two",
        ],
    ];
    for (args, dir) in runs.iter().zip(["one", "two"]) {
        let mut all = vec!["extract", "--timeout", "1", "--no-progress"];
        all.extend_from_slice(args);
        let out = yusuan(&all, tmp.path());
        let path = if dir == "one" {
            tmp.path().join("one")
        } else {
            tmp.path()
                .join("two")
                .join(&scan_name)
                .with_extension("pdf.json")
        };
        let doc = read_json(&path);
        if doc["warnings"].to_string().contains("ocr is not installed") {
            println!("skipped: ocr not installed; run scripts/install-ocr");
            return;
        }
        assert_eq!(out.status.code(), Some(0), "{dir}: {}", stderr(&out));
        assert_eq!(
            doc["source"]["ocr_pages"],
            serde_json::json!([1, 2]),
            "{dir}: {doc}"
        );
    }
}
