//! Value normalization of yusuan: one table cell's text in, one [`Quantity`](yusuan_model::Quantity) out.
//!
//! It sits between `yusuan-layout`, which finds tables and their cell texts,
//! and `yusuan-records`, which picks out the cells that matter (indicator
//! targets, 三公 figures, budget lines) and calls [`parse_quantity`] on them
//! with a [`ValueContext`] describing where the cell sits. It reads figures,
//! units, comparisons, ranges, dates, deadlines and yes/no answers the way a
//! careful reader does, and keeps as text whatever it could only guess at.
//! It does not know which column is which, does not carry units down tables,
//! and does not judge whether a figure is plausible: those belong to records
//! and audit. It touches no files.
//!
//! # What a cell becomes
//!
//! The output fields are those of `../shared/CONTRACT.md` ("Quantity").
//!
//! - **Figures** "22,937.31", "100, 000", "99. 32%" (spaces from OCR and
//!   wrapping), full-width "１２３．４５" "％" "，", negatives "-12.5" and
//!   accounting "(12.50)" (only with a point or comma inside: "(1)" is a list
//!   number). Thousands groups must be threes; "01", "1,2", "10 100.00" stay
//!   text. `value`, `max` and `yuan` are normalized decimals (706500, not
//!   706500.0000); overflow gives text.
//! - **Units**: money (元 千元 万元 百万元 千万元 亿元, also "亿元人民币",
//!   "3751亿人民币") gives kind "amount", `unit` as printed and `yuan` exact
//!   in 元 ("70.65万元" → value 70.65, yuan 706500); foreign money ("≥3亿美元")
//!   is "amount" with `yuan` null, as no exchange rate is given. "%" and
//!   百分比 give "percent" with unit "%" and the value in percent. Time units
//!   (天 日 周 个月 年 小时 工作日 个工作日 分钟 …) give "duration"; a bare 月
//!   does not ("12月" is December as often as twelve months). Measure words
//!   (件 人 人次 个 场 卷 …, "个单位", "件(套)", "个村居(社区)") and physical
//!   measures (平方米 吨 度 …) give "count". A per-unit tail stays in the
//!   unit: "600元/人", "1.8万人次/年", "≥1500元/人/年". A multiplier before a non-money unit
//!   is applied: "350万人次" → 3500000 人次; "800万" alone is 8000000 with
//!   unit null. A bare figure with no unit anywhere is kind "count" with unit
//!   null: a plain number. Full-width forms in units are folded: "件（套）" is
//!   reported "件(套)", "％" "%".
//! - **Units from the context**, in this order: the 度量单位 cell
//!   (`unit_cell`), a unit in parentheses in the header ("全年预算数（万元）"),
//!   a header ending in 率 (bare figures become percent, except values in
//!   (0, 1], which could be fractions), then the table unit (`unit`). An
//!   inherited unit sets `unit_inherited`; a multiplier in the unit column
//!   applies ("350" with "万人次" → 3500000 人次). A unit written in the cell
//!   always wins. "800万" with a unit column "元" is 8000000 元; with "万元"
//!   it is ambiguous and stays text. Unknown unit cells ("-", "无", a label
//!   that slid into the column) are ignored.
//! - **Comparisons**: a prefix (≥ ≧ >= 大于等于 不少于 不低于 至少 不早于 …;
//!   ≤ 不超过 不晚于 …; \> 超过; < 低于; = 等于; the OCR misreadings ≪ ≫ as
//!   ≤ ≥) or a suffix (以上 ≥, 以下 ≤, 以内/内 ≤, which include the number as
//!   the law reads them). With neither, the 指标性质 cell (`op_cell`) gives it
//!   when it is an operator; "定量"/"定性" give none. A prefix that
//!   contradicts the suffix makes the cell text.
//! - **Ranges** "90%-95%", "90%~95%", "3至5个", "3-5万人" → op "range",
//!   `value`..`max` (a unit written once covers both ends; `yuan` is that of
//!   `value`). A range with an operator or with `max` < `value` is text.
//! - **Dates**: `value` is yyyymmdd and the extension `date` the ISO form.
//!   "2024年12月31日前" → op "<=", 20241231. A year or month with 前/内/底前
//!   is a deadline at its last day ("2023年度内" → "<=" 20231231); with
//!   底/末 it is that last day; bare ("2024年12月", "2023年度") or a span
//!   ("2022年5-6月", "2022年4月至8月", "2025-2026年") it is the range of its
//!   days, `date` "2024-12-01/2024-12-31". "年底前完成", "12月底前" and
//!   "5月30日前" name no year: kind "date", op "<=", value null.
//! - **Yes/no**: 是/有 → kind "bool", value 1; 否/无 → value 0.
//! - **Placeholders** "", "—", "-", "/", "不适用", and "无" where a number is
//!   expected (a unit from the context or an ordering operator in `op_cell`):
//!   value null, with the kind and unit the context gives, else kind "text".
//! - **Compound conditions** "工单填写率>98%；质检抽查率>1%，且合格率>96%":
//!   kind "text", value null, each part (split at ；，。, line breaks, 且/并且,
//!   and a slash before an operator or after a percentage) normalized on its
//!   own in `parts`, whose `raw` is the part after width folding. One condition is never picked
//!   for the whole. A label naming a rate, degree, count or amount before an
//!   operator is dropped ("合格率>96%" → ">96%"); one with a qualifier is not
//!   ("人均≥3次", "全年≥10000家次" stay text). A rate's name before a
//!   percentage is dropped too ("合格率95.4%" → 95.4%), and so is 均 ("each")
//!   before an operator ("均大于95%" → >95%).
//! - **Frequencies** "每年≥20场", "每月不低于4次", "每季度1次": the figure is
//!   read as usual and the period goes to the extension field `per` ("年",
//!   "月", "季度"; the words are `PERIODS` in `src/vocab.rs`); `value` is per
//!   period. Only a figure may follow the period: "每月至少召开1次研判会" is text.
//! - **Everything else** ("优", "达成预期指标", "有所提高", "零脱管零漏管",
//!   "规定时间内完成", "9000人左右") is kind "text" with `raw` kept.
//!
//! **Figures in running text** ([`scan_figures`]): a number followed by a
//! money unit, a percent sign or a measure word of vehicles, equipment and
//! receptions, each read by [`parse_quantity`], with its character offsets,
//! for the claims records reads out of the 情况说明 text.
//!
//! There is no error type: every input, however odd, gives a [`Quantity`](yusuan_model::Quantity).
//! The word lists live in `src/vocab.rs`, sorted, with tests; every value
//! form of the seed forms is a case in `tests/data/cases.txt`.
//!
//! # Example
//!
//! ```
//! use yusuan_model::{Decimal, Op, QuantityKind};
//! use yusuan_normalize::{ValueContext, parse_quantity};
//!
//! let q = parse_quantity("≤70.65万元", &ValueContext::default());
//! assert_eq!(q.kind, QuantityKind::Amount);
//! assert_eq!(q.op, Some(Op::Le));
//! assert_eq!(q.unit.as_deref(), Some("万元"));
//! assert_eq!(q.yuan, Some(Decimal::from(706_500)));
//!
//! let context = ValueContext { unit_cell: Some("件"), op_cell: Some("≥"), ..Default::default() };
//! let q = parse_quantity("4500", &context);
//! assert_eq!((q.kind, q.op, q.unit.as_deref()), (QuantityKind::Count, Some(Op::Ge), Some("件")));
//! assert!(q.unit_inherited);
//! ```
//!
//! # Limitations
//!
//! - Chinese numerals ("五万多元", "一万名", "零起") are not read: text.
//! - Approximations ("约5万元", "100余人次") and 达到 have no operator in the
//!   contract and stay text; so does a target with 全年 in front
//!   ("全年≥10000家次"), though a reader may take it as the form's own period.
//! - A date needs its year for a value: "12月31日前" is a date with value null.
//!   Month/day/year ("12/15/2022", Excel en-US) is read only when the day
//!   cannot be a month; "9/1/2022" stays text.
//! - ‰ and data sizes like "150兆" are not read.
//! - A range of money has `yuan` for its lower end only.
//! - The per-unit money "600元/人" is kind "amount" with `yuan` 600: 元 per
//!   person, not a total.
//! - A bare number is only known as a percentage through its context.
//!
//! # Cargo features
//!
//! None.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod date;
mod figure;
mod number;
mod quantity;
mod scan;
mod text;
mod unit;
mod vocab;

pub use figure::{
    Figure, Printed, declared_money_unit, half_ulp, is_printed_figure, money_exponent,
    parse_figure, read_printed,
};
pub use quantity::{ValueContext, parse_amount, parse_quantity};
pub use scan::{TextFigure, scan_figures};
pub use unit::to_yuan;
