//! `seam fmt` fixtures: every file under `tests/format/` is formatted and the result
//! snapshotted. For each one the test also checks that formatting is idempotent, keeps every
//! comment and doc comment, and leaves the meaning (the resolved model) unchanged.

use std::path::{Path, PathBuf};

use seam_codegen::format::{format_source, scan_comments};
use seam_codegen::source::MemorySources;

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/format");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ir"))
        .collect();
    files.sort();
    files
}

/// The model of a single file as JSON, without source positions (which formatting moves).
fn model_without_origins(text: &str) -> serde_json::Value {
    let mut sources = MemorySources::new();
    sources.insert("f.ir", text);
    let compilation = seam_codegen::check(&sources, &["f.ir".into()]).expect("in memory");
    let mut value = serde_json::to_value(&compilation.model).unwrap();
    strip_origins(&mut value);
    value
}

fn strip_origins(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("origin");
            map.values_mut().for_each(strip_origins);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_origins),
        _ => {}
    }
}

fn doc_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("///") && !l.starts_with("////"))
        .map(|l| l.trim_end().to_string())
        .collect()
}

/// Asserts the properties every formatting must have.
fn assert_format_properties(name: &str, input: &str, formatted: &str) {
    let again = format_source(formatted)
        .unwrap_or_else(|d| panic!("{name}: formatted text does not parse: {}", d.message));
    assert_eq!(formatted, again, "{name}: formatting is not idempotent");
    let before: Vec<String> = scan_comments(input).into_iter().map(|c| c.text).collect();
    let after: Vec<String> = scan_comments(formatted)
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert_eq!(
        before, after,
        "{name}: comments were lost, changed or reordered"
    );
    assert_eq!(
        doc_lines(input),
        doc_lines(formatted),
        "{name}: doc comments were lost or changed"
    );
    assert_eq!(
        model_without_origins(input),
        model_without_origins(formatted),
        "{name}: formatting changed the meaning"
    );
}

#[test]
fn fixtures_format_to_their_snapshots() {
    for path in fixtures() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let input = std::fs::read_to_string(&path).unwrap();
        let formatted = format_source(&input).unwrap_or_else(|d| panic!("{name}: {}", d.message));
        assert_format_properties(&name, &input, &formatted);
        insta::with_settings!({
            snapshot_path => "snapshots/format",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, formatted);
        });
    }
}

#[test]
fn every_idl_file_is_a_fixed_point() {
    let idl = Path::new(env!("CARGO_MANIFEST_DIR")).join("../idl");
    let files = seam_codegen::source::discover_files(&[idl]).unwrap();
    assert!(files.len() >= 10, "idl/ holds the platform's contracts");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let formatted = format_source(&text).unwrap();
        assert_eq!(
            text,
            formatted,
            "{} is not formatted: run `seam fmt idl`",
            path.display()
        );
        assert_format_properties(&path.display().to_string(), &text, &formatted);
    }
}

#[test]
fn a_file_with_a_syntax_error_is_reported_not_formatted() {
    let error = format_source("package a;\nstruct X { a: int }\n").unwrap_err();
    assert_eq!(error.code.as_str(), "syntax");
}
