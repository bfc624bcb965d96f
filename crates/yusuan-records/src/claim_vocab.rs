//! The words claims are read with: subjects and their canonical ids
//! (`data/claim_subjects.txt`), comparison and direction words, basis
//! words, list and reason markers. Every table is sorted by its words'
//! bytes and free of duplicates (tests below); to teach the reader a word,
//! add it in order.

use yusuan_model::{Basis, Trend};

/// Words stating a change, as the last word before the change figure
/// ("增加2043.58万元", "增长10.87%"), and the direction they state.
pub(crate) const CHANGE_WORDS: &[(&str, Trend)] = &[
    ("上升", Trend::Increase),
    ("上涨", Trend::Increase),
    ("下降", Trend::Decrease),
    ("减低", Trend::Decrease),
    ("减少", Trend::Decrease),
    ("减幅", Trend::Decrease),
    ("增加", Trend::Increase),
    ("增幅", Trend::Increase),
    ("增长", Trend::Increase),
    ("提高", Trend::Increase),
    ("节约", Trend::Decrease),
    ("降低", Trend::Decrease),
    ("降幅", Trend::Decrease),
];

/// Words comparing the figure with the one it is set against
/// ("决算数小于预算数", "决算数与预算数基本持平").
pub(crate) const COMPARE_WORDS: &[(&str, Trend)] = &[
    ("一致", Trend::Flat),
    ("低于", Trend::Decrease),
    ("大于", Trend::Increase),
    ("小于", Trend::Decrease),
    ("持平", Trend::Flat),
    ("相同", Trend::Flat),
    ("等于", Trend::Flat),
    ("超过", Trend::Increase),
    ("高于", Trend::Increase),
];

/// Words after a change word that still belong to it ("增加了", "增幅为").
pub(crate) const CHANGE_TAILS: &[&str] = &["为", "了", "约", "达"];

/// Basis words at the end of the text before a figure ("年初预算为",
/// "支出决算为", "预算数"), longest first where one contains another.
/// Sorted by bytes; matching picks the longest.
pub(crate) const BASIS_WORDS: &[(&str, Basis)] = &[
    ("全年预算", Basis::AdjustedBudget),
    ("决算", Basis::FinalAccount),
    ("年初预算", Basis::InitialBudget),
    ("调整后预算", Basis::AdjustedBudget),
    ("调整预算", Basis::AdjustedBudget),
    ("预算", Basis::Budget),
];

/// Fund names that contain 预算 without naming a basis.
pub(crate) const FUND_NAMES: &[&str] = &["一般公共预算", "国有资本经营预算", "政府性基金预算"];

/// Words that open a list of parts of the figure before them ("其中：",
/// "主要用于以下方面：").
pub(crate) const LIST_MARKERS: &[&str] = &[
    "主要用于以下方面",
    "其中",
    "具体如下",
    "具体情况如下",
    "分别为",
    "分别是",
    "包括",
];

/// Words that introduce a reason ("主要原因是……"). Sorted.
pub(crate) const REASON_MARKERS: &[&str] = &[
    "主要原因:",
    "主要原因为",
    "主要原因是",
    "主要原因：",
    "主要是",
    "原因为",
    "原因是",
];

/// Words at the start of a subject that are not part of it. Sorted.
pub(crate) const LEADING_WORDS: &[&str] = &[
    "共有",
    "其中",
    "具体为",
    "分别为",
    "包括",
    "另外",
    "另有",
    "安排",
    "此外",
    "相应",
];

/// The department naming itself ("本部门2026年…"). Sorted.
pub(crate) const SELF_NAMES: &[&str] = &[
    "全局",
    "我单位",
    "我厅",
    "我委",
    "我局",
    "我部门",
    "本单位",
    "本厅",
    "本委",
    "本局",
    "本级",
    "本部门",
];

/// Words at the end of a subject that only link it to its figure
/// ("预算总计为", "共计"). Sorted.
pub(crate) const TRAILING_WORDS: &[&str] = &[
    "为",
    "共",
    "共有",
    "共计",
    "合计为",
    "安排",
    "总计为",
    "是",
    "约",
    "达",
    "达到",
];

/// Words before a figure that make it a threshold, not a statement
/// ("单价100万元（含）以上设备"). Sorted.
pub(crate) const THRESHOLD_BEFORE: &[&str] = &["单价", "单位价值", "原值"];

/// Words right after a figure that make it a threshold. Sorted.
pub(crate) const THRESHOLD_AFTER: &[&str] =
    &["(含)以上", "以上", "以下", "以内", "及以上", "（含）以上"];

/// Canonical subject ids and the squeezed phrases that name them.
const SUBJECTS: &str = include_str!("../data/claim_subjects.txt");

/// The subject table: (squeezed phrase, id), sorted by phrase.
pub(crate) fn subject_table() -> Vec<(&'static str, &'static str)> {
    SUBJECTS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .collect()
}

/// A subject in the form the table lists: spaces, quotes, 、 and the
/// basis words (预算, 决算, 数 …) removed, the fund names kept whole.
pub(crate) fn squeeze(subject: &str) -> String {
    const GUARDS: [(&str, &str); 3] = [
        ("一般公共预算", "\u{E000}"),
        ("政府性基金预算", "\u{E001}"),
        ("国有资本经营预算", "\u{E002}"),
    ];
    let mut s: String = subject
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '‘' | '’' | '「' | '」' | '、')
        })
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            _ => c,
        })
        .collect();
    for (name, guard) in GUARDS {
        s = s.replace(name, guard);
    }
    for w in ["年初预算", "调整预算", "全年预算", "预算", "决算", "数"] {
        s = s.replace(w, "");
    }
    for (name, guard) in GUARDS {
        s = s.replace(guard, name);
    }
    s
}

/// The canonical id of a subject, when the table lists it whole.
pub(crate) fn subject_id(
    table: &[(&'static str, &'static str)],
    subject: &str,
) -> Option<&'static str> {
    let key = squeeze(subject);
    table
        .binary_search_by(|(p, _)| (*p).cmp(key.as_str()))
        .ok()
        .and_then(|i| table.get(i))
        .map(|(_, id)| *id)
}

/// Every canonical subject id, sorted (the registry the subject file is
/// checked against).
#[cfg(test)]
pub(crate) const SUBJECT_IDS: &[&str] = &[
    "admin_operating_cost",
    "basic_expenditure",
    "business_revenue",
    "carried_forward",
    "carried_over",
    "expenditure_total",
    "expenditure_year_total",
    "fiscal_grant_basic_expenditure",
    "fiscal_grant_expenditure",
    "fiscal_grant_revenue",
    "fiscal_grant_total",
    "general_budget_basic_expenditure",
    "general_budget_expenditure",
    "general_budget_revenue",
    "government_fund_expenditure",
    "government_fund_revenue",
    "meeting_fee",
    "operating_revenue",
    "other_revenue",
    "overseas_travel",
    "personnel_expenditure",
    "procurement_total",
    "project_expenditure",
    "public_expenditure",
    "reception",
    "revenue_expenditure_total",
    "revenue_total",
    "revenue_year_total",
    "state_capital_expenditure",
    "state_capital_revenue",
    "subsidiary_revenue",
    "superior_grant_revenue",
    "three_public_total",
    "training_fee",
    "vehicle_operation",
    "vehicle_purchase",
    "vehicle_total",
    "vehicles",
];

/// The longest word of `table` that `s` ends with.
pub(crate) fn longest_suffix<T: Copy>(
    table: &[(&'static str, T)],
    s: &str,
) -> Option<(&'static str, T)> {
    table
        .iter()
        .filter(|(w, _)| !w.is_empty() && s.ends_with(w))
        .max_by_key(|(w, _)| w.len())
        .copied()
}

/// The longest word of a plain list that `s` starts with.
pub(crate) fn longest_prefix_word(table: &[&'static str], s: &str) -> Option<&'static str> {
    table
        .iter()
        .filter(|w| !w.is_empty() && s.starts_with(*w))
        .max_by_key(|w| w.len())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_unique(words: &[&str]) -> bool {
        words.windows(2).all(|w| w[0] < w[1])
    }

    #[test]
    fn tables_are_sorted_and_unique() {
        let pairs_change: Vec<&str> = CHANGE_WORDS.iter().map(|p| p.0).collect();
        let pairs_compare: Vec<&str> = COMPARE_WORDS.iter().map(|p| p.0).collect();
        let pairs_basis: Vec<&str> = BASIS_WORDS.iter().map(|p| p.0).collect();
        for list in [
            &pairs_change[..],
            &pairs_compare[..],
            &pairs_basis[..],
            CHANGE_TAILS,
            FUND_NAMES,
            LIST_MARKERS,
            REASON_MARKERS,
            LEADING_WORDS,
            SELF_NAMES,
            TRAILING_WORDS,
            THRESHOLD_BEFORE,
            THRESHOLD_AFTER,
            SUBJECT_IDS,
        ] {
            assert!(sorted_unique(list), "{list:?}");
        }
    }

    #[test]
    fn subject_file_is_sorted_unique_squeezed_and_registered() {
        let t = subject_table();
        assert!(t.len() > 50);
        let phrases: Vec<&str> = t.iter().map(|p| p.0).collect();
        assert!(
            sorted_unique(&phrases),
            "data/claim_subjects.txt is not sorted or has duplicates"
        );
        for (phrase, id) in &t {
            assert_eq!(squeeze(phrase), *phrase, "{phrase} is not in squeezed form");
            assert!(
                SUBJECT_IDS.contains(id),
                "{id} is not a registered subject id"
            );
        }
        for id in SUBJECT_IDS {
            assert!(t.iter().any(|(_, i)| i == id), "{id} has no phrase");
        }
    }

    #[test]
    fn subjects_are_matched_whole_after_squeezing() {
        let t = subject_table();
        assert_eq!(
            subject_id(&t, "“三公”经费财政拨款支出"),
            Some("three_public_total")
        );
        assert_eq!(
            subject_id(&t, "收入、支出预算总计"),
            Some("revenue_expenditure_total")
        );
        assert_eq!(
            subject_id(&t, "一般公共预算财政拨款支出决算"),
            Some("general_budget_expenditure")
        );
        assert_eq!(subject_id(&t, "因公出国(境)费"), Some("overseas_travel"));
        // Whole phrases only: a longer subject is not guessed from a part.
        assert_eq!(subject_id(&t, "基本支出中人员经费"), None);
    }
}
