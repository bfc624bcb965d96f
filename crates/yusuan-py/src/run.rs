//! Running documents for Python: each in a thread of its own with a time
//! limit, many on `jobs` worker threads, results tagged with their index.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use yusuan_export::{Export, ExportOptions, export_document, export_error};
use yusuan_model::{Document, ErrorRecord, Stage};
use yusuan_pipeline::{PipelineOptions, Probe, process_with, sha256_hex};

/// Stack of a document thread: parsers of nested PDF objects and XML
/// recurse (as in the CLI).
const DOC_THREAD_STACK: usize = 16 * 1024 * 1024;

/// One input: a file, or bytes with a name for `source.path`.
pub(crate) enum Input {
    /// A file; `name` overrides the path recorded in `source.path`.
    Path {
        /// What `source.path` says; the path as given when `None`.
        name: Option<String>,
        /// The file.
        path: PathBuf,
    },
    /// Bytes in memory.
    Bytes {
        /// What `source.path` says.
        name: String,
        /// The content.
        bytes: Vec<u8>,
    },
}

/// A Document, or the error record in its place.
pub(crate) enum Outcome {
    /// Processed.
    Done(Box<Document>),
    /// Failed at a stage.
    Failed(ErrorRecord),
}

impl Outcome {
    /// The JSON text the CLI would print for it.
    pub(crate) fn to_json(&self) -> Result<String, serde_json::Error> {
        match self {
            Outcome::Done(doc) => serde_json::to_string(doc),
            Outcome::Failed(rec) => serde_json::to_string(rec),
        }
    }
}

/// The rows of an outcome in every record table.
pub(crate) fn rows_of(outcome: &Outcome) -> Result<Export, yusuan_export::Error> {
    match outcome {
        Outcome::Done(doc) => export_document(doc, &ExportOptions::default()),
        Outcome::Failed(rec) => export_error(rec),
    }
}

/// Runs one input to its outcome; `timeout` bounds the pipeline's time
/// (reading the file is not counted).
pub(crate) fn run_one(input: Input, timeout: Option<Duration>) -> Outcome {
    let (name, bytes) = match input {
        Input::Bytes { name, bytes } => (name, bytes),
        Input::Path { name, path } => {
            let shown = name.unwrap_or_else(|| path.to_string_lossy().into_owned());
            match std::fs::read(&path) {
                Ok(b) => (shown, b),
                Err(e) => {
                    return Outcome::Failed(ErrorRecord::new(
                        shown,
                        None,
                        Stage::Input,
                        format!("cannot read file: {e}"),
                    ));
                }
            }
        }
    };
    let sha256 = sha256_hex(&bytes);
    let probe = Arc::new(Probe::default());
    let (tx, rx) = mpsc::sync_channel(1);
    let (thread_name, thread_sha, thread_probe) =
        (name.clone(), sha256.clone(), Arc::clone(&probe));
    let spawned = std::thread::Builder::new()
        .name("yusuan-doc".to_owned())
        .stack_size(DOC_THREAD_STACK)
        .spawn(move || {
            let result = catch_unwind(AssertUnwindSafe(|| {
                process_with(
                    &thread_name,
                    &bytes,
                    thread_sha,
                    &thread_probe,
                    &PipelineOptions::default(),
                )
            }));
            // Nobody listens when the document timed out.
            let _ = tx.send(result);
        });
    let failed = |stage: Stage, message: String| {
        Outcome::Failed(ErrorRecord::new(
            name.clone(),
            Some(sha256.clone()),
            stage,
            message,
        ))
    };
    if let Err(e) = spawned {
        return failed(Stage::Input, format!("cannot start a thread: {e}"));
    }
    // As in the CLI, a document gets OCR_PAGE_ALLOWANCE more per page it
    // reads by OCR, once it says how many.
    let start = std::time::Instant::now();
    let received = match timeout {
        Some(t) => {
            let (got, _) = yusuan_pipeline::recv_within(&rx, t, start, &probe);
            got.map_err(|e| match e {
                mpsc::RecvTimeoutError::Timeout => true,
                mpsc::RecvTimeoutError::Disconnected => false,
            })
        }
        None => rx.recv().map_err(|_| false),
    };
    match received {
        Ok(Ok(Ok(processed))) => Outcome::Done(Box::new(processed.doc)),
        Ok(Ok(Err(e))) => failed(e.stage, e.message),
        Ok(Err(panic)) => {
            let text = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic payload".to_owned());
            failed(probe.stage(), format!("panicked: {text}"))
        }
        Err(true) => failed(
            probe.stage(),
            format!(
                "timed out after {} s",
                start.elapsed().as_secs_f64().round()
            ),
        ),
        Err(false) => failed(
            probe.stage(),
            "the document's thread ended without a result".to_owned(),
        ),
    }
}

/// Runs `inputs` on `jobs` threads (default: the machine's cores), taking
/// them in order from a shared counter; each result is sent with its index
/// as soon as it is done. The threads end when every input is done or the
/// receiver is dropped.
pub(crate) fn run_many(
    inputs: Arc<Vec<Input>>,
    jobs: Option<usize>,
    timeout: Option<Duration>,
) -> Receiver<(usize, Outcome)> {
    let jobs = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, inputs.len().max(1));
    let next = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel();
    for _ in 0..jobs {
        let (inputs, next, tx) = (Arc::clone(&inputs), Arc::clone(&next), tx.clone());
        let worker = move || {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = inputs.get(i) else { break };
                let outcome = run_one(input.clone_input(), timeout);
                if tx.send((i, outcome)).is_err() {
                    break;
                }
            }
        };
        // A worker that cannot start leaves its share to the others; with
        // none started, the receiver sees the channel closed.
        let _ = std::thread::Builder::new()
            .name("yusuan-worker".to_owned())
            .spawn(worker);
    }
    rx
}

impl Input {
    fn clone_input(&self) -> Input {
        match self {
            Input::Path { name, path } => Input::Path {
                name: name.clone(),
                path: path.clone(),
            },
            Input::Bytes { name, bytes } => Input::Bytes {
                name: name.clone(),
                bytes: bytes.clone(),
            },
        }
    }
}
