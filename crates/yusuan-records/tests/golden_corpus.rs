//! Hand-read golden records for real corpus PDFs (golden/records/corpus,
//! format in its README.md): each listed item is looked up in the output of
//! pdf → layout → records and compared field by field.
//!
//! An item marked `known_wrong` documents a gap of the pipeline: the test
//! fails on any mismatch that is not so marked, and on a marked item that now
//! matches (so that the marks stay true).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde_json::Value;
use yusuan_model::Decimal;

use crate::corpus::run_pdf;
use crate::support::shared;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../golden/records/corpus")
}

fn golden_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Text as compared: no whitespace, full-width brackets, colons and quotes
/// folded to one form (printers differ on these, readers do not).
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '“' | '”' | '＂' => '"',
            '＝' => '=',
            other => other,
        })
        .collect()
}

/// A department name without the scope note that some forms print after it.
fn norm_department(s: &str) -> String {
    let n = norm(s);
    for suffix in ["(本级)", "(汇总)"] {
        if let Some(stem) = n.strip_suffix(suffix) {
            return stem.to_owned();
        }
    }
    n
}

fn decimal_of(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => {
            let s = n.to_string();
            Decimal::from_str(&s)
                .ok()
                .or_else(|| Decimal::from_scientific(&s).ok())
        }
        Value::String(s) => Decimal::from_str(s).ok(),
        _ => None,
    }
}

fn show(v: Option<&Value>) -> String {
    match v {
        None => "(absent)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// How a field compares.
#[derive(Clone, Copy)]
enum Cmp {
    /// Decimal value; golden null means absent or null.
    Dec,
    /// Normalized text equality; golden null means absent or null.
    Text,
    /// The golden text is contained in the output text.
    Contains,
    /// Department names.
    Dept,
}

/// One compared field: `None` when it matches, else the difference.
fn compare(cmp: Cmp, expected: &Value, got: Option<&Value>) -> Option<String> {
    let got_null = matches!(got, None | Some(Value::Null));
    if expected.is_null() {
        return (!got_null).then(|| format!("expected null, got {}", show(got)));
    }
    let ok = match cmp {
        Cmp::Dec => match (decimal_of(expected), got.and_then(decimal_of)) {
            (Some(e), Some(g)) => e == g,
            _ => false,
        },
        Cmp::Text => match (expected, got) {
            (Value::String(e), Some(Value::String(g))) => norm(e) == norm(g),
            (e, Some(g)) => e == g,
            _ => false,
        },
        Cmp::Contains => match (expected, got) {
            (Value::String(e), Some(Value::String(g))) => norm(g).contains(&norm(e)),
            _ => false,
        },
        Cmp::Dept => match (expected, got) {
            (Value::String(e), Some(Value::String(g))) => norm_department(e) == norm_department(g),
            _ => false,
        },
    };
    (!ok).then(|| format!("expected {}, got {}", show(Some(expected)), show(got)))
}

/// The differences of one golden item against one output record.
fn diff_fields(fields: &[(&str, Cmp)], golden: &Value, out: &Value) -> (usize, Vec<String>) {
    let mut n = 0;
    let mut diffs = Vec::new();
    for &(field, cmp) in fields {
        let Some(expected) = golden.get(field) else {
            continue;
        };
        n += 1;
        if let Some(d) = compare(cmp, expected, out.get(field)) {
            diffs.push(format!("{field}: {d}"));
        }
    }
    (n, diffs)
}

/// `target` / `actual` of an indicator: the listed parts of the Quantity.
fn diff_quantity(name: &str, golden: &Value, out: &Value) -> (usize, Vec<String>) {
    let Some(g) = golden.get(name) else {
        return (0, Vec::new());
    };
    let o = out.get(name).unwrap_or(&Value::Null);
    if g.is_null() || o.is_null() {
        let n = 1;
        return match (g.is_null(), o.is_null()) {
            (true, true) => (n, Vec::new()),
            _ => (n, vec![format!("{name}: expected {g}, got {o}")]),
        };
    }
    let (n, diffs) = diff_fields(
        &[
            ("op", Cmp::Text),
            ("value", Cmp::Dec),
            ("unit", Cmp::Text),
            ("per", Cmp::Text),
        ],
        g,
        o,
    );
    let raw = o.get("raw").map(|r| show(Some(r))).unwrap_or_default();
    (
        n,
        diffs
            .into_iter()
            .map(|d| format!("{name}.{d} (raw {raw:?})"))
            .collect(),
    )
}

/// `values` of a budget line: header path (joined by "/") → value.
fn diff_values(golden: &Value, out: &Value) -> (usize, Vec<String>) {
    let Some(Value::Object(map)) = golden.get("values") else {
        return (0, Vec::new());
    };
    let outs: Vec<(String, &Value)> = out
        .get("values")
        .and_then(Value::as_array)
        .map(|vs| {
            vs.iter()
                .map(|v| {
                    let path: Vec<&str> = v
                        .get("column")
                        .and_then(Value::as_array)
                        .map(|c| c.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    (norm(&path.join("/")), v)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut diffs = Vec::new();
    let mut absent = false;
    let mut n = map.len();
    // A line-level "unit" is the unit every listed, printed value must carry.
    let unit = golden.get("unit");
    for (path, expected) in map {
        let value = outs.iter().find(|(p, _)| *p == norm(path)).map(|(_, v)| *v);
        let got = value.and_then(|v| v.get("value"));
        if let Some(d) = compare(Cmp::Dec, expected, got) {
            absent |= value.is_none();
            diffs.push(format!("values[{path}]: {d}"));
        }
        if let (Some(u), Some(v), false) = (unit, value, expected.is_null()) {
            n += 1;
            if let Some(d) = compare(Cmp::Text, u, v.get("unit")) {
                diffs.push(format!("values[{path}].unit: {d}"));
            }
        }
    }
    if absent {
        let columns: Vec<&str> = outs.iter().map(|(p, _)| p.as_str()).collect();
        diffs.push(format!("(output columns: {})", columns.join(" | ")));
    }
    (n, diffs)
}

/// The tally of one run.
#[derive(Default)]
struct Tally {
    items: usize,
    fields: usize,
    matched: usize,
    known_wrong: Vec<String>,
    failures: Vec<String>,
}

impl Tally {
    /// Records the outcome of one golden item.
    fn item(&mut self, label: String, golden: &Value, fields: usize, diffs: Vec<String>) {
        self.items += 1;
        self.fields += fields;
        let known = golden.get("known_wrong").and_then(Value::as_str);
        match (diffs.is_empty(), known) {
            (true, None) => self.matched += 1,
            (true, Some(why)) => self.failures.push(format!(
                "{label}: marked known_wrong ({why}) but now matches: remove the mark"
            )),
            (false, Some(why)) => {
                self.known_wrong.push(format!("{label}: {why}"));
                for d in diffs {
                    println!("  known_wrong {label}: {d}");
                }
            }
            (false, None) => {
                for d in &diffs {
                    println!("  MISMATCH {label}: {d}");
                }
                self.failures
                    .push(format!("{label}: {} field(s) differ", diffs.len()));
            }
        }
    }
}

fn page_of(v: &Value) -> Option<u64> {
    v.get("page").and_then(Value::as_u64)
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The candidate with the fewest differences, or a "not found" difference.
fn best<'a>(
    candidates: impl Iterator<Item = &'a Value>,
    diff: impl Fn(&Value) -> (usize, Vec<String>),
    what: &str,
) -> (usize, Vec<String>) {
    let mut best: Option<(usize, Vec<String>)> = None;
    for c in candidates {
        let d = diff(c);
        if best.as_ref().is_none_or(|b| d.1.len() < b.1.len()) {
            best = Some(d);
        }
    }
    best.unwrap_or_else(|| (1, vec![format!("no output record: {what}")]))
}

fn check_file(path: &Path, corpus: &Path, tally: &mut Tally) {
    let text = std::fs::read_to_string(path).unwrap();
    let golden: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: bad JSON: {e}", path.display()));
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    let file = str_of(&golden, "file");
    assert!(
        !str_of(&golden, "checked").is_empty(),
        "{stem}: says nothing of how it was checked"
    );
    let pdf = corpus.join(file);
    let (tables, out) = run_pdf(&pdf).unwrap_or_else(|e| panic!("{stem}: {file}: {e}"));
    let tables = serde_json::to_value(&tables).unwrap();
    let records = serde_json::to_value(&out.records).unwrap();
    let meta = serde_json::to_value(&out.meta).unwrap();
    let before = (tally.items, tally.matched);
    println!("{stem} ({file})");
    dump_if_asked(&stem, &tables, &records);

    if let Some(g) = golden.get("meta") {
        let (n, d) = diff_fields(
            &[
                ("department", Cmp::Dept),
                ("year", Cmp::Dec),
                ("doc_type", Cmp::Text),
            ],
            g,
            &meta,
        );
        tally.item(format!("{stem} meta"), g, n, d);
    }

    let tables = tables.as_array().map_or(&[][..], Vec::as_slice);
    for g in array(&golden, "tables") {
        let page = page_of(g).unwrap_or(0);
        let on_page = tables
            .iter()
            .filter(|t| array(t, "pages").iter().any(|p| p.as_u64() == Some(page)));
        let diff = |t: &Value| {
            let mut n = 1;
            let mut d = Vec::new();
            if let Some(x) = compare(Cmp::Text, &g["kind"], t.get("kind")) {
                d.push(format!("kind: {x} (title {:?})", str_of(t, "title")));
            }
            if let Some(title) = g.get("title").and_then(Value::as_str) {
                n += 1;
                let got = norm(str_of(t, "title"));
                if got.is_empty() || !(got.contains(&norm(title)) || norm(title).contains(&got)) {
                    d.push(format!(
                        "title: expected {title:?}, got {:?}",
                        str_of(t, "title")
                    ));
                }
            }
            (n, d)
        };
        let (n, d) = best(on_page, diff, "no table on this page");
        tally.item(
            format!("{stem} p{page} table {}", str_of(g, "kind")),
            g,
            n,
            d,
        );
    }

    let tp_fields = [
        ("unit", Cmp::Text),
        ("total", Cmp::Dec),
        ("overseas_travel", Cmp::Dec),
        ("vehicle_total", Cmp::Dec),
        ("vehicle_purchase", Cmp::Dec),
        ("vehicle_operation", Cmp::Dec),
        ("reception", Cmp::Dec),
    ];
    for g in array(&golden, "three_public") {
        let page = page_of(g);
        let parts: Vec<String> = array(g, "column")
            .iter()
            .filter_map(Value::as_str)
            .map(norm)
            .collect();
        let cands = array(&records, "three_public").iter().filter(|r| {
            page_of(r) == page && {
                let col = norm(str_of(r, "column"));
                parts.iter().all(|p| col.contains(p.as_str()))
            }
        });
        let (n, d) = best(cands, |r| diff_fields(&tp_fields, g, r), "三公 column");
        tally.item(
            format!("{stem} p{} 三公 [{}]", page.unwrap_or(0), parts.join(",")),
            g,
            n,
            d,
        );
    }

    for g in array(&golden, "budget_lines") {
        let page = page_of(g);
        let code = str_of(g, "code");
        let cands = array(&records, "budget_lines")
            .iter()
            .filter(|r| page_of(r) == page && str_of(r, "code") == code);
        let diff = |r: &Value| {
            let (n1, mut d1) = diff_fields(&[("name", Cmp::Text)], g, r);
            let (n2, d2) = diff_values(g, r);
            d1.extend(d2);
            (n1 + n2, d1)
        };
        let (n, d) = best(cands, diff, "budget line with this page and code");
        tally.item(
            format!("{stem} p{} line {code}", page.unwrap_or(0)),
            g,
            n,
            d,
        );
    }

    let ind_fields = [
        ("project", Cmp::Contains),
        ("level1", Cmp::Text),
        ("level1_weight", Cmp::Dec),
        ("level2", Cmp::Text),
        ("weight", Cmp::Dec),
        ("score", Cmp::Dec),
        ("deviation_reason", Cmp::Text),
    ];
    for g in array(&golden, "indicators") {
        let page = page_of(g);
        let name = norm(str_of(g, "name"));
        let cands = array(&records, "indicators")
            .iter()
            .filter(|r| page_of(r) == page && norm(str_of(r, "name")).contains(&name));
        let diff = |r: &Value| {
            let (mut n, mut d) = diff_fields(&ind_fields, g, r);
            for q in ["target", "actual"] {
                let (n2, d2) = diff_quantity(q, g, r);
                n += n2;
                d.extend(d2);
            }
            (n, d)
        };
        let (n, d) = best(cands, diff, "indicator with this page and name");
        tally.item(
            format!("{stem} p{} indicator {name}", page.unwrap_or(0)),
            g,
            n,
            d,
        );
    }

    let fund_fields = [
        ("unit", Cmp::Text),
        ("initial_budget", Cmp::Dec),
        ("full_year_budget", Cmp::Dec),
        ("executed", Cmp::Dec),
        ("execution_rate", Cmp::Dec),
        ("weight", Cmp::Dec),
        ("score", Cmp::Dec),
    ];
    for g in array(&golden, "fund_summary") {
        let page = page_of(g);
        let label = norm(str_of(g, "label"));
        let cands = array(&records, "fund_summary")
            .iter()
            .filter(|r| page_of(r) == page && norm(str_of(r, "label")).contains(&label));
        let (n, d) = best(cands, |r| diff_fields(&fund_fields, g, r), "fund row");
        tally.item(
            format!("{stem} p{} fund {label}", page.unwrap_or(0)),
            g,
            n,
            d,
        );
    }
    println!(
        "  {} items, {} match",
        tally.items - before.0,
        tally.matched - before.1
    );
}

/// `GOLDEN_DUMP=<stem>:<page>` prints the output tables and records of that
/// page, to see why an item differs (never to fill a golden from).
fn dump_if_asked(stem: &str, tables: &Value, records: &Value) {
    let Ok(spec) = std::env::var("GOLDEN_DUMP") else {
        return;
    };
    let Some((s, p)) = spec.split_once(':') else {
        return;
    };
    let Ok(page) = p.parse::<u64>() else {
        return;
    };
    if s != stem {
        return;
    }
    for t in tables.as_array().map_or(&[][..], Vec::as_slice) {
        if array(t, "pages").iter().any(|x| x.as_u64() == Some(page)) {
            println!(
                "  DUMP table {} kind {} title {:?} pages {:?}",
                str_of(t, "id"),
                str_of(t, "kind"),
                str_of(t, "title"),
                t.get("pages")
            );
        }
    }
    for key in ["three_public", "budget_lines", "indicators", "fund_summary"] {
        for r in array(records, key) {
            if page_of(r) == Some(page) {
                println!("  DUMP {key} {r}");
            }
        }
    }
}

#[test]
fn golden_corpus_files_are_enough_and_well_formed() {
    let files = golden_files();
    assert!(
        files.len() >= 10,
        "issue 6 asks for at least 10 corpus goldens, found {}",
        files.len()
    );
    let mut docs = std::collections::BTreeSet::new();
    for f in &files {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let file = str_of(&v, "file");
        assert!(
            file.ends_with(".pdf"),
            "{}: no corpus file named",
            f.display()
        );
        assert!(docs.insert(file.to_owned()), "{file} has two goldens");
        let items: usize = [
            "tables",
            "three_public",
            "budget_lines",
            "indicators",
            "fund_summary",
        ]
        .iter()
        .map(|k| array(&v, k).len())
        .sum();
        assert!(items >= 5, "{}: only {items} items", f.display());
    }
}

#[test]
fn golden_corpus_records_match() {
    let Some(corpus) = shared()
        .map(|s| s.join("corpus/pdf"))
        .filter(|p| p.is_dir())
    else {
        println!("skipped: ../shared/corpus/pdf is absent");
        return;
    };
    let mut tally = Tally::default();
    for f in golden_files() {
        check_file(&f, &corpus, &mut tally);
    }
    println!(
        "TOTAL golden items {} ({} fields) · matching {} · known_wrong {} · failures {}",
        tally.items,
        tally.fields,
        tally.matched,
        tally.known_wrong.len(),
        tally.failures.len()
    );
    for k in &tally.known_wrong {
        println!("known_wrong: {k}");
    }
    assert!(
        tally.failures.is_empty(),
        "{} golden items differ from the output (or are marked known_wrong but match):\n{}",
        tally.failures.len(),
        tally.failures.join("\n")
    );
}
