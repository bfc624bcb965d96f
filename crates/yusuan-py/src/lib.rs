//! The native half of the `yusuan` Python package (`yusuan._yusuan`): the
//! pipeline of `yusuan-pipeline` and the record tables of `yusuan-export`,
//! run from Python with the GIL released.
//!
//! Like the CLI, this crate is an application boundary: it reads the input
//! files, runs documents in threads of their own (16 MB stack, a time
//! limit, `catch_unwind`) and hands Python plain values — a Document or
//! error record as JSON text, a record table as Parquet bytes. The Python
//! half (`python/yusuan/__init__.py`) turns them into dicts with `Decimal`
//! numbers, pandas DataFrames and exceptions.
//!
//! # Limitations
//! - A document past its time limit becomes an error record and its thread
//!   is abandoned (Rust cannot kill a thread): it keeps its CPU until it
//!   ends or the process exits, as in the CLI's thread mode.
//!
//! # Cargo features
//! None. Built by maturin (`pip install crates/yusuan-py`), which sets
//! `PYO3_BUILD_EXTENSION_MODULE`; the workspace's `cargo build` and
//! `cargo clippy` compile it without linking Python.

#![deny(missing_docs)]
// PyO3 0.30's macros keep their unsafe code (the CPython C API) inside
// pyo3's own spans: the workspace's `forbid(unsafe_code)` holds here too,
// no exemption (docs/design.md, "Python package").
#![forbid(unsafe_code)]

mod run;

/// The Python module `yusuan._yusuan`.
#[pyo3::pymodule]
mod _yusuan {
    use std::collections::BTreeMap;
    use std::sync::mpsc::Receiver;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use pyo3::exceptions::{PyRuntimeError, PyValueError};
    use pyo3::prelude::*;
    use pyo3::types::PyBytes;
    use yusuan_export::{Batch, ParquetWriter, RecordKind};

    use crate::run::{Input, Outcome, rows_of, run_many, run_one};

    /// The crate's version, as the package's `__version__`.
    #[pymodule_export]
    const VERSION: &str = env!("CARGO_PKG_VERSION");

    fn input_of(source: &Bound<'_, PyAny>, name: Option<String>) -> PyResult<Input> {
        if let Ok(bytes) = source.cast::<PyBytes>() {
            return Ok(Input::Bytes {
                name: name.unwrap_or_else(|| "<bytes>".to_owned()),
                bytes: bytes.as_bytes().to_vec(),
            });
        }
        let path: std::path::PathBuf = source
            .extract()
            .map_err(|_| PyValueError::new_err("expected a path (str or os.PathLike) or bytes"))?;
        Ok(Input::Path { name, path })
    }

    fn timeout_of(seconds: Option<f64>) -> PyResult<Option<Duration>> {
        match seconds {
            None => Ok(None),
            Some(s) if s.is_finite() && s > 0.0 => Ok(Some(Duration::from_secs_f64(s))),
            Some(s) => Err(PyValueError::new_err(format!(
                "timeout must be a positive number of seconds, found {s}"
            ))),
        }
    }

    /// One input (a path or bytes) through the pipeline, the GIL released:
    /// the Document, or the error record in its place, as JSON text.
    #[pyfunction]
    #[pyo3(signature = (source, *, name = None, timeout = None))]
    fn extract_json(
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
        name: Option<String>,
        timeout: Option<f64>,
    ) -> PyResult<String> {
        let input = input_of(source, name)?;
        let timeout = timeout_of(timeout)?;
        py.detach(move || run_one(input, timeout).to_json())
            .map_err(|e| PyRuntimeError::new_err(format!("cannot serialize the document: {e}")))
    }

    /// Documents of many inputs, in input order, as JSON texts; `jobs`
    /// threads run them with the GIL released.
    #[pyclass(module = "yusuan._yusuan")]
    struct Many {
        rx: Mutex<Receiver<(usize, Outcome)>>,
        pending: Mutex<BTreeMap<usize, Outcome>>,
        next: usize,
        total: usize,
    }

    #[pymethods]
    impl Many {
        fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
            slf
        }

        fn __next__(mut slf: PyRefMut<'_, Self>, py: Python<'_>) -> PyResult<Option<String>> {
            if slf.next >= slf.total {
                return Ok(None);
            }
            let want = slf.next;
            let this = &*slf;
            let outcome = py.detach(|| -> Option<Outcome> {
                let mut pending = this.pending.lock().ok()?;
                loop {
                    if let Some(o) = pending.remove(&want) {
                        return Some(o);
                    }
                    let (i, o) = this.rx.lock().ok()?.recv().ok()?;
                    pending.insert(i, o);
                }
            });
            let Some(outcome) = outcome else {
                return Err(PyRuntimeError::new_err(
                    "the worker threads ended without a result",
                ));
            };
            slf.next += 1;
            outcome
                .to_json()
                .map(Some)
                .map_err(|e| PyRuntimeError::new_err(format!("cannot serialize: {e}")))
        }
    }

    /// Starts `jobs` threads over `sources` (paths) and returns an iterator
    /// over their JSON texts in input order.
    #[pyfunction]
    #[pyo3(signature = (sources, *, jobs = None, timeout = None))]
    fn extract_many_json(
        sources: Vec<std::path::PathBuf>,
        jobs: Option<usize>,
        timeout: Option<f64>,
    ) -> PyResult<Many> {
        let timeout = timeout_of(timeout)?;
        let total = sources.len();
        let inputs: Vec<Input> = sources
            .into_iter()
            .map(|path| Input::Path { name: None, path })
            .collect();
        let rx = run_many(Arc::new(inputs), jobs, timeout);
        Ok(Many {
            rx: Mutex::new(rx),
            pending: Mutex::new(BTreeMap::new()),
            next: 0,
            total,
        })
    }

    /// The record table `kind` ("three_public", "indicators" …) of the
    /// inputs, as the bytes of a Parquet file: the columns of `yusuan
    /// extract --format parquet`.
    #[pyfunction]
    #[pyo3(signature = (sources, kind, *, jobs = None, timeout = None))]
    fn records_parquet<'py>(
        py: Python<'py>,
        sources: Vec<std::path::PathBuf>,
        kind: &str,
        jobs: Option<usize>,
        timeout: Option<f64>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let Some(kind) = RecordKind::from_name(kind) else {
            let names: Vec<&str> = RecordKind::ALL.iter().map(|k| k.name()).collect();
            return Err(PyValueError::new_err(format!(
                "no record table {kind:?}; expected one of {}",
                names.join(", ")
            )));
        };
        let timeout = timeout_of(timeout)?;
        let total = sources.len();
        let inputs: Vec<Input> = sources
            .into_iter()
            .map(|path| Input::Path { name: None, path })
            .collect();
        let bytes = py.detach(move || -> Result<Vec<u8>, String> {
            let rx = run_many(Arc::new(inputs), jobs, timeout);
            let mut pending = BTreeMap::new();
            let mut all = Batch::new(kind);
            for want in 0..total {
                let outcome = loop {
                    if let Some(o) = pending.remove(&want) {
                        break o;
                    }
                    let (i, o) = rx
                        .recv()
                        .map_err(|_| "the worker threads ended without a result".to_owned())?;
                    pending.insert(i, o);
                };
                let rows = rows_of(&outcome).map_err(|e| e.to_string())?;
                for b in rows.into_batches() {
                    if b.kind() == kind {
                        all.append(b).map_err(|e| e.to_string())?;
                    }
                }
            }
            let mut w = ParquetWriter::new(kind, Vec::new()).map_err(|e| e.to_string())?;
            w.write(all).map_err(|e| e.to_string())?;
            w.finish().map_err(|e| e.to_string())
        });
        let bytes = bytes.map_err(PyRuntimeError::new_err)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// The names of the record tables, in output order.
    #[pyfunction]
    fn record_kinds() -> Vec<&'static str> {
        RecordKind::ALL.iter().map(|k| k.name()).collect()
    }
}
