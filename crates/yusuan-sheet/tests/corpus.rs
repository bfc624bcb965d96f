//! The two corpus workbooks (`../shared/corpus/xlsx/`) against the
//! hand-checked goldens in `golden/sheets/`: tables (kind, title, unit,
//! size, first cell's sheet reference), full grids of the tables read cell
//! by cell on the rendered sheets, and records. A golden lists the fields it
//! checks; skips with a message when the corpus is absent.

use serde_json::Value;
use yusuan_sheet::{SheetOptions, read_sheet};

use crate::support::{pipeline, workspace};

/// The grid of a table in the golden notation: text at a cell's top-left,
/// "←" covered from the left, "↑" covered from above.
fn grid_of(t: &Value) -> Vec<Vec<String>> {
    let n = t["n_rows"].as_u64().unwrap_or(0) as usize;
    let m = t["n_cols"].as_u64().unwrap_or(0) as usize;
    let mut g = vec![vec![String::new(); m]; n];
    for c in t["cells"].as_array().unwrap() {
        let (r0, c0) = (
            c["row"].as_u64().unwrap() as usize,
            c["col"].as_u64().unwrap() as usize,
        );
        let (rs, cs) = (
            c["rowspan"].as_u64().unwrap() as usize,
            c["colspan"].as_u64().unwrap() as usize,
        );
        for r in r0..r0 + rs {
            for k in c0..c0 + cs {
                g[r][k] = if (r, k) == (r0, c0) {
                    c["text"].as_str().unwrap().to_owned()
                } else if r == r0 {
                    "←".to_owned()
                } else {
                    "↑".to_owned()
                };
            }
        }
    }
    g
}

/// Compares the keys `expected` lists, recursively.
fn check(path: &str, expected: &Value, actual: &Value, diffs: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                check(
                    &format!("{path}.{k}"),
                    ev,
                    a.get(k).unwrap_or(&Value::Null),
                    diffs,
                );
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                diffs.push(format!(
                    "{path}: {} items expected, {} found",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                check(&format!("{path}[{i}]"), ev, av, diffs);
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            if e.as_f64() != a.as_f64() {
                diffs.push(format!("{path}: expected {e}, found {a}"));
            }
        }
        (e, a) => {
            if e != a {
                diffs.push(format!("{path}: expected {e}, found {a}"));
            }
        }
    }
}

#[test]
fn corpus_workbooks_match_their_goldens() {
    let corpus = workspace().join("../shared/corpus");
    if !corpus.join("xlsx").is_dir() {
        println!("skipped: corpus not found at {}", corpus.display());
        return;
    }
    let mut checked = 0;
    for name in ["songgang_targets_2023", "putuo_budget_template_2026"] {
        let golden: Value = serde_json::from_str(
            &std::fs::read_to_string(workspace().join(format!("golden/sheets/{name}.json")))
                .unwrap(),
        )
        .unwrap();
        let file = golden["file"].as_str().unwrap();
        let bytes = std::fs::read(corpus.join(file)).unwrap();
        let doc = pipeline(&read_sheet(&bytes, &SheetOptions::default()).unwrap());
        let tables = doc["tables"].as_array().unwrap();
        let mut diffs = Vec::new();
        check("meta", &golden["meta"], &doc["meta"], &mut diffs);
        let summary: Vec<Value> = tables
            .iter()
            .map(|t| {
                serde_json::json!({
                    "page": t["pages"][0], "ref": t["cells"][0]["ref"], "kind": t["kind"],
                    "title": t["title"], "unit": t["unit"], "n_rows": t["n_rows"],
                    "n_cols": t["n_cols"], "heading": t.get("heading").cloned().unwrap_or(Value::Array(vec![])),
                })
            })
            .collect();
        check(
            "tables",
            &golden["tables"],
            &Value::Array(summary),
            &mut diffs,
        );
        for (id, rows) in golden["grids"].as_object().unwrap() {
            let t = tables.iter().find(|t| t["id"] == id.as_str()).unwrap();
            let actual = serde_json::to_value(grid_of(t)).unwrap();
            check(&format!("grid {id}"), rows, &actual, &mut diffs);
        }
        for kind in ["indicators", "three_public", "budget_lines"] {
            if golden.get(kind).is_some() {
                let actual = &doc["records"][kind];
                // The golden may list the records of some tables only.
                let listed: Vec<&Value> = golden[kind].as_array().unwrap().iter().collect();
                let tables_listed: Vec<&Value> = listed.iter().map(|r| &r["table"]).collect();
                let subset: Vec<Value> = actual
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|r| tables_listed.contains(&&r["table"]))
                    .cloned()
                    .collect();
                check(kind, &golden[kind], &Value::Array(subset), &mut diffs);
            }
        }
        assert!(diffs.is_empty(), "{file}:\n{}", diffs.join("\n"));
        checked += 1;
    }
    assert_eq!(checked, 2);
}
