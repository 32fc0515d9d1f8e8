//! The `.ir` front end on one edited contract file, for the `ir_front_end` fuzz target and its
//! regression test: like `codegen/tests/support/mutate.rs`'s `exercise` (the robustness test),
//! but only the edited file is a root, so a run reads that file and what it imports, not the
//! whole contract set (a fuzzer tries many more inputs per second).

use std::path::PathBuf;

/// The contracts of `idl/`, as `(idl/<path>, text)`, sorted.
pub fn idl_corpus() -> Vec<(PathBuf, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    seam_codegen::source::discover_files(&[root.join("idl")])
        .expect("idl/ is readable")
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            let relative = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
            (relative, text)
        })
        .collect()
}

/// The corpus file `place` names (`cli.config.ir` is `idl/cli/config.ir`), as an index.
pub fn place_index(corpus: &[(PathBuf, String)], place: &str) -> Option<usize> {
    corpus
        .iter()
        .position(|(path, _)| place_name(path) == place)
}

/// `idl/cli/config.ir` -> `cli.config.ir`.
pub fn place_name(path: &std::path::Path) -> String {
    path.strip_prefix("idl")
        .unwrap_or(path)
        .to_string_lossy()
        .replace(['/', '\\'], ".")
}

/// Checks `text` as file `index` of `corpus` (or as `input.ir` alone when `index` is `None`):
/// parse and resolve it and what it imports, render every diagnostic as text and JSON, and
/// format it; formatting must be idempotent. Panics on a bug; returns the diagnostics count.
pub fn exercise(corpus: &[(PathBuf, String)], index: Option<usize>, text: &str) -> usize {
    let mut sources = seam_codegen::source::MemorySources::new();
    let root = match index {
        Some(index) => {
            for (i, (path, original)) in corpus.iter().enumerate() {
                let content = if i == index { text } else { original };
                sources.insert(path.clone(), content.to_string());
            }
            corpus[index].0.clone()
        }
        None => {
            sources.insert(PathBuf::from("input.ir"), text.to_string());
            PathBuf::from("input.ir")
        }
    };
    let compilation =
        seam_codegen::check(&sources, &[root]).expect("in-memory sources are readable");
    for diagnostic in &compilation.diagnostics {
        let _ = seam_codegen::render::render_text(&compilation.sources, diagnostic);
        let _ = seam_codegen::render::to_json(&compilation.sources, diagnostic);
    }
    if let Ok(formatted) = seam_codegen::format::format_source(text) {
        let again = seam_codegen::format::format_source(&formatted).expect("formatted text parses");
        assert_eq!(formatted, again, "formatting is not idempotent");
    }
    compilation.diagnostics.len()
}
