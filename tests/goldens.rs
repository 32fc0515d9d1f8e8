//! Contract goldens: for every type in `idl/`, an example value's canonical JSON and
//! MessagePack (hex), and the error report of a few invalid inputs. Snapshots live in
//! `goldens/`; any drift in the wire format or the error texts fails the test.
//!
//! Update them after an intended change with
//! `INSTA_UPDATE=always cargo test -p seam-contracts --test goldens` (or `cargo insta review`),
//! and read the diff before committing.

use std::path::Path;

use seam_contracts::registry;
use seam_runtime::Format;
use serde_json::{json, Value};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Decodes `input` (JSON) as `type_name` and returns the outcome as a report.
fn outcome(type_name: &str, input: &Value) -> Value {
    let bytes = serde_json::to_vec(input).unwrap();
    match registry::transcode(type_name, Format::Json, false, &bytes).expect("a registered type") {
        Ok(out) => json!({
            "json": String::from_utf8(out.json.clone()).unwrap(),
            "msgpack": hex(&out.msgpack),
            "msgpack_decodes_to_same_json": registry::transcode(type_name, Format::Msgpack, false, &out.msgpack)
                .expect("a registered type")
                .map(|again| again.json == out.json)
                .unwrap_or(false),
        }),
        Err(error) => error.to_payload(),
    }
}

/// A few inputs that must fail, derived from the example.
fn invalid_inputs(example: &Value) -> Vec<(&'static str, Value)> {
    let mut cases = Vec::new();
    match example {
        Value::Object(map) => {
            cases.push(("wrong kind", json!([])));
            cases.push(("empty object", json!({})));
            if let Some((key, value)) = map.iter().find(|(_, v)| !v.is_boolean()) {
                let mut bad = map.clone();
                bad.insert(key.clone(), json!(true));
                cases.push(("a field of the wrong type", Value::Object(bad)));
                let _ = value;
            }
            let mut extra = map.clone();
            extra.insert("unexpected_field".into(), json!(1));
            cases.push(("an unknown field", Value::Object(extra)));
        }
        Value::Array(items) => {
            cases.push(("wrong kind", json!({})));
            cases.push(("empty array", json!([])));
            let mut longer = items.clone();
            longer.push(json!("extra"));
            cases.push(("an extra item", Value::Array(longer)));
        }
        Value::String(_) => {
            cases.push(("wrong kind", json!(42)));
            cases.push(("an unknown value", json!("not-a-member \u{1f600}")));
        }
        _ => {
            cases.push(("wrong kind", json!("text")));
            cases.push(("null", Value::Null));
        }
    }
    cases
}

#[test]
fn every_type_has_a_golden() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let compilation = seam_codegen::check_paths(&[root.join("idl")]).expect("idl/ is readable");
    assert!(!compilation.has_errors());
    let mut failures = Vec::new();
    for name in compilation.model.types.keys() {
        let type_name = name.to_string();
        let example = seam_codegen::example::example_of(&compilation.model, name);
        let decoded = outcome(&type_name, &example);
        if decoded.get("json").is_none() {
            failures.push(format!(
                "{type_name}: the example {example} does not decode: {decoded}"
            ));
        }
        let invalid: Vec<Value> = invalid_inputs(&example)
            .into_iter()
            .map(|(what, input)| json!({"case": what, "input": input, "outcome": outcome(&type_name, &input)}))
            .collect();
        let golden =
            json!({"type": type_name, "example": example, "encoded": decoded, "invalid": invalid});
        insta::with_settings!({
            snapshot_path => root.join("goldens"),
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_json_snapshot!(type_name.clone(), golden);
        });
    }
    assert!(
        failures.is_empty(),
        "examples that do not decode:\n{}",
        failures.join("\n")
    );
}
