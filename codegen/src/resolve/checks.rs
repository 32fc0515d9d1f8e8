//! The second pass: checks that need every declaration resolved.

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::{self, DeclarationBody, Span, TypeExpr};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::source::FileId;

use super::values::{check_literal, Problem};
use super::{DeclRef, Resolver};

pub(crate) fn check_set(r: &mut Resolver<'_>) {
    check_patch_names(r);
    check_unions(r);
    check_map_keys(r);
    check_defaults(r);
    check_recursion(r);
}

/// `@patch` on `Name` generates `NamePatch` in the same package: a declared type of that name
/// would collide with it.
fn check_patch_names(r: &mut Resolver<'_>) {
    let patched: Vec<QualifiedName> = r
        .types
        .iter()
        .filter(|(_, d)| matches!(&d.kind, TypeKind::Struct(s) if s.patch))
        .map(|(n, _)| n.clone())
        .collect();
    for name in patched {
        let generated = QualifiedName::new(&name.package, format!("{}Patch", name.name));
        let (Some(declared), Some(base)) = (
            r.decls.get(&generated).copied(),
            r.decls.get(&name).copied(),
        ) else {
            continue;
        };
        let patch_span = attribute_arg_span(base.decl, "patch").unwrap_or(base.decl.name.span);
        r.error(
            Diagnostic::new(
                Code::DuplicateDeclaration,
                format!(
                    "`{}` is also the name of the patch type generated for `{}`",
                    generated.name, name.name
                ),
                declared.file,
                declared.decl.name.span,
            )
            .label("declared here")
            .with_secondary(
                base.file,
                patch_span,
                format!("`@patch` generates `{}`", generated.name),
            )
            .help("rename the type, or drop `@patch`"),
        );
    }
}

/// The span of the `index`th member reference of a union declaration.
fn union_member_span(decl: &ast::Declaration, index: usize) -> Span {
    match &decl.body {
        DeclarationBody::Union { members } => {
            members.get(index).map(|m| m.span).unwrap_or(decl.name.span)
        }
        _ => decl.name.span,
    }
}

fn attribute_arg_span(decl: &ast::Declaration, name: &str) -> Option<Span> {
    decl.attributes
        .iter()
        .find(|a| a.name.value == name)
        .map(|a| {
            a.args
                .as_ref()
                .and_then(|args| args.first())
                .map(|l| l.span)
                .unwrap_or(a.span)
        })
}

fn check_unions(r: &mut Resolver<'_>) {
    // struct -> (tag field, union, where the union names it)
    let mut tagging: BTreeMap<QualifiedName, (String, QualifiedName, FileId, Span)> =
        BTreeMap::new();
    let unions: Vec<QualifiedName> = r
        .types
        .iter()
        .filter(|(_, d)| matches!(d.kind, TypeKind::Union(_)))
        .map(|(n, _)| n.clone())
        .collect();
    for union_name in unions {
        let Some(decl) = r.decls.get(&union_name).copied() else {
            continue;
        };
        let TypeKind::Union(union) = &r.types[&union_name].kind else {
            continue;
        };
        let union = union.clone();
        let file = decl.file;
        // Members were resolved in order but unresolved ones were dropped: match them back to
        // their spans through the declaration's member list.
        let DeclarationBody::Union { members: written } = &decl.decl.body else {
            continue;
        };
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
        let has_tag_field = attribute_arg_span(decl.decl, "tag_field").is_some();
        let tag_field_span =
            attribute_arg_span(decl.decl, "tag_field").unwrap_or(decl.decl.name.span);
        let mut members = Vec::new();
        let mut seen_members: BTreeMap<QualifiedName, Span> = BTreeMap::new();
        let mut tags: BTreeMap<TagValue, (QualifiedName, Span)> = BTreeMap::new();
        let mut layouts: Vec<(bool, QualifiedName, Span)> = Vec::new();
        for (member, span) in union.members.iter().zip(member_spans) {
            let Some(def) = r.types.get(&member.name).cloned() else {
                continue;
            };
            let TypeKind::Struct(s) = &def.kind else {
                let kind = match def.kind {
                    TypeKind::Enum(_) => "an enum",
                    TypeKind::Union(_) => "a union",
                    _ => "a type alias",
                };
                let help = match &def.kind {
                    TypeKind::Union(_) => format!("a union cannot nest another: list the members of `{}` in this union instead", member.name.name),
                    TypeKind::Alias(AliasDef { target: Type::Named { name: target }, .. })
                        if matches!(r.types.get(target).map(|d| &d.kind), Some(TypeKind::Struct(_))) =>
                    {
                        format!("`{}` is an alias of the struct `{}`: name `{}` in the union", member.name.name, target.name, target.name)
                    }
                    _ => "a tagged union's members are structs: wrap the value in a struct with one field".to_string(),
                };
                r.error(
                    Diagnostic::new(
                        Code::UnionMemberNotStruct,
                        format!(
                            "union member `{}` is {kind}, not a struct",
                            member.name.name
                        ),
                        file,
                        span,
                    )
                    .label(kind)
                    .help(help),
                );
                continue;
            };
            if let Some(first) = seen_members.get(&member.name) {
                r.error(
                    Diagnostic::new(
                        Code::DuplicateTag,
                        format!("`{}` is listed twice in the union", member.name.name),
                        file,
                        span,
                    )
                    .label("listed again")
                    .with_secondary(file, *first, "first listed here"),
                );
                continue;
            }
            seen_members.insert(member.name.clone(), span);
            let tag = s
                .tagging
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_else(|| TagValue::Str(member.name.name.clone()));
            if let Some((other, other_span)) = tags.get(&tag) {
                r.error(
                    Diagnostic::new(
                        Code::DuplicateTag,
                        format!(
                            "`{}` and `{}` have the same tag {tag}",
                            other.name, member.name.name
                        ),
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
                    format!(
                        "the tag field \"{}\" collides with field `{}` of `{}`",
                        union.tag_field, field.name, member.name.name
                    ),
                    file,
                    tag_field_span,
                )
                .label(if has_tag_field {
                    "tag field".to_string()
                } else {
                    format!("tagged by \"{}\", the default tag field", union.tag_field)
                })
                .help("rename the field, or choose another tag field with `@tag_field(\"...\")`");
                if let Some(member_decl) = member_decl {
                    if let DeclarationBody::Struct { fields } = &member_decl.decl.body {
                        if let Some(f) = fields.iter().find(|f| f.name.value == field.name) {
                            d = d.with_secondary(
                                member_decl.file,
                                f.name.span,
                                "this field has the same wire name",
                            );
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
                        d = d.with_secondary(
                            other_decl.file,
                            other_decl.decl.name.span,
                            format!("tag field \"{other_field}\""),
                        );
                    }
                    r.error(d);
                }
                Some(_) => {}
                None => {
                    tagging.insert(
                        member.name.clone(),
                        (union.tag_field.clone(), union_name.clone(), file, span),
                    );
                }
            }
            members.push(UnionMember {
                name: member.name.clone(),
                tag,
            });
        }
        // Members in order with their tags: the first member sets the kind, the first member
        // of the other kind is the one reported.
        let mut ordered: Vec<(&TagValue, &QualifiedName, Span)> =
            tags.iter().map(|(t, (n, s))| (t, n, *s)).collect();
        ordered.sort_by_key(|(_, _, span)| *span);
        if let Some(&(first_tag, first_name, first_span)) = ordered.first() {
            let is_str = |t: &TagValue| matches!(t, TagValue::Str(_));
            if let Some(&(odd_tag, odd_name, odd_span)) = ordered
                .iter()
                .find(|(t, _, _)| is_str(t) != is_str(first_tag))
            {
                let describe = |t: &TagValue, n: &QualifiedName| {
                    let kind = if is_str(t) { "string" } else { "integer" };
                    let explicit = r.types.get(n).is_some_and(
                        |d| matches!(&d.kind, TypeKind::Struct(s) if s.tagging.is_some()),
                    );
                    if explicit {
                        format!("`{}` has the {kind} tag {t}", n.name)
                    } else {
                        format!(
                            "`{}` has the {kind} tag {t} (its name, as it has no `@tag`)",
                            n.name
                        )
                    }
                };
                r.error(
                    Diagnostic::new(
                        Code::MixedTagTypes,
                        format!("union `{}` mixes string and integer tags", union_name.name),
                        file,
                        odd_span,
                    )
                    .label(describe(odd_tag, odd_name))
                    .with_secondary(file, first_span, describe(first_tag, first_name))
                    .help("tags within a union are all strings or all integers; a member without `@tag` is tagged with its name"),
                );
            }
        }
        let array_like = layouts.iter().filter(|(a, _, _)| *a).count();
        if array_like != 0 && array_like != layouts.len() {
            let (_, plain, plain_span) = layouts
                .iter()
                .find(|(a, _, _)| !*a)
                .cloned()
                .expect("a plain member");
            let (_, arr, arr_span) = layouts
                .iter()
                .find(|(a, _, _)| *a)
                .cloned()
                .expect("an array-like member");
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
                by_struct
                    .entry(member.name.clone())
                    .or_default()
                    .push(name.clone());
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
                value: s
                    .tagging
                    .take()
                    .map(|t| t.value)
                    .unwrap_or_else(|| TagValue::Str(name.name.clone())),
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
fn invalid_key_reason(
    r: &Resolver<'_>,
    file: FileId,
    expr: &TypeExpr,
    depth: usize,
) -> Option<String> {
    if depth > 32 {
        return None;
    }
    match expr {
        TypeExpr::Optional { .. } => Some("a key cannot be `null`".into()),
        TypeExpr::Literals { values, .. } => {
            let all_strings = values
                .iter()
                .all(|v| matches!(v.kind, ast::LiteralKind::Str { .. }));
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
            let package = r
                .files
                .get(&file)
                .map(|f| f.package.value.clone())
                .unwrap_or_default();
            let wanted = match name.rsplit_once('.') {
                Some((q, n)) => QualifiedName::new(q, n),
                None => QualifiedName::new(package, name),
            };
            let decl = r.decls.get(&wanted)?;
            match &decl.decl.body {
                DeclarationBody::Enum { repr, .. } => match repr.as_ref().map(|r| r.value.as_str())
                {
                    Some("int") => Some(format!("`{}` is an integer enum", wanted.name)),
                    _ => None,
                },
                DeclarationBody::Alias { target } => {
                    invalid_key_reason(r, decl.file, target, depth + 1)
                        .map(|reason| format!("`{}` is an alias: {reason}", wanted.name))
                }
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
        let Some(decl) = r.decls.get(&name).copied() else {
            continue;
        };
        let DeclarationBody::Struct { fields } = &decl.decl.body else {
            continue;
        };
        for (index, field) in fields.iter().enumerate() {
            if r.poisoned_fields.contains(&(name.clone(), index)) {
                continue;
            }
            let Some(ty) = struct_field_type(r, &name, index) else {
                continue;
            };
            if let Some(default) = &field.default {
                match check_literal(&r.types, &ty, default) {
                    Ok(value) => {
                        warn_deprecated_member(r, decl.file, &ty, &value, default.span, &name);
                        set_field(r, &name, index, |f| f.default = Some(value));
                    }
                    Err(problem) => {
                        report_value_problem(r, decl.file, problem, &field.name.value, "default");
                        // Keep the field optional in the model so that later checks do not
                        // report it as required.
                        set_field(r, &name, index, |f| f.default = Some(Value::Null));
                    }
                }
            }
            let examples = field
                .attributes
                .iter()
                .filter(|a| a.name.value == "example");
            let mut values = Vec::new();
            for example in examples {
                let Some([literal]) = example.args.as_deref() else {
                    continue;
                };
                match check_literal(&r.types, &ty, literal) {
                    Ok(value) => values.push(value),
                    Err(Problem::Skip) => {}
                    Err(Problem::Invalid(span, message) | Problem::Violates(span, message)) => {
                        r.error(
                            Diagnostic::new(
                                Code::InvalidAttributeArgument,
                                format!(
                                    "the example of `{}` does not fit its type: {message}",
                                    field.name.value
                                ),
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

/// A default that names a deprecated enum member is `deprecated-use`, like a deprecated type.
fn warn_deprecated_member(
    r: &mut Resolver<'_>,
    file: FileId,
    ty: &Type,
    value: &Value,
    span: Span,
    user: &QualifiedName,
) {
    let user_deprecated = r.types.get(user).is_some_and(|d| d.deprecated.is_some());
    let mut ty = ty;
    // Follow `T?` and plain aliases to the enum the value belongs to.
    for _ in 0..32 {
        match ty {
            Type::Optional { inner } => ty = inner,
            Type::Named { name } => match r.types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(alias)) => ty = &alias.target,
                _ => break,
            },
            _ => break,
        }
    }
    let Type::Named { name } = ty else { return };
    let Some(TypeKind::Enum(e)) = r.types.get(name).map(|d| &d.kind) else {
        return;
    };
    let member = e.members.iter().find(|m| match (&m.value, value) {
        (TagValue::Str(a), Value::Str(b)) => a == b,
        (TagValue::Int(a), Value::Int(b)) => i128::from(*a) == *b,
        _ => false,
    });
    let Some(member) = member else { return };
    let Some(reason) = member.deprecated.clone() else {
        return;
    };
    if user_deprecated {
        return;
    }
    let member_name = member.name.clone();
    let enum_name = name.clone();
    let mut d = Diagnostic::new(
        Code::DeprecatedUse,
        format!(
            "enum member `{}.{member_name}` is deprecated: {reason}",
            enum_name.name
        ),
        file,
        span,
    )
    .label("deprecated member used as a default");
    if let Some(decl) = r.decls.get(&enum_name).copied() {
        if let DeclarationBody::Enum { members, .. } = &decl.decl.body {
            if let Some(m) = members.iter().find(|m| m.name.value == member_name) {
                d = d.with_secondary(decl.file, m.name.span, "deprecated here");
            }
        }
    }
    r.error(d);
}

fn struct_field_type(r: &Resolver<'_>, name: &QualifiedName, index: usize) -> Option<Type> {
    match &r.types.get(name)?.kind {
        TypeKind::Struct(s) => s.fields.get(index).map(|f| f.ty.clone()),
        _ => None,
    }
}

fn set_field(
    r: &mut Resolver<'_>,
    name: &QualifiedName,
    index: usize,
    update: impl FnOnce(&mut FieldDef),
) {
    if let Some(TypeKind::Struct(s)) = r.types.get_mut(name).map(|d| &mut d.kind) {
        if let Some(field) = s.fields.get_mut(index) {
            update(field);
        }
    }
}

fn report_value_problem(
    r: &mut Resolver<'_>,
    file: FileId,
    problem: Problem,
    field: &str,
    what: &str,
) {
    match problem {
        Problem::Skip => {}
        Problem::Invalid(span, message) => r.error(
            Diagnostic::new(
                Code::InvalidDefault,
                format!("invalid {what} for `{field}`: {message}"),
                file,
                span,
            )
            .label(format!("invalid {what}")),
        ),
        Problem::Violates(span, message) => r.error(
            Diagnostic::new(
                Code::DefaultViolatesConstraint,
                format!("the {what} of `{field}` breaks its constraints: {message}"),
                file,
                span,
            )
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
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .all(|f| f.default.is_some() || type_finite(&f.ty, &finite)),
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
    let infinite: BTreeSet<QualifiedName> = r
        .types
        .keys()
        .filter(|n| !finite.contains(*n))
        .cloned()
        .collect();
    // What each type without a finite value cannot do without.
    let needs: BTreeMap<QualifiedName, BTreeSet<QualifiedName>> = infinite
        .iter()
        .map(|name| {
            let mut out = BTreeSet::new();
            match &r.types[name].kind {
                TypeKind::Alias(a) => named_in(&a.target, &mut out),
                TypeKind::Struct(s) => {
                    for f in s
                        .fields
                        .iter()
                        .filter(|f| f.default.is_none() && !type_finite(&f.ty, &finite))
                    {
                        named_in(&f.ty, &mut out);
                    }
                }
                TypeKind::Union(u) => out.extend(u.members.iter().map(|m| m.name.clone())),
                TypeKind::Enum(_) => {}
            }
            out.retain(|n| infinite.contains(n));
            (name.clone(), out)
        })
        .collect();
    let reachable = |from: &QualifiedName| -> BTreeSet<QualifiedName> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&QualifiedName> = needs[from].iter().collect();
        while let Some(next) = stack.pop() {
            if seen.insert(next.clone()) {
                stack.extend(needs[next].iter());
            }
        }
        seen
    };
    let reach: BTreeMap<QualifiedName, BTreeSet<QualifiedName>> =
        infinite.iter().map(|n| (n.clone(), reachable(n))).collect();
    // Report each cycle once. A type that only uses a type of a cycle has no finite value
    // either, but it is fixed with the cycle, so it is not reported.
    let mut reported: BTreeSet<QualifiedName> = BTreeSet::new();
    let position = |r: &Resolver<'_>, name: &QualifiedName| {
        r.decls
            .get(name)
            .map(|d| (r.sources.get(d.file).path.clone(), d.decl.name.span.start))
    };
    for name in &infinite {
        if reported.contains(name) || !reach[name].contains(name) {
            continue;
        }
        let mut cycle: Vec<QualifiedName> = reach[name]
            .iter()
            .filter(|m| reach[*m].contains(name))
            .cloned()
            .collect();
        cycle.sort_by_key(|m| position(r, m));
        reported.extend(cycle.iter().cloned());
        let members: BTreeSet<QualifiedName> = cycle.iter().cloned().collect();
        let mut places: Vec<(FileId, Span, String)> = Vec::new();
        for member in &cycle {
            let Some(decl) = r.decls.get(member).copied() else {
                continue;
            };
            places.push(cycle_place(r, member, decl, &members, &finite));
        }
        let Some((file, span, label)) = places.first().cloned() else {
            continue;
        };
        let names: Vec<String> = cycle.iter().map(|m| format!("`{}`", m.name)).collect();
        let message = match names.as_slice() {
            [one] => format!("{one} has no finite value"),
            [init @ .., last] => format!("{} and {last} have no finite value", init.join(", ")),
            [] => continue,
        };
        let all_aliases = cycle
            .iter()
            .all(|m| matches!(r.types[m].kind, TypeKind::Alias(_)));
        let help = if all_aliases {
            "aliases that name each other have no value: declare a struct, or go through `T?`, a `list` or a `map`"
        } else {
            "break the cycle with `T?`, a `list`, a `map` or a default"
        };
        let mut d = Diagnostic::new(Code::InfiniteRecursion, message, file, span)
            .label(label)
            .help(help);
        for (file, span, label) in places.into_iter().skip(1) {
            d = d.with_secondary(file, span, label);
        }
        r.error(d);
    }
}

/// Where a type of a cycle needs the next one, and what it needs.
fn cycle_place(
    r: &Resolver<'_>,
    name: &QualifiedName,
    decl: DeclRef<'_>,
    cycle: &BTreeSet<QualifiedName>,
    finite: &BTreeSet<QualifiedName>,
) -> (FileId, Span, String) {
    let in_cycle = |ty: &Type| {
        let mut named = BTreeSet::new();
        named_in(ty, &mut named);
        named.into_iter().find(|n| cycle.contains(n))
    };
    let describe = |needed: &QualifiedName| {
        if needed == name {
            format!("another `{}`", needed.name)
        } else {
            format!("a `{}`", needed.name)
        }
    };
    match (&r.types[name].kind, &decl.decl.body) {
        (TypeKind::Struct(s), DeclarationBody::Struct { fields }) => s
            .fields
            .iter()
            .zip(fields)
            .filter(|(f, _)| f.default.is_none() && !type_finite(&f.ty, finite))
            .find_map(|(f, ast)| {
                let needed = in_cycle(&f.ty)?;
                Some((
                    decl.file,
                    ast.ty.span(),
                    format!("field `{}` always needs {}", f.name, describe(&needed)),
                ))
            })
            .unwrap_or((decl.file, decl.decl.name.span, String::new())),
        (TypeKind::Alias(a), DeclarationBody::Alias { target }) => {
            let label = match in_cycle(&a.target) {
                Some(needed) if &needed == name => "the alias names itself".to_string(),
                Some(needed) => format!("`{}` is an alias of `{}`", name.name, needed.name),
                None => String::new(),
            };
            (decl.file, target.span(), label)
        }
        (TypeKind::Union(_), _) => (
            decl.file,
            decl.decl.name.span,
            "every member needs a value of the cycle".into(),
        ),
        _ => (decl.file, decl.decl.name.span, String::new()),
    }
}

/// The declared types a type names directly or through a tuple (the only ways a value cannot be
/// left out).
fn named_in(ty: &Type, out: &mut BTreeSet<QualifiedName>) {
    match ty {
        Type::Named { name } => {
            out.insert(name.clone());
        }
        Type::Tuple { items } => items.iter().for_each(|t| named_in(t, out)),
        _ => {}
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
