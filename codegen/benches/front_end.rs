//! Front-end benchmark: parse and check generated contract sets of 1,000 and 10,000 types
//! (10 and 100 files), in memory, and print the median of repeated runs and the ratio between
//! the two sizes (10.0 means time grows linearly with the number of types).
//!
//! `cargo bench -p seam-codegen --bench front_end`; `bench/front_end.sh` adds peak memory.

#[path = "support/synth.rs"]
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
    let mut samples = Vec::with_capacity(runs);
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
    }
    median(samples)
}

fn main() {
    // `cargo test --benches` runs this with `--bench` absent: keep that cheap.
    let quick = !std::env::args().any(|a| a == "--bench");
    let runs = if quick { 1 } else { 15 };
    let small = measure(10, 100, runs);
    let large = measure(100, 100, runs);
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
}
