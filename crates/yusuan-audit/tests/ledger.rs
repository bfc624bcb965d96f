//! The grid rules on small hand-made ledger tables: each test builds a
//! consistent table, checks that it gives no error or warning, then changes
//! one figure and checks that exactly the expected findings appear.

use yusuan_audit::{AuditOptions, audit};
use yusuan_model::{Cell, Document, Finding, Severity, Source, SourceFormat, Table, TableKind};

/// A table from rows of cell texts; "<" continues the cell to the left,
/// "^" the cell above.
fn grid(id: &str, kind: TableKind, title: &str, header_rows: usize, rows: &[&[&str]]) -> Table {
    let n_rows = rows.len();
    let n_cols = rows.first().map_or(0, |r| r.len());
    let mut cells: Vec<Cell> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if *text == "<" || *text == "^" {
                continue;
            }
            let colspan = 1 + row.iter().skip(c + 1).take_while(|t| **t == "<").count();
            let rowspan = 1 + rows
                .iter()
                .skip(r + 1)
                .take_while(|x| x.get(c) == Some(&"^"))
                .count();
            cells.push(Cell {
                row: r,
                col: c,
                rowspan,
                colspan,
                text: (*text).to_owned(),
                page: 3,
                bbox: None,
                sheet_ref: None,
                spill: false,
                ocr: None,
            });
        }
    }
    let mut t = Table {
        id: id.into(),
        kind,
        title: Some(title.into()),
        unit: Some("万元".into()),
        pages: vec![3],
        n_rows,
        n_cols,
        cells,
        header_rows,
        row_pages: vec![3; n_rows],
        method: "ruled".into(),
        ..Table::default()
    };
    // The grid's meaning, as layout gives it to every table it finds.
    yusuan_layout::resolve_table(&mut t);
    t
}

fn doc(tables: Vec<Table>) -> Document {
    let mut d = Document::new(Source {
        path: "x.pdf".into(),
        sha256: String::new(),
        format: SourceFormat::Pdf,
        pages: 3,
        producer: None,
        ocr_pages: Vec::new(),
    });
    d.tables = tables;
    d
}

/// Errors and warnings as (rule, row).
fn flagged(findings: &[Finding]) -> Vec<(String, Option<usize>)> {
    findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| (f.rule.clone(), f.row))
        .collect()
}

const EXPENDITURE: &[&[&str]] = &[
    &["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    &["", "合计", "150.00", "100.00", "50.00"],
    &["201", "一般公共服务支出", "150.00", "100.00", "50.00"],
    &["20101", "人大事务", "150.00", "100.00", "50.00"],
    &["2010101", "行政运行", "100.00", "100.00", ""],
    &["2010102", "一般行政管理事务", "50.00", "", "50.00"],
];

fn expenditure(rows: &[&[&str]]) -> Table {
    grid("t1", TableKind::ExpenditureSummary, "支出总表", 1, rows)
}

#[test]
fn consistent_expenditure_table_is_silent() {
    let findings = audit(
        &doc(vec![expenditure(EXPENDITURE)]),
        &AuditOptions::default(),
    );
    assert_eq!(flagged(&findings), vec![], "{findings:#?}");
}

#[test]
fn a_changed_part_breaks_its_row_and_its_parent() {
    let mut rows: Vec<Vec<&str>> = EXPENDITURE.iter().map(|r| r.to_vec()).collect();
    // 2010102 项目支出 50.00 → 40.00: its 合计 and 20101's 项目支出 fail.
    rows[5][4] = "40.00";
    let refs: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let findings = audit(&doc(vec![expenditure(&refs)]), &AuditOptions::default());
    let mut got = flagged(&findings);
    got.sort();
    assert_eq!(
        got,
        vec![
            ("code_hierarchy".to_owned(), Some(3)),
            ("column_total".to_owned(), Some(5)),
        ],
        "{findings:#?}"
    );
    let col = findings.iter().find(|f| f.rule == "column_total").unwrap();
    assert_eq!(col.severity, Severity::Error);
    assert_eq!(col.page, Some(3));
    assert!(
        col.message.contains("应为 40.00") && col.message.contains("表中为 50.00"),
        "{}",
        col.message
    );
}

#[test]
fn a_changed_total_row_breaks_row_total() {
    let mut rows: Vec<Vec<&str>> = EXPENDITURE.iter().map(|r| r.to_vec()).collect();
    // 合计 row 基本支出 100.00 → 110.00 (and its 合计 to keep the row whole).
    rows[1][3] = "110.00";
    rows[1][2] = "160.00";
    let refs: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let findings = audit(&doc(vec![expenditure(&refs)]), &AuditOptions::default());
    let got = flagged(&findings);
    assert!(
        got.iter()
            .all(|(r, row)| r == "row_total" && *row == Some(1)),
        "{findings:#?}"
    );
    assert_eq!(got.len(), 2, "合计 and 基本支出 columns: {findings:#?}");
}

#[test]
fn a_rounding_difference_is_info() {
    let mut rows: Vec<Vec<&str>> = EXPENDITURE.iter().map(|r| r.to_vec()).collect();
    rows[4][2] = "100.01";
    let refs: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let findings = audit(&doc(vec![expenditure(&refs)]), &AuditOptions::default());
    // 2010101 合计 100.01 against 基本支出 100.00: 0.01 apart, within the
    // ±0.005 each of the two printed figures allows.
    let row4: Vec<&Finding> = findings.iter().filter(|f| f.row == Some(4)).collect();
    assert!(!row4.is_empty(), "{findings:#?}");
    assert!(
        row4.iter().all(|f| f.severity == Severity::Info),
        "{row4:#?}"
    );
    assert!(
        row4.iter().all(|f| f.message.contains("四舍五入")),
        "{row4:#?}"
    );
}

const SUMMARY: &[&[&str]] = &[
    &["收入", "<", "支出", "<"],
    &["项目", "预算数", "项目", "预算数"],
    &[
        "一、一般公共预算拨款收入",
        "120.00",
        "一、一般公共服务支出",
        "150.00",
    ],
    &["二、政府性基金预算拨款收入", "30.00", "", ""],
    &["本年收入合计", "150.00", "本年支出合计", "150.00"],
    &["上年结转结余", "10.00", "结转下年", "10.00"],
    &["收入总计", "160.00", "支出总计", "160.00"],
];

fn summary(rows: &[&[&str]]) -> Table {
    grid(
        "t0",
        TableKind::RevenueExpenditureSummary,
        "收支总表",
        2,
        rows,
    )
}

#[test]
fn summary_subtotals_and_balance() {
    let clean = audit(&doc(vec![summary(SUMMARY)]), &AuditOptions::default());
    assert_eq!(flagged(&clean), vec![], "{clean:#?}");
    let mut rows: Vec<Vec<&str>> = SUMMARY.iter().map(|r| r.to_vec()).collect();
    rows[6][1] = "170.00";
    let refs: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let findings = audit(&doc(vec![summary(&refs)]), &AuditOptions::default());
    let mut got = flagged(&findings);
    got.sort();
    assert_eq!(
        got,
        vec![
            ("summary_balance".to_owned(), Some(6)),
            ("summary_subtotal".to_owned(), Some(6)),
        ],
        "{findings:#?}"
    );
}

#[test]
fn summary_against_expenditure_table() {
    let mut rows: Vec<Vec<&str>> = EXPENDITURE.iter().map(|r| r.to_vec()).collect();
    // Keep the 支出总表 consistent in itself but 20 more than the 收支总表's
    // 本年支出合计 (150) and 10 more than its 支出总计 (160).
    for r in [1, 2, 3] {
        rows[r][2] = "170.00";
        rows[r][4] = "70.00";
    }
    rows[5][2] = "70.00";
    rows[5][4] = "70.00";
    let refs: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let findings = audit(
        &doc(vec![summary(SUMMARY), expenditure(&refs)]),
        &AuditOptions::default(),
    );
    let got = flagged(&findings);
    assert_eq!(
        got,
        vec![("cross_table_total".to_owned(), Some(1))],
        "{findings:#?}"
    );
    let f = &findings
        .iter()
        .find(|f| f.rule == "cross_table_total")
        .unwrap();
    assert_eq!(f.table.as_deref(), Some("t1"));
    assert!(
        f.message.contains("1700000") && f.message.contains("1500000"),
        "{}",
        f.message
    );
}

/// A table with five codes, so that one disagreeing code leaves 80% agreeing.
const BY_FUNCTION: &[&[&str]] = &[
    &["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    &["", "合计", "180.00", "130.00", "50.00"],
    &["201", "一般公共服务支出", "150.00", "100.00", "50.00"],
    &["20101", "人大事务", "150.00", "100.00", "50.00"],
    &["2010101", "行政运行", "100.00", "100.00", ""],
    &["2010102", "一般行政管理事务", "50.00", "", "50.00"],
    &["208", "社会保障和就业支出", "30.00", "30.00", ""],
];

#[test]
fn code_totals_agree_between_tables_of_one_scope() {
    let title = "一般公共预算支出表";
    let a = grid(
        "t5",
        TableKind::GeneralBudgetByFunction,
        title,
        1,
        BY_FUNCTION,
    );
    let mut rows: Vec<Vec<&str>> = BY_FUNCTION.iter().map(|r| r.to_vec()).collect();
    let clean = audit(
        &doc(vec![
            a.clone(),
            grid(
                "t6",
                TableKind::GeneralBudgetByFunction,
                title,
                1,
                BY_FUNCTION,
            ),
        ]),
        &AuditOptions::default(),
    );
    assert_eq!(flagged(&clean), vec![], "{clean:#?}");
    // The second copy states 2010102 as 55.00 (合计 and 项目支出), its
    // parents left as they were: the code totals disagree on one code.
    rows[5][2] = "55.00";
    rows[5][4] = "55.00";
    let refs: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let b = grid("t6", TableKind::GeneralBudgetByFunction, title, 1, &refs);
    let findings = audit(&doc(vec![a, b]), &AuditOptions::default());
    let cross: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == "cross_table_code")
        .collect();
    assert_eq!(cross.len(), 1, "{findings:#?}");
    assert_eq!(
        (cross[0].table.as_deref(), cross[0].row),
        (Some("t6"), Some(5))
    );
    assert_eq!(cross[0].severity, Severity::Error);
    // A table of another scope is never compared.
    let other = grid(
        "t7",
        TableKind::GeneralBudgetByFunction,
        "政府性基金预算支出表",
        1,
        &refs,
    );
    let a = grid(
        "t5",
        TableKind::GeneralBudgetByFunction,
        title,
        1,
        BY_FUNCTION,
    );
    let findings = audit(&doc(vec![a, other]), &AuditOptions::default());
    assert!(
        findings.iter().all(|f| f.rule != "cross_table_code"),
        "{findings:#?}"
    );
}

const GRANT: &[&[&str]] = &[
    &["收入", "<", "支出", "<", "<"],
    &["项目", "预算数", "项目", "合计", "一般公共预算"],
    &[
        "一、一般公共预算拨款",
        "150.00",
        "一、一般公共服务支出",
        "150.00",
        "150.00",
    ],
    &["", "", "二、社会保障和就业支出", "30.00", "30.00"],
    &["收入总计", "180.00", "支出总计", "180.00", "180.00"],
];

#[test]
fn grant_summary_against_general_budget_table() {
    let grant = || {
        grid(
            "t2",
            TableKind::FiscalGrantSummary,
            "财政拨款收支总表",
            2,
            GRANT,
        )
    };
    let general = |rows: &[&[&str]]| {
        grid(
            "t5",
            TableKind::GeneralBudgetByFunction,
            "一般公共预算支出表",
            1,
            rows,
        )
    };
    let clean = audit(
        &doc(vec![grant(), general(BY_FUNCTION)]),
        &AuditOptions::default(),
    );
    assert!(
        clean.iter().all(|f| f.rule != "cross_table_total"),
        "{clean:#?}"
    );
    let mut rows: Vec<Vec<&str>> = BY_FUNCTION.iter().map(|r| r.to_vec()).collect();
    rows[6][2] = "40.00";
    rows[6][3] = "40.00";
    rows[1][2] = "190.00";
    rows[1][3] = "140.00";
    let refs: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let findings = audit(
        &doc(vec![grant(), general(&refs)]),
        &AuditOptions::default(),
    );
    let cross: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == "cross_table_total")
        .collect();
    assert_eq!(cross.len(), 1, "{findings:#?}");
    assert_eq!(
        (cross[0].table.as_deref(), cross[0].row),
        (Some("t5"), Some(1))
    );
    assert!(
        cross[0].message.contains("支出总计"),
        "{}",
        cross[0].message
    );
}

// Issue 14: the classes of false errors seen on unseen documents, each as a
// small table that must stay silent (and, where the document really is
// wrong, give exactly the intended finding).

fn table_of(kind: TableKind, title: &str, header_rows: usize, rows: &[&[&str]]) -> Table {
    grid("t1", kind, title, header_rows, rows)
}

fn findings_of(tables: Vec<Table>) -> Vec<Finding> {
    audit(&doc(tables), &AuditOptions::default())
}

#[test]
fn issue_14_an_of_which_column_beside_its_parent_is_no_part_of_the_total() {
    let rows: &[&[&str]] = &[
        &["项目", "合计", "事业支出", "其中：经营支出", "其他支出"],
        &["合计", "30.00", "20.00", "5.00", "10.00"],
        &["教育", "30.00", "20.00", "5.00", "10.00"],
    ];
    let findings = findings_of(vec![table_of(TableKind::Other, "支出决算表", 1, rows)]);
    assert_eq!(flagged(&findings), vec![], "{findings:#?}");
}

#[test]
fn issue_14_columns_under_a_qizhong_header_are_no_parts_of_the_total() {
    // 基本支出 = 小计 with 其中 人员经费 (a part of 小计, not a sibling).
    let rows: &[&[&str]] = &[
        &["项目", "合计", "基本支出", "<", "项目支出"],
        &["^", "^", "小计", "其中：人员经费", "^"],
        &["合计", "30.00", "20.00", "15.00", "10.00"],
    ];
    let findings = findings_of(vec![table_of(TableKind::Other, "支出表", 2, rows)]);
    assert_eq!(flagged(&findings), vec![], "{findings:#?}");
}

#[test]
fn issue_14_an_of_which_part_larger_than_its_whole_is_an_error() {
    let rows: &[&[&str]] = &[
        &["项目", "合计", "事业支出", "其中：经营支出", "其他支出"],
        &["教育", "30.00", "20.00", "25.00", "10.00"],
    ];
    let findings = findings_of(vec![table_of(TableKind::Other, "支出决算表", 1, rows)]);
    let got = flagged(&findings);
    assert_eq!(
        got,
        vec![("of_which_part".to_owned(), Some(1))],
        "{findings:#?}"
    );
    let f = findings.iter().find(|f| f.rule == "of_which_part").unwrap();
    assert_eq!(
        (f.col, f.column.as_deref()),
        (Some(3), Some("其中：经营支出"))
    );
    assert_eq!(f.table_title.as_deref(), Some("支出决算表"));
}

#[test]
fn issue_14_of_which_rows_are_no_items_of_the_total() {
    let rows: &[&[&str]] = &[
        &["科目编码", "科目名称", "合计"],
        &["201", "一般公共服务支出", "100.00"],
        &["", "其中：行政运行", "60.00"],
        &["205", "教育支出", "50.00"],
        &["", "合计", "150.00"],
    ];
    let findings = findings_of(vec![table_of(
        TableKind::ExpenditureSummary,
        "支出总表",
        1,
        rows,
    )]);
    assert_eq!(flagged(&findings), vec![], "{findings:#?}");
}

#[test]
fn issue_14_a_coded_row_repeated_after_a_page_break_counts_once() {
    let rows: &[&[&str]] = &[
        &["科目编码", "科目名称", "合计"],
        &["201", "一般公共服务支出", "150.00"],
        &["20101", "人大事务", "100.00"],
        &["20101", "人大事务", "100.00"],
        &["20102", "政协事务", "50.00"],
        &["", "合计", "150.00"],
    ];
    let findings = findings_of(vec![table_of(
        TableKind::ExpenditureSummary,
        "支出总表",
        1,
        rows,
    )]);
    assert_eq!(flagged(&findings), vec![], "{findings:#?}");
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "repeated_row" && f.row == Some(3)),
        "{findings:#?}"
    );
}

#[test]
fn issue_14_a_project_name_starting_with_digits_is_no_code() {
    let rows: &[&[&str]] = &[
        &["项目名称", "金额"],
        &["12328交通运输服务热线运维", "50.00"],
        &["2026年信息化系统运维", "30.00"],
        &["20101人大事务专项", "20.00"],
        &["合计", "100.00"],
    ];
    let t = table_of(TableKind::Other, "项目支出表", 1, rows);
    assert!(
        t.sides
            .iter()
            .all(|s| s.rows.iter().all(|r| r.code.is_none())),
        "{:?}",
        t.sides
    );
    let findings = findings_of(vec![t]);
    assert_eq!(flagged(&findings), vec![], "{findings:#?}");
}

#[test]
fn issue_14_two_figures_run_together_in_a_cell_are_no_part() {
    let rows: &[&[&str]] = &[
        &["项目", "合计", "基本支出", "项目支出"],
        &["教育", "10100.00", "10 100.00", ""],
    ];
    let findings = findings_of(vec![table_of(TableKind::Other, "支出表", 1, rows)]);
    assert_eq!(flagged(&findings), vec![], "{findings:#?}");
}

#[test]
fn issue_14_parts_rounded_to_their_printed_precision_are_info() {
    // 3.33 × 3 = 9.99 against 10.00: each part rounded to 2 decimals.
    let rows: &[&[&str]] = &[
        &["项目", "合计", "甲", "乙", "丙"],
        &["教育", "10.00", "3.33", "3.33", "3.33"],
    ];
    let findings = findings_of(vec![table_of(TableKind::Other, "支出表", 1, rows)]);
    assert_eq!(flagged(&findings), vec![], "{findings:#?}");
    let f = findings.iter().find(|f| f.rule == "column_total").unwrap();
    assert!(f.within_rounding && f.severity == Severity::Info, "{f:#?}");
}

#[test]
fn issue_14_a_code_printed_over_a_breakdown_is_not_summed() {
    // A 政府采购 table: 全额 and the unit repeat 2040601 over the items.
    let rows: &[&[&str]] = &[
        &["科目编码", "采购项目", "预算金额"],
        &["", "合计", "310.00"],
        &["2040601", "全额", "310.00"],
        &["2040601", "某局", "310.00"],
        &["2040601", "车辆维修", "100.00"],
        &["2040601", "体检服务", "210.00"],
    ];
    let findings = findings_of(vec![table_of(
        TableKind::Procurement,
        "政府采购预算表",
        1,
        rows,
    )]);
    assert_eq!(flagged(&findings), vec![], "{findings:#?}");
}

#[test]
fn issue_14_a_sheet_printed_in_column_parts_gives_no_error() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../yusuan-layout/tests/fixtures/wide_sheet.pdf");
    let bytes = std::fs::read(&path).expect("fixture");
    let source = yusuan_pdf::read_pdf(&bytes, &yusuan_pdf::PdfOptions::default()).expect("pdf");
    let mut layout = yusuan_layout::reconstruct(&source, &yusuan_layout::LayoutOptions::default());
    let records = yusuan_records::build_records(
        &mut layout.tables,
        &layout.lines,
        &yusuan_records::RecordsOptions::default(),
    );
    let mut d = doc(layout.tables);
    d.records = records.records;
    let findings = audit(&d, &AuditOptions::default());
    assert_eq!(d.tables.len(), 1);
    assert_eq!(flagged(&findings), vec![], "{findings:#?}");
    // The totals were checked over all ten columns, not skipped.
    assert!(d.tables[0].columns.iter().filter(|c| c.total).count() >= 2);
}

#[test]
fn issue_14_a_cell_with_text_run_over_from_a_neighbour_is_not_read() {
    // 基本支出 shows "15.00": its own 10.00 lost under a line run over from
    // the row below. Read as printed it breaks 合计 = 基本支出 + 项目支出.
    let rows: &[&[&str]] = &[
        &["项目", "合计", "基本支出", "项目支出"],
        &["教育", "15.00", "15.00", "5.00"],
    ];
    let plain = table_of(TableKind::Other, "支出表", 1, rows);
    let read = findings_of(vec![plain.clone()]);
    assert_eq!(
        flagged(&read),
        vec![("column_total".to_owned(), Some(1))],
        "{read:#?}"
    );
    // Layout marks the cell whose text crosses its rules: silent.
    let mut spilled = plain;
    if let Some(c) = spilled.cells.iter_mut().find(|c| c.row == 1 && c.col == 2) {
        c.spill = true;
    }
    let findings = findings_of(vec![spilled]);
    assert_eq!(flagged(&findings), vec![], "{findings:#?}");
}

/// A project form: the project cell merged over two funding blocks, each
/// with its own amount and 绩效目标 and its own indicator rows.
fn two_block_form(second_name: &str) -> Document {
    let rows: &[&[&str]] = &[
        &[
            "项目名称",
            "项目总额",
            "绩效目标",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
        ],
        &[
            "就业补助资金",
            "600.00",
            "培养基地建设",
            "产出指标",
            "时效指标",
            "拨付及时率",
            "100%",
        ],
        &["^", "^", "^", "产出指标", "数量指标", "基地数量", "2个"],
        &[
            "^",
            "241.00",
            "招聘活动",
            "产出指标",
            "时效指标",
            second_name,
            "100%",
        ],
        &["^", "^", "^", "产出指标", "数量指标", "活动场次", "20场"],
    ];
    let mut tables = vec![table_of(
        TableKind::ProjectPerformanceTargets,
        "项目支出绩效目标表",
        1,
        rows,
    )];
    let records =
        yusuan_records::build_records(&mut tables, &[], &yusuan_records::RecordsOptions::default());
    let mut d = doc(tables);
    d.records = records.records;
    d
}

#[test]
fn the_same_indicator_in_two_funding_blocks_of_a_project_is_no_duplicate() {
    let d = two_block_form("拨付及时率");
    assert_eq!(d.records.indicators.len(), 4, "{:#?}", d.records.indicators);
    let findings = audit(&d, &AuditOptions::default());
    assert!(
        findings.iter().all(|f| f.rule != "duplicate_indicator"),
        "{findings:#?}"
    );
}

#[test]
fn the_same_indicator_twice_in_one_block_is_a_duplicate() {
    let rows: &[&[&str]] = &[
        &[
            "项目名称",
            "项目总额",
            "绩效目标",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
        ],
        &[
            "就业补助资金",
            "600.00",
            "培养基地建设",
            "产出指标",
            "时效指标",
            "拨付及时率",
            "100%",
        ],
        &["^", "^", "^", "产出指标", "时效指标", "拨付及时率", "100%"],
    ];
    let mut tables = vec![table_of(
        TableKind::ProjectPerformanceTargets,
        "项目支出绩效目标表",
        1,
        rows,
    )];
    let records =
        yusuan_records::build_records(&mut tables, &[], &yusuan_records::RecordsOptions::default());
    let mut d = doc(tables);
    d.records = records.records;
    let findings = audit(&d, &AuditOptions::default());
    let got: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == "duplicate_indicator")
        .map(|f| f.row)
        .collect();
    assert_eq!(got, vec![Some(2)], "{findings:#?}");
}
