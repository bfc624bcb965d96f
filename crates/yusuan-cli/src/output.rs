//! Writing `extract` results: json (one file or a directory), jsonl, facts,
//! csv.
//!
//! The shapes written here are the contract's (`../shared/CONTRACT.md`,
//! docs/schema.md): a [`Document`] or, in its place, an [`ErrorRecord`]; for
//! facts, one [`Fact`] per line. This module only chooses where they go.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use yusuan_model::{Document, ErrorRecord, Fact};

use crate::args::ExtractFormat;
use crate::input::{Input, Origin};

/// Where `extract` output goes, decided once from the flags and inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mode {
    /// One Document (or error record), pretty JSON, to stdout or a file.
    Single(Option<PathBuf>),
    /// One `<name>.json` per input in a directory; `names[i]` is input i's.
    Dir {
        /// The directory.
        dir: PathBuf,
        /// File name per input, unique.
        names: Vec<String>,
    },
    /// A stream of lines (jsonl, facts) or CSV, to stdout or a file.
    Stream(ExtractFormat, Option<PathBuf>),
}

/// Chooses the output mode; `Err` is a usage error.
pub(crate) fn choose_mode(
    format: Option<ExtractFormat>,
    output: Option<&Path>,
    inputs: &[Input],
    inputs_given: usize,
) -> Result<Mode, String> {
    // "One input FILE": a single file argument, not a directory or a pattern
    // that happened to match one file.
    let one_file = inputs_given == 1
        && inputs.len() == 1
        && inputs.iter().all(|i| i.origin == Origin::Explicit);
    let out_is_dir = output.is_some_and(Path::is_dir);
    let format = match format {
        Some(f) => f,
        None if one_file || output.is_some() => ExtractFormat::Json,
        None => ExtractFormat::Jsonl,
    };
    match format {
        ExtractFormat::Json if one_file && !out_is_dir => {
            Ok(Mode::Single(output.map(Path::to_path_buf)))
        }
        ExtractFormat::Json => match output {
            Some(dir) => {
                if dir.exists() && !dir.is_dir() {
                    return Err(format!(
                        "-o {} is a file; with several inputs --format json writes one \
                         <name>.json per input into a directory",
                        dir.display()
                    ));
                }
                Ok(Mode::Dir {
                    dir: dir.to_path_buf(),
                    names: unique_names(inputs),
                })
            }
            None => Err(
                "several inputs with --format json need -o DIR (one <name>.json \
                 per input); or use --format jsonl to print one Document per line"
                    .to_owned(),
            ),
        },
        other => {
            if out_is_dir {
                return Err(format!(
                    "-o {} is a directory; --format {} writes one file",
                    output.map(|p| p.display().to_string()).unwrap_or_default(),
                    format_name(other)
                ));
            }
            Ok(Mode::Stream(other, output.map(Path::to_path_buf)))
        }
    }
}

fn format_name(format: ExtractFormat) -> &'static str {
    match format {
        ExtractFormat::Json => "json",
        ExtractFormat::Jsonl => "jsonl",
        ExtractFormat::Facts => "facts",
        ExtractFormat::Csv => "csv",
        ExtractFormat::Parquet => "parquet",
    }
}

/// `<stem>.json` per input; a name already taken gets `-2`, `-3`, ... in
/// input order, so the same inputs always give the same names.
pub(crate) fn unique_names(inputs: &[Input]) -> Vec<String> {
    let mut used = BTreeSet::new();
    inputs
        .iter()
        .map(|input| {
            let stem = input
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "input".to_owned());
            let mut name = format!("{stem}.json");
            let mut n = 2u32;
            while !used.insert(name.to_lowercase()) {
                name = format!("{stem}-{n}.json");
                n = n.saturating_add(1);
            }
            name
        })
        .collect()
}

/// The CSV header of `--format csv` (the Fact fields, in contract order,
/// then the extensions).
pub(crate) const CSV_HEADER: [&str; 15] = [
    "doc",
    "path",
    "table",
    "kind",
    "page",
    "row",
    "col",
    "row_path",
    "col_path",
    "raw",
    "value",
    "unit",
    "yuan",
    "department",
    "year",
];

/// Joins header paths in CSV cells.
const PATH_SEPARATOR: &str = " / ";

/// An open `extract` output.
pub(crate) struct Sink {
    mode: Mode,
    out: Option<Box<dyn Write>>,
    csv: Option<csv::Writer<Box<dyn Write>>>,
    /// Final path and temporary path of a `-o FILE` written atomically.
    pending_file: Option<(PathBuf, PathBuf)>,
}

impl Sink {
    /// Opens the output for `mode` (creating the directory, the file, or the
    /// CSV header).
    pub(crate) fn open(mode: Mode) -> anyhow::Result<Sink> {
        let mut sink = Sink {
            mode: mode.clone(),
            out: None,
            csv: None,
            pending_file: None,
        };
        match &mode {
            Mode::Dir { dir, .. } => {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create output directory {}", dir.display()))?;
            }
            Mode::Single(_) => {}
            Mode::Stream(format, path) => {
                let writer: Box<dyn Write> = match path {
                    Some(path) => {
                        let tmp = temp_path(path);
                        let file = File::create(&tmp)
                            .with_context(|| format!("cannot create {}", tmp.display()))?;
                        sink.pending_file = Some((path.clone(), tmp));
                        Box::new(BufWriter::new(file))
                    }
                    None => Box::new(BufWriter::new(std::io::stdout())),
                };
                if *format == ExtractFormat::Csv {
                    let mut w = csv::Writer::from_writer(writer);
                    w.write_record(CSV_HEADER)?;
                    w.flush()?;
                    sink.csv = Some(w);
                } else {
                    sink.out = Some(writer);
                }
            }
        }
        Ok(sink)
    }

    /// Writes input `index`'s result; `facts` is called only for the facts
    /// and csv formats.
    pub(crate) fn write(
        &mut self,
        index: usize,
        result: Result<&Document, &ErrorRecord>,
        facts: impl FnOnce(&Document) -> Vec<Fact>,
    ) -> anyhow::Result<()> {
        match &self.mode {
            Mode::Single(path) => {
                let bytes = pretty(result)?;
                match path {
                    Some(path) => write_atomically(path, &bytes)?,
                    None => {
                        let mut out = std::io::stdout().lock();
                        out.write_all(&bytes)?;
                        out.flush()?;
                    }
                }
            }
            Mode::Dir { dir, names } => {
                let name = names
                    .get(index)
                    .with_context(|| format!("no output name for input {index}"))?;
                write_atomically(&dir.join(name), &pretty(result)?)?;
            }
            Mode::Stream(format, _) => match format {
                ExtractFormat::Csv => {
                    let Some(w) = self.csv.as_mut() else {
                        anyhow::bail!("csv output is not open")
                    };
                    // Failed inputs have no facts; they are on stderr and in the summary.
                    if let Ok(doc) = result {
                        for fact in facts(doc) {
                            w.write_record(csv_record(&fact))?;
                        }
                    }
                    w.flush()?;
                }
                ExtractFormat::Facts => {
                    let Some(out) = self.out.as_mut() else {
                        anyhow::bail!("output is not open")
                    };
                    match result {
                        Ok(doc) => {
                            for fact in facts(doc) {
                                serde_json::to_writer(&mut *out, &fact)?;
                                out.write_all(b"\n")?;
                            }
                        }
                        Err(record) => {
                            serde_json::to_writer(&mut *out, record)?;
                            out.write_all(b"\n")?;
                        }
                    }
                    out.flush()?;
                }
                // Record tables are written by `records_out`, chosen before
                // this mode.
                ExtractFormat::Parquet => anyhow::bail!("parquet output is not a stream"),
                ExtractFormat::Jsonl | ExtractFormat::Json => {
                    let Some(out) = self.out.as_mut() else {
                        anyhow::bail!("output is not open")
                    };
                    match result {
                        Ok(doc) => serde_json::to_writer(&mut *out, doc)?,
                        Err(record) => serde_json::to_writer(&mut *out, record)?,
                    }
                    out.write_all(b"\n")?;
                    // Flushed per document: the lines on disk always match the
                    // state database, which is written right after.
                    out.flush()?;
                }
            },
        }
        Ok(())
    }

    /// Flushes and, for `-o FILE`, moves the finished file into place.
    pub(crate) fn finish(mut self) -> anyhow::Result<()> {
        if let Some(mut w) = self.csv.take() {
            w.flush()?;
        }
        if let Some(mut out) = self.out.take() {
            out.flush()?;
        }
        if let Some((path, tmp)) = self.pending_file.take() {
            std::fs::rename(&tmp, &path)
                .with_context(|| format!("cannot move {} to {}", tmp.display(), path.display()))?;
        }
        Ok(())
    }
}

fn pretty(result: Result<&Document, &ErrorRecord>) -> anyhow::Result<Vec<u8>> {
    let mut bytes = match result {
        Ok(doc) => serde_json::to_vec_pretty(doc)?,
        Err(record) => serde_json::to_vec_pretty(record)?,
    };
    bytes.push(b'\n');
    Ok(bytes)
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

/// Writes `bytes` to a temporary file next to `path`, then renames it, so a
/// killed run never leaves a half-written output file.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = temp_path(path);
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot move {} to {}", tmp.display(), path.display()))?;
    Ok(())
}

fn csv_record(fact: &Fact) -> [String; 15] {
    let opt = |d: &Option<yusuan_model::Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    [
        fact.doc.clone(),
        fact.path.clone(),
        fact.table.clone(),
        fact.kind.as_str().to_owned(),
        fact.page.to_string(),
        fact.row.to_string(),
        fact.col.to_string(),
        fact.row_path.join(PATH_SEPARATOR),
        fact.col_path.join(PATH_SEPARATOR),
        fact.raw.clone(),
        opt(&fact.value),
        fact.unit.clone().unwrap_or_default(),
        opt(&fact.yuan),
        fact.department.clone().unwrap_or_default(),
        fact.year.map(|y| y.to_string()).unwrap_or_default(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &str, origin: Origin) -> Input {
        Input {
            path: PathBuf::from(path),
            display: path.to_owned(),
            origin,
            missing: None,
        }
    }

    #[test]
    fn names_are_unique_and_deterministic() {
        let inputs = [
            input("a/预算.pdf", Origin::Found),
            input("b/预算.pdf", Origin::Found),
            input("预算.docx", Origin::Found),
            input("x.pdf.pdf", Origin::Found),
            input("预算-2.pdf", Origin::Found),
        ];
        assert_eq!(
            unique_names(&inputs),
            [
                "预算.json",
                "预算-2.json",
                "预算-3.json",
                "x.pdf.json",
                "预算-2-2.json"
            ]
        );
    }

    #[test]
    fn mode_follows_the_contract() {
        let one = [input("a.pdf", Origin::Explicit)];
        let two = [
            input("a.pdf", Origin::Explicit),
            input("b.pdf", Origin::Explicit),
        ];
        assert_eq!(choose_mode(None, None, &one, 1), Ok(Mode::Single(None)));
        assert_eq!(
            choose_mode(Some(ExtractFormat::Json), None, &one, 1),
            Ok(Mode::Single(None))
        );
        assert!(choose_mode(Some(ExtractFormat::Json), None, &two, 2).is_err());
        assert_eq!(
            choose_mode(None, None, &two, 2),
            Ok(Mode::Stream(ExtractFormat::Jsonl, None))
        );
        // A directory with one file is still "a DIR": directory output.
        let found = [input("d/a.pdf", Origin::Found)];
        assert!(matches!(
            choose_mode(None, Some(Path::new("out")), &found, 1),
            Ok(Mode::Dir { .. })
        ));
        assert!(choose_mode(Some(ExtractFormat::Json), None, &found, 1).is_err());
    }

    #[test]
    fn csv_header_matches_fact_fields() {
        let fact = Fact {
            doc: "d".into(),
            path: "p".into(),
            table: "t1".into(),
            kind: yusuan_model::TableKind::Other,
            page: 1,
            row: 2,
            col: 3,
            row_path: vec!["a".into(), "b".into()],
            col_path: vec![],
            raw: "1,0".into(),
            value: Some(yusuan_model::Decimal::new(10, 1)),
            unit: None,
            yuan: None,
            department: Some("长沙市司法局".into()),
            year: Some(2025),
        };
        let json = serde_json::to_value(&fact).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, CSV_HEADER);
        assert_eq!(csv_record(&fact)[7], "a / b");
        assert_eq!(csv_record(&fact)[10], "1.0");
        assert_eq!(csv_record(&fact)[14], "2025");
    }
}
