//! Claims: the figures the running text states, each with its subject,
//! year and basis, and what the sentence compares it with.
//!
//! A sentence of a 情况说明 is read figure by figure, left to right. The
//! words just before a figure say what it is:
//! - a change word ("增加", "下降" …, `CHANGE_WORDS`) makes it the change
//!   of the figure before it (an amount) or its change in percent;
//! - "比"/"较"/"与…相比" without a change word yet makes an amount the base
//!   it is compared with ("比2025年年初预算数847128.49万元");
//! - "占…" makes a percentage a share, "完成…的" a completion rate;
//! - otherwise an amount (or a count of vehicles, equipment, receptions)
//!   is a new claim, and the words before it, cleaned of numbering, the
//!   department's name, the year and linking words, are its subject.
//!
//! A clause that names only a basis ("，支出决算为1511.89万元" after
//! "年初预算为1560.05万元") states the same subject again: the two figures
//! become one claim, the 决算 figure compared with the 年初预算 one. A
//! clause with no subject at all takes the subject of the paragraph's
//! lead sentence ("1、…行政运行（项）。") or of its section heading; when
//! neither names one, the figure is left out rather than guessed.
//!
//! Sentences without figures still say something about the claims before
//! them: "与上年保持一致" (flat), "决算数小于预算数的主要原因：…" (a
//! comparison and its reason). Parts listed after "其中"/"包括"/"主要用于
//! 以下方面" point at the figure they are part of (`whole`).

use yusuan_model::{
    Basis, Claim, DocType, Document, Meta, Paragraph, ParagraphRole, QuantityKind, Records,
    Section, Table, Trend,
};
use yusuan_normalize::{TextFigure, scan_figures};

use crate::claim_links;
use crate::claim_vocab::{
    BASIS_WORDS, CHANGE_TAILS, CHANGE_WORDS, COMPARE_WORDS, FUND_NAMES, LEADING_WORDS,
    LIST_MARKERS, REASON_MARKERS, SELF_NAMES, THRESHOLD_AFTER, THRESHOLD_BEFORE, TRAILING_WORDS,
    longest_prefix_word, longest_suffix, subject_id, subject_table,
};

/// Last characters of an organization's name (局, 厅, 委员会, 办公室 …).
const ORG_ENDINGS: &[char] = &[
    '会', '办', '厅', '委', '室', '局', '心', '所', '部', '院', '馆', '）',
];

/// A lead sentence or heading longer than this names no subject.
const MAX_SUBJECT_CHARS: usize = 60;

/// Subjects that name nothing on their own.
const EMPTY_SUBJECTS: &[&str] = &[
    "支出", "收入", "资金", "经费", "金额", "合计", "总计", "其中",
];

/// Words ending a heading or lead sentence that are not part of its
/// subject ("…支出情况说明"). Stripped repeatedly.
const HEADING_TAILS: &[&str] = &["情况说明", "说明", "情况", "总体", "具体", "的"];

/// Reads the claims of a document's running text (`Document.text`), with
/// links to its tables and records; the document's meta gives the year and
/// basis a figure refers to when the text does not say. Run it after
/// [`build_records`](crate::build_records) and after the text, tables and
/// meta are on the document.
///
/// ```
/// use yusuan_model::{Document, Paragraph, ParagraphRole, Section, Source, SourceFormat};
///
/// let mut doc = Document::new(Source {
///     path: "a.pdf".into(), sha256: String::new(), format: SourceFormat::Pdf,
///     pages: 1, producer: None, ocr_pages: Vec::new(),
/// });
/// doc.meta.year = Some(2026);
/// doc.text.push(Section { id: "s1".into(), heading: vec![], paragraphs: vec![Paragraph {
///     id: "p1".into(), role: ParagraphRole::Body, page: 1, pages: vec![1], bbox: None,
///     lines: vec![],
///     text: "2026年财政拨款“三公”经费预算66.00万元，较2025年年初预算增加33.00万元。".into(),
/// }] });
/// let claims = yusuan_records::read_claims(&doc);
/// assert_eq!(claims.len(), 1);
/// assert_eq!(claims[0].subject_id.as_deref(), Some("three_public_total"));
/// assert_eq!(claims[0].change.as_ref().map(|q| q.raw.as_str()), Some("33.00万元"));
/// ```
pub fn read_claims(doc: &Document) -> Vec<Claim> {
    claims_of(&doc.text, &doc.tables, &doc.records, &doc.meta)
}

/// [`read_claims`] on the parts of a document.
pub(crate) fn claims_of(
    text: &[Section],
    tables: &[Table],
    records: &Records,
    meta: &Meta,
) -> Vec<Claim> {
    let reader = Reader {
        subjects: subject_table(),
        meta,
        records,
    };
    let mut out: Vec<Claim> = Vec::new();
    for section in text {
        let heading_subject = section
            .heading
            .last()
            .map(|h| clean_lead(h))
            .filter(|s| !is_weak(s));
        let mut list = ListState::default();
        for p in &section.paragraphs {
            if p.role != ParagraphRole::Body {
                continue;
            }
            reader.read_paragraph(p, heading_subject.as_deref(), &mut list, &mut out);
        }
    }
    for (i, c) in out.iter_mut().enumerate() {
        c.id = format!("c{}", i + 1);
    }
    // Wholes were recorded as indices; now that ids are known, name them.
    let ids: Vec<String> = out.iter().map(|c| c.id.clone()).collect();
    for c in &mut out {
        if let Some(w) = c.whole.take() {
            c.whole = w.parse::<usize>().ok().and_then(|i| ids.get(i).cloned());
        }
    }
    for c in &mut out {
        c.link = claim_links::link_claim(c, text, tables, records, meta);
    }
    out
}

/// The open list of parts ("其中：" …) of a section.
#[derive(Debug, Default)]
struct ListState {
    /// Index (into the claims) of the figure the parts belong to.
    whole: Option<usize>,
    /// Paragraph id the list was last continued in.
    paragraph: String,
}

struct Reader<'a> {
    subjects: Vec<(&'static str, &'static str)>,
    meta: &'a Meta,
    records: &'a Records,
}

/// What a figure is in its sentence.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    /// A new claim; `subject` is empty when the clause names none.
    Value {
        subject: String,
        basis: Option<Basis>,
        year: Option<i32>,
        list: bool,
    },
    /// The figure compared with.
    Base {
        year: Option<i32>,
        basis: Option<Basis>,
    },
    /// A change amount with its direction (None: the words contradict).
    Change {
        word: Option<String>,
        trend: Option<Trend>,
        base_year: Option<i32>,
        base_basis: Option<Basis>,
    },
    /// A change in percent.
    ChangePercent {
        word: Option<String>,
        trend: Option<Trend>,
    },
    /// A share, of the whole named after 占 if any.
    Share { of: Option<String> },
    /// A completion rate.
    Completion,
    /// Not a statement (a threshold, a percentage of nothing known).
    Skip,
}

impl Reader<'_> {
    fn doc_year(&self) -> Option<i32> {
        self.meta.year
    }

    fn default_basis(&self) -> Option<Basis> {
        match self.meta.doc_type {
            DocType::Budget => Some(Basis::Budget),
            DocType::FinalAccount => Some(Basis::FinalAccount),
            _ => None,
        }
    }

    fn read_paragraph(
        &self,
        p: &Paragraph,
        heading_subject: Option<&str>,
        list: &mut ListState,
        out: &mut Vec<Claim>,
    ) {
        let chars: Vec<char> = p.text.chars().collect();
        let sentences = p.sentences();
        let lead = lead_subject(&chars, &sentences);
        let mut para_claims: Vec<usize> = Vec::new();
        let mut para_has_share = false;
        // The claim whose figure ended the previous sentence, for a list
        // that opens the next one ("…1774.70万元。其中拟购买货物…").
        let mut tail_anchor: Option<usize> = None;
        for (si, &(a, b)) in sentences.iter().enumerate() {
            let sentence: String = chars
                .get(a..b)
                .map(|s| s.iter().collect())
                .unwrap_or_default();
            let figures = scan_figures(&sentence);
            let mut sentence_claims: Vec<usize> = Vec::new();
            let mut sentence_list = false;
            let mut prev_was_value = false;
            let mut other_comparison: Vec<usize> = Vec::new();
            let mut prev_end = 0usize;
            let sent_chars: Vec<char> = sentence.chars().collect();
            for (fi, fig) in figures.iter().enumerate() {
                let before: String = slice(&sent_chars, prev_end, fig.start);
                let next_start = figures.get(fi + 1).map_or(sent_chars.len(), |f| f.start);
                let after: String = slice(&sent_chars, fig.end, next_start);
                prev_end = fig.end;
                let role = self.classify(&before, &after, fig);
                // The claim a comparison in this sentence refers to: the last
                // one of the sentence, else (a sentence opening with "与上年
                // 相比") the last one of the paragraph.
                let mut target = sentence_claims.last().copied().or_else(|| {
                    opens_comparison(&sentence)
                        .then(|| para_claims.last().copied())
                        .flatten()
                });
                // "…事业收入812.48万元，收入比2025年增加…": a comparison that
                // names its subject again refers to the claim of that subject.
                if matches!(role, Role::Base { .. } | Role::Change { .. })
                    && let Some(named) = restated_subject(&before)
                {
                    target = sentence_claims
                        .iter()
                        .chain(para_claims.iter())
                        .rev()
                        .copied()
                        .find(|&i| {
                            out.get(i)
                                .is_some_and(|c| names_subject(&c.subject, &named))
                        });
                }
                let was_value = prev_was_value;
                prev_was_value = !matches!(role, Role::Skip);
                match role {
                    Role::Skip => {}
                    Role::Value {
                        subject,
                        basis,
                        year,
                        list: opens_list,
                    } => {
                        let subject = if is_weak(&subject) && !sentence_claims.is_empty() {
                            if let Some(&i) = sentence_claims.last() {
                                // "年初预算为A，支出决算为B": one subject, B compared with A.
                                if merge_basis(out, i, fig, basis) {
                                    continue;
                                }
                                // "2026年预算数为A，2025年预算数为B": the earlier
                                // year's figure is what the later one is compared
                                // with, whichever comes first in the sentence.
                                if let Some(c) = out.get_mut(i)
                                    && c.base.is_none()
                                    && c.change.is_none()
                                    && names_year(&before)
                                    && let (Some(new_year), Some(old_year)) = (year, c.year)
                                    && new_year != old_year
                                {
                                    if new_year < old_year {
                                        c.base = Some(fig.quantity.clone());
                                        c.base_year = Some(new_year);
                                        c.base_basis = basis;
                                    } else {
                                        let earlier =
                                            std::mem::replace(&mut c.value, fig.quantity.clone());
                                        c.base = Some(earlier);
                                        c.base_year = c.year;
                                        c.base_basis = c.basis;
                                        c.year = Some(new_year);
                                        c.basis = basis;
                                    }
                                    continue;
                                }
                                out.get(i).map(|c| c.subject.clone()).unwrap_or_default()
                            } else {
                                subject
                            }
                        } else if subject.is_empty() {
                            match lead.as_deref().or(heading_subject) {
                                Some(s) => s.to_owned(),
                                None => continue,
                            }
                        } else {
                            subject
                        };
                        let mut claim = self.new_claim(p, si, &sentence, fig, subject, basis, year);
                        // Parts after "其中"/"包括": the whole is the figure
                        // before the marker.
                        // Parts follow their whole directly: "X万元，其中：A…"; a
                        // list marker after other words ("；支出包括：") names a
                        // whole the sentence does not print as a figure.
                        if opens_list {
                            let anchor = if fi == 0 {
                                tail_anchor
                            } else if was_value {
                                sentence_claims.last().copied()
                            } else {
                                None
                            };
                            list.whole = anchor;
                            list.paragraph = p.id.clone();
                            claim.whole = anchor.map(|w| w.to_string());
                            sentence_list = anchor.is_some();
                        } else if sentence_list {
                            // The next parts of the same list ("；其他收入…").
                            claim.whole = list.whole.map(|w| w.to_string());
                        }
                        out.push(claim);
                        let idx = out.len() - 1;
                        sentence_claims.push(idx);
                        para_claims.push(idx);
                    }
                    Role::Base { year, basis } => {
                        if let Some(c) = target.and_then(|i| out.get_mut(i))
                            && c.base.is_none()
                        {
                            c.base = Some(fig.quantity.clone());
                            c.base_year = year.or(c.base_year);
                            c.base_basis = basis.or(c.base_basis);
                        }
                    }
                    Role::Change {
                        word,
                        trend,
                        base_year,
                        base_basis,
                    } => {
                        // A change against another year than the printed base
                        // ("年初预算A，决算B，…比上年减少C") is another comparison.
                        let other_base = target.and_then(|i| out.get(i)).is_some_and(|c| {
                            c.base.is_some()
                                && (base_year.is_some_and(|y| Some(y) != c.base_year)
                                    || (base_year.is_none() && mentions_last_year(&before)))
                        });
                        if other_base {
                            if let Some(i) = target {
                                other_comparison.push(i);
                            }
                            continue;
                        }
                        if let Some(c) = target.and_then(|i| out.get_mut(i))
                            && c.change.is_none()
                        {
                            c.change = Some(fig.quantity.clone());
                            set_direction(c, word, trend);
                            if c.base_year.is_none() {
                                c.base_year = base_year.or_else(|| {
                                    c.year.map(|y| y - 1).filter(|_| {
                                        base_basis.is_none()
                                            && base_year.is_none()
                                            && mentions_last_year(&before)
                                    })
                                });
                            }
                            c.base_basis = c.base_basis.or(base_basis);
                        }
                    }
                    Role::ChangePercent { word, trend } => {
                        if target.is_some_and(|i| other_comparison.contains(&i)) {
                            continue;
                        }
                        if let Some(c) = target.and_then(|i| out.get_mut(i))
                            && c.change_percent.is_none()
                        {
                            c.change_percent = Some(fig.quantity.clone());
                            if c.trend.is_none() || trend.is_none() || c.trend == trend {
                                if c.direction.is_none() {
                                    set_direction(c, word, trend);
                                }
                            } else {
                                // "减少…万元，增长…%": the words contradict.
                                c.direction = Some(format!(
                                    "{}…{}",
                                    c.direction.clone().unwrap_or_default(),
                                    word.unwrap_or_default()
                                ));
                                c.trend = None;
                            }
                        }
                    }
                    Role::Share { of } => {
                        if let Some(i) = sentence_claims.last().copied()
                            && let Some(c) = out.get_mut(i)
                            && c.share.is_none()
                        {
                            c.share = Some(fig.quantity.clone());
                            para_has_share = true;
                            match of {
                                Some(of) => {
                                    c.share_of = Some(of.clone());
                                    c.whole = None;
                                }
                                None => {
                                    if c.whole.is_none() && list.whole.is_some_and(|w| w < i) {
                                        c.whole = list.whole.map(|w| w.to_string());
                                    }
                                }
                            }
                        }
                    }
                    Role::Completion => {
                        if let Some(c) = target.and_then(|i| out.get_mut(i))
                            && c.completion_rate.is_none()
                        {
                            c.completion_rate = Some(fig.quantity.clone());
                        }
                    }
                }
            }
            // After the last figure: a list marker ("其中：") opens a list of
            // the parts of the last claim; a comparison, flat statement or
            // reason refers to the claims before.
            let tail: String = slice(&sent_chars, prev_end, sent_chars.len());
            let ends_on_value = prev_was_value && !sentence_claims.is_empty();
            if let Some(&last) = sentence_claims.last()
                && ends_on_value
                && marker_follows_directly(&tail)
            {
                list.whole = Some(last);
                list.paragraph = p.id.clone();
            }
            tail_anchor = (ends_on_value && is_punctuation_only(&tail))
                .then(|| sentence_claims.last().copied())
                .flatten();
            let refers_to: Vec<usize> = if !sentence_claims.is_empty() {
                sentence_claims.clone()
            } else {
                para_claims.clone()
            };
            self.read_statement(&tail, &refers_to, figures.is_empty(), out);
        }
        // Shares resolve to the whole they name.
        for &i in &para_claims {
            let Some(of) = out.get(i).and_then(|c| c.share_of.clone()) else {
                continue;
            };
            let key = crate::claim_vocab::squeeze(&of);
            let id = subject_id(&self.subjects, &of);
            // "占支出预算的" names nothing precise enough to find.
            let precise = key.chars().count() >= 4 && !is_weak(&key);
            let whole = (0..i).rev().find(|&j| {
                out.get(j).is_some_and(|w| {
                    (precise && crate::claim_vocab::squeeze(&w.subject) == key)
                        || (id.is_some() && w.subject_id.as_deref() == id)
                })
            });
            if let Some(c) = out.get_mut(i) {
                c.whole = whole.map(|w| w.to_string());
            }
        }
        // A list runs on through paragraphs that keep listing shares.
        if list.whole.is_some() && list.paragraph != p.id && !para_has_share {
            list.whole = None;
        } else if para_has_share && list.whole.is_some() {
            list.paragraph = p.id.clone();
        }
    }

    /// What a sentence says about the claims in `refers_to` besides its
    /// figures: a comparison ("决算数小于预算数"), a flat statement
    /// ("与上年保持一致"), a reason ("主要原因是…").
    fn read_statement(&self, tail: &str, refers_to: &[usize], no_figures: bool, out: &mut [Claim]) {
        let t: String = tail.chars().filter(|c| !c.is_whitespace()).collect();
        if t.is_empty() {
            return;
        }
        let (head, reason) = match REASON_MARKERS
            .iter()
            .filter_map(|m| t.find(m).map(|i| (i, m)))
            .min_by_key(|(i, m)| (*i, std::cmp::Reverse(m.len())))
        {
            Some((i, m)) => {
                let r = t.get(i + m.len()..).unwrap_or("");
                let r = r.trim_start_matches(['：', ':', '，', ',']);
                let r = r.trim_end_matches(['。', '；', ';', '！', '!']);
                (t.get(..i).unwrap_or("").to_owned(), Some(r.to_owned()))
            }
            None => (t.clone(), None),
        };
        // The claim compared: the last one with a base, else the last one.
        let last_with_base = refers_to
            .iter()
            .rev()
            .copied()
            .find(|&i| out.get(i).is_some_and(|c| c.base.is_some()));
        let last = refers_to.last().copied();
        if let Some((word, trend)) = compare_word(&head)
            && is_value_vs_base(&head)
        {
            if let Some(c) = last_with_base.or(last).and_then(|i| out.get_mut(i))
                && c.direction.is_none()
            {
                c.direction = Some(word);
                c.trend = Some(trend);
            }
        } else if is_flat_statement(&head)
            && let Some(c) = last.and_then(|i| out.get_mut(i))
            && c.direction.is_none()
            && c.change.is_none()
        {
            c.direction = Some(flat_word(&head));
            c.trend = Some(Trend::Flat);
        }
        if let Some(r) = reason {
            let targets: Vec<usize> = refers_to
                .iter()
                .copied()
                .filter(|&i| {
                    out.get(i).is_some_and(|c| {
                        c.reason.is_none()
                            && (c.change.is_some()
                                || c.base.is_some()
                                || c.trend.is_some()
                                || no_figures)
                    })
                })
                .collect();
            for i in targets {
                if let Some(c) = out.get_mut(i) {
                    c.reason = Some(r.clone());
                }
            }
        }
    }

    fn classify(&self, before: &str, after: &str, fig: &TextFigure) -> Role {
        let b: String = before.chars().filter(|c| !c.is_whitespace()).collect();
        let clause = last_clause(&b);
        let is_percent = fig.quantity.kind == QuantityKind::Percent;
        let change = change_word_at_end(&b);
        // "扣除中央基建后比2025年执行数增幅…": a comparison on another basis.
        if (change.is_some() || is_percent)
            && ["扣除", "剔除", "不含", "若按"]
                .iter()
                .any(|w| clause.contains(w))
        {
            return Role::Skip;
        }
        // "…，以及福利彩票公益金用于…支出增加873.28万元": a conjunction opens
        // another subject, whose change this is, not the figure before.
        if change.is_some()
            && ["以及", "另外", "此外", "同时"]
                .iter()
                .any(|w| clause.starts_with(w))
        {
            return Role::Skip;
        }
        if let Some((word, trend)) = change {
            // "与2023年度相比，收入支出总计减少": the comparison may stand in the
            // clause before the change word's.
            let (base_year, base_basis) = self.base_descriptor(&b);
            return if is_percent {
                Role::ChangePercent {
                    word: Some(word),
                    trend,
                }
            } else {
                Role::Change {
                    word: Some(word),
                    trend,
                    base_year,
                    base_basis,
                }
            };
        }
        if is_percent {
            if let Some(of) = share_of(&clause) {
                return Role::Share { of };
            }
            if clause.contains("完成") || clause.contains("执行率") || clause.contains("完成率")
            {
                return Role::Completion;
            }
            return Role::Skip;
        }
        let a: String = after.chars().filter(|c| !c.is_whitespace()).collect();
        if THRESHOLD_AFTER.iter().any(|w| a.starts_with(w))
            || THRESHOLD_BEFORE.iter().any(|w| clause.ends_with(w))
        {
            return Role::Skip;
        }
        if is_comparison(&clause) {
            let (year, basis) = self.base_descriptor(&clause);
            return Role::Base { year, basis };
        }
        let list = marker_follows_directly(&b);
        let basis = basis_in(&clause).or_else(|| self.default_basis());
        let year = year_in_clause(&clause, self.doc_year()).or(self.doc_year());
        let subject = clean_subject(&clause, self.meta.department.as_deref());
        let subject = self.without_org_prefix(subject);
        Role::Value {
            subject,
            basis,
            year,
            list,
        }
    }

    /// "省委办公厅本年支出预算合计" → "本年支出预算合计": a name before a
    /// subject the vocabulary knows is the department's, not the subject's.
    fn without_org_prefix(&self, subject: String) -> String {
        if subject_id(&self.subjects, &subject).is_some() {
            return subject;
        }
        for (i, c) in subject.char_indices() {
            if !ORG_ENDINGS.contains(&c) || i < 6 {
                continue;
            }
            let rest = subject.get(i + c.len_utf8()..).unwrap_or("");
            if subject_id(&self.subjects, rest).is_some() {
                return rest.to_owned();
            }
        }
        subject
    }

    /// Year and basis of the figure a clause compares with ("比2025年年初
    /// 预算数", "较上年", "与2023年度相比").
    fn base_descriptor(&self, clause: &str) -> (Option<i32>, Option<Basis>) {
        let Some(i) = ["比", "较", "与", "同比"]
            .iter()
            .filter_map(|w| clause.find(w))
            .min()
        else {
            return (None, None);
        };
        let d = clause.get(i..).unwrap_or("");
        let year = year_in_clause(d, self.doc_year());
        let basis = basis_in(d);
        (year, basis)
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "one call site, every argument a field of the claim"
    )]
    fn new_claim(
        &self,
        p: &Paragraph,
        sentence: usize,
        quote: &str,
        fig: &TextFigure,
        subject: String,
        basis: Option<Basis>,
        year: Option<i32>,
    ) -> Claim {
        let offset = p
            .sentences()
            .get(sentence)
            .map_or(0, |(a, _)| *a)
            .saturating_add(fig.start);
        let (page, bbox) = match p.locate(offset) {
            Some((page, b)) => (page, Some(b)),
            None => (p.page, None),
        };
        let sid = subject_id(&self.subjects, &subject).map(str::to_owned);
        let code = crate::claim_links::code_of(&subject, self.records);
        Claim {
            id: String::new(),
            paragraph: p.id.clone(),
            sentence,
            quote: quote.to_owned(),
            page,
            bbox,
            subject,
            subject_id: sid,
            code,
            year,
            basis,
            value: fig.quantity.clone(),
            base: None,
            base_year: None,
            base_basis: None,
            change: None,
            change_percent: None,
            direction: None,
            trend: None,
            share: None,
            share_of: None,
            whole: None,
            completion_rate: None,
            reason: None,
            link: None,
        }
    }
}

/// "年初预算为A，支出决算为B": B becomes the claim's value and A its base,
/// when the second figure states a 决算 and the first a budget. Returns
/// whether it merged.
fn merge_basis(out: &mut [Claim], i: usize, fig: &TextFigure, basis: Option<Basis>) -> bool {
    let Some(c) = out.get_mut(i) else {
        return false;
    };
    let budgetish = matches!(
        c.basis,
        Some(Basis::Budget | Basis::InitialBudget | Basis::AdjustedBudget)
    );
    if c.base.is_none() && c.change.is_none() && budgetish && basis == Some(Basis::FinalAccount) {
        let first = std::mem::replace(&mut c.value, fig.quantity.clone());
        c.base = Some(first);
        c.base_basis = c.basis;
        c.base_year = c.year;
        c.basis = basis;
        return true;
    }
    false
}

fn set_direction(c: &mut Claim, word: Option<String>, trend: Option<Trend>) {
    c.direction = word;
    c.trend = trend;
}

fn slice(chars: &[char], a: usize, b: usize) -> String {
    chars
        .get(a..b.max(a))
        .map(|s| s.iter().collect())
        .unwrap_or_default()
}

/// The text after the last clause break (，；：。 and their ASCII forms).
fn last_clause(s: &str) -> String {
    match s.rfind(['，', '；', '：', '。', ',', ';', ':']) {
        Some(i) => {
            let c = s
                .get(i..)
                .and_then(|r| r.chars().next())
                .map_or(1, char::len_utf8);
            s.get(i + c..).unwrap_or("").to_owned()
        }
        None => s.to_owned(),
    }
}

/// The change word a text ends with (tails like 了/为 and a template's
/// second alternative "（减少）" allowed after it).
fn change_word_at_end(s: &str) -> Option<(String, Option<Trend>)> {
    let mut t = s.trim_end_matches(['：', ':']).to_owned();
    for tail in CHANGE_TAILS {
        if let Some(r) = t.strip_suffix(tail) {
            t = r.to_owned();
            break;
        }
    }
    // "增加（减少）": both alternatives of a template left in.
    if let Some(inner_end) = t.strip_suffix(['）', ')'])
        && let Some(i) = inner_end.rfind(['（', '('])
    {
        let open = inner_end
            .get(i..)
            .and_then(|r| r.chars().next())
            .map_or(1, char::len_utf8);
        let inner = inner_end.get(i + open..).unwrap_or("");
        if CHANGE_WORDS.iter().any(|(w, _)| *w == inner) {
            let stem = inner_end.get(..i).unwrap_or("");
            if let Some((w, _)) = longest_suffix(CHANGE_WORDS, stem) {
                return Some((format!("{w}（{inner}）"), None));
            }
        }
    }
    // "增加/减少"
    if let Some((left, right)) = t.rsplit_once('/')
        && CHANGE_WORDS.iter().any(|(w, _)| *w == right)
        && let Some((w, _)) = longest_suffix(CHANGE_WORDS, left)
    {
        return Some((format!("{w}/{right}"), None));
    }
    longest_suffix(CHANGE_WORDS, &t).map(|(w, trend)| (w.to_owned(), Some(trend)))
}

/// Whether a clause sets the figure against another ("比上年", "较2025年
/// 年初预算数", "与上年相比", "同比").
fn is_comparison(clause: &str) -> bool {
    clause.starts_with('比')
        || clause.starts_with('较')
        || clause.contains("比上年")
        || clause.contains("较上年")
        || clause.contains("同比")
        || ((clause.starts_with('与') || clause.starts_with('和')) && clause.contains("相比"))
        || clause.contains("比20")
        || clause.contains("较20")
}

/// The subject a comparison clause names before its comparison word
/// ("收入比2025年增加" → 收入), cleaned; `None` when it names none ("比上年
/// 增加", "与上年相比收、支预算总计各增加").
fn restated_subject(before: &str) -> Option<String> {
    let b: String = before.chars().filter(|c| !c.is_whitespace()).collect();
    let mut clause = last_clause(&b);
    // Without its change word ("…财政拨款增加" → "…财政拨款").
    if let Some((w, _)) = change_word_at_end(&clause) {
        let stem = clause
            .strip_suffix(w.as_str())
            .unwrap_or(&clause)
            .to_owned();
        clause = CHANGE_TAILS
            .iter()
            .find_map(|t| {
                clause
                    .strip_suffix(t)
                    .and_then(|c| c.strip_suffix(w.as_str()))
            })
            .map_or(stem, str::to_owned);
    }
    // "和2025年相比…", "与上年相比…": the comparison starts at 和/与.
    let i = match clause.find("相比") {
        Some(j) => ["与", "和", "同", "跟"]
            .iter()
            .filter_map(|w| clause.get(..j).and_then(|h| h.find(w)))
            .min()
            .unwrap_or(j),
        None => ["比", "较", "与", "同比"]
            .iter()
            .filter_map(|w| clause.find(w))
            .min()
            .unwrap_or(clause.len()),
    };
    let head = clause.get(..i)?;
    let subject = clean_subject(head, None);
    (!subject.is_empty() && subject.chars().count() >= 2).then_some(subject)
}

/// Whether a claim's subject is the one a comparison names again: the
/// same, or the claim's subject begins with it ("收入预算" for 收入).
fn names_subject(subject: &str, named: &str) -> bool {
    let s = crate::claim_vocab::squeeze(subject);
    let n = crate::claim_vocab::squeeze(named);
    // "收、支总计各增加": 各 counts the two, it is not part of the name.
    let n = n.strip_suffix('各').unwrap_or(&n);
    if n.is_empty() {
        return false;
    }
    // A short name ("收入") must begin the subject: 事业收入 is not 收入.
    if n.chars().count() <= 3 {
        return s.starts_with(n);
    }
    s.contains(n) || n.contains(s.as_str())
}

/// Whether a sentence opens with a comparison, so that its change words
/// refer to the figure of the sentence before.
fn opens_comparison(sentence: &str) -> bool {
    let t: String = sentence
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(16)
        .collect();
    [
        "与上年",
        "比上年",
        "较上年",
        "同比",
        "与20",
        "比20",
        "较20",
        "与去年",
        "比去年",
    ]
    .iter()
    .any(|w| t.starts_with(w))
}

/// Whether a text names a year ("2025年", "上年").
fn names_year(s: &str) -> bool {
    year_in_clause(&last_clause(s), None).is_some() || mentions_last_year(&last_clause(s))
}

fn mentions_last_year(s: &str) -> bool {
    s.contains("上年") || s.contains("去年")
}

/// The whole a share names: "占本年支出合计的" → 本年支出合计; bare "占",
/// "占比" → None (the list's whole). `None` (outer) when the clause has no 占.
#[allow(
    clippy::option_option,
    reason = "outer: a share at all; inner: its named whole"
)]
fn share_of(clause: &str) -> Option<Option<String>> {
    let i = clause.rfind('占')?;
    let rest = clause.get(i + '占'.len_utf8()..)?;
    if rest.starts_with('用') || rest.starts_with('有') {
        return None;
    }
    let rest = rest.trim_start_matches('比');
    let rest = rest
        .trim_end_matches('为')
        .trim_end_matches("比例")
        .trim_end_matches("比重")
        .trim_end_matches('的');
    Some((!rest.is_empty()).then(|| rest.to_owned()))
}

/// Whether a list marker ("其中", "包括" …) stands at the start of `s`,
/// after nothing but punctuation.
fn marker_follows_directly(s: &str) -> bool {
    LIST_MARKERS.iter().any(|m| {
        s.find(m)
            .is_some_and(|i| s.get(..i).is_some_and(is_punctuation_only))
    })
}

fn is_punctuation_only(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_whitespace() || "，。；：、,.;:".contains(c))
}

/// The basis a clause names last, fund names (一般公共预算 …) aside.
fn basis_in(clause: &str) -> Option<Basis> {
    let mut s = clause.to_owned();
    for f in FUND_NAMES {
        s = s.replace(f, "");
    }
    s = s.replace("部门预算", "");
    let mut best: Option<(usize, usize, Basis)> = None;
    for (w, b) in BASIS_WORDS {
        for (i, _) in s.match_indices(w) {
            // The latest word wins; at one position the longest.
            let better = best.is_none_or(|(bi, bl, _)| {
                i + w.len() > bi + bl || (i + w.len() == bi + bl && w.len() > bl)
            });
            if better {
                best = Some((i, w.len(), *b));
            }
        }
    }
    best.map(|(_, _, b)| b)
}

/// The year a clause names: the last "20XX年", or 上年/去年 (the year
/// before the document's), or 本年/当年 (the document's).
fn year_in_clause(clause: &str, doc_year: Option<i32>) -> Option<i32> {
    let chars: Vec<char> = clause.chars().collect();
    let mut found: Option<(usize, i32)> = None;
    let mut i = 0;
    while i + 4 <= chars.len() {
        let window = chars.get(i..i + 4).unwrap_or(&[]);
        let digits = window.iter().all(char::is_ascii_digit);
        let before_ok = i == 0 || !chars.get(i - 1).is_some_and(char::is_ascii_digit);
        if digits && before_ok && chars.get(i + 4) == Some(&'年') {
            let y: String = window.iter().collect();
            if let Ok(y) = y.parse::<i32>()
                && (1990..=2100).contains(&y)
            {
                found = Some((i, y));
            }
        }
        i += 1;
    }
    let relative = ["上年", "去年"]
        .iter()
        .filter_map(|w| {
            clause
                .rfind(w)
                .map(|b| clause.get(..b).map_or(0, |s| s.chars().count()))
        })
        .max();
    match (found, relative) {
        (Some((fi, y)), Some(ri)) if fi > ri => Some(y),
        (_, Some(_)) => doc_year.map(|y| y - 1),
        (Some((_, y)), None) => Some(y),
        (None, None) => None,
    }
}

/// The comparison word of a statement, as printed with a 基本 before it.
fn compare_word(s: &str) -> Option<(String, Trend)> {
    let (i, w, t) = COMPARE_WORDS
        .iter()
        .filter_map(|(w, t)| s.find(w).map(|i| (i, *w, *t)))
        .min_by_key(|(i, _, _)| *i)?;
    let qualified = s.get(..i).is_some_and(|p| p.ends_with("基本"));
    Some((
        if qualified {
            format!("基本{w}")
        } else {
            w.to_owned()
        },
        t,
    ))
}

/// Whether a statement compares the figure with the one set against it
/// ("决算数大于预算数", "决算数与预算数基本持平", "支出决算小于年初预算").
fn is_value_vs_base(s: &str) -> bool {
    s.contains("决算") && s.contains("预算")
}

/// "与上年保持一致", "与上年持平", "本年数与上年预算数一致", "与上年相同".
fn is_flat_statement(s: &str) -> bool {
    (s.contains("上年") || s.contains("去年") || s.contains("上一年"))
        && ["一致", "持平", "相同", "不变", "无变化"]
            .iter()
            .any(|w| s.contains(w))
}

fn flat_word(s: &str) -> String {
    for w in [
        "保持一致",
        "基本持平",
        "持平",
        "一致",
        "相同",
        "不变",
        "无变化",
    ] {
        if s.contains(w) {
            return w.to_owned();
        }
    }
    "持平".to_owned()
}

/// Cleans the words before a figure into its subject: numbering, linking
/// words, the department naming itself, the year, parenthetical notes and
/// the basis words at the end removed. Empty when nothing names a subject.
fn clean_subject(clause: &str, department: Option<&str>) -> String {
    let mut s = strip_marker(clause.trim_start_matches(['、', '，', ' '])).to_owned();
    for w in THRESHOLD_AFTER {
        if let Some(r) = s.strip_prefix(w) {
            s = r.to_owned();
        }
    }
    s = strip_parenthetical_notes(&s);
    loop {
        let before = s.clone();
        for w in ["（本级）", "(本级)"]
            .into_iter()
            .chain(REASON_MARKERS.iter().copied())
        {
            if let Some(r) = s.strip_prefix(w) {
                s = r.to_owned();
            }
        }
        if let Some(w) =
            longest_prefix_word(LEADING_WORDS, &s).or_else(|| longest_prefix_word(SELF_NAMES, &s))
        {
            s = s.get(w.len()..).unwrap_or("").to_owned();
        }
        if let Some(d) = department
            && !d.is_empty()
            && let Some(r) = s.strip_prefix(d)
        {
            s = r.to_owned();
        }
        s = strip_year_prefix(&s);
        if s == before {
            break;
        }
    }
    strip_tails(&s, &[])
}

/// Removes the trailing linking and basis words ("…支出决算为" → "…支出").
fn strip_tails(s: &str, extra: &[&str]) -> String {
    let mut s = s.trim().to_owned();
    loop {
        let before = s.clone();
        for w in TRAILING_WORDS.iter().chain(extra) {
            if let Some(r) = s.strip_suffix(w) {
                s = r.to_owned();
            }
        }
        if let Some(r) = s.strip_suffix('数') {
            s = r.to_owned();
        }
        if let Some((w, _)) = longest_suffix(BASIS_WORDS, &s) {
            let stem = s.get(..s.len() - w.len()).unwrap_or("");
            // "财政拨款收、支总预算": 预算 is the noun there, not a basis.
            let kept = FUND_NAMES.iter().any(|f| s.ends_with(f))
                || s.ends_with("部门预算")
                || stem.ends_with('总');
            if !kept {
                s = s.get(..s.len() - w.len()).unwrap_or("").to_owned();
            }
        }
        s = s.trim_end_matches(['，', '、', ' ']).to_owned();
        s = strip_trailing_year(&s);
        if s == before {
            break;
        }
    }
    let t = s.trim().to_owned();
    if t.chars().count() > MAX_SUBJECT_CHARS {
        String::new()
    } else {
        t
    }
}

/// Whether a subject names nothing on its own ("支出" in "，支出决算为…").
fn is_weak(subject: &str) -> bool {
    subject.is_empty() || EMPTY_SUBJECTS.contains(&subject)
}

/// "公务用车购置费2026年" → "公务用车购置费": a year after the subject.
fn strip_trailing_year(s: &str) -> String {
    let t = s.strip_suffix('度').unwrap_or(s);
    let Some(t) = t.strip_suffix('年') else {
        return s.to_owned();
    };
    let chars: Vec<char> = t.chars().collect();
    let n = chars.len();
    let is_year = n >= 4
        && chars
            .get(n - 4..)
            .is_some_and(|w| w.iter().all(char::is_ascii_digit))
        && !(n >= 5 && chars.get(n - 5).is_some_and(char::is_ascii_digit));
    if is_year && n > 4 {
        chars
            .get(..n - 4)
            .map(|h| h.iter().collect())
            .unwrap_or_default()
    } else {
        s.to_owned()
    }
}

/// "省委办公厅2017年度收入…" → "收入…"; "2024年度本部门…" → "本部门…":
/// the year and what comes before it when that is a name or nothing.
fn strip_year_prefix(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    for i in 0..chars.len() {
        let digits = chars
            .get(i..i + 4)
            .is_some_and(|w| w.iter().all(char::is_ascii_digit));
        if !digits || chars.get(i + 4) != Some(&'年') {
            continue;
        }
        let mut end = i + 5;
        if chars.get(end) == Some(&'度') {
            end += 1;
        }
        let head: String = chars
            .get(..i)
            .map(|h| h.iter().collect())
            .unwrap_or_default();
        let is_name = head.is_empty()
            || head.ends_with([
                '局', '厅', '委', '会', '室', '办', '院', '心', '部', '处', '所', '）', ')', '馆',
                '站', '队', '署', '府',
            ])
            || SELF_NAMES.contains(&head.as_str());
        if is_name {
            return chars
                .get(end..)
                .map(|t| t.iter().collect())
                .unwrap_or_default();
        }
        return s.to_owned();
    }
    s.to_owned()
}

/// Drops notes in brackets that qualify a figure rather than name it
/// ("（以合同签订为准）", "（含…）").
fn strip_parenthetical_notes(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('（') {
        let Some(j) = rest.get(i..).and_then(|r| r.find('）')).map(|j| i + j) else {
            break;
        };
        let inner = rest.get(i + '（'.len_utf8()..j).unwrap_or("");
        out.push_str(rest.get(..i).unwrap_or(""));
        let note = inner.contains("为准") || inner.starts_with('含') || inner.starts_with("不含");
        if !note {
            out.push_str(rest.get(i..j + '）'.len_utf8()).unwrap_or(""));
        }
        rest = rest.get(j + '）'.len_utf8()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn after_n(s: &str, n: usize) -> Option<&str> {
    s.get(n..).map(str::trim_start)
}

/// Strips a leading numbering marker ("1．", "（一）", "一、", "1、", "(1)").
pub(crate) fn strip_marker(s: &str) -> &str {
    const CN: &str = "一二三四五六七八九十";
    let t = s.trim_start();
    if let Some(rest) = t.strip_prefix(['（', '(']) {
        let n: usize = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || CN.contains(*c))
            .map(char::len_utf8)
            .sum();
        if n > 0
            && let Some(r) = after_n(rest, n)
            && let Some(r) = r.strip_prefix(['）', ')'])
        {
            return r.trim_start();
        }
        return t;
    }
    let n: usize = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || CN.contains(*c))
        .map(char::len_utf8)
        .sum();
    if n > 0
        && let Some(r) = after_n(t, n)
    {
        // "1.5万元" is a number, not a marker.
        let is_number = r.starts_with('.')
            && r.get(1..)
                .is_some_and(|x| x.starts_with(|c: char| c.is_ascii_digit()));
        if let Some(x) = r.strip_prefix(['、', '．', '.', '）', ')'])
            && !is_number
        {
            return x.trim_start();
        }
    }
    t
}

/// The subject a paragraph's first sentence names when it states no
/// figure ("1、…财政事务（款）行政运行（项）。主要用于：…").
fn lead_subject(chars: &[char], sentences: &[(usize, usize)]) -> Option<String> {
    let &(a, b) = sentences.first()?;
    let first: String = chars.get(a..b)?.iter().collect();
    if !scan_figures(&first).is_empty() || first.chars().count() > MAX_SUBJECT_CHARS + 10 {
        return None;
    }
    let s = first.split(['：', ':']).next().unwrap_or("");
    let s = s.split("主要用于").next().unwrap_or("");
    let s = clean_lead(s);
    (!is_weak(&s)).then_some(s)
}

/// A heading or lead sentence cleaned into a subject: numbering, full stop
/// and "情况说明" tails removed.
fn clean_lead(s: &str) -> String {
    let s = strip_marker(s).trim_end_matches(['。', '；', ';', '.']);
    let s = strip_year_prefix(s);
    let t = strip_tails(&s, HEADING_TAILS);
    // "（一）收入预算。" names 收入预算: its 预算 is the noun, not a basis.
    if is_weak(&t) && !s.is_empty() && s.chars().count() <= MAX_SUBJECT_CHARS {
        let mut kept = s.clone();
        while let Some(r) = HEADING_TAILS.iter().find_map(|w| kept.strip_suffix(w)) {
            kept = r.to_owned();
        }
        return if is_weak(&kept) { String::new() } else { kept };
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use yusuan_model::{BBox, LineSpan, Quantity};

    fn section(heading: &[&str], paragraphs: &[&str]) -> Section {
        Section {
            id: "s1".into(),
            heading: heading.iter().map(|s| (*s).to_owned()).collect(),
            paragraphs: paragraphs
                .iter()
                .enumerate()
                .map(|(i, t)| Paragraph {
                    id: format!("p{}", i + 1),
                    role: ParagraphRole::Body,
                    text: (*t).to_owned(),
                    page: 3,
                    pages: vec![3],
                    bbox: None,
                    lines: vec![LineSpan {
                        start: 0,
                        page: 3,
                        bbox: BBox::new(0.0, 0.0, 10.0, 10.0),
                    }],
                })
                .collect(),
        }
    }

    fn claims(doc_type: DocType, year: i32, sections: &[Section]) -> Vec<Claim> {
        let meta = Meta {
            department: Some("上海市普陀区财政局".into()),
            year: Some(year),
            doc_type,
        };
        claims_of(sections, &[], &Records::default(), &meta)
    }

    fn raw(q: &Option<Quantity>) -> Option<&str> {
        q.as_ref().map(|q| q.raw.as_str())
    }

    #[test]
    fn value_change_and_percent_of_one_sentence() {
        let s = section(
            &["一、收支预算总表情况说明"],
            &[
                "省委办公厅2017年度收入、支出预算总计20849.45万元，与上年相比收、支预算总计各增加2043.58万元，增长10.87%。主要原因是政策性调资，增加大院管理费等。其中：",
            ],
        );
        let c = claims(DocType::Budget, 2017, &[s]);
        assert_eq!(c.len(), 1);
        let c = &c[0];
        assert_eq!(c.subject, "收入、支出预算总计");
        assert_eq!(c.subject_id.as_deref(), Some("revenue_expenditure_total"));
        assert_eq!(c.year, Some(2017));
        assert_eq!(c.basis, Some(Basis::Budget));
        assert_eq!(c.value.raw, "20849.45万元");
        assert_eq!(raw(&c.change), Some("2043.58万元"));
        assert_eq!(raw(&c.change_percent), Some("10.87%"));
        assert_eq!(c.trend, Some(Trend::Increase));
        assert_eq!(c.base_year, Some(2016));
        assert_eq!(c.reason.as_deref(), Some("政策性调资，增加大院管理费等"));
        assert_eq!(c.page, 3);
        assert!(c.bbox.is_some());
    }

    #[test]
    fn initial_budget_and_final_account_make_one_claim() {
        let s = section(
            &["（三）一般公共预算财政拨款支出决算具体情况"],
            &[
                "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人员经费。年初预算为1560.05万元，支出决算为1511.89万元。决算数大于预算数的主要原因：人员进出。",
                "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的0%，其中：因公出国（境）费决算为0.00万元，完成预算的0%。",
            ],
        );
        let c = claims(DocType::FinalAccount, 2024, &[s]);
        assert_eq!(c.len(), 3, "{c:#?}");
        assert_eq!(
            c[0].subject,
            "一般公共服务支出（类）财政事务（款）行政运行（项）"
        );
        assert_eq!(c[0].value.raw, "1511.89万元");
        assert_eq!(c[0].basis, Some(Basis::FinalAccount));
        assert_eq!(raw(&c[0].base), Some("1560.05万元"));
        assert_eq!(c[0].base_basis, Some(Basis::InitialBudget));
        assert_eq!(c[0].direction.as_deref(), Some("大于"));
        assert_eq!(c[0].trend, Some(Trend::Increase));
        assert_eq!(c[0].reason.as_deref(), Some("人员进出"));
        assert_eq!(c[1].subject, "“三公”经费财政拨款支出");
        assert_eq!(c[1].subject_id.as_deref(), Some("three_public_total"));
        assert_eq!(raw(&c[1].base), Some("0.95万元"));
        assert_eq!(raw(&c[1].completion_rate), Some("0%"));
        assert_eq!(c[2].subject, "因公出国（境）费");
        assert_eq!(c[2].whole.as_deref(), Some("c2"));
    }

    #[test]
    fn shares_of_a_list_point_at_the_whole() {
        let s = section(
            &["三、支出预算情况说明"],
            &[
                "省委办公厅本年支出预算合计20849.45万元，其中：",
                "基本支出9964.07万元，占47.79%。",
                "项目支出10688.66万元，占51.27%。",
            ],
        );
        let c = claims(DocType::Budget, 2017, &[s]);
        assert_eq!(c.len(), 3);
        assert_eq!(c[0].subject_id.as_deref(), Some("expenditure_year_total"));
        assert_eq!(c[1].whole.as_deref(), Some("c1"));
        assert_eq!(c[2].whole.as_deref(), Some("c1"));
        assert_eq!(raw(&c[2].share), Some("51.27%"));
    }

    #[test]
    fn explicit_base_and_named_share() {
        let s = section(
            &[],
            &[
                "2026年度收入预算866561.92万元，比2025年年初预算数847128.49万元增加19433.43万元，增长2.29%。因公出国（境）费支出70万元，占“三公”经费的13.75%。",
            ],
        );
        let c = claims(DocType::Budget, 2026, &[s]);
        assert_eq!(c.len(), 2, "{c:#?}");
        assert_eq!(c[0].subject, "收入");
        assert_eq!(raw(&c[0].base), Some("847128.49万元"));
        assert_eq!(c[0].base_year, Some(2025));
        assert_eq!(c[0].base_basis, Some(Basis::InitialBudget));
        assert_eq!(raw(&c[0].change), Some("19433.43万元"));
        assert_eq!(c[1].share_of.as_deref(), Some("“三公”经费"));
    }

    #[test]
    fn following_sentences_compare_and_flat() {
        let s = section(
            &[],
            &[
                "此外，基本支出预算数为9964.07万元。与上年相比增加941.62万元，增长10.44%。",
                "2．财政专户管理资金收入预算总计147.20万元。与上年保持一致。",
            ],
        );
        let c = claims(DocType::Budget, 2017, &[s]);
        assert_eq!(c.len(), 2, "{c:#?}");
        assert_eq!(c[0].subject, "基本支出");
        assert_eq!(raw(&c[0].change), Some("941.62万元"));
        assert_eq!(c[1].subject, "财政专户管理资金收入预算总计");
        assert_eq!(c[1].trend, Some(Trend::Flat));
        assert_eq!(c[1].direction.as_deref(), Some("保持一致"));
    }

    #[test]
    fn template_alternatives_leave_the_direction_open() {
        let s = section(
            &[],
            &["机关运行经费支出184.65万元，比上年增加（减少）2.55万元，增长1.40%。"],
        );
        let c = claims(DocType::FinalAccount, 2024, &[s]);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].direction.as_deref(), Some("增加（减少）"));
        assert_eq!(c[0].trend, None);
    }

    #[test]
    fn thresholds_and_unknown_subjects_give_no_claim() {
        let s = section(
            &[],
            &[
                "单价100万元（含）以上设备（不含车辆）2台（套）。",
                "增长3%。",
            ],
        );
        let c = claims(DocType::FinalAccount, 2024, &[s]);
        assert_eq!(c.len(), 1, "{c:#?}");
        assert_eq!(c[0].value.raw, "2台（套）");
    }

    #[test]
    fn unreadable_paragraphs_give_no_claim_and_no_panic() {
        let texts = [
            "",
            "。。。；；；",
            "万元万元%%%占占",
            "99999999999999999999999999999999999万元，增加99999999999999999999999999999万元。",
            "1850.50万元。",
            "（（（（一）二）三）比较增加减少下降增长12%",
            "\u{0}\u{FEFF}收入\u{200B}1,2,3万元",
            "比上年增加5万元，增长10%。占20%。完成30%。",
        ];
        let s = section(&[], &texts);
        let c = claims(DocType::Budget, 2025, &[s]);
        // Only a figure with a subject makes a claim; none of these has one.
        assert!(c.is_empty(), "{c:#?}");
        let long = "收入".repeat(5000) + "100万元";
        let s = section(&["一、".repeat(100).as_str()], &[long.as_str()]);
        assert!(claims(DocType::Budget, 2025, &[s]).len() <= 1);
    }

    #[test]
    fn markers_are_stripped() {
        assert_eq!(strip_marker("（一）收入"), "收入");
        assert_eq!(strip_marker("1．收入"), "收入");
        assert_eq!(strip_marker("10、收入"), "收入");
        assert_eq!(strip_marker("1.5万元"), "1.5万元");
        assert_eq!(clean_lead("（一）机关运行经费支出情况"), "机关运行经费支出");
    }
}
