//! Facts: every numeric body cell of every table in tidy (long) form, named
//! by its row labels and column header path.

use yusuan_model::{ColumnRole, Document, Fact, QuantityKind, Table, TableKind};

use crate::grid::{View, key, unit_in};
use crate::value::{self, Context};

/// Label words of figures that are not money: a cell under or beside such a
/// label never inherits the table's "单位：万元" (the 基础数据表's 编制数 87
/// is 87 people, not 87 万元). Matched on `key` text, sorted.
const NOT_MONEY: &[&str] = &[
    "(㎡)",
    "(个)",
    "(人)",
    "(台)",
    "(辆)",
    "个数",
    "人数",
    "人次",
    "件数",
    "分值",
    "天数",
    "得分",
    "户数",
    "数量",
    "权重",
    "次数",
    "比例",
    "比重",
    "率",
    "编制",
    "规格",
    "规模",
    "车辆数",
    "面积",
];

/// The words of [`NOT_MONEY`] that also mark a row label: row labels are
/// names of spending lines, where "规划编制" or "效率" say nothing about the
/// unit, so only words that name a count are kept. Sorted.
const NOT_MONEY_ROW: &[&str] = &[
    "(㎡)",
    "(个)",
    "(人)",
    "(台)",
    "(辆)",
    "个数",
    "人数",
    "人次",
    "件数",
    "户数",
    "编制数",
    "车辆数",
];

/// Label words that name money in the column header of a form (绩效目标表,
/// 自评表, 基础数据表), where only the funding block is in the table unit.
/// Sorted.
const MONEY: &[&str] = &[
    "决算",
    "合计",
    "小计",
    "总计",
    "执行数",
    "投资",
    "拨款",
    "支出",
    "收入",
    "经费",
    "资金",
    "金额",
    "预算",
];

/// The name of the input file of a path, with either separator.
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_owned()
}

/// One numeric body cell per fact, tables in order, cells row-major.
///
/// Header rows and column-number rows ("栏次", "1 2 3") are skipped, as are
/// cells in code columns and cells that normalize to no money, count,
/// percentage or duration. `row_path` holds the code (类/款/项 joined) and
/// the text cells left of the cell; `col_path` the header labels above it
/// (for a form without header rows, the nearest label above).
pub fn collect_facts(doc: &Document) -> Vec<Fact> {
    let mut out = Vec::new();
    for table in &doc.tables {
        collect_table(doc, table, &mut out);
    }
    out
}

fn collect_table(doc: &Document, table: &Table, out: &mut Vec<Fact>) {
    let view = View::new(table);
    let header_rows = view.header_rows();
    let paths: Vec<Vec<String>> = (0..view.n_cols())
        .map(|c| view.header_path(c, header_rows))
        .collect();
    let code_cols: Vec<bool> = (0..view.n_cols())
        .map(|c| {
            table
                .columns
                .get(c)
                .is_some_and(|k| matches!(k.role, ColumnRole::Code | ColumnRole::Index))
        })
        .collect();
    let doc_name = file_name(&doc.source.path);
    let form = is_indicator_kind(table.kind);
    // Rows that layout took for header but that hold figures are form rows
    // (基础数据表: 编制数 over 87): their labels name nothing below them.
    let header_is_form = form
        && table
            .cells
            .iter()
            .any(|c| c.row < header_rows && is_printed_figure(&c.text));
    for cell in &table.cells {
        let (row, col) = (cell.row, cell.col);
        // Forms stack label rows and figure rows (基础数据表: 编制数 over 87),
        // so the rows layout counts as header can hold figures of their own.
        let in_header = row < header_rows;
        if (in_header && !(form && is_printed_figure(&cell.text)))
            || cell.text.trim().is_empty()
            || code_cols.get(col).copied().unwrap_or(false)
        {
            continue;
        }
        if view.is_column_number_row(row) {
            continue;
        }
        // A form (no header rows found by layout) names a figure by the
        // label printed above it (年初预算数), not by the form's first rows.
        let col_path = match paths.get(col) {
            Some(p) if !p.is_empty() && table.header_rows > 0 && !header_is_form => p.clone(),
            _ => label_above(&view, row, col),
        };
        let header = col_path.join("/");
        let row_path = row_path(&view, row, col, &code_cols);
        let unit = cell_unit(table, &row_path, &col_path);
        let q = value::quantity(
            &cell.text,
            Context {
                header: Some(header.as_str()),
                unit,
                unit_cell: None,
                op_cell: None,
            },
        );
        if !value::is_fact_kind(&q) {
            continue;
        }
        out.push(Fact {
            doc: doc_name.clone(),
            path: doc.source.path.clone(),
            table: table.id.clone(),
            kind: table.kind,
            page: cell.page,
            row,
            col,
            row_path,
            col_path,
            raw: cell.text.clone(),
            value: q.value,
            unit: q.unit.clone(),
            yuan: q.yuan,
        });
    }
}

/// The unit a bare figure in a cell inherits, from the labels that name it:
/// none when a label names a count, share or score (人数, 编制, 分值, 率…);
/// a unit a label states ("经费控制情况(万元)", "项目资金（万元）"); else the
/// table's unit — on forms only when the column header names money (年初预算数),
/// since their "单位：万元" is meant for the funding block.
fn cell_unit<'a>(table: &'a Table, row_path: &[String], col_path: &[String]) -> Option<&'a str> {
    let has = |path: &[String], words: &[&str]| {
        path.iter().any(|l| {
            let k = key(l);
            words.iter().any(|w| k.contains(w))
        })
    };
    let stated = |path: &[String]| path.iter().rev().find_map(|l| unit_in(l));
    if has(col_path, NOT_MONEY) {
        return None;
    }
    if let Some(u) = stated(col_path) {
        return Some(u);
    }
    if has(row_path, NOT_MONEY_ROW) {
        return None;
    }
    if let Some(u) = stated(row_path) {
        return Some(u);
    }
    // The innermost label only: outer header rows of a form often carry the
    // form's title ("部门整体支出年度绩效目标" over 备注, 长沙信访局).
    if is_indicator_kind(table.kind)
        && !has(
            col_path.last().map(std::slice::from_ref).unwrap_or(&[]),
            MONEY,
        )
    {
        return None;
    }
    table.unit.as_deref()
}

/// A plain figure or percentage ("87", "78.16%"), as opposed to a label
/// that merely contains digits ("2023年实际在职人数").
fn is_printed_figure(text: &str) -> bool {
    let t = text.trim();
    let t = t.strip_suffix(['%', '％']).unwrap_or(t);
    value::amount(t).is_some()
}

/// Whether a table holds indicators rather than money.
fn is_indicator_kind(kind: TableKind) -> bool {
    matches!(
        kind,
        TableKind::ProjectPerformanceTargets
            | TableKind::OverallPerformanceTargets
            | TableKind::SelfEvaluationOverall
            | TableKind::SelfEvaluationProject
            | TableKind::BasicData
    )
}

/// The code and the text cells left of (`row`, `col`), outermost first.
fn row_path(view: &View<'_>, row: usize, col: usize, code_cols: &[bool]) -> Vec<String> {
    let mut code = String::new();
    let mut labels = Vec::new();
    let mut last = None;
    for c in 0..col {
        let idx = view.cell_index(row, c);
        if idx.is_none() || idx == last || idx == view.cell_index(row, col) {
            continue;
        }
        last = idx;
        let t = view.text(row, c);
        if t.is_empty() {
            continue;
        }
        if code_cols.get(c).copied().unwrap_or(false) {
            if t.bytes().all(|b| b.is_ascii_digit()) {
                if t.len() > 2 && t.starts_with(code.as_str()) {
                    code = t;
                } else {
                    code.push_str(&t);
                }
            }
            continue;
        }
        if value::amount(&t).is_none() {
            labels.push(t);
        }
    }
    if !code.is_empty() {
        labels.insert(0, code);
    }
    labels
}

/// For forms without header rows: the nearest text label above the cell.
fn label_above(view: &View<'_>, row: usize, col: usize) -> Vec<String> {
    let here = view.cell_index(row, col);
    (0..row)
        .rev()
        .filter(|&r| view.cell_index(r, col) != here)
        .filter(|&r| !is_value_row(view, r))
        .map(|r| view.text(r, col))
        .find(|t| !t.is_empty() && !is_value_text(t))
        .into_iter()
        .collect()
}

/// Whether a row holds values (an indicator row with its 分值 and 得分, a
/// row of figures): its texts ("有安全感") are values too, never labels.
fn is_value_row(view: &View<'_>, row: usize) -> bool {
    (0..view.n_cols()).any(|c| view.is_origin(row, c) && is_value_text(&view.text(row, c)))
}

/// Whether a cell is a value rather than a label: a figure, or a quantity
/// with a comparison or unit ("≧60万人次", "65万人次", "98.93%") — the cells
/// above a form's 实际完成值 are other values, not its label.
fn is_value_text(t: &str) -> bool {
    if value::amount(t).is_some() {
        return true;
    }
    let q = value::quantity(t, Context::default());
    q.value.is_some()
        && matches!(
            q.kind,
            QuantityKind::Amount
                | QuantityKind::Count
                | QuantityKind::Percent
                | QuantityKind::Duration
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::{Table, TableKind};

    #[test]
    fn unit_word_tables_sorted() {
        for t in [NOT_MONEY, NOT_MONEY_ROW, MONEY] {
            assert!(t.windows(2).all(|w| matches!(w, [a, b] if a < b)), "{t:?}");
        }
    }

    #[test]
    fn counts_do_not_inherit_the_table_unit() {
        let t = |kind| Table {
            kind,
            unit: Some("万元".into()),
            ..Table::default()
        };
        let p = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let basic = t(TableKind::BasicData);
        assert_eq!(
            cell_unit(&basic, &p(&["财政供养人员情况"]), &p(&["编制数"])),
            None
        );
        assert_eq!(
            cell_unit(&basic, &p(&["三公经费"]), &p(&["2022年决算数"])),
            Some("万元")
        );
        assert_eq!(
            cell_unit(
                &basic,
                &p(&["项目资金（万元）", "年度资金总额"]),
                &p(&["分值"])
            ),
            None
        );
        assert_eq!(
            cell_unit(
                &basic,
                &p(&["项目资金（万元）", "年度资金总额"]),
                &p(&["实施单位"])
            ),
            Some("万元")
        );
        let sum = t(TableKind::ExpenditureSummary);
        assert_eq!(
            cell_unit(&sum, &p(&["2010601", "行政运行"]), &p(&["合计"])),
            Some("万元")
        );
        assert_eq!(cell_unit(&sum, &p(&["合计"]), &p(&["在职人数"])), None);
        assert_eq!(
            cell_unit(&sum, &p(&["人员经费"]), &p(&["金额(元)"])),
            Some("元")
        );
    }

    #[test]
    fn file_names() {
        assert_eq!(file_name("/a/b/c.pdf"), "c.pdf");
        assert_eq!(file_name("c:\\x\\y.docx"), "y.docx");
        assert_eq!(file_name("z.pdf"), "z.pdf");
    }
}
