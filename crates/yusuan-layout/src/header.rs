//! Which top rows of a grid are header rows: the text-only rows above the
//! first row of figures, widened to cover header cells that span down.

/// A header block deeper than this is not a header: the grid is a form
/// (绩效目标表: label/value pairs) whose first figures come late.
const MAX_HEADER_ROWS: usize = 8;

/// Row labels that, in the first column, start a data row even without
/// figures (a 合计 column header elsewhere in the row does not).
const TOTAL_LABELS: [&str; 4] = ["合计", "总计", "支出总计", "收入总计"];

/// Whether a cell holds a figure: digits with separators, a sign or
/// brackets, an optional percent sign.
pub(crate) fn is_figure(text: &str) -> bool {
    let s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if !s.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    s.chars()
        .all(|c| c.is_ascii_digit() || ",.-+%()（），．－".contains(c))
}

/// Whether a row of figures is a column-number row ("1 2 3 4", 栏次): small
/// integers, increasing.
fn is_column_numbers(figures: &[&str]) -> bool {
    if figures.len() < 2 {
        return false;
    }
    let nums: Option<Vec<u32>> = figures
        .iter()
        .map(|s| {
            if s.len() <= 2 {
                s.parse::<u32>().ok()
            } else {
                None
            }
        })
        .collect();
    nums.is_some_and(|n| n.windows(2).all(|w| w[0] < w[1]))
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
    let mut first_data = n_rows;
    for r in 0..n_rows {
        let row: Vec<&HeaderCell<'_>> = cells.iter().filter(|c| c.row == r).collect();
        let figures: Vec<&str> = row
            .iter()
            .map(|c| c.text.trim())
            .filter(|t| is_figure(t))
            .collect();
        let total = row.iter().filter(|c| c.col == 0).any(|c| {
            let t: String = c.text.chars().filter(|ch| !ch.is_whitespace()).collect();
            TOTAL_LABELS.contains(&t.as_str())
        });
        let data = (!figures.is_empty() && !is_column_numbers(&figures)) || (total && r > 0);
        if data {
            first_data = r;
            break;
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
    fn total_labels_are_sorted() {
        let mut s = TOTAL_LABELS.to_vec();
        s.sort_unstable();
        s.dedup();
        assert_eq!(s, TOTAL_LABELS.to_vec());
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
