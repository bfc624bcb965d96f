//! Mutation tests: each file in samples/mutations changes one figure of a
//! clean sample (samples/mutations/make.py); the whole pipeline must report
//! exactly the findings its manifest expects (rule, severity, page, row),
//! on the Word file and on the PDF, and nothing else of severity warning or
//! error.

mod common;

use std::path::Path;

use serde_json::Value;
use yusuan_model::{Document, Finding, Severity};

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The cells that start in `row` of the finding's table, joined.
fn row_text(doc: &Document, f: &Finding) -> String {
    let (Some(id), Some(row)) = (&f.table, f.row) else {
        return String::new();
    };
    let Some(table) = doc.tables.iter().find(|t| &t.id == id) else {
        return String::new();
    };
    let mut cells: Vec<_> = table.cells.iter().filter(|c| c.row == row).collect();
    cells.sort_by_key(|c| c.col);
    cells.iter().map(|c| squash(&c.text)).collect()
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "info",
    }
}

fn describe(doc: &Document, f: &Finding) -> String {
    format!(
        "{} {} page {:?} row {:?} [{}]: {}",
        f.rule,
        severity_name(f.severity),
        f.page,
        f.row,
        row_text(doc, f),
        f.message
    )
}

/// Checks one mutant file; returns the problems found.
fn check_file(path: &Path, expected: &[Value], is_pdf: bool) -> Result<Vec<String>, String> {
    let doc = common::run_file(path)?;
    let name = path.display();
    let mut problems = Vec::new();
    let mut left: Vec<&Finding> = doc
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    for e in expected {
        let rule = e["rule"].as_str().unwrap_or_default();
        let severity = e["severity"].as_str().unwrap_or_default();
        // A Word file has no pages: its findings are on page 1.
        let page = if is_pdf { e["page"].as_u64() } else { Some(1) };
        let row_label = e["row_label"].as_str().unwrap_or_default();
        let hit = left.iter().position(|f| {
            f.rule == rule
                && severity_name(f.severity) == severity
                && f.page.map(u64::from) == page
                && row_text(&doc, f).contains(row_label)
        });
        match hit {
            Some(i) => {
                let f = left.remove(i);
                println!("{name}: ok: {}", describe(&doc, f));
                if let Some(why) = wrong_unit(f) {
                    problems.push(format!("{name}: {rule}: {why}"));
                }
            }
            None => problems.push(format!(
                "{name}: expected {rule} {severity} on page {page:?} at row “{row_label}”, not found"
            )),
        }
    }
    for f in left {
        problems.push(format!("{name}: unexpected: {}", describe(&doc, f)));
    }
    if !problems.is_empty() {
        problems.push(format!(
            "{name}: all findings:\n{}",
            yusuan_audit::render_findings(&doc)
        ));
    }
    Ok(problems)
}

/// Whether a finding's `unit` fits the figures its rule compares: a
/// percentage for 执行率, points for weights and scores, the table's money
/// unit for sums; none for a finding without figures.
fn wrong_unit(f: &Finding) -> Option<String> {
    let unit = f.unit.as_deref();
    let ok = if f.expected.is_none() && f.actual.is_none() {
        unit.is_none()
    } else {
        match f.rule.as_str() {
            "execution_rate" | "claim_percent" | "claim_share" | "claim_completion" => {
                unit == Some("%")
            }
            "budget_score" | "level1_weight" | "weights_total" | "scores_total"
            | "score_over_weight" => unit == Some("分"),
            _ => matches!(unit, Some("元" | "万元")),
        }
    };
    (!ok).then(|| format!("unit {unit:?} does not fit its figures"))
}

#[test]
fn each_mutation_fires_exactly_its_rule() -> Result<(), String> {
    let dir = common::workspace_root().join("samples/mutations");
    let manifest: Value = serde_json::from_slice(
        &std::fs::read(dir.join("manifest.json")).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    let mutations = manifest["mutations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        mutations.len() >= 8,
        "manifest lists {} mutations",
        mutations.len()
    );
    let mut problems = Vec::new();
    let mut files = 0;
    for m in &mutations {
        let id = m["id"].as_str().unwrap_or_default();
        let expected = m["expected"].as_array().cloned().unwrap_or_default();
        assert!(!expected.is_empty(), "{id}: nothing expected");
        for ext in ["docx", "pdf"] {
            let path = dir.join(format!("{id}.{ext}"));
            problems.extend(check_file(&path, &expected, ext == "pdf")?);
            files += 1;
        }
    }
    assert_eq!(files, 2 * mutations.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

/// The clean samples the mutations start from give no error and no warning:
/// every finding a mutant gives comes from its one change.
#[test]
fn clean_samples_give_no_errors_or_warnings() -> Result<(), String> {
    let dir = common::workspace_root().join("samples");
    let mut problems = Vec::new();
    for id in [
        "basic_data_1",
        "selfeval_overall_1",
        "selfeval_project_1",
        "selfeval_project_2",
        "target_overall_1",
        "target_project_1",
        "budget_narrative_1",
    ] {
        for ext in ["docx", "pdf"] {
            let doc = common::run_file(&dir.join(format!("{id}.{ext}")))?;
            for f in doc.findings.iter().filter(|f| f.severity != Severity::Info) {
                problems.push(format!("{id}.{ext}: {}", describe(&doc, f)));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}
