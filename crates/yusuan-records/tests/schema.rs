//! Documents built from truth grids validate against
//! schema/document.schema.json, and the schema rejects broken ones.

use std::path::Path;

use serde_json::{Value, json};
use yusuan_records::collect_facts;

use crate::facts::document;

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/document.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn errors(validator: &jsonschema::Validator, v: &Value) -> Vec<String> {
    validator
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

/// A sub-schema of `$defs` as a standalone schema.
fn def(name: &str) -> Value {
    let mut s = schema();
    s["$ref"] = json!(format!("#/$defs/{name}"));
    s
}

#[test]
fn built_documents_validate() {
    let validator = jsonschema::draft202012::new(&schema()).unwrap();
    let sets: &[&[&str]] = &[
        &[
            "gjxfj_selfeval_p30-31",
            "bj_rsj_sangong_p24",
            "ptczj_final_expend_p10-11",
        ],
        &[
            "bj_rsj_dept_perf_p43",
            "cc_xfj_project_perf_p16",
            "sz_jtj_sangong_p46",
        ],
        &[
            "xa_swj_project_perf_p63-64",
            "bj_bgt_expend_p3",
            "fz_wzzx_sangong_p18",
        ],
    ];
    for names in sets {
        let doc = document(names);
        assert!(
            !doc.records.indicators.is_empty() || !doc.records.budget_lines.is_empty(),
            "{names:?} gave no records to check"
        );
        let v = serde_json::to_value(&doc).unwrap();
        let errs = errors(&validator, &v);
        assert!(errs.is_empty(), "{names:?}:\n{}", errs.join("\n"));
    }
}

#[test]
fn pipeline_documents_validate() {
    // The samples through docx, pdf and sheet → layout → records, tables
    // and warnings included, and their facts.
    let validator = jsonschema::draft202012::new(&schema()).unwrap();
    let fact_validator = jsonschema::draft202012::new(&def("Fact")).unwrap();
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/manifest.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut checked = 0;
    for sample in manifest["samples"].as_array().unwrap() {
        for file in sample["files"].as_array().unwrap() {
            let file = file.as_str().unwrap();
            let doc = crate::golden_samples::sample_document(file);
            assert!(!doc.tables.is_empty(), "{file}: no table");
            let errs = errors(&validator, &serde_json::to_value(&doc).unwrap());
            assert!(errs.is_empty(), "{file}:\n{}", errs.join("\n"));
            for f in collect_facts(&doc) {
                let v = serde_json::to_value(&f).unwrap();
                let errs = errors(&fact_validator, &v);
                assert!(errs.is_empty(), "{file} {v}:\n{}", errs.join("\n"));
            }
            checked += 1;
        }
    }
    // Seven forms as .docx, .pdf, .xlsx, .xls and .ods.
    assert_eq!(checked, 35);
}

#[test]
fn facts_validate() {
    let validator = jsonschema::draft202012::new(&def("Fact")).unwrap();
    let doc = document(&["ptczj_final_expend_p10-11", "gjxfj_selfeval_p30-31"]);
    let facts = collect_facts(&doc);
    assert!(facts.len() > 20);
    for f in facts {
        let v = serde_json::to_value(&f).unwrap();
        let errs = errors(&validator, &v);
        assert!(errs.is_empty(), "{v}:\n{}", errs.join("\n"));
    }
}

#[test]
fn error_records_validate() {
    let validator = jsonschema::draft202012::new(&def("ErrorRecord")).unwrap();
    let rec = yusuan_model::ErrorRecord::new(
        "a.pdf",
        None,
        yusuan_model::Stage::Pdf,
        "not a pdf: starts with PK",
    );
    assert!(validator.is_valid(&serde_json::to_value(&rec).unwrap()));
}

/// A change that breaks a valid document.
type Edit = Box<dyn Fn(&mut Value)>;

#[test]
fn schema_rejects_broken_documents() {
    let validator = jsonschema::draft202012::new(&schema()).unwrap();
    let good = serde_json::to_value(document(&["bj_rsj_sangong_p24"])).unwrap();
    assert!(validator.is_valid(&good));
    let broken: Vec<(&str, Edit)> = vec![
        (
            "money as a string",
            Box::new(|v| v["records"]["three_public"][0]["total"] = json!("222.676050")),
        ),
        (
            "unknown kind",
            Box::new(|v| v["tables"][0]["kind"] = json!("sangong")),
        ),
        (
            "missing meta.year",
            Box::new(|v| {
                v["meta"].as_object_mut().unwrap().remove("year");
            }),
        ),
        (
            "bad doc_type",
            Box::new(|v| v["meta"]["doc_type"] = json!("预算")),
        ),
        (
            "schema version",
            Box::new(|v| v["schema_version"] = json!("2")),
        ),
        (
            "page 0",
            Box::new(|v| v["tables"][0]["cells"][0]["page"] = json!(0)),
        ),
    ];
    for (what, edit) in broken {
        let mut v = good.clone();
        edit(&mut v);
        assert!(
            !validator.is_valid(&v),
            "schema accepted a document with {what}"
        );
    }
}
