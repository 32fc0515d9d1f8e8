//! Input mutation shared by the robustness property test and the long-running fuzz driver
//! (`codegen/examples/fuzz_front_end.rs`): the same generator, bounded in the suite and run for
//! minutes by `fuzz/front_end.sh`.

use std::path::PathBuf;

/// A small deterministic generator (SplitMix64), so a failing seed reproduces exactly.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// Fragments that are likely to reach interesting parser and resolver states.
pub const TOKENS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "<",
    ">",
    "[",
    "]",
    ";",
    ":",
    ",",
    "=",
    "|",
    "?",
    "@",
    "\"",
    "\\",
    "///",
    "//",
    "/*",
    "*/",
    "\n",
    " ",
    "package",
    "import",
    "struct",
    "enum",
    "union",
    "type",
    "int",
    "uint",
    "u8",
    "float",
    "str",
    "bytes",
    "any",
    "datetime",
    "list<",
    "set<",
    "map<str, ",
    "map<",
    "tuple<",
    "Foo",
    "foo",
    "x.y.Z",
    "@tag(",
    "@tag(7)",
    "@ext(",
    "@ext(300)",
    "@patch",
    "@array_like",
    "@compat",
    "@strict",
    "@open",
    "@rename(\"camel\")",
    "@name(\"x\")",
    "@tag_field(\"kind\")",
    "@example(",
    "@deprecated(\"old\")",
    "null",
    "true",
    "-1",
    "0",
    "1.5",
    "1e999",
    "99999999999999999999999999999999999999999",
    "\\u00",
    "\\ud800",
    "é",
    "\u{0}",
    "\u{feff}",
    "ge = ",
    "le = 0",
    "min_length = ",
    "pattern = \"(\"",
    "pattern = \"^a$\"",
    "tz = false",
    " = []",
    " = {}",
    " = \"x\"",
    ": int;",
    "a: A;",
    "import \"x.ir\";",
    "import \"../idl/logs.ir\";",
];

fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Applies one to four random edits: deletions, insertions of tokens or random bytes,
/// duplications and replacements.
pub fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut out = text.to_string();
    for _ in 0..1 + rng.below(4) {
        let at = boundary(&out, rng.below(out.len() + 1));
        let len = 1 + rng.below(16);
        let end = boundary(&out, at + len);
        match rng.below(5) {
            0 => {
                out.replace_range(at..end, "");
            }
            1 => out.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
            2 => {
                let piece = out[at..end].to_string();
                let to = boundary(&out, rng.below(out.len() + 1));
                out.insert_str(to, &piece);
            }
            3 => out.replace_range(at..end, TOKENS[rng.below(TOKENS.len())]),
            _ => {
                let bytes: Vec<u8> = (0..1 + rng.below(8))
                    .map(|_| rng.next_u64() as u8)
                    .collect();
                out.insert_str(at, &String::from_utf8_lossy(&bytes));
            }
        }
    }
    out
}

/// The repository's own contracts, as (path, text) pairs with paths like `idl/logs.ir`.
pub fn idl_corpus() -> Vec<(PathBuf, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let files =
        seam_codegen::source::discover_files(&[root.join("idl")]).expect("idl/ is readable");
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            let relative = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
            (relative, text)
        })
        .collect()
}

/// Runs every front-end entry point on a corpus in which file `index` is replaced by `text`:
/// check (parse and resolve, following imports), render every diagnostic, and format.
/// Returns the number of diagnostics, so callers can see that work was done.
pub fn exercise(corpus: &[(PathBuf, String)], index: usize, text: &str) -> usize {
    let mut sources = seam_codegen::source::MemorySources::new();
    for (i, (path, original)) in corpus.iter().enumerate() {
        sources.insert(
            path.clone(),
            if i == index {
                text.to_string()
            } else {
                original.clone()
            },
        );
    }
    let roots: Vec<PathBuf> = corpus.iter().map(|(p, _)| p.clone()).collect();
    let compilation =
        seam_codegen::check(&sources, &roots).expect("in-memory sources are readable");
    for diagnostic in &compilation.diagnostics {
        let _ = seam_codegen::render::render_text(&compilation.sources, diagnostic);
        let _ = seam_codegen::render::to_json(&compilation.sources, diagnostic);
    }
    if let Ok(formatted) = seam_codegen::format::format_source(text) {
        let again = seam_codegen::format::format_source(&formatted).expect("formatted text parses");
        assert_eq!(formatted, again, "formatting is not idempotent");
    }
    compilation.diagnostics.len()
}
