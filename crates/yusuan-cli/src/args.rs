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
  yusuan extract corpus/ -o out/          one <name>.json per input in out/
  yusuan extract 'corpus/**/*.pdf' --format jsonl -j 4 > all.jsonl
  yusuan extract corpus/ --format csv -o facts.csv
  yusuan extract corpus/ -o out/ --state state.db      nightly: redo only new or changed files
  yusuan extract corpus/ -o out/ --shard 3/16          the 4th of 16 parallel jobs
  yusuan --log-format json extract corpus/ -o out/ 2> log.jsonl  logs and summary as JSON lines
  yusuan audit report.pdf
  yusuan audit corpus/ --format json > findings.jsonl
  yusuan tables report.pdf --page 7
  yusuan claims report.pdf                figures stated in the text, with what they compare
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
    /// Dump one PDF page as the reader sees it (glyph runs, ruling segments).
    #[command(after_help = INSPECT_HELP)]
    Inspect(InspectArgs),
}

const EXTRACT_HELP: &str = "\
Inputs: files, directories (walked recursively, in sorted order) and glob patterns
(quote them: 'dir/**/*.pdf'). The type is decided by content, never by extension:
PDF (%PDF- in the first 1024 bytes), DOCX (a zip holding word/document.xml). Inside a
directory or glob, files that are neither are skipped and counted in the summary, unless
their name ends in .pdf/.docx/.doc, which makes them an error record; files named on
the command line always give a Document or an error record. Legacy Word (.doc, OLE2) is
an error record naming the fix: soffice --headless --convert-to docx FILE.

With no input, the bundled samples are processed: the samples/ folder of the source
tree this binary was built from (its path is compiled in; nothing is embedded).

Output (--format):
  json   one input file: one Document to stdout (or to -o FILE). Several inputs, a
         directory or a glob: one <name>.json per input in the -o directory (required);
         equal names get -2, -3... in input order. Files are written atomically.
  jsonl  one Document (or error record) per line, in input order.
  facts  one Fact per line (one numeric cell each); a failed input gives its error record.
  csv    the facts as CSV with a header line; row_path/col_path joined with \" / \";
         failed inputs are reported on stderr only.
  Without --format: json for one input file or when -o is given, jsonl otherwise.
Output order never depends on -j.

An input that fails becomes an error record {schema_version, source:{path,sha256},
error:{stage,message}} in place of its Document, and the batch goes on. Each document
runs in its own thread with a time limit (--timeout); a document that exceeds it becomes
an error record \"timed out after N s\" and its thread is abandoned (it keeps its CPU
until it ends or the process exits). A panic inside a stage becomes an error record too.

--state FILE (SQLite, WAL, one transaction per finished document) records each input's
sha256, schema version, outcome and time. On the next run an input whose sha256 and
schema version are unchanged and that succeeded before is skipped (\"unchanged\"): its
earlier output file is left as it is, and stdout formats (json to stdout, jsonl, facts,
csv) simply leave it out, so they hold only what this run processed. Changed and
previously failed inputs are redone; --redo redoes every input (e.g. after upgrading
yusuan, whose extraction may have improved) and records the new outcomes. A killed run
leaves a usable state.

--shard I/N keeps a deterministic 1/N of the inputs (sha256 of each input path, as
expanded, modulo N; I counts from 0), the same on every machine. Run every shard with
the same arguments from the same directory, e.g. a Kubernetes indexed job with
--shard $JOB_COMPLETION_INDEX/16 or a Slurm array with --shard $SLURM_ARRAY_TASK_ID/16.";

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
boxes and segments.";

/// Options shared by the commands that run the pipeline over a batch.
#[derive(Debug, Args)]
pub(crate) struct BatchArgs {
    /// Input files, directories or glob patterns; none = the bundled samples.
    #[arg(value_name = "FILE|DIR|GLOB")]
    pub(crate) inputs: Vec<PathBuf>,

    /// Documents processed at once (default: all cores).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) jobs: Option<u16>,

    /// Time limit per document, in seconds.
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
    /// Facts as CSV with a header line.
    Csv,
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

/// `yusuan inspect`.
#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// The PDF file.
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,

    /// Page number, from 1.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) page: u32,

    /// Also write the page as SVG to this file.
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
