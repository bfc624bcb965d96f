//! Record tables as Parquet, written with the `parquet` crate's column
//! writers from our typed columns (no arrow arrays in between).
//!
//! Types: text → BYTE_ARRAY (STRING); int → INT32; decimal →
//! FIXED_LEN_BYTE_ARRAY(16) DECIMAL(38, 6); date → INT32 (DATE); float →
//! DOUBLE; bool → BOOLEAN; lists → the standard three-level LIST of
//! required elements. Every column is OPTIONAL (null where the document is
//! blank); lists are never null, only empty. Pages are snappy-compressed.
//! DuckDB, pyarrow and pandas read the files as they are.

use std::io::Write;
use std::sync::Arc;

use parquet::basic::{Compression, DecimalType, LogicalType, Repetition, Type as PhysicalType};
use parquet::column::writer::ColumnWriter;
use parquet::data_type::{ByteArray, FixedLenByteArray};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::{Type, TypePtr};
use yusuan_model::Decimal;

use crate::column::{ColumnData, ColumnType, DECIMAL_PRECISION, DECIMAL_SCALE};
use crate::error::{Error, ErrorKind};
use crate::rows::Batch;
use crate::tables::RecordKind;

/// Rows kept in memory before they are written as one row group.
const ROW_GROUP_ROWS: usize = 50_000;

/// Bytes of a DECIMAL(38, 6) value.
const DECIMAL_BYTES: i32 = 16;

/// A record table being written as Parquet.
pub struct ParquetWriter<W: Write + Send> {
    kind: RecordKind,
    out: SerializedFileWriter<W>,
    pending: Batch,
    rows: usize,
}

impl<W: Write + Send> ParquetWriter<W> {
    /// Starts the table `kind` on `out`.
    pub fn new(kind: RecordKind, out: W) -> Result<ParquetWriter<W>, Error> {
        let schema = message_type(kind).map_err(Error::write)?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("yusuan {}", env!("CARGO_PKG_VERSION")))
            .build();
        let out = SerializedFileWriter::new(out, schema, Arc::new(props)).map_err(Error::write)?;
        Ok(ParquetWriter {
            kind,
            out,
            pending: Batch::new(kind),
            rows: 0,
        })
    }

    /// Adds the rows of `batch`, a batch of this writer's table; they are
    /// written when a row group is full or at [`ParquetWriter::finish`].
    pub fn write(&mut self, batch: Batch) -> Result<(), Error> {
        if batch.kind() != self.kind || !batch.is_well_formed() {
            return Err(Error::new(ErrorKind::TableMismatch));
        }
        self.rows = self.rows.saturating_add(batch.rows());
        self.pending.append(batch)?;
        if self.pending.rows() >= ROW_GROUP_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    /// Rows added so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Writes the pending rows and the file footer, and gives the writer
    /// back.
    pub fn finish(mut self) -> Result<W, Error> {
        // A table without rows still gets one (empty) row group, so that
        // readers see its columns and their types.
        if self.pending.rows() > 0 || self.rows == 0 {
            self.flush()?;
        }
        self.out.into_inner().map_err(Error::write)
    }

    fn flush(&mut self) -> Result<(), Error> {
        let batch = std::mem::replace(&mut self.pending, Batch::new(self.kind));
        let mut group = self.out.next_row_group().map_err(Error::write)?;
        let mut columns = batch.columns().iter();
        while let Some(mut writer) = group.next_column().map_err(Error::write)? {
            let Some(data) = columns.next() else {
                return Err(Error::new(ErrorKind::TableMismatch));
            };
            write_column(writer.untyped(), data)?;
            writer.close().map_err(Error::write)?;
        }
        group.close().map_err(Error::write)?;
        Ok(())
    }
}

/// The Parquet schema of a record table.
fn message_type(kind: RecordKind) -> parquet::errors::Result<TypePtr> {
    let mut fields = Vec::new();
    for spec in kind.columns() {
        fields.push(Arc::new(field(spec.name, spec.ty)?));
    }
    Ok(Arc::new(
        Type::group_type_builder(kind.name())
            .with_fields(fields)
            .build()?,
    ))
}

fn field(name: &str, ty: ColumnType) -> parquet::errors::Result<Type> {
    let optional = |t: PhysicalType| {
        Type::primitive_type_builder(name, t).with_repetition(Repetition::OPTIONAL)
    };
    match ty {
        ColumnType::Text => optional(PhysicalType::BYTE_ARRAY)
            .with_logical_type(Some(LogicalType::String))
            .build(),
        ColumnType::Int => optional(PhysicalType::INT32).build(),
        ColumnType::Decimal => optional(PhysicalType::FIXED_LEN_BYTE_ARRAY)
            .with_length(DECIMAL_BYTES)
            .with_logical_type(Some(LogicalType::Decimal(DecimalType {
                scale: DECIMAL_SCALE as i32,
                precision: DECIMAL_PRECISION as i32,
            })))
            .with_precision(DECIMAL_PRECISION as i32)
            .with_scale(DECIMAL_SCALE as i32)
            .build(),
        ColumnType::Date => optional(PhysicalType::INT32)
            .with_logical_type(Some(LogicalType::Date))
            .build(),
        ColumnType::Float => optional(PhysicalType::DOUBLE).build(),
        ColumnType::Bool => optional(PhysicalType::BOOLEAN).build(),
        ColumnType::TextList | ColumnType::Lines | ColumnType::IntList => {
            let element = if ty == ColumnType::IntList {
                Type::primitive_type_builder("element", PhysicalType::INT32)
                    .with_repetition(Repetition::REQUIRED)
                    .build()?
            } else {
                Type::primitive_type_builder("element", PhysicalType::BYTE_ARRAY)
                    .with_repetition(Repetition::REQUIRED)
                    .with_logical_type(Some(LogicalType::String))
                    .build()?
            };
            let list = Type::group_type_builder("list")
                .with_repetition(Repetition::REPEATED)
                .with_fields(vec![Arc::new(element)])
                .build()?;
            Type::group_type_builder(name)
                .with_repetition(Repetition::OPTIONAL)
                .with_logical_type(Some(LogicalType::List))
                .with_fields(vec![Arc::new(list)])
                .build()
        }
    }
}

/// Definition levels of an optional value: 1 present, 0 null; and the
/// present values.
fn optional_levels<T, U>(values: &[Option<T>], f: impl Fn(&T) -> U) -> (Vec<i16>, Vec<U>) {
    let mut def = Vec::with_capacity(values.len());
    let mut present = Vec::with_capacity(values.len());
    for v in values {
        match v {
            Some(x) => {
                def.push(1);
                present.push(f(x));
            }
            None => def.push(0),
        }
    }
    (def, present)
}

/// Definition and repetition levels of lists that are never null: an
/// empty list is defined to the list (1), an element to 2; the first
/// element of a row repeats at 0, the others at 1.
fn list_levels<T, U>(lists: &[Vec<T>], f: impl Fn(&T) -> U) -> (Vec<i16>, Vec<i16>, Vec<U>) {
    let mut def = Vec::new();
    let mut rep = Vec::new();
    let mut values = Vec::new();
    for list in lists {
        if list.is_empty() {
            def.push(1);
            rep.push(0);
            continue;
        }
        for (i, x) in list.iter().enumerate() {
            def.push(2);
            rep.push(if i == 0 { 0 } else { 1 });
            values.push(f(x));
        }
    }
    (def, rep, values)
}

/// A decimal as the 16 big-endian bytes of its value × 10^6 (rounded to
/// six places first; the rows are already). A 96-bit mantissa times 10^6
/// always fits in an i128; the checks only keep that a proof, not a hope.
fn decimal_bytes(d: &Decimal) -> Option<FixedLenByteArray> {
    let d = d.round_dp(DECIMAL_SCALE);
    let factor = 10i128.checked_pow(DECIMAL_SCALE.checked_sub(d.scale())?)?;
    let n = d.mantissa().checked_mul(factor)?;
    Some(FixedLenByteArray::from(n.to_be_bytes().to_vec()))
}

fn write_column(writer: &mut ColumnWriter<'_>, data: &ColumnData) -> Result<(), Error> {
    let mismatch = || Error::new(ErrorKind::TableMismatch);
    match (writer, data) {
        (ColumnWriter::ByteArrayColumnWriter(w), ColumnData::Text(v)) => {
            let (def, values) = optional_levels(v, |s| ByteArray::from(s.as_str()));
            w.write_batch(&values, Some(&def), None)
                .map_err(Error::write)?;
        }
        (ColumnWriter::Int32ColumnWriter(w), ColumnData::Int(v) | ColumnData::Date(v)) => {
            let (def, values) = optional_levels(v, |n| *n);
            w.write_batch(&values, Some(&def), None)
                .map_err(Error::write)?;
        }
        (ColumnWriter::FixedLenByteArrayColumnWriter(w), ColumnData::Decimal(v)) => {
            let (def, values) = optional_levels(v, decimal_bytes);
            let values: Option<Vec<FixedLenByteArray>> = values.into_iter().collect();
            let values = values
                .ok_or_else(|| Error::write("a decimal out of the range of decimal(38, 6)"))?;
            w.write_batch(&values, Some(&def), None)
                .map_err(Error::write)?;
        }
        (ColumnWriter::DoubleColumnWriter(w), ColumnData::Float(v)) => {
            let (def, values) = optional_levels(v, |f| *f);
            w.write_batch(&values, Some(&def), None)
                .map_err(Error::write)?;
        }
        (ColumnWriter::BoolColumnWriter(w), ColumnData::Bool(v)) => {
            let (def, values) = optional_levels(v, |b| *b);
            w.write_batch(&values, Some(&def), None)
                .map_err(Error::write)?;
        }
        (ColumnWriter::ByteArrayColumnWriter(w), ColumnData::TextList(v)) => {
            let (def, rep, values) = list_levels(v, |s| ByteArray::from(s.as_str()));
            w.write_batch(&values, Some(&def), Some(&rep))
                .map_err(Error::write)?;
        }
        (ColumnWriter::Int32ColumnWriter(w), ColumnData::IntList(v)) => {
            let (def, rep, values) = list_levels(v, |n| *n);
            w.write_batch(&values, Some(&def), Some(&rep))
                .map_err(Error::write)?;
        }
        _ => return Err(mismatch()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_scaled_big_endian() {
        let d: Decimal = "-1.5".parse().unwrap_or_default();
        let b = decimal_bytes(&d).map(|b| b.data().to_vec());
        assert_eq!(b, Some((-1_500_000i128).to_be_bytes().to_vec()));
        let big = Decimal::MAX;
        assert!(decimal_bytes(&big).is_some(), "the largest decimal fits");
    }

    #[test]
    fn list_levels_mark_empty_lists_and_repeats() {
        let lists = vec![vec!["a", "b"], vec![], vec!["c"]];
        let (def, rep, values) = list_levels(&lists, |s| *s);
        assert_eq!(def, [2, 2, 1, 2]);
        assert_eq!(rep, [0, 1, 0, 0]);
        assert_eq!(values, ["a", "b", "c"]);
    }

    #[test]
    fn every_table_has_a_schema() {
        for kind in RecordKind::ALL {
            let schema = message_type(kind);
            assert!(schema.is_ok(), "{}: {:?}", kind.name(), schema.err());
        }
    }
}
