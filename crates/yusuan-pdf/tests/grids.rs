//! Ruled grids: the distinct positions of our segments (merged within
//! 1.5 pt) must reproduce the grid lines counted by eye on a rendering
//! (`pdftoppm -r 60 -f N -l N -png`), one page per producer.

use yusuan_model::Page;

use crate::corpus::read_page;

/// Distinct positions of horizontal and vertical segments, positions within
/// 1.5 pt merged (chained).
fn distinct_positions(page: &Page) -> (Vec<f64>, Vec<f64>) {
    let snap = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let mut groups: Vec<Vec<f64>> = Vec::new();
        for x in v {
            match groups.last_mut() {
                Some(g) if g.last().is_some_and(|&l| x - l <= 1.5) => g.push(x),
                _ => groups.push(vec![x]),
            }
        }
        groups
            .iter()
            .map(|g| g.iter().sum::<f64>() / g.len() as f64)
            .collect::<Vec<f64>>()
    };
    let h = page
        .segments
        .iter()
        .filter(|s| s.is_horizontal())
        .map(|s| s.pos)
        .collect();
    let v = page
        .segments
        .iter()
        .filter(|s| !s.is_horizontal())
        .map(|s| s.pos)
        .collect();
    (snap(h), snap(v))
}

fn check(file: &str, page: u32, want_h: usize, want_v: usize) {
    let Some(p) = read_page(file, page) else {
        return;
    };
    let (h, v) = distinct_positions(&p);
    println!("{file} p{page}: {} h, {} v", h.len(), v.len());
    assert_eq!(
        (h.len(), v.len()),
        (want_h, want_v),
        "{file} page {page}: expected {want_h} horizontal / {want_v} vertical lines\nh: {h:.1?}\nv: {v:.1?}"
    );
}

#[test]
fn wps_spreadsheet_grid() {
    // WPS 表格, rules as `re f*`. Seen: 2025年部门收入预算总表; top border, a
    // line under 项目/收入预算, a short one under 功能分类科目编码, the header's
    // bottom, then one line under each of 14 rows (201 ... 208 05 05) = 18;
    // columns 类|款|项|名称|合计|财政拨款|事业|事业单位经营|其他 with both borders = 10.
    check(
        "govbudgetchecker_X_上海市普陀区商务委员会25年预算.pdf",
        10,
        18,
        10,
    );
}

#[test]
fn word_2010_grid() {
    // Microsoft Word 2010, `re f*` rules plus junction squares. Seen:
    // 财政拨款收入支出决算总表; top, under 收入/支出, under the header, then
    // one under each of 15 rows (一、... 十五、) = 18; columns 项目|决算数|项目|
    // 合计|一般公共|政府性基金|国有资本 with borders = 8.
    check(
        "govbudgetchecker_samples_bad_上海市普陀区规划和自然资源局 2024 年度部门决算.pdf",
        12,
        18,
        8,
    );
}

#[test]
fn onlyoffice_grid() {
    // ONLYOFFICE 8.0, `m l S`. Seen: 支出决算表; top, under 项目, under 支出功能
    // 分类, under 科目编码, under 合计, then 11 rows (201 ... 208 05 06) = 16;
    // columns 类|款|项|科目名称|本年支出合计|基本|项目|上缴|经营|对附属 with borders = 11.
    check(
        "govbudgetchecker_samples_good_上海市普陀区财政局2024年度部门决算.pdf",
        10,
        16,
        11,
    );
}

#[test]
fn wps_writer_grid() {
    // WPS 文字, `m l S`. Seen: 收入决算表 template; top, under 项目, under the
    // header, under 合计, then 7 rows (205, 20502, 2050205, …, 207, 20799, …) = 11;
    // columns 功能分类|科目名称|本年收入合计|财政拨款|上级补助|事业|经营|附属单位|其他
    // with borders = 10.
    check(
        "govbudgetchecker_samples_templates_附件2：部门决算模板.pdf",
        6,
        11,
        10,
    );
}

#[test]
fn excel_2007_grid() {
    // Microsoft Office Excel 2007. Seen: 2025年预算单位财务收支预算总表; top,
    // under 本年收入/本年支出, under 预算数, under 基本支出, header bottom, then
    // 12 rows (一、财政拨款收入 ... 4 empty rows, 收入总计) = 17; columns 项目|预算数|
    // 项目|合计|人员经费|公用经费|项目支出 with borders = 8.
    check("上海市财政局25年预算.pdf", 7, 17, 8);
}

#[test]
fn itext_grid() {
    // iText 5.5.13, landscape 1083 pt page. Seen: 支出总表; top, under 2026年政府
    // 采购项目, header bottom, then 9 rows (深圳市交通运输局（本级）... 2080506) = 12;
    // 12 columns with both borders = 13.
    check("003_深圳_2026年深圳市交通运输局部门预算.pdf", 27, 12, 13);
}

#[test]
fn pdf24_rotated_page_grid() {
    // PDF24, a portrait A4 page with /Rotate 90 holding a landscape table: the
    // rules must come out in the rotated (displayed) frame. Seen: 收入总体情况表;
    // top, under 科目编码/财政拨款收入, header bottom, then 16 rows (合计 ... 06)
    // = 19; columns 类|款|项|科目名称|合计|小计|一般公共|政府性基金|国有资本|财政专户|
    // 事业收入|事业单位经营|其他|上级补助|附属单位|使用非财政|上年结转 with borders = 18.
    let Some(p) = read_page("025_烟台_2026年烟台市统计局部门预算.pdf", 8) else {
        return;
    };
    assert_eq!((p.rotation, p.width, p.height), (90, 842.0, 595.0));
    check("025_烟台_2026年烟台市统计局部门预算.pdf", 8, 19, 18);
}
