//! The six Word/PDF sample pairs of `samples/` through both paths (docx →
//! layout → records and pdf → layout → records), compared field by field
//! with the hand-checked records in `golden/records/samples/<id>.json`.
//!
//! The goldens were typed from the figures in `samples/make_samples.py` and
//! checked against the rendered PDF pages, never copied from program output.
//! A golden names the fields it checks; numbers compare by decimal value
//! ("5.00" = 5). `page` is compared for the PDF only (Word has no pages).
//! Set `YUSUAN_GOLDEN_STORE=<dir>` to also write the actual output there for
//! review; the goldens themselves are never rewritten by the test.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde_json::Value;
use yusuan_docx::{DocxOptions, read_docx};
use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_model::{Decimal, SourceDocument};
use yusuan_pdf::{PdfOptions, read_pdf};
use yusuan_records::{RecordsOptions, build_records};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The sample ids listed in samples/manifest.json.
fn sample_ids() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("samples/manifest.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["samples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

/// meta + records of one file, as the JSON the CLI would print.
fn run(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap();
    let src: SourceDocument = if path.extension().is_some_and(|e| e == "pdf") {
        read_pdf(&bytes, &PdfOptions::default()).unwrap()
    } else {
        read_docx(&bytes, &DocxOptions::default()).unwrap()
    };
    let layout = reconstruct(&src, &LayoutOptions::default());
    let mut tables = layout.tables;
    let out = build_records(&mut tables, &layout.lines, &RecordsOptions::default());
    serde_json::json!({ "meta": out.meta, "records": out.records })
}

/// A JSON number as a decimal ("5.00" and 5 are the same figure).
fn decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => Decimal::from_str(&n.to_string())
            .or_else(|_| Decimal::from_scientific(&n.to_string()))
            .ok(),
        _ => None,
    }
}

/// Compares `actual` with the fields `expected` names, appending one line
/// per difference to `diffs`.
fn compare(path: &str, expected: &Value, actual: &Value, pdf: bool, diffs: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                if k == "page" && !pdf {
                    continue;
                }
                let av = a.get(k).unwrap_or(&Value::Null);
                compare(&format!("{path}.{k}"), ev, av, pdf, diffs);
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            for (i, ev) in e.iter().enumerate() {
                let here = format!("{path}[{i}]{}", label(ev));
                match a.get(i) {
                    Some(av) => compare(&here, ev, av, pdf, diffs),
                    None => diffs.push(format!("{here}: missing (expected {ev})")),
                }
            }
            for (i, av) in a.iter().enumerate().skip(e.len()) {
                diffs.push(format!("{path}[{i}]: unexpected extra {}", short(av)));
            }
        }
        (Value::Number(_), Value::Number(_)) if decimal(expected) == decimal(actual) => {}
        _ if expected == actual => {}
        _ => diffs.push(format!(
            "{path}:\n      expected {expected}\n      actual   {actual}"
        )),
    }
}

/// " (row 11 接待法律咨询人次)": where a record sits, for readable diffs.
fn label(v: &Value) -> String {
    let mut parts = Vec::new();
    if let Some(r) = v.get("row") {
        parts.push(format!("row {r}"));
    }
    for k in ["name", "column", "label", "code"] {
        if let Some(s) = v.get(k).and_then(Value::as_str) {
            parts.push(s.to_owned());
            break;
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(" "))
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    s.chars().take(200).collect()
}

#[test]
fn samples_give_their_golden_records() {
    let ids = sample_ids();
    assert_eq!(ids.len(), 7, "samples/manifest.json lists {ids:?}");
    let store = std::env::var_os("YUSUAN_GOLDEN_STORE").map(PathBuf::from);
    let mut failures = Vec::new();
    let mut checked = 0;
    for id in &ids {
        let golden_path = root().join(format!("golden/records/samples/{id}.json"));
        let Ok(text) = std::fs::read_to_string(&golden_path) else {
            failures.push(format!("{id}: golden {} is missing", golden_path.display()));
            continue;
        };
        let golden: Value = serde_json::from_str(&text).unwrap();
        for ext in ["docx", "pdf"] {
            let file = root().join(format!("samples/{id}.{ext}"));
            let actual = run(&file);
            if let Some(dir) = &store {
                std::fs::create_dir_all(dir).unwrap();
                let out = dir.join(format!("{id}.{ext}.json"));
                std::fs::write(out, serde_json::to_string_pretty(&actual).unwrap()).unwrap();
            }
            let mut diffs = Vec::new();
            for part in ["meta", "records"] {
                compare(part, &golden[part], &actual[part], ext == "pdf", &mut diffs);
            }
            let n = golden["records"]["indicators"]
                .as_array()
                .map_or(0, Vec::len);
            println!(
                "{id}.{ext}: {} differences ({n} indicators expected)",
                diffs.len()
            );
            checked += 1;
            if !diffs.is_empty() {
                failures.push(format!("{id}.{ext}:\n  {}", diffs.join("\n  ")));
            }
        }
    }
    assert_eq!(checked, 14, "every sample as docx and pdf");
    assert!(
        failures.is_empty(),
        "records differ from golden/records/samples:\n{}",
        failures.join("\n")
    );
}

#[test]
fn golden_comparison_reports_differences() {
    // The comparison itself must see a changed figure, a changed kind and a
    // missing record, or a passing run above would mean nothing.
    let golden = serde_json::json!({"a": [{"row": 1, "name": "x", "v": 5, "k": "count"}]});
    let same =
        serde_json::json!({"a": [{"row": 1, "name": "x", "v": 5.00, "k": "count", "extra": 1}]});
    let mut d = Vec::new();
    compare("r", &golden, &same, true, &mut d);
    assert!(d.is_empty(), "{d:?}");
    let changed = serde_json::json!({"a": [{"row": 1, "name": "x", "v": 6, "k": "percent"}, {}]});
    compare("r", &golden, &changed, true, &mut d);
    assert_eq!(d.len(), 3, "{d:?}");
    let missing = serde_json::json!({"a": []});
    let mut d = Vec::new();
    compare("r", &golden, &missing, true, &mut d);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].contains("missing"), "{d:?}");
}

/// One sample file through the full pipeline, as the Document the CLI
/// would print (without findings: the audit is a later stage).
pub(crate) fn sample_document(file: &str) -> yusuan_model::Document {
    let path = root().join("samples").join(file);
    let bytes = std::fs::read(&path).unwrap();
    let (src, format) = if file.ends_with(".pdf") {
        (
            read_pdf(&bytes, &PdfOptions::default()).unwrap(),
            yusuan_model::SourceFormat::Pdf,
        )
    } else if file.ends_with(".docx") {
        (
            read_docx(&bytes, &DocxOptions::default()).unwrap(),
            yusuan_model::SourceFormat::Docx,
        )
    } else {
        // The workbooks of each form (.xlsx, .xls, .ods): the reader names the format.
        let src = yusuan_sheet::read_sheet(&bytes, &yusuan_sheet::SheetOptions::default()).unwrap();
        let format = src.format;
        (src, format)
    };
    let layout = reconstruct(&src, &LayoutOptions::default());
    let mut tables = layout.tables;
    let out = build_records(&mut tables, &layout.lines, &RecordsOptions::default());
    let mut doc = yusuan_model::Document::new(yusuan_model::Source {
        path: format!("samples/{file}"),
        sha256: "0".repeat(64),
        format,
        pages: src.page_count(),
        producer: src.producer.clone(),
        ocr_pages: Vec::new(),
    });
    doc.meta = out.meta;
    doc.tables = tables;
    doc.records = out.records;
    doc.warnings = layout
        .diagnostics
        .iter()
        .chain(&out.diagnostics)
        .map(|d| d.to_line())
        .collect();
    doc
}

/// Facts of one sample file through the full pipeline.
fn sample_facts(file: &str) -> Vec<yusuan_model::Fact> {
    yusuan_records::collect_facts(&sample_document(file))
}

#[test]
fn sample_facts_inherit_the_table_unit_only_for_money() {
    for file in ["basic_data_1.docx", "basic_data_1.pdf"] {
        let facts = sample_facts(file);
        let unit_of = |raw: &str| {
            facts
                .iter()
                .find(|f| f.raw == raw)
                .map(|f| f.unit.clone())
                .unwrap_or_else(|| panic!("{file}: no fact {raw}: {facts:#?}"))
        };
        // 编制数 87 and 实际在职人数 68 are people; 控制率 a percentage.
        assert_eq!(unit_of("87"), None, "{file}");
        assert_eq!(unit_of("68"), None, "{file}");
        assert_eq!(unit_of("78.16%").as_deref(), Some("%"), "{file}");
        // 三公经费 and 政府采购金额 are money in 万元.
        assert_eq!(unit_of("10.8").as_deref(), Some("万元"), "{file}");
        assert_eq!(unit_of("446.90").as_deref(), Some("万元"), "{file}");
    }
    let facts = sample_facts("selfeval_overall_1.docx");
    // A value is named by the label above it, not by the values above it.
    // Every figure of the indicator rows (8-23; texts such as 有安全感 sit
    // between them) is named by its column's header label.
    let labels = ["年度指标值", "实际完成值", "分值", "得分"];
    let rows: Vec<_> = facts.iter().filter(|f| (8..=23).contains(&f.row)).collect();
    assert!(rows.len() >= 50, "{}", rows.len());
    for f in rows {
        assert!(
            f.col_path.len() == 1 && labels.contains(&f.col_path[0].as_str()),
            "row {} {:?}: {:?}",
            f.row,
            f.raw,
            f.col_path
        );
    }
    let budget = facts.iter().find(|f| f.raw == "1506.55").unwrap();
    assert_eq!(budget.unit.as_deref(), Some("万元"));
    assert_eq!(budget.yuan, Some(Decimal::from(15_065_500)));
    // 分值 and 得分 are points, never 万元.
    assert!(
        facts
            .iter()
            .filter(|f| f.col_path.iter().any(|l| l == "分值" || l == "得分"))
            .all(|f| f.unit.is_none()),
        "{:?}",
        facts
            .iter()
            .filter(|f| f.unit.as_deref() == Some("万元"))
            .map(|f| (&f.raw, &f.col_path))
            .collect::<Vec<_>>()
    );
}
