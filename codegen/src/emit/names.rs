//! Rust names for contract names: the one place where identifiers are cased and escaped.
//!
//! Wire names never change; only the Rust side is adjusted. A Rust keyword becomes a raw
//! identifier (`r#type`); `self`, `super`, `crate` and `Self`, which have no raw form, get a
//! trailing underscore.

/// Keywords of every Rust edition that a raw identifier can escape.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self", "_"];

/// An identifier safe to use in Rust code: raw when it is a keyword, with `_` appended when it
/// cannot be raw.
pub fn escape(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// The Rust name of a field or module: the snake_case name, escaped.
pub fn field_name(name: &str) -> String {
    escape(name)
}

/// The Rust name of a declared type (already PascalCase in the contract).
pub fn type_name(name: &str) -> String {
    escape(name)
}

/// PascalCase of a snake_case member name: `not_found` -> `NotFound`.
pub fn variant_name(member: &str) -> String {
    escape(&pascal_case(member))
}

/// A variant name for an arbitrary literal value: its words in PascalCase, prefixed when it
/// does not start with a letter (`"1x"` -> `V1x`, `-1` -> `Minus1`, `""` -> `Empty`).
pub fn literal_variant_name(value: &str) -> String {
    if value.is_empty() {
        return "Empty".into();
    }
    let (prefix, rest) = match value.strip_prefix('-') {
        Some(rest) => ("Minus", rest),
        None => ("", value),
    };
    let words = pascal_case(
        &rest
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect::<String>(),
    );
    let mut name = format!("{prefix}{words}");
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name = format!("V{name}");
    }
    escape(&name)
}

/// PascalCase of words separated by `_`: each word capitalised, the rest kept.
pub fn pascal_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split('_').filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("match"), "r#match");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("run_id"), "run_id");
        assert_eq!(variant_name("not_found"), "NotFound");
        assert_eq!(variant_name("self"), "Self_");
        assert_eq!(literal_variant_name("by_name"), "ByName");
        assert_eq!(literal_variant_name("DEBUG"), "DEBUG");
        assert_eq!(literal_variant_name("a-b c"), "ABC");
        assert_eq!(literal_variant_name("1x"), "V1x");
        assert_eq!(literal_variant_name("-1"), "Minus1");
        assert_eq!(literal_variant_name(""), "Empty");
    }
}
