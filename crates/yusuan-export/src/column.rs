//! Typed columns: what a record table's column holds, and its values.

use serde::{Deserialize, Serialize};
use yusuan_model::Decimal;

use crate::error::{Error, ErrorKind};

/// Decimal places every decimal column keeps (DECIMAL(38, 6) in Parquet):
/// the most any figure of the corpus prints (北京's 万元 with six places).
pub const DECIMAL_SCALE: u32 = 6;

/// Digits of a decimal column (Parquet DECIMAL precision).
pub const DECIMAL_PRECISION: u32 = 38;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text.
    Text,
    /// A whole number (32 bits: pages, rows, years).
    Int,
    /// An exact decimal with [`DECIMAL_SCALE`] places: money, percents,
    /// weights, scores.
    Decimal,
    /// A calendar date (days since 1970-01-01).
    Date,
    /// A floating-point number: geometry in points, never money.
    Float,
    /// true or false.
    Bool,
    /// A list of texts (a header path); joined with " / " in CSV.
    TextList,
    /// A list of texts that are lines of their own (warnings, heading
    /// lines); joined with a line break in CSV.
    Lines,
    /// A list of whole numbers (pages); joined with ";" in CSV.
    IntList,
}

/// One column of a record table: its name, type and meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    /// snake_case, never an SQL keyword.
    pub name: &'static str,
    /// What it holds.
    pub ty: ColumnType,
    /// One line on its meaning (docs/schema.md says more).
    pub doc: &'static str,
}

/// The values of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "values", rename_all = "snake_case")]
pub enum ColumnData {
    /// [`ColumnType::Text`].
    Text(Vec<Option<String>>),
    /// [`ColumnType::Int`].
    Int(Vec<Option<i32>>),
    /// [`ColumnType::Decimal`]; every value has at most [`DECIMAL_SCALE`]
    /// places.
    Decimal(Vec<Option<Decimal>>),
    /// [`ColumnType::Date`], in days since 1970-01-01.
    Date(Vec<Option<i32>>),
    /// [`ColumnType::Float`].
    Float(Vec<Option<f64>>),
    /// [`ColumnType::Bool`].
    Bool(Vec<Option<bool>>),
    /// [`ColumnType::TextList`] and [`ColumnType::Lines`].
    TextList(Vec<Vec<String>>),
    /// [`ColumnType::IntList`].
    IntList(Vec<Vec<i32>>),
}

impl ColumnData {
    /// An empty column of `ty`.
    pub fn new(ty: ColumnType) -> ColumnData {
        match ty {
            ColumnType::Text => ColumnData::Text(Vec::new()),
            ColumnType::Int => ColumnData::Int(Vec::new()),
            ColumnType::Decimal => ColumnData::Decimal(Vec::new()),
            ColumnType::Date => ColumnData::Date(Vec::new()),
            ColumnType::Float => ColumnData::Float(Vec::new()),
            ColumnType::Bool => ColumnData::Bool(Vec::new()),
            ColumnType::TextList | ColumnType::Lines => ColumnData::TextList(Vec::new()),
            ColumnType::IntList => ColumnData::IntList(Vec::new()),
        }
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Text(v) => v.len(),
            ColumnData::Int(v) | ColumnData::Date(v) => v.len(),
            ColumnData::Decimal(v) => v.len(),
            ColumnData::Float(v) => v.len(),
            ColumnData::Bool(v) => v.len(),
            ColumnData::TextList(v) => v.len(),
            ColumnData::IntList(v) => v.len(),
        }
    }

    /// Whether the column holds no value.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the values are of `ty`.
    pub fn is_of(&self, ty: ColumnType) -> bool {
        matches!(
            (self, ty),
            (ColumnData::Text(_), ColumnType::Text)
                | (ColumnData::Int(_), ColumnType::Int)
                | (ColumnData::Decimal(_), ColumnType::Decimal)
                | (ColumnData::Date(_), ColumnType::Date)
                | (ColumnData::Float(_), ColumnType::Float)
                | (ColumnData::Bool(_), ColumnType::Bool)
                | (
                    ColumnData::TextList(_),
                    ColumnType::TextList | ColumnType::Lines
                )
                | (ColumnData::IntList(_), ColumnType::IntList)
        )
    }

    /// Appends `value`, which must be of the column's type.
    pub(crate) fn push(&mut self, value: Value) -> Result<(), Error> {
        match (self, value) {
            (ColumnData::Text(v), Value::Text(x)) => v.push(x),
            (ColumnData::Int(v), Value::Int(x)) => v.push(x),
            (ColumnData::Decimal(v), Value::Decimal(x)) => v.push(x),
            (ColumnData::Date(v), Value::Date(x)) => v.push(x),
            (ColumnData::Float(v), Value::Float(x)) => v.push(x),
            (ColumnData::Bool(v), Value::Bool(x)) => v.push(x),
            (ColumnData::TextList(v), Value::TextList(x)) => v.push(x),
            (ColumnData::IntList(v), Value::IntList(x)) => v.push(x),
            (col, value) => {
                return Err(Error::new(ErrorKind::ColumnType {
                    expected: col.type_name(),
                    found: value.type_name(),
                }));
            }
        }
        Ok(())
    }

    /// Moves the values of `other`, a column of the same type, to the end.
    pub(crate) fn append(&mut self, other: ColumnData) -> Result<(), Error> {
        match (self, other) {
            (ColumnData::Text(a), ColumnData::Text(b)) => a.extend(b),
            (ColumnData::Int(a), ColumnData::Int(b))
            | (ColumnData::Date(a), ColumnData::Date(b)) => a.extend(b),
            (ColumnData::Decimal(a), ColumnData::Decimal(b)) => a.extend(b),
            (ColumnData::Float(a), ColumnData::Float(b)) => a.extend(b),
            (ColumnData::Bool(a), ColumnData::Bool(b)) => a.extend(b),
            (ColumnData::TextList(a), ColumnData::TextList(b)) => a.extend(b),
            (ColumnData::IntList(a), ColumnData::IntList(b)) => a.extend(b),
            (a, b) => {
                return Err(Error::new(ErrorKind::ColumnType {
                    expected: a.type_name(),
                    found: b.type_name(),
                }));
            }
        }
        Ok(())
    }

    fn type_name(&self) -> &'static str {
        match self {
            ColumnData::Text(_) => "text",
            ColumnData::Int(_) => "int",
            ColumnData::Decimal(_) => "decimal",
            ColumnData::Date(_) => "date",
            ColumnData::Float(_) => "float",
            ColumnData::Bool(_) => "bool",
            ColumnData::TextList(_) => "text list",
            ColumnData::IntList(_) => "int list",
        }
    }
}

/// One value of a row being added.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Text(Option<String>),
    Int(Option<i32>),
    Decimal(Option<Decimal>),
    Date(Option<i32>),
    Float(Option<f64>),
    Bool(Option<bool>),
    TextList(Vec<String>),
    IntList(Vec<i32>),
}

impl Value {
    fn type_name(&self) -> &'static str {
        match self {
            Value::Text(_) => "text",
            Value::Int(_) => "int",
            Value::Decimal(_) => "decimal",
            Value::Date(_) => "date",
            Value::Float(_) => "float",
            Value::Bool(_) => "bool",
            Value::TextList(_) => "text list",
            Value::IntList(_) => "int list",
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date, or `None` when the
/// date does not exist (2023-02-30).
pub(crate) fn days_from_civil(year: i32, month: u32, day: u32) -> Option<i32> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > month_days {
        return None;
    }
    // Howard Hinnant's days_from_civil, in whole numbers.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146_097 + doe - 719_468).ok()
}

/// The ISO form ("2024-12-31") of a day count since 1970-01-01.
pub(crate) fn civil_from_days(days: i32) -> (i64, u32, u32) {
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), Some(0));
        assert_eq!(days_from_civil(2024, 12, 31), Some(20088));
        assert_eq!(days_from_civil(2000, 2, 29), Some(11016));
        assert_eq!(days_from_civil(2023, 2, 29), None);
        assert_eq!(days_from_civil(2023, 13, 1), None);
        for d in [-1000, 0, 11016, 20088, 50000] {
            let (y, m, day) = civil_from_days(d);
            assert_eq!(days_from_civil(i32::try_from(y).unwrap(), m, day), Some(d));
        }
    }

    #[test]
    fn pushing_the_wrong_type_is_an_error() {
        let mut c = ColumnData::new(ColumnType::Int);
        assert!(c.push(Value::Int(Some(3))).is_ok());
        assert!(c.push(Value::Text(None)).is_err());
        assert_eq!(c.len(), 1);
        assert!(c.is_of(ColumnType::Int));
        assert!(!c.is_of(ColumnType::Date));
    }
}
