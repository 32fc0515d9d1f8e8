//! What the fuzz targets share: the laws, the type list and the front-end exercise of the
//! conformance tests (`conformance/tests/support/`), included by path so that the fuzzers and
//! the regression test (`conformance/tests/fuzz_regressions.rs`) check exactly the same things.

use std::path::PathBuf;
use std::sync::OnceLock;

#[path = "../../conformance/tests/support/mod.rs"]
pub mod support;

use support::check::{check_input, show, Wire};
use support::contracts::TYPES;

// The first byte of an input chooses the type.
const _: () = assert!(TYPES.len() <= 256, "more types than one byte can choose");

/// Decodes `data[1..]` from `wire` as the type `TYPES[data[0] % TYPES.len()]`, strictly and
/// leniently; every value accepted must obey the laws of `support/check.rs`, or this panics
/// (which libFuzzer reports as a crash).
pub fn decode(wire: Wire, data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let (set, name) = TYPES[first as usize % TYPES.len()];
    let checked = check_input(set, name, wire, rest).expect("a listed type");
    if !checked.broken.is_empty() {
        panic!(
            "{set} {name} from {} {}:\n{}",
            wire.name(),
            show(rest),
            checked.broken.join("\n")
        );
    }
}

/// The contracts of `idl/`, as the front-end target edits them.
pub fn idl_corpus() -> &'static [(PathBuf, String)] {
    static CORPUS: OnceLock<Vec<(PathBuf, String)>> = OnceLock::new();
    CORPUS.get_or_init(support::front_end::idl_corpus)
}

/// Checks, renders and formats the text of `data[1..]` (lossily UTF-8) as file number
/// `data[0] % (n + 1)` of the `idl/` corpus, or alone when that is `n`.
pub fn front_end(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let corpus = idl_corpus();
    let index = first as usize % (corpus.len() + 1);
    support::front_end::exercise(corpus, (index < corpus.len()).then_some(index), &text);
}
