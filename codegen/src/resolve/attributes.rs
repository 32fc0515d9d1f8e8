//! Attributes: which apply where, what arguments they take.

use std::collections::BTreeMap;

use crate::ast::{Attribute, Literal, LiteralKind, Span};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::FileId;

/// The kinds of item an attribute can stand on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Struct,
    Enum,
    Union,
    Alias,
    Field,
    EnumMember,
}

impl Target {
    fn describe(self) -> &'static str {
        match self {
            Target::Struct => "a struct",
            Target::Enum => "an enum",
            Target::Union => "a union",
            Target::Alias => "a type alias",
            Target::Field => "a field",
            Target::EnumMember => "an enum member",
        }
    }
}

/// What an attribute's parentheses hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Args {
    /// No parentheses.
    None,
    /// One string.
    Str,
    /// One string or one integer.
    StrOrInt,
    /// One integer.
    Int,
    /// One literal of any kind.
    Any,
    /// Two strings.
    TwoStr,
}

struct Spec {
    name: &'static str,
    targets: &'static [Target],
    args: Args,
    repeatable: bool,
}

const SPECS: &[Spec] = &[
    Spec {
        name: "strict",
        targets: &[Target::Struct],
        args: Args::None,
        repeatable: false,
    },
    Spec {
        name: "compat",
        targets: &[Target::Struct],
        args: Args::None,
        repeatable: false,
    },
    Spec {
        name: "array_like",
        targets: &[Target::Struct],
        args: Args::None,
        repeatable: false,
    },
    Spec {
        name: "tag",
        targets: &[Target::Struct],
        args: Args::StrOrInt,
        repeatable: false,
    },
    Spec {
        name: "rename",
        targets: &[Target::Struct],
        args: Args::Str,
        repeatable: false,
    },
    Spec {
        name: "keep_defaults",
        targets: &[Target::Struct],
        args: Args::None,
        repeatable: false,
    },
    Spec {
        name: "patch",
        targets: &[Target::Struct],
        args: Args::None,
        repeatable: false,
    },
    Spec {
        name: "open",
        targets: &[Target::Enum],
        args: Args::None,
        repeatable: false,
    },
    Spec {
        name: "tag_field",
        targets: &[Target::Union],
        args: Args::Str,
        repeatable: false,
    },
    Spec {
        name: "ext",
        targets: &[Target::Alias],
        args: Args::Int,
        repeatable: false,
    },
    Spec {
        name: "name",
        targets: &[Target::Field],
        args: Args::Str,
        repeatable: false,
    },
    Spec {
        name: "example",
        targets: &[Target::Field],
        args: Args::Any,
        repeatable: true,
    },
    Spec {
        name: "deprecated",
        targets: &[
            Target::Struct,
            Target::Enum,
            Target::Union,
            Target::Alias,
            Target::Field,
            Target::EnumMember,
        ],
        args: Args::Str,
        repeatable: false,
    },
    Spec {
        name: "renamed_from",
        targets: &[
            Target::Struct,
            Target::Enum,
            Target::Union,
            Target::Alias,
            Target::Field,
        ],
        args: Args::Str,
        repeatable: true,
    },
    Spec {
        name: "allow_breaking",
        targets: &[
            Target::Struct,
            Target::Enum,
            Target::Union,
            Target::Alias,
            Target::Field,
            Target::EnumMember,
        ],
        args: Args::TwoStr,
        repeatable: true,
    },
];

/// An attribute that passed its checks: its single argument, if any.
#[derive(Debug, Clone)]
pub struct Checked<'a> {
    pub span: Span,
    pub arg: Option<&'a Literal>,
    /// Every argument (for attributes that take more than one).
    pub args: &'a [Literal],
}

/// The valid attributes of one item, by name; repeatable ones keep every occurrence.
#[derive(Debug, Default)]
pub struct AttributeSet<'a> {
    pub items: BTreeMap<&'static str, Vec<Checked<'a>>>,
}

impl<'a> AttributeSet<'a> {
    pub fn has(&self, name: &str) -> bool {
        self.items.contains_key(name)
    }

    pub fn first(&self, name: &str) -> Option<&Checked<'a>> {
        self.items.get(name).and_then(|v| v.first())
    }

    /// The string argument of an attribute that takes one.
    pub fn string(&self, name: &str) -> Option<(&'a str, Span)> {
        let checked = self.first(name)?;
        match &checked.arg?.kind {
            LiteralKind::Str { value, .. } => Some((value.as_str(), checked.arg?.span)),
            _ => None,
        }
    }

    /// The string arguments of every occurrence of a repeatable attribute.
    pub fn strings_all(&self, name: &str) -> Vec<Vec<&'a str>> {
        self.items
            .get(name)
            .map(|all| {
                all.iter()
                    .map(|c| {
                        c.args
                            .iter()
                            .filter_map(|a| match &a.kind {
                                LiteralKind::Str { value, .. } => Some(value.as_str()),
                                _ => None,
                            })
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `@renamed_from` names.
    pub fn renamed_from(&self) -> Vec<String> {
        self.strings_all("renamed_from")
            .into_iter()
            .filter_map(|v| v.first().map(|s| s.to_string()))
            .collect()
    }

    /// `@allow_breaking` rules and reasons.
    pub fn allow_breaking(&self) -> Vec<crate::model::AllowBreaking> {
        self.strings_all("allow_breaking")
            .into_iter()
            .filter_map(|v| match v.as_slice() {
                [rule, reason] => Some(crate::model::AllowBreaking {
                    rule: rule.to_string(),
                    reason: reason.to_string(),
                }),
                _ => None,
            })
            .collect()
    }
}

/// Checks the attributes of one item and returns the valid ones.
pub fn check_attributes<'a>(
    file: FileId,
    attributes: &'a [Attribute],
    target: Target,
    diagnostics: &mut Vec<Diagnostic>,
) -> AttributeSet<'a> {
    let mut set = AttributeSet::default();
    for attribute in attributes {
        let name = attribute.name.value.as_str();
        let Some(spec) = SPECS.iter().find(|s| s.name == name) else {
            let allowed: Vec<String> = SPECS
                .iter()
                .filter(|s| s.targets.contains(&target))
                .map(|s| format!("`@{}`", s.name))
                .collect();
            let applicable = SPECS
                .iter()
                .filter(|s| s.targets.contains(&target))
                .map(|s| s.name);
            let help = match super::closest(name, applicable) {
                Some(similar) => format!("did you mean `@{similar}`?"),
                None => format!(
                    "attributes of {} are {}",
                    target.describe(),
                    allowed.join(", ")
                ),
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::UnknownAttribute,
                    format!("unknown attribute `@{name}`"),
                    file,
                    attribute.name.span,
                )
                .label("not a seam attribute")
                .help(help),
            );
            continue;
        };
        if !spec.targets.contains(&target) {
            let on: Vec<&str> = spec.targets.iter().map(|t| t.describe()).collect();
            diagnostics.push(
                Diagnostic::new(
                    Code::UnknownAttribute,
                    format!(
                        "attribute `@{name}` does not apply to {}",
                        target.describe()
                    ),
                    file,
                    attribute.name.span,
                )
                .label("not allowed here")
                .help(format!("`@{name}` applies to {}", on.join(", "))),
            );
            continue;
        }
        if !spec.repeatable && set.has(spec.name) {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidAttributeArgument,
                    format!("attribute `@{name}` is given more than once"),
                    file,
                    attribute.span,
                )
                .label("repeated here")
                .with_secondary(
                    file,
                    set.first(spec.name).map(|c| c.span).unwrap_or_default(),
                    "first given here",
                ),
            );
            continue;
        }
        match check_args(spec, attribute) {
            Ok(arg) => set.items.entry(spec.name).or_default().push(Checked {
                span: attribute.span,
                arg,
                args: attribute.args.as_deref().unwrap_or_default(),
            }),
            Err((span, message, help)) => {
                diagnostics.push(
                    Diagnostic::new(Code::InvalidAttributeArgument, message, file, span)
                        .label("invalid argument")
                        .help(help),
                );
            }
        }
    }
    set
}

type ArgError = (Span, String, String);

fn check_args<'a>(spec: &Spec, attribute: &'a Attribute) -> Result<Option<&'a Literal>, ArgError> {
    let name = spec.name;
    let usage = match spec.args {
        Args::None => format!("write `@{name}` with no arguments"),
        Args::Str => format!("write `@{name}(\"...\")`"),
        Args::StrOrInt => format!("write `@{name}(\"value\")` or `@{name}(7)`"),
        Args::Int => format!("write `@{name}(N)` with an integer"),
        Args::Any => format!("write `@{name}(value)` with one value"),
        Args::TwoStr => format!("write `@{name}(\"rule\", \"reason\")`"),
    };
    let args = attribute.args.as_deref();
    if spec.args == Args::TwoStr {
        return check_allow_breaking(attribute, args, usage);
    }
    match (spec.args, args) {
        (Args::None, None) => Ok(None),
        (Args::None, Some(_)) => Err((
            attribute.span,
            format!("attribute `@{name}` takes no arguments"),
            usage,
        )),
        (_, None) | (_, Some([])) => Err((
            attribute.span,
            format!("attribute `@{name}` needs an argument"),
            usage,
        )),
        (_, Some([_, extra, ..])) => Err((
            extra.span,
            format!("attribute `@{name}` takes one argument"),
            usage,
        )),
        (kind, Some([arg])) => {
            let ok = match (&arg.kind, kind) {
                (_, Args::Any) => true,
                (LiteralKind::Str { .. }, Args::Str | Args::StrOrInt) => true,
                (LiteralKind::Number(raw), Args::Int | Args::StrOrInt) => is_integer(raw),
                _ => false,
            };
            if ok {
                Ok(Some(arg))
            } else {
                let wanted = match kind {
                    Args::Str => "a string",
                    Args::StrOrInt => "a string or an integer",
                    Args::Int => "an integer",
                    Args::None | Args::Any | Args::TwoStr => "no argument",
                };
                Err((
                    arg.span,
                    format!("attribute `@{name}` takes {wanted}"),
                    usage,
                ))
            }
        }
    }
}

/// `@allow_breaking("rule", "reason")`: two strings, the first a rule `seam breaking` reports.
fn check_allow_breaking<'a>(
    attribute: &'a Attribute,
    args: Option<&'a [Literal]>,
    usage: String,
) -> Result<Option<&'a Literal>, ArgError> {
    let name = attribute.name.value.as_str();
    let [rule, reason] = args.unwrap_or_default() else {
        let span = match args {
            Some([_, _, extra, ..]) => extra.span,
            _ => attribute.span,
        };
        return Err((
            span,
            format!("attribute `@{name}` takes two strings: a rule and a reason"),
            usage,
        ));
    };
    for arg in [rule, reason] {
        if !matches!(arg.kind, LiteralKind::Str { .. }) {
            return Err((
                arg.span,
                format!("attribute `@{name}` takes strings"),
                usage,
            ));
        }
    }
    if let LiteralKind::Str { value, .. } = &rule.kind {
        if !crate::breaking::RULES.contains(&value.as_str()) {
            let help = match super::closest(value, crate::breaking::RULES.iter().copied()) {
                Some(similar) => format!(
                    "did you mean `{similar}`? the rules are {}",
                    crate::breaking::RULES.join(", ")
                ),
                None => format!("the rules are {}", crate::breaking::RULES.join(", ")),
            };
            return Err((
                rule.span,
                format!("`{value}` is not a `seam breaking` rule"),
                help,
            ));
        }
    }
    Ok(Some(rule))
}

/// Whether a number literal is written as an integer.
pub fn is_integer(raw: &str) -> bool {
    !raw.contains(['.', 'e', 'E'])
}
