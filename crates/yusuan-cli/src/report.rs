//! Progress bar, per-document log lines, `--timings`, and the closing
//! summary, all on stderr.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use yusuan_model::{Severity, Stage};

use crate::batch::Outcome;
use crate::input::Input;
use crate::pipeline::stage_name;

/// The progress bar, when one is shown; log lines are written around it.
static BAR: OnceLock<ProgressBar> = OnceLock::new();

/// Set by `--log-format json`: the closing summary is then a JSON line too,
/// so that everything a crawler reads on stderr parses.
static JSON_SUMMARY: AtomicBool = AtomicBool::new(false);

/// Makes the closing summary a JSON object (`--log-format json`).
pub(crate) fn set_json_summary(on: bool) {
    JSON_SUMMARY.store(on, Ordering::Relaxed);
}

/// Whether logs are JSON lines (worker processes are started the same way).
pub(crate) fn is_json() -> bool {
    JSON_SUMMARY.load(Ordering::Relaxed)
}

/// Writes `text` to stderr without tearing the progress bar.
pub(crate) fn eprint_text(text: &str) {
    let write = || {
        let mut err = std::io::stderr().lock();
        // Nothing sensible is left to do when stderr itself fails.
        let _ = err.write_all(text.as_bytes());
        let _ = err.flush();
    };
    match BAR.get() {
        Some(bar) if !bar.is_hidden() => bar.suspend(write),
        _ => write(),
    }
}

/// A `tracing` writer that sends each event to stderr around the progress
/// bar (tracing-subscriber makes one writer per event).
pub(crate) struct LogWriter(Vec<u8>);

impl LogWriter {
    /// A writer for one event.
    pub(crate) fn new() -> Self {
        LogWriter(Vec::new())
    }
}

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for LogWriter {
    fn drop(&mut self) {
        if !self.0.is_empty() {
            eprint_text(&String::from_utf8_lossy(&self.0));
        }
    }
}

/// Counters of a batch, for the summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Documents produced.
    pub(crate) ok: usize,
    /// Error records produced.
    pub(crate) failed: usize,
    /// Files found in a directory that are neither PDF, DOCX nor a workbook.
    pub(crate) skipped: usize,
    /// Inputs unchanged since their last successful run (`--state`).
    pub(crate) unchanged: usize,
    /// Pages of the documents produced.
    pub(crate) pages: u64,
    /// Tables of the documents produced.
    pub(crate) tables: usize,
    /// Findings of the documents produced.
    pub(crate) findings: usize,
    /// Of `findings`, those of severity error.
    pub(crate) errors: usize,
    /// Of `findings`, those of severity warning.
    pub(crate) warnings: usize,
    /// Of `ok`, documents mostly without a text layer (scans: at least half
    /// of their pages).
    pub(crate) no_text: usize,
    /// Of `ok`, documents with declared pages that could not be read.
    pub(crate) incomplete: usize,
    /// Of `failed`, failures kept from an earlier run (they ended their
    /// worker; `--retry-failed` tries them again).
    pub(crate) kept_failed: usize,
    /// Pages read by OCR (scanned pages).
    pub(crate) ocr_pages: u64,
    /// Milliseconds spent on documents with pages read by OCR.
    pub(crate) ocr_millis: u64,
}

/// Watches outcomes as they are emitted: counts them, moves the bar, logs
/// failures, prints timings.
pub(crate) struct Reporter {
    counts: Counts,
    start: Instant,
    bar: Option<ProgressBar>,
    timings: bool,
    slowest: Vec<(Duration, String)>,
}

/// How many files the `--timings` summary lists.
const SLOWEST_LISTED: usize = 10;

impl Reporter {
    /// A reporter for `total` inputs; the bar shows only when `progress` is
    /// asked for and stderr is a terminal.
    pub(crate) fn new(total: usize, progress: bool, timings: bool) -> Reporter {
        let bar = (progress && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(u64::try_from(total).unwrap_or(u64::MAX)),
                ProgressDrawTarget::stderr(),
            );
            let style = ProgressStyle::with_template(
                "{spinner} {elapsed_precise} [{bar:30}] {pos}/{len} files · {msg} · ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            // A second reporter in the same process (tests) keeps the first bar.
            let _ = BAR.set(bar.clone());
            bar
        });
        Reporter {
            counts: Counts::default(),
            start: Instant::now(),
            bar,
            timings,
            slowest: Vec::new(),
        }
    }

    /// Accounts for one outcome.
    pub(crate) fn observe(&mut self, input: &Input, outcome: &Outcome) {
        match outcome {
            Outcome::Done {
                doc,
                coverage,
                timings,
                elapsed,
            } => {
                self.counts.ok += 1;
                if coverage.is_scan() {
                    self.counts.no_text += 1;
                    tracing::warn!(
                        path = %input.display,
                        "{}: no text layer on {} (scanned images?)",
                        input.display,
                        crate::pipeline::pages_named(&coverage.no_text_pages)
                    );
                }
                if coverage.is_incomplete() {
                    self.counts.incomplete += 1;
                    tracing::warn!(
                        path = %input.display,
                        "{}: {} declared pages could not be read (see its warnings)",
                        input.display,
                        coverage.missing_pages
                    );
                }
                self.counts.pages += u64::from(doc.source.pages);
                if !doc.source.ocr_pages.is_empty() {
                    self.counts.ocr_pages += u64::try_from(doc.source.ocr_pages.len()).unwrap_or(0);
                    self.counts.ocr_millis +=
                        u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
                }
                self.counts.tables += doc.tables.len();
                self.counts.findings += doc.findings.len();
                let severity =
                    |s: Severity| doc.findings.iter().filter(|f| f.severity == s).count();
                self.counts.errors += severity(Severity::Error);
                self.counts.warnings += severity(Severity::Warning);
                tracing::info!(
                    path = %input.display,
                    pages = doc.source.pages,
                    tables = doc.tables.len(),
                    findings = doc.findings.len(),
                    seconds = elapsed.as_secs_f64(),
                    "done"
                );
                self.note_timings(input, timings, *elapsed, None);
            }
            Outcome::Failed {
                record,
                timings,
                elapsed,
                ..
            } => {
                self.counts.failed += 1;
                tracing::warn!(
                    path = %record.source.path,
                    stage = stage_name(record.error.stage),
                    "{}: {} failed: {}",
                    record.source.path,
                    stage_name(record.error.stage),
                    record.error.message
                );
                self.note_timings(input, timings, *elapsed, Some(record.error.stage));
            }
            Outcome::Skipped { reason } => {
                self.counts.skipped += 1;
                tracing::info!(path = %input.display, "skipped: {reason}");
            }
            Outcome::Unchanged {
                sha256,
                failed: None,
                ..
            } => {
                self.counts.unchanged += 1;
                tracing::info!(path = %input.display, sha256 = %sha256, "unchanged since the last run");
            }
            Outcome::Unchanged {
                failed: Some(message),
                ..
            } => {
                self.counts.failed += 1;
                self.counts.kept_failed += 1;
                tracing::warn!(
                    path = %input.display,
                    "{}: failed in an earlier run and not retried (--retry-failed): {message}",
                    input.display
                );
            }
        }
        if let Some(bar) = &self.bar {
            bar.inc(1);
            let secs = self.start.elapsed().as_secs_f64();
            let rate = if secs > 0.0 {
                self.counts.pages as f64 / secs
            } else {
                0.0
            };
            bar.set_message(format!(
                "{} pages · {rate:.0} pages/s · {} failed",
                self.counts.pages, self.counts.failed
            ));
        }
    }

    fn note_timings(
        &mut self,
        input: &Input,
        timings: &[(Stage, Duration)],
        elapsed: Duration,
        failed_in: Option<Stage>,
    ) {
        if !self.timings {
            return;
        }
        let parts: Vec<String> = timings
            .iter()
            .map(|(stage, d)| format!("{} {}", stage_name(*stage), format_duration(*d)))
            .collect();
        let failed = failed_in
            .map(|s| format!(" (failed in {})", stage_name(s)))
            .unwrap_or_default();
        eprint_text(&format!(
            "timings: {}: {} · total {}{failed}\n",
            input.display,
            parts.join(", "),
            format_duration(elapsed)
        ));
        self.slowest.push((elapsed, input.display.clone()));
    }

    /// Clears the bar and prints the closing summary.
    pub(crate) fn finish(mut self) -> Counts {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        let secs = self.start.elapsed().as_secs_f64();
        let rate = if secs > 0.0 {
            self.counts.pages as f64 / secs
        } else {
            0.0
        };
        let c = &self.counts;
        let mut text = String::new();
        if self.timings && !self.slowest.is_empty() {
            self.slowest
                .sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            text.push_str("slowest files:\n");
            for (d, path) in self.slowest.iter().take(SLOWEST_LISTED) {
                text.push_str(&format!("  {:>9}  {path}\n", format_duration(*d)));
            }
        }
        if JSON_SUMMARY.load(Ordering::Relaxed) {
            text.push_str(&summary_json(c, secs, rate));
        } else {
            text.push_str(&summary_line(c, secs, rate));
        }
        eprint_text(&text);
        self.counts
    }
}

/// The summary line; its shape is relied on by the integration tests (new
/// counts go after the findings).
fn summary_line(c: &Counts, secs: f64, rate: f64) -> String {
    let kept = if c.kept_failed > 0 {
        format!(
            " · {} failures kept from earlier runs (--retry-failed)",
            c.kept_failed
        )
    } else {
        String::new()
    };
    format!(
        "summary: {} documents: {} ok, {} failed, {} skipped, {} unchanged · {} pages, {} tables, \
         {} findings ({} errors, {} warnings, {} info) · {} without text, {} incomplete{kept} · \
         {secs:.1} s, {rate:.1} pages/s\n",
        c.ok + c.failed + c.skipped + c.unchanged,
        c.ok,
        c.failed,
        c.skipped,
        c.unchanged,
        c.pages,
        c.tables,
        c.findings,
        c.errors,
        c.warnings,
        c.findings.saturating_sub(c.errors + c.warnings),
        c.no_text,
        c.incomplete,
    ) + &ocr_line(c)
}

/// The scanned pages' share of the summary: how many were read by OCR and
/// how fast, per worker (time of the documents holding them). Empty when
/// there were none, so the summary of text files is unchanged.
fn ocr_line(c: &Counts) -> String {
    if c.ocr_pages == 0 {
        return String::new();
    }
    #[allow(clippy::cast_precision_loss)]
    let rate = c.ocr_pages as f64 / (c.ocr_millis.max(1) as f64 / 1000.0);
    format!(
        "         {} pages read by ocr, {rate:.2} scanned pages/s per worker\n",
        c.ocr_pages
    )
}

/// The summary as one JSON line, for `--log-format json`.
fn summary_json(c: &Counts, secs: f64, rate: f64) -> String {
    let value = serde_json::json!({
        "summary": {
            "documents": c.ok + c.failed + c.skipped + c.unchanged,
            "ok": c.ok,
            "failed": c.failed,
            "skipped": c.skipped,
            "unchanged": c.unchanged,
            "pages": c.pages,
            "tables": c.tables,
            "findings": c.findings,
            "errors": c.errors,
            "warnings": c.warnings,
            "info": c.findings.saturating_sub(c.errors + c.warnings),
            "no_text": c.no_text,
            "incomplete": c.incomplete,
            "kept_failed": c.kept_failed,
            "ocr_pages": c.ocr_pages,
            "seconds": (secs * 1000.0).round() / 1000.0,
            "pages_per_second": (rate * 10.0).round() / 10.0,
        }
    });
    format!("{value}\n")
}

fn format_duration(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line_counts_every_input() {
        let c = Counts {
            ok: 3,
            failed: 2,
            skipped: 1,
            unchanged: 4,
            pages: 90,
            tables: 12,
            findings: 5,
            errors: 1,
            warnings: 3,
            no_text: 1,
            incomplete: 2,
            kept_failed: 0,
            ocr_pages: 0,
            ocr_millis: 0,
        };
        assert_eq!(
            summary_line(&c, 2.0, 45.0),
            "summary: 10 documents: 3 ok, 2 failed, 1 skipped, 4 unchanged · 90 pages, 12 tables, \
             5 findings (1 errors, 3 warnings, 1 info) · 1 without text, 2 incomplete · \
             2.0 s, 45.0 pages/s\n"
        );
        let kept = Counts {
            kept_failed: 1,
            ..c
        };
        assert!(
            summary_line(&kept, 2.0, 45.0).contains(
                "2 incomplete · 1 failures kept from earlier runs (--retry-failed) · 2.0 s"
            )
        );
        let scanned = Counts {
            ocr_pages: 6,
            ocr_millis: 12_000,
            ..c
        };
        assert!(
            summary_line(&scanned, 2.0, 45.0).ends_with(
                "45.0 pages/s\n         6 pages read by ocr, 0.50 scanned pages/s per worker\n"
            ),
            "{}",
            summary_line(&scanned, 2.0, 45.0)
        );
    }

    #[test]
    fn json_summary_parses() {
        let c = Counts {
            ok: 2,
            failed: 1,
            findings: 4,
            errors: 1,
            ..Counts::default()
        };
        let line = summary_json(&c, 1.23456, 7.89);
        assert!(line.ends_with('\n') && !line.trim_end().contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["summary"]["documents"], 3);
        assert_eq!(v["summary"]["failed"], 1);
        assert_eq!(v["summary"]["info"], 3);
        assert_eq!(v["summary"]["seconds"], 1.235);
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(format_duration(Duration::from_micros(1500)), "1.5 ms");
        assert_eq!(format_duration(Duration::from_millis(2500)), "2.50 s");
    }
}
