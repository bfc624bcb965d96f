//! What the reader makes of each WordprocessingML feature, on small
//! hand-written documents.

use yusuan_docx::{DocxOptions, read_docx};
use yusuan_model::{Block, SourceFormat};

use crate::util::{docx_with_body, grid_text, p, paragraphs, tables, tc};

fn read(body: &str) -> yusuan_model::SourceDocument {
    read_docx(&docx_with_body(body), &DocxOptions::default()).unwrap()
}

fn s(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

#[test]
fn title_and_unit_stay_before_their_table() {
    let body = format!(
        "{}{}<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>{}{}</w:tr></w:tbl>{}",
        p("2023年度预算单位整体支出绩效评价基础数据表"),
        p("单位：万元"),
        tc("", &["三公经费"]),
        tc("", &["10.8"]),
        p("说明")
    );
    let doc = read(&body);
    assert_eq!(doc.format, SourceFormat::Docx);
    assert!(doc.pages.is_empty());
    let kinds: Vec<&str> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { .. } => "p",
            Block::Table(_) => "t",
            Block::Sheet(_) => "s",
        })
        .collect();
    assert_eq!(kinds, ["p", "p", "t", "p"]);
    assert_eq!(
        paragraphs(&doc.blocks),
        [
            ("2023年度预算单位整体支出绩效评价基础数据表", false),
            ("单位：万元", false),
            ("说明", false)
        ]
    );
}

#[test]
fn horizontal_and_vertical_merges_resolve_to_spans() {
    // 3 columns: row0 = A spanning 2 + B; row1 = C (vMerge restart) + D + E;
    // row2 = bare vMerge (continue) + F + G.
    let body = format!(
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
         <w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}</w:tr>\
         <w:tr>{}{}{}</w:tr>\
         <w:tr>{}{}{}</w:tr></w:tbl>",
        tc("<w:gridSpan w:val=\"2\"/>", &["A"]),
        tc("", &["B"]),
        tc("<w:vMerge w:val=\"restart\"/>", &["C"]),
        tc("", &["D"]),
        tc("", &["E"]),
        tc("<w:vMerge/>", &[]),
        tc("", &["F"]),
        tc("", &["G"]),
    );
    let doc = read(&body);
    let t = tables(&doc.blocks)[0];
    assert_eq!((t.n_rows, t.n_cols, t.header_rows, t.depth), (3, 3, 1, 0));
    assert_eq!(
        grid_text(t),
        s(&[&["A", "", "B"], &["C", "D", "E"], &["", "F", "G"]])
    );
    let c = t.cells.iter().find(|c| c.text == "C").unwrap();
    assert_eq!((c.row, c.col, c.rowspan, c.colspan), (1, 0, 2, 1));
    let a = t.cells.iter().find(|c| c.text == "A").unwrap();
    assert_eq!((a.rowspan, a.colspan), (1, 2));
}

#[test]
fn legacy_hmerge_grid_before_after_and_short_rows() {
    let body = format!(
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
         <w:tr>{}{}{}{}</w:tr>\
         <w:tr><w:trPr><w:gridBefore w:val=\"1\"/><w:gridAfter w:val=\"1\"/></w:trPr>{}{}</w:tr>\
         <w:tr>{}</w:tr></w:tbl>",
        tc("<w:hMerge w:val=\"restart\"/>", &["H"]),
        tc("<w:hMerge/>", &[]),
        tc("", &["x"]),
        tc("", &["y"]),
        tc("", &["b1"]),
        tc("", &["b2"]),
        tc("", &["short"]),
    );
    let doc = read(&body);
    let t = tables(&doc.blocks)[0];
    assert_eq!(
        grid_text(t),
        s(&[
            &["H", "", "x", "y"],
            &["·", "b1", "b2", "·"],
            &["short", "·", "·", "·"]
        ])
    );
}

#[test]
fn vertical_merge_over_many_rows_with_spans() {
    // A 2-column-wide label spanning 3 rows, like 一级指标 blocks.
    let mut rows = String::new();
    for i in 0..3 {
        let m = if i == 0 {
            "<w:vMerge w:val=\"restart\"/>"
        } else {
            "<w:vMerge w:val=\"continue\"/>"
        };
        let label = if i == 0 { vec!["产出指标"] } else { vec![] };
        rows.push_str(&format!(
            "<w:tr>{}{}</w:tr>",
            tc(&format!("<w:gridSpan w:val=\"2\"/>{m}"), &label),
            tc("", &[&format!("v{i}")])
        ));
    }
    let doc = read(&format!(
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>{rows}</w:tbl>"
    ));
    let t = tables(&doc.blocks)[0];
    assert_eq!(t.cells.len(), 4);
    let c = &t.cells[0];
    assert_eq!((c.text.as_str(), c.rowspan, c.colspan), ("产出指标", 3, 2));
}

#[test]
fn runs_breaks_tabs_symbols_and_paragraphs_in_cells() {
    let cell = "<w:tc><w:p><w:r><w:t>年度</w:t></w:r><w:r><w:br/><w:t>指标值</w:t></w:r></w:p>\
                <w:p/><w:p><w:r><w:t xml:space=\"preserve\">  第二段 </w:t><w:tab/><w:t>x</w:t></w:r></w:p></w:tc>";
    let sym = "<w:tc><w:p><w:r><w:sym w:font=\"Symbol\" w:char=\"F0B3\"/><w:t>95%</w:t></w:r></w:p></w:tc>";
    let doc = read(&format!("<w:tbl><w:tr>{cell}{sym}</w:tr></w:tbl>"));
    let t = tables(&doc.blocks)[0];
    assert_eq!(t.cells[0].text, "年度\n指标值\n第二段 \tx");
    assert_eq!(t.cells[1].text, "≥95%");
}

#[test]
fn revisions_fields_bookmarks_and_hidden_text() {
    let body = "<w:p><w:bookmarkStart w:id=\"0\" w:name=\"_Hlk1\"/><w:r><w:t>业务</w:t></w:r><w:bookmarkEnd w:id=\"0\"/>\
        <w:del w:id=\"1\"><w:r><w:delText>删除</w:delText></w:r></w:del>\
        <w:ins w:id=\"2\"><w:r><w:t>工作</w:t></w:r></w:ins>\
        <w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>\
        <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>经费</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
        <w:fldSimple w:instr=\" NUMPAGES \"><w:r><w:t>3</w:t></w:r></w:fldSimple>\
        <w:hyperlink r:id=\"x\" xmlns:r=\"r\"><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>";
    let doc = read(body);
    assert_eq!(paragraphs(&doc.blocks), [("业务工作经费3链接", false)]);
}

#[test]
fn content_controls_at_body_row_and_cell_level() {
    let body = format!(
        "<w:sdt><w:sdtPr><w:alias w:val=\"x\"/><w:placeholder><w:docPart w:val=\"y\"/></w:placeholder></w:sdtPr>\
         <w:sdtContent>{}</w:sdtContent></w:sdt>\
         <w:tbl><w:sdt><w:sdtContent><w:tr>{}<w:sdt><w:sdtContent>{}</w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt></w:tbl>",
        p("标题"),
        tc("", &["a"]),
        tc("", &["b"])
    );
    let doc = read(&body);
    assert_eq!(paragraphs(&doc.blocks), [("标题", false)]);
    assert_eq!(grid_text(tables(&doc.blocks)[0]), s(&[&["a", "b"]]));
}

#[test]
fn alternate_content_reads_choice_once_and_skips_text_boxes() {
    let body = "<w:p><w:r><w:t>前</w:t></w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:r><w:t>选</w:t></w:r></mc:Choice>\
        <mc:Choice Requires=\"v\"><w:r><w:t>二</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>备</w:t></w:r></mc:Fallback></mc:AlternateContent>\
        <w:r><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></w:r></w:p>";
    let doc = read(body);
    assert_eq!(paragraphs(&doc.blocks), [("前选", false)]);
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    assert!(doc.warnings[0].message.contains("1 text boxes skipped"));
}

#[test]
fn explicit_page_breaks_only() {
    let body = format!(
        "{}<w:p><w:r><w:br w:type=\"page\"/><w:t>二</w:t></w:r></w:p>\
         <w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>三</w:t></w:r></w:p>\
         <w:p><w:r><w:lastRenderedPageBreak/><w:t>四</w:t></w:r></w:p>\
         <w:p><w:pPr><w:sectPr><w:type w:val=\"nextPage\"/></w:sectPr></w:pPr><w:r><w:t>五</w:t></w:r></w:p>\
         <w:tbl><w:tr>{}</w:tr></w:tbl>\
         <w:p><w:pPr><w:sectPr><w:type w:val=\"continuous\"/></w:sectPr></w:pPr><w:r><w:t>六</w:t></w:r></w:p>{}",
        p("一"),
        tc("", &["t"]),
        p("七")
    );
    let doc = read(&body);
    assert_eq!(
        paragraphs(&doc.blocks),
        [
            ("一", false),
            ("二", true),
            ("三", true),
            ("四", false),
            ("五", false),
            ("", true),
            ("六", false),
            ("七", false)
        ]
    );
}

#[test]
fn nested_table_text_stays_in_outer_cell_and_follows_as_depth_1() {
    let inner = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        tc("", &["i1"]),
        tc("", &["i2"]),
        tc("", &["i3"]),
        tc("", &["i4"])
    );
    let body = format!(
        "<w:tbl><w:tr>{}<w:tc>{}{inner}<w:p/></w:tc></w:tr></w:tbl>",
        tc("", &["o1"]),
        p("before")
    );
    let doc = read(&body);
    let ts = tables(&doc.blocks);
    assert_eq!(ts.len(), 2);
    assert_eq!(ts[0].depth, 0);
    assert_eq!(ts[0].cells[1].text, "before\ni1\ti2\ni3\ti4");
    assert_eq!(ts[1].depth, 1);
    assert_eq!(grid_text(ts[1]), s(&[&["i1", "i2"], &["i3", "i4"]]));
}

#[test]
fn deleted_rows_are_dropped_and_split_tables_stay_two() {
    let body = format!(
        "<w:tbl><w:tr>{}</w:tr><w:tr><w:trPr><w:del w:id=\"1\"/></w:trPr>{}</w:tr></w:tbl><w:tbl><w:tr>{}</w:tr></w:tbl>",
        tc("", &["keep"]),
        tc("", &["gone"]),
        tc("", &["second"])
    );
    let doc = read(&body);
    let ts = tables(&doc.blocks);
    assert_eq!(ts.len(), 2);
    assert_eq!(grid_text(ts[0]), s(&[&["keep"]]));
    assert_eq!(grid_text(ts[1]), s(&[&["second"]]));
}

#[test]
fn entities_and_metadata() {
    let doc_xml = format!(
        "<w:document xmlns:w=\"{}\"><w:body><w:p><w:r><w:t>A&amp;B &#x2265;1 &lt;</w:t></w:r></w:p></w:body></w:document>",
        crate::util::W_NS
    );
    let bytes = crate::util::zip_of(&[
        ("word/document.xml", doc_xml.as_bytes()),
        ("docProps/app.xml", b"<Properties><Application>Microsoft Office Word</Application></Properties>"),
        ("docProps/core.xml", b"<cp:coreProperties xmlns:cp=\"c\" xmlns:dc=\"d\"><dc:title>Budget</dc:title></cp:coreProperties>"),
    ]);
    let doc = read_docx(&bytes, &DocxOptions::default()).unwrap();
    assert_eq!(paragraphs(&doc.blocks), [("A&B ≥1 <", false)]);
    assert_eq!(doc.producer.as_deref(), Some("Microsoft Office Word"));
    assert_eq!(doc.title.as_deref(), Some("Budget"));
}

#[test]
fn main_part_named_by_rels() {
    let doc_xml = format!(
        "<w:document xmlns:w=\"{}\"><w:body>{}</w:body></w:document>",
        crate::util::W_NS,
        p("x")
    );
    let rels = b"<Relationships><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document2.xml\"/></Relationships>";
    let bytes = crate::util::zip_of(&[
        ("_rels/.rels", rels),
        ("word/document2.xml", doc_xml.as_bytes()),
    ]);
    let doc = read_docx(&bytes, &DocxOptions::default()).unwrap();
    assert_eq!(paragraphs(&doc.blocks), [("x", false)]);
}

#[test]
fn deleted_revisions_give_no_text_inserted_and_moved_to_do() {
    // In a cell and in a body paragraph; a paragraph of deleted text only is
    // dropped like any empty paragraph.
    let cell = "<w:tc><w:p><w:r><w:t>项目</w:t></w:r>\
        <w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>旧名</w:delText></w:r></w:del>\
        <w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t>新名</w:t></w:r></w:ins></w:p></w:tc>";
    let body = format!(
        "<w:tbl><w:tr>{cell}</w:tr></w:tbl>\
         <w:p><w:moveFrom w:id=\"3\"><w:r><w:t>移走</w:t></w:r></w:moveFrom>\
         <w:r><w:t>留</w:t></w:r><w:moveTo w:id=\"4\"><w:r><w:t>移来</w:t></w:r></w:moveTo></w:p>\
         <w:p><w:del w:id=\"5\"><w:r><w:delText>整段删除</w:delText></w:r></w:del></w:p>"
    );
    let doc = read(&body);
    assert_eq!(grid_text(tables(&doc.blocks)[0]), s(&[&["项目新名"]]));
    assert_eq!(paragraphs(&doc.blocks), [("留移来", false)]);
}

#[test]
fn hyperlinks_are_transparent_in_body_and_cells() {
    let link = "<w:hyperlink r:id=\"rId9\" w:history=\"1\" xmlns:r=\"r\">\
        <w:r><w:t>财政</w:t></w:r><w:r><w:t>网站</w:t></w:r></w:hyperlink>";
    let body = format!(
        "<w:p><w:r><w:t>见</w:t></w:r>{link}</w:p>\
         <w:tbl><w:tr><w:tc><w:p>{link}<w:hyperlink w:anchor=\"_Toc1\"><w:r><w:t>（附表）</w:t></w:r></w:hyperlink></w:p></w:tc></w:tr></w:tbl>"
    );
    let doc = read(&body);
    assert_eq!(paragraphs(&doc.blocks), [("见财政网站", false)]);
    assert_eq!(
        grid_text(tables(&doc.blocks)[0]),
        s(&[&["财政网站（附表）"]])
    );
}

#[test]
fn fields_keep_their_result_not_their_instruction() {
    // A formula field in a cell (Word's `=SUM(ABOVE)`), a field whose
    // instruction holds a nested field, a field with no result part, and a
    // simple field.
    let formula = "<w:tc><w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
        <w:r><w:instrText xml:space=\"preserve\"> =SUM(ABOVE) </w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1,234.50</w:t></w:r>\
        <w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:tc>";
    let nested = "<w:tc><w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
        <w:r><w:instrText> IF </w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>9</w:t></w:r>\
        <w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
        <w:r><w:instrText> = 1 \"一\" \"多\" </w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>多</w:t></w:r>\
        <w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t>页</w:t></w:r></w:p></w:tc>";
    let no_result = "<w:tc><w:p><w:r><w:t>甲</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
        <w:r><w:instrText> TC \"目录项\" </w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t>乙</w:t></w:r></w:p></w:tc>";
    let simple = "<w:tc><w:p><w:fldSimple w:instr=\" DATE \\@ &quot;yyyy年&quot; \"><w:r><w:t>2024年</w:t></w:r></w:fldSimple></w:p></w:tc>";
    let doc = read(&format!(
        "<w:tbl><w:tr>{formula}{nested}{no_result}{simple}</w:tr></w:tbl>"
    ));
    assert_eq!(
        grid_text(tables(&doc.blocks)[0]),
        s(&[&["1,234.50", "多页", "甲乙", "2024年"]])
    );
}

#[test]
fn bookmarks_and_comment_marks_give_no_text() {
    let cell = "<w:tc><w:p><w:bookmarkStart w:id=\"0\" w:name=\"表1\"/><w:commentRangeStart w:id=\"1\"/>\
        <w:r><w:t>合计</w:t></w:r><w:commentRangeEnd w:id=\"1\"/>\
        <w:r><w:commentReference w:id=\"1\"/></w:r><w:bookmarkEnd w:id=\"0\"/></w:p></w:tc>";
    let doc = read(&format!("<w:tbl><w:tr>{cell}</w:tr></w:tbl>"));
    assert_eq!(grid_text(tables(&doc.blocks)[0]), s(&[&["合计"]]));
}

#[test]
fn run_level_content_controls_inside_cells() {
    // Form templates put a content control around the value of a cell.
    let cell = "<w:tc><w:p><w:r><w:t>金额：</w:t></w:r><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr>\
        <w:sdtContent><w:r><w:t>88.00</w:t></w:r></w:sdtContent></w:sdt></w:p></w:tc>";
    let doc = read(&format!("<w:tbl><w:tr>{cell}</w:tr></w:tbl>"));
    assert_eq!(grid_text(tables(&doc.blocks)[0]), s(&[&["金额：88.00"]]));
}

#[test]
fn grid_before_shifts_vertical_merges_to_the_right_columns() {
    // Row 1 starts one column in (gridBefore); its vMerge restart is at grid
    // column 1, and row 2's continuation, also after a gridBefore, joins it.
    let body = format!(
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
         <w:tr>{}{}{}</w:tr>\
         <w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}{}</w:tr>\
         <w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}{}</w:tr></w:tbl>",
        tc("", &["a"]),
        tc("", &["b"]),
        tc("", &["c"]),
        tc("<w:vMerge w:val=\"restart\"/>", &["类"]),
        tc("", &["1"]),
        tc("<w:vMerge/>", &[]),
        tc("", &["2"]),
    );
    let doc = read(&body);
    let t = tables(&doc.blocks)[0];
    assert_eq!(
        grid_text(t),
        s(&[&["a", "b", "c"], &["·", "类", "1"], &["·", "", "2"]])
    );
    let c = t.cells.iter().find(|c| c.text == "类").unwrap();
    assert_eq!((c.row, c.col, c.rowspan, c.colspan), (1, 1, 2, 1));
}
