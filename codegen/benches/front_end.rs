//! Front-end benchmark: parse and check generated contract sets of 1,000 and 10,000 types
//! (10 and 100 files), in memory, and print the median of repeated runs and the ratio between
//! the two sizes (10.0 means time grows linearly with the number of types). Then the same for
//! the schema outputs of the checked sets (`emit_schemas`: a JSON Schema per type, the bundle,
//! OpenAPI and the contract index), and once, for comparison, their construction as one
//! `serde_json::Value` per file (`emit_schemas_by_value`, the reference implementation).
//!
//! `cargo bench -p seam-codegen --bench front_end`; `bench/front_end.sh` adds peak memory.

#[path = "support/synth.rs"]
mod synth;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use seam_codegen::emit::schema::{emit_schemas, emit_schemas_by_value, SetInfo};
use seam_codegen::model::ContractSet;
use seam_codegen::source::MemorySources;
use seam_codegen::Compilation;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// The median time to check the set, and the checked set.
fn measure(files: usize, types_per_file: usize, runs: usize) -> (Duration, Compilation) {
    let set = synth::generate(files, types_per_file);
    let mut sources = MemorySources::new();
    let roots: Vec<PathBuf> = set.iter().map(|(p, _)| p.clone()).collect();
    for (path, text) in set {
        sources.insert(path, text);
    }
    let mut samples = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let compilation = seam_codegen::check(&sources, &roots).expect("in memory");
        samples.push(start.elapsed());
        assert!(
            !compilation.has_errors(),
            "the synthetic set is valid: {:?}",
            compilation.rendered_text().first()
        );
        assert_eq!(compilation.model.types.len(), files * types_per_file);
        last = Some(compilation);
    }
    (median(samples), last.expect("at least one run"))
}

/// The median time to emit the schema outputs, and their total size in bytes.
fn measure_schemas(
    compilation: &Compilation,
    runs: usize,
    emit: fn(&ContractSet, &SetInfo) -> BTreeMap<PathBuf, String>,
) -> (Duration, usize) {
    let info = SetInfo::default();
    let mut samples = Vec::with_capacity(runs);
    let mut bytes = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let files = emit(&compilation.model, &info);
        samples.push(start.elapsed());
        bytes = files.values().map(String::len).sum();
        // Dropping the text is not part of emitting it.
        drop(files);
    }
    (median(samples), bytes)
}

fn main() {
    // `cargo test --benches` runs this with `--bench` absent: keep that cheap (one run each, and
    // schemas of the small set only).
    let quick = !std::env::args().any(|a| a == "--bench");
    let runs = if quick { 1 } else { 15 };
    let (small, small_set) = measure(10, 100, runs);
    let (large, large_set) = measure(100, 100, runs);
    println!(
        "front_end/check  1,000 types,  10 files: median {:>9.2?} ({runs} runs)",
        small
    );
    println!(
        "front_end/check 10,000 types, 100 files: median {:>9.2?} ({runs} runs)",
        large
    );
    println!(
        "ratio 10,000 / 1,000 types: {:.2} (10.00 = linear)",
        large.as_secs_f64() / small.as_secs_f64()
    );

    let runs = if quick { 1 } else { 5 };
    let (small, small_bytes) = measure_schemas(&small_set, runs, emit_schemas);
    let mib = |bytes: usize| bytes as f64 / (1024.0 * 1024.0);
    println!(
        "generate/schemas  1,000 types: median {small:>9.2?} ({runs} runs), {:>6.1} MiB of JSON",
        mib(small_bytes)
    );
    if quick {
        return;
    }
    let (large, large_bytes) = measure_schemas(&large_set, runs, emit_schemas);
    println!(
        "generate/schemas 10,000 types: median {large:>9.2?} ({runs} runs), {:>6.1} MiB of JSON",
        mib(large_bytes)
    );
    println!(
        "ratio 10,000 / 1,000 types: {:.2} (output size ratio {:.2})",
        large.as_secs_f64() / small.as_secs_f64(),
        large_bytes as f64 / small_bytes as f64
    );
    // The reference takes over a minute on the large set: one run, small set only.
    let (reference, bytes) = measure_schemas(&small_set, 1, emit_schemas_by_value);
    assert_eq!(bytes, small_bytes, "the reference writes the same files");
    println!(
        "generate/schemas by value (reference)  1,000 types: {reference:>9.2?} (1 run), {:.1}x the time",
        reference.as_secs_f64() / small.as_secs_f64()
    );
}
