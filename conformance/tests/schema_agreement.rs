use seam_codegen::emit::schema::{type_schema, SetInfo};
use seam_codegen::model::QualifiedName;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

#[test]
fn explore() {
    let model = seam_codegen::check_paths(&[root().join("idl")])
        .unwrap()
        .model;
    let formats = std::env::var("FMT").is_ok();
    let mut validators: BTreeMap<String, jsonschema::Validator> = BTreeMap::new();
    let mut n = 0;
    let mut agree = 0;
    let mut notjson = 0;
    for file in ["conformance.json.jsonl", "idl.json.jsonl"] {
        let text = std::fs::read_to_string(root().join("vectors").join(file)).unwrap();
        for line in text.lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            if v["lax"].as_bool().unwrap() {
                continue;
            }
            let ty = v["type"].as_str().unwrap().to_string();
            let set = v["set"].as_str().unwrap();
            let ok = v["ok"].as_bool().unwrap();
            let input = v["input"].as_str().unwrap();
            let validator = validators.entry(ty.clone()).or_insert_with(|| {
                let schema: Value = if set == "idl" {
                    serde_json::from_str(
                        &std::fs::read_to_string(
                            root()
                                .join("../generated/schema")
                                .join(format!("{ty}.json")),
                        )
                        .unwrap(),
                    )
                    .unwrap()
                } else {
                    let (p, name) = ty.rsplit_once('.').unwrap();
                    type_schema(&model, &SetInfo::default(), &QualifiedName::new(p, name))
                };
                jsonschema::options()
                    .with_draft(jsonschema::Draft::Draft202012)
                    .should_validate_formats(formats)
                    .build(&schema)
                    .unwrap()
            });
            n += 1;
            let instance: Value = match serde_json::from_str(input) {
                Ok(i) => i,
                Err(e) => {
                    notjson += 1;
                    if ok {
                        println!("NOTJSON-OK {} {} {input} {e}", v["id"], v["category"]);
                    }
                    continue;
                }
            };
            let accepts = validator.is_valid(&instance);
            if accepts == ok {
                agree += 1;
            } else {
                let err = validator
                    .iter_errors(&instance)
                    .next()
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                println!(
                    "DIS ok={ok} {} {} {} | {} | {}",
                    v["id"],
                    v["category"],
                    input.chars().take(200).collect::<String>(),
                    v["message"],
                    err
                );
            }
        }
    }
    println!("n={n} agree={agree} notjson={notjson}");
}
