//! End-to-end tests on synthetic pages: continuation joins, headings, spills.

use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_model::{
    BBox, Block, Glyph, NativeCell, NativeTable, Orientation, Page, Segment, SourceDocument,
    SourceFormat,
};

fn seg(o: Orientation, pos: f64, start: f64, end: f64) -> Segment {
    Segment {
        orientation: o,
        pos,
        start,
        end,
        thickness: 0.5,
    }
}

fn text_at(out: &mut Vec<Glyph>, s: &str, x: f64, y: f64, size: f64) {
    let mut x = x;
    for c in s.chars() {
        let w = if c.is_ascii() { size / 2.0 } else { size };
        out.push(Glyph {
            text: c.to_string(),
            bbox: BBox::new(x, y, x + w, y + size),
            size: size as f32,
            font: 0,
            rotated: false,
            confidence: None,
        });
        x += w;
    }
}

/// A fully ruled grid with columns at `xs` and rows at `ys`, each row's texts
/// placed in its cells.
fn grid_page(
    number: u32,
    xs: &[f64],
    ys: &[f64],
    rows: &[&[&str]],
    glyphs: &mut Vec<Glyph>,
) -> Vec<Segment> {
    let mut segs = Vec::new();
    for &y in ys {
        segs.push(seg(Orientation::Horizontal, y, xs[0], xs[xs.len() - 1]));
    }
    for &x in xs {
        segs.push(seg(Orientation::Vertical, x, ys[0], ys[ys.len() - 1]));
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, t) in row.iter().enumerate() {
            text_at(glyphs, t, xs[c] + 3.0, ys[r] + 4.0, 9.0);
        }
    }
    let _ = number;
    segs
}

fn pdf(pages: Vec<Page>) -> SourceDocument {
    SourceDocument {
        format: SourceFormat::Pdf,
        producer: None,
        title: None,
        pages,
        blocks: Vec::new(),
        warnings: Vec::new(),
    }
}

#[test]
fn a_table_continued_over_two_pages_is_one_table() {
    let xs = [50.0, 150.0, 250.0, 350.0];
    let mut g1 = Vec::new();
    text_at(&mut g1, "2025年部门收入预算总表", 120.0, 40.0, 16.0);
    text_at(&mut g1, "编制部门：某局", 50.0, 70.0, 9.0);
    text_at(&mut g1, "单位：元", 300.0, 70.0, 9.0);
    let ys1 = [90.0, 110.0, 130.0, 150.0];
    let s1 = grid_page(
        1,
        &xs,
        &ys1,
        &[
            &["项目", "合计", "拨款"],
            &["201", "1,000.00", "1,000.00"],
            &["202", "5.00", "5.00"],
        ],
        &mut g1,
    );
    let mut g2 = Vec::new();
    let ys2 = [40.0, 60.0, 80.0, 100.0];
    let s2 = grid_page(
        2,
        &xs,
        &ys2,
        &[
            &["项目", "合计", "拨款"],
            &["203", "7.00", "7.00"],
            &["204", "8.00", "8.00"],
        ],
        &mut g2,
    );
    // Page 3: only the 合计 row spills over, its label cell merged over two columns.
    let mut g3 = Vec::new();
    let s3 = vec![
        seg(Orientation::Horizontal, 40.0, 50.0, 350.0),
        seg(Orientation::Horizontal, 60.0, 50.0, 350.0),
        seg(Orientation::Vertical, 50.0, 40.0, 60.0),
        seg(Orientation::Vertical, 250.0, 40.0, 60.0),
        seg(Orientation::Vertical, 350.0, 40.0, 60.0),
    ];
    text_at(&mut g3, "合计", 60.0, 44.0, 9.0);
    text_at(&mut g3, "1,020.00", 253.0, 44.0, 9.0);
    let page = |number, glyphs, segments| Page {
        number,
        width: 400.0,
        height: 600.0,
        glyphs,
        segments,
        ..Page::default()
    };
    let doc = pdf(vec![page(1, g1, s1), page(2, g2, s2), page(3, g3, s3)]);
    let layout = reconstruct(&doc, &LayoutOptions::default());
    assert_eq!(layout.tables.len(), 1, "{:#?}", layout.tables);
    let t = &layout.tables[0];
    assert_eq!(t.id, "t1");
    assert_eq!(t.title.as_deref(), Some("2025年部门收入预算总表"));
    assert_eq!(t.unit.as_deref(), Some("元"));
    assert_eq!(t.pages, vec![1, 2, 3]);
    assert_eq!(t.header_rows, 1);
    // Header repeated on page 2 dropped: 1 header + 2 + 2 data rows + 合计.
    assert_eq!((t.n_rows, t.n_cols), (6, 3));
    assert_eq!(t.row_pages, vec![1, 1, 1, 2, 2, 3]);
    assert_eq!(t.text_at(3, 0), "203");
    let total = t.cell_at(5, 0).unwrap();
    assert_eq!(
        (total.text.as_str(), total.colspan, total.page),
        ("合计", 2, 3)
    );
    assert_eq!(t.text_at(5, 2), "1,020.00");
    assert!(
        layout
            .lines
            .iter()
            .any(|l| l.text == "2025年部门收入预算总表" && l.page == 1)
    );
}

/// A 绩效目标表 whose two label columns run over a page break, drawn the
/// way Excel through Acrobat draws them (西安): on page 2 the label columns
/// have their vertical rules only, no top or bottom edge, and the 一级指标
/// label is printed there; the outer label column is blank on both pages.
#[test]
fn label_columns_cut_by_a_page_break_join_into_one_cell() {
    let xs = [50.0, 80.0, 150.0, 250.0, 350.0];
    let mut g1 = Vec::new();
    text_at(&mut g1, "项目绩效目标表", 150.0, 40.0, 16.0);
    let mut s1 = vec![
        seg(Orientation::Horizontal, 90.0, 50.0, 350.0),
        seg(Orientation::Horizontal, 110.0, 80.0, 350.0),
        seg(Orientation::Horizontal, 130.0, 150.0, 350.0),
        seg(Orientation::Horizontal, 150.0, 150.0, 350.0),
        seg(Orientation::Horizontal, 170.0, 50.0, 350.0),
    ];
    for x in xs {
        s1.push(seg(Orientation::Vertical, x, 90.0, 170.0));
    }
    text_at(&mut g1, "一级指标", 83.0, 94.0, 9.0);
    text_at(&mut g1, "三级指标", 153.0, 94.0, 9.0);
    text_at(&mut g1, "指标值", 253.0, 94.0, 9.0);
    for (i, (name, value)) in [("参会人数", "≥50人"), ("展会", "1场"), ("企业", "≥10家")]
        .iter()
        .enumerate()
    {
        let y = 114.0 + 20.0 * i as f64;
        text_at(&mut g1, name, 153.0, y, 9.0);
        text_at(&mut g1, value, 253.0, y, 9.0);
    }
    let mut g2 = Vec::new();
    let mut s2 = vec![
        // The label columns: free vertical rules over the table's height.
        seg(Orientation::Vertical, 50.0, 40.0, 100.0),
        seg(Orientation::Vertical, 80.0, 40.0, 100.0),
    ];
    for y in [40.0, 60.0, 80.0, 100.0] {
        s2.push(seg(Orientation::Horizontal, y, 150.0, 350.0));
    }
    for x in [150.0, 250.0, 350.0] {
        s2.push(seg(Orientation::Vertical, x, 40.0, 100.0));
    }
    text_at(&mut g2, "产出指标", 83.0, 64.0, 9.0);
    for (i, (name, value)) in [("合规性", "100%"), ("时效", "年底前"), ("培训", "2次")]
        .iter()
        .enumerate()
    {
        let y = 44.0 + 20.0 * i as f64;
        text_at(&mut g2, name, 153.0, y, 9.0);
        text_at(&mut g2, value, 253.0, y, 9.0);
    }
    let page = |number, glyphs, segments| Page {
        number,
        width: 400.0,
        height: 600.0,
        glyphs,
        segments,
        ..Page::default()
    };
    let doc = pdf(vec![page(1, g1, s1), page(2, g2, s2)]);
    let layout = reconstruct(&doc, &LayoutOptions::default());
    assert_eq!(layout.tables.len(), 1, "{:#?}", layout.tables);
    let t = &layout.tables[0];
    assert_eq!(t.pages, vec![1, 2]);
    assert_eq!((t.n_rows, t.n_cols), (7, 4));
    let outer = t.cell_at(3, 0).unwrap();
    assert_eq!((outer.row, outer.rowspan, outer.text.as_str()), (0, 7, ""));
    let level1 = t.cell_at(5, 1).unwrap();
    assert_eq!((level1.row, level1.rowspan), (1, 6));
    assert_eq!(level1.text, "产出指标");
    assert_eq!(t.text_at(4, 2), "合规性");
    assert_eq!(t.text_at(6, 3), "2次");
}

#[test]
fn a_titled_table_on_the_next_page_is_a_new_table() {
    let xs = [50.0, 150.0, 250.0];
    let mut g1 = Vec::new();
    let s1 = grid_page(
        1,
        &xs,
        &[90.0, 110.0, 130.0],
        &[&["项目", "金额"], &["201", "1.00"]],
        &mut g1,
    );
    let mut g2 = Vec::new();
    text_at(&mut g2, "政府性基金预算支出表", 80.0, 50.0, 14.0);
    let s2 = grid_page(
        2,
        &xs,
        &[90.0, 110.0, 130.0],
        &[&["项目", "金额"], &["202", "2.00"]],
        &mut g2,
    );
    let doc = pdf(vec![
        Page {
            number: 1,
            glyphs: g1,
            segments: s1,
            ..Page::default()
        },
        Page {
            number: 2,
            glyphs: g2,
            segments: s2,
            ..Page::default()
        },
    ]);
    let layout = reconstruct(&doc, &LayoutOptions::default());
    assert_eq!(layout.tables.len(), 2);
    assert_eq!(layout.tables[1].id, "t2");
    assert_eq!(
        layout.tables[1].title.as_deref(),
        Some("政府性基金预算支出表")
    );
}

#[test]
fn word_tables_split_by_the_author_are_joined() {
    let cell = |row, col, text: &str| NativeCell {
        row,
        col,
        rowspan: 1,
        colspan: 1,
        text: text.to_owned(),
    };
    let part = |rows: &[[&str; 2]]| NativeTable {
        n_rows: rows.len(),
        n_cols: 2,
        cells: rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| vec![cell(r, 0, row[0]), cell(r, 1, row[1])])
            .collect(),
        header_rows: 0,
        depth: 0,
    };
    let doc = SourceDocument {
        format: SourceFormat::Docx,
        producer: None,
        title: None,
        pages: Vec::new(),
        blocks: vec![
            Block::Paragraph {
                text: "部门收支总表".to_owned(),
                page_break: false,
            },
            Block::Table(part(&[["项目", "金额"], ["收入", "1.00"]])),
            Block::Paragraph {
                text: String::new(),
                page_break: true,
            },
            Block::Table(part(&[["项目", "金额"], ["支出", "1.00"]])),
        ],
        warnings: Vec::new(),
    };
    let layout = reconstruct(&doc, &LayoutOptions::default());
    assert_eq!(layout.tables.len(), 1);
    let t = &layout.tables[0];
    assert_eq!(t.method, "native");
    assert_eq!(t.n_rows, 3);
    assert_eq!(t.text_at(2, 0), "支出");
    assert!(t.cells.iter().all(|c| c.bbox.is_none()));
}
