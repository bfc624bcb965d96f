//! Which top rows of a grid are header rows: the text-only rows above the
//! first row of figures, widened to cover header cells that span down.

/// A header block deeper than this is not a header: the grid is a form
/// (绩效目标表: label/value pairs) whose first figures come late.
const MAX_HEADER_ROWS: usize = 8;

/// Row labels that, as the first text of a row with nothing but figures or
/// blanks after them, start a data row even without figures (a 合计 column
/// header beside other headers does not).
const TOTAL_LABELS: [&str; 4] = ["合计", "总计", "支出总计", "收入总计"];

/// Whether a cell holds a figure (an amount or a percentage), as
/// `yusuan-normalize` reads it.
pub(crate) fn is_figure(text: &str) -> bool {
    yusuan_normalize::is_printed_figure(text)
}

/// A header found deeper than by content is never deeper than this; a table
/// whose first figure comes later is a form, and the count by content
/// stands.
const MAX_EXTENDED_HEADER_ROWS: usize = 6;

/// The header count every later stage uses: the count by content
/// ([`header_rows`]), extended down to the first row holding a figure right
/// of the first column when that row is near the top (a header deeper than
/// its cells' spans show: 重庆 prints a three-row 三公 header whose cells
/// span one row each). Column-number rows directly under the header stay in
/// it. `is_column_numbers(r)` and `has_figure(r)` describe row `r`.
pub(crate) fn extend_header_rows(
    declared: usize,
    n_rows: usize,
    is_column_numbers: impl Fn(usize) -> bool,
    has_figure: impl Fn(usize) -> bool,
) -> usize {
    let declared = declared.min(n_rows);
    let first_figure = (0..n_rows).find(|&r| !is_column_numbers(r) && has_figure(r));
    let mut h = match first_figure {
        Some(f) if f > declared && f <= MAX_EXTENDED_HEADER_ROWS => f,
        _ => declared,
    };
    while h < n_rows && h > 0 && is_column_numbers(h) {
        h += 1;
    }
    h
}

/// Marks a column-number row prints besides its numbers, sorted.
const COLUMN_NUMBER_FILLERS: &[&str] = &["**", "—", "——", "栏次"];

/// Whether a row is a column-number row ("栏次 | 1 | 2 | 3", "** | 1 | 2"):
/// its texts (whitespace removed, each cell once) are whole numbers of at
/// most three digits, rising, at least two of them, and fillers. The one
/// test for 栏次 rows, used to find the header and by the grid's meaning.
pub(crate) fn is_column_number_row<'t>(texts: impl IntoIterator<Item = &'t str>) -> bool {
    let mut numbers: Vec<u32> = Vec::new();
    for t in texts {
        if t.is_empty() || COLUMN_NUMBER_FILLERS.contains(&t) {
            continue;
        }
        if t.len() > 3 {
            return false;
        }
        match t.parse::<u32>() {
            Ok(n) => numbers.push(n),
            Err(_) => return false,
        }
    }
    numbers.len() >= 2 && numbers.windows(2).all(|w| matches!(w, [a, b] if a < b))
}

/// Labels that open a label/value form (绩效目标表, 自评表), sorted.
const FORM_LABELS: [&str; 7] = [
    "主管部门",
    "单位名称",
    "当年整体绩效目标",
    "部门名称",
    "项目名称",
    "项目负责人",
    "预算单位",
];

/// Words of an indicator form, one of which a form must contain.
const FORM_WORDS: [&str; 2] = ["指标", "绩效"];

/// Whether the grid is a label/value form rather than a table with column
/// headers: its first row (after a title row spanning the grid) starts with
/// a form label followed by at most three cells, and the grid talks about
/// indicators. Such forms have no header rows.
fn is_form(cells: &[HeaderCell<'_>]) -> bool {
    let norm = |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
    let row_cells = |r: usize| -> Vec<String> {
        let mut v: Vec<(usize, String)> = cells
            .iter()
            .filter(|c| c.row == r && !c.text.trim().is_empty())
            .map(|c| (c.col, norm(c.text)))
            .collect();
        v.sort();
        v.into_iter().map(|(_, t)| t).collect()
    };
    let mut top = row_cells(0);
    if top.len() == 1
        && top
            .first()
            .is_some_and(|t| t.ends_with('表') || t.contains("表（"))
    {
        top = row_cells(1);
    }
    let Some(first) = top.first() else {
        return false;
    };
    let labelled = FORM_LABELS.contains(&first.as_str());
    let talks_indicators = cells
        .iter()
        .any(|c| FORM_WORDS.iter().any(|w| c.text.contains(w)));
    labelled && top.len() <= 4 && talks_indicators
}

/// A cell as header detection sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeaderCell<'a> {
    /// Row.
    pub(crate) row: usize,
    /// Column.
    pub(crate) col: usize,
    /// Rows covered.
    pub(crate) rowspan: usize,
    /// Text.
    pub(crate) text: &'a str,
}

/// The number of header rows of a grid of `n_rows` rows.
pub(crate) fn header_rows(n_rows: usize, cells: &[HeaderCell<'_>]) -> usize {
    if is_form(cells) {
        return 0;
    }
    // The cells of each row, gathered once: a pass per row over every cell
    // made a long table without figures quadratic (100,000 rows: 85 s).
    let mut by_row: Vec<Vec<&HeaderCell<'_>>> = vec![Vec::new(); n_rows];
    for c in cells {
        if let Some(row) = by_row.get_mut(c.row) {
            row.push(c);
        }
    }
    let mut first_data = n_rows;
    let mut first_total: Option<usize> = None;
    for (r, row) in by_row.iter().enumerate() {
        let figures: Vec<&str> = row
            .iter()
            .map(|c| c.text.trim())
            .filter(|t| is_figure(t))
            .collect();
        // A 合计 row label, not a 合计 column header: nothing but figures
        // (or blanks) beside it. A header row names other columns too
        // (合计 | 因公出国（境）费 | 公务接待费 in a blank 三公 table).
        let first_text = row
            .iter()
            .filter(|c| !c.text.trim().is_empty())
            .min_by_key(|c| c.col);
        let total = first_text.is_some_and(|f| {
            let t: String = f.text.chars().filter(|ch| !ch.is_whitespace()).collect();
            TOTAL_LABELS.contains(&t.as_str())
                && row
                    .iter()
                    .filter(|c| c.col > f.col)
                    .all(|c| c.text.trim().is_empty() || is_figure(c.text))
        });
        if total && r > 0 && first_total.is_none() {
            first_total = Some(r);
        }
        let texts: Vec<String> = row
            .iter()
            .map(|c| c.text.chars().filter(|ch| !ch.is_whitespace()).collect())
            .collect();
        let column_numbers = is_column_number_row(texts.iter().map(String::as_str));
        if !figures.is_empty() && !column_numbers {
            first_data = r;
            break;
        }
    }
    // A header-only table (政府性基金 "no data" forms): its 合计 row, when it
    // has one, is the first data row. A 合计 column header in the first
    // column (三公 tables) is not, so a figure row found later wins.
    if first_data == n_rows {
        if let Some(t) = first_total {
            first_data = t;
        } else {
            // No figures and no total row (a blank 决算 table): the rows
            // with text are the header, the blank rows below are its body.
            first_data = cells
                .iter()
                .filter(|c| !c.text.trim().is_empty())
                .map(|c| c.row.saturating_add(1))
                .max()
                .unwrap_or(0);
        }
    }
    if first_data > MAX_HEADER_ROWS {
        // A form: only the first row's block, if it reads like labels.
        let row0: Vec<&HeaderCell<'_>> = cells.iter().filter(|c| c.row == 0).collect();
        let labels = row0.iter().filter(|c| !c.text.trim().is_empty()).count();
        let short = row0.iter().all(|c| c.text.chars().count() <= 12);
        return if labels >= 2 && short {
            row0.iter()
                .map(|c| c.rowspan)
                .max()
                .unwrap_or(1)
                .min(n_rows)
        } else {
            0
        };
    }
    // A blank row is never the last header row (a blank row above a 合计
    // row in an empty table belongs to the body).
    let is_blank = |r: usize| {
        by_row
            .get(r)
            .is_none_or(|row| row.iter().all(|c| c.text.trim().is_empty()))
    };
    while first_data > 0 && is_blank(first_data - 1) {
        first_data -= 1;
    }
    // Widen to cover header cells spanning past the first data row guess.
    let mut h = first_data;
    loop {
        let reach = cells
            .iter()
            .filter(|c| c.row < h)
            .map(|c| c.row.saturating_add(c.rowspan))
            .max()
            .unwrap_or(h);
        if reach <= h || reach > MAX_HEADER_ROWS.min(n_rows) {
            break;
        }
        h = reach;
    }
    h.min(n_rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hc(row: usize, rowspan: usize, text: &str) -> HeaderCell<'_> {
        HeaderCell {
            row,
            col: 1,
            rowspan,
            text,
        }
    }

    #[test]
    fn column_number_rows() {
        assert!(is_column_number_row(["栏次", "1", "2", "3"]));
        assert!(is_column_number_row(["**", "", "1", "2"]));
        assert!(!is_column_number_row(["合计", "1", "2"]));
        assert!(!is_column_number_row(["1"]));
        assert!(!is_column_number_row(["2", "1"]));
        assert!(!is_column_number_row(["1", "2.00"]));
        assert!(COLUMN_NUMBER_FILLERS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn total_labels_are_sorted() {
        let mut s = TOTAL_LABELS.to_vec();
        s.sort_unstable();
        s.dedup();
        assert_eq!(s, TOTAL_LABELS.to_vec());
    }

    #[test]
    fn form_vocabularies_are_sorted() {
        for list in [&FORM_LABELS[..], &FORM_WORDS[..]] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn label_value_forms_have_no_header() {
        let value = HeaderCell {
            row: 0,
            col: 2,
            rowspan: 1,
            text: "信访干部培训专项",
        };
        let cells = [
            hc(0, 1, "项目名称"),
            value,
            hc(1, 1, "年度资金总额"),
            hc(1, 1, "12.00"),
            hc(2, 1, "一级指标"),
        ];
        assert_eq!(header_rows(3, &cells), 0);
    }

    #[test]
    fn a_total_column_header_is_not_a_data_row() {
        let cells = [hc(0, 1, "三公经费"), hc(1, 1, "预算数"), hc(2, 1, "2.85")];
        let mut with_total = cells.to_vec();
        with_total.push(HeaderCell {
            row: 1,
            col: 0,
            rowspan: 1,
            text: "合计",
        });
        assert_eq!(header_rows(3, &with_total), 2);
        // Header-only table: the 合计 row ends the header.
        let empty = [
            hc(0, 1, "项目"),
            HeaderCell {
                row: 1,
                col: 0,
                rowspan: 1,
                text: "合计",
            },
        ];
        assert_eq!(header_rows(3, &empty), 1);
    }

    #[test]
    fn figures_are_recognized() {
        assert!(is_figure("21,601,733.00"));
        assert!(is_figure("（12.50）"));
        assert!(is_figure("95%"));
        assert!(!is_figure("类"));
        assert!(!is_figure("-"));
    }

    #[test]
    fn header_ends_at_the_first_row_of_figures() {
        let cells = [
            hc(0, 1, "项目"),
            hc(0, 1, "收入预算"),
            hc(1, 1, "功能分类科目编码"),
            hc(1, 2, "合计"),
            hc(2, 1, "类"),
            hc(3, 1, "201"),
            hc(3, 1, "21,601,733.00"),
        ];
        assert_eq!(header_rows(5, &cells), 3);
    }

    #[test]
    fn column_number_rows_stay_in_the_header() {
        let cells = [
            hc(0, 1, "项目"),
            hc(1, 1, "1"),
            hc(1, 1, "2"),
            hc(1, 1, "3"),
            hc(2, 1, "12.00"),
        ];
        assert_eq!(header_rows(3, &cells), 2);
    }

    #[test]
    fn a_spanning_header_cell_widens_the_header() {
        let cells = [
            hc(0, 3, "机关运行经费预算数"),
            hc(0, 1, "合计"),
            hc(1, 1, "小计"),
            hc(2, 1, "1.00"),
        ];
        assert_eq!(header_rows(4, &cells), 3);
    }
}
