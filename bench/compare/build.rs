//! Generates the benchmark contract of `idl/` into `OUT_DIR` as one file, with the library API a
//! user's build script calls.

use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let generator =
        seam_codegen::generate::Generator::new(root.join("idl"), out).single_file("contracts.rs");
    match generator.run() {
        Ok(report) => report.print_cargo_directives(),
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
