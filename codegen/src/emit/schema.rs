//! JSON Schema 2020-12, OpenAPI 3.1 and the contract index (IDL.md section 7): pure functions
//! from the model to JSON.
//!
//! A schema says what the decoder accepts: bounds are merged with a sized integer's range,
//! strict structs forbid other properties, array-like structs are `prefixItems`, unions carry a
//! `discriminator` and require their tag field, and a patch type has no required field and
//! allows `null` only where its base does; patterns keep Python's meaning in ECMA-262, `bytes`
//! are base64 with exact byte lengths, integer map keys are bounded by their type. Where JSON
//! Schema cannot say what the decoder checks (integral floats, text formats, duplicate keys, ...),
//! `docs/schemas.md` lists the difference and `conformance/tests/schema_agreement.rs` tests it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::{json, Map, Value as Json};
use sha2::{Digest, Sha256};

use crate::example::value_to_json;
use crate::model::*;

/// The contract set's name and version (for `info` in OpenAPI and the docs page) and the base
/// of the schemas' `$id`s. Set in `seam.toml` beside the contracts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetInfo {
    pub title: String,
    pub version: String,
    /// Prefix of every schema's `$id`: `<schema_id><package>.<Type>.json`.
    #[serde(default = "default_schema_id")]
    pub schema_id: String,
}

fn default_schema_id() -> String {
    "urn:seam:schema:".into()
}

impl Default for SetInfo {
    fn default() -> Self {
        SetInfo {
            title: "Contracts".into(),
            version: "0.0.0".into(),
            schema_id: default_schema_id(),
        }
    }
}

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Where `$ref`s point: `#/$defs/` in schema files, `#/components/schemas/` in OpenAPI.
struct Schemas<'a> {
    model: &'a ContractSet,
    refs: &'a str,
}

/// The qualified name of the patch type generated for `name`.
pub fn patch_name(name: &QualifiedName) -> QualifiedName {
    QualifiedName::new(&name.package, format!("{}Patch", name.name))
}

/// Every schema name: each declared type, and the patch type of each `@patch` struct.
fn schema_names(model: &ContractSet) -> BTreeSet<QualifiedName> {
    let mut names = BTreeSet::new();
    for (name, def) in &model.types {
        names.insert(name.clone());
        if matches!(&def.kind, TypeKind::Struct(s) if s.patch) {
            names.insert(patch_name(name));
        }
    }
    names
}

/// The base struct of a patch type name, when it is one.
fn patch_base<'a>(
    model: &'a ContractSet,
    name: &QualifiedName,
) -> Option<(&'a TypeDef, &'a StructDef)> {
    if model.types.contains_key(name) {
        return None;
    }
    let base = QualifiedName::new(&name.package, name.name.strip_suffix("Patch")?);
    match model.get(&base) {
        Some(
            def @ TypeDef {
                kind: TypeKind::Struct(s),
                ..
            },
        ) if s.patch => Some((def, s)),
        _ => None,
    }
}

impl Schemas<'_> {
    fn reference(&self, name: &QualifiedName) -> Json {
        json!({"$ref": format!("{}{name}", self.refs)})
    }

    /// The schema of a declared type (or a patch type), as it appears under `$defs`.
    fn definition(&self, name: &QualifiedName) -> Json {
        if let Some((base, s)) = patch_base(self.model, name) {
            return self.patch(base, s);
        }
        let Some(def) = self.model.get(name) else {
            return json!({});
        };
        let mut schema = match &def.kind {
            TypeKind::Struct(s) => self.structure(s),
            TypeKind::Enum(e) => enumeration(e),
            TypeKind::Union(u) => self.union(u),
            TypeKind::Alias(a) => self.of(&a.target),
        };
        annotate(
            &mut schema,
            Some(&def.name.name),
            def.doc.as_deref(),
            def.deprecated.is_some(),
        );
        schema
    }

    fn structure(&self, s: &StructDef) -> Json {
        let tag = s.tagging.as_ref().map(|t| tag_json(&t.value));
        if s.array_like {
            let mut items: Vec<Json> = tag.iter().map(|t| json!({"enum": [t]})).collect();
            items.extend(s.fields.iter().map(|f| self.field(f)));
            let offset = usize::from(s.tagging.is_some());
            let required = s.fields.iter().filter(|f| f.required()).count() + offset;
            let mut schema = json!({"type": "array", "prefixItems": items, "minItems": required});
            if s.mode == StructMode::Strict {
                schema["maxItems"] = json!(s.fields.len() + offset);
                schema["items"] = json!(false);
            }
            return schema;
        }
        let mut properties = Map::new();
        if let (Some(tagging), Some(tag)) = (&s.tagging, &tag) {
            properties.insert(tagging.field.clone(), json!({"enum": [tag]}));
        }
        let mut required = Vec::new();
        for f in &s.fields {
            properties.insert(f.wire_name.clone(), self.field(f));
            if f.required() {
                required.push(json!(f.wire_name));
            }
        }
        let mut schema = json!({"type": "object", "properties": properties});
        if !required.is_empty() {
            schema["required"] = Json::Array(required);
        }
        if s.mode == StructMode::Strict {
            schema["additionalProperties"] = json!(false);
        }
        schema
    }

    /// A patch: the base's properties, none required, no defaults; `null` where the base field
    /// is nullable (its schema already allows it), nowhere else.
    fn patch(&self, base: &TypeDef, s: &StructDef) -> Json {
        let mut properties = Map::new();
        for f in &s.fields {
            let mut schema = self.of(&f.ty);
            annotate(&mut schema, None, f.doc.as_deref(), f.deprecated.is_some());
            properties.insert(f.wire_name.clone(), schema);
        }
        let mut schema = json!({
            "title": format!("{}Patch", base.name.name),
            "description": format!(
                "A partial update of `{}`: a property left out keeps its value, `null` clears a nullable field.",
                base.name
            ),
            "type": "object",
            "properties": properties,
        });
        if s.mode == StructMode::Strict {
            schema["additionalProperties"] = json!(false);
        }
        schema
    }

    fn field(&self, f: &FieldDef) -> Json {
        let mut schema = self.of(&f.ty);
        if let Some(default) = &f.default {
            schema["default"] = value_to_json(default);
        }
        if !f.examples.is_empty() {
            schema["examples"] = Json::Array(f.examples.iter().map(value_to_json).collect());
        }
        annotate(&mut schema, None, f.doc.as_deref(), f.deprecated.is_some());
        schema
    }

    fn union(&self, u: &UnionDef) -> Json {
        let members: Vec<Json> = u.members.iter().map(|m| self.reference(&m.name)).collect();
        let mapping: Map<String, Json> = u
            .members
            .iter()
            .map(|m| {
                let key = match &m.tag {
                    TagValue::Str(s) => s.clone(),
                    TagValue::Int(i) => i.to_string(),
                };
                (key, json!(format!("{}{}", self.refs, m.name)))
            })
            .collect();
        let mut schema = json!({
            "anyOf": members,
            "discriminator": {"propertyName": u.tag_field, "mapping": mapping},
        });
        if !u.array_like {
            // A member decoded on its own may leave its tag out; in a union it is required.
            schema["required"] = json!([u.tag_field]);
        }
        schema
    }

    fn of(&self, ty: &Type) -> Json {
        match ty {
            Type::Primitive {
                primitive,
                constraints,
            } => primitive_schema(*primitive, constraints),
            Type::List { item, constraints } | Type::Set { item, constraints } => {
                let mut schema = json!({"type": "array", "items": self.of(item)});
                if matches!(ty, Type::Set { .. }) {
                    schema["uniqueItems"] = json!(true);
                }
                lengths(&mut schema, constraints, "minItems", "maxItems");
                schema
            }
            Type::Map {
                key,
                value,
                constraints,
            } => {
                let mut schema = json!({"type": "object", "additionalProperties": self.of(value)});
                if let Some(names) = self.property_names(key) {
                    schema["propertyNames"] = names;
                }
                lengths(&mut schema, constraints, "minProperties", "maxProperties");
                schema
            }
            Type::Tuple { items } => json!({
                "type": "array",
                "prefixItems": items.iter().map(|t| self.of(t)).collect::<Vec<_>>(),
                "items": false,
                "minItems": items.len(),
                "maxItems": items.len(),
            }),
            Type::Optional { inner } => json!({"anyOf": [self.of(inner), {"type": "null"}]}),
            Type::Literals { values } => {
                json!({"enum": values.iter().map(tag_json).collect::<Vec<_>>()})
            }
            Type::Named { name } => self.reference(name),
        }
    }

    /// What an object key must look like for a map key type.
    fn property_names(&self, key: &Type) -> Option<Json> {
        match key {
            Type::Primitive {
                primitive: Primitive::Str,
                constraints,
            } if !constraints.is_empty() => Some(primitive_schema(Primitive::Str, constraints)),
            Type::Primitive {
                primitive: Primitive::Int(kind),
                ..
            } => {
                let (min, max) = kind.range();
                Some(json!({"pattern": int_key_pattern(min, max)}))
            }
            Type::Literals { values } => {
                Some(json!({"enum": values.iter().map(tag_json).collect::<Vec<_>>()}))
            }
            Type::Named { name } => match self.model.get(name).map(|d| &d.kind) {
                Some(TypeKind::Enum(e)) if !e.open => Some(enumeration(e)),
                Some(TypeKind::Alias(a)) => self.property_names(&a.target),
                _ => None,
            },
            _ => None,
        }
    }
}

fn tag_json(tag: &TagValue) -> Json {
    match tag {
        TagValue::Str(s) => json!(s),
        TagValue::Int(i) => json!(i),
    }
}

fn enumeration(e: &EnumDef) -> Json {
    let values: Vec<Json> = e.members.iter().map(|m| tag_json(&m.value)).collect();
    let kind = if e.repr == EnumRepr::Int {
        "integer"
    } else {
        "string"
    };
    if e.open {
        // Any value is accepted (and kept); the members are the values known today.
        json!({"type": kind, "examples": values})
    } else {
        json!({"type": kind, "enum": values})
    }
}

fn annotate(schema: &mut Json, title: Option<&str>, doc: Option<&str>, deprecated: bool) {
    if let Some(title) = title {
        schema["title"] = json!(title);
    }
    if let Some(doc) = doc {
        schema["description"] = json!(doc);
    }
    if deprecated {
        schema["deprecated"] = json!(true);
    }
}

fn lengths(schema: &mut Json, c: &Constraints, min: &str, max: &str) {
    if let Some(n) = c.min_length {
        schema[min] = json!(n);
    }
    if let Some(n) = c.max_length {
        schema[max] = json!(n);
    }
}

fn number(n: Number) -> Json {
    match n {
        Number::Int(i) => i64::try_from(i)
            .map(Json::from)
            .or_else(|_| u64::try_from(i).map(Json::from))
            .unwrap_or(json!(i as f64)),
        Number::Float(f) => json!(f),
    }
}

fn primitive_schema(primitive: Primitive, c: &Constraints) -> Json {
    match primitive {
        Primitive::Bool => json!({"type": "boolean"}),
        Primitive::Int(kind) => {
            // Bounds merged with the type's range, as the decoder checks them.
            let (min, max) = kind.range();
            let as_int = |n: Number| match n {
                Number::Int(i) => i,
                Number::Float(f) => f as i128,
            };
            let lower =
                c.gt.map(|n| as_int(n) + 1)
                    .or(c.ge.map(as_int))
                    .map_or(min, |n| n.max(min));
            let upper =
                c.lt.map(|n| as_int(n) - 1)
                    .or(c.le.map(as_int))
                    .map_or(max, |n| n.min(max));
            let mut schema = json!({"type": "integer", "minimum": number(Number::Int(lower)), "maximum": number(Number::Int(upper))});
            if let Some(m) = c.multiple_of {
                schema["multipleOf"] = number(m);
            }
            schema
        }
        Primitive::Float => {
            let mut schema = json!({"type": "number"});
            for (key, bound) in [
                ("exclusiveMinimum", c.gt),
                ("minimum", c.ge),
                ("exclusiveMaximum", c.lt),
                ("maximum", c.le),
                ("multipleOf", c.multiple_of),
            ] {
                if let Some(n) = bound {
                    schema[key] = number(n);
                }
            }
            schema
        }
        Primitive::Str => {
            let mut schema = json!({"type": "string"});
            lengths(&mut schema, c, "minLength", "maxLength");
            if let Some(pattern) = &c.pattern {
                schema["pattern"] = json!(ecma_pattern(pattern));
            }
            schema
        }
        Primitive::Bytes => bytes_schema(c),
        Primitive::Datetime => json!({"type": "string", "format": "date-time"}),
        Primitive::Date => json!({"type": "string", "format": "date"}),
        Primitive::Time => json!({"type": "string"}),
        Primitive::Duration => json!({"type": "string", "format": "duration"}),
        Primitive::Uuid => json!({"type": "string", "format": "uuid"}),
        // The decoder also reads a JSON number as a decimal, as msgspec does.
        Primitive::Decimal => json!({"type": ["string", "number"], "format": "decimal"}),
        Primitive::Any => json!({}),
    }
}

/// A `pattern` constraint (Python's `re.search`, as the decoder matches it) in ECMA-262, the
/// dialect of JSON Schema: Python's `$` also matches before a newline that ends the text, so it
/// becomes `(?=\n?$)`; `\Z` (the very end) becomes `$` and `\A` (the very start) `^`, which
/// ECMA-262 lacks. Inside a character class nothing changes.
fn ecma_pattern(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 8);
    let mut chars = source.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('Z') if !in_class => out.push('$'),
                Some('A') if !in_class => out.push('^'),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal, not the end of the class.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().unwrap_or(']'));
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '$' if !in_class => out.push_str("(?=\\n?$)"),
            c => out.push(c),
        }
    }
    out
}

/// Standard padded base64, as the decoder reads `bytes` from JSON.
const BASE64: &str = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$";

/// `bytes`: base64 text whose length bounds count decoded bytes. A text of `4k` characters holds
/// `3k` bytes less one per `=`, so a bound of `3q + r` bytes is a bound on the characters and,
/// where the padding decides, a condition on how the text ends.
fn bytes_schema(c: &Constraints) -> Json {
    let mut schema = json!({"type": "string", "contentEncoding": "base64", "pattern": BASE64});
    let mut conditions = Vec::new();
    if let Some(n) = c.min_length.filter(|&n| n > 0) {
        let (q, r) = (n / 3, n % 3);
        schema["minLength"] = json!(if r == 0 { 4 * q } else { 4 * q + 4 });
        match r {
            // 4q characters hold 3q bytes only without padding.
            0 => conditions.push(json!([{"minLength": 4 * q + 4}, {"not": {"pattern": "=$"}}])),
            // 4q + 4 characters hold 3q + 2 bytes only with at most one `=`.
            2 => conditions.push(json!([{"minLength": 4 * q + 8}, {"not": {"pattern": "==$"}}])),
            _ => {}
        }
    }
    if let Some(n) = c.max_length {
        let (q, r) = (n / 3, n % 3);
        schema["maxLength"] = json!(if r == 0 { 4 * q } else { 4 * q + 4 });
        match r {
            // 4q + 4 characters hold at most 3q + 1 bytes only with `==`, 3q + 2 with a `=`.
            1 => conditions.push(json!([{"maxLength": 4 * q}, {"pattern": "==$"}])),
            2 => conditions.push(json!([{"maxLength": 4 * q}, {"pattern": "=$"}])),
            _ => {}
        }
    }
    match conditions.len() {
        0 => {}
        1 => schema["anyOf"] = conditions.remove(0),
        _ => {
            let all: Vec<Json> = conditions
                .into_iter()
                .map(|c| json!({"anyOf": c}))
                .collect();
            schema["allOf"] = Json::Array(all);
        }
    }
    schema
}

/// The keys of an integer-keyed map: the decimal text (leading zeros allowed, as the decoder
/// reads it) of an integer in the key type's range `min..=max`, where `min <= 0 <= max`.
fn int_key_pattern(min: i128, max: i128) -> String {
    let negative = if min < 0 {
        format!("-0*{}", up_to(min.unsigned_abs()))
    } else {
        "-0+".into()
    };
    format!("^(?:{negative}|0*{})$", up_to(max.unsigned_abs()))
}

/// A regular expression of the decimal numerals of `0..=n`, without leading zeros.
fn up_to(n: u128) -> String {
    let digits: Vec<u8> = n.to_string().bytes().map(|b| b - b'0').collect();
    let k = digits.len();
    if k == 1 {
        return format!("[0-{n}]");
    }
    let any = |count: usize| match count {
        0 => String::new(),
        1 => "[0-9]".to_string(),
        _ => format!("[0-9]{{{count}}}"),
    };
    // Every shorter numeral; then those of k digits: the first i digits of n, a smaller digit
    // (the same one at the end), any digits.
    let mut options = vec!["[0-9]".to_string()];
    match k {
        2 => {}
        3 => options.push("[1-9][0-9]".into()),
        _ => options.push(format!("[1-9][0-9]{{1,{}}}", k - 2)),
    }
    for i in 0..k {
        let low = u8::from(i == 0);
        let high = if i == k - 1 {
            digits[i]
        } else if digits[i] > 0 {
            digits[i] - 1
        } else {
            continue;
        };
        if high < low {
            continue;
        }
        let prefix: String = digits[..i].iter().map(|d| char::from(b'0' + d)).collect();
        let digit = if low == high {
            low.to_string()
        } else {
            format!("[{low}-{high}]")
        };
        options.push(format!("{prefix}{digit}{}", any(k - 1 - i)));
    }
    format!("(?:{})", options.join("|"))
}

/// Every type `name` refers to, itself included, transitively.
fn closure(schemas: &Schemas<'_>, name: &QualifiedName) -> BTreeSet<QualifiedName> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![name.clone()];
    while let Some(next) = stack.pop() {
        if !seen.insert(next.clone()) {
            continue;
        }
        let mut refs = Vec::new();
        collect_refs(&schemas.definition(&next), schemas.refs, &mut refs);
        stack.extend(refs);
    }
    seen
}

/// Every `$ref` to `prefix<package>.<Name>` anywhere in `schema`, in order.
fn collect_refs(schema: &Json, prefix: &str, out: &mut Vec<QualifiedName>) {
    match schema {
        Json::Object(map) => {
            if let Some(Json::String(target)) = map.get("$ref") {
                if let Some((package, name)) =
                    target.strip_prefix(prefix).and_then(|q| q.rsplit_once('.'))
                {
                    out.push(QualifiedName::new(package, name));
                }
            }
            map.values().for_each(|v| collect_refs(v, prefix, out));
        }
        Json::Array(items) => items.iter().for_each(|v| collect_refs(v, prefix, out)),
        _ => {}
    }
}

/// The self-contained schema of one type: `$schema`, `$id`, a `$ref` to it and every type it
/// references under `$defs`.
///
/// This builds the whole document as a `Value`; `emit_schemas` writes the same text without
/// doing so (see [`RenderedDefinition`]).
pub fn type_schema(model: &ContractSet, info: &SetInfo, name: &QualifiedName) -> Json {
    let schemas = Schemas {
        model,
        refs: "#/$defs/",
    };
    let defs: Map<String, Json> = closure(&schemas, name)
        .iter()
        .map(|n| (n.to_string(), schemas.definition(n)))
        .collect();
    json!({
        "$schema": DRAFT,
        "$id": format!("{}{name}.json", info.schema_id),
        "$ref": format!("#/$defs/{name}"),
        "$defs": defs,
    })
}

/// The canonical JSON of a value: keys sorted, no whitespace (serde_json's map is ordered).
pub fn canonical(value: &Json) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// `sha256:<hex>` of a digest.
fn sha256_tag(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut tag = String::with_capacity("sha256:".len() + 2 * digest.len());
    tag.push_str("sha256:");
    for byte in digest {
        tag.push(char::from(DIGITS[usize::from(byte >> 4)]));
        tag.push(char::from(DIGITS[usize::from(byte & 15)]));
    }
    tag
}

/// `sha256:<hex>` of a type's canonical schema, without its `$id` (so that where the schemas
/// are published does not change what a contract is).
pub fn schema_hash(schema: &Json) -> String {
    let mut schema = schema.clone();
    if let Some(map) = schema.as_object_mut() {
        map.remove("$id");
    }
    sha256_tag(&Sha256::digest(canonical(&schema).as_bytes()))
}

// Emission.
//
// A type's schema file inlines the definition of every type it reaches, so one definition is in
// many files (on the synthetic set of 10,000 types, whose structs form long chains, a file holds
// 22 on average). Building each file as a `Value` and printing it twice (pretty for the file,
// canonical for its hash) redoes every definition once per file that holds it. Instead, every
// definition is built once and printed once in each form, and the files are assembled from that
// text exactly as serde_json would print them: keys sorted, two spaces per level, `": "` and
// `",\n"` between pretty entries, `{}` for an empty object. A newline in serde_json's pretty
// output is always layout (one inside a string is written `\n`), so a value printed at the top
// level is moved to a deeper level by adding spaces after each newline.
//
// `emit_schemas_by_value` is the straightforward construction of the same files, from
// `type_schema`; `codegen/tests/schema_emission.rs` checks that both give the same bytes.

/// Two spaces per level, as serde_json's pretty printer indents.
const INDENT: &str = "                ";

/// The level of a definition under `$defs` in a schema file or the bundle (the document, then
/// `$defs`), and under `components/schemas` in OpenAPI.
const DEFS_LEVEL: usize = 2;
const COMPONENTS_LEVEL: usize = 3;

/// Prints values through one reused buffer. Emission allocates hundreds of megabytes of file
/// text that lives until the files are written; a temporary buffer per value, grown by doubling
/// and freed, would leave holes among that text that make every small allocation slow.
struct Printer {
    buffer: Vec<u8>,
}

impl Printer {
    fn new() -> Self {
        Printer { buffer: Vec::new() }
    }

    /// Prints `value` pretty, as serde_json prints a document, into the buffer.
    fn print_pretty(&mut self, value: &Json) -> &Self {
        self.buffer.clear();
        if serde_json::to_writer_pretty(&mut self.buffer, value).is_err() {
            self.buffer.clear();
        }
        self
    }

    /// Prints `value` canonical (as `canonical` does) into the buffer.
    fn print_canonical(&mut self, value: &Json) -> &Self {
        self.buffer.clear();
        if serde_json::to_writer(&mut self.buffer, value).is_err() {
            self.buffer.clear();
        }
        self
    }

    /// Puts the printed text into `sink`, moved to nesting `level`: `2 * level` more spaces
    /// after each newline.
    fn put_at<S: Sink>(&self, sink: &mut S, level: usize) {
        let text = std::str::from_utf8(&self.buffer).unwrap_or_default();
        let mut lines = text.split('\n');
        sink.put(lines.next().unwrap_or_default());
        for line in lines {
            sink.put("\n");
            sink.put(&INDENT[..2 * level]);
            sink.put(line);
        }
    }

    /// The printed text at nesting `level`, in a string of exactly that length.
    fn text_at(&self, level: usize) -> String {
        let newlines = self.buffer.iter().filter(|&&b| b == b'\n').count();
        let mut text = String::with_capacity(self.buffer.len() + newlines * 2 * level);
        self.put_at(&mut text, level);
        text
    }
}

/// A string as a JSON string literal.
fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// One definition (a type's schema under `$defs`), built once and printed once in each form the
/// files need.
struct RenderedDefinition {
    /// The qualified name: the definition's key under `$defs`.
    name: String,
    /// `name` as a JSON string literal.
    key: String,
    /// Pretty, at `DEFS_LEVEL`.
    pretty: String,
    /// Canonical: keys sorted, no whitespace.
    canonical: String,
    /// The definitions it refers to (`$ref`s anywhere in it), as indices in the table.
    refs: Vec<usize>,
}

/// Every definition reachable from `names`, each built once: the first `names.len()` entries are
/// `names` in order, then any other name a `$ref` points at (the reference implementation
/// follows every `$ref` it finds, so this does too). The `Value`s are dropped once printed.
fn render_definitions(
    schemas: &Schemas<'_>,
    names: &BTreeSet<QualifiedName>,
) -> Vec<RenderedDefinition> {
    let mut queue: Vec<QualifiedName> = names.iter().cloned().collect();
    let mut index: BTreeMap<QualifiedName, usize> = queue
        .iter()
        .enumerate()
        .map(|(i, name)| (name.clone(), i))
        .collect();
    let mut table = Vec::with_capacity(queue.len());
    let mut targets = Vec::new();
    let mut printer = Printer::new();
    while table.len() < queue.len() {
        let name = queue[table.len()].to_string();
        let value = schemas.definition(&queue[table.len()]);
        targets.clear();
        collect_refs(&value, schemas.refs, &mut targets);
        let refs = targets
            .drain(..)
            .map(|target| {
                *index.entry(target).or_insert_with_key(|target| {
                    queue.push(target.clone());
                    queue.len() - 1
                })
            })
            .collect();
        table.push(RenderedDefinition {
            key: json_string(&name),
            name,
            pretty: printer.print_pretty(&value).text_at(DEFS_LEVEL),
            canonical: printer.print_canonical(&value).text_at(0),
            refs,
        });
    }
    table
}

/// Where assembled JSON goes: a file's text, or the hash of a canonical form.
trait Sink {
    fn put(&mut self, text: &str);
}

impl Sink for String {
    fn put(&mut self, text: &str) {
        self.push_str(text);
    }
}

impl Sink for Sha256 {
    fn put(&mut self, text: &str) {
        self.update(text.as_bytes());
    }
}

/// Counts the bytes it is given.
struct Length(usize);

impl Sink for Length {
    fn put(&mut self, text: &str) {
        self.0 += text.len();
    }
}

/// How an assembled object is printed: pretty at a nesting level (the document is level 0), or
/// canonical.
#[derive(Clone, Copy)]
enum Layout {
    Pretty(usize),
    Canonical,
}

impl Layout {
    fn nested(self) -> Layout {
        match self {
            Layout::Pretty(level) => Layout::Pretty(level + 1),
            Layout::Canonical => Layout::Canonical,
        }
    }
}

/// Writes one JSON object or array as serde_json prints a `Value`: the caller gives the entries
/// in order (an object's in key order, each key as a JSON string literal) and writes each value,
/// already printed in the layout of the next level, to the sink that `entry` or `item` returns.
struct JsonWriter<'a, S: Sink> {
    sink: &'a mut S,
    layout: Layout,
    empty: bool,
    close: &'static str,
}

impl<'a, S: Sink> JsonWriter<'a, S> {
    fn object(sink: &'a mut S, layout: Layout) -> Self {
        sink.put("{");
        JsonWriter {
            sink,
            layout,
            empty: true,
            close: "}",
        }
    }

    fn array(sink: &'a mut S, layout: Layout) -> Self {
        sink.put("[");
        JsonWriter {
            sink,
            layout,
            empty: true,
            close: "]",
        }
    }

    /// Starts an array item.
    fn item(&mut self) -> &mut S {
        match self.layout {
            Layout::Pretty(level) => {
                self.sink.put(if self.empty { "\n" } else { ",\n" });
                self.sink.put(&INDENT[..2 * (level + 1)]);
            }
            Layout::Canonical => {
                if !self.empty {
                    self.sink.put(",");
                }
            }
        }
        self.empty = false;
        self.sink
    }

    /// Starts an object entry; `key` is a JSON string literal.
    fn entry(&mut self, key: &str) -> &mut S {
        self.item();
        self.sink.put(key);
        self.sink.put(match self.layout {
            Layout::Pretty(_) => ": ",
            Layout::Canonical => ":",
        });
        self.sink
    }

    fn close(self) {
        if let (Layout::Pretty(level), false) = (self.layout, self.empty) {
            self.sink.put("\n");
            self.sink.put(&INDENT[..2 * level]);
        }
        self.sink.put(self.close);
    }
}

/// The schema file of one type (what `type_schema` builds), pretty (`Layout::Pretty(0)`, with
/// `id`) or canonical (without `id`, for the hash). `defs` are in key order.
fn write_type_schema<S: Sink>(
    sink: &mut S,
    layout: Layout,
    defs: &[&RenderedDefinition],
    id: Option<&str>,
    reference: &str,
    draft: &str,
) {
    let mut document = JsonWriter::object(sink, layout);
    let mut entries = JsonWriter::object(document.entry("\"$defs\""), layout.nested());
    for def in defs {
        entries.entry(&def.key).put(match layout {
            Layout::Pretty(_) => &def.pretty,
            Layout::Canonical => &def.canonical,
        });
    }
    entries.close();
    if let Some(id) = id {
        document.entry("\"$id\"").put(id);
    }
    document.entry("\"$ref\"").put(reference);
    document.entry("\"$schema\"").put(draft);
    document.close();
}

/// Every schema output: `schema/<package>.<Type>.json`, `schema/bundle.json`, `openapi.json` and
/// `contract_index.json`, by path relative to the output directory.
pub fn emit_schemas(model: &ContractSet, info: &SetInfo) -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    let names = schema_names(model);
    let schemas = Schemas {
        model,
        refs: "#/$defs/",
    };
    let table = render_definitions(&schemas, &names);
    // `$defs` is in the order of the names as strings, a `Value` map's order (for the names the
    // grammar allows, also the order of `QualifiedName`; the text is what must match).
    let mut rank = vec![0; table.len()];
    let mut by_name: Vec<usize> = (0..table.len()).collect();
    by_name.sort_by(|&a, &b| table[a].name.cmp(&table[b].name));
    for (position, &i) in by_name.iter().enumerate() {
        rank[i] = position;
    }
    let draft = json_string(DRAFT);

    // One file per type: its closure, walked over the table's edges (`seen[i] == round` marks
    // what this round has reached, so the marks never need clearing).
    let mut hashes = BTreeMap::new();
    let mut seen = vec![usize::MAX; table.len()];
    let mut stack = Vec::new();
    let mut reached = Vec::new();
    let mut defs: Vec<&RenderedDefinition> = Vec::new();
    for (round, name) in names.iter().enumerate() {
        reached.clear();
        stack.push(round);
        while let Some(i) = stack.pop() {
            if seen[i] != round {
                seen[i] = round;
                reached.push(i);
                stack.extend(&table[i].refs);
            }
        }
        reached.sort_unstable_by_key(|&i| rank[i]);
        defs.clear();
        defs.extend(reached.iter().map(|&i| &table[i]));
        let id = json_string(&format!("{}{}.json", info.schema_id, table[round].name));
        let reference = json_string(&format!("#/$defs/{}", table[round].name));

        let mut hasher = Sha256::new();
        write_type_schema(
            &mut hasher,
            Layout::Canonical,
            &defs,
            None,
            &reference,
            &draft,
        );
        hashes.insert(name.clone(), sha256_tag(&hasher.finalize()));

        // Measured first, so that the text, held until the files are written, has no slack.
        let mut length = Length(0);
        write_type_schema(
            &mut length,
            Layout::Pretty(0),
            &defs,
            Some(&id),
            &reference,
            &draft,
        );
        let mut text = String::with_capacity(length.0 + 1);
        write_type_schema(
            &mut text,
            Layout::Pretty(0),
            &defs,
            Some(&id),
            &reference,
            &draft,
        );
        text.push('\n');
        files.insert(PathBuf::from(format!("schema/{name}.json")), text);
    }

    // The bundle: every schema name's definition, at the same level as in a type's file.
    let in_bundle: Vec<&RenderedDefinition> = by_name
        .iter()
        .filter(|&&i| i < names.len())
        .map(|&i| &table[i])
        .collect();
    let mut bundle = String::with_capacity(
        in_bundle
            .iter()
            .map(|d| d.key.len() + d.pretty.len() + 8)
            .sum::<usize>()
            + 256,
    );
    let mut document = JsonWriter::object(&mut bundle, Layout::Pretty(0));
    let mut entries = JsonWriter::object(document.entry("\"$defs\""), Layout::Pretty(1));
    for def in &in_bundle {
        entries.entry(&def.key).put(&def.pretty);
    }
    entries.close();
    document
        .entry("\"$id\"")
        .put(&json_string(&format!("{}bundle.json", info.schema_id)));
    document.entry("\"$schema\"").put(&draft);
    document.entry("\"title\"").put(&json_string(&info.title));
    document.close();
    bundle.push('\n');
    files.insert(PathBuf::from("schema/bundle.json"), bundle);
    drop(table);

    files.insert(PathBuf::from("openapi.json"), openapi(model, info, &names));
    files.insert(
        PathBuf::from("contract_index.json"),
        contract_index_text(model, info, &hashes),
    );
    files
}

/// `openapi.json`: every schema name's definition (with `#/components/schemas/` references, so
/// not the text of the schema files), each built and printed on its own.
fn openapi(model: &ContractSet, info: &SetInfo, names: &BTreeSet<QualifiedName>) -> String {
    let components = Schemas {
        model,
        refs: "#/components/schemas/",
    };
    let mut sorted: Vec<(String, &QualifiedName)> =
        names.iter().map(|n| (n.to_string(), n)).collect();
    sorted.sort();
    let mut text = String::new();
    let mut printer = Printer::new();
    let mut document = JsonWriter::object(&mut text, Layout::Pretty(0));
    let mut outer = JsonWriter::object(document.entry("\"components\""), Layout::Pretty(1));
    let mut schemas = JsonWriter::object(outer.entry("\"schemas\""), Layout::Pretty(2));
    for (key, name) in &sorted {
        let definition = components.definition(name);
        printer
            .print_pretty(&definition)
            .put_at(schemas.entry(&json_string(key)), COMPONENTS_LEVEL);
    }
    schemas.close();
    outer.close();
    // The other keys all sort after "components".
    let rest = json!({
        "info": {"title": info.title, "version": info.version},
        "jsonSchemaDialect": DRAFT,
        "openapi": "3.1.0",
        "paths": {},
    });
    for (key, value) in rest.as_object().into_iter().flatten() {
        printer
            .print_pretty(value)
            .put_at(document.entry(&json_string(key)), 1);
    }
    document.close();
    text.push('\n');
    text
}

/// The same files as `emit_schemas`, each built as one `serde_json::Value` and printed: the
/// straightforward construction, kept as the reference that `emit_schemas` must match byte for
/// byte (`codegen/tests/schema_emission.rs`). It builds a definition once per file that holds
/// it, so it is much slower on large contract sets.
#[doc(hidden)]
pub fn emit_schemas_by_value(model: &ContractSet, info: &SetInfo) -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    let names = schema_names(model);
    let mut hashes = BTreeMap::new();
    for name in &names {
        let schema = type_schema(model, info, name);
        hashes.insert(name.clone(), schema_hash(&schema));
        files.insert(
            PathBuf::from(format!("schema/{name}.json")),
            pretty(&schema),
        );
    }
    let defs = Schemas {
        model,
        refs: "#/$defs/",
    };
    let bundle = json!({
        "$schema": DRAFT,
        "$id": format!("{}bundle.json", info.schema_id),
        "title": info.title,
        "$defs": names.iter().map(|n| (n.to_string(), defs.definition(n))).collect::<Map<_, _>>(),
    });
    files.insert(PathBuf::from("schema/bundle.json"), pretty(&bundle));
    let components = Schemas {
        model,
        refs: "#/components/schemas/",
    };
    let openapi = json!({
        "openapi": "3.1.0",
        "info": {"title": info.title, "version": info.version},
        "jsonSchemaDialect": DRAFT,
        "paths": {},
        "components": {
            "schemas": names.iter().map(|n| (n.to_string(), components.definition(n))).collect::<Map<_, _>>(),
        },
    });
    files.insert(PathBuf::from("openapi.json"), pretty(&openapi));
    files.insert(
        PathBuf::from("contract_index.json"),
        pretty(&contract_index(model, info, &hashes)),
    );
    files
}

fn pretty(value: &Json) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// A type written as in a `.ir` file: `list<str(max_length = 8)>?`.
pub fn type_text(ty: &Type) -> String {
    let constraints = |c: &Constraints| {
        let mut parts = Vec::new();
        for (key, value) in [
            ("gt", c.gt),
            ("ge", c.ge),
            ("lt", c.lt),
            ("le", c.le),
            ("multiple_of", c.multiple_of),
        ] {
            if let Some(n) = value {
                parts.push(format!("{key} = {n}"));
            }
        }
        if let Some(n) = c.min_length {
            parts.push(format!("min_length = {n}"));
        }
        if let Some(n) = c.max_length {
            parts.push(format!("max_length = {n}"));
        }
        if let Some(p) = &c.pattern {
            parts.push(format!(
                "pattern = {}",
                serde_json::to_string(p).unwrap_or_default()
            ));
        }
        if let Some(tz) = c.tz {
            parts.push(format!("tz = {tz}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("({})", parts.join(", "))
        }
    };
    match ty {
        Type::Primitive {
            primitive,
            constraints: c,
        } => format!("{}{}", primitive.keyword(), constraints(c)),
        Type::List {
            item,
            constraints: c,
        } => format!("list<{}>{}", type_text(item), constraints(c)),
        Type::Set {
            item,
            constraints: c,
        } => format!("set<{}>{}", type_text(item), constraints(c)),
        Type::Map {
            key,
            value,
            constraints: c,
        } => format!(
            "map<{}, {}>{}",
            type_text(key),
            type_text(value),
            constraints(c)
        ),
        Type::Tuple { items } => format!(
            "tuple<{}>",
            items.iter().map(type_text).collect::<Vec<_>>().join(", ")
        ),
        Type::Optional { inner } => match inner.as_ref() {
            Type::Literals { .. } => format!("({})?", type_text(inner)),
            _ => format!("{}?", type_text(inner)),
        },
        Type::Literals { values } => values
            .iter()
            .map(|v| match v {
                TagValue::Str(s) => serde_json::to_string(s).unwrap_or_default(),
                TagValue::Int(i) => i.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" | "),
        Type::Named { name } => name.to_string(),
    }
}

/// The contract index as one `Value` (for `emit_schemas_by_value`).
fn contract_index(
    model: &ContractSet,
    info: &SetInfo,
    hashes: &BTreeMap<QualifiedName, String>,
) -> Json {
    let types: Vec<Json> = hashes
        .iter()
        .filter_map(|(name, hash)| index_entry(model, name, hash))
        .collect();
    json!({
        "title": info.title,
        "version": info.version,
        "contract_hash": contract_hash(hashes),
        "types": types,
    })
}

/// `contract_index.json`, written entry by entry: the same text as `pretty(&contract_index(..))`
/// without building the whole document (20 MB of text for 10,000 types) as one `Value`.
fn contract_index_text(
    model: &ContractSet,
    info: &SetInfo,
    hashes: &BTreeMap<QualifiedName, String>,
) -> String {
    let mut text = String::new();
    let mut printer = Printer::new();
    // Keys in order: contract_hash, title, types, version.
    let mut document = JsonWriter::object(&mut text, Layout::Pretty(0));
    document
        .entry("\"contract_hash\"")
        .put(&json_string(&contract_hash(hashes)));
    document.entry("\"title\"").put(&json_string(&info.title));
    let mut types = JsonWriter::array(document.entry("\"types\""), Layout::Pretty(1));
    for (name, hash) in hashes {
        if let Some(entry) = index_entry(model, name, hash) {
            printer.print_pretty(&entry).put_at(types.item(), 2);
        }
    }
    types.close();
    document
        .entry("\"version\"")
        .put(&json_string(&info.version));
    document.close();
    text.push('\n');
    text
}

/// `sha256:<hex>` of the canonical JSON object mapping every type name to its `schema_hash`.
fn contract_hash(hashes: &BTreeMap<QualifiedName, String>) -> String {
    let by_name: Map<String, Json> = hashes
        .iter()
        .map(|(n, h)| (n.to_string(), json!(h)))
        .collect();
    sha256_tag(&Sha256::digest(
        canonical(&Json::Object(by_name)).as_bytes(),
    ))
}

/// The contract index's entry for one schema name (none for a name that is neither a type nor
/// a patch type).
fn index_entry(model: &ContractSet, name: &QualifiedName, hash: &str) -> Option<Json> {
    let mut entry = json!({"name": name.to_string(), "package": name.package, "schema_hash": hash});
    if let Some((base, s)) = patch_base(model, name) {
        entry["kind"] = json!("patch");
        entry["patch_of"] = json!(base.name.to_string());
        entry["options"] = json!({"mode": s.mode});
        entry["fields"] = Json::Array(
            s.fields
                .iter()
                .map(|f| {
                    let mut field = field_entry(f);
                    field["required"] = json!(false);
                    field["default"] = Json::Null;
                    field
                })
                .collect(),
        );
        return Some(entry);
    }
    let def = model.get(name)?;
    entry["kind"] = json!(def.kind.keyword().replace("type", "alias"));
    entry["doc"] = json!(def.doc);
    entry["deprecated"] = json!(def.deprecated);
    entry["origin"] = json!(def.origin);
    match &def.kind {
        TypeKind::Struct(s) => {
            entry["options"] = json!({
                "mode": s.mode,
                "array_like": s.array_like,
                "keep_defaults": s.keep_defaults,
                "rename": s.rename,
                "tag": s.tagging.as_ref().map(|t| json!({"field": t.field, "value": tag_json(&t.value)})),
            });
            entry["fields"] = Json::Array(s.fields.iter().map(field_entry).collect());
            if s.patch {
                entry["patch"] = json!(patch_name(name).to_string());
            }
        }
        TypeKind::Enum(e) => {
            entry["options"] = json!({"repr": e.repr, "open": e.open});
            entry["members"] = Json::Array(
                e.members
                    .iter()
                    .map(|m| json!({"name": m.name, "value": tag_json(&m.value), "doc": m.doc, "deprecated": m.deprecated}))
                    .collect(),
            );
        }
        TypeKind::Union(u) => {
            entry["options"] = json!({"tag_field": u.tag_field, "array_like": u.array_like});
            entry["members"] = Json::Array(
                u.members
                    .iter()
                    .map(|m| json!({"type": m.name.to_string(), "tag": tag_json(&m.tag)}))
                    .collect(),
            );
        }
        TypeKind::Alias(a) => {
            entry["options"] = json!({"target": type_text(&a.target), "ext": a.ext});
        }
    }
    Some(entry)
}

fn field_entry(f: &FieldDef) -> Json {
    json!({
        "name": f.name,
        "wire_name": f.wire_name,
        "type": type_text(&f.ty),
        "required": f.required(),
        "nullable": f.ty.is_optional(),
        "default": f.default.as_ref().map(value_to_json),
        "constraints": constraints_json(&f.ty),
        "doc": f.doc,
        "deprecated": f.deprecated,
        "examples": f.examples.iter().map(value_to_json).collect::<Vec<_>>(),
    })
}

/// The constraints on a field's type itself (behind `?`), as an object.
fn constraints_json(ty: &Type) -> Json {
    let ty = match ty {
        Type::Optional { inner } => inner,
        other => other,
    };
    serde_json::to_value(ty.constraints()).unwrap_or(json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_key_patterns_match_exactly_the_range() {
        for (min, max) in [
            (0, 9),
            (0, 10),
            (-128, 127),
            (0, 255),
            (-1000, 1009),
            (0, 2020),
        ] {
            let re = regex::Regex::new(&int_key_pattern(min, max)).unwrap();
            for n in -3000i128..=3000 {
                let inside = (min..=max).contains(&n);
                assert_eq!(re.is_match(&n.to_string()), inside, "{n} in {min}..={max}");
                let padded = if n < 0 {
                    format!("-00{}", -n)
                } else {
                    format!("00{n}")
                };
                assert_eq!(re.is_match(&padded), inside, "{padded} in {min}..={max}");
            }
            assert!(
                re.is_match("-0") && !re.is_match("+1") && !re.is_match("1 ") && !re.is_match("")
            );
        }
        let i64_keys =
            regex::Regex::new(&int_key_pattern(i64::MIN.into(), i64::MAX.into())).unwrap();
        for (key, ok) in [
            ("9223372036854775807", true),
            ("9223372036854775808", false),
            ("-9223372036854775808", true),
            ("-9223372036854775809", false),
            ("10000000000000000000", false),
        ] {
            assert_eq!(i64_keys.is_match(key), ok, "{key}");
        }
    }

    #[test]
    fn patterns_keep_python_meaning_in_ecma_262() {
        assert_eq!(ecma_pattern("^[a-z]+$"), "^[a-z]+(?=\\n?$)");
        assert_eq!(ecma_pattern(r"\Aa\Z"), "^a$");
        assert_eq!(ecma_pattern(r"[]$]x\$[$\]]"), r"[]$]x\$[$\]]");
    }
}
