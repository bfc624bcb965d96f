//! From a Document (or an error record) to rows of every record table.

use serde::{Deserialize, Serialize};
use yusuan_model::{
    BBox, BudgetLine, Claim, Decimal, Document, ErrorRecord, Finding, FundSummary, Indicator,
    Quantity, QuantityKind, Table, ThreePublic,
};

use crate::column::{ColumnData, DECIMAL_SCALE, Value, days_from_civil};
use crate::error::{Error, ErrorKind};
use crate::tables::RecordKind;

/// Rows of one record table, column by column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    kind: RecordKindName,
    columns: Vec<ColumnData>,
    rows: usize,
}

/// A record table's name, as a batch stores it (so that a kept batch
/// names its table in its own file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
struct RecordKindName(#[serde(with = "kind_name")] RecordKind);

mod kind_name {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::tables::RecordKind;

    pub(super) fn serialize<S: Serializer>(k: &RecordKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(k.name())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<RecordKind, D::Error> {
        let name = String::deserialize(d)?;
        RecordKind::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("no record table named {name:?}")))
    }
}

impl Batch {
    /// No rows of `kind`.
    pub fn new(kind: RecordKind) -> Batch {
        Batch {
            kind: RecordKindName(kind),
            columns: kind
                .columns()
                .iter()
                .map(|c| ColumnData::new(c.ty))
                .collect(),
            rows: 0,
        }
    }

    /// The record table.
    pub fn kind(&self) -> RecordKind {
        self.kind.0
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The columns, in the order of [`RecordKind::columns`].
    pub fn columns(&self) -> &[ColumnData] {
        &self.columns
    }

    /// Whether the batch has the columns its table names, each of its type
    /// and of one length (a batch read back from a kept file may not).
    pub fn is_well_formed(&self) -> bool {
        let specs = self.kind().columns();
        specs.len() == self.columns.len()
            && specs
                .iter()
                .zip(&self.columns)
                .all(|(s, c)| c.is_of(s.ty) && c.len() == self.rows)
    }

    /// Moves the rows of `other`, a batch of the same table, to the end.
    pub fn append(&mut self, other: Batch) -> Result<(), Error> {
        if other.kind() != self.kind() || other.columns.len() != self.columns.len() {
            return Err(Error::new(ErrorKind::TableMismatch));
        }
        for (a, b) in self.columns.iter_mut().zip(other.columns) {
            a.append(b)?;
        }
        self.rows = self.rows.saturating_add(other.rows);
        Ok(())
    }

    /// Adds one row; `values` in column order.
    fn push(&mut self, values: Vec<Value>) -> Result<(), Error> {
        if values.len() != self.columns.len() {
            return Err(Error::new(ErrorKind::RowWidth {
                expected: self.columns.len(),
                found: values.len(),
            }));
        }
        for (c, v) in self.columns.iter_mut().zip(values) {
            c.push(v)?;
        }
        self.rows = self.rows.saturating_add(1);
        Ok(())
    }
}

/// The rows one input gives in every record table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    batches: Vec<Batch>,
}

impl Export {
    /// No rows at all.
    pub fn empty() -> Export {
        Export {
            batches: RecordKind::ALL.iter().map(|k| Batch::new(*k)).collect(),
        }
    }

    /// The rows of `kind`.
    pub fn batch(&self, kind: RecordKind) -> Option<&Batch> {
        self.batches.iter().find(|b| b.kind() == kind)
    }

    /// The batches, one per record table, in [`RecordKind::ALL`] order.
    pub fn into_batches(self) -> Vec<Batch> {
        self.batches
    }

    /// Whether every record table is present once and well formed.
    pub fn is_well_formed(&self) -> bool {
        self.batches.len() == RecordKind::ALL.len()
            && RecordKind::ALL
                .iter()
                .zip(&self.batches)
                .all(|(k, b)| b.kind() == *k && b.is_well_formed())
    }

    fn batch_mut(&mut self, kind: RecordKind) -> Result<&mut Batch, Error> {
        self.batches
            .iter_mut()
            .find(|b| b.kind() == kind)
            .ok_or_else(|| Error::new(ErrorKind::TableMismatch))
    }
}

/// Options of the exporter.
///
/// Nothing to tune yet; the type gives the stage the `fn(input, &Options)`
/// shape of every other.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportOptions {}

/// The rows of a processed Document in every record table: its
/// `documents` row (status ok), its tables, facts, records and findings,
/// each carrying the document's sha256, path, department, year and type.
///
/// A decimal with more than six places is rounded to six (DECIMAL(38, 6))
/// and a line of the `documents` row's `warnings` says which; none of the
/// corpus needs it.
pub fn export_document(doc: &Document, options: &ExportOptions) -> Result<Export, Error> {
    let _ = options;
    let mut out = Export::empty();
    let mut notes = Vec::new();
    let prov = Provenance::of(doc);
    let table_of = |id: &str| doc.tables.iter().find(|t| t.id == id);
    {
        let b = out.batch_mut(RecordKind::Tables)?;
        for t in &doc.tables {
            let mut v = prov.values();
            v.extend(table_values(Some(t)));
            v.extend([
                Value::IntList(t.pages.iter().map(|p| int(*p)).collect()),
                Value::Int(t.pages.first().map(|p| int(*p))),
                Value::Int(Some(int(t.n_rows))),
                Value::Int(Some(int(t.n_cols))),
                Value::Int(Some(int(t.header_rows))),
                text(&t.method),
                Value::TextList(t.heading.clone()),
            ]);
            b.push(v)?;
        }
    }
    {
        let b = out.batch_mut(RecordKind::Facts)?;
        for f in yusuan_records::collect_facts(doc) {
            let table = table_of(&f.table);
            let mut v = prov.values();
            v.extend(table_values(table));
            v.extend([
                Value::Int(Some(int(f.page))),
                Value::Int(Some(int(f.row))),
                Value::Int(Some(int(f.col))),
                Value::TextList(f.row_path),
                Value::TextList(f.col_path),
                Value::Text(Some(f.raw)),
                dec(f.value, "facts.figure", &mut notes),
                Value::Text(f.unit),
                dec(f.yuan, "facts.yuan", &mut notes),
            ]);
            let bbox = table
                .and_then(|t| t.cell_at(f.row, f.col))
                .and_then(|c| c.bbox);
            v.extend(bbox_values(bbox));
            b.push(v)?;
        }
    }
    {
        let b = out.batch_mut(RecordKind::ThreePublic)?;
        for r in &doc.records.three_public {
            let mut v = prov.values();
            v.extend(table_values(table_of(&r.table)));
            v.extend(three_public_values(r, &mut notes));
            b.push(v)?;
        }
    }
    {
        let b = out.batch_mut(RecordKind::Indicators)?;
        for r in &doc.records.indicators {
            let table = table_of(&r.table);
            let mut v = prov.values();
            v.extend(table_values(table));
            v.extend(indicator_values(r, &mut notes));
            v.extend(bbox_values(table.and_then(|t| row_box(t, r.row))));
            b.push(v)?;
        }
    }
    {
        let b = out.batch_mut(RecordKind::BudgetLines)?;
        for line in &doc.records.budget_lines {
            let table = table_of(&line.table);
            for value in &line.values {
                let col = table.and_then(|t| value_column(t, line, &value.column));
                let bbox = col
                    .and_then(|c| table.and_then(|t| t.cell_at(line.row, c)))
                    .and_then(|c| c.bbox);
                let mut v = prov.values();
                v.extend(table_values(table));
                v.extend([
                    Value::Int(Some(int(line.page))),
                    Value::Int(Some(int(line.row))),
                    text(&line.code),
                    Value::Int(code_level(&line.code)),
                    text(&line.name),
                    Value::TextList(value.column.clone()),
                    text(&value.column.join("/")),
                    Value::Int(col.map(int)),
                    dec(value.value, "budget_lines.figure", &mut notes),
                    Value::Text(value.unit.clone()),
                    dec(value.yuan, "budget_lines.yuan", &mut notes),
                ]);
                v.extend(bbox_values(bbox));
                b.push(v)?;
            }
        }
    }
    {
        let b = out.batch_mut(RecordKind::FundSummary)?;
        for r in &doc.records.fund_summary {
            let mut v = prov.values();
            v.extend(table_values(table_of(&r.table)));
            v.extend(fund_values(r, &mut notes));
            b.push(v)?;
        }
    }
    {
        let b = out.batch_mut(RecordKind::Findings)?;
        for f in &doc.findings {
            let table = f.table.as_deref().and_then(table_of);
            let mut v = prov.values();
            v.extend(finding_table_values(f, table));
            v.extend(finding_values(f, &mut notes));
            b.push(v)?;
        }
    }
    {
        let b = out.batch_mut(RecordKind::Claims)?;
        for c in &doc.records.claims {
            let mut v = prov.values();
            v.extend(claim_values(c, &mut notes));
            b.push(v)?;
        }
    }
    let mut warnings = doc.warnings.clone();
    warnings.extend(notes);
    let n_findings = doc.findings.len();
    out.batch_mut(RecordKind::Documents)?.push(vec![
        text(&doc.source.sha256),
        text(&doc.source.path),
        text("ok"),
        Value::Text(None),
        Value::Text(None),
        text(doc.source.format.as_str()),
        Value::Int(Some(int(doc.source.pages))),
        Value::Text(doc.source.producer.clone()),
        Value::Text(doc.meta.department.clone()),
        Value::Int(doc.meta.year),
        text(doc.meta.doc_type.as_str()),
        Value::Int(Some(int(doc.tables.len()))),
        Value::Int(Some(int(n_findings))),
        text(&doc.schema_version),
        Value::TextList(warnings),
    ])?;
    Ok(out)
}

/// The rows of an input that failed: its `documents` row (status failed,
/// the stage and message), nothing else.
pub fn export_error(record: &ErrorRecord) -> Result<Export, Error> {
    let mut out = Export::empty();
    out.batch_mut(RecordKind::Documents)?.push(vec![
        Value::Text(record.source.sha256.clone()),
        text(&record.source.path),
        text("failed"),
        text(record.error.stage.as_str()),
        text(&record.error.message),
        Value::Text(None),
        Value::Int(None),
        Value::Text(None),
        Value::Text(None),
        Value::Int(None),
        Value::Text(None),
        Value::Int(None),
        Value::Int(None),
        text(&record.schema_version),
        Value::TextList(Vec::new()),
    ])?;
    Ok(out)
}

/// The rows of an input found in a directory that is neither PDF, Word nor
/// a workbook: its `documents` row (status skipped).
pub fn export_skipped(path: &str, sha256: Option<&str>) -> Result<Export, Error> {
    let mut out = Export::empty();
    out.batch_mut(RecordKind::Documents)?.push(vec![
        Value::Text(sha256.map(str::to_owned)),
        text(path),
        text("skipped"),
        Value::Text(None),
        Value::Text(None),
        Value::Text(None),
        Value::Int(None),
        Value::Text(None),
        Value::Text(None),
        Value::Int(None),
        Value::Text(None),
        Value::Int(None),
        Value::Int(None),
        Value::Text(None),
        Value::TextList(Vec::new()),
    ])?;
    Ok(out)
}

/// The document columns every row but a `documents` row starts with.
struct Provenance {
    sha256: String,
    path: String,
    department: Option<String>,
    year: Option<i32>,
    doc_type: &'static str,
}

impl Provenance {
    fn of(doc: &Document) -> Provenance {
        Provenance {
            sha256: doc.source.sha256.clone(),
            path: doc.source.path.clone(),
            department: doc.meta.department.clone(),
            year: doc.meta.year,
            doc_type: doc.meta.doc_type.as_str(),
        }
    }

    fn values(&self) -> Vec<Value> {
        vec![
            text(&self.sha256),
            text(&self.path),
            Value::Text(self.department.clone()),
            Value::Int(self.year),
            text(self.doc_type),
        ]
    }
}

fn text(s: &str) -> Value {
    Value::Text(Some(s.to_owned()))
}

/// A count or index as a 32-bit column value; larger ones (never printed
/// on a page) saturate.
fn int<T: TryInto<i32>>(n: T) -> i32 {
    n.try_into().unwrap_or(i32::MAX)
}

/// A decimal at most [`DECIMAL_SCALE`] places long; a longer one is
/// rounded and `notes` says so.
fn dec(d: Option<Decimal>, what: &str, notes: &mut Vec<String>) -> Value {
    Value::Decimal(d.map(|d| {
        let n = d.normalize();
        if n.scale() > DECIMAL_SCALE {
            let r = n.round_dp(DECIMAL_SCALE);
            notes.push(format!(
                "export: {what} {n} has more than {DECIMAL_SCALE} decimal places; written as {r}"
            ));
            r
        } else {
            n
        }
    }))
}

fn table_values(t: Option<&Table>) -> [Value; 4] {
    match t {
        Some(t) => [
            text(&t.id),
            text(t.kind.as_str()),
            Value::Text(t.title.clone()),
            Value::Text(t.unit.clone()),
        ],
        None => [
            Value::Text(None),
            Value::Text(None),
            Value::Text(None),
            Value::Text(None),
        ],
    }
}

fn finding_table_values(f: &Finding, t: Option<&Table>) -> [Value; 4] {
    [
        Value::Text(f.table.clone()),
        Value::Text(t.map(|t| t.kind.as_str().to_owned())),
        Value::Text(
            f.table_title
                .clone()
                .or_else(|| t.and_then(|t| t.title.clone())),
        ),
        Value::Text(t.and_then(|t| t.unit.clone())),
    ]
}

fn bbox_values(b: Option<BBox>) -> [Value; 4] {
    let f = |g: fn(&BBox) -> f64| Value::Float(b.as_ref().map(g));
    [f(|b| b.x0), f(|b| b.y0), f(|b| b.x1), f(|b| b.y1)]
}

/// The box around the cells that start on `row` and have one.
fn row_box(t: &Table, row: usize) -> Option<BBox> {
    t.cells
        .iter()
        .filter(|c| c.row == row)
        .filter_map(|c| c.bbox)
        .reduce(|a, b| BBox {
            x0: a.x0.min(b.x0),
            y0: a.y0.min(b.y0),
            x1: a.x1.max(b.x1),
            y1: a.y1.max(b.y1),
        })
}

/// 1 for a 类 code (3 digits), 2 for a 款 (5), 3 for a 项 (7).
fn code_level(code: &str) -> Option<i32> {
    match code.len() {
        3 => Some(1),
        5 => Some(2),
        7 => Some(3),
        _ => None,
    }
}

/// The column of a budget line's figure: the one column whose header path
/// is `path` and that prints something on the line's row. Two such columns
/// (side-by-side blocks with equal headers) give none.
fn value_column(t: &Table, line: &BudgetLine, path: &[String]) -> Option<usize> {
    let mut found = t.columns.iter().enumerate().filter(|(c, col)| {
        col.path.as_slice() == path && !t.text_at(line.row, *c).trim().is_empty()
    });
    match (found.next(), found.next()) {
        (Some((c, _)), None) => Some(c),
        _ => None,
    }
}

fn three_public_values(r: &ThreePublic, notes: &mut Vec<String>) -> Vec<Value> {
    let mut d = |x: Option<Decimal>, what: &str| dec(x, what, notes);
    vec![
        Value::Int(Some(int(r.page))),
        text(&r.column),
        Value::Int(r.year),
        Value::Text(r.basis.map(|b| b.as_str().to_owned())),
        Value::Text(r.unit.clone()),
        d(r.total, "three_public.total"),
        d(r.yuan.total, "three_public.total_yuan"),
        d(r.overseas_travel, "three_public.overseas_travel"),
        d(r.yuan.overseas_travel, "three_public.overseas_travel_yuan"),
        d(r.vehicle_total, "three_public.vehicle_total"),
        d(r.yuan.vehicle_total, "three_public.vehicle_total_yuan"),
        d(r.vehicle_purchase, "three_public.vehicle_purchase"),
        d(
            r.yuan.vehicle_purchase,
            "three_public.vehicle_purchase_yuan",
        ),
        d(r.vehicle_operation, "three_public.vehicle_operation"),
        d(
            r.yuan.vehicle_operation,
            "three_public.vehicle_operation_yuan",
        ),
        d(r.reception, "three_public.reception"),
        d(r.yuan.reception, "three_public.reception_yuan"),
    ]
}

fn indicator_values(r: &Indicator, notes: &mut Vec<String>) -> Vec<Value> {
    let mut v = vec![
        Value::Int(Some(int(r.page))),
        Value::Int(Some(int(r.row))),
        Value::Text(r.project.clone()),
        Value::Text(r.level1.clone()),
        dec(r.level1_weight, "indicators.level1_weight", notes),
        Value::Text(r.level2.clone()),
        text(&r.name),
        dec(r.weight, "indicators.weight", notes),
    ];
    v.extend(quantity_values(Some(&r.target), "indicators.target", notes));
    v.extend(quantity_values(
        r.actual.as_ref(),
        "indicators.actual",
        notes,
    ));
    v.extend([
        dec(r.score, "indicators.score", notes),
        Value::Text(r.deviation_reason.clone()),
    ]);
    v
}

/// The ten columns of a normalized value; all null for a missing one.
fn quantity_values(q: Option<&Quantity>, what: &str, notes: &mut Vec<String>) -> Vec<Value> {
    let Some(q) = q else {
        return vec![
            Value::Text(None),
            Value::Text(None),
            Value::Text(None),
            Value::Decimal(None),
            Value::Decimal(None),
            Value::Text(None),
            Value::Decimal(None),
            Value::Date(None),
            Value::Date(None),
            Value::Text(None),
        ];
    };
    let is_date = q.kind == QuantityKind::Date;
    // A date's value is yyyymmdd: it goes to the date columns, not the
    // figure ones.
    let (figure, max) = if is_date {
        (None, None)
    } else {
        (q.value, q.max)
    };
    let (date, date_max) = if is_date { date_span(q) } else { (None, None) };
    vec![
        text(&q.raw),
        text(q.kind.as_str()),
        Value::Text(q.op.map(|o| o.as_str().to_owned())),
        dec(figure, &format!("{what}_figure"), notes),
        dec(max, &format!("{what}_max"), notes),
        Value::Text(q.unit.clone()),
        dec(q.yuan, &format!("{what}_yuan"), notes),
        Value::Date(date),
        Value::Date(date_max),
        Value::Text(q.per.clone()),
    ]
}

/// First and last day of a date quantity: from its ISO `date` ("2024-12-31"
/// or a span "2024-12-01/2024-12-31"), else from `value`/`max` as yyyymmdd.
fn date_span(q: &Quantity) -> (Option<i32>, Option<i32>) {
    if let Some(iso) = &q.date {
        let mut parts = iso.split('/');
        let first = parts.next().and_then(iso_days);
        let last = parts.next().and_then(iso_days);
        return (first, last);
    }
    let ymd = |d: Decimal| -> Option<i32> {
        let n = i64::try_from(d.trunc()).ok()?;
        if Decimal::from(n) != d {
            return None;
        }
        let (y, m, day) = (n / 10_000, (n / 100) % 100, n % 100);
        days_from_civil(
            i32::try_from(y).ok()?,
            u32::try_from(m).ok()?,
            u32::try_from(day).ok()?,
        )
    };
    (q.value.and_then(ymd), q.max.and_then(ymd))
}

/// Days of an ISO date "2024-12-31".
fn iso_days(s: &str) -> Option<i32> {
    let mut it = s.trim().split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    if it.next().is_some() {
        return None;
    }
    days_from_civil(y, m, d)
}

fn fund_values(r: &FundSummary, notes: &mut Vec<String>) -> Vec<Value> {
    let yuan =
        |v: Option<Decimal>| v.and_then(|v| r.unit.as_deref().and_then(|u| money_to_yuan(v, u)));
    vec![
        Value::Int(Some(int(r.page))),
        Value::Int(Some(int(r.row))),
        text(&r.label),
        Value::Text(r.unit.clone()),
        dec(r.initial_budget, "fund_summary.initial_budget", notes),
        dec(
            yuan(r.initial_budget),
            "fund_summary.initial_budget_yuan",
            notes,
        ),
        dec(r.full_year_budget, "fund_summary.full_year_budget", notes),
        dec(
            yuan(r.full_year_budget),
            "fund_summary.full_year_budget_yuan",
            notes,
        ),
        dec(r.executed, "fund_summary.executed", notes),
        dec(yuan(r.executed), "fund_summary.executed_yuan", notes),
        dec(r.execution_rate, "fund_summary.execution_rate", notes),
        dec(r.weight, "fund_summary.weight", notes),
        dec(r.score, "fund_summary.score", notes),
    ]
}

/// An amount in a money unit (元, 万元, 亿元 …) in 元; `None` for any other
/// unit. The conversion is `yusuan-normalize`'s.
fn money_to_yuan(v: Decimal, unit: &str) -> Option<Decimal> {
    yusuan_normalize::to_yuan(v, unit)
}

fn finding_values(f: &Finding, notes: &mut Vec<String>) -> Vec<Value> {
    let mut v = vec![
        Value::Int(f.page.map(int)),
        Value::Int(f.row.map(int)),
        Value::Int(f.col.map(int)),
        Value::Text(f.label.clone()),
        Value::Text(f.column.clone()),
        text(&f.rule),
        text(f.severity.as_str()),
        text(&f.message),
        dec(f.expected, "findings.expected", notes),
        dec(f.actual, "findings.actual", notes),
        Value::Text(f.unit.clone()),
        Value::Bool(Some(f.within_rounding)),
    ];
    v.extend(bbox_values(f.bbox));
    v
}

/// A claim's columns (`CLAIMS` after the provenance).
fn claim_values(c: &Claim, notes: &mut Vec<String>) -> Vec<Value> {
    let figure = |q: Option<&Quantity>, what: &str, notes: &mut Vec<String>| {
        [
            dec(q.and_then(|q| q.value), &format!("claims.{what}"), notes),
            Value::Text(q.and_then(|q| q.unit.clone())),
            dec(
                q.and_then(|q| q.yuan),
                &format!("claims.{what}_yuan"),
                notes,
            ),
        ]
    };
    let mut v = vec![
        text(&c.id),
        text(&c.paragraph),
        Value::Int(Some(int(c.sentence))),
        Value::Int(Some(int(c.page))),
        text(&c.quote),
        text(&c.subject),
        Value::Text(c.subject_id.clone()),
        Value::Text(c.code.clone()),
        Value::Int(c.year),
        Value::Text(c.basis.map(|b| b.as_str().to_owned())),
        text(&c.value.raw),
    ];
    v.extend(figure(Some(&c.value), "value", notes));
    v.extend(figure(c.base.as_ref(), "base", notes));
    v.extend([
        Value::Int(c.base_year),
        Value::Text(c.base_basis.map(|b| b.as_str().to_owned())),
    ]);
    v.extend(figure(c.change.as_ref(), "change", notes));
    v.extend([
        dec(
            c.change_percent.as_ref().and_then(|q| q.value),
            "claims.change_percent",
            notes,
        ),
        Value::Text(c.direction.clone()),
        Value::Text(c.trend.map(|t| t.as_str().to_owned())),
        dec(
            c.share.as_ref().and_then(|q| q.value),
            "claims.share_percent",
            notes,
        ),
        Value::Text(c.share_of.clone()),
        dec(
            c.completion_rate.as_ref().and_then(|q| q.value),
            "claims.completion_rate",
            notes,
        ),
        Value::Text(c.reason.clone()),
    ]);
    let link = c.link.as_ref();
    v.extend([
        Value::Text(link.map(|l| l.table.clone())),
        Value::Int(link.and_then(|l| l.row).map(int)),
        Value::Int(link.and_then(|l| l.col).map(int)),
        Value::Int(link.map(|l| int(l.page))),
        Value::Text(link.map(|l| l.label.clone())),
        Value::Text(link.map(|l| l.raw.clone())),
        dec(link.and_then(|l| l.value), "claims.link_figure", notes),
        Value::Text(link.and_then(|l| l.unit.clone())),
        dec(link.and_then(|l| l.yuan), "claims.link_yuan", notes),
    ]);
    v.extend(bbox_values(c.bbox));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_levels() {
        assert_eq!(code_level("201"), Some(1));
        assert_eq!(code_level("20101"), Some(2));
        assert_eq!(code_level("2010101"), Some(3));
        assert_eq!(code_level("2010"), None);
    }

    #[test]
    fn long_decimals_are_rounded_and_said() {
        let mut notes = Vec::new();
        let v = dec("1.1234567".parse().ok(), "x", &mut notes);
        assert_eq!(v, Value::Decimal("1.123457".parse().ok()));
        assert_eq!(notes.len(), 1);
        let v = dec("2.500000".parse().ok(), "x", &mut notes);
        assert_eq!(v, Value::Decimal("2.5".parse().ok()));
        assert_eq!(notes.len(), 1, "trailing zeros are no places");
    }

    #[test]
    fn date_spans() {
        let q = |date: Option<&str>, value: Option<&str>| Quantity {
            kind: QuantityKind::Date,
            date: date.map(str::to_owned),
            value: value.and_then(|v| v.parse().ok()),
            ..Quantity::text("x")
        };
        assert_eq!(
            date_span(&q(Some("2024-12-31"), Some("20241231"))),
            (days_from_civil(2024, 12, 31), None)
        );
        assert_eq!(
            date_span(&q(Some("2024-12-01/2024-12-31"), None)),
            (days_from_civil(2024, 12, 1), days_from_civil(2024, 12, 31))
        );
        assert_eq!(
            date_span(&q(None, Some("20230630"))),
            (days_from_civil(2023, 6, 30), None)
        );
        assert_eq!(date_span(&q(None, Some("20231345"))), (None, None));
    }
}
