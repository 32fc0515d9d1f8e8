//! Shared by the property tests (`tests/properties.rs`), the fuzz regression test
//! (`tests/fuzz_regressions.rs`), the fuzz seed tool (`examples/fuzz_corpus.rs`) and the fuzz
//! targets (`fuzz/`, which include this directory by path).
#![allow(dead_code)]

pub mod check;
pub mod contracts;
pub mod front_end;
pub mod mutate;
pub mod toml_text;
