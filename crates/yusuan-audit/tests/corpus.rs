//! The audit over the real corpus (`../shared/corpus/pdf` and the workbooks of `xlsx/`): every finding of
//! every document, written to `target/audit-corpus.txt` (readable) and
//! `target/audit-corpus.jsonl` (one Finding per line with its file name and
//! page count, for `scripts/corpus_report.py`, which writes
//! docs/audit-corpus.md), and printed with `--nocapture`. Skips with a
//! message when the corpus is absent.
//!
//! Every error finding must be listed in `tests/data/corpus_errors.tsv`
//! (document, page, rule, how it was verified on the rendered page): an
//! error nobody looked at fails the test, so that a change upstream that
//! makes the audit see a new inconsistency is checked before it is
//! reported as one.
//!
//! The text rules (`claim_*`, `text_*`, `toc_*`, issue 13) are held to more:
//! every warning and error they give must be listed, with its count, in
//! `tests/data/corpus_text_findings.tsv`, and every listed one must still
//! appear (on a full run), so a lost true finding fails too.
//!
//! `AUDIT_CORPUS_ONLY=substring` limits the run to matching file names.

mod common;

use std::fmt::Write as _;
use std::path::PathBuf;

use yusuan_model::Severity;

fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/pdf"
    ))
}

#[test]
fn corpus_findings() -> Result<(), String> {
    let dir = corpus_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: corpus not found at {}", dir.display());
        return Ok(());
    };
    let only = std::env::var("AUDIT_CORPUS_ONLY").unwrap_or_default();
    // The PDFs and the workbooks beside them (../shared/corpus/xlsx).
    let workbooks = std::fs::read_dir(dir.with_file_name("xlsx"))
        .into_iter()
        .flatten();
    let mut files: Vec<PathBuf> = entries
        .chain(workbooks)
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| ["pdf", "xlsx", "xls", "ods"].iter().any(|e| x == *e))
        })
        .filter(|p| p.to_string_lossy().contains(&only))
        .collect();
    files.sort();
    let mut report = String::new();
    let mut jsonl = String::new();
    let (mut docs, mut failed) = (0usize, 0usize);
    let mut counts = [0usize; 3];
    let verified: Vec<(String, u32, String)> = include_str!("data/corpus_errors.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((
                f.next()?.to_owned(),
                f.next()?.parse().ok()?,
                f.next()?.to_owned(),
            ))
        })
        .collect();
    let text_verified: Vec<(String, u32, String, usize)> =
        include_str!("data/corpus_text_findings.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some((
                    f.next()?.to_owned(),
                    f.next()?.parse().ok()?,
                    f.next()?.to_owned(),
                    f.next()?.parse().ok()?,
                ))
            })
            .collect();
    let mut text_seen: Vec<(String, u32, String, usize)> = Vec::new();
    let mut unverified = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        match common::run_pipeline(std::path::Path::new(&name), &bytes) {
            Ok(doc) => {
                docs += 1;
                for f in &doc.findings {
                    let i = match f.severity {
                        Severity::Error => 0,
                        Severity::Warning => 1,
                        _ => 2,
                    };
                    if let Some(c) = counts.get_mut(i) {
                        *c += 1;
                    }
                    let text_rule = ["claim_", "text_", "toc_"]
                        .iter()
                        .any(|p| f.rule.starts_with(p));
                    if text_rule && f.severity != Severity::Info {
                        let key = (name.clone(), f.page.unwrap_or(0), f.rule.clone());
                        match text_seen
                            .iter_mut()
                            .find(|(d, p, r, _)| (d, p, r) == (&key.0, &key.1, &key.2))
                        {
                            Some(seen) => seen.3 += 1,
                            None => text_seen.push((key.0, key.1, key.2, 1)),
                        }
                    } else if f.severity == Severity::Error {
                        let key = (name.clone(), f.page.unwrap_or(0), f.rule.clone());
                        if !verified.contains(&key) {
                            unverified
                                .push(format!("{name}\t{}\t{}: {}", key.1, f.rule, f.message));
                        }
                    }
                    // Every finding must say where it is and what it found.
                    assert!(!f.message.is_empty(), "{name}: empty message {f:?}");
                    assert!(
                        yusuan_audit::RULES.iter().any(|r| r.id == f.rule),
                        "{name}: unknown rule {}",
                        f.rule
                    );
                }
                report.push_str(&yusuan_audit::render_findings(&doc));
                let head = serde_json::json!({
                    "doc": name, "pages": doc.source.pages, "tables": doc.tables.len(),
                    "doc_type": doc.meta.doc_type,
                });
                let _ = writeln!(jsonl, "{head}");
                for f in &doc.findings {
                    let mut v = serde_json::to_value(f).map_err(|e| e.to_string())?;
                    if let Some(o) = v.as_object_mut() {
                        o.insert("doc".into(), name.clone().into());
                    }
                    let _ = writeln!(jsonl, "{v}");
                }
            }
            Err(e) => {
                failed += 1;
                let _ = writeln!(report, "{name}: not read: {e}");
                let _ = writeln!(jsonl, "{}", serde_json::json!({"doc": name, "error": e}));
            }
        }
    }
    let _ = writeln!(
        report,
        "\n{docs} documents read, {failed} not read; findings: {} errors, {} warnings, {} info",
        counts[0], counts[1], counts[2]
    );
    print!("{report}");
    let out = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../target/audit-corpus.txt"
    ));
    std::fs::write(&out, &report).map_err(|e| e.to_string())?;
    std::fs::write(out.with_extension("jsonl"), &jsonl).map_err(|e| e.to_string())?;
    for seen in &text_seen {
        if !text_verified.contains(seen) {
            unverified.push(format!(
                "{}\t{}\t{}: {} finding(s) of a text rule, not listed with this count in \
                 tests/data/corpus_text_findings.tsv",
                seen.0, seen.1, seen.2, seen.3
            ));
        }
    }
    if only.is_empty() && failed == 0 {
        for listed in &text_verified {
            if !text_seen.contains(listed) {
                unverified.push(format!(
                    "{}\t{}\t{}: listed as verified ({}×) but not found any more",
                    listed.0, listed.1, listed.2, listed.3
                ));
            }
        }
    }
    assert!(
        unverified.is_empty(),
        "error findings not verified on the page (look at each, fix the audit or add it to \
         tests/data/corpus_errors.tsv):\n{}",
        unverified.join("\n")
    );
    Ok(())
}
