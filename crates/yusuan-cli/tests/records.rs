//! `extract --format parquet|csv -o DIR`: the record tables (issue 17).
//!
//! One file per table; a `--state` rerun gives the same bytes as a clean
//! run, for unchanged and changed inputs alike; shards write their own file
//! sets into one directory; usage errors exit 2.

use std::path::{Path, PathBuf};

use crate::{stderr, summary, yusuan};

const TABLES: [&str; 9] = [
    "documents",
    "tables",
    "facts",
    "three_public",
    "indicators",
    "budget_lines",
    "fund_summary",
    "findings",
    "claims",
];

/// The Word samples and a README (a skipped input) copied into `dir`.
fn sample_inputs(dir: &Path) -> usize {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    std::fs::create_dir_all(dir).unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(&samples).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "docx")
            || p.file_name().is_some_and(|f| f == "README.md")
        {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
            n += 1;
        }
    }
    assert!(n >= 8, "samples missing");
    n
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The table files of `dir` with their bytes, by name.
fn files(dir: &Path, ext: &str) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                read(&p),
            )
        })
        .collect();
    out.sort();
    out
}

/// Data lines of a CSV table (records, not physical lines: cells may hold
/// line breaks).
fn csv_rows(path: &Path) -> usize {
    let text = String::from_utf8(read(path)).unwrap();
    let mut rows = 0usize;
    let mut quoted = false;
    for ch in text.chars() {
        match ch {
            '"' => quoted = !quoted,
            '\n' if !quoted => rows += 1,
            _ => {}
        }
    }
    rows.saturating_sub(1)
}

#[test]
fn issue_17_parquet_and_csv_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let n = sample_inputs(&tmp.path().join("in"));
    let out = yusuan(
        &[
            "extract",
            "in",
            "--format",
            "parquet",
            "-o",
            "pq",
            "--no-progress",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names: Vec<String> = files(&tmp.path().join("pq"), "parquet")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let mut want: Vec<String> = TABLES.iter().map(|t| format!("{t}.parquet")).collect();
    want.sort();
    assert_eq!(names, want);
    for (name, bytes) in files(&tmp.path().join("pq"), "parquet") {
        assert!(
            bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
            "{name}"
        );
    }

    let out = yusuan(
        &[
            "extract",
            "in",
            "--format",
            "csv",
            "-o",
            "csv/",
            "--no-progress",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = summary(&out);
    let docs = csv_rows(&tmp.path().join("csv/documents.csv"));
    assert_eq!(docs, n, "one documents row per input, skipped ones too");
    assert_eq!(s.ok + s.skipped, n);
    assert!(csv_rows(&tmp.path().join("csv/indicators.csv")) > 50);
    // Without a directory, csv is still the contract's facts CSV.
    let out = yusuan(
        &[
            "extract",
            "in",
            "--format",
            "csv",
            "-o",
            "facts.csv",
            "--no-progress",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(read(&tmp.path().join("facts.csv")))
            .unwrap()
            .starts_with("doc,path,table,kind,")
    );
}

#[test]
fn issue_17_state_reruns_equal_a_clean_run() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    sample_inputs(&t.join("in"));
    let run = |out: &str, state: bool| {
        let mut args = vec![
            "extract",
            "in",
            "--format",
            "parquet",
            "-o",
            out,
            "--no-progress",
        ];
        if state {
            args.extend(["--state", "state.db"]);
        }
        let o = yusuan(&args, t);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        summary(&o)
    };
    let first = run("a", true);
    assert!(first.ok > 0 && first.unchanged == 0, "{first:?}");
    let clean = files(&t.join("a"), "parquet");
    // Nothing changed: nothing runs, the files are rewritten from kept rows.
    let second = run("a", true);
    assert_eq!(second.ok, 0, "{second:?}");
    assert_eq!(second.unchanged, first.ok);
    assert_eq!(files(&t.join("a"), "parquet"), clean);

    // One input changes (a sample replaced by another): only it runs, and
    // the files equal those of a clean run over the same inputs.
    let inputs: Vec<PathBuf> = {
        let mut v: Vec<PathBuf> = std::fs::read_dir(t.join("in"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "docx"))
            .collect();
        v.sort();
        v
    };
    std::fs::copy(&inputs[0], &inputs[1]).unwrap();
    let third = run("a", true);
    assert_eq!(third.ok, 1, "{third:?}");
    assert_eq!(third.unchanged, first.ok - 1);
    run("b", false);
    assert_eq!(
        files(&t.join("a"), "parquet"),
        files(&t.join("b"), "parquet")
    );

    // Kept rows that are gone: the input runs again rather than vanish.
    std::fs::remove_dir_all(t.join("a/.yusuan-kept")).unwrap();
    let fourth = run("a", true);
    assert_eq!(fourth.ok, first.ok, "{fourth:?}");
    assert_eq!(
        files(&t.join("a"), "parquet"),
        files(&t.join("b"), "parquet")
    );
}

#[test]
fn issue_17_shards_write_their_own_files() {
    let tmp = tempfile::tempdir().unwrap();
    let n = sample_inputs(&tmp.path().join("in"));
    for shard in ["0/2", "1/2"] {
        let out = yusuan(
            &[
                "extract",
                "in",
                "--format",
                "csv",
                "-o",
                "out/",
                "--shard",
                shard,
                "--no-progress",
            ],
            tmp.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let a = tmp.path().join("out/documents.shard-0-of-2.csv");
    let b = tmp.path().join("out/documents.shard-1-of-2.csv");
    assert_eq!(csv_rows(&a) + csv_rows(&b), n, "every input in one shard");
    assert_eq!(
        files(&tmp.path().join("out"), "csv").len(),
        2 * TABLES.len()
    );
}

#[test]
fn issue_17_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    sample_inputs(&tmp.path().join("in"));
    let out = yusuan(&["extract", "in", "--format", "parquet"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("-o DIR"), "{}", stderr(&out));
    std::fs::write(tmp.path().join("file"), "x").unwrap();
    let out = yusuan(
        &["extract", "in", "--format", "parquet", "-o", "file"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}
