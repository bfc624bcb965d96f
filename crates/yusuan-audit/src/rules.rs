//! The rule table: every finding's `rule` id, its usual severity and what it
//! checks. Ids are part of the output contract and never change meaning.

use yusuan_model::Severity;

/// One audit rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable English id, as written in `Finding.rule`.
    pub id: &'static str,
    /// Severity when the identity fails beyond rounding. A difference within
    /// the printed rounding is reported as `info` under the same id.
    pub severity: Severity,
    /// What the rule checks, in one line.
    pub summary: &'static str,
}

const fn rule(id: &'static str, severity: Severity, summary: &'static str) -> Rule {
    Rule {
        id,
        severity,
        summary,
    }
}

/// 得分 of a funding row = 执行率 × 分值, capped at 分值.
pub(crate) const BUDGET_SCORE: &str = "budget_score";
/// A coded row = sum of its direct sub-rows (类 = Σ款, 款 = Σ项, 301 = Σ301xx).
pub(crate) const CODE_HIERARCHY: &str = "code_hierarchy";
/// A 合计/小计/总计 column = sum of its sibling columns under the same header.
pub(crate) const COLUMN_TOTAL: &str = "column_total";
/// A 功能分类 code's total agrees between two tables of one kind and fund scope.
pub(crate) const CROSS_TABLE_CODE: &str = "cross_table_code";
/// Totals that must agree between tables (收支总表 vs 收入总表/支出总表...).
pub(crate) const CROSS_TABLE_TOTAL: &str = "cross_table_total";
/// An indicator scored below its weight carries no 偏差原因.
pub(crate) const DEVIATION_REASON_MISSING: &str = "deviation_reason_missing";
/// The same indicator is listed twice.
pub(crate) const DUPLICATE_INDICATOR: &str = "duplicate_indicator";
/// 执行率 = 全年执行数 / 全年预算数.
pub(crate) const EXECUTION_RATE: &str = "execution_rate";
/// 年度资金总额 = Σ its 资金来源 rows (财政拨款, 上年结转, 其他资金), per column.
pub(crate) const FUND_TOTAL: &str = "fund_total";
/// 财政拨款 = Σ its level-of-government rows (本级安排 + 上级补助), per column.
pub(crate) const FUND_GRANT_PARTS: &str = "fund_grant_parts";
/// A level-1 category's declared weight = sum of its rows' weights.
pub(crate) const LEVEL1_WEIGHT: &str = "level1_weight";
/// A standard table a 预算/决算 volume should contain is absent.
pub(crate) const MISSING_TABLE: &str = "missing_table";
/// An of-which part (其中：…) is larger than the figure it is part of.
pub(crate) const OF_WHICH_PART: &str = "of_which_part";
/// A coded row printed twice was counted once for a sum to hold.
pub(crate) const REPEATED_ROW: &str = "repeated_row";
/// A 合计/总计 row = sum of the top-level coded rows.
pub(crate) const ROW_TOTAL: &str = "row_total";
/// A score is larger than its weight.
pub(crate) const SCORE_OVER_WEIGHT: &str = "score_over_weight";
/// The 总分 row's score = sum of the scores (with or without the 资金 row).
pub(crate) const SCORES_TOTAL: &str = "scores_total";
/// 收入总计 = 支出总计 in a 收支总表.
pub(crate) const SUMMARY_BALANCE: &str = "summary_balance";
/// 本年收入合计 = Σ numbered items; 收入总计 = 本年收入合计 + 结转 rows.
pub(crate) const SUMMARY_SUBTOTAL: &str = "summary_subtotal";
/// "三公"经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费.
pub(crate) const THREE_PUBLIC_TOTAL: &str = "three_public_total";
/// 公务用车购置及运行费 = 购置费 + 运行费.
pub(crate) const THREE_PUBLIC_VEHICLE: &str = "three_public_vehicle";
/// The 总分 row's weight = sum of the weights (with or without the 资金 row).
pub(crate) const WEIGHTS_TOTAL: &str = "weights_total";

/// The unit of `expected` and `actual` for the rules whose figures are not
/// the table's money: percentages and points. Sorted by rule.
pub(crate) const FIGURE_UNITS: &[(&str, &str)] = &[
    (BUDGET_SCORE, "分"),
    (EXECUTION_RATE, "%"),
    (LEVEL1_WEIGHT, "分"),
    (SCORE_OVER_WEIGHT, "分"),
    (SCORES_TOTAL, "分"),
    (WEIGHTS_TOTAL, "分"),
];

/// The unit of a rule's figures when it is not the table's ([`FIGURE_UNITS`]).
pub(crate) fn figure_unit(rule: &str) -> Option<&'static str> {
    FIGURE_UNITS
        .binary_search_by(|(r, _)| (*r).cmp(rule))
        .ok()
        .and_then(|i| FIGURE_UNITS.get(i))
        .map(|(_, u)| *u)
}

/// A change stated in the text = the figure − the figure compared with.
pub(crate) const CLAIM_CHANGE: &str = "claim_change";
/// A completion rate in the text = the figure ÷ its 年初预算.
pub(crate) const CLAIM_COMPLETION: &str = "claim_completion";
/// The direction word (增加, 小于, 持平 …) agrees with the figures compared.
pub(crate) const CLAIM_DIRECTION: &str = "claim_direction";
/// A change in percent in the text = change ÷ base.
pub(crate) const CLAIM_PERCENT: &str = "claim_percent";
/// A share (占…%) in the text = the figure ÷ its whole.
pub(crate) const CLAIM_SHARE: &str = "claim_share";
/// Shares of one whole add up to at most 100%.
pub(crate) const CLAIM_SHARES_TOTAL: &str = "claim_shares_total";
/// A figure in the text = the table figure its subject names.
pub(crate) const CLAIM_TABLE: &str = "claim_table";
/// A percentage of a zero base (完成年初预算的95.89% with 年初预算 0).
pub(crate) const CLAIM_ZERO_BASE: &str = "claim_zero_base";
/// A 功能分类 name the classification replaced, where the tables use the new one.
pub(crate) const TEXT_CATEGORY_RENAMED: &str = "text_category_renamed";
/// The volume's name names another department than the document.
pub(crate) const TEXT_DEPARTMENT_NAME: &str = "text_department_name";
/// Words of another document type in headings (部门预算 in a 决算, 部门 in a 单位预算).
pub(crate) const TEXT_DOC_TYPE: &str = "text_doc_type";
/// The text says a table has no figures (无政府性基金预算 …) and it has.
pub(crate) const TEXT_EMPTY_TABLE: &str = "text_empty_table";
/// A placeholder left in the text (XX局, XXX万元, ××).
pub(crate) const TEXT_PLACEHOLDER: &str = "text_placeholder";
/// Doubled or unmatched punctuation (。。, a lone ”).
pub(crate) const TEXT_PUNCTUATION: &str = "text_punctuation";
/// Both alternatives of a template left in, or a reason with nothing after it.
pub(crate) const TEXT_TEMPLATE_LEFTOVER: &str = "text_template_leftover";
/// Another year where the document's own is expected.
pub(crate) const TEXT_YEAR: &str = "text_year";
/// A table the 目录 lists is not in the document.
pub(crate) const TOC_MISSING_TABLE: &str = "toc_missing_table";

/// Every rule, sorted by id.
pub const RULES: &[Rule] = &[
    rule(
        BUDGET_SCORE,
        Severity::Warning,
        "得分 of a funding row = 执行率 × 分值, capped at 分值",
    ),
    rule(
        CLAIM_CHANGE,
        Severity::Error,
        "change amount in the text = value − base it names",
    ),
    rule(
        CLAIM_COMPLETION,
        Severity::Error,
        "completion rate in the text = value ÷ 年初预算",
    ),
    rule(
        CLAIM_DIRECTION,
        Severity::Error,
        "增加/减少, 大于/小于/等于 agree with the figures compared",
    ),
    rule(
        CLAIM_PERCENT,
        Severity::Error,
        "change percent in the text = change ÷ base",
    ),
    rule(
        CLAIM_SHARE,
        Severity::Error,
        "share in the text = value ÷ the whole it is part of",
    ),
    rule(
        CLAIM_SHARES_TOTAL,
        Severity::Error,
        "shares of one whole add up to at most 100%",
    ),
    rule(
        CLAIM_TABLE,
        Severity::Error,
        "a figure in the text = the table figure it names",
    ),
    rule(
        CLAIM_ZERO_BASE,
        Severity::Error,
        "a percentage or rate of a base of 0",
    ),
    rule(
        CODE_HIERARCHY,
        Severity::Error,
        "类 = Σ款, 款 = Σ项, 经济分类 301 = Σ301xx, per column",
    ),
    rule(
        COLUMN_TOTAL,
        Severity::Error,
        "合计/小计/总计 column = Σ sibling columns under its parent header",
    ),
    rule(
        CROSS_TABLE_CODE,
        Severity::Error,
        "a 功能分类 code's total agrees between tables of one kind and fund scope",
    ),
    rule(
        CROSS_TABLE_TOTAL,
        Severity::Error,
        "收支总表 本年收入/支出合计 (or 总计) = 收入总表/支出总表 合计",
    ),
    rule(
        DEVIATION_REASON_MISSING,
        Severity::Warning,
        "indicator scored below its weight without 偏差原因",
    ),
    rule(
        DUPLICATE_INDICATOR,
        Severity::Warning,
        "the same indicator listed twice in one form",
    ),
    rule(
        EXECUTION_RATE,
        Severity::Error,
        "执行率 = 全年执行数 / 全年预算数 within printed precision",
    ),
    rule(
        FUND_GRANT_PARTS,
        Severity::Error,
        "财政拨款 = 本级安排 + 上级补助 rows of a 自评表, per column",
    ),
    rule(
        FUND_TOTAL,
        Severity::Error,
        "年度资金总额 = 财政拨款 + 上年结转 + 其他资金 rows of a 自评表, per column",
    ),
    rule(
        LEVEL1_WEIGHT,
        Severity::Error,
        "declared 一级指标 weight = Σ its indicators' weights",
    ),
    rule(
        MISSING_TABLE,
        Severity::Info,
        "a standard table of a 预算/决算 volume is absent",
    ),
    rule(
        OF_WHICH_PART,
        Severity::Error,
        "an of-which (其中) column or row ≤ the figure it is part of",
    ),
    rule(
        REPEATED_ROW,
        Severity::Info,
        "a coded row printed twice is counted once in the sums",
    ),
    rule(
        ROW_TOTAL,
        Severity::Error,
        "合计/总计 row = Σ top-level coded rows",
    ),
    rule(SCORE_OVER_WEIGHT, Severity::Error, "得分 > 分值"),
    rule(
        SCORES_TOTAL,
        Severity::Error,
        "总分 row 得分 = Σ 得分, with or without the 资金 row",
    ),
    rule(
        SUMMARY_BALANCE,
        Severity::Error,
        "收支总表: 收入总计 = 支出总计",
    ),
    rule(
        SUMMARY_SUBTOTAL,
        Severity::Error,
        "收支总表: 本年合计 = Σ numbered items; 总计 = 本年合计 + 结转",
    ),
    rule(
        TEXT_CATEGORY_RENAMED,
        Severity::Error,
        "an old 功能分类 name where the tables print the new one",
    ),
    rule(
        TEXT_DEPARTMENT_NAME,
        Severity::Warning,
        "the department named differently in a heading or the 目录",
    ),
    rule(
        TEXT_DOC_TYPE,
        Severity::Warning,
        "部门预算 in a 决算 (or the reverse), 部门 in a 单位预算, in headings",
    ),
    rule(
        TEXT_EMPTY_TABLE,
        Severity::Error,
        "the text says there is none, the table prints figures",
    ),
    rule(
        TEXT_PLACEHOLDER,
        Severity::Error,
        "placeholder XX, ××, □□ left in the text",
    ),
    rule(
        TEXT_PUNCTUATION,
        Severity::Warning,
        "doubled punctuation, an unmatched quote",
    ),
    rule(
        TEXT_TEMPLATE_LEFTOVER,
        Severity::Error,
        "增加（减少） left in, 主要原因是。 with no reason",
    ),
    rule(
        TEXT_YEAR,
        Severity::Error,
        "a heading or 目录 entry names another year's volume; 截至 another year-end in a 决算",
    ),
    rule(
        THREE_PUBLIC_TOTAL,
        Severity::Error,
        "三公 合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费",
    ),
    rule(
        THREE_PUBLIC_VEHICLE,
        Severity::Error,
        "公务用车购置及运行费 = 购置费 + 运行费",
    ),
    rule(
        TOC_MISSING_TABLE,
        Severity::Warning,
        "a table listed in the 目录 is missing",
    ),
    rule(
        WEIGHTS_TOTAL,
        Severity::Error,
        "总分 row 分值 = Σ 分值, with or without the 资金 row",
    ),
];

/// The usual severity of rule `id` (error for an unknown id).
pub(crate) fn severity_of(id: &str) -> Severity {
    RULES
        .iter()
        .find(|r| r.id == id)
        .map(|r| r.severity)
        .unwrap_or(Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_sorted_and_unique() {
        for pair in RULES.windows(2) {
            assert!(pair[0].id < pair[1].id, "{} !< {}", pair[0].id, pair[1].id);
        }
    }

    #[test]
    fn figure_units_are_sorted_and_name_rules() {
        for pair in FIGURE_UNITS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} !< {}", pair[0].0, pair[1].0);
        }
        for (rule, unit) in FIGURE_UNITS {
            assert!(RULES.iter().any(|r| r.id == *rule), "{rule}");
            assert_eq!(figure_unit(rule), Some(*unit));
        }
        assert_eq!(figure_unit(COLUMN_TOTAL), None, "money: the table's unit");
    }

    #[test]
    fn ids_are_snake_case_ascii() {
        for r in RULES {
            assert!(
                r.id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit()),
                "{}",
                r.id
            );
        }
    }
}
