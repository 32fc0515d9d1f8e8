//! Synthetic contract sets for benchmarks: `files` files of `types_per_file` types each, every
//! file in its own package importing the previous one, with the mix a real set has: structs
//! with constrained and defaulted fields that reference other types (same file and imported),
//! enums, constrained aliases and tagged unions.

use std::path::PathBuf;

pub fn generate(files: usize, types_per_file: usize) -> Vec<(PathBuf, String)> {
    (0..files)
        .map(|f| {
            (
                PathBuf::from(format!("synth/p{f}.ir")),
                file(f, types_per_file),
            )
        })
        .collect()
}

fn file(f: usize, types: usize) -> String {
    let mut out = format!("/// Synthetic package {f}.\npackage synth.p{f};\n\n");
    if f > 0 {
        out.push_str(&format!("import \"p{}.ir\";\n\n", f - 1));
    }
    let mut structs: Vec<usize> = Vec::new();
    let mut pending_union: Vec<usize> = Vec::new();
    // One type slot is the file's `Anchor`, which the next file references.
    for t in 0..types.saturating_sub(1) {
        match t % 10 {
            0 | 5 => out.push_str(&format!("/// Kind {t}.\nenum Kind{t} {{ alpha, beta, gamma, delta }}\n\n")),
            1 => out.push_str(&format!("/// Count {t}.\ntype Count{t} = int(ge = 0, le = 1000000);\n\n")),
            2 => out.push_str(&format!(
                "/// Name {t}.\ntype Name{t} = str(min_length = 1, max_length = 64, pattern = \"^[a-z][a-z0-9_]*$\");\n\n"
            )),
            9 if pending_union.len() >= 2 => {
                let members: Vec<String> = pending_union.iter().map(|m| format!("Record{m}")).collect();
                out.push_str(&format!("/// Union {t}.\n@tag_field(\"event\")\nunion Event{t} = {};\n\n", members.join(" | ")));
                pending_union.clear();
            }
            _ => {
                let kind = t - t % 5;
                let mut fields = vec![
                    "    /// Identifier.\n    id: int(ge = 0);".to_string(),
                    format!("    label: str(min_length = 1, max_length = 64) = \"record {t}\";"),
                    "    tags: list<str(max_length = 32)> = [];".to_string(),
                    format!("    kind: Kind{kind} = \"beta\";"),
                    "    attributes: map<str, any> = {};".to_string(),
                    "    created_at: datetime? = null;".to_string(),
                    "    ratio: float(ge = 0.0, le = 1.0) = 0.5;".to_string(),
                ];
                if let Some(previous) = structs.last() {
                    fields.push(format!("    parent: Record{previous}? = null;"));
                }
                if f > 0 && t % 3 == 0 {
                    fields.push(format!("    upstream: synth.p{}.Anchor? = null;", f - 1));
                }
                let tag = if pending_union.len() < 3 && t % 10 >= 6 {
                    pending_union.push(t);
                    format!("@tag(\"r{t}\")\n")
                } else {
                    String::new()
                };
                out.push_str(&format!("/// Record {t}.\n@compat\n{tag}struct Record{t} {{\n{}\n}}\n\n", fields.join("\n")));
                structs.push(t);
            }
        }
    }
    out.push_str("/// What the next package refers to.\nstruct Anchor {\n    id: int;\n}\n");
    out
}
