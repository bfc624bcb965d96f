//! The running text outside tables: lines joined into paragraphs as a reader
//! reads them, paragraphs grouped into sections under their headings.
//!
//! A PDF gives visual lines only; where a paragraph starts has to be read
//! from the page the way the eye does it:
//! - Chinese official documents indent a paragraph's first line by two
//!   characters, so a line starting clearly right of the page's text edge
//!   opens a paragraph;
//! - a line ending well before the right edge closes one (a short last line);
//! - a wider vertical gap, a change of font size, or a centred line
//!   (titles) separates blocks;
//! - numbering (第X部分, 一、, （一）, 1．, （1）) starts a block;
//! - a line holding only punctuation ("。" pushed onto a line of its own by
//!   Word's line breaking, 江苏省委办公厅 2017) belongs to the line before.
//!
//! Running page headers and footers (the same text in the top or bottom band
//! of several pages) and page numbers ("— 3 —", "第 3 页") are left out, and
//! so are the lines layout already used as a table's title or heading.
//!
//! Word paragraphs arrive whole; only their roles and headings are read.

use yusuan_model::{BBox, LineSpan, Paragraph, ParagraphRole, Section, Table, TextLine};

use crate::text::is_cjk;

/// Share of the page height at the top and at the bottom where running
/// headers, footers and page numbers are printed.
const MARGIN_BAND: f64 = 0.12;

/// A page-band text repeated on at least this many pages is a running
/// header or footer.
const MIN_RUNNING_PAGES: usize = 3;

/// A heading is at most this many characters long.
const MAX_HEADING_CHARS: usize = 60;

/// A table of contents ends at the latest after this many entries.
const MAX_TOC_ENTRIES: usize = 120;

/// Page geometry the paragraph reader needs: number, width, height (points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PageBox {
    /// Page number, from 1.
    pub(crate) number: u32,
    /// Width in points.
    pub(crate) width: f64,
    /// Height in points.
    pub(crate) height: f64,
}

/// Builds the sections of a document from its text lines outside tables.
/// `pages` is empty for Word documents (their lines are whole paragraphs).
pub(crate) fn build_sections(
    lines: &[TextLine],
    tables: &[Table],
    pages: &[PageBox],
) -> Vec<Section> {
    let kept: Vec<&TextLine> = lines
        .iter()
        .filter(|l| !is_table_heading(l, tables))
        .collect();
    let paragraphs = if pages.is_empty() {
        word_paragraphs(&kept)
    } else {
        pdf_paragraphs(&kept, pages)
    };
    into_sections(paragraphs)
}

/// Whether the line is a table's title or heading line on the table's first page.
fn is_table_heading(line: &TextLine, tables: &[Table]) -> bool {
    tables.iter().any(|t| {
        t.pages.first() == Some(&line.page)
            && (t.title.as_deref() == Some(line.text.as_str())
                || t.heading.iter().any(|h| h == &line.text))
    })
}

/// A paragraph under construction.
#[derive(Debug, Clone, Default)]
struct Draft {
    text: String,
    /// Characters in `text`.
    len: usize,
    page: u32,
    pages: Vec<u32>,
    bbox: Option<BBox>,
    lines: Vec<LineSpan>,
    /// Font size of its first line.
    size: f32,
    /// Its first line is centred on the page.
    centred: bool,
}

impl Draft {
    fn start(line: &TextLine, centred: bool) -> Draft {
        let mut d = Draft {
            page: line.page,
            size: line.size,
            centred,
            ..Draft::default()
        };
        d.push(line);
        d
    }

    fn push(&mut self, line: &TextLine) {
        let text = line.text.trim();
        if let (Some(a), Some(b)) = (self.text.chars().next_back(), text.chars().next()) {
            // Wrapped lines join without a break; only two Latin words
            // keep a space between them.
            if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() {
                self.text.push(' ');
                self.len += 1;
            }
        }
        if let Some(b) = line.bbox {
            self.lines.push(LineSpan {
                start: self.len,
                page: line.page,
                bbox: b,
            });
            if line.page == self.page {
                self.bbox = Some(self.bbox.map_or(b, |x| x.union(&b)));
            }
        }
        if self.pages.last() != Some(&line.page) {
            self.pages.push(line.page);
        }
        self.text.push_str(text);
        self.len += text.chars().count();
    }

    /// The left edge of the paragraph's continuation lines (all but the
    /// first), when it has any on its first page.
    fn body_left(&self) -> Option<f64> {
        self.lines
            .iter()
            .skip(1)
            .filter(|l| l.page == self.page)
            .map(|l| l.bbox.x0)
            .min_by(f64::total_cmp)
    }

    fn finish(self, role: ParagraphRole) -> Paragraph {
        Paragraph {
            id: String::new(),
            role,
            text: self.text,
            page: self.page,
            pages: self.pages,
            bbox: self.bbox,
            lines: self.lines,
        }
    }
}

/// Word: each paragraph is one line already.
fn word_paragraphs(lines: &[&TextLine]) -> Vec<(Paragraph, Cue)> {
    lines
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|l| {
            let d = Draft::start(l, false);
            let cue = Cue::default();
            (d.finish(ParagraphRole::Body), cue)
        })
        .collect()
}

/// What the page showed about a paragraph beyond its text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Cue {
    /// Its first line is centred on the page.
    centred: bool,
    /// Its font is clearly larger than the body text's.
    large: bool,
}

/// Metrics of one page's text.
#[derive(Debug, Clone, Copy)]
struct PageMetrics {
    /// The left text edge (where continuation lines start).
    left: f64,
    /// The right text edge (where full lines end).
    right: f64,
    /// Usual gap between two lines of a paragraph.
    leading: f64,
    /// The document's body font size.
    body_size: f64,
}

fn pdf_paragraphs(lines: &[&TextLine], pages: &[PageBox]) -> Vec<(Paragraph, Cue)> {
    let running = running_texts(lines, pages);
    let body: Vec<&TextLine> = lines
        .iter()
        .copied()
        .filter(|l| {
            let Some(b) = l.bbox else { return false };
            let page = pages.iter().find(|p| p.number == l.page);
            let in_band = page.is_some_and(|p| {
                b.y1 < p.height * MARGIN_BAND || b.y0 > p.height * (1.0 - MARGIN_BAND)
            });
            !(in_band && (is_page_number(&l.text) || running.contains(&band_key(&l.text))))
                && !l.text.trim().is_empty()
        })
        .collect();
    let body_size = median(body.iter().map(|l| f64::from(l.size)).collect()).unwrap_or(10.0);
    let mut out: Vec<(Paragraph, Cue)> = Vec::new();
    let mut cur: Option<Draft> = None;
    let mut prev: Option<&TextLine> = None;
    let mut metrics: Option<(u32, PageMetrics)> = None;
    for line in body {
        let Some(bbox) = line.bbox else { continue };
        let m = match metrics {
            Some((n, m)) if n == line.page => m,
            _ => {
                let m = page_metrics(lines, line.page, pages, body_size);
                metrics = Some((line.page, m));
                m
            }
        };
        let em = f64::from(line.size).max(4.0);
        let centred = is_centred(bbox, m, em);
        let breaks = match (prev, cur.as_ref()) {
            (Some(p), Some(d)) => starts_block(p, line, d, m, em, centred),
            _ => true,
        };
        if breaks {
            if let Some(d) = cur.take() {
                let cue = cue_of(&d, body_size);
                out.push((d.finish(ParagraphRole::Body), cue));
            }
            cur = Some(Draft::start(line, centred));
        } else if let Some(d) = cur.as_mut() {
            d.push(line);
        }
        prev = Some(line);
    }
    if let Some(d) = cur.take() {
        let cue = cue_of(&d, body_size);
        out.push((d.finish(ParagraphRole::Body), cue));
    }
    out
}

fn cue_of(d: &Draft, body_size: f64) -> Cue {
    Cue {
        centred: d.centred,
        large: f64::from(d.size) > body_size + 1.5,
    }
}

/// Whether `line` starts a new block after `prev` (the last line of `draft`).
fn starts_block(
    prev: &TextLine,
    line: &TextLine,
    draft: &Draft,
    m: PageMetrics,
    em: f64,
    centred: bool,
) -> bool {
    let (Some(pb), Some(b)) = (prev.bbox, line.bbox) else {
        return true;
    };
    let text = line.text.trim();
    // "。" alone on a line belongs to the line before it.
    if text.chars().all(is_trailing_punctuation) {
        return false;
    }
    // A numbering marker alone ("（八）") heads the text that follows it.
    if is_marker_only(&draft.text) {
        return false;
    }
    // A line cannot start with what ends a name or clause: "（项）。主要用于…"
    // after "…行政单位离退休", where Word broke the line before the bracket
    // (上海市普陀区财政局 2024 决算 p. 22).
    if continues_line(text) && line.page == prev.page && !ends_clause(&prev.text) {
        return false;
    }
    // A large centred title wrapped over lines ("…部门决" / "算情况说明"):
    // the line before is wider, set in the same size, a line gap above.
    if centred
        && line.page == prev.page
        && (line.size - prev.size).abs() < 0.5
        && f64::from(line.size) > m.body_size + 1.5
        && pb.width() > b.width() + em
        && b.y0 - pb.y1 < m.leading + 0.8 * em
    {
        return false;
    }
    if centred || draft.centred {
        return true;
    }
    // Only a large change of size separates blocks by itself (a title over
    // body text): editors leave runs of another size inside paragraphs
    // (上海市普陀区财政局 2024 决算 p. 22, a line set larger mid-paragraph).
    if (line.size - prev.size).abs() > 4.0 {
        return true;
    }
    // Indentation is measured against the paragraph's own left edge once it
    // has one (a continuation line): paragraphs of one page are set with
    // different left indents (长春市信访局 2026 p. 18), and a line left of
    // the previous one continues that line's indented first line.
    let own_left = draft.body_left().unwrap_or(m.left);
    let indented = b.x0 > own_left + 0.8 * em && b.x0 > pb.x0 - 0.5 * em;
    // A short line ends its paragraph when it ends a sentence or is a
    // title; Word also ends a line early when the next word, a long number,
    // does not fit ("…年初预算为" / "161.62万元，…", 上海市普陀区财政局 2024
    // 决算 p. 22).
    let shortfall = m.right - pb.x1;
    let titled = is_title_like(&prev.text)
        && prev.text.chars().count() <= 30
        && !prev.text.trim_end().ends_with(|c: char| c.is_ascii_digit());
    let prev_short =
        shortfall > 2.5 * em && (ends_clause(&prev.text) || titled || shortfall > 8.0 * em);
    if indented || prev_short {
        return true;
    }
    // Numbering after a finished clause, or after a line without any
    // sentence punctuation (a heading, a table-of-contents entry), starts a
    // block; inside a sentence it is rare enough to be taken as a break too
    // only when the line before ends the clause.
    if heading_marker(text).is_some() && (ends_clause(&prev.text) || is_title_like(&prev.text)) {
        return true;
    }
    if line.page == prev.page {
        let gap = b.y0 - pb.y1;
        if gap > m.leading + 0.9 * em {
            return true;
        }
        // A line above the previous one is another column or a float.
        if b.y0 < pb.y0 - 1.0 {
            return true;
        }
    }
    false
}

/// Whether a line begins with what only continues the line before: a
/// classification level "（项）", "（款）", "（类）", or closing punctuation.
fn continues_line(text: &str) -> bool {
    ["（项）", "（款）", "（类）", "(项)", "(款)", "(类)"]
        .iter()
        .any(|w| text.starts_with(w))
        || text.starts_with(['，', '。', '、', '；', '：', '）', '”'])
}

/// Punctuation that closes a sentence or clause and may be pushed onto a
/// line of its own.
fn is_trailing_punctuation(c: char) -> bool {
    matches!(
        c,
        '。' | '，'
            | '、'
            | '；'
            | '：'
            | '）'
            | '”'
            | '’'
            | '！'
            | '？'
            | '.'
            | ','
            | ';'
            | ')'
    )
}

/// Whether `s` ends a clause (so that a numbered line after it starts a
/// new block rather than continuing a sentence).
fn ends_clause(s: &str) -> bool {
    s.trim_end()
        .ends_with(['。', '；', '：', ':', ';', '！', '？'])
}

/// Whether a line has no sentence punctuation at all (a heading or a
/// table-of-contents entry, not a wrapped sentence).
fn is_title_like(s: &str) -> bool {
    !s.contains(['，', '。', '；', '、', ',', ';'])
        || heading_marker(s).is_some_and(|_| !s.contains(['，', '。', '；']))
}

fn is_centred(b: BBox, m: PageMetrics, em: f64) -> bool {
    let left = b.x0 - m.left;
    let right = m.right - b.x1;
    left > 2.5 * em && right > 2.5 * em && (left - right).abs() < 2.0 * em
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.retain(|x| x.is_finite());
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}

/// The text edges and line gap of one page, from its long lines. A page
/// with too few long lines (a cover, a title page) takes the median edges
/// of the pages of its width that have enough.
fn page_metrics(lines: &[&TextLine], page: u32, pages: &[PageBox], body_size: f64) -> PageMetrics {
    let width = pages
        .iter()
        .find(|p| p.number == page)
        .map_or(595.0, |p| p.width);
    let (left, right) = page_edges(lines, page, body_size).unwrap_or_else(|| {
        let similar: Vec<(f64, f64)> = pages
            .iter()
            .filter(|p| (p.width - width).abs() < 2.0)
            .filter_map(|p| page_edges(lines, p.number, body_size))
            .collect();
        match (
            median(similar.iter().map(|e| e.0).collect()),
            median(similar.iter().map(|e| e.1).collect()),
        ) {
            (Some(l), Some(r)) => (l, r),
            _ => (width * 0.12, width * 0.88),
        }
    });
    // Gaps between consecutive lines on the page.
    let mut gaps = Vec::new();
    let mut last: Option<BBox> = None;
    for l in lines.iter().filter(|l| l.page == page) {
        if let (Some(p), Some(b)) = (last, l.bbox) {
            let g = b.y0 - p.y1;
            if g > -1.0 && g < 3.0 * body_size {
                gaps.push(g);
            }
        }
        last = l.bbox;
    }
    let leading = median(gaps).unwrap_or(0.5 * body_size).max(0.0);
    PageMetrics {
        left,
        right,
        leading,
        body_size,
    }
}

/// Left and right text edges of a page with at least three long lines.
fn page_edges(lines: &[&TextLine], page: u32, body_size: f64) -> Option<(f64, f64)> {
    let boxes: Vec<BBox> = lines
        .iter()
        .filter(|l| l.page == page && l.text.chars().count() >= 8)
        .filter_map(|l| l.bbox)
        .collect();
    if boxes.len() < 3 {
        return None;
    }
    let lefts: Vec<f64> = boxes.iter().map(|b| b.x0).collect();
    let rights: Vec<f64> = boxes.iter().map(|b| b.x1).collect();
    Some((
        shared_edge(&lefts, false, body_size)?,
        shared_edge(&rights, true, body_size)?,
    ))
}

/// The outermost edge shared by at least two lines (within 2 pt): the
/// leftmost such left edge, or the rightmost such right edge. A single
/// stray line further out does not move the text edge.
fn shared_edge(xs: &[f64], rightmost: bool, body_size: f64) -> Option<f64> {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    if rightmost {
        v.reverse();
    }
    let tol = 2.0f64.max(0.2 * body_size);
    v.windows(2).find_map(|w| match w {
        [a, b] if (a - b).abs() <= tol => Some(*a),
        _ => None,
    })
}

/// The text of a band line with digits blanked, so "— 3 —" and "— 4 —",
/// or "第3页" and "第4页", are one running text.
fn band_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Texts printed in the top or bottom band of at least
/// [`MIN_RUNNING_PAGES`] pages.
fn running_texts(lines: &[&TextLine], pages: &[PageBox]) -> Vec<String> {
    let mut seen: Vec<(String, u32)> = Vec::new();
    for l in lines {
        let Some(b) = l.bbox else { continue };
        let Some(p) = pages.iter().find(|p| p.number == l.page) else {
            continue;
        };
        if b.y1 < p.height * MARGIN_BAND || b.y0 > p.height * (1.0 - MARGIN_BAND) {
            seen.push((band_key(&l.text), l.page));
        }
    }
    seen.sort();
    seen.dedup();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < seen.len() {
        let key = seen.get(i).map(|s| s.0.clone()).unwrap_or_default();
        let n = seen.iter().skip(i).take_while(|s| s.0 == key).count();
        if n >= MIN_RUNNING_PAGES && !key.is_empty() {
            out.push(key);
        }
        i += n.max(1);
    }
    out
}

/// Whether the line is a bare page number: "3", "- 3 -", "— 3 —", "第3页",
/// "第 3 页 共 20 页", "3/20".
pub(crate) fn is_page_number(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || !t.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    t.chars()
        .all(|c| c.is_ascii_digit() || "-—–－~·/第页共".contains(c))
        && t.chars().filter(|c| c.is_ascii_digit()).count() <= 8
}

/// The rank of a heading marker at the start of `s` and its length in
/// bytes: 0 for 第X部分/章/篇, 1 for 一、, 2 for （一）, 3 for 1．/1、/1.,
/// 4 for （1）/1）/①.
pub(crate) fn heading_marker(s: &str) -> Option<(u8, usize)> {
    const CN: &str = "一二三四五六七八九十百零〇";
    let s = s.trim_start();
    let digits = |t: &str, cn: bool| -> usize {
        t.char_indices()
            .take_while(|(_, c)| {
                if cn {
                    CN.contains(*c)
                } else {
                    c.is_ascii_digit()
                }
            })
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .unwrap_or(0)
    };
    if let Some(rest) = s.strip_prefix('第') {
        let n = digits(rest, true).max(digits(rest, false));
        let after = rest.get(n..)?;
        for w in ["部分", "章", "篇", "节"] {
            if n > 0 && after.starts_with(w) {
                return Some((0, '第'.len_utf8() + n + w.len()));
            }
        }
        return None;
    }
    if let Some(c) = s.chars().next()
        && ('\u{2460}'..='\u{2473}').contains(&c)
    {
        return Some((4, c.len_utf8()));
    }
    for open in ['（', '('] {
        if let Some(rest) = s.strip_prefix(open) {
            let (n, rank) = match digits(rest, true) {
                0 => (digits(rest, false), 4),
                n => (n, 2),
            };
            let after = rest.get(n..)?;
            let close = after.chars().next()?;
            if n > 0 && n <= 9 && matches!(close, '）' | ')') {
                return Some((rank, open.len_utf8() + n + close.len_utf8()));
            }
            return None;
        }
    }
    let n = digits(s, true);
    if n > 0 {
        let after = s.get(n..)?;
        return after.starts_with('、').then_some((1, n + '、'.len_utf8()));
    }
    let n = digits(s, false);
    if n > 0 && n <= 2 {
        let after = s.get(n..)?;
        let c = after.chars().next()?;
        let rest = after.get(c.len_utf8()..).unwrap_or("");
        return match c {
            '、' | '．' => Some((3, n + c.len_utf8())),
            // "1." but not "1.5万元": a digit after the point is a number.
            '.' if !rest.starts_with(|d: char| d.is_ascii_digit()) => Some((3, n + 1)),
            '）' | ')' => Some((4, n + c.len_utf8())),
            _ => None,
        };
    }
    None
}

/// Whether the text is only a numbering marker ("（八）", "3．").
fn is_marker_only(s: &str) -> bool {
    let t = s.trim();
    heading_marker(t).is_some_and(|(_, n)| t.get(n..).is_some_and(|r| r.trim().is_empty()))
}

/// Whether a paragraph reads as a heading: numbered (or centred, or set
/// larger than the body), short, and not a sentence.
fn heading_rank(p: &Paragraph, cue: Cue) -> Option<u8> {
    let t = p.text.trim();
    let n = t.chars().count();
    if n == 0 || n > MAX_HEADING_CHARS {
        return None;
    }
    // A sentence or a definition ("一、财政拨款：指…") is body text, and
    // so is a numbered statement of a figure ("（一）收入预算总计20849.45万元").
    let inner = t.trim_end_matches(['：', ':']);
    if inner.contains(['。', '；', '：', ':', ';', '，', ',']) || states_figure(t) {
        return None;
    }
    if let Some((rank, len)) = heading_marker(t) {
        // "1．收入执收计划编制。" was excluded above; the marker must be
        // followed by a title.
        return t
            .get(len..)
            .is_some_and(|r| !r.trim().is_empty())
            .then_some(rank);
    }
    // A figure caption ("图1 2024年度本年收入比重图") is not a heading.
    let caption = t.starts_with('图') && t.chars().nth(1).is_some_and(|c| c.is_ascii_digit());
    if (cue.centred || cue.large)
        && n <= 40
        && t.chars().any(is_cjk)
        && !is_page_number(t)
        && !caption
    {
        return Some(0);
    }
    None
}

/// Whether the text states an amount or a percentage (a digit followed by
/// 元, 万元, 亿元 or %).
fn states_figure(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(2).any(|w| match w {
        [d, u] => d.is_ascii_digit() && matches!(u, '元' | '万' | '亿' | '%' | '％'),
        _ => false,
    })
}

/// Whether the paragraph opens a table of contents ("目录", "目 录").
fn is_toc_title(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    t == "目录"
}

/// A table-of-contents entry without its dot leaders and page number.
pub(crate) fn toc_entry_text(s: &str) -> String {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches(|c: char| c.is_ascii_digit());
    t.trim_end_matches(['.', '…', '·', '-', '—', '─', '⋯'])
        .to_owned()
}

/// Assigns roles, ids and sections.
fn into_sections(paragraphs: Vec<(Paragraph, Cue)>) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    // Heading stack: (rank, text).
    let mut stack: Vec<(u8, String)> = Vec::new();
    let mut toc: Option<TocState> = None;
    for (number, (mut p, cue)) in (1usize..).zip(paragraphs) {
        p.id = format!("p{number}");
        if let Some(state) = toc.as_mut() {
            if state.takes(&p) {
                p.role = ParagraphRole::Toc;
                push_paragraph(&mut sections, &stack, p, false);
                continue;
            }
            // The text proper begins: the contents' headings are not its path.
            toc = None;
            stack.clear();
        }
        if is_toc_title(&p.text) {
            p.role = ParagraphRole::Heading;
            stack.clear();
            stack.push((0, p.text.clone()));
            push_paragraph(&mut sections, &stack, p, true);
            toc = Some(TocState::default());
            continue;
        }
        match heading_rank(&p, cue) {
            Some(rank) => {
                p.role = ParagraphRole::Heading;
                while stack.last().is_some_and(|(r, _)| *r >= rank) {
                    stack.pop();
                }
                stack.push((rank, p.text.clone()));
                push_paragraph(&mut sections, &stack, p, true);
            }
            None => push_paragraph(&mut sections, &stack, p, false),
        }
    }
    for (i, s) in sections.iter_mut().enumerate() {
        s.id = format!("s{}", i + 1);
    }
    sections
}

fn push_paragraph(sections: &mut Vec<Section>, stack: &[(u8, String)], p: Paragraph, opens: bool) {
    let heading: Vec<String> = stack.iter().map(|(_, t)| t.clone()).collect();
    match sections.last_mut() {
        Some(s) if !opens && s.heading == heading => s.paragraphs.push(p),
        _ => sections.push(Section {
            id: String::new(),
            heading,
            paragraphs: vec![p],
        }),
    }
}

/// Reading a table of contents: every paragraph after "目录" is an entry
/// until the first entry comes round again (the text itself begins), a
/// sentence appears, or too many entries were read.
#[derive(Debug, Default)]
struct TocState {
    first: Option<String>,
    entries: usize,
}

impl TocState {
    fn takes(&mut self, p: &Paragraph) -> bool {
        let t = p.text.trim();
        let key = toc_entry_text(t);
        if key.is_empty() || self.entries >= MAX_TOC_ENTRIES {
            return false;
        }
        if t.contains('。') || t.chars().count() > MAX_HEADING_CHARS + 10 {
            return false;
        }
        match &self.first {
            Some(f) if *f == key => return false,
            None => self.first = Some(key),
            _ => {}
        }
        self.entries += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tl(page: u32, text: &str, x0: f64, y0: f64, x1: f64) -> TextLine {
        TextLine {
            page,
            text: text.to_owned(),
            bbox: Some(BBox::new(x0, y0, x1, y0 + 12.0)),
            size: 12.0,
        }
    }

    fn pages(n: u32) -> Vec<PageBox> {
        (1..=n)
            .map(|number| PageBox {
                number,
                width: 595.0,
                height: 842.0,
            })
            .collect()
    }

    fn texts(sections: &[Section]) -> Vec<(Vec<String>, ParagraphRole, String)> {
        sections
            .iter()
            .flat_map(|s| {
                s.paragraphs
                    .iter()
                    .map(|p| (s.heading.clone(), p.role, p.text.clone()))
            })
            .collect()
    }

    #[test]
    fn markers_have_ranks() {
        assert_eq!(heading_marker("第三部分 情况说明").map(|m| m.0), Some(0));
        assert_eq!(heading_marker("一、收支预算总表").map(|m| m.0), Some(1));
        assert_eq!(heading_marker("（二）支出").map(|m| m.0), Some(2));
        assert_eq!(heading_marker("1．收入").map(|m| m.0), Some(3));
        assert_eq!(heading_marker("10、收入").map(|m| m.0), Some(3));
        assert_eq!(heading_marker("（1）公务用车").map(|m| m.0), Some(4));
        assert_eq!(heading_marker("①完成"), Some((4, 3)));
        assert_eq!(heading_marker("1.5万元"), None);
        assert_eq!(heading_marker("2017 年"), None);
        assert_eq!(heading_marker("（苏财预〔2017〕19号）"), None);
        assert_eq!(heading_marker("十一、一般公共预算").map(|m| m.0), Some(1));
        assert!(is_marker_only("（八）"));
        assert!(!is_marker_only("（八）负责"));
    }

    #[test]
    fn page_numbers_are_recognized() {
        for s in ["— 3 —", "- 12 -", "3", "第 3 页", "第3页 共20页", "3/20"] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["2017年", "一、", "第三部分", ""] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn indented_lines_start_paragraphs_and_wrapped_lines_join() {
        let lines = vec![
            tl(1, "一、收支预算总表情况说明", 80.0, 100.0, 240.0),
            tl(
                1,
                "省委办公厅2017年度收入、支出预算总计20849.45万",
                104.0,
                120.0,
                520.0,
            ),
            tl(
                1,
                "元，与上年相比增加2043.58万元，增长10.87%。",
                80.0,
                140.0,
                380.0,
            ),
            tl(1, "其中：基本支出9964.07万元。", 104.0, 160.0, 300.0),
            tl(
                1,
                "项目支出预算数为10688.66万元。与上年相比增加",
                104.0,
                180.0,
                520.0,
            ),
            tl(1, "1101.96万元。", 80.0, 200.0, 160.0),
            tl(1, "。", 80.0, 220.0, 92.0),
        ];
        let s = build_sections(&lines, &[], &pages(1));
        let t = texts(&s);
        assert_eq!(t.len(), 4, "{t:?}");
        assert_eq!(t[0].1, ParagraphRole::Heading);
        assert_eq!(
            t[1].2,
            "省委办公厅2017年度收入、支出预算总计20849.45万元，与上年相比增加2043.58万元，增长10.87%。"
        );
        assert_eq!(t[1].0, vec!["一、收支预算总表情况说明".to_owned()]);
        assert_eq!(
            t[3].2,
            "项目支出预算数为10688.66万元。与上年相比增加1101.96万元。。"
        );
        let p = &s[0].paragraphs[1];
        assert_eq!(p.lines.len(), 2);
        assert_eq!(
            p.lines[1].start,
            "省委办公厅2017年度收入、支出预算总计20849.45万"
                .chars()
                .count()
        );
    }

    #[test]
    fn paragraphs_continue_over_page_breaks_and_page_furniture_is_dropped() {
        let mut lines = Vec::new();
        for page in 1..=3 {
            lines.push(tl(page, "江苏省委办公厅部门预算", 200.0, 30.0, 400.0));
        }
        lines.push(tl(
            1,
            "第一段落的文字从这一页开始并且一直写到行",
            104.0,
            400.0,
            520.0,
        ));
        lines.push(tl(
            1,
            "尾没有结束，而是在下一页的第一行继续写完",
            80.0,
            420.0,
            520.0,
        ));
        lines.push(tl(1, "— 1 —", 280.0, 800.0, 320.0));
        lines.push(tl(2, "这一行是同一段落的结尾。", 80.0, 100.0, 300.0));
        lines.push(tl(
            2,
            "第二段落另起一行缩进两个字符开始书写内容。",
            104.0,
            120.0,
            500.0,
        ));
        lines.push(tl(2, "— 2 —", 280.0, 800.0, 320.0));
        lines.push(tl(3, "第三段落。", 104.0, 120.0, 200.0));
        let s = build_sections(&lines, &[], &pages(3));
        let t = texts(&s);
        assert_eq!(t.len(), 3, "{t:?}");
        assert!(
            t[0].2
                .ends_with("下一页的第一行继续写完这一行是同一段落的结尾。")
        );
        assert_eq!(s[0].paragraphs[0].pages, vec![1, 2]);
    }

    #[test]
    fn headings_nest_and_the_toc_is_kept_apart() {
        let lines = vec![
            tl(1, "目 录", 280.0, 60.0, 320.0),
            tl(1, "第一部分 部门概况", 80.0, 100.0, 240.0),
            tl(1, "一、主要职能", 104.0, 120.0, 240.0),
            tl(1, "第二部分 部门预算表", 80.0, 140.0, 240.0),
            tl(2, "第一部分 部门概况", 80.0, 100.0, 240.0),
            tl(2, "一、主要职能", 104.0, 120.0, 240.0),
            tl(
                2,
                "负责全省党政系统的密码通信和密码管理，承担在宁",
                104.0,
                140.0,
                520.0,
            ),
            tl(
                2,
                "党政军领导机关及其要害部门核心机密文件、信件传递",
                80.0,
                150.0,
                520.0,
            ),
            tl(2, "工作。", 80.0, 155.0, 120.0),
            tl(2, "（一）人员经费", 104.0, 160.0, 300.0),
            tl(2, "人员经费7819.47万元。", 104.0, 180.0, 300.0),
            tl(2, "二、机构设置", 104.0, 200.0, 240.0),
        ];
        let s = build_sections(&lines, &[], &pages(2));
        let t = texts(&s);
        let roles: Vec<ParagraphRole> = t.iter().map(|x| x.1).collect();
        use ParagraphRole::*;
        assert_eq!(
            roles,
            [
                Heading, Toc, Toc, Toc, Heading, Heading, Body, Heading, Body, Heading
            ]
        );
        assert_eq!(
            t[8].0,
            ["第一部分 部门概况", "一、主要职能", "（一）人员经费"]
        );
        assert_eq!(t[9].0, ["第一部分 部门概况", "二、机构设置"]);
    }

    #[test]
    fn word_paragraphs_keep_their_text_and_get_headings() {
        let line = |page, text: &str| TextLine {
            page,
            text: text.to_owned(),
            bbox: None,
            size: 0.0,
        };
        let lines = vec![
            line(1, "第三部分 2025年部门预算情况说明"),
            line(1, "一、收支预算总体情况"),
            line(1, "2025年收入预算100.00万元，比上年增加10.00万元。"),
            line(2, "二、“三公”经费预算情况"),
        ];
        let s = build_sections(&lines, &[], &[]);
        let t = texts(&s);
        assert_eq!(t.len(), 4);
        assert_eq!(t[2].1, ParagraphRole::Body);
        assert_eq!(t[2].0.len(), 2);
        assert_eq!(
            t[3].0,
            ["第三部分 2025年部门预算情况说明", "二、“三公”经费预算情况"]
        );
        assert!(s[1].paragraphs[1].lines.is_empty());
        assert_eq!(s[2].paragraphs[0].page, 2);
    }

    #[test]
    fn table_titles_are_not_prose() {
        let table = Table {
            id: "t1".into(),
            title: Some("2025年收支总表".into()),
            pages: vec![1],
            heading: vec!["单位：万元".into()],
            ..Table::default()
        };
        let lines = vec![
            tl(1, "2025年收支总表", 200.0, 100.0, 400.0),
            tl(1, "单位：万元", 450.0, 120.0, 520.0),
            tl(2, "2025年收支总表", 200.0, 100.0, 400.0),
        ];
        let s = build_sections(&lines, &[table], &pages(2));
        assert_eq!(texts(&s).len(), 1);
    }
}
