//! The `seam` command line: `seam check`, `seam fmt`, `seam breaking` and the generators.
//!
//! Exit status: 0 when all is well (warnings allowed), 1 when the contracts have errors or
//! `fmt --check` finds unformatted files, 2 when the command could not run (bad usage, an
//! unreadable path).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use seam_codegen::{breaking, render, source};

#[derive(Parser)]
#[command(
    name = "seam",
    version,
    about = "Schema-first contract compiler: one set of .ir files, every output derived from it."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a contract set and report every problem.
    Check {
        /// `.ir` files or directories to check.
        #[arg(default_value = "idl")]
        paths: Vec<PathBuf>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Generate Rust code (and, later, schemas and docs) from a contract set.
    Generate {
        /// The directory of `.ir` files.
        #[arg(default_value = "idl")]
        idl_dir: PathBuf,
        /// Where to write the outputs.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// Write nothing; list the files that differ and exit 1 if any does.
        #[arg(long)]
        check: bool,
        /// Sync every written file to disk (outputs survive a power cut, not only a killed run).
        #[arg(long)]
        durable: bool,
    },
    /// Print the resolved model of a contract set as JSON (for tools and the differential tests).
    Model {
        /// The directory of `.ir` files.
        #[arg(default_value = "idl")]
        idl_dir: PathBuf,
    },
    /// Write a static, self-contained HTML reference of a contract set (`index.html`).
    Docs {
        /// The directory of `.ir` files.
        #[arg(default_value = "idl")]
        idl_dir: PathBuf,
        /// Where to write the page.
        #[arg(long, default_value = "generated/docs")]
        out: PathBuf,
        /// The page's title (default: the title in `seam.toml` beside the contracts).
        #[arg(long)]
        title: Option<String>,
    },
    /// Compare a contract set with an older one and report breaking changes (exit 1 if any).
    Breaking {
        /// The old contract set: a directory, or `git:REV` to read NEW's directory at a git
        /// revision (no checkout).
        #[arg(long)]
        against: String,
        /// The new contract set's directory.
        #[arg(default_value = "idl")]
        new: PathBuf,
        /// How to print the report.
        #[arg(long, value_enum, default_value_t = BreakingFormat::Text)]
        format: BreakingFormat,
    },
    /// Rewrite `.ir` files in the canonical layout.
    Fmt {
        /// Report files that are not formatted instead of rewriting them (exit 1 if any).
        #[arg(long)]
        check: bool,
        /// `.ir` files or directories to format.
        #[arg(default_value = "idl")]
        paths: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum BreakingFormat {
    Text,
    Json,
    /// GitHub Actions workflow commands (`::error file=...`), for gating a pull request.
    Github,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { paths, format } => run_check(&paths, format),
        Command::Fmt { check, paths } => run_fmt(&paths, check),
        Command::Breaking {
            against,
            new,
            format,
        } => run_breaking(&against, &new, format),
        Command::Generate {
            idl_dir,
            out,
            check,
            durable,
        } => run_generate(&idl_dir, &out, check, durable),
        Command::Model { idl_dir } => run_model(&idl_dir),
        Command::Docs {
            idl_dir,
            out,
            title,
        } => run_docs(&idl_dir, &out, title.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run_check(paths: &[PathBuf], format: Format) -> Result<ExitCode, String> {
    let compilation = seam_codegen::check_paths(paths).map_err(|e| e.to_string())?;
    match format {
        Format::Text => {
            let stderr = std::io::stderr();
            let mut err = stderr.lock();
            for text in compilation.rendered_text() {
                let _ = write!(err, "{text}");
            }
            println!("{}", compilation.summary());
        }
        Format::Json => {
            let diagnostics: Vec<render::JsonDiagnostic> = compilation
                .diagnostics
                .iter()
                .map(|d| render::to_json(&compilation.sources, d))
                .collect();
            let errors = compilation
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .count();
            let report = serde_json::json!({
                "summary": {
                    "files": compilation.sources.len(),
                    "packages": compilation.model.packages.len(),
                    "types": compilation.model.types.len(),
                    "errors": errors,
                    "warnings": compilation.diagnostics.len() - errors,
                },
                "diagnostics": diagnostics,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
            );
        }
    }
    Ok(if compilation.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Checks one side of `seam breaking`; `None` (after printing the diagnostics) when it has errors.
fn breaking_side(
    compilation: seam_codegen::Compilation,
    label: &str,
    base: &Path,
) -> Option<(seam_codegen::model::ContractSet, breaking::SideSources)> {
    if compilation.has_errors() {
        for text in compilation.rendered_text() {
            eprint!("{text}");
        }
        eprintln!("error: the {label} contracts have errors; nothing was compared");
        return None;
    }
    let sources = breaking::SideSources::new(label, &compilation.sources, base);
    Some((compilation.model, sources))
}

/// Reads the `.ir` files under `dir` at git revision `rev` into memory and checks them.
fn check_git(rev: &str, dir: &Path) -> Result<seam_codegen::Compilation, String> {
    let git = |args: &[&str]| -> Result<String, String> {
        let output = std::process::Command::new("git")
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "`git {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        String::from_utf8(output.stdout).map_err(|e| format!("git output is not UTF-8: {e}"))
    };
    let dir_text = dir.to_string_lossy().replace('\\', "/");
    // Paths are listed relative to the current directory, as `dir` is.
    let listing = git(&["ls-tree", "-r", "--name-only", rev, "--", &dir_text])?;
    let mut memory = source::MemorySources::new();
    let mut roots = Vec::new();
    for path in listing.lines().filter(|p| p.ends_with(".ir")) {
        let text = git(&["show", &format!("{rev}:./{path}")])?;
        memory.insert(path, text);
        roots.push(source::normalize_path(Path::new(path)));
    }
    if roots.is_empty() {
        return Err(format!(
            "no `.ir` files in `{dir_text}` at git revision `{rev}`"
        ));
    }
    roots.sort();
    let mut compilation = seam_codegen::check(&memory, &roots).map_err(|e| e.to_string())?;
    breaking::relativize_origins(&mut compilation.model, dir);
    Ok(compilation)
}

fn run_breaking(against: &str, new_dir: &Path, format: BreakingFormat) -> Result<ExitCode, String> {
    let old = match against.strip_prefix("git:") {
        Some(rev) => {
            let compilation = check_git(rev, new_dir)?;
            breaking_side(
                compilation,
                &format!("{against}:{}", new_dir.display()),
                new_dir,
            )
        }
        None => {
            let dir = PathBuf::from(against);
            let compilation =
                seam_codegen::check_paths(std::slice::from_ref(&dir)).map_err(|e| e.to_string())?;
            breaking_side(compilation, against, &dir)
        }
    };
    let new_label = new_dir.display().to_string();
    let new = seam_codegen::check_paths(&[new_dir.to_path_buf()]).map_err(|e| e.to_string())?;
    let new = breaking_side(new, &new_label, new_dir);
    let (Some((old_model, old_sources)), Some((new_model, new_sources))) = (old, new) else {
        return Ok(ExitCode::from(1));
    };
    let findings = breaking::compare(&old_model, &new_model);
    match format {
        BreakingFormat::Text => print!(
            "{}",
            breaking::render_text(&findings, &old_sources, &new_sources)
        ),
        BreakingFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&breaking::to_json(&findings))
                .map_err(|e| e.to_string())?
        ),
        BreakingFormat::Github => {
            let old_base = if against.starts_with("git:") {
                new_dir.display().to_string()
            } else {
                against.to_string()
            };
            print!(
                "{}",
                breaking::render_github(&findings, &old_base, &new_dir.display().to_string())
            )
        }
    }
    Ok(if !breaking::is_breaking(&findings) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn run_model(idl_dir: &Path) -> Result<ExitCode, String> {
    let compilation =
        seam_codegen::check_paths(&[idl_dir.to_path_buf()]).map_err(|e| e.to_string())?;
    if compilation.has_errors() {
        for text in compilation.rendered_text() {
            eprint!("{text}");
        }
        return Ok(ExitCode::from(1));
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&compilation.model).map_err(|e| e.to_string())?
    );
    Ok(ExitCode::SUCCESS)
}

fn run_generate(
    idl_dir: &Path,
    out: &Path,
    check: bool,
    durable: bool,
) -> Result<ExitCode, String> {
    use seam_codegen::generate::{GenerateError, Generator};
    let mut generator = Generator::new(idl_dir, out).check(check).durable(durable);
    if std::env::var_os(PAUSE_AFTER_STEPS).is_some() {
        generator = generator.after_each_step(pause_for_fault_tests);
    }
    match generator.run() {
        Ok(report) => {
            for path in report.changed.iter().chain(&report.removed) {
                println!("{}", path.display());
            }
            println!("{}", report.summary(check));
            let differs = !report.changed.is_empty() || !report.removed.is_empty();
            Ok(if check && differs {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Err(GenerateError::Invalid { rendered, count }) => {
            eprint!("{rendered}");
            eprintln!("error: {count} error(s) in the contracts; nothing was generated");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.to_string()),
    }
}

/// For fault-injection tests only (`codegen/tests/generate_faults.rs`): with
/// `SEAM_TEST_PAUSE_AFTER_STEPS=N`, `seam generate` stops after its N-th change to the output
/// directory (0: the lock is held and nothing is changed yet), says so on stderr, and waits until
/// its standard input is closed, so that a test can kill it at an exact point or hold the lock.
/// When the variable is unset, or another step is reached, nothing happens.
const PAUSE_AFTER_STEPS: &str = "SEAM_TEST_PAUSE_AFTER_STEPS";

fn pause_for_fault_tests(steps: u64) {
    let wanted = std::env::var(PAUSE_AFTER_STEPS)
        .ok()
        .and_then(|value| value.trim().parse::<u64>().ok());
    if wanted == Some(steps) {
        eprintln!("seam: paused after {steps} steps ({PAUSE_AFTER_STEPS})");
        // Waits for end of input; a read error also ends the pause.
        let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
    }
}

fn run_docs(idl_dir: &Path, out: &Path, title: Option<&str>) -> Result<ExitCode, String> {
    let info = seam_codegen::generate::read_set_info(idl_dir).map_err(|e| e.to_string())?;
    let title = title.unwrap_or(&info.title);
    let compilation =
        seam_codegen::check_paths(&[idl_dir.to_path_buf()]).map_err(|e| e.to_string())?;
    if compilation.has_errors() {
        for text in compilation.rendered_text() {
            eprint!("{text}");
        }
        eprintln!("error: the contracts have errors; no docs were written");
        return Ok(ExitCode::from(1));
    }
    let mut files = seam_codegen::emit::docs::emit_docs(&compilation.model, title)
        .map_err(|e| e.to_string())?;
    // The page links to `openapi.json` beside it: write it there too.
    let schemas = seam_codegen::emit::schema::emit_schemas(&compilation.model, &info);
    if let Some(openapi) = schemas.get(Path::new("openapi.json")) {
        files.insert(PathBuf::from("openapi.json"), openapi.clone());
    }
    for (relative, text) in &files {
        let path = out.join(relative);
        // Like `generate`, rewrite a file only when its content changes.
        if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            println!("unchanged {}", path.display());
            continue;
        }
        seam_codegen::generate::write_atomically(&path, text.as_bytes())
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn run_fmt(paths: &[PathBuf], check: bool) -> Result<ExitCode, String> {
    let files = source::discover_files(paths).map_err(|e| e.to_string())?;
    let mut unformatted = Vec::new();
    let mut failed = false;
    let mut sources = source::SourceMap::default();
    for path in files {
        let text = source::SourceProvider::read(&source::DiskSources, &path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        match seam_codegen::format::format_source(&text) {
            Ok(formatted) if formatted == text => {}
            Ok(formatted) => {
                if check {
                    println!("{}", path.display());
                } else {
                    seam_codegen::generate::write_atomically(&path, formatted.as_bytes())
                        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
                    println!("formatted {}", path.display());
                }
                unformatted.push(path);
            }
            Err(mut diagnostic) => {
                let id = sources.add(path.clone(), text);
                diagnostic.primary.file = id;
                eprintln!("{}", render::render_text(&sources, &diagnostic));
                failed = true;
            }
        }
    }
    if check && !unformatted.is_empty() {
        eprintln!(
            "{} file(s) are not formatted; run `seam fmt` to fix them",
            unformatted.len()
        );
    }
    Ok(if failed || (check && !unformatted.is_empty()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
