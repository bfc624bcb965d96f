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

fn plain_page(number: u32, glyphs: Vec<Glyph>, segments: Vec<Segment>) -> Page {
    Page {
        number,
        width: 400.0,
        height: 600.0,
        glyphs,
        segments,
        ..Page::default()
    }
}

/// Issue 14: a sheet wider than the paper prints its right columns on the
/// next page, row for row; the parts are one table, and a sum over the
/// whole width must see every column.
#[test]
fn issue_14_the_right_part_of_a_wide_table_on_the_next_page_joins_column_wise() {
    let ys = [90.0, 110.0, 130.0, 150.0, 170.0];
    let mut g1 = Vec::new();
    text_at(&mut g1, "部门支出总表", 150.0, 40.0, 16.0);
    let s1 = grid_page(
        1,
        &[50.0, 150.0, 250.0, 350.0],
        &ys,
        &[
            &["项目", "合计", "基本支出"],
            &["201", "10.00", "4.00"],
            &["205", "5.00", "2.00"],
            &["合计", "15.00", "6.00"],
        ],
        &mut g1,
    );
    let mut g2 = Vec::new();
    let s2 = grid_page(
        2,
        &[50.0, 170.0, 290.0],
        &ys,
        &[
            &["项目支出", "事业单位经营支出"],
            &["6.00", ""],
            &["3.00", ""],
            &["9.00", ""],
        ],
        &mut g2,
    );
    let doc = pdf(vec![plain_page(1, g1, s1), plain_page(2, g2, s2)]);
    let layout = reconstruct(&doc, &LayoutOptions::default());
    assert_eq!(layout.tables.len(), 1, "{:#?}", layout.tables);
    let t = &layout.tables[0];
    assert_eq!((t.n_rows, t.n_cols), (4, 5));
    assert_eq!(t.pages, vec![1, 2]);
    assert_eq!(t.text_at(0, 3), "项目支出");
    assert_eq!(t.text_at(2, 3), "3.00");
    assert_eq!(t.cell_at(2, 3).map(|c| c.page), Some(2));
    assert_eq!(t.header_rows, 1);
}

/// The right part repeats the label column (Excel's print titles): it is
/// dropped once the parts are joined.
#[test]
fn issue_14_a_repeated_label_column_of_the_right_part_is_dropped() {
    let ys = [90.0, 110.0, 130.0, 150.0];
    let mut g1 = Vec::new();
    let s1 = grid_page(
        1,
        &[50.0, 150.0, 250.0],
        &ys,
        &[
            &["项目", "合计"],
            &["一般公共服务", "10.00"],
            &["教育", "5.00"],
        ],
        &mut g1,
    );
    let mut g2 = Vec::new();
    let s2 = grid_page(
        2,
        &[50.0, 150.0, 260.0],
        &ys,
        &[
            &["项目", "项目支出"],
            &["一般公共服务", "6.00"],
            &["教育", "3.00"],
        ],
        &mut g2,
    );
    let doc = pdf(vec![plain_page(1, g1, s1), plain_page(2, g2, s2)]);
    let layout = reconstruct(&doc, &LayoutOptions::default());
    assert_eq!(layout.tables.len(), 1, "{:#?}", layout.tables);
    let t = &layout.tables[0];
    assert_eq!((t.n_rows, t.n_cols), (3, 3));
    assert_eq!(t.text_at(1, 0), "一般公共服务");
    assert_eq!(t.text_at(1, 2), "6.00");
}

/// Rows at other heights, or a title of its own, make the next page's
/// table another table, even with as many rows.
#[test]
fn issue_14_a_table_of_other_rows_or_with_a_title_is_no_right_part() {
    let mut g1 = Vec::new();
    let s1 = grid_page(
        1,
        &[50.0, 150.0, 250.0],
        &[90.0, 110.0, 130.0, 150.0],
        &[&["项目", "合计"], &["甲", "1.00"], &["乙", "2.00"]],
        &mut g1,
    );
    let mut g2 = Vec::new();
    let s2 = grid_page(
        2,
        &[50.0, 170.0, 290.0],
        &[90.0, 120.0, 150.0, 180.0],
        &[&["单位", "人数"], &["丙", "3"], &["丁", "4"]],
        &mut g2,
    );
    let mut g3 = Vec::new();
    text_at(&mut g3, "政府采购预算表", 150.0, 40.0, 16.0);
    let s3 = grid_page(
        3,
        &[50.0, 170.0, 290.0],
        &[90.0, 120.0, 150.0, 180.0],
        &[&["品目", "金额"], &["戊", "5.00"], &["己", "6.00"]],
        &mut g3,
    );
    let doc = pdf(vec![
        plain_page(1, g1, s1),
        plain_page(2, g2, s2),
        plain_page(3, g3, s3),
    ]);
    let layout = reconstruct(&doc, &LayoutOptions::default());
    assert_eq!(layout.tables.len(), 3, "{:#?}", layout.tables);
}

/// Issue 14: the last rows of a table on the next page under its repeated
/// header, the page printed a gutter further right (Word's mirrored
/// margins): still the same table.
#[test]
fn issue_14_last_rows_under_a_repeated_header_join_across_a_shifted_margin() {
    let xs1 = [50.0, 150.0, 250.0, 350.0];
    let xs2 = [68.0, 168.0, 268.0, 368.0];
    let mut g1 = Vec::new();
    text_at(&mut g1, "一般公共预算支出表", 120.0, 40.0, 16.0);
    let s1 = grid_page(
        1,
        &xs1,
        &[90.0, 110.0, 130.0, 150.0],
        &[
            &["项目", "合计", "基本支出"],
            &["201", "10.00", "4.00"],
            &["205", "5.00", "2.00"],
        ],
        &mut g1,
    );
    let mut g2 = Vec::new();
    let s2 = grid_page(
        2,
        &xs2,
        &[40.0, 60.0, 80.0],
        &[&["项目", "合计", "基本支出"], &["合计", "15.00", "6.00"]],
        &mut g2,
    );
    let doc = pdf(vec![plain_page(1, g1, s1), plain_page(2, g2, s2)]);
    let layout = reconstruct(&doc, &LayoutOptions::default());
    assert_eq!(layout.tables.len(), 1, "{:#?}", layout.tables);
    let t = &layout.tables[0];
    assert_eq!((t.n_rows, t.n_cols), (4, 3));
    assert_eq!(t.text_at(3, 0), "合计");
    assert_eq!(t.row_pages, vec![1, 1, 1, 2]);
}

/// Issue 14: a figure printed across a rule (clipped in a tight row, or run
/// over from the row below) lands in the cell holding its centre; the cell
/// is marked as spilled so that nothing reads it as that row's figure.
#[test]
fn issue_14_a_figure_printed_across_a_rule_marks_its_cell_as_spilled() {
    let xs = [50.0, 150.0, 250.0];
    let ys = [90.0, 110.0, 130.0, 150.0];
    let mut g = Vec::new();
    let mut segs = grid_page(
        1,
        &xs,
        &ys,
        &[&["项目", "金额"], &["甲", ""], &["乙", ""]],
        &mut g,
    );
    text_at(&mut g, "10.00", 153.0, 94.0 + 20.0, 9.0);
    // 12 pt high, 7 pt of it above the rule at 130: its centre is in 甲's
    // row, most of it in 乙's.
    text_at(&mut g, "5.00", 153.0, 123.0, 12.0);
    segs.push(seg(Orientation::Horizontal, 130.0, 50.0, 250.0));
    let doc = pdf(vec![plain_page(1, g, segs)]);
    let layout = reconstruct(&doc, &LayoutOptions::default());
    let t = &layout.tables[0];
    let spilled: Vec<(usize, usize)> = t
        .cells
        .iter()
        .filter(|c| c.spill)
        .map(|c| (c.row, c.col))
        .collect();
    assert_eq!(spilled, vec![(1, 1)], "{:#?}", t.cells);
    assert!(!t.cell_at(2, 1).is_some_and(|c| c.spill));
}
