//! Building `.docx` packages in memory.

use std::io::{Cursor, Write};

use yusuan_model::{Block, NativeTable};
use zip::write::SimpleFileOptions;

pub(crate) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A zip with the given (name, content) entries, deflated.
pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A minimal docx whose body is `body` (WordprocessingML, `w:` prefix bound).
pub(crate) fn docx_with_body(body: &str) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="x"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", doc.as_bytes()),
    ])
}

/// A table's grid as rows of strings, covered positions "" and uncovered "·".
pub(crate) fn grid_text(t: &NativeTable) -> Vec<Vec<String>> {
    let mut g = vec![vec!["·".to_owned(); t.n_cols]; t.n_rows];
    for c in &t.cells {
        for r in c.row..c.row + c.rowspan {
            for k in c.col..c.col + c.colspan {
                g[r][k] = String::new();
            }
        }
        g[c.row][c.col] = c.text.clone();
    }
    g
}

pub(crate) fn tables(blocks: &[Block]) -> Vec<&NativeTable> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph { .. } | Block::Sheet(_) => None,
        })
        .collect()
}

pub(crate) fn paragraphs(blocks: &[Block]) -> Vec<(&str, bool)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text, page_break } => Some((text.as_str(), *page_break)),
            Block::Table(_) | Block::Sheet(_) => None,
        })
        .collect()
}

/// `<w:p>` with one run of text.
pub(crate) fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// `<w:tc>` with properties and paragraphs.
pub(crate) fn tc(props: &str, paras: &[&str]) -> String {
    let body: String = if paras.is_empty() {
        "<w:p/>".to_owned()
    } else {
        paras.iter().map(|t| p(t)).collect()
    };
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>")
}
