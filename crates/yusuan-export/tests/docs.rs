//! docs/schema.md lists every column of every record table, as
//! `columns_markdown` prints them.

use std::path::Path;

#[test]
fn schema_md_documents_every_column() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/schema.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text
        .find("<!-- record-tables:")
        .and_then(|i| text[i..].find('\n').map(|j| i + j + 1))
        .expect("docs/schema.md has no record-tables block");
    let end = text
        .find("<!-- end record-tables -->")
        .expect("docs/schema.md has no end of the record-tables block");
    let want = yusuan_export::columns_markdown();
    assert!(
        text[start..end] == want,
        "docs/schema.md is out of date: replace its record-tables block with the output of \
         `cargo run -p yusuan-export --example columns`"
    );
}
