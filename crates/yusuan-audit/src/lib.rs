//! Consistency audit: the last analysis stage of yusuan, after
//! `yusuan-records`.
//!
//! [`audit`] takes a whole [`Document`] (tables with their kinds, and the
//! records) and returns [`Finding`]s: arithmetic identities that the printed
//! figures should satisfy and do not, each with the rule id, severity, table,
//! page, row, label, a Chinese message stating both figures, and the expected
//! and printed values. [`render_findings`] prints a document's findings for a
//! terminal. [`RULES`] lists every rule id with its severity.
//!
//! # Rules
//!
//! Severity is the rule's own unless the difference is within rounding
//! (`info`) or the audit is not sure it read all the parts (`warning`, the
//! message says "未能确认所列各项即为全部组成部分").
//!
//! Ledger tables (every kind but the forms: 三公, 绩效目标/自评, 基础数据),
//! read from the grid and its header tree, and the figure block at the top
//! of a form:
//!
//! | rule | severity | identity |
//! |---|---|---|
//! | `column_total` | error | a 合计/小计/总计 column = Σ its sibling columns under the same parent header; a sibling with sub-columns gives its 小计/合计/…总数 column. 其中, 上年, 增减, 占…%, 扣除…, 政府采购 columns are not parts; a sibling not known as a part (基本支出, 项目支出, 财政拨款, 结转 …) makes a failure a warning; a 其中 column naming a part (广州 "其中：基本支出") counts where the row adds up with it. Also in the figure block of a form (绩效目标申报表: 预算支出总额 = 基本支出 + 项目支出, 合计 = 财政拨款 + 专户资金 + 单位资金), where …总额 names a total too |
//! | `code_hierarchy` | error | per figure column, a 类 row = Σ its 款 rows, a 款 row = Σ its 项 rows, 经济分类 301 = Σ 301xx, within the block after the parent; codes are those layout read from code columns, side by side; a code printed on consecutive rows one of which sums the rows after it (a 政府采购 breakdown) is never summed |
//! | `row_total` | error | the 合计/总计 row = Σ the top-level coded rows |
//! | `of_which_part` | error | an of-which column (其中：…, or under a 其中 header) or row is not larger than the figure it is part of; of-which parts are never added into a total |
//! | `repeated_row` | info | a coded row printed twice with the same texts (again after a page break) is counted once; said once per table where a sum holds only that way |
//! | `summary_subtotal` | error | in a 收支总表/财政拨款收支总表 side: 本年收入合计 = Σ the numbered items above it (一、二、…; numbering restarting at 一 is a breakdown); 收入总计 = 本年收入合计 + the lines between them, without the breakdown of a 结转/结余 line |
//! | `summary_balance` | error | 收入总计 = 支出总计 |
//! | `cross_table_total` | error | 收支总表 本年收入/支出合计 = 收入总表/支出总表 合计 (or = the 收支总表's 收入/支出总计, for a 收入总表 with a 上年结转 column); 财政拨款收支总表 本年支出合计 (or 支出总计 when nothing is carried over) in its 一般公共预算 column = 一般公共预算支出表 合计; 一般公共预算支出表 合计行 基本支出 = 一般公共预算基本支出表 合计, same fund scope |
//! | `cross_table_code` | error | a 功能分类 code's total is the same in two tables of one kind and one fund scope whose common codes agree for at least 80% |
//!
//! Records (三公 and 绩效 forms):
//!
//! | rule | severity | identity |
//! |---|---|---|
//! | `three_public_total` | error | "三公"经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费, per column; blanks are 0 |
//! | `three_public_vehicle` | error | 公务用车购置及运行费 = 购置费 + 运行费 |
//! | `execution_rate` | error | 执行率 = 全年执行数 ÷ 全年预算数 within what the printed precision allows; 100% when more was spent is accepted; 0% on a breakdown row (uncomputed) and differences ≤ 0.005 points are info |
//! | `budget_score` | warning | the 资金 row's 得分 = 执行率 × 分值, capped at 分值 (forms apply other scales too, hence a warning) |
//! | `fund_grant_parts` | error | 财政拨款 = Σ the level-of-government rows listed under it (本级安排, 上级补助), when at least two are listed |
//! | `fund_total` | error | 年度资金总额 = Σ its source rows (财政拨款, 上年结转, 其他资金 or a bare 其他) for 年初预算数, 全年预算数, 全年执行数; a blank source makes it a warning unless the printed parts already exceed the total |
//! | `score_over_weight` | error | an indicator's (or the 资金 row's) 得分 ≤ 分值 |
//! | `weights_total` | error | the 总分 row's 分值 = Σ the indicators' 分值, with or without the 资金 row's 分值 (forms print both); a warning when indicator rows were missed or no 资金 row is known |
//! | `scores_total` | error | the 总分 row's 得分 = Σ 得分, likewise |
//! | `level1_weight` | error | a declared 一级指标 weight ("产出指标（50分）") = Σ its rows' 分值 |
//! | `deviation_reason_missing` | warning | an indicator with 得分 < 分值 that did not meet its target carries a 偏差原因 |
//! | `duplicate_indicator` | warning | the same name, 二级指标 and target twice under one project of one table |
//!
//! Documents:
//!
//! | rule | severity | identity |
//! |---|---|---|
//! | `missing_table` | info | a 预算/决算 volume with at least 3 of the nine standard tables lacks one of them |
//!
//! Text (issue 13): the claims `yusuan-records` reads from the running text
//! (`records.claims`) and the paragraphs of `Document.text`. Findings quote
//! the sentence (`quote`) and name the paragraph (`paragraph`) and claim
//! (`claim`). Figures are taken at their printed precision (interval
//! arithmetic over half a unit of each figure's last place); every rule is
//! silent when the reading is uncertain (no base, no whole, no link).
//!
//! | rule | severity | identity |
//! |---|---|---|
//! | `claim_change` | error | a change amount = the figure − the base the sentence prints ("比…847128.49万元增加19433.43万元") |
//! | `claim_percent` | error | a change in percent = change ÷ base, the base printed or the figure less the printed change; 百分点 are not checked |
//! | `claim_direction` | error | 增加/减少, 大于/小于/等于/持平 agree with the figure against its printed base ("决算数大于预算数" where 决算 < 年初预算); "基本持平" allows a difference; a change amount and its percent stated with opposite words |
//! | `claim_completion` | error | 完成…的 R% = 决算 ÷ 年初预算 |
//! | `claim_zero_base` | error | a non-zero percentage or completion rate of a base of 0 |
//! | `claim_share` | error | 占 S% = the figure ÷ the whole it is listed under (其中/包括/主要用于以下方面) or names (占本年支出合计的…) |
//! | `claim_shares_total` | error | shares of one whole add up to at most 100% plus their rounding (silent for two breakdowns of one whole in a row, each adding up to 100%) |
//! | `claim_table` | error | a figure = the table figure its subject, year and basis name: 收支总表 总计/本年合计, 财政拨款收支总表 总计, 一般公共预算支出表 合计 and 功能分类 rows (in paragraphs about 一般公共预算), the "三公"经费 parts (an empty 三公 table reads 0) |
//! | `text_empty_table` | error | "无政府性基金预算…", "无国有资本经营预算…", "无“三公”经费…" while that table prints a non-zero figure |
//! | `text_year` | error | a heading, 目录 entry or table title names the volume of another year ("2023年度部门决算" in a 2024 决算); "截至YYYY年12月31日" in a 决算 of another year |
//! | `text_placeholder` | error | two or more of X ×□ among CJK text or before a unit ("上海市普陀区XX局", "XXX万元"), once per paragraph or title |
//! | `text_category_renamed` | error | a 功能分类 name the classification replaced (data/renamed_categories.txt: 医疗卫生与计划生育支出 → 卫生健康支出 since 2019 …) while the tables print the new one |
//! | `text_template_leftover` | error | both alternatives of a template ("增加（减少）", "增长/下降"), or "主要原因是" followed by 。/； |
//! | `text_punctuation` | warning | doubled punctuation ("。。", "，，", "，。"); in a body paragraph, a closing quote without any opening one or the reverse |
//! | `text_doc_type` | warning | in headings and the 目录: 部门决算 in a 预算 or 部门预算 in a 决算; 部门预算 where the cover says 单位预算 |
//! | `text_department_name` | warning | the volume's name in a heading or 目录 entry ("…局2024年度部门决算") names a department other than the document's |
//! | `toc_missing_table` | warning | a table the 目录 lists is printed nowhere in the document (silent when most listed tables are absent: a narrative volume whose tables are in another file) |
//!
//! Arithmetic is decimal. The tolerance of an identity is half a unit in
//! the last printed place of every figure in it (the total and each
//! addend); a difference within it is reported as `info` ("四舍五入", with
//! `within_rounding` set), never as an error. Weights (分值) and scores
//! printed without decimals are exact; printed with decimals (33.33 for a
//! third of the points) they were rounded like any figure. A blank cell counts as 0 where it stands among printed parts;
//! a row whose parts are all blank, a blank total, or a word among the parts
//! makes the identity silent.
//!
//! # Example
//! ```
//! use yusuan_audit::{AuditOptions, audit};
//! use yusuan_model::{Document, Source, SourceFormat, ThreePublic};
//!
//! let mut doc = Document::new(Source {
//!     path: "a.pdf".into(), sha256: String::new(), format: SourceFormat::Pdf,
//!     pages: 1, producer: None, ocr_pages: Vec::new(),
//! });
//! let d = |s: &str| s.parse().ok();
//! doc.records.three_public.push(ThreePublic {
//!     table: "t1".into(), page: 1, column: "2023年预算数".into(), unit: Some("万元".into()),
//!     total: d("5.85"), overseas_travel: None, vehicle_total: d("4.27"),
//!     vehicle_purchase: None, vehicle_operation: d("4.27"), reception: d("1.48"),
//!     year: Some(2023), basis: None, yuan: Default::default(),
//! });
//! let findings = audit(&doc, &AuditOptions::default());
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].rule, "three_public_total");
//! assert!(findings[0].message.contains("表中为 5.85，相差 0.10"));
//! ```
//!
//! What a grid means — header rows, column roles and header paths, of-which
//! columns and rows, total rows, codes, repeated rows, a form's figure block
//! — is read from the fields layout resolved (`Table::columns`,
//! `Table::sides`, `Table::figure_block`); the audit never looks for them in
//! the raw cells. Figures are read by `yusuan-normalize`: two figures run
//! together in one cell ("10 100.00") are text, not a sum. Every finding
//! carries the table's title and unit and, where it concerns one cell, the
//! column, its header path and the cell's box.
//!
//! # Limitations
//! - Only what layout and records found can be checked: a lost row shows as
//!   a failed sum, a table whose header rows were missed is not checked by
//!   columns.
//! - Column parts come from the header tree; siblings not recognized as
//!   parts of a total (an unknown measure column) turn a failure into a
//!   warning.
//! - `cross_table_code` compares only tables of one kind and fund scope;
//!   the corpus has no such pair, so it has only run on test tables.
//! - Checks read figures as layout and records give them: the corpus
//!   report (docs/audit-corpus.md) lists the misreads met so far.
//!
//! # Cargo features
//! None.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod check;
mod claims;
mod columns;
mod coverage;
mod cross;
mod figure;
mod forms;
mod ocr;
mod render;
mod rows;
mod rules;
mod selfeval;
mod summary;
mod text;
mod three_public;
mod view;

pub use render::render_findings;
pub use rules::{RULES, Rule};

use yusuan_model::{Document, Finding, TableKind};

/// Options of [`audit`].
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// Report differences within the printed rounding as `info` findings
    /// (default true); false drops them.
    pub rounding_info: bool,
    /// Rule ids (from [`RULES`]) not to report.
    pub disabled_rules: Vec<String>,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            rounding_info: true,
            disabled_rules: Vec::new(),
        }
    }
}

/// Kinds whose grids are forms, not ledgers: their arithmetic is read from
/// the records (三公, 绩效) instead of the grid.
const FORM_KINDS: &[TableKind] = &[
    TableKind::ThreePublic,
    TableKind::ProjectPerformanceTargets,
    TableKind::OverallPerformanceTargets,
    TableKind::SelfEvaluationOverall,
    TableKind::SelfEvaluationProject,
    TableKind::BasicData,
];

/// Audits a document: every rule of [`RULES`] not disabled, findings in
/// document order (table, then row).
pub fn audit(doc: &Document, options: &AuditOptions) -> Vec<Finding> {
    let mut sink = check::Sink {
        findings: Vec::new(),
        rounding_info: options.rounding_info,
        disabled: &options.disabled_rules,
    };
    // One view per table, shared by every rule that reads the grid.
    let views: Vec<view::View<'_>> = doc.tables.iter().map(view::View::new).collect();
    for view in &views {
        let table = view.table;
        if FORM_KINDS.contains(&table.kind) {
            // 三公 tables are checked from their records.
            if table.kind != TableKind::ThreePublic {
                forms::check_form_blocks(table, &mut sink);
            }
            continue;
        }
        if table.header_rows == 0 {
            continue;
        }
        columns::check_columns(view, &mut sink);
        columns::check_of_which_columns(view, &mut sink);
        rows::check_of_which_rows(view, &mut sink);
        let summary_like = matches!(
            table.kind,
            TableKind::RevenueExpenditureSummary | TableKind::FiscalGrantSummary
        ) || table.title.as_deref().is_some_and(|t| t.contains("收支"));
        if summary_like {
            summary::check_summary(view, &mut sink);
        } else {
            rows::check_rows(view, &mut sink);
        }
    }
    cross::check_cross(&views, &mut sink);
    three_public::check_three_public(doc, &views, &mut sink);
    selfeval::check_self_evaluation(doc, &views, &mut sink);
    coverage::check_coverage(doc, &mut sink);
    claims::check_claims(doc, &mut sink);
    text::check_text(doc, &mut sink);
    let order = |f: &Finding| {
        let t = f
            .table
            .as_ref()
            .and_then(|id| doc.tables.iter().position(|t| &t.id == id))
            .unwrap_or(usize::MAX);
        (t, f.row.unwrap_or(usize::MAX))
    };
    let mut findings = sink.findings;
    // Issue 21: no error on a figure OCR is unsure of (see ocr.rs).
    ocr::soften_uncertain(doc, &mut findings);
    for f in &mut findings {
        locate_finding(&views, f);
    }
    findings.sort_by_key(order);
    findings
}

/// Fills what a finding's table says about it when the rule did not: the
/// table's title and unit, and the box of its cell (or row).
fn locate_finding(views: &[view::View<'_>], f: &mut Finding) {
    // The rules of percentages and points say so, whatever money unit
    // their place carries.
    if let Some(u) = rules::figure_unit(&f.rule) {
        f.unit = Some(u.to_owned());
    }
    let Some(view) = f
        .table
        .as_ref()
        .and_then(|id| views.iter().find(|v| &v.table.id == id))
    else {
        return;
    };
    let table = view.table;
    if f.table_title.is_none() {
        f.table_title.clone_from(&table.title);
    }
    // Else the unit of expected/actual is the column's (or table's) money
    // unit; none for a finding without figures (a text rule about a title).
    if f.unit.is_none() && (f.expected.is_some() || f.actual.is_some()) {
        f.unit = match f.col {
            Some(c) => table.unit_of_column(c).map(str::to_owned),
            None => table.unit.clone(),
        };
    }
    if f.bbox.is_none()
        && let Some(r) = f.row
    {
        // The cell's box, or the row's: the union of the boxes of the
        // cells that start in it.
        let cols = match f.col {
            Some(c) => c..c.saturating_add(1),
            None => 0..table.n_cols,
        };
        f.bbox = cols
            .filter_map(|c| view.cell_at(r, c))
            .filter(|c| c.row == r || f.col.is_some())
            .filter_map(|c| c.bbox)
            .reduce(|a, b| a.union(&b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The crate doc's rule tables name every rule of [`RULES`].
    #[test]
    fn crate_doc_lists_every_rule() {
        let doc = include_str!("lib.rs");
        for r in RULES {
            let row = format!("//! | `{}` | {} |", r.id, severity_word(r.severity));
            assert!(doc.contains(&row), "crate doc lacks {row}");
        }
    }

    fn severity_word(s: yusuan_model::Severity) -> &'static str {
        match s {
            yusuan_model::Severity::Error => "error",
            yusuan_model::Severity::Warning => "warning",
            _ => "info",
        }
    }
}
