//! The Python side of the suite: `pytest tests/python` (the record tables
//! read by DuckDB, pyarrow and pandas, issue 17; the `yusuan` package and
//! its Dask example, issue 18), run with this build's `yusuan` binary so
//! that `cargo test --workspace` is the whole suite.
//!
//! The Python environment is the one `.ci/run` makes: `target/ci-venv`
//! (or `$YUSUAN_PYTHON`) with duckdb, pandas, pyarrow, pytest, dask and the
//! package installed. Where it is absent the test says so and passes; CI
//! always has it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python to run, if it has what the tests import.
fn python(root: &Path) -> Result<PathBuf, String> {
    let python = std::env::var_os("YUSUAN_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/ci-venv/bin/python"));
    if !python.exists() {
        return Err(format!(
            "no python environment at {} (made by .ci/run; or set YUSUAN_PYTHON)",
            python.display()
        ));
    }
    let probe = Command::new(&python)
        .args([
            "-c",
            "import duckdb, pandas, pyarrow, pytest, dask.distributed, yusuan",
        ])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    if !probe.status.success() {
        return Err(format!(
            "{} lacks a module the tests import: {}",
            python.display(),
            String::from_utf8_lossy(&probe.stderr).trim()
        ));
    }
    Ok(python)
}

#[test]
fn pytest_over_tests_python() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = match python(&root) {
        Ok(p) => p,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let out = Command::new(&python)
        .args([
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/python",
        ])
        .current_dir(&root)
        .env("YUSUAN_BIN", env!("CARGO_BIN_EXE_yusuan"))
        .output()
        .expect("pytest runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{report}");
    assert!(out.status.success(), "pytest failed:\n{report}");
    assert!(
        report.contains(" passed") && !report.contains(" skipped"),
        "every Python test must run here:\n{report}"
    );
}
