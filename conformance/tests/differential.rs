//! Replays the msgspec vectors of `conformance/vectors/*.jsonl` (written by
//! `conformance/gen_vectors.py`) against the generated Rust, without Python: for every case the
//! same accept or reject, the same JSON and MessagePack bytes, the same first message and the
//! same (normalised) path. Every mismatch is collected and reported in one failure, grouped by
//! kind. The vector format and the normalisations are described in `docs/conformance.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use seam_runtime::Format;
use serde_json::Value;

/// How many examples each group of mismatches shows.
const EXAMPLES: usize = 3;

struct Case {
    id: String,
    set: String,
    type_name: String,
    format: Format,
    lax: bool,
    category: String,
    input: Vec<u8>,
    expect: Expect,
}

enum Expect {
    Accept {
        json: String,
        msgpack: Vec<u8>,
    },
    /// `path_unknown`: msgspec gave no location although the problem has one (a msgspec bug,
    /// see docs/conformance.md); only the message is compared.
    Reject {
        message: String,
        path: String,
        at_key: bool,
        path_unknown: bool,
    },
}

fn vector_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

fn hex(text: &str) -> Vec<u8> {
    assert!(text.len().is_multiple_of(2), "odd hex string");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn text(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("vector without `{key}`: {v}"))
        .to_string()
}

fn load() -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vector_dir())
        .expect("conformance/vectors exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let content = std::fs::read_to_string(&file).expect("vector file is UTF-8");
        for (n, line) in content.lines().enumerate() {
            let v: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), n + 1));
            let format = match v["format"].as_str() {
                Some("json") => Format::Json,
                Some("msgpack") => Format::Msgpack,
                other => panic!("unknown format {other:?}"),
            };
            let input = match (v.get("input"), v.get("input_hex")) {
                (Some(Value::String(s)), _) => s.as_bytes().to_vec(),
                (_, Some(Value::String(h))) => hex(h),
                _ => panic!("vector without input: {v}"),
            };
            let expect = if v["ok"].as_bool() == Some(true) {
                Expect::Accept {
                    json: text(&v, "json"),
                    msgpack: hex(&text(&v, "msgpack")),
                }
            } else {
                Expect::Reject {
                    message: text(&v, "message"),
                    path: text(&v, "path"),
                    at_key: v["at_key"].as_bool().unwrap_or(false),
                    path_unknown: v["path_unknown"].as_bool().unwrap_or(false),
                }
            };
            cases.push(Case {
                id: text(&v, "id"),
                set: text(&v, "set"),
                type_name: text(&v, "type"),
                format,
                lax: v["lax"].as_bool().expect("lax"),
                category: text(&v, "category"),
                input,
                expect,
            });
        }
    }
    cases
}

/// seam names map keys (`$.tags["x"]`) where msgspec writes `$.tags[...]`: a deliberate
/// difference, so keys are replaced by `[...]` before paths are compared.
fn normalise_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'[' && bytes.get(i + 1) == Some(&b'"') {
            // A JSON string: skip to its closing quote, then expect `]`.
            let mut j = i + 2;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            if j + 1 < bytes.len() && bytes[j + 1] == b']' {
                out.push_str("[...]");
                i = j + 2;
                continue;
            }
        }
        let ch = path[i..].chars().next().expect("char boundary");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// msgspec's path of a problem with a map key is "`key` in `$.tags`"; seam's names the entry
/// (`$.tags["x"]`), normalised to `$.tags[...]`.
fn expected_path(path: &str, at_key: bool) -> String {
    if at_key {
        format!("{path}[...]")
    } else {
        path.to_string()
    }
}

fn show_input(case: &Case) -> String {
    match case.format {
        // On one line: control characters escaped.
        Format::Json => String::from_utf8_lossy(&case.input)
            .chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
        Format::Msgpack => to_hex(&case.input),
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

struct Mismatch {
    kind: &'static str,
    detail: String,
}

fn check(case: &Case) -> Option<Mismatch> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        seam_conformance::transcode(
            &case.set,
            &case.type_name,
            case.format,
            case.lax,
            &case.input,
        )
    }));
    let result = match result {
        Err(panic) => {
            let text = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            return Some(Mismatch {
                kind: "panic",
                detail: format!("seam panicked: {text}"),
            });
        }
        Ok(None) => {
            return Some(Mismatch {
                kind: "unknown type",
                detail: "no such type in the registry".into(),
            })
        }
        Ok(Some(r)) => r,
    };
    match (&case.expect, result) {
        (Expect::Accept { json, msgpack }, Ok(got)) => {
            let got_json = String::from_utf8_lossy(&got.json);
            if got_json != *json {
                return Some(Mismatch {
                    kind: "json output",
                    detail: format!("msgspec: {json}\n      seam:    {got_json}"),
                });
            }
            if got.msgpack != *msgpack {
                return Some(Mismatch {
                    kind: "msgpack output",
                    detail: format!(
                        "msgspec: {}\n      seam:    {}",
                        to_hex(msgpack),
                        to_hex(&got.msgpack)
                    ),
                });
            }
            None
        }
        (Expect::Accept { json, .. }, Err(err)) => {
            let first = err.first();
            Some(Mismatch {
                kind: "seam rejects, msgspec accepts",
                detail: format!(
                    "msgspec: accepts, {json}\n      seam:    {} at {} ({})",
                    first.message, first.path, first.kind
                ),
            })
        }
        (
            Expect::Reject {
                message,
                path,
                at_key,
                ..
            },
            Ok(got),
        ) => Some(Mismatch {
            kind: "seam accepts, msgspec rejects",
            detail: format!(
                "msgspec: {message} - at {}\n      seam:    accepts, {}",
                if *at_key {
                    format!("`key` in {path}")
                } else {
                    path.clone()
                },
                String::from_utf8_lossy(&got.json)
            ),
        }),
        (
            Expect::Reject {
                message,
                path,
                at_key,
                path_unknown,
            },
            Err(err),
        ) => {
            let first = err.first();
            let want = expected_path(path, *at_key);
            let got = normalise_path(&first.path);
            let kind = match (first.message == *message, *path_unknown || got == want) {
                (true, true) => return None,
                (false, true) => "message",
                (true, false) => "path",
                (false, false) => "message and path",
            };
            Some(Mismatch {
                kind,
                detail: format!(
                    "msgspec: {message} - at {want}\n      seam:    {} - at {} (normalised {got}; kind {})",
                    first.message, first.path, first.kind
                ),
            })
        }
    }
}

/// A group of mismatches: its kind and the case category, without the mutation's details
/// (`invalid/datetime.malformed` → `invalid/datetime`).
fn group_of(kind: &str, case: &Case) -> String {
    let (top, rest) = case
        .category
        .split_once('/')
        .unwrap_or((&case.category, ""));
    let sub = rest.split('.').next().unwrap_or("");
    let fmt = match case.format {
        Format::Json => "json",
        Format::Msgpack => "msgpack",
    };
    if sub.is_empty() {
        format!("{kind} | {top} | {fmt}")
    } else {
        format!("{kind} | {top}/{sub} | {fmt}")
    }
}

#[test]
fn seam_matches_msgspec() {
    let cases = load();
    assert!(
        cases.len() >= 1000,
        "only {} vectors; run `python3 conformance/gen_vectors.py`",
        cases.len()
    );
    let mut groups: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut failed = 0;
    for case in &cases {
        if let Some(m) = check(case) {
            failed += 1;
            let example = format!(
                "{} [{}{}]\n      type:    {}\n      input:   {}\n      {}",
                case.id,
                case.category,
                if case.lax { ", lax" } else { "" },
                case.type_name,
                truncate(&show_input(case), 400),
                m.detail
            );
            groups
                .entry(group_of(m.kind, case))
                .or_default()
                .push((case.id.clone(), example));
        }
    }
    if failed == 0 {
        return;
    }
    let mut report = format!(
        "{failed} of {} vectors differ from msgspec, in {} groups (mismatch | category | input format):\n",
        cases.len(),
        groups.len()
    );
    let mut full = report.clone();
    for (group, examples) in &groups {
        let _ = writeln!(report, "\n== {group}: {} case(s)", examples.len());
        let _ = writeln!(full, "\n== {group}: {} case(s)", examples.len());
        for (_, example) in examples.iter().take(EXAMPLES) {
            let _ = writeln!(report, "  - {example}");
        }
        for (_, example) in examples {
            let _ = writeln!(full, "  - {example}");
        }
    }
    // Every mismatch, for reading at leisure.
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance-mismatches.txt");
    if std::fs::write(&path, &full).is_ok() {
        let _ = writeln!(report, "\nEvery mismatch: {}", path.display());
    }
    panic!("{report}");
}

/// Every type of both contract sets has vectors, in both formats.
#[test]
fn every_type_has_vectors() {
    let cases = load();
    let mut seen: BTreeSet<(String, String, &'static str)> = BTreeSet::new();
    for case in &cases {
        let fmt = match case.format {
            Format::Json => "json",
            Format::Msgpack => "msgpack",
        };
        seen.insert((case.set.clone(), case.type_name.clone(), fmt));
    }
    let mut missing = Vec::new();
    let sets: [(&str, &[&str]); 2] = [
        ("idl", seam_contracts::registry::TYPES),
        ("conformance", seam_conformance::registry::TYPES),
    ];
    for (set, types) in sets {
        for name in types {
            for fmt in ["json", "msgpack"] {
                if !seen.contains(&(set.to_string(), name.to_string(), fmt)) {
                    missing.push(format!("{set} {name} {fmt}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "types without vectors (run `python3 conformance/gen_vectors.py`):\n{}",
        missing.join("\n")
    );
}

#[test]
fn path_normalisation() {
    assert_eq!(normalise_path(r#"$.tags["x"]"#), "$.tags[...]");
    assert_eq!(normalise_path(r#"$.m["a\"]b"][0].x"#), "$.m[...][0].x");
    assert_eq!(normalise_path("$[3].y"), "$[3].y");
    assert_eq!(expected_path("$.m", true), "$.m[...]");
}
