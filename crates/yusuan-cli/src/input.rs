//! Inputs: expanding arguments into files, recognizing them by content, and
//! choosing a shard.
//!
//! Every file an argument names becomes an [`Input`], and so does every
//! problem met on the way (an unreadable directory, a broken symbolic link, a
//! link loop): such an input carries the reason and becomes an error record,
//! so that the summary's counts add up to what the arguments named.

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::args::Shard;
pub(crate) use yusuan_pipeline::{not_readable_reason, sha256_hex, sniff};

/// How an input reached the batch; decides what happens to a file that is
/// neither PDF, DOCX nor a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Named on the command line: always a Document or an error record.
    Explicit,
    /// Found by walking a directory or expanding a glob: skipped when it is
    /// neither PDF, DOCX nor a workbook (unless its name says it should be one).
    Found,
}

/// One input file of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Input {
    /// The path to open.
    pub(crate) path: PathBuf,
    /// The path as shown in output (`source.path`): as given or as expanded.
    pub(crate) display: String,
    /// How it was found.
    pub(crate) origin: Origin,
    /// Why it cannot be opened at all (missing file, unreadable directory,
    /// broken link, glob without matches); such an input becomes an error
    /// record without being read.
    pub(crate) missing: Option<String>,
    /// Where its output goes under `-o DIR`, without the `.json`: the path
    /// relative to the directory (or glob base) argument it was found in, or
    /// the file name of a file argument; with several arguments, prefixed by
    /// the argument's own name (see [`expand_inputs`]).
    pub(crate) out_rel: PathBuf,
}

impl Input {
    fn file(path: PathBuf, origin: Origin) -> Self {
        let display = path.to_string_lossy().into_owned();
        let out_rel = path
            .file_name()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("input"));
        Input {
            path,
            display,
            origin,
            missing: None,
            out_rel,
        }
    }

    /// Whether the file name ends in an extension we read (`.pdf`, `.docx`,
    /// `.xlsx`, `.xlsm`, `.xls`, `.ods`) or `.doc`, `.xlsb`: such a file found
    /// in a directory is meant as a document, so unreadable content is an
    /// error, not a skip.
    pub(crate) fn has_document_extension(&self) -> bool {
        let ext = self
            .path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase());
        matches!(
            ext.as_deref(),
            Some("pdf" | "docx" | "doc" | "xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
        )
    }
}

/// The bundled samples folder: `samples/` of the source tree the binary was
/// built from. The path is compiled in (nothing is embedded), so a fresh
/// clone's `cargo run -- extract` works without arguments.
pub(crate) fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

/// Expands the command-line inputs (none = the bundled samples) into files,
/// in argument order, directories walked recursively in sorted order, and
/// exact duplicates removed.
///
/// Output paths (`Input::out_rel`): with one argument, a file found in a
/// directory (or by a glob) keeps its path relative to that directory (or to
/// the glob's literal base), and a file argument its file name. With several
/// arguments, each directory or glob argument's files go under a folder named
/// after the argument (its last path component; a repeated name gets `-2`,
/// `-3`, … in argument order), so that two arguments never share a
/// namespace; file arguments keep their file name. The names depend
/// only on the arguments and the input's own path, never on which other files
/// exist.
pub(crate) fn expand_inputs(args: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    if args.is_empty() {
        let dir = samples_dir();
        let dir = dir.canonicalize().map_err(|e| {
            format!(
                "no input given and the bundled samples folder {} cannot be read ({e}); \
                 pass files or directories to process",
                dir.display()
            )
        })?;
        // Shown relative to the current directory when possible, so output made
        // from the repository root says "samples/x.pdf".
        let shown = std::env::current_dir()
            .ok()
            .and_then(|cwd| dir.strip_prefix(&cwd).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| dir.clone());
        walk_dir(&dir, &shown, None, &mut out);
        if out.is_empty() {
            return Err(format!(
                "no input given and the bundled samples folder {} is empty",
                dir.display()
            ));
        }
    }
    let several = args.len() > 1;
    let mut labels = std::collections::BTreeSet::new();
    for arg in args {
        // Two arguments with the same name (a/in, b/in) get in, in-2, … in
        // argument order: the rule depends on the arguments only.
        let label = several.then(|| {
            let base = argument_label(arg);
            let mut label = base.clone();
            let mut n = 2u32;
            while !labels.insert(label.clone()) {
                let mut name = base.clone().into_os_string();
                name.push(format!("-{n}"));
                label = PathBuf::from(name);
                n = n.saturating_add(1);
            }
            label
        });
        if arg.is_dir() {
            walk_dir(arg, arg, label.as_deref(), &mut out);
        } else if arg.exists() {
            out.push(Input::file(arg.clone(), Origin::Explicit));
        } else if arg.symlink_metadata().is_ok() {
            out.push(missing(arg, broken_link_reason(arg)));
        } else if is_glob(arg) {
            expand_glob(arg, label.as_deref(), &mut out);
        } else {
            out.push(missing(arg, "no such file or directory".to_owned()));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|i| seen.insert(i.display.clone()));
    Ok(out)
}

/// The folder name an argument's files get when several arguments are
/// given: its last normal path component (`data/2025/` → `2025`), or the
/// current directory's name for `.`; a glob's literal base stands for it.
fn argument_label(arg: &Path) -> PathBuf {
    let base = if is_glob(arg) {
        glob_base(arg)
    } else {
        arg.to_path_buf()
    };
    let last = base.components().rev().find_map(|c| match c {
        Component::Normal(name) => Some(name.to_os_string()),
        _ => None,
    });
    let named = base
        .components()
        .next_back()
        .is_some_and(|c| matches!(c, Component::Normal(_)));
    match (named, last) {
        (true, Some(name)) => PathBuf::from(name),
        _ => base
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("root")),
    }
}

fn missing(path: &Path, why: String) -> Input {
    Input {
        missing: Some(why),
        ..Input::file(path.to_path_buf(), Origin::Explicit)
    }
}

fn broken_link_reason(path: &Path) -> String {
    match std::fs::read_link(path) {
        Ok(target) => format!(
            "broken symbolic link: its target {} does not exist",
            target.display()
        ),
        Err(e) => format!("cannot be opened: {e}"),
    }
}

fn is_glob(path: &Path) -> bool {
    path.to_string_lossy().contains(['*', '?', '['])
}

/// The literal directory a glob starts from: its components before the
/// first one holding a pattern character (`corpus/2025/**/*.pdf` →
/// `corpus/2025`; `*.pdf` → `.`).
fn glob_base(pattern: &Path) -> PathBuf {
    let mut base = PathBuf::new();
    for c in pattern.components() {
        if c.as_os_str().to_string_lossy().contains(['*', '?', '[']) {
            break;
        }
        base.push(c);
    }
    if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    }
}

fn expand_glob(pattern: &Path, label: Option<&Path>, out: &mut Vec<Input>) {
    let text = pattern.to_string_lossy();
    let paths = match glob::glob(&text) {
        Ok(paths) => paths,
        Err(e) => {
            out.push(missing(pattern, format!("bad glob pattern: {e}")));
            return;
        }
    };
    let base = glob_base(pattern);
    let mut files = Vec::new();
    for entry in paths {
        match entry {
            Ok(path) => files.push(path),
            // An unreadable directory under the pattern: accounted for.
            Err(e) => {
                let path = e.path().to_path_buf();
                let why = format!("cannot read directory: {}", e.error());
                out.push(missing(&path, why));
            }
        }
    }
    files.sort();
    if files.is_empty() {
        out.push(missing(pattern, "glob pattern matched no files".to_owned()));
        return;
    }
    for path in files {
        if path.is_dir() {
            // A directory matched by a pattern is walked like one given by
            // name, its files placed by their path below the glob's base.
            let rel = path.strip_prefix(&base).unwrap_or(&path).to_path_buf();
            let prefix = match label {
                Some(l) => l.join(rel),
                None => rel,
            };
            walk_dir(&path, &path, Some(&prefix), out);
        } else {
            let rel = relative_name(&path, &base);
            let mut input = Input::file(path, Origin::Found);
            input.out_rel = match label {
                Some(l) => l.join(rel),
                None => rel,
            };
            if input.path.symlink_metadata().is_ok() && !input.path.exists() {
                input.missing = Some(broken_link_reason(&input.path));
            }
            out.push(input);
        }
    }
}

/// `path` relative to `base`, falling back to the file name; never with a
/// `..` or root component, so that output stays inside `-o DIR`.
fn relative_name(path: &Path, base: &Path) -> PathBuf {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let clean: PathBuf = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name),
            _ => None,
        })
        .collect();
    if clean.as_os_str().is_empty() {
        path.file_name()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("input"))
    } else {
        clean
    }
}

/// Walks `dir` depth-first with entries sorted by name (walkdir), following
/// symbolic links (walkdir reports loops); `shown` is the prefix used for
/// display paths and `prefix` the folder of output paths. Every entry the walk
/// cannot read becomes an input carrying the reason.
fn walk_dir(dir: &Path, shown: &Path, prefix: Option<&Path>, out: &mut Vec<Input>) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_dir() {
                    continue;
                }
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let mut input = Input::file(entry.path().to_path_buf(), Origin::Found);
                input.display = shown.join(rel).to_string_lossy().into_owned();
                let rel = relative_name(entry.path(), dir);
                input.out_rel = match prefix {
                    Some(p) => p.join(rel),
                    None => rel,
                };
                if !entry.file_type().is_file() {
                    // A FIFO, socket or device: reading it could block.
                    input.missing = Some("not a regular file (a pipe, socket or device)".into());
                }
                out.push(input);
            }
            Err(e) => {
                let Some(path) = e.path().map(Path::to_path_buf) else {
                    continue;
                };
                let rel = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
                let why = if let Some(ancestor) = e.loop_ancestor() {
                    format!(
                        "symbolic link loop: it leads back to {}",
                        ancestor.display()
                    )
                } else if path.symlink_metadata().is_ok_and(|m| m.is_symlink()) && !path.exists() {
                    broken_link_reason(&path)
                } else {
                    let io = e
                        .io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string);
                    if path.is_dir() {
                        format!("cannot read directory: {io}")
                    } else {
                        format!("cannot be opened: {io}")
                    }
                };
                let mut input = missing(&path, why);
                input.origin = Origin::Found;
                input.display = shown.join(&rel).to_string_lossy().into_owned();
                let rel = relative_name(&path, dir);
                input.out_rel = match prefix {
                    Some(p) => p.join(rel),
                    None => rel,
                };
                out.push(input);
            }
        }
    }
}

/// Whether `display` belongs to `shard`: sha256 of the path's bytes, first 8
/// bytes big-endian, modulo the shard count. Stable across machines and runs,
/// unlike std's randomly seeded hasher.
pub(crate) fn in_shard(display: &str, shard: Shard) -> bool {
    let digest = Sha256::digest(display.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first) % shard.count == shard.index
}

/// The output file of `input` under `dir`: `<out_rel>.json`.
pub(crate) fn output_path(dir: &Path, input: &Input) -> PathBuf {
    let mut name = input.out_rel.clone().into_os_string();
    name.push(OsStr::new(".json"));
    dir.join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_base_and_labels() {
        assert_eq!(
            glob_base(Path::new("corpus/2025/**/*.pdf")),
            Path::new("corpus/2025")
        );
        assert_eq!(glob_base(Path::new("*.pdf")), Path::new("."));
        assert_eq!(argument_label(Path::new("data/2025/")), Path::new("2025"));
        assert_eq!(argument_label(Path::new("a/*/x.pdf")), Path::new("a"));
        assert_eq!(
            relative_name(Path::new("in/a/b.pdf"), Path::new("in")),
            Path::new("a/b.pdf")
        );
        assert_eq!(
            relative_name(Path::new("/x/b.pdf"), Path::new("in")),
            Path::new("x/b.pdf")
        );
    }

    #[test]
    fn shards_partition_the_inputs() {
        let paths: Vec<String> = (0..200).map(|i| format!("corpus/文件{i}.pdf")).collect();
        let n = 7;
        let mut total = 0;
        for index in 0..n {
            let shard = Shard { index, count: n };
            let count = paths.iter().filter(|p| in_shard(p, shard)).count();
            assert!(count > 0, "shard {index} is empty");
            total += count;
        }
        assert_eq!(total, paths.len());
    }

    #[test]
    fn shard_hash_is_stable() {
        // The shard is the first 8 digest bytes modulo the count, computed
        // here independently from the hex digest.
        let digest = sha256_hex(b"a.pdf");
        let first = u64::from_str_radix(&digest[..16], 16).unwrap();
        assert!(in_shard(
            "a.pdf",
            Shard {
                index: first % 2,
                count: 2
            }
        ));
        assert!(!in_shard(
            "a.pdf",
            Shard {
                index: 1 - first % 2,
                count: 2
            }
        ));
        assert_eq!(sha256_hex(b"").len(), 64);
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
