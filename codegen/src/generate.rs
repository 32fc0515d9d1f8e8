//! `seam generate`: check a contract set, emit every output, and write what changed.
//!
//! This is also the library API a user calls from their own `build.rs`:
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     let report = seam_codegen::generate::Generator::new("idl", "generated")
//!         .run()
//!         .unwrap_or_else(|e| panic!("{e}"));
//!     report.print_cargo_directives();
//! }
//! ```

// The example above is a whole build script, `fn main` included.
#![allow(clippy::needless_doctest_main)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::emit::rust::{emit_rust, emit_rust_single_file, EmitError, HEADER};
use crate::emit::schema::{emit_schemas, SetInfo};
use crate::source::discover_files;
use crate::Compilation;

/// Why generation stopped.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(transparent)]
    Load(#[from] crate::Error),
    /// The contracts have errors; the rendered diagnostics are included.
    #[error("the contracts have {count} error(s):\n{rendered}")]
    Invalid { count: usize, rendered: String },
    #[error(transparent)]
    Emit(#[from] EmitError),
    #[error("invalid `{path}`: {message}")]
    Settings { path: PathBuf, message: String },
    #[error("cannot write `{path}`: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What a run read and wrote.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The `.ir` files read (for `cargo:rerun-if-changed`).
    pub inputs: Vec<PathBuf>,
    /// The directories searched for `.ir` files (a new file changes them).
    pub input_dirs: Vec<PathBuf>,
    /// Files written because their content changed (or, with `check`, that differ).
    pub changed: Vec<PathBuf>,
    /// Generated files removed because nothing generates them any more.
    pub removed: Vec<PathBuf>,
    /// Files whose content was already right.
    pub unchanged: usize,
    pub packages: usize,
    pub types: usize,
}

impl Report {
    /// Prints `cargo:rerun-if-changed` for exactly what was read, so that a build with no
    /// change to the contracts does not run the generator again.
    pub fn print_cargo_directives(&self) {
        for path in self.input_dirs.iter().chain(&self.inputs) {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }

    pub fn summary(&self, check: bool) -> String {
        let verb = if check { "differ" } else { "written" };
        format!(
            "{} packages, {} types: {} files {verb}, {} unchanged, {} removed",
            self.packages,
            self.types,
            self.changed.len(),
            self.unchanged,
            self.removed.len()
        )
    }
}

/// Generates the outputs of a contract set into a directory.
#[derive(Debug, Clone)]
pub struct Generator {
    input: PathBuf,
    out: PathBuf,
    check: bool,
    single_file: Option<String>,
}

impl Generator {
    pub fn new(input: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        Generator {
            input: input.into(),
            out: out.into(),
            check: false,
            single_file: None,
        }
    }

    /// Writes the Rust code as one file of nested modules, `OUT/<name>`, to be included from
    /// a build script's `OUT_DIR`: `include!(concat!(env!("OUT_DIR"), "/contracts.rs"));`
    pub fn single_file(mut self, name: impl Into<String>) -> Self {
        self.single_file = Some(name.into());
        self
    }

    /// Writes nothing; [`Report::changed`] lists the files that differ.
    pub fn check(mut self, check: bool) -> Self {
        self.check = check;
        self
    }

    pub fn run(&self) -> Result<Report, GenerateError> {
        let compilation = crate::check_paths(std::slice::from_ref(&self.input))?;
        if compilation.has_errors() {
            return Err(invalid(&compilation));
        }
        let info = read_set_info(&self.input)?;
        let files = match &self.single_file {
            Some(name) => BTreeMap::from([(
                PathBuf::from(name),
                emit_rust_single_file(&compilation.model)?,
            )]),
            None => emit_all(&compilation, &info)?,
        };
        let mut report = Report {
            inputs: compilation
                .sources
                .ids()
                .map(|id| compilation.sources.get(id).path.clone())
                .collect(),
            input_dirs: input_dirs(&self.input),
            packages: compilation.model.packages.len(),
            types: compilation.model.types.len(),
            ..Report::default()
        };
        report.inputs.sort();
        for (relative, content) in &files {
            let path = self.out.join(relative);
            let current = std::fs::read(&path).ok();
            if current.as_deref() == Some(content.as_bytes()) {
                report.unchanged += 1;
                continue;
            }
            if !self.check {
                write_atomically(&path, content.as_bytes()).map_err(|source| {
                    GenerateError::Write {
                        path: path.clone(),
                        source,
                    }
                })?;
            }
            report.changed.push(path);
        }
        // Generated files that nothing generates any more (a removed package).
        let wanted: BTreeSet<PathBuf> = files.keys().map(|p| self.out.join(p)).collect();
        let tree = if self.single_file.is_some() {
            Vec::new()
        } else {
            let mut tree = generated_files(&self.out.join("src"));
            tree.extend(schema_files(&self.out.join("schema")));
            tree
        };
        for stale in tree {
            if !wanted.contains(&stale) {
                if !self.check {
                    std::fs::remove_file(&stale).map_err(|source| GenerateError::Write {
                        path: stale.clone(),
                        source,
                    })?;
                }
                report.removed.push(stale);
            }
        }
        report.changed.sort();
        report.removed.sort();
        Ok(report)
    }
}

fn invalid(compilation: &Compilation) -> GenerateError {
    let count = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .count();
    GenerateError::Invalid {
        count,
        rendered: compilation.rendered_text().concat(),
    }
}

/// Every output file, by path relative to the output directory: the Rust crate, the JSON
/// Schemas, `openapi.json`, `contract_index.json` and the schemas of seam's own documents
/// (`schema/seam/`).
pub fn emit_all(
    compilation: &Compilation,
    info: &SetInfo,
) -> Result<BTreeMap<PathBuf, String>, EmitError> {
    let mut files = emit_rust(&compilation.model)?;
    files.extend(emit_schemas(&compilation.model, info));
    files.extend(crate::emit::tool_schemas::emit_tool_schemas());
    Ok(files)
}

/// The contract set's `seam.toml` (title, version, schema `$id` base), beside the contracts;
/// defaults when there is none.
pub fn read_set_info(input: &Path) -> Result<SetInfo, GenerateError> {
    let dir = if input.is_dir() {
        input
    } else {
        input.parent().unwrap_or(Path::new("."))
    };
    let path = dir.join("seam.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).map_err(|e| GenerateError::Settings {
            path,
            message: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(SetInfo::default()),
        Err(source) => Err(GenerateError::Write { path, source }),
    }
}

fn input_dirs(input: &Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if input.is_dir() {
        dirs.push(input.to_path_buf());
        if let Ok(files) = discover_files(&[input.to_path_buf()]) {
            for file in files {
                let mut dir = file.parent();
                while let Some(d) = dir {
                    if d == input || d.as_os_str().is_empty() || !d.starts_with(input) {
                        break;
                    }
                    dirs.push(d.to_path_buf());
                    dir = d.parent();
                }
            }
        }
    }
    dirs.sort();
    dirs.dedup();
    dirs
}

/// The JSON Schema files under `OUT/schema`, a directory seam owns.
fn schema_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Files under `dir` that carry seam's header (only those may be removed).
fn generated_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let is_generated =
                    std::fs::read_to_string(&path).is_ok_and(|text| text.starts_with(HEADER));
                if is_generated {
                    out.push(path);
                }
            }
        }
    }
    out.sort();
    out
}

/// Writes through a temporary file in the same directory and a rename, so that an
/// interrupted run leaves either the old file or the new one, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.seam-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
