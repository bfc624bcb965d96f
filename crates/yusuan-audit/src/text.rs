//! Checks of the running text itself: the year the document names, the
//! department's name, placeholders and template leftovers, punctuation,
//! words of another document type, renamed classification categories,
//! statements that a table is empty, and the 目录 against the tables.
//!
//! Each rule reads the paragraphs of `Document.text` (and table titles
//! where the rule is about the volume's name) and quotes the sentence it
//! found the problem in. The patterns are narrow on purpose: a rule that
//! fires on a correct document costs more than one that misses.

use yusuan_model::{
    Decimal, DocType, Document, Finding, Paragraph, ParagraphRole, Section, Table, TableKind,
};

use crate::check::{Place, Sink, finding};
use crate::figure::{Slot, read_slot};
use crate::rules::{
    TEXT_CATEGORY_RENAMED, TEXT_DEPARTMENT_NAME, TEXT_DOC_TYPE, TEXT_EMPTY_TABLE, TEXT_PLACEHOLDER,
    TEXT_PUNCTUATION, TEXT_TEMPLATE_LEFTOVER, TEXT_YEAR, TOC_MISSING_TABLE, severity_of,
};

/// Both alternatives of a template left in the text. Sorted.
const TEMPLATE_ALTERNATIVES: &[&str] = &[
    "上升（下降）",
    "下降（上升）",
    "下降（增长）",
    "减少（增加）",
    "增/减",
    "增加(减少)",
    "增加/减少",
    "增加（减少）",
    "增长(下降)",
    "增长/下降",
    "增长/减少",
    "增长（下降）",
    "增长（减少）",
    "大于（小于）",
    "小于（大于）",
];

/// Words that introduce a reason; nothing after them is a leftover. Sorted.
const REASON_WORDS: &[&str] = &["主要原因", "主要原因为", "主要原因是", "原因为", "原因是"];

/// Punctuation printed twice by mistake (an ellipsis …… is not). Sorted.
const DOUBLED_PUNCTUATION: &[&str] = &[
    "、、", "。。", "。，", "。；", "，。", "，，", "：：", "；。", "；；",
];

/// Characters that stand for a name or figure still to be filled in.
const PLACEHOLDER_CHARS: &[char] = &['X', 'x', 'Ｘ', 'ｘ', '×', '□'];

/// Names the classification replaced, with the new name and its year.
const RENAMED: &str = include_str!("../data/renamed_categories.txt");

/// Last characters of a government body's name (局, 厅, 委员会 …).
const ORG_ENDINGS: &[char] = &[
    '会', '办', '厅', '委', '室', '局', '府', '心', '所', '部', '院', '馆', '处', '站', '队',
];

/// A paragraph of the document's text.
struct Para<'a> {
    p: &'a Paragraph,
}

fn paragraphs(doc: &Document) -> Vec<Para<'_>> {
    doc.text
        .iter()
        .flat_map(|s: &Section| s.paragraphs.iter().map(|p| Para { p }))
        .collect()
}

/// The sentence around character `offset` of a paragraph, and the page of
/// that offset.
fn sentence_at(p: &Paragraph, offset: usize) -> (String, u32) {
    let page = p.locate(offset).map_or(p.page, |l| l.0);
    let (a, b) = p
        .sentences()
        .into_iter()
        .find(|&(a, b)| a <= offset && offset < b)
        .unwrap_or((0, p.text.chars().count()));
    (
        p.text.chars().skip(a).take(b.saturating_sub(a)).collect(),
        page,
    )
}

/// Character offset of byte index `i` in `s`.
fn char_offset(s: &str, i: usize) -> usize {
    s.get(..i).map_or(0, |h| h.chars().count())
}

fn text_finding(
    rule: &'static str,
    p: &Paragraph,
    offset: usize,
    label: Option<String>,
    message: String,
) -> Finding {
    let (quote, page) = sentence_at(p, offset);
    let mut f = finding(
        rule,
        severity_of(rule),
        &Place {
            page: Some(page),
            label,
            // The printed line of the offending text (PDF).
            bbox: p.locate(offset).map(|l| l.1),
            ..Place::default()
        },
        message,
        None,
        None,
    );
    f.quote = Some(quote);
    f.paragraph = Some(p.id.clone());
    f
}

fn table_finding(rule: &'static str, t: &Table, message: String) -> Finding {
    let mut f = finding(
        rule,
        severity_of(rule),
        &Place {
            table: Some(t.id.clone()),
            page: t.pages.first().copied(),
            label: t.title.clone(),
            table_title: t.title.clone(),
            ..Place::default()
        },
        message,
        None,
        None,
    );
    f.quote = t.title.clone();
    f
}

/// Runs every text rule.
pub(crate) fn check_text(doc: &Document, sink: &mut Sink<'_>) {
    let paras = paragraphs(doc);
    check_year(doc, &paras, sink);
    check_placeholders(doc, &paras, sink);
    check_template_leftovers(&paras, sink);
    check_punctuation(&paras, sink);
    check_renamed(doc, &paras, sink);
    check_doc_type(doc, &paras, sink);
    check_department(doc, &paras, sink);
    check_empty_statements(doc, &paras, sink);
    check_toc(doc, &paras, sink);
}

/// "2023年度部门决算", "2017年部门预算": the year and the kind (预算 or
/// 决算) of the volume's name at each place `s` names one.
fn volume_years(s: &str) -> Vec<(usize, i32, String)> {
    volume_names(s)
        .into_iter()
        .map(|(at, y, kind, _)| (at, y, kind))
        .collect()
}

/// [`volume_years`] with the scope: 部门 or 单位.
fn volume_names(s: &str) -> Vec<(usize, i32, String, String)> {
    let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    let t: String = chars.iter().collect();
    let mut out = Vec::new();
    for (i, _) in t.char_indices() {
        let head: String = t.get(i..).unwrap_or("").chars().take(5).collect();
        let Some(year) = head.strip_suffix('年') else {
            continue;
        };
        if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if i > 0
            && t.get(..i)
                .is_some_and(|h| h.ends_with(|c: char| c.is_ascii_digit()))
        {
            continue;
        }
        let rest = t.get(i + 4 + '年'.len_utf8()..).unwrap_or("");
        let rest = rest.strip_prefix('度').unwrap_or(rest);
        let (scope, after) = match (rest.strip_prefix("部门"), rest.strip_prefix("单位")) {
            (Some(a), _) => ("部门", a),
            (None, Some(a)) => ("单位", a),
            _ => continue,
        };
        let kind = if after.starts_with("预算") {
            "预算"
        } else if after.starts_with("决算") {
            "决算"
        } else {
            continue;
        };
        // "2025年部门预算执行情况" speaks of another year on purpose.
        if after
            .get("预算".len()..)
            .is_some_and(|r| r.starts_with("执行"))
        {
            continue;
        }
        if let Ok(y) = year.parse() {
            out.push((char_offset(&t, i), y, kind.to_owned(), scope.to_owned()));
        }
    }
    out
}

/// The document's own year in its headings, 目录 and table titles, and
/// "截至YYYY年12月31日" in a 决算.
fn check_year(doc: &Document, paras: &[Para<'_>], sink: &mut Sink<'_>) {
    let Some(year) = doc.meta.year else { return };
    let own = match doc.meta.doc_type {
        DocType::Budget => "预算",
        DocType::FinalAccount => "决算",
        _ => return,
    };
    for q in paras {
        let p = q.p;
        if p.role != ParagraphRole::Body {
            for (at, y, kind) in volume_years(&p.text) {
                if y != year && kind == own {
                    sink.push(text_finding(
                        TEXT_YEAR,
                        p,
                        at,
                        None,
                        format!(
                            "{}写作 {y} 年度部门{kind}，本文件是 {year} 年度的{own}",
                            role_word(p)
                        ),
                    ));
                    break;
                }
            }
        }
        if doc.meta.doc_type == DocType::FinalAccount {
            for (i, _) in p.text.match_indices("截至") {
                let rest: String = p
                    .text
                    .get(i + "截至".len()..)
                    .unwrap_or("")
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .take(11)
                    .collect();
                let Some((y, md)) = rest.split_once('年') else {
                    continue;
                };
                let Ok(y) = y.parse::<i32>() else { continue };
                if md.starts_with("12月31日") && y != year {
                    sink.push(text_finding(
                        TEXT_YEAR,
                        p,
                        char_offset(&p.text, i),
                        None,
                        format!("{year} 年度决算中写“截至{y}年12月31日”，应为 {year} 年末"),
                    ));
                }
            }
        }
    }
    for t in &doc.tables {
        let Some(title) = &t.title else { continue };
        if let Some((_, y, kind)) = volume_years(title)
            .into_iter()
            .find(|(_, y, k)| *y != year && k == own)
        {
            sink.push(table_finding(
                TEXT_YEAR,
                t,
                format!("表题写作 {y} 年度部门{kind}，本文件是 {year} 年度的{own}"),
            ));
        }
    }
}

fn role_word(p: &Paragraph) -> &'static str {
    match p.role {
        ParagraphRole::Heading => "标题",
        ParagraphRole::Toc => "目录",
        ParagraphRole::Body => "正文",
    }
}

/// Runs of placeholder characters ("XX局", "XXX万元", "××"), once per
/// paragraph and per table title.
fn check_placeholders(doc: &Document, paras: &[Para<'_>], sink: &mut Sink<'_>) {
    for q in paras {
        if let Some((at, run)) = placeholder_in(&q.p.text) {
            sink.push(text_finding(
                TEXT_PLACEHOLDER,
                q.p,
                at,
                None,
                format!("{}中有未填写的占位符“{run}”", role_word(q.p)),
            ));
        }
    }
    for t in &doc.tables {
        if let Some((_, run)) = t.title.as_deref().and_then(placeholder_in) {
            sink.push(table_finding(
                TEXT_PLACEHOLDER,
                t,
                format!("表题中有未填写的占位符“{run}”"),
            ));
        }
    }
}

/// The first run of two or more placeholder characters that stands among
/// CJK text or before a figure's unit (not inside a Latin word).
fn placeholder_in(s: &str) -> Option<(usize, String)> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars.get(i).is_some_and(|c| PLACEHOLDER_CHARS.contains(c)) {
            i += 1;
            continue;
        }
        let start = i;
        while chars
            .get(i)
            .is_some_and(|c| PLACEHOLDER_CHARS.contains(c) || *c == ' ')
        {
            i += 1;
        }
        let run: String = chars
            .get(start..i)
            .map(|r| r.iter().collect::<String>())
            .unwrap_or_default();
        let run = run.trim().to_owned();
        let n = run
            .chars()
            .filter(|c| PLACEHOLDER_CHARS.contains(c))
            .count();
        let before = start.checked_sub(1).and_then(|b| chars.get(b)).copied();
        let after = chars.get(i).copied();
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        let cjk = |c: Option<char>| {
            c.is_some_and(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || "%％（）“”".contains(c))
        };
        // "2×3" is a product; "××" between CJK or before 万元 is a blank.
        let multiplication = run.chars().all(|c| c == '×') && (latin(before) || latin(after));
        if n >= 2
            && !latin(before)
            && !latin(after)
            && !multiplication
            && (cjk(before) || cjk(after))
        {
            return Some((start, run));
        }
    }
    None
}

/// Both alternatives of a template ("增加（减少）") and a reason with nothing
/// after it ("主要原因是。").
fn check_template_leftovers(paras: &[Para<'_>], sink: &mut Sink<'_>) {
    for q in paras {
        let t = &q.p.text;
        if let Some((i, w)) = TEMPLATE_ALTERNATIVES
            .iter()
            .filter_map(|w| t.find(w).map(|i| (i, *w)))
            .min_by_key(|x| x.0)
        {
            sink.push(text_finding(
                TEMPLATE_LEFTOVER_RULE,
                q.p,
                char_offset(t, i),
                None,
                format!("模板的两种写法“{w}”都留在了文中，应只保留实际的一种"),
            ));
            continue;
        }
        // The longest reason word at each place, once per paragraph.
        let empty_reason = REASON_WORDS
            .iter()
            .flat_map(|w| t.match_indices(w).map(move |(i, _)| (i, *w)))
            .filter(|(i, w)| {
                let rest = t.get(i + w.len()..).unwrap_or("");
                rest.trim_start_matches([' ', '：', ':'])
                    .starts_with(['。', '；', ';'])
            })
            .min_by_key(|(i, w)| (*i, std::cmp::Reverse(w.len())));
        if let Some((i, w)) = empty_reason {
            sink.push(text_finding(
                TEMPLATE_LEFTOVER_RULE,
                q.p,
                char_offset(t, i),
                None,
                format!("“{w}”之后没有写出原因"),
            ));
        }
    }
}

const TEMPLATE_LEFTOVER_RULE: &str = TEXT_TEMPLATE_LEFTOVER;

/// "。。", "，，": punctuation printed twice; a closing quote without an
/// opening one in the same paragraph, or the reverse.
fn check_punctuation(paras: &[Para<'_>], sink: &mut Sink<'_>) {
    for q in paras {
        let t = &q.p.text;
        if let Some((i, w)) = DOUBLED_PUNCTUATION
            .iter()
            .filter_map(|w| t.find(w).map(|i| (i, *w)))
            .min_by_key(|x| x.0)
        {
            sink.push(text_finding(
                TEXT_PUNCTUATION,
                q.p,
                char_offset(t, i),
                None,
                format!("标点重复：“{w}”"),
            ));
            continue;
        }
        if q.p.role != ParagraphRole::Body {
            continue;
        }
        let opens = t.matches('“').count();
        let closes = t.matches('”').count();
        if opens != closes && (opens == 0 || closes == 0) {
            let (i, c) = if opens == 0 {
                (t.find('”'), '”')
            } else {
                (t.find('“'), '“')
            };
            sink.push(text_finding(
                TEXT_PUNCTUATION,
                q.p,
                i.map_or(0, |i| char_offset(t, i)),
                None,
                format!("引号不成对：段中只有“{c}”"),
            ));
        }
    }
}

/// A category name the classification replaced, in a document whose
/// tables print the new name.
fn check_renamed(doc: &Document, paras: &[Para<'_>], sink: &mut Sink<'_>) {
    let Some(year) = doc.meta.year else { return };
    let table_text = |name: &str| {
        doc.tables
            .iter()
            .any(|t| t.cells.iter().any(|c| c.text.contains(name)))
            || doc
                .records
                .budget_lines
                .iter()
                .any(|l| l.name.contains(name))
    };
    for line in RENAMED
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut f = line.split('\t');
        let (Some(old), Some(new), Some(since)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        let Ok(since) = since.trim().parse::<i32>() else {
            continue;
        };
        if year < since || !table_text(new) {
            continue;
        }
        for q in paras {
            if let Some(i) = find_name(&q.p.text, old) {
                sink.push(text_finding(
                    TEXT_CATEGORY_RENAMED,
                    q.p,
                    char_offset(&q.p.text, i),
                    Some(old.to_owned()),
                    format!("“{old}”自 {since} 年起已改称“{new}”，本文件的表中用的是“{new}”"),
                ));
            }
        }
    }
}

/// `name` standing on its own in `text`: not the tail of a longer name
/// ("其他国土资源事务支出" does not name 国土资源事务).
fn find_name(text: &str, name: &str) -> Option<usize> {
    text.match_indices(name).map(|(i, _)| i).find(|&i| {
        let before = text.get(..i).and_then(|h| h.chars().next_back());
        let after = text.get(i + name.len()..).and_then(|r| r.chars().next());
        let ideograph = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
        !before.is_some_and(ideograph) && !after.is_some_and(|c| ideograph(c) && c != '支')
    })
}

/// The volume's name in headings, 目录 and titles: 部门预算 words in a 决算
/// and the reverse; 部门 in a 单位预算 (or 决算) and the reverse.
fn check_doc_type(doc: &Document, paras: &[Para<'_>], sink: &mut Sink<'_>) {
    let own = match doc.meta.doc_type {
        DocType::Budget => "预算",
        DocType::FinalAccount => "决算",
        _ => return,
    };
    let other = if own == "预算" { "决算" } else { "预算" };
    // Who publishes: the cover says 单位预算 or 部门预算.
    let cover: Vec<&Paragraph> = paras
        .iter()
        .map(|q| q.p)
        .take_while(|p| p.role == ParagraphRole::Heading && p.page <= 2)
        .collect();
    let says = |w: &str| cover.iter().any(|p| key(&p.text).contains(w));
    let unit_volume = says(&format!("单位{own}")) && !says(&format!("部门{own}"));
    // A section named after the other kind of volume ("部门决算单位构成" in
    // a 预算: a heading kept from last year's 决算).
    let leftover = format!("{other}单位构成");
    for q in paras.iter().filter(|q| q.p.role != ParagraphRole::Body) {
        let t = key(&q.p.text);
        let mut said = false;
        for (at, _, kind, scope) in volume_names(&t) {
            if kind != own {
                sink.push(text_finding(
                    TEXT_DOC_TYPE,
                    q.p,
                    at,
                    None,
                    format!("{}中写“{scope}{kind}”，本文件是{own}", role_word(q.p)),
                ));
                said = true;
                break;
            }
            if unit_volume && scope == "部门" {
                sink.push(text_finding(
                    TEXT_DOC_TYPE,
                    q.p,
                    at,
                    None,
                    format!("{}中写“部门{own}”，本文件封面为单位{own}", role_word(q.p)),
                ));
                said = true;
                break;
            }
        }
        if !said && let Some(i) = t.find(&leftover) {
            sink.push(text_finding(
                TEXT_DOC_TYPE,
                q.p,
                char_offset(&t, i),
                None,
                format!("{}中写“{leftover}”，本文件是{own}", role_word(q.p)),
            ));
        }
    }
}

fn key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The department named in the volume's name ("上海市普陀区财政局2024年度
/// 部门决算") in headings and the 目录 against the document's department.
fn check_department(doc: &Document, paras: &[Para<'_>], sink: &mut Sink<'_>) {
    let Some(main) = doc.meta.department.as_deref() else {
        return;
    };
    let main = key(main);
    for q in paras.iter().filter(|q| q.p.role != ParagraphRole::Body) {
        let t = key(&q.p.text);
        for (at, _, _) in volume_years(&t) {
            let head: String = t.chars().take(at).collect();
            let Some(name) = org_before(&head) else {
                continue;
            };
            if placeholder_in(&name).is_some() || name.chars().count() < 4 {
                continue;
            }
            let same = name.contains(&main) || main.contains(&name) || similar_suffix(&name, &main);
            if !same {
                sink.push(text_finding(
                    TEXT_DEPARTMENT_NAME,
                    q.p,
                    at,
                    Some(name.clone()),
                    format!(
                        "{}中部门名称为“{name}”，文件其余各处为“{main}”",
                        role_word(q.p)
                    ),
                ));
            }
        }
    }
}

/// Two names of one body differ only in what precedes the shared part
/// ("省委办公厅" for "江苏省委办公厅" is caught by `contains`; "中共江苏省委
/// 办公厅" and "江苏省委办公厅" share "省委办公厅").
fn similar_suffix(a: &str, b: &str) -> bool {
    let ra: Vec<char> = a.chars().rev().collect();
    let rb: Vec<char> = b.chars().rev().collect();
    let common = ra.iter().zip(&rb).take_while(|(x, y)| x == y).count();
    common >= 5
}

/// The organization name at the end of `head` ("第三部分上海市普陀区财政局"
/// → 上海市普陀区财政局), numbering and part words removed.
fn org_before(head: &str) -> Option<String> {
    let mut h = head.trim().to_owned();
    if let Some(i) = h.find("部分") {
        h = h.get(i + "部分".len()..).unwrap_or("").to_owned();
    }
    for sep in ['、', '）', ')'] {
        if let Some(i) = h.rfind(sep) {
            let rest = h.get(i + sep.len_utf8()..).unwrap_or("");
            if sep == '、' || !rest.is_empty() && !h.ends_with(sep) {
                h = rest.to_owned();
            }
        }
    }
    let h = h
        .trim_end_matches("(本级)")
        .trim_end_matches("（本级）")
        .to_owned();
    h.ends_with(ORG_ENDINGS).then_some(h)
}

/// "无政府性基金预算…", "无“三公”经费…", "本表无数据": the table of that
/// kind prints figures anyway.
fn check_empty_statements(doc: &Document, paras: &[Para<'_>], sink: &mut Sink<'_>) {
    const STATEMENTS: &[(&str, TableKind)] = &[
        ("无“三公”经费", TableKind::ThreePublic),
        ("无国有资本经营预算", TableKind::StateCapital),
        ("无政府性基金预算", TableKind::GovernmentFund),
        ("没有国有资本经营预算", TableKind::StateCapital),
        ("没有政府性基金", TableKind::GovernmentFund),
    ];
    for q in paras.iter().filter(|q| q.p.role == ParagraphRole::Body) {
        let t = key(&q.p.text);
        for (w, kind) in STATEMENTS {
            let Some(i) = t.find(w) else { continue };
            // "无“三公”经费" about one part ("无因公出国（境）费") is not about the table.
            let printed = if *kind == TableKind::ThreePublic {
                three_public_figure(doc)
            } else {
                doc.tables
                    .iter()
                    .filter(|t| t.kind == *kind)
                    .find_map(|t| first_nonzero(t).map(|v| (t, v)))
                    .map(|(t, v)| (t.id.clone(), t.pages.first().copied().unwrap_or(0), v))
            };
            if let Some((table, page, v)) = printed {
                sink.push(text_finding(
                    TEXT_EMPTY_TABLE,
                    q.p,
                    char_offset(&t, i),
                    None,
                    format!("文中说“{w}”，但表 {table}（第 {page} 页）列有数字 {v}"),
                ));
            }
        }
    }
}

/// A non-zero "三公"经费 figure of the document's own basis (决算数 in a
/// 决算, this year's 预算数 in a 预算): a 决算 table prints the year's
/// budget beside an empty 决算 column.
fn three_public_figure(doc: &Document) -> Option<(String, u32, String)> {
    let year = doc.meta.year.map(|y| y.to_string()).unwrap_or_default();
    doc.records.three_public.iter().find_map(|r| {
        let own = match doc.meta.doc_type {
            DocType::FinalAccount => r.column.contains("决算"),
            DocType::Budget => {
                !r.column.contains("决算")
                    && !r.column.contains("上年")
                    && (year.is_empty() || !r.column.contains("20") || r.column.contains(&year))
            }
            _ => false,
        };
        if !own {
            return None;
        }
        let v = [
            r.total,
            r.overseas_travel,
            r.vehicle_total,
            r.vehicle_purchase,
            r.vehicle_operation,
            r.reception,
        ]
        .into_iter()
        .flatten()
        .find(|v| !v.is_zero())?;
        Some((r.table.clone(), r.page, v.to_string()))
    })
}

/// The first non-zero figure in a table's body, as printed.
fn first_nonzero(t: &Table) -> Option<String> {
    t.cells
        .iter()
        .filter(|c| c.row >= t.header_rows)
        .find(|c| {
            matches!(read_slot(&c.text), Slot::Num(f) if f.value != Decimal::ZERO)
                && !looks_like_code(&c.text, c.col)
        })
        .map(|c| c.text.clone())
}

/// A 功能分类 or 经济分类 code ("2080505", "30201") in the first columns,
/// or a small whole number (a 栏次 row "1 2 3" read as body), is not a figure.
fn looks_like_code(s: &str, col: usize) -> bool {
    let k = key(s);
    let whole = !k.is_empty() && k.chars().all(|c| c.is_ascii_digit());
    (whole && k.len() <= 2)
        || (col <= 2 && whole && matches!(k.len(), 3 | 5 | 7) && k.starts_with(['2', '3']))
}

/// A table the 目录 lists that the document does not contain.
fn check_toc(doc: &Document, paras: &[Para<'_>], sink: &mut Sink<'_>) {
    if doc.tables.is_empty() {
        return;
    }
    let entries: Vec<&Paragraph> = paras
        .iter()
        .map(|q| q.p)
        .filter(|p| p.role == ParagraphRole::Toc)
        .filter(|p| table_name(&p.text).is_some())
        .collect();
    if entries.is_empty() {
        return;
    }
    // Everything printed outside the 目录 that can carry a table's name.
    let mut printed: Vec<String> = doc
        .tables
        .iter()
        .flat_map(|t| t.title.iter().chain(t.heading.iter()).map(|s| name_key(s)))
        .collect();
    printed.extend(
        paras
            .iter()
            .filter(|q| q.p.role != ParagraphRole::Toc)
            .map(|q| name_key(&q.p.text)),
    );
    // Titles name a table more or less fully than the 目录 ("政府采购预算表"
    // for 政府采购预算情况表, "“三公”经费…支出预算表" for 一般公共预算“三公”
    // 经费…支出预算表): a title inside the entry's name counts too.
    let titles: Vec<String> = doc
        .tables
        .iter()
        .filter_map(|t| t.title.as_deref())
        .map(name_key)
        .filter(|t| t.chars().count() >= 6)
        .collect();
    let found = |name: &str| {
        printed.iter().any(|p| p.contains(name)) || titles.iter().any(|t| name.contains(t.as_str()))
    };
    let missing: Vec<(&Paragraph, String)> = entries
        .iter()
        .filter_map(|p| {
            let name = table_name(&p.text)?;
            (!found(&name)).then_some((*p, name))
        })
        .collect();
    // A volume that prints none of its listed tables keeps them in another
    // file ("具体公开表样附后"); say nothing unless most are here.
    if missing.len() * 2 > entries.len() {
        return;
    }
    for (p, name) in missing {
        sink.push(text_finding(
            TOC_MISSING_TABLE,
            p,
            0,
            Some(name.clone()),
            format!("目录列有“{name}”，文件中找不到这张表"),
        ));
    }
}

/// The table a 目录 entry names, without numbering, leaders, page number,
/// department and year: "七、财政拨款“三公”经费支出决算表……12" →
/// 财政拨款“三公”经费支出决算表. `None` for an entry that is not a table.
fn table_name(entry: &str) -> Option<String> {
    let mut t = key(entry);
    t = t.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned();
    t = t
        .trim_end_matches(['.', '…', '·', '-', '—', '⋯'])
        .to_owned();
    let t = t.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned();
    if !t.ends_with('表') || (t.starts_with('第') && t.contains("部分")) {
        return None;
    }
    let k = name_key(&t);
    // Numbering ("一、", "（七）", "表1", "1.").
    let k = match k.find(['、', '）', ')', '.', '．']) {
        Some(i) if i <= 12 => k
            .get(
                i + k
                    .get(i..)
                    .and_then(|r| r.chars().next())
                    .map_or(1, char::len_utf8)..,
            )
            .unwrap_or("")
            .to_owned(),
        _ => k,
    };
    (k.chars().count() >= 4).then_some(k)
}

/// A table name as compared: no spaces, quotes or years, 部门/单位 dropped.
fn name_key(s: &str) -> String {
    let k: String = key(s)
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '‘' | '’' | '「' | '」'))
        .collect();
    let mut out = String::new();
    let chars: Vec<char> = k.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let is_year = chars
            .get(i..i + 4)
            .is_some_and(|w| w.iter().all(char::is_ascii_digit))
            && chars.get(i + 4) == Some(&'年');
        if is_year {
            i += 5;
            if chars.get(i) == Some(&'度') {
                i += 1;
            }
            continue;
        }
        if let Some(c) = chars.get(i) {
            out.push(*c);
        }
        i += 1;
    }
    // Words that vary between a 目录 and the titles it lists ("部门收支总表"
    // for 2026年部门收支总体情况表).
    let mut out = out
        .replace("部门", "")
        .replace("单位", "")
        .replace("总体", "总");
    for w in ["情况", "本年", "明细", "一览"] {
        out = out.replace(w, "");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_and_unique() {
        for list in [TEMPLATE_ALTERNATIVES, REASON_WORDS, DOUBLED_PUNCTUATION] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        let olds: Vec<&str> = RENAMED
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split('\t').next())
            .collect();
        assert!(olds.windows(2).all(|w| w[0] < w[1]), "{olds:?}");
        for l in RENAMED
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            assert_eq!(l.split('\t').count(), 3, "{l}");
        }
    }

    #[test]
    fn volume_names_with_years() {
        assert_eq!(
            volume_years("第三部分上海市普陀区财政局2023年度部门决算情况说明"),
            vec![(13, 2023, "决算".into())]
        );
        assert!(volume_years("二、2025年部门预算执行情况").is_empty());
        assert!(volume_years("二、2017年主要工作任务").is_empty());
    }

    #[test]
    fn placeholders_among_cjk_only() {
        assert_eq!(
            placeholder_in("上海市普陀区XX局2024年").map(|x| x.1),
            Some("XX".into())
        );
        assert_eq!(
            placeholder_in("总计 XXX 万元").map(|x| x.1),
            Some("XXX".into())
        );
        assert_eq!(placeholder_in("××单位"), Some((0, "××".into())));
        assert_eq!(placeholder_in("XXL号"), None);
        assert_eq!(placeholder_in("Windows XP系统"), None);
        assert_eq!(placeholder_in("3×4米"), None);
    }

    #[test]
    fn table_names_of_toc_entries() {
        assert_eq!(
            table_name("七、财政拨款“三公”经费支出决算表……12").as_deref(),
            Some("财政拨款三公经费支出决算表")
        );
        assert_eq!(
            table_name("第二部分上海市普陀区财政局2024年度部门决算表"),
            None
        );
        assert_eq!(
            table_name("（九）财政拨款“三公”经费支出表").as_deref(),
            Some("财政拨款三公经费支出表")
        );
        assert_eq!(table_name("一、主要职能"), None);
        assert_eq!(
            org_before("第三部分上海市普陀区财政局").as_deref(),
            Some("上海市普陀区财政局")
        );
    }
}
