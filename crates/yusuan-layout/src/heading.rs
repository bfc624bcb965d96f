//! The heading area above a table: its title, the declared unit
//! ("单位：万元") and the other lines (编制部门, table numbers, notes).

use yusuan_model::BBox;

use crate::text::VisualLine;

/// Labels that introduce the unit, sorted.
const UNIT_LABELS: [&str; 3] = ["单位", "计量单位", "金额单位"];

/// Labels of the preparing organization, sorted.
const ORG_LABELS: [&str; 6] = [
    "单位名称",
    "填报单位",
    "编制单位",
    "编制部门",
    "部门名称",
    "预算单位",
];

/// How far above a table its heading may start, points.
const MAX_HEADING_REACH: f64 = 120.0;

/// A gap between heading lines larger than this ends the heading area.
const MAX_HEADING_GAP: f64 = 45.0;

fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The unit a line declares ("单位：万元" → "万元"), if any. Every "单位"
/// is tried: in "编制单位：某局 单位：元" the first one names the
/// organization.
pub(crate) fn unit_of(line: &str) -> Option<&'static str> {
    // Only a line that says 单位 declares the table's unit: "表（万元）" in a
    // title names it in passing. The words are normalize's one unit table.
    if !strip_ws(line).contains("单位") {
        return None;
    }
    yusuan_normalize::declared_money_unit(line)
}

/// Whether `s` has `label` followed by a colon ("编制单位：").
fn has_label(s: &str, label: &str) -> bool {
    s.match_indices(label).any(|(at, _)| {
        s.get(at + label.len()..)
            .is_some_and(|r| r.starts_with(['：', ':']))
    })
}

/// Whether the line states the preparing organization or the unit.
pub(crate) fn is_meta_line(line: &str) -> bool {
    let s = strip_ws(line);
    unit_of(&s).is_some()
        || ORG_LABELS.iter().any(|l| has_label(&s, l))
        || UNIT_LABELS
            .iter()
            .any(|l| s.starts_with(l) && has_label(&s, l))
        || s.starts_with("部门（单位）：")
        || s.starts_with("部门(单位):")
}

/// Whether the line says the table continues ("续表", "续上表").
pub(crate) fn is_continuation_mark(line: &str) -> bool {
    let s = strip_ws(line);
    s.starts_with("续表")
        || s.starts_with("续上表")
        || s.starts_with("(续)")
        || s.starts_with("（续）")
}

/// Whether the line is a bare page number ("- 12 -", "第3页", "12").
fn is_page_number(line: &str) -> bool {
    let s = strip_ws(line);
    let core = s.trim_matches(|c: char| {
        c == '-' || c == '—' || c == '第' || c == '页' || c == '共' || c == '/'
    });
    !core.is_empty()
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || c == '/' || c == '页' || c == '共' || c == '第')
}

/// Whether the text reads like a table title: ends with 表 (before any
/// closing bracket or a number label like "表（一）").
pub(crate) fn looks_like_title(s: &str) -> bool {
    let s = strip_ws(s);
    let core = s.trim_end_matches([')', '）', ']', '】']);
    core.ends_with('表')
        || core.ends_with("情况表")
        || core.ends_with("明细")
        || s.contains("表（") && s.len() < 90
}

/// Whether a framed cell's text names a table: it says 表, is short and is
/// no "label：value" line ("收入总表(预算表2)", 长春市信访局 2026: the Excel
/// export frames every title; the table number in brackets after the 表
/// hides it from [`looks_like_title`]).
pub(crate) fn names_a_table(text: &str) -> bool {
    let t: String = text
        .chars()
        .filter(|ch| !ch.is_whitespace() && !matches!(ch, '“' | '”' | '"'))
        .collect();
    t.contains('表') && t.chars().count() <= 60 && !t.contains([':', '：'])
}

/// Whether the text has the punctuation of a sentence (，。；：) rather than
/// of a title.
fn reads_as_prose(s: &str) -> bool {
    s.contains(['，', '。', '；', '：', ':'])
}

/// Whether the line heads a part of the document ("第二部分 2026年部门预算表",
/// "第三部分"): it may end with 表 but names the part, not the table below.
fn is_part_heading(line: &str) -> bool {
    let s = strip_ws(line);
    let Some(rest) = s.strip_prefix('第') else {
        return false;
    };
    let num: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .collect();
    !num.is_empty() && rest.get(num.len()..).is_some_and(|r| r.starts_with("部分"))
}

/// What the heading area says.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Heading {
    /// The title line.
    pub(crate) title: Option<String>,
    /// The declared unit.
    pub(crate) unit: Option<String>,
    /// Other lines (编制部门, 单位, table number), top to bottom.
    pub(crate) lines: Vec<String>,
    /// A "续表" mark was seen.
    pub(crate) continued: bool,
}

/// Reads the heading area of a table whose box is `table`: the lines of
/// `lines` (the page's text outside tables, top to bottom) that end above the
/// table and below `floor` (the previous table's bottom, or 0).
pub(crate) fn read_heading(lines: &[VisualLine], table: BBox, floor: f64) -> Heading {
    // Lines above the table, nearest first, until a wide gap.
    let mut area: Vec<&VisualLine> = Vec::new();
    let mut edge = table.y0;
    for l in lines.iter().rev() {
        if l.bbox.cy() >= table.y0 || l.bbox.y1 > table.y0 + 2.0 {
            continue;
        }
        if l.bbox.y0 < floor - 1.0 || l.bbox.y1 < table.y0 - MAX_HEADING_REACH {
            break;
        }
        // Lines beside the table's columns only (not a second table's title).
        if l.bbox.x1 < table.x0 - 20.0 || l.bbox.x0 > table.x1 + 20.0 {
            continue;
        }
        if edge - l.bbox.y1 > MAX_HEADING_GAP {
            break;
        }
        edge = l.bbox.y0;
        area.push(l);
    }
    area.reverse();
    let mut h = Heading::default();
    for l in &area {
        if h.unit.is_none() {
            h.unit = unit_of(&l.text).map(str::to_owned);
        }
        if is_continuation_mark(&l.text) {
            h.continued = true;
        }
    }
    let candidates: Vec<(usize, &VisualLine)> = area
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            let n = l.text.chars().count();
            (2..=80).contains(&n)
                && l.text.chars().any(crate::text::is_cjk)
                && !is_meta_line(&l.text)
                && !is_continuation_mark(&l.text)
                && !is_page_number(&l.text)
                && !is_part_heading(&l.text)
                && !l.text.ends_with(['。', '：', ':', '；'])
        })
        .map(|(i, l)| (i, *l))
        .collect();
    let by_size =
        |a: &&(usize, &VisualLine), b: &&(usize, &VisualLine)| a.1.size.total_cmp(&b.1.size);
    let titled: Vec<&(usize, &VisualLine)> = candidates
        .iter()
        .filter(|(_, l)| looks_like_title(&l.text))
        .collect();
    let centred = |l: &VisualLine| (l.bbox.cx() - table.cx()).abs() < 0.2 * table.width().max(1.0);
    let pick = if let Some(best) = titled.iter().copied().max_by(by_size) {
        Some(best)
    } else {
        // Without a 表 ending, a centred line is a title only when it does
        // not read as a sentence: a paragraph that runs across the table's
        // width ("…单位共28个，包括本级") is centred too.
        candidates
            .iter()
            .filter(|(_, l)| centred(l) && !reads_as_prose(&l.text))
            .max_by(by_size)
    };
    let title_at = pick.map(|(i, _)| *i);
    if let Some((_, l)) = pick {
        h.title = Some(l.text.clone());
    }
    for (i, l) in area.iter().enumerate() {
        if Some(i) == title_at {
            continue;
        }
        // Lines above the title belong to whatever precedes it.
        if title_at.is_some_and(|t| i < t) {
            continue;
        }
        if title_at.is_none() && !is_meta_line(&l.text) && !is_continuation_mark(&l.text) {
            continue;
        }
        if is_page_number(&l.text) {
            continue;
        }
        h.lines.push(l.text.clone());
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vl(text: &str, x0: f64, y0: f64, x1: f64, size: f32) -> VisualLine {
        VisualLine {
            bbox: BBox::new(x0, y0, x1, y0 + f64::from(size)),
            size,
            text: text.to_owned(),
        }
    }

    #[test]
    fn vocabularies_are_sorted_and_deduped() {
        for list in [&UNIT_LABELS[..], &ORG_LABELS[..]] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn units_are_read_longest_first() {
        assert_eq!(unit_of("单位：万元"), Some("万元"));
        assert_eq!(unit_of("编制部门：上海市某局    单位:元"), Some("元"));
        assert_eq!(unit_of("金额单位：亿元"), Some("亿元"));
        assert_eq!(unit_of("单位名称：某局"), None);
        assert_eq!(unit_of("编制单位：上海市财政局 单位：元"), Some("元"));
        assert!(!is_meta_line("2025年预算单位财务收支预算总表"));
        assert!(is_meta_line("编制单位：上海市财政局"));
    }

    #[test]
    fn title_unit_and_org_lines_are_found() {
        let lines = vec![
            vl("上海市普陀区商务委员会", 100.0, 20.0, 300.0, 10.0),
            vl("2025年部门收入预算总表", 150.0, 60.0, 350.0, 16.0),
            vl(
                "编制部门：上海市普陀区商务委员会 单位：元",
                40.0,
                90.0,
                500.0,
                9.0,
            ),
        ];
        let table = BBox::new(40.0, 105.0, 520.0, 700.0);
        let h = read_heading(&lines, table, 0.0);
        assert_eq!(h.title.as_deref(), Some("2025年部门收入预算总表"));
        assert_eq!(h.unit.as_deref(), Some("元"));
        assert_eq!(
            h.lines,
            vec!["编制部门：上海市普陀区商务委员会 单位：元".to_owned()]
        );
        assert!(!h.continued);
    }

    #[test]
    fn prose_above_a_table_is_not_its_title() {
        let lines = vec![vl(
            "具体情况如下表所示，本年收入预算较上年增加。",
            40.0,
            80.0,
            520.0,
            10.0,
        )];
        let h = read_heading(&lines, BBox::new(40.0, 100.0, 520.0, 300.0), 0.0);
        assert_eq!(h.title, None);
        assert!(h.lines.is_empty());
    }

    #[test]
    fn a_wrapped_paragraph_above_a_table_is_not_its_title() {
        // The paragraph breaks mid-sentence; its first visible line is
        // centred over the table like a title would be.
        let lines = vec![
            vl(
                "纳入2022年度本部门决算编制范围的单位共28个，包括本级",
                40.0,
                70.0,
                520.0,
                10.0,
            ),
            vl("及所属27个二级预算单位。", 40.0, 84.0, 200.0, 10.0),
        ];
        let h = read_heading(&lines, BBox::new(40.0, 100.0, 520.0, 300.0), 0.0);
        assert_eq!(h.title, None);
        let lines = vec![vl("项目支出预算情况", 200.0, 80.0, 360.0, 14.0)];
        let h = read_heading(&lines, BBox::new(40.0, 100.0, 520.0, 300.0), 0.0);
        assert_eq!(h.title.as_deref(), Some("项目支出预算情况"));
    }

    #[test]
    fn a_part_heading_is_not_the_table_title() {
        let lines = vec![
            vl("第二部分 2026年部门预算表", 200.0, 40.0, 600.0, 22.0),
            vl("表1", 700.0, 80.0, 720.0, 12.0),
            vl("收支总体情况表", 350.0, 95.0, 500.0, 18.0),
        ];
        let h = read_heading(&lines, BBox::new(40.0, 120.0, 800.0, 500.0), 0.0);
        assert_eq!(h.title.as_deref(), Some("收支总体情况表"));
        assert!(is_part_heading("第三部分"));
        assert!(!is_part_heading("第1页"));
    }

    #[test]
    fn continuation_mark_is_seen() {
        let lines = vec![vl("续表", 40.0, 80.0, 60.0, 10.0)];
        let h = read_heading(&lines, BBox::new(40.0, 100.0, 520.0, 300.0), 0.0);
        assert!(h.continued);
        assert_eq!(h.title, None);
    }
}
