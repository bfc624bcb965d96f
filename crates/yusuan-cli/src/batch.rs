//! Running the pipeline over many inputs: in parallel, isolated, in order.
//!
//! Documents run on a local rayon pool of `-j` workers that take inputs in
//! order from a shared counter. Each document runs in a thread of its own
//! under `catch_unwind`, and its worker waits for it with the time limit; a
//! document past the limit becomes an error record and its thread is
//! abandoned (Rust cannot kill a thread; it ends with the process). Results
//! are handed to the caller strictly in input order, as soon as every earlier
//! input is done, whatever `-j` is.

use std::any::Any;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use yusuan_model::{Document, ErrorRecord, Stage};

use crate::input::{Input, Kind, Origin, sha256_hex, sniff};
use crate::pipeline::{Probe, process_with, stage_name};

/// What the batch needs to know besides the inputs.
#[derive(Debug, Clone)]
pub(crate) struct BatchConfig {
    /// Worker count, at least 1.
    pub(crate) jobs: usize,
    /// Time limit per document.
    pub(crate) timeout: Duration,
}

/// What an input's earlier run left in the state database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Prior {
    /// sha256 of the input then.
    pub(crate) sha256: Option<String>,
    /// Schema version of the output then.
    pub(crate) schema_version: String,
    /// Whether it succeeded.
    pub(crate) ok: bool,
}

/// The result of one input.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// A Document.
    Done {
        /// The document.
        doc: Box<Document>,
        /// Time per stage.
        timings: Vec<(Stage, Duration)>,
        /// Wall time of the document.
        elapsed: Duration,
    },
    /// An error record in place of the Document.
    Failed {
        /// The record.
        record: ErrorRecord,
        /// Time per finished stage.
        timings: Vec<(Stage, Duration)>,
        /// Wall time until the failure (or the time limit).
        elapsed: Duration,
    },
    /// Found in a directory and neither PDF, DOCX nor a workbook.
    Skipped,
    /// Same sha256 and schema version as a previous successful run.
    Unchanged {
        /// The input's sha256.
        sha256: String,
    },
}

/// Stack for document threads: parsers of nested PDF objects and XML recurse.
const DOC_THREAD_STACK: usize = 16 * 1024 * 1024;

/// Runs every input and calls `emit(index, input, outcome)` in input order.
/// `prior` maps a state key (see [`state_key`]) to its earlier run. When
/// `emit` fails, no new inputs are started and the error is returned once the
/// running ones end.
pub(crate) fn run_batch<E>(
    inputs: &[Input],
    config: &BatchConfig,
    prior: &BTreeMap<String, Prior>,
    mut emit: E,
) -> anyhow::Result<()>
where
    E: FnMut(usize, &Input, Outcome) -> anyhow::Result<()>,
{
    let jobs = config.jobs.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("yusuan-worker-{i}"))
        .build()?;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, Outcome)>();
    let mut result = Ok(());
    std::thread::scope(|scope| {
        scope.spawn(|| {
            pool.scope(|s| {
                for _ in 0..jobs {
                    let tx = tx.clone();
                    let (next, stop) = (&next, &stop);
                    s.spawn(move |_| {
                        loop {
                            if stop.load(Ordering::Relaxed) {
                                break;
                            }
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(input) = inputs.get(i) else { break };
                            let outcome = run_input(i, input, config, prior);
                            if tx.send((i, outcome)).is_err() {
                                break;
                            }
                        }
                    });
                }
            });
            drop(tx);
        });
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

/// The key of an input in the state database: its absolute path when it can
/// be resolved, so runs from other directories agree.
pub(crate) fn state_key(input: &Input) -> String {
    input
        .path
        .canonicalize()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| input.display.clone())
}

fn run_input(
    index: usize,
    input: &Input,
    config: &BatchConfig,
    prior: &BTreeMap<String, Prior>,
) -> Outcome {
    let start = Instant::now();
    let fail = |sha: Option<String>, stage: Stage, message: String| Outcome::Failed {
        record: ErrorRecord::new(input.display.clone(), sha, stage, message),
        timings: Vec::new(),
        elapsed: start.elapsed(),
    };
    if let Some(why) = &input.missing {
        return fail(None, Stage::Input, why.clone());
    }
    let bytes = match std::fs::read(&input.path) {
        Ok(b) => b,
        Err(e) => return fail(None, Stage::Input, format!("cannot read file: {e}")),
    };
    let sha256 = sha256_hex(&bytes);
    if !prior.is_empty()
        && let Some(p) = prior.get(&state_key(input))
        && p.ok
        && p.sha256.as_deref() == Some(sha256.as_str())
        && p.schema_version == yusuan_model::SCHEMA_VERSION
    {
        return Outcome::Unchanged { sha256 };
    }
    if input.origin == Origin::Found
        && sniff(&bytes) == Kind::Other
        && !input.has_document_extension()
    {
        return Outcome::Skipped;
    }
    run_isolated(index, input, bytes, sha256, config.timeout, start)
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
                process_with(&path, &bytes, sha, &thread_probe)
            }));
            let result = result.map_err(|payload| panic_message(payload.as_ref()));
            // The receiver is gone when the document timed out; nobody waits.
            let _ = tx.send(result);
        });
    let failed = |stage: Stage, message: String| Outcome::Failed {
        record: ErrorRecord::new(input.display.clone(), Some(sha256.clone()), stage, message),
        timings: probe.timings(),
        elapsed: start.elapsed(),
    };
    if let Err(e) = spawned {
        return failed(Stage::Input, format!("cannot start a thread: {e}"));
    }
    match rx.recv_timeout(timeout) {
        Ok(Ok(Ok(doc))) => Outcome::Done {
            doc: Box::new(doc),
            timings: probe.timings(),
            elapsed: start.elapsed(),
        },
        Ok(Ok(Err(e))) => failed(e.stage, e.message),
        Ok(Err(panic)) => failed(probe.stage(), format!("panicked: {panic}")),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            tracing::warn!(
                path = %input.display,
                stage = stage_name(probe.stage()),
                "timed out; its thread is abandoned and keeps running"
            );
            failed(
                probe.stage(),
                format!("timed out after {} s", timeout.as_secs()),
            )
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => failed(
            probe.stage(),
            "the document's thread ended without a result".to_owned(),
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

fn panic_message(payload: &(dyn Any + Send)) -> String {
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
