//! How contract types map to Rust: type names, decode expressions for constrained types,
//! default values and default tests. Pure functions of the model; the templates reach them
//! through the filters of `emit::rust` (`mod filters`) and the struct views it builds.

use crate::model::*;

use super::lower::Lowered;
use super::names;

/// Where an expression is emitted: the model, the lowering facts, the package of the module
/// being written and the type that owns the expression.
pub struct Scope<'a> {
    pub model: &'a ContractSet,
    pub lowered: &'a Lowered,
    pub owner: &'a QualifiedName,
}

/// The Rust path of a declared type, relative to the module of package `from`: `super::`
/// up to the root of the generated modules, then down. Relative paths keep the code valid
/// wherever it is included, not only at a crate root.
pub fn type_path(from: &str, name: &QualifiedName) -> String {
    if name.package == from {
        return names::type_name(&name.name);
    }
    let up = "super::".repeat(from.split('.').count());
    let down: Vec<String> = name.package.split('.').map(names::field_name).collect();
    format!("{up}{}::{}", down.join("::"), names::type_name(&name.name))
}

/// The Rust type of a contract type. `prefix` names inline literal enums (see `lower`).
pub fn rust_type(scope: &Scope<'_>, ty: &Type, prefix: &str) -> String {
    rust_type_at(scope, ty, prefix, true)
}

fn rust_type_at(scope: &Scope<'_>, ty: &Type, prefix: &str, direct: bool) -> String {
    match ty {
        Type::Primitive { primitive, .. } => primitive_type(*primitive).to_string(),
        Type::List { item, .. } => format!(
            "_rt::Vec<{}>",
            rust_type_at(scope, item, &format!("{prefix}Item"), false)
        ),
        Type::Set { item, .. } => {
            format!(
                "_rt::BTreeSet<{}>",
                rust_type_at(scope, item, &format!("{prefix}Item"), false)
            )
        }
        Type::Map { key, value, .. } => format!(
            "_rt::BTreeMap<{}, {}>",
            rust_type_at(scope, key, &format!("{prefix}Key"), false),
            rust_type_at(scope, value, &format!("{prefix}Value"), false)
        ),
        Type::Tuple { items } => {
            let items: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(i, t)| rust_type_at(scope, t, &format!("{prefix}{i}"), direct))
                .collect();
            format!("({},)", items.join(", "))
        }
        Type::Optional { inner } => format!(
            "_rt::Option<{}>",
            rust_type_at(scope, inner, prefix, direct)
        ),
        Type::Literals { .. } => prefix.to_string(),
        Type::Named { name } => {
            let path = named_type(scope, name);
            if direct && scope.lowered.needs_box(scope.owner, name) {
                format!("_rt::Box<{path}>")
            } else {
                path
            }
        }
    }
}

/// A declared type as Rust names it: an unconstrained alias is replaced by what it names
/// (a `pub type` alias is emitted too, for users).
fn named_type(scope: &Scope<'_>, name: &QualifiedName) -> String {
    type_path(&scope.owner.package, name)
}

pub fn primitive_type(primitive: Primitive) -> &'static str {
    match primitive {
        Primitive::Bool => "bool",
        Primitive::Int(kind) => match kind {
            IntKind::I8 => "i8",
            IntKind::I16 => "i16",
            IntKind::I32 => "i32",
            IntKind::Int => "i64",
            IntKind::U8 => "u8",
            IntKind::U16 => "u16",
            IntKind::U32 => "u32",
            IntKind::Uint => "u64",
        },
        Primitive::Float => "f64",
        Primitive::Str => "_rt::String",
        Primitive::Bytes => "_rt::Bytes",
        Primitive::Datetime => "_rt::time::OffsetDateTime",
        Primitive::Date => "_rt::time::Date",
        Primitive::Time => "_rt::TimeOfDay",
        Primitive::Duration => "_rt::time::Duration",
        Primitive::Uuid => "_rt::uuid::Uuid",
        Primitive::Decimal => "_rt::Decimal",
        Primitive::Any => "_rt::serde_json::Value",
    }
}

/// Whether any part of a type carries a constraint (and so needs a decode expression of its
/// own instead of the Rust type's `Decode`).
pub fn has_constraints(ty: &Type) -> bool {
    match ty {
        Type::Primitive {
            primitive,
            constraints,
        } => {
            // `datetime` always requires an offset, which its `Decode` checks.
            !(constraints.is_empty()
                || (*primitive == Primitive::Datetime && constraints.tz == Some(true) && {
                    let mut rest = constraints.clone();
                    rest.tz = None;
                    rest.is_empty()
                }))
        }
        Type::List { item, constraints } | Type::Set { item, constraints } => {
            !constraints.is_empty() || has_constraints(item)
        }
        Type::Map {
            key,
            value,
            constraints,
        } => !constraints.is_empty() || has_constraints(key) || has_constraints(value),
        Type::Tuple { items } => items.iter().any(has_constraints),
        Type::Optional { inner } => has_constraints(inner),
        Type::Literals { .. } | Type::Named { .. } => false,
    }
}

fn num(n: Number) -> String {
    match n {
        Number::Int(i) => format!("_rt::Num::Int({i})"),
        Number::Float(f) => format!("_rt::Num::Float({f:?})"),
    }
}

/// `&_rt::Bounds::NONE.ge(_rt::Num::Int(0))`: the bounds built with the runtime's `const fn`s.
fn bounds(c: &Constraints) -> String {
    let mut out = String::from("&_rt::Bounds::NONE");
    for (name, value) in [
        ("gt", c.gt),
        ("ge", c.ge),
        ("lt", c.lt),
        ("le", c.le),
        ("multiple_of", c.multiple_of),
    ] {
        if let Some(n) = value {
            out.push_str(&format!(".{name}({})", num(n)));
        }
    }
    out
}

/// `&_rt::Lengths::ANY.min(1).max(64)`.
fn lengths(c: &Constraints) -> String {
    let mut out = String::from("&_rt::Lengths::ANY");
    if let Some(n) = c.min_length {
        out.push_str(&format!(".min({n})"));
    }
    if let Some(n) = c.max_length {
        out.push_str(&format!(".max({n})"));
    }
    out
}

fn pattern(c: &Constraints) -> String {
    match &c.pattern {
        Some(p) => format!("_rt::pattern!({})", rust_str(p)),
        None => "_rt::None".into(),
    }
}

/// An expression of type `Result<Option<T>, Fatal>` that decodes a value of `ty` from `r`
/// with context `cx`, applying every constraint inside it.
pub fn decode_expr(scope: &Scope<'_>, ty: &Type, prefix: &str) -> String {
    decode_expr_at(scope, ty, prefix, true)
}

/// A callable `(r, cx) -> Result<Option<T>, Fatal>` for an item, key or value: a function path
/// when the plain `Decode` does, a closure when constraints apply.
fn decode_fn(scope: &Scope<'_>, ty: &Type, prefix: &str, direct: bool) -> String {
    if has_constraints(ty) {
        format!("|r, cx| {}", decode_expr_at(scope, ty, prefix, direct))
    } else {
        format!(
            "<{} as _rt::Decode>::decode",
            rust_type_at(scope, ty, prefix, direct)
        )
    }
}

fn decode_expr_at(scope: &Scope<'_>, ty: &Type, prefix: &str, direct: bool) -> String {
    if !has_constraints(ty) {
        return format!(
            "<{} as _rt::Decode>::decode(r, cx)",
            rust_type_at(scope, ty, prefix, direct)
        );
    }
    match ty {
        Type::Primitive {
            primitive,
            constraints,
        } => match primitive {
            Primitive::Int(IntKind::Uint) => {
                format!("_rt::decode_uint(r, cx, {})", bounds(constraints))
            }
            Primitive::Int(_) => {
                format!(
                    "_rt::decode_int::<_, {}>(r, cx, {})",
                    primitive_type(*primitive),
                    bounds(constraints)
                )
            }
            Primitive::Float => format!("_rt::decode_float(r, cx, {})", bounds(constraints)),
            Primitive::Str => {
                format!(
                    "_rt::decode_str(r, cx, {}, {})",
                    lengths(constraints),
                    pattern(constraints)
                )
            }
            Primitive::Bytes => format!("_rt::decode_bytes(r, cx, {})", lengths(constraints)),
            Primitive::Time => format!("_rt::decode_time(r, cx, {:?})", constraints.tz),
            // Other constraints do not apply (the resolver rejected them).
            _ => format!(
                "<{} as _rt::Decode>::decode(r, cx)",
                primitive_type(*primitive)
            ),
        },
        Type::List { item, constraints } => format!(
            "_rt::list_of(r, cx, {}, {})",
            lengths(constraints),
            decode_fn(scope, item, &format!("{prefix}Item"), false)
        ),
        Type::Set { item, constraints } => format!(
            "_rt::set_of(r, cx, {}, {})",
            lengths(constraints),
            decode_fn(scope, item, &format!("{prefix}Item"), false)
        ),
        Type::Map {
            key,
            value,
            constraints,
        } => format!(
            "_rt::map_of::<_, {}, _>(r, cx, {}, {})",
            rust_type_at(scope, key, &format!("{prefix}Key"), false),
            lengths(constraints),
            decode_fn(scope, value, &format!("{prefix}Value"), false)
        ),
        // The inner type is a constrained one: a closure, whose type gives `STR_LIKE`.
        Type::Optional { inner } => format!(
            "_rt::option(r, cx, {})",
            decode_fn(scope, inner, prefix, direct)
        ),
        Type::Tuple { items } => {
            let slots: Vec<String> = (0..items.len()).map(|i| format!("t{i}")).collect();
            let arms: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    format!(
                        "{i} => _rt::set(&mut t{i}, {}),",
                        decode_expr_at(scope, item, &format!("{prefix}{i}"), direct)
                    )
                })
                .collect();
            format!(
                "{{ {} let ok = _rt::decode_tuple(r, cx, {}, |r, cx, i| match i {{ {} _ => _rt::Ok(false) }})?; \
                 _rt::Ok(match ({},) {{ ({},) if ok => _rt::Some(({},)), _ => _rt::None }}) }}",
                slots.iter().map(|s| format!("let mut {s} = _rt::None;")).collect::<String>(),
                items.len(),
                arms.join(" "),
                slots.join(", "),
                slots.iter().map(|s| format!("_rt::Some({s})")).collect::<Vec<_>>().join(", "),
                slots.join(", ")
            )
        }
        Type::Literals { .. } | Type::Named { .. } => {
            format!(
                "<{} as _rt::Decode>::decode(r, cx)",
                rust_type_at(scope, ty, prefix, direct)
            )
        }
    }
}

/// A Rust string literal for any text.
pub fn rust_str(text: &str) -> String {
    format!("{text:?}")
}

/// The JSON text of a value, for defaults that are decoded at run time.
fn value_json(value: &Value) -> String {
    serde_json::to_string(&value_to_json(value)).unwrap_or_default()
}

fn value_to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(i) => i64::try_from(*i)
            .map(serde_json::Value::from)
            .or_else(|_| u64::try_from(*i).map(serde_json::Value::from))
            .unwrap_or(serde_json::Value::Null),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        Value::Str(s) => serde_json::Value::String(s.clone()),
        Value::List(items) => serde_json::Value::Array(items.iter().map(value_to_json).collect()),
        Value::Map(map) => serde_json::Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), value_to_json(v)))
                .collect(),
        ),
    }
}

/// A Rust expression for a default value; `None` when the value is decoded from its JSON text
/// at run time (lists with items, structs, datetimes and other text-encoded scalars).
fn simple_default(scope: &Scope<'_>, ty: &Type, value: &Value, prefix: &str) -> Option<String> {
    Some(match (ty, value) {
        (Type::Optional { .. }, Value::Null) => "_rt::None".into(),
        (Type::Optional { inner }, v) => {
            format!("_rt::Some({})", simple_default(scope, inner, v, prefix)?)
        }
        (
            Type::Primitive {
                primitive: Primitive::Bool,
                ..
            },
            Value::Bool(b),
        ) => b.to_string(),
        (
            Type::Primitive {
                primitive: Primitive::Int(_),
                ..
            },
            Value::Int(i),
        ) => i.to_string(),
        (
            Type::Primitive {
                primitive: Primitive::Float,
                ..
            },
            Value::Int(i),
        ) => format!("{:?}", *i as f64),
        (
            Type::Primitive {
                primitive: Primitive::Float,
                ..
            },
            Value::Float(f),
        ) => format!("{f:?}"),
        (
            Type::Primitive {
                primitive: Primitive::Str,
                ..
            },
            Value::Str(s),
        ) => format!("_rt::String::from({})", rust_str(s)),
        (Type::List { .. }, Value::List(items)) if items.is_empty() => "_rt::Vec::new()".into(),
        (Type::Set { .. }, Value::List(items)) if items.is_empty() => "_rt::BTreeSet::new()".into(),
        (Type::Map { .. }, Value::Map(map)) if map.is_empty() => "_rt::BTreeMap::new()".into(),
        (Type::Literals { .. }, v) => format!("{prefix}::{}", literal_variant(v)?),
        (Type::Named { name }, v) => match &scope.model.get(name)?.kind {
            TypeKind::Enum(e) => {
                let member = e.members.iter().find(|m| tag_matches(&m.value, v))?;
                format!(
                    "{}::{}",
                    type_path(&scope.owner.package, name),
                    names::variant_name(&member.name)
                )
            }
            TypeKind::Alias(alias) if !scope.lowered.is_newtype(name) => {
                let inner = Scope {
                    model: scope.model,
                    lowered: scope.lowered,
                    owner: name,
                };
                return simple_default(&inner, &alias.target, v, &format!("{}Value", name.name))
                    .filter(|e| !e.contains("Value::"));
            }
            _ => return None,
        },
        _ => return None,
    })
}

fn tag_matches(tag: &TagValue, value: &Value) -> bool {
    match (tag, value) {
        (TagValue::Str(a), Value::Str(b)) => a == b,
        (TagValue::Int(a), Value::Int(b)) => i128::from(*a) == *b,
        _ => false,
    }
}

fn literal_variant(value: &Value) -> Option<String> {
    match value {
        Value::Str(s) => Some(names::literal_variant_name(s)),
        Value::Int(i) => Some(names::literal_variant_name(&i.to_string())),
        _ => None,
    }
}

/// An expression that builds a field's default value.
pub fn default_expr(scope: &Scope<'_>, ty: &Type, value: &Value, prefix: &str) -> String {
    simple_default(scope, ty, value, prefix).unwrap_or_else(|| {
        format!(
            "_rt::from_json::<{}>({})",
            rust_type(scope, ty, prefix),
            rust_str(&value_json(value))
        )
    })
}

/// A boolean expression that is true when `self.<field>` differs from its default (the field
/// is then encoded).
pub fn differs_from_default_expr(
    scope: &Scope<'_>,
    field: &str,
    ty: &Type,
    value: &Value,
    prefix: &str,
) -> String {
    let access = format!("self.{field}");
    match (plain_alias_target(scope, ty), value) {
        (Type::Optional { .. }, Value::Null) => format!("{access}.is_some()"),
        (Type::List { .. } | Type::Set { .. }, Value::List(items)) if items.is_empty() => {
            format!("!{access}.is_empty()")
        }
        (Type::Map { .. }, Value::Map(map)) if map.is_empty() => format!("!{access}.is_empty()"),
        (
            Type::Primitive {
                primitive: Primitive::Bool,
                ..
            },
            Value::Bool(true),
        ) => format!("!{access}"),
        (
            Type::Primitive {
                primitive: Primitive::Bool,
                ..
            },
            Value::Bool(false),
        ) => access,
        (
            Type::Primitive {
                primitive: Primitive::Str,
                ..
            },
            Value::Str(s),
        ) if s.is_empty() => format!("!{access}.is_empty()"),
        (
            Type::Primitive {
                primitive: Primitive::Str,
                ..
            },
            Value::Str(s),
        ) => format!("{access} != {}", rust_str(s)),
        _ => format!("{access} != {}", default_expr(scope, ty, value, prefix)),
    }
}

/// The type a plain (non-newtype) alias stands for, followed through chains of aliases: in
/// Rust it is the same type, so the same expressions apply.
fn plain_alias_target<'t>(scope: &'t Scope<'_>, ty: &'t Type) -> &'t Type {
    let mut ty = ty;
    for _ in 0..32 {
        let Type::Named { name } = ty else { break };
        match scope.model.get(name).map(|d| &d.kind) {
            Some(TypeKind::Alias(alias)) if !scope.lowered.is_newtype(name) => ty = &alias.target,
            _ => break,
        }
    }
    ty
}

/// How a decoded field falls back to its default when absent, given the default's expression
/// (`default_expr`): `.unwrap_or_default()` when the default is the type's `Default`,
/// `.unwrap_or(x)` for a constant, `.unwrap_or_else(|| x)` when building it costs something.
pub fn fallback_of(ty: &Type, value: &Value, expr: &str) -> String {
    let is_type_default = matches!(
        (ty, value),
        (Type::Optional { .. }, Value::Null)
            | (
                Type::Primitive {
                    primitive: Primitive::Bool,
                    ..
                },
                Value::Bool(false)
            )
            | (
                Type::Primitive {
                    primitive: Primitive::Int(_),
                    ..
                },
                Value::Int(0)
            )
    ) || matches!(
        expr,
        "_rt::Vec::new()" | "_rt::BTreeSet::new()" | "_rt::BTreeMap::new()"
    );
    if is_type_default {
        ".unwrap_or_default()".into()
    } else if expr.contains("::from(")
        || expr.contains("from_json::<")
        || expr.contains("::Some(") && expr.contains("::from(")
    {
        format!(".unwrap_or_else(|| {expr})")
    } else {
        format!(".unwrap_or({expr})")
    }
}
