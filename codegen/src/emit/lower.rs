//! Facts about the model that the Rust emitter needs and the model does not state: where a
//! recursive reference needs a `Box`, which aliases must be newtypes, and the inline literal
//! sets that become enums of their own. Computed once per run, from the model alone.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::*;

use super::names;

/// An inline literal set (`"off" | "auto"`) that becomes a Rust enum.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineEnum {
    /// The Rust name: owner and field in PascalCase (`DeltaWritePolicyStatsPolicy`).
    pub name: String,
    pub values: Vec<TagValue>,
}

#[derive(Debug, Clone, Default)]
pub struct Lowered {
    /// Strongly connected components of direct containment (through `T?` and tuples, not
    /// through containers): a reference inside one component needs a `Box`.
    component: BTreeMap<QualifiedName, usize>,
    /// Aliases that must be newtypes: constrained, `@ext`, or recursive (Rust type aliases
    /// cannot refer to themselves).
    newtype_aliases: BTreeSet<QualifiedName>,
    /// Inline literal sets by owner type, in field order.
    pub inline_enums: BTreeMap<QualifiedName, Vec<InlineEnum>>,
}

impl Lowered {
    pub fn new(model: &ContractSet) -> Self {
        let mut direct: BTreeMap<QualifiedName, Vec<QualifiedName>> = BTreeMap::new();
        let mut all: BTreeMap<QualifiedName, Vec<QualifiedName>> = BTreeMap::new();
        for (name, def) in &model.types {
            let mut d = Vec::new();
            let mut a = Vec::new();
            match &def.kind {
                TypeKind::Struct(s) => {
                    for field in &s.fields {
                        direct_refs(&field.ty, &mut d);
                        field.ty.named_types(&mut a);
                    }
                }
                TypeKind::Union(u) => {
                    for member in &u.members {
                        d.push(member.name.clone());
                        a.push(member.name.clone());
                    }
                }
                TypeKind::Alias(alias) => {
                    direct_refs(&alias.target, &mut d);
                    alias.target.named_types(&mut a);
                }
                TypeKind::Enum(_) => {}
            }
            direct.insert(name.clone(), d);
            all.insert(name.clone(), a);
        }
        let component = components(&direct);
        let all_components = components(&all);
        let mut newtype_aliases = BTreeSet::new();
        for (name, def) in &model.types {
            if let TypeKind::Alias(alias) = &def.kind {
                let recursive = all_components.contains_key(name);
                if alias.is_newtype() || recursive {
                    newtype_aliases.insert(name.clone());
                }
            }
        }
        let mut inline_enums = BTreeMap::new();
        for (name, def) in &model.types {
            let mut found = Vec::new();
            match &def.kind {
                TypeKind::Struct(s) => {
                    for field in &s.fields {
                        let prefix = format!("{}{}", name.name, names::pascal_case(&field.name));
                        collect_literals(&field.ty, &prefix, &mut found);
                    }
                }
                TypeKind::Alias(alias) => {
                    collect_literals(&alias.target, &format!("{}Value", name.name), &mut found)
                }
                _ => {}
            }
            if !found.is_empty() {
                inline_enums.insert(name.clone(), found);
            }
        }
        Lowered {
            component,
            newtype_aliases,
            inline_enums,
        }
    }

    /// Whether a reference from `owner` to `target` at a direct position needs a `Box`.
    pub fn needs_box(&self, owner: &QualifiedName, target: &QualifiedName) -> bool {
        match (self.component.get(owner), self.component.get(target)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }

    pub fn is_newtype(&self, alias: &QualifiedName) -> bool {
        self.newtype_aliases.contains(alias)
    }
}

/// Named types at direct positions: the type itself, inside `T?` and tuples.
fn direct_refs(ty: &Type, out: &mut Vec<QualifiedName>) {
    match ty {
        Type::Named { name } => out.push(name.clone()),
        Type::Optional { inner } => direct_refs(inner, out),
        Type::Tuple { items } => items.iter().for_each(|t| direct_refs(t, out)),
        _ => {}
    }
}

/// The inline literal sets inside a type, named by the owner's prefix, then `Item`, `Key`,
/// `Value` or the tuple index for nested positions.
fn collect_literals(ty: &Type, prefix: &str, out: &mut Vec<InlineEnum>) {
    match ty {
        Type::Literals { values } => out.push(InlineEnum {
            name: prefix.to_string(),
            values: values.clone(),
        }),
        Type::Optional { inner } => collect_literals(inner, prefix, out),
        Type::List { item, .. } | Type::Set { item, .. } => {
            collect_literals(item, &format!("{prefix}Item"), out)
        }
        Type::Map { key, value, .. } => {
            collect_literals(key, &format!("{prefix}Key"), out);
            collect_literals(value, &format!("{prefix}Value"), out);
        }
        Type::Tuple { items } => {
            for (i, item) in items.iter().enumerate() {
                collect_literals(item, &format!("{prefix}{i}"), out);
            }
        }
        Type::Primitive { .. } | Type::Named { .. } => {}
    }
}

/// Tarjan's algorithm; returns the component of every node in a cycle (a component of two or
/// more nodes, or one node that refers to itself).
fn components(
    graph: &BTreeMap<QualifiedName, Vec<QualifiedName>>,
) -> BTreeMap<QualifiedName, usize> {
    struct State<'a> {
        graph: &'a BTreeMap<QualifiedName, Vec<QualifiedName>>,
        index: BTreeMap<&'a QualifiedName, usize>,
        low: BTreeMap<&'a QualifiedName, usize>,
        stack: Vec<&'a QualifiedName>,
        on_stack: BTreeSet<&'a QualifiedName>,
        next: usize,
        out: BTreeMap<QualifiedName, usize>,
        count: usize,
    }
    fn visit<'a>(s: &mut State<'a>, node: &'a QualifiedName) {
        s.index.insert(node, s.next);
        s.low.insert(node, s.next);
        s.next += 1;
        s.stack.push(node);
        s.on_stack.insert(node);
        let edges = s.graph.get(node).map(Vec::as_slice).unwrap_or(&[]);
        for target in edges {
            let Some((target, _)) = s.graph.get_key_value(target) else {
                continue;
            };
            if !s.index.contains_key(target) {
                visit(s, target);
                let low = s.low[node].min(s.low[target]);
                s.low.insert(node, low);
            } else if s.on_stack.contains(target) {
                let low = s.low[node].min(s.index[target]);
                s.low.insert(node, low);
            }
        }
        if s.low[node] == s.index[node] {
            let mut members = Vec::new();
            while let Some(top) = s.stack.pop() {
                s.on_stack.remove(top);
                members.push(top);
                if top == node {
                    break;
                }
            }
            let self_loop = edges.contains(node);
            if members.len() > 1 || self_loop {
                for member in members {
                    s.out.insert(member.clone(), s.count);
                }
                s.count += 1;
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: BTreeMap::new(),
        count: 0,
    };
    for node in graph.keys() {
        if !state.index.contains_key(node) {
            visit(&mut state, node);
        }
    }
    state.out
}
