//! The JSON Schemas of `seam generate` say what the decoder accepts, checked with an independent
//! validator: every strict JSON vector of both sets (`conformance/vectors`, msgspec's verdicts,
//! which seam's decoder matches) is validated against its type's self-contained JSON Schema
//! 2020-12 with the `jsonschema` crate, and "the schema accepts" is compared with "the decoder
//! accepts". The schemas of `idl/` are the published files (`generated/schema/<type>.json`); those
//! of `conformance/idl/` come from the same emitter (`type_schema`).
//!
//! Where the two differ, the difference must belong to one of the [`Category`]s: what JSON Schema,
//! or a validator's reading of JSON, cannot express. Each category has its own test below on a
//! minimal example; any other difference fails. `docs/schemas.md` lists the categories.
//!
//! Format assertion is off, as 2020-12 has it by default (`format` is an annotation): the
//! formats' own grammars are not the decoder's. RFC 3339's `duration` has no sign and no
//! fractions, so an asserting validator rejects `-PT1S` and `PT0.5S`, which the decoder accepts
//! (and seam writes); RFC 4122's `uuid` rejects the unhyphenated form msgspec accepts. Asserting
//! formats would turn rejections of malformed text into rejections of valid values (the test
//! `text_formats_are_annotations` shows both), so the grammars stay one category.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use seam_codegen::emit::schema::{type_schema, SetInfo};
use seam_codegen::model::{ContractSet, QualifiedName};
use seam_runtime::{DecodeError, Format, IssueKind};
use serde_json::{json, Value};

/// Why a schema and the decoder may disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Category {
    /// JSON Schema compares numbers by value: `1.0` (or `-0.0`, `1E+2`) is an `integer` and
    /// equals the enum value `1`; the decoder, as msgspec, rejects a float for an integer.
    IntegralFloat,
    /// An integer beyond 64 bits reaches the validator as an f64 (serde_json's number), which
    /// rounds `-9223372036854775809` to the bound `-9223372036854775808` itself.
    IntegerBeyond64Bits,
    /// The grammar of `datetime`, `date`, `time`, `duration`, `uuid` and `decimal` text:
    /// `format` is an annotation (and `time` has none), so `"P1W"` or `"null"` is a string.
    TextFormat,
    /// A JSON parser keeps one of two equal keys; the decoder rejects the second.
    DuplicateKeys,
    /// `\w`, `\d`, `\s`, `\b` are Unicode-aware in the decoder (as in Python); ECMA-262 makes them
    /// ASCII (the `jsonschema` crate does so for a pattern without look-around).
    UnicodeShorthandClasses,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn conformance_model() -> ContractSet {
    let compilation = seam_codegen::check_paths(&[root().join("idl")]).expect("conformance/idl");
    assert!(!compilation.has_errors());
    compilation.model
}

fn qualified(name: &str) -> QualifiedName {
    let (package, name) = name.rsplit_once('.').expect("a qualified name");
    QualifiedName::new(package, name)
}

/// The self-contained schema of a type of either set.
fn schema_of(model: &ContractSet, set: &str, type_name: &str) -> Value {
    if set == "idl" {
        let path = root()
            .join("../generated/schema")
            .join(format!("{type_name}.json"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).expect("a schema file is JSON")
    } else {
        type_schema(model, &SetInfo::default(), &qualified(type_name))
    }
}

fn validator(schema: &Value, formats: bool) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(formats)
        .build(schema)
        .unwrap_or_else(|e| panic!("invalid schema: {e}\n{schema}"))
}

fn decode(set: &str, type_name: &str, input: &str) -> Result<(), DecodeError> {
    seam_conformance::transcode(set, type_name, Format::Json, false, input.as_bytes())
        .unwrap_or_else(|| panic!("{set} has no type {type_name}"))
        .map(|_| ())
}

/// The decoder's messages for text that is not its type's grammar (msgspec's texts), and for
/// the offset a `datetime` needs and a `time(tz = ...)` needs or forbids.
const TEXT_FORMAT_MESSAGES: &[&str] = {
    use seam_runtime::scalar::*;
    &[
        INVALID_DATETIME,
        INVALID_DATE,
        INVALID_TIME,
        INVALID_DURATION,
        UNSUPPORTED_DURATION_UNIT,
        DURATION_OUT_OF_RANGE,
        INVALID_UUID,
        INVALID_DECIMAL,
        DATETIME_NEEDS_TZ,
        TIME_NEEDS_TZ,
        TIME_FORBIDS_TZ,
    ]
};

/// The category of a problem the decoder found in an input the schema accepts.
fn rejected_only_by_decoder(
    kind: IssueKind,
    message: &str,
    value: Option<&Value>,
) -> Option<Category> {
    let float = value
        .and_then(Value::as_number)
        .filter(|n| n.is_f64())
        .and_then(|n| n.as_f64());
    if kind == IssueKind::DuplicateField {
        return Some(Category::DuplicateKeys);
    }
    if message.ends_with(", got `float`") && float.is_some_and(|f| f.fract() == 0.0) {
        return Some(Category::IntegralFloat);
    }
    let bound =
        message.starts_with("Expected `int` >=") || message.starts_with("Expected `int` <=");
    if bound && float.is_some_and(|f| f.abs() >= 9.2e18) {
        return Some(Category::IntegerBeyond64Bits);
    }
    if TEXT_FORMAT_MESSAGES.contains(&message) && value.is_some_and(Value::is_string) {
        return Some(Category::TextFormat);
    }
    None
}

/// The category of an input the decoder accepts and the schema rejects.
fn rejected_only_by_schema(
    validator: &jsonschema::Validator,
    instance: &Value,
) -> Option<Category> {
    let mut categories = validator
        .iter_errors(instance)
        .map(|error| match error.kind() {
            jsonschema::error::ValidationErrorKind::Pattern { pattern }
                if ["\\w", "\\d", "\\s", "\\b"]
                    .iter()
                    .any(|c| pattern.contains(c))
                    && error.instance().as_str().is_some_and(|s| !s.is_ascii()) =>
            {
                Some(Category::UnicodeShorthandClasses)
            }
            _ => None,
        });
    let first = categories.next()??;
    categories.all(|c| c == Some(first)).then_some(first)
}

struct Vector {
    id: String,
    set: String,
    type_name: String,
    input: String,
    ok: bool,
}

/// The strict JSON vectors of both sets.
fn vectors() -> Vec<Vector> {
    let mut out = Vec::new();
    for file in ["idl.json.jsonl", "conformance.json.jsonl"] {
        let path = root().join("vectors").join(file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for line in text.lines() {
            let v: Value = serde_json::from_str(line).expect("a vector is JSON");
            assert_eq!(v["format"], "json");
            if v["lax"].as_bool().expect("lax") {
                continue;
            }
            let text = |key: &str| {
                v[key]
                    .as_str()
                    .unwrap_or_else(|| panic!("no {key}: {v}"))
                    .to_string()
            };
            out.push(Vector {
                id: text("id"),
                set: text("set"),
                type_name: text("type"),
                input: text("input"),
                ok: v["ok"].as_bool().expect("ok"),
            });
        }
    }
    out
}

#[test]
fn schemas_accept_what_the_decoder_accepts() {
    let model = conformance_model();
    let mut validators: BTreeMap<(String, String), jsonschema::Validator> = BTreeMap::new();
    let (mut checked, mut agreements, mut not_json) = (0usize, 0usize, 0usize);
    let mut categories: BTreeMap<Category, Vec<String>> = BTreeMap::new();
    let mut unexplained = Vec::new();
    for v in vectors() {
        checked += 1;
        let decoded = decode(&v.set, &v.type_name, &v.input);
        assert_eq!(
            decoded.is_ok(),
            v.ok,
            "{}: seam's decoder and the vector differ",
            v.id
        );
        // Not JSON text: no instance to validate, and the decoder rejects it too.
        let Ok(instance) = serde_json::from_str::<Value>(&v.input) else {
            if v.ok {
                unexplained.push(format!(
                    "{}: accepted, but not JSON to serde_json: {}",
                    v.id, v.input
                ));
            } else {
                not_json += 1;
                agreements += 1;
            }
            continue;
        };
        let validator = validators
            .entry((v.set.clone(), v.type_name.clone()))
            .or_insert_with(|| validator(&schema_of(&model, &v.set, &v.type_name), false));
        let accepted = validator.is_valid(&instance);
        if accepted == v.ok {
            agreements += 1;
            continue;
        }
        let category = match &decoded {
            Err(error) => {
                let mut found = error.issues().iter().map(|issue| {
                    rejected_only_by_decoder(
                        issue.kind,
                        &issue.message,
                        instance.pointer(&issue.pointer),
                    )
                });
                let first = found.next().flatten();
                first.filter(|&first| found.all(|c| c == Some(first)))
            }
            Ok(()) => rejected_only_by_schema(validator, &instance),
        };
        match category {
            Some(category) => categories.entry(category).or_default().push(v.id),
            None => {
                let errors: Vec<String> = validator
                    .iter_errors(&instance)
                    .map(|e| e.to_string())
                    .collect();
                unexplained.push(format!(
                    "{}: decoder {}, schema {}: {}\n    decoder: {:?}\n    schema: {errors:?}",
                    v.id,
                    if v.ok { "accepts" } else { "rejects" },
                    if accepted { "accepts" } else { "rejects" },
                    v.input,
                    decoded.err().map(|e| e.to_payload()),
                ));
            }
        }
    }
    let mut report = format!(
        "{checked} strict JSON vectors checked: {agreements} agreements ({not_json} of them not JSON text), {} disagreements\n",
        checked - agreements
    );
    for (category, ids) in &categories {
        let _ = writeln!(report, "  {category:?}: {} (e.g. {})", ids.len(), ids[0]);
    }
    let _ = writeln!(report, "  unexplained: {}", unexplained.len());
    println!("{report}");
    let out = root().join("../target/tmp");
    let _ = std::fs::create_dir_all(&out);
    let _ = std::fs::write(out.join("schema-agreement.txt"), &report);
    assert!(checked > 4_000, "the vectors are there: {checked}");
    assert!(
        unexplained.is_empty(),
        "{} disagreement(s) outside the listed categories:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
}

/// The schema of `type_name` (conformance set), a validator with format assertion off, and the
/// decoder's verdict on `input`.
fn both(type_name: &str, input: &str) -> (bool, Result<(), DecodeError>) {
    let schema = type_schema(
        &conformance_model(),
        &SetInfo::default(),
        &qualified(type_name),
    );
    let instance: Value = serde_json::from_str(input).expect("JSON text");
    (
        validator(&schema, false).is_valid(&instance),
        decode("conformance", type_name, input),
    )
}

fn first_message(result: &Result<(), DecodeError>) -> String {
    result
        .as_ref()
        .map_or_else(|e| e.first().message.clone(), |()| "accepted".into())
}

#[test]
fn integral_float_is_an_integer_to_json_schema() {
    for input in ["1.0", "-0.0", "1E+2"] {
        let (schema, decoder) = both("conformance.scalars.IntValue", input);
        assert!(schema, "{input}: an integer to JSON Schema");
        assert_eq!(
            first_message(&decoder),
            "Expected `int`, got `float`",
            "{input}"
        );
    }
    // The same equality makes `1.0` a member of an integer enum or literal set.
    let (schema, decoder) = both("conformance.containers.Small", "1.0");
    assert!(schema);
    assert_eq!(first_message(&decoder), "Expected `int`, got `float`");
    let (schema, decoder) = both("conformance.containers.Small", "1");
    assert!(schema && decoder.is_ok());
}

#[test]
fn integers_beyond_64_bits_reach_the_validator_as_floats() {
    let (schema, decoder) = both("conformance.scalars.IntValue", "-9223372036854775809");
    assert!(schema, "rounded to -2^63, the minimum itself");
    assert_eq!(
        first_message(&decoder),
        "Expected `int` >= -9223372036854775808"
    );
    let parsed: Value = serde_json::from_str("-9223372036854775809").unwrap();
    assert_eq!(parsed.as_f64(), Some(-9223372036854775808.0));
    // Within 64 bits the validator compares exactly: one past i64::MAX is a u64, and rejected.
    let (schema, decoder) = both("conformance.scalars.IntValue", "9223372036854775808");
    assert!(!schema && decoder.is_err());
    let (schema, decoder) = both("conformance.scalars.IntValue", "-9223372036854775808");
    assert!(schema && decoder.is_ok());
}

#[test]
fn text_formats_are_annotations() {
    let malformed = [
        ("conformance.scalars.DatetimeValue", "\"null\""),
        (
            "conformance.scalars.DatetimeValue",
            "\"2024-01-01T00:00:00\"",
        ),
        ("conformance.scalars.TimeTzValue", "\"12:00:00\""),
        ("conformance.scalars.DateValue", "\"2024-02-30\""),
        ("conformance.scalars.TimeValue", "\"25:00:00\""),
        ("conformance.scalars.DurationValue", "\"P1W\""),
        (
            "conformance.scalars.UuidValue",
            "\"urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e\"",
        ),
        ("conformance.scalars.DecimalValue", "\"1.2.3\""),
    ];
    for (type_name, input) in malformed {
        let (schema, decoder) = both(type_name, input);
        assert!(schema, "{type_name} {input}: a string");
        let message = first_message(&decoder);
        assert!(
            TEXT_FORMAT_MESSAGES.contains(&message.as_str()),
            "{type_name} {input}: {message}"
        );
    }
    // Why format assertion stays off: the formats' grammars reject text the decoder accepts.
    let model = conformance_model();
    for (type_name, input) in [
        ("conformance.scalars.DurationValue", "\"-PT1S\""),
        ("conformance.scalars.DurationValue", "\"PT0.5S\""),
        (
            "conformance.scalars.UuidValue",
            "\"0f8fad5bd9cb469fa16570867728950e\"",
        ),
    ] {
        let schema = type_schema(&model, &SetInfo::default(), &qualified(type_name));
        let instance: Value = serde_json::from_str(input).unwrap();
        assert!(
            decode("conformance", type_name, input).is_ok(),
            "{type_name} {input}"
        );
        assert!(validator(&schema, false).is_valid(&instance));
        assert!(
            !validator(&schema, true).is_valid(&instance),
            "{type_name} {input}: the format rejects it"
        );
    }
}

#[test]
fn duplicate_keys_collapse_in_the_parser() {
    let input = r#"{"x": 1, "x": 2}"#;
    let (schema, decoder) = both("conformance.structs.StrictPoint", input);
    assert!(schema, "serde_json keeps the last `x`");
    let error = decoder.expect_err("a duplicate field");
    assert_eq!(error.first().kind, IssueKind::DuplicateField);
}

/// A one-struct contract set in memory.
fn contract(source: &str) -> ContractSet {
    let mut sources = seam_codegen::source::MemorySources::new();
    let path = PathBuf::from("mem/t.ir");
    sources.insert(path.clone(), format!("package t;\n\n{source}\n"));
    let compilation = seam_codegen::check(&sources, &[path]).expect("parses");
    assert!(
        !compilation.has_errors(),
        "{:?}",
        compilation.rendered_text()
    );
    compilation.model
}

#[test]
fn unicode_shorthand_classes() {
    let model = contract("struct W {\n    w: str(pattern = \"^\\\\w+\");\n}");
    let schema = type_schema(&model, &SetInfo::default(), &qualified("t.W"));
    assert_eq!(
        schema["$defs"]["t.W"]["properties"]["w"]["pattern"],
        "^\\w+"
    );
    // The decoder's `\w` is Unicode's (as Python's); ECMA-262's is [A-Za-z0-9_].
    assert!(seam_runtime::check::pattern_matches("^\\w+", "é"));
    let validator = validator(&schema, false);
    assert!(!validator.is_valid(&json!({"w": "é"})));
    assert_eq!(
        rejected_only_by_schema(&validator, &json!({"w": "é"})),
        Some(Category::UnicodeShorthandClasses)
    );
    assert!(validator.is_valid(&json!({"w": "e"})));
}

/// Not a category: `bytes` lengths count decoded bytes, and the schema says so exactly (base64
/// `pattern`, character bounds, and a condition on the padding where it decides), checked here on
/// every padding of texts up to 24 characters against the decoder's base64.
#[test]
fn bytes_lengths_are_exact() {
    let mut texts = vec![
        String::new(),
        "A".into(),
        "AA".into(),
        "A===".into(),
        "AB=C".into(),
        "AAAA\n".into(),
    ];
    for groups in 1..=6 {
        let full = "A".repeat(4 * groups);
        texts.push(full.clone());
        texts.push(format!("{}=", &full[..full.len() - 1]));
        texts.push(format!("{}==", &full[..full.len() - 2]));
    }
    for min in 0..=7u64 {
        for max in min..=14u64 {
            let model = contract(&format!(
                "struct B {{\n    b: bytes(min_length = {min}, max_length = {max});\n}}"
            ));
            let validator = validator(
                &type_schema(&model, &SetInfo::default(), &qualified("t.B")),
                false,
            );
            for text in &texts {
                let decoded = seam_runtime::scalar::decode_base64(text);
                let expected = decoded.is_some_and(|b| (min..=max).contains(&(b.len() as u64)));
                assert_eq!(
                    validator.is_valid(&json!({"b": text})),
                    expected,
                    "bytes(min_length = {min}, max_length = {max}) on {text:?}"
                );
            }
        }
    }
}
