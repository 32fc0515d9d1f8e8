//! JSON Schemas of seam's own documents, derived with `schemars` from typed descriptions: the
//! validation error payload (`seam_runtime::DecodeError::to_payload`), the diagnostics of
//! `seam check --format json`, and the contract index (`contract_index.json`). `seam generate`
//! publishes them beside the contract schemas, under `schema/seam/`.
//!
//! The types below describe the documents as they are written (schemars' serialize contract:
//! a field is required unless it may be left out) and forbid other properties, so that a
//! document with a property more, or less, fails; `codegen/tests/tool_schemas.rs` validates real
//! documents against these schemas.

use std::collections::BTreeMap;
use std::path::PathBuf;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;
use serde_json::Value as Json;

use crate::diagnostic::Code;

// ---------------------------------------------------------------------------------------------
// The validation error payload

/// A failed decode, as an API or a log carries it (`DecodeError::to_payload()`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "seam validation error")]
pub struct ValidationError {
    /// The first problem as `Display` prints it: msgspec's message, followed by `` - at `$.path` ``
    /// unless the problem is at the root or a syntax error.
    pub message: String,
    /// Every problem found, in document order.
    #[schemars(length(min = 1))]
    pub issues: Vec<ValidationIssue>,
}

/// One problem found while decoding.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidationIssue {
    pub kind: IssueKind,
    /// Where, with wire names: `$`, `$.field`, `$[3]`, `$.tags["x"]`.
    #[schemars(regex(pattern = r"^\$"))]
    pub path: String,
    /// The same location as an RFC 6901 JSON Pointer: ``, `/field`, `/3`, `/tags/x`.
    #[schemars(regex(pattern = r"^(/.*)?$"))]
    pub pointer: String,
    /// msgspec's text for the problem.
    pub message: String,
}

/// What kind of problem an issue is (IDL.md section 5, "Validation errors").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    Syntax,
    Type,
    MissingField,
    UnknownField,
    DuplicateField,
    Constraint,
    InvalidValue,
    OutOfRange,
    Length,
    Depth,
    Limit,
}

impl From<seam_runtime::IssueKind> for IssueKind {
    fn from(kind: seam_runtime::IssueKind) -> Self {
        use seam_runtime::IssueKind as K;
        // Exhaustive: a new kind in the runtime does not compile until it is described here.
        match kind {
            K::Syntax => IssueKind::Syntax,
            K::Type => IssueKind::Type,
            K::MissingField => IssueKind::MissingField,
            K::UnknownField => IssueKind::UnknownField,
            K::DuplicateField => IssueKind::DuplicateField,
            K::Constraint => IssueKind::Constraint,
            K::InvalidValue => IssueKind::InvalidValue,
            K::OutOfRange => IssueKind::OutOfRange,
            K::Length => IssueKind::Length,
            K::Depth => IssueKind::Depth,
            K::Limit => IssueKind::Limit,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The diagnostics of `seam check --format json`

/// What `seam check --format json` prints: a summary and every diagnostic.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "seam check diagnostics")]
pub struct Diagnostics {
    pub summary: Summary,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// `.ir` files read.
    pub files: u64,
    pub packages: u64,
    /// Declared types (patch types not counted).
    pub types: u64,
    pub errors: u64,
    pub warnings: u64,
}

/// One diagnostic (IDL.md section 9).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Diagnostic {
    /// The stable code.
    #[schemars(schema_with = "diagnostic_code")]
    pub code: String,
    pub severity: Severity,
    pub message: String,
    /// The file of the primary span, as given to `seam check` (`/` separators).
    pub file: String,
    /// 1-based line of the start of the span.
    #[schemars(range(min = 1))]
    pub line: u64,
    /// 1-based column, in characters, of the start of the span.
    #[schemars(range(min = 1))]
    pub column: u64,
    #[schemars(range(min = 1))]
    pub end_line: u64,
    #[schemars(range(min = 1))]
    pub end_column: u64,
    /// What the primary span points at.
    pub label: String,
    /// Secondary spans.
    pub related: Vec<RelatedLabel>,
    /// How to fix it, when seam knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub help: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelatedLabel {
    pub file: String,
    #[schemars(range(min = 1))]
    pub line: u64,
    #[schemars(range(min = 1))]
    pub column: u64,
    pub message: String,
}

#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Every stable diagnostic code, from the compiler's own list.
fn diagnostic_code(_: &mut SchemaGenerator) -> Schema {
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    json_schema!({"type": "string", "enum": codes})
}

// ---------------------------------------------------------------------------------------------
// The contract index

/// `contract_index.json`: every type of a contract set (IDL.md section 7).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "seam contract index")]
pub struct ContractIndex {
    /// From `seam.toml`.
    pub title: String,
    pub version: String,
    /// `sha256:<hex>` of the canonical JSON object mapping every type name to its `schema_hash`.
    #[schemars(regex(pattern = r"^sha256:[0-9a-f]{64}$"))]
    pub contract_hash: String,
    /// Sorted by name; patch types included.
    pub types: Vec<IndexEntry>,
}

/// One type, by kind.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum IndexEntry {
    /// A struct, with its fields.
    Struct {
        #[serde(flatten)]
        common: Declared,
        options: StructOptions,
        fields: Vec<FieldEntry>,
        /// The patch type's name, for a `@patch` struct.
        #[serde(skip_serializing_if = "Option::is_none")]
        patch: Option<String>,
    },
    /// An enum, with its members.
    Enum {
        #[serde(flatten)]
        common: Declared,
        options: EnumOptions,
        members: Vec<EnumMember>,
    },
    /// A tagged union, with its members and their tags.
    Union {
        #[serde(flatten)]
        common: Declared,
        options: UnionOptions,
        members: Vec<UnionMember>,
    },
    /// A type alias.
    Alias {
        #[serde(flatten)]
        common: Declared,
        options: AliasOptions,
    },
    /// The generated `<Name>Patch` of a `@patch` struct: every field optional, no defaults.
    Patch {
        #[serde(flatten)]
        common: Named,
        /// The base struct.
        patch_of: String,
        options: PatchOptions,
        fields: Vec<FieldEntry>,
    },
}

// What every entry has (a plain comment: a doc comment would describe each variant).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Named {
    /// The qualified name, `package.Type`.
    pub name: String,
    pub package: String,
    /// `sha256:<hex>` of the type's canonical JSON Schema without its `$id`.
    #[schemars(regex(pattern = r"^sha256:[0-9a-f]{64}$"))]
    pub schema_hash: String,
}

// What every declared (not generated) type has.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Declared {
    #[serde(flatten)]
    pub named: Named,
    /// The doc comment.
    pub doc: Option<String>,
    /// The `@deprecated` message.
    pub deprecated: Option<String>,
    pub origin: Origin,
}

/// Where a type was declared.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    pub file: String,
    #[schemars(range(min = 1))]
    pub line: u64,
    #[schemars(range(min = 1))]
    pub column: u64,
}

#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StructMode {
    Strict,
    Compat,
}

#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RenameRule {
    Camel,
    Pascal,
    Kebab,
    Upper,
    Lower,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StructOptions {
    pub mode: StructMode,
    pub array_like: bool,
    pub keep_defaults: bool,
    pub rename: Option<RenameRule>,
    /// The union tag, for a union member.
    pub tag: Option<Tag>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    pub field: String,
    pub value: WireValue,
}

/// A tag or an enum value: a string or an integer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum WireValue {
    Str(String),
    Int(i64),
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldEntry {
    /// The name in the `.ir` file.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// The type as written in a `.ir` file: `list<str(max_length = 8)>?`.
    #[serde(rename = "type")]
    pub ty: String,
    pub required: bool,
    pub nullable: bool,
    /// The default's wire form; `null` without one.
    pub default: Json,
    /// The constraints on the type itself (behind `?`).
    pub constraints: Constraints,
    pub doc: Option<String>,
    pub deprecated: Option<String>,
    pub examples: Vec<Json>,
}

/// IDL.md section 4; a constraint that is not set is left out.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "serde_json::Number")]
    pub gt: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "serde_json::Number")]
    pub ge: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "serde_json::Number")]
    pub lt: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "serde_json::Number")]
    pub le: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "serde_json::Number")]
    pub multiple_of: Option<serde_json::Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    pub min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    pub max_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub tz: Option<bool>,
}

#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    Str,
    Int,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumOptions {
    pub repr: EnumRepr,
    pub open: bool,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumMember {
    pub name: String,
    pub value: WireValue,
    pub doc: Option<String>,
    pub deprecated: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnionOptions {
    pub tag_field: String,
    pub array_like: bool,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnionMember {
    /// The member struct's qualified name.
    #[serde(rename = "type")]
    pub ty: String,
    pub tag: WireValue,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AliasOptions {
    /// The target type as written in a `.ir` file.
    pub target: String,
    /// `@ext(N)`: the MessagePack extension type code.
    pub ext: Option<i8>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchOptions {
    pub mode: StructMode,
}

// ---------------------------------------------------------------------------------------------
// Output

/// The schema of one document type: JSON Schema 2020-12, for documents as they are written.
pub fn schema_of<T: JsonSchema>() -> Json {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    generator.into_root_schema_for::<T>().to_value()
}

/// The tool's schemas by path relative to the output directory: `schema/seam/*.json`.
pub fn emit_tool_schemas() -> BTreeMap<PathBuf, String> {
    [
        ("validation_error", schema_of::<ValidationError>()),
        ("diagnostics", schema_of::<Diagnostics>()),
        ("contract_index", schema_of::<ContractIndex>()),
    ]
    .into_iter()
    .map(|(name, schema)| {
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        (PathBuf::from(format!("schema/seam/{name}.json")), text)
    })
    .collect()
}
