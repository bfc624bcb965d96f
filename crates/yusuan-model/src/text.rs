//! The running text of a document outside its tables: sections under their
//! headings, paragraphs as a reader reads them, sentences inside them.
//!
//! All of it is an extension of the output contract (`Document.text`).
//! Layout builds it from the page lines outside tables (PDF) or from the
//! Word paragraphs; records reads claims out of it; the audit quotes it.

use serde::{Deserialize, Serialize};

use crate::geometry::BBox;

/// What a paragraph is in the document's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphRole {
    /// Running text.
    #[default]
    Body,
    /// A heading ("第三部分 …情况说明", "一、收支预算总表情况说明", "（一）…");
    /// it opens the section it belongs to.
    Heading,
    /// An entry of the table of contents (目录).
    Toc,
}

/// Where one printed line of a paragraph starts and stands (PDF only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineSpan {
    /// Offset in characters (not bytes) into [`Paragraph::text`] where the
    /// line's text begins.
    pub start: usize,
    /// Page, from 1.
    pub page: u32,
    /// The line's box in points, origin top-left of the page.
    pub bbox: BBox,
}

/// One paragraph, its lines joined as a reader reads them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Document-wide id: "p1", "p2", … in reading order.
    pub id: String,
    /// Body, heading or table-of-contents entry.
    pub role: ParagraphRole,
    /// The text: lines joined without a break (no space between CJK
    /// characters, none inside a number broken over lines).
    pub text: String,
    /// Page of the first line, from 1 (Word: counted from explicit page
    /// breaks).
    pub page: u32,
    /// Every page the paragraph is printed on, ascending.
    pub pages: Vec<u32>,
    /// Union of the line boxes on the first page, points, origin top-left;
    /// null for Word.
    pub bbox: Option<BBox>,
    /// Where each printed line starts in `text` (PDF); empty for Word.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<LineSpan>,
}

impl Paragraph {
    /// The sentences of the paragraph as character ranges `[start, end)`
    /// into `text`. A sentence ends after 。！？； (full or half width) and
    /// any closing quotes or brackets that follow; the rest of the text is
    /// the last sentence. Empty sentences are left out.
    pub fn sentences(&self) -> Vec<(usize, usize)> {
        split_sentences(&self.text)
    }

    /// The text of sentence `i`, if there is one.
    pub fn sentence(&self, i: usize) -> Option<String> {
        let (a, b) = *self.sentences().get(i)?;
        Some(
            self.text
                .chars()
                .skip(a)
                .take(b.saturating_sub(a))
                .collect(),
        )
    }

    /// Page and box of the printed line holding character `offset`, when
    /// the paragraph has line spans (PDF).
    pub fn locate(&self, offset: usize) -> Option<(u32, BBox)> {
        self.lines
            .iter()
            .take_while(|l| l.start <= offset)
            .last()
            .map(|l| (l.page, l.bbox))
    }
}

/// Whether `c` ends a sentence.
fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
}

/// Whether `c` closes a quote or bracket that belongs to the sentence before.
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '】' | '》')
}

/// Sentence ranges of `text` in characters; see [`Paragraph::sentences`].
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        if is_sentence_end(c) {
            let mut end = i + 1;
            while chars
                .get(end)
                .is_some_and(|&c| is_sentence_end(c) || is_closer(c))
            {
                end += 1;
            }
            push_sentence(&chars, start, end, &mut out);
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    push_sentence(&chars, start, chars.len(), &mut out);
    out
}

fn push_sentence(chars: &[char], start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let slice = chars.get(start..end).unwrap_or(&[]);
    if slice.iter().any(|c| !c.is_whitespace()) {
        out.push((start, end));
    }
}

/// The paragraphs under one heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Document-wide id: "s1", "s2", … in reading order.
    pub id: String,
    /// Heading path, outermost first ("第三部分 …情况说明",
    /// "一、收支预算总表情况说明"); empty for text before the first heading
    /// (a cover page). The last entry is this section's own heading.
    pub heading: Vec<String>,
    /// Paragraphs in reading order; a section opened by a heading starts
    /// with that heading's paragraph.
    pub paragraphs: Vec<Paragraph>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_full_stops_and_keep_closers() {
        let t = "收入20万元。支出（含“三公”）10万元；其中：基本支出5万元。”余下";
        let s = split_sentences(t);
        let texts: Vec<String> = s
            .iter()
            .map(|&(a, b)| t.chars().skip(a).take(b - a).collect())
            .collect();
        assert_eq!(
            texts,
            [
                "收入20万元。",
                "支出（含“三公”）10万元；",
                "其中：基本支出5万元。”",
                "余下"
            ]
        );
    }

    #[test]
    fn locate_finds_the_line_of_an_offset() {
        let p = Paragraph {
            id: "p1".into(),
            role: ParagraphRole::Body,
            text: "一二三四五六".into(),
            page: 1,
            pages: vec![1, 2],
            bbox: None,
            lines: vec![
                LineSpan {
                    start: 0,
                    page: 1,
                    bbox: BBox::new(0.0, 0.0, 10.0, 10.0),
                },
                LineSpan {
                    start: 3,
                    page: 2,
                    bbox: BBox::new(0.0, 20.0, 10.0, 30.0),
                },
            ],
        };
        assert_eq!(p.locate(1).map(|l| l.0), Some(1));
        assert_eq!(p.locate(4).map(|l| l.0), Some(2));
        assert_eq!(p.sentence(0).as_deref(), Some("一二三四五六"));
        assert_eq!(p.sentence(1), None);
    }
}
