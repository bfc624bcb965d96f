//! pdf → layout → records over every text PDF of ../shared/corpus: prints a
//! per-document summary and fails on documents that yield nothing.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use yusuan_layout::{LayoutOptions, reconstruct};
use yusuan_model::TableKind;
use yusuan_pdf::{PdfOptions, read_pdf};
use yusuan_records::{RecordsOptions, RecordsOutput, build_records};

use crate::support::shared;

/// Scanned PDFs (MANIFEST.md: `scanned`): page images only, nothing to read.
const SCANNED: &[&str] = &[
    "015_长沙_文化广电旅游体育局_2026年部门预算.pdf",
    "015_长沙_财政局_2026年部门预算.pdf",
];

/// Known gaps: documents that yield no records, each with its reason.
const KNOWN_EMPTY: &[(&str, &str)] = &[
    // Narrative volumes (MANIFEST: "budget narrative"): no tables at all.
    (
        "pdf_files_jszwfw_江苏省委办公厅_江苏省委办公厅2017年部门预算.pdf",
        "narrative only",
    ),
    (
        "pdf_files_jszwfw_江苏省政协办公厅_江苏省政协办公厅2019年度部门预算.pdf",
        "narrative only",
    ),
];

fn corpus_pdfs() -> Option<Vec<PathBuf>> {
    let dir = shared()?.join("corpus/pdf");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    Some(files)
}

/// One document through the pipeline.
pub(crate) fn run_pdf(
    path: &std::path::Path,
) -> Result<(Vec<yusuan_model::Table>, RecordsOutput), String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let src = read_pdf(&bytes, &PdfOptions::default()).map_err(|e| e.to_string())?;
    let layout = reconstruct(&src, &LayoutOptions::default());
    let mut tables = layout.tables;
    let out = build_records(&mut tables, &layout.lines, &RecordsOptions::default());
    Ok((tables, out))
}

/// Every corpus PDF through the pipeline once, shared by the tests of
/// this file (they run in one binary): (file name, tables and records).
type Run = (
    String,
    Result<(Vec<yusuan_model::Table>, RecordsOutput), String>,
);

fn corpus_runs() -> Option<&'static [Run]> {
    static RUNS: OnceLock<Option<Vec<Run>>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let files = corpus_pdfs()?;
        Some(
            files
                .iter()
                .map(|p| {
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    (name, run_pdf(p))
                })
                .collect(),
        )
    })
    .as_deref()
}

/// `meta.department` and `meta.year` of every corpus PDF, each read by a
/// person on the document's cover page (or, without a cover, on the page
/// that names the department: the 部门名称 cell of a 绩效目标表, the
/// 部门：line over a 收支预算总表), rendered with `pdftoppm -r 40…60`.
/// `None`: the document does not name one that can be read without OCR
/// (scans) or names a template's placeholder (上海市 XX 局); then a warning
/// must say so. A department is compared without a trailing （本级）/
/// （汇总）, which the pipeline leaves out.
const EXPECTED_META: &[(&str, Option<&str>, Option<i32>)] = &[
    (
        "002_北京_人力资源和社会保障局_2026年部门预算.pdf",
        Some("北京市人力资源和社会保障局"),
        Some(2026),
    ),
    (
        "002_北京_公安局交通警察局_2026年部门预算.pdf",
        Some("北京市公安局交通管理局"),
        Some(2026),
    ),
    // The file holds the budget of 首都绿化委员会办公室 (预算13表 部门名称, p24).
    (
        "002_北京_政府办公厅_2026年部门预算.pdf",
        Some("首都绿化委员会办公室"),
        Some(2026),
    ),
    (
        "002_北京_生态环境局_2026年部门预算.pdf",
        Some("北京市生态环境局"),
        Some(2026),
    ),
    (
        "003_深圳_2026年深圳市交通运输局部门预算.pdf",
        Some("深圳市交通运输局"),
        Some(2026),
    ),
    (
        "003_深圳_2026年深圳市民政局部门预算.pdf",
        Some("深圳市民政局"),
        Some(2026),
    ),
    (
        "004_重庆_2026年重庆市人民政府办公厅部门预算.pdf",
        Some("重庆市人民政府办公厅"),
        Some(2026),
    ),
    (
        "004_重庆_2026年重庆市规划和自然资源局部门预算.pdf",
        Some("重庆市规划和自然资源局"),
        Some(2026),
    ),
    (
        "005_广州_2026年广州市人民政府办公厅部门预算.pdf",
        Some("广州市人民政府办公厅"),
        Some(2026),
    ),
    // Standalone forms: 部门名称 cell; the year only in the file name and the
    // cell texts (2026, read with a warning).
    (
        "005_广州_政务服务和数据管理局_广州市政务服务和数据局2026年部门整体预算绩效目标申报表.pdf.pdf",
        Some("广州市政务服务和数据管理局"),
        Some(2026),
    ),
    (
        "005_广州_政务服务和数据管理局_广州市政务服务和数据管理局2026年项目支出绩效目标表（含转移支付项目）.pdf.pdf",
        Some("广州市政务服务和数据管理局"),
        Some(2026),
    ),
    (
        "006_苏州_2026年苏州市交通运输局部门预算.pdf",
        Some("苏州市交通运输局"),
        Some(2026),
    ),
    (
        "008_杭州_2026年杭州市公安局部门预算.pdf",
        Some("杭州市公安局"),
        Some(2026),
    ),
    // The file named 武汉市信访局 holds 国家信访局 2026 年度部门预算 (cover).
    (
        "009_武汉_2026年武汉市信访局部门预算.pdf",
        Some("国家信访局"),
        Some(2026),
    ),
    (
        "009_武汉_信访局_国家信访局2024年度部门决算公开.pdf",
        Some("国家信访局"),
        Some(2024),
    ),
    (
        "015_长沙_2026年长沙市信访局部门预算.pdf",
        Some("长沙市信访局"),
        Some(2026),
    ),
    // Scans (MANIFEST: scanned): 长沙市财政局 notices, no text layer.
    ("015_长沙_文化广电旅游体育局_2026年部门预算.pdf", None, None),
    ("015_长沙_财政局_2026年部门预算.pdf", None, None),
    (
        "017_福州_2026年福州市民政局部门预算.pdf",
        Some("福州市民政局"),
        Some(2026),
    ),
    (
        "017_福州_公安局_2026年度福州市公安局文职人员管理中心单位预算.pdf.pdf",
        Some("福州市公安局文职人员管理中心"),
        Some(2026),
    ),
    (
        "020_西安_2026年西安市司法局部门预算.pdf",
        Some("西安市司法局"),
        Some(2026),
    ),
    // The file named 2026年部门预算 is 西安市卫生健康委员会（汇总）2022年度部门决算.
    (
        "020_西安_卫生健康委员会_2026年部门预算.pdf",
        Some("西安市卫生健康委员会"),
        Some(2022),
    ),
    // Cover: 西安市商务局 2022 年部门综合预算.
    (
        "020_西安_商务局_2026年部门预算.pdf",
        Some("西安市商务局"),
        Some(2022),
    ),
    // Cover: 西安市科学技术局 2022 年部门综合预算.
    (
        "020_西安_科技创新局_2026年部门预算.pdf",
        Some("西安市科学技术局"),
        Some(2022),
    ),
    (
        "021_泉州_2026年泉州市公安局部门预算.pdf",
        Some("泉州市公安局"),
        Some(2026),
    ),
    (
        "025_烟台_2026年烟台市统计局部门预算.pdf",
        Some("烟台市统计局"),
        Some(2026),
    ),
    // The cover also prints the reviewers (初审：徐 宁 …): never a department.
    (
        "040_长春_2026年长春市信访局部门预算.pdf",
        Some("长春市信访局"),
        Some(2026),
    ),
    (
        "govbudgetchecker_X_上海市普陀区人民政府万里街道办事处25年预算.pdf",
        Some("上海市普陀区人民政府万里街道办事处"),
        Some(2025),
    ),
    (
        "govbudgetchecker_X_上海市普陀区人民政府办公室25年预算.pdf",
        Some("上海市普陀区人民政府办公室"),
        Some(2025),
    ),
    (
        "govbudgetchecker_X_上海市普陀区人民政府办公室单位25年预算.pdf",
        Some("上海市普陀区人民政府办公室"),
        Some(2025),
    ),
    (
        "govbudgetchecker_X_上海市普陀区商务委员会25年预算.pdf",
        Some("上海市普陀区商务委员会"),
        Some(2025),
    ),
    (
        "govbudgetchecker_X_上海市普陀区商务委员会单位25年预算.pdf",
        Some("上海市普陀区商务委员会"),
        Some(2025),
    ),
    (
        "govbudgetchecker_samples_bad_24年普陀区财政局（测试问题版本）.pdf",
        Some("上海市普陀区财政局"),
        Some(2024),
    ),
    (
        "govbudgetchecker_samples_bad_上海市普陀区规划和自然资源局 2024 年度部门决算.pdf",
        Some("上海市普陀区规划和自然资源局"),
        Some(2024),
    ),
    (
        "govbudgetchecker_samples_good_上海市普陀区财政局2024年度部门决算.pdf",
        Some("上海市普陀区财政局"),
        Some(2024),
    ),
    // A template: the cover names "上海市 XX 局".
    (
        "govbudgetchecker_samples_templates_附件2：部门决算模板.pdf",
        None,
        Some(2024),
    ),
    (
        "pdf_files_jszwfw_江苏省人大办公厅_江苏省人大常委会办公厅2019年部门预算公开表.pdf",
        Some("江苏省人大常委会办公厅"),
        Some(2019),
    ),
    (
        "pdf_files_jszwfw_江苏省人大办公厅_省人大办公厅2018预算公开.pdf",
        Some("江苏省人大常委会办公厅"),
        Some(2018),
    ),
    (
        "pdf_files_jszwfw_江苏省委办公厅_江苏省委办公厅2017年部门预算.pdf",
        Some("江苏省委办公厅"),
        Some(2017),
    ),
    // No cover: the 部门：line over 收支预算总表 prints the full name.
    (
        "pdf_files_jszwfw_江苏省委办公厅_江苏省委办公厅2017年预算公开表格.pdf",
        Some("中国共产党江苏省委员会办公厅"),
        Some(2017),
    ),
    // The cover has no text layer; the explanation text names the body
    // (read with a warning).
    (
        "pdf_files_jszwfw_江苏省政协办公厅_江苏省政协办公厅2019年度部门预算.pdf",
        Some("江苏省政协办公厅"),
        Some(2019),
    ),
    (
        "pdf_files_jszwfw_江苏省政协办公厅_江苏省政协办公厅2019年预算公开表.pdf",
        Some("江苏省政协办公厅"),
        Some(2019),
    ),
    (
        "uploads_archives_1769321433314-826553525.pdf",
        Some("上海市普陀区社会福利院"),
        Some(2024),
    ),
    ("上海市财政局25年预算.pdf", Some("上海市财政局"), Some(2025)),
];

/// Issue 17: department and year are right on every corpus PDF; unknown
/// ones are null with a warning, never a person's title or a sentence.
#[test]
fn issue_17_corpus_meta_is_right() {
    let Some(runs) = corpus_runs() else {
        println!("skipped: ../shared/corpus/pdf is absent");
        return;
    };
    let mut wrong = Vec::new();
    let listed: Vec<&str> = EXPECTED_META.iter().map(|(n, _, _)| *n).collect();
    for (name, _) in runs {
        if !listed.contains(&name.as_str()) {
            wrong.push(format!("{name}: not listed in EXPECTED_META"));
        }
    }
    for (name, department, year) in EXPECTED_META {
        let Some((_, run)) = runs.iter().find(|(n, _)| n == name) else {
            wrong.push(format!("{name}: listed but not in the corpus"));
            continue;
        };
        let Ok((_, out)) = run else {
            wrong.push(format!("{name}: pipeline error"));
            continue;
        };
        let got = out.meta.department.as_deref().map(|d| {
            d.trim_end_matches("（本级）")
                .trim_end_matches("(本级)")
                .trim_end_matches("（汇总）")
                .to_owned()
        });
        if got.as_deref() != *department {
            wrong.push(format!(
                "{name}: department {got:?}, expected {department:?}"
            ));
        }
        if out.meta.year != *year {
            wrong.push(format!(
                "{name}: year {:?}, expected {year:?}",
                out.meta.year
            ));
        }
        let warned = |what: &str| {
            out.diagnostics
                .iter()
                .any(|d| d.message.starts_with("meta:") && d.message.contains(what))
        };
        if department.is_none() && !warned("department") {
            wrong.push(format!("{name}: no department and no warning saying so"));
        }
        if year.is_none() && !warned("year") {
            wrong.push(format!("{name}: no year and no warning saying so"));
        }
    }
    assert!(wrong.is_empty(), "meta:\n{}", wrong.join("\n"));
}

#[test]
fn corpus_documents_yield_records() {
    let Some(runs) = corpus_runs() else {
        println!("skipped: ../shared/corpus/pdf is absent");
        return;
    };
    let mut empty = Vec::new();
    let mut invalid = Vec::new();
    let mut totals = [0usize; 5];
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../schema/document.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    for (name, run) in runs {
        let name = name.clone();
        if SCANNED.contains(&name.as_str()) {
            println!("{name}: scanned, skipped");
            continue;
        }
        let (tables, out) = match run.clone() {
            Ok(x) => x,
            Err(e) => {
                empty.push(format!("{name}: pipeline error {e}"));
                continue;
            }
        };
        // The whole document, as the CLI prints it (findings aside), must
        // validate against the published schema.
        let mut doc = yusuan_model::Document::new(yusuan_model::Source {
            path: name.clone(),
            sha256: "0".repeat(64),
            format: yusuan_model::SourceFormat::Pdf,
            pages: 1,
            producer: None,
            ocr_pages: Vec::new(),
        });
        doc.meta = out.meta.clone();
        doc.tables = tables.clone();
        doc.records = out.records.clone();
        doc.warnings = out.diagnostics.iter().map(|d| d.to_line()).collect();
        let json = serde_json::to_value(&doc).unwrap();
        let errs: Vec<String> = validator
            .iter_errors(&json)
            .take(3)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        if !errs.is_empty() {
            invalid.push(format!("{name}: {}", errs.join("; ")));
        }
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for t in &tables {
            *kinds.entry(t.kind.as_str()).or_default() += 1;
        }
        let r = &out.records;
        let classified = tables.iter().filter(|t| t.kind != TableKind::Other).count();
        let counts = [
            classified,
            r.indicators.len(),
            r.three_public.len(),
            r.budget_lines.len(),
            r.fund_summary.len(),
        ];
        for (t, c) in totals.iter_mut().zip(counts) {
            *t += c;
        }
        println!(
            "{name}\n  meta: {:?} {:?} {:?}\n  tables {} ({classified} classified): {kinds:?}\n  indicators {} · 三公 columns {} · budget lines {} · fund rows {} · warnings {}",
            out.meta.department,
            out.meta.year,
            out.meta.doc_type,
            tables.len(),
            r.indicators.len(),
            r.three_public.len(),
            r.budget_lines.len(),
            r.fund_summary.len(),
            out.diagnostics.len(),
        );
        let known = KNOWN_EMPTY.iter().find(|(n, _)| *n == name);
        if known.is_some() && counts[1..].iter().any(|&c| c > 0) {
            // Keep the list true: a gap that closed must leave it.
            empty.push(format!(
                "{name}: listed in KNOWN_EMPTY but yields records now"
            ));
        }
        if counts[1..].iter().all(|&c| c == 0) {
            if let Some((_, why)) = known {
                println!("  known gap: {why}");
                continue;
            }
            empty.push(format!(
                "{name}: no records ({} tables, {classified} classified)",
                tables.len()
            ));
        }
    }
    println!(
        "TOTAL classified tables {} · indicators {} · 三公 columns {} · budget lines {} · fund rows {}",
        totals[0], totals[1], totals[2], totals[3], totals[4]
    );
    assert!(
        invalid.is_empty(),
        "documents that do not validate against schema/document.schema.json:\n{}",
        invalid.join("\n")
    );
    assert!(
        empty.is_empty(),
        "documents that yield nothing:\n{}",
        empty.join("\n")
    );
    // Guard against a silent collapse: the corpus gives thousands of each.
    assert!(totals[1] >= 3000, "indicators fell to {}", totals[1]);
    assert!(totals[3] >= 3000, "budget lines fell to {}", totals[3]);
    assert!(totals[2] >= 100, "三公 columns fell to {}", totals[2]);
}
