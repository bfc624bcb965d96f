//! "三公"经费 figures, one record per column of figures, from the two
//! layouts the corpus prints: parts as columns under one or more header
//! rows (预算数/决算数 under each part, truth iii; one data row per year or
//! unit), and parts as rows with years as columns (the 基础数据表 of seed
//! 001).

use yusuan_model::{Decimal, Diagnostic, DiagnosticKind, Loc, Table, ThreePublic};

use crate::build::warn;
use crate::grid::{self, View, key};
use crate::value;

/// One of the contract's 三公 parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Total,
    Overseas,
    VehicleTotal,
    VehiclePurchase,
    VehicleOperation,
    Reception,
    /// 小计: the vehicle total under a vehicle heading, else the total.
    Subtotal,
}

/// What a label names; `Err(())` for a column to leave out (机关运行经费).
fn part_of(label: &str, vehicle_context: bool) -> Result<Option<Part>, ()> {
    let k = key(label);
    let has = |w: &str| k.contains(w);
    let vehicle = vehicle_context || has("车");
    Ok(if has("机关运行") || has("会议费") || has("培训费") {
        return Err(());
    } else if has("出国") {
        Some(Part::Overseas)
    } else if has("接待") {
        Some(Part::Reception)
    } else if vehicle && has("购置") && (has("运行") || has("维护")) {
        Some(Part::VehicleTotal)
    } else if vehicle && has("购置") {
        Some(Part::VehiclePurchase)
    } else if vehicle && (has("运行") || has("维护")) {
        Some(Part::VehicleOperation)
    } else if has("小计") {
        Some(Part::Subtotal)
    } else if has("合计") || has("总额") || has("总计") || has("三公经费") {
        Some(Part::Total)
    } else {
        None
    })
}

/// Figures of one record being filled.
#[derive(Default)]
struct Figures {
    total: Option<Decimal>,
    overseas: Option<Decimal>,
    vehicle_total: Option<Decimal>,
    vehicle_purchase: Option<Decimal>,
    vehicle_operation: Option<Decimal>,
    reception: Option<Decimal>,
    seen: u8,
}

impl Figures {
    fn set(&mut self, part: Part, v: Option<Decimal>) {
        let slot = match part {
            Part::Total | Part::Subtotal => &mut self.total,
            Part::Overseas => &mut self.overseas,
            Part::VehicleTotal => &mut self.vehicle_total,
            Part::VehiclePurchase => &mut self.vehicle_purchase,
            Part::VehicleOperation => &mut self.vehicle_operation,
            Part::Reception => &mut self.reception,
        };
        if slot.is_none() {
            *slot = v;
        }
        self.seen = self.seen.saturating_add(1);
    }

    fn into_record(
        self,
        table: &Table,
        page: u32,
        column: String,
        unit: Option<String>,
    ) -> ThreePublic {
        ThreePublic {
            table: table.id.clone(),
            page,
            column,
            unit,
            total: self.total,
            overseas_travel: self.overseas,
            vehicle_total: self.vehicle_total,
            vehicle_purchase: self.vehicle_purchase,
            vehicle_operation: self.vehicle_operation,
            reception: self.reception,
        }
    }
}

/// The unit of the table's figures: declared, or named in a label.
fn table_unit(view: &View<'_>, rows: std::ops::Range<usize>) -> Option<String> {
    let t = view.table;
    if let Some(u) = &t.unit {
        return Some(u.clone());
    }
    let mut texts: Vec<&str> = t.heading.iter().map(String::as_str).collect();
    texts.extend(t.title.as_deref());
    for r in rows {
        for c in 0..view.n_cols() {
            texts.push(view.raw(r, c));
        }
    }
    texts.into_iter().find_map(grid::unit_in).map(str::to_owned)
}

/// A column's part and the labels that name its column of figures.
struct PartColumn {
    col: usize,
    part: Part,
    key: Vec<String>,
}

/// Parts-as-columns: each header path names a part; the other labels of
/// the path name the column of figures.
fn part_columns(view: &View<'_>, header_rows: usize) -> (Vec<PartColumn>, Vec<usize>) {
    let mut parts = Vec::new();
    let mut excluded = Vec::new();
    for col in 0..view.n_cols() {
        let path = view.header_path(col, header_rows);
        let vehicle = path.iter().any(|l| l.contains('车'));
        let mut found: Option<(usize, Part)> = None;
        let mut skip = false;
        for (i, label) in path.iter().enumerate().rev() {
            match part_of(label, vehicle) {
                Err(()) => {
                    skip = true;
                    break;
                }
                Ok(Some(p)) => {
                    found = Some((i, p));
                    break;
                }
                Ok(None) => {}
            }
        }
        if skip {
            excluded.push(col);
            continue;
        }
        let Some((at, mut part)) = found else {
            continue;
        };
        let mut drop = vec![at];
        // A 小计/购置/运行 under a vehicle heading: the heading is part of
        // the part's name, not of the column's.
        if let Some(parent) = at.checked_sub(1) {
            let parent_part = path
                .get(parent)
                .and_then(|l| part_of(l, vehicle).ok().flatten());
            match parent_part {
                Some(Part::VehicleTotal) => {
                    drop.push(parent);
                    if part == Part::Subtotal {
                        part = Part::VehicleTotal;
                    }
                }
                // 长春信访局 p12 splits 因公出国（境）费 into 小计 |
                // 因公出国（境）费 | 科研因公出国（境）费用: the 小计 is the
                // part, the others are pieces of it and no part at all.
                Some(p) if p != Part::Total && p != Part::Subtotal => {
                    if part != Part::Subtotal {
                        continue;
                    }
                    drop.push(parent);
                    part = p;
                }
                _ => {}
            }
        }
        if part == Part::Subtotal {
            part = Part::Total;
        }
        let key = path
            .iter()
            .enumerate()
            .filter(|(i, _)| !drop.contains(i))
            .map(|(_, l)| l.clone())
            .collect();
        parts.push(PartColumn { col, part, key });
    }
    (parts, excluded)
}

/// A table that also lists 会议费/培训费 or 机关运行经费 may print a grand
/// 合计 over all of them (江苏政协 预算表, 西安科技局): when a 三公 total
/// exists, totals whose header path never says 三公 are not 三公 figures.
fn drop_outer_totals(view: &View<'_>, header_rows: usize, parts: &mut Vec<PartColumn>) {
    let says_sangong = |p: &PartColumn| {
        view.header_path(p.col, header_rows)
            .iter()
            .any(|l| key(l).contains("三公"))
    };
    // Only within one column of figures: a 小计 under 当年预算 is that
    // block's 三公 total even when a “三公”经费合计 heads the table
    // (长春信访局 p12).
    let sangong_keys: Vec<Vec<String>> = parts
        .iter()
        .filter(|p| p.part == Part::Total && says_sangong(p))
        .map(|p| {
            p.key
                .iter()
                .filter(|l| !key(l).contains("三公"))
                .cloned()
                .collect()
        })
        .collect();
    let keep: Vec<bool> = parts
        .iter()
        .map(|p| p.part != Part::Total || says_sangong(p) || !sangong_keys.contains(&p.key))
        .collect();
    let mut it = keep.iter();
    parts.retain(|_| *it.next().unwrap_or(&true));
}

/// Reads the 三公 records of one table.
pub(crate) fn read_three_public(table: &Table, diags: &mut Vec<Diagnostic>) -> Vec<ThreePublic> {
    let view = View::new(table);
    let header_rows = view.header_rows();
    let (mut parts, excluded) = part_columns(&view, header_rows);
    drop_outer_totals(&view, header_rows, &mut parts);
    let distinct = {
        let mut ps: Vec<Part> = parts.iter().map(|p| p.part).collect();
        ps.dedup();
        ps.len()
    };
    let out = if distinct >= 2 {
        by_columns(&view, header_rows, &parts, &excluded)
    } else {
        by_rows(&view, header_rows)
    };
    if out.is_empty() && table.kind == yusuan_model::TableKind::ThreePublic {
        diags.push(warn(
            DiagnosticKind::RecordsMissing,
            Loc::table(&table.id, table.pages.first().copied()),
            "three_public: no 三公 figures found; expected part labels (合计, 因公出国（境）费, 公务用车…, 公务接待费) in the header rows or the first column".to_owned(),
        ));
    }
    out
}

/// Parts as columns: one record per data row and column key.
fn by_columns(
    view: &View<'_>,
    header_rows: usize,
    parts: &[PartColumn],
    excluded: &[usize],
) -> Vec<ThreePublic> {
    let table = view.table;
    let unit = table_unit(view, 0..header_rows);
    let part_cols: Vec<usize> = parts.iter().map(|p| p.col).collect();
    let body: Vec<usize> = (header_rows..view.n_rows())
        .filter(|&r| !view.is_column_number_row(r))
        .collect();
    let mut data_rows: Vec<usize> = body
        .iter()
        .copied()
        .filter(|&r| {
            part_cols
                .iter()
                .any(|&c| view.is_origin(r, c) && !view.text(r, c).is_empty())
        })
        .collect();
    // A 决算 with no 三公 spending may print its one data row blank
    // (普陀区财政局 决算 p15): the records say so with null figures.
    if data_rows.is_empty()
        && let [only] = body.as_slice()
    {
        data_rows.push(*only);
    }
    let label_cols: Vec<usize> = (0..view.n_cols())
        .filter(|c| !part_cols.contains(c) && !excluded.contains(c))
        .collect();
    let mut carried: Vec<String> = vec![String::new(); label_cols.len()];
    let mut out = Vec::new();
    for &row in &data_rows {
        // The row's own label (合计, a unit's name, "2025年预算数"); a
        // blank label cell under a printed one (深圳 预算单位 / 年度) carries it.
        for (slot, &c) in carried.iter_mut().zip(&label_cols) {
            let t = view.text(row, c);
            if !t.is_empty() && value::amount(&t).is_none() {
                *slot = t;
            }
        }
        let label: Vec<String> = carried.iter().filter(|t| !t.is_empty()).cloned().collect();
        let mut keys: Vec<Vec<String>> = Vec::new();
        for p in parts {
            if !keys.contains(&p.key) {
                keys.push(p.key.clone());
            }
        }
        // A grand 合计 over blocks that print their own totals and parts
        // (“三公”经费合计 before 当年预算 | 上年结转结余, 长春信访局 p12) has
        // no parts of its own: a record of it would show them as missing.
        let only_total = |k: &Vec<String>| {
            parts
                .iter()
                .filter(|p| &p.key == k)
                .all(|p| p.part == Part::Total)
        };
        let full = keys.iter().filter(|k| !only_total(k)).count();
        if full >= 2 {
            keys.retain(|k| !(k.is_empty() && only_total(k)));
        }
        for k in keys {
            let mut f = Figures::default();
            for p in parts.iter().filter(|p| p.key == k) {
                f.set(p.part, value::amount(view.raw(row, p.col)));
            }
            let mut name = k.clone();
            if data_rows.len() > 1 {
                name.extend(label.iter().cloned());
            }
            let column = if name.is_empty() {
                table.title.clone().unwrap_or_default()
            } else {
                name.join("/")
            };
            out.push(f.into_record(table, view.row_page(row), column, unit.clone()));
        }
    }
    out
}

/// Parts as rows (基础数据表): find the block of part rows that starts at
/// a total row, then one record per column with figures.
fn by_rows(view: &View<'_>, header_rows: usize) -> Vec<ThreePublic> {
    let table = view.table;
    let label_of = |row: usize| -> Option<(usize, String)> {
        (0..view.n_cols())
            .map(|c| (c, view.text(row, c)))
            .find(|(_, t)| !t.is_empty())
    };
    let mut out = Vec::new();
    let mut row = 0;
    while row < view.n_rows() {
        let Some((label_col, label)) = label_of(row) else {
            row += 1;
            continue;
        };
        // In a table known to be 三公 a plain "合计" opens the block; in a
        // 基础数据表 only a 三公 label does.
        let opens = part_of(&label, false) == Ok(Some(Part::Total))
            && (table.kind == yusuan_model::TableKind::ThreePublic || key(&label).contains("三公"));
        if !opens {
            row += 1;
            continue;
        }
        // The block: the total row and the part rows below it.
        let start = row;
        let mut block: Vec<(usize, Part)> = vec![(row, Part::Total)];
        let mut next = row + 1;
        while next < view.n_rows() {
            let part = label_of(next).and_then(|(_, l)| part_of(&l, false).ok().flatten());
            match part {
                Some(p) if p != Part::Total && !block.iter().any(|(_, q)| *q == p) => {
                    block.push((next, p));
                    next += 1;
                }
                _ => break,
            }
        }
        if block.len() >= 2 {
            let unit = table_unit(view, start.saturating_sub(3)..start);
            for col in label_col + 1..view.n_cols() {
                // A figure cell spanning two grid columns (the 基础数据表 of
                // sample basic_data_1 widens its year columns for the 7-column
                // 楼堂馆所 block below) is one column of figures.
                if view.cell_index(start, col) == view.cell_index(start, col - 1) {
                    continue;
                }
                if !block.iter().any(|(r, _)| view.is_figure(*r, col)) {
                    continue;
                }
                // The nearest text above the block in this column ("2023年预算数").
                let column = (0..start)
                    .rev()
                    .map(|r| view.text(r, col))
                    .find(|t| !t.is_empty() && value::amount(t).is_none())
                    .unwrap_or_else(|| view.header_path(col, header_rows).join("/"));
                let mut f = Figures::default();
                for (r, p) in &block {
                    f.set(*p, value::amount(view.raw(*r, col)));
                }
                out.push(f.into_record(table, view.row_page(start), column, unit.clone()));
            }
        }
        row = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_part_blocks_under_a_grand_total() {
        // 长春信访局 p12: “三公”经费合计 | 当年预算 {小计, 因公出国（境）费
        // {小计, 因公出国（境）费, 科研…}, 公务接待费} | 上年结转结余 {…}.
        let c = |row, col, rowspan, colspan, text: &str| yusuan_model::Cell {
            row,
            col,
            rowspan,
            colspan,
            text: text.into(),
            page: 12,
            bbox: None,
            sheet_ref: None,
            spill: false,
            ocr: None,
        };
        let mut cells = vec![c(0, 0, 3, 1, "“三公”经费合计")];
        let mut figures = vec!["7.61"];
        for (b, (name, v)) in [
            ("当年预算", ["7.61", "0.50", "0.40", "0.10", "0.86"]),
            ("上年结转结余", ["0.00"; 5]),
        ]
        .into_iter()
        .enumerate()
        {
            let at = 1 + b * 5;
            cells.push(c(0, at, 1, 5, name));
            cells.push(c(1, at, 2, 1, "小计"));
            cells.push(c(1, at + 1, 1, 3, "因公出国（境）费"));
            cells.push(c(2, at + 1, 1, 1, "小计"));
            cells.push(c(2, at + 2, 1, 1, "因公出国（境）费"));
            cells.push(c(2, at + 3, 1, 1, "科研因公出国（境）费用"));
            cells.push(c(1, at + 4, 2, 1, "公务接待费"));
            figures.extend(v);
        }
        for (col, f) in figures.iter().enumerate() {
            cells.push(c(3, col, 1, 1, f));
        }
        let t = Table {
            id: "t7".into(),
            kind: yusuan_model::TableKind::ThreePublic,
            unit: Some("万元".into()),
            n_rows: 4,
            n_cols: 11,
            header_rows: 3,
            cells,
            ..Table::default()
        };
        let out = read_three_public(&t, &mut Vec::new());
        type Row<'a> = (&'a str, Option<Decimal>, Option<Decimal>, Option<Decimal>);
        let got: Vec<Row<'_>> = out
            .iter()
            .map(|r| (r.column.as_str(), r.total, r.overseas_travel, r.reception))
            .collect();
        let d = |s: &str| s.parse::<Decimal>().ok();
        assert_eq!(
            got,
            [
                ("当年预算", d("7.61"), d("0.50"), d("0.86")),
                ("上年结转结余", d("0.00"), d("0.00"), d("0.00")),
            ]
        );
    }

    #[test]
    fn part_labels() {
        assert_eq!(part_of("因公出国(境)费", false), Ok(Some(Part::Overseas)));
        assert_eq!(part_of("2、出国经费", false), Ok(Some(Part::Overseas)));
        assert_eq!(
            part_of("公务用车购置及运行维护费", false),
            Ok(Some(Part::VehicleTotal))
        );
        assert_eq!(
            part_of("1、公务用车购置和维护经费", false),
            Ok(Some(Part::VehicleTotal))
        );
        assert_eq!(
            part_of("其中：公车购置", false),
            Ok(Some(Part::VehiclePurchase))
        );
        assert_eq!(part_of("购置费", true), Ok(Some(Part::VehiclePurchase)));
        assert_eq!(part_of("运行费", true), Ok(Some(Part::VehicleOperation)));
        assert_eq!(part_of("2、运行维护经费", false), Ok(None));
        assert_eq!(part_of("机关运行经费预算数", false), Err(()));
        assert_eq!(
            part_of("“三公”经费财政拨款预算总额", false),
            Ok(Some(Part::Total))
        );
        assert_eq!(part_of("三公经费", false), Ok(Some(Part::Total)));
        assert_eq!(part_of("公务接待费", false), Ok(Some(Part::Reception)));
    }
}
