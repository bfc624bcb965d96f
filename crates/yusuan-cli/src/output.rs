//! Writing `extract` results: json (one file or a directory), jsonl, facts,
//! csv.
//!
//! The shapes written here are the contract's (`../shared/CONTRACT.md`,
//! docs/schema.md): a [`Document`] or, in its place, an [`ErrorRecord`]; for
//! facts, one [`Fact`] per line. This module only chooses where they go.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use yusuan_model::{Document, ErrorRecord, Fact};

use crate::args::ExtractFormat;
use crate::input::{Input, Origin, output_path, sha256_hex};
use crate::state::{Place, State};

/// Where `extract` output goes, decided once from the flags and inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mode {
    /// One Document (or error record), pretty JSON, to stdout or a file.
    Single(Option<PathBuf>),
    /// One `<relative path>.json` per input under a directory (see
    /// [`output_path`]).
    Dir(PathBuf),
    /// A stream of lines (jsonl, facts) or CSV, to stdout or a file.
    Stream(ExtractFormat, Option<PathBuf>),
}

impl Mode {
    /// The file input `input`'s output goes to; `None` for stdout.
    pub(crate) fn output_for(&self, input: &Input) -> Option<PathBuf> {
        match self {
            Mode::Single(path) | Mode::Stream(_, path) => path.clone(),
            Mode::Dir(dir) => Some(output_path(dir, input)),
        }
    }

    /// Whether output goes to stdout.
    pub(crate) fn is_stdout(&self) -> bool {
        matches!(self, Mode::Single(None) | Mode::Stream(_, None))
    }
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
                check_unique_outputs(dir, inputs)?;
                Ok(Mode::Dir(dir.to_path_buf()))
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

/// Two inputs never share an output file: a clash (possible only between
/// arguments, e.g. two file arguments with the same name) is a usage error.
fn check_unique_outputs(dir: &Path, inputs: &[Input]) -> Result<(), String> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for input in inputs {
        let path = output_path(dir, input).to_string_lossy().into_owned();
        if let Some(other) = seen.insert(path.clone(), &input.display) {
            return Err(format!(
                "{other} and {} would both be written to {path}; \
                 give their common parent directory instead, or run them with separate -o",
                input.display
            ));
        }
    }
    Ok(())
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

/// Suffix of our temporary files, named `.<name>.<pid>@<host>~<random>.yusuan-tmp`
/// next to their output. One whose process is gone (on this host), or that is
/// older than [`FOREIGN_TEMP_AGE`] (from another host sharing the folder),
/// is what a killed run left, and is removed; the temporary files of a shard
/// running at the same time are left alone.
const TEMP_SUFFIX: &str = ".yusuan-tmp";

/// Age after which another host's temporary file counts as abandoned.
const FOREIGN_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// This machine's name, as it goes into temporary file names.
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().replace(['.', '~', '/'], "_"))
        .unwrap_or_else(|_| "localhost".to_owned())
}

/// A single output file being written: a temporary file next to it, renamed
/// into place at the end.
struct StreamFile {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
    offset: u64,
}

/// An open `extract` output.
pub(crate) struct Sink {
    mode: Mode,
    file: Option<StreamFile>,
    stdout: Option<BufWriter<std::io::Stdout>>,
}

impl Sink {
    /// Opens the output for `mode`: creates the directory (removing
    /// temporary files a killed run left in it), or the temporary file of a
    /// single output file, and writes the CSV header.
    pub(crate) fn open(mode: Mode) -> anyhow::Result<Sink> {
        let mut sink = Sink {
            mode: mode.clone(),
            file: None,
            stdout: None,
        };
        match &mode {
            Mode::Dir(dir) => {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create output directory {}", dir.display()))?;
                remove_stale_temps(dir);
            }
            Mode::Single(_) => {}
            Mode::Stream(format, path) => {
                match path {
                    Some(path) => {
                        sink.file = Some(StreamFile {
                            temp: temp_next_to(path)?,
                            path: path.clone(),
                            offset: 0,
                        });
                    }
                    None => sink.stdout = Some(BufWriter::new(std::io::stdout())),
                }
                if *format == ExtractFormat::Csv {
                    let mut w = csv::Writer::from_writer(Vec::new());
                    w.write_record(CSV_HEADER)?;
                    let header = w.into_inner().map_err(|e| anyhow::anyhow!("csv: {e}"))?;
                    sink.append(&header)?;
                }
            }
        }
        Ok(sink)
    }

    /// Writes input `index`'s result; `facts` is called only for the facts
    /// and csv formats. Returns where the bytes went (`None` for stdout).
    pub(crate) fn write(
        &mut self,
        input: &Input,
        result: Result<&Document, &ErrorRecord>,
        facts: impl FnOnce(&Document) -> Vec<Fact>,
    ) -> anyhow::Result<Option<Place>> {
        let bytes = match &self.mode {
            Mode::Single(_) | Mode::Dir(_) => pretty(result)?,
            Mode::Stream(format, _) => render_lines(*format, result, facts)?,
        };
        self.put(input, &bytes)
    }

    /// Writes the kept output of an unchanged input: a single output file
    /// gets its earlier bytes again; a file of its own is left as it is.
    pub(crate) fn keep(
        &mut self,
        input: &Input,
        bytes: &[u8],
        place: &Place,
    ) -> anyhow::Result<Option<Place>> {
        match &self.mode {
            Mode::Dir(_) | Mode::Single(Some(_)) => Ok(Some(place.clone())),
            _ => self.put(input, bytes),
        }
    }

    fn put(&mut self, input: &Input, bytes: &[u8]) -> anyhow::Result<Option<Place>> {
        match self.mode.output_for(input) {
            Some(path) if self.file.is_none() => {
                write_atomically(&path, bytes)?;
                let output = path.to_string_lossy().into_owned();
                Ok(Some(Place {
                    file: output.clone(),
                    output,
                    offset: 0,
                    len: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
                    sha256: sha256_hex(bytes),
                }))
            }
            _ => self.append(bytes),
        }
    }

    /// Appends to the single output (file or stdout).
    fn append(&mut self, bytes: &[u8]) -> anyhow::Result<Option<Place>> {
        if let Some(file) = self.file.as_mut() {
            let offset = file.offset;
            file.temp
                .write_all(bytes)
                .with_context(|| format!("cannot write {}", file.temp.path().display()))?;
            let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
            file.offset = offset.saturating_add(len);
            return Ok(Some(Place {
                output: file.path.to_string_lossy().into_owned(),
                file: file.temp.path().to_string_lossy().into_owned(),
                offset,
                len,
                sha256: sha256_hex(bytes),
            }));
        }
        let out = match self.stdout.as_mut() {
            Some(out) => out,
            None => self.stdout.insert(BufWriter::new(std::io::stdout())),
        };
        out.write_all(bytes)?;
        // Flushed per document, so a reader of a pipe sees each one whole.
        out.flush()?;
        Ok(None)
    }

    /// Flushes and, for a single output file, syncs it and moves it into
    /// place (the rows of `state` that pointed at the temporary file then
    /// point at it), then removes temporary files killed runs left.
    pub(crate) fn finish(mut self, state: Option<&mut State>) -> anyhow::Result<()> {
        if let Some(mut out) = self.stdout.take() {
            out.flush()?;
        }
        if let Some(file) = self.file.take() {
            let temp_name = file.temp.path().to_string_lossy().into_owned();
            file.temp.as_file().sync_all()?;
            file.temp
                .persist(&file.path)
                .with_context(|| format!("cannot move the output into {}", file.path.display()))?;
            sync_parent(&file.path);
            if let Some(state) = state {
                state.moved(&temp_name, &file.path.to_string_lossy())?;
            }
            remove_stale_temps_of(&file.path);
        }
        if let Mode::Dir(dir) = &self.mode
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// The bytes of one input in a stream format.
fn render_lines(
    format: ExtractFormat,
    result: Result<&Document, &ErrorRecord>,
    facts: impl FnOnce(&Document) -> Vec<Fact>,
) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    match format {
        ExtractFormat::Csv => {
            // Failed inputs have no facts; they are on stderr and in the summary.
            if let Ok(doc) = result {
                let mut w = csv::Writer::from_writer(Vec::new());
                for fact in facts(doc) {
                    w.write_record(csv_record(&fact))?;
                }
                out = w.into_inner().map_err(|e| anyhow::anyhow!("csv: {e}"))?;
            }
        }
        ExtractFormat::Facts => match result {
            Ok(doc) => {
                for fact in facts(doc) {
                    serde_json::to_writer(&mut out, &fact)?;
                    out.push(b'\n');
                }
            }
            Err(record) => {
                serde_json::to_writer(&mut out, record)?;
                out.push(b'\n');
            }
        },
        // Record tables are written by `records_out`, chosen before this
        // mode.
        ExtractFormat::Parquet => anyhow::bail!("parquet output is not a stream"),
        ExtractFormat::Jsonl | ExtractFormat::Json => {
            match result {
                Ok(doc) => serde_json::to_writer(&mut out, doc)?,
                Err(record) => serde_json::to_writer(&mut out, record)?,
            }
            out.push(b'\n');
        }
    }
    Ok(out)
}

fn pretty(result: Result<&Document, &ErrorRecord>) -> anyhow::Result<Vec<u8>> {
    let mut bytes = match result {
        Ok(doc) => serde_json::to_vec_pretty(doc)?,
        Err(record) => serde_json::to_vec_pretty(record)?,
    };
    bytes.push(b'\n');
    Ok(bytes)
}

/// A temporary file `.<name>.<random>.yusuan-tmp` next to `path`.
fn temp_next_to(path: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create directory {}", parent.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tempfile::Builder::new()
        .prefix(&format!(".{name}.{}@{}~", std::process::id(), host_name()))
        .suffix(TEMP_SUFFIX)
        // As an ordinary new file (tempfile's default is 0600): the umask
        // applies.
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
        .tempfile_in(&parent)
        .with_context(|| format!("cannot create a temporary file in {}", parent.display()))
}

/// Writes `bytes` to a temporary file next to `path`, syncs it and renames
/// it (tempfile's persist), so a killed run never leaves a half-written
/// output file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut temp = temp_next_to(path)?;
    temp.write_all(bytes)
        .with_context(|| format!("cannot write {}", temp.path().display()))?;
    temp.as_file().sync_all()?;
    temp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn sync_parent(path: &Path) {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(d) = File::open(parent) {
        let _ = d.sync_all();
    }
}

fn is_our_temp(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(TEMP_SUFFIX)
}

/// The writer of one of our temporary files: (pid, host).
fn temp_writer(name: &str) -> Option<(u32, &str)> {
    let stem = name.strip_suffix(TEMP_SUFFIX)?;
    let (left, _random) = stem.rsplit_once('~')?;
    let (_, writer) = left.rsplit_once('.')?;
    let (pid, host) = writer.split_once('@')?;
    Some((pid.parse().ok()?, host))
}

/// Whether a temporary file of ours was left by a run that is over.
fn is_stale_temp(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !is_our_temp(&name) {
        return false;
    }
    match temp_writer(&name) {
        Some((pid, host)) if host == host_name() => {
            pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
        }
        _ => std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > FOREIGN_TEMP_AGE),
    }
}

/// Removes our temporary files anywhere under an output directory.
fn remove_stale_temps(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() && is_stale_temp(entry.path()) {
            if let Err(e) = std::fs::remove_file(entry.path()) {
                tracing::warn!("cannot remove stale {}: {e}", entry.path().display());
            } else {
                tracing::info!(
                    "removed {}, left by an interrupted run",
                    entry.path().display()
                );
            }
        }
    }
}

/// Removes the temporary files of earlier runs next to a single output file.
fn remove_stale_temps_of(path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.");
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file = entry.file_name().to_string_lossy().into_owned();
        if file.starts_with(&prefix) && is_stale_temp(&entry.path()) {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => tracing::info!(
                    "removed {}, left by an interrupted run",
                    entry.path().display()
                ),
                Err(e) => tracing::warn!("cannot remove stale {}: {e}", entry.path().display()),
            }
        }
    }
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

    fn input(path: &str, origin: Origin, out_rel: &str) -> Input {
        Input {
            path: PathBuf::from(path),
            display: path.to_owned(),
            origin,
            missing: None,
            out_rel: PathBuf::from(out_rel),
        }
    }

    #[test]
    fn outputs_mirror_inputs_and_clashes_are_refused() {
        let inputs = [
            input("in/a/预算.pdf", Origin::Found, "a/预算.pdf"),
            input("in/b/预算.pdf", Origin::Found, "b/预算.pdf"),
            input("in/预算.docx", Origin::Found, "预算.docx"),
        ];
        let mode = choose_mode(None, Some(Path::new("out")), &inputs, 1).unwrap();
        assert_eq!(
            mode.output_for(&inputs[0]),
            Some(PathBuf::from("out/a/预算.pdf.json"))
        );
        assert_eq!(
            mode.output_for(&inputs[2]),
            Some(PathBuf::from("out/预算.docx.json"))
        );
        let clash = [
            input("x/a.pdf", Origin::Explicit, "a.pdf"),
            input("y/a.pdf", Origin::Explicit, "a.pdf"),
        ];
        let err = choose_mode(None, Some(Path::new("out")), &clash, 2).unwrap_err();
        assert!(err.contains("x/a.pdf and y/a.pdf"), "{err}");
    }

    #[test]
    fn mode_follows_the_contract() {
        let one = [input("a.pdf", Origin::Explicit, "a.pdf")];
        let two = [
            input("a.pdf", Origin::Explicit, "a.pdf"),
            input("b.pdf", Origin::Explicit, "b.pdf"),
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
        let found = [input("d/a.pdf", Origin::Found, "a.pdf")];
        assert!(matches!(
            choose_mode(None, Some(Path::new("out")), &found, 1),
            Ok(Mode::Dir(_))
        ));
        assert!(choose_mode(Some(ExtractFormat::Json), None, &found, 1).is_err());
    }

    #[test]
    fn stale_temps_are_recognized() {
        let dir = tempfile::tempdir().unwrap();
        let live = temp_next_to(&dir.path().join("all.jsonl")).unwrap();
        let name = live
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert_eq!(
            temp_writer(&name),
            Some((std::process::id(), host_name().as_str()))
        );
        assert!(
            !is_stale_temp(live.path()),
            "our own temporary file is in use"
        );
        // A process id that cannot be running (above Linux's pid_max).
        let dead = dir.path().join(format!(
            ".all.jsonl.99999999@{}~AbC123.yusuan-tmp",
            host_name()
        ));
        std::fs::write(&dead, b"x").unwrap();
        assert!(is_stale_temp(&dead));
        let foreign = dir.path().join(".all.jsonl.1@otherhost~AbC123.yusuan-tmp");
        std::fs::write(&foreign, b"x").unwrap();
        assert!(
            !is_stale_temp(&foreign),
            "another host's fresh file is left alone"
        );
        assert!(!is_stale_temp(&dir.path().join("all.jsonl")));
        remove_stale_temps_of(&dir.path().join("all.jsonl"));
        assert!(!dead.exists() && foreign.exists() && live.path().exists());
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
