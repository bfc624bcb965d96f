//! Tables typed after the forms of the seed dumps (shared/seeds 001, 002):
//! 基础数据表 with 三公 parts as rows, 整体/项目 自评表 with funding blocks
//! and weighted level-1 cells, 目标申报表 with 指标性质 and 度量单位 columns.

use yusuan_model::{Decimal, DocType, Op, QuantityKind, TableKind, TextLine};
use yusuan_records::{RecordsOptions, build_records};

use crate::support::{table, typed};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split('\t')
                .map(|c| c.trim().replace("\\n", "\n"))
                .collect()
        })
        .collect()
}

const BASIC_DATA: &str = "
预算部门名称\t岳阳市岳阳楼区司法局\t\t
财政供养人员情况\t编制数\t2023年实际在职人数\t控制率
\t87\t68\t78.16%
经费控制情况(万元)\t2022年决算数\t2023年预算数\t2023年决算数
三公经费\t10.8\t5.75\t5.75
1、公务用车购置和维护经费\t8.39\t4.27\t4.27
其中：公车购置\t\t\t
公车运行维护\t8.39\t4.27\t4.27
2、出国经费\t\t\t
3、公务接待\t2.41\t1.48\t1.48
项目支出：\t363.8\t335\t307
1、业务工作经费\t163.80\t335\t307
2、运行维护经费\t200.00\t\t
";

#[test]
fn seed_001_basic_data_sangong_as_rows() {
    let mut tables = vec![typed(
        "t1",
        "2023年度预算单位整体支出绩效评价基础数据表",
        None,
        0,
        BASIC_DATA,
    )];
    let out = build_records(&mut tables, &[], &RecordsOptions::default());
    assert_eq!(tables[0].kind, TableKind::BasicData);
    let tp = &out.records.three_public;
    let cols: Vec<&str> = tp.iter().map(|r| r.column.as_str()).collect();
    assert_eq!(cols, ["2022年决算数", "2023年预算数", "2023年决算数"]);
    let r = &tp[1];
    assert_eq!(r.unit.as_deref(), Some("万元"));
    assert_eq!(
        [
            r.total,
            r.overseas_travel,
            r.vehicle_total,
            r.vehicle_purchase,
            r.vehicle_operation,
            r.reception
        ],
        [
            Some(dec("5.75")),
            None,
            Some(dec("4.27")),
            None,
            Some(dec("4.27")),
            Some(dec("1.48"))
        ]
    );
    assert_eq!(out.meta.department.as_deref(), Some("岳阳市岳阳楼区司法局"));
    assert_eq!(out.meta.year, Some(2023));
    assert_eq!(out.meta.doc_type, DocType::SelfEvaluation);
}

const OVERALL_SELF_EVALUATION: &str = "
预算部门名称\t岳阳市岳阳楼区司法局
年度预算申请(万元)\t\t年初预算数(万元)\t全年预算数（万元）\t全年执行数（万元）\t分值\t执行率\t得分
\t年度资金总额：\t1506.55\t1809.15\t1809.15\t10\t100.00%\t10
\t按收入性质分：\t按支出性质分：
\t一般公共预算：\t1809.15\t其中:基本支出：\t1164.35
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
绩效指标\t产出指标\t数量指标\t办结行政复议案件数\t≥120\t139\t2\t2\t
\t\t\t接待法律咨询人次\t≥1200\t1500\t2\t2\t
\t\t\t普法宣传天数\t100\t90\t2\t1\t宣传活动受疫情影响
\t\t质量指标\t行政复议案件办结率\t≥90\t90.26\t2\t2\t
\t\t时效指标\t资金到位及时性\t≤12个月\t≤12个月\t2\t2\t
\t效益指标\t经济效益指标\t稳定的社会治安环境是否有益于岳阳经济发展\t有益于经济发展\t有益于经济发展\t6\t6\t
\t满意度指标\t服务对象满意度指标\t社矫对象满意度\t≥95%\t≧95%\t10\t10\t
\t成本指标\t经济成本指标\t完成履职工作任务所需经费\t1809.15\t1809.15\t2\t1\t
\t\t社会成本指标\t\t\t\t\t\t
";

#[test]
fn seed_001_overall_self_evaluation_blank_levels_carry_down() {
    let mut tables = vec![typed(
        "t2",
        "2023 年度预算单位整体支出绩效自评表",
        None,
        0,
        OVERALL_SELF_EVALUATION,
    )];
    let out = build_records(&mut tables, &[], &RecordsOptions::default());
    assert_eq!(tables[0].kind, TableKind::SelfEvaluationOverall);
    let ind = &out.records.indicators;
    assert_eq!(
        ind.len(),
        8,
        "{:#?}",
        ind.iter().map(|i| &i.name).collect::<Vec<_>>()
    );
    assert!(ind.iter().all(|i| i.project.is_none()));
    let second = &ind[1];
    assert_eq!(second.name, "接待法律咨询人次");
    assert_eq!(second.level1.as_deref(), Some("产出指标"));
    assert_eq!(second.level2.as_deref(), Some("数量指标"));
    assert_eq!(second.target.op, Some(Op::Ge));
    assert_eq!(second.target.value, Some(dec("1200")));
    assert_eq!(
        second.actual.as_ref().and_then(|a| a.value),
        Some(dec("1500"))
    );
    let third = &ind[2];
    assert_eq!(
        (third.weight, third.score),
        (Some(dec("2")), Some(dec("1")))
    );
    assert_eq!(
        third.deviation_reason.as_deref(),
        Some("宣传活动受疫情影响")
    );
    let timely = ind.iter().find(|i| i.name == "资金到位及时性").unwrap();
    assert_eq!(timely.level2.as_deref(), Some("时效指标"));
    let satisfaction = ind.iter().find(|i| i.name == "社矫对象满意度").unwrap();
    assert_eq!(satisfaction.level1.as_deref(), Some("满意度指标"));
    assert_eq!(satisfaction.target.kind, QuantityKind::Percent);
    let f = &out.records.fund_summary;
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].initial_budget, Some(dec("1506.55")));
    assert_eq!(f[0].full_year_budget, Some(dec("1809.15")));
    assert_eq!(f[0].execution_rate, Some(dec("100.00")));
    assert_eq!(
        (f[0].weight, f[0].score),
        (Some(dec("10")), Some(dec("10")))
    );
    assert_eq!(f[0].unit.as_deref(), Some("万元"));
}

const PROJECT_SELF_EVALUATION: &str = "
项目支出名称\t业务工作经费\t\t\t\t\t\t\t
主管部门\t\t实施单位\t岳阳市岳阳楼区司法局\t\t\t\t\t
项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t自评得分\t
\t年度资金总额\t350\t192.61\t192.61\t10\t\t\t
\t其中：当年财政拨款\t0\t142.39\t114.39\t\t\t\t
\t上年结转资金\t0\t0\t0\t\t\t\t
\t其他资金\t350\t335\t307\t10\t91.00%\t9.10\t
绩效指标\t一级指标\t二级指标\t三级指标\t年度\\n指标值\t实际\\n完成值\t分值\t自评得分\t偏差原因分析及改进措施
\t产出指标\\n(50分)\t数量指标\t接收社区矫正对象人数\t≥200\t309\t5\t5.00\t
\t\t\t接收安置帮教人数\t≥300\t408\t5\t5.00\t
\t\t质量指标\t手机定位监管率\t100\t100\t4\t4.00\t
\t效益指标\\n（30分）\t社会效\\n益指标\t重新犯罪率\t≤1%\t≤1%\t6\t6.00\t
\t满意度\\n指标\\n（10分）\t服务对象\\n满意度指\\n标\t项目实施对象满意度\t≥95%\t≥95%\t3\t3.00\t
总分\t\t\t\t\t\t100\t95.1\t
";

#[test]
fn seed_001_project_self_evaluation_merged_levels_and_weights() {
    let spans = [
        (0, 1, 1, 8),
        (2, 0, 5, 1),
        (7, 0, 6, 1),
        (8, 1, 3, 1),
        (8, 2, 2, 1),
        (13, 0, 1, 6),
    ];
    let mut tables = vec![table(
        "t3",
        Some("2023 年度项目支出绩效自评表"),
        None,
        0,
        &rows(PROJECT_SELF_EVALUATION),
        &spans,
        &[10; 14],
    )];
    let out = build_records(&mut tables, &[], &RecordsOptions::default());
    assert_eq!(tables[0].kind, TableKind::SelfEvaluationProject);
    let ind = &out.records.indicators;
    let names: Vec<&str> = ind.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "接收社区矫正对象人数",
            "接收安置帮教人数",
            "手机定位监管率",
            "重新犯罪率",
            "项目实施对象满意度"
        ]
    );
    assert!(
        ind.iter()
            .all(|i| i.project.as_deref() == Some("业务工作经费"))
    );
    assert!(ind.iter().all(|i| i.page == 10 && i.table == "t3"));
    assert_eq!(ind[2].level1.as_deref(), Some("产出指标"));
    assert_eq!(ind[2].level1_weight, Some(dec("50")));
    assert_eq!(ind[2].level2.as_deref(), Some("质量指标"));
    assert_eq!(ind[1].level2.as_deref(), Some("数量指标"));
    assert_eq!(ind[3].level1.as_deref(), Some("效益指标"));
    assert_eq!(ind[3].level1_weight, Some(dec("30")));
    assert_eq!(ind[3].level2.as_deref(), Some("社会效益指标"));
    assert_eq!(ind[4].level1.as_deref(), Some("满意度指标"));
    assert_eq!(ind[4].level1_weight, Some(dec("10")));
    assert_eq!(ind[4].level2.as_deref(), Some("服务对象满意度指标"));
    assert_eq!(ind[0].score, Some(dec("5.00")));
    let f = &out.records.fund_summary;
    let labels: Vec<&str> = f.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "年度资金总额",
            "其中：当年财政拨款",
            "上年结转资金",
            "其他资金"
        ]
    );
    assert_eq!(f[3].execution_rate, Some(dec("91.00")));
    assert_eq!(f[3].score, Some(dec("9.10")));
    assert_eq!(f[1].executed, Some(dec("114.39")));
    assert!(f.iter().all(|f| f.unit.as_deref() == Some("万元")));
}

const OVERALL_TARGETS: &str = "
一级指标\t二级指标\t三级指标\t绩效指标性质\t绩效指标值\t绩效度量单位\t权重
产出指标\t数量指标\t指标1：支持人民调解案件数量\t≥\t4500\t件\t10
\t\t指标5：配置村居（社区）法律顾问\t=\t268村居（社区）\t个\t10
\t成本指标\t指标1：单位印刷、购买宣传品成本\t≤\t10\t万元\t5
效益指标\t社会效益指标\t指标1：法律援助挽回经济损失\t≥\t800\t万元\t10
满意度指标\t服务对象满意度指标\t指标2：公证业务满意度\t≥\t99\t%\t10
";

#[test]
fn seed_002_overall_targets_op_and_unit_columns() {
    let mut t = typed(
        "t1",
        "部门（单位）整体支出绩效目标申报表",
        Some("万元"),
        1,
        OVERALL_TARGETS,
    );
    t.heading = vec![
        "预算年度:2023".into(),
        "预算（单位）名称：秀山土家族苗族自治县司法局".into(),
    ];
    let mut tables = vec![t];
    let out = build_records(&mut tables, &[], &RecordsOptions::default());
    assert_eq!(tables[0].kind, TableKind::OverallPerformanceTargets);
    let ind = &out.records.indicators;
    assert_eq!(ind.len(), 5);
    assert_eq!(ind[0].name, "支持人民调解案件数量");
    assert_eq!(ind[0].target.op, Some(Op::Ge));
    assert_eq!(ind[0].target.value, Some(dec("4500")));
    assert_eq!(ind[0].target.unit.as_deref(), Some("件"));
    assert_eq!(ind[0].weight, Some(dec("10")));
    assert!(ind[0].actual.is_none());
    let cost = &ind[2];
    assert_eq!(cost.level1.as_deref(), Some("产出指标"));
    assert_eq!(cost.level2.as_deref(), Some("成本指标"));
    assert_eq!(cost.target.op, Some(Op::Le));
    assert_eq!(cost.target.kind, QuantityKind::Amount);
    assert_eq!(cost.target.yuan, Some(dec("100000")));
    assert_eq!(ind[4].target.kind, QuantityKind::Percent);
    assert_eq!(
        out.meta.department.as_deref(),
        Some("秀山土家族苗族自治县司法局")
    );
    assert_eq!(out.meta.year, Some(2023));
    assert_eq!(out.meta.doc_type, DocType::PerformanceTarget);
}

const PROJECT_TARGETS: &str = "
项目名称\t法律援助\t项目负责人及电话\t杨立业 023-76685987\t\t\t
主管部门\t县司法局\t实施单位\t县司法局\t\t\t
资金情况 (万元)\t年度资金总额:\t20\t\t\t\t
\t其中: 财政拨款\t20\t\t\t\t
\t其他资金\t\t\t\t\t
总体目标\t年度目标\t\t\t\t\t
\t加大法律援助工作宣传力度\t\t\t\t\t
绩效指标\t一级指标\t二级指标\t三级指标\t指标性质\t指标值\t指标权重
\t产出指标\t数量指标\t法律援助办结案件数量\t≥\t800件\t20
\t\t\t值班咨询人次\t≥\t1000人次\t20
\t\t质量指标\t法律援助办案错误率\t≤\t0%\t20
\t成本指标\t\t\t\t\t
\t效果指标\t社会效益指标\t挽回经济损失\t≥\t800万\t10
";

#[test]
fn seed_002_project_targets_form_header_names_the_project() {
    let mut tables = vec![typed(
        "t4",
        "2023年特定目标类项目绩效目标表",
        Some("万元"),
        0,
        PROJECT_TARGETS,
    )];
    let out = build_records(&mut tables, &[], &RecordsOptions::default());
    assert_eq!(tables[0].kind, TableKind::ProjectPerformanceTargets);
    let ind = &out.records.indicators;
    let names: Vec<&str> = ind.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "法律援助办结案件数量",
            "值班咨询人次",
            "法律援助办案错误率",
            "挽回经济损失"
        ]
    );
    assert!(ind.iter().all(|i| i.project.as_deref() == Some("法律援助")));
    assert_eq!(ind[1].target.value, Some(dec("1000")));
    assert_eq!(ind[2].level2.as_deref(), Some("质量指标"));
    // A new level-1 group starts without the old level 2.
    assert_eq!(ind[3].level1.as_deref(), Some("效果指标"));
    assert_eq!(ind[3].level2.as_deref(), Some("社会效益指标"));
    let f = &out.records.fund_summary;
    assert_eq!(f.len(), 3);
    assert_eq!(f[0].initial_budget, Some(dec("20")));
    assert_eq!(f[0].unit.as_deref(), Some("万元"));
    assert_eq!(f[2].initial_budget, None);
}

fn line(page: u32, text: &str) -> TextLine {
    TextLine {
        page,
        text: text.into(),
        bbox: None,
        size: 22.0,
    }
}

#[test]
fn meta_from_cover_lines() {
    let lines = [
        line(1, "上海市普陀区财政局2024年度部门决算"),
        line(2, "目录"),
    ];
    let out = build_records(&mut [], &lines, &RecordsOptions::default());
    assert_eq!(out.meta.department.as_deref(), Some("上海市普陀区财政局"));
    assert_eq!(out.meta.year, Some(2024));
    assert_eq!(out.meta.doc_type, DocType::FinalAccount);
    let lines = [line(1, "长沙市司法局"), line(1, "2023 年部门预算公开")];
    let out = build_records(&mut [], &lines, &RecordsOptions::default());
    assert_eq!(out.meta.department.as_deref(), Some("长沙市司法局"));
    assert_eq!(out.meta.year, Some(2023));
    assert_eq!(out.meta.doc_type, DocType::Budget);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn meta_missing_is_reported() {
    let out = build_records(&mut [], &[], &RecordsOptions::default());
    assert_eq!(out.meta.doc_type, DocType::Unknown);
    assert_eq!(out.diagnostics.len(), 2);
    assert!(out.diagnostics[0].message.contains("no department"));
}

#[test]
fn budget_volume_with_heading_department() {
    let mut t = typed(
        "t1",
        "2023年部门收入总体情况表",
        Some("万元"),
        2,
        "科目编码\t科目名称\t合计\t一般公共预算拨款
\t\t1\t2
2040601\t行政运行\t1,200.50\t1,200.50
2040602\t一般行政管理事务\t300.00\t300.00
合计\t\t1,500.50\t1,500.50",
    );
    t.heading = vec!["部门名称：长沙市司法局".into(), "单位：万元".into()];
    let mut tables = vec![t];
    let out = build_records(&mut tables, &[], &RecordsOptions::default());
    assert_eq!(tables[0].kind, TableKind::RevenueSummary);
    let bl = &out.records.budget_lines;
    assert_eq!(bl.len(), 2);
    assert_eq!(bl[0].code, "2040601");
    assert_eq!(bl[0].name, "行政运行");
    assert_eq!(bl[0].values[0].column, ["合计"]);
    assert_eq!(bl[0].values[0].yuan, Some(dec("12005000")));
    assert_eq!(out.meta.department.as_deref(), Some("长沙市司法局"));
    assert_eq!(out.meta.year, Some(2023));
    assert_eq!(out.meta.doc_type, DocType::Budget);
}
