//! The front end never panics: random bytes and randomly mutated real contracts go through
//! check, diagnostic rendering and formatting. Bounded here (a few seconds); the same generator
//! runs for minutes in `fuzz/front_end.sh`.

#[path = "support/mutate.rs"]
mod mutate;

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let corpus = vec![("input.ir".into(), String::new())];
        let text = String::from_utf8_lossy(&bytes);
        mutate::exercise(&corpus, 0, &text);
        mutate::exercise(&corpus, 0, &format!("package p;\n{text}"));
    }

    #[test]
    fn mutated_contracts_never_panic(file in 0usize..64, seed in any::<u64>()) {
        let corpus = mutate::idl_corpus();
        let index = file % corpus.len();
        let mut rng = mutate::Rng(seed);
        let text = mutate::mutate(&mut rng, &corpus[index].1);
        mutate::exercise(&corpus, index, &text);
    }
}

#[test]
fn the_unmutated_corpus_is_clean() {
    // The baseline the mutations start from must itself check without a diagnostic, or the
    // mutation test would be exercising error paths only.
    let corpus = mutate::idl_corpus();
    assert_eq!(mutate::exercise(&corpus, 0, &corpus[0].1.clone()), 0);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let corpus = vec![("deep.ir".into(), String::new())];
    for opener in ["list<", "(", "[", "{", "<"] {
        let text = format!("package p;\ntype T = {};", opener.repeat(100_000));
        assert!(mutate::exercise(&corpus, 0, &text) > 0);
    }
}
