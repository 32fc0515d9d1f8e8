//! Example values of contract types, in wire form: the first `@example` of a field where
//! there is one, otherwise a value built from the type and its constraints (a string that
//! matches its pattern, a number inside its bounds). The goldens snapshot them, and the docs
//! show them.

use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{json, Map, Value as Json};

use crate::model::*;

/// How deep examples follow recursive types before choosing the empty value.
const MAX_DEPTH: usize = 3;

/// An example of a declared type.
pub fn example_of(model: &ContractSet, name: &QualifiedName) -> Json {
    Examples { model, rng: None }.named(name, 0)
}

/// A random value of a declared type, for property tests: fields with defaults are left out or
/// set, nullable ones sometimes `null`, numbers vary within their bounds, enums pick a member,
/// containers hold zero to three items. The same seed gives the same value. Most values are
/// valid; callers decode them and skip the few that are not (a pattern the generator cannot
/// vary, say).
pub fn random_of(model: &ContractSet, name: &QualifiedName, seed: u64) -> Json {
    let state = std::cell::Cell::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    Examples {
        model,
        rng: Some(state),
    }
    .named(name, 0)
}

struct Examples<'a> {
    model: &'a ContractSet,
    /// Set for random values.
    rng: Option<std::cell::Cell<u64>>,
}

/// A model value (a default or an `@example`) as JSON.
pub fn value_to_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => i64::try_from(*i)
            .map(Json::from)
            .or_else(|_| u64::try_from(*i).map(Json::from))
            .unwrap_or(Json::Null),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(Json::Number)
            .unwrap_or(Json::Null),
        Value::Str(s) => Json::String(s.clone()),
        Value::List(items) => Json::Array(items.iter().map(value_to_json).collect()),
        Value::Map(map) => Json::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), value_to_json(v)))
                .collect(),
        ),
    }
}

impl Examples<'_> {
    /// A number below `n` (0 for plain examples).
    fn pick(&self, n: usize) -> usize {
        let Some(state) = &self.rng else { return 0 };
        if n == 0 {
            return 0;
        }
        // xorshift64*
        let mut x = state.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        state.set(x);
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }

    fn named(&self, name: &QualifiedName, depth: usize) -> Json {
        let Some(def) = self.model.get(name) else {
            return Json::Null;
        };
        match &def.kind {
            TypeKind::Struct(s) => self.structure(s, depth),
            TypeKind::Enum(e) => e
                .members
                .get(self.pick(e.members.len()))
                .map(|m| tag_json(&m.value))
                .unwrap_or(Json::Null),
            // Deep down, the first member, as plain examples do: a random choice among
            // recursive members (`union Expr = Lit | Add | Neg`) could grow without bound.
            TypeKind::Union(u) => u
                .members
                .get(if depth > MAX_DEPTH {
                    0
                } else {
                    self.pick(u.members.len())
                })
                .map(|m| self.named(&m.name, depth + 1))
                .unwrap_or(Json::Null),
            TypeKind::Alias(a) => self.of(&a.target, depth + 1),
        }
    }

    fn structure(&self, s: &StructDef, depth: usize) -> Json {
        let mut values: Vec<(String, Json)> = Vec::new();
        for f in &s.fields {
            // Random values leave out a defaulted field now and then (not in array-like
            // structs, where only trailing fields may be left out).
            if self.rng.is_some() && f.default.is_some() && !s.array_like && self.pick(3) == 0 {
                continue;
            }
            let value = match f.examples.first() {
                Some(example) if self.rng.is_none() || self.pick(2) == 0 => value_to_json(example),
                _ if depth >= MAX_DEPTH => f
                    .default
                    .as_ref()
                    .map(value_to_json)
                    .unwrap_or_else(|| self.of(&f.ty, depth + 1)),
                _ => self.of(&f.ty, depth + 1),
            };
            values.push((f.wire_name.clone(), value));
        }
        if s.array_like {
            let mut items: Vec<Json> = s.tagging.iter().map(|t| tag_json(&t.value)).collect();
            items.extend(values.into_iter().map(|(_, v)| v));
            Json::Array(items)
        } else {
            let mut map = Map::new();
            if let Some(tagging) = &s.tagging {
                map.insert(tagging.field.clone(), tag_json(&tagging.value));
            }
            map.extend(values);
            Json::Object(map)
        }
    }

    fn of(&self, ty: &Type, depth: usize) -> Json {
        let random = self.rng.is_some();
        match ty {
            Type::Primitive {
                primitive,
                constraints,
            } => {
                let example = primitive_example(*primitive, constraints);
                if random {
                    self.vary_primitive(*primitive, constraints, example)
                } else {
                    example
                }
            }
            Type::List { item, constraints } | Type::Set { item, constraints } => {
                let min = constraints.min_length.unwrap_or(0) as usize;
                if depth > MAX_DEPTH && min == 0 {
                    return json!([]);
                }
                let max = constraints
                    .max_length
                    .map(|m| m as usize)
                    .unwrap_or(usize::MAX);
                let count = if random {
                    min.saturating_add(self.pick(3)).min(max)
                } else {
                    min.max(1).min(max)
                };
                let first = self.of(item, depth + 1);
                Json::Array((0..count).map(|i| vary(&first, i)).collect())
            }
            Type::Map {
                key,
                value,
                constraints,
            } => {
                let min = constraints.min_length.unwrap_or(0) as usize;
                if depth > MAX_DEPTH && min == 0 {
                    return json!({});
                }
                let count = if random {
                    min.max(self.pick(3))
                } else {
                    min.max(1)
                };
                let mut map = Map::new();
                for i in 0..count {
                    let key = match vary(&self.of(key, depth + 1), i) {
                        Json::String(s) => s,
                        other => other.to_string(),
                    };
                    map.insert(key, self.of(value, depth + 1));
                }
                Json::Object(map)
            }
            Type::Tuple { items } => {
                Json::Array(items.iter().map(|t| self.of(t, depth + 1)).collect())
            }
            Type::Optional { inner } => {
                if depth > MAX_DEPTH || (random && self.pick(3) == 0) {
                    Json::Null
                } else {
                    self.of(inner, depth)
                }
            }
            Type::Literals { values } => values
                .get(self.pick(values.len()))
                .map(tag_json)
                .unwrap_or(Json::Null),
            Type::Named { name } => self.named(name, depth + 1),
        }
    }

    /// A random variation of a scalar's example that keeps its constraints.
    fn vary_primitive(&self, primitive: Primitive, c: &Constraints, example: Json) -> Json {
        match primitive {
            Primitive::Bool => json!(self.pick(2) == 0),
            Primitive::Int(kind) => {
                let base = int_example(kind, c);
                let (_, type_max) = kind.range();
                let hi =
                    c.lt.map(|n| number_int(n) - 1)
                        .or(c.le.map(number_int))
                        .unwrap_or(type_max)
                        .min(type_max);
                let step = c
                    .multiple_of
                    .map(number_int)
                    .filter(|m| *m > 0)
                    .unwrap_or(1);
                let candidate = base + step * self.pick(50) as i128;
                json!(if candidate <= hi { candidate } else { base })
            }
            Primitive::Str if c.pattern.is_none() => {
                let words = [
                    "alpha",
                    "beta",
                    "gamma",
                    "delta-7",
                    "é",
                    "x",
                    "",
                    "tab\there \"quoted\" back\\slash",
                    "line\nbreak\u{0}\u{7f}",
                    "\u{1F600} \u{10FFFF} \u{FEFF}",
                ];
                let word = words[self.pick(words.len())];
                let min = c.min_length.unwrap_or(0) as usize;
                let max = c.max_length.map(|m| m as usize).unwrap_or(usize::MAX);
                let mut text = word.to_string();
                pad_to(&mut text, min);
                if text.chars().count() > max {
                    return example;
                }
                Json::String(text)
            }
            Primitive::Float => {
                let candidates = [
                    0.0,
                    -0.0,
                    0.1,
                    -2.5,
                    1e16,
                    123_456.789,
                    5e-324,
                    1e-300,
                    f64::MAX,
                    f64::MIN,
                ];
                let value = candidates[self.pick(candidates.len())];
                let fits = c.multiple_of.is_none()
                    && c.gt.is_none_or(|n| value > n.as_f64())
                    && c.ge.is_none_or(|n| value >= n.as_f64())
                    && c.lt.is_none_or(|n| value < n.as_f64())
                    && c.le.is_none_or(|n| value <= n.as_f64());
                match serde_json::Number::from_f64(value) {
                    Some(n) if fits && self.pick(2) == 0 => Json::Number(n),
                    _ => example,
                }
            }
            Primitive::Bytes => {
                let min = c.min_length.unwrap_or(0) as usize;
                let max = c.max_length.map(|m| m as usize).unwrap_or(usize::MAX);
                let len = min.saturating_add(self.pick(9)).min(max);
                let bytes: Vec<u8> = (0..len).map(|_| self.pick(256) as u8).collect();
                Json::String(seam_runtime::scalar::encode_base64(&bytes))
            }
            Primitive::Datetime => self.one_of(&[
                "2026-01-02T03:04:05.678901Z",
                "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.5-08:00",
                "1960-06-15T12:00:00.123457+01:00",
                "2000-02-29T23:59:59.999999+05:30",
                "9999-12-31T23:59:59+00:00",
                "0001-01-01T00:00:00Z",
            ]),
            Primitive::Date => self.one_of(&[
                "2026-01-02",
                "1970-01-01",
                "2000-02-29",
                "9999-12-31",
                "0001-01-01",
            ]),
            Primitive::Time => match c.tz {
                Some(true) => {
                    self.one_of(&["12:30:00+01:00", "00:00:00Z", "23:59:59.999999-05:30"])
                }
                Some(false) => {
                    self.one_of(&["12:30:00", "00:00:00", "23:59:59.999999", "07:08:09.5"])
                }
                None => self.one_of(&[
                    "12:30:00",
                    "23:59:59.999999",
                    "00:00:00+14:00",
                    "07:08:09.5-00:30",
                ]),
            },
            Primitive::Duration => self.one_of(&[
                "PT1H30M",
                "P0D",
                "-PT0.000001S",
                "P1DT5.000007S",
                "-P999999999D",
                "P999999999DT86399.999999S",
            ]),
            Primitive::Uuid => self.one_of(&[
                "123e4567-e89b-12d3-a456-426614174000",
                "00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff",
            ]),
            Primitive::Decimal => self.one_of(&[
                "12.50",
                "0",
                "-0.001",
                "1E+3",
                "123456789012345678901234567890.123456789",
            ]),
            Primitive::Any => {
                let values = [
                    json!({"key": ["value", 1]}),
                    json!(null),
                    json!(-7),
                    json!(18_446_744_073_709_551_615u64),
                    json!(2.5),
                    json!("text \u{e9}"),
                    json!([true, {"nested": {"deeper": []}}]),
                ];
                values[self.pick(values.len())].clone()
            }
            _ => example,
        }
    }

    /// One of the given texts.
    fn one_of(&self, texts: &[&str]) -> Json {
        Json::String(texts[self.pick(texts.len())].to_string())
    }
}

fn number_int(n: Number) -> i128 {
    match n {
        Number::Int(i) => i,
        Number::Float(f) => f as i128,
    }
}

/// A different item for position `i` of a set (so set items stay unique).
fn vary(first: &Json, i: usize) -> Json {
    if i == 0 {
        return first.clone();
    }
    match first {
        Json::Number(n) if n.is_i64() => json!(n.as_i64().unwrap_or(0).saturating_add(i as i64)),
        Json::String(s) => Json::String(format!("{s}{i}")),
        other => other.clone(),
    }
}

fn tag_json(tag: &TagValue) -> Json {
    match tag {
        TagValue::Str(s) => Json::String(s.clone()),
        TagValue::Int(i) => json!(i),
    }
}

fn primitive_example(primitive: Primitive, c: &Constraints) -> Json {
    match primitive {
        Primitive::Bool => json!(true),
        Primitive::Int(kind) => json!(int_example(kind, c)),
        Primitive::Float => float_example(c),
        Primitive::Str => Json::String(string_example(c)),
        Primitive::Bytes => {
            let len = c.min_length.unwrap_or(4).max(1) as usize;
            let bytes: Vec<u8> = b"seam".iter().cycle().take(len).copied().collect();
            Json::String(seam_runtime::scalar::encode_base64(&bytes))
        }
        Primitive::Datetime => json!("2026-01-02T03:04:05.678901Z"),
        Primitive::Date => json!("2026-01-02"),
        Primitive::Time => json!(if c.tz == Some(true) {
            "12:30:00+01:00"
        } else {
            "12:30:00"
        }),
        Primitive::Duration => json!("PT1H30M"),
        Primitive::Uuid => json!("123e4567-e89b-12d3-a456-426614174000"),
        Primitive::Decimal => json!("12.50"),
        Primitive::Any => json!({"key": ["value", 1]}),
    }
}

fn int_example(kind: IntKind, c: &Constraints) -> i128 {
    let (min, max) = kind.range();
    let as_int = |n: Number| match n {
        Number::Int(i) => i,
        Number::Float(f) => f as i128,
    };
    let lo =
        c.gt.map(|n| as_int(n) + 1)
            .or(c.ge.map(as_int))
            .unwrap_or(min.max(1))
            .max(min);
    let hi =
        c.lt.map(|n| as_int(n) - 1)
            .or(c.le.map(as_int))
            .unwrap_or(max)
            .min(max);
    // A small, readable value inside the bounds: 1 when allowed, else the lower bound.
    let mut value = if lo <= 1 && 1 <= hi { 1.max(lo) } else { lo };
    if let Some(m) = c.multiple_of.map(as_int).filter(|m| *m > 0) {
        value = ((value + m - 1).div_euclid(m)) * m;
    }
    value.min(hi)
}

fn float_example(c: &Constraints) -> Json {
    let lo = c.gt.or(c.ge).map(Number::as_f64);
    let hi = c.lt.or(c.le).map(Number::as_f64);
    let value = match (lo, hi) {
        (Some(lo), Some(hi)) => (lo + hi) / 2.0,
        (Some(lo), None) => lo + 1.5,
        (None, Some(hi)) => hi - 1.5,
        (None, None) => 1.5,
    };
    let value = match c.multiple_of.map(Number::as_f64) {
        Some(m) if m > 0.0 => (value / m).ceil() * m,
        _ => value,
    };
    serde_json::Number::from_f64(value)
        .map(Json::Number)
        .unwrap_or(Json::Null)
}

/// A string of the right length that matches the pattern, when one can be built.
fn string_example(c: &Constraints) -> String {
    let min = c.min_length.unwrap_or(0) as usize;
    let max = c.max_length.map(|m| m as usize).unwrap_or(usize::MAX);
    let fits = |s: &str| {
        let n = s.chars().count();
        n >= min
            && n <= max
            && c.pattern
                .as_deref()
                .is_none_or(|p| seam_runtime::check::pattern_matches(p, s))
    };
    if let Some(pattern) = &c.pattern {
        if let Ok(hir) = regex_syntax::parse(pattern) {
            // Grow unbounded repetitions until the length is right.
            for repeat in [1, 2, 4, 8, 16, 32, 64, min.max(1)] {
                let mut out = String::new();
                generate(&hir, repeat, &mut out);
                if fits(&out) {
                    return out;
                }
                // A pattern is searched, not matched (`^x` matches `xx`): padding a match that
                // is too short may keep it a match.
                let mut padded = out;
                pad_to(&mut padded, min);
                if fits(&padded) {
                    return padded;
                }
            }
        }
    }
    let mut text = String::from("example");
    pad_to(&mut text, min);
    text.chars().take(max.max(1)).collect()
}

/// Pads `text` with `x` to at least `min` characters, in time linear in the result (a
/// contract's `min_length` can be large).
fn pad_to(text: &mut String, min: usize) {
    let count = text.chars().count();
    if count < min {
        text.push_str(&"x".repeat(min - count));
    }
}

/// The first string a regular expression matches, repeating unbounded parts `repeat` times.
fn generate(hir: &Hir, repeat: usize, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(Class::Unicode(class)) => {
            // Prefer a letter or digit of the class, for readable examples.
            let chars = class.iter().flat_map(|r| (r.start()..=r.end()).take(64));
            let mut chosen = None;
            for c in chars {
                if c.is_ascii_alphanumeric() {
                    chosen = Some(c);
                    break;
                }
                chosen.get_or_insert(c);
            }
            if let Some(c) = chosen {
                out.push(c);
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            if let Some(range) = class.iter().next() {
                out.push(range.start() as char);
            }
        }
        HirKind::Repetition(rep) => {
            let count = match rep.max {
                Some(max) => (rep.min as usize).max(repeat.min(max as usize)),
                None => (rep.min as usize).max(repeat),
            };
            for _ in 0..count {
                generate(&rep.sub, repeat, out);
            }
        }
        HirKind::Capture(capture) => generate(&capture.sub, repeat, out),
        HirKind::Concat(parts) => parts.iter().for_each(|p| generate(p, repeat, out)),
        HirKind::Alternation(options) => {
            if let Some(first) = options.first() {
                generate(first, repeat, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_match_their_patterns_and_lengths() {
        let c = |pattern: &str, min: Option<u64>, max: Option<u64>| Constraints {
            pattern: Some(pattern.into()),
            min_length: min,
            max_length: max,
            ..Constraints::default()
        };
        assert_eq!(string_example(&c("^[0-9a-f]{64}$", None, None)).len(), 64);
        let s = string_example(&c("^[0-9a-f]+$", Some(16), Some(64)));
        assert!(
            s.len() >= 16 && s.chars().all(|ch| ch.is_ascii_hexdigit()),
            "{s}"
        );
        assert_eq!(
            string_example(&c("^sha256:[0-9a-f]{64}$", None, None)).len(),
            71
        );
        assert_eq!(string_example(&Constraints::default()), "example");
    }

    #[test]
    fn integers_stay_in_bounds() {
        let c = Constraints {
            ge: Some(Number::Int(1000)),
            le: Some(Number::Int(5000)),
            ..Constraints::default()
        };
        assert_eq!(int_example(IntKind::Int, &c), 1000);
        let c = Constraints {
            gt: Some(Number::Int(0)),
            multiple_of: Some(Number::Int(8)),
            ..Constraints::default()
        };
        assert_eq!(int_example(IntKind::U32, &c), 8);
        assert_eq!(int_example(IntKind::I8, &Constraints::default()), 1);
    }
}
