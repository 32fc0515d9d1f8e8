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
//!
//! A run rewrites files inside the user's repository, often from a build that can be stopped at
//! any moment, so it is careful about how (docs/reliability.md, "Generation faults"):
//!
//! - Every output path goes through [`output_path`], which accepts plain file names only, so no
//!   package or type name can make a run write outside its output directory; two outputs whose
//!   paths differ only in case, or a package whose module would be one of the crate's own files,
//!   are errors before anything is written.
//! - A writing run holds an advisory lock ([`LOCK_FILE`]) on its output directory from before it
//!   reads the current files until its last change, so two runs on one directory happen one after
//!   the other and the tree is always one run's complete output.
//! - New contents are first written in full to temporary files beside their targets (synced to
//!   disk only with [`Generator::durable`]), then renamed over them, then obsolete outputs are removed. A run killed while writing the
//!   temporary files leaves every previous output as it was; one killed while renaming leaves each
//!   file either old or new, never partial. The next run removes the temporary files a killed run
//!   left behind.

// The example above is a whole build script, `fn main` included.
#![allow(clippy::needless_doctest_main)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::emit::rust::{emit_rust, emit_rust_single_file, EmitError, HEADER};
use crate::emit::schema::{emit_schemas, SetInfo};
use crate::model::ContractSet;
use crate::source::discover_files;
use crate::Compilation;

/// The lock file a writing run holds in its output directory. It exists only while a run is
/// writing (or after one was killed, until the next run); on Windows, where a lock file cannot be
/// removed safely while others may be waiting on it, it stays.
pub const LOCK_FILE: &str = ".seam.lock";

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
    /// An output path derived from the contracts cannot be written safely; nothing was written.
    #[error(transparent)]
    OutputPath(#[from] OutputPathError),
    /// The output directory's lock could not be taken; nothing was written.
    #[error("cannot lock `{path}`: {source}")]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write `{path}`: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Why an output path derived from contract names is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputPathError {
    /// A component of the path is not a plain file name.
    #[error("`{path}` cannot be an output path: `{component}` {problem}", path = .path.display())]
    UnsafeComponent {
        path: PathBuf,
        component: String,
        problem: NameProblem,
    },
    /// Two outputs whose paths differ only in case: on a case-insensitive file system (the
    /// default on macOS and Windows) one would overwrite the other.
    #[error(
        "`{first}` and `{second}` differ only in case, so on a case-insensitive file system (the default on macOS and Windows) one would overwrite the other; rename one of them in the contracts",
        first = .first.display(),
        second = .second.display()
    )]
    CaseCollision { first: PathBuf, second: PathBuf },
    /// A package whose Rust module file would be one of the generated crate's own files.
    #[error(
        "package `{package}` cannot be generated: its Rust module would be `{path}`, {clash}; rename the package",
        path = .path.display()
    )]
    ModuleClash {
        package: String,
        path: PathBuf,
        clash: &'static str,
    },
}

/// What makes a path component unfit to be a file name seam writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    /// `.` or `..`.
    DotOrDotDot,
    /// The path starts at a root or a drive.
    Absolute,
    /// Starts with `.`: such names are kept for seam's temporary and lock files.
    Hidden,
    /// Contains `/` or `\`.
    Separator,
    Nul,
    ControlCharacter,
    /// Contains one of `< > : " | ? *`, which Windows does not allow in file names.
    WindowsForbiddenCharacter,
    /// `CON`, `NUL`, `COM1`, ... (with any extension), which Windows opens as devices.
    WindowsDeviceName,
    /// Ends with `.` or a space, which Windows strips.
    TrailingDotOrSpace,
    /// Longer than 255 bytes, the limit of common file systems.
    TooLong,
    NotUtf8,
}

impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NameProblem::Empty => "is empty",
            NameProblem::DotOrDotDot => "is `.` or `..`",
            NameProblem::Absolute => "makes the path absolute",
            NameProblem::Hidden => {
                "starts with `.` (such names are kept for seam's temporary and lock files)"
            }
            NameProblem::Separator => "contains a path separator",
            NameProblem::Nul => "contains a NUL character",
            NameProblem::ControlCharacter => "contains a control character",
            NameProblem::WindowsForbiddenCharacter => {
                "contains a character Windows does not allow in file names (< > : \" | ? *)"
            }
            NameProblem::WindowsDeviceName => {
                "is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9)"
            }
            NameProblem::TrailingDotOrSpace => "ends with `.` or a space, which Windows strips",
            NameProblem::TooLong => "is longer than 255 bytes",
            NameProblem::NotUtf8 => "is not UTF-8",
        })
    }
}

/// Names Windows opens as devices whatever their extension (`con.rs` is the console).
const WINDOWS_DEVICE_NAMES: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM0", "COM1", "COM2", "COM3", "COM4",
    "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3",
    "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// Checks that `name` is a plain file name that means the same file on Linux, macOS and
/// Windows: generated trees are checked in and built everywhere.
pub fn check_file_name(name: &str) -> Result<(), NameProblem> {
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    if name == "." || name == ".." {
        return Err(NameProblem::DotOrDotDot);
    }
    if name.starts_with('.') {
        return Err(NameProblem::Hidden);
    }
    for c in name.chars() {
        match c {
            '/' | '\\' => return Err(NameProblem::Separator),
            '\0' => return Err(NameProblem::Nul),
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => {
                return Err(NameProblem::WindowsForbiddenCharacter)
            }
            c if c.is_control() => return Err(NameProblem::ControlCharacter),
            _ => {}
        }
    }
    if name.len() > 255 {
        return Err(NameProblem::TooLong);
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Err(NameProblem::TrailingDotOrSpace);
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    if WINDOWS_DEVICE_NAMES
        .iter()
        .any(|device| device.eq_ignore_ascii_case(stem))
    {
        return Err(NameProblem::WindowsDeviceName);
    }
    Ok(())
}

/// The one way an output's path is made: `relative` (as the emitters give it) joined to `out`,
/// after every component has passed [`check_file_name`]. The result is always inside `out`.
pub fn output_path(out: &Path, relative: &Path) -> Result<PathBuf, OutputPathError> {
    let refuse = |component: &str, problem| OutputPathError::UnsafeComponent {
        path: relative.to_path_buf(),
        component: component.to_string(),
        problem,
    };
    let Some(text) = relative.to_str() else {
        return Err(refuse(&relative.to_string_lossy(), NameProblem::NotUtf8));
    };
    if relative.has_root() || relative.is_absolute() {
        return Err(refuse(text, NameProblem::Absolute));
    }
    // Split the text rather than use `Path::components`, which silently drops `.` and empty
    // components: every component written must be a name.
    let mut names = 0;
    for name in text.split(std::path::is_separator) {
        check_file_name(name).map_err(|problem| refuse(name, problem))?;
        names += 1;
    }
    let path = out.join(relative);
    // Plain names cannot leave `out`; checked anyway, because a mistake here would overwrite a
    // user's files.
    if !path.starts_with(out) || path.components().count() != out.components().count() + names {
        return Err(refuse(text, NameProblem::Absolute));
    }
    Ok(path)
}

/// Rust module clashes no path check can see: a package whose module file would be one of the
/// generated crate's own files (the emitter would silently put one in place of the other), or a
/// second file for a module (`src/a/mod.rs` beside `src/a.rs`, which rustc refuses).
pub fn check_module_paths(model: &ContractSet, single_file: bool) -> Result<(), OutputPathError> {
    for package in model.packages.keys() {
        let segments: Vec<&str> = package.split('.').collect();
        let clash = match segments.as_slice() {
            ["registry", ..] => Some((1, "the module listing every type (`registry`)")),
            ["lib", ..] if !single_file => Some((1, "the crate's root module")),
            _ if !single_file => segments
                .iter()
                .skip(1)
                .position(|segment| *segment == "mod")
                .map(|at| {
                    (
                        at + 2,
                        "which rustc would also take as the file of its parent module",
                    )
                }),
            _ => None,
        };
        if let Some((depth, clash)) = clash {
            let path: PathBuf = std::iter::once("src")
                .chain(segments[..depth].iter().copied())
                .collect();
            return Err(OutputPathError::ModuleClash {
                package: package.clone(),
                path: path.with_extension("rs"),
                clash,
            });
        }
    }
    Ok(())
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
    durable: bool,
    after_each_step: Option<fn(u64)>,
}

impl Generator {
    pub fn new(input: impl Into<PathBuf>, out: impl Into<PathBuf>) -> Self {
        Generator {
            input: input.into(),
            out: out.into(),
            check: false,
            single_file: None,
            durable: false,
            after_each_step: None,
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

    /// Syncs every new file and its directory to disk before and after the rename, so that
    /// the outputs survive a power cut as well as a killed process. Off by default: a rename
    /// is atomic either way, a run compares every output with what it would write (so the next
    /// run repairs a file a power cut damaged), and one `fsync` per file made a 10,000-type
    /// generation take a minute instead of seconds.
    pub fn durable(mut self, durable: bool) -> Self {
        self.durable = durable;
        self
    }

    /// For fault-injection tests only: `hook` is called with the number of changes made to the
    /// output directory so far, first with 0 once the lock is held, then after each temporary
    /// file written, each rename and each removal. The `seam` binary sets it from
    /// `SEAM_TEST_PAUSE_AFTER_STEPS` so that a test can kill it at an exact point.
    #[doc(hidden)]
    pub fn after_each_step(mut self, hook: fn(u64)) -> Self {
        self.after_each_step = Some(hook);
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
        check_module_paths(&compilation.model, self.single_file.is_some())?;
        let outputs = checked_outputs(&self.out, files)?;
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

        // The lock is held from before the current files are read until the last change, so
        // that what is compared is what is replaced. `check` writes nothing, not even a lock
        // file: it waits only for a run that is writing when it starts.
        let _lock = if self.check {
            OutputLock::shared_if_present(&self.out)?
        } else {
            Some(OutputLock::exclusive(&self.out)?)
        };
        let existing = ExistingTree::scan(&self.out, self.single_file.is_none(), &outputs);
        if !self.check {
            // Under the lock no other run is writing, so every temporary file here was left by
            // a run that was killed.
            for temporary in &existing.temporaries {
                remove_if_present(temporary)?;
            }
        }

        let mut changed: Vec<(&Path, &[u8])> = Vec::new();
        for (path, content) in &outputs {
            if fs::read(path).is_ok_and(|current| current == content.as_bytes()) {
                report.unchanged += 1;
            } else {
                changed.push((path, content.as_bytes()));
            }
        }
        let wanted: BTreeSet<&PathBuf> = outputs.iter().map(|(path, _)| path).collect();
        // An obsolete output whose name differs from a new one only in case (a type renamed
        // from `Foo` to `FOO`) is that new output on a case-insensitive file system (macOS,
        // Windows): removing it after the renames would remove the new file.
        let wanted_by_folded_case: BTreeMap<String, &PathBuf> = outputs
            .iter()
            .map(|(path, _)| (folded_case(path), path))
            .collect();
        let removed: Vec<PathBuf> = existing
            .generated
            .into_iter()
            .filter(|path| !wanted.contains(path))
            .filter(|path| {
                wanted_by_folded_case
                    .get(&folded_case(path))
                    .is_none_or(|new| !same_file(path, new))
            })
            .collect();
        if !self.check {
            self.commit(&changed, &removed)?;
        }
        report.changed = changed.iter().map(|(path, _)| path.to_path_buf()).collect();
        report.removed = removed;
        report.changed.sort();
        report.removed.sort();
        Ok(report)
    }

    /// Puts the new contents in place: every one written to a temporary file first, then all
    /// renamed, then obsolete outputs removed. A failure before the renames leaves the tree as
    /// it was; the temporary files are removed on the way out.
    fn commit(&self, changed: &[(&Path, &[u8])], removed: &[PathBuf]) -> Result<(), GenerateError> {
        let mut steps = Steps {
            done: 0,
            hook: self.after_each_step,
        };
        steps.report();
        let mut staged = Vec::with_capacity(changed.len());
        for &(path, bytes) in changed {
            let file = StagedFile::write(path, bytes, self.durable)
                .map_err(|source| write_error(path, source))?;
            staged.push(file);
            steps.advance();
        }
        let mut directories = BTreeSet::new();
        // On an error, the files not yet renamed are dropped with the iterator, which removes
        // their temporary files.
        for file in staged {
            let target = file.target.clone();
            if let Err(source) = file.commit() {
                return Err(write_error(&target, source));
            }
            directories.insert(parent_dir(&target).to_path_buf());
            steps.advance();
        }
        if self.durable {
            sync_directories(&directories);
        }
        for path in removed {
            remove_if_present(path)?;
            steps.advance();
        }
        Ok(())
    }
}

/// Counts the changes made to the output directory for [`Generator::after_each_step`].
struct Steps {
    done: u64,
    hook: Option<fn(u64)>,
}

impl Steps {
    fn report(&self) {
        if let Some(hook) = self.hook {
            hook(self.done);
        }
    }

    fn advance(&mut self) {
        self.done += 1;
        self.report();
    }
}

/// `path` in lower case, to compare names as a case-insensitive file system does.
fn folded_case(path: &Path) -> String {
    path.to_string_lossy().to_lowercase()
}

/// Whether two paths name one file (the same inode: on a case-insensitive file system, two
/// spellings of one name).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether two paths name one file. Without inode numbers in std, two existing paths equal but
/// for case are taken to be one file: Windows' file systems are case-insensitive by default.
#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    a.exists() && b.exists() && folded_case(a) == folded_case(b)
}

fn write_error(path: &Path, source: io::Error) -> GenerateError {
    GenerateError::Write {
        path: path.to_path_buf(),
        source,
    }
}

fn remove_if_present(path: &Path) -> Result<(), GenerateError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(write_error(path, e)),
        _ => Ok(()),
    }
}

/// Every output with its checked path under `out`; refuses paths that differ only in case.
fn checked_outputs(
    out: &Path,
    files: BTreeMap<PathBuf, String>,
) -> Result<Vec<(PathBuf, String)>, OutputPathError> {
    let mut by_folded_case: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut outputs = Vec::with_capacity(files.len());
    for (relative, content) in files {
        let path = output_path(out, &relative)?;
        let folded = relative.to_string_lossy().to_lowercase();
        if let Some(first) = by_folded_case.insert(folded, relative.clone()) {
            return Err(OutputPathError::CaseCollision {
                first,
                second: relative,
            });
        }
        outputs.push((path, content));
    }
    Ok(outputs)
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
    // The schemas and the Rust crate depend on the model alone: the schemas are emitted on a
    // thread of their own while the Rust emitter renders its packages (itself on several).
    let (rust, schemas) = std::thread::scope(|scope| {
        let schemas = scope.spawn(|| emit_schemas(&compilation.model, info));
        let rust = emit_rust(&compilation.model);
        match schemas.join() {
            Ok(schemas) => (rust, schemas),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let mut files = rust?;
    files.extend(schemas);
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

/// What the output directory already holds that a run may change.
struct ExistingTree {
    /// Files an earlier run generated (only these are removed when nothing generates them any
    /// more): Rust files under `OUT/src` that start with seam's header, and type schemas in
    /// `OUT/schema` (named `<package>.<Type>.json`, with a 2020-12 `$schema` and an `$id` ending
    /// in that name).
    generated: Vec<PathBuf>,
    /// Temporary files of seam's naming in the directories outputs go to.
    temporaries: Vec<PathBuf>,
}

impl ExistingTree {
    fn scan(out: &Path, crate_layout: bool, outputs: &[(PathBuf, String)]) -> ExistingTree {
        let mut files = Vec::new();
        let mut directories: BTreeSet<&Path> =
            outputs.iter().map(|(path, _)| parent_dir(path)).collect();
        let src = out.join("src");
        let schema = out.join("schema");
        if crate_layout {
            files.extend(regular_files(&src, true));
            directories.insert(&schema);
        }
        for directory in directories {
            files.extend(regular_files(directory, false));
        }
        files.sort();
        files.dedup();
        let mut tree = ExistingTree {
            generated: Vec::new(),
            temporaries: Vec::new(),
        };
        // A file this run writes is replaced or kept, never removed: only the others need their
        // content read to tell whether seam wrote them (reading every schema of a large set
        // took most of a no-change run).
        let wanted: BTreeSet<&Path> = outputs.iter().map(|(path, _)| path.as_path()).collect();
        for path in files {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if is_temporary_name(name) {
                tree.temporaries.push(path);
            } else if wanted.contains(path.as_path()) {
                continue;
            } else if crate_layout
                && ((path.starts_with(&src) && is_generated_rust(&path))
                    || (parent_dir(&path) == schema && is_generated_schema(&path, name)))
            {
                tree.generated.push(path);
            }
        }
        tree
    }
}

/// The regular files in `dir` (and below it, when `recursive`). Symbolic links are not
/// followed, so nothing outside the output directory is ever listed, let alone removed.
fn regular_files(dir: &Path, recursive: bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_file() {
                out.push(entry.path());
            } else if kind.is_dir() && recursive {
                stack.push(entry.path());
            }
        }
    }
    out
}

fn is_generated_rust(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "rs")
        && fs::read_to_string(path).is_ok_and(|text| text.starts_with(HEADER))
}

/// The `$schema` of every schema seam writes.
const JSON_SCHEMA_DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

fn is_generated_schema(path: &Path, name: &str) -> bool {
    let Some(qualified) = name.strip_suffix(".json") else {
        return false;
    };
    let Some((package, type_name)) = qualified.rsplit_once('.') else {
        return false;
    };
    let lower_word = |word: &str| {
        word.starts_with(|c: char| c.is_ascii_lowercase())
            && word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    let named_like_a_type_schema = package.split('.').all(lower_word)
        && type_name.starts_with(|c: char| c.is_ascii_uppercase())
        && type_name.chars().all(|c| c.is_ascii_alphanumeric());
    named_like_a_type_schema
        && fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<SchemaHead>(&bytes).ok())
            .is_some_and(|head| {
                head.schema.as_deref() == Some(JSON_SCHEMA_DRAFT)
                    && head.id.is_some_and(|id| id.ends_with(name))
            })
}

/// The two members of a schema file that say seam wrote it; the rest is skipped unread.
#[derive(serde::Deserialize)]
struct SchemaHead {
    #[serde(rename = "$schema")]
    schema: Option<String>,
    #[serde(rename = "$id")]
    id: Option<String>,
}

fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Distinguishes temporary files within one process; the process id distinguishes processes.
static TEMPORARY_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Whether `name` is one of seam's temporary files: `.<target>.seam-<pid>-<n>.tmp`. No output
/// has such a name ([`check_file_name`] refuses a leading `.`).
pub fn is_temporary_name(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp") && name.contains(".seam-")
}

/// Creates a new temporary file beside `target`, with a name no other process or call uses.
fn create_temporary(target: &Path) -> io::Result<(PathBuf, File)> {
    let dir = parent_dir(target);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The target's name is only a hint for whoever finds the file; it is cut so that the
    // temporary name stays within file name limits.
    let mut hint_end = name.len().min(64);
    while !name.is_char_boundary(hint_end) {
        hint_end -= 1;
    }
    let hint = &name[..hint_end];
    let mut attempts = 0;
    loop {
        let n = TEMPORARY_COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{hint}.seam-{}-{n}.tmp", std::process::id()));
        // `create_new` fails on anything already there (a file a killed process with the same
        // id left, or a symbolic link), so a temporary file is never shared or followed.
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 100 => attempts += 1,
            Err(e) => return Err(e),
        }
    }
}

/// A complete copy of a file's new content under a temporary name beside it, not yet in place.
/// Dropping it without [`StagedFile::commit`] removes the temporary file.
struct StagedFile {
    temp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl StagedFile {
    fn write(target: &Path, bytes: &[u8], durable: bool) -> io::Result<StagedFile> {
        fs::create_dir_all(parent_dir(target))?;
        let (temp, mut file) = create_temporary(target)?;
        let staged = StagedFile {
            temp,
            target: target.to_path_buf(),
            committed: false,
        };
        file.write_all(bytes)?;
        // A file someone made read-only stays read-only when its content is replaced.
        if let Ok(current) = fs::symlink_metadata(target) {
            if current.is_file() {
                file.set_permissions(current.permissions())?;
            }
        }
        if durable {
            // On disk before the rename, so that a power cut cannot leave the new name on
            // empty data.
            file.sync_all()?;
        }
        Ok(staged)
    }

    fn commit(mut self) -> io::Result<()> {
        fs::rename(&self.temp, &self.target)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for StagedFile {
    fn drop(&mut self) {
        if !self.committed {
            // Nothing better to do if this fails: the next run removes it.
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Makes renames durable: on Unix a rename changes the directory, which is synced on its own.
/// Best effort: some file systems refuse to sync a directory, and the rename is atomic either
/// way; only its survival of a power cut depends on this.
fn sync_directories(directories: &BTreeSet<PathBuf>) {
    #[cfg(unix)]
    for directory in directories {
        if let Ok(handle) = File::open(directory) {
            let _ = handle.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = directories;
}

/// Writes through a temporary file in the same directory and a rename, so that an
/// interrupted run leaves either the old file or the new one, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    StagedFile::write(path, bytes, true)?.commit()?;
    sync_directories(&BTreeSet::from([parent_dir(path).to_path_buf()]));
    Ok(())
}

/// An advisory lock on an output directory, held through [`LOCK_FILE`]. A writing run holds it
/// exclusively; `check` holds it shared when the file exists. On Unix the exclusive holder
/// removes the file before it lets go, so the file does not stay in the user's tree.
struct OutputLock {
    path: PathBuf,
    exclusive: bool,
    // Closing the file releases the lock; it is dropped after `drop` below has run.
    _file: File,
}

/// Where the lock file stands relative to a handle on it.
enum LockFileState {
    /// The path still names the locked file.
    Current,
    /// The path names nothing: its holder removed it.
    Gone,
    /// The path names a newer file.
    Replaced,
}

impl OutputLock {
    fn exclusive(out: &Path) -> Result<OutputLock, GenerateError> {
        fs::create_dir_all(out).map_err(|source| write_error(out, source))?;
        let path = out.join(LOCK_FILE);
        let error = |source| GenerateError::Lock {
            path: path.clone(),
            source,
        };
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(error)?;
            lock(&file, &path, true).map_err(error)?;
            // The previous holder may have removed the file after this run opened it: then this
            // lock is on a file no later run can find, and must be taken again.
            if let LockFileState::Current = lock_file_state(&file, &path).map_err(error)? {
                return Ok(OutputLock {
                    path,
                    exclusive: true,
                    _file: file,
                });
            }
        }
    }

    fn shared_if_present(out: &Path) -> Result<Option<OutputLock>, GenerateError> {
        let path = out.join(LOCK_FILE);
        let error = |source| GenerateError::Lock {
            path: path.clone(),
            source,
        };
        loop {
            let file = match File::open(&path) {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(error(e)),
            };
            lock(&file, &path, false).map_err(error)?;
            match lock_file_state(&file, &path).map_err(error)? {
                LockFileState::Current => {
                    return Ok(Some(OutputLock {
                        path,
                        exclusive: false,
                        _file: file,
                    }))
                }
                // The run that held it has finished; another may have started since, on a
                // new lock file: look again.
                LockFileState::Gone => {}
                LockFileState::Replaced => {}
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked: a run waiting on this file then finds it gone and takes
        // a new one. Shared holders never remove it, since a writer may be waiting behind them.
        if self.exclusive && cfg!(unix) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Takes the lock, saying on stderr when it has to wait (as cargo does), so that a run blocked
/// by another is not mistaken for a hung one.
#[cfg(any(unix, windows))]
fn lock(file: &File, path: &Path, exclusive: bool) -> io::Result<()> {
    // Called through the trait: `File` has inherent methods of the same names since Rust 1.89,
    // newer than this crate's minimum.
    let attempt = if exclusive {
        fs4::FileExt::try_lock(file)
    } else {
        fs4::FileExt::try_lock_shared(file)
    };
    match attempt {
        Ok(()) => Ok(()),
        Err(fs4::TryLockError::WouldBlock) => {
            eprintln!(
                "Blocking waiting for the lock on `{}`: another seam run is using this output directory",
                path.display()
            );
            if exclusive {
                fs4::FileExt::lock(file)
            } else {
                fs4::FileExt::lock_shared(file)
            }
        }
        Err(fs4::TryLockError::Error(e)) => Err(e),
    }
}

/// No advisory locks on this platform: runs are not serialised.
#[cfg(not(any(unix, windows)))]
fn lock(_file: &File, _path: &Path, _exclusive: bool) -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn lock_file_state(file: &File, path: &Path) -> io::Result<LockFileState> {
    use std::os::unix::fs::MetadataExt as _;
    let held = file.metadata()?;
    match fs::metadata(path) {
        Ok(named) if named.dev() == held.dev() && named.ino() == held.ino() => {
            Ok(LockFileState::Current)
        }
        Ok(_) => Ok(LockFileState::Replaced),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(LockFileState::Gone),
        Err(e) => Err(e),
    }
}

/// Elsewhere the lock file is never removed, so the path always names the locked file.
#[cfg(not(unix))]
fn lock_file_state(_file: &File, _path: &Path) -> io::Result<LockFileState> {
    Ok(LockFileState::Current)
}
