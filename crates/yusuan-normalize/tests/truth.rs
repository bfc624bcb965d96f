//! Every cell of the hand-read truth grids: no panic, and every plain printed
//! figure read exactly, checked against a separate, simpler reading.

use std::path::{Path, PathBuf};

use yusuan_model::{Decimal, QuantityKind};
use yusuan_normalize::{ValueContext, parse_amount, parse_quantity, to_yuan};

fn truth_dirs() -> Vec<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    vec![
        here.join("../../../shared/truth"),
        here.join("../../golden/truth"),
    ]
}

/// A plain figure as budget tables print it: optional minus, digits grouped
/// by commas in threes or not at all, optional fraction.
fn plain_figure(s: &str) -> Option<Decimal> {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if body.ends_with('.') || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let groups: Vec<&str> = int.split(',').collect();
    let ok = match groups.as_slice() {
        [one] => {
            !one.is_empty()
                && one.bytes().all(|b| b.is_ascii_digit())
                && (one.len() == 1 || !one.starts_with('0'))
        }
        [first, rest @ ..] => {
            (1..=3).contains(&first.len())
                && !first.starts_with('0')
                && first.bytes().all(|b| b.is_ascii_digit())
                && rest
                    .iter()
                    .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
        }
        [] => false,
    };
    if !ok {
        return None;
    }
    s.replace(',', "")
        .parse::<Decimal>()
        .ok()
        .map(|d| d.normalize())
}

#[test]
fn truth_grid_cells() {
    let files: Vec<PathBuf> = truth_dirs()
        .into_iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    if files.is_empty() {
        println!("skipped: no truth grids under {:?}", truth_dirs());
        return;
    }
    let (mut cells, mut figures) = (0usize, 0usize);
    let mut failures = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(grid) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let unit = grid["unit"].as_str();
        let rows = grid["rows"].as_array().cloned().unwrap_or_default();
        for cell in rows
            .iter()
            .filter_map(|r| r.as_array())
            .flatten()
            .filter_map(|c| c.as_str())
        {
            cells += 1;
            let context = ValueContext {
                unit,
                ..Default::default()
            };
            let q = parse_quantity(cell, &context);
            assert_eq!(q.raw, cell);
            let Some(want) = plain_figure(cell.trim()) else {
                continue;
            };
            figures += 1;
            let mut ok = parse_amount(cell) == Some(want) && q.value == Some(want);
            if let Some(u) = unit {
                ok &= q.kind == QuantityKind::Amount
                    && q.unit_inherited
                    && q.yuan == to_yuan(want, u);
            }
            if !ok {
                failures.push(format!("{}: {cell:?} → {q:?}", path.display()));
            }
        }
    }
    println!(
        "{} files, {cells} cells, {figures} plain figures",
        files.len()
    );
    assert!(
        figures > 0,
        "no plain figures found in {} truth files",
        files.len()
    );
    assert!(
        failures.is_empty(),
        "{} figures misread:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
