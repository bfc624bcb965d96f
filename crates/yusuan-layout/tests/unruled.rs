//! Unruled tables: columns aligned by whitespace only, no rules at all, and
//! "three-line" tables (horizontal rules above and below the header only).

use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_model::{BBox, Glyph, Orientation, Page, Segment, SourceDocument, SourceFormat, Table};

/// Row texts of a table, covered positions "", spans as "text[rows x cols]".
fn grid(t: &Table) -> Vec<Vec<String>> {
    let mut g = vec![vec![String::new(); t.n_cols]; t.n_rows];
    for c in &t.cells {
        let text = if c.rowspan > 1 || c.colspan > 1 {
            format!("{}[{}x{}]", c.text, c.rowspan, c.colspan)
        } else {
            c.text.clone()
        };
        if let Some(slot) = g.get_mut(c.row).and_then(|r| r.get_mut(c.col)) {
            *slot = text;
        }
    }
    g
}

fn rows(want: &[&[&str]]) -> Vec<Vec<String>> {
    want.iter()
        .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
        .collect()
}

/// A LibreOffice export of a borderless table (tests/fixtures/README.md).
#[test]
fn a_borderless_pdf_table_is_reconstructed_from_its_alignment() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/unruled_budget.pdf"
    );
    let bytes = std::fs::read(path).expect("fixture");
    let doc = yusuan_pdf::read_pdf(&bytes, &yusuan_pdf::PdfOptions::default()).expect("pdf");
    assert!(
        doc.pages.iter().all(|p| p.segments.is_empty()),
        "the fixture has no rules"
    );
    let layout = reconstruct(&doc, &LayoutOptions::default());
    assert_eq!(layout.tables.len(), 1);
    let t = &layout.tables[0];
    assert_eq!(t.method, "unruled");
    assert_eq!(t.title.as_deref(), Some("2025年部门支出预算表"));
    assert_eq!(t.unit.as_deref(), Some("万元"));
    assert_eq!(t.header_rows, 2);
    assert_eq!(
        grid(t),
        rows(&[
            &["", "本年预算[1x3]", "", ""],
            &["项目", "合计", "基本支出", "项目支出"],
            &["合计", "1,284.50", "934.50", "350.00"],
            &["一般公共服务支出", "1,020.00", "720.00", "300.00"],
            &["社会保障和就业支出", "164.50", "164.50", "0.00"],
            &["住房保障支出", "100.00", "50.00", "50.00"],
        ])
    );
    // The note below the table stays a text line.
    assert!(layout.lines.iter().any(|l| l.text.starts_with("说明：")));
    // Switched off, the same page is text only.
    let off = LayoutOptions {
        unruled_tables: false,
        ..LayoutOptions::default()
    };
    assert!(reconstruct(&doc, &off).tables.is_empty());
}

/// A LibreOffice Calc export of a borderless spreadsheet: figures right-
/// aligned, all of one width in most columns (so they show no alignment of
/// their own), headers left-aligned from where the previous column's
/// figures end, and 基本支出 merged over two columns.
#[test]
fn spreadsheet_headers_go_to_the_cells_they_start_in() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/unruled_spreadsheet.pdf"
    );
    let bytes = std::fs::read(path).expect("fixture");
    let doc = yusuan_pdf::read_pdf(&bytes, &yusuan_pdf::PdfOptions::default()).expect("pdf");
    let layout = reconstruct(&doc, &LayoutOptions::default());
    assert_eq!(layout.tables.len(), 1);
    let t = &layout.tables[0];
    assert_eq!(t.method, "unruled");
    assert_eq!(t.title.as_deref(), Some("2025年部门支出预算总表"));
    assert_eq!(t.unit.as_deref(), Some("万元"));
    assert_eq!(t.header_rows, 2);
    let g = grid(t);
    assert_eq!(
        g.get(..4).map(<[_]>::to_vec),
        Some(rows(&[
            &[
                "功能分类科目编码",
                "科目名称",
                "合计",
                "基本支出[1x2]",
                "",
                "项目支出"
            ],
            &["", "", "", "人员经费", "公用经费", ""],
            &["", "合计", "834.56", "500.00", "84.56", "250.00"],
            &[
                "201",
                "一般公共服务支出",
                "600.00",
                "400.00",
                "50.00",
                "150.00"
            ],
        ]))
    );
    assert_eq!(g.len(), 12);
    assert_eq!(
        g.get(9).map(Vec::as_slice),
        Some(
            &rows(&[&[
                "2080505",
                "机关事业单位基本养老保险缴费支出",
                "134.56",
                "100.00",
                "34.56",
                ""
            ]])[0][..]
        )
    );
}

fn text_at(out: &mut Vec<Glyph>, s: &str, x: f64, y: f64) {
    let mut x = x;
    for c in s.chars() {
        let w = if c.is_ascii() { 4.5 } else { 9.0 };
        out.push(Glyph {
            text: c.to_string(),
            bbox: BBox::new(x, y, x + w, y + 9.0),
            size: 9.0,
            font: 0,
            rotated: false,
            confidence: None,
        });
        x += w;
    }
}

/// Right-aligned figure: `s` ending at `x1`.
fn figure_at(out: &mut Vec<Glyph>, s: &str, x1: f64, y: f64) {
    text_at(out, s, x1 - 4.5 * s.chars().count() as f64, y);
}

fn hline(y: f64) -> Segment {
    Segment {
        orientation: Orientation::Horizontal,
        pos: y,
        start: 40.0,
        end: 500.0,
        thickness: 0.75,
    }
}

/// A three-line table: rules above the header, below it and below the
/// table, no vertical rules; a wrapped label; prose after it.
#[test]
fn a_three_line_table_is_read_as_unruled() {
    let mut g = Vec::new();
    text_at(&mut g, "2025年“三公”经费支出预算表", 180.0, 40.0);
    text_at(&mut g, "单位：万元", 440.0, 62.0);
    text_at(&mut g, "项目", 50.0, 82.0);
    text_at(&mut g, "2025年预算", 300.0, 82.0);
    text_at(&mut g, "2024年预算", 420.0, 82.0);
    let body: [(&str, &str, &str); 4] = [
        ("合计", "12.30", "15.00"),
        ("因公出国（境）费", "0.00", "2.00"),
        ("公务用车购置及运行费", "10.30", "11.00"),
        ("公务接待费", "2.00", "2.00"),
    ];
    let mut y = 104.0;
    for (label, a, b) in body {
        text_at(&mut g, label, 50.0, y);
        figure_at(&mut g, a, 345.0, y);
        figure_at(&mut g, b, 465.0, y);
        y += 20.0;
    }
    // "其中：公务用车运行维护费" wrapped in a narrow label column.
    text_at(&mut g, "其中：公务用车运行", 50.0, y);
    figure_at(&mut g, "10.30", 345.0, y);
    figure_at(&mut g, "9.00", 465.0, y);
    text_at(&mut g, "维护费", 50.0, y + 11.0);
    text_at(
        &mut g,
        "本年“三公”经费预算比上年减少2.70万元，主要是压减出国经费。",
        40.0,
        230.0,
    );
    let page = Page {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: g,
        segments: vec![hline(78.0), hline(96.0), hline(200.0)],
        ..Page::default()
    };
    let doc = SourceDocument {
        format: SourceFormat::Pdf,
        producer: None,
        title: None,
        pages: vec![page],
        blocks: Vec::new(),
        warnings: Vec::new(),
    };
    let layout = reconstruct(&doc, &LayoutOptions::default());
    assert_eq!(layout.tables.len(), 1, "{:?}", layout.tables);
    let t = &layout.tables[0];
    assert_eq!(t.method, "unruled");
    assert_eq!(t.title.as_deref(), Some("2025年“三公”经费支出预算表"));
    assert_eq!(t.unit.as_deref(), Some("万元"));
    assert_eq!(t.header_rows, 1);
    assert_eq!(
        grid(t),
        rows(&[
            &["项目", "2025年预算", "2024年预算"],
            &["合计", "12.30", "15.00"],
            &["因公出国（境）费", "0.00", "2.00"],
            &["公务用车购置及运行费", "10.30", "11.00"],
            &["公务接待费", "2.00", "2.00"],
            &["其中：公务用车运行维护费", "10.30", "9.00"],
        ])
    );
    assert!(
        layout
            .lines
            .iter()
            .any(|l| l.text.starts_with("本年“三公”经费预算"))
    );
}

/// Texts of the body rows (below the header) printed on `page`.
fn body_rows(t: &Table, page: u32) -> Vec<Vec<String>> {
    let g = grid(t);
    g.into_iter()
        .enumerate()
        .filter(|(r, _)| *r >= t.header_rows && t.row_pages.get(*r) == Some(&page))
        .map(|(_, row)| row)
        .collect()
}

/// A real ruled table read again with its rules removed: 广州 2026 page 8
/// (本年支出总体情况表, labels wrapped around their row's figures) must give
/// the same body rows through the unruled path as through the ruled one.
#[test]
fn a_real_table_without_its_rules_gives_the_same_body() {
    let Some(path) = crate::corpus::find_pdf("005_广州_2026年广州市人民政府办公厅部门预算.pdf")
    else {
        println!(
            "skipped: corpus not found at {}",
            crate::corpus::corpus_dir().display()
        );
        return;
    };
    let bytes = std::fs::read(path).expect("corpus file");
    let options = yusuan_pdf::PdfOptions {
        pages: Some(vec![8]),
        ..yusuan_pdf::PdfOptions::default()
    };
    let mut doc = yusuan_pdf::read_pdf(&bytes, &options).expect("pdf");
    let ruled = reconstruct(&doc, &LayoutOptions::default());
    let [ruled] = ruled.tables.as_slice() else {
        panic!("ruled: {} tables", ruled.tables.len());
    };
    assert_eq!(ruled.method, "ruled");
    for page in &mut doc.pages {
        page.segments.clear();
    }
    let bare = reconstruct(&doc, &LayoutOptions::default());
    let [bare] = bare.tables.as_slice() else {
        panic!("unruled: {} tables", bare.tables.len());
    };
    assert_eq!(bare.method, "unruled");
    assert_eq!(bare.title, ruled.title);
    assert_eq!(bare.unit, ruled.unit);
    let want = body_rows(ruled, 8);
    assert_eq!(want.len(), 21, "ruled body rows on page 8");
    assert_eq!(body_rows(bare, 8), want);
}
