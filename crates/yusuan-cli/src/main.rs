//! `yusuan`: the command line over the pipeline.
//!
//! The CLI is the only part of yusuan that touches the filesystem: it expands
//! inputs (files, directories, globs), recognizes them by content, runs the
//! stage crates on each (`pipeline`), in parallel and isolated (`batch`), and
//! writes Documents, facts or error records (`output`), keeping an optional
//! state database for incremental runs (`state`). Exit status: 0 when every
//! input succeeded, 1 when any failed, 2 on bad usage.
//!
//! The output shapes are fixed by `../shared/CONTRACT.md` (see docs/schema.md).

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod args;
mod batch;
mod input;
mod output;
mod pipeline;
mod records_out;
mod render;
mod report;
mod review;
mod state;
mod worker;

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;
use yusuan_model::{Document, Fact};

use crate::args::{
    AuditArgs, AuditFormat, BatchArgs, ClaimsArgs, ClaimsFormat, Cli, Command, ExtractArgs,
    InspectArgs, LogFormat, ReportArgs, TablesArgs, TablesFormat,
};
use crate::batch::{BatchConfig, Isolation, Known, Outcome, run_batch, state_key};
use crate::input::{Input, expand_inputs, in_shard};
use crate::output::{Sink, choose_mode};
use crate::pipeline::{page_list, stage_name};
use crate::report::{Reporter, eprint_text};
use crate::state::{Entry, Identity, Prior, State};

/// Why a command stopped before its normal end.
#[derive(Debug)]
enum Failure {
    /// Bad usage: exit status 2.
    Usage(String),
    /// Something outside any one input failed (output directory, state
    /// database): exit status 1.
    Fatal(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Fatal(e)
    }
}

fn main() -> ExitCode {
    batch::install_quiet_panic_hook();
    let cli = Cli::parse();
    init_logging(cli.log_format);
    let result = match cli.command {
        Command::Worker(args) => {
            pipeline::set_ocr(args.ocr.into());
            return worker::run_worker(args.max_memory_bytes);
        }
        Command::Extract(args) => run_extract(args),
        Command::Audit(args) => run_audit(args),
        Command::Tables(args) => run_tables(args),
        Command::Claims(args) => run_claims(args),
        Command::Report(args) => run_report(args),
        Command::Inspect(args) => run_inspect(args),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprint_text(&format!("error: {message}\n"));
            ExitCode::from(2)
        }
        Err(Failure::Fatal(e)) => {
            eprint_text(&format!("error: {e:#}\n"));
            ExitCode::from(1)
        }
    }
}

/// Logs to stderr: RUST_LOG filters (default `warn`); stage spans report
/// their time when closed, at info level.
fn init_logging(format: LogFormat) {
    report::set_json_summary(format == LogFormat::Json);
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(report::LogWriter::new)
        .with_span_events(FmtSpan::CLOSE)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal());
    let installed = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    if let Err(e) = installed {
        eprint_text(&format!("warning: logging is off: {e}\n"));
    }
}

/// Expands and shards the inputs and builds the batch configuration.
fn prepare(batch: &BatchArgs) -> Result<(Vec<Input>, BatchConfig), Failure> {
    pipeline::set_ocr(batch.ocr.into());
    let mut inputs = expand_inputs(&batch.inputs).map_err(Failure::Usage)?;
    if let Some(shard) = batch.shard {
        inputs.retain(|i| in_shard(&i.display, shard));
    }
    let jobs = match batch.jobs {
        Some(n) => usize::from(n),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    // One input runs in this process (as the library does); a batch runs
    // in worker processes, so that no one file can end it.
    let isolation = if batch.in_process || inputs.len() <= 1 {
        Isolation::Thread
    } else {
        Isolation::Process
    };
    let config = BatchConfig {
        jobs,
        timeout: Duration::from_secs(batch.timeout),
        isolation,
        max_memory: batch
            .max_memory
            .unwrap_or_else(|| worker::default_max_memory(jobs)),
        retry_failed: false,
    };
    Ok((inputs, config))
}

/// Exit status from the counters: 1 when any input failed.
fn exit_code(failed: usize) -> ExitCode {
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Whether an error is a closed stdout (`yusuan ... | head`): the reader
/// has what it wanted, so the run ends quietly.
/// Ends a command that prints to stdout: closes the progress line and gives
/// the exit code; a reader that closed the pipe (`| head`) is no failure.
fn finish_printing(reporter: Reporter, result: anyhow::Result<()>) -> Result<ExitCode, Failure> {
    let counts = reporter.finish();
    match result {
        Ok(()) => Ok(exit_code(counts.failed)),
        Err(e) if is_broken_pipe(&e) => Ok(exit_code(counts.failed)),
        Err(e) => Err(Failure::Fatal(e)),
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The facts of a document (contract `--format facts`).
fn document_facts(doc: &Document) -> Vec<Fact> {
    pipeline::collect_facts(doc)
}

fn run_extract(args: ExtractArgs) -> Result<ExitCode, Failure> {
    let (inputs, mut config) = prepare(&args.batch)?;
    config.retry_failed = args.retry_failed;
    if let Some(target) =
        records_out::target(args.format, args.output.as_deref()).map_err(Failure::Usage)?
    {
        return run_extract_records(&args, &inputs, &config, &target);
    }
    let mode = choose_mode(
        args.format,
        args.output.as_deref(),
        &inputs,
        args.batch.inputs.len(),
    )
    .map_err(Failure::Usage)?;
    if args.state.is_some() && !args.redo && mode.is_stdout() {
        return Err(Failure::Usage(
            "--state with output on stdout cannot keep the output of unchanged inputs; \
             give -o (a directory for json, a file for jsonl, facts or csv: unchanged \
             inputs' lines are copied from the previous file), or add --redo to process \
             every input"
                .to_owned(),
        ));
    }
    let mut state = match &args.state {
        Some(path) => Some(State::open(path).map_err(|e| Failure::Usage(format!("{e:#}")))?),
        None => None,
    };
    // --redo: the state is written, not read.
    let prior: BTreeMap<String, Prior> = match &state {
        Some(s) if !args.redo => s.load()?,
        _ => BTreeMap::new(),
    };
    let outputs: Vec<Option<String>> = inputs
        .iter()
        .map(|i| mode.output_for(i).map(|p| p.to_string_lossy().into_owned()))
        .collect();
    let known = Known {
        prior: &prior,
        outputs: &outputs,
    };
    let mut sink = Sink::open(mode)?;
    let mut reporter = Reporter::new(inputs.len(), !args.batch.no_progress, args.batch.timings);
    let result = run_batch(&inputs, &config, &known, |_, input, outcome| {
        reporter.observe(input, &outcome);
        let key = state_key(input);
        match &outcome {
            Outcome::Done {
                doc,
                coverage,
                elapsed,
                ..
            } => {
                let place = sink.write(input, Ok(doc), document_facts)?;
                if let Some(state) = state.as_mut() {
                    record_done(state, key, input, doc, coverage, place.as_ref(), *elapsed)?;
                }
            }
            Outcome::Failed {
                record,
                cause,
                elapsed,
                ..
            } => {
                let place = sink.write(input, Err(record), document_facts)?;
                if let Some(state) = state.as_mut() {
                    record_failed(state, key, input, record, *cause, place.as_ref(), *elapsed)?;
                }
            }
            Outcome::Unchanged { bytes, place, .. } => {
                let place = sink.keep(input, bytes, place)?;
                if let (Some(state), Some(place)) = (state.as_mut(), place.as_ref()) {
                    state.keep(key, Identity::of(&input.path), place)?;
                }
            }
            Outcome::Skipped { .. } => {}
        }
        Ok(())
    });
    let finished = result.and_then(|()| sink.finish(state.as_mut()));
    finish_printing(reporter, finished)
}

/// `extract --format parquet -o DIR` (or `csv -o DIR/`): the record tables
/// (`records_out`). With `--state`, each input's rows are kept in a file of
/// their own, recorded as its output place; an unchanged input whose kept
/// rows are still in place is not run, its rows written again.
fn run_extract_records(
    args: &ExtractArgs,
    inputs: &[Input],
    config: &BatchConfig,
    target: &records_out::Target,
) -> Result<ExitCode, Failure> {
    let mut state = match &args.state {
        Some(path) => Some(State::open(path).map_err(|e| Failure::Usage(format!("{e:#}")))?),
        None => None,
    };
    let prior: BTreeMap<String, Prior> = match &state {
        Some(s) if !args.redo => s.load()?,
        _ => BTreeMap::new(),
    };
    let mut sink = records_out::RecordSink::open(target, args.batch.shard, state.is_some())?;
    // Without --state nothing is kept, and no input is unchanged.
    let outputs: Vec<Option<String>> = inputs
        .iter()
        .map(|i| sink.kept_output(state_key(i)))
        .collect();
    let known = Known {
        prior: &prior,
        outputs: &outputs,
    };
    let mut reporter = Reporter::new(inputs.len(), !args.batch.no_progress, args.batch.timings);
    let result = run_batch(inputs, config, &known, |_, input, outcome| {
        reporter.observe(input, &outcome);
        let key = state_key(input);
        match &outcome {
            Outcome::Done {
                doc,
                coverage,
                elapsed,
                ..
            } => {
                let place = sink.write_done(key, doc)?;
                if let Some(state) = state.as_mut() {
                    record_done(state, key, input, doc, coverage, place.as_ref(), *elapsed)?;
                }
            }
            Outcome::Failed {
                record,
                cause,
                elapsed,
                ..
            } => {
                let place = sink.write_failed(key, record)?;
                if let Some(state) = state.as_mut() {
                    record_failed(state, key, input, record, *cause, place.as_ref(), *elapsed)?;
                }
            }
            Outcome::Unchanged {
                sha256,
                bytes,
                place,
                ..
            } => {
                sink.write_unchanged(&input.display, sha256, bytes)?;
                if let Some(state) = state.as_mut() {
                    state.keep(key, Identity::of(&input.path), place)?;
                }
            }
            Outcome::Skipped { .. } => sink.write_skipped(&input.display)?,
        }
        Ok(())
    });
    let finished = result.and_then(|()| sink.finish());
    let counts = reporter.finish();
    match finished {
        Ok(()) => Ok(exit_code(counts.failed)),
        Err(e) => Err(Failure::Fatal(e)),
    }
}

fn run_audit(args: AuditArgs) -> Result<ExitCode, Failure> {
    let (inputs, config) = prepare(&args.batch)?;
    let mut reporter = Reporter::new(inputs.len(), !args.batch.no_progress, args.batch.timings);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let none = BTreeMap::new();
    let known = Known {
        prior: &none,
        outputs: &[],
    };
    let result = run_batch(&inputs, &config, &known, |_, input, outcome| {
        reporter.observe(input, &outcome);
        match (&outcome, args.format) {
            (Outcome::Done { doc, .. }, AuditFormat::Text) => {
                out.write_all(pipeline::render_findings(doc).as_bytes())?;
                out.write_all(b"\n")?;
            }
            (Outcome::Done { doc, .. }, AuditFormat::Json) => {
                for finding in &doc.findings {
                    write_line_with_path(&mut out, finding, &doc.source.path)?;
                }
            }
            (Outcome::Failed { record, .. }, AuditFormat::Text) => {
                writeln!(
                    out,
                    "{}\n  error ({}): {}\n",
                    record.source.path,
                    stage_name(record.error.stage),
                    record.error.message
                )?;
            }
            (Outcome::Failed { record, .. }, AuditFormat::Json) => {
                serde_json::to_writer(&mut out, record)?;
                out.write_all(b"\n")?;
            }
            (Outcome::Skipped { .. } | Outcome::Unchanged { .. }, _) => {}
        }
        out.flush()?;
        Ok(())
    });
    finish_printing(reporter, result)
}

fn run_tables(args: TablesArgs) -> Result<ExitCode, Failure> {
    let (inputs, config) = prepare(&args.batch)?;
    let mut reporter = Reporter::new(inputs.len(), !args.batch.no_progress, args.batch.timings);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let none = BTreeMap::new();
    let known = Known {
        prior: &none,
        outputs: &[],
    };
    let result = run_batch(&inputs, &config, &known, |_, input, outcome| {
        reporter.observe(input, &outcome);
        match &outcome {
            Outcome::Done { doc, .. } => {
                let tables: Vec<_> = doc
                    .tables
                    .iter()
                    .filter(|t| args.page.is_none_or(|p| t.pages.contains(&p)))
                    .collect();
                writeln!(out, "## {} ({} tables)\n", doc.source.path, tables.len())?;
                for table in tables {
                    match args.format {
                        TablesFormat::Markdown => {
                            writeln!(out, "{}", render::table_markdown(table))?;
                        }
                        TablesFormat::Csv => writeln!(out, "{}", render::table_csv(table)?)?,
                    }
                }
            }
            Outcome::Failed { record, .. } => {
                writeln!(
                    out,
                    "## {}\n\nerror ({}): {}\n",
                    record.source.path,
                    stage_name(record.error.stage),
                    record.error.message
                )?;
            }
            Outcome::Skipped { .. } | Outcome::Unchanged { .. } => {}
        }
        out.flush()?;
        Ok(())
    });
    finish_printing(reporter, result)
}

fn run_claims(args: ClaimsArgs) -> Result<ExitCode, Failure> {
    let (inputs, config) = prepare(&args.batch)?;
    let mut reporter = Reporter::new(inputs.len(), !args.batch.no_progress, args.batch.timings);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let none = BTreeMap::new();
    let known = Known {
        prior: &none,
        outputs: &[],
    };
    let result = run_batch(&inputs, &config, &known, |_, input, outcome| {
        reporter.observe(input, &outcome);
        match (&outcome, args.format) {
            (Outcome::Done { doc, .. }, ClaimsFormat::Text) => {
                out.write_all(render::claims_text(doc, args.page).as_bytes())?;
            }
            (Outcome::Done { doc, .. }, ClaimsFormat::Json) => {
                for claim in doc
                    .records
                    .claims
                    .iter()
                    .filter(|c| args.page.is_none_or(|p| c.page == p))
                {
                    write_line_with_path(&mut out, claim, &doc.source.path)?;
                }
            }
            (Outcome::Failed { record, .. }, ClaimsFormat::Text) => {
                writeln!(
                    out,
                    "## {}\n\nerror ({}): {}\n",
                    record.source.path,
                    stage_name(record.error.stage),
                    record.error.message
                )?;
            }
            (Outcome::Failed { record, .. }, ClaimsFormat::Json) => {
                serde_json::to_writer(&mut out, record)?;
                out.write_all(b"\n")?;
            }
            (Outcome::Skipped { .. } | Outcome::Unchanged { .. }, _) => {}
        }
        out.flush()?;
        Ok(())
    });
    finish_printing(reporter, result)
}

fn run_report(args: ReportArgs) -> Result<ExitCode, Failure> {
    let (inputs, config) = prepare(&args.batch)?;
    review::check_unique_reports(&inputs).map_err(Failure::Usage)?;
    std::fs::create_dir_all(&args.output).map_err(|e| {
        Failure::Usage(format!(
            "cannot create the output directory {}: {e}",
            args.output.display()
        ))
    })?;
    let options = yusuan_report::ReportOptions {
        dpi: f32::from(args.dpi),
        max_pages: args.max_pages,
    };
    let mut reporter = Reporter::new(inputs.len(), !args.batch.no_progress, args.batch.timings);
    let none = BTreeMap::new();
    let known = Known {
        prior: &none,
        outputs: &[],
    };
    let mut entries = Vec::new();
    let result = run_batch(&inputs, &config, &known, |_, input, outcome| {
        reporter.observe(input, &outcome);
        match &outcome {
            Outcome::Done { doc, .. } => {
                entries.push(review::write_report(&args.output, input, doc, &options)?);
            }
            Outcome::Failed { record, .. } => entries.push(review::failed_entry(record)),
            Outcome::Skipped { .. } | Outcome::Unchanged { .. } => {}
        }
        Ok(())
    });
    let counts = reporter.finish();
    result?;
    if inputs.len() > 1 {
        review::write_index(&args.output, &entries)?;
    }
    Ok(exit_code(counts.failed))
}

fn run_inspect(args: InspectArgs) -> Result<ExitCode, Failure> {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", args.file.display())))?;
    match pipeline::inspect_page(&bytes, args.page) {
        Ok((dump, svg)) => {
            let mut out = std::io::stdout().lock();
            out.write_all(dump.as_bytes())
                .map_err(|e| Failure::Fatal(e.into()))?;
            if let Some(path) = &args.svg {
                let display = args.file.to_string_lossy();
                let svg = match review::document_for_inspect(&display, &bytes) {
                    Ok(doc) => review::svg_with_overlay(&svg, &doc, args.page),
                    Err(e) => {
                        eprint_text(&format!(
                            "warning: {display}: no overlay of cells and findings ({}: {})\n",
                            stage_name(e.stage),
                            e.message
                        ));
                        svg
                    }
                };
                std::fs::write(path, svg).map_err(|e| {
                    Failure::Fatal(anyhow::anyhow!("cannot write {}: {e}", path.display()))
                })?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprint_text(&format!(
                "error: {}: {}: {}\n",
                args.file.display(),
                stage_name(e.stage),
                e.message
            ));
            Ok(ExitCode::from(1))
        }
    }
}

/// Writes `item` as one JSON line with the input's `path` added, as
/// `audit --format json` and `claims --format json` print their items.
fn write_line_with_path(
    out: &mut impl Write,
    item: &impl serde::Serialize,
    path: &str,
) -> anyhow::Result<()> {
    let mut value = serde_json::to_value(item)?;
    if let Some(map) = value.as_object_mut() {
        map.insert(
            "path".to_owned(),
            serde_json::Value::String(path.to_owned()),
        );
    }
    serde_json::to_writer(&mut *out, &value)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Records a processed input in the state.
fn record_done(
    state: &mut State,
    key: &str,
    input: &Input,
    doc: &Document,
    coverage: &yusuan_pipeline::Coverage,
    place: Option<&state::Place>,
    elapsed: Duration,
) -> anyhow::Result<()> {
    let no_text = page_list(&coverage.no_text_pages);
    state.record(&Entry {
        key,
        identity: Identity::of(&input.path),
        sha256: Some(&doc.source.sha256),
        failure: None,
        cause: None,
        place,
        pages: doc.source.pages,
        missing_pages: coverage.missing_pages,
        no_text_pages: (!no_text.is_empty()).then_some(no_text.as_str()),
        tables: doc.tables.len(),
        findings: doc.findings.len(),
        elapsed,
    })
}

/// Records a failed input in the state.
fn record_failed(
    state: &mut State,
    key: &str,
    input: &Input,
    record: &yusuan_model::ErrorRecord,
    cause: Option<batch::Cause>,
    place: Option<&state::Place>,
    elapsed: Duration,
) -> anyhow::Result<()> {
    state.record(&Entry {
        key,
        identity: Identity::of(&input.path),
        sha256: record.source.sha256.as_deref(),
        failure: Some((stage_name(record.error.stage), &record.error.message)),
        cause: cause.map(|c| c.as_str()),
        place,
        pages: 0,
        missing_pages: 0,
        no_text_pages: None,
        tables: 0,
        findings: 0,
        elapsed,
    })
}
