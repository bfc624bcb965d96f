//! Command-line arguments (raw, as clap parses them).
//!
//! Validation that needs more than one flag (output mode, shard bounds) lives
//! in `main.rs`, which turns these raw values into a batch configuration.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "Turn Chinese government budget disclosures (PDF, DOCX) into structured, \
verified JSON: tables with merged cells, normalized figures, domain records and audit findings.";

const AFTER_HELP: &str = "\
Examples:
  yusuan extract                          run on the bundled samples (samples/ of the source tree)
  yusuan extract report.pdf > report.json one Document as JSON
  yusuan extract corpus/ -o out/          one <path>.json per input in out/
  yusuan extract 'corpus/**/*.pdf' --format jsonl -j 4 > all.jsonl
  yusuan extract corpus/ --format csv -o facts.csv
  yusuan extract corpus/ --format parquet -o tables/   record tables for DuckDB, pandas
  yusuan extract corpus/ -o out/ --state state.db      nightly: redo only new or changed files
  yusuan extract corpus/ -o out/ --shard 3/16          the 4th of 16 parallel jobs
  yusuan --log-format json extract corpus/ -o out/ 2> log.jsonl  logs and summary as JSON lines
  yusuan audit report.pdf
  yusuan audit corpus/ --format json > findings.jsonl
  yusuan tables report.pdf --page 7
  yusuan claims report.pdf                figures stated in the text, with what they compare
  yusuan report report.pdf -o review/      review/report.pdf.html: pages, tables, findings, claims
  yusuan report corpus/ -o review/         one page per document and review/index.html
  yusuan inspect report.pdf --page 7 --svg page7.svg

Exit status: 0 when every input succeeded, 1 when any failed, 2 on bad usage.
Logs go to stderr; set RUST_LOG (e.g. RUST_LOG=info or RUST_LOG=yusuan_layout=debug);
--log-format json makes them, and the closing summary, one JSON object per line.
A progress bar (files, pages, pages/s, failures, ETA) is drawn only when stderr is a terminal.
Output contract: docs/schema.md (field names fixed by schema version 1).";

/// The `yusuan` command.
#[derive(Debug, Parser)]
#[command(name = "yusuan", version, about = ABOUT, after_help = AFTER_HELP)]
pub(crate) struct Cli {
    /// Log line format on stderr (json: log events and the closing summary as JSON lines).
    #[arg(long, value_enum, default_value_t = LogFormat::Text, global = true)]
    pub(crate) log_format: LogFormat,

    /// The subcommand.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Extract Documents (tables, records, findings) from PDF and DOCX files.
    #[command(after_help = EXTRACT_HELP)]
    Extract(ExtractArgs),
    /// Print the audit findings of each document.
    #[command(after_help = AUDIT_HELP)]
    Audit(AuditArgs),
    /// Print the reconstructed tables for quick reading.
    #[command(after_help = TABLES_HELP)]
    Tables(TablesArgs),
    /// Print the claims: the figures stated in the text of each document.
    #[command(after_help = CLAIMS_HELP)]
    Claims(ClaimsArgs),
    /// Write a review report per document: self-contained HTML with every
    /// page drawn and its tables, findings and claims marked on it.
    #[command(after_help = REPORT_HELP)]
    Report(ReportArgs),
    /// Dump one PDF page as the reader sees it (glyph runs, ruling segments).
    #[command(after_help = INSPECT_HELP)]
    Inspect(InspectArgs),
    /// A worker process of a batch (started by yusuan itself; reads requests
    /// on stdin, answers on stdout).
    #[command(hide = true)]
    Worker(WorkerArgs),
}

/// `yusuan worker` (hidden).
#[derive(Debug, Args)]
pub(crate) struct WorkerArgs {
    /// Address-space limit in bytes (0: none).
    #[arg(long, default_value_t = 0)]
    pub(crate) max_memory_bytes: u64,

    /// The batch's --ocr mode.
    #[arg(long, value_enum, default_value_t = OcrArg::Auto)]
    pub(crate) ocr: OcrArg,
}

const EXTRACT_HELP: &str = "\
Inputs: files, directories (walked recursively, in sorted order, links followed) and glob
patterns (quote them: 'dir/**/*.pdf'). The type is decided by content, never by extension:
PDF (%PDF- in the first 1024 bytes), DOCX (a zip holding word/document.xml). Inside a
directory or glob, files that are neither are skipped and counted in the summary, unless
their name ends in .pdf/.docx/.doc, which makes them an error record naming what the file
is (an html page, an excel workbook, a legacy .doc, an image ...); files named on the
command line always give a Document or an error record. An unreadable directory, a broken
link or a link loop is an error record too.

With no input, the bundled samples are processed: the samples/ folder of the source
tree this binary was built from (its path is compiled in; nothing is embedded).

Output (--format):
  json   one input file: one Document to stdout (or to -o FILE). Several inputs, a
         directory or a glob: one file per input under the -o directory (required), at
         its path relative to the directory argument plus .json (in/a/x.pdf ->
         out/a/x.pdf.json); with several arguments, under a folder named after each.
  jsonl  one Document (or error record) per line, in input order.
  facts  one Fact per line (one numeric cell each); a failed input gives its error record.
  csv    the facts as CSV with a header line; row_path/col_path joined with \" / \";
         failed inputs are reported on stderr only. With -o DIR/ (an existing directory
         or a path ending in /): the record tables as CSV, as for parquet.
  parquet  the record tables, one file per table in the -o directory (required):
         documents (one row per input: ok, failed, skipped), tables, facts,
         three_public, indicators, budget_lines, fund_summary, findings; every row
         names its document (sha256, path, department, year, type); money as
         DECIMAL(38,6) in 元 beside the printed figure and unit. With --shard I/N the
         files are <table>.shard-I-of-N.parquet: read them together with a glob,
         read_parquet('DIR/three_public*.parquet'). With --state, each input's rows
         are kept in DIR/.yusuan-kept/ and every run rewrites the files from the rows
         of changed inputs (processed again) and unchanged ones (kept). docs/schema.md
         lists every column.
  Without --format: json for one input file or when -o is given, jsonl otherwise.
Output order never depends on -j. Files are written to a temporary file, synced and
renamed into place.

An input that fails becomes an error record {schema_version, source:{path,sha256},
error:{stage,message}} in place of its Document, and the batch goes on. A batch runs each
document in a worker process with a memory limit (--max-memory) and a time limit
(--timeout); a worker that runs out of memory, aborts, crashes or times out is killed and
replaced, and its document's error record names the cause and the stage. A single input
runs in this process, in a thread with the time limit.

--state FILE (SQLite, WAL, one transaction per finished document) records, per input as
named, its identity and sha256, the outcome and where its output bytes went. On the next
run an input with the same sha256 and schema version that succeeded before, and whose
recorded output bytes are still in place, is \"unchanged\" and not run: its file in the
-o directory is left as it is, and a single output file (-o FILE with jsonl, facts or
csv) gets its earlier lines copied from the previous file. --state with output on stdout
needs --redo. Other failures are retried; inputs that ended their worker (out of memory,
aborted, crashed, timed out) are kept as failed until the file changes or --retry-failed
is given. --redo processes every input again (after upgrading yusuan, say) and records
the new outcomes. After kill -9, the next run gives exactly the output of a clean run.

--shard I/N keeps a deterministic 1/N of the inputs (sha256 of each input path, as
expanded, modulo N; I counts from 0), the same on every machine. Run every shard with
the same arguments from the same directory, e.g. a Kubernetes indexed job with
--shard $JOB_COMPLETION_INDEX/16 or a Slurm array with --shard $SLURM_ARRAY_TASK_ID/16;
shards may write into one -o directory.";

const AUDIT_HELP: &str = "\
Runs the full pipeline on each input (the bundled samples when none is given) and prints
one block per document: a heading with the counts, then its findings grouped by severity
(errors, warnings, info), each with page, table, row, label, rule id and a Chinese message
stating the expected and printed figures. --format json prints one Finding per line
({rule, severity, table, page, row, label, message, expected, actual}, plus the input
\"path\"); a failed input prints its error record. The closing summary on stderr counts
the findings by severity.

Examples:
  yusuan audit report.pdf
  yusuan audit corpus/ --format json | jq -c 'select(.severity == \"error\")'

Exit status as for extract: findings are results, not failures (0 when every input was
processed, 1 when any failed, 2 on bad usage).";

const TABLES_HELP: &str = "\
Prints each reconstructed table (the bundled samples when no input is given). A merged
cell is shown once, at its top-left position; in markdown the positions it covers show
\"↑\" (continues the cell above) or \"←\" (continues the cell to the left); in CSV they are
blank. --page N keeps the tables printed on page N.";

const INSPECT_HELP: &str = "\
Prints the glyph runs and ruling segments the PDF reader found on one page (for
debugging table reconstruction); --svg writes the same page as an SVG drawing of glyph
boxes and segments, with the overlay of `yusuan report` on top: table cells (header rows
shaded, merged cells outlined), claim sentences and numbered findings (red error, amber
warning, blue info). The overlay needs the whole pipeline, so --svg runs it on the file.";

/// Options shared by the commands that run the pipeline over a batch.
#[derive(Debug, Args)]
pub(crate) struct BatchArgs {
    /// Input files, directories or glob patterns; none = the bundled samples.
    #[arg(value_name = "FILE|DIR|GLOB")]
    pub(crate) inputs: Vec<PathBuf>,

    /// Documents processed at once (default: all cores).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) jobs: Option<u16>,

    /// Time limit per document, in seconds; a document that reads pages by
    /// OCR gets 10 s more per such page (a long scanned volume needs them).
    #[arg(long, value_name = "SECS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) timeout: u64,

    /// Process only shard I of N (I from 0), chosen by a hash of the input path.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub(crate) shard: Option<Shard>,

    /// No progress bar (it is also off when stderr is not a terminal).
    #[arg(long)]
    pub(crate) no_progress: bool,

    /// Print the time each stage took for every document, and the slowest files.
    #[arg(long)]
    pub(crate) timings: bool,

    /// Memory limit of each worker process, e.g. 2G or 512M (a bare number is
    /// MiB; default: half the machine's memory shared among the -j workers,
    /// between 512M and 8G).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub(crate) max_memory: Option<u64>,

    /// Run documents in threads of this process instead of worker
    /// processes (no memory limit; a timed-out thread keeps running).
    #[arg(long, hide = true)]
    pub(crate) in_process: bool,

    /// OCR of scanned pages: auto (pages without a text layer whose images
    /// cover at least half the page, when OCR is installed by
    /// scripts/install-ocr), off, or force (every PDF page).
    #[arg(long, value_enum, default_value_t = OcrArg::Auto)]
    pub(crate) ocr: OcrArg,
}

/// `yusuan extract`.
#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    /// Inputs and parallelism.
    #[command(flatten)]
    pub(crate) batch: BatchArgs,

    /// Output format (default: json for one input file or with -o, else jsonl).
    #[arg(long, value_enum)]
    pub(crate) format: Option<ExtractFormat>,

    /// Output file, or directory for json with several inputs.
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub(crate) output: Option<PathBuf>,

    /// State database: skip inputs unchanged since their last successful run.
    #[arg(long, value_name = "FILE")]
    pub(crate) state: Option<PathBuf>,

    /// With --state: process every input again (after upgrading yusuan, say),
    /// still recording the outcomes.
    #[arg(long, requires = "state")]
    pub(crate) redo: bool,

    /// With --state: try again the unchanged inputs that ran out of memory,
    /// aborted, crashed or timed out in an earlier run (they are otherwise
    /// kept as failed until the file changes).
    #[arg(long, requires = "state")]
    pub(crate) retry_failed: bool,
}

/// Output formats of `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExtractFormat {
    /// One Document per input (stdout for one file, else a directory).
    Json,
    /// One Document per line.
    Jsonl,
    /// One Fact per line.
    Facts,
    /// Facts as CSV with a header line; with `-o DIR/`, the record tables
    /// as CSV, one file per table.
    Csv,
    /// The record tables as Parquet, one file per table in `-o DIR`.
    Parquet,
}

/// `yusuan audit`.
#[derive(Debug, Args)]
pub(crate) struct AuditArgs {
    /// Inputs and parallelism.
    #[command(flatten)]
    pub(crate) batch: BatchArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub(crate) format: AuditFormat,
}

/// Output formats of `audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AuditFormat {
    /// Readable findings per document.
    Text,
    /// One Finding per line.
    Json,
}

/// `yusuan tables`.
#[derive(Debug, Args)]
pub(crate) struct TablesArgs {
    /// Inputs and parallelism.
    #[command(flatten)]
    pub(crate) batch: BatchArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TablesFormat::Markdown)]
    pub(crate) format: TablesFormat,

    /// Only tables printed on this page (from 1).
    #[arg(long, value_name = "N")]
    pub(crate) page: Option<u32>,
}

/// Output formats of `tables`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TablesFormat {
    /// Markdown tables.
    Markdown,
    /// CSV blocks, one per table.
    Csv,
}

/// `yusuan claims`.
#[derive(Debug, Args)]
pub(crate) struct ClaimsArgs {
    /// Inputs and parallelism.
    #[command(flatten)]
    pub(crate) batch: BatchArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ClaimsFormat::Text)]
    pub(crate) format: ClaimsFormat,

    /// Only claims printed on this page (from 1).
    #[arg(long, value_name = "N")]
    pub(crate) page: Option<u32>,
}

/// Output formats of `claims`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ClaimsFormat {
    /// Readable lines, one block per claim.
    Text,
    /// One Claim per line (JSON), with the input's path.
    Json,
}

const CLAIMS_HELP: &str = "\
Runs the full pipeline on each input (the bundled samples when none is given) and prints
the figures its running text states (records.claims), in reading order: page, id, the
subject as printed and its canonical id, year and basis, the figure; below it what the
sentence compares it with (base, change, percent, direction word), its share or
completion rate, the reason given, and the table figure it names (→ table, row, column).
--format json prints one Claim per line with the input's path. See docs/schema.md.";

/// `yusuan report`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Inputs and parallelism.
    #[command(flatten)]
    pub(crate) batch: BatchArgs,

    /// Output directory: one <input>.html per document, and index.html when
    /// there are several.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub(crate) output: PathBuf,

    /// Resolution of the page images (dots per inch).
    #[arg(long, value_name = "DPI", default_value_t = 120, value_parser = clap::value_parser!(u16).range(36..=300))]
    pub(crate) dpi: u16,

    /// Draw only the first N pages of each PDF as images (the overlay of
    /// the others is shown on a placeholder).
    #[arg(long, value_name = "N")]
    pub(crate) max_pages: Option<u32>,
}

const REPORT_HELP: &str = "\
Runs the full pipeline on each input (as extract does) and writes, per document, one HTML
file that needs nothing else: no server, no network; open it from disk or mail it. Each PDF
page is drawn by yusuan (gray PNG, 120 dpi by default) with the tables' cells over it
(header rows shaded, merged cells outlined purple), the claims' sentences (teal, linked to
the table cell they were checked against) and the findings (numbered boxes: red error,
amber warning, blue info), the messages beside the page and each table as a grid. The side
panel lists the findings by severity; a click scrolls to the box. Word documents and
workbooks are shown as their tables and text. With several inputs, OUT/index.html lists the
documents with their error and warning counts (click a header to sort); an input that fails
is listed there with its error and the run goes on (exit status 1).

Example:
  yusuan report samples/mutations/text_total.pdf -o review/
  xdg-open review/text_total.pdf.html
A 93-page document gives a report of about 10 MB (docs/report.md).";

/// `yusuan inspect`.
#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// The PDF file.
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,

    /// Page number, from 1.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) page: u32,

    /// Also write the page as SVG to this file: glyph boxes and rules as the
    /// reader sees them, with the report's overlay (cells, claims, findings)
    /// over them; the whole pipeline runs for the overlay.
    #[arg(long, value_name = "OUT")]
    pub(crate) svg: Option<PathBuf>,
}

/// A shard selector `I/N`: keep the inputs whose path hash is I modulo N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shard {
    /// This shard, from 0.
    pub(crate) index: u64,
    /// Number of shards, at least 1.
    pub(crate) count: u64,
}

/// A memory size: a number with an optional K, M, G or T suffix (binary
/// units; a bare number is MiB), in bytes.
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim().to_ascii_uppercase();
    let t = t
        .strip_suffix("IB")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(&t);
    let (digits, shift) = match t.chars().last() {
        Some('K') => (&t[..t.len() - 1], 10),
        Some('M') => (&t[..t.len() - 1], 20),
        Some('G') => (&t[..t.len() - 1], 30),
        Some('T') => (&t[..t.len() - 1], 40),
        _ => (t, 20),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("expected a size such as 2G or 512M, found {s:?}"))?;
    let bytes = n
        .checked_mul(1u64 << shift)
        .ok_or_else(|| format!("size {s:?} is too large"))?;
    if bytes < (64 << 20) {
        return Err(format!(
            "--max-memory {s} is below 64M, too little to read any document"
        ));
    }
    Ok(bytes)
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    let (i, n) = s
        .split_once('/')
        .ok_or_else(|| format!("expected I/N (e.g. 0/4), found {s:?}"))?;
    let index: u64 = i
        .trim()
        .parse()
        .map_err(|_| format!("shard index {i:?} is not a number"))?;
    let count: u64 = n
        .trim()
        .parse()
        .map_err(|_| format!("shard count {n:?} is not a number"))?;
    if count == 0 {
        return Err("shard count must be at least 1".to_owned());
    }
    if index >= count {
        return Err(format!(
            "shard index {index} is out of range 0..{count} (shards count from 0)"
        ));
    }
    Ok(Shard { index, count })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("512m"), Ok(512 << 20));
        assert_eq!(parse_size("1024"), Ok(1 << 30));
        assert_eq!(parse_size("3GiB"), Ok(3 << 30));
        assert!(parse_size("1K").is_err(), "too small");
        assert!(parse_size("lots").is_err());
        assert!(parse_size("99999999999T").is_err());
    }

    #[test]
    fn shard_parses_and_checks_bounds() {
        assert_eq!(
            parse_shard("3/16"),
            Ok(Shard {
                index: 3,
                count: 16
            })
        );
        assert!(parse_shard("16/16").is_err());
        assert!(parse_shard("0/0").is_err());
        assert!(parse_shard("1").is_err());
        assert!(parse_shard("a/2").is_err());
    }
}

/// `--ocr`: when scanned pages are read by OCR (the pipeline's `OcrMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub(crate) enum OcrArg {
    /// Scanned pages (no text layer, images over at least half the page)
    /// are read by OCR when it is installed; without it they are left
    /// empty with a warning. A chart alone on a page is not read.
    #[default]
    Auto,
    /// Never: scanned pages stay empty.
    Off,
    /// Every page of a PDF is read by OCR, its text layer ignored; a
    /// document fails when OCR is not installed.
    Force,
}

impl From<OcrArg> for yusuan_pipeline::OcrMode {
    fn from(arg: OcrArg) -> Self {
        match arg {
            OcrArg::Auto => yusuan_pipeline::OcrMode::Auto,
            OcrArg::Off => yusuan_pipeline::OcrMode::Off,
            OcrArg::Force => yusuan_pipeline::OcrMode::Force,
        }
    }
}
