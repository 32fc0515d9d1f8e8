//! Seeds for the fuzz targets of `fuzz/`, and crash inputs kept as regression tests.
//!
//! ```sh
//! cargo run -p seam-conformance --example fuzz_corpus -- seeds DIR
//! cargo run -p seam-conformance --example fuzz_corpus -- keep TARGET FILE...
//! ```
//!
//! `seeds` writes `DIR/<target>/<hash>` for the four targets: every input of the differential
//! vectors (`vectors/*.jsonl`, JSON and MessagePack; the JSON ones also written as TOML when
//! TOML can say them) and every golden (`goldens/`, JSON and MessagePack), prefixed with the
//! byte that makes the target choose their type; every `.ir` file of both contract sets for
//! `ir_front_end`.
//!
//! `keep` turns libFuzzer crash files (`fuzz/artifacts/<target>/crash-*`) into files of
//! `tests/regressions/`, named after the type (`json/idl.logs.RunStarted.<hash>.json`) or the
//! contract file replaced (`ir/cli.config.ir.<hash>.ir`), which `tests/fuzz_regressions.rs`
//! runs on every test run. The first byte is dropped, so they do not depend on the order of the
//! type list.

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};
use support::check::Wire;
use support::contracts::TYPES;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

fn type_index(set: &str, name: &str) -> Option<u8> {
    TYPES
        .iter()
        .position(|&(s, n)| s == set && n == name)
        .map(|i| i as u8)
}

struct Seeds {
    dir: PathBuf,
    written: BTreeSet<(String, String)>,
}

impl Seeds {
    fn add(&mut self, target: &str, first: u8, body: &[u8]) {
        let mut bytes = vec![first];
        bytes.extend_from_slice(body);
        let hash = short_hash(&bytes);
        if self.written.insert((target.to_string(), hash.clone())) {
            let dir = self.dir.join(target);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(hash), bytes).unwrap();
        }
    }

    /// A JSON input of a type, and its TOML form when there is one.
    fn json(&mut self, first: u8, input: &[u8]) {
        self.add("decode_json", first, input);
        if let Ok(value) = serde_json::from_slice::<Value>(input) {
            if let Some(text) = support::toml_text::from_json(&value) {
                self.add("decode_toml", first, text.as_bytes());
            }
        }
    }
}

fn seeds(dir: &Path) {
    let mut seeds = Seeds {
        dir: dir.to_path_buf(),
        written: BTreeSet::new(),
    };
    let vectors = root().join("conformance/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&vectors)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        for line in std::fs::read_to_string(&file).unwrap().lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            let (Some(set), Some(name)) = (v["set"].as_str(), v["type"].as_str()) else {
                continue;
            };
            let Some(first) = type_index(set, name) else {
                continue;
            };
            if let Some(input) = v["input"].as_str() {
                seeds.json(first, input.as_bytes());
            }
            if let Some(input) = v["input_hex"].as_str().and_then(unhex) {
                seeds.add("decode_msgpack", first, &input);
            }
        }
    }
    // Goldens: the encodings of every idl/ type's example.
    for entry in std::fs::read_dir(root().join("goldens")).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(name) = file.strip_suffix(".snap") else {
            continue;
        };
        let Some(first) = type_index("idl", name) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        // An insta snapshot: a `---` header, then the JSON body.
        let Some(body) = text.splitn(3, "---\n").nth(2) else {
            continue;
        };
        let Ok(snapshot) = serde_json::from_str::<Value>(body) else {
            continue;
        };
        if let Some(json) = snapshot["encoded"]["json"].as_str() {
            seeds.json(first, json.as_bytes());
        }
        if let Some(msgpack) = snapshot["encoded"]["msgpack"].as_str().and_then(unhex) {
            seeds.add("decode_msgpack", first, &msgpack);
        }
    }
    // Contracts: each idl/ file in its place, and every conformance/idl/ file alone.
    let corpus = support::front_end::idl_corpus();
    for (index, (_, text)) in corpus.iter().enumerate() {
        seeds.add("ir_front_end", index as u8, text.as_bytes());
    }
    let conformance = seam_codegen::source::discover_files(&[root().join("conformance/idl")])
        .expect("conformance/idl/ is readable");
    for path in conformance {
        let text = std::fs::read(&path).unwrap();
        seeds.add("ir_front_end", corpus.len() as u8, &text);
    }
    let mut counts = std::collections::BTreeMap::new();
    for (target, _) in &seeds.written {
        *counts.entry(target.as_str()).or_insert(0usize) += 1;
    }
    for (target, count) in counts {
        println!("{target}: {count} seeds");
    }
}

/// Where a crash input of `target` goes in `tests/regressions/`, and its content.
fn regression(target: &str, data: &[u8]) -> Option<(PathBuf, Vec<u8>)> {
    let (&first, rest) = data.split_first()?;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let hash = short_hash(rest);
    if target == "ir_front_end" {
        let corpus = support::front_end::idl_corpus();
        let index = first as usize % (corpus.len() + 1);
        let place = match corpus.get(index) {
            Some((path, _)) => support::front_end::place_name(path),
            None => "alone".to_string(),
        };
        return Some((dir.join(format!("ir/{place}.{hash}.ir")), rest.to_vec()));
    }
    let wire = Wire::from_name(target.strip_prefix("decode_")?)?;
    let (set, name) = TYPES[first as usize % TYPES.len()];
    let extension = match wire {
        Wire::Msgpack => "msgpack",
        Wire::Json => "json",
        Wire::Toml => "toml",
    };
    Some((
        dir.join(format!("{}/{set}.{name}.{hash}.{extension}", wire.name())),
        rest.to_vec(),
    ))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["seeds", dir] => seeds(Path::new(dir)),
        ["keep", target, files @ ..] => {
            for file in files {
                let data = std::fs::read(file).unwrap();
                let Some((path, content)) = regression(target, &data) else {
                    eprintln!("{file}: not an input of {target}");
                    std::process::exit(2);
                };
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, content).unwrap();
                println!("{}", path.display());
            }
        }
        _ => {
            eprintln!("usage: fuzz_corpus seeds DIR | fuzz_corpus keep TARGET FILE...");
            std::process::exit(2);
        }
    }
}
