//! Our adapter around ONNX Runtime (`ort`): every `ort` call of the crate is
//! in this file, so that a change of the runtime crate touches nothing else.
//!
//! The runtime library is loaded at run time (`ort`'s `load-dynamic`) from
//! the file `scripts/install-ocr` put in place; the models are handed over
//! as bytes. Sessions are not shareable for running (`Session::run` takes
//! `&mut self`), so the engine keeps a small pool: a worker takes a pair of
//! sessions, uses it for a page and puts it back; a second worker meeting an
//! empty pool makes another pair.

use std::path::PathBuf;
use std::sync::Mutex;

use ort::environment::Environment;
use ort::session::Session;
use ort::session::builder::GraphOptimizationLevel;
use ort::value::Tensor;

use crate::error::{Error, ErrorKind};

/// What [`OcrEngine::load`] needs: where the runtime library is, and the
/// model files' bytes. The CLI reads them from the install folder.
#[derive(Debug, Clone, Default)]
pub struct EngineFiles {
    /// Path of `libonnxruntime.so` (loaded with `dlopen`; the only file this
    /// crate opens, because a shared library cannot be loaded from bytes).
    pub runtime_library: PathBuf,
    /// The text detector (PP-OCRv6 tiny det, ONNX).
    pub detector: Vec<u8>,
    /// The text recogniser (PP-OCRv6 tiny rec, ONNX).
    pub recognizer: Vec<u8>,
    /// The recogniser's character list, one character per line.
    pub dictionary: String,
}

/// The detector and recogniser sessions one worker uses at a time.
pub(crate) struct Sessions {
    det: Session,
    rec: Session,
}

/// A loaded OCR engine: runtime, models and character list. Cheap to share
/// between threads (`Sync`); see the module note on its session pool.
pub struct OcrEngine {
    environment: Environment,
    detector: Vec<u8>,
    recognizer: Vec<u8>,
    /// Output class `i` of the recogniser is `chars[i]`; class 0 is the CTC
    /// blank (an empty string here).
    pub(crate) chars: Vec<String>,
    pool: Mutex<Vec<Sessions>>,
}

impl std::fmt::Debug for OcrEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OcrEngine")
            .field("classes", &self.chars.len())
            .finish_non_exhaustive()
    }
}

fn runtime(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Runtime, e.to_string())
}

impl OcrEngine {
    /// Loads the runtime library and checks both models by building one
    /// session pair.
    ///
    /// # Errors
    /// [`ErrorKind::NotInstalled`] when the library file does not exist,
    /// [`ErrorKind::Runtime`] when it cannot be loaded, [`ErrorKind::Model`]
    /// when a model does not load or the character list does not fit the
    /// recogniser's output.
    pub fn load(files: EngineFiles) -> Result<OcrEngine, Error> {
        if !files.runtime_library.is_file() {
            return Err(Error::new(
                ErrorKind::NotInstalled,
                format!(
                    "{} is missing; run scripts/install-ocr",
                    files.runtime_library.display()
                ),
            ));
        }
        let environment = ort::init_from(&files.runtime_library)
            .map_err(runtime)?
            .with_name("yusuan-ocr")
            .with_telemetry(false)
            .build()
            .map_err(runtime)?;
        // Class 0 is the CTC blank, then the dictionary, then the space the
        // PP-OCR recognisers add at the end.
        let mut chars = vec![String::new()];
        chars.extend(
            files
                .dictionary
                .split('\n')
                .map(|l| l.trim_end_matches('\r'))
                .filter(|l| !l.is_empty())
                .map(str::to_owned),
        );
        chars.push(" ".to_owned());
        let engine = OcrEngine {
            environment,
            detector: files.detector,
            recognizer: files.recognizer,
            chars,
            pool: Mutex::new(Vec::new()),
        };
        let mut first = engine.new_sessions()?;
        // One tiny run checks that the character list fits the model.
        let (_, classes, _) = first.recognize(vec![0.0; 3 * 48 * 32], 1, 32)?;
        if classes != engine.chars.len() {
            return Err(Error::new(
                ErrorKind::Model,
                format!(
                    "the recogniser has {classes} output classes, the character list gives {}",
                    engine.chars.len()
                ),
            ));
        }
        engine.put_back(first);
        Ok(engine)
    }

    fn new_sessions(&self) -> Result<Sessions, Error> {
        let build = |bytes: &[u8], what: &str| -> Result<Session, Error> {
            Session::builder(&self.environment)
                .map_err(runtime)?
                .with_optimization_level(GraphOptimizationLevel::Level3)
                .map_err(runtime)?
                // One thread per page: documents run in parallel in the
                // batch runner's pool, one per core.
                .with_intra_threads(1)
                .map_err(runtime)?
                .with_inter_threads(1)
                .map_err(runtime)?
                // Input sizes change from page to page and line to line: a
                // planned memory pattern is rebuilt for each and kept, which
                // costs memory (issue 21: peak RSS measured in docs/design.md).
                .with_memory_pattern(false)
                .map_err(runtime)?
                .commit_from_memory(bytes)
                .map_err(|e| Error::new(ErrorKind::Model, format!("{what}: {e}")))
        };
        Ok(Sessions {
            det: build(&self.detector, "detector")?,
            rec: build(&self.recognizer, "recogniser")?,
        })
    }

    fn put_back(&self, sessions: Sessions) {
        if let Ok(mut pool) = self.pool.lock() {
            pool.push(sessions);
        }
    }

    /// Runs `f` with a session pair from the pool (a new one when it is
    /// empty), and puts the pair back afterwards.
    pub(crate) fn with_sessions<R>(
        &self,
        f: impl FnOnce(&mut Sessions) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let taken = self.pool.lock().ok().and_then(|mut p| p.pop());
        let mut sessions = match taken {
            Some(s) => s,
            None => self.new_sessions()?,
        };
        let out = f(&mut sessions);
        self.put_back(sessions);
        out
    }
}

impl Sessions {
    /// Runs the detector on a normalized `3×h×w` image (channel-major);
    /// returns the text probability map and its size.
    pub(crate) fn detect(
        &mut self,
        input: Vec<f32>,
        h: usize,
        w: usize,
    ) -> Result<(Vec<f32>, usize, usize), Error> {
        let tensor = Tensor::from_array(([1usize, 3, h, w], input)).map_err(runtime)?;
        let outputs = self.det.run(ort::inputs![tensor]).map_err(runtime)?;
        let first = outputs
            .values()
            .next()
            .ok_or_else(|| Error::new(ErrorKind::Model, "the model has no output"))?;
        let (shape, data) = first.try_extract_tensor::<f32>().map_err(runtime)?;
        let dims: Vec<i64> = shape.iter().copied().collect();
        let (mh, mw) = match dims.as_slice() {
            [1, 1, mh, mw] => (
                usize::try_from(*mh).map_err(runtime)?,
                usize::try_from(*mw).map_err(runtime)?,
            ),
            _ => {
                return Err(Error::new(
                    ErrorKind::Model,
                    format!("detector output of shape {dims:?}, expected [1, 1, h, w]"),
                ));
            }
        };
        Ok((data.to_vec(), mh, mw))
    }

    /// Runs the recogniser on `n` normalized line images of `3×48×w`; returns
    /// the per-step class probabilities, the number of classes and of steps.
    pub(crate) fn recognize(
        &mut self,
        input: Vec<f32>,
        n: usize,
        w: usize,
    ) -> Result<(Vec<f32>, usize, usize), Error> {
        let tensor = Tensor::from_array(([n, 3, 48, w], input)).map_err(runtime)?;
        let outputs = self.rec.run(ort::inputs![tensor]).map_err(runtime)?;
        let first = outputs
            .values()
            .next()
            .ok_or_else(|| Error::new(ErrorKind::Model, "the model has no output"))?;
        let (shape, data) = first.try_extract_tensor::<f32>().map_err(runtime)?;
        let dims: Vec<i64> = shape.iter().copied().collect();
        match dims.as_slice() {
            [bn, steps, classes] if usize::try_from(*bn).ok() == Some(n) => Ok((
                data.to_vec(),
                usize::try_from(*classes).map_err(runtime)?,
                usize::try_from(*steps).map_err(runtime)?,
            )),
            _ => Err(Error::new(
                ErrorKind::Model,
                format!("recogniser output of shape {dims:?}, expected [{n}, steps, classes]"),
            )),
        }
    }
}
