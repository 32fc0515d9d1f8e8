//! The `seam` command line: `seam check` and `seam fmt`.
//!
//! Exit status: 0 when all is well (warnings allowed), 1 when the contracts have errors or
//! `fmt --check` finds unformatted files, 2 when the command could not run (bad usage, an
//! unreadable path).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use seam_codegen::{render, source};

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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { paths, format } => run_check(&paths, format),
        Command::Fmt { check, paths } => run_fmt(&paths, check),
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
                    write_atomically(&path, formatted.as_bytes())
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

/// Writes through a temporary file in the same directory and a rename, so that an interrupted
/// run leaves either the old file or the new one.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
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
