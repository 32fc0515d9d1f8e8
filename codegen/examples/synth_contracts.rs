//! Writes a synthetic contract set to disk for benchmarks:
//! `cargo run --release -p seam-codegen --example synth_contracts -- OUT_DIR FILES TYPES_PER_FILE`

#[path = "../benches/support/synth.rs"]
mod synth;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, files, types] = args.as_slice() else {
        eprintln!("usage: synth_contracts OUT_DIR FILES TYPES_PER_FILE");
        std::process::exit(2);
    };
    let out = std::path::PathBuf::from(out);
    let files: usize = files.parse().expect("FILES is a number");
    let types: usize = types.parse().expect("TYPES_PER_FILE is a number");
    for (path, text) in synth::generate(files, types) {
        let path = out.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create the directory");
        std::fs::write(&path, text).expect("write the file");
    }
}
