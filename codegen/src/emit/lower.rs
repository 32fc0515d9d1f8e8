//! Facts about the model that the Rust emitter needs and the model does not state: where a
//! recursive reference needs a `Box`, which aliases must be newtypes, and the inline literal
//! sets that become enums of their own. Computed once per run, from the model alone.

use std::collections::{BTreeMap, HashMap, HashSet};

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
    component: HashMap<QualifiedName, usize>,
    /// Aliases that must be newtypes: constrained, `@ext`, or recursive (Rust type aliases
    /// cannot refer to themselves).
    newtype_aliases: HashSet<QualifiedName>,
    /// Types that hold a float somewhere (then `Eq` cannot be derived).
    floats: HashSet<QualifiedName>,
    /// Inline literal sets by owner type, in field order.
    pub inline_enums: BTreeMap<QualifiedName, Vec<InlineEnum>>,
}

impl Lowered {
    pub fn new(model: &ContractSet) -> Self {
        // Types are numbered in name order; edges go to numbers (names that do not resolve
        // are left out).
        let names: Vec<&QualifiedName> = model.types.keys().collect();
        let number: HashMap<&QualifiedName, usize> =
            names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut direct: Vec<Vec<usize>> = Vec::with_capacity(names.len());
        let mut all: Vec<Vec<usize>> = Vec::with_capacity(names.len());
        let mut float = Vec::with_capacity(names.len());
        let mut refs = Vec::new();
        for def in model.types.values() {
            let mut d = Vec::new();
            let mut a = Vec::new();
            let mut f = false;
            refs.clear();
            match &def.kind {
                TypeKind::Struct(s) => {
                    for field in &s.fields {
                        direct_refs(&field.ty, &mut d, &number);
                        field.ty.named_types(&mut refs);
                        f |= holds_float(&field.ty);
                    }
                }
                TypeKind::Union(u) => {
                    for member in &u.members {
                        if let Some(i) = number.get(&member.name) {
                            d.push(*i);
                        }
                        refs.push(member.name.clone());
                    }
                }
                TypeKind::Alias(alias) => {
                    direct_refs(&alias.target, &mut d, &number);
                    alias.target.named_types(&mut refs);
                    f = holds_float(&alias.target);
                }
                TypeKind::Enum(_) => {}
            }
            a.extend(refs.iter().filter_map(|n| number.get(n).copied()));
            direct.push(d);
            all.push(a);
            float.push(f);
        }
        let mut component = HashMap::new();
        let mut count = 0;
        for members in components(&direct) {
            if members.len() > 1 || direct[members[0]].contains(&members[0]) {
                for member in members {
                    component.insert(names[member].clone(), count);
                }
                count += 1;
            }
        }
        // Components come out in reverse topological order: every component a type refers to
        // is complete before it, so a float anywhere below is known.
        let mut recursive = vec![false; names.len()];
        for members in components(&all) {
            let cyclic = members.len() > 1 || all[members[0]].contains(&members[0]);
            let holds = members
                .iter()
                .any(|m| float[*m] || all[*m].iter().any(|t| float[*t]));
            for member in members {
                recursive[member] = cyclic;
                float[member] = holds;
            }
        }
        let mut newtype_aliases = HashSet::new();
        let mut floats = HashSet::new();
        for (i, (name, def)) in model.types.iter().enumerate() {
            if let TypeKind::Alias(alias) = &def.kind {
                if alias.is_newtype() || recursive[i] {
                    newtype_aliases.insert(name.clone());
                }
            }
            if float[i] {
                floats.insert(name.clone());
            }
        }
        let mut inline_enums = BTreeMap::new();
        for (name, def) in &model.types {
            let mut found = Vec::new();
            match &def.kind {
                TypeKind::Struct(s) => {
                    for field in &s.fields {
                        if has_literals(&field.ty) {
                            let prefix =
                                format!("{}{}", name.name, names::pascal_case(&field.name));
                            collect_literals(&field.ty, &prefix, &mut found);
                        }
                    }
                }
                TypeKind::Alias(alias) if has_literals(&alias.target) => {
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
            floats,
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

    /// Whether a declared type holds a float, directly or through the types it refers to.
    pub fn has_float(&self, name: &QualifiedName) -> bool {
        self.floats.contains(name)
    }
}

/// Whether a type holds a float itself (not through named types).
fn holds_float(ty: &Type) -> bool {
    match ty {
        Type::Primitive { primitive, .. } => *primitive == Primitive::Float,
        Type::List { item, .. } | Type::Set { item, .. } => holds_float(item),
        Type::Map { key, value, .. } => holds_float(key) || holds_float(value),
        Type::Tuple { items } => items.iter().any(holds_float),
        Type::Optional { inner } => holds_float(inner),
        Type::Literals { .. } | Type::Named { .. } => false,
    }
}

/// Whether a type holds an inline literal set.
fn has_literals(ty: &Type) -> bool {
    match ty {
        Type::Literals { .. } => true,
        Type::List { item, .. } | Type::Set { item, .. } => has_literals(item),
        Type::Map { key, value, .. } => has_literals(key) || has_literals(value),
        Type::Tuple { items } => items.iter().any(has_literals),
        Type::Optional { inner } => has_literals(inner),
        Type::Primitive { .. } | Type::Named { .. } => false,
    }
}

/// Named types at direct positions: the type itself, inside `T?` and tuples.
fn direct_refs(ty: &Type, out: &mut Vec<usize>, number: &HashMap<&QualifiedName, usize>) {
    match ty {
        Type::Named { name } => out.extend(number.get(name)),
        Type::Optional { inner } => direct_refs(inner, out, number),
        Type::Tuple { items } => items.iter().for_each(|t| direct_refs(t, out, number)),
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

/// The strongly connected components of a graph of numbered nodes (Tarjan's algorithm, with
/// an explicit stack so that long chains of references cannot overflow the thread's stack),
/// each as its members, in reverse topological order: a component comes after every
/// component it has an edge to.
fn components(graph: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = graph.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    // (node, the next edge of it to follow)
    let mut calls: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        calls.push((root, 0));
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = calls.last_mut() {
            if let Some(&target) = graph[node].get(*edge) {
                *edge += 1;
                if index[target] == UNSEEN {
                    index[target] = next;
                    low[target] = next;
                    next += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    calls.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut members = Vec::new();
                while let Some(top) = stack.pop() {
                    on_stack[top] = false;
                    members.push(top);
                    if top == node {
                        break;
                    }
                }
                out.push(members);
            }
        }
    }
    out
}
