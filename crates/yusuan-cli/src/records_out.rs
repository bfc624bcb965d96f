//! `extract --format parquet -o DIR` and `--format csv -o DIR/`: the record
//! tables of `yusuan-export`, one file per table.
//!
//! Files: `DIR/<table>.parquet` (or `.csv`) for `documents`, `tables`,
//! `facts`, `three_public`, `indicators`, `budget_lines`, `fund_summary`
//! and `findings`, rows in input order. With `--shard I/N` each shard
//! writes its own set, `DIR/<table>.shard-I-of-N.parquet`, so that shards
//! can share one directory and DuckDB reads them together with
//! `read_parquet('DIR/three_public*.parquet')`.
//!
//! The files are written as temporary files and renamed into place when the
//! run ends: a killed run leaves the previous files as they were.
//!
//! `--state`: a rerun rewrites every file from the rows of every input, the
//! changed ones processed again and the unchanged ones taken from the rows
//! kept for them (`DIR/.yusuan-kept/<sha256 of the input path>.json`, one
//! per input, written when it was last processed with `--state`). The kept
//! file is the input's output place in the state database, so the batch
//! treats an input as unchanged only while its kept rows are in place and
//! verify against their sha256; otherwise the input is processed again,
//! never left out.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use yusuan_export::{
    Batch, CsvWriter, Export, ExportOptions, RecordKind, export_document, export_error,
    export_skipped,
};
use yusuan_model::{Document, ErrorRecord, Stage};

use crate::args::{ExtractFormat, Shard};
use crate::input::sha256_hex;
use crate::state::Place;

/// The folder of kept rows inside the output directory.
const KEPT_DIR: &str = ".yusuan-kept";

/// Which file format the record tables are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableFormat {
    /// Apache Parquet.
    Parquet,
    /// CSV with a header line.
    Csv,
}

impl TableFormat {
    fn extension(self) -> &'static str {
        match self {
            TableFormat::Parquet => "parquet",
            TableFormat::Csv => "csv",
        }
    }
}

/// Where the record tables go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// The output directory.
    pub(crate) dir: PathBuf,
    /// The file format.
    pub(crate) format: TableFormat,
}

/// The record-table target of the flags, if they ask for one: `--format
/// parquet` (which needs `-o DIR`), or `--format csv` with `-o` naming a
/// directory (an existing one, or a path ending in `/`). `--format csv`
/// to stdout or to a file stays the facts CSV of the contract.
pub(crate) fn target(
    format: Option<ExtractFormat>,
    output: Option<&Path>,
) -> Result<Option<Target>, String> {
    let names_dir = |p: &Path| {
        p.is_dir()
            || p.as_os_str()
                .to_string_lossy()
                .ends_with(['/', std::path::MAIN_SEPARATOR])
    };
    match (format, output) {
        (Some(ExtractFormat::Parquet), None) => Err(
            "--format parquet writes one file per record table: give the directory with -o DIR"
                .to_owned(),
        ),
        (Some(ExtractFormat::Parquet), Some(dir)) => {
            if dir.exists() && !dir.is_dir() {
                return Err(format!(
                    "-o {} is a file; --format parquet writes one file per record table into a directory",
                    dir.display()
                ));
            }
            if !cfg!(feature = "parquet") {
                return Err("this yusuan was built without the `parquet` feature; \
                     use --format csv -o DIR/, or build with default features"
                    .to_owned());
            }
            Ok(Some(Target {
                dir: dir.to_path_buf(),
                format: TableFormat::Parquet,
            }))
        }
        (Some(ExtractFormat::Csv), Some(dir)) if names_dir(dir) => Ok(Some(Target {
            dir: dir.to_path_buf(),
            format: TableFormat::Csv,
        })),
        _ => Ok(None),
    }
}

/// The file name of a record table: `three_public.parquet`, or
/// `three_public.shard-03-of-16.parquet` for a shard.
pub(crate) fn file_name(kind: RecordKind, format: TableFormat, shard: Option<Shard>) -> String {
    match shard {
        None => format!("{}.{}", kind.name(), format.extension()),
        Some(s) => {
            let width = s.count.saturating_sub(1).to_string().len();
            format!(
                "{}.shard-{:0width$}-of-{}.{}",
                kind.name(),
                s.index,
                s.count,
                format.extension()
            )
        }
    }
}

/// One open record-table file.
enum TableWriter {
    Csv(CsvWriter<BufWriter<File>>),
    #[cfg(feature = "parquet")]
    Parquet(yusuan_export::ParquetWriter<BufWriter<File>>),
}

/// What is kept of an input for the next `--state` run.
#[derive(Debug, Serialize, Deserialize)]
struct Kept {
    /// The input path as given.
    path: String,
    /// sha256 of the input the rows are of.
    sha256: Option<String>,
    /// Its rows.
    rows: Export,
}

/// The open record tables of a run.
pub(crate) struct RecordSink {
    /// (final path, temporary path, writer) per table, in
    /// [`RecordKind::ALL`] order.
    files: Vec<(PathBuf, PathBuf, TableWriter)>,
    /// The folder of kept rows, when `--state` is on.
    kept: Option<PathBuf>,
}

impl RecordSink {
    /// Creates the directory and opens a temporary file per table; `keep`:
    /// keep each input's rows for the next `--state` run.
    pub(crate) fn open(
        target: &Target,
        shard: Option<Shard>,
        keep: bool,
    ) -> anyhow::Result<RecordSink> {
        std::fs::create_dir_all(&target.dir)
            .with_context(|| format!("cannot create output directory {}", target.dir.display()))?;
        let kept = if keep {
            let k = target.dir.join(KEPT_DIR);
            std::fs::create_dir_all(&k)
                .with_context(|| format!("cannot create {}", k.display()))?;
            Some(k)
        } else {
            None
        };
        let mut files = Vec::new();
        for kind in RecordKind::ALL {
            let name = file_name(kind, target.format, shard);
            let path = target.dir.join(&name);
            remove_stale_temps(&target.dir, &name);
            let tmp = target
                .dir
                .join(format!("{name}.tmp-{}", std::process::id()));
            let file =
                File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
            let out = BufWriter::new(file);
            let writer = match target.format {
                TableFormat::Csv => TableWriter::Csv(CsvWriter::new(kind, out)?),
                #[cfg(feature = "parquet")]
                TableFormat::Parquet => {
                    TableWriter::Parquet(yusuan_export::ParquetWriter::new(kind, out)?)
                }
                #[cfg(not(feature = "parquet"))]
                TableFormat::Parquet => anyhow::bail!("built without the parquet feature"),
            };
            files.push((path, tmp, writer));
        }
        Ok(RecordSink { files, kept })
    }

    /// The file the rows of the input with state key `key` are kept in,
    /// as its output place for the batch; `None` without `--state`.
    pub(crate) fn kept_output(&self, key: &str) -> Option<String> {
        self.kept
            .as_ref()
            .map(|k| k.join(kept_name(key)).to_string_lossy().into_owned())
    }

    /// Writes a processed Document's rows and keeps them; returns where
    /// they are kept (for `--state`).
    pub(crate) fn write_done(
        &mut self,
        key: &str,
        doc: &Document,
    ) -> anyhow::Result<Option<Place>> {
        let rows = export_document(doc, &ExportOptions::default())?;
        let place = self.keep(key, &doc.source.path, Some(&doc.source.sha256), &rows)?;
        self.write(rows)?;
        Ok(place)
    }

    /// Writes a failed input's `documents` row and keeps it; returns where
    /// it is kept.
    pub(crate) fn write_failed(
        &mut self,
        key: &str,
        record: &ErrorRecord,
    ) -> anyhow::Result<Option<Place>> {
        let rows = export_error(record)?;
        let place = self.keep(
            key,
            &record.source.path,
            record.source.sha256.as_deref(),
            &rows,
        )?;
        self.write(rows)?;
        Ok(place)
    }

    /// Writes a skipped input's `documents` row.
    pub(crate) fn write_skipped(&mut self, path: &str) -> anyhow::Result<()> {
        self.write(export_skipped(path, None)?)
    }

    /// Writes the kept rows of an unchanged input (`bytes`: the kept file,
    /// verified by the batch against its recorded sha256). Rows that cannot
    /// be read back, or that are of other bytes, give a failed `documents`
    /// row naming the fix (`--redo`), never rows of another file.
    pub(crate) fn write_unchanged(
        &mut self,
        path: &str,
        sha256: &str,
        bytes: &[u8],
    ) -> anyhow::Result<()> {
        let rows = match serde_json::from_slice::<Kept>(bytes) {
            Ok(k) if k.sha256.as_deref() == Some(sha256) && k.rows.is_well_formed() => k.rows,
            other => {
                let why = match other {
                    Err(e) => e.to_string(),
                    Ok(_) => "they are of other bytes or damaged".to_owned(),
                };
                export_error(&ErrorRecord::new(
                    path,
                    Some(sha256.to_owned()),
                    Stage::Emit,
                    format!(
                        "unchanged since the last run, but its kept rows cannot be used ({why}); rerun with --redo"
                    ),
                ))?
            }
        };
        self.write(rows)
    }

    fn keep(
        &self,
        key: &str,
        path: &str,
        sha256: Option<&str>,
        rows: &Export,
    ) -> anyhow::Result<Option<Place>> {
        let Some(dir) = &self.kept else {
            return Ok(None);
        };
        let kept = Kept {
            path: path.to_owned(),
            sha256: sha256.map(str::to_owned),
            rows: rows.clone(),
        };
        let file = dir.join(kept_name(key));
        let tmp = dir.join(format!("{}.tmp-{}", kept_name(key), std::process::id()));
        let bytes = serde_json::to_vec(&kept)?;
        std::fs::write(&tmp, &bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &file)
            .with_context(|| format!("cannot move {} to {}", tmp.display(), file.display()))?;
        let name = file.to_string_lossy().into_owned();
        Ok(Some(Place {
            output: name.clone(),
            file: name,
            offset: 0,
            len: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            sha256: sha256_hex(&bytes),
        }))
    }

    fn write(&mut self, rows: Export) -> anyhow::Result<()> {
        for ((_, _, writer), batch) in self.files.iter_mut().zip(rows.into_batches()) {
            write_batch(writer, batch)?;
        }
        Ok(())
    }

    /// Finishes every file and moves it into place.
    pub(crate) fn finish(self) -> anyhow::Result<()> {
        for (path, tmp, writer) in self.files {
            let out = match writer {
                TableWriter::Csv(w) => w.finish()?,
                #[cfg(feature = "parquet")]
                TableWriter::Parquet(w) => w.finish()?,
            };
            let file = out
                .into_inner()
                .map_err(|e| anyhow::anyhow!("cannot write {}: {}", tmp.display(), e.error()))?;
            file.sync_all()
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            std::fs::rename(&tmp, &path)
                .with_context(|| format!("cannot move {} to {}", tmp.display(), path.display()))?;
        }
        Ok(())
    }
}

fn write_batch(writer: &mut TableWriter, batch: Batch) -> anyhow::Result<()> {
    match writer {
        TableWriter::Csv(w) => w.write(&batch)?,
        #[cfg(feature = "parquet")]
        TableWriter::Parquet(w) => w.write(batch)?,
    }
    Ok(())
}

/// The kept-rows file of a state key: its sha256, so that any path maps to
/// a plain file name.
fn kept_name(key: &str) -> String {
    format!("{}.json", sha256_hex(key.as_bytes()))
}

/// Removes temporary files a killed run left for the table file `name`.
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = format!("{name}.tmp-");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(&prefix) {
            // A leftover that cannot be removed is only clutter.
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_files_sort_and_glob_together() {
        let s = |index, count| Some(Shard { index, count });
        assert_eq!(
            file_name(RecordKind::ThreePublic, TableFormat::Parquet, None),
            "three_public.parquet"
        );
        assert_eq!(
            file_name(RecordKind::ThreePublic, TableFormat::Parquet, s(3, 16)),
            "three_public.shard-03-of-16.parquet"
        );
        assert_eq!(
            file_name(RecordKind::Facts, TableFormat::Csv, s(0, 2)),
            "facts.shard-0-of-2.csv"
        );
        // No table's name is the start of another's: `<table>*.parquet`
        // globs exactly one table.
        for a in RecordKind::ALL {
            for b in RecordKind::ALL {
                assert!(
                    a == b || !b.name().starts_with(a.name()),
                    "{} {}",
                    a.name(),
                    b.name()
                );
            }
        }
    }

    #[test]
    fn targets_follow_format_and_output() {
        let tmp = std::env::temp_dir();
        assert!(target(Some(ExtractFormat::Parquet), None).is_err());
        assert_eq!(
            target(Some(ExtractFormat::Parquet), Some(Path::new("out")))
                .ok()
                .flatten()
                .map(|t| t.format),
            Some(TableFormat::Parquet)
        );
        // csv to a file or stdout stays the contract's facts CSV.
        assert_eq!(
            target(Some(ExtractFormat::Csv), Some(Path::new("facts.csv"))),
            Ok(None)
        );
        assert_eq!(target(Some(ExtractFormat::Csv), None), Ok(None));
        assert_eq!(
            target(Some(ExtractFormat::Csv), Some(Path::new("out/")))
                .ok()
                .flatten()
                .map(|t| t.format),
            Some(TableFormat::Csv)
        );
        assert!(matches!(
            target(Some(ExtractFormat::Csv), Some(&tmp)),
            Ok(Some(_))
        ));
        assert_eq!(target(Some(ExtractFormat::Jsonl), Some(&tmp)), Ok(None));
    }
}
