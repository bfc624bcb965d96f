//! Records read from hand-read truth grids of corpus pages (golden/truth and
//! ../shared/truth).

use yusuan_model::{Decimal, Op, QuantityKind, TableKind, ThreePublic};
use yusuan_records::{RecordsOptions, RecordsOutput, build_records};

use crate::support::{all_truth, truth};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn run(name: &str) -> (TableKind, RecordsOutput) {
    let mut tables = vec![truth(name)];
    let out = build_records(&mut tables, &[], &RecordsOptions::default());
    (tables[0].kind, out)
}

/// Kind expected from the truth file's name.
fn expected_kind(name: &str) -> TableKind {
    let rules: &[(&str, TableKind)] = &[
        ("sangong", TableKind::ThreePublic),
        ("shouzhi", TableKind::RevenueExpenditureSummary),
        ("expend", TableKind::ExpenditureSummary),
        ("income", TableKind::RevenueSummary),
        ("project_perf", TableKind::ProjectPerformanceTargets),
        ("dept_perf", TableKind::OverallPerformanceTargets),
        ("selfeval", TableKind::SelfEvaluationProject),
        ("fund", TableKind::GovernmentFund),
    ];
    rules
        .iter()
        .find(|(w, _)| name.contains(w))
        .map(|(_, k)| *k)
        .unwrap_or(TableKind::Other)
}

#[test]
fn every_truth_grid_gets_its_kind() {
    let all = all_truth();
    assert!(
        all.len() >= 30,
        "expected the golden truth grids, found {}",
        all.len()
    );
    let mut wrong = Vec::new();
    for (name, t) in all {
        let mut tables = vec![t];
        build_records(&mut tables, &[], &RecordsOptions::default());
        let want = expected_kind(&name);
        if tables[0].kind != want {
            wrong.push(format!(
                "{name}: expected {want:?}, got {:?}",
                tables[0].kind
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_sangong_truth_grid_gives_figures() {
    for (name, t) in all_truth()
        .into_iter()
        .filter(|(n, _)| n.contains("sangong"))
    {
        let mut tables = vec![t];
        let out = build_records(&mut tables, &[], &RecordsOptions::default());
        assert!(
            !out.records.three_public.is_empty(),
            "{name}: no 三公 records"
        );
        for r in &out.records.three_public {
            assert!(r.total.is_some(), "{name}: {r:?} has no total");
            assert!(r.unit.is_some(), "{name}: {r:?} has no unit");
        }
    }
}

fn three(
    total: &str,
    overseas: Option<&str>,
    vt: Option<&str>,
    vp: Option<&str>,
    vo: Option<&str>,
    rec: Option<&str>,
) -> [Option<Decimal>; 6] {
    [
        Some(dec(total)),
        overseas.map(dec),
        vt.map(dec),
        vp.map(dec),
        vo.map(dec),
        rec.map(dec),
    ]
}

fn figures(r: &ThreePublic) -> [Option<Decimal>; 6] {
    [
        r.total,
        r.overseas_travel,
        r.vehicle_total,
        r.vehicle_purchase,
        r.vehicle_operation,
        r.reception,
    ]
}

#[test]
fn sangong_with_machine_running_column_ii() {
    let Some(_) = crate::support::shared() else {
        println!("skipped: ../shared absent");
        return;
    };
    let (_, out) = run("ii_shangwu_sangong_p21");
    let tp = &out.records.three_public;
    assert_eq!(tp.len(), 1, "{tp:?}");
    assert_eq!(tp[0].column, "“三公”经费预算数");
    assert_eq!(tp[0].unit.as_deref(), Some("万元"));
    assert_eq!(
        figures(&tp[0]),
        three("1.00", None, None, None, None, Some("1.00"))
    );
    assert_eq!(out.meta.year, Some(2025));
}

#[test]
fn sangong_budget_and_final_columns_iii() {
    let Some(_) = crate::support::shared() else {
        println!("skipped: ../shared absent");
        return;
    };
    let (_, out) = run("iii_guihua_sangong_final_p17");
    let tp = &out.records.three_public;
    let cols: Vec<&str> = tp.iter().map(|r| r.column.as_str()).collect();
    assert_eq!(
        cols,
        ["财政拨款“三公”经费/预算数", "财政拨款“三公”经费/决算数"]
    );
    assert_eq!(
        figures(&tp[0]),
        three(
            "2.85",
            Some("0.00"),
            Some("0.00"),
            Some("0.00"),
            Some("0.00"),
            Some("2.85")
        )
    );
    assert_eq!(
        figures(&tp[1]),
        three(
            "0.39",
            Some("0.00"),
            Some("0.00"),
            Some("0.00"),
            Some("0.00"),
            Some("0.39")
        )
    );
    assert_eq!(out.meta.doc_type, yusuan_model::DocType::FinalAccount);
}

#[test]
fn sangong_two_years_side_by_side() {
    let (_, out) = run("yt_tjj_sangong_p18");
    let tp = &out.records.three_public;
    let cols: Vec<&str> = tp.iter().map(|r| r.column.as_str()).collect();
    assert_eq!(cols, ["2025年预算数", "2026年预算数"]);
    assert_eq!(
        figures(&tp[1]),
        three(
            "14.30",
            None,
            Some("12.50"),
            None,
            Some("12.50"),
            Some("1.80")
        )
    );
}

#[test]
fn sangong_grand_total_over_meetings_is_left_out() {
    // 合计 2,224.43 covers 会议费 and 培训费 too; the 三公 total is 660.10.
    let (_, out) = run("js_zx_sangong_p9");
    let tp = &out.records.three_public;
    assert_eq!(tp.len(), 1, "{tp:?}");
    assert_eq!(
        figures(&tp[0]),
        three(
            "660.10",
            Some("106.00"),
            Some("156.60"),
            None,
            Some("156.60"),
            Some("397.50")
        )
    );
}

#[test]
fn sangong_parts_as_rows() {
    let (_, out) = run("fz_wzzx_sangong_p18");
    let tp = &out.records.three_public;
    assert_eq!(tp.len(), 1, "{tp:?}");
    assert_eq!(tp[0].column, "预算数");
    let z = Some("0.00");
    assert_eq!(figures(&tp[0]), three("0.00", z, z, z, z, z));
}

#[test]
fn sangong_rows_per_unit_and_year_carry_labels() {
    let (_, out) = run("sz_jtj_sangong_p46");
    let tp = &out.records.three_public;
    assert_eq!(tp.len(), 9);
    assert_eq!(tp[3].column, "一般公共预算/深圳市交通运输局（本级）/2026年");
    assert_eq!(
        figures(&tp[3]),
        three(
            "147.90",
            Some("115.00"),
            Some("27.80"),
            Some("0.00"),
            Some("27.80"),
            Some("5.10")
        )
    );
}

#[test]
fn budget_lines_from_lei_kuan_xiang_columns() {
    let Some(_) = crate::support::shared() else {
        println!("skipped: ../shared absent");
        return;
    };
    let (_, out) = run("i_shangwu_income_budget_p10-11");
    let bl = &out.records.budget_lines;
    assert_eq!(bl.len(), 30, "every coded row, not the 合计 row");
    let l = bl.iter().find(|l| l.code == "2011301").unwrap();
    assert_eq!(l.name, "行政运行");
    assert_eq!(l.values.len(), 2);
    assert_eq!(l.values[0].column, ["收入预算", "合计"]);
    assert_eq!(l.values[0].value, Some(dec("9389913.00")));
    assert_eq!(l.values[0].unit.as_deref(), Some("元"));
    assert_eq!(l.values[0].yuan, Some(dec("9389913.00")));
    let p11 = bl.iter().find(|l| l.code == "22102").unwrap();
    assert_eq!(p11.page, 11);
}

#[test]
fn budget_lines_when_lei_kuan_xiang_share_the_total_row() {
    let Some(_) = crate::support::shared() else {
        println!("skipped: ../shared absent");
        return;
    };
    let (_, out) = run("iv_czj_final_income_p8");
    let bl = &out.records.budget_lines;
    assert_eq!(bl.len(), 14);
    assert_eq!(bl[0].code, "201");
    let l = bl.iter().find(|l| l.code == "2010602").unwrap();
    assert_eq!(
        l.values
            .iter()
            .map(|v| v.value.unwrap())
            .collect::<Vec<_>>(),
        [dec("16.19"), dec("10.00"), dec("6.19")]
    );
    assert_eq!(l.values[0].yuan, Some(dec("161900")));
}

#[test]
fn budget_lines_with_code_and_name_in_one_cell() {
    let (_, out) = run("bj_bgt_expend_p3");
    let bl = &out.records.budget_lines;
    assert_eq!(bl.len(), 36);
    assert!(
        bl.iter()
            .all(|l| l.code.len() == 7 && !l.name.starts_with('-'))
    );
    assert_eq!(bl[0].name, "行政运行");
}

#[test]
fn indicators_with_op_and_unit_columns() {
    let (_, out) = run("cq_ghzy_dept_perf_p28");
    let ind = &out.records.indicators;
    assert_eq!(ind.len(), 8);
    let first = &ind[0];
    assert_eq!(first.name, "每年开采监测覆盖面积");
    assert_eq!(first.target.op, Some(Op::Ge));
    assert_eq!(first.target.value, Some(dec("8")));
    assert_eq!(first.weight, Some(dec("15")));
    assert!(first.project.is_none(), "department-wide form");
}

#[test]
fn indicators_in_one_combined_cell_are_split() {
    let (_, out) = run("bj_rsj_dept_perf_p43");
    let ind = &out.records.indicators;
    assert_eq!(ind.len(), 11);
    let i = ind.iter().find(|i| i.name == "城镇新增就业").unwrap();
    assert_eq!(i.level1.as_deref(), Some("产出指标"));
    assert_eq!(i.level2.as_deref(), Some("数量指标"));
    assert_eq!(i.target.op, Some(Op::Ge));
    // 度量单位 "万人": 28 万人 is 280000 人 (contract: 万 multipliers applied).
    assert_eq!(i.target.value, Some(dec("280000")));
    assert_eq!(i.target.unit.as_deref(), Some("人"));
    assert_eq!(
        out.meta.department.as_deref(),
        Some("北京市人力资源和社会保障局")
    );
}

#[test]
fn self_evaluation_indicators_and_funds() {
    let (kind, out) = run("gjxfj_selfeval_p30-31");
    assert_eq!(kind, TableKind::SelfEvaluationProject);
    let ind = &out.records.indicators;
    assert_eq!(ind.len(), 10);
    assert!(
        ind.iter()
            .all(|i| i.project.as_deref() == Some("信访干部培训专项"))
    );
    let i = ind.iter().find(|i| i.name == "培训合格率").unwrap();
    assert_eq!(i.level1.as_deref(), Some("产出指标"));
    assert_eq!(i.level2.as_deref(), Some("质量指标"));
    assert_eq!(i.target.kind, QuantityKind::Percent);
    assert_eq!(i.actual.as_ref().and_then(|a| a.value), Some(dec("100")));
    assert_eq!((i.weight, i.score), (Some(dec("8")), Some(dec("8"))));
    let f = &out.records.fund_summary;
    assert_eq!(f.len(), 4);
    assert_eq!(f[0].initial_budget, Some(dec("180.61")));
    assert_eq!(f[0].full_year_budget, Some(dec("180.03")));
    assert_eq!(f[0].executed, Some(dec("180.03")));
    assert_eq!(f[0].execution_rate, Some(dec("100.00")));
    assert_eq!(f[0].score, Some(dec("10")));
    assert_eq!(f[0].unit.as_deref(), Some("万元"));
    assert_eq!(f[2].label, "上年结转");
}

#[test]
fn many_projects_in_one_table() {
    let (_, out) = run("cc_xfj_project_perf_p16");
    let ind = &out.records.indicators;
    assert_eq!(ind.len(), 16);
    let projects: Vec<&str> = ind.iter().filter_map(|i| i.project.as_deref()).collect();
    assert_eq!(projects.len(), 16);
    assert_eq!(projects[0], "2026年信访专项经费");
    assert_eq!(projects[15], "信访局临聘人员经费");
}

#[test]
fn target_form_with_numbered_names_and_fund_block() {
    let (_, out) = run("xa_swj_project_perf_p63-64");
    let ind = &out.records.indicators;
    assert!(ind.len() >= 20, "{}", ind.len());
    assert_eq!(ind[0].name, "评审次数");
    assert_eq!(ind[0].project.as_deref(), Some("委托咨询业务"));
    let f = &out.records.fund_summary;
    assert_eq!(f.first().map(|f| f.label.as_str()), Some("实施期资金总额"));
    assert_eq!(f.first().and_then(|f| f.initial_budget), Some(dec("90.00")));
}
