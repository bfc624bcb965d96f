//! Text as a reader sees it: glyphs grouped into visual lines, lines of a
//! cell joined into one string.
//!
//! The rules come from what the budget PDFs do to their text:
//! - ONLYOFFICE and WPS justify CJK text by spreading glyphs, so a gap between
//!   two CJK characters is never a word space;
//! - narrow cells wrap numbers ("252" / "62.2" / "8" is 25262.28) and labels
//!   ("事业单位" / "经营收入"), so wrapped lines join without a space unless
//!   both sides are Latin words;
//! - WPS fakes bold by painting a glyph twice at a small offset.

use yusuan_model::{BBox, Glyph};

/// A visual line: glyphs sharing a baseline, left to right.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VisualLine {
    /// Union of the glyph boxes, points, origin top-left.
    pub(crate) bbox: BBox,
    /// Largest glyph size on the line, points.
    pub(crate) size: f32,
    /// The line's text (see [`line_text`]).
    pub(crate) text: String,
}

/// Whether `c` is a CJK ideograph, CJK punctuation or a full-width form: a
/// character around which a gap is never a word space.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms
        | 0x2010..=0x2027    // dashes, quotes “” ‘’, ellipsis: typeset as CJK punctuation here
        | 0x20000..=0x2FFFF) // extensions B..
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

/// Glyphs whose text is only whitespace carry no ink; layout uses the gaps
/// between inked glyphs instead.
pub(crate) fn is_inked(g: &Glyph) -> bool {
    !g.text.trim().is_empty()
        && g.bbox.x0.is_finite()
        && g.bbox.y0.is_finite()
        && g.bbox.x1.is_finite()
        && g.bbox.y1.is_finite()
}

/// Groups glyphs into visual lines, top to bottom. Horizontal glyphs group by
/// vertical overlap; the result lists glyph indices (into `glyphs`) per line,
/// each line sorted left to right with fake-bold doubles removed.
///
/// Sort-and-sweep: O(n log n) in the number of glyphs.
pub(crate) fn group_lines(glyphs: &[&Glyph]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..glyphs.len()).collect();
    order.sort_by(|&a, &b| {
        let (ga, gb) = (glyphs.get(a), glyphs.get(b));
        let ya = ga.map_or(0.0, |g| g.bbox.cy());
        let yb = gb.map_or(0.0, |g| g.bbox.cy());
        ya.total_cmp(&yb)
    });
    let mut lines: Vec<Vec<usize>> = Vec::new();
    // Running centre and height of the current line.
    let mut cur_cy = 0.0f64;
    let mut cur_h = 0.0f64;
    for i in order {
        let Some(g) = glyphs.get(i) else { continue };
        let h = g.bbox.height().max(0.5);
        let cy = g.bbox.cy();
        let joins = match lines.last() {
            Some(_) => (cy - cur_cy).abs() <= 0.45 * h.min(cur_h),
            None => false,
        };
        if joins {
            if let Some(line) = lines.last_mut() {
                let n = line.len() as f64;
                cur_cy = (cur_cy * n + cy) / (n + 1.0);
                cur_h = cur_h.max(h);
                line.push(i);
            }
        } else {
            lines.push(vec![i]);
            cur_cy = cy;
            cur_h = h;
        }
    }
    for line in &mut lines {
        line.sort_by(|&a, &b| {
            let xa = glyphs.get(a).map_or(0.0, |g| g.bbox.x0);
            let xb = glyphs.get(b).map_or(0.0, |g| g.bbox.x0);
            xa.total_cmp(&xb)
        });
        dedupe_overprint(glyphs, line);
    }
    lines
}

/// Drops a glyph painted again over itself (WPS fake bold, shadow text).
fn dedupe_overprint(glyphs: &[&Glyph], line: &mut Vec<usize>) {
    let mut kept: Vec<usize> = Vec::with_capacity(line.len());
    for &i in line.iter() {
        let Some(g) = glyphs.get(i) else { continue };
        let dup = kept.iter().rev().take(3).any(|&k| {
            glyphs.get(k).is_some_and(|p| {
                p.text == g.text
                    && (p.bbox.x0 - g.bbox.x0).abs() < 0.3 * p.bbox.width().max(0.5)
                    && (p.bbox.cy() - g.bbox.cy()).abs() < 0.3 * p.bbox.height().max(0.5)
            })
        });
        if !dup {
            kept.push(i);
        }
    }
    *line = kept;
}

/// The text of one visual line. A gap wider than a quarter em becomes a
/// space only between two non-CJK glyphs; with `wide_gaps`, a gap of more
/// than two em becomes a space everywhere (separate phrases on a page line,
/// "编制部门：… 单位：元").
pub(crate) fn line_text(
    glyphs: &[&Glyph],
    line: &[usize],
    wide_gaps: bool,
    spacing: Spacing,
) -> String {
    let spread = usual_gap(glyphs, line);
    let mut out = String::new();
    let mut prev: Option<&Glyph> = None;
    for &i in line {
        let Some(g) = glyphs.get(i) else { continue };
        let text = g.text.trim();
        if let Some(p) = prev {
            let gap = g.bbox.x0 - p.bbox.x1;
            let em = f64::from(p.size.max(g.size)).max(1.0);
            let a = last_char(p.text.trim());
            let b = first_char(text);
            let (ca, cb) = (a.is_some_and(is_cjk), b.is_some_and(is_cjk));
            // Between CJK and a Latin letter or digit ("杨立业 023-7668"), a
            // gap is a typed space only where the producer's automatic
            // spacing is known to be narrower, and the gap is clearly wider
            // than the line's usual spacing (which justification may widen).
            let mixed = (ca && b.is_some_and(|c| c.is_ascii_alphanumeric()))
                || (cb && a.is_some_and(|c| c.is_ascii_alphanumeric()));
            let word_space = if ca || cb {
                mixed
                    && spacing
                        .mixed_space_em
                        .is_some_and(|t| gap > t * em && gap > spread + 0.15 * em)
            } else {
                gap > 0.25 * em
            };
            if word_space || (wide_gaps && gap > 2.0 * em) {
                out.push(' ');
            }
        }
        out.push_str(text);
        prev = Some(g);
    }
    out
}

/// How the document's producer spaces CJK text next to Latin letters and
/// digits.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Spacing {
    /// A CJK/Latin gap wider than this many em is a typed space; `None`:
    /// never (the producer's automatic spacing looks like a space).
    pub(crate) mixed_space_em: Option<f64>,
}

impl Spacing {
    /// Word and WPS add about a quarter em between CJK and Latin text
    /// ("2026 年" at 0.25 em in Word exports), as wide as a typed space, so
    /// such gaps are dropped. LibreOffice adds 0.2 em and a typed space
    /// makes the gap at least 0.25 em, so its PDFs keep typed spaces
    /// ("杨立业 023-76685987" as in the Word source).
    pub(crate) fn for_producer(producer: Option<&str>) -> Spacing {
        let libre = producer.is_some_and(|p| p.contains("LibreOffice"));
        Spacing {
            mixed_space_em: libre.then_some(0.23),
        }
    }
}

/// The median gap between adjacent glyphs of a line (0 for a single glyph):
/// the line's usual spacing, widened on lines that justification spreads.
fn usual_gap(glyphs: &[&Glyph], line: &[usize]) -> f64 {
    let mut gaps: Vec<f64> = line
        .windows(2)
        .filter_map(|w| {
            let p = glyphs.get(*w.first()?)?;
            let g = glyphs.get(*w.get(1)?)?;
            Some(g.bbox.x0 - p.bbox.x1)
        })
        .filter(|g| g.is_finite())
        .collect();
    gaps.sort_by(f64::total_cmp);
    gaps.get(gaps.len() / 2).copied().unwrap_or(0.0).max(0.0)
}

/// Builds the visual lines of a set of glyphs (page text outside tables).
pub(crate) fn visual_lines(
    glyphs: &[&Glyph],
    wide_gaps: bool,
    spacing: Spacing,
) -> Vec<VisualLine> {
    group_lines(glyphs)
        .into_iter()
        .filter_map(|line| {
            let mut bbox: Option<BBox> = None;
            let mut size = 0.0f32;
            for &i in &line {
                let g = glyphs.get(i)?;
                bbox = Some(bbox.map_or(g.bbox, |b| b.union(&g.bbox)));
                size = size.max(g.size);
            }
            let text = line_text(glyphs, &line, wide_gaps, spacing);
            if text.is_empty() {
                return None;
            }
            Some(VisualLine {
                bbox: bbox?,
                size,
                text,
            })
        })
        .collect()
}

/// Whether a line starts a new paragraph inside a cell: an enumeration
/// marker ("1、", "2.", "（3）", "一、", "①").
fn starts_paragraph(line: &str) -> bool {
    let mut chars = line.chars().peekable();
    let Some(&c0) = chars.peek() else {
        return false;
    };
    if ('\u{2460}'..='\u{2473}').contains(&c0) {
        return true;
    }
    if c0 == '（' || c0 == '(' {
        chars.next();
        let mut n = 0;
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() || "一二三四五六七八九十".contains(c) {
                n += 1;
                chars.next();
            } else {
                break;
            }
        }
        return n > 0 && matches!(chars.peek(), Some('）') | Some(')'));
    }
    if c0.is_ascii_digit() {
        let mut n = 0;
        while let Some(&c) = chars.peek() {
            if c.is_ascii_digit() {
                n += 1;
                chars.next();
            } else {
                break;
            }
        }
        if n > 2 {
            return false;
        }
        return match chars.next() {
            Some('、') => true,
            Some('.' | '．' | ')' | '）') => chars.next().is_some_and(|c| !c.is_ascii_digit()),
            _ => false,
        };
    }
    if "一二三四五六七八九十".contains(c0) {
        chars.next();
        return chars.next() == Some('、');
    }
    false
}

/// Joins the lines of one cell, top to bottom: no separator, except a space
/// between two Latin words and "\n" before an enumerated paragraph.
pub(crate) fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.as_ref().trim();
        if line.is_empty() {
            continue;
        }
        if let (Some(a), Some(b)) = (last_char(&out), first_char(line)) {
            if starts_paragraph(line) {
                out.push('\n');
            } else if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() {
                out.push(' ');
            }
        }
        out.push_str(line);
    }
    out
}

/// The text of a table cell from its glyphs.
///
/// Horizontal text: visual lines top to bottom, joined by [`join_lines`].
/// Rotated text (most glyphs `rotated`): read top to bottom, columns left to
/// right, so a label drawn with a rotated text matrix reads as one word.
pub(crate) fn cell_text(glyphs: &[&Glyph], spacing: Spacing) -> String {
    if glyphs.is_empty() {
        return String::new();
    }
    let rotated = glyphs.iter().filter(|g| g.rotated).count();
    if rotated * 2 > glyphs.len() {
        return rotated_text(glyphs);
    }
    let lines: Vec<String> = group_lines(glyphs)
        .iter()
        .map(|l| line_text(glyphs, l, false, spacing))
        .collect();
    join_lines(&lines)
}

/// Rotated glyphs: group into columns by horizontal centre, each read top to
/// bottom.
fn rotated_text(glyphs: &[&Glyph]) -> String {
    let mut order: Vec<usize> = (0..glyphs.len()).collect();
    order.sort_by(|&a, &b| {
        let xa = glyphs.get(a).map_or(0.0, |g| g.bbox.cx());
        let xb = glyphs.get(b).map_or(0.0, |g| g.bbox.cx());
        xa.total_cmp(&xb)
    });
    let mut cols: Vec<Vec<usize>> = Vec::new();
    let mut cur_cx = f64::NEG_INFINITY;
    for i in order {
        let Some(g) = glyphs.get(i) else { continue };
        let w = g.bbox.width().max(0.5);
        if (g.bbox.cx() - cur_cx).abs() <= 0.45 * w {
            if let Some(c) = cols.last_mut() {
                c.push(i);
            }
        } else {
            cols.push(vec![i]);
            cur_cx = g.bbox.cx();
        }
    }
    let mut parts: Vec<String> = Vec::new();
    for mut col in cols {
        col.sort_by(|&a, &b| {
            let ya = glyphs.get(a).map_or(0.0, |g| g.bbox.y0);
            let yb = glyphs.get(b).map_or(0.0, |g| g.bbox.y0);
            ya.total_cmp(&yb)
        });
        let s: String = col
            .iter()
            .filter_map(|&i| glyphs.get(i).map(|g| g.text.trim()))
            .collect();
        parts.push(s);
    }
    join_lines(&parts)
}

/// Cleans text that arrives as a string (Word cells, paragraphs): whitespace
/// runs next to a CJK character are dropped (justification spaces, "项　　目"),
/// other runs become one space; line breaks are kept, outer whitespace trimmed.
pub(crate) fn clean_text(s: &str) -> String {
    let lines: Vec<String> = s.split('\n').map(clean_line).collect();
    let mut out = String::new();
    for l in lines.iter().filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(l);
    }
    out
}

fn clean_line(s: &str) -> String {
    let mut out = String::new();
    // The whitespace run before the next character.
    let mut pending = String::new();
    for c in s.chars() {
        if c.is_whitespace() {
            pending.push(c);
            continue;
        }
        if !pending.is_empty() {
            let a = last_char(&out);
            let latin = a.is_some_and(|a| !is_cjk(a)) && !is_cjk(c);
            // One typed space between CJK and a Latin word or number is the
            // author's ("杨立业 023-76685987"); wider runs and full-width
            // spaces next to CJK are justification.
            let mixed = pending == " "
                && a.is_some_and(|a| {
                    (is_cjk(a) && c.is_ascii_alphanumeric())
                        || (a.is_ascii_alphanumeric() && is_cjk(c))
                });
            if latin || mixed {
                out.push(' ');
            }
            pending.clear();
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(text: &str, x0: f64, y0: f64, w: f64, h: f64) -> Glyph {
        Glyph {
            text: text.to_owned(),
            bbox: BBox::new(x0, y0, x0 + w, y0 + h),
            size: h as f32,
            font: 0,
            rotated: false,
            confidence: None,
        }
    }

    /// Lays out `s` as one line of 10 pt glyphs from `x`, with `gap` between glyphs.
    fn run(s: &str, x: f64, y: f64, gap: f64) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut x = x;
        for c in s.chars() {
            let w = if c.is_ascii() { 5.0 } else { 10.0 };
            out.push(g(&c.to_string(), x, y, w, 10.0));
            x += w + gap;
        }
        out
    }

    fn text_of(glyphs: &[Glyph]) -> String {
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        cell_text(&refs, Spacing::default())
    }

    fn libre_text_of(glyphs: &[Glyph]) -> String {
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        cell_text(&refs, Spacing::for_producer(Some("LibreOffice 7.4")))
    }

    #[test]
    fn justified_cjk_loses_its_spaces() {
        let glyphs = run("公务用车运行维护费", 0.0, 0.0, 6.0);
        assert_eq!(text_of(&glyphs), "公务用车运行维护费");
    }

    #[test]
    fn latin_words_keep_a_space() {
        let mut glyphs = run("Budget", 0.0, 0.0, 0.0);
        glyphs.extend(run("total", 40.0, 0.0, 0.0));
        assert_eq!(text_of(&glyphs), "Budget total");
    }

    #[test]
    fn wrapped_cjk_lines_join_without_space() {
        let mut glyphs = run("事业单位", 0.0, 0.0, 0.0);
        glyphs.extend(run("经营收入", 0.0, 12.0, 0.0));
        assert_eq!(text_of(&glyphs), "事业单位经营收入");
    }

    #[test]
    fn numbers_broken_over_lines_join() {
        let mut glyphs = run("252", 0.0, 0.0, 0.0);
        glyphs.extend(run("62.2", 0.0, 12.0, 0.0));
        glyphs.extend(run("8", 0.0, 24.0, 0.0));
        assert_eq!(text_of(&glyphs), "25262.28");
    }

    #[test]
    fn vertical_label_one_char_per_line_joins() {
        let mut glyphs = Vec::new();
        for (i, c) in "绩效指标".chars().enumerate() {
            glyphs.push(g(&c.to_string(), 0.0, i as f64 * 12.0, 10.0, 10.0));
        }
        // Content-stream order need not be reading order.
        glyphs.reverse();
        assert_eq!(text_of(&glyphs), "绩效指标");
    }

    #[test]
    fn rotated_glyphs_read_top_to_bottom() {
        let mut glyphs = Vec::new();
        for (i, c) in "项目名称".chars().enumerate() {
            // Glyphs of a rotated run sit on one vertical baseline, boxes
            // barely apart, which horizontal line grouping would scramble.
            let mut gl = g(&c.to_string(), 0.0, i as f64 * 10.5, 10.0, 10.0);
            gl.rotated = true;
            glyphs.push(gl);
        }
        glyphs.swap(0, 3);
        assert_eq!(text_of(&glyphs), "项目名称");
    }

    #[test]
    fn a_typed_space_between_cjk_and_digits_is_kept_in_libreoffice_pdfs() {
        let mut glyphs = run("杨立业", 0.0, 0.0, 0.0);
        glyphs.extend(run("023-76685987", 32.5, 0.0, 0.0));
        assert_eq!(libre_text_of(&glyphs), "杨立业 023-76685987");
        // Elsewhere the same gap is the producer's automatic spacing.
        assert_eq!(text_of(&glyphs), "杨立业023-76685987");
        // LibreOffice sets digits 0.2 em off CJK text without a typed space.
        let mut tight = run("800", 0.0, 0.0, 0.0);
        tight.extend(run("件", 17.0, 0.0, 0.0));
        assert_eq!(libre_text_of(&tight), "800件");
        // Justified: the same gap between every pair is spread, not a space.
        assert_eq!(libre_text_of(&run("共计12人", 0.0, 0.0, 2.4)), "共计12人");
        assert_eq!(libre_text_of(&run("12个月", 0.0, 0.0, 2.4)), "12个月");
    }

    #[test]
    fn fake_bold_doubles_are_dropped() {
        let mut glyphs = run("合计", 0.0, 0.0, 0.0);
        glyphs.extend(run("合计", 0.3, 0.2, 0.0));
        assert_eq!(text_of(&glyphs), "合计");
    }

    #[test]
    fn enumerated_paragraphs_get_a_newline() {
        let lines = ["1、完成培训", "任务", "2、开展检查"];
        assert_eq!(join_lines(&lines), "1、完成培训任务\n2、开展检查");
        assert!(!starts_paragraph("62.2"));
        assert!(starts_paragraph("（1）规范"));
        assert!(starts_paragraph("二、支出"));
    }

    #[test]
    fn wide_gaps_separate_phrases_on_page_lines() {
        let mut glyphs = run("编制部门：商务委", 0.0, 0.0, 0.0);
        glyphs.extend(run("单位：元", 200.0, 0.0, 0.0));
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        let lines = visual_lines(&refs, true, Spacing::default());
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "编制部门：商务委 单位：元");
    }

    #[test]
    fn clean_text_drops_spaces_next_to_cjk() {
        assert_eq!(clean_text(" 项　　目 "), "项目");
        assert_eq!(
            clean_text("2025  年　Annual  plan\n合 计"),
            "2025年Annual plan\n合计"
        );
        assert_eq!(clean_text("杨立业 023-76685987"), "杨立业 023-76685987");
    }
}
