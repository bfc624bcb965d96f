//! Running the pipeline over many inputs: in parallel, isolated, in order.
//!
//! `-j` slots take inputs in order from a shared counter. Before running an
//! input, a slot checks the `--state` row: an input whose sha256 and schema
//! version are unchanged, whose earlier outcome may be kept and whose
//! recorded output bytes are still in place is `Unchanged` and not run.
//!
//! Isolation: a batch runs each document in a worker process (`worker.rs`),
//! one per slot, replaced when it dies or is killed on its time limit, so
//! that an allocation failure, an abort or a hang costs one error record.
//! A single input (and `--in-process`) runs in a thread of this process
//! under `catch_unwind` with the time limit; a timed-out thread cannot be
//! killed and is abandoned.
//!
//! Results are handed to the caller strictly in input order, as soon as
//! every earlier input is done, whatever `-j` is.

use std::any::Any;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use yusuan_model::{Document, ErrorRecord, Stage};

use crate::input::{Input, Origin, not_readable_reason, sha256_hex, sniff};
use crate::pipeline::{Probe, Processed, process_with, stage_name};
use crate::state::{Place, Prior};
use crate::worker::timed_out_message;
use crate::worker::{Health, Worker, read_error};
use yusuan_pipeline::Coverage;

/// Where documents run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Isolation {
    /// In a thread of this process (single inputs, `--in-process`).
    Thread,
    /// In worker processes with a memory limit.
    Process,
}

/// What the batch needs to know besides the inputs.
#[derive(Debug, Clone)]
pub(crate) struct BatchConfig {
    /// Worker count, at least 1.
    pub(crate) jobs: usize,
    /// Time limit per document.
    pub(crate) timeout: Duration,
    /// Threads or worker processes.
    pub(crate) isolation: Isolation,
    /// Address-space limit of a worker process, in bytes (0: none).
    pub(crate) max_memory: u64,
    /// Run again inputs that ended their worker in an earlier run.
    pub(crate) retry_failed: bool,
}

/// Why a document ended its worker (kept in `--state`: such an input is not
/// tried again on an unchanged file unless `--retry-failed` is given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cause {
    /// Past the memory limit (or killed by the system's OOM killer).
    OutOfMemory,
    /// The worker aborted.
    Aborted,
    /// The worker crashed otherwise (signal, exit, garbled reply).
    Crashed,
    /// Past the time limit.
    TimedOut,
}

impl Cause {
    /// As stored in the state database.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Cause::OutOfMemory => "out of memory",
            Cause::Aborted => "aborted",
            Cause::Crashed => "crashed",
            Cause::TimedOut => "timed out",
        }
    }
}

/// The result of one input.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// A Document.
    Done {
        /// The document.
        doc: Box<Document>,
        /// How much of it could be read.
        coverage: Coverage,
        /// Time per stage.
        timings: Vec<(Stage, Duration)>,
        /// Wall time of the document.
        elapsed: Duration,
    },
    /// An error record in place of the Document.
    Failed {
        /// The record.
        record: ErrorRecord,
        /// Set when the document ended its worker (or its time limit).
        cause: Option<Cause>,
        /// Time per finished stage.
        timings: Vec<(Stage, Duration)>,
        /// Wall time until the failure (or the time limit).
        elapsed: Duration,
    },
    /// Found in a directory and neither PDF, DOCX nor a workbook.
    Skipped {
        /// What the file is.
        reason: String,
    },
    /// Same sha256 and schema version as an earlier run whose output bytes
    /// are still in place.
    Unchanged {
        /// The input's sha256.
        sha256: String,
        /// The earlier output bytes (verified against their sha256).
        bytes: Vec<u8>,
        /// Where they are.
        place: Place,
        /// The earlier error message, when the earlier outcome was a failure
        /// kept because it ended its worker.
        failed: Option<String>,
    },
}

/// Stack for document threads: parsers of nested PDF objects and XML recurse.
pub(crate) const DOC_THREAD_STACK: usize = 16 * 1024 * 1024;

/// What the state database knows, for deciding what is unchanged.
pub(crate) struct Known<'a> {
    /// Earlier runs by state key (the input path as expanded).
    pub(crate) prior: &'a BTreeMap<String, Prior>,
    /// Per input, the output file this run writes it to (`None`: stdout).
    pub(crate) outputs: &'a [Option<String>],
}

/// Runs every input and calls `emit(index, input, outcome)` in input order.
/// When `emit` fails, no new inputs are started and the error is returned
/// once the running ones end.
pub(crate) fn run_batch<E>(
    inputs: &[Input],
    config: &BatchConfig,
    known: &Known<'_>,
    mut emit: E,
) -> anyhow::Result<()>
where
    E: FnMut(usize, &Input, Outcome) -> anyhow::Result<()>,
{
    let jobs = config.jobs.max(1).min(inputs.len().max(1));
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, Outcome)>();
    let mut result = Ok(());
    std::thread::scope(|scope| {
        for slot in 0..jobs {
            let tx = tx.clone();
            let (next, stop) = (&next, &stop);
            let spawned = std::thread::Builder::new()
                .name(format!("yusuan-slot-{slot}"))
                .spawn_scoped(scope, move || {
                    let mut worker: Option<Worker> = None;
                    loop {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(input) = inputs.get(i) else { break };
                        let output = known.outputs.get(i).and_then(Option::as_deref);
                        let outcome = run_input(i, input, config, known, output, &mut worker);
                        if tx.send((i, outcome)).is_err() {
                            break;
                        }
                    }
                    if let Some(w) = worker {
                        w.close();
                    }
                });
            if let Err(e) = spawned {
                tracing::error!("cannot start batch slot {slot}: {e}");
            }
        }
        drop(tx);
        // Reorder: keep finished results until every earlier one is out.
        let mut pending: BTreeMap<usize, Outcome> = BTreeMap::new();
        let mut next_out = 0usize;
        for (i, outcome) in rx.iter() {
            pending.insert(i, outcome);
            while let Some(outcome) = pending.remove(&next_out) {
                if result.is_ok()
                    && let Some(input) = inputs.get(next_out)
                    && let Err(e) = emit(next_out, input, outcome)
                {
                    stop.store(true, Ordering::Relaxed);
                    result = Err(e);
                }
                next_out += 1;
            }
        }
    });
    result
}

/// The key of an input in the state database: its path as expanded
/// (`source.path`), so that two names of one file (a symbolic link) are two
/// inputs with two outputs.
pub(crate) fn state_key(input: &Input) -> &str {
    &input.display
}

fn run_input(
    index: usize,
    input: &Input,
    config: &BatchConfig,
    known: &Known<'_>,
    output: Option<&str>,
    worker: &mut Option<Worker>,
) -> Outcome {
    let start = Instant::now();
    let fail = |stage: Stage, message: String| Outcome::Failed {
        record: ErrorRecord::new(input.display.clone(), None, stage, message),
        cause: None,
        timings: Vec::new(),
        elapsed: start.elapsed(),
    };
    if let Some(why) = &input.missing {
        return fail(Stage::Input, why.clone());
    }
    let prior = known.prior.get(state_key(input));
    if let Some(kept) = kept(input, prior, output, config.retry_failed) {
        return kept;
    }
    match config.isolation {
        Isolation::Process => {
            if worker.is_none() {
                match Worker::spawn(config.max_memory) {
                    Ok(w) => *worker = Some(w),
                    Err(e) => {
                        return fail(Stage::Input, format!("cannot start a worker process: {e}"));
                    }
                }
            }
            let Some(w) = worker.as_mut() else {
                return fail(Stage::Input, "no worker process".to_owned());
            };
            let (mut outcome, health) = w.run(input, config.timeout);
            if health == Health::Gone {
                // The next input gets a new worker.
                if let Some(w) = worker.take() {
                    w.close();
                }
                // The record names the file's sha256, so that --state keeps
                // the failure until the file changes.
                if let Outcome::Failed { record, .. } = &mut outcome
                    && record.source.sha256.is_none()
                    && let Ok(bytes) = std::fs::read(&input.path)
                {
                    record.source.sha256 = Some(sha256_hex(&bytes));
                }
            }
            outcome
        }
        Isolation::Thread => {
            let bytes = match std::fs::read(&input.path) {
                Ok(b) => b,
                Err(e) => return fail(Stage::Input, read_error(&e)),
            };
            let kind = sniff(&bytes);
            if input.origin == Origin::Found
                && !kind.is_readable()
                && !input.has_document_extension()
            {
                return Outcome::Skipped {
                    reason: not_readable_reason(kind, &bytes),
                };
            }
            let sha256 = sha256_hex(&bytes);
            run_isolated(index, input, bytes, sha256, config.timeout, start)
        }
    }
}

/// The earlier outcome of `input`, when it may be kept: same schema version,
/// same sha256, a success (or a failure that ended its worker, unless
/// `retry_failed`), written to the same output, and its bytes still there.
fn kept(
    input: &Input,
    prior: Option<&Prior>,
    output: Option<&str>,
    retry_failed: bool,
) -> Option<Outcome> {
    let prior = prior?;
    let output = output?;
    if prior.schema_version != yusuan_model::SCHEMA_VERSION {
        return None;
    }
    if !prior.ok && (prior.cause.is_none() || retry_failed) {
        return None;
    }
    let place = prior.output.as_ref()?;
    if place.output != output {
        return None;
    }
    let sha256 = prior.sha256.as_deref()?;
    let bytes = std::fs::read(&input.path).ok()?;
    if sha256_hex(&bytes) != sha256 {
        return None;
    }
    let earlier = place.read_verified()?;
    Some(Outcome::Unchanged {
        sha256: sha256.to_owned(),
        bytes: earlier,
        place: place.clone(),
        failed: (!prior.ok).then(|| prior.message.clone().unwrap_or_default()),
    })
}

/// Runs the pipeline in a thread of its own, under `catch_unwind`, and waits
/// at most `timeout` for it.
fn run_isolated(
    index: usize,
    input: &Input,
    bytes: Vec<u8>,
    sha256: String,
    timeout: Duration,
    start: Instant,
) -> Outcome {
    let probe = Arc::new(Probe::default());
    let (tx, rx) = mpsc::sync_channel(1);
    let path = input.display.clone();
    let sha = sha256.clone();
    let thread_probe = Arc::clone(&probe);
    let spawned = std::thread::Builder::new()
        .name(format!("{DOC_THREAD_PREFIX}{index}"))
        .stack_size(DOC_THREAD_STACK)
        .spawn(move || {
            let span = tracing::info_span!("document", path = %path);
            let _entered = span.enter();
            let result = catch_unwind(AssertUnwindSafe(|| {
                process_with(&path, &bytes, sha, &thread_probe, None, None)
            }));
            let result = result.map_err(|payload| panic_message(payload.as_ref()));
            // The receiver is gone when the document timed out; nobody waits.
            let _ = tx.send(result);
        });
    let failed = |stage: Stage, message: String, cause: Option<Cause>| Outcome::Failed {
        record: ErrorRecord::new(input.display.clone(), Some(sha256.clone()), stage, message),
        cause,
        timings: probe.timings(),
        elapsed: start.elapsed(),
    };
    if let Err(e) = spawned {
        return failed(Stage::Input, format!("cannot start a thread: {e}"), None);
    }
    // The limit grows by the OCR allowance once the document says how many
    // pages it reads by OCR.
    let (received, limit) = yusuan_pipeline::recv_within(&rx, timeout, start, &probe);
    match received {
        Ok(Ok(Ok(Processed { doc, coverage }))) => Outcome::Done {
            doc: Box::new(doc),
            coverage,
            timings: probe.timings(),
            elapsed: start.elapsed(),
        },
        Ok(Ok(Err(e))) => failed(e.stage, e.message, None),
        Ok(Err(panic)) => failed(probe.stage(), format!("panicked: {panic}"), None),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            tracing::warn!(
                path = %input.display,
                stage = stage_name(probe.stage()),
                "timed out; its thread is abandoned and keeps running"
            );
            failed(
                probe.stage(),
                timed_out_message(limit, timeout),
                Some(Cause::TimedOut),
            )
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => failed(
            probe.stage(),
            "the document's thread ended without a result".to_owned(),
            None,
        ),
    }
}

/// Name prefix of document threads; the panic hook keeps their panics quiet.
pub(crate) const DOC_THREAD_PREFIX: &str = "yusuan-doc-";

thread_local! {
    /// Where the last panic on this thread happened, set by the panic hook.
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs a panic hook that keeps panics in document threads off stderr
/// (they become error records; the location is logged at debug level and kept
/// for the record's message) and leaves other panics to the default hook.
pub(crate) fn install_quiet_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_doc = std::thread::current()
            .name()
            .is_some_and(|n| n.starts_with(DOC_THREAD_PREFIX));
        if in_doc {
            let location = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
            tracing::debug!(
                location = ?location,
                "panic in a document thread: {}",
                info.payload_as_str().unwrap_or("(no message)")
            );
            PANIC_LOCATION.with(|p| *p.borrow_mut() = location);
        } else {
            default(info);
        }
    }));
}

/// The text of a panic payload, with its location when the hook saw it.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    let text = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_owned()
    };
    match PANIC_LOCATION.with(|p| p.borrow_mut().take()) {
        Some(location) => format!("{text} (at {location})"),
        None => text,
    }
}
