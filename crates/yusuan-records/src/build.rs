//! The stage entry: classify every table, then read each kind's records.

use yusuan_model::{
    Diagnostic, DiagnosticKind, Loc, Meta, Records, Stage, Table, TableKind, TextLine,
};

use crate::{budget, fund, indicator, kind, meta, three_public};

/// Options of the records stage.
///
/// There is nothing to tune yet; the type exists so that the stage has the
/// same `fn(input, &Options)` shape as every other and can grow without
/// breaking callers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordsOptions {}

/// What the records stage produces for one document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RecordsOutput {
    /// Department, fiscal year and document type.
    pub meta: Meta,
    /// Indicators, 三公 columns, budget lines and funding blocks.
    pub records: Records,
    /// Doubts met on the way (a 三公 table without figures, an indicator
    /// table without a 三级指标 column...).
    pub diagnostics: Vec<Diagnostic>,
}

/// Sets each table's `kind` and reads the domain records and meta of a
/// document from its tables and the text lines outside them.
pub fn build_records(
    tables: &mut [Table],
    lines: &[TextLine],
    options: &RecordsOptions,
) -> RecordsOutput {
    let _ = options;
    let mut out = RecordsOutput::default();
    for table in tables.iter_mut() {
        if table.columns.len() != table.n_cols {
            out.diagnostics.push(warn(
                DiagnosticKind::Other,
                Loc::table(&table.id, table.pages.first().copied()),
                "the grid's meaning (columns, sides) was not resolved; codes and header paths are missing (yusuan_layout::resolve_table)".to_owned(),
            ));
        }
        table.kind = kind::classify_table(table);
    }
    // In order, so that a form running over three pages passes its kind on.
    for i in 1..tables.len() {
        let continued = match (tables.get(i - 1), tables.get(i)) {
            (Some(prev), Some(table)) => kind::continued_form_kind(prev, table),
            _ => None,
        };
        if let (Some(k), Some(t)) = (continued, tables.get_mut(i)) {
            t.kind = k;
        }
    }
    for table in tables.iter() {
        let diags = &mut out.diagnostics;
        match table.kind {
            TableKind::ProjectPerformanceTargets
            | TableKind::OverallPerformanceTargets
            | TableKind::SelfEvaluationOverall
            | TableKind::SelfEvaluationProject => {
                out.records
                    .indicators
                    .extend(indicator::read_indicators(table, diags));
                out.records.fund_summary.extend(fund::read_funds(table));
            }
            TableKind::ThreePublic => {
                out.records
                    .three_public
                    .extend(three_public::read_three_public(table, diags));
            }
            TableKind::BasicData => {
                out.records
                    .three_public
                    .extend(three_public::read_three_public(table, diags));
                out.records.fund_summary.extend(fund::read_funds(table));
            }
            TableKind::Other => {
                // A table whose title was lost can still hold coded rows or
                // an indicator grid; both readers need their header words.
                out.records
                    .indicators
                    .extend(indicator::read_indicators(table, &mut Vec::new()));
                out.records
                    .budget_lines
                    .extend(budget::read_budget_lines(table));
            }
            _ => {
                out.records
                    .budget_lines
                    .extend(budget::read_budget_lines(table));
            }
        }
    }
    out.meta = meta::read_meta(tables, lines, &mut out.diagnostics);
    out
}

/// A records-stage warning of `kind` at `loc`.
pub(crate) fn warn(kind: DiagnosticKind, loc: Loc, message: String) -> Diagnostic {
    Diagnostic::warning(Stage::Records, kind, loc, message)
}
