//! The resolved model: one contract set, every name resolved, every attribute interpreted, every
//! default checked against its type.
//!
//! This is what every emitter reads. It owns no parser types and refers to source only through
//! [`Origin`] (a path, line and column) so that later tools can point back at a declaration.
//! Collections are `BTreeMap`s or declaration-ordered `Vec`s, so that walking the model always
//! visits things in the same order, whatever order the files were found in.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// A fully qualified type name: `delta.policy.DeltaWritePolicy`. Serialised as that string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QualifiedName {
    pub package: String,
    pub name: String,
}

impl QualifiedName {
    pub fn new(package: impl Into<String>, name: impl Into<String>) -> Self {
        QualifiedName {
            package: package.into(),
            name: name.into(),
        }
    }
}

impl Serialize for QualifiedName {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.package, self.name)
    }
}

/// Where something was declared: a path relative to the contract set's root, 1-based line and
/// column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Origin {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// A whole contract set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractSet {
    pub packages: BTreeMap<String, Package>,
    pub types: BTreeMap<QualifiedName, TypeDef>,
}

impl ContractSet {
    pub fn get(&self, name: &QualifiedName) -> Option<&TypeDef> {
        self.types.get(name)
    }

    /// How many distinct files declare the set's packages.
    pub fn file_count(&self) -> usize {
        let mut files: Vec<&str> = self
            .packages
            .values()
            .flat_map(|p| p.files.iter().map(String::as_str))
            .collect();
        files.sort_unstable();
        files.dedup();
        files.len()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Package {
    pub name: String,
    /// The package's documentation: doc comments before `package`, from every file, in path order.
    pub doc: Option<String>,
    /// The files that declare the package, sorted.
    pub files: Vec<String>,
    /// The package's types, in name order.
    pub types: Vec<QualifiedName>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    pub name: QualifiedName,
    pub doc: Option<String>,
    pub deprecated: Option<String>,
    pub origin: Origin,
    pub kind: TypeKind,
    /// `@renamed_from("...")`: the names this type had before (qualified, or unqualified for
    /// the same package), for `seam breaking`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub renamed_from: Vec<String>,
    /// `@allow_breaking("rule", "reason")`: breaking changes accepted on this type.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allow_breaking: Vec<AllowBreaking>,
}

/// One `@allow_breaking("rule", "reason")`: a `seam breaking` finding of `rule` is accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllowBreaking {
    pub rule: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
    Alias(AliasDef),
}

impl TypeKind {
    pub fn keyword(&self) -> &'static str {
        match self {
            TypeKind::Struct(_) => "struct",
            TypeKind::Enum(_) => "enum",
            TypeKind::Union(_) => "union",
            TypeKind::Alias(_) => "type",
        }
    }
}

/// Whether unknown fields are rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StructMode {
    Strict,
    Compat,
}

/// `@rename(...)`: how field names become wire names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RenameRule {
    Camel,
    Pascal,
    Kebab,
    Upper,
    Lower,
}

impl RenameRule {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "camel" => RenameRule::Camel,
            "pascal" => RenameRule::Pascal,
            "kebab" => RenameRule::Kebab,
            "upper" => RenameRule::Upper,
            "lower" => RenameRule::Lower,
            _ => return None,
        })
    }

    /// msgspec's renaming of a snake_case field name.
    pub fn apply(self, name: &str) -> String {
        match self {
            RenameRule::Lower => name.to_lowercase(),
            RenameRule::Upper => name.to_uppercase(),
            RenameRule::Kebab => name.replace('_', "-"),
            RenameRule::Camel | RenameRule::Pascal => {
                // msgspec keeps leading underscores and capitalises each later word.
                let trimmed = name.trim_start_matches('_');
                let lead = &name[..name.len() - trimmed.len()];
                let mut out = String::from(lead);
                for (i, part) in trimmed.split('_').filter(|p| !p.is_empty()).enumerate() {
                    if i == 0 && self == RenameRule::Camel {
                        out.push_str(part);
                    } else {
                        let mut chars = part.chars();
                        if let Some(c) = chars.next() {
                            out.extend(c.to_uppercase());
                            out.push_str(chars.as_str());
                        }
                    }
                }
                out
            }
        }
    }
}

/// The value of a union tag.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(untagged)]
pub enum TagValue {
    Str(String),
    Int(i64),
}

impl fmt::Display for TagValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TagValue::Str(s) => write!(f, "{s:?}"),
            TagValue::Int(i) => write!(f, "{i}"),
        }
    }
}

/// A struct's tagging, when it is a member of one or more unions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tagging {
    pub field: String,
    pub value: TagValue,
    /// The unions it is a member of.
    pub unions: Vec<QualifiedName>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StructDef {
    pub mode: StructMode,
    pub array_like: bool,
    pub keep_defaults: bool,
    pub patch: bool,
    pub rename: Option<RenameRule>,
    /// Set when the struct is a member of a union: its encoding then carries the tag first.
    pub tagging: Option<Tagging>,
    pub fields: Vec<FieldDef>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldDef {
    /// The name in the `.ir` file (snake_case).
    pub name: String,
    /// The name on the wire, after `@rename` and `@name`.
    pub wire_name: String,
    pub ty: Type,
    /// `None` for a required field (then absent from the JSON form; a `null` default is
    /// `"default": null`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    pub doc: Option<String>,
    pub deprecated: Option<String>,
    pub examples: Vec<Value>,
    pub origin: Origin,
    /// `@renamed_from("...")`: the `.ir` names this field had before, for `seam breaking`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub renamed_from: Vec<String>,
    /// `@allow_breaking("rule", "reason")`: breaking changes accepted on this field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allow_breaking: Vec<AllowBreaking>,
}

impl FieldDef {
    pub fn required(&self) -> bool {
        self.default.is_none()
    }
}

/// Whether enum members are strings or integers on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    Str,
    Int,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumDef {
    pub repr: EnumRepr,
    /// Unknown wire values decode to an `Unknown(raw)` variant instead of failing.
    pub open: bool,
    pub members: Vec<EnumMemberDef>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumMemberDef {
    pub name: String,
    pub value: TagValue,
    pub doc: Option<String>,
    pub deprecated: Option<String>,
    /// `@allow_breaking("rule", "reason")`: breaking changes accepted on this member.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allow_breaking: Vec<AllowBreaking>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionDef {
    pub tag_field: String,
    /// Members in declaration order, each with its tag.
    pub members: Vec<UnionMember>,
    /// Whether the members are `@array_like` (all are, or none).
    pub array_like: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionMember {
    pub name: QualifiedName,
    pub tag: TagValue,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AliasDef {
    pub target: Type,
    /// `@ext(N)`: the MessagePack extension type code of a `bytes` alias.
    pub ext: Option<i8>,
}

impl AliasDef {
    /// A constrained or `@ext` alias is a newtype of its own in Rust; any other alias is a plain
    /// type alias.
    pub fn is_newtype(&self) -> bool {
        self.ext.is_some() || !self.target.constraints().is_empty()
    }
}

/// The sized integer types and the two unbounded ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntKind {
    I8,
    I16,
    I32,
    Int,
    U8,
    U16,
    U32,
    Uint,
}

impl IntKind {
    pub fn keyword(self) -> &'static str {
        match self {
            IntKind::I8 => "i8",
            IntKind::I16 => "i16",
            IntKind::I32 => "i32",
            IntKind::Int => "int",
            IntKind::U8 => "u8",
            IntKind::U16 => "u16",
            IntKind::U32 => "u32",
            IntKind::Uint => "uint",
        }
    }

    /// The inclusive range of values the type holds.
    pub fn range(self) -> (i128, i128) {
        match self {
            IntKind::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntKind::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntKind::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntKind::Int => (i64::MIN.into(), i64::MAX.into()),
            IntKind::U8 => (0, u8::MAX.into()),
            IntKind::U16 => (0, u16::MAX.into()),
            IntKind::U32 => (0, u32::MAX.into()),
            IntKind::Uint => (0, u64::MAX.into()),
        }
    }
}

/// The built-in scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Primitive {
    Bool,
    Int(IntKind),
    Float,
    Str,
    Bytes,
    Datetime,
    Date,
    Time,
    Duration,
    Uuid,
    Decimal,
    Any,
}

impl Primitive {
    pub fn from_keyword(name: &str) -> Option<Self> {
        Some(match name {
            "bool" => Primitive::Bool,
            "int" => Primitive::Int(IntKind::Int),
            "uint" => Primitive::Int(IntKind::Uint),
            "i8" => Primitive::Int(IntKind::I8),
            "i16" => Primitive::Int(IntKind::I16),
            "i32" => Primitive::Int(IntKind::I32),
            "u8" => Primitive::Int(IntKind::U8),
            "u16" => Primitive::Int(IntKind::U16),
            "u32" => Primitive::Int(IntKind::U32),
            "float" => Primitive::Float,
            "str" => Primitive::Str,
            "bytes" => Primitive::Bytes,
            "datetime" => Primitive::Datetime,
            "date" => Primitive::Date,
            "time" => Primitive::Time,
            "duration" => Primitive::Duration,
            "uuid" => Primitive::Uuid,
            "decimal" => Primitive::Decimal,
            "any" => Primitive::Any,
            _ => return None,
        })
    }

    pub fn keyword(self) -> &'static str {
        match self {
            Primitive::Bool => "bool",
            Primitive::Int(kind) => kind.keyword(),
            Primitive::Float => "float",
            Primitive::Str => "str",
            Primitive::Bytes => "bytes",
            Primitive::Datetime => "datetime",
            Primitive::Date => "date",
            Primitive::Time => "time",
            Primitive::Duration => "duration",
            Primitive::Uuid => "uuid",
            Primitive::Decimal => "decimal",
            Primitive::Any => "any",
        }
    }
}

/// A number as written in a constraint: integers stay exact.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(untagged)]
pub enum Number {
    Int(i128),
    Float(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) => write!(f, "{x:?}"),
        }
    }
}

/// The constraints of IDL.md section 4. Which ones may be set depends on the type; the resolver
/// rejects the others.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gt: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ge: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lt: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub le: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple_of: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tz: Option<bool>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A resolved type expression.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Type {
    Primitive {
        primitive: Primitive,
        constraints: Constraints,
    },
    List {
        item: Box<Type>,
        constraints: Constraints,
    },
    Set {
        item: Box<Type>,
        constraints: Constraints,
    },
    Map {
        key: Box<Type>,
        value: Box<Type>,
        constraints: Constraints,
    },
    Tuple {
        items: Vec<Type>,
    },
    Optional {
        inner: Box<Type>,
    },
    /// An inline literal set: `"a" | "b"` or `1 | 2`.
    Literals {
        values: Vec<TagValue>,
    },
    /// A declared type.
    Named {
        name: QualifiedName,
    },
}

impl Type {
    pub fn constraints(&self) -> Constraints {
        match self {
            Type::Primitive { constraints, .. }
            | Type::List { constraints, .. }
            | Type::Set { constraints, .. }
            | Type::Map { constraints, .. } => constraints.clone(),
            _ => Constraints::default(),
        }
    }

    pub fn is_optional(&self) -> bool {
        matches!(self, Type::Optional { .. })
    }

    /// Every declared type this type names, directly or inside containers.
    pub fn named_types(&self, out: &mut Vec<QualifiedName>) {
        match self {
            Type::Named { name } => out.push(name.clone()),
            Type::List { item, .. } | Type::Set { item, .. } => item.named_types(out),
            Type::Map { key, value, .. } => {
                key.named_types(out);
                value.named_types(out);
            }
            Type::Tuple { items } => items.iter().for_each(|t| t.named_types(out)),
            Type::Optional { inner } => inner.named_types(out),
            Type::Primitive { .. } | Type::Literals { .. } => {}
        }
    }
}

/// A literal value from the source (a default or an example), in wire form.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    /// A map literal in wire form (integer keys as decimal strings); keys are unique.
    Map(BTreeMap<String, Value>),
}
