//! Record tables as CSV: a header line of the column names, then one line
//! per row, readable by `pandas.read_csv` without options.

use std::io::Write;

use crate::column::{ColumnData, ColumnType, civil_from_days};
use crate::error::Error;
use crate::rows::Batch;
use crate::tables::RecordKind;

/// Joins the labels of a header path in a CSV cell (as `--format csv` does
/// for facts).
pub const PATH_SEPARATOR: &str = " / ";

/// A record table being written as CSV.
pub struct CsvWriter<W: Write> {
    kind: RecordKind,
    out: ::csv::Writer<W>,
    rows: usize,
}

impl<W: Write> CsvWriter<W> {
    /// Starts the table `kind` on `out` with its header line.
    pub fn new(kind: RecordKind, out: W) -> Result<CsvWriter<W>, Error> {
        let mut out = ::csv::Writer::from_writer(out);
        out.write_record(kind.columns().iter().map(|c| c.name))
            .map_err(Error::write)?;
        Ok(CsvWriter { kind, out, rows: 0 })
    }

    /// Writes the rows of `batch`, a batch of this writer's table.
    pub fn write(&mut self, batch: &Batch) -> Result<(), Error> {
        if batch.kind() != self.kind || !batch.is_well_formed() {
            return Err(Error::new(crate::error::ErrorKind::TableMismatch));
        }
        let specs = self.kind.columns();
        let mut record: Vec<String> = Vec::with_capacity(specs.len());
        for row in 0..batch.rows() {
            record.clear();
            for (spec, column) in specs.iter().zip(batch.columns()) {
                record.push(cell(spec.ty, column, row));
            }
            self.out.write_record(&record).map_err(Error::write)?;
        }
        self.rows = self.rows.saturating_add(batch.rows());
        Ok(())
    }

    /// Rows written so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Flushes and gives the writer back.
    pub fn finish(self) -> Result<W, Error> {
        self.out.into_inner().map_err(Error::write)
    }
}

/// The CSV text of one value: empty for null; decimals exact, without
/// trailing zeros; dates ISO; lists joined.
fn cell(ty: ColumnType, column: &ColumnData, row: usize) -> String {
    match column {
        ColumnData::Text(v) => v.get(row).cloned().flatten().unwrap_or_default(),
        ColumnData::Int(v) => v
            .get(row)
            .copied()
            .flatten()
            .map(|n| n.to_string())
            .unwrap_or_default(),
        ColumnData::Decimal(v) => v
            .get(row)
            .copied()
            .flatten()
            .map(|d| d.normalize().to_string())
            .unwrap_or_default(),
        ColumnData::Date(v) => v
            .get(row)
            .copied()
            .flatten()
            .map(|d| {
                let (y, m, day) = civil_from_days(d);
                format!("{y:04}-{m:02}-{day:02}")
            })
            .unwrap_or_default(),
        ColumnData::Float(v) => v
            .get(row)
            .copied()
            .flatten()
            .map(|f| f.to_string())
            .unwrap_or_default(),
        ColumnData::Bool(v) => v
            .get(row)
            .copied()
            .flatten()
            .map(|b| b.to_string())
            .unwrap_or_default(),
        ColumnData::TextList(v) => {
            let sep = if ty == ColumnType::Lines {
                "\n"
            } else {
                PATH_SEPARATOR
            };
            v.get(row).map(|l| l.join(sep)).unwrap_or_default()
        }
        ColumnData::IntList(v) => v
            .get(row)
            .map(|l| l.iter().map(i32::to_string).collect::<Vec<_>>().join(";"))
            .unwrap_or_default(),
    }
}
