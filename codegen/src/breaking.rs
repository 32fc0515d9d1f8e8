//! `seam breaking`: compares two resolved contract sets and reports the changes that break
//! readers, writers or Rust callers.
//!
//! [`compare`] is a pure function of two models. Types are matched by qualified name and fields
//! by name (a field whose name changed but whose wire name did not is matched by wire name).
//! Every finding names its rule, the categories it breaks (`wire-json`, `wire-msgpack`,
//! `rust-api`) and its direction:
//!
//! - `backward`: new readers fail on data old writers produced;
//! - `forward`: old readers fail on data new writers produce;
//! - `both`.
//!
//! A finding that only breaks the Rust API is `backward` (code written against the old API no
//! longer compiles against the new one). Widening a value's domain (a wider integer, `T` to `T?`,
//! a looser constraint, a new enum or union member) is not reported: old readers only fail once a
//! writer uses the new range, and the rules here follow the issue in treating those as safe.
//! The rules are written down in `docs/evolution.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::model::{
    AllowBreaking, Constraints, ContractSet, EnumDef, FieldDef, IntKind, Number, Origin, Primitive,
    QualifiedName, StructDef, StructMode, Type, TypeDef, TypeKind, UnionDef,
};
use crate::source::SourceMap;

/// What a finding breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    WireJson,
    WireMsgpack,
    RustApi,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::WireJson => "wire-json",
            Category::WireMsgpack => "wire-msgpack",
            Category::RustApi => "rust-api",
        }
    }
}

/// Who fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// New readers fail on old data.
    Backward,
    /// Old readers fail on new data.
    Forward,
    Both,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Backward => "backward",
            Direction::Forward => "forward",
            Direction::Both => "both",
        }
    }

    fn from_flags(backward: bool, forward: bool) -> Option<Direction> {
        match (backward, forward) {
            (true, true) => Some(Direction::Both),
            (true, false) => Some(Direction::Backward),
            (false, true) => Some(Direction::Forward),
            (false, false) => None,
        }
    }
}

/// One breaking change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule's stable kebab-case name (`field-removed`).
    pub rule: &'static str,
    pub categories: Vec<Category>,
    pub direction: Direction,
    pub message: String,
    /// The qualified name of the type (in the old set, when it exists there).
    pub type_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub old: Option<Origin>,
    pub new: Option<Origin>,
    /// The reason of the `@allow_breaking` that accepts this finding; an accepted finding is
    /// reported but does not fail the check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<String>,
}

impl Finding {
    pub fn is_accepted(&self) -> bool {
        self.accepted.is_some()
    }
}

/// Whether any finding is not accepted (`seam breaking` then exits 1).
pub fn is_breaking(findings: &[Finding]) -> bool {
    findings.iter().any(|f| !f.is_accepted())
}

/// Every rule [`compare`] can report, in the order of `docs/evolution.md`.
pub const RULES: &[&str] = &[
    "type-removed",
    "type-kind-changed",
    "field-removed",
    "enum-member-removed",
    "union-member-removed",
    "field-added-required",
    "field-added-to-strict",
    "default-removed",
    "default-added",
    "default-changed",
    "field-type-changed",
    "nullability-tightened",
    "constraint-tightened",
    "wire-name-changed",
    "field-renamed",
    "struct-made-strict",
    "array-like-changed",
    "array-like-reordered",
    "array-like-field-inserted",
    "array-like-field-removed",
    "tag-changed",
    "tag-field-changed",
    "enum-repr-changed",
    "enum-value-changed",
    "enum-closed",
    "enum-reopened",
    "ext-code-changed",
];

const WIRE: &[Category] = &[Category::WireJson, Category::WireMsgpack];
const ALL: &[Category] = &[Category::WireJson, Category::WireMsgpack, Category::RustApi];
const RUST: &[Category] = &[Category::RustApi];

/// Compares two contract sets. The findings are in type order (old set's names), then in the
/// order the rules are checked.
pub fn compare(old: &ContractSet, new: &ContractSet) -> Vec<Finding> {
    // Declared renames and moves: an old type missing from the new set, named by a new type's
    // `@renamed_from`, is compared with that type.
    let mut renames: BTreeMap<QualifiedName, QualifiedName> = BTreeMap::new();
    for (new_name, def) in &new.types {
        for from in &def.renamed_from {
            let from = match from.rsplit_once('.') {
                Some((package, name)) => QualifiedName::new(package, name),
                None => QualifiedName::new(&new_name.package, from.as_str()),
            };
            if old.types.contains_key(&from) && !new.types.contains_key(&from) {
                renames.entry(from).or_insert_with(|| new_name.clone());
            }
        }
    }
    let mut cx = Comparer {
        old_set: old,
        new_set: new,
        renames,
        findings: Vec::new(),
    };
    for (name, old_def) in &old.types {
        let renamed = cx.renames.get(name).and_then(|n| new.types.get(n));
        match new.types.get(name).or(renamed) {
            // Removing a type: new readers cannot decode the old data of it, and Rust callers lose it.
            None => cx.push(
                &At::ty(old_def, None),
                "type-removed",
                ALL,
                Direction::Backward,
                format!("{} `{name}` was removed", old_def.kind.keyword()),
            ),
            Some(new_def) => cx.compare_def(old_def, new_def),
        }
    }
    cx.findings
}

/// Where a finding is: the type, the field, and the two origins.
struct At {
    type_name: String,
    field: Option<String>,
    old: Option<Origin>,
    new: Option<Origin>,
    /// The `@allow_breaking`s in force: the new type's, and the new field's or member's.
    allow: Vec<AllowBreaking>,
}

impl At {
    fn ty(old: &TypeDef, new: Option<&TypeDef>) -> At {
        At {
            type_name: old.name.to_string(),
            field: None,
            old: Some(old.origin.clone()),
            new: new.map(|d| d.origin.clone()),
            allow: new.map(|d| d.allow_breaking.clone()).unwrap_or_default(),
        }
    }

    fn field(&self, name: &str, old: Option<&FieldDef>, new: Option<&FieldDef>) -> At {
        let mut allow = self.allow.clone();
        allow.extend(new.iter().flat_map(|f| f.allow_breaking.iter().cloned()));
        At {
            type_name: self.type_name.clone(),
            field: Some(name.to_string()),
            old: old.map(|f| f.origin.clone()).or_else(|| self.old.clone()),
            new: new.map(|f| f.origin.clone()).or_else(|| self.new.clone()),
            allow,
        }
    }

    /// This place with the `@allow_breaking`s of an enum member added.
    fn with_allow(&self, more: &[AllowBreaking]) -> At {
        let mut allow = self.allow.clone();
        allow.extend(more.iter().cloned());
        At {
            type_name: self.type_name.clone(),
            field: self.field.clone(),
            old: self.old.clone(),
            new: self.new.clone(),
            allow,
        }
    }

    fn describe(&self) -> String {
        match &self.field {
            Some(field) => format!("field `{}.{field}`", self.type_name),
            None => format!("`{}`", self.type_name),
        }
    }
}

struct Comparer<'a> {
    old_set: &'a ContractSet,
    new_set: &'a ContractSet,
    /// Declared type renames: old name -> new name.
    renames: BTreeMap<QualifiedName, QualifiedName>,
    findings: Vec<Finding>,
}

impl Comparer<'_> {
    fn push(
        &mut self,
        at: &At,
        rule: &'static str,
        categories: &[Category],
        direction: Direction,
        message: String,
    ) {
        debug_assert!(RULES.contains(&rule), "unlisted rule {rule}");
        self.findings.push(Finding {
            rule,
            categories: categories.to_vec(),
            direction,
            message,
            type_name: at.type_name.clone(),
            field: at.field.clone(),
            old: at.old.clone(),
            new: at.new.clone(),
            accepted: at
                .allow
                .iter()
                .find(|a| a.rule == rule)
                .map(|a| a.reason.clone()),
        });
    }

    fn compare_def(&mut self, old: &TypeDef, new: &TypeDef) {
        let at = At::ty(old, Some(new));
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(o), TypeKind::Struct(n)) => self.compare_struct(&at, o, n),
            (TypeKind::Enum(o), TypeKind::Enum(n)) => self.compare_enum(&at, o, n),
            (TypeKind::Union(o), TypeKind::Union(n)) => self.compare_union(&at, o, n),
            (TypeKind::Alias(o), TypeKind::Alias(n)) => {
                // A different MessagePack extension code (or none) is read as a different type
                // by both sides; JSON encodes the bytes as base64 either way.
                if o.ext != n.ext {
                    let show = |e: Option<i8>| e.map_or("none".to_string(), |e| e.to_string());
                    self.push(
                        &at,
                        "ext-code-changed",
                        &[Category::WireMsgpack],
                        Direction::Both,
                        format!(
                            "the MessagePack extension code of `{}` changed from {} to {}",
                            at.type_name,
                            show(o.ext),
                            show(n.ext)
                        ),
                    );
                }
                self.compare_type(&at, &o.target, &n.target);
            }
            // A struct that became an enum (and so on) is encoded differently: nobody reads the
            // other side's data.
            (o, n) => self.push(
                &at,
                "type-kind-changed",
                ALL,
                Direction::Both,
                format!(
                    "`{}` changed from {} to {}",
                    at.type_name,
                    o.keyword(),
                    n.keyword()
                ),
            ),
        }
    }

    fn compare_struct(&mut self, at: &At, old: &StructDef, new: &StructDef) {
        let name = at.type_name.clone();
        // compat -> strict: new readers reject the extra fields that data written for compat
        // readers may carry. strict -> compat accepts more and is silent.
        if old.mode == StructMode::Compat && new.mode == StructMode::Strict {
            self.push(
                at,
                "struct-made-strict",
                WIRE,
                Direction::Backward,
                format!("struct `{name}` changed from @compat to @strict: unknown fields are now rejected"),
            );
        }
        // Objects and arrays are different encodings: neither side reads the other's data.
        if old.array_like != new.array_like {
            let (from, to) = if old.array_like {
                ("an array", "an object")
            } else {
                ("an object", "an array")
            };
            self.push(
                at,
                "array-like-changed",
                WIRE,
                Direction::Both,
                format!("struct `{name}` is now encoded as {to} instead of {from}"),
            );
        }
        // A different tag value (or a tag that appears or disappears) is a different encoding
        // on both sides.
        let old_tag = old.tagging.as_ref().map(|t| &t.value);
        let new_tag = new.tagging.as_ref().map(|t| &t.value);
        if old_tag != new_tag {
            let show = |t: Option<&crate::model::TagValue>| {
                t.map_or("no tag".to_string(), |t| format!("tag {t}"))
            };
            self.push(
                at,
                "tag-changed",
                WIRE,
                Direction::Both,
                format!(
                    "struct `{name}` changed from {} to {}",
                    show(old_tag),
                    show(new_tag)
                ),
            );
        }
        let array_like = old.array_like && new.array_like;

        // Pair the fields: by name, then (for objects) an unmatched old field with an unmatched
        // new field of the same wire name, which is a Rust-only rename.
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut old_unmatched: Vec<usize> = Vec::new();
        for (i, f) in old.fields.iter().enumerate() {
            // A declared rename (`@renamed_from`) pairs like an unchanged name: the wire name is
            // still compared (a changed one is `wire-name-changed`), the Rust name change is the
            // author's declared intent and not reported.
            let declared = || {
                new.fields.iter().position(|n| {
                    n.renamed_from.contains(&f.name) && !old.fields.iter().any(|o| o.name == n.name)
                })
            };
            match new
                .fields
                .iter()
                .position(|n| n.name == f.name)
                .or_else(declared)
            {
                Some(j) => pairs.push((i, j)),
                None => old_unmatched.push(i),
            }
        }
        let mut renamed: Vec<(usize, usize)> = Vec::new();
        if !array_like {
            old_unmatched.retain(|&i| {
                let wire = &old.fields[i].wire_name;
                let candidate = new.fields.iter().enumerate().position(|(j, n)| {
                    &n.wire_name == wire
                        && !old.fields.iter().any(|o| o.name == n.name)
                        && !renamed.iter().any(|&(_, k)| k == j)
                });
                match candidate {
                    Some(j) => {
                        renamed.push((i, j));
                        false
                    }
                    None => true,
                }
            });
        }
        let new_matched: BTreeSet<usize> = pairs.iter().chain(&renamed).map(|&(_, j)| j).collect();

        if array_like {
            // Fields are positions: a moved field is read into another field's slot by both sides.
            let mut by_new: Vec<(usize, usize)> = pairs.clone();
            by_new.sort_by_key(|&(_, j)| j);
            if by_new.iter().map(|&(i, _)| i).collect::<Vec<_>>()
                != pairs.iter().map(|&(i, _)| i).collect::<Vec<_>>()
            {
                let order: Vec<&str> = by_new
                    .iter()
                    .map(|&(_, j)| new.fields[j].name.as_str())
                    .collect();
                self.push(
                    at,
                    "array-like-reordered",
                    ALL,
                    Direction::Both,
                    format!(
                        "the fields of array-like struct `{name}` were reordered (now {})",
                        order.join(", ")
                    ),
                );
            }
        }
        let last_matched_new = pairs.iter().map(|&(_, j)| j).max();
        let last_matched_old = pairs.iter().map(|&(i, _)| i).max();

        for &(i, j) in &pairs {
            let (o, n) = (&old.fields[i], &new.fields[j]);
            let fat = at.field(&o.name, Some(o), Some(n));
            self.compare_field(&fat, new, o, n, array_like);
        }
        for &(i, j) in &renamed {
            let (o, n) = (&old.fields[i], &new.fields[j]);
            let fat = at.field(&o.name, Some(o), Some(n));
            // Same wire name: only Rust callers see the new field name.
            self.push(
                &fat,
                "field-renamed",
                RUST,
                Direction::Backward,
                format!(
                    "field `{name}.{}` was renamed to `{}` (the wire name `{}` is unchanged)",
                    o.name, n.name, n.wire_name
                ),
            );
            self.compare_field(&fat, new, o, n, array_like);
        }
        for &i in &old_unmatched {
            let o = &old.fields[i];
            let fat = at.field(&o.name, Some(o), None);
            if array_like && last_matched_old.is_some_and(|last| i < last) {
                // A removed position shifts every later field: both sides misread each other.
                self.push(
                    &fat,
                    "array-like-field-removed",
                    ALL,
                    Direction::Both,
                    format!(
                        "field `{name}.{}` was removed from the middle of an array-like struct: later fields shift",
                        o.name
                    ),
                );
                continue;
            }
            // New strict readers reject old data that still carries the field (as an unknown
            // field or an extra trailing item); old readers fail on new data when the field was
            // required for them.
            let backward = new.mode == StructMode::Strict;
            let forward = o.required();
            let mut why = Vec::new();
            if backward {
                why.push("new strict readers reject old data that carries it");
            }
            if forward {
                why.push("old readers require it");
            }
            let (categories, direction) = match Direction::from_flags(backward, forward) {
                Some(d) => (ALL, d),
                None => (RUST, Direction::Backward),
            };
            let why = if why.is_empty() {
                String::from("the wire stays compatible, Rust callers lose the field")
            } else {
                why.join("; ")
            };
            self.push(
                &fat,
                "field-removed",
                categories,
                direction,
                format!("field `{name}.{}` was removed: {why}", o.name),
            );
        }
        for (j, n) in new.fields.iter().enumerate() {
            if new_matched.contains(&j) {
                continue;
            }
            let fat = At {
                type_name: name.clone(),
                field: Some(n.name.clone()),
                old: at.old.clone(),
                new: Some(n.origin.clone()),
                allow: at.allow.iter().chain(&n.allow_breaking).cloned().collect(),
            };
            if array_like && last_matched_new.is_some_and(|last| j < last) {
                // A position inserted before existing ones shifts them on both sides.
                self.push(
                    &fat,
                    "array-like-field-inserted",
                    ALL,
                    Direction::Both,
                    format!(
                        "field `{name}.{}` was inserted before the end of an array-like struct: later fields shift",
                        n.name
                    ),
                );
            } else if n.required() {
                // New readers fail on old data without it; old strict readers also reject new
                // data carrying it.
                let forward = old.mode == StructMode::Strict;
                let direction = if forward {
                    Direction::Both
                } else {
                    Direction::Backward
                };
                self.push(
                    &fat,
                    "field-added-required",
                    WIRE,
                    direction,
                    format!(
                        "required field `{name}.{}` was added: old data does not have it",
                        n.name
                    ),
                );
            } else if old.mode == StructMode::Strict {
                // Old strict readers reject the new field (or extra trailing item) in new data.
                self.push(
                    &fat,
                    "field-added-to-strict",
                    WIRE,
                    Direction::Forward,
                    format!(
                        "field `{name}.{}` was added to a @strict struct: old readers reject it as unknown",
                        n.name
                    ),
                );
            }
        }
    }

    fn compare_field(
        &mut self,
        at: &At,
        new_struct: &StructDef,
        o: &FieldDef,
        n: &FieldDef,
        array_like: bool,
    ) {
        let field = format!("{}.{}", at.type_name, o.name);
        // Objects are read by wire name: each side looks for a key the other does not write.
        if !array_like && o.wire_name != n.wire_name {
            self.push(
                at,
                "wire-name-changed",
                WIRE,
                Direction::Both,
                format!(
                    "the wire name of field `{field}` changed from `{}` to `{}`",
                    o.wire_name, n.wire_name
                ),
            );
        }
        match (&o.default, &n.default) {
            // Old writers omitted the field when it equalled its default; new readers require it.
            (Some(d), None) => self.push(
                at,
                "default-removed",
                WIRE,
                Direction::Backward,
                format!(
                    "field `{field}` lost its default ({}): old data that omitted it is rejected",
                    show_value(d)
                ),
            ),
            // New writers omit the field when it equals the new default; old readers require it.
            // Array-like and @keep_defaults structs always write it.
            (None, Some(d)) if !new_struct.keep_defaults && !new_struct.array_like => self.push(
                at,
                "default-added",
                WIRE,
                Direction::Forward,
                format!(
                    "field `{field}` got a default ({}): new writers omit it when equal, and old readers require it",
                    show_value(d)
                ),
            ),
            // A writer omits the field when it equals *its* default and the reader fills in
            // *its* default: the value silently changes in both directions.
            (Some(a), Some(b)) if a != b => {
                self.push(
                    at,
                    "default-changed",
                    WIRE,
                    Direction::Both,
                    format!(
                        "the default of field `{field}` changed from {} to {}: an omitted value reads differently on each side",
                        show_value(a),
                        show_value(b)
                    ),
                )
            }
            _ => {}
        }
        self.compare_type(at, &o.ty, &n.ty);
    }

    fn compare_enum(&mut self, at: &At, old: &EnumDef, new: &EnumDef) {
        let name = &at.type_name;
        if old.repr != new.repr {
            // Strings and integers: neither side reads the other's values.
            self.push(
                at,
                "enum-repr-changed",
                ALL,
                Direction::Both,
                format!("enum `{name}` changed between string and integer values"),
            );
            return;
        }
        if old.open && !new.open {
            // Old open readers round-tripped unknown values into data; new closed readers reject them.
            self.push(
                at,
                "enum-closed",
                ALL,
                Direction::Backward,
                format!("enum `{name}` is no longer @open: unknown values are now rejected and the `Unknown` variant is gone"),
            );
        } else if !old.open && new.open {
            // The wire accepts more; Rust matches gain an `Unknown` variant to handle.
            self.push(
                at,
                "enum-reopened",
                RUST,
                Direction::Backward,
                format!(
                    "enum `{name}` became @open: Rust code matching on it must handle `Unknown`"
                ),
            );
        }
        for m in &old.members {
            match new.members.iter().find(|n| n.name == m.name) {
                None => {
                    // New readers reject old data holding the value (an open enum reads it as
                    // `Unknown`, which still breaks Rust callers).
                    let categories = if new.open { RUST } else { ALL };
                    self.push(
                        at,
                        "enum-member-removed",
                        categories,
                        Direction::Backward,
                        format!(
                            "member `{}` ({}) of enum `{name}` was removed",
                            m.name, m.value
                        ),
                    );
                }
                // The same member is written differently: each side rejects (or misreads) the
                // other's value.
                Some(n) if n.value != m.value => self.push(
                    &at.with_allow(&n.allow_breaking),
                    "enum-value-changed",
                    WIRE,
                    Direction::Both,
                    format!(
                        "the wire value of `{name}.{}` changed from {} to {}",
                        m.name, m.value, n.value
                    ),
                ),
                Some(_) => {}
            }
        }
    }

    fn compare_union(&mut self, at: &At, old: &UnionDef, new: &UnionDef) {
        let name = &at.type_name;
        if old.tag_field != new.tag_field {
            // Each side looks for the tag under a key the other does not write.
            self.push(
                at,
                "tag-field-changed",
                WIRE,
                Direction::Both,
                format!(
                    "the tag field of union `{name}` changed from `{}` to `{}`",
                    old.tag_field, new.tag_field
                ),
            );
        }
        for m in &old.members {
            let renamed = self.renames.get(&m.name);
            if !new
                .members
                .iter()
                .any(|n| n.name == m.name || renamed == Some(&n.name))
            {
                // New readers reject old data tagged with the removed member.
                self.push(
                    at,
                    "union-member-removed",
                    ALL,
                    Direction::Backward,
                    format!(
                        "member `{}` (tag {}) of union `{name}` was removed",
                        m.name, m.tag
                    ),
                );
            }
        }
    }

    /// Compares a value's type as written (`old`) with the type that now reads it (`new`).
    fn compare_type(&mut self, at: &At, old: &Type, new: &Type) {
        let what = at.describe();
        match (old, new) {
            (Type::Optional { inner: o }, Type::Optional { inner: n }) => {
                self.compare_type(at, o, n)
            }
            (Type::Optional { inner: o }, n) => {
                // Old data may hold null; new readers reject it.
                self.push(
                    at,
                    "nullability-tightened",
                    ALL,
                    Direction::Backward,
                    format!("{what} is no longer nullable: old data may hold null"),
                );
                self.compare_type(at, o, n);
            }
            // T -> T? only widens what readers accept.
            (o, Type::Optional { inner: n }) => self.compare_type(at, o, n),
            (Type::Named { name: a }, Type::Named { name: b })
                if a == b || self.renames.get(a) == Some(b) => {}
            (Type::Named { .. }, _) | (_, Type::Named { .. })
                if self.is_alias(old, true) || self.is_alias(new, false) =>
            {
                let o = self.expand(old, true);
                let n = self.expand(new, false);
                self.compare_type(at, &o, &n);
            }
            (
                Type::Primitive {
                    primitive: po,
                    constraints: co,
                },
                Type::Primitive {
                    primitive: pn,
                    constraints: cn,
                },
            ) => {
                if po != pn {
                    match widening(*po, *pn) {
                        Some(true) => {}
                        Some(false) => self.push(
                            at,
                            "field-type-changed",
                            ALL,
                            Direction::Backward,
                            format!(
                                "{what} narrowed from `{}` to `{}`: old values may not fit",
                                po.keyword(),
                                pn.keyword()
                            ),
                        ),
                        None => {
                            self.type_changed(at, old, new);
                            return;
                        }
                    }
                }
                self.compare_constraints(at, co, cn);
            }
            (
                Type::List {
                    item: a,
                    constraints: ca,
                },
                Type::List {
                    item: b,
                    constraints: cb,
                },
            )
            | (
                Type::Set {
                    item: a,
                    constraints: ca,
                },
                Type::Set {
                    item: b,
                    constraints: cb,
                },
            ) => {
                self.compare_constraints(at, ca, cb);
                self.compare_type(at, a, b);
            }
            (
                Type::Map {
                    key: ka,
                    value: va,
                    constraints: ca,
                },
                Type::Map {
                    key: kb,
                    value: vb,
                    constraints: cb,
                },
            ) => {
                self.compare_constraints(at, ca, cb);
                self.compare_type(at, ka, kb);
                self.compare_type(at, va, vb);
            }
            (Type::Tuple { items: a }, Type::Tuple { items: b }) if a.len() == b.len() => {
                for (x, y) in a.iter().zip(b) {
                    self.compare_type(at, x, y);
                }
            }
            (Type::Literals { values: a }, Type::Literals { values: b }) => {
                let removed: Vec<String> = a
                    .iter()
                    .filter(|v| !b.contains(v))
                    .map(|v| v.to_string())
                    .collect();
                if !removed.is_empty() {
                    // New readers reject old data holding a removed literal.
                    self.push(
                        at,
                        "field-type-changed",
                        ALL,
                        Direction::Backward,
                        format!("{what} no longer accepts {}", removed.join(", ")),
                    );
                }
            }
            _ => self.type_changed(at, old, new),
        }
    }

    fn type_changed(&mut self, at: &At, old: &Type, new: &Type) {
        // Unrelated types: neither side reads the other's values.
        self.push(
            at,
            "field-type-changed",
            ALL,
            Direction::Both,
            format!(
                "{} changed type from `{}` to `{}`",
                at.describe(),
                show_type(old),
                show_type(new)
            ),
        );
    }

    fn is_alias(&self, ty: &Type, old: bool) -> bool {
        let set = if old { self.old_set } else { self.new_set };
        matches!(ty, Type::Named { name } if matches!(set.get(name), Some(TypeDef { kind: TypeKind::Alias(_), .. })))
    }

    /// The wire type behind an alias (aliases of aliases followed).
    fn expand(&self, ty: &Type, old: bool) -> Type {
        let set = if old { self.old_set } else { self.new_set };
        let mut ty = ty.clone();
        for _ in 0..32 {
            let Type::Named { name } = &ty else { break };
            match set.get(name) {
                Some(TypeDef {
                    kind: TypeKind::Alias(a),
                    ..
                }) => ty = a.target.clone(),
                _ => break,
            }
        }
        ty
    }

    fn compare_constraints(&mut self, at: &At, old: &Constraints, new: &Constraints) {
        // Every rule here: new readers enforce a bound old writers did not, so old data may
        // fail (backward). Loosening is silent.
        let mut tightened = Vec::new();
        if lower(new) > lower(old) {
            tightened.push(format!(
                "lower bound {} (was {})",
                bound_text(new, true),
                bound_text(old, true)
            ));
        }
        if upper(new) < upper(old) {
            tightened.push(format!(
                "upper bound {} (was {})",
                bound_text(new, false),
                bound_text(old, false)
            ));
        }
        if let Some(m) = new.multiple_of {
            let ok = old.multiple_of.is_some_and(|o| {
                let r = o.as_f64() / m.as_f64();
                r.is_finite() && r.fract() == 0.0
            });
            if !ok {
                tightened.push(format!("multiple_of = {m}"));
            }
        }
        if new.min_length.unwrap_or(0) > old.min_length.unwrap_or(0) {
            tightened.push(format!(
                "min_length = {} (was {})",
                new.min_length.unwrap_or(0),
                old.min_length.map_or("none".into(), |v| v.to_string())
            ));
        }
        if new.max_length.unwrap_or(u64::MAX) < old.max_length.unwrap_or(u64::MAX) {
            tightened.push(format!(
                "max_length = {} (was {})",
                new.max_length.unwrap_or(u64::MAX),
                old.max_length.map_or("none".into(), |v| v.to_string())
            ));
        }
        if new.pattern.is_some() && new.pattern != old.pattern {
            tightened.push(format!(
                "pattern {:?} (was {})",
                new.pattern.as_deref().unwrap_or_default(),
                old.pattern
                    .as_ref()
                    .map_or("none".to_string(), |p| format!("{p:?}"))
            ));
        }
        if new.tz.is_some() && new.tz != old.tz {
            tightened.push(format!("tz = {}", new.tz.unwrap_or_default()));
        }
        if !tightened.is_empty() {
            self.push(
                at,
                "constraint-tightened",
                WIRE,
                Direction::Backward,
                format!(
                    "{} has a tighter constraint: {}; old data may violate it",
                    at.describe(),
                    tightened.join(", ")
                ),
            );
        }
    }
}

/// A comparable lower bound: (value, exclusive). `None` (no bound) sorts first.
fn lower(c: &Constraints) -> Option<(OrdF64, bool)> {
    let ge = c.ge.map(|n| (OrdF64(n.as_f64()), false));
    let gt = c.gt.map(|n| (OrdF64(n.as_f64()), true));
    ge.max(gt)
}

/// A comparable upper bound; `None` (no bound) sorts last.
fn upper(c: &Constraints) -> UpperBound {
    let le = c.le.map(|n| (OrdF64(n.as_f64()), true));
    let lt = c.lt.map(|n| (OrdF64(n.as_f64()), false));
    match (le, lt) {
        (None, None) => UpperBound::None,
        (a, b) => UpperBound::Some(match (a, b) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).unwrap_or((OrdF64(f64::INFINITY), true)),
        }),
    }
}

#[derive(PartialEq, PartialOrd)]
enum UpperBound {
    /// (value, inclusive): an inclusive bound is looser than an exclusive one at the same value.
    Some((OrdF64, bool)),
    None,
}

/// An `f64` ordered by `total_cmp`, so bounds can be compared with `<` and `max`.
#[derive(Debug, Clone, Copy)]
struct OrdF64(f64);

impl PartialEq for OrdF64 {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for OrdF64 {}

impl PartialOrd for OrdF64 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrdF64 {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

fn bound_text(c: &Constraints, lower: bool) -> String {
    let (a, an, b, bn) = if lower {
        (c.ge, "ge", c.gt, "gt")
    } else {
        (c.le, "le", c.lt, "lt")
    };
    let parts: Vec<String> = [(a, an), (b, bn)]
        .iter()
        .filter_map(|(v, n): &(Option<Number>, &str)| v.map(|v| format!("{n} = {v}")))
        .collect();
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

/// Whether changing a primitive from `old` to `new` widens (`Some(true)`), narrows
/// (`Some(false)`) or is unrelated (`None`).
fn widening(old: Primitive, new: Primitive) -> Option<bool> {
    match (old, new) {
        (Primitive::Int(a), Primitive::Int(b)) => {
            let (alo, ahi) = a.range();
            let (blo, bhi) = b.range();
            if blo <= alo && ahi <= bhi {
                Some(true)
            } else if alo <= blo && bhi <= ahi {
                Some(false)
            } else {
                None
            }
        }
        // Floats accept integers on both wires; exact only up to 32-bit integers.
        (Primitive::Int(a), Primitive::Float) => {
            let exact = matches!(
                a,
                IntKind::I8
                    | IntKind::I16
                    | IntKind::I32
                    | IntKind::U8
                    | IntKind::U16
                    | IntKind::U32
            );
            exact.then_some(true)
        }
        _ => None,
    }
}

fn show_type(ty: &Type) -> String {
    match ty {
        Type::Primitive { primitive, .. } => primitive.keyword().to_string(),
        Type::List { item, .. } => format!("list<{}>", show_type(item)),
        Type::Set { item, .. } => format!("set<{}>", show_type(item)),
        Type::Map { key, value, .. } => format!("map<{}, {}>", show_type(key), show_type(value)),
        Type::Tuple { items } => format!(
            "tuple<{}>",
            items.iter().map(show_type).collect::<Vec<_>>().join(", ")
        ),
        Type::Optional { inner } => format!("{}?", show_type(inner)),
        Type::Literals { values } => values
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(" | "),
        Type::Named { name } => name.to_string(),
    }
}

fn show_value(value: &crate::model::Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "?".to_string())
}

/// The text of one side's files, by the path the model's origins use.
#[derive(Debug, Clone, Default)]
pub struct SideSources {
    /// How the side's paths are shown (`old`, `git:main:idl`, a directory).
    pub label: String,
    pub files: BTreeMap<String, String>,
}

impl SideSources {
    /// The files of `sources`, keyed by their path relative to `base` (as the model's origins
    /// are after [`relativize_origins`] or `check_paths` of a directory).
    pub fn new(label: impl Into<String>, sources: &SourceMap, base: &Path) -> Self {
        let base = crate::source::normalize_path(base);
        let files = sources
            .ids()
            .map(|id| {
                let file = sources.get(id);
                let path = file
                    .path
                    .strip_prefix(&base)
                    .unwrap_or(&file.path)
                    .to_string_lossy()
                    .replace('\\', "/");
                (path, file.text.clone())
            })
            .collect();
        SideSources {
            label: label.into(),
            files,
        }
    }

    fn line(&self, origin: &Origin) -> Option<&str> {
        self.files
            .get(&origin.file)?
            .lines()
            .nth(origin.line.checked_sub(1)?)
    }
}

/// Makes every origin in `model` relative to `base`, as `check_paths` does for a directory.
pub fn relativize_origins(model: &mut ContractSet, base: &Path) {
    let base = crate::source::normalize_path(base);
    let relative = |file: &mut String| {
        if let Ok(rest) = Path::new(file.as_str()).strip_prefix(&base) {
            *file = rest.to_string_lossy().replace('\\', "/");
        }
    };
    for package in model.packages.values_mut() {
        package.files.iter_mut().for_each(relative);
    }
    for def in model.types.values_mut() {
        relative(&mut def.origin.file);
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                relative(&mut field.origin.file);
            }
        }
    }
}

/// Renders the findings as text: one block per finding with the rule, categories, direction,
/// message and both places (with the source line and a caret), then a summary line.
pub fn render_text(findings: &[Finding], old: &SideSources, new: &SideSources) -> String {
    let mut out = String::new();
    for f in findings {
        let categories: Vec<&str> = f.categories.iter().map(|c| c.as_str()).collect();
        let _ = writeln!(
            out,
            "{}[{}]: {}\n  = categories: {}; direction: {}",
            if f.is_accepted() {
                "accepted"
            } else {
                "breaking"
            },
            f.rule,
            f.message,
            categories.join(", "),
            f.direction.as_str()
        );
        if let Some(reason) = &f.accepted {
            let _ = writeln!(out, "  = accepted with @allow_breaking: {reason}");
        }
        for (side, origin, tag) in [(old, &f.old, "old"), (new, &f.new, "new")] {
            let Some(origin) = origin else { continue };
            let _ = writeln!(
                out,
                "  --> {tag}: {}/{}:{}:{}",
                side.label.trim_end_matches('/'),
                origin.file,
                origin.line,
                origin.column
            );
            if let Some(line) = side.line(origin) {
                let width = origin.line.to_string().len();
                let pad: String = line
                    .chars()
                    .take(origin.column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "  {:width$} |", "");
                let _ = writeln!(out, "  {} | {line}", origin.line);
                let _ = writeln!(out, "  {:width$} | {pad}^", "");
            }
        }
        out.push('\n');
    }
    out.push_str(&summary(findings));
    out.push('\n');
    out
}

/// `3 breaking changes (2 backward, 1 forward, 0 both)` or `no breaking changes`.
/// Accepted findings are counted apart: `no breaking changes (1 accepted with @allow_breaking)`.
pub fn summary(findings: &[Finding]) -> String {
    let accepted = findings.iter().filter(|f| f.is_accepted()).count();
    let suffix = if accepted == 0 {
        String::new()
    } else {
        format!(" ({accepted} accepted with @allow_breaking)")
    };
    let open: Vec<&Finding> = findings.iter().filter(|f| !f.is_accepted()).collect();
    if open.is_empty() {
        return format!("no breaking changes{suffix}");
    }
    let count = |d: Direction| open.iter().filter(|f| f.direction == d).count();
    format!(
        "{} breaking change{} ({} backward, {} forward, {} both){suffix}",
        open.len(),
        if open.len() == 1 { "" } else { "s" },
        count(Direction::Backward),
        count(Direction::Forward),
        count(Direction::Both)
    )
}

/// The report as GitHub Actions workflow commands: `::error` for each finding that is not
/// accepted, `::notice` for accepted ones, annotated on the new file (or the old one when the
/// place is gone), then the summary as a plain line. `new_base` and `old_base` are prefixed to
/// the origins' paths so they are relative to the repository root.
pub fn render_github(findings: &[Finding], old_base: &str, new_base: &str) -> String {
    let mut out = String::new();
    for f in findings {
        let (base, origin) = match (&f.new, &f.old) {
            (Some(origin), _) => (new_base, Some(origin)),
            (None, origin) => (old_base, origin.as_ref()),
        };
        let level = if f.is_accepted() { "notice" } else { "error" };
        let mut props = Vec::new();
        if let Some(origin) = origin {
            let base = base.trim_end_matches('/');
            let file = if base.is_empty() || base == "." {
                origin.file.clone()
            } else {
                format!("{base}/{}", origin.file)
            };
            props.push(format!("file={}", escape_property(&file)));
            props.push(format!("line={}", origin.line));
            props.push(format!("col={}", origin.column));
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("seam breaking ({})", f.rule))
        ));
        let categories: Vec<&str> = f.categories.iter().map(|c| c.as_str()).collect();
        let mut message = format!(
            "{} [{}; {}]",
            f.message,
            categories.join(", "),
            f.direction.as_str()
        );
        if let Some(reason) = &f.accepted {
            let _ = write!(message, " accepted with @allow_breaking: {reason}");
        }
        let _ = writeln!(
            out,
            "::{level} {}::{}",
            props.join(","),
            escape_data(&message)
        );
    }
    out.push_str(&summary(findings));
    out.push('\n');
    out
}

/// Escapes a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The report as `seam breaking --format json` prints it.
pub fn to_json(findings: &[Finding]) -> serde_json::Value {
    serde_json::json!({
        "breaking": is_breaking(findings),
        "summary": summary(findings),
        "findings": findings,
    })
}
