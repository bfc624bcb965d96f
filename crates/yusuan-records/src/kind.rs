//! Table kinds: from the printed title, else the heading lines, else the
//! words of the header rows.
//!
//! Provinces name the same form in many ways (收支总表, 收支总体情况表,
//! 财务收支预算总表, 收入支出决算总表…). Rather than one pattern per
//! spelling, a pattern is a sequence of fragments that must occur in order
//! in the title (after removing spaces, quotes and numbering), and the
//! matching pattern with the highest priority wins: "三公" beats
//! "一般公共预算*支出", "财政拨款*收*支*总" beats "收*支*总".

use yusuan_model::{Table, TableKind};

use crate::grid::{self, View};

/// (fragments separated by `*`, kind, priority). Sorted by pattern, no
/// duplicates (checked by a test). `Other` entries pin titles that would
/// otherwise fall into a canonical kind by a looser pattern.
const TITLE_PATTERNS: &[(&str, TableKind, u8)] = &[
    ("一般公共预算*支出", TableKind::GeneralBudgetByFunction, 60),
    ("一般公共预算*经济分类", TableKind::Other, 62),
    ("三公", TableKind::ThreePublic, 90),
    ("国有资本经营", TableKind::StateCapital, 75),
    ("基本支出", TableKind::BasicExpenditureByEconomic, 65),
    ("基础数据表", TableKind::BasicData, 90),
    ("支出*总", TableKind::ExpenditureSummary, 40),
    ("支出决算", TableKind::ExpenditureSummary, 40),
    ("收*支*总", TableKind::RevenueExpenditureSummary, 50),
    ("收入*总", TableKind::RevenueSummary, 45),
    ("收入决算", TableKind::RevenueSummary, 45),
    ("政府性基金", TableKind::GovernmentFund, 75),
    ("政府采购", TableKind::Procurement, 75),
    ("整体*目标申报", TableKind::OverallPerformanceTargets, 80),
    ("整体*绩效目标", TableKind::OverallPerformanceTargets, 80),
    ("整体*自评", TableKind::SelfEvaluationOverall, 85),
    ("机关运行经费", TableKind::Other, 62),
    ("目标申报表", TableKind::ProjectPerformanceTargets, 60),
    ("绩效指标表", TableKind::ProjectPerformanceTargets, 60),
    ("绩效目标", TableKind::ProjectPerformanceTargets, 70),
    ("绩效自评", TableKind::SelfEvaluationProject, 80),
    ("财政拨款*收*支*总", TableKind::FiscalGrantSummary, 55),
    ("财政拨款支出", TableKind::GeneralBudgetByFunction, 58),
    ("项目*绩效", TableKind::ProjectPerformanceTargets, 70),
    ("项目*自评", TableKind::SelfEvaluationProject, 85),
    ("项目支出", TableKind::Other, 42),
];

/// The canonical kind of a table title, if any pattern matches; `Some(Other)`
/// when a pattern names it as a known non-canonical table.
pub(crate) fn classify_title(title: &str) -> Option<TableKind> {
    let k = grid::key(title);
    let mut best: Option<(u8, usize, TableKind)> = None;
    for (pattern, kind, priority) in TITLE_PATTERNS {
        if grid::matches_in_order(&k, pattern) {
            let rank = (*priority, pattern.len());
            if best.is_none_or(|(p, l, _)| rank > (p, l)) {
                best = Some((rank.0, rank.1, *kind));
            }
        }
    }
    best.map(|(_, _, kind)| kind)
}

/// Classifies a logical table into the contract's canonical kind.
///
/// The title decides when it names a known form; otherwise the heading
/// lines, and last the words of the first rows (三级指标 + 实际完成值 → a
/// self-evaluation, 因公出国 + 公务接待 → 三公, …). Unknown tables are
/// [`TableKind::Other`], never forced into a kind.
pub fn classify_table(table: &Table) -> TableKind {
    if let Some(kind) = table.title.as_deref().and_then(classify_title) {
        return kind;
    }
    for line in &table.heading {
        // Heading lines hold 编制部门/单位 notes too; only lines that look
        // like a title are tried.
        if line.contains('表')
            && let Some(kind) = classify_title(line)
        {
            return kind;
        }
    }
    classify_by_header(table)
}

/// The kind an untitled table takes from the performance form before it,
/// when it is the rest of that form on the next page with another grid (西安
/// 卫健委 p. 31: the indicator half of a 部门整体支出绩效自评表 whose funds
/// half fills p. 30). Its header words alone would call it a project form,
/// as nothing in it names the department. `None` when `table` has a title,
/// names a project, is of another family (自评 vs 目标) or does not start on
/// the page where `prev` ends or the next one.
pub(crate) fn continued_form_kind(prev: &Table, table: &Table) -> Option<TableKind> {
    use TableKind::{
        OverallPerformanceTargets, ProjectPerformanceTargets, SelfEvaluationOverall,
        SelfEvaluationProject,
    };
    let family = |k: TableKind| match k {
        SelfEvaluationOverall | SelfEvaluationProject => Some(0),
        OverallPerformanceTargets | ProjectPerformanceTargets => Some(1),
        _ => None,
    };
    let words = header_words(table);
    if table.title.is_some() || words.contains("项目名称") || words.contains("项目支出名称")
    {
        return None;
    }
    let (Some(&end), Some(&start)) = (prev.pages.last(), table.pages.first()) else {
        return None;
    };
    let adjacent = start >= end && start <= end.saturating_add(1);
    (adjacent && family(prev.kind).is_some() && family(prev.kind) == family(table.kind))
        .then_some(prev.kind)
}

/// The texts of the first rows' cells, keyed, joined with "|".
fn header_words(table: &Table) -> String {
    let view = View::new(table);
    let rows = view.n_rows().min(8);
    let mut words = String::new();
    for r in 0..rows {
        for c in 0..view.n_cols() {
            if view.is_origin(r, c) {
                words.push_str(&grid::key(view.raw(r, c)));
                words.push('|');
            }
        }
    }
    words
}

/// The kind from the words of the first rows.
fn classify_by_header(table: &Table) -> TableKind {
    let words = header_words(table);
    let has = |w: &str| words.contains(w);
    let project = has("项目名称") || has("项目支出名称");
    let overall = has("部门名称") || has("单位名称") || has("整体绩效目标") || has("部门整体");
    if has("三级指标") || (has("绩效指标") && has("指标值")) {
        let evaluation = has("实际完成") || has("完成值") || has("自评得分");
        return match (evaluation, project, overall) {
            (true, false, true) => TableKind::SelfEvaluationOverall,
            (true, _, _) => TableKind::SelfEvaluationProject,
            (false, false, true) => TableKind::OverallPerformanceTargets,
            (false, _, _) => TableKind::ProjectPerformanceTargets,
        };
    }
    if has("编制数") && (has("三公经费") || has("经费控制")) {
        return TableKind::BasicData;
    }
    if has("因公出国") && has("公务接待") {
        return TableKind::ThreePublic;
    }
    TableKind::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_sorted_and_unique() {
        for w in TITLE_PATTERNS.windows(2) {
            if let [a, b] = w {
                assert!(a.0 < b.0, "not sorted or duplicated: {} / {}", a.0, b.0);
            }
        }
    }

    #[test]
    fn every_canonical_kind_is_registered() {
        for kind in TableKind::ALL {
            if matches!(kind, TableKind::Other) {
                continue;
            }
            assert!(
                TITLE_PATTERNS.iter().any(|(_, k, _)| *k == kind),
                "{kind:?} has no title pattern"
            );
        }
    }

    /// Titles as printed in the corpus PDFs, seeds and truth files.
    const REAL_TITLES: &[(&str, TableKind)] = &[
        ("2025年部门收入预算总表", TableKind::RevenueSummary),
        ("预算01表 收支总表", TableKind::RevenueExpenditureSummary),
        (
            "2023年部门收支总体情况表",
            TableKind::RevenueExpenditureSummary,
        ),
        (
            "1. 2025年预算单位财务收支预算总表",
            TableKind::RevenueExpenditureSummary,
        ),
        ("一、收入支出决算总表", TableKind::RevenueExpenditureSummary),
        (
            "表1 2022 年部门综合预算收支总表",
            TableKind::RevenueExpenditureSummary,
        ),
        ("部门收支总表", TableKind::RevenueExpenditureSummary),
        (
            "2026 年度收支预算总表",
            TableKind::RevenueExpenditureSummary,
        ),
        ("预算02表 收入总表", TableKind::RevenueSummary),
        ("2026年部门收入总体情况表", TableKind::RevenueSummary),
        ("收入决算表", TableKind::RevenueSummary),
        ("二、收入预算总表", TableKind::RevenueSummary),
        ("预算03表 支出总表", TableKind::ExpenditureSummary),
        ("三、本年支出总体情况表", TableKind::ExpenditureSummary),
        ("支出决算表", TableKind::ExpenditureSummary),
        (
            "3. 2025年预算单位支出预算总表",
            TableKind::ExpenditureSummary,
        ),
        ("预算04表 财政拨款收支总表", TableKind::FiscalGrantSummary),
        (
            "四、财政拨款收入支出决算总表",
            TableKind::FiscalGrantSummary,
        ),
        (
            "2026年财政拨款收支总体情况表",
            TableKind::FiscalGrantSummary,
        ),
        (
            "4．2025年部门财政拨款收支预算总表",
            TableKind::FiscalGrantSummary,
        ),
        (
            "预算05表 一般公共预算支出表",
            TableKind::GeneralBudgetByFunction,
        ),
        (
            "5．2025年部门一般公共预算支出功能分类预算表",
            TableKind::GeneralBudgetByFunction,
        ),
        (
            "五、一般公共预算财政拨款支出决算表",
            TableKind::GeneralBudgetByFunction,
        ),
        (
            "2026 年度一般公共预算拨款支出预算表",
            TableKind::GeneralBudgetByFunction,
        ),
        (
            "2026年一般公共预算支出情况表",
            TableKind::GeneralBudgetByFunction,
        ),
        (
            "预算06表 一般公共预算基本支出表",
            TableKind::BasicExpenditureByEconomic,
        ),
        (
            "六、一般公共预算财政拨款基本支出决算表",
            TableKind::BasicExpenditureByEconomic,
        ),
        (
            "2026 年度一般公共预算基本支出经济分类情况表",
            TableKind::BasicExpenditureByEconomic,
        ),
        ("基本支出总表", TableKind::BasicExpenditureByEconomic),
        (
            "六、财政拨款基本支出预算表",
            TableKind::BasicExpenditureByEconomic,
        ),
        (
            "2025年部门“三公”经费和机关运行经费预算表",
            TableKind::ThreePublic,
        ),
        ("财政拨款“三公”经费支出决算表", TableKind::ThreePublic),
        ("预算09表 财政拨款“三公”经费支出表", TableKind::ThreePublic),
        (
            "2023年一般公共预算“三公”经费支出情况表",
            TableKind::ThreePublic,
        ),
        ("一般公共预算三公经费支出表", TableKind::ThreePublic),
        ("一般公共预算「三公」经费支出表", TableKind::ThreePublic),
        (
            "“三公”经费、会议费、培训费支出预算表",
            TableKind::ThreePublic,
        ),
        (
            "八、财政拨款安排的行政经费及“三公”经费预算表",
            TableKind::ThreePublic,
        ),
        ("预算07表 政府性基金预算支出表", TableKind::GovernmentFund),
        (
            "八、政府性基金预算财政拨款收入支出决算表",
            TableKind::GovernmentFund,
        ),
        (
            "6．2025年部门政府性基金预算支出功能分类预算表",
            TableKind::GovernmentFund,
        ),
        ("预算08表 国有资本经营预算支出表", TableKind::StateCapital),
        (
            "九、国有资本经营预算财政拨款收入支出决算表",
            TableKind::StateCapital,
        ),
        ("预算10表 政府采购预算明细表", TableKind::Procurement),
        ("十三、政府采购支出表", TableKind::Procurement),
        ("2019年政府采购预算表", TableKind::Procurement),
        (
            "预算12表 项目支出绩效目标表",
            TableKind::ProjectPerformanceTargets,
        ),
        (
            "2023年特定目标类项目绩效目标表",
            TableKind::ProjectPerformanceTargets,
        ),
        (
            "表 14 2022 年部门专项业务经费绩效目标表",
            TableKind::ProjectPerformanceTargets,
        ),
        (
            "表11.2026年市级部门项目支出绩效表",
            TableKind::ProjectPerformanceTargets,
        ),
        (
            "2026年市级重点专项资金绩效目标表（一级项目）",
            TableKind::ProjectPerformanceTargets,
        ),
        (
            "项目支出绩效目标表（含转移支付项目）",
            TableKind::ProjectPerformanceTargets,
        ),
        ("（7）项目绩效目标表", TableKind::ProjectPerformanceTargets),
        (
            "预算13表 部门整体支出绩效目标表",
            TableKind::OverallPerformanceTargets,
        ),
        (
            "2026年部门整体绩效目标表",
            TableKind::OverallPerformanceTargets,
        ),
        (
            "部门（单位）整体支出绩效目标申报表",
            TableKind::OverallPerformanceTargets,
        ),
        (
            "部门整体预算绩效目标申报表",
            TableKind::OverallPerformanceTargets,
        ),
        (
            "2023 年度预算单位整体支出绩效自评表",
            TableKind::SelfEvaluationOverall,
        ),
        (
            "2023 年度项目支出绩效自评表",
            TableKind::SelfEvaluationProject,
        ),
        (
            "项目支出绩效目标自评表 (2024年度)",
            TableKind::SelfEvaluationProject,
        ),
        (
            "西安市级公共卫生事业发展资金项目绩效自评表",
            TableKind::SelfEvaluationProject,
        ),
        (
            // 江苏省人大 2019 公开表五: the 财政拨款 spending by 功能科目.
            "财政拨款支出预算表（功能科目）",
            TableKind::GeneralBudgetByFunction,
        ),
        (
            // A 专项资金 form: no 项目 in the title (西安卫健委 2022 p143).
            "西安市级卫生健康事业发展专项资金绩效自评表",
            TableKind::SelfEvaluationProject,
        ),
        (
            "2023年度预算单位整体支出绩效评价基础数据表",
            TableKind::BasicData,
        ),
        // Known tables outside the canonical kinds stay `other`.
        ("2026 年度一般公共预算支出经济分类情况表", TableKind::Other),
        ("一般公共预算机关运行经费支出预算表", TableKind::Other),
        ("项目支出总表", TableKind::Other),
        ("十一、项目支出预算情况表", TableKind::Other),
    ];

    #[test]
    fn real_titles() {
        for (title, want) in REAL_TITLES {
            assert_eq!(classify_title(title), Some(*want), "title {title}");
        }
    }

    #[test]
    fn unknown_titles_stay_unclassified() {
        for title in [
            "预算11表 财政拨款政府购买服务明细表",
            "培训费明细表",
            "公开 04 表",
            "部门预算表",
        ] {
            assert_eq!(classify_title(title), None, "title {title}");
        }
        let t = Table {
            title: Some("培训费明细表".into()),
            ..Table::default()
        };
        assert_eq!(classify_table(&t), TableKind::Other);
    }

    fn form(title: Option<&str>, pages: Vec<u32>, header: &[&str]) -> Table {
        let cells = header
            .iter()
            .enumerate()
            .map(|(col, text)| yusuan_model::Cell {
                row: 0,
                col,
                rowspan: 1,
                colspan: 1,
                text: (*text).to_owned(),
                page: pages.first().copied().unwrap_or(1),
                bbox: None,
                sheet_ref: None,
                spill: false,
                ocr: None,
            })
            .collect();
        let mut t = Table {
            title: title.map(str::to_owned),
            pages,
            n_rows: 1,
            n_cols: header.len(),
            cells,
            ..Table::default()
        };
        t.kind = classify_table(&t);
        t
    }

    #[test]
    fn an_untitled_next_page_continues_the_form_before_it() {
        let mut overall = form(
            Some("西安市卫生健康委员会部门整体支出绩效自评表"),
            vec![30],
            &[],
        );
        overall.kind = TableKind::SelfEvaluationOverall;
        let rest = form(
            None,
            vec![31],
            &[
                "年度绩效指标完成情况",
                "一级指标",
                "二级指标",
                "指标内容",
                "年度指标值",
                "实际完成值",
            ],
        );
        assert_eq!(
            rest.kind,
            TableKind::SelfEvaluationProject,
            "alone it reads as a project form"
        );
        assert_eq!(
            continued_form_kind(&overall, &rest),
            Some(TableKind::SelfEvaluationOverall)
        );
        // Not when it names a project, has a title, is not adjacent, or is
        // of the other family.
        let project = form(None, vec![31], &["项目名称", "三级指标", "实际完成值"]);
        assert_eq!(continued_form_kind(&overall, &project), None);
        let titled = form(
            Some("某项目绩效自评表"),
            vec![31],
            &["三级指标", "实际完成值"],
        );
        assert_eq!(continued_form_kind(&overall, &titled), None);
        let later = form(None, vec![33], &["三级指标", "实际完成值"]);
        assert_eq!(continued_form_kind(&overall, &later), None);
        let targets = form(None, vec![31], &["三级指标", "指标值"]);
        assert_eq!(targets.kind, TableKind::ProjectPerformanceTargets);
        assert_eq!(continued_form_kind(&overall, &targets), None);
    }
}
