//! Document meta: department, fiscal year and document type, voted from
//! table titles and headings, form cells and the text lines outside tables.

use yusuan_model::{Diagnostic, DiagnosticKind, DocType, Loc, Meta, Table, TableKind, TextLine};

use crate::build::warn;
use crate::grid::{View, key};

/// Labels that introduce the department's name, as keys without colon.
/// Sorted, no duplicates.
const DEPARTMENT_LABELS: &[&str] = &[
    "一级预算单位",
    "主管部门",
    "主管部门及代码",
    "单位名称",
    "申报单位",
    "申请单位",
    "编制单位",
    "编制部门",
    "资金主管部门",
    "部门",
    "部门(单位)名称",
    "部门名称",
    "预算(单位)名称",
    "预算单位",
    "预算单位名称",
    "预算部门",
    "预算部门名称",
];

/// Last characters of an organization's name (局, 厅, 委员会, 办事处...).
const ORG_ENDINGS: &[char] = &[
    '会', '办', '厅', '司', '团', '园', '场', '处', '委', '室', '局', '府', '心', '所', '校', '社',
    '站', '署', '部', '队', '院', '馆',
];

/// Words that show a cell is a header, not a name.
const NOT_ORG_WORDS: &[&str] = &["决算", "合计", "支出", "收入", "经费", "预算"];

/// Marks of a template's placeholder name ("上海市 XX 局" on the cover of
/// the 部门决算模板): no department at all. Matched after folding
/// full-width letters and case. Sorted.
const PLACEHOLDER_MARKS: &[&str] = &["xx", "××", "某某", "＊＊"];

/// Whether a name is a template's placeholder ("上海市XX局").
fn is_placeholder(s: &str) -> bool {
    let folded: String = s
        .chars()
        .map(|c| match c {
            'Ｘ' | 'ｘ' => 'x',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    PLACEHOLDER_MARKS.iter().any(|m| folded.contains(m))
}

/// Strips what is printed around a name: a part heading ("第二部分"), a
/// code ("[292] 国家信访局", "315_烟台市统计局") and "(本级)".
fn clean_org(s: &str) -> String {
    let mut t = key(s);
    if let Some(rest) = t.strip_prefix('第')
        && let Some(i) = rest.find("部分")
    {
        t = rest.get(i + "部分".len()..).unwrap_or("").to_owned();
    }
    if t.starts_with('[')
        && let Some(i) = t.find(']')
    {
        t = t.get(i + 1..).unwrap_or("").to_owned();
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && t.get(digits..).is_some_and(|r| r.starts_with('_')) {
        t = t.get(digits + 1..).unwrap_or("").to_owned();
    }
    t.strip_suffix("(本级)").map(str::to_owned).unwrap_or(t)
}

/// Whether `s` looks like the name of a government body.
fn is_org_name(s: &str) -> bool {
    let n = s.chars().count();
    (4..=40).contains(&n)
        && s.chars().last().is_some_and(|c| ORG_ENDINGS.contains(&c))
        && !NOT_ORG_WORDS.iter().any(|w| s.contains(w))
        && !is_placeholder(s)
        && !s
            .chars()
            .any(|c| c.is_ascii_digit() || c == ':' || c == '：')
}

/// The name after a department label in "编制部门：长沙市司法局  单位：万元".
fn department_in_line(line: &str) -> Option<String> {
    let k = key(line);
    for label in DEPARTMENT_LABELS {
        let Some(i) = k.find(&format!("{label}:")) else {
            continue;
        };
        let rest = k.get(i + label.len() + 1..).unwrap_or("");
        // Cut at the next label ("单位:万元", "金额单位:元").
        let end = [
            "金额单位",
            "单位:",
            "(盖章)",
            "盖章",
            "填报日期",
            "预算年度",
        ]
        .iter()
        .filter_map(|w| rest.find(w))
        .min()
        .unwrap_or(rest.len());
        let name = clean_org(rest.get(..end).unwrap_or(""));
        if is_org_name(&name) {
            return Some(name);
        }
    }
    None
}

/// The department named in a form cell: a label cell followed by the name.
fn department_in_cells(table: &Table) -> Vec<String> {
    let view = View::new(table);
    let mut out = Vec::new();
    for row in 0..view.n_rows().min(6) {
        for col in 0..view.n_cols() {
            if !view.is_origin(row, col) {
                continue;
            }
            let k = key(view.raw(row, col));
            if let Some(name) = department_in_line(view.raw(row, col)) {
                out.push(name);
                continue;
            }
            if !DEPARTMENT_LABELS.contains(&k.trim_end_matches(':')) {
                continue;
            }
            let here = view.cell_index(row, col);
            let next = (col + 1..view.n_cols())
                .filter(|&c| view.cell_index(row, c) != here)
                .map(|c| view.text(row, c))
                .find(|t| !t.is_empty());
            if let Some(name) = next.map(|t| clean_org(&t)).filter(|t| is_org_name(t)) {
                out.push(name);
            }
        }
    }
    out
}

/// A department named on a cover line: "2026年深圳市交通运输局部门预算",
/// "上海市普陀区财政局2024年度部门决算", or a line that is only a name.
fn department_in_title(line: &str) -> Option<String> {
    let k = clean_org(line);
    if is_org_name(&k) {
        return Some(k);
    }
    // Without a year the line may still end in "…单位预算": a cover that
    // wraps the year onto a line of its own (福州公安局文职人员管理中心:
    // "2026 年度" / "福州市公安局文职人员" / "管理中心单位预算").
    let (start, end) = year_span(&k).unwrap_or((0, 0));
    let head = clean_org(k.get(..start).unwrap_or(""));
    if is_org_name(&head) {
        return Some(head);
    }
    let tail = k.get(end..).unwrap_or("");
    let cut = ["部门", "单位"]
        .iter()
        .filter_map(|w| tail.rfind(w))
        .max()?;
    let name = clean_org(tail.get(..cut).unwrap_or(""));
    is_org_name(&name).then_some(name)
}

/// A name right before a year at the start of a line: "江苏省政协办公厅 2019
/// 年度收入、支出预算总计…" → 江苏省政协办公厅.
fn department_before_year(line: &str) -> Option<String> {
    let k = key(line);
    let (start, _) = year_span(&k)?;
    let head = clean_org(k.get(..start)?);
    is_org_name(&head).then_some(head)
}

/// The byte span of the first "20xx年" / "20xx年度" in a key.
fn year_span(k: &str) -> Option<(usize, usize)> {
    let bytes = k.as_bytes();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let digits = bytes.get(i..i + 4)?;
        let before_ok = i == 0 || !bytes.get(i - 1).is_some_and(u8::is_ascii_digit);
        if before_ok && digits.iter().all(u8::is_ascii_digit) && digits.first() == Some(&b'2') {
            let rest = k.get(i + 4..).unwrap_or("");
            if rest.starts_with('年') {
                let mut end = i + 4 + '年'.len_utf8();
                if k.get(end..).is_some_and(|r| r.starts_with('度')) {
                    end += '度'.len_utf8();
                }
                return Some((i, end));
            }
        }
        i += 1;
    }
    None
}

/// The fiscal year a title or heading names: "2025年…", "（2024年度）",
/// "预算年度:2023".
pub(crate) fn year_in(text: &str) -> Option<i32> {
    let k = key(text);
    if let Some((s, _)) = year_span(&k) {
        return k.get(s..s + 4).and_then(|y| y.parse().ok());
    }
    let i = k.find("年度:")?;
    let rest = k.get(i + "年度:".len()..)?;
    let y: String = rest.chars().take(4).collect();
    (y.len() == 4 && y.starts_with('2'))
        .then(|| y.parse().ok())
        .flatten()
}

/// Each name replaced by the fullest form the document prints of it: the
/// cover says "江苏省委办公厅", the part headings "省委办公厅" — one body.
fn fuller_names(names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|n| {
            names
                .iter()
                .filter(|m| m.len() > n.len() && m.ends_with(n.as_str()))
                .max_by_key(|m| m.len())
                .unwrap_or(n)
                .clone()
        })
        .collect()
}

/// The most frequent value; ties go to the one seen first.
fn vote<T: PartialEq + Clone>(items: &[T]) -> Option<T> {
    let mut best: Option<(&T, usize)> = None;
    for item in items {
        let n = items.iter().filter(|x| *x == item).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((item, n));
        }
    }
    best.map(|(t, _)| t.clone())
}

/// Whether a kind is a financial table of a 预算/决算 volume.
fn is_financial(kind: TableKind) -> bool {
    matches!(
        kind,
        TableKind::RevenueExpenditureSummary
            | TableKind::RevenueSummary
            | TableKind::ExpenditureSummary
            | TableKind::FiscalGrantSummary
            | TableKind::GeneralBudgetByFunction
            | TableKind::BasicExpenditureByEconomic
            | TableKind::ThreePublic
            | TableKind::GovernmentFund
            | TableKind::StateCapital
            | TableKind::Procurement
    )
}

/// The document type a cover or title line names.
fn doc_type_in_line(line: &str) -> Option<DocType> {
    let k = key(line);
    year_span(&k)?;
    if k.contains("决算") {
        Some(DocType::FinalAccount)
    } else if k.contains("自评") || k.contains("绩效评价") {
        Some(DocType::SelfEvaluation)
    } else if k.contains("绩效目标") && !k.contains("部门预算") {
        Some(DocType::PerformanceTarget)
    } else if k.contains("预算") {
        Some(DocType::Budget)
    } else {
        None
    }
}

/// Lines of the first pages, where covers and document titles are.
fn cover_lines(lines: &[TextLine]) -> impl Iterator<Item = &TextLine> {
    lines.iter().filter(|l| l.page <= 2).take(40)
}

/// Reads the document meta.
pub(crate) fn read_meta(tables: &[Table], lines: &[TextLine], diags: &mut Vec<Diagnostic>) -> Meta {
    // Department: headings and form cells first, then lines.
    let mut names: Vec<String> = Vec::new();
    for t in tables {
        names.extend(t.heading.iter().filter_map(|h| department_in_line(h)));
        names.extend(department_in_cells(t));
    }
    if names.is_empty() {
        names.extend(lines.iter().filter_map(|l| department_in_line(&l.text)));
    }
    if names.is_empty() {
        // A cover title may wrap ("2026 年深圳市交通运输局（本级）部" / "门预算"):
        // each line is tried alone, then joined with the next one.
        let cover: Vec<&TextLine> = cover_lines(lines).collect();
        for (i, l) in cover.iter().enumerate() {
            if let Some(name) = department_in_title(&l.text) {
                names.push(name);
            } else if let Some(next) = cover.get(i + 1).filter(|n| n.page == l.page) {
                names.extend(department_in_title(&format!("{}{}", l.text, next.text)));
            }
        }
    }
    let mut department = vote(&fuller_names(&names));
    if department.is_none() {
        // Last resort: the explanation text names the body before the year
        // again and again ("江苏省政协办公厅 2019 年度收入、…"); a name seen
        // at least twice that way is taken, and the reader is told.
        let in_text: Vec<String> = lines
            .iter()
            .filter_map(|l| department_before_year(&l.text))
            .collect();
        department = vote(&fuller_names(&in_text))
            .filter(|name| in_text.iter().filter(|n| *n == name).count() >= 2);
        if let Some(name) = &department {
            diags.push(warn(
                DiagnosticKind::MetaUncertain,
                Loc::default(),
                format!("meta: department {name} read from the explanation text (no heading, form cell or cover line names one)"),
            ));
        }
    }

    // Year: titles and headings of the tables, else cover lines.
    let mut years: Vec<i32> = Vec::new();
    for t in tables {
        years.extend(t.title.as_deref().and_then(year_in));
        years.extend(t.heading.iter().filter_map(|h| year_in(h)));
    }
    if years.is_empty() {
        // Each cover line with the next one on its page: a title may break
        // inside its last word ("2026 年深圳市民政局（本级）部门预" / "算").
        let cover: Vec<&TextLine> = cover_lines(lines).collect();
        for (i, l) in cover.iter().enumerate() {
            let next = cover
                .get(i + 1)
                .filter(|n| n.page == l.page)
                .map_or("", |n| n.text.as_str());
            let joined = key(&format!("{}{next}", l.text));
            let names_volume = ["预算", "决算", "绩效"].iter().any(|w| joined.contains(w));
            if names_volume {
                years.extend(year_in(&l.text));
            }
        }
    }
    let mut year = vote(&years).filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        // Last resort: the years the cells of the document mention. A
        // standalone 绩效目标申报表 may print its year only inside task texts
        // ("2026年度…", 广州政数局 整体目标); the reader is told.
        let in_cells: Vec<i32> = tables
            .iter()
            .flat_map(|t| t.cells.iter())
            .filter_map(|c| year_in(&c.text))
            .filter(|y| (2000..=2100).contains(y))
            .collect();
        year = vote(&in_cells);
        if let Some(y) = year {
            diags.push(warn(
                DiagnosticKind::MetaUncertain,
                Loc::default(),
                format!("meta: fiscal year {y} read from cell texts (no title, heading or cover line names one)"),
            ));
        }
    }

    let doc_type = doc_type_of(tables, lines);
    if department.is_none() {
        diags.push(warn(
            DiagnosticKind::MetaUncertain,
            Loc::default(),
            "meta: no department found (looked for 编制部门/部门名称/单位名称 in headings, form cells and cover lines)".into(),
        ));
    }
    if year.is_none() {
        diags.push(warn(
            DiagnosticKind::MetaUncertain,
            Loc::default(),
            "meta: no fiscal year found in table titles, headings or cover lines".into(),
        ));
    }
    Meta {
        department,
        year,
        doc_type,
    }
}

/// The document type: the financial tables' titles (预算 or 决算) decide,
/// else the cover lines, else the kinds of the performance tables.
fn doc_type_of(tables: &[Table], lines: &[TextLine]) -> DocType {
    let financial: Vec<&Table> = tables.iter().filter(|t| is_financial(t.kind)).collect();
    let titles = |t: &&Table| -> String {
        let mut s = t.title.clone().unwrap_or_default();
        for h in &t.heading {
            s.push_str(h);
        }
        key(&s)
    };
    if !financial.is_empty() {
        let finals = financial
            .iter()
            .filter(|t| titles(t).contains("决算"))
            .count();
        let budgets = financial
            .iter()
            .filter(|t| titles(t).contains("预算"))
            .count();
        if finals > 0 && finals >= budgets {
            return DocType::FinalAccount;
        }
        if let Some(dt) = cover_lines(lines).find_map(|l| doc_type_in_line(&l.text))
            && matches!(dt, DocType::Budget | DocType::FinalAccount)
        {
            return dt;
        }
        return DocType::Budget;
    }
    if let Some(dt) = cover_lines(lines).find_map(|l| doc_type_in_line(&l.text)) {
        return dt;
    }
    let has = |k: TableKind| tables.iter().any(|t| t.kind == k);
    if has(TableKind::SelfEvaluationOverall)
        || has(TableKind::SelfEvaluationProject)
        || has(TableKind::BasicData)
    {
        return DocType::SelfEvaluation;
    }
    if has(TableKind::ProjectPerformanceTargets) || has(TableKind::OverallPerformanceTargets) {
        return DocType::PerformanceTarget;
    }
    tables
        .iter()
        .filter_map(|t| t.title.as_deref())
        .find_map(doc_type_in_line)
        .unwrap_or(DocType::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted<T: PartialOrd>(v: &[T]) -> bool {
        v.windows(2).all(|w| matches!(w, [a, b] if a < b))
    }

    #[test]
    fn vocabularies_sorted_and_unique() {
        assert!(sorted(DEPARTMENT_LABELS));
        assert!(sorted(ORG_ENDINGS));
        assert!(sorted(NOT_ORG_WORDS));
        assert!(sorted(PLACEHOLDER_MARKS));
    }

    #[test]
    fn departments_in_lines() {
        assert_eq!(
            department_in_line("部门名称：长沙市司法局").as_deref(),
            Some("长沙市司法局")
        );
        assert_eq!(
            department_in_line("编制部门：上海市普陀区商务委员会        单位：元").as_deref(),
            Some("上海市普陀区商务委员会")
        );
        assert_eq!(
            department_in_line("预算（单位）名称：秀山土家族苗族自治县司法局").as_deref(),
            Some("秀山土家族苗族自治县司法局")
        );
        assert_eq!(department_in_line("单位：万元"), None);
        assert_eq!(
            department_in_line("部门：                  江苏省人大常委会办公厅      单位：万元")
                .as_deref(),
            Some("江苏省人大常委会办公厅")
        );
        assert_eq!(
            department_in_line("主管部门：[292] 国家信访局").as_deref(),
            Some("国家信访局")
        );
    }

    #[test]
    fn departments_in_titles() {
        assert_eq!(
            department_in_title("2026年深圳市交通运输局部门预算").as_deref(),
            Some("深圳市交通运输局")
        );
        assert_eq!(
            department_in_title("上海市普陀区财政局2024年度部门决算").as_deref(),
            Some("上海市普陀区财政局")
        );
        assert_eq!(
            department_in_title("长沙市司法局").as_deref(),
            Some("长沙市司法局")
        );
        assert_eq!(department_in_title("2023 年部门预算公开"), None);
        assert_eq!(
            department_in_title("福州市公安局文职人员管理中心单位预算").as_deref(),
            Some("福州市公安局文职人员管理中心")
        );
        assert_eq!(department_in_title("一、部门职责"), None);
        let names: Vec<String> = ["省委办公厅", "江苏省委办公厅", "省委办公厅"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(
            vote(&fuller_names(&names)).as_deref(),
            Some("江苏省委办公厅")
        );
        assert_eq!(
            department_in_title("第二部分 上海市普陀区规划和自然资源局2024年度部门决算表")
                .as_deref(),
            Some("上海市普陀区规划和自然资源局")
        );
        assert_eq!(
            department_in_title("2026 年深圳市交通运输局（本级）部门预算").as_deref(),
            Some("深圳市交通运输局")
        );
        assert_eq!(
            department_in_title("福州市民政局(本级)").as_deref(),
            Some("福州市民政局")
        );
        assert_eq!(clean_org("315_烟台市统计局"), "烟台市统计局");
        // A template's placeholder is no department (部门决算模板 cover).
        assert_eq!(department_in_title("上海市 XX 局"), None);
        assert_eq!(department_in_title("上海市ＸＸ局2024年度部门决算"), None);
        assert_eq!(department_in_line("编制部门：某某市某某局"), None);
    }

    #[test]
    fn departments_before_years() {
        assert_eq!(
            department_before_year("江苏省政协办公厅 2019 年度收入、").as_deref(),
            Some("江苏省政协办公厅")
        );
        assert_eq!(
            department_before_year("《江苏省财政厅关于 2019 年省级部门预算的批复》"),
            None
        );
        assert_eq!(
            department_before_year("本年收入预算合计 13,377.11 万元"),
            None
        );
    }

    #[test]
    fn years() {
        assert_eq!(
            year_in("2025年部门“三公”经费和机关运行经费预算表"),
            Some(2025)
        );
        assert_eq!(year_in("2023 年度项目支出绩效自评表"), Some(2023));
        assert_eq!(year_in("（2026年度）"), Some(2026));
        assert_eq!(year_in("预算年度:2023"), Some(2023));
        assert_eq!(year_in("收支总表"), None);
        assert_eq!(year_in("12025年"), None);
    }

    #[test]
    fn doc_types_in_lines() {
        assert_eq!(
            doc_type_in_line("上海市普陀区财政局2024年度部门决算"),
            Some(DocType::FinalAccount)
        );
        assert_eq!(doc_type_in_line("2026年部门预算"), Some(DocType::Budget));
        assert_eq!(
            doc_type_in_line("2023 年度项目支出绩效自评表"),
            Some(DocType::SelfEvaluation)
        );
        assert_eq!(
            doc_type_in_line("广州市政务服务和数据局2026年部门整体预算绩效目标申报表"),
            Some(DocType::PerformanceTarget)
        );
        assert_eq!(doc_type_in_line("部门预算"), None);
    }
}
