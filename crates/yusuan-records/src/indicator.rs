//! 绩效指标 rows of 绩效目标表 and 绩效自评表, in every layout the corpus
//! shows: one form per project or many projects in one table (项目名称
//! column), the comparison in its own column (指标性质 / 指标值类型) or in
//! the value, a separate 度量单位 column, level cells merged over many rows
//! or printed once and left blank below, and forms that print
//! 一级+二级+三级 in one "绩效指标" cell (北京 预算13表).

use yusuan_model::{Decimal, Diagnostic, DiagnosticKind, Indicator, Loc, Table, TableKind};

use crate::build::warn;
use crate::grid::{self, View, key};
use crate::value::{self, Context};

/// What a column of an indicator block holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Level1,
    Level2,
    Name,
    /// 一级, 二级 and 三级 in one cell.
    Combined,
    Target,
    Actual,
    Op,
    Unit,
    Weight,
    Score,
    Deviation,
    Project,
}

/// The role of a header label (a [`key`]).
fn role_of(label: &str) -> Option<Role> {
    let bare: String = label.chars().filter(|c| !matches!(c, '(' | ')')).collect();
    let has = |w: &str| label.contains(w);
    if has("偏差") || has("未完成原因") || has("原因分析") {
        Some(Role::Deviation)
    } else if has("一级指标") {
        Some(Role::Level1)
    } else if has("二级指标") {
        Some(Role::Level2)
    } else if has("三级指标") || label == "指标名称" || label == "指标内容" {
        Some(Role::Name)
    } else if has("指标性质") || has("指标值类型") || has("指标类型") || label == "符号"
    {
        Some(Role::Op)
    } else if has("度量单位") || has("计量单位") {
        Some(Role::Unit)
    } else if has("实际完成") || has("实际值") || has("完成值") || has("实际达成") {
        Some(Role::Actual)
    } else if has("得分") {
        Some(Role::Score)
    } else if has("分值") || has("权重") {
        Some(Role::Weight)
    } else if (has("指标值") || has("目标值")) && !(has("内容") || has("说明") || has("解释"))
    {
        Some(Role::Target)
    } else if bare.contains("项目名称") || bare.contains("项目支出名称") {
        Some(Role::Project)
    } else if label == "绩效指标" {
        Some(Role::Combined)
    } else {
        None
    }
}

/// Column of each role in one indicator block.
#[derive(Debug, Default, Clone)]
struct Columns {
    level1: Option<usize>,
    level2: Option<usize>,
    name: Option<usize>,
    combined: Option<usize>,
    target: Option<usize>,
    actual: Option<usize>,
    op: Option<usize>,
    unit: Option<usize>,
    weight: Option<usize>,
    score: Option<usize>,
    deviation: Option<usize>,
    project: Option<usize>,
    /// The printed header of the target column ("年度指标值(A)").
    target_header: String,
    /// The printed header of the actual column ("实际完成值(B)").
    actual_header: String,
}

impl Columns {
    fn slot(&mut self, role: Role) -> &mut Option<usize> {
        match role {
            Role::Level1 => &mut self.level1,
            Role::Level2 => &mut self.level2,
            Role::Name => &mut self.name,
            Role::Combined => &mut self.combined,
            Role::Target => &mut self.target,
            Role::Actual => &mut self.actual,
            Role::Op => &mut self.op,
            Role::Unit => &mut self.unit,
            Role::Weight => &mut self.weight,
            Role::Score => &mut self.score,
            Role::Deviation => &mut self.deviation,
            Role::Project => &mut self.project,
        }
    }

    /// The column holding the indicator's name (三级指标, or the combined cell).
    fn name_col(&self) -> Option<usize> {
        self.name.or(self.combined)
    }
}

/// Longest header label in characters ("偏差原因分析及改进措施" has 11).
const MAX_HEADER_LABEL: usize = 20;

/// The roles of row `row`, if it is an indicator header row: it names the
/// 三级指标 (or a combined 绩效指标 column) and a value column.
fn header_columns(view: &View<'_>, row: usize) -> Option<Columns> {
    let mut cols = Columns::default();
    let mut last = None;
    for col in 0..view.n_cols() {
        let idx = view.cell_index(row, col);
        if idx.is_none() || idx == last {
            continue;
        }
        last = idx;
        let label = key(view.raw(row, col));
        // A header label is short and starts in its row: a deviation text
        // that mentions "指标值" beside the 绩效指标 cell running down from
        // above is a body row (国家信访局 2024 p32, 微信发稿量).
        if label.chars().count() > MAX_HEADER_LABEL
            || (view.is_continuation(row, col) && role_of(&label) == Some(Role::Combined))
        {
            continue;
        }
        if let Some(role) = role_of(&label) {
            let slot = cols.slot(role);
            if slot.is_none() {
                *slot = Some(col);
            }
        }
    }
    // A vertical "绩效指标" label left of a full header is not the combined column.
    if cols.name.is_some() {
        cols.combined = None;
    }
    cols.target_header = cols.target.map(|c| view.text(row, c)).unwrap_or_default();
    cols.actual_header = cols.actual.map(|c| view.text(row, c)).unwrap_or_default();
    let has_value = cols.target.is_some() || cols.actual.is_some();
    (cols.name_col().is_some() && has_value).then_some(cols)
}

/// 一级指标 labels, for splitting combined cells.
const LEVEL1_WORDS: &[&str] = &["产出指标", "成本指标", "效果指标", "效益指标", "满意度指标"];

/// 二级指标 labels, for splitting combined cells.
const LEVEL2_WORDS: &[&str] = &[
    "可持续影响指标",
    "数量指标",
    "时效指标",
    "服务对象满意度指标",
    "满意度指标",
    "生态效益指标",
    "生态环境成本指标",
    "社会成本指标",
    "社会效益指标",
    "经济成本指标",
    "经济效益指标",
    "质量指标",
];

/// Names that fill an indicator column without being an indicator.
const NOT_NAMES: &[&str] = &["-", "/", "—", "——", "不适用", "合计", "总分", "无"];

/// The longest word of `words` that `text` starts with, and the rest.
fn strip_word<'t>(text: &'t str, words: &[&str]) -> (Option<String>, &'t str) {
    let mut best: Option<&str> = None;
    for w in words {
        if text.starts_with(w) && best.is_none_or(|b| w.len() > b.len()) {
            best = Some(w);
        }
    }
    match best {
        Some(w) => (Some(w.to_owned()), text.get(w.len()..).unwrap_or("")),
        None => (None, text),
    }
}

/// Removes the "指标1：" numbering some forms print before each name.
fn strip_ordinal(name: &str) -> String {
    let Some(rest) = name.strip_prefix("指标") else {
        return name.to_owned();
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let after = rest.get(digits..).unwrap_or("");
    match after.strip_prefix(['：', ':']) {
        Some(n) if digits > 0 && !n.trim().is_empty() => n.trim().to_owned(),
        _ => name.to_owned(),
    }
}

/// Splits a declared weight off a level-1 label: "产出指标(69分)" → ("产出指标", 69),
/// "产出指标（50%）" → ("产出指标", 50).
pub(crate) fn split_weight(label: &str) -> (String, Option<Decimal>) {
    let text = grid::squash(label);
    let k: String = text
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            _ => c,
        })
        .collect();
    if let (Some(open), true) = (k.rfind('('), k.ends_with(')')) {
        let inner = k.get(open + 1..k.len() - 1).unwrap_or("");
        let number = inner.trim().trim_end_matches(['分', '%', '％']).trim();
        let name = k.get(..open).unwrap_or("").trim();
        // "(69分)", "(50%)", or a bare "(10)" after a 指标 label.
        if (inner.trim() != number || name.ends_with("指标"))
            && let Some(w) = value::amount(number)
        {
            return (name.to_owned(), Some(w.normalize()));
        }
    }
    // No brackets: "产出指标50分", "满意度指标10" (西安卫健委 2022 自评表s print
    // the weight on the label's second line).
    let bare = k.trim_end_matches(['分', '%', '％']);
    let digits = bare
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .last()
        .map(|(i, _)| i);
    if let Some(i) = digits
        && let (Some(name), Some(number)) = (bare.get(..i), bare.get(i..))
        && name.ends_with("指标")
        && let Some(w) = value::amount(number)
    {
        return (name.to_owned(), Some(w.normalize()));
    }
    (text, None)
}

/// A score or weight cell ("10", "5.00", "10分").
fn score_number(raw: &str) -> Option<Decimal> {
    value::amount(raw.trim().trim_end_matches('分'))
}

/// The project a target form names in its title ("e福州留守困境儿童关爱帮扶专栏
/// 项目绩效目标表"), when the title is about one project rather than a list.
pub(crate) fn project_from_title(title: &str) -> Option<String> {
    let k = key(title);
    let end = k.find("绩效目标").or_else(|| k.find("绩效自评"))?;
    let mut head = k.get(..end)?;
    // Numbering and year: "表14", "9.", "2022年", "2023年度".
    if let Some(i) = head.find('年')
        && head
            .get(..i)
            .is_some_and(|p| p.chars().rev().take(4).all(|c| c.is_ascii_digit()))
    {
        head = head.get(i + '年'.len_utf8()..)?;
        head = head.strip_prefix('度').unwrap_or(head);
    }
    let head = head.trim_start_matches(|c: char| {
        c.is_ascii_digit()
            || matches!(c, '.' | '、' | '．' | '表' | '(' | ')')
            || c.is_ascii_punctuation()
    });
    let generic = GENERIC.iter().any(|g| head.starts_with(g)) || head.contains("项目支出");
    let chars = head.chars().count();
    (!generic && chars >= 4).then(|| head.to_owned())
}

/// Title heads that name a list of projects, not one project.
const GENERIC: &[&str] = &[
    "专项",
    "单位",
    "市级",
    "政策",
    "特定目标",
    "部门",
    "项目",
    "预算",
];

/// Whether the table is a department-wide form (no project).
fn is_department_wide(kind: TableKind) -> bool {
    matches!(
        kind,
        TableKind::OverallPerformanceTargets | TableKind::SelfEvaluationOverall
    )
}

/// For each row, the project named by a 项目名称 label cell in that row.
fn project_labels(view: &View<'_>) -> Vec<Option<String>> {
    let mut out = vec![None; view.n_rows()];
    for (row, slot) in out.iter_mut().enumerate() {
        let mut col = 0;
        while col < view.n_cols() {
            let k = key(view.raw(row, col));
            let k = k.trim_end_matches(':');
            if matches!(k, "项目名称" | "项目支出名称" | "项目名称(盖章)") {
                let here = view.cell_index(row, col);
                *slot = (col + 1..view.n_cols())
                    .filter(|&c| view.cell_index(row, c) != here)
                    .map(|c| view.text(row, c))
                    .find(|t| !t.is_empty());
                break;
            }
            col += 1;
        }
    }
    out
}

/// Reads the indicators of one table.
pub(crate) fn read_indicators(table: &Table, diags: &mut Vec<Diagnostic>) -> Vec<Indicator> {
    let view = View::new(table);
    let labels = project_labels(&view);
    let wide = is_department_wide(table.kind);
    let title_project = if wide {
        None
    } else {
        table
            .title
            .as_deref()
            .and_then(project_from_title)
            .or_else(|| table.heading.iter().find_map(|h| project_from_title(h)))
    };
    let mut out = Vec::new();
    let mut cols: Option<Columns> = None;
    let mut form_project: Option<String> = None;
    let mut level1: (Option<usize>, Option<String>, Option<Decimal>) = (None, None, None);
    let mut level2: (Option<usize>, Option<String>) = (None, None);
    let mut column_project: Option<String> = None;
    let mut found_header = false;
    for row in 0..view.n_rows() {
        if let Some(Some(p)) = labels.get(row) {
            form_project = Some(p.clone());
            column_project = None;
        }
        if let Some(c) = header_columns(&view, row) {
            cols = Some(c);
            found_header = true;
            level1 = (None, None, None);
            level2 = (None, None);
            continue;
        }
        let Some(c) = cols.as_ref() else { continue };
        let Some(name_col) = c.name_col() else {
            continue;
        };
        if let Some(pc) = c.project {
            let t = view.text(row, pc);
            if !t.is_empty() {
                column_project = Some(t);
            }
        }
        // Level cells: a new covering cell with text starts a new group;
        // a blank cell below a printed one carries it down.
        if let Some(l1) = c.level1 {
            let idx = view.cell_index(row, l1);
            let t = view.text(row, l1);
            if !t.is_empty() && idx != level1.0 {
                let (name, weight) = split_weight(&t);
                level1 = (idx, Some(name), weight);
                level2 = (None, None);
            }
        }
        if let Some(l2) = c.level2 {
            let idx = view.cell_index(row, l2);
            let t = view.text(row, l2);
            if !t.is_empty() && idx != level2.0 {
                level2 = (idx, Some(t));
            }
        }
        if view.is_continuation(row, name_col) {
            continue;
        }
        let raw_name = view.text(row, name_col);
        // A cell that also covers the value column is a row-wide text
        // (总体目标, 总分), not an indicator.
        let covers_value = [c.target, c.actual]
            .into_iter()
            .flatten()
            .any(|vc| view.cell_index(row, vc) == view.cell_index(row, name_col));
        if raw_name.is_empty()
            || covers_value
            || NOT_NAMES.contains(&raw_name.as_str())
            || value::amount(&raw_name).is_some()
        {
            continue;
        }
        let (mut l1, mut l1w, mut l2) = (level1.1.clone(), level1.2, level2.1.clone());
        let mut name = raw_name.clone();
        if c.name.is_none() {
            let (w1, rest) = strip_word(&raw_name, LEVEL1_WORDS);
            let (w2, rest) = strip_word(rest, LEVEL2_WORDS);
            if w1.is_some() {
                let (n, w) = split_weight(w1.as_deref().unwrap_or(""));
                l1 = Some(n);
                l1w = w;
            }
            if w2.is_some() {
                l2 = w2;
            }
            name = rest.to_owned();
            if name.is_empty() {
                continue;
            }
        }
        let name = strip_ordinal(&name);
        let text_at = |col: Option<usize>| col.map(|c| view.text(row, c)).filter(|t| !t.is_empty());
        let unit_cell = text_at(c.unit);
        let op_cell = text_at(c.op);
        let target_raw = text_at(c.target).unwrap_or_default();
        let target = value::with_unit_cell(
            value::quantity(
                &target_raw,
                Context {
                    header: Some(c.target_header.as_str()),
                    unit: None,
                    unit_cell: unit_cell.as_deref(),
                    op_cell: op_cell.as_deref(),
                },
            ),
            unit_cell.as_deref(),
        );
        let actual = text_at(c.actual).map(|raw| {
            let read = |unit_cell: Option<&str>| {
                value::quantity(
                    &raw,
                    Context {
                        header: Some(c.actual_header.as_str()),
                        unit: None,
                        unit_cell,
                        op_cell: None,
                    },
                )
            };
            let q = read(unit_cell.as_deref());
            // A bare figure in the 实际完成值 column is in the unit of its
            // 指标值: "0" against "≤1%" is 0 % (selfeval_project_1), "70.65"
            // against "≤70.65万元" is 70.65 万元.
            match target.unit.as_deref() {
                Some(u) if q.unit.is_none() && q.value.is_some() && is_bare_figure(&raw) => {
                    read(Some(u))
                }
                _ => q,
            }
        });
        let actual = actual.map(|q| value::with_unit_cell(q, unit_cell.as_deref()));
        let project = if wide {
            None
        } else {
            column_project
                .clone()
                .or_else(|| form_project.clone())
                .or_else(|| title_project.clone())
        };
        out.push(Indicator {
            table: table.id.clone(),
            row,
            page: view.row_page(row),
            project,
            level1: l1,
            level1_weight: l1w,
            level2: l2,
            name,
            target,
            actual,
            weight: text_at(c.weight).and_then(|t| score_number(&t)),
            score: text_at(c.score).and_then(|t| score_number(&t)),
            deviation_reason: text_at(c.deviation),
        });
    }
    if !found_header {
        out = read_listed_indicators(&view, wide);
    }
    if !found_header && out.is_empty() && table.kind != TableKind::Other {
        diags.push(warn(
            DiagnosticKind::RecordsMissing,
            Loc::table(&table.id, table.pages.first().copied()),
            format!(
                "{}: no indicator header row (三级指标 with 指标值 or 实际完成值) found; no indicators read",
                table.kind.as_str()
            ),
        ));
    }
    out
}

/// Whether a cell holds only a figure (digits, sign, point, separators).
fn is_bare_figure(raw: &str) -> bool {
    let t = raw.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+'))
}

/// Indicators listed as text in one "绩效指标" cell per project, as 广州
/// (WPS 表格) prints them: "1、1-产出指标；11-数量指标；企业标签数量；
/// 实施周期指标值:全年…；年度指标值:100%。2、1-产出指标；…".
fn read_listed_indicators(view: &View<'_>, wide: bool) -> Vec<Indicator> {
    let table = view.table;
    let header_rows = view.header_rows().max(1);
    let find = |pred: &dyn Fn(&str) -> bool| {
        (0..view.n_cols()).find(|&c| (0..header_rows).any(|r| pred(&key(view.raw(r, c)))))
    };
    let Some(list_col) = find(&|k| k == "绩效指标") else {
        return Vec::new();
    };
    let project_col = find(&|k| role_of(k) == Some(Role::Project));
    let mut out = Vec::new();
    for row in header_rows..view.n_rows() {
        if !view.is_origin(row, list_col) {
            continue;
        }
        let project = if wide {
            None
        } else {
            project_col
                .map(|c| view.text(row, c))
                .filter(|t| !t.is_empty())
        };
        for item in split_listed(&view.text(row, list_col)) {
            let fields: Vec<&str> = item
                .split(['；', ';'])
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .collect();
            let [l1, l2, name, rest @ ..] = fields.as_slice() else {
                continue;
            };
            let value_of = |label: &str| {
                rest.iter().find_map(|f| {
                    let f = f.strip_prefix(label)?;
                    Some(
                        f.trim_start_matches([':', '：'])
                            .trim_end_matches('。')
                            .to_owned(),
                    )
                })
            };
            let target_raw = value_of("年度指标值")
                .or_else(|| value_of("指标值"))
                .unwrap_or_default();
            let (level1, level1_weight) = split_weight(strip_number(l1));
            out.push(Indicator {
                table: table.id.clone(),
                row,
                page: view.row_page(row),
                project: project.clone(),
                level1: Some(level1),
                level1_weight,
                level2: Some(strip_number(l2).to_owned()),
                name: (*name).to_owned(),
                target: value::quantity(
                    &target_raw,
                    Context {
                        header: Some("年度指标值"),
                        ..Context::default()
                    },
                ),
                actual: None,
                weight: None,
                score: None,
                deviation_reason: None,
            });
        }
    }
    out
}

/// "11-数量指标" → "数量指标".
fn strip_number(field: &str) -> &str {
    let digits = field.chars().take_while(char::is_ascii_digit).count();
    match field
        .get(digits..)
        .and_then(|r| r.strip_prefix(['-', '－']))
    {
        Some(rest) if digits > 0 => rest,
        _ => field,
    }
}

/// Splits a listed-indicator text at each "<n>、<m>-" item start.
fn split_listed(text: &str) -> Vec<&str> {
    let mut starts = Vec::new();
    let bytes = text.as_bytes();
    for (i, _) in text.char_indices() {
        let at_boundary = i == 0 || !bytes.get(i - 1).is_some_and(u8::is_ascii_digit);
        if !at_boundary || !bytes.get(i).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let rest = text.get(i..).unwrap_or("");
        let n = rest.chars().take_while(char::is_ascii_digit).count();
        let after = rest.get(n..).unwrap_or("");
        if let Some(after) = after.strip_prefix('、') {
            let m = after.chars().take_while(char::is_ascii_digit).count();
            if m > 0 && after.get(m..).is_some_and(|r| r.starts_with(['-', '－'])) {
                starts.push((i, i + n + '、'.len_utf8()));
            }
        }
    }
    let mut out = Vec::new();
    for (k, &(_, body)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map(|&(s, _)| s).unwrap_or(text.len());
        if let Some(item) = text.get(body..end) {
            out.push(item.trim());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> bool {
        words.windows(2).all(|w| matches!(w, [a, b] if a < b))
    }

    #[test]
    fn vocabularies_are_sorted_and_unique() {
        assert!(sorted(LEVEL1_WORDS));
        assert!(sorted(LEVEL2_WORDS));
        assert!(sorted(NOT_NAMES));
        assert!(sorted(GENERIC));
    }

    #[test]
    fn weights_split_off_level1() {
        assert_eq!(
            split_weight("产出指标(69分)"),
            ("产出指标".into(), Some(Decimal::from(69)))
        );
        assert_eq!(
            split_weight("产出指标（50%）"),
            ("产出指标".into(), Some(Decimal::from(50)))
        );
        assert_eq!(
            split_weight("效益指标\n（30分）"),
            ("效益指标".into(), Some(Decimal::from(30)))
        );
        assert_eq!(
            split_weight("满意度\n指标\n（10分）"),
            ("满意度指标".into(), Some(Decimal::from(10)))
        );
        assert_eq!(split_weight("产出指标"), ("产出指标".into(), None));
        assert_eq!(
            split_weight("办公费(含印刷)"),
            ("办公费(含印刷)".into(), None)
        );
        // Without brackets, or a bare number in brackets (西安卫健委 2022).
        assert_eq!(
            split_weight("产出指标50分"),
            ("产出指标".into(), Some(Decimal::from(50)))
        );
        assert_eq!(
            split_weight("满意度指标10"),
            ("满意度指标".into(), Some(Decimal::from(10)))
        );
        assert_eq!(
            split_weight("满意度指标（10）"),
            ("满意度指标".into(), Some(Decimal::from(10)))
        );
        // A number that is part of a name stays.
        assert_eq!(split_weight("2023年目标"), ("2023年目标".into(), None));
        assert_eq!(split_weight("指标"), ("指标".into(), None));
    }

    #[test]
    fn listed_indicators_split() {
        let text = "1、1-产出指标；11-数量指标；企业标签数量；实施周期指标值:全年≥2万个；年度指标值:≥20000个。2、1-产出指标；12-质量指标；项目立项数量≥400个；年度指标值:100%。";
        let items = split_listed(text);
        assert_eq!(items.len(), 2);
        assert!(items[0].starts_with("1-产出指标；11-数量指标；企业标签数量"));
        assert!(items[1].ends_with("年度指标值:100%。"));
        assert_eq!(strip_number("11-数量指标"), "数量指标");
        assert_eq!(strip_number("数量指标"), "数量指标");
    }

    #[test]
    fn ordinals_stripped() {
        assert_eq!(strip_ordinal("指标1：评审次数"), "评审次数");
        assert_eq!(strip_ordinal("指标12:项目数"), "项目数");
        assert_eq!(strip_ordinal("指标完成率"), "指标完成率");
    }

    #[test]
    fn roles_of_header_labels() {
        assert_eq!(role_of("年度指标值"), Some(Role::Target));
        assert_eq!(role_of("年度指标值(A)"), Some(Role::Target));
        assert_eq!(role_of("指标值类型"), Some(Role::Op));
        assert_eq!(role_of("指标值内容"), None);
        assert_eq!(role_of("绩效指标性质"), Some(Role::Op));
        assert_eq!(role_of("实际完成值(B)"), Some(Role::Actual));
        assert_eq!(role_of("自评得分"), Some(Role::Score));
        assert_eq!(role_of("指标权重"), Some(Role::Weight));
        assert_eq!(role_of("偏差原因分析及改进措施"), Some(Role::Deviation));
        assert_eq!(role_of("单位(项目)名称"), Some(Role::Project));
        assert_eq!(role_of("绩效度量单位"), Some(Role::Unit));
        assert_eq!(role_of("指标内容"), Some(Role::Name));
    }

    #[test]
    fn projects_from_titles() {
        assert_eq!(
            project_from_title("e福州留守困境儿童关爱帮扶专栏项目绩效目标表").as_deref(),
            Some("e福州留守困境儿童关爱帮扶专栏项目")
        );
        assert_eq!(
            project_from_title("信访综合保障经费绩效目标表").as_deref(),
            Some("信访综合保障经费")
        );
        assert_eq!(project_from_title("预算12表 项目支出绩效目标表"), None);
        assert_eq!(
            project_from_title("2022年部门预算专项业务经费绩效目标表"),
            None
        );
        assert_eq!(project_from_title("2023年特定目标类项目绩效目标表"), None);
        assert_eq!(
            project_from_title("2026年市级重点专项资金绩效目标表（一级项目）"),
            None
        );
    }
}
