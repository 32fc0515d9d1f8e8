//! The docs emitter: one static, self-contained HTML page (`index.html`) describing every
//! package and type of a contract set. A pure function from the model to file contents.
//!
//! The page makes no request of its own: its CSS and JavaScript are inline, it uses system
//! fonts, and a Content-Security-Policy forbids loading anything. The only link out of it is
//! `openapi.json`, expected next to `index.html`.
//!
//! Text from the contracts is escaped everywhere: plain values go through askama's HTML
//! escaping; the few fragments built here (type expressions with links, docs, highlighted
//! JSON) escape their text with [`escape_html`] before adding markup.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use askama::Template;
use serde_json::Value as Json;

use crate::example::{example_of, value_to_json};
use crate::model::*;

/// Errors of the docs emitter: a template failed (a bug in seam).
#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    #[error("template error: {0}")]
    Template(#[from] askama::Error),
}

/// The docs of a contract set, by path relative to the output directory: `index.html`.
pub fn emit_docs(model: &ContractSet, title: &str) -> Result<BTreeMap<PathBuf, String>, DocsError> {
    let page = page(model, title);
    let mut files = BTreeMap::new();
    files.insert(PathBuf::from("index.html"), page.render()?);
    Ok(files)
}

#[derive(Template)]
#[template(path = "docs/index.html")]
struct Page {
    title: String,
    version: &'static str,
    package_count: usize,
    type_count: usize,
    kind_counts: Vec<KindCount>,
    packages: Vec<PackageView>,
}

struct KindCount {
    kind: &'static str,
    letter: &'static str,
    plural: &'static str,
    count: usize,
}

// Fields named `doc`, `ty`, `target` and `example` hold HTML built (and escaped) here
// and are output with `|safe`; every other string is plain text that askama escapes.

struct PackageView {
    name: String,
    anchor: String,
    doc: Option<String>,
    files: Vec<String>,
    types: Vec<TypeView>,
}

struct TypeView {
    name: String,
    qualified: String,
    /// `struct`, `enum`, `union` or `alias`.
    kind: &'static str,
    /// The kind's initial, for the navigation.
    letter: &'static str,
    /// An `@open` enum.
    open: bool,
    /// Whether any enum member has a doc or a deprecation (else the table has no such column).
    member_docs: bool,
    doc: Option<String>,
    /// The first paragraph of the doc, as plain text (for tooltips).
    summary: String,
    deprecated: Option<String>,
    origin: String,
    /// Attributes as written in `.ir` (`@strict`, `@tag("x")`), with an explanation each.
    options: Vec<Chip>,
    /// Plain-English notes on the wire form.
    notes: Vec<String>,
    /// Lowercased text the search box matches against.
    search: String,
    fields: Vec<FieldView>,
    /// The tag of a tagged struct, shown as the first row of its field table.
    tag_row: Option<TagRow>,
    enum_members: Vec<EnumMemberView>,
    union_members: Vec<UnionMemberView>,
    alias: Option<AliasView>,
    /// The example value as highlighted JSON.
    example: String,
    used_by: Vec<Link>,
}

struct Chip {
    label: String,
    title: String,
}

struct Link {
    anchor: String,
    label: String,
    title: String,
}

struct TagRow {
    field: String,
    value: String,
    position: Option<usize>,
}

struct FieldView {
    name: String,
    wire_name: String,
    anchor: String,
    /// Position in an `@array_like` struct's array.
    position: Option<usize>,
    ty: String,
    required: bool,
    nullable: bool,
    default: Option<String>,
    constraints: Vec<String>,
    /// Constraints a named alias type brings.
    inherited: Vec<String>,
    /// The alias they come from, when it is not the field's own type (an alias of an alias).
    inherited_via: Option<Link>,
    doc: Option<String>,
    deprecated: Option<String>,
    examples: Vec<String>,
}

struct EnumMemberView {
    name: String,
    anchor: String,
    value: String,
    doc: Option<String>,
    deprecated: Option<String>,
}

struct UnionMemberView {
    tag: String,
    link: Link,
    /// The first paragraph of the member's doc.
    doc: Option<String>,
}

struct AliasView {
    target: String,
    constraints: Vec<String>,
    ext: Option<i8>,
    newtype: bool,
}

fn page(model: &ContractSet, title: &str) -> Page {
    let used_by = reverse_references(model);
    let root = common_dir(model);
    let packages = model
        .packages
        .values()
        .map(|package| PackageView {
            name: package.name.clone(),
            anchor: format!("pkg-{}", package.name),
            doc: package.doc.as_deref().map(doc_html),
            files: package.files.iter().map(|f| strip_root(f, &root)).collect(),
            types: package
                .types
                .iter()
                .filter_map(|name| model.get(name))
                .map(|def| type_view(model, def, used_by.get(&def.name), &root))
                .collect(),
        })
        .collect();
    let mut kind_counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for def in model.types.values() {
        *kind_counts.entry(kind_label(&def.kind)).or_default() += 1;
    }
    Page {
        title: title.to_string(),
        version: env!("CARGO_PKG_VERSION"),
        package_count: model.packages.len(),
        type_count: model.types.len(),
        kind_counts: ["struct", "enum", "union", "alias"]
            .into_iter()
            .map(|kind| KindCount {
                kind,
                letter: kind_letter(kind),
                plural: match kind {
                    "struct" => "structs",
                    "enum" => "enums",
                    "union" => "unions",
                    _ => "aliases",
                },
                count: kind_counts.get(kind).copied().unwrap_or(0),
            })
            .filter(|k| k.count > 0)
            .collect(),
        packages,
    }
}

/// The directory every file of the set is under (`idl/`), so that the page shows paths
/// relative to the contract set whatever path it was read from.
fn common_dir(model: &ContractSet) -> String {
    let files: Vec<&str> = model
        .packages
        .values()
        .flat_map(|p| p.files.iter().map(String::as_str))
        .chain(model.types.values().map(|t| t.origin.file.as_str()))
        .collect();
    let Some(first) = files.first() else {
        return String::new();
    };
    // Directory prefixes of the first file, longest first: "a/b/", "a/", "".
    let mut prefix = match first.rfind('/') {
        Some(i) => &first[..=i],
        None => "",
    };
    while !files.iter().all(|f| f.starts_with(prefix)) {
        prefix = match prefix[..prefix.len() - 1].rfind('/') {
            Some(i) => &prefix[..=i],
            None => "",
        };
    }
    prefix.to_string()
}

fn strip_root(path: &str, root: &str) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string()
}

fn kind_label(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
        TypeKind::Alias(_) => "alias",
    }
}

fn kind_letter(kind: &str) -> &'static str {
    match kind {
        "struct" => "S",
        "enum" => "E",
        "union" => "U",
        _ => "A",
    }
}

/// For each type, the types that name it (in fields, alias targets or union members).
fn reverse_references(model: &ContractSet) -> BTreeMap<QualifiedName, BTreeSet<QualifiedName>> {
    let mut out: BTreeMap<QualifiedName, BTreeSet<QualifiedName>> = BTreeMap::new();
    for def in model.types.values() {
        let mut named = Vec::new();
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().for_each(|f| f.ty.named_types(&mut named)),
            TypeKind::Alias(a) => a.target.named_types(&mut named),
            TypeKind::Union(u) => named.extend(u.members.iter().map(|m| m.name.clone())),
            TypeKind::Enum(_) => {}
        }
        for name in named {
            if name != def.name {
                out.entry(name).or_default().insert(def.name.clone());
            }
        }
    }
    out
}

fn type_view(
    model: &ContractSet,
    def: &TypeDef,
    used_by: Option<&BTreeSet<QualifiedName>>,
    root: &str,
) -> TypeView {
    let owner = &def.name.package;
    let mut view = TypeView {
        name: def.name.name.clone(),
        qualified: def.name.to_string(),
        kind: kind_label(&def.kind),
        letter: kind_letter(kind_label(&def.kind)),
        open: matches!(&def.kind, TypeKind::Enum(e) if e.open),
        member_docs: matches!(&def.kind, TypeKind::Enum(e)
            if e.members.iter().any(|m| m.doc.is_some() || m.deprecated.is_some())),
        doc: def.doc.as_deref().map(doc_html),
        summary: def.doc.as_deref().map(first_paragraph).unwrap_or_default(),
        deprecated: def.deprecated.clone(),
        origin: format!("{}:{}", strip_root(&def.origin.file, root), def.origin.line),
        options: Vec::new(),
        notes: Vec::new(),
        search: String::new(),
        fields: Vec::new(),
        tag_row: None,
        enum_members: Vec::new(),
        union_members: Vec::new(),
        alias: None,
        example: json_html(model, &example_of(model, &def.name), &def.name),
        used_by: used_by
            .into_iter()
            .flatten()
            .map(|name| link(model, name, owner))
            .collect(),
    };
    let chip = |label: String, title: &str| Chip {
        label,
        title: title.to_string(),
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            view.options.push(match s.mode {
                StructMode::Strict => chip("@strict".into(), "Unknown fields are rejected."),
                StructMode::Compat => chip("@compat".into(), "Unknown fields are ignored."),
            });
            if s.array_like {
                view.options.push(chip(
                    "@array_like".into(),
                    "Encoded as an array of field values in declaration order.",
                ));
            }
            if let Some(rule) = s.rename {
                let rule = serde_json::to_value(rule)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                view.options.push(chip(
                    format!("@rename({})", json_text(&Json::String(rule))),
                    "How field names become wire names.",
                ));
            }
            if s.keep_defaults {
                view.options.push(chip(
                    "@keep_defaults".into(),
                    "Fields equal to their default are still encoded.",
                ));
            }
            if let Some(tagging) = &s.tagging {
                view.options.push(chip(
                    format!("@tag({})", tag_text(&tagging.value)),
                    "The tag of this struct in its unions.",
                ));
                view.options.push(chip(
                    format!(
                        "tag field {}",
                        json_text(&Json::String(tagging.field.clone()))
                    ),
                    "The field that carries the tag, always encoded first.",
                ));
            }
            if s.patch {
                view.options.push(chip(
                    "@patch".into(),
                    &format!("Also generates {}Patch, a partial update.", def.name.name),
                ));
            }
            view.notes.push(match s.mode {
                StructMode::Strict => "unknown fields are rejected".to_string(),
                StructMode::Compat => "unknown fields are ignored".to_string(),
            });
            view.notes.push(if s.array_like {
                concat!(
                    "encoded as an array of field values in declaration order; ",
                    "trailing fields with defaults may be left out when decoding"
                )
                .to_string()
            } else if s.keep_defaults {
                "fields equal to their default are still encoded".to_string()
            } else {
                "fields equal to their default are omitted when encoding".to_string()
            });
            if let Some(tagging) = &s.tagging {
                let unions: Vec<String> = tagging
                    .unions
                    .iter()
                    .map(|u| display_name(u, owner))
                    .collect();
                view.notes.push(format!(
                    "a member of {}: the tag {} = {} comes first",
                    unions.join(", "),
                    json_text(&Json::String(tagging.field.clone())),
                    tag_text(&tagging.value),
                ));
                view.tag_row = Some(TagRow {
                    field: tagging.field.clone(),
                    value: tag_text(&tagging.value),
                    position: s.array_like.then_some(0),
                });
            }
            if s.patch {
                view.notes.push(format!(
                    "{}Patch updates it partially (absent, null or a value per field)",
                    def.name.name
                ));
            }
            let offset = usize::from(s.tagging.is_some());
            view.fields = s
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| field_view(model, def, f, s.array_like.then_some(i + offset)))
                .collect();
        }
        TypeKind::Enum(e) => {
            view.options.push(match e.repr {
                EnumRepr::Str => chip("string values".into(), "Members are strings on the wire."),
                EnumRepr::Int => chip(": int".into(), "Members are integers on the wire."),
            });
            if e.open {
                view.options.push(chip(
                    "@open".into(),
                    "Unknown wire values decode to Unknown(raw) instead of failing.",
                ));
                view.notes
                    .push("open: unknown values are accepted and kept as they are".to_string());
            } else {
                view.notes
                    .push("closed: any other value is rejected".to_string());
            }
            view.enum_members = e
                .members
                .iter()
                .map(|m| EnumMemberView {
                    name: m.name.clone(),
                    anchor: format!("{}.{}", def.name, m.name),
                    value: tag_text(&m.value),
                    doc: m.doc.as_deref().map(doc_html),
                    deprecated: m.deprecated.clone(),
                })
                .collect();
        }
        TypeKind::Union(u) => {
            view.options.push(chip(
                format!(
                    "@tag_field({})",
                    json_text(&Json::String(u.tag_field.clone()))
                ),
                "The field that carries the tag.",
            ));
            if u.array_like {
                view.options.push(chip(
                    "@array_like members".into(),
                    "Members are arrays with the tag first.",
                ));
            }
            view.notes.push(if u.array_like {
                "each member is an array whose first item is its tag".to_string()
            } else {
                format!(
                    "each member is an object whose first field, {}, holds its tag",
                    json_text(&Json::String(u.tag_field.clone()))
                )
            });
            view.union_members = u
                .members
                .iter()
                .map(|m| UnionMemberView {
                    tag: tag_text(&m.tag),
                    link: link(model, &m.name, owner),
                    doc: model
                        .get(&m.name)
                        .and_then(|d| d.doc.as_deref())
                        .map(|d| doc_html(&first_paragraph(d))),
                })
                .collect();
        }
        TypeKind::Alias(a) => {
            if let Some(ext) = a.ext {
                view.options.push(chip(
                    format!("@ext({ext})"),
                    "MessagePack extension type of the raw bytes.",
                ));
            }
            view.notes.push(if a.is_newtype() {
                "a Rust newtype: values are checked on construction and decode".to_string()
            } else {
                "a plain alias: the same as its target".to_string()
            });
            let (target, constraints) = split_constraints(&a.target);
            view.alias = Some(AliasView {
                target: type_html(model, &target, owner),
                constraints: constraint_list(&constraints),
                ext: a.ext,
                newtype: a.is_newtype(),
            });
        }
    }
    if def.deprecated.is_some() {
        view.options
            .push(chip("@deprecated".into(), "Do not use in new code."));
    }
    let mut search = format!(
        "{} {} {}",
        def.name,
        view.kind,
        def.doc.as_deref().unwrap_or("")
    );
    if let TypeKind::Struct(s) = &def.kind {
        for f in &s.fields {
            search.push(' ');
            search.push_str(&f.wire_name);
        }
    }
    view.search = search
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    view
}

fn field_view(
    model: &ContractSet,
    def: &TypeDef,
    f: &FieldDef,
    position: Option<usize>,
) -> FieldView {
    let owner = &def.name.package;
    let (ty, constraints) = split_constraints(&f.ty);
    let (inherited, inherited_via) = match alias_constraints(model, &f.ty) {
        Some((name, c)) => {
            let mut direct = Vec::new();
            f.ty.named_types(&mut direct);
            let via = (direct.first() != Some(name)).then(|| link(model, name, owner));
            (constraint_list(&c), via)
        }
        None => (Vec::new(), None),
    };
    FieldView {
        name: f.name.clone(),
        wire_name: f.wire_name.clone(),
        anchor: format!("{}.{}", def.name, f.name),
        position,
        ty: type_html(model, &ty, owner),
        required: f.required(),
        nullable: f.ty.is_optional(),
        default: f.default.as_ref().map(|v| json_text(&value_to_json(v))),
        constraints: constraint_list(&constraints),
        inherited,
        inherited_via,
        doc: f.doc.as_deref().map(doc_html),
        deprecated: f.deprecated.clone(),
        examples: f
            .examples
            .iter()
            .map(|v| json_text(&value_to_json(v)))
            .collect(),
    }
}

/// A type without its outermost constraints (looking through `?`), and those constraints.
fn split_constraints(ty: &Type) -> (Type, Constraints) {
    match ty {
        Type::Optional { inner } => {
            let (inner, c) = split_constraints(inner);
            (
                Type::Optional {
                    inner: Box::new(inner),
                },
                c,
            )
        }
        Type::Primitive {
            primitive,
            constraints,
        } => (
            Type::Primitive {
                primitive: *primitive,
                constraints: Constraints::default(),
            },
            constraints.clone(),
        ),
        Type::List { item, constraints } => (
            Type::List {
                item: item.clone(),
                constraints: Constraints::default(),
            },
            constraints.clone(),
        ),
        Type::Set { item, constraints } => (
            Type::Set {
                item: item.clone(),
                constraints: Constraints::default(),
            },
            constraints.clone(),
        ),
        Type::Map {
            key,
            value,
            constraints,
        } => (
            Type::Map {
                key: key.clone(),
                value: value.clone(),
                constraints: Constraints::default(),
            },
            constraints.clone(),
        ),
        other => (other.clone(), Constraints::default()),
    }
}

/// The constraints a field gets through a named alias (following aliases of aliases).
fn alias_constraints<'m>(
    model: &'m ContractSet,
    ty: &Type,
) -> Option<(&'m QualifiedName, Constraints)> {
    let mut ty = ty;
    if let Type::Optional { inner } = ty {
        ty = inner;
    }
    let Type::Named { name } = ty else {
        return None;
    };
    let mut def = model.get(name)?;
    for _ in 0..16 {
        let TypeKind::Alias(alias) = &def.kind else {
            return None;
        };
        let (_, constraints) = split_constraints(&alias.target);
        if !constraints.is_empty() {
            return Some((&def.name, constraints));
        }
        match &alias.target {
            Type::Named { name } => def = model.get(name)?,
            _ => return None,
        }
    }
    None
}

/// Constraints as written in `.ir`: `ge = 1`, `pattern = "^[a-z]+$"`.
fn constraint_list(c: &Constraints) -> Vec<String> {
    let mut out = Vec::new();
    let numbers = [
        ("gt", c.gt),
        ("ge", c.ge),
        ("lt", c.lt),
        ("le", c.le),
        ("multiple_of", c.multiple_of),
    ];
    for (name, value) in numbers {
        if let Some(value) = value {
            out.push(format!("{name} = {value}"));
        }
    }
    if let Some(n) = c.min_length {
        out.push(format!("min_length = {n}"));
    }
    if let Some(n) = c.max_length {
        out.push(format!("max_length = {n}"));
    }
    if let Some(pattern) = &c.pattern {
        out.push(format!(
            "pattern = {}",
            json_text(&Json::String(pattern.clone()))
        ));
    }
    if let Some(tz) = c.tz {
        out.push(format!("tz = {tz}"));
    }
    out
}

/// A declared type's name as `.ir` spells it from `owner`'s package.
fn display_name(name: &QualifiedName, owner: &str) -> String {
    if name.package == owner {
        name.name.clone()
    } else {
        name.to_string()
    }
}

fn link(model: &ContractSet, name: &QualifiedName, owner: &str) -> Link {
    let kind = model
        .get(name)
        .map(|d| kind_label(&d.kind))
        .unwrap_or("type");
    Link {
        anchor: name.to_string(),
        label: display_name(name, owner),
        title: format!("{kind} {name}"),
    }
}

/// A type expression in `.ir` syntax as HTML, declared types linked to their definitions.
fn type_html(model: &ContractSet, ty: &Type, owner: &str) -> String {
    let mut out = String::new();
    write_type(model, ty, owner, &mut out);
    out
}

fn write_type(model: &ContractSet, ty: &Type, owner: &str, out: &mut String) {
    let constraints = |c: &Constraints, out: &mut String| {
        let list = constraint_list(c);
        if !list.is_empty() {
            out.push_str("<span class=\"tc\">(");
            out.push_str(&escape_html(&list.join(", ")));
            out.push_str(")</span>");
        }
    };
    match ty {
        Type::Primitive {
            primitive,
            constraints: c,
        } => {
            out.push_str("<span class=\"tp\">");
            out.push_str(primitive.keyword());
            out.push_str("</span>");
            constraints(c, out);
        }
        Type::List {
            item,
            constraints: c,
        }
        | Type::Set {
            item,
            constraints: c,
        } => {
            out.push_str(if matches!(ty, Type::List { .. }) {
                "list&lt;"
            } else {
                "set&lt;"
            });
            write_type(model, item, owner, out);
            out.push_str("&gt;");
            constraints(c, out);
        }
        Type::Map {
            key,
            value,
            constraints: c,
        } => {
            out.push_str("map&lt;");
            write_type(model, key, owner, out);
            out.push_str(", ");
            write_type(model, value, owner, out);
            out.push_str("&gt;");
            constraints(c, out);
        }
        Type::Tuple { items } => {
            out.push_str("tuple&lt;");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_type(model, item, owner, out);
            }
            out.push_str("&gt;");
        }
        Type::Optional { inner } => {
            let parens = matches!(&**inner, Type::Literals { values } if values.len() > 1);
            if parens {
                out.push('(');
            }
            write_type(model, inner, owner, out);
            if parens {
                out.push(')');
            }
            out.push_str("<span class=\"tq\">?</span>");
        }
        Type::Literals { values } => {
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    out.push_str(" | ");
                }
                out.push_str("<span class=\"tl\">");
                out.push_str(&escape_html(&tag_text(value)));
                out.push_str("</span>");
            }
        }
        Type::Named { name } => {
            let l = link(model, name, owner);
            out.push_str(&format!(
                "<a class=\"tr\" href=\"#{}\" title=\"{}\">{}</a>",
                escape_html(&l.anchor),
                escape_html(&l.title),
                escape_html(&l.label)
            ));
        }
    }
}

/// A tag or enum value as written on the wire: `"auto"` or `404`.
fn tag_text(value: &TagValue) -> String {
    match value {
        TagValue::Str(s) => json_text(&Json::String(s.clone())),
        TagValue::Int(i) => i.to_string(),
    }
}

fn json_text(value: &Json) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Escapes text for HTML content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The first paragraph of a doc comment, on one line.
fn first_paragraph(doc: &str) -> String {
    doc.split("\n\n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A doc comment (plain text) as HTML: paragraphs at blank lines, lines starting with `- ` as
/// list items, `` `code` `` spans as `<code>`. Everything else is escaped text.
pub fn doc_html(doc: &str) -> String {
    let mut out = String::new();
    let mut blocks: Vec<Vec<&str>> = vec![Vec::new()];
    for line in doc.lines() {
        let line = line.trim();
        if line.is_empty() {
            if blocks.last().is_some_and(|b| !b.is_empty()) {
                blocks.push(Vec::new());
            }
        } else if let Some(block) = blocks.last_mut() {
            block.push(line);
        }
    }
    for block in blocks.iter().filter(|b| !b.is_empty()) {
        // Leading text lines form a paragraph; `- ` lines a list (continuation lines join the
        // item before them).
        let mut paragraph: Vec<&str> = Vec::new();
        let mut items: Vec<Vec<&str>> = Vec::new();
        for line in block {
            if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
                items.push(vec![item]);
            } else if let Some(item) = items.last_mut() {
                item.push(line);
            } else {
                paragraph.push(line);
            }
        }
        if !paragraph.is_empty() {
            out.push_str("<p>");
            out.push_str(&inline_html(&paragraph.join(" ")));
            out.push_str("</p>");
        }
        if !items.is_empty() {
            out.push_str("<ul>");
            for item in items {
                out.push_str("<li>");
                out.push_str(&inline_html(&item.join(" ")));
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
    }
    out
}

/// Escaped text with `` `code` `` spans; an unmatched backtick stays as it is.
fn inline_html(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        let after = &rest[start + 1..];
        match after.find('`') {
            Some(end) if end > 0 => {
                out.push_str(&escape_html(&rest[..start]));
                out.push_str("<code>");
                out.push_str(&escape_html(&after[..end]));
                out.push_str("</code>");
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str(&escape_html(&rest[..=start]));
                rest = after;
            }
        }
    }
    out.push_str(&escape_html(rest));
    out
}

/// How to read a JSON value: the struct it encodes, or the item types of a container.
enum Shape<'m> {
    Struct(&'m StructDef),
    Seq(&'m Type),
    Tuple(&'m [Type]),
    Map(&'m Type),
    Other,
}

/// The shape of a value of the declared type `name` (for a union, of the member it holds).
fn shape_of_name<'m>(
    model: &'m ContractSet,
    name: &QualifiedName,
    value: &Json,
    depth: usize,
) -> Shape<'m> {
    let Some(def) = model.get(name) else {
        return Shape::Other;
    };
    if depth > 16 {
        return Shape::Other;
    }
    match &def.kind {
        TypeKind::Struct(s) => Shape::Struct(s),
        TypeKind::Enum(_) => Shape::Other,
        TypeKind::Alias(a) => shape_of(model, &a.target, value, depth + 1),
        TypeKind::Union(u) => {
            let tag = match value {
                Json::Object(map) => map.get(&u.tag_field),
                Json::Array(items) => items.first(),
                _ => None,
            };
            let member = u.members.iter().find(|m| match (&m.tag, tag) {
                (TagValue::Str(s), Some(Json::String(t))) => s == t,
                (TagValue::Int(i), Some(Json::Number(n))) => n.as_i64() == Some(*i),
                _ => false,
            });
            match member {
                Some(member) => shape_of_name(model, &member.name, value, depth + 1),
                None => Shape::Other,
            }
        }
    }
}

fn shape_of<'m>(model: &'m ContractSet, ty: &'m Type, value: &Json, depth: usize) -> Shape<'m> {
    match ty {
        Type::Optional { inner } => shape_of(model, inner, value, depth),
        Type::Named { name } => shape_of_name(model, name, value, depth + 1),
        Type::List { item, .. } | Type::Set { item, .. } => Shape::Seq(item),
        Type::Map { value, .. } => Shape::Map(value),
        Type::Tuple { items } => Shape::Tuple(items),
        Type::Primitive { .. } | Type::Literals { .. } => Shape::Other,
    }
}

/// A JSON value pretty-printed as highlighted HTML. Object keys follow the wire order of the
/// struct the value encodes (tag first, then fields in declaration order).
fn json_html(model: &ContractSet, value: &Json, name: &QualifiedName) -> String {
    let mut out = String::new();
    let shape = shape_of_name(model, name, value, 0);
    write_json(model, value, shape, 0, &mut out);
    out
}

fn write_json(
    model: &ContractSet,
    value: &Json,
    shape: Shape<'_>,
    indent: usize,
    out: &mut String,
) {
    let pad = |n: usize| "  ".repeat(n);
    match value {
        Json::Null => out.push_str("<span class=\"jl\">null</span>"),
        Json::Bool(b) => out.push_str(&format!("<span class=\"jl\">{b}</span>")),
        Json::Number(n) => out.push_str(&format!("<span class=\"jn\">{n}</span>")),
        Json::String(_) => {
            out.push_str("<span class=\"js\">");
            out.push_str(&escape_html(&json_text(value)));
            out.push_str("</span>");
        }
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(map) if map.is_empty() => out.push_str("{}"),
        Json::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                let ty: Option<&Type> = match &shape {
                    Shape::Seq(item) => Some(item),
                    Shape::Tuple(types) => types.get(i),
                    Shape::Struct(s) if s.array_like => {
                        let index = i.checked_sub(usize::from(s.tagging.is_some()));
                        index.and_then(|i| s.fields.get(i)).map(|f| &f.ty)
                    }
                    _ => None,
                };
                let inner = ty.map_or(Shape::Other, |ty| shape_of(model, ty, item, 0));
                out.push_str(&pad(indent + 1));
                write_json(model, item, inner, indent + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Json::Object(map) => {
            // Wire order: the tag, then the fields in declaration order, then anything else.
            let mut keys: Vec<&String> = Vec::new();
            if let Shape::Struct(s) = &shape {
                if let Some(tagging) = &s.tagging {
                    keys.extend(map.get_key_value(&tagging.field).map(|(k, _)| k));
                }
                for f in &s.fields {
                    keys.extend(map.get_key_value(&f.wire_name).map(|(k, _)| k));
                }
            }
            for key in map.keys() {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            out.push_str("{\n");
            for (i, key) in keys.iter().enumerate() {
                let item = &map[key.as_str()];
                let ty: Option<&Type> = match &shape {
                    Shape::Struct(s) => s
                        .fields
                        .iter()
                        .find(|f| &f.wire_name == *key)
                        .map(|f| &f.ty),
                    Shape::Map(v) => Some(v),
                    _ => None,
                };
                let inner = ty.map_or(Shape::Other, |ty| shape_of(model, ty, item, 0));
                out.push_str(&pad(indent + 1));
                out.push_str("<span class=\"jk\">");
                out.push_str(&escape_html(&json_text(&Json::String(key.to_string()))));
                out.push_str("</span>: ");
                write_json(model, item, inner, indent + 1, out);
                out.push_str(if i + 1 < keys.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
    }
}
