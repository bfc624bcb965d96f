//! The running text outside tables, on corpus documents: paragraphs joined
//! as printed (checked against the rendered pages), headings nested, the
//! table of contents kept apart, page furniture left out. Skips when the
//! corpus is absent.

use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_model::{Paragraph, ParagraphRole, Section};
use yusuan_pdf::{PdfOptions, read_pdf};

use crate::corpus::corpus_dir;

fn sections_of(name: &str) -> Option<Vec<Section>> {
    let path = corpus_dir().join(name);
    let Ok(bytes) = std::fs::read(&path) else {
        println!("skipped: corpus file not found at {}", path.display());
        return None;
    };
    let doc = read_pdf(&bytes, &PdfOptions::default()).ok()?;
    Some(reconstruct(&doc, &LayoutOptions::default()).text)
}

fn paragraphs(sections: &[Section]) -> Vec<(&Section, &Paragraph)> {
    sections
        .iter()
        .flat_map(|s| s.paragraphs.iter().map(move |p| (s, p)))
        .collect()
}

/// 江苏省委办公厅 2017, narrative only (pages 5–6 and 8 read on the
/// rendering): a paragraph over a page break, a heading path three deep,
/// the 20 entries of the 目录, no "— 5 —" page numbers.
#[test]
fn jiangsu_2017_narrative_reads_as_printed() {
    let Some(sections) =
        sections_of("pdf_files_jszwfw_江苏省委办公厅_江苏省委办公厅2017年部门预算.pdf")
    else {
        return;
    };
    let all = paragraphs(&sections);
    let find = |start: &str| all.iter().find(|(_, p)| p.text.starts_with(start));
    let (s, p) = find("省委办公厅2017年度收入、支出预算总计").expect("summary paragraph");
    assert_eq!(
        p.text,
        "省委办公厅2017年度收入、支出预算总计20849.45万元，与上年相比收、支预算总计各增加\
         2043.58万元，增长10.87%。主要原因是政策性调资，住房公积金、房贴政策性调整，增加大院\
         管理费等。其中："
    );
    assert_eq!(p.pages, vec![5, 6]);
    assert_eq!(p.role, ParagraphRole::Body);
    assert_eq!(
        s.heading,
        [
            "第三部分省委办公厅2017年度部门预算情况说明",
            "一、收支预算总表情况说明"
        ]
    );
    let (s, _) = find("1．党委办公厅（室）及相关机构事务（款）行政运行（项）支出6106.99万元")
        .expect("行政运行 paragraph");
    assert_eq!(
        s.heading.last().map(String::as_str),
        Some("（一）一般公共服务（类）")
    );
    assert_eq!(s.heading.len(), 3);
    let toc: Vec<&str> = all
        .iter()
        .filter(|(_, p)| p.role == ParagraphRole::Toc)
        .map(|(_, p)| p.text.as_str())
        .collect();
    assert_eq!(toc.len(), 20, "{toc:?}");
    assert_eq!(
        toc.get(16),
        Some(&"十一、一般公共预算“三公”经费、会议费、培训费支出预算表")
    );
    // "。" printed alone on the next line belongs to its sentence (p. 4).
    assert!(
        find("省委办公厅2017年度部门预算数据仅包含厅机关本级")
            .is_some_and(|(_, p)| p.text.ends_with("西康宾馆（自收自支）。"))
    );
    for (_, p) in &all {
        assert!(!p.text.contains('—'), "page number kept: {}", p.text);
    }
}

/// The GovBudgetChecker 决算 with planted errors: the wrong year in the
/// heading of part three and the 截至 line survive as printed (pp. 18, 24).
#[test]
fn planted_errors_stay_in_the_text() {
    let Some(sections) =
        sections_of("govbudgetchecker_samples_bad_24年普陀区财政局（测试问题版本）.pdf")
    else {
        return;
    };
    assert!(
        sections
            .iter()
            .any(|s| s.heading == ["第三部分上海市普陀区财政局2023年度部门决算情况说明"])
    );
    let all = paragraphs(&sections);
    let (_, p) = all
        .iter()
        .find(|(_, p)| p.text.starts_with("截至2023年12月31日"))
        .expect("assets paragraph");
    assert_eq!(p.page, 24);
    assert!(p.bbox.is_some());
    let (_, p) = all
        .iter()
        .find(|(_, p)| p.text.starts_with("一、财政拨款收入：指"))
        .expect("definition");
    assert!(p.text.ends_with("国有资本经营预算财政拨款。。"));
}
