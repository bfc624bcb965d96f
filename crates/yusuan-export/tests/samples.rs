//! The samples' Documents as record tables: row counts equal the
//! Documents', money equals the records' figures, CSV has one line per row
//! (the Parquet read-back is in parquet_back.rs).

use std::path::{Path, PathBuf};

use yusuan_export::{
    Batch, ColumnData, CsvWriter, ExportOptions, RecordKind, export_document, export_error,
    export_skipped,
};
use yusuan_model::{Decimal, Document, ErrorRecord, Stage};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

/// The pipeline the CLI runs, on one file.
fn run_docx(path: &Path) -> Document {
    let bytes = std::fs::read(path).unwrap();
    let name = format!("samples/{}", path.file_name().unwrap().to_string_lossy());
    yusuan_pipeline::process(&name, &bytes, &yusuan_pipeline::PipelineOptions::default()).unwrap()
}

/// The Word samples and their mutated copies, in name order.
pub(crate) fn sample_documents() -> Vec<Document> {
    let mut files: Vec<PathBuf> = [samples(), samples().join("mutations")]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap().flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    files.sort();
    assert!(files.len() >= 7, "samples missing: {files:?}");
    files.iter().map(|p| run_docx(p)).collect()
}

/// Every input's rows, table by table, as one batch per table; plus an
/// error record and a skipped file.
pub(crate) fn batches(docs: &[Document]) -> Vec<Batch> {
    let mut out: Vec<Batch> = RecordKind::ALL.iter().map(|k| Batch::new(*k)).collect();
    let mut exports: Vec<_> = docs
        .iter()
        .map(|d| export_document(d, &ExportOptions::default()).unwrap())
        .collect();
    exports.push(
        export_error(&ErrorRecord::new(
            "broken.pdf",
            Some("ab".repeat(32)),
            Stage::Pdf,
            "encrypted with a password",
        ))
        .unwrap(),
    );
    exports.push(export_skipped("samples/README.md", None).unwrap());
    for e in exports {
        assert!(e.is_well_formed());
        for (all, b) in out.iter_mut().zip(e.into_batches()) {
            all.append(b).unwrap();
        }
    }
    out
}

/// Row counts equal the Documents', and money equals the records' figures.
#[test]
fn rows_match_the_documents() {
    let docs = sample_documents();
    let all = batches(&docs);
    let rows = |k: RecordKind| all.iter().find(|b| b.kind() == k).unwrap().rows();
    let sum = |f: &dyn Fn(&Document) -> usize| docs.iter().map(f).sum::<usize>();
    assert_eq!(rows(RecordKind::Documents), docs.len() + 2);
    assert_eq!(rows(RecordKind::Tables), sum(&|d| d.tables.len()));
    assert_eq!(
        rows(RecordKind::Facts),
        sum(&|d| yusuan_records::collect_facts(d).len())
    );
    assert_eq!(
        rows(RecordKind::ThreePublic),
        sum(&|d| d.records.three_public.len())
    );
    assert_eq!(
        rows(RecordKind::Indicators),
        sum(&|d| d.records.indicators.len())
    );
    assert_eq!(
        rows(RecordKind::BudgetLines),
        sum(&|d| d.records.budget_lines.iter().map(|l| l.values.len()).sum())
    );
    assert_eq!(
        rows(RecordKind::FundSummary),
        sum(&|d| d.records.fund_summary.len())
    );
    assert_eq!(rows(RecordKind::Findings), sum(&|d| d.findings.len()));
    assert_eq!(rows(RecordKind::Claims), sum(&|d| d.records.claims.len()));
    assert!(
        rows(RecordKind::Claims) > 0,
        "the narrative sample states figures"
    );
    assert!(rows(RecordKind::Indicators) > 50);
    assert!(
        rows(RecordKind::Findings) > 0,
        "the mutations give findings"
    );

    // The fund rows carry the records' figures and 元 beside them.
    let funds = all
        .iter()
        .find(|b| b.kind() == RecordKind::FundSummary)
        .unwrap();
    let column = |name: &str| {
        let i = RecordKind::FundSummary
            .columns()
            .iter()
            .position(|c| c.name == name)
            .unwrap();
        match &funds.columns()[i] {
            ColumnData::Decimal(v) => v.clone(),
            _ => panic!("{name} is not decimal"),
        }
    };
    let (executed, executed_yuan) = (column("executed"), column("executed_yuan"));
    let records: Vec<_> = docs.iter().flat_map(|d| &d.records.fund_summary).collect();
    assert_eq!(records.len(), executed.len());
    for (r, (e, y)) in records.iter().zip(executed.iter().zip(&executed_yuan)) {
        assert_eq!(*e, r.executed.map(|d| d.normalize()));
        if r.unit.as_deref() == Some("万元") {
            assert_eq!(
                *y,
                r.executed.map(|d| (d * Decimal::from(10_000)).normalize())
            );
        }
    }
    assert!(executed_yuan.iter().any(Option::is_some));
}

#[test]
fn csv_has_a_header_and_one_record_per_row() {
    let docs = sample_documents();
    for batch in batches(&docs) {
        let mut w = CsvWriter::new(batch.kind(), Vec::new()).unwrap();
        w.write(&batch).unwrap();
        let bytes = w.finish().unwrap();
        let mut reader = ::csv::Reader::from_reader(bytes.as_slice());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let names: Vec<&str> = batch.kind().columns().iter().map(|c| c.name).collect();
        assert_eq!(header, names);
        let records: Vec<_> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), batch.rows(), "{}", batch.kind().name());
        assert!(records.iter().all(|r| r.len() == names.len()));
    }
}

#[test]
fn failed_and_skipped_inputs_are_documents_rows() {
    let rec = ErrorRecord::new("x.pdf", None, Stage::Input, "not a pdf");
    let e = export_error(&rec).unwrap();
    let docs = e.batch(RecordKind::Documents).unwrap();
    assert_eq!(docs.rows(), 1);
    for k in RecordKind::ALL
        .into_iter()
        .filter(|k| *k != RecordKind::Documents)
    {
        assert_eq!(e.batch(k).unwrap().rows(), 0, "{}", k.name());
    }
    let mut w = CsvWriter::new(RecordKind::Documents, Vec::new()).unwrap();
    w.write(docs).unwrap();
    w.write(
        export_skipped("notes.txt", Some("00"))
            .unwrap()
            .batch(RecordKind::Documents)
            .unwrap(),
    )
    .unwrap();
    let text = String::from_utf8(w.finish().unwrap()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1], ",x.pdf,failed,input,not a pdf,,,,,,,,,1,");
    assert_eq!(lines[2], "00,notes.txt,skipped,,,,,,,,,,,,");
}

/// A batch kept for a `--state` rerun (serde JSON) reads back equal.
#[test]
fn kept_rows_round_trip() {
    let docs = sample_documents();
    let e = export_document(&docs[0], &ExportOptions::default()).unwrap();
    let json = serde_json::to_string(&e).unwrap();
    let back: yusuan_export::Export = serde_json::from_str(&json).unwrap();
    assert!(back.is_well_formed());
    assert_eq!(back, e);
}
