//! The `--state` database: what each input's last run gave, so that nightly
//! runs redo only new, changed or failed inputs.
//!
//! SQLite in WAL mode, one transaction per finished document, written in
//! output order right after the document's output: a run killed midway leaves
//! every document it reported as done, and nothing it did not finish.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use rusqlite::{Connection, OptionalExtension, params};

use crate::batch::Prior;

/// Version of the database layout below, kept in `meta`.
const STATE_FORMAT: &str = "1";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS inputs (
    key            TEXT PRIMARY KEY,  -- absolute path of the input
    path           TEXT NOT NULL,     -- path as shown in the output
    sha256         TEXT,              -- null when the file could not be read
    schema_version TEXT NOT NULL,     -- output schema version of that run
    outcome        TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')),
    stage          TEXT,              -- failed: the stage
    message        TEXT,              -- failed: the reason
    pages          INTEGER,
    tables         INTEGER,
    findings       INTEGER,
    seconds        REAL NOT NULL,     -- wall time of the document
    finished_at    TEXT NOT NULL      -- UTC, ISO 8601
);
";

/// An open state database.
pub(crate) struct State {
    conn: Connection,
}

/// What is recorded for one finished input.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a> {
    /// State key (absolute path).
    pub(crate) key: &'a str,
    /// Display path.
    pub(crate) path: &'a str,
    /// sha256 of the input, if read.
    pub(crate) sha256: Option<&'a str>,
    /// `None` when it succeeded, else (stage, message).
    pub(crate) failure: Option<(&'a str, &'a str)>,
    /// Page count (0 when failed).
    pub(crate) pages: u32,
    /// Table count.
    pub(crate) tables: usize,
    /// Finding count.
    pub(crate) findings: usize,
    /// Wall time.
    pub(crate) elapsed: Duration,
}

impl State {
    /// Opens (or creates) the database at `path`.
    pub(crate) fn open(path: &Path) -> anyhow::Result<State> {
        let conn = Connection::open(path)
            .with_context(|| format!("cannot open state database {}", path.display()))?;
        // WAL: readers (a report query during the run) never block the writer,
        // and a crash leaves the last committed transaction intact.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.execute_batch(SCHEMA)
            .with_context(|| format!("{} is not a yusuan state database", path.display()))?;
        let format: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'format'", [], |r| {
                r.get(0)
            })
            .optional()?;
        match format.as_deref() {
            None => {
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('format', ?1)",
                    params![STATE_FORMAT],
                )?;
            }
            Some(STATE_FORMAT) => {}
            Some(other) => anyhow::bail!(
                "state database {} has format {other}, this yusuan writes format {STATE_FORMAT}; \
                 use a new file",
                path.display()
            ),
        }
        Ok(State { conn })
    }

    /// Every input's last run, by key.
    pub(crate) fn load(&self) -> anyhow::Result<BTreeMap<String, Prior>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, sha256, schema_version, outcome FROM inputs")?;
        let rows = stmt.query_map([], |r| {
            let key: String = r.get(0)?;
            let outcome: String = r.get(3)?;
            Ok((
                key,
                Prior {
                    sha256: r.get(1)?,
                    schema_version: r.get(2)?,
                    ok: outcome == "ok",
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
        tx.execute(
            "INSERT INTO inputs (key, path, sha256, schema_version, outcome, stage, message,
                                 pages, tables, findings, seconds, finished_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
                     strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
             ON CONFLICT (key) DO UPDATE SET
                path = excluded.path, sha256 = excluded.sha256,
                schema_version = excluded.schema_version, outcome = excluded.outcome,
                stage = excluded.stage, message = excluded.message, pages = excluded.pages,
                tables = excluded.tables, findings = excluded.findings,
                seconds = excluded.seconds, finished_at = excluded.finished_at",
            params![
                entry.key,
                entry.path,
                entry.sha256,
                yusuan_model::SCHEMA_VERSION,
                outcome,
                stage,
                message,
                entry.pages,
                i64::try_from(entry.tables).unwrap_or(i64::MAX),
                i64::try_from(entry.findings).unwrap_or(i64::MAX),
                entry.elapsed.as_secs_f64(),
            ],
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_survive_reopening_and_update_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let mut state = State::open(&path).unwrap();
        let entry = Entry {
            key: "/x/a.pdf",
            path: "a.pdf",
            sha256: Some("aa"),
            failure: Some(("pdf", "broken")),
            pages: 0,
            tables: 0,
            findings: 0,
            elapsed: Duration::from_millis(5),
        };
        state.record(&entry).unwrap();
        let loaded = state.load().unwrap();
        assert_eq!(loaded.get("/x/a.pdf").map(|p| p.ok), Some(false));
        state
            .record(&Entry {
                failure: None,
                pages: 3,
                ..entry
            })
            .unwrap();
        drop(state);
        let state = State::open(&path).unwrap();
        let loaded = state.load().unwrap();
        assert_eq!(loaded.len(), 1);
        let prior = loaded.get("/x/a.pdf").unwrap();
        assert!(prior.ok);
        assert_eq!(prior.sha256.as_deref(), Some("aa"));
        assert_eq!(prior.schema_version, yusuan_model::SCHEMA_VERSION);
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
