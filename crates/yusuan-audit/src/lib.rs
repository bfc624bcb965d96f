//! Consistency audit: the last analysis stage of yusuan, after
//! `yusuan-records`.
//!
//! [`audit`] takes a whole [`Document`] (tables with their kinds, and the
//! records) and returns [`Finding`]s: arithmetic identities that the printed
//! figures should satisfy and do not, each with the rule id, severity, table,
//! page, row, label, a Chinese message stating both figures, and the expected
//! and printed values. [`render_findings`] prints a document's findings for a
//! terminal. The rules are listed in [`RULES`]:
//!
//! - within a table: a 合计/小计/总计 column is the sum of its sibling columns
//!   under the same parent header (`column_total`); a 类 row the sum of its 款
//!   rows, a 款 row of its 项 rows, 经济分类 301 of 301xx (`code_hierarchy`);
//!   the 合计 row of the top-level coded rows (`row_total`); the subtotals
//!   and balance of a 收支总表 (`summary_subtotal`, `summary_balance`);
//! - across tables: 收支总表 against 收入总表/支出总表, 一般公共预算支出表
//!   against its 基本支出表 (`cross_table_total`);
//! - from records: "三公"经费 (`three_public_total`, `three_public_vehicle`)
//!   and 绩效自评 forms (`execution_rate`, `budget_score`, `fund_total`,
//!   `score_over_weight`, `weights_total`, `scores_total`, `level1_weight`,
//!   `deviation_reason_missing`, `duplicate_indicator`);
//! - the standard tables a 预算/决算 volume lacks (`missing_table`, info).
//!
//! Arithmetic is decimal. The tolerance of an identity is half a unit in
//! the last printed place of every figure in it (the total and each
//! addend); a difference within it is reported as `info` ("四舍五入"), never
//! as an error. A blank cell counts as 0 where it stands among printed parts;
//! a row whose parts are all blank, a blank total, or a word among the parts
//! makes the identity silent. "其中" rows and columns are subsets, never
//! parts.
//!
//! # Example
//! ```
//! use yusuan_audit::{AuditOptions, audit};
//! use yusuan_model::{Document, Source, SourceFormat, ThreePublic};
//!
//! let mut doc = Document::new(Source {
//!     path: "a.pdf".into(), sha256: String::new(), format: SourceFormat::Pdf,
//!     pages: 1, producer: None,
//! });
//! let d = |s: &str| s.parse().ok();
//! doc.records.three_public.push(ThreePublic {
//!     table: "t1".into(), page: 1, column: "2023年预算数".into(), unit: Some("万元".into()),
//!     total: d("5.85"), overseas_travel: None, vehicle_total: d("4.27"),
//!     vehicle_purchase: None, vehicle_operation: d("4.27"), reception: d("1.48"),
//! });
//! let findings = audit(&doc, &AuditOptions::default());
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].rule, "three_public_total");
//! assert!(findings[0].message.contains("表中为 5.85，相差 0.10"));
//! ```
//!
//! # Limitations
//! - Only what layout and records found can be checked: a lost row shows as
//!   a failed sum, a table whose header rows were missed is not checked by
//!   columns.
//! - Column parts come from the header tree; siblings not recognized as
//!   parts of a total (an unknown measure column) turn a failure into a
//!   warning.
//! - Code agreement between tables (`cross_table_code`) is reserved: it is
//!   only checked between tables of one kind and fund scope.
//!
//! # Cargo features
//! None.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod check;
mod columns;
mod coverage;
mod cross;
mod figure;
mod render;
mod rows;
mod rules;
mod selfeval;
mod summary;
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
    for table in &doc.tables {
        if FORM_KINDS.contains(&table.kind) || table.header_rows == 0 {
            continue;
        }
        let view = view::View::new(table);
        columns::check_columns(&view, &mut sink);
        let summary_like = matches!(
            table.kind,
            TableKind::RevenueExpenditureSummary | TableKind::FiscalGrantSummary
        ) || table.title.as_deref().is_some_and(|t| t.contains("收支"));
        if summary_like {
            summary::check_summary(&view, &mut sink);
        } else {
            rows::check_rows(&view, &mut sink);
        }
    }
    cross::check_cross(doc, &mut sink);
    three_public::check_three_public(doc, &mut sink);
    selfeval::check_self_evaluation(doc, &mut sink);
    coverage::check_coverage(doc, &mut sink);
    let order = |f: &Finding| {
        let t = f
            .table
            .as_ref()
            .and_then(|id| doc.tables.iter().position(|t| &t.id == id))
            .unwrap_or(usize::MAX);
        (t, f.row.unwrap_or(usize::MAX))
    };
    let mut findings = sink.findings;
    findings.sort_by_key(order);
    findings
}
