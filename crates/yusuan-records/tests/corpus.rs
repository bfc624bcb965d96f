//! pdf → layout → records over every text PDF of ../shared/corpus: prints a
//! per-document summary and fails on documents that yield nothing.

use std::collections::BTreeMap;
use std::path::PathBuf;

use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_model::TableKind;
use yusuan_pdf::{PdfOptions, read_pdf};
use yusuan_records::{RecordsOptions, RecordsOutput, build_records};

use crate::support::shared;

/// Scanned PDFs (MANIFEST.md: `scanned`): page images only, nothing to read.
const SCANNED: &[&str] = &[
    "015_长沙_文化广电旅游体育局_2026年部门预算.pdf",
    "015_长沙_财政局_2026年部门预算.pdf",
];

/// Known gaps: documents that yield no records, each with its reason.
const KNOWN_EMPTY: &[(&str, &str)] = &[
    // Narrative volumes (MANIFEST: "budget narrative"): no tables at all.
    (
        "pdf_files_jszwfw_江苏省委办公厅_江苏省委办公厅2017年部门预算.pdf",
        "narrative only",
    ),
    (
        "pdf_files_jszwfw_江苏省政协办公厅_江苏省政协办公厅2019年度部门预算.pdf",
        "narrative only",
    ),
];

fn corpus_pdfs() -> Option<Vec<PathBuf>> {
    let dir = shared()?.join("corpus/pdf");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    Some(files)
}

/// One document through the pipeline.
pub(crate) fn run_pdf(
    path: &std::path::Path,
) -> Result<(Vec<yusuan_model::Table>, RecordsOutput), String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let src = read_pdf(&bytes, &PdfOptions::default()).map_err(|e| e.to_string())?;
    let layout = reconstruct(&src, &LayoutOptions::default());
    let mut tables = layout.tables;
    let out = build_records(&mut tables, &layout.lines, &RecordsOptions::default());
    Ok((tables, out))
}

#[test]
fn corpus_documents_yield_records() {
    let Some(files) = corpus_pdfs() else {
        println!("skipped: ../shared/corpus/pdf is absent");
        return;
    };
    let mut empty = Vec::new();
    let mut invalid = Vec::new();
    let mut totals = [0usize; 5];
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../schema/document.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if SCANNED.contains(&name.as_str()) {
            println!("{name}: scanned, skipped");
            continue;
        }
        let (tables, out) = match run_pdf(path) {
            Ok(x) => x,
            Err(e) => {
                empty.push(format!("{name}: pipeline error {e}"));
                continue;
            }
        };
        // The whole document, as the CLI prints it (findings aside), must
        // validate against the published schema.
        let mut doc = yusuan_model::Document::new(yusuan_model::Source {
            path: name.clone(),
            sha256: "0".repeat(64),
            format: yusuan_model::SourceFormat::Pdf,
            pages: 1,
            producer: None,
            ocr_pages: Vec::new(),
        });
        doc.meta = out.meta.clone();
        doc.tables = tables.clone();
        doc.records = out.records.clone();
        doc.warnings = out.diagnostics.iter().map(|d| d.to_line()).collect();
        let json = serde_json::to_value(&doc).unwrap();
        let errs: Vec<String> = validator
            .iter_errors(&json)
            .take(3)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        if !errs.is_empty() {
            invalid.push(format!("{name}: {}", errs.join("; ")));
        }
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for t in &tables {
            *kinds.entry(t.kind.as_str()).or_default() += 1;
        }
        let r = &out.records;
        let classified = tables.iter().filter(|t| t.kind != TableKind::Other).count();
        let counts = [
            classified,
            r.indicators.len(),
            r.three_public.len(),
            r.budget_lines.len(),
            r.fund_summary.len(),
        ];
        for (t, c) in totals.iter_mut().zip(counts) {
            *t += c;
        }
        println!(
            "{name}\n  meta: {:?} {:?} {:?}\n  tables {} ({classified} classified): {kinds:?}\n  indicators {} · 三公 columns {} · budget lines {} · fund rows {} · warnings {}",
            out.meta.department,
            out.meta.year,
            out.meta.doc_type,
            tables.len(),
            r.indicators.len(),
            r.three_public.len(),
            r.budget_lines.len(),
            r.fund_summary.len(),
            out.diagnostics.len(),
        );
        let known = KNOWN_EMPTY.iter().find(|(n, _)| *n == name);
        if known.is_some() && counts[1..].iter().any(|&c| c > 0) {
            // Keep the list true: a gap that closed must leave it.
            empty.push(format!(
                "{name}: listed in KNOWN_EMPTY but yields records now"
            ));
        }
        if counts[1..].iter().all(|&c| c == 0) {
            if let Some((_, why)) = known {
                println!("  known gap: {why}");
                continue;
            }
            empty.push(format!(
                "{name}: no records ({} tables, {classified} classified)",
                tables.len()
            ));
        }
    }
    println!(
        "TOTAL classified tables {} · indicators {} · 三公 columns {} · budget lines {} · fund rows {}",
        totals[0], totals[1], totals[2], totals[3], totals[4]
    );
    assert!(
        invalid.is_empty(),
        "documents that do not validate against schema/document.schema.json:\n{}",
        invalid.join("\n")
    );
    assert!(
        empty.is_empty(),
        "documents that yield nothing:\n{}",
        empty.join("\n")
    );
    // Guard against a silent collapse: the corpus gives thousands of each.
    assert!(totals[1] >= 3000, "indicators fell to {}", totals[1]);
    assert!(totals[3] >= 3000, "budget lines fell to {}", totals[3]);
    assert!(totals[2] >= 100, "三公 columns fell to {}", totals[2]);
}
