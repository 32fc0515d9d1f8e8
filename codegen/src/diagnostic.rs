//! Diagnostics are data: a stable code, a message, a primary span, extra labels and a help line.
//!
//! Every stage collects them instead of stopping at the first; [`Diagnostics::sorted`] orders
//! them by file and position so that the output of `seam check` is stable.

use serde::Serialize;

use crate::ast::Span;
use crate::source::{FileId, SourceMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($($variant:ident => $text:literal, $severity:ident;)*) => {
        /// The stable diagnostic codes of IDL.md section 9.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the order IDL.md lists them.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as users see and write it (`unknown-type`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    Syntax => "syntax", Error;
    DuplicateDeclaration => "duplicate-declaration", Error;
    UnknownType => "unknown-type", Error;
    ImportNotFound => "import-not-found", Error;
    ImportCycle => "import-cycle", Error;
    DuplicateField => "duplicate-field", Error;
    WireNameCollision => "wire-name-collision", Error;
    InvalidDefault => "invalid-default", Error;
    DefaultViolatesConstraint => "default-violates-constraint", Error;
    ConstraintNotApplicable => "constraint-not-applicable", Error;
    ContradictoryConstraints => "contradictory-constraints", Error;
    InvalidPattern => "invalid-pattern", Error;
    UnknownAttribute => "unknown-attribute", Error;
    InvalidAttributeArgument => "invalid-attribute-argument", Error;
    UnionMemberNotStruct => "union-member-not-struct", Error;
    DuplicateTag => "duplicate-tag", Error;
    MixedTagTypes => "mixed-tag-types", Error;
    TagFieldCollision => "tag-field-collision", Error;
    ConflictingTagField => "conflicting-tag-field", Error;
    MixedUnionLayout => "mixed-union-layout", Error;
    PatchOnArrayLike => "patch-on-array-like", Error;
    RequiredAfterDefault => "required-after-default", Error;
    InfiniteRecursion => "infinite-recursion", Error;
    InvalidMapKey => "invalid-map-key", Error;
    DuplicateEnumValue => "duplicate-enum-value", Error;
    ExtCodeOutOfRange => "ext-code-out-of-range", Error;
    UnusedImport => "unused-import", Warning;
    DeprecatedUse => "deprecated-use", Warning;
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A span in a file with a short note on what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub message: String,
    /// The offending name or value.
    pub primary: Label,
    /// Related places (the first declaration of a duplicate, the other member of a clash).
    pub secondary: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>, file: FileId, span: Span) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            primary: Label {
                file,
                span,
                message: String::new(),
            },
            secondary: Vec::new(),
            help: None,
        }
    }

    /// Sets the short note printed under the caret.
    pub fn label(mut self, message: impl Into<String>) -> Self {
        self.primary.message = message.into();
        self
    }

    pub fn with_secondary(mut self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// A collection of diagnostics from one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The diagnostics ordered by file path, then position, then code; exact duplicates dropped.
    pub fn sorted(mut self, sources: &SourceMap) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    sources.get(d.primary.file).path.clone(),
                    d.primary.span.start,
                    d.primary.span.end,
                    d.code,
                    d.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        self.items.dedup();
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}
