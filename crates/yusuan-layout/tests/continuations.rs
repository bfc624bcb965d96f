//! Tables continued beyond their page, as producers print them (issue 14):
//! a sheet wider than the paper printed column part by column part.

use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_model::RowRole;

/// `wide_sheet.pdf`: a 支出总表 of 10 columns that LibreOffice Calc prints
/// over three pages, columns A–D, then E–H, then I–J, each part row for
/// row with no title or label column of its own, the header cell 基本支出
/// merged over three columns cut by the first page break.
#[test]
fn issue_14_a_sheet_printed_in_column_parts_is_one_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/wide_sheet.pdf");
    let bytes = std::fs::read(path).expect("fixture");
    let doc = yusuan_pdf::read_pdf(&bytes, &yusuan_pdf::PdfOptions::default()).expect("pdf");
    let layout = reconstruct(&doc, &LayoutOptions::default());
    assert_eq!(layout.tables.len(), 1, "{:#?}", layout.tables);
    let t = &layout.tables[0];
    assert_eq!(t.title.as_deref(), Some("2026年部门支出总表"));
    assert_eq!(t.pages, vec![1, 2, 3]);
    assert_eq!((t.n_rows, t.n_cols, t.header_rows), (10, 10, 2));
    let header: Vec<&str> = (0..10).map(|c| t.text_at(0, c)).collect();
    assert_eq!(
        header,
        [
            "科目编码",
            "科目名称",
            "合计",
            "基本支出",
            "基本支出",
            "基本支出",
            "项目支出",
            "上缴上级支出",
            "事业单位经营支出",
            "对附属单位补助支出"
        ]
    );
    // The header cell cut by the page break is one cell again.
    let basic = t.cell_at(0, 4).expect("基本支出");
    assert_eq!((basic.col, basic.colspan), (3, 3));
    assert_eq!(t.columns[4].path, ["基本支出", "人员经费"]);
    // Row 9 (合计) across all three pages.
    let total: Vec<&str> = (2..10).map(|c| t.text_at(9, c)).collect();
    assert_eq!(
        total,
        [
            "184.50", "142.75", "99.92", "42.83", "33.00", "1.50", "2.25", "5.00"
        ]
    );
    assert_eq!(t.cell_at(9, 9).map(|c| c.page), Some(3));
    assert_eq!(t.row_role(9), RowRole::GrandTotal);
}
