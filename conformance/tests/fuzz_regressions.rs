//! Every input the fuzz targets (`fuzz/`, see docs/reliability.md) found a problem with, kept in
//! `tests/regressions/` and run on every test run:
//!
//! - `json/`, `msgpack/`, `toml/`: `<set>.<package>.<Type>.<hash>.<ext>`, decoded as that type,
//!   strictly and leniently, without a panic, and every value accepted obeys the laws of
//!   `support/check.rs` (round trips, deterministic encoding, fingerprints);
//! - `ir/`: `<file>.<hash>.ir` is `.ir` text put in place of `idl/<file>` (`cli.config.ir` is
//!   `idl/cli/config.ir`), `alone.<hash>.ir` is checked on its own; check, the rendering of every
//!   diagnostic and formatting must not panic, and formatting must be idempotent.
//!
//! `cargo run -p seam-conformance --example fuzz_corpus -- keep TARGET CRASH_FILE` adds one.

mod support;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use support::check::{check_input, show, Wire};
use support::front_end;

fn files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions")
        .join(dir);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

#[test]
fn decoder_regressions_decode_without_panic_and_obey_the_laws() {
    let mut failures = Vec::new();
    let mut count = 0;
    for wire in Wire::ALL {
        for path in files(wire.name()) {
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            // <set>.<package...>.<Type>.<hash>.<ext>
            let parts: Vec<&str> = file.split('.').collect();
            assert!(parts.len() >= 5, "{file}: not <set>.<type>.<hash>.<ext>");
            let set = parts[0];
            let name = parts[1..parts.len() - 2].join(".");
            let bytes = std::fs::read(&path).unwrap();
            let checked = check_input(set, &name, wire, &bytes)
                .unwrap_or_else(|| panic!("{file}: no type {set} {name}"));
            count += 1;
            for broken in checked.broken {
                failures.push(format!("{file} ({}): {broken}", show(&bytes)));
            }
        }
    }
    println!("{count} decoder regressions");
    // Three inputs are kept in `json/` (see docs/reliability.md, "Fuzzing"); fewer means the
    // directory moved or was emptied, and this test would check nothing.
    assert!(count >= 3, "only {count} decoder regressions found");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn front_end_regressions_check_and_format_without_panic() {
    let corpus = front_end::idl_corpus();
    assert!(!corpus.is_empty(), "no idl/ contracts found");
    let mut failures = Vec::new();
    // The unedited contracts first: what every `ir/` regression edits one file of. (No `.ir`
    // input has been found to fail yet, so `ir/` may be empty.)
    for (index, (path, text)) in corpus.iter().enumerate() {
        if catch_unwind(AssertUnwindSafe(|| {
            front_end::exercise(&corpus, Some(index), text)
        }))
        .is_err()
        {
            failures.push(format!("{}: the unedited contract", path.display()));
        }
    }
    for path in files("ir") {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let place = file
            .rsplitn(3, '.')
            .nth(2)
            .unwrap_or_else(|| panic!("{file}: not <file>.<hash>.ir"));
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let index = (place != "alone").then(|| {
            front_end::place_index(&corpus, place)
                .unwrap_or_else(|| panic!("{file}: no idl/ file {place}"))
        });
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| {
            front_end::exercise(&corpus, index, &text)
        })) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{file}: {message}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
