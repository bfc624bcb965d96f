//! Helpers shared by the tests: paths and the pipeline up to records.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_model::SourceDocument;
use yusuan_records::{RecordsOptions, build_records};

pub(crate) fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Tables, meta and records of a read document, as the CLI would print them.
pub(crate) fn pipeline(src: &SourceDocument) -> Value {
    let layout = reconstruct(src, &LayoutOptions::default());
    let mut tables = layout.tables;
    let out = build_records(&mut tables, &layout.lines, &RecordsOptions::default());
    json!({ "meta": out.meta, "tables": tables, "records": out.records })
}

/// One cell: (row, col, rowspan, colspan, text).
pub(crate) type GridCell = (u64, u64, u64, u64, String);

/// The grid of each table, cell by cell.
pub(crate) fn grids(doc: &Value) -> Vec<Vec<GridCell>> {
    doc["tables"]
        .as_array()
        .map(|ts| {
            ts.iter()
                .map(|t| {
                    t["cells"]
                        .as_array()
                        .map(|cs| {
                            cs.iter()
                                .map(|c| {
                                    (
                                        c["row"].as_u64().unwrap_or(0),
                                        c["col"].as_u64().unwrap_or(0),
                                        c["rowspan"].as_u64().unwrap_or(0),
                                        c["colspan"].as_u64().unwrap_or(0),
                                        c["text"].as_str().unwrap_or("").to_owned(),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}
