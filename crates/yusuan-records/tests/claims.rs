//! Golden claims (golden/claims/*.tsv, written by hand from the rendered
//! pages): the claims read from the text of each document, on the pages the
//! golden covers, against the hand-made list. Recall (golden claims found)
//! and precision (claims found that the golden lists) must each be at least
//! 95% over all goldens, and the attributes the golden states (base,
//! change, percent, share, completion rate) must agree for at least 95% of
//! the matched claims. A corpus document that is absent is skipped with a
//! message; the samples are always there.
//!
//! A claim matches a golden line on the same page (any page for Word) with
//! the same figure (spaces and thousands commas aside) and a subject that
//! equals the golden's or contains it, or is contained in it, once spaces,
//! quotes, 、 and the basis words 预算/决算 (a claim's `basis`) are removed
//! and brackets folded to one width.

use std::path::{Path, PathBuf};

use yusuan_docx::{DocxOptions, read_docx};
use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_model::{Claim, Document, Quantity, Source, SourceFormat};
use yusuan_pdf::{PdfOptions, read_pdf};
use yusuan_records::{RecordsOptions, build_records, read_claims};

use crate::support::shared;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One line of a golden file.
#[derive(Debug, Clone)]
struct Golden {
    page: u32,
    subject: String,
    value: String,
    /// base, change, percent, share, completion ("" when not stated).
    attrs: [String; 5],
}

struct GoldenFile {
    name: String,
    document: String,
    pages: (u32, u32),
    claims: Vec<Golden>,
}

fn load(path: &Path) -> GoldenFile {
    let text = std::fs::read_to_string(path).unwrap();
    let mut g = GoldenFile {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        document: String::new(),
        pages: (1, u32::MAX),
        claims: Vec::new(),
    };
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# document\t") {
            g.document = rest.trim().to_owned();
            continue;
        }
        if let Some(rest) = line.strip_prefix("# pages\t") {
            let (a, b) = rest
                .trim()
                .split_once('-')
                .unwrap_or((rest.trim(), rest.trim()));
            g.pages = (a.parse().unwrap(), b.parse().unwrap());
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert!(f.len() >= 3, "{}: bad line {line:?}", g.name);
        let at = |i: usize| f.get(i).map_or(String::new(), |s| s.trim().to_owned());
        g.claims.push(Golden {
            page: f[0]
                .parse()
                .unwrap_or_else(|_| panic!("{}: bad page in {line:?}", g.name)),
            subject: at(1),
            value: at(2),
            attrs: [at(3), at(4), at(5), at(6), at(7)],
        });
    }
    assert!(!g.document.is_empty(), "{}: no '# document' line", g.name);
    g
}

/// Where a golden's document is: "samples/…" in the tree, else the corpus.
fn locate(document: &str) -> Option<PathBuf> {
    if document.starts_with("samples/") {
        return Some(root().join(document));
    }
    let path = shared()?.join("corpus/pdf").join(document);
    path.exists().then_some(path)
}

/// The document through the pipeline up to its claims.
fn claims_of(path: &Path) -> Vec<Claim> {
    let bytes = std::fs::read(path).unwrap();
    let (src, format) = if path.extension().is_some_and(|e| e == "docx") {
        (
            read_docx(&bytes, &DocxOptions::default()).unwrap(),
            SourceFormat::Docx,
        )
    } else {
        (
            read_pdf(&bytes, &PdfOptions::default()).unwrap(),
            SourceFormat::Pdf,
        )
    };
    let layout = reconstruct(&src, &LayoutOptions::default());
    let mut tables = layout.tables;
    let out = build_records(&mut tables, &layout.lines, &RecordsOptions::default());
    let mut doc = Document::new(Source {
        path: path.display().to_string(),
        sha256: String::new(),
        format,
        pages: src.page_count(),
        producer: src.producer.clone(),
        ocr_pages: Vec::new(),
    });
    doc.meta = out.meta;
    doc.tables = tables;
    doc.records = out.records;
    doc.text = layout.text;
    read_claims(&doc)
}

/// A figure as compared: no spaces or thousands commas, one width.
fn figure(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A subject as compared: the basis words (预算, 决算 …) are a claim's
/// `basis`, not part of its subject, so they are left out on both sides.
fn subject(s: &str) -> String {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !"“”\"‘’、「」".contains(*c))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            _ => c,
        })
        .collect();
    let t = t
        .replace("一般公共预算", "\u{E000}")
        .replace("年初预算", "")
        .replace("预算", "")
        .replace("决算", "");
    t.replace('\u{E000}', "一般公共预算")
}

fn subjects_match(golden: &str, found: &str) -> bool {
    let (g, f) = (subject(golden), subject(found));
    !g.is_empty() && !f.is_empty() && (g == f || g.contains(&f) || f.contains(&g))
}

fn raw(q: &Option<Quantity>) -> String {
    q.as_ref().map_or(String::new(), |q| figure(&q.raw))
}

/// Recall, precision and attribute counts of one golden file.
#[derive(Debug, Default)]
struct Score {
    golden: usize,
    found: usize,
    matched: usize,
    attrs: usize,
    attrs_ok: usize,
    report: Vec<String>,
}

fn score(g: &GoldenFile, claims: &[Claim], word: bool) -> Score {
    let on_pages: Vec<&Claim> = claims
        .iter()
        .filter(|c| word || (g.pages.0..=g.pages.1).contains(&c.page))
        .collect();
    let mut used = vec![false; on_pages.len()];
    let mut s = Score {
        golden: g.claims.len(),
        found: on_pages.len(),
        ..Score::default()
    };
    for gc in &g.claims {
        let hit = on_pages.iter().enumerate().position(|(i, c)| {
            !used[i]
                && (word || c.page == gc.page)
                && figure(&c.value.raw) == figure(&gc.value)
                && subjects_match(&gc.subject, &c.subject)
        });
        let Some(i) = hit else {
            s.report.push(format!(
                "  missed: p{} {} {}",
                gc.page, gc.subject, gc.value
            ));
            continue;
        };
        used[i] = true;
        s.matched += 1;
        let c = on_pages[i];
        let found = [
            raw(&c.base),
            raw(&c.change),
            raw(&c.change_percent),
            raw(&c.share),
            raw(&c.completion_rate),
        ];
        for (k, (want, got)) in gc.attrs.iter().zip(found.iter()).enumerate() {
            if want.is_empty() && got.is_empty() {
                continue;
            }
            s.attrs += 1;
            if figure(want) == *got {
                s.attrs_ok += 1;
            } else {
                let name = ["base", "change", "percent", "share", "completion"][k];
                s.report.push(format!(
                    "  {name} differs: p{} {} {}: golden {want:?}, found {got:?}",
                    gc.page, gc.subject, gc.value
                ));
            }
        }
    }
    for (i, c) in on_pages.iter().enumerate() {
        if !used[i] {
            s.report.push(format!(
                "  extra: p{} {} {} ({})",
                c.page, c.subject, c.value.raw, c.quote
            ));
        }
    }
    s
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[test]
fn golden_claims_recall_and_precision() {
    let dir = root().join("golden/claims");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no golden claims in {}", dir.display());
    let mut total = Score::default();
    let mut docs = 0;
    for path in &files {
        let g = load(path);
        let Some(doc) = locate(&g.document) else {
            println!("skipped: {} ({} not found)", g.name, g.document);
            continue;
        };
        let mut variants = vec![(doc.clone(), false)];
        // A sample is checked as Word and as PDF.
        let docx = doc.with_extension("docx");
        if g.document.starts_with("samples/") && docx.exists() {
            variants.push((docx, true));
        }
        for (file, word) in variants {
            let s = score(&g, &claims_of(&file), word);
            docs += 1;
            println!(
                "{} ({}): golden {}, found {}, matched {} · recall {:.3} precision {:.3} · attributes {}/{}",
                g.name,
                file.extension().and_then(|e| e.to_str()).unwrap_or(""),
                s.golden,
                s.found,
                s.matched,
                ratio(s.matched, s.golden),
                ratio(s.matched, s.found),
                s.attrs_ok,
                s.attrs
            );
            for line in &s.report {
                println!("{line}");
            }
            total.golden += s.golden;
            total.found += s.found;
            total.matched += s.matched;
            total.attrs += s.attrs;
            total.attrs_ok += s.attrs_ok;
        }
    }
    let (recall, precision, attrs) = (
        ratio(total.matched, total.golden),
        ratio(total.matched, total.found),
        ratio(total.attrs_ok, total.attrs),
    );
    println!(
        "all {docs} documents: golden {}, found {}, matched {} · recall {recall:.3} precision {precision:.3} · attributes {}/{} ({attrs:.3})",
        total.golden, total.found, total.matched, total.attrs_ok, total.attrs
    );
    assert!(
        recall >= 0.95,
        "claim recall {recall:.3} < 0.95 (run with --nocapture for the misses)"
    );
    assert!(precision >= 0.95, "claim precision {precision:.3} < 0.95");
    assert!(attrs >= 0.95, "attribute agreement {attrs:.3} < 0.95");
}
