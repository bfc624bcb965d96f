//! Every word list the normalizer knows, in one place.
//!
//! Each table is sorted by the byte order of its words (what `str`'s `Ord`
//! gives) and free of duplicates; the tests at the bottom check both, and that
//! matching picks the longest word, so 大于等于 is read before 大于 and 个月
//! before 个. To teach the normalizer a new word, add it here in order.

use yusuan_model::Op;

/// Operator words and signs written before a number ("≥90%", "不少于4500件").
///
/// `≪` and `≫` are OCR misreadings of `≤` and `≥` in scanned 自评表s (a
/// "much less than" makes no sense in a target cell); `≮`/`≯` are the
/// "not less/greater than" signs some forms print. `≦`/`≧` are the JIS forms.
/// Full-width `＞＝` reaches this table as `>=` after width folding.
pub(crate) const OPERATOR_PREFIXES: &[(&str, Op)] = &[
    ("<", Op::Lt),
    ("<=", Op::Le),
    ("=", Op::Eq),
    ("==", Op::Eq),
    (">", Op::Gt),
    (">=", Op::Ge),
    ("≤", Op::Le),
    ("≥", Op::Ge),
    ("≦", Op::Le),
    ("≧", Op::Ge),
    ("≪", Op::Le),
    ("≫", Op::Ge),
    ("≮", Op::Ge),
    ("≯", Op::Le),
    ("⩽", Op::Le),
    ("⩾", Op::Ge),
    ("不低于", Op::Ge),
    ("不到", Op::Lt),
    ("不多于", Op::Le),
    ("不大于", Op::Le),
    ("不小于", Op::Ge),
    ("不少于", Op::Ge),
    ("不早于", Op::Ge),
    ("不晚于", Op::Le),
    ("不超过", Op::Le),
    ("不足", Op::Lt),
    ("不高于", Op::Le),
    ("低于", Op::Lt),
    ("多于", Op::Gt),
    ("大于", Op::Gt),
    ("大于或等于", Op::Ge),
    ("大于等于", Op::Ge),
    ("小于", Op::Lt),
    ("小于或等于", Op::Le),
    ("小于等于", Op::Le),
    ("少于", Op::Lt),
    ("早于", Op::Lt),
    ("晚于", Op::Gt),
    ("最多", Op::Le),
    ("最少", Op::Ge),
    ("等于", Op::Eq),
    ("至多", Op::Le),
    ("至少", Op::Ge),
    ("超过", Op::Gt),
    ("高于", Op::Gt),
];

/// Operator words written after a number and its unit ("90%以上", "5个以内").
///
/// 以上/以下 include the number itself, as Chinese law and budget forms use
/// them (《刑法》第九十九条: "本法所称以上、以下、以内，包括本数").
pub(crate) const OPERATOR_SUFFIXES: &[(&str, Op)] = &[
    ("之内", Op::Le),
    ("以上", Op::Ge),
    ("以下", Op::Le),
    ("以内", Op::Le),
    ("内", Op::Le),
    ("及以上", Op::Ge),
    ("及以下", Op::Le),
    ("或以上", Op::Ge),
    ("或以下", Op::Le),
];

/// Money units with the power of ten that turns them into 元.
/// "人民币" names the currency after a multiplier ("3751亿人民币") or a unit
/// ("80亿元人民币").
pub(crate) const MONEY_UNITS: &[(&str, u32)] = &[
    ("万亿元", 12),
    ("万元", 4),
    ("人民币", 0),
    ("亿元", 8),
    ("元", 0),
    ("千万元", 7),
    ("千元", 3),
    ("百万元", 6),
];

/// Foreign currencies: kind "amount" with no `yuan`, since converting them
/// would need an exchange rate the document does not give ("≥3亿美元").
pub(crate) const FOREIGN_CURRENCIES: &[&str] = &["日元", "欧元", "港元", "港币", "美元", "英镑"];

/// Multipliers written between a number and a non-money unit ("2万人",
/// "350万人次"), with their power of ten.
pub(crate) const MULTIPLIERS: &[(&str, u32)] = &[
    ("万", 4),
    ("万亿", 12),
    ("亿", 8),
    ("千", 3),
    ("千万", 7),
    ("百万", 6),
];

/// Percent units and the unit they are reported as: "百分比" is how 度量单位
/// columns spell "%"; a 百分点 (percentage point) keeps its own name.
pub(crate) const PERCENT_UNITS: &[(&str, &str)] = &[
    ("%", "%"),
    ("个百分点", "个百分点"),
    ("百分比", "%"),
    ("百分点", "百分点"),
];

/// Units of time: a number with one of these is a duration ("≤15个工作日").
/// A bare 月 is not one: "12月" is December as often as twelve months, and
/// "1-12月" is January to December; only "个月" counts months.
pub(crate) const TIME_UNITS: &[&str] = &[
    "h",
    "个季度",
    "个小时",
    "个工作日",
    "个星期",
    "个月",
    "个自然日",
    "分钟",
    "周",
    "天",
    "季度",
    "小时",
    "工作日",
    "年",
    "日",
    "星期",
    "毫秒",
    "秒",
    "自然日",
];

/// Measure words of counted things (件, 人次, 个...). "个" may be followed by
/// the noun it counts ("个单位", "个村居(社区)"); see `unit.rs`.
pub(crate) const COUNT_UNITS: &[&str] = &[
    "个", "个人", "人", "人天", "人日", "人月", "人次", "件", "件次", "份", "份次", "位", "例",
    "册", "分", "副", "单", "卷", "双", "口", "只", "台", "台套", "台次", "名", "场", "场次", "块",
    "堂", "处", "头", "套", "套次", "学时", "宗", "家", "家次", "对", "封", "届", "岁", "床", "座",
    "张", "户", "户次", "所", "批", "批次", "支", "期", "期次", "本", "村", "村居", "条", "架",
    "架次", "栋", "株", "棵", "次", "点", "班", "盆", "盏", "盒", "社区", "种", "笔", "箱", "篇",
    "篇次", "类", "组", "艘", "节", "课", "课时", "起", "车", "车次", "轮", "辆", "辆次", "部",
    "门", "门次", "间", "队", "项", "项次",
];

/// Physical measures (area, length, weight, energy). The contract has no
/// kind for them, so they are reported as kind "count" with their unit.
pub(crate) const MEASURE_UNITS: &[&str] = &[
    "GB",
    "MB",
    "PB",
    "TB",
    "kg",
    "km",
    "m",
    "m2",
    "m²",
    "㎡",
    "亩",
    "公斤",
    "公里",
    "千克",
    "千瓦时",
    "千米",
    "升",
    "吨",
    "平方米",
    "平米",
    "度",
    "立方",
    "立方米",
    "米",
];

/// Whole-cell words that mean "nothing here" where a number is expected.
/// "无" is not listed: it is a placeholder or a boolean depending on the
/// column, see `quantity.rs`.
pub(crate) const PLACEHOLDERS: &[&str] = &[
    "",
    "-",
    "--",
    "/",
    "N/A",
    "_",
    "–",
    "—",
    "——",
    "―",
    "不适用",
    "空",
];

/// Whole-cell yes/no answers.
pub(crate) const BOOL_WORDS: &[(&str, bool)] =
    &[("否", false), ("无", false), ("是", true), ("有", true)];

/// Separators between the two ends of a range ("90%-95%", "3至5个").
pub(crate) const RANGE_SEPARATORS: &[&str] = &["-", "--", "~", "–", "—", "——", "到", "至"];

/// Words after a date that make it a deadline or name the end of a period.
pub(crate) const DATE_SUFFIXES: &[(&str, DateSuffix)] = &[
    ("之内", DateSuffix::By),
    ("之前", DateSuffix::By),
    ("以内", DateSuffix::By),
    ("以前", DateSuffix::By),
    ("内", DateSuffix::By),
    ("前", DateSuffix::By),
    ("底", DateSuffix::End),
    ("底前", DateSuffix::By),
    ("末", DateSuffix::End),
    ("末前", DateSuffix::By),
];

/// Deadlines that name the end of the year without saying which year.
pub(crate) const YEAR_END_PHRASES: &[&str] = &[
    "年内",
    "年内完成",
    "年底",
    "年底前",
    "年底前完成",
    "年度内",
    "年度内完成",
    "年末前",
    "当年",
    "当年内",
    "本年内",
    "本年度内",
];

/// How a label in front of an operator may end for the label to be dropped
/// ("合格率>96%"): a rate, degree, number or amount names the measured thing.
pub(crate) const LABEL_ENDINGS: &[&str] = &["度", "数", "率", "量"];

/// Qualifiers that change what the number means ("每月不低于4次" is per
/// month, "人均..." per person): a label containing one is never dropped.
/// Not a bare 单: "工单填写率" is a plain rate.
pub(crate) const LABEL_QUALIFIERS: &[&str] = &["单个", "单位", "单次", "均", "每", "累计"];

/// Periods a frequency may be counted over, after a leading 每 ("每年≥20场",
/// "每月不低于4次"): the figure is read and the period kept in `per`.
pub(crate) const PERIODS: &[&str] = &[
    "半年",
    "周",
    "天",
    "季",
    "季度",
    "学期",
    "小时",
    "工作日",
    "年",
    "年度",
    "日",
    "星期",
    "月",
];

/// What a date suffix says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateSuffix {
    /// 前, 内, 底前: on or before the end of the period.
    By,
    /// 底, 末: the end of the period itself.
    End,
}

/// The longest word of `table` that `s` starts with.
pub(crate) fn longest_prefix<T: Copy>(
    table: &[(&'static str, T)],
    s: &str,
) -> Option<(&'static str, T)> {
    let mut best: Option<(&'static str, T)> = None;
    for &(word, value) in table {
        if !word.is_empty() && s.starts_with(word) && best.is_none_or(|(b, _)| word.len() > b.len())
        {
            best = Some((word, value));
        }
    }
    best
}

/// The longest word of a plain word list that `s` starts with.
pub(crate) fn longest_word(table: &'static [&'static str], s: &str) -> Option<&'static str> {
    let mut best: Option<&'static str> = None;
    for &word in table {
        if !word.is_empty() && s.starts_with(word) && best.is_none_or(|b| word.len() > b.len()) {
            best = Some(word);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_sorted(name: &str, words: &[&str]) {
        for pair in words.windows(2) {
            if let [a, b] = pair {
                assert!(
                    a < b,
                    "{name}: {a:?} must come before {b:?} (sorted, no duplicates)"
                );
            }
        }
    }

    fn keys<T: Copy>(table: &[(&'static str, T)]) -> Vec<&'static str> {
        table.iter().map(|&(w, _)| w).collect()
    }

    #[test]
    fn tables_are_sorted_and_deduplicated() {
        check_sorted("OPERATOR_PREFIXES", &keys(OPERATOR_PREFIXES));
        check_sorted("OPERATOR_SUFFIXES", &keys(OPERATOR_SUFFIXES));
        check_sorted("MONEY_UNITS", &keys(MONEY_UNITS));
        check_sorted("MULTIPLIERS", &keys(MULTIPLIERS));
        check_sorted("FOREIGN_CURRENCIES", FOREIGN_CURRENCIES);
        check_sorted("PERCENT_UNITS", &keys(PERCENT_UNITS));
        check_sorted("TIME_UNITS", TIME_UNITS);
        check_sorted("COUNT_UNITS", COUNT_UNITS);
        check_sorted("MEASURE_UNITS", MEASURE_UNITS);
        check_sorted("PLACEHOLDERS", PLACEHOLDERS);
        check_sorted("BOOL_WORDS", &keys(BOOL_WORDS));
        check_sorted("RANGE_SEPARATORS", RANGE_SEPARATORS);
        check_sorted("DATE_SUFFIXES", &keys(DATE_SUFFIXES));
        check_sorted("YEAR_END_PHRASES", YEAR_END_PHRASES);
        check_sorted("LABEL_ENDINGS", LABEL_ENDINGS);
        check_sorted("LABEL_QUALIFIERS", LABEL_QUALIFIERS);
        check_sorted("PERIODS", PERIODS);
    }

    #[test]
    fn unit_tables_do_not_overlap() {
        // A word in two unit tables would make its kind depend on lookup order.
        let mut all: Vec<&str> = Vec::new();
        all.extend(keys(MONEY_UNITS));
        all.extend(keys(PERCENT_UNITS));
        all.extend(TIME_UNITS);
        all.extend(COUNT_UNITS);
        all.extend(MEASURE_UNITS);
        all.extend(FOREIGN_CURRENCIES);
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n, "a unit word is listed in two unit tables");
    }

    #[test]
    fn longer_words_win_over_their_prefixes() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(table: &[(&'static str, T)]) {
            for &(word, value) in table {
                let probe = format!("{word}1");
                assert_eq!(longest_prefix(table, &probe), Some((word, value)), "{word}");
            }
        }
        check(OPERATOR_PREFIXES);
        check(OPERATOR_SUFFIXES);
        check(MONEY_UNITS);
        check(MULTIPLIERS);
        check(PERCENT_UNITS);
        check(DATE_SUFFIXES);
        for table in [TIME_UNITS, COUNT_UNITS, MEASURE_UNITS, FOREIGN_CURRENCIES] {
            for &word in table {
                assert_eq!(longest_word(table, &format!("{word}1")), Some(word));
            }
        }
        assert_eq!(
            longest_prefix(OPERATOR_PREFIXES, "大于等于5"),
            Some(("大于等于", Op::Ge))
        );
        assert_eq!(
            longest_prefix(OPERATOR_PREFIXES, "大于5"),
            Some(("大于", Op::Gt))
        );
        assert_eq!(
            longest_prefix(OPERATOR_PREFIXES, ">=5"),
            Some((">=", Op::Ge))
        );
    }

    #[test]
    fn operator_words_map_as_the_contract_says() {
        for (word, op) in [
            ("≥", Op::Ge),
            ("≧", Op::Ge),
            ("大于等于", Op::Ge),
            ("大于或等于", Op::Ge),
            ("不少于", Op::Ge),
            ("不低于", Op::Ge),
            ("不小于", Op::Ge),
            ("至少", Op::Ge),
            ("≤", Op::Le),
            ("≦", Op::Le),
            ("小于等于", Op::Le),
            ("不超过", Op::Le),
            ("不高于", Op::Le),
            ("不多于", Op::Le),
            ("大于", Op::Gt),
            ("高于", Op::Gt),
            ("超过", Op::Gt),
            ("小于", Op::Lt),
            ("低于", Op::Lt),
            ("等于", Op::Eq),
            ("≪", Op::Le),
            ("≫", Op::Ge),
        ] {
            assert_eq!(longest_prefix(OPERATOR_PREFIXES, word), Some((word, op)));
        }
    }
}
