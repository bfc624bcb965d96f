//! Our glyphs against `pdftotext -layout`: per page, the multiset of CJK
//! characters and ASCII digits must be found, ≥ 99.5% per document.
//!
//! `pdftotext` ignores clip paths, so recall is measured on a read that keeps
//! clipped glyphs (`keep_clipped`); the default read (clipped glyphs dropped)
//! must not add characters `pdftotext` lacks (precision ≥ 99.5%), which
//! catches off-page text (WPS 表格 repeats merged cells at y < 0) and doubled
//! fill-and-stroke text.

use std::collections::BTreeMap;
use std::process::Command;

use yusuan_model::SourceDocument;
use yusuan_pdf::PdfOptions;

use crate::corpus::{corpus_pdfs, has_tool, read};

const MIN_RECALL: f64 = 0.995;

fn counted(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(u32::from(c), 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

fn multiset(text: &str) -> BTreeMap<char, i64> {
    let mut m = BTreeMap::new();
    for c in text.chars().filter(|&c| counted(c)) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

/// Per-document counts of one comparison.
#[derive(Clone, Default)]
struct Score {
    /// Reference characters we also have (per page, multiset minimum).
    matched: i64,
    /// Reference characters (`pdftotext`).
    reference: i64,
    /// Our characters.
    ours: i64,
    /// Per page with a difference: what is missing and what is extra.
    mismatches: Vec<String>,
}

impl Score {
    fn recall(&self) -> f64 {
        ratio(self.matched, self.reference)
    }

    fn precision(&self) -> f64 {
        ratio(self.matched, self.ours)
    }
}

fn ratio(a: i64, b: i64) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Compares every page either side has: a page `pdftotext` has and we lost
/// counts as all missing, a page only we have as all extra.
fn score(doc: &SourceDocument, ref_pages: &[&str]) -> Score {
    let mut s = Score::default();
    let last = doc
        .pages
        .iter()
        .map(|p| usize::try_from(p.number).unwrap_or(usize::MAX))
        .max()
        .unwrap_or(0)
        .max(ref_pages.len());
    for number in 1..=last {
        let want = multiset(ref_pages.get(number - 1).copied().unwrap_or(""));
        let text: String = doc
            .pages
            .iter()
            .filter(|p| usize::try_from(p.number).is_ok_and(|n| n == number))
            .flat_map(|p| p.glyphs.iter().map(|g| g.text.as_str()))
            .collect();
        let got = multiset(&text);
        let (mut missing, mut extra) = (String::new(), String::new());
        for (c, n) in &want {
            let g = got.get(c).copied().unwrap_or(0);
            s.matched += g.min(*n);
            s.reference += n;
            missing.extend(std::iter::repeat_n(
                *c,
                usize::try_from(n - g).unwrap_or(0).min(5),
            ));
        }
        for (c, n) in &got {
            s.ours += n;
            let w = want.get(c).copied().unwrap_or(0);
            extra.extend(std::iter::repeat_n(
                *c,
                usize::try_from(n - w).unwrap_or(0).min(5),
            ));
        }
        if !missing.is_empty() || !extra.is_empty() {
            s.mismatches.push(format!(
                "    page {number}: missing {missing:?} extra {extra:?}"
            ));
        }
    }
    s
}

fn listed(mismatches: &[String]) -> String {
    let mut out = mismatches.iter().take(15).cloned().collect::<Vec<_>>();
    if mismatches.len() > 15 {
        out.push(format!("    ... and {} more pages", mismatches.len() - 15));
    }
    out.join("\n")
}

#[test]
fn cjk_and_digits_match_pdftotext() {
    let Some(pdfs) = corpus_pdfs() else { return };
    if !has_tool("pdftotext") {
        return;
    }
    let mut failures = Vec::new();
    let text_pdfs: Vec<_> = pdfs.iter().filter(|p| !p.scanned).collect();
    // pdftotext runs on the other core while we read.
    let paths: Vec<_> = text_pdfs.iter().map(|p| p.path.clone()).collect();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for path in paths {
            let out = Command::new("pdftotext")
                .args(["-q", "-layout", "-enc", "UTF-8"])
                .arg(&path)
                .arg("-")
                .output()
                .expect("pdftotext runs");
            if tx
                .send(String::from_utf8_lossy(&out.stdout).into_owned())
                .is_err()
            {
                return;
            }
        }
    });
    let (mut min_recall, mut min_precision) = (
        (f64::INFINITY, String::new()),
        (f64::INFINITY, String::new()),
    );
    for pdf in &text_pdfs {
        let reference = rx.recv().expect("pdftotext output");
        // Every page ends with a form feed.
        let mut ref_pages: Vec<&str> = reference.split('\u{c}').collect();
        if ref_pages.last().is_some_and(|p| p.trim().is_empty()) {
            ref_pages.pop();
        }
        let visible = read(pdf, &PdfOptions::default());
        // Intact corpus files must not make the interpreter panic (read_pdf
        // would catch it per page and leave the page empty).
        for page in &visible.pages {
            assert!(
                !page
                    .warnings
                    .iter()
                    .any(|w| w.message.contains("interpreter failed")),
                "{} page {}: {:?}",
                pdf.name,
                page.number,
                page.warnings
            );
        }
        let vis = score(&visible, &ref_pages);
        // Only documents with clipped text need the second read.
        let all = if vis.matched == vis.reference {
            vis.clone()
        } else {
            let doc = read(
                pdf,
                &PdfOptions {
                    keep_clipped: true,
                    ..PdfOptions::default()
                },
            );
            score(&doc, &ref_pages)
        };
        let (recall, precision) = (all.recall(), vis.precision());
        println!(
            "{recall:.4} recall {precision:.4} precision {:6} ref chars {:6} visible {:6} with clipped {:3}/{:3} pages  {}",
            all.reference,
            vis.ours,
            all.ours,
            visible.pages.len(),
            ref_pages.len(),
            pdf.name
        );
        assert!(
            all.reference > 0,
            "{}: pdftotext found no CJK or digits in a text pdf",
            pdf.name
        );
        if recall < min_recall.0 {
            min_recall = (recall, pdf.name.clone());
        }
        if precision < min_precision.0 {
            min_precision = (precision, pdf.name.clone());
        }
        if recall < MIN_RECALL {
            failures.push(format!(
                "{}: recall {recall:.4} < {MIN_RECALL} (characters of pdftotext we lack)\n{}",
                pdf.name,
                listed(&all.mismatches)
            ));
        }
        if precision < MIN_RECALL {
            failures.push(format!(
                "{}: precision {precision:.4} < {MIN_RECALL} (characters pdftotext does not have)\n{}",
                pdf.name,
                listed(&vis.mismatches)
            ));
        }
    }
    println!(
        "{} text pdfs; minimum recall {:.4} ({}), minimum precision {:.4} ({})",
        text_pdfs.len(),
        min_recall.0,
        min_recall.1,
        min_precision.0,
        min_precision.1
    );
    assert!(!text_pdfs.is_empty(), "no text pdfs in the corpus");
    assert!(
        failures.is_empty(),
        "below {MIN_RECALL}:\n{}",
        failures.join("\n")
    );
}
