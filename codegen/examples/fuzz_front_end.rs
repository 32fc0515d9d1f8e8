//! Long-running fuzzing of the front end with the generator of the robustness test.
//!
//! `cargo run --release -p seam-codegen --example fuzz_front_end -- [SECONDS] [SEED]`
//!
//! Each input is either random bytes or a mutated contract from `idl/`; it goes through check,
//! diagnostic rendering and formatting. A panic is caught, the input saved under
//! `fuzz/crashes/`, and the run fails. The count of inputs tried is printed at the end.

#[path = "../tests/support/mutate.rs"]
mod mutate;

use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(0x5EA4);
    let corpus = mutate::idl_corpus();
    let empty = vec![("input.ir".into(), String::new())];
    let mut rng = mutate::Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let crash_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/crashes");
    let (mut tried, mut diagnostics, mut crashes) = (0u64, 0u64, 0u64);
    std::panic::set_hook(Box::new(|_| {}));
    while Instant::now() < deadline {
        for _ in 0..64 {
            let (set, index, text) = if rng.below(4) == 0 {
                let bytes: Vec<u8> = (0..rng.below(512)).map(|_| rng.next_u64() as u8).collect();
                (&empty, 0, String::from_utf8_lossy(&bytes).into_owned())
            } else {
                let index = rng.below(corpus.len());
                // Stack a few rounds of mutation now and then, to wander further from valid text.
                let mut text = mutate::mutate(&mut rng, &corpus[index].1);
                for _ in 0..rng.below(3) {
                    text = mutate::mutate(&mut rng, &text);
                }
                (&corpus, index, text)
            };
            tried += 1;
            match std::panic::catch_unwind(|| mutate::exercise(set, index, &text)) {
                Ok(count) => diagnostics += count as u64,
                Err(_) => {
                    crashes += 1;
                    std::fs::create_dir_all(&crash_dir).ok();
                    let path = crash_dir.join(format!("crash-{seed}-{tried}.ir"));
                    std::fs::write(&path, &text).ok();
                    eprintln!("panic on input saved to {}", path.display());
                }
            }
        }
    }
    println!("front end: {tried} inputs tried in {seconds} s (seed {seed}), {diagnostics} diagnostics, {crashes} panics");
    if crashes > 0 {
        std::process::exit(1);
    }
}
