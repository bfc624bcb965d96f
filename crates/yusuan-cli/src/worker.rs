//! Worker processes: the batch runs each document in a child process of the
//! same binary (`yusuan worker`, hidden), so that a file that exhausts
//! memory, aborts or hangs ends that process and not the batch.
//!
//! The protocol is line-delimited JSON over the child's stdin and stdout. The
//! parent writes one [`Request`] per document; the child answers with
//! [`Message::Stage`] lines as the document enters each stage, then one
//! result line (`Done`, `Failed` or `Skipped`). The child's stderr (its log
//! lines) is passed on to the parent's stderr, and its last lines are kept to
//! tell an allocation failure from another abort.
//!
//! The child limits its own address space with `setrlimit(RLIMIT_AS)` (the
//! `rlimit` crate: the workspace forbids `unsafe`, and setting the limit in
//! the child itself needs no `pre_exec`). An allocation past the limit fails,
//! Rust's allocation error handler prints "memory allocation of N bytes
//! failed" and aborts; the parent reads that from the tail of stderr and
//! records "out of memory". The child also ends when its parent is gone
//! (checked every second), so a killed batch leaves no worker behind.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use yusuan_model::{ErrorRecord, Stage};

use crate::batch::{Cause, DOC_THREAD_PREFIX, DOC_THREAD_STACK, Outcome, panic_message};
use crate::input::{Input, Origin, not_readable_reason, sha256_hex, sniff};
use crate::pipeline::{Probe, Processed, process_with, stage_name};
use yusuan_pipeline::OCR_PAGE_ALLOWANCE;

/// One document for a worker.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Request {
    /// The file to read, as raw bytes of the path (paths need not be UTF-8).
    path: Vec<u8>,
    /// `source.path`.
    display: String,
    /// Found in a directory or by a glob (skipped when not a document).
    found: bool,
    /// Its name ends in .pdf, .docx or .doc.
    document_extension: bool,
}

/// What a worker says about the document it runs.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Message {
    /// It entered this stage.
    Stage(Stage),
    /// It is about to read this many pages by OCR (the batch extends the
    /// time limit by `OCR_PAGE_ALLOWANCE` per page).
    Ocr(u32),
    /// A Document.
    Done {
        /// The Document and its coverage.
        processed: Box<Processed>,
        /// Seconds per finished stage.
        timings: Vec<(Stage, f64)>,
    },
    /// An error record.
    Failed {
        /// The input's sha256, if it was read.
        sha256: Option<String>,
        /// The stage.
        stage: Stage,
        /// The reason.
        message: String,
        /// Seconds per finished stage.
        timings: Vec<(Stage, f64)>,
    },
    /// Found in a directory and not a document.
    Skipped {
        /// What it is.
        reason: String,
    },
}

/// How often a worker checks that its parent is still there.
const PARENT_CHECK: Duration = Duration::from_secs(1);

/// Lines of a worker's stderr kept to explain its death.
const STDERR_TAIL: usize = 32;

/// The child side: `yusuan worker`. Reads requests until stdin closes.
pub(crate) fn run_worker(max_memory: u64) -> ExitCode {
    if max_memory > 0
        && let Err(e) = rlimit::setrlimit(rlimit::Resource::AS, max_memory, max_memory)
    {
        eprintln!("warning: worker cannot limit its memory: {e}");
    }
    let parent = std::os::unix::process::parent_id();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(PARENT_CHECK);
            if std::os::unix::process::parent_id() != parent {
                // The batch is gone (killed): nobody will read the result.
                std::process::exit(3);
            }
        }
    });
    // Documents run on a thread with a large stack (nested PDF objects and
    // XML recurse), named so that the panic hook keeps panics quiet.
    let main = std::thread::Builder::new()
        .name(format!("{DOC_THREAD_PREFIX}worker"))
        .stack_size(DOC_THREAD_STACK)
        .spawn(serve);
    match main.map(|h| h.join()) {
        Ok(Ok(Ok(()))) => ExitCode::SUCCESS,
        Ok(Ok(Err(e))) => {
            eprintln!("error: worker: {e:#}");
            ExitCode::from(1)
        }
        _ => ExitCode::from(1),
    }
}

fn serve() -> anyhow::Result<()> {
    let stdin = std::io::stdin().lock();
    for line in stdin.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let request: Request = serde_json::from_str(&line)?;
        let message = handle(&request);
        send(&message)?;
    }
    Ok(())
}

/// Writes one message line to stdout.
fn send(message: &Message) -> anyhow::Result<()> {
    let mut text = serde_json::to_vec(message)?;
    text.push(b'\n');
    let mut out = std::io::stdout().lock();
    out.write_all(&text)?;
    out.flush()?;
    Ok(())
}

fn handle(request: &Request) -> Message {
    let path = PathBuf::from(OsString::from_vec(request.path.clone()));
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            return Message::Failed {
                sha256: None,
                stage: Stage::Input,
                message: read_error(&e),
                timings: Vec::new(),
            };
        }
    };
    let kind = sniff(&bytes);
    if request.found && !kind.is_readable() && !request.document_extension {
        return Message::Skipped {
            reason: not_readable_reason(kind, &bytes),
        };
    }
    let sha256 = sha256_hex(&bytes);
    let span = tracing::info_span!("document", path = %request.display);
    let _entered = span.enter();
    let probe = Probe::default();
    let notify: yusuan_pipeline::StageHook = std::sync::Arc::new(|stage| {
        // A closed pipe means the parent is gone; the watchdog ends us.
        let _ = send(&Message::Stage(stage));
    });
    let ocr: yusuan_pipeline::OcrHook = std::sync::Arc::new(|pages| {
        let _ = send(&Message::Ocr(pages));
    });
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        process_with(
            &request.display,
            &bytes,
            sha256.clone(),
            &probe,
            Some(notify),
            Some(ocr),
        )
    }));
    let timings = seconds(&probe.timings());
    match result {
        Ok(Ok(processed)) => Message::Done {
            processed: Box::new(processed),
            timings,
        },
        Ok(Err(e)) => Message::Failed {
            sha256: Some(sha256),
            stage: e.stage,
            message: e.message,
            timings,
        },
        Err(payload) => Message::Failed {
            sha256: Some(sha256),
            stage: probe.stage(),
            message: format!("panicked: {}", panic_message(payload.as_ref())),
            timings,
        },
    }
}

/// The message of an input that cannot be read.
pub(crate) fn read_error(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        format!("cannot read file: it vanished after the inputs were listed ({e})")
    } else {
        format!("cannot read file: {e}")
    }
}

fn seconds(timings: &[(Stage, Duration)]) -> Vec<(Stage, f64)> {
    timings.iter().map(|(s, d)| (*s, d.as_secs_f64())).collect()
}

fn durations(timings: &[(Stage, f64)]) -> Vec<(Stage, Duration)> {
    timings
        .iter()
        .map(|(s, d)| (*s, Duration::try_from_secs_f64(*d).unwrap_or_default()))
        .collect()
}

/// What a worker's reader threads report.
enum Event {
    Message(Box<Message>),
    /// Stdout closed: the worker ended.
    Closed,
    /// A line that is not a message (a protocol error).
    Garbled(String),
}

/// Whether a worker can take the next document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Health {
    /// It answered.
    Alive,
    /// It died or was killed.
    Gone,
}

/// The parent side of one worker process.
pub(crate) struct Worker {
    child: Child,
    stdin: ChildStdin,
    events: Receiver<Event>,
    tail: Arc<Mutex<VecDeque<String>>>,
    max_memory: u64,
}

impl Worker {
    /// Starts `yusuan worker` (this same binary).
    pub(crate) fn spawn(max_memory: u64) -> anyhow::Result<Worker> {
        let exe = std::env::current_exe()?;
        let mut command = Command::new(exe);
        if crate::report::is_json() {
            command.args(["--log-format", "json"]);
        }
        let mut child = command
            .arg("worker")
            .arg("--max-memory-bytes")
            .arg(max_memory.to_string())
            .arg("--ocr")
            .arg(crate::pipeline::ocr_mode().as_str())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| anyhow::anyhow!("worker has no stdin"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| anyhow::anyhow!("worker has no stdout"))?;
        let stderr = child
            .stderr
            .take()
            .ok_or_else(|| anyhow::anyhow!("worker has no stderr"))?;
        let (tx, events) = mpsc::channel();
        std::thread::Builder::new()
            .name("yusuan-worker-out".into())
            .spawn(move || {
                let mut reader = BufReader::new(stdout);
                let mut line = Vec::new();
                loop {
                    line.clear();
                    match reader.read_until(b'\n', &mut line) {
                        Ok(0) | Err(_) => break,
                        Ok(_) => {
                            let event = match serde_json::from_slice::<Message>(&line) {
                                Ok(m) => Event::Message(Box::new(m)),
                                Err(e) => Event::Garbled(e.to_string()),
                            };
                            if tx.send(event).is_err() {
                                return;
                            }
                        }
                    }
                }
                let _ = tx.send(Event::Closed);
            })?;
        let tail = Arc::new(Mutex::new(VecDeque::new()));
        let tail_writer = Arc::clone(&tail);
        std::thread::Builder::new()
            .name("yusuan-worker-err".into())
            .spawn(move || {
                let reader = BufReader::new(stderr);
                for line in reader.split(b'\n') {
                    let Ok(line) = line else { break };
                    let text = String::from_utf8_lossy(&line).into_owned();
                    crate::report::eprint_text(&format!("{}\n", log_line(&text)));
                    if let Ok(mut t) = tail_writer.lock() {
                        if t.len() >= STDERR_TAIL {
                            t.pop_front();
                        }
                        t.push_back(text);
                    }
                }
            })?;
        Ok(Worker {
            child,
            stdin,
            events,
            tail,
            max_memory,
        })
    }

    /// Runs one input with a time limit. With [`Health::Gone`] the worker
    /// died or was killed and must be replaced; the outcome is then the
    /// input's error record.
    pub(crate) fn run(&mut self, input: &Input, timeout: Duration) -> (Outcome, Health) {
        let start = Instant::now();
        let request = Request {
            path: input.path.as_os_str().as_bytes().to_vec(),
            display: input.display.clone(),
            found: input.origin == Origin::Found,
            document_extension: input.has_document_extension(),
        };
        let failed = |stage: Stage, message: String, cause: Option<Cause>| Outcome::Failed {
            record: ErrorRecord::new(input.display.clone(), None, stage, message),
            cause,
            timings: Vec::new(),
            elapsed: start.elapsed(),
        };
        let sent = serde_json::to_vec(&request)
            .map_err(std::io::Error::other)
            .and_then(|mut line| {
                line.push(b'\n');
                self.stdin.write_all(&line)?;
                self.stdin.flush()
            });
        if let Err(e) = sent {
            return (
                failed(
                    Stage::Input,
                    format!("the worker process did not take the document: {e}"),
                    None,
                ),
                Health::Gone,
            );
        }
        let mut stage = Stage::Input;
        // The limit grows by OCR_PAGE_ALLOWANCE per page the document
        // reads by OCR, as the worker announces them.
        let mut limit = timeout;
        loop {
            let left = limit.saturating_sub(start.elapsed());
            match self.events.recv_timeout(left) {
                Ok(Event::Message(m)) => match *m {
                    Message::Stage(s) => stage = s,
                    Message::Ocr(pages) => limit = yusuan_pipeline::time_limit(timeout, pages),
                    Message::Done { processed, timings } => {
                        let Processed { doc, coverage } = *processed;
                        return (
                            Outcome::Done {
                                doc: Box::new(doc),
                                coverage,
                                timings: durations(&timings),
                                elapsed: start.elapsed(),
                            },
                            Health::Alive,
                        );
                    }
                    Message::Failed {
                        sha256,
                        stage,
                        message,
                        timings,
                    } => {
                        return (
                            Outcome::Failed {
                                record: ErrorRecord::new(
                                    input.display.clone(),
                                    sha256,
                                    stage,
                                    message,
                                ),
                                cause: None,
                                timings: durations(&timings),
                                elapsed: start.elapsed(),
                            },
                            Health::Alive,
                        );
                    }
                    Message::Skipped { reason } => {
                        return (Outcome::Skipped { reason }, Health::Alive);
                    }
                },
                Ok(Event::Garbled(e)) => {
                    self.kill();
                    return (
                        failed(
                            stage,
                            format!("the worker process sent an unreadable reply ({e})"),
                            Some(Cause::Crashed),
                        ),
                        Health::Gone,
                    );
                }
                Ok(Event::Closed) | Err(RecvTimeoutError::Disconnected) => {
                    let (cause, message) = self.death();
                    return (failed(stage, message, Some(cause)), Health::Gone);
                }
                Err(RecvTimeoutError::Timeout) => {
                    self.kill();
                    tracing::warn!(
                        path = %input.display,
                        stage = stage_name(stage),
                        "timed out; its worker process was killed"
                    );
                    return (
                        failed(
                            stage,
                            timed_out_message(limit, timeout),
                            Some(Cause::TimedOut),
                        ),
                        Health::Gone,
                    );
                }
            }
        }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Why the worker ended, from its exit status and its last stderr lines.
    fn death(&mut self) -> (Cause, String) {
        let status = self.child.wait();
        let tail: Vec<String> = self
            .tail
            .lock()
            .map(|t| t.iter().cloned().collect())
            .unwrap_or_default();
        let said = |needle: &str| tail.iter().any(|l| l.contains(needle));
        let limit = format!("{} MiB (--max-memory)", self.max_memory / (1024 * 1024));
        match status {
            Ok(status) => match status.signal() {
                Some(6) if said("memory allocation of") => (
                    Cause::OutOfMemory,
                    format!("out of memory: the document needed more than the worker's limit of {limit}"),
                ),
                Some(6) if said("has overflowed its stack") => (
                    Cause::Crashed,
                    "crashed: stack overflow (nesting too deep)".to_owned(),
                ),
                Some(6) => (
                    Cause::Aborted,
                    "aborted: the worker process ended with SIGABRT".to_owned(),
                ),
                Some(9) => (
                    Cause::OutOfMemory,
                    "killed: the worker process got SIGKILL from outside (the system's out-of-memory killer?)"
                        .to_owned(),
                ),
                Some(11) => (
                    Cause::Crashed,
                    "crashed: segmentation fault in the worker process".to_owned(),
                ),
                Some(sig) => (
                    Cause::Crashed,
                    format!("crashed: the worker process ended with signal {sig}"),
                ),
                None => (
                    Cause::Crashed,
                    format!(
                        "crashed: the worker process exited with status {}",
                        status.code().unwrap_or(-1)
                    ),
                ),
            },
            Err(e) => (Cause::Crashed, format!("crashed: the worker process was lost ({e})")),
        }
    }

    /// Closes its stdin and waits for it to end.
    pub(crate) fn close(mut self) {
        drop(self.stdin);
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => return,
                Ok(None) if Instant::now() >= deadline => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    return;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    }
}

/// A worker's stderr line as it goes to ours: its log lines are already in
/// our format; anything else (Rust's "memory allocation of N bytes failed",
/// a backtrace) becomes a warning event under `--log-format json`, so that
/// every line a log collector reads parses.
fn log_line(text: &str) -> String {
    if !crate::report::is_json() || text.trim_start().starts_with('{') {
        return text.to_owned();
    }
    serde_json::json!({
        "level": "WARN",
        "fields": { "message": text, "source": "worker stderr" },
    })
    .to_string()
}

/// The default memory limit of one worker: an even share of half the
/// machine's memory, between 512 MiB and 8 GiB (on a 24 GiB machine with
/// two workers: 6 GiB each).
pub(crate) fn default_max_memory(jobs: usize) -> u64 {
    const MIB: u64 = 1024 * 1024;
    let total = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|rest| {
                    rest.trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<u64>()
                        .ok()
                })
        })
        .map_or(8 * 1024 * MIB, |kib| kib.saturating_mul(1024));
    let jobs = u64::try_from(jobs.max(1)).unwrap_or(1);
    (total / 2 / jobs).clamp(512 * MIB, 8 * 1024 * MIB)
}

/// "timed out after 120 s", or with the OCR allowance "timed out after
/// 140 s (120 s and 10 s per page read by ocr)".
pub(crate) fn timed_out_message(limit: Duration, timeout: Duration) -> String {
    if limit > timeout {
        format!(
            "timed out after {} s ({} s and {} s per page read by ocr)",
            limit.as_secs(),
            timeout.as_secs(),
            OCR_PAGE_ALLOWANCE.as_secs()
        )
    } else {
        format!("timed out after {} s", timeout.as_secs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip() {
        let m = Message::Skipped {
            reason: "an html page, not a pdf, docx or workbook".into(),
        };
        let line = serde_json::to_string(&m).unwrap();
        assert!(!line.contains('\n'));
        match serde_json::from_str::<Message>(&line).unwrap() {
            Message::Skipped { reason } => assert!(reason.starts_with("an html page")),
            other => panic!("{other:?}"),
        }
        let path = OsString::from_vec(vec![b'a', 0xff, b'.', b'p', b'd', b'f']);
        let request = Request {
            path: path.as_bytes().to_vec(),
            display: "a.pdf".into(),
            found: true,
            document_extension: true,
        };
        let back: Request =
            serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
        assert_eq!(
            OsString::from_vec(back.path),
            path,
            "non-utf-8 paths survive"
        );
    }

    #[test]
    fn default_memory_is_bounded() {
        let one = default_max_memory(1);
        let many = default_max_memory(64);
        assert!(one >= many);
        assert!(many >= 512 * 1024 * 1024);
        assert!(one <= 8 * 1024 * 1024 * 1024);
    }
}
