//! seam's contract compiler.
//!
//! The pipeline, in the order a contract set goes through it:
//!
//! ```text
//! load + parse  (source, parse)   .ir text  -> syntax trees with spans   (ast)
//! resolve       (resolve)         syntax trees -> one resolved model       (model)
//! emit          (format, ...)     model or trees -> text
//! ```
//!
//! [`check`] runs the first two stages and returns the model with every diagnostic found.
//! Each stage has its own types: no pest type leaves [`parse`], and the model holds no syntax
//! tree, only names, types, values and [`model::Origin`]s.
//!
//! ```no_run
//! let compilation = seam_codegen::check_paths(&["idl".into()]).expect("readable paths");
//! for diagnostic in compilation.rendered_text() {
//!     eprint!("{diagnostic}");
//! }
//! ```

#![forbid(unsafe_code)]

pub mod ast;
pub mod breaking;
pub mod diagnostic;
pub mod emit;
pub mod example;
pub mod format;
pub mod generate;
pub mod model;
mod parallel;
pub mod parse;
pub mod render;
pub mod resolve;
pub mod source;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use diagnostic::{Diagnostic, Diagnostics};
use model::ContractSet;
use resolve::ParsedFile;
use source::{DiskSources, FileId, SourceMap, SourceProvider};

/// Errors that stop the compiler before it can look at the contracts (exit status 2 in the CLI).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no `.ir` files found in {0}")]
    NoFiles(String),
}

/// The result of checking a contract set.
#[derive(Debug, Clone)]
pub struct Compilation {
    pub sources: SourceMap,
    /// The resolved model; complete only when [`Compilation::has_errors`] is false.
    pub model: ContractSet,
    /// Every diagnostic, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compilation {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Each diagnostic rendered as text.
    pub fn rendered_text(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .map(|d| render::render_text(&self.sources, d))
            .collect()
    }

    /// A one-line summary of what was checked.
    pub fn summary(&self) -> String {
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = self.diagnostics.len() - errors;
        format!(
            "{}, {}, {}: {}, {}",
            plural(self.sources.len(), "file"),
            plural(self.model.packages.len(), "package"),
            plural(self.model.types.len(), "type"),
            plural(errors, "error"),
            plural(warnings, "warning"),
        )
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Parses the given files and every file they import, following imports through `provider`.
/// Files are parsed in path order; an import that cannot be read is left for the resolver to
/// report as `import-not-found`.
pub fn parse_contract_set(
    provider: &dyn SourceProvider,
    roots: &[PathBuf],
) -> Result<(SourceMap, Vec<ParsedFile>, Diagnostics), Error> {
    let mut sources = SourceMap::default();
    let mut parsed = Vec::new();
    let mut diagnostics = Diagnostics::default();
    let mut queue: BTreeSet<PathBuf> = roots.iter().map(|p| source::normalize_path(p)).collect();
    let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
    let mut is_root = true;
    while !queue.is_empty() {
        let batch = std::mem::take(&mut queue);
        let mut read = Vec::with_capacity(batch.len());
        for path in batch {
            if !seen.insert(path.clone()) {
                continue;
            }
            let text = match provider.read(&path) {
                Ok(text) => text,
                Err(source) if is_root => return Err(Error::Read { path, source }),
                Err(_) => continue,
            };
            read.push((path.clone(), sources.add(path, text)));
        }
        let results = parse_files(&sources, &read);
        for ((path, id), result) in read.into_iter().zip(results) {
            let ast = match result {
                Ok(ast) => {
                    for import in &ast.imports {
                        let target = source::resolve_import_path(&path, &import.path.value);
                        if !seen.contains(&target) {
                            queue.insert(target);
                        }
                    }
                    Some(ast)
                }
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    None
                }
            };
            parsed.push(ParsedFile { id, ast });
        }
        is_root = false;
    }
    Ok((sources, parsed, diagnostics))
}

/// Parses the files of one batch in parallel (each file's syntax tree depends on its text
/// alone), in the order given.
#[allow(clippy::result_large_err)] // one error per file, as in `parse::parse_file`
fn parse_files(
    sources: &SourceMap,
    files: &[(PathBuf, FileId)],
) -> Vec<Result<ast::File, Diagnostic>> {
    parallel::map_in_order(files, |(_, id)| {
        parse::parse_file(*id, &sources.get(*id).text)
    })
}

/// Parses and resolves a contract set read through `provider`.
pub fn check(provider: &dyn SourceProvider, roots: &[PathBuf]) -> Result<Compilation, Error> {
    let (sources, parsed, mut diagnostics) = parse_contract_set(provider, roots)?;
    let resolved = resolve::resolve(&sources, &parsed);
    diagnostics.extend(resolved.diagnostics);
    let diagnostics = diagnostics.sorted(&sources);
    Ok(Compilation {
        sources,
        model: resolved.model,
        diagnostics,
    })
}

/// Checks the `.ir` files found under `paths` (files or directories) on disk.
pub fn check_paths(paths: &[PathBuf]) -> Result<Compilation, Error> {
    let files = source::discover_files(paths).map_err(|source| Error::Read {
        path: paths.first().cloned().unwrap_or_default(),
        source,
    })?;
    if files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        return Err(Error::NoFiles(shown.join(", ")));
    }
    let mut compilation = check(&DiskSources, &files)?;
    // The model's origins are relative to the contract set's directory, so that outputs (the
    // contract index, the docs page) do not depend on the path the set was reached by.
    if let [dir] = paths {
        if dir.is_dir() {
            relativize_origins(&mut compilation.model, &source::normalize_path(dir));
        }
    }
    Ok(compilation)
}

fn relativize_origins(model: &mut ContractSet, base: &Path) {
    let relative = |file: &mut String| {
        if let Ok(rest) = Path::new(file.as_str()).strip_prefix(base) {
            *file = rest.to_string_lossy().replace('\\', "/");
        }
    };
    for package in model.packages.values_mut() {
        package.files.iter_mut().for_each(relative);
    }
    for def in model.types.values_mut() {
        relative(&mut def.origin.file);
        if let model::TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                relative(&mut field.origin.file);
            }
        }
    }
}
