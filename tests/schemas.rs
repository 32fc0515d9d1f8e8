//! The schema outputs of `idl/`: a consistency gate between the contract index, the schema
//! files and the generated registry; patch schemas; and snapshots of every schema and of
//! `openapi.json` in `goldens/`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

fn generated() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("generated")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

fn sha256(text: &str) -> String {
    format!(
        "sha256:{}",
        Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

/// The contract types with a schema file (the `seam/` folder holds the tool's own documents).
fn schema_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(generated().join("schema"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_stem().is_some_and(|s| s != "bundle")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn index_hashes_schema_files_and_registry_agree() {
    let index = read_json(&generated().join("contract_index.json"));
    let entries = index["types"].as_array().unwrap();
    let indexed: BTreeSet<String> = entries
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect();
    let files: BTreeSet<String> = schema_files()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let registered: BTreeSet<String> = seam_contracts::registry::TYPES
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        indexed, files,
        "the index and the schema files list different types"
    );
    assert_eq!(
        indexed, registered,
        "the index and the generated registry list different types"
    );

    // Every schema_hash is sha256 of the schema file's canonical JSON (keys sorted, no
    // whitespace) without its `$id`, recomputed here from the file alone.
    for entry in entries {
        let name = entry["name"].as_str().unwrap();
        let mut schema = read_json(&generated().join("schema").join(format!("{name}.json")));
        schema.as_object_mut().unwrap().remove("$id");
        assert_eq!(
            entry["schema_hash"],
            sha256(&serde_json::to_string(&schema).unwrap()),
            "{name}"
        );
    }
    // contract_hash is sha256 of the canonical JSON object {type name: schema_hash}.
    let hashes: serde_json::Map<String, Value> = entries
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_string(),
                t["schema_hash"].clone(),
            )
        })
        .collect();
    assert_eq!(
        index["contract_hash"],
        sha256(&serde_json::to_string(&Value::Object(hashes)).unwrap())
    );
}

#[test]
fn patch_schemas_require_nothing_and_allow_null_only_where_the_base_does() {
    let index = read_json(&generated().join("contract_index.json"));
    let entries = index["types"].as_array().unwrap();
    let patches: Vec<&Value> = entries.iter().filter(|t| t["kind"] == "patch").collect();
    assert_eq!(
        patches.len(),
        8,
        "every @patch struct of idl/ has a patch type"
    );
    for patch in patches {
        let name = patch["name"].as_str().unwrap();
        let base = patch["patch_of"].as_str().unwrap();
        assert_eq!(format!("{base}Patch"), name);
        let base_entry = entries.iter().find(|t| t["name"] == base).unwrap();
        assert_eq!(base_entry["patch"], name, "the base names its patch type");

        let schema = read_json(&generated().join("schema").join(format!("{name}.json")));
        let def = &schema["$defs"][name];
        assert!(def.get("required").is_none(), "{name} requires nothing");
        let base_def =
            &read_json(&generated().join("schema").join(format!("{base}.json")))["$defs"][base];
        for (field, property) in def["properties"].as_object().unwrap() {
            let allows_null = |p: &Value| {
                p["anyOf"]
                    .as_array()
                    .is_some_and(|options| options.iter().any(|o| o["type"] == "null"))
            };
            assert_eq!(
                allows_null(property),
                allows_null(&base_def["properties"][field]),
                "{name}.{field}: null is allowed exactly where {base} allows it"
            );
            assert!(
                property.get("default").is_none(),
                "{name}.{field}: a patch has no defaults"
            );
        }
    }
}

#[test]
fn openapi_lists_every_type_with_the_set_info() {
    let openapi = read_json(&generated().join("openapi.json"));
    assert_eq!(openapi["openapi"], "3.1.0");
    assert_eq!(openapi["info"]["title"], "Data platform contracts");
    assert_eq!(openapi["info"]["version"], "0.1.0");
    let components: BTreeSet<String> = openapi["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let registered: BTreeSet<String> = seam_contracts::registry::TYPES
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(components, registered);
    // References point inside the document.
    let text = serde_json::to_string(&openapi).unwrap();
    assert!(
        !text.contains("#/$defs/"),
        "OpenAPI refs use #/components/schemas/"
    );
}

#[test]
fn every_schema_and_openapi_have_a_golden() {
    let goldens = Path::new(env!("CARGO_MANIFEST_DIR")).join("goldens/schema");
    for file in schema_files()
        .into_iter()
        .chain([generated().join("openapi.json")])
    {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let value = read_json(&file);
        insta::with_settings!({
            snapshot_path => &goldens,
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_json_snapshot!(name, value);
        });
    }
}
