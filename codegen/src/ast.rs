//! The syntax tree of one `.ir` file, as written.
//!
//! Every node keeps its byte span so that later stages can point at it. Nothing here is checked
//! beyond the grammar: names are not resolved, attributes are not interpreted and literals are
//! kept as their source text. The resolver turns a set of these files into the model.

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// One parsed `.ir` file.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// Doc comments before `package`: they document the package.
    pub docs: Vec<Doc>,
    pub package: Spanned<String>,
    pub imports: Vec<Import>,
    pub declarations: Vec<Declaration>,
}

/// One `///` line, without the `///` marker.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// The path as written, relative to the importing file.
    pub path: Spanned<String>,
    pub span: Span,
}

/// `@name` or `@name(args...)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: Spanned<String>,
    /// `None` when the attribute has no parentheses.
    pub args: Option<Vec<Literal>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Declaration {
    pub docs: Vec<Doc>,
    pub attributes: Vec<Attribute>,
    pub name: Spanned<String>,
    pub body: DeclarationBody,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeclarationBody {
    Struct {
        fields: Vec<Field>,
    },
    Enum {
        repr: Option<Spanned<String>>,
        members: Vec<EnumMember>,
    },
    Union {
        members: Vec<Spanned<String>>,
    },
    Alias {
        target: TypeExpr,
    },
}

impl DeclarationBody {
    /// The keyword that introduces this kind of declaration.
    pub fn keyword(&self) -> &'static str {
        match self {
            DeclarationBody::Struct { .. } => "struct",
            DeclarationBody::Enum { .. } => "enum",
            DeclarationBody::Union { .. } => "union",
            DeclarationBody::Alias { .. } => "type",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub docs: Vec<Doc>,
    pub attributes: Vec<Attribute>,
    pub name: Spanned<String>,
    pub ty: TypeExpr,
    pub default: Option<Literal>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumMember {
    pub docs: Vec<Doc>,
    pub attributes: Vec<Attribute>,
    pub name: Spanned<String>,
    /// An explicit wire value (`= "DEBUG"`, `= 404`).
    pub value: Option<Literal>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    /// `int`, `common.hashes.Sha256`, `list<str>(max_length = 8)`.
    Named {
        path: Spanned<String>,
        args: Vec<TypeExpr>,
        constraints: Vec<Constraint>,
        span: Span,
    },
    /// `"a" | "b"` or `1 | 2`.
    Literals { values: Vec<Literal>, span: Span },
    /// `T?`.
    Optional { inner: Box<TypeExpr>, span: Span },
}

impl TypeExpr {
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Named { span, .. }
            | TypeExpr::Literals { span, .. }
            | TypeExpr::Optional { span, .. } => *span,
        }
    }
}

/// `name = value` inside a type's parentheses.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    pub name: Spanned<String>,
    pub value: Literal,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Literal {
    pub kind: LiteralKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LiteralKind {
    /// A string; `raw` is the source text between the quotes, escapes unprocessed.
    Str {
        value: String,
        raw: String,
    },
    /// A number in JSON syntax, as written.
    Number(String),
    Bool(bool),
    Null,
    List(Vec<Literal>),
    /// A map; every key is a `Str` literal.
    Map(Vec<(Literal, Literal)>),
}
