//! The schemas of seam's own documents (`generated/schema/seam/`, derived with schemars in
//! `emit::tool_schemas`) accept the real documents, validated with the `jsonschema` crate: the
//! output of `seam check --format json` on every diagnostics fixture, real
//! `DecodeError::to_payload()` values, and the contract index of both contract sets. A document
//! with a property more or less is rejected, so the schemas cannot drift from the documents.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use seam_codegen::emit::tool_schemas::{
    emit_tool_schemas, schema_of, ContractIndex, Diagnostics, ValidationError,
};
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The published schema `generated/schema/seam/<name>.json`, checked against the 2020-12
/// metaschema, as a validator.
fn published(name: &str) -> jsonschema::Validator {
    let schema = read_json(&root().join(format!("generated/schema/seam/{name}.json")));
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::meta::validate(&schema)
        .unwrap_or_else(|e| panic!("{name}: not a 2020-12 schema: {e}"));
    jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn assert_valid(validator: &jsonschema::Validator, document: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(document)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}\n{document:#}");
}

#[test]
fn published_schemas_are_what_the_types_derive() {
    let emitted = emit_tool_schemas();
    let names: Vec<String> = emitted.keys().map(|p| p.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "schema/seam/contract_index.json",
            "schema/seam/diagnostics.json",
            "schema/seam/validation_error.json"
        ]
    );
    for (path, text) in &emitted {
        let on_disk = std::fs::read_to_string(root().join("generated").join(path)).unwrap();
        assert_eq!(&on_disk, text, "{}: run `seam generate`", path.display());
    }
    assert_eq!(
        schema_of::<ValidationError>()["title"],
        "seam validation error"
    );
    assert_eq!(
        schema_of::<Diagnostics>()["title"],
        "seam check diagnostics"
    );
    assert_eq!(schema_of::<ContractIndex>()["title"], "seam contract index");
}

/// `seam check --format json` on every diagnostics fixture (errors and warnings, related labels,
/// help) and on `idl/` (none).
#[test]
fn seam_check_json_output_matches_its_schema() {
    let validator = published("diagnostics");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases.push(root().join("idl"));
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for case in &cases {
        let output = Command::new(env!("CARGO_BIN_EXE_seam"))
            .args(["check", "--format", "json"])
            .arg(case)
            .output()
            .expect("seam runs");
        let document: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "{}: not JSON ({e}): {}",
                case.display(),
                String::from_utf8_lossy(&output.stdout)
            )
        });
        assert_valid(&validator, &document, &case.display().to_string());
        let errors = document["summary"]["errors"].as_u64().unwrap();
        assert_eq!(
            output.status.code(),
            Some(if errors > 0 { 1 } else { 0 }),
            "{}",
            case.display()
        );
        for d in document["diagnostics"].as_array().unwrap() {
            *seen
                .entry(if d["severity"] == "error" {
                    "error"
                } else {
                    "warning"
                })
                .or_default() += 1;
            if !d["related"].as_array().unwrap().is_empty() {
                *seen.entry("related").or_default() += 1;
            }
            if d.get("help").is_some() {
                *seen.entry("help").or_default() += 1;
            }
        }
    }
    for part in ["error", "warning", "related", "help"] {
        assert!(
            seen.get(part).is_some_and(|&n| n > 0),
            "the fixtures exercise `{part}`: {seen:?}"
        );
    }

    // A document with a property more, or one less, is not what `seam check` writes.
    let output = Command::new(env!("CARGO_BIN_EXE_seam"))
        .args(["check", "--format", "json"])
        .arg(fixtures.join("duplicate-declaration__across_files"))
        .output()
        .unwrap();
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut more = document.clone();
    more["diagnostics"][0]["column_utf16"] = json!(1);
    assert!(!validator.is_valid(&more));
    let mut less = document.clone();
    less["summary"].as_object_mut().unwrap().remove("warnings");
    assert!(!validator.is_valid(&less));
    let mut unknown_code = document;
    unknown_code["diagnostics"][0]["code"] = json!("no-such-code");
    assert!(!validator.is_valid(&unknown_code));
}

/// Real decode errors of several kinds, from the runtime's own decoders.
#[test]
fn decode_error_payloads_match_their_schema() {
    use seam_runtime::json::decode;
    use std::collections::BTreeMap as Map;
    let validator = published("validation_error");
    let errors = [
        decode::<Map<String, Vec<u8>>>(br#"{"a": [1, "x", 300, -1.5], "b": 5, "c~/": [256]}"#)
            .unwrap_err(),
        decode::<Map<u16, bool>>(br#"{"1": true, "70000": false, "x": true, "1": false}"#)
            .unwrap_err(),
        decode::<(String, i64)>(br#"["a", 1, 2]"#).unwrap_err(),
        decode::<Vec<i64>>(b"[1, 2").unwrap_err(),
        decode::<seam_runtime::Bytes>(br#""not base64""#).unwrap_err(),
        decode::<serde_json::Value>("[".repeat(200).as_bytes()).unwrap_err(),
    ];
    let mut kinds = std::collections::BTreeSet::new();
    for error in &errors {
        let payload = error.to_payload();
        assert_valid(&validator, &payload, &error.to_string());
        kinds.extend(error.issues().iter().map(|i| i.kind.as_str()));
    }
    assert!(kinds.len() >= 6, "several kinds of problems: {kinds:?}");

    let mut unknown_kind = errors[0].to_payload();
    unknown_kind["issues"][0]["kind"] = json!("oops");
    assert!(!validator.is_valid(&unknown_kind));
    let mut no_issues = errors[0].to_payload();
    no_issues["issues"] = json!([]);
    assert!(
        !validator.is_valid(&no_issues),
        "an error has at least one issue"
    );
}

/// The published `generated/contract_index.json`, and the index of the conformance contracts
/// (every attribute of the language: integer tags, `@ext`, `@rename`, patch types).
#[test]
fn contract_indexes_match_their_schema() {
    let validator = published("contract_index");
    let index = read_json(&root().join("generated/contract_index.json"));
    assert_valid(&validator, &index, "generated/contract_index.json");

    let compilation = seam_codegen::check_paths(&[root().join("conformance/idl")]).unwrap();
    assert!(!compilation.has_errors());
    let files = seam_codegen::emit::schema::emit_schemas(&compilation.model, &Default::default());
    let conformance: Value =
        serde_json::from_str(&files[Path::new("contract_index.json")]).unwrap();
    assert_valid(
        &validator,
        &conformance,
        "the conformance set's contract index",
    );
    let kinds: std::collections::BTreeSet<&str> = conformance["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["alias", "enum", "patch", "struct", "union"].into());

    let mut more = index.clone();
    more["types"][0]["extra"] = json!(true);
    assert!(!validator.is_valid(&more));
    let mut less = index.clone();
    less["types"][0]
        .as_object_mut()
        .unwrap()
        .remove("schema_hash");
    assert!(!validator.is_valid(&less));
    let mut wrong_kind = index;
    wrong_kind["types"][0]["kind"] = json!("record");
    assert!(!validator.is_valid(&wrong_kind));
}
