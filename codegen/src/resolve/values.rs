//! Literal values (defaults and examples) checked against the types they belong to.

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::{self, LiteralKind, Span};
use crate::model::*;

/// Why a literal does not fit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Problem {
    /// The value is not of the type (`invalid-default`).
    Invalid(Span, String),
    /// The value is of the type but breaks one of its constraints (`default-violates-constraint`).
    Violates(Span, String),
    /// The type itself is broken (a cycle of aliases); that is reported elsewhere.
    Skip,
}

/// How far checking follows aliases and nested values before giving up; the parser already
/// bounds literal nesting, so only alias chains come near it.
const MAX_DEPTH: usize = 128;

/// Checks a literal against a type and returns its wire value.
pub(crate) fn check_literal(
    types: &BTreeMap<QualifiedName, TypeDef>,
    ty: &Type,
    literal: &ast::Literal,
) -> Result<Value, Problem> {
    Checker { types }.check(ty, literal, 0)
}

struct Checker<'a> {
    types: &'a BTreeMap<QualifiedName, TypeDef>,
}

fn describe_type(ty: &Type) -> String {
    match ty {
        Type::Primitive { primitive, .. } => format!("`{}`", primitive.keyword()),
        Type::List { .. } => "a list".into(),
        Type::Set { .. } => "a set".into(),
        Type::Map { .. } => "a map".into(),
        Type::Tuple { items } => format!("a tuple of {}", items.len()),
        Type::Optional { inner } => describe_type(inner),
        Type::Literals { values } => {
            let shown: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            format!("one of {}", shown.join(", "))
        }
        Type::Named { name } => format!("`{}`", name.name),
    }
}

fn describe_literal(literal: &ast::Literal) -> String {
    match &literal.kind {
        LiteralKind::Str { raw, .. } => {
            let shown: String = raw.chars().take(40).collect();
            format!("the string \"{shown}\"")
        }
        LiteralKind::Number(raw) => format!("the number {raw}"),
        LiteralKind::Bool(b) => format!("`{b}`"),
        LiteralKind::Null => "`null`".into(),
        LiteralKind::List(_) => "a list".into(),
        LiteralKind::Map(_) => "a map".into(),
    }
}

fn number_value(raw: &str) -> Value {
    if super::attributes::is_integer(raw) {
        if let Ok(i) = raw.parse::<i128>() {
            return Value::Int(i);
        }
    }
    Value::Float(raw.parse::<f64>().unwrap_or(f64::NAN))
}

impl Checker<'_> {
    fn mismatch(&self, ty: &Type, literal: &ast::Literal) -> Problem {
        let mut message = format!(
            "expected {}, found {}",
            describe_type(ty),
            describe_literal(literal)
        );
        if matches!(literal.kind, LiteralKind::Null) {
            let written = match ty {
                Type::Primitive {
                    primitive,
                    constraints,
                } if *constraints == Constraints::default() => primitive.keyword().to_string(),
                Type::Named { name } => name.name.clone(),
                _ => "T".to_string(),
            };
            message.push_str(&format!(
                " (the type is not nullable: write `{written}?` to allow `null`)"
            ));
        }
        if let (LiteralKind::Str { value, .. }, Type::Primitive { primitive, .. }) =
            (&literal.kind, ty)
        {
            let unquoted = match primitive {
                Primitive::Bool => value == "true" || value == "false",
                Primitive::Int(_) => value.parse::<i128>().is_ok(),
                Primitive::Float => value.parse::<f64>().is_ok_and(f64::is_finite),
                _ => false,
            };
            if unquoted {
                message.push_str(&format!(" (write it without quotes: `{value}`)"));
            }
        }
        Problem::Invalid(literal.span, message)
    }

    fn check(&self, ty: &Type, literal: &ast::Literal, depth: usize) -> Result<Value, Problem> {
        if depth > MAX_DEPTH {
            return Err(Problem::Skip);
        }
        match ty {
            Type::Optional { inner } => match literal.kind {
                LiteralKind::Null => Ok(Value::Null),
                _ => self.check(inner, literal, depth + 1),
            },
            Type::Primitive {
                primitive,
                constraints,
            } => {
                let value = self.check_primitive(ty, *primitive, literal)?;
                check_constraints(&value, *primitive, constraints, literal.span)?;
                Ok(value)
            }
            Type::List { item, constraints } | Type::Set { item, constraints } => {
                let LiteralKind::List(items) = &literal.kind else {
                    return Err(self.mismatch(ty, literal));
                };
                let mut values = Vec::with_capacity(items.len());
                for item_literal in items {
                    values.push(self.check(item, item_literal, depth + 1)?);
                }
                if matches!(ty, Type::Set { .. }) {
                    for (i, value) in values.iter().enumerate() {
                        if values[..i].contains(value) {
                            return Err(Problem::Invalid(
                                items[i].span,
                                "a set cannot hold the same item twice".into(),
                            ));
                        }
                    }
                }
                check_length(values.len(), constraints, literal.span, "items")?;
                Ok(Value::List(values))
            }
            Type::Map {
                key,
                value,
                constraints,
            } => {
                let LiteralKind::Map(entries) = &literal.kind else {
                    return Err(self.mismatch(ty, literal));
                };
                let mut out = BTreeMap::new();
                for (key_literal, value_literal) in entries {
                    let LiteralKind::Str {
                        value: key_text, ..
                    } = &key_literal.kind
                    else {
                        continue;
                    };
                    self.check_key(key, key_text, key_literal, depth + 1)?;
                    if out.contains_key(key_text) {
                        return Err(Problem::Invalid(
                            key_literal.span,
                            format!("key \"{key_text}\" appears twice"),
                        ));
                    }
                    out.insert(
                        key_text.clone(),
                        self.check(value, value_literal, depth + 1)?,
                    );
                }
                check_length(out.len(), constraints, literal.span, "entries")?;
                Ok(Value::Map(out))
            }
            Type::Tuple { items } => {
                let LiteralKind::List(values) = &literal.kind else {
                    return Err(self.mismatch(ty, literal));
                };
                if values.len() != items.len() {
                    return Err(Problem::Invalid(
                        literal.span,
                        format!(
                            "expected a tuple of {} items, found a list of {}",
                            items.len(),
                            values.len()
                        ),
                    ));
                }
                let mut out = Vec::new();
                for (item, value) in items.iter().zip(values) {
                    out.push(self.check(item, value, depth + 1)?);
                }
                Ok(Value::List(out))
            }
            Type::Literals { values } => {
                let found = match &literal.kind {
                    LiteralKind::Str { value, .. } => Some(TagValue::Str(value.clone())),
                    LiteralKind::Number(raw) => raw.parse::<i64>().ok().map(TagValue::Int),
                    _ => None,
                };
                match found {
                    Some(tag) if values.contains(&tag) => Ok(match tag {
                        TagValue::Str(s) => Value::Str(s),
                        TagValue::Int(i) => Value::Int(i.into()),
                    }),
                    _ => Err(Problem::Invalid(
                        literal.span,
                        format!(
                            "expected {}, found {}",
                            describe_type(ty),
                            describe_literal(literal)
                        ),
                    )),
                }
            }
            Type::Named { name } => {
                let Some(def) = self.types.get(name) else {
                    return Err(Problem::Skip);
                };
                if matches!(literal.kind, LiteralKind::Null)
                    && !matches!(def.kind, TypeKind::Alias(_))
                {
                    return Err(self.mismatch(ty, literal));
                }
                match &def.kind {
                    TypeKind::Alias(alias) => self.check(&alias.target, literal, depth + 1),
                    TypeKind::Enum(e) => self.check_enum(name, e, literal),
                    TypeKind::Struct(s) => self.check_struct(name, s, literal, None, depth),
                    TypeKind::Union(u) => self.check_union(name, u, literal, depth),
                }
            }
        }
    }

    fn check_primitive(
        &self,
        ty: &Type,
        primitive: Primitive,
        literal: &ast::Literal,
    ) -> Result<Value, Problem> {
        let bad = |what: &str| {
            Problem::Invalid(
                literal.span,
                format!(
                    "{} is not a valid `{}`{what}",
                    describe_literal(literal),
                    primitive.keyword()
                ),
            )
        };
        match (primitive, &literal.kind) {
            (Primitive::Any, _) => to_value(literal),
            (Primitive::Bool, LiteralKind::Bool(b)) => Ok(Value::Bool(*b)),
            (Primitive::Int(kind), LiteralKind::Number(raw)) => {
                let Value::Int(i) = number_value(raw) else {
                    return Err(bad(
                        " (an integer is written without a fraction or exponent)",
                    ));
                };
                let (min, max) = kind.range();
                if i < min || i > max {
                    return Err(Problem::Invalid(
                        literal.span,
                        format!(
                            "{i} is outside the range of `{}` ({min} to {max})",
                            kind.keyword()
                        ),
                    ));
                }
                Ok(Value::Int(i))
            }
            (Primitive::Float, LiteralKind::Number(raw)) => match raw.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(Value::Float(f)),
                _ => Err(bad(" (it does not fit a 64-bit float)")),
            },
            (Primitive::Str, LiteralKind::Str { value, .. }) => Ok(Value::Str(value.clone())),
            (Primitive::Bytes, LiteralKind::Str { value, .. }) => {
                seam_runtime::scalar::decode_base64(value)
                    .map(|_| Value::Str(value.clone()))
                    .ok_or_else(|| bad(" (bytes are written as standard padded base64)"))
            }
            (Primitive::Datetime, LiteralKind::Str { value, .. }) => {
                seam_runtime::scalar::parse_datetime(value)
                    .map(|_| Value::Str(value.clone()))
                    .ok_or_else(|| {
                        bad(" (write RFC 3339 with an offset: \"2024-01-02T03:04:05Z\")")
                    })
            }
            (Primitive::Date, LiteralKind::Str { value, .. }) => {
                seam_runtime::scalar::parse_date(value)
                    .map(|_| Value::Str(value.clone()))
                    .ok_or_else(|| bad(" (write \"YYYY-MM-DD\")"))
            }
            (Primitive::Time, LiteralKind::Str { value, .. }) => {
                seam_runtime::scalar::parse_time(value)
                    .map(|_| Value::Str(value.clone()))
                    .ok_or_else(|| {
                        bad(" (write \"HH:MM:SS\" with an optional fraction and offset)")
                    })
            }
            (Primitive::Duration, LiteralKind::Str { value, .. }) => {
                seam_runtime::scalar::parse_duration(value)
                    .map(|_| Value::Str(value.clone()))
                    .ok_or_else(|| bad(" (write ISO 8601, like \"PT1H30M\" or \"P1DT5.5S\")"))
            }
            (Primitive::Uuid, LiteralKind::Str { value, .. }) => {
                seam_runtime::scalar::parse_uuid(value)
                    .map(|_| Value::Str(value.clone()))
                    .ok_or_else(|| bad(" (write the canonical hyphenated form)"))
            }
            (Primitive::Decimal, LiteralKind::Str { value, .. }) => {
                if seam_runtime::scalar::is_decimal(value) {
                    Ok(Value::Str(value.clone()))
                } else {
                    Err(bad(
                        " (decimals are written as strings of digits, like \"1.10\")",
                    ))
                }
            }
            _ => Err(self.mismatch(ty, literal)),
        }
    }

    /// A map key is written as a string: integers as decimal strings, enum keys as their values.
    fn check_key(
        &self,
        key: &Type,
        text: &str,
        literal: &ast::Literal,
        depth: usize,
    ) -> Result<(), Problem> {
        if depth > MAX_DEPTH {
            return Err(Problem::Skip);
        }
        match key {
            Type::Primitive {
                primitive: Primitive::Int(kind),
                constraints,
            } => {
                let value = text.parse::<i128>().map_err(|_| {
                    Problem::Invalid(
                        literal.span,
                        format!("map key \"{text}\" is not an integer"),
                    )
                })?;
                let (min, max) = kind.range();
                if value < min || value > max {
                    return Err(Problem::Invalid(
                        literal.span,
                        format!(
                            "map key {value} is outside the range of `{}`",
                            kind.keyword()
                        ),
                    ));
                }
                check_constraints(
                    &Value::Int(value),
                    Primitive::Int(*kind),
                    constraints,
                    literal.span,
                )
            }
            Type::Named { name } => match self.types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(alias)) => {
                    self.check_key(&alias.target, text, literal, depth + 1)
                }
                Some(TypeKind::Enum(e)) if e.repr == EnumRepr::Str => {
                    self.check_key_as_string(key, text, literal, depth)
                }
                // Not a key type: reported as `invalid-map-key`.
                _ => Err(Problem::Skip),
            },
            Type::Primitive {
                primitive: Primitive::Str,
                ..
            } => self.check_key_as_string(key, text, literal, depth),
            Type::Literals { values } if values.iter().all(|v| matches!(v, TagValue::Str(_))) => {
                self.check_key_as_string(key, text, literal, depth)
            }
            // Not a key type: reported as `invalid-map-key`.
            _ => Err(Problem::Skip),
        }
    }

    fn check_key_as_string(
        &self,
        key: &Type,
        text: &str,
        literal: &ast::Literal,
        depth: usize,
    ) -> Result<(), Problem> {
        let as_literal = ast::Literal {
            kind: LiteralKind::Str {
                value: text.to_string(),
                raw: text.to_string(),
            },
            span: literal.span,
        };
        self.check(key, &as_literal, depth).map(|_| ())
    }

    fn check_enum(
        &self,
        name: &QualifiedName,
        e: &EnumDef,
        literal: &ast::Literal,
    ) -> Result<Value, Problem> {
        let found = match &literal.kind {
            LiteralKind::Str { value, .. } => Some(TagValue::Str(value.clone())),
            LiteralKind::Number(raw) => raw.parse::<i64>().ok().map(TagValue::Int),
            _ => None,
        };
        match found {
            Some(tag) if e.members.iter().any(|m| m.value == tag) => Ok(match tag {
                TagValue::Str(s) => Value::Str(s),
                TagValue::Int(i) => Value::Int(i.into()),
            }),
            _ => {
                let by_name = match &literal.kind {
                    LiteralKind::Str { value, .. } => e.members.iter().find(|m| &m.name == value),
                    _ => None,
                };
                let message = match by_name {
                    Some(member) => format!(
                        "{} is not a value of `{}`; a default is written as the member's wire value: {} for `{}`",
                        describe_literal(literal),
                        name.name,
                        member.value,
                        member.name
                    ),
                    None => {
                        let members: Vec<String> = e.members.iter().map(|m| m.value.to_string()).collect();
                        format!("{} is not a value of `{}` (its values: {})", describe_literal(literal), name.name, members.join(", "))
                    }
                };
                Err(Problem::Invalid(literal.span, message))
            }
        }
    }

    fn check_struct(
        &self,
        name: &QualifiedName,
        s: &StructDef,
        literal: &ast::Literal,
        tag_field: Option<&str>,
        depth: usize,
    ) -> Result<Value, Problem> {
        if s.array_like {
            let LiteralKind::List(items) = &literal.kind else {
                return Err(Problem::Invalid(
                    literal.span,
                    format!(
                        "`{}` is array-like: its value is written as a list",
                        name.name
                    ),
                ));
            };
            let offset = usize::from(s.tagging.is_some());
            let mut out = Vec::new();
            if offset == 1 {
                if let Some(first) = items.first() {
                    out.push(to_value(first)?);
                }
            }
            for (i, field) in s.fields.iter().enumerate() {
                match items.get(i + offset) {
                    Some(item) => out.push(self.check(&field.ty, item, depth + 1)?),
                    None if field.default.is_some() => {}
                    None => {
                        return Err(Problem::Invalid(
                            literal.span,
                            format!("missing required field `{}`", field.name),
                        ));
                    }
                }
            }
            if items.len() > s.fields.len() + offset {
                return Err(Problem::Invalid(
                    literal.span,
                    format!("`{}` has only {} fields", name.name, s.fields.len()),
                ));
            }
            return Ok(Value::List(out));
        }
        let LiteralKind::Map(entries) = &literal.kind else {
            return Err(Problem::Invalid(
                literal.span,
                format!(
                    "expected `{}`, written as a map, found {}",
                    name.name,
                    describe_literal(literal)
                ),
            ));
        };
        let mut out = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for (key, value) in entries {
            let LiteralKind::Str {
                value: key_text, ..
            } = &key.kind
            else {
                continue;
            };
            if !seen.insert(key_text.clone()) {
                return Err(Problem::Invalid(
                    key.span,
                    format!("key \"{key_text}\" appears twice"),
                ));
            }
            let tag = s.tagging.as_ref().map(|t| t.field.as_str()).or(tag_field);
            if Some(key_text.as_str()) == tag {
                out.insert(key_text.clone(), to_value(value)?);
                continue;
            }
            let Some(field) = s.fields.iter().find(|f| &f.wire_name == key_text) else {
                return Err(Problem::Invalid(
                    key.span,
                    format!("`{}` has no field \"{key_text}\"", name.name),
                ));
            };
            out.insert(key_text.clone(), self.check(&field.ty, value, depth + 1)?);
        }
        // A field without a default must be given. Whether a field has a default is known from
        // the first pass (a placeholder stands in until its value is checked).
        if let Some(missing) = s
            .fields
            .iter()
            .find(|f| f.default.is_none() && !seen.contains(&f.wire_name))
        {
            return Err(Problem::Invalid(
                literal.span,
                format!(
                    "missing required field `{}` of `{}`",
                    missing.wire_name, name.name
                ),
            ));
        }
        Ok(Value::Map(out))
    }

    fn check_union(
        &self,
        name: &QualifiedName,
        u: &UnionDef,
        literal: &ast::Literal,
        depth: usize,
    ) -> Result<Value, Problem> {
        let tag = match &literal.kind {
            LiteralKind::Map(entries) => entries.iter().find_map(|(k, v)| match &k.kind {
                LiteralKind::Str { value, .. } if *value == u.tag_field => Some(v),
                _ => None,
            }),
            LiteralKind::List(items) => items.first(),
            _ => None,
        };
        let Some(tag) = tag else {
            return Err(Problem::Invalid(
                literal.span,
                format!(
                    "a `{}` value needs its tag field \"{}\"",
                    name.name, u.tag_field
                ),
            ));
        };
        let tag_value = match &tag.kind {
            LiteralKind::Str { value, .. } => Some(TagValue::Str(value.clone())),
            LiteralKind::Number(raw) => raw.parse::<i64>().ok().map(TagValue::Int),
            _ => None,
        };
        let member = u
            .members
            .iter()
            .find(|m| Some(&m.tag) == tag_value.as_ref());
        let Some(member) = member else {
            return Err(Problem::Invalid(
                tag.span,
                format!("{} is not a tag of `{}`", describe_literal(tag), name.name),
            ));
        };
        match self.types.get(&member.name).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => {
                self.check_struct(&member.name, s, literal, Some(&u.tag_field), depth + 1)
            }
            _ => Err(Problem::Skip),
        }
    }
}

/// A literal as a value, for `any` (map keys must be unique).
fn to_value(literal: &ast::Literal) -> Result<Value, Problem> {
    Ok(match &literal.kind {
        LiteralKind::Str { value, .. } => Value::Str(value.clone()),
        LiteralKind::Number(raw) => number_value(raw),
        LiteralKind::Bool(b) => Value::Bool(*b),
        LiteralKind::Null => Value::Null,
        LiteralKind::List(items) => {
            Value::List(items.iter().map(to_value).collect::<Result<_, _>>()?)
        }
        LiteralKind::Map(entries) => {
            let mut out = BTreeMap::new();
            for (key, value) in entries {
                let LiteralKind::Str {
                    value: key_text, ..
                } = &key.kind
                else {
                    continue;
                };
                if out.insert(key_text.clone(), to_value(value)?).is_some() {
                    return Err(Problem::Invalid(
                        key.span,
                        format!("key \"{key_text}\" appears twice"),
                    ));
                }
            }
            Value::Map(out)
        }
    })
}

fn check_length(
    length: usize,
    constraints: &Constraints,
    span: Span,
    unit: &str,
) -> Result<(), Problem> {
    if let Some(min) = constraints.min_length {
        if (length as u64) < min {
            return Err(Problem::Violates(
                span,
                format!("the value has {length} {unit}, fewer than `min_length = {min}`"),
            ));
        }
    }
    if let Some(max) = constraints.max_length {
        if length as u64 > max {
            return Err(Problem::Violates(
                span,
                format!("the value has {length} {unit}, more than `max_length = {max}`"),
            ));
        }
    }
    Ok(())
}

/// Checks a scalar value against its constraints.
fn check_constraints(
    value: &Value,
    primitive: Primitive,
    c: &Constraints,
    span: Span,
) -> Result<(), Problem> {
    let violates = |what: String| Err(Problem::Violates(span, what));
    let as_number = match value {
        Value::Int(i) => Some(Number::Int(*i)),
        Value::Float(f) => Some(Number::Float(*f)),
        _ => None,
    };
    if let Some(n) = as_number {
        let cmp = |bound: Number| -> std::cmp::Ordering {
            match (n, bound) {
                (Number::Int(a), Number::Int(b)) => a.cmp(&b),
                _ => n
                    .as_f64()
                    .partial_cmp(&bound.as_f64())
                    .unwrap_or(std::cmp::Ordering::Equal),
            }
        };
        use std::cmp::Ordering::*;
        if let Some(b) = c.gt {
            if cmp(b) != Greater {
                return violates(format!("{n} does not satisfy `gt = {b}`"));
            }
        }
        if let Some(b) = c.ge {
            if cmp(b) == Less {
                return violates(format!("{n} does not satisfy `ge = {b}`"));
            }
        }
        if let Some(b) = c.lt {
            if cmp(b) != Less {
                return violates(format!("{n} does not satisfy `lt = {b}`"));
            }
        }
        if let Some(b) = c.le {
            if cmp(b) == Greater {
                return violates(format!("{n} does not satisfy `le = {b}`"));
            }
        }
        if let Some(m) = c.multiple_of {
            let ok = match (n, m) {
                (Number::Int(a), Number::Int(b)) => a % b == 0,
                _ => (n.as_f64() % m.as_f64()) == 0.0,
            };
            if !ok {
                return violates(format!("{n} is not a multiple of {m}"));
            }
        }
    }
    if let Value::Str(text) = value {
        let length = match primitive {
            Primitive::Str => Some(text.chars().count()),
            Primitive::Bytes => seam_runtime::scalar::decode_base64(text).map(|b| b.len()),
            _ => None,
        };
        if let Some(length) = length {
            let unit = if primitive == Primitive::Str {
                "characters"
            } else {
                "bytes"
            };
            check_length(length, c, span, unit)?;
        }
        if let Some(pattern) = &c.pattern {
            // A pattern that does not compile is reported as `invalid-pattern` already.
            let compiles = regex::Regex::new(&seam_runtime::check::python_pattern(pattern)).is_ok();
            if compiles && !seam_runtime::check::pattern_matches(pattern, text) {
                return violates(format!("\"{text}\" does not match `pattern = {pattern:?}`"));
            }
        }
        if primitive == Primitive::Time {
            if let (Some(tz), Some(time)) = (c.tz, seam_runtime::scalar::parse_time(text)) {
                if tz != time.offset.is_some() {
                    let need = if tz {
                        "needs a UTC offset (`tz = true`)"
                    } else {
                        "cannot have a UTC offset (`tz = false`)"
                    };
                    return violates(format!("the time \"{text}\" {need}"));
                }
            }
        }
    }
    Ok(())
}
