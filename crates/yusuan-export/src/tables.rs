//! The record tables and their columns: the one definition the CSV and
//! Parquet writers, the tests and docs/schema.md follow.

use crate::column::ColumnSpec;
use crate::column::ColumnType::{Bool, Date, Decimal, Float, Int, IntList, Lines, Text, TextList};

/// One record table: one file per table in the output directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    /// One row per input: ok, failed or skipped.
    Documents,
    /// One row per logical table.
    Tables,
    /// One row per numeric body cell (the facts of `--format facts`).
    Facts,
    /// One row per "三公"经费 column of figures.
    ThreePublic,
    /// One row per 绩效指标.
    Indicators,
    /// One row per figure of a coded budget line (code × column, long).
    BudgetLines,
    /// One row per row of a form's funding block.
    FundSummary,
    /// One row per audit finding.
    Findings,
    /// One row per figure stated in the narrative text (`records.claims`).
    Claims,
}

impl RecordKind {
    /// Every record table, in output order.
    pub const ALL: [RecordKind; 9] = [
        RecordKind::Documents,
        RecordKind::Tables,
        RecordKind::Facts,
        RecordKind::ThreePublic,
        RecordKind::Indicators,
        RecordKind::BudgetLines,
        RecordKind::FundSummary,
        RecordKind::Findings,
        RecordKind::Claims,
    ];

    /// The table's name: its file stem ("three_public.parquet") and the
    /// name of the `records(kind=…)` argument of the Python package.
    pub fn name(&self) -> &'static str {
        match self {
            RecordKind::Documents => "documents",
            RecordKind::Tables => "tables",
            RecordKind::Facts => "facts",
            RecordKind::ThreePublic => "three_public",
            RecordKind::Indicators => "indicators",
            RecordKind::BudgetLines => "budget_lines",
            RecordKind::FundSummary => "fund_summary",
            RecordKind::Findings => "findings",
            RecordKind::Claims => "claims",
        }
    }

    /// The record table of a name ([`RecordKind::name`]).
    pub fn from_name(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The columns, in order: the provenance columns first (every table
    /// but `documents` starts with [`PROVENANCE`]), then where the row is,
    /// then what it says.
    pub fn columns(&self) -> &'static [ColumnSpec] {
        match self {
            RecordKind::Documents => DOCUMENTS,
            RecordKind::Tables => TABLES,
            RecordKind::Facts => FACTS,
            RecordKind::ThreePublic => THREE_PUBLIC,
            RecordKind::Indicators => INDICATORS,
            RecordKind::BudgetLines => BUDGET_LINES,
            RecordKind::FundSummary => FUND_SUMMARY,
            RecordKind::Findings => FINDINGS,
            RecordKind::Claims => CLAIMS,
        }
    }
}

const fn col(name: &'static str, ty: crate::column::ColumnType, doc: &'static str) -> ColumnSpec {
    ColumnSpec { name, ty, doc }
}

/// The columns every table but `documents` starts with: which document
/// the row comes from.
pub const PROVENANCE: [ColumnSpec; 5] = [
    col("document_sha256", Text, "hex sha256 of the input's bytes"),
    col("document_path", Text, "the input path as given"),
    col(
        "department",
        Text,
        "the document's department (meta.department)",
    ),
    col(
        "document_year",
        Int,
        "the document's fiscal year (meta.year)",
    ),
    col(
        "doc_type",
        Text,
        "budget, final_account, self_evaluation, performance_target or unknown",
    ),
];

/// The columns naming the table a row comes from.
const TABLE_COLUMNS: [ColumnSpec; 4] = [
    col(
        "table_id",
        Text,
        "the table's id in its document (t1, t2 …)",
    ),
    col("table_kind", Text, "the table's canonical kind"),
    col("table_title", Text, "the table's title as printed"),
    col("table_unit", Text, "the table's declared unit (元, 万元)"),
];

/// The box of a cell or row on its page.
const BBOX: [ColumnSpec; 4] = [
    col("bbox_x0", Float, "left edge, points from the page's left"),
    col("bbox_y0", Float, "top edge, points from the page's top"),
    col("bbox_x1", Float, "right edge, points"),
    col("bbox_y1", Float, "bottom edge, points"),
];

/// `a` then `b`, at compile time.
const fn concat<const A: usize, const B: usize, const N: usize>(
    a: [ColumnSpec; A],
    b: [ColumnSpec; B],
) -> [ColumnSpec; N] {
    let mut out = [col("", Text, ""); N];
    let mut i = 0;
    while i < A {
        out[i] = a[i];
        i += 1;
    }
    while i < N {
        out[i] = b[i - A];
        i += 1;
    }
    out
}

const DOCUMENTS: &[ColumnSpec] = &[
    col(
        "document_sha256",
        Text,
        "hex sha256 of the input's bytes; null when they could not be read",
    ),
    col("document_path", Text, "the input path as given"),
    col(
        "status",
        Text,
        "ok, failed or skipped (found in a directory, neither PDF, Word nor a workbook)",
    ),
    col(
        "error_stage",
        Text,
        "failed: the stage that failed (input, pdf, docx, sheet, layout, records, audit, emit)",
    ),
    col("error_message", Text, "failed: why"),
    col("format", Text, "pdf, docx, xlsx, xls or ods"),
    col("pages", Int, "page count (0 for Word and workbooks)"),
    col("producer", Text, "the producing application, as stated"),
    col("department", Text, "meta.department"),
    col(
        "document_year",
        Int,
        "meta.year: the fiscal year the figures are for",
    ),
    col("doc_type", Text, "meta.doc_type"),
    col("n_tables", Int, "tables found"),
    col("n_findings", Int, "audit findings"),
    col(
        "schema_version",
        Text,
        "the JSON schema version of the Document",
    ),
    col(
        "warnings",
        Lines,
        "the Document's warnings, and the exporter's",
    ),
];

const TABLES_TAIL: [ColumnSpec; 10] = [
    col("table_id", Text, "t1, t2 … in document order"),
    col(
        "table_kind",
        Text,
        "canonical kind (three_public, revenue_summary …)",
    ),
    col("table_title", Text, "title as printed"),
    col("table_unit", Text, "declared unit (元, 万元)"),
    col("pages", IntList, "pages the table is printed on"),
    col("first_page", Int, "its first page"),
    col("n_rows", Int, "grid rows"),
    col("n_cols", Int, "grid columns"),
    col("header_rows", Int, "header rows at the top of the grid"),
    col("grid_method", Text, "ruled, unruled or native"),
];
const TABLES_ARR: [ColumnSpec; 16] = concat(
    PROVENANCE,
    concat::<10, 1, 11>(
        TABLES_TAIL,
        [col(
            "heading",
            Lines,
            "other lines of the heading area (编制部门, 单位)",
        )],
    ),
);
const TABLES: &[ColumnSpec] = &TABLES_ARR;

const FACTS_TAIL: [ColumnSpec; 8] = [
    col("page", Int, "page of the cell"),
    col("row_index", Int, "row in the table, from 0"),
    col("col_index", Int, "column in the table, from 0"),
    col(
        "row_path",
        TextList,
        "code and row labels naming the cell, outermost first, within the cell's column block",
    ),
    col(
        "col_path",
        TextList,
        "header labels above the cell, outermost first",
    ),
    col("raw", Text, "the cell's text as printed"),
    col("figure", Decimal, "the number in unit"),
    col("unit", Text, "unit of figure (万元, 元, %, 人 …)"),
];
const FACTS_ARR: [ColumnSpec; 22] = concat(
    concat::<5, 4, 9>(PROVENANCE, TABLE_COLUMNS),
    concat::<8, 5, 13>(
        FACTS_TAIL,
        concat::<1, 4, 5>([col("yuan", Decimal, "money only: the amount in 元")], BBOX),
    ),
);
const FACTS: &[ColumnSpec] = &FACTS_ARR;

const THREE_PUBLIC_TAIL: [ColumnSpec; 17] = [
    col("page", Int, "page of the figures"),
    col(
        "column_label",
        Text,
        "the labels naming the column of figures, joined with /",
    ),
    col(
        "fiscal_year",
        Int,
        "the year the figures are for (from the column, the title, the document)",
    ),
    col("basis", Text, "budget, final_account or change"),
    col("unit", Text, "unit of the printed figures"),
    col("total", Decimal, "合计, in unit"),
    col("total_yuan", Decimal, "合计, in 元"),
    col("overseas_travel", Decimal, "因公出国（境）费, in unit"),
    col("overseas_travel_yuan", Decimal, "因公出国（境）费, in 元"),
    col("vehicle_total", Decimal, "公务用车购置及运行费, in unit"),
    col("vehicle_total_yuan", Decimal, "公务用车购置及运行费, in 元"),
    col("vehicle_purchase", Decimal, "公务用车购置费, in unit"),
    col("vehicle_purchase_yuan", Decimal, "公务用车购置费, in 元"),
    col(
        "vehicle_operation",
        Decimal,
        "公务用车运行(维护)费, in unit",
    ),
    col(
        "vehicle_operation_yuan",
        Decimal,
        "公务用车运行(维护)费, in 元",
    ),
    col("reception", Decimal, "公务接待费, in unit"),
    col("reception_yuan", Decimal, "公务接待费, in 元"),
];
const THREE_PUBLIC_ARR: [ColumnSpec; 26] = concat(
    concat::<5, 4, 9>(PROVENANCE, TABLE_COLUMNS),
    THREE_PUBLIC_TAIL,
);
const THREE_PUBLIC: &[ColumnSpec] = &THREE_PUBLIC_ARR;

/// The columns of one normalized value (target or actual), `prefix_*`.
macro_rules! quantity_columns {
    ($p:literal, $what:literal) => {
        [
            col(concat!($p, "_raw"), Text, concat!($what, " as printed")),
            col(
                concat!($p, "_kind"),
                Text,
                concat!(
                    $what,
                    ": amount, count, percent, date, duration, bool or text"
                ),
            ),
            col(
                concat!($p, "_op"),
                Text,
                concat!($what, ": >=, <=, >, <, = or range"),
            ),
            col(
                concat!($p, "_figure"),
                Decimal,
                concat!($what, ": the number in its unit (the lower end of a range)"),
            ),
            col(
                concat!($p, "_max"),
                Decimal,
                concat!($what, ": the upper end of a range"),
            ),
            col(concat!($p, "_unit"), Text, concat!($what, ": unit")),
            col(
                concat!($p, "_yuan"),
                Decimal,
                concat!($what, ": money only, in 元"),
            ),
            col(
                concat!($p, "_date"),
                Date,
                concat!($what, ": a date (the first day of a span)"),
            ),
            col(
                concat!($p, "_date_max"),
                Date,
                concat!($what, ": the last day of a span or range of dates"),
            ),
            col(
                concat!($p, "_per"),
                Text,
                concat!($what, ": the period of a frequency (年, 月)"),
            ),
        ]
    };
}

const INDICATORS_HEAD: [ColumnSpec; 8] = [
    col("page", Int, "page of the row"),
    col("row_index", Int, "row in the table, from 0"),
    col(
        "project",
        Text,
        "the 项目名称 the indicator is listed under; null on department-wide forms",
    ),
    col("level1", Text, "一级指标"),
    col(
        "level1_weight",
        Decimal,
        "weight stated in the level-1 label",
    ),
    col("level2", Text, "二级指标"),
    col("indicator_name", Text, "三级指标"),
    col("weight", Decimal, "分值 / 权重"),
];
const INDICATORS_TAIL: [ColumnSpec; 2] = [
    col("score", Decimal, "得分"),
    col("deviation_reason", Text, "偏差原因分析及改进措施"),
];
const INDICATORS_ARR: [ColumnSpec; 43] = concat(
    concat::<9, 8, 17>(
        concat::<5, 4, 9>(PROVENANCE, TABLE_COLUMNS),
        INDICATORS_HEAD,
    ),
    concat::<20, 6, 26>(
        concat::<10, 10, 20>(
            quantity_columns!("target", "指标值 (target)"),
            quantity_columns!("actual", "实际完成值 (actual)"),
        ),
        concat::<2, 4, 6>(INDICATORS_TAIL, BBOX),
    ),
);
const INDICATORS: &[ColumnSpec] = &INDICATORS_ARR;

const BUDGET_LINES_TAIL: [ColumnSpec; 11] = [
    col("page", Int, "page of the row"),
    col("row_index", Int, "row in the table, from 0"),
    col(
        "code",
        Text,
        "功能/经济分类 code, 类/款/项 joined (2010301)",
    ),
    col(
        "code_level",
        Int,
        "1 for a 类 (3 digits), 2 for a 款 (5), 3 for a 项 (7)",
    ),
    col("line_name", Text, "the name printed with the code"),
    col(
        "column_path",
        TextList,
        "header labels of the figure's column, outermost first",
    ),
    col("column_label", Text, "column_path joined with /"),
    col(
        "col_index",
        Int,
        "column of the figure, when the header path names one column of the row",
    ),
    col(
        "figure",
        Decimal,
        "the figure in unit; null for a printed dash",
    ),
    col("unit", Text, "the figure's unit"),
    col("yuan", Decimal, "the figure in 元"),
];
const BUDGET_LINES_ARR: [ColumnSpec; 24] = concat(
    concat::<5, 4, 9>(PROVENANCE, TABLE_COLUMNS),
    concat::<11, 4, 15>(BUDGET_LINES_TAIL, BBOX),
);
const BUDGET_LINES: &[ColumnSpec] = &BUDGET_LINES_ARR;

const FUND_SUMMARY_TAIL: [ColumnSpec; 13] = [
    col("page", Int, "page of the row"),
    col("row_index", Int, "row in the table, from 0"),
    col(
        "row_label",
        Text,
        "年度资金总额, 其中：财政拨款, 其他资金 …",
    ),
    col("unit", Text, "unit of the money figures"),
    col("initial_budget", Decimal, "年初预算数, in unit"),
    col("initial_budget_yuan", Decimal, "年初预算数, in 元"),
    col("full_year_budget", Decimal, "全年预算数, in unit"),
    col("full_year_budget_yuan", Decimal, "全年预算数, in 元"),
    col("executed", Decimal, "全年执行数, in unit"),
    col("executed_yuan", Decimal, "全年执行数, in 元"),
    col("execution_rate", Decimal, "执行率, in percent"),
    col("weight", Decimal, "分值"),
    col("score", Decimal, "得分"),
];
const FUND_SUMMARY_ARR: [ColumnSpec; 22] = concat(
    concat::<5, 4, 9>(PROVENANCE, TABLE_COLUMNS),
    FUND_SUMMARY_TAIL,
);
const FUND_SUMMARY: &[ColumnSpec] = &FUND_SUMMARY_ARR;

const FINDINGS_TAIL: [ColumnSpec; 12] = [
    col("page", Int, "page to cite"),
    col("row_index", Int, "row in the table, from 0"),
    col(
        "col_index",
        Int,
        "column, when the finding is about one cell",
    ),
    col("row_label", Text, "row label as printed"),
    col(
        "column_label",
        Text,
        "the column's header path joined with /",
    ),
    col(
        "rule_id",
        Text,
        "stable English rule id (three_public_total …)",
    ),
    col("severity", Text, "error, warning or info"),
    col("message", Text, "Chinese message stating both figures"),
    col("expected", Decimal, "the figure the identity requires"),
    col("actual", Decimal, "the figure printed"),
    col("unit", Text, "unit of expected and actual"),
    col(
        "within_rounding",
        Bool,
        "the difference is within what rounding the printed figures explains",
    ),
];
const FINDINGS_ARR: [ColumnSpec; 25] = concat(
    concat::<5, 4, 9>(PROVENANCE, TABLE_COLUMNS),
    concat::<12, 4, 16>(FINDINGS_TAIL, BBOX),
);
const FINDINGS: &[ColumnSpec] = &FINDINGS_ARR;

/// What a claim states (the model's `Claim`), flattened: each stated
/// quantity as its figure, unit and 元.
const CLAIMS_TAIL: [ColumnSpec; 29] = [
    col(
        "claim_id",
        Text,
        "the claim's id in its document (c1, c2 …)",
    ),
    col(
        "paragraph_id",
        Text,
        "the paragraph of Document.text it is in",
    ),
    col("sentence", Int, "sentence of the paragraph, from 0"),
    col("page", Int, "page the sentence is printed on"),
    col("sentence_text", Text, "the sentence as printed"),
    col("subject", Text, "what the figure is of, as printed"),
    col(
        "subject_id",
        Text,
        "the subject's canonical id (data/claim_subjects.txt)",
    ),
    col(
        "code",
        Text,
        "the classification code named in the sentence",
    ),
    col("fiscal_year", Int, "the year the figure is for"),
    col(
        "basis",
        Text,
        "budget, initial_budget, adjusted_budget or final_account",
    ),
    col("value_raw", Text, "the figure as printed"),
    col("value_figure", Decimal, "the figure in value_unit"),
    col("value_unit", Text, "its unit (万元, 元, %)"),
    col("value_yuan", Decimal, "money only: the figure in 元"),
    col(
        "base_figure",
        Decimal,
        "the figure compared with, in base_unit",
    ),
    col("base_unit", Text, "its unit"),
    col("base_yuan", Decimal, "money only: the base in 元"),
    col("base_year", Int, "the year of the base"),
    col("base_basis", Text, "the basis of the base"),
    col("change_figure", Decimal, "the change stated, without sign"),
    col("change_unit", Text, "its unit"),
    col("change_yuan", Decimal, "money only: the change in 元"),
    col(
        "change_percent",
        Decimal,
        "the change in percent, without sign",
    ),
    col(
        "direction",
        Text,
        "the comparison word as printed (增加, 下降 …)",
    ),
    col("trend", Text, "increase, decrease or flat"),
    col("share_percent", Decimal, "the share stated, in percent"),
    col("share_of", Text, "the whole the share is of, as printed"),
    col(
        "completion_rate",
        Decimal,
        "the completion rate stated, in percent",
    ),
    col("reason", Text, "the reason given (主要原因是…)"),
];
/// The table figure a claim names (`Claim.link`).
const CLAIM_LINK: [ColumnSpec; 9] = [
    col(
        "link_table_id",
        Text,
        "the table of the figure the claim names",
    ),
    col("link_row_index", Int, "its row, from 0"),
    col("link_col_index", Int, "its column, from 0"),
    col("link_page", Int, "the page it is printed on"),
    col(
        "link_label",
        Text,
        "row label and column header joined with /",
    ),
    col("link_raw", Text, "the cell as printed"),
    col("link_figure", Decimal, "the figure in link_unit"),
    col("link_unit", Text, "the table's unit"),
    col("link_yuan", Decimal, "the figure in 元"),
];
const CLAIMS_ARR: [ColumnSpec; 47] = concat(
    concat::<5, 29, 34>(PROVENANCE, CLAIMS_TAIL),
    concat::<9, 4, 13>(CLAIM_LINK, BBOX),
);
const CLAIMS: &[ColumnSpec] = &CLAIMS_ARR;

#[cfg(test)]
mod tests {
    use super::*;

    /// DuckDB's keywords (scripts/sql-keywords.py), sorted.
    const SQL_KEYWORDS: &str = include_str!("../data/sql_keywords.txt");

    #[test]
    fn keyword_list_is_sorted_and_unique() {
        let words: Vec<&str> = SQL_KEYWORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect();
        assert!(words.len() > 400);
        assert!(words.windows(2).all(|w| matches!(w, [a, b] if a < b)));
    }

    #[test]
    fn column_names_are_snake_case_unique_and_never_keywords() {
        let keywords: Vec<&str> = SQL_KEYWORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect();
        for kind in RecordKind::ALL {
            let cols = kind.columns();
            for (i, c) in cols.iter().enumerate() {
                assert!(
                    !c.name.is_empty()
                        && c.name
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                        && !c.name.starts_with(|ch: char| ch.is_ascii_digit()),
                    "{}.{} is not snake_case",
                    kind.name(),
                    c.name
                );
                assert!(
                    keywords.binary_search(&c.name).is_err(),
                    "{}.{} is an SQL keyword",
                    kind.name(),
                    c.name
                );
                assert!(!c.doc.is_empty(), "{}.{} has no doc", kind.name(), c.name);
                assert!(
                    cols.iter().skip(i + 1).all(|d| d.name != c.name),
                    "{}.{} twice",
                    kind.name(),
                    c.name
                );
            }
            if kind != RecordKind::Documents {
                assert_eq!(cols.get(..5), Some(&PROVENANCE[..]), "{}", kind.name());
            }
            assert_eq!(RecordKind::from_name(kind.name()), Some(kind));
        }
    }
}
