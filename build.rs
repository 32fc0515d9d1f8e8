//! Regenerates `generated/` from `idl/` with the seam-codegen library, the same API a user
//! calls from their own build script. Only files whose bytes change are written, and cargo
//! reruns this script only when a file under `idl/` changes.
//!
//! In CI (`CI` set) nothing is written: a checked-in `generated/` that differs from a fresh
//! generation fails the build, so drift cannot land.

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let check = std::env::var_os("CI").is_some();
    let generator =
        seam_codegen::generate::Generator::new(root.join("idl"), root.join("generated"))
            .check(check);
    let report = match generator.run() {
        Ok(report) => report,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    };
    report.print_cargo_directives();
    println!("cargo:rerun-if-changed=build.rs");
    if check && (!report.changed.is_empty() || !report.removed.is_empty()) {
        eprintln!("generated/ is out of date with idl/; run `cargo run -p seam-codegen --bin seam -- generate` and commit:");
        for path in report.changed.iter().chain(&report.removed) {
            eprintln!("  {}", path.display());
        }
        std::process::exit(1);
    }
}
