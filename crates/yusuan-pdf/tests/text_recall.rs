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

#[test]
fn cjk_and_digits_match_pdftotext() {
    let Some(pdfs) = corpus_pdfs() else { return };
    if !has_tool("pdftotext") {
        return;
    }
    let mut failures = Vec::new();
    let mut checked = 0;
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
    for pdf in text_pdfs {
        let reference = rx.recv().expect("pdftotext output");
        let ref_pages: Vec<&str> = reference.split('\u{c}').collect();
        let visible = read(pdf, &PdfOptions::default());
        let (mut vis_matched, mut vis_total, mut vis_ref) = (0i64, 0i64, 0i64);
        for page in &visible.pages {
            let idx = usize::try_from(page.number).expect("page number") - 1;
            let want = multiset(ref_pages.get(idx).copied().unwrap_or(""));
            vis_ref += want.values().sum::<i64>();
            let text: String = page.glyphs.iter().map(|g| g.text.as_str()).collect();
            for (c, n) in multiset(&text) {
                vis_matched += n.min(want.get(&c).copied().unwrap_or(0));
                vis_total += n;
            }
        }
        // Only documents with clipped text need the second read.
        let doc = if vis_matched == vis_ref {
            visible
        } else {
            read(
                pdf,
                &PdfOptions {
                    keep_clipped: true,
                    ..PdfOptions::default()
                },
            )
        };
        let (mut matched, mut total, mut ours_total) = (0i64, 0i64, 0i64);
        let mut mismatches = Vec::new();
        for page in &doc.pages {
            let idx = usize::try_from(page.number).expect("page number") - 1;
            let want = multiset(ref_pages.get(idx).copied().unwrap_or(""));
            let text: String = page.glyphs.iter().map(|g| g.text.as_str()).collect();
            let got = multiset(&text);
            ours_total += got.values().sum::<i64>();
            let mut missing = String::new();
            let mut extra = String::new();
            for (c, n) in &want {
                let g = got.get(c).copied().unwrap_or(0);
                matched += g.min(*n);
                total += n;
                for _ in 0..(n - g).clamp(0, 5) {
                    missing.push(*c);
                }
            }
            for (c, n) in &got {
                let w = want.get(c).copied().unwrap_or(0);
                for _ in 0..(n - w).clamp(0, 5) {
                    extra.push(*c);
                }
            }
            if !missing.is_empty() || !extra.is_empty() {
                mismatches.push(format!(
                    "    page {}: missing {missing:?} extra {extra:?}",
                    page.number
                ));
            }
        }
        let recall = if total == 0 {
            1.0
        } else {
            matched as f64 / total as f64
        };
        let precision = if vis_total == 0 {
            1.0
        } else {
            vis_matched as f64 / vis_total as f64
        };
        println!(
            "{recall:.4} recall {precision:.4} precision {total:6} ref chars {:6} visible {:6} with clipped {:3} pages  {}",
            vis_total,
            ours_total,
            doc.pages.len(),
            pdf.name
        );
        checked += 1;
        if recall < MIN_RECALL {
            failures.push(format!(
                "{}: recall {recall:.4} < {MIN_RECALL}\n{}",
                pdf.name,
                mismatches
                    .iter()
                    .take(15)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
        if precision < MIN_RECALL {
            failures.push(format!(
                "{}: precision {precision:.4} < {MIN_RECALL} (characters pdftotext does not have)",
                pdf.name
            ));
        }
    }
    assert!(checked > 0, "no text pdfs in the corpus");
    assert!(
        failures.is_empty(),
        "recall below {MIN_RECALL}:\n{}",
        failures.join("\n")
    );
}
