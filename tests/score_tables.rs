//! End-to-end table scoring with the shared scorer.
//!
//! `../shared/tools/score-tables` runs the built `yusuan extract --format json`
//! on each corpus PDF named by a truth grid (`../shared/truth` and our own
//! `golden/truth`), picks the best-matching output table and counts matching
//! cells, spans and exact tables. This is the same measurement a reviewer
//! makes from outside, so it also catches anything the CLI does to tables
//! after layout (serialization, joining, exit status). Issue 4's targets are
//! asserted: [`CELLS_PERCENT`] and [`EXACT_PERCENT`].
//!
//! Skips with a message when `../shared` (corpus, truth, scorer) or
//! `python3` is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_yusuan");

/// Issue 4's target for truth cells matched.
const CELLS_PERCENT: u64 = 98;
/// Issue 4's target for truth tables matched exactly (every cell, span and
/// row of the output table). Two truth grids cover only the first page of a
/// table that continues, so they cannot be exact here: 34/36 is the most.
const EXACT_PERCENT: u64 = 90;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Reads "cells X/Y (P%), tables exact A/B" from the scorer's last line.
fn parse_summary(line: &str) -> Option<(u64, u64, u64, u64)> {
    let rest = line.strip_prefix("cells ")?;
    let (cells, rest) = rest.split_once(' ')?;
    let (matched, total) = cells.split_once('/')?;
    let exact = rest.split("tables exact ").nth(1)?;
    let (exact, tables) = exact.trim().split_once('/')?;
    Some((
        matched.parse().ok()?,
        total.parse().ok()?,
        exact.parse().ok()?,
        tables.parse().ok()?,
    ))
}

#[test]
fn summary_line_is_read() {
    assert_eq!(
        parse_summary("cells 3026/3029 (99.9%), tables exact 31/36"),
        Some((3026, 3029, 31, 36))
    );
    assert_eq!(parse_summary("extract failed"), None);
}

#[test]
fn shared_scorer_meets_issue_targets() {
    let shared = root().join("../shared");
    let scorer = shared.join("tools/score-tables");
    let corpus = shared.join("corpus/pdf");
    if !scorer.is_file() || !corpus.is_dir() {
        println!(
            "skipped: {} or {} absent",
            scorer.display(),
            corpus.display()
        );
        return;
    }
    let Ok(out) = Command::new("python3")
        .arg(&scorer)
        .arg("--bin")
        .arg(BIN)
        .arg(shared.join("truth"))
        .arg(root().join("golden/truth"))
        .arg("--pdf-dir")
        .arg(&corpus)
        .output()
    else {
        println!("skipped: python3 not found");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    let last = text.lines().last().unwrap_or_default();
    let Some((matched, total, exact, tables)) = parse_summary(last) else {
        panic!("scorer gave no summary line; stderr above");
    };
    assert!(tables >= 30, "only {tables} truth tables were scored");
    assert!(
        !text.contains("extract failed") && !text.contains("not found"),
        "some truth PDFs were not extracted:\n{text}"
    );
    // Integer forms of matched/total >= CELLS_PERCENT and
    // exact/tables >= EXACT_PERCENT.
    assert!(
        matched * 100 >= total * CELLS_PERCENT,
        "cells {matched}/{total} below {CELLS_PERCENT}%"
    );
    assert!(
        exact * 100 >= tables * EXACT_PERCENT,
        "exact tables {exact}/{tables} below {EXACT_PERCENT}%"
    );
}
