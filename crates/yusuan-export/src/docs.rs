//! The record tables' columns as the Markdown of docs/schema.md.

use std::fmt::Write;

use crate::column::ColumnType;
use crate::tables::{PROVENANCE, RecordKind};

/// The type of a column as docs/schema.md names it (the Parquet type; CSV
/// prints the same values as text).
fn type_name(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Text => "string",
        ColumnType::Int => "int32",
        ColumnType::Decimal => "decimal(38,6)",
        ColumnType::Date => "date",
        ColumnType::Float => "double",
        ColumnType::Bool => "boolean",
        ColumnType::TextList | ColumnType::Lines => "list<string>",
        ColumnType::IntList => "list<int32>",
    }
}

/// One Markdown table per record table, listing every column with its type
/// and meaning; the provenance columns once, before them. docs/schema.md
/// holds this text (a test compares), printed by
/// `cargo run -p yusuan-export --example columns`.
pub fn columns_markdown() -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Every table but `documents` starts with the provenance columns:\n"
    );
    let _ = writeln!(out, "| column | type | meaning |\n|---|---|---|");
    for c in PROVENANCE {
        let _ = writeln!(out, "| `{}` | {} | {} |", c.name, type_name(c.ty), c.doc);
    }
    for kind in RecordKind::ALL {
        let _ = writeln!(out, "\n#### `{}`\n", kind.name());
        let _ = writeln!(out, "| column | type | meaning |\n|---|---|---|");
        let skip = if kind == RecordKind::Documents {
            0
        } else {
            PROVENANCE.len()
        };
        if skip > 0 {
            let _ = writeln!(out, "| (provenance) | | the five columns above |");
        }
        for c in kind.columns().iter().skip(skip) {
            let _ = writeln!(out, "| `{}` | {} | {} |", c.name, type_name(c.ty), c.doc);
        }
    }
    out
}
