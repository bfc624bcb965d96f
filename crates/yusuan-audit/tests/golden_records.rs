//! The record rules (三公, 自评表 资金 rows) on the hand-checked records of
//! corpus documents (`golden/records/corpus/*.json`): figures a person read
//! off the rendered pages, so a finding here is about the document or the
//! rule, never about layout. None of them gives an error or a warning.

use serde_json::Value;
use yusuan_audit::{AuditOptions, audit};
use yusuan_model::{Decimal, Document, FundSummary, Severity, Source, SourceFormat, ThreePublic};

fn dec(v: &Value) -> Option<Decimal> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("/"),
        _ => String::new(),
    }
}

fn page(v: &Value) -> u32 {
    v["page"]
        .as_u64()
        .and_then(|p| u32::try_from(p).ok())
        .unwrap_or(0)
}

fn document(golden: &Value) -> Document {
    let mut doc = Document::new(Source {
        path: text(&golden["file"]),
        sha256: String::new(),
        format: SourceFormat::Pdf,
        pages: 0,
        producer: None,
        ocr_pages: Vec::new(),
    });
    for (i, t) in golden["three_public"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        doc.records.three_public.push(ThreePublic {
            table: format!("g{i}"),
            page: page(t),
            column: text(&t["column"]),
            unit: t["unit"].as_str().map(str::to_owned),
            total: dec(&t["total"]),
            overseas_travel: dec(&t["overseas_travel"]),
            vehicle_total: dec(&t["vehicle_total"]),
            vehicle_purchase: dec(&t["vehicle_purchase"]),
            vehicle_operation: dec(&t["vehicle_operation"]),
            reception: dec(&t["reception"]),
        });
    }
    for (row, f) in golden["fund_summary"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        doc.records.fund_summary.push(FundSummary {
            // One form per page in these files.
            table: format!("p{}", page(f)),
            page: page(f),
            label: text(&f["label"]),
            initial_budget: dec(&f["initial_budget"]),
            full_year_budget: dec(&f["full_year_budget"]),
            executed: dec(&f["executed"]),
            execution_rate: dec(&f["execution_rate"]),
            weight: dec(&f["weight"]),
            score: dec(&f["score"]),
            unit: f["unit"].as_str().map(str::to_owned),
            row,
        });
    }
    doc
}

#[test]
fn golden_records_give_no_errors() -> Result<(), String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../golden/records/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no golden records in {}", dir.display());
    let (mut three, mut funds) = (0, 0);
    let mut problems = Vec::new();
    for path in &files {
        let golden: Value =
            serde_json::from_slice(&std::fs::read(path).map_err(|e| e.to_string())?)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        let mut doc = document(&golden);
        three += doc.records.three_public.len();
        funds += doc.records.fund_summary.len();
        doc.findings = audit(&doc, &AuditOptions::default());
        print!("{}", yusuan_audit::render_findings(&doc));
        for f in doc.findings.iter().filter(|f| f.severity != Severity::Info) {
            problems.push(format!("{}: {} {}", path.display(), f.rule, f.message));
        }
    }
    println!(
        "{} files, {three} 三公 columns, {funds} 资金 rows",
        files.len()
    );
    assert!(
        three > 10 && funds > 3,
        "golden records thinner than expected"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}
