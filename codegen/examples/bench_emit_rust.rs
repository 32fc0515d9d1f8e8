//! Rust emission benchmark: `emit_rust` (templates and layout, no file writing) on the synthetic
//! contract sets of 1,000 and 10,000 types (10 and 100 files, the sets of `bench/front_end.sh`),
//! in memory. Prints the median of repeated runs, the ratio between the two sizes and the size
//! of the generated code per type, and what formatting the same files with syn and prettyplease
//! would take.
//!
//! `cargo run --release -p seam-codegen --example bench_emit_rust [RUNS]` (default 9 runs).

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use seam_codegen::source::MemorySources;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn measure(files: usize, types_per_file: usize, runs: usize) -> Duration {
    let set = synth::generate(files, types_per_file);
    let mut sources = MemorySources::new();
    let roots: Vec<PathBuf> = set.iter().map(|(p, _)| p.clone()).collect();
    for (path, text) in set {
        sources.insert(path, text);
    }
    let compilation = seam_codegen::check(&sources, &roots).expect("in memory");
    assert!(!compilation.has_errors(), "the synthetic set is valid");
    let types = compilation.model.types.len();
    let mut samples = Vec::with_capacity(runs);
    let mut size = (0usize, 0usize);
    for _ in 0..runs {
        let start = Instant::now();
        let files = seam_codegen::emit::rust::emit_rust(&compilation.model).expect("emits");
        samples.push(start.elapsed());
        size = files.values().fold((0, 0), |(bytes, lines), text| {
            (bytes + text.len(), lines + text.lines().count())
        });
    }
    let median = median(samples);
    println!(
        "emit/rust {types:>6} types, {files:>3} files: median {median:>9.2?} ({runs} runs); \
         {:.0} bytes and {:.1} lines per type",
        size.0 as f64 / types as f64,
        size.1 as f64 / types as f64,
    );
    // For comparison: what formatting the same files with syn and prettyplease would add (as
    // the emitter did before it laid code out itself), on one thread.
    let emitted = seam_codegen::emit::rust::emit_rust(&compilation.model).expect("emits");
    let mut samples = Vec::new();
    for _ in 0..runs.clamp(1, 3) {
        let start = Instant::now();
        for text in emitted.values() {
            let file = syn::parse_file(text).expect("emitted code parses");
            std::hint::black_box(prettyplease::unparse(&file));
        }
        samples.push(start.elapsed());
    }
    let samples_len = samples.len();
    println!(
        "  syn + prettyplease over the same files: median {:>9.2?} ({samples_len} runs)",
        self::median(samples)
    );
    median
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse().expect("RUNS is a number"))
        .unwrap_or(9);
    let small = measure(10, 100, runs);
    let large = measure(100, 100, runs);
    println!(
        "ratio 10,000 / 1,000 types: {:.2} (10.00 = linear)",
        large.as_secs_f64() / small.as_secs_f64()
    );
}
