//! A JSON value written as a TOML document, for TOML inputs: seam has no TOML encoder (TOML is
//! read, for configuration files), so the property tests and the fuzz seeds write the JSON
//! form of a value as TOML.

use serde_json::Value;

/// The TOML document of a JSON object: one `"key" = value` line per member, nested values as
/// inline tables and arrays. `None` when TOML cannot say it: a top level other than an object,
/// `null` anywhere (TOML has no null, and leaving the member out would change the value: an
/// absent field takes its default, an absent patch field is unset), or an integer beyond `i64`.
pub fn from_json(value: &Value) -> Option<String> {
    let Value::Object(map) = value else {
        return None;
    };
    let mut out = String::new();
    for (key, item) in map {
        string(key, &mut out);
        out.push_str(" = ");
        inline(item, &mut out)?;
        out.push('\n');
    }
    Some(out)
}

fn inline(value: &Value, out: &mut String) -> Option<()> {
    match value {
        Value::Null => return None,
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                out.push_str(&i.to_string());
            } else if n.is_u64() {
                return None;
            } else {
                let f = n.as_f64()?;
                // A TOML float needs a fraction or an exponent.
                let text = format!("{f:?}");
                out.push_str(&text);
            }
        }
        Value::String(s) => string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                inline(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                string(key, out);
                out.push_str(" = ");
                inline(item, out)?;
            }
            out.push('}');
        }
    }
    Some(())
}

/// A TOML basic string: `"` and `\` escaped, control characters (DEL included) as `\uXXXX`.
fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
