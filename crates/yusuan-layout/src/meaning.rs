//! The grid's meaning, decided once for every later stage.
//!
//! After a logical table is joined, this module reads what its rows and
//! columns are and writes it into the table ([`Table::header_rows`],
//! [`Table::columns`], [`Table::sides`], [`Table::figure_block`]):
//!
//! - **Header rows**: layout's count by content ([`crate::header`]),
//!   extended down to the first row of figures when a header is deeper
//!   than its cells' spans show (重庆 prints a three-row 三公 header), or the
//!   rows of a header-only table (a blank 决算 table).
//! - **Column-number rows** ("栏次", "1 2 3 …") anywhere in the grid.
//! - **Columns**: label, code, index (序号), figure, note or text, from the
//!   header words and the body; the header path; the money unit a header
//!   states; whether the column is a total (合计/小计/总计) and, for an
//!   of-which column (其中：…), the column it is part of.
//! - **Sides**: the blocks of a table each with its own label (and code)
//!   columns — 收入 | 支出 of a 收支总表, the 人员经费 | 公用经费 blocks of a
//!   决算 economic table — and per side and row its role (total, subtotal,
//!   of-which, repeated row, note) and its 功能/经济分类 code.
//! - **Figure block** of a label/value form (the 资金 row of a 绩效目标表
//!   under its 合计/基本支出/项目支出 header).
//!
//! Records and audit read these fields; they never look for headers,
//! totals or codes in the raw cells themselves.

use yusuan_model::{
    Column, ColumnRole, FigureBlock, Grid, HeaderNode, Row, RowRole, Side, Table, header_tree_of,
    is_block_total_label, is_total_label, squash_label,
};
use yusuan_normalize::{Printed, declared_money_unit, read_printed};

use std::collections::BTreeMap;

use crate::codes::{self, CodeGroup};
use crate::header;

/// A form's figure block is looked for this far down (the funds block opens
/// the form).
const MAX_BLOCK_ROWS: usize = 8;

/// Leaf header labels that mark a label column (whole label), sorted.
const LABEL_EXACT: &[&str] = &["功能分类", "单位", "名称", "经济分类", "部门", "项目"];

/// Header label parts that mark a label column, sorted.
const LABEL_PARTS: &[&str] = &["单位名称", "名称", "指标", "科目", "预算单位"];

/// Leaf header labels of code columns (whole label), sorted.
const CODE_EXACT: &[&str] = &["款", "类", "项"];

/// Header label parts of code columns anywhere in the path, sorted.
const CODE_PARTS: &[&str] = &["代码", "编码"];

/// Header label parts of index columns (序号, 行次, 栏次), sorted.
const INDEX_PARTS: &[&str] = &["序号", "栏次", "编号", "行次"];

/// Header label parts of note columns, sorted.
const NOTE_PARTS: &[&str] = &["备注", "说明"];

/// Row labels of grand-total rows (whole label, whitespace removed), sorted.
const GRAND_TOTAL_LABELS: &[&str] = &["合计", "合计数", "总计"];

/// Reads the grid's meaning of a table and stores it in the table: header
/// rows, column roles and paths, sides with the role and code of each row,
/// a form's figure block.
///
/// [`reconstruct`](crate::reconstruct) does this for every table it finds;
/// call it on a table built by hand (tests, other readers) before handing
/// it to records or audit. `header_rows` on entry is the count found by
/// content (0 for a label/value form); it may grow.
pub fn resolve_table(table: &mut Table) {
    resolve(table);
}

/// [`resolve_table`].
pub(crate) fn resolve(table: &mut Table) {
    // Layout's own count is 0 for a label/value form (绩效目标表): only such
    // a grid has a figure block instead of a header.
    let form = table.header_rows == 0;
    let (header_rows, columns, sides, block) = {
        let cells = CellGrid::new(table);
        let column_numbers: Vec<bool> = (0..table.n_rows)
            .map(|r| cells.is_column_number_row(r))
            .collect();
        // A form keeps no header rows: its labels sit beside their values.
        let header_rows = if form {
            0
        } else {
            final_header_rows(table.header_rows, &cells, &column_numbers)
        };
        let mut columns = read_columns(&cells, header_rows, &column_numbers);
        let groups = codes::code_groups(&cells, header_rows, &columns);
        for g in &groups {
            for &c in g.cols.iter().chain(&g.parallel) {
                if let Some(col) = columns.get_mut(c) {
                    col.role = ColumnRole::Code;
                }
            }
        }
        let sides = read_sides(&cells, header_rows, &columns, &groups, &column_numbers);
        // A form has a figure block: layout found no header (label/value
        // rows), or its first figure row stands alone, followed by rows of
        // words (a 绩效目标申报表 whose 资金 block heads the indicator rows).
        let block = figure_block(&cells, &column_numbers).filter(|b| {
            form || {
                let next = b.row.saturating_add(1);
                next >= table.n_rows || !(0..table.n_cols).any(|c| cells.is_figure(next, c))
            }
        });
        (header_rows, columns, sides, block)
    };
    table.header_rows = header_rows;
    table.columns = columns;
    table.sides = sides;
    table.figure_block = block;
}

/// Roles of the header and column-number rows; every other row an item.
fn base_rows(n_rows: usize, header_rows: usize, column_numbers: &[bool]) -> Vec<Row> {
    (0..n_rows)
        .map(|r| Row {
            role: if column_numbers.get(r).copied().unwrap_or(false) {
                RowRole::ColumnNumbers
            } else if r < header_rows {
                RowRole::Header
            } else {
                RowRole::Item
            },
            ..Row::default()
        })
        .collect()
}

/// The table's grid ([`Grid`]) with what the grid's meaning asks of a cell.
pub(crate) struct CellGrid<'a> {
    grid: Grid<'a>,
}

impl<'a> std::ops::Deref for CellGrid<'a> {
    type Target = Grid<'a>;

    fn deref(&self) -> &Grid<'a> {
        &self.grid
    }
}

impl<'a> CellGrid<'a> {
    pub(crate) fn new(table: &'a Table) -> Self {
        CellGrid {
            grid: Grid::new(table),
        }
    }

    /// What the cell whose top-left is (row, col) holds; a covered
    /// position is blank.
    pub(crate) fn printed(&self, row: usize, col: usize) -> Printed {
        if self.is_origin(row, col) {
            read_printed(self.raw(row, col))
        } else {
            Printed::Blank
        }
    }

    /// Whether the cell at (row, col) prints an amount.
    fn is_figure(&self, row: usize, col: usize) -> bool {
        matches!(self.printed(row, col), Printed::Figure(_))
    }

    /// Whether a row is a column-number row (see
    /// [`header::is_column_number_row`]).
    fn is_column_number_row(&self, row: usize) -> bool {
        let mut texts: Vec<String> = Vec::new();
        let mut seen = None;
        for col in 0..self.n_cols() {
            let idx = self.index(row, col);
            if idx.is_none() || idx == seen {
                continue;
            }
            seen = idx;
            texts.push(self.text(row, col));
        }
        header::is_column_number_row(texts.iter().map(String::as_str))
    }
}

/// The header count every later stage uses (see
/// [`header::extend_header_rows`]).
fn final_header_rows(declared: usize, cells: &CellGrid<'_>, column_numbers: &[bool]) -> usize {
    header::extend_header_rows(
        declared,
        cells.n_rows(),
        |r| column_numbers.get(r).copied().unwrap_or(false),
        |r| (1..cells.n_cols()).any(|c| cells.is_figure(r, c)),
    )
}

/// Columns: role, header path, unit, total flag and of-which parent.
fn read_columns(cells: &CellGrid<'_>, header_rows: usize, column_numbers: &[bool]) -> Vec<Column> {
    let is_cn = |r: usize| column_numbers.get(r).copied().unwrap_or(false);
    let nodes = header_tree_of(&cells.table().cells, 0, header_rows, is_cn);
    let paths: Vec<Vec<String>> = (0..cells.n_cols())
        .map(|c| {
            let mut p: Vec<(usize, String)> = nodes
                .iter()
                .filter(|n| n.col <= c && c < n.col_end)
                .map(|n| (n.row, n.label.clone()))
                .collect();
            p.sort();
            p.dedup();
            p.into_iter().map(|(_, l)| l).collect()
        })
        .collect();
    let body: Vec<usize> = (header_rows..cells.n_rows())
        .filter(|&r| !is_cn(r))
        .collect();
    let mut columns: Vec<Column> = paths
        .iter()
        .enumerate()
        .map(|(c, path)| {
            let leaf = path.last().map(String::as_str).unwrap_or("");
            let (mut figures, mut text) = (0usize, false);
            for &r in &body {
                match cells.printed(r, c) {
                    Printed::Figure(_) => figures += 1,
                    Printed::Text => text = true,
                    Printed::Blank => {}
                }
            }
            let says_code = CODE_EXACT.contains(&leaf)
                || path
                    .iter()
                    .any(|l| CODE_PARTS.iter().any(|w| l.contains(w)));
            let role = if INDEX_PARTS.iter().any(|w| leaf.contains(w)) {
                ColumnRole::Index
            } else if says_code {
                ColumnRole::Code
            } else if NOTE_PARTS.iter().any(|w| leaf.contains(w)) {
                ColumnRole::Note
            } else if LABEL_EXACT.contains(&leaf) || LABEL_PARTS.iter().any(|w| leaf.contains(w)) {
                ColumnRole::Label
            } else if figures > 0 && !text {
                ColumnRole::Figure
            } else if text {
                ColumnRole::Text
            } else {
                ColumnRole::Blank
            };
            Column {
                role,
                unit: path
                    .iter()
                    .rev()
                    .find_map(|l| declared_money_unit(l))
                    .map(str::to_owned),
                total: is_total_label(leaf),
                part_of: None,
                path: path.clone(),
            }
        })
        .collect();
    mark_of_which_columns(&nodes, &mut columns);
    columns
}

/// Whether a label opens an of-which part ("其中：经营支出", "其中").
fn is_of_which(label: &str) -> bool {
    squash_label(label).starts_with("其中")
}

/// An of-which column is part of the column before it under the same
/// parent header: "事业支出 | 其中：经营支出" (one header row), or every
/// column under a "其中" header cell (两 rows: 小计 | 其中 over 人员经费,
/// 公用经费). The part points at the nearest figure column to the left
/// that is not itself of-which.
fn mark_of_which_columns(nodes: &[HeaderNode], columns: &mut [Column]) {
    for node in nodes.iter().filter(|n| is_of_which(&n.label)) {
        // The sibling just left of the of-which node under the same parent.
        let left = nodes
            .iter()
            .filter(|m| {
                m.parent == node.parent
                    && m.row == node.row
                    && m.col_end <= node.col
                    && !is_of_which(&m.label)
            })
            .max_by_key(|m| m.col_end);
        let Some(left) = left else { continue };
        // The figure the part belongs to: the sibling's own column, or its
        // total sub-column (小计), else its last column.
        let parent_col = (left.col..left.col_end)
            .find(|&c| {
                columns
                    .get(c)
                    .is_some_and(|k| k.total && k.role == ColumnRole::Figure)
            })
            .or_else(|| {
                (left.col..left.col_end)
                    .rev()
                    .find(|&c| columns.get(c).is_some_and(|k| k.role == ColumnRole::Figure))
            });
        let Some(parent_col) = parent_col else {
            continue;
        };
        for c in node.col..node.col_end {
            if let Some(col) = columns.get_mut(c) {
                col.part_of = Some(parent_col);
                col.total = false;
            }
        }
    }
}

/// The sides of the table and the role and code of each row on each.
fn read_sides(
    cells: &CellGrid<'_>,
    header_rows: usize,
    columns: &[Column],
    groups: &[CodeGroup],
    column_numbers: &[bool],
) -> Vec<Side> {
    let (n_rows, n_cols) = (cells.n_rows(), cells.n_cols());
    let key_cols: Vec<usize> = (0..n_cols)
        .filter(|&c| {
            columns.get(c).is_some_and(|k| {
                matches!(
                    k.role,
                    ColumnRole::Label | ColumnRole::Code | ColumnRole::Text
                )
            })
        })
        .collect();
    // Starts of sides: each code group headed like the first, else each
    // text label column that is followed by figure columns of its own.
    let mut starts: Vec<(usize, Option<&CodeGroup>)> = groups
        .iter()
        .map(|g| (g.cols.first().copied().unwrap_or(0), Some(g)))
        .collect();
    if starts.is_empty() {
        let text_labels: Vec<usize> = key_cols
            .iter()
            .copied()
            .filter(|&c| (header_rows..n_rows).any(|r| cells.printed(r, c) == Printed::Text))
            .collect();
        for (i, &start) in text_labels.iter().enumerate() {
            let end = text_labels.get(i + 1).copied().unwrap_or(n_cols);
            let has_figures =
                (start..end).any(|c| columns.get(c).is_some_and(|k| k.role == ColumnRole::Figure));
            if has_figures {
                starts.push((start, None));
            }
        }
    }
    if starts.is_empty() {
        starts.push((0, None));
    }
    let mut sides = Vec::new();
    let n_sides = starts.len();
    for (i, &(start, group)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(n_cols, |s| s.0);
        // The first side reaches back to column 0 (a 单位名称 before the
        // codes belongs to it).
        let start = if i == 0 { 0 } else { start };
        let label_col = match group {
            Some(g) => g.name_col,
            None => key_cols
                .iter()
                .copied()
                .filter(|&c| c >= start && c < end)
                .find(|&c| columns.get(c).is_some_and(|k| k.role != ColumnRole::Code)),
        };
        let mut rows = base_rows(n_rows, header_rows, column_numbers);
        if let Some(g) = group {
            for (r, code) in codes::row_codes(cells, header_rows, g) {
                if let Some(row) = rows.get_mut(r) {
                    row.code = Some(code);
                }
            }
        }
        assign_roles(
            cells,
            header_rows,
            start..end,
            label_col,
            &key_cols,
            &mut rows,
        );
        mark_repeats(cells, start..end, &mut rows);
        sides.push(Side {
            start,
            end,
            label_col,
            rows,
        });
        if n_sides == 1 {
            break;
        }
    }
    sides
}

/// The label of a row within a side: its label column's text, else the
/// first key column of the side with text that is not a bare number.
fn side_label(
    cells: &CellGrid<'_>,
    row: usize,
    cols: std::ops::Range<usize>,
    label_col: Option<usize>,
    key_cols: &[usize],
) -> String {
    if let Some(c) = label_col {
        let t = cells.text(row, c);
        if !t.is_empty() {
            return t;
        }
    }
    key_cols
        .iter()
        .copied()
        .filter(|c| cols.contains(c))
        .map(|c| cells.text(row, c))
        .find(|t| !t.is_empty() && !t.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_default()
}

/// Total, subtotal, of-which and note rows of one side, from its labels.
fn assign_roles(
    cells: &CellGrid<'_>,
    header_rows: usize,
    cols: std::ops::Range<usize>,
    label_col: Option<usize>,
    key_cols: &[usize],
    rows: &mut [Row],
) {
    let mut last_item: Option<usize> = None;
    for r in header_rows..cells.n_rows() {
        let Some(row) = rows.get(r) else { break };
        if row.role != RowRole::Item {
            continue;
        }
        let label = side_label(cells, r, cols.clone(), label_col, key_cols);
        let anything = cols.clone().any(|c| !cells.raw(r, c).trim().is_empty());
        let (role, part_of) = if !anything {
            (RowRole::Blank, None)
        } else if is_note(&label) && spans_side(cells, r, &cols) {
            (RowRole::Note, None)
        } else if is_of_which(&label) {
            (RowRole::OfWhich, last_item)
        } else if GRAND_TOTAL_LABELS.contains(&label.as_str()) || label.ends_with("总计") {
            (RowRole::GrandTotal, None)
        } else if is_total_label(&label) {
            (
                if label.ends_with("小计") {
                    RowRole::Subtotal
                } else {
                    RowRole::Total
                },
                None,
            )
        } else {
            (RowRole::Item, None)
        };
        if matches!(role, RowRole::Item | RowRole::Subtotal | RowRole::Total) {
            last_item = Some(r);
        }
        if let Some(row) = rows.get_mut(r) {
            row.role = role;
            row.part_of = part_of;
        }
    }
}

/// Whether a label is a note ("注：", "说明：", "备注：").
fn is_note(label: &str) -> bool {
    ["注:", "注：", "说明:", "说明：", "备注:", "备注："]
        .iter()
        .any(|p| label.starts_with(p))
}

/// Whether row `r` is one cell across the side.
fn spans_side(cells: &CellGrid<'_>, r: usize, cols: &std::ops::Range<usize>) -> bool {
    let first = cells.index(r, cols.start);
    first.is_some() && cols.clone().all(|c| cells.index(r, c) == first)
}

/// A coded row printed again with the same texts on the side (a row
/// repeated at the top of the next page, or a block printed twice) is a
/// repeat of the first one.
fn mark_repeats(cells: &CellGrid<'_>, cols: std::ops::Range<usize>, rows: &mut [Row]) {
    let mut seen: BTreeMap<(String, Vec<String>), usize> = BTreeMap::new();
    for r in 0..rows.len() {
        let Some(code) = rows.get(r).and_then(|row| row.code.clone()) else {
            continue;
        };
        let texts: Vec<String> = cols.clone().map(|c| cells.text(r, c)).collect();
        match seen.get(&(code.clone(), texts.clone())) {
            Some(&first) => {
                if let Some(row) = rows.get_mut(r) {
                    row.role = RowRole::Repeat;
                    row.part_of = Some(first);
                }
            }
            None => {
                seen.insert((code, texts), r);
            }
        }
    }
}

/// The figure block opening a label/value form: the first row (below row
/// 0, within the first rows) with at least two figures, each under a
/// header cell above it, one of them naming a total (合计/小计/总计/…总额).
fn figure_block(cells: &CellGrid<'_>, column_numbers: &[bool]) -> Option<FigureBlock> {
    let table = cells.table();
    let row = (1..table.n_rows.min(MAX_BLOCK_ROWS)).find(|&r| {
        if column_numbers.get(r).copied().unwrap_or(false) {
            return false;
        }
        let figures: Vec<usize> = (0..table.n_cols)
            .filter(|&c| cells.is_figure(r, c))
            .collect();
        figures.len() >= 2
            && figures.iter().any(|&f| {
                table.cells.iter().any(|h| {
                    h.row < r
                        && h.col <= f
                        && f < h.col.saturating_add(h.colspan.max(1))
                        && is_block_total_label(&h.text)
                })
            })
    })?;
    let nodes = header_tree_of(&table.cells, 0, row, |r| {
        column_numbers.get(r).copied().unwrap_or(false)
    });
    let columns = (0..table.n_cols)
        .map(|c| {
            let mut path: Vec<(usize, String)> = nodes
                .iter()
                .filter(|n| n.col <= c && c < n.col_end)
                .map(|n| (n.row, n.label.clone()))
                .collect();
            path.sort();
            let path: Vec<String> = path.into_iter().map(|(_, l)| l).collect();
            let leaf = path.last().map(String::as_str).unwrap_or("");
            Column {
                role: if cells.is_figure(row, c) {
                    ColumnRole::Figure
                } else {
                    ColumnRole::Text
                },
                unit: path
                    .iter()
                    .rev()
                    .find_map(|l| declared_money_unit(l))
                    .map(str::to_owned),
                total: is_block_total_label(leaf),
                part_of: None,
                path,
            }
        })
        .collect();
    Some(FigureBlock {
        header_start: 0,
        row,
        columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::Cell;

    #[test]
    fn vocabularies_are_sorted_and_unique() {
        for list in [
            LABEL_EXACT,
            LABEL_PARTS,
            CODE_EXACT,
            CODE_PARTS,
            INDEX_PARTS,
            NOTE_PARTS,
            GRAND_TOTAL_LABELS,
        ] {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{} !< {}", pair[0], pair[1]);
            }
        }
    }

    fn table(header_rows: usize, rows: &[&[&str]]) -> Table {
        let n_cols = rows.first().map_or(0, |r| r.len());
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                cells.push(Cell {
                    row: r,
                    col: c,
                    rowspan: 1,
                    colspan: 1,
                    text: (*text).to_owned(),
                    page: 1,
                    bbox: None,
                    sheet_ref: None,
                    spill: false,
                    ocr: None,
                });
            }
        }
        Table {
            id: "t1".into(),
            n_rows: rows.len(),
            n_cols,
            header_rows,
            row_pages: vec![1; rows.len()],
            cells,
            ..Table::default()
        }
    }

    #[test]
    fn of_which_columns_point_at_their_parent() {
        let mut t = table(
            1,
            &[
                &["项目", "合计", "事业支出", "其中：经营支出", "其他支出"],
                &["合计", "30.00", "20.00", "5.00", "10.00"],
            ],
        );
        resolve(&mut t);
        let roles: Vec<_> = t.columns.iter().map(|c| c.role).collect();
        assert_eq!(roles[1..], [ColumnRole::Figure; 4]);
        assert!(t.columns[1].total);
        assert_eq!(t.columns[3].part_of, Some(2));
        assert_eq!(t.columns[4].part_of, None);
        assert_eq!(t.row_role(1), RowRole::GrandTotal);
    }

    #[test]
    fn of_which_rows_point_at_the_row_above() {
        let mut t = table(
            1,
            &[
                &["项目", "金额"],
                &["一、一般公共预算拨款", "10.00"],
                &["其中：本级安排", "6.00"],
                &["二、其他收入", "2.00"],
                &["本年收入合计", "12.00"],
                &["收入总计", "12.00"],
            ],
        );
        resolve(&mut t);
        let roles: Vec<_> = (0..t.n_rows).map(|r| t.row_role(r)).collect();
        assert_eq!(
            roles,
            [
                RowRole::Header,
                RowRole::Item,
                RowRole::OfWhich,
                RowRole::Item,
                RowRole::Total,
                RowRole::GrandTotal
            ]
        );
        assert_eq!(t.sides[0].rows[2].part_of, Some(1));
    }

    #[test]
    fn column_number_rows_stay_in_the_header() {
        let mut t = table(
            1,
            &[
                &["项目", "合计", "基本支出"],
                &["栏次", "1", "2"],
                &["合计", "5.00", "5.00"],
            ],
        );
        resolve(&mut t);
        assert_eq!(t.header_rows, 2);
        assert_eq!(t.row_role(1), RowRole::ColumnNumbers);
        assert_eq!(t.columns[1].path, ["合计"]);
    }

    #[test]
    fn a_header_deeper_than_its_spans_ends_at_the_first_figures() {
        let mut t = table(
            1,
            &[
                &["项目", "“三公”经费", ""],
                &["", "合计", "公务接待费"],
                &["2026年", "3.00", "3.00"],
            ],
        );
        resolve(&mut t);
        assert_eq!(t.header_rows, 2);
        assert_eq!(t.columns[1].path, ["“三公”经费", "合计"]);
        assert_eq!(t.columns[2].path, ["公务接待费"]);
    }

    #[test]
    fn column_units_come_from_their_header() {
        let mut t = table(
            1,
            &[&["项目", "金额（万元）", "人数"], &["甲", "5.00", "3"]],
        );
        resolve(&mut t);
        assert_eq!(t.columns[1].unit.as_deref(), Some("万元"));
        assert_eq!(t.columns[2].unit, None);
    }
}
