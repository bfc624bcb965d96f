//! The `--state` database: what each input's last run gave and where its
//! output went, so that nightly runs redo only new, changed or failed inputs
//! and keep the output of the others.
//!
//! SQLite in WAL mode, one transaction per finished document, written in
//! output order right after the document's output. A row is keyed by the
//! input's path as expanded (`source.path`) and holds the file's identity
//! (device, inode, size, mtime), its sha256, the outcome, and the output
//! bytes' place: the output file, the file they are in now (a temporary file
//! until a single-file output is renamed into place), offset, length and
//! sha256. An input counts as unchanged only when those bytes are still there
//! with that sha256, so a killed run, a deleted output or a state from another
//! output directory never makes an input's output go missing: the input is
//! simply processed again.

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use rusqlite::{Connection, OptionalExtension, params};

use crate::input::sha256_hex;

/// Version of the database layout below, kept in `meta`. Format 1 (keyed by
/// canonical path, no output columns) is replaced on open: its inputs are
/// processed once more.
const STATE_FORMAT: &str = "2";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS inputs (
    key            TEXT PRIMARY KEY,  -- the input path as expanded (source.path)
    dev            INTEGER,           -- file identity when last run
    ino            INTEGER,
    size           INTEGER,
    mtime_ns       INTEGER,
    sha256         TEXT,              -- NULL when the file could not be read
    schema_version TEXT NOT NULL,
    outcome        TEXT NOT NULL,     -- 'ok' | 'failed'
    stage          TEXT,              -- failed: the stage
    message        TEXT,              -- failed: the error message
    cause          TEXT,              -- failed by ending its worker: 'out of memory', 'aborted', 'crashed', 'timed out'
    output         TEXT,              -- the output file (NULL: stdout)
    output_file    TEXT,              -- where the output bytes are now
    output_offset  INTEGER,
    output_len     INTEGER,
    output_sha256  TEXT,
    pages          INTEGER NOT NULL,
    missing_pages  INTEGER NOT NULL,
    no_text_pages  TEXT,              -- e.g. '1-8' (pages without a text layer)
    tables         INTEGER NOT NULL,
    findings       INTEGER NOT NULL,
    seconds        REAL NOT NULL,
    finished_at    TEXT NOT NULL      -- UTC, ISO 8601
);
";

/// An open state database.
pub(crate) struct State {
    conn: Connection,
}

/// What an input's earlier run left in the state database.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Prior {
    /// sha256 of the input then.
    pub(crate) sha256: Option<String>,
    /// Schema version of the output then.
    pub(crate) schema_version: String,
    /// Whether it succeeded.
    pub(crate) ok: bool,
    /// For a failure that ended its worker: the cause.
    pub(crate) cause: Option<String>,
    /// Its error message, when it failed.
    pub(crate) message: Option<String>,
    /// Where its output bytes were written.
    pub(crate) output: Option<Place>,
}

/// Where an input's output bytes are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Place {
    /// The output file they were written for.
    pub(crate) output: String,
    /// The file they are in now (the output, or a temporary file of a run
    /// that was killed before renaming it into place).
    pub(crate) file: String,
    /// Offset in `file`.
    pub(crate) offset: u64,
    /// Length.
    pub(crate) len: u64,
    /// sha256 of the bytes.
    pub(crate) sha256: String,
}

impl Place {
    /// The bytes, when they are still where the state says with their
    /// sha256 (looked for in `file`, then in `output`).
    pub(crate) fn read_verified(&self) -> Option<Vec<u8>> {
        let try_file = |path: &str| -> Option<Vec<u8>> {
            let mut file = std::fs::File::open(path).ok()?;
            file.seek(SeekFrom::Start(self.offset)).ok()?;
            let len = usize::try_from(self.len).ok()?;
            let mut bytes = vec![0u8; len];
            file.read_exact(&mut bytes).ok()?;
            (sha256_hex(&bytes) == self.sha256).then_some(bytes)
        };
        try_file(&self.file).or_else(|| try_file(&self.output))
    }
}

/// The identity of an input file, as the filesystem gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Identity {
    /// Device.
    pub(crate) dev: u64,
    /// Inode.
    pub(crate) ino: u64,
    /// Size in bytes.
    pub(crate) size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub(crate) mtime_ns: i64,
}

impl Identity {
    /// The identity of the file at `path` (following links).
    pub(crate) fn of(path: &Path) -> Option<Identity> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some(Identity {
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime_ns: m
                .mtime()
                .saturating_mul(1_000_000_000)
                .saturating_add(m.mtime_nsec()),
        })
    }
}

/// One finished input, as recorded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry<'a> {
    /// Key: the input path as expanded.
    pub(crate) key: &'a str,
    /// The file's identity, when it could be read.
    pub(crate) identity: Option<Identity>,
    /// sha256 of the input, if read.
    pub(crate) sha256: Option<&'a str>,
    /// `None` when it succeeded, else (stage, message).
    pub(crate) failure: Option<(&'a str, &'a str)>,
    /// For a failure that ended its worker: the cause.
    pub(crate) cause: Option<&'a str>,
    /// Where the output bytes went (`None`: stdout).
    pub(crate) place: Option<&'a Place>,
    /// Page count (0 when failed).
    pub(crate) pages: u32,
    /// Pages declared but not read.
    pub(crate) missing_pages: u32,
    /// Pages without a text layer, as a list ("1–8").
    pub(crate) no_text_pages: Option<&'a str>,
    /// Table count.
    pub(crate) tables: usize,
    /// Finding count.
    pub(crate) findings: usize,
    /// Wall time.
    pub(crate) elapsed: Duration,
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl State {
    /// Opens (or creates) the database at `path`.
    pub(crate) fn open(path: &Path) -> anyhow::Result<State> {
        let conn = Connection::open(path)
            .with_context(|| format!("cannot open state database {}", path.display()))?;
        // WAL: readers (a report query during the run) never block the writer,
        // and a crash leaves the last committed transaction intact.
        conn.pragma_update(None, "journal_mode", "WAL")
            .with_context(|| format!("{} is not a yusuan state database", path.display()))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
        )
        .with_context(|| format!("{} is not a yusuan state database", path.display()))?;
        let format: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'format'", [], |r| {
                r.get(0)
            })
            .optional()?;
        match format.as_deref() {
            None => {}
            Some(STATE_FORMAT) => {}
            Some("1") => {
                tracing::warn!(
                    "state database {} has the old format 1 (keyed by canonical path, \
                     without output places); it is replaced, so every input is processed once more",
                    path.display()
                );
                conn.execute_batch("DROP TABLE IF EXISTS inputs;")?;
            }
            Some(other) => anyhow::bail!(
                "state database {} has format {other}, this yusuan writes format {STATE_FORMAT}; \
                 use a new file",
                path.display()
            ),
        }
        conn.execute_batch(SCHEMA)
            .with_context(|| format!("{} is not a yusuan state database", path.display()))?;
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('format', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![STATE_FORMAT],
        )?;
        Ok(State { conn })
    }

    /// Every input's last run, by key.
    pub(crate) fn load(&self) -> anyhow::Result<BTreeMap<String, Prior>> {
        let mut stmt = self.conn.prepare(
            "SELECT key, sha256, schema_version, outcome, cause, message, output, output_file,
                    output_offset, output_len, output_sha256
             FROM inputs",
        )?;
        let rows = stmt.query_map([], |r| {
            let key: String = r.get(0)?;
            let outcome: String = r.get(3)?;
            let output: Option<String> = r.get(6)?;
            let file: Option<String> = r.get(7)?;
            let offset: Option<i64> = r.get(8)?;
            let len: Option<i64> = r.get(9)?;
            let sha: Option<String> = r.get(10)?;
            let place = match (output, file, offset, len, sha) {
                (Some(output), Some(file), Some(offset), Some(len), Some(sha256)) => Some(Place {
                    output,
                    file,
                    offset: u64::try_from(offset).unwrap_or(0),
                    len: u64::try_from(len).unwrap_or(0),
                    sha256,
                }),
                _ => None,
            };
            Ok((
                key,
                Prior {
                    sha256: r.get(1)?,
                    schema_version: r.get(2)?,
                    ok: outcome == "ok",
                    cause: r.get(4)?,
                    message: r.get(5)?,
                    output: place,
                },
            ))
        })?;
        let mut map = BTreeMap::new();
        for row in rows {
            let (key, prior) = row?;
            map.insert(key, prior);
        }
        Ok(map)
    }

    /// Records one finished input, in its own transaction.
    pub(crate) fn record(&mut self, entry: &Entry<'_>) -> anyhow::Result<()> {
        let tx = self.conn.transaction()?;
        let (outcome, stage, message) = match entry.failure {
            None => ("ok", None, None),
            Some((stage, message)) => ("failed", Some(stage), Some(message)),
        };
        let id = entry.identity;
        let place = entry.place;
        tx.execute(
            "INSERT INTO inputs (key, dev, ino, size, mtime_ns, sha256, schema_version, outcome,
                                 stage, message, cause, output, output_file, output_offset,
                                 output_len, output_sha256, pages, missing_pages, no_text_pages,
                                 tables, findings, seconds, finished_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18, ?19, ?20, ?21, ?22, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
             ON CONFLICT (key) DO UPDATE SET
                dev = excluded.dev, ino = excluded.ino, size = excluded.size,
                mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256,
                schema_version = excluded.schema_version, outcome = excluded.outcome,
                stage = excluded.stage, message = excluded.message, cause = excluded.cause,
                output = excluded.output, output_file = excluded.output_file,
                output_offset = excluded.output_offset, output_len = excluded.output_len,
                output_sha256 = excluded.output_sha256, pages = excluded.pages,
                missing_pages = excluded.missing_pages, no_text_pages = excluded.no_text_pages,
                tables = excluded.tables, findings = excluded.findings,
                seconds = excluded.seconds, finished_at = excluded.finished_at",
            params![
                entry.key,
                id.map(|i| to_i64(i.dev)),
                id.map(|i| to_i64(i.ino)),
                id.map(|i| to_i64(i.size)),
                id.map(|i| i.mtime_ns),
                entry.sha256,
                yusuan_model::SCHEMA_VERSION,
                outcome,
                stage,
                message,
                entry.cause,
                place.map(|p| p.output.as_str()),
                place.map(|p| p.file.as_str()),
                place.map(|p| to_i64(p.offset)),
                place.map(|p| to_i64(p.len)),
                place.map(|p| p.sha256.as_str()),
                entry.pages,
                entry.missing_pages,
                entry.no_text_pages,
                i64::try_from(entry.tables).unwrap_or(i64::MAX),
                i64::try_from(entry.findings).unwrap_or(i64::MAX),
                entry.elapsed.as_secs_f64(),
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// An unchanged input whose earlier output was kept: its new place and
    /// identity; the rest of its row stays.
    pub(crate) fn keep(
        &mut self,
        key: &str,
        identity: Option<Identity>,
        place: &Place,
    ) -> anyhow::Result<()> {
        self.conn.execute(
            "UPDATE inputs SET dev = ?2, ino = ?3, size = ?4, mtime_ns = ?5, output = ?6,
                    output_file = ?7, output_offset = ?8, output_len = ?9, output_sha256 = ?10
             WHERE key = ?1",
            params![
                key,
                identity.map(|i| to_i64(i.dev)),
                identity.map(|i| to_i64(i.ino)),
                identity.map(|i| to_i64(i.size)),
                identity.map(|i| i.mtime_ns),
                place.output,
                place.file,
                to_i64(place.offset),
                to_i64(place.len),
                place.sha256,
            ],
        )?;
        Ok(())
    }

    /// After a temporary output file was renamed to `output`: the rows whose
    /// bytes were in `temp` now point at `output`.
    pub(crate) fn moved(&mut self, temp: &str, output: &str) -> anyhow::Result<()> {
        self.conn.execute(
            "UPDATE inputs SET output_file = ?2 WHERE output_file = ?1",
            params![temp, output],
        )?;
        Ok(())
    }

    /// `PRAGMA integrity_check` (for tests): "ok" when the file is sound.
    #[cfg(test)]
    pub(crate) fn integrity(&self) -> anyhow::Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(place: Option<&'a Place>) -> Entry<'a> {
        Entry {
            key: "in/a.pdf",
            identity: None,
            sha256: Some("aa"),
            failure: Some(("pdf", "broken")),
            cause: None,
            place,
            pages: 0,
            missing_pages: 0,
            no_text_pages: None,
            tables: 0,
            findings: 0,
            elapsed: Duration::from_millis(5),
        }
    }

    #[test]
    fn records_survive_reopening_and_update_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let mut state = State::open(&path).unwrap();
        state.record(&entry(None)).unwrap();
        let loaded = state.load().unwrap();
        assert_eq!(loaded.get("in/a.pdf").map(|p| p.ok), Some(false));
        let place = Place {
            output: "out/a.pdf.json".into(),
            file: "out/.tmp".into(),
            offset: 3,
            len: 4,
            sha256: "bb".into(),
        };
        state
            .record(&Entry {
                failure: None,
                pages: 3,
                ..entry(Some(&place))
            })
            .unwrap();
        state.moved("out/.tmp", "out/a.pdf.json").unwrap();
        drop(state);
        let state = State::open(&path).unwrap();
        assert_eq!(state.integrity().unwrap(), "ok");
        let loaded = state.load().unwrap();
        assert_eq!(loaded.len(), 1);
        let prior = loaded.get("in/a.pdf").unwrap();
        assert!(prior.ok);
        assert_eq!(prior.sha256.as_deref(), Some("aa"));
        assert_eq!(prior.schema_version, yusuan_model::SCHEMA_VERSION);
        let kept = prior.output.as_ref().unwrap();
        assert_eq!(kept.file, "out/a.pdf.json");
        assert_eq!((kept.offset, kept.len), (3, 4));
    }

    #[test]
    fn places_verify_their_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("all.jsonl");
        std::fs::write(&file, b"head\nline\ntail").unwrap();
        let mut place = Place {
            output: file.to_string_lossy().into_owned(),
            file: dir.path().join("gone").to_string_lossy().into_owned(),
            offset: 5,
            len: 5,
            sha256: sha256_hex(b"line\n"),
        };
        assert_eq!(place.read_verified().as_deref(), Some(&b"line\n"[..]));
        place.offset = 4;
        assert_eq!(place.read_verified(), None, "other bytes, other sha256");
        place.offset = 12;
        assert_eq!(place.read_verified(), None, "past the end");
    }

    #[test]
    fn a_foreign_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("not-a-db");
        std::fs::write(
            &path,
            b"this is not sqlite, just some text that is long enough",
        )
        .unwrap();
        assert!(State::open(&path).is_err());
    }
}
