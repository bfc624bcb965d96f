//! Facts: one per numeric body cell.

use yusuan_model::{Decimal, Document, Source, SourceFormat, TableKind};
use yusuan_records::{RecordsOptions, build_records, collect_facts};

use crate::support::truth;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub(crate) fn document(names: &[&str]) -> Document {
    let mut tables: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut t = truth(n);
            t.id = format!("t{}", i + 1);
            t
        })
        .collect();
    let out = build_records(&mut tables, &[], &RecordsOptions::default());
    let mut doc = Document::new(Source {
        path: "corpus/pdf/sample.pdf".into(),
        sha256: "0".repeat(64),
        format: SourceFormat::Pdf,
        pages: 99,
        producer: None,
        ocr_pages: Vec::new(),
    });
    doc.meta = out.meta;
    doc.tables = tables;
    doc.records = out.records;
    doc.warnings = out.diagnostics.iter().map(|d| d.to_line()).collect();
    doc
}

#[test]
fn facts_of_a_coded_table_name_code_and_header_path() {
    let doc = document(&["ptczj_final_expend_p10-11"]);
    let facts = collect_facts(&doc);
    assert!(!facts.is_empty());
    assert!(
        facts
            .iter()
            .all(|f| f.doc == "sample.pdf" && f.path == "corpus/pdf/sample.pdf")
    );
    assert!(
        facts
            .iter()
            .all(|f| f.kind == TableKind::ExpenditureSummary)
    );
    // No header cell and no code cell becomes a fact.
    let t = &doc.tables[0];
    assert!(facts.iter().all(|f| f.row >= t.header_rows));
    assert!(facts.iter().all(|f| f.value.is_some()));
    let f = facts
        .iter()
        .find(|f| {
            f.row_path.first().map(String::as_str) == Some("2010601")
                && f.value == Some(dec("1511.89"))
        })
        .unwrap_or_else(|| panic!("no 2010601 fact: {:#?}", &facts[..3]));
    assert_eq!(f.row_path, ["2010601", "行政运行"]);
    assert_eq!(f.unit.as_deref(), Some("万元"));
    assert_eq!(f.yuan, Some(dec("15118900")));
    assert!(!f.col_path.is_empty());
    assert!(
        !facts.iter().any(|f| f.raw == "201" || f.raw == "06"),
        "codes are not facts"
    );
}

#[test]
fn facts_of_a_form_use_the_label_above() {
    let doc = document(&["gjxfj_selfeval_p30-31"]);
    let facts = collect_facts(&doc);
    let f = facts.iter().find(|f| f.raw == "180.61").unwrap();
    assert_eq!(f.col_path, ["年初预算数"]);
    assert_eq!(
        f.row_path.last().map(String::as_str),
        Some("年度资金总额：")
    );
}

#[test]
fn facts_keep_table_order_and_count_every_figure() {
    let doc = document(&["bj_rsj_sangong_p24", "fz_wzzx_expend_p9"]);
    let facts = collect_facts(&doc);
    let first: Vec<&str> = facts
        .iter()
        .filter(|f| f.table == "t1")
        .map(|f| f.raw.as_str())
        .collect();
    assert_eq!(
        first,
        [
            "222.676050",
            "130.819050",
            "9.000000",
            "82.857000",
            "37.380000",
            "45.477000"
        ]
    );
    let pos = facts.iter().position(|f| f.table == "t2").unwrap();
    assert!(facts[..pos].iter().all(|f| f.table == "t1"));
}
