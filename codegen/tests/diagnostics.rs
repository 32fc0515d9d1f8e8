//! Diagnostics fixtures: every case under `tests/diagnostics/` is a directory of `.ir` files
//! named `<code>__<what>`. The test checks the set, asserts that it reports the code the name
//! promises, and snapshots the rendered diagnostics (text and JSON) with insta.
//!
//! Update the snapshots after an intended change with `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p seam-codegen --test diagnostics`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use seam_codegen::diagnostic::Code;
use seam_codegen::render;

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/diagnostics exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// The code a case promises, from its directory name (`unknown-type__qualified`).
fn promised_code(case: &Path) -> Code {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let code = name.split("__").next().unwrap();
    *Code::ALL
        .iter()
        .find(|c| c.as_str() == code)
        .unwrap_or_else(|| panic!("case `{name}` does not start with a diagnostic code"))
}

/// Checks one case with paths relative to the crate, so snapshots do not depend on where the
/// repository is checked out.
fn check_case(case: &Path) -> (String, seam_codegen::Compilation) {
    let relative = case
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_path_buf();
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let compilation = seam_codegen::check_paths(&[relative]).expect("the case is readable");
    let mut text = String::new();
    for rendered in compilation.rendered_text() {
        text.push_str(&rendered);
    }
    text.push_str(&compilation.summary());
    text.push('\n');
    (text, compilation)
}

#[test]
fn every_case_reports_its_code_and_matches_its_snapshot() {
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let code = promised_code(&case);
        let (text, compilation) = check_case(&case);
        if !compilation.diagnostics.iter().any(|d| d.code == code) {
            failures.push(format!(
                "{name}: expected a `{code}` diagnostic, got:\n{text}"
            ));
        }
        let json: Vec<render::JsonDiagnostic> = compilation
            .diagnostics
            .iter()
            .map(|d| render::to_json(&compilation.sources, d))
            .collect();
        insta::with_settings!({
            snapshot_path => "snapshots/diagnostics",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name.clone(), text);
            insta::assert_json_snapshot!(format!("{name}.json"), json);
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_code_has_a_fixture() {
    let covered: BTreeSet<Code> = cases().iter().map(|c| promised_code(c)).collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| !covered.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a fixture under tests/diagnostics: {missing:?}"
    );
}

#[test]
fn diagnostics_are_sorted_by_file_and_position() {
    for case in cases() {
        let (_, compilation) = check_case(&case);
        let keys: Vec<(String, usize)> = compilation
            .diagnostics
            .iter()
            .map(|d| {
                (
                    compilation
                        .sources
                        .get(d.primary.file)
                        .path
                        .display()
                        .to_string(),
                    d.primary.span.start,
                )
            })
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{}", case.display());
    }
}

#[test]
fn every_diagnostic_quoted_in_the_docs_is_current() {
    // docs/diagnostics.md quotes rendered diagnostics; each quoted one must still be produced,
    // word for word, by some fixture, so the page cannot drift from the compiler.
    let docs = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/diagnostics.md"),
    )
    .unwrap();
    let snapshots_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/diagnostics");
    let mut snapshots = String::new();
    for entry in std::fs::read_dir(snapshots_dir).unwrap() {
        snapshots.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    let mut quoted = 0;
    let mut stale = Vec::new();
    for block in docs.split("```text\n").skip(1) {
        let block = block.split("```").next().unwrap();
        // A block may hold several diagnostics; each starts with `error[` or `warning[`.
        let mut current = String::new();
        for line in block.lines().chain(std::iter::once("error[end]")) {
            if (line.starts_with("error[") || line.starts_with("warning[")) && !current.is_empty() {
                let diagnostic = current.trim_end().to_string();
                quoted += 1;
                if !snapshots.contains(&diagnostic) {
                    stale.push(diagnostic);
                }
                current.clear();
            }
            if line.starts_with("error[") || line.starts_with("warning[") || !current.is_empty() {
                current.push_str(line);
                current.push('\n');
            }
        }
    }
    assert!(
        quoted >= Code::ALL.len(),
        "the docs quote a diagnostic for every code ({quoted} found)"
    );
    assert!(
        stale.is_empty(),
        "docs/diagnostics.md quotes diagnostics no fixture produces:\n\n{}",
        stale.join("\n\n")
    );
}
