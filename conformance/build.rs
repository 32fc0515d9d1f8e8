//! Generates the test-only contracts of `conformance/idl/` (and of `conformance/names/`) into
//! `OUT_DIR`, each as one file, with the same library API a user's build script calls.

use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // `names/`: contracts named like the prelude and the runtime (no vectors: `tests/names.rs`).
    for (idl, file) in [("idl", "contracts.rs"), ("names", "names.rs")] {
        let generator =
            seam_codegen::generate::Generator::new(root.join(idl), &out).single_file(file);
        match generator.run() {
            Ok(report) => report.print_cargo_directives(),
            Err(error) => {
                eprintln!("{error}");
                std::process::exit(1);
            }
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
