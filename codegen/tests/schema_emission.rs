//! `emit_schemas` assembles the schema files, the bundle, `openapi.json` and `contract_index.json`
//! from definitions printed once each; `emit_schemas_by_value` builds every file as one
//! `serde_json::Value` and prints it. They must give the same bytes, on the repository's
//! contracts, the conformance set, a synthetic set like the benchmarks', and edge cases.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use seam_codegen::emit::schema::{emit_schemas, emit_schemas_by_value, SetInfo};
use seam_codegen::source::MemorySources;
use seam_codegen::Compilation;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn check_dir(dir: &Path) -> Compilation {
    let compilation = seam_codegen::check_paths(&[dir.to_path_buf()]).expect("readable");
    assert!(
        !compilation.has_errors(),
        "{}",
        compilation.rendered_text().concat()
    );
    compilation
}

fn check_memory(files: Vec<(PathBuf, String)>) -> Compilation {
    let roots: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let mut sources = MemorySources::new();
    for (path, text) in files {
        sources.insert(path, text);
    }
    let compilation = seam_codegen::check(&sources, &roots).expect("in memory");
    assert!(
        !compilation.has_errors(),
        "{}",
        compilation.rendered_text().concat()
    );
    compilation
}

/// Both constructions, compared file by file (the first difference is shown, not 300 MB).
fn assert_same_output(compilation: &Compilation, info: &SetInfo) -> BTreeMap<PathBuf, String> {
    let fast = emit_schemas(&compilation.model, info);
    let reference = emit_schemas_by_value(&compilation.model, info);
    let fast_paths: Vec<&PathBuf> = fast.keys().collect();
    let reference_paths: Vec<&PathBuf> = reference.keys().collect();
    assert_eq!(fast_paths, reference_paths);
    for (path, text) in &reference {
        let other = &fast[path];
        if other != text {
            let at = text
                .bytes()
                .zip(other.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(text.len().min(other.len()));
            let context = |s: &str| {
                let bytes = &s.as_bytes()[at.saturating_sub(80)..(at + 80).min(s.len())];
                String::from_utf8_lossy(bytes).into_owned()
            };
            panic!(
                "{} differs at byte {at} (lengths {} and {}):\nby value: {:?}\nemitted:  {:?}",
                path.display(),
                text.len(),
                other.len(),
                context(text),
                context(other)
            );
        }
    }
    fast
}

#[test]
fn repository_contracts() {
    let dir = root().join("idl");
    let info = seam_codegen::generate::read_set_info(&dir).expect("idl/seam.toml");
    let files = assert_same_output(&check_dir(&dir), &info);
    // The check covers every kind of output.
    for path in ["schema/bundle.json", "openapi.json", "contract_index.json"] {
        assert!(files.contains_key(Path::new(path)), "{path}");
    }
    assert!(files
        .keys()
        .any(|p| p.ends_with("cache.policy.CachePolicyPatch.json")));
}

#[test]
fn conformance_contracts() {
    assert_same_output(
        &check_dir(&root().join("conformance/idl")),
        &SetInfo::default(),
    );
}

#[test]
fn synthetic_set_with_names_and_settings_that_need_escaping() {
    // Five packages of 60 types: long reference chains within and across packages, as in the
    // benchmarks, with a title and `$id` base that JSON must escape.
    let info = SetInfo {
        title: "Tést \"contracts\" \\ \u{1}".into(),
        version: "1.0.0-\"rc\"".into(),
        schema_id: "urn:\"x\"/é\\".into(),
    };
    let compilation = check_memory(synth::generate(5, 60));
    let files = assert_same_output(&compilation, &info);
    assert_eq!(files.len(), 5 * 60 + 3);
}

#[test]
fn empty_contract_set() {
    // No types: the bundle's `$defs`, OpenAPI's `schemas` and the index's `types` are empty
    // (`{}` and `[]` in serde_json's pretty form).
    let compilation = check_memory(vec![(
        PathBuf::from("e.ir"),
        "/// Nothing here.\npackage e;\n".into(),
    )]);
    let files = assert_same_output(&compilation, &SetInfo::default());
    assert!(files[Path::new("schema/bundle.json")].contains("\"$defs\": {},"));
    assert!(files[Path::new("contract_index.json")].contains("\"types\": [],"));
}

#[test]
fn a_ref_inside_a_default_is_followed_as_the_reference_follows_it() {
    // `collect_refs` reads every `$ref` in a definition, a default's included; the one here names
    // a type that does not exist, whose definition is `{}`. Package `a.b` nests in `a`, so names
    // share prefixes (`a.Z`, `a.b.C`); a doc comment needs escaping; floats are printed by ryu.
    let compilation = check_memory(vec![
        (
            PathBuf::from("a.ir"),
            concat!(
                "package a;\n",
                "import \"b.ir\";\n",
                "@patch\nstruct Z {\n",
                "    extra: map<str, str> = {\"$ref\": \"#/$defs/ghost.Nowhere\"};\n",
                "    c: a.b.C? = null;\n",
                "    many: list<float(ge = 0.5, multiple_of = 0.25)> = [];\n",
                "}\n",
            )
            .into(),
        ),
        (
            PathBuf::from("b.ir"),
            "package a.b;\n/// Docs with \"quotes\", a tab\tand a newline\n/// inside.\nenum C { x, y }\n"
                .into(),
        ),
    ]);
    let files = assert_same_output(&compilation, &SetInfo::default());
    assert!(files[Path::new("schema/a.Z.json")].contains("\"ghost.Nowhere\": {}"));
}
