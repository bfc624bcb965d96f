//! Parquet read back with the parquet crate equals what was written, with
//! money as DECIMAL(38, 6): no figure is lost.

use bytes::Bytes;
use parquet::basic::{LogicalType, Type as PhysicalType};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use yusuan_export::{Batch, ColumnData, ColumnType, ParquetWriter};
use yusuan_model::Decimal;

use crate::samples::{batches, sample_documents};

fn parquet_bytes(batch: &Batch) -> Vec<u8> {
    let mut w = ParquetWriter::new(batch.kind(), Vec::new()).unwrap();
    w.write(batch.clone()).unwrap();
    w.finish().unwrap()
}

/// A value read back, in the form of our columns.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Null,
    Text(String),
    Int(i32),
    Decimal(Decimal),
    Float(f64),
    Bool(bool),
    List(Vec<Cell>),
}

fn from_field(f: &Field) -> Cell {
    match f {
        Field::Null => Cell::Null,
        Field::Str(s) => Cell::Text(s.clone()),
        Field::Int(n) | Field::Date(n) => Cell::Int(*n),
        Field::Double(x) => Cell::Float(*x),
        Field::Bool(b) => Cell::Bool(*b),
        Field::Decimal(d) => {
            let bytes = d.data();
            let mut raw = [if bytes.first().is_some_and(|b| b & 0x80 != 0) {
                0xff
            } else {
                0
            }; 16];
            raw[16 - bytes.len()..].copy_from_slice(bytes);
            let n = i128::from_be_bytes(raw);
            Cell::Decimal(
                Decimal::from_i128_with_scale(n, u32::try_from(d.scale()).unwrap()).normalize(),
            )
        }
        Field::ListInternal(l) => Cell::List(l.elements().iter().map(from_field).collect()),
        other => panic!("unexpected parquet field {other:?}"),
    }
}

fn from_column(c: &ColumnData, row: usize) -> Cell {
    fn opt<T: Clone>(v: &[Option<T>], row: usize, f: impl Fn(T) -> Cell) -> Cell {
        v[row].clone().map_or(Cell::Null, f)
    }
    match c {
        ColumnData::Text(v) => opt(v, row, Cell::Text),
        ColumnData::Int(v) | ColumnData::Date(v) => opt(v, row, Cell::Int),
        ColumnData::Decimal(v) => opt(v, row, |d| Cell::Decimal(d.normalize())),
        ColumnData::Float(v) => opt(v, row, Cell::Float),
        ColumnData::Bool(v) => opt(v, row, Cell::Bool),
        ColumnData::TextList(v) => Cell::List(v[row].iter().cloned().map(Cell::Text).collect()),
        ColumnData::IntList(v) => Cell::List(v[row].iter().copied().map(Cell::Int).collect()),
    }
}

#[test]
fn parquet_reads_back_equal_with_decimal_money() {
    let docs = sample_documents();
    for batch in batches(&docs) {
        let kind = batch.kind();
        let reader = SerializedFileReader::new(Bytes::from(parquet_bytes(&batch))).unwrap();
        let meta = reader.metadata();
        assert_eq!(
            usize::try_from(meta.file_metadata().num_rows()).unwrap(),
            batch.rows(),
            "{}",
            kind.name()
        );
        // The file's columns are the table's, with their types.
        let schema = meta.file_metadata().schema_descr();
        for spec in kind.columns() {
            let Some(col) = schema
                .columns()
                .iter()
                .find(|c| c.path().parts().first().map(String::as_str) == Some(spec.name))
            else {
                panic!(
                    "{}.{} missing from the parquet schema",
                    kind.name(),
                    spec.name
                )
            };
            match spec.ty {
                ColumnType::Decimal => {
                    assert_eq!(col.physical_type(), PhysicalType::FIXED_LEN_BYTE_ARRAY);
                    assert!(
                        matches!(col.logical_type_ref(), Some(LogicalType::Decimal(d)) if d.scale == 6 && d.precision == 38),
                        "{}.{} is not DECIMAL(38, 6)",
                        kind.name(),
                        spec.name
                    );
                }
                ColumnType::Date => {
                    assert_eq!(col.logical_type_ref(), Some(&LogicalType::Date));
                }
                ColumnType::Text => {
                    assert_eq!(col.logical_type_ref(), Some(&LogicalType::String));
                }
                _ => {}
            }
        }
        // Every value reads back as written.
        let rows: Vec<Vec<Cell>> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| {
                r.unwrap()
                    .get_column_iter()
                    .map(|(_, f)| from_field(f))
                    .collect()
            })
            .collect();
        assert_eq!(rows.len(), batch.rows());
        for (r, row) in rows.iter().enumerate() {
            for ((spec, col), got) in kind.columns().iter().zip(batch.columns()).zip(row) {
                assert_eq!(
                    *got,
                    from_column(col, r),
                    "{}.{} row {r}",
                    kind.name(),
                    spec.name
                );
            }
        }
    }
}
