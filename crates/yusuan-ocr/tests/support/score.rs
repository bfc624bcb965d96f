//! Scoring a table read from a scan against a hand-checked grid.

use std::path::{Path, PathBuf};

use serde_json::Value;
use yusuan_model::Table;

pub(crate) fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Cell text as compared: lines joined, whitespace removed, full-width
/// ASCII forms (（ ）％ ，) read as their half-width twins — a scan does not
/// show which width a bracket was set in.
pub(crate) fn canon(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match u32::from(c) {
            0xFF01..=0xFF5E => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A table as a full matrix: covered positions "".
pub(crate) fn matrix(t: &Table) -> Vec<Vec<String>> {
    let mut rows = vec![vec![String::new(); t.n_cols]; t.n_rows];
    for c in &t.cells {
        if let Some(slot) = rows.get_mut(c.row).and_then(|r| r.get_mut(c.col)) {
            *slot = c.text.clone();
        }
    }
    rows
}

/// The golden grid's rows.
pub(crate) fn golden_rows(g: &Value) -> Vec<Vec<String>> {
    g["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    r.as_array()
                        .map(|cs| {
                            cs.iter()
                                .map(|c| c.as_str().unwrap_or("").to_owned())
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// How a read table compares with its golden grid.
#[derive(Debug, Default)]
pub(crate) struct Score {
    /// Non-empty golden cells.
    pub(crate) cells: usize,
    /// Of those, read exactly (after [`canon`]).
    pub(crate) right: usize,
    /// Golden cells that are figures (amounts, counts, percentages).
    pub(crate) amounts: usize,
    /// Of those, read exactly.
    pub(crate) amounts_right: usize,
    /// Empty golden positions where something was read.
    pub(crate) spurious: usize,
    /// Every difference, expected vs actual.
    pub(crate) diffs: Vec<String>,
}

/// Scores `actual` against `expected`, position by position.
pub(crate) fn score(expected: &[Vec<String>], actual: &[Vec<String>]) -> Score {
    let mut s = Score::default();
    if expected.len() != actual.len()
        || expected.first().map(Vec::len) != actual.first().map(Vec::len)
    {
        s.diffs.push(format!(
            "grid size: expected {}x{}, actual {}x{}",
            expected.len(),
            expected.first().map_or(0, Vec::len),
            actual.len(),
            actual.first().map_or(0, Vec::len)
        ));
    }
    for (r, row) in expected.iter().enumerate() {
        for (c, e) in row.iter().enumerate() {
            let a = actual
                .get(r)
                .and_then(|x| x.get(c))
                .map_or("", String::as_str);
            let (ce, ca) = (canon(e), canon(a));
            if ce.is_empty() {
                if !ca.is_empty() {
                    s.spurious += 1;
                    s.diffs
                        .push(format!("({r},{c}): expected empty, actual {a:?}"));
                }
                continue;
            }
            s.cells += 1;
            let figure = yusuan_normalize::parse_amount(&ce).is_some()
                || ce.trim_end_matches('%').parse::<f64>().is_ok();
            if figure {
                s.amounts += 1;
            }
            if ce == ca {
                s.right += 1;
                if figure {
                    s.amounts_right += 1;
                }
            } else {
                s.diffs.push(format!(
                    "({r},{c}){}: expected {e:?}, actual {a:?}",
                    if figure { " FIGURE" } else { "" }
                ));
            }
        }
    }
    s
}
