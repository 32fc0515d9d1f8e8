//! The second pass: checks that need every declaration resolved.

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::{self, DeclarationBody, Span, TypeExpr};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::source::FileId;

use super::values::{check_literal, Problem};
use super::{DeclRef, Resolver};

pub(crate) fn check_set(r: &mut Resolver<'_>) {
    check_unions(r);
    check_map_keys(r);
    check_defaults(r);
    check_recursion(r);
}

/// The span of the `index`th member reference of a union declaration.
fn union_member_span(decl: &ast::Declaration, index: usize) -> Span {
    match &decl.body {
        DeclarationBody::Union { members } => members.get(index).map(|m| m.span).unwrap_or(decl.name.span),
        _ => decl.name.span,
    }
}

fn attribute_arg_span(decl: &ast::Declaration, name: &str) -> Option<Span> {
    decl.attributes
        .iter()
        .find(|a| a.name.value == name)
        .map(|a| a.args.as_ref().and_then(|args| args.first()).map(|l| l.span).unwrap_or(a.span))
}

fn check_unions(r: &mut Resolver<'_>) {
    // struct -> (tag field, union, where the union names it)
    let mut tagging: BTreeMap<QualifiedName, (String, QualifiedName, FileId, Span)> = BTreeMap::new();
    let unions: Vec<QualifiedName> = r
        .types
        .iter()
        .filter(|(_, d)| matches!(d.kind, TypeKind::Union(_)))
        .map(|(n, _)| n.clone())
        .collect();
    for union_name in unions {
        let Some(decl) = r.decls.get(&union_name).copied() else { continue };
        let TypeKind::Union(union) = &r.types[&union_name].kind else { continue };
        let union = union.clone();
        let file = decl.file;
        // Members were resolved in order but unresolved ones were dropped: match them back to
        // their spans through the declaration's member list.
        let DeclarationBody::Union { members: written } = &decl.decl.body else { continue };
        let mut member_spans = Vec::new();
        {
            let mut next = 0;
            for member in &union.members {
                while next < written.len() && !written[next].value.ends_with(&member.name.name) {
                    next += 1;
                }
                member_spans.push(union_member_span(decl.decl, next));
                next += 1;
            }
        }
        let tag_field_span = attribute_arg_span(decl.decl, "tag_field").unwrap_or(decl.decl.name.span);
        let mut members = Vec::new();
        let mut seen_members: BTreeMap<QualifiedName, Span> = BTreeMap::new();
        let mut tags: BTreeMap<TagValue, (QualifiedName, Span)> = BTreeMap::new();
        let mut layouts: Vec<(bool, QualifiedName, Span)> = Vec::new();
        for (member, span) in union.members.iter().zip(member_spans) {
            let Some(def) = r.types.get(&member.name).cloned() else { continue };
            let TypeKind::Struct(s) = &def.kind else {
                let kind = match def.kind {
                    TypeKind::Enum(_) => "an enum",
                    TypeKind::Union(_) => "a union",
                    _ => "a type alias",
                };
                r.error(
                    Diagnostic::new(
                        Code::UnionMemberNotStruct,
                        format!("union member `{}` is {kind}, not a struct", member.name.name),
                        file,
                        span,
                    )
                    .label(kind)
                    .help("a tagged union's members are structs: wrap the value in a struct with one field"),
                );
                continue;
            };
            if let Some(first) = seen_members.get(&member.name) {
                r.error(
                    Diagnostic::new(Code::DuplicateTag, format!("`{}` is listed twice in the union", member.name.name), file, span)
                        .label("listed again")
                        .with_secondary(file, *first, "first listed here"),
                );
                continue;
            }
            seen_members.insert(member.name.clone(), span);
            let tag = s.tagging.as_ref().map(|t| t.value.clone()).unwrap_or_else(|| TagValue::Str(member.name.name.clone()));
            if let Some((other, other_span)) = tags.get(&tag) {
                r.error(
                    Diagnostic::new(
                        Code::DuplicateTag,
                        format!("`{}` and `{}` have the same tag {tag}", other.name, member.name.name),
                        file,
                        span,
                    )
                    .label(format!("tag {tag}"))
                    .with_secondary(file, *other_span, format!("also tag {tag}"))
                    .help("give each member its own tag with `@tag(...)`"),
                );
            } else {
                tags.insert(tag.clone(), (member.name.clone(), span));
            }
            layouts.push((s.array_like, member.name.clone(), span));
            if let Some(field) = s.fields.iter().find(|f| f.wire_name == union.tag_field) {
                let member_decl = r.decls.get(&member.name).copied();
                let mut d = Diagnostic::new(
                    Code::TagFieldCollision,
                    format!("the tag field \"{}\" collides with field `{}` of `{}`", union.tag_field, field.name, member.name.name),
                    file,
                    tag_field_span,
                )
                .label("tag field")
                .help("rename the field, or choose another tag field with `@tag_field(\"...\")`");
                if let Some(member_decl) = member_decl {
                    if let DeclarationBody::Struct { fields } = &member_decl.decl.body {
                        if let Some(f) = fields.iter().find(|f| f.name.value == field.name) {
                            d = d.with_secondary(member_decl.file, f.name.span, "this field has the same wire name");
                        }
                    }
                }
                r.error(d);
            }
            match tagging.get(&member.name) {
                Some((other_field, other_union, _, _)) if *other_field != union.tag_field => {
                    let other_union = other_union.clone();
                    let other_field = other_field.clone();
                    let other_decl = r.decls.get(&other_union).copied();
                    let mut d = Diagnostic::new(
                        Code::ConflictingTagField,
                        format!(
                            "`{}` is tagged by \"{}\" here but by \"{}\" in `{}`",
                            member.name.name, union.tag_field, other_field, other_union
                        ),
                        file,
                        span,
                    )
                    .label(format!("tag field \"{}\"", union.tag_field))
                    .help("a struct carries one tag field: give both unions the same `@tag_field`");
                    if let Some(other_decl) = other_decl {
                        d = d.with_secondary(other_decl.file, other_decl.decl.name.span, format!("tag field \"{other_field}\""));
                    }
                    r.error(d);
                }
                Some(_) => {}
                None => {
                    tagging.insert(member.name.clone(), (union.tag_field.clone(), union_name.clone(), file, span));
                }
            }
            members.push(UnionMember { name: member.name.clone(), tag });
        }
        let strings = tags.keys().filter(|t| matches!(t, TagValue::Str(_))).count();
        if strings != 0 && strings != tags.len() {
            let (_, (first_int, _)) = tags.iter().find(|(t, _)| matches!(t, TagValue::Int(_))).expect("an integer tag");
            let (_, (first_str, str_span)) = tags.iter().find(|(t, _)| matches!(t, TagValue::Str(_))).expect("a string tag");
            let int_span = tags.values().find(|(n, _)| n == first_int).map(|(_, s)| *s).unwrap_or_default();
            r.error(
                Diagnostic::new(
                    Code::MixedTagTypes,
                    format!("union `{}` mixes string and integer tags", union_name.name),
                    file,
                    int_span,
                )
                .label(format!("`{}` has an integer tag", first_int.name))
                .with_secondary(file, *str_span, format!("`{}` has a string tag", first_str.name))
                .help("tags within a union are all strings or all integers; a member without `@tag` is tagged with its name"),
            );
        }
        let array_like = layouts.iter().filter(|(a, _, _)| *a).count();
        if array_like != 0 && array_like != layouts.len() {
            let (_, plain, plain_span) = layouts.iter().find(|(a, _, _)| !*a).cloned().expect("a plain member");
            let (_, arr, arr_span) = layouts.iter().find(|(a, _, _)| *a).cloned().expect("an array-like member");
            let (primary, primary_span, secondary, secondary_span) = if plain_span > arr_span {
                (plain, plain_span, arr, arr_span)
            } else {
                (arr, arr_span, plain, plain_span)
            };
            r.error(
                Diagnostic::new(
                    Code::MixedUnionLayout,
                    format!("union `{}` mixes array-like and object members", union_name.name),
                    file,
                    primary_span,
                )
                .label(format!("`{}` is {}", primary.name, if primary_span == arr_span { "array-like" } else { "an object" }))
                .with_secondary(file, secondary_span, format!("`{}` is {}", secondary.name, if secondary_span == arr_span { "array-like" } else { "an object" }))
                .help("a decoder tells members apart by the tag, so they must share one layout: make all members `@array_like` or none"),
            );
        }
        if let Some(TypeKind::Union(u)) = r.types.get_mut(&union_name).map(|d| &mut d.kind) {
            u.members = members;
            u.array_like = array_like != 0 && array_like == layouts.len();
        }
    }
    // Tag each member struct; a struct with `@tag` that is in no union carries no tag.
    let mut by_struct: BTreeMap<QualifiedName, Vec<QualifiedName>> = BTreeMap::new();
    for (name, def) in &r.types {
        if let TypeKind::Union(u) = &def.kind {
            for member in &u.members {
                by_struct.entry(member.name.clone()).or_default().push(name.clone());
            }
        }
    }
    let names: Vec<QualifiedName> = r.types.keys().cloned().collect();
    for name in names {
        let entry = tagging.get(&name).cloned();
        let unions = by_struct.remove(&name).unwrap_or_default();
        if let Some(TypeKind::Struct(s)) = r.types.get_mut(&name).map(|d| &mut d.kind) {
            s.tagging = entry.map(|(field, _, _, _)| Tagging {
                field,
                value: s.tagging.take().map(|t| t.value).unwrap_or_else(|| TagValue::Str(name.name.clone())),
                unions,
            });
        }
    }
}

/// Every map key type must be a string, an integer or a string enum (possibly behind aliases).
fn check_map_keys(r: &mut Resolver<'_>) {
    let decls: Vec<DeclRef<'_>> = r.decls.values().copied().collect();
    for decl in decls {
        let mut exprs: Vec<&TypeExpr> = Vec::new();
        match &decl.decl.body {
            DeclarationBody::Struct { fields } => exprs.extend(fields.iter().map(|f| &f.ty)),
            DeclarationBody::Alias { target } => exprs.push(target),
            _ => {}
        }
        for expr in exprs {
            walk_map_keys(r, decl.file, expr);
        }
    }
}

fn walk_map_keys(r: &mut Resolver<'_>, file: FileId, expr: &TypeExpr) {
    match expr {
        TypeExpr::Optional { inner, .. } => walk_map_keys(r, file, inner),
        TypeExpr::Literals { .. } => {}
        TypeExpr::Named { path, args, .. } => {
            if path.value == "map" && args.len() == 2 {
                if let Some(reason) = invalid_key_reason(r, file, &args[0], 0) {
                    r.error(
                        Diagnostic::new(Code::InvalidMapKey, format!("invalid map key type: {reason}"), file, args[0].span())
                            .label("key type")
                            .help("map keys are `str`, an integer type, or a string enum (or an alias of one)"),
                    );
                }
            }
            for arg in args {
                walk_map_keys(r, file, arg);
            }
        }
    }
}

/// Why a key type expression is not a valid key, or `None` when it is.
fn invalid_key_reason(r: &Resolver<'_>, file: FileId, expr: &TypeExpr, depth: usize) -> Option<String> {
    if depth > 32 {
        return None;
    }
    match expr {
        TypeExpr::Optional { .. } => Some("a key cannot be `null`".into()),
        TypeExpr::Literals { values, .. } => {
            let all_strings = values.iter().all(|v| matches!(v.kind, ast::LiteralKind::Str { .. }));
            (!all_strings).then(|| "a literal set of integers is not a key type".into())
        }
        TypeExpr::Named { path, .. } => {
            let name = path.value.as_str();
            if !name.contains('.') && name.starts_with(|c: char| c.is_ascii_lowercase()) {
                return match name {
                    "str" | "int" | "uint" | "i8" | "i16" | "i32" | "u8" | "u16" | "u32" => None,
                    other => Some(format!("`{other}` is not a key type")),
                };
            }
            // A declared type: find it the way `lookup` would, without reporting anything.
            let package = r.files.get(&file).map(|f| f.package.value.clone()).unwrap_or_default();
            let wanted = match name.rsplit_once('.') {
                Some((q, n)) => QualifiedName::new(q, n),
                None => QualifiedName::new(package, name),
            };
            let decl = r.decls.get(&wanted)?;
            match &decl.decl.body {
                DeclarationBody::Enum { repr, .. } => match repr.as_ref().map(|r| r.value.as_str()) {
                    Some("int") => Some(format!("`{}` is an integer enum", wanted.name)),
                    _ => None,
                },
                DeclarationBody::Alias { target } => invalid_key_reason(r, decl.file, target, depth + 1)
                    .map(|reason| format!("`{}` is an alias: {reason}", wanted.name)),
                DeclarationBody::Struct { .. } => Some(format!("`{}` is a struct", wanted.name)),
                DeclarationBody::Union { .. } => Some(format!("`{}` is a union", wanted.name)),
            }
        }
    }
}

/// Checks every default and example. Structs are visited so that a field's default is known
/// before a default that names its struct is checked, where the order allows.
fn check_defaults(r: &mut Resolver<'_>) {
    let names: Vec<QualifiedName> = r.types.keys().cloned().collect();
    for name in names {
        let Some(decl) = r.decls.get(&name).copied() else { continue };
        let DeclarationBody::Struct { fields } = &decl.decl.body else { continue };
        for (index, field) in fields.iter().enumerate() {
            if r.poisoned_fields.contains(&(name.clone(), index)) {
                continue;
            }
            let Some(ty) = struct_field_type(r, &name, index) else { continue };
            if let Some(default) = &field.default {
                match check_literal(&r.types, &ty, default) {
                    Ok(value) => set_field(r, &name, index, |f| f.default = Some(value)),
                    Err(problem) => {
                        report_value_problem(r, decl.file, problem, &field.name.value, "default");
                        // Keep the field optional in the model so that later checks do not
                        // report it as required.
                        set_field(r, &name, index, |f| f.default = Some(Value::Null));
                    }
                }
            }
            let examples = field.attributes.iter().filter(|a| a.name.value == "example");
            let mut values = Vec::new();
            for example in examples {
                let Some([literal]) = example.args.as_deref() else { continue };
                match check_literal(&r.types, &ty, literal) {
                    Ok(value) => values.push(value),
                    Err(Problem::Skip) => {}
                    Err(Problem::Invalid(span, message) | Problem::Violates(span, message)) => {
                        r.error(
                            Diagnostic::new(
                                Code::InvalidAttributeArgument,
                                format!("the example of `{}` does not fit its type: {message}", field.name.value),
                                decl.file,
                                span,
                            )
                            .label("invalid example"),
                        );
                    }
                }
            }
            set_field(r, &name, index, |f| f.examples = values);
        }
    }
}

fn struct_field_type(r: &Resolver<'_>, name: &QualifiedName, index: usize) -> Option<Type> {
    match &r.types.get(name)?.kind {
        TypeKind::Struct(s) => s.fields.get(index).map(|f| f.ty.clone()),
        _ => None,
    }
}

fn set_field(r: &mut Resolver<'_>, name: &QualifiedName, index: usize, update: impl FnOnce(&mut FieldDef)) {
    if let Some(TypeKind::Struct(s)) = r.types.get_mut(name).map(|d| &mut d.kind) {
        if let Some(field) = s.fields.get_mut(index) {
            update(field);
        }
    }
}

fn report_value_problem(r: &mut Resolver<'_>, file: FileId, problem: Problem, field: &str, what: &str) {
    match problem {
        Problem::Skip => {}
        Problem::Invalid(span, message) => r.error(
            Diagnostic::new(Code::InvalidDefault, format!("invalid {what} for `{field}`: {message}"), file, span)
                .label(format!("invalid {what}")),
        ),
        Problem::Violates(span, message) => r.error(
            Diagnostic::new(Code::DefaultViolatesConstraint, format!("the {what} of `{field}` breaks its constraints: {message}"), file, span)
                .label(format!("invalid {what}"))
                .help("a default must be a value the decoder would accept"),
        ),
    }
}

/// A type admits a finite value when it can be built without itself: through a container
/// (which may be empty), `null`, a default, or a union member that is finite. Everything that
/// is not finite after the fixed point is an infinite recursion.
fn check_recursion(r: &mut Resolver<'_>) {
    let mut finite: BTreeSet<QualifiedName> = BTreeSet::new();
    loop {
        let mut changed = false;
        for (name, def) in &r.types {
            if finite.contains(name) {
                continue;
            }
            let ok = match &def.kind {
                TypeKind::Enum(_) => true,
                TypeKind::Alias(a) => type_finite(&a.target, &finite),
                TypeKind::Struct(s) => s.fields.iter().all(|f| f.default.is_some() || type_finite(&f.ty, &finite)),
                TypeKind::Union(u) => u.members.iter().any(|m| finite.contains(&m.name)),
            };
            if ok {
                finite.insert(name.clone());
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let infinite: Vec<QualifiedName> = r.types.keys().filter(|n| !finite.contains(*n)).cloned().collect();
    for name in infinite {
        let Some(decl) = r.decls.get(&name).copied() else { continue };
        let def = &r.types[&name];
        // Point at the field (or alias target) that makes the value impossible.
        let (span, via) = match (&def.kind, &decl.decl.body) {
            (TypeKind::Struct(s), DeclarationBody::Struct { fields }) => s
                .fields
                .iter()
                .zip(fields)
                .find(|(f, _)| f.default.is_none() && !type_finite(&f.ty, &finite))
                .map(|(f, ast)| (ast.ty.span(), format!("field `{}` always needs another value of the cycle", f.name)))
                .unwrap_or((decl.decl.name.span, String::new())),
            (TypeKind::Alias(_), DeclarationBody::Alias { target }) => (target.span(), "the alias names itself".into()),
            (TypeKind::Union(_), _) => (decl.decl.name.span, "every member needs a value of the cycle".into()),
            _ => (decl.decl.name.span, String::new()),
        };
        r.error(
            Diagnostic::new(
                Code::InfiniteRecursion,
                format!("`{}` has no finite value", name.name),
                decl.file,
                span,
            )
            .label(via)
            .help("break the cycle with `T?`, a `list`, a `map` or a default"),
        );
    }
}

fn type_finite(ty: &Type, finite: &BTreeSet<QualifiedName>) -> bool {
    match ty {
        Type::Primitive { .. } | Type::Literals { .. } => true,
        Type::List { .. } | Type::Set { .. } | Type::Map { .. } | Type::Optional { .. } => true,
        Type::Tuple { items } => items.iter().all(|t| type_finite(t, finite)),
        Type::Named { name } => finite.contains(name),
    }
}
