//! The Rust emitter writes laid-out code itself (no re-parsing, no pretty-printer on the hot
//! path): every file it emits, for every contract set of the repository and a synthetic one,
//! must parse as Rust, and keep the layout (four-space indents, no tabs or trailing spaces, one
//! blank line at most between items, a final newline). The checked-in crate's modules are
//! `#[rustfmt::skip]`; its root, which `cargo fmt` does format, must stay as `rustfmt` leaves it
//! (checked in CI by `cargo fmt --check`). That the code also compiles, whatever the contracts
//! call their types, is the conformance crate's job (`conformance/names/`).

#[path = "../benches/support/synth.rs"]
mod synth;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use seam_codegen::emit::rust::{emit_rust, emit_rust_single_file};
use seam_codegen::source::MemorySources;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn model_of(dir: &Path) -> seam_codegen::model::ContractSet {
    let compilation = seam_codegen::check_paths(&[dir.to_path_buf()]).expect("readable");
    assert!(
        !compilation.has_errors(),
        "{}: {:?}",
        dir.display(),
        compilation.rendered_text()
    );
    compilation.model
}

fn synthetic_model() -> seam_codegen::model::ContractSet {
    let set = synth::generate(3, 40);
    let mut sources = MemorySources::new();
    let roots: Vec<PathBuf> = set.iter().map(|(p, _)| p.clone()).collect();
    for (path, text) in set {
        sources.insert(path, text);
    }
    let compilation = seam_codegen::check(&sources, &roots).expect("in memory");
    assert!(!compilation.has_errors());
    compilation.model
}

/// Every contract set the repository has, by name.
fn models() -> BTreeMap<&'static str, seam_codegen::model::ContractSet> {
    BTreeMap::from([
        ("idl", model_of(&root().join("idl"))),
        ("conformance", model_of(&root().join("conformance/idl"))),
        ("names", model_of(&root().join("conformance/names"))),
        ("synthetic", synthetic_model()),
    ])
}

fn check_layout(name: &str, text: &str) {
    if let Err(error) = syn::parse_file(text) {
        let line = error.span().start().line;
        let context: Vec<&str> = text.lines().skip(line.saturating_sub(3)).take(5).collect();
        panic!(
            "{name} does not parse: {error} at line {line}:\n{}",
            context.join("\n")
        );
    }
    assert!(text.ends_with('\n'), "{name}: no final newline");
    assert!(!text.ends_with("\n\n"), "{name}: blank lines at the end");
    assert!(!text.contains("\n\n\n"), "{name}: two blank lines in a row");
    for (number, line) in text.lines().enumerate() {
        let at = || format!("{name}:{}: {line:?}", number + 1);
        assert!(!line.contains('\t'), "a tab at {}", at());
        assert!(!line.ends_with(' '), "trailing spaces at {}", at());
        let indent = line.len() - line.trim_start_matches(' ').len();
        assert!(indent % 4 == 0, "an indent of {indent} at {}", at());
    }
}

#[test]
fn every_emitted_file_parses_and_keeps_the_layout() {
    for (set, model) in models() {
        let files = emit_rust(&model).expect("emits");
        assert!(files.len() > 2, "{set}: {} files", files.len());
        for (path, text) in &files {
            check_layout(&format!("{set}/{}", path.display()), text);
        }
        let single = emit_rust_single_file(&model).expect("emits");
        check_layout(&format!("{set} (single file)"), &single);
    }
}

#[test]
fn emission_is_deterministic() {
    // Modules are rendered on several threads: the output must not depend on it.
    let model = synthetic_model();
    let first = emit_rust(&model).unwrap();
    for _ in 0..3 {
        assert_eq!(emit_rust(&model).unwrap(), first);
    }
}
