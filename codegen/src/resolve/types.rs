//! Type expressions and their constraints.

use std::collections::BTreeSet;

use crate::ast::{self, LiteralKind, Span, TypeExpr};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::source::FileId;

use super::Resolver;

const CONSTRAINTS: &str = "gt, ge, lt, le, multiple_of, min_length, max_length, pattern and tz";

/// Resolves one type expression. Returns `None` after reporting a problem that leaves the type
/// unknown; a problem with a constraint only drops that constraint.
pub(crate) fn resolve_type(
    r: &mut Resolver<'_>,
    file: FileId,
    expr: &TypeExpr,
    user_deprecated: bool,
) -> Option<Type> {
    match expr {
        TypeExpr::Optional { inner, .. } => {
            let inner = resolve_type(r, file, inner, user_deprecated)?;
            // `T?` where `T` is already nullable (an alias of `U?`) stays one level deep.
            Some(if inner.is_optional() {
                inner
            } else {
                Type::Optional {
                    inner: Box::new(inner),
                }
            })
        }
        TypeExpr::Literals { values, .. } => resolve_literal_set(r, file, values),
        TypeExpr::Named {
            path,
            args,
            constraints,
            span,
        } => {
            let is_builtin = !path.value.contains('.')
                && path.value.starts_with(|c: char| c.is_ascii_lowercase());
            if !is_builtin {
                let name = r.lookup(file, path, user_deprecated)?;
                if !args.is_empty() {
                    r.error(
                        Diagnostic::new(
                            Code::UnknownType,
                            format!("`{}` takes no type arguments", path.value),
                            file,
                            *span,
                        )
                        .label("type arguments here"),
                    );
                }
                if let Some(first) = constraints.first() {
                    r.error(
                        Diagnostic::new(
                            Code::ConstraintNotApplicable,
                            format!("constraints cannot be added to the declared type `{}`", path.value),
                            file,
                            first.name.span,
                        )
                        .label("constraint on a declared type")
                        .help("constraints apply to built-in types; declare an alias with the constraint instead"),
                    );
                }
                return Some(Type::Named { name });
            }
            resolve_builtin(r, file, path, args, constraints, *span, user_deprecated)
        }
    }
}

fn resolve_literal_set(
    r: &mut Resolver<'_>,
    file: FileId,
    values: &[ast::Literal],
) -> Option<Type> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    for value in values {
        let tag = match &value.kind {
            LiteralKind::Str { value, .. } => TagValue::Str(value.clone()),
            LiteralKind::Number(raw) if super::attributes::is_integer(raw) => {
                match raw.parse::<i64>() {
                    Ok(i) => TagValue::Int(i),
                    Err(_) => {
                        r.error(
                            Diagnostic::new(
                                Code::InvalidDefault,
                                format!("literal {raw} is outside the range of a 64-bit integer"),
                                file,
                                value.span,
                            )
                            .label("too large"),
                        );
                        return None;
                    }
                }
            }
            _ => {
                r.error(
                    Diagnostic::new(
                        Code::MixedTagTypes,
                        "a literal set holds strings or integers",
                        file,
                        value.span,
                    )
                    .label("not a string or an integer"),
                );
                return None;
            }
        };
        kinds.insert(matches!(tag, TagValue::Str(_)));
        if !seen.insert(tag.clone()) {
            r.error(
                Diagnostic::new(
                    Code::DuplicateEnumValue,
                    format!("{tag} appears twice in the literal set"),
                    file,
                    value.span,
                )
                .label("repeated"),
            );
            continue;
        }
        out.push(tag);
    }
    if kinds.len() > 1 {
        let is_str = |v: &ast::Literal| matches!(v.kind, LiteralKind::Str { .. });
        let describe = |v: &ast::Literal| if is_str(v) { "a string" } else { "an integer" };
        let first = &values[0];
        let odd = values
            .iter()
            .find(|v| is_str(v) != is_str(first))
            .unwrap_or(first);
        let mut d = Diagnostic::new(Code::MixedTagTypes, "a literal set mixes strings and integers", file, odd.span)
            .label(format!("{}, after {}", describe(odd), if is_str(first) { "strings" } else { "integers" }))
            .help("a literal set holds only strings or only integers: quote the integers, or declare a struct or union for the alternatives");
        if odd.span != first.span {
            d = d.with_secondary(
                file,
                first.span,
                format!("the set starts with {}", describe(first)),
            );
        }
        r.error(d);
        return None;
    }
    Some(Type::Literals { values: out })
}

#[allow(clippy::too_many_arguments)]
fn resolve_builtin(
    r: &mut Resolver<'_>,
    file: FileId,
    path: &ast::Spanned<String>,
    args: &[TypeExpr],
    constraints: &[ast::Constraint],
    span: Span,
    user_deprecated: bool,
) -> Option<Type> {
    let name = path.value.as_str();
    let arity = match name {
        "list" | "set" => Some((1, "one item type: `list<T>`")),
        "map" => Some((2, "a key and a value type: `map<K, V>`")),
        "tuple" => Some((usize::MAX, "item types: `tuple<A, B>`")),
        _ => None,
    };
    let Some((arity, usage)) = arity else {
        let Some(primitive) = Primitive::from_keyword(name) else {
            let mut d = Diagnostic::new(
                Code::UnknownType,
                format!("unknown type `{name}`"),
                file,
                path.span,
            )
            .label("not found");
            if let Some(hint) = suggest_builtin(name) {
                d = d.help(format!("did you mean `{hint}`?"));
            } else if let Some(declared) = r.declared_type_in_other_case(file, name) {
                d = d.help(format!(
                    "did you mean `{declared}`? (type names are PascalCase)"
                ));
            }
            r.error(d);
            return None;
        };
        if !args.is_empty() {
            r.error(
                Diagnostic::new(
                    Code::UnknownType,
                    format!("`{name}` takes no type arguments"),
                    file,
                    span,
                )
                .label("type arguments here"),
            );
        }
        let constraints = resolve_constraints(r, file, Shape::Primitive(primitive), constraints);
        return Some(Type::Primitive {
            primitive,
            constraints,
        });
    };
    let count_ok = if arity == usize::MAX {
        !args.is_empty()
    } else {
        args.len() == arity
    };
    if !count_ok {
        r.error(
            Diagnostic::new(
                Code::UnknownType,
                format!("`{name}` takes {usage}"),
                file,
                span,
            )
            .label(format!("{} type argument(s) given", args.len())),
        );
        return None;
    }
    let mut items = Vec::new();
    for arg in args {
        items.push(resolve_type(r, file, arg, user_deprecated));
    }
    let items: Option<Vec<Type>> = items.into_iter().collect();
    let mut items = items?;
    match name {
        "list" | "set" => {
            let shape = if name == "list" {
                Shape::List
            } else {
                Shape::Set
            };
            let constraints = resolve_constraints(r, file, shape, constraints);
            let item = Box::new(items.remove(0));
            Some(if name == "list" {
                Type::List { item, constraints }
            } else {
                Type::Set { item, constraints }
            })
        }
        "map" => {
            let constraints = resolve_constraints(r, file, Shape::Map, constraints);
            let value = Box::new(items.remove(1));
            let key = Box::new(items.remove(0));
            Some(Type::Map {
                key,
                value,
                constraints,
            })
        }
        _ => {
            if let Some(first) = constraints.first() {
                r.error(
                    Diagnostic::new(
                        Code::ConstraintNotApplicable,
                        "a tuple takes no constraints",
                        file,
                        first.name.span,
                    )
                    .label("constraint on a tuple"),
                );
            }
            Some(Type::Tuple { items })
        }
    }
}

/// Every built-in type name.
pub(crate) const BUILTIN_TYPES: &[&str] = &[
    "bool", "int", "uint", "i8", "i16", "i32", "u8", "u16", "u32", "float", "str", "bytes",
    "datetime", "date", "time", "duration", "uuid", "decimal", "any", "list", "set", "map",
    "tuple",
];

fn suggest_builtin(name: &str) -> Option<&'static str> {
    if let Some(known) = suggest_builtin_alias(name) {
        return Some(known);
    }
    if let Some(close) = super::closest(name, BUILTIN_TYPES.iter().copied()) {
        return Some(close);
    }
    // A misspelling of another language's name (`strng` for `string`).
    let foreign = BUILTIN_ALIASES.iter().map(|(alias, _)| *alias);
    super::closest(name, foreign).and_then(suggest_builtin_alias)
}

/// Names other languages give to a built-in type.
const BUILTIN_ALIASES: &[(&str, &str)] = &[
    ("integer", "int"),
    ("i64", "int"),
    ("long", "int"),
    ("u64", "uint"),
    ("unsigned", "uint"),
    ("string", "str"),
    ("text", "str"),
    ("boolean", "bool"),
    ("double", "float"),
    ("f64", "float"),
    ("f32", "float"),
    ("number", "float"),
    ("array", "list"),
    ("vec", "list"),
    ("dict", "map"),
    ("object", "map"),
    ("hashmap", "map"),
    ("timestamp", "datetime"),
    ("binary", "bytes"),
    ("blob", "bytes"),
];

fn suggest_builtin_alias(name: &str) -> Option<&'static str> {
    BUILTIN_ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map(|(_, builtin)| *builtin)
}

/// What kind of value a constraint is written on.
#[derive(Debug, Clone, Copy)]
enum Shape {
    Primitive(Primitive),
    List,
    Set,
    Map,
}

impl Shape {
    fn describe(self) -> String {
        match self {
            Shape::Primitive(p) => format!("`{}`", p.keyword()),
            Shape::List => "`list`".into(),
            Shape::Set => "`set`".into(),
            Shape::Map => "`map`".into(),
        }
    }

    fn applies(self, constraint: &str) -> bool {
        use Primitive as P;
        match constraint {
            "gt" | "ge" | "lt" | "le" | "multiple_of" => {
                matches!(self, Shape::Primitive(P::Int(_) | P::Float))
            }
            "min_length" | "max_length" => {
                matches!(
                    self,
                    Shape::Primitive(P::Str | P::Bytes) | Shape::List | Shape::Set | Shape::Map
                )
            }
            "pattern" => matches!(self, Shape::Primitive(P::Str)),
            "tz" => matches!(self, Shape::Primitive(P::Time | P::Datetime)),
            _ => false,
        }
    }

    /// The constraint a misspelled or foreign constraint name most likely means on this shape.
    fn suggest(self, name: &str) -> Option<&'static str> {
        let numeric = matches!(self, Shape::Primitive(Primitive::Int(_) | Primitive::Float));
        let known: Option<&'static str> = match name {
            "max" | "maximum" | "max_value" => Some(if numeric { "le" } else { "max_length" }),
            "min" | "minimum" | "min_value" => Some(if numeric { "ge" } else { "min_length" }),
            "exclusive_maximum" | "exclusive_max" => Some("lt"),
            "exclusive_minimum" | "exclusive_min" => Some("gt"),
            "regex" | "regexp" | "re" | "match" => Some("pattern"),
            "max_len" | "max_items" | "max_size" | "max_entries" => Some("max_length"),
            "min_len" | "min_items" | "min_size" | "min_entries" => Some("min_length"),
            "multiple" | "step" | "divisible_by" => Some("multiple_of"),
            "timezone" | "utc" | "offset" => Some("tz"),
            _ => None,
        };
        known
            .filter(|c| self.applies(c))
            .or_else(|| super::closest(name, self.applicable()))
    }

    fn applicable(self) -> Vec<&'static str> {
        [
            "gt",
            "ge",
            "lt",
            "le",
            "multiple_of",
            "min_length",
            "max_length",
            "pattern",
            "tz",
        ]
        .into_iter()
        .filter(|c| self.applies(c))
        .collect()
    }
}

fn parse_number(raw: &str) -> Option<Number> {
    if super::attributes::is_integer(raw) {
        if let Ok(i) = raw.parse::<i128>() {
            return Some(Number::Int(i));
        }
    }
    raw.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Number::Float)
}

fn resolve_constraints(
    r: &mut Resolver<'_>,
    file: FileId,
    shape: Shape,
    written: &[ast::Constraint],
) -> Constraints {
    let mut out = Constraints::default();
    let mut spans: std::collections::BTreeMap<&str, Span> = std::collections::BTreeMap::new();
    for constraint in written {
        let name = constraint.name.value.as_str();
        let known = [
            "gt",
            "ge",
            "lt",
            "le",
            "multiple_of",
            "min_length",
            "max_length",
            "pattern",
            "tz",
        ]
        .contains(&name);
        if !known {
            let help = match shape.suggest(name) {
                Some(similar) => format!("did you mean `{similar}`?"),
                None => {
                    let applicable = shape.applicable();
                    if applicable.is_empty() {
                        format!("the constraints are {CONSTRAINTS}")
                    } else {
                        let listed: Vec<String> =
                            applicable.iter().map(|c| format!("`{c}`")).collect();
                        format!("{} takes {}", shape.describe(), listed.join(", "))
                    }
                }
            };
            r.error(
                Diagnostic::new(
                    Code::ConstraintNotApplicable,
                    format!("unknown constraint `{name}`"),
                    file,
                    constraint.name.span,
                )
                .label("not a constraint")
                .help(help),
            );
            continue;
        }
        if !shape.applies(name) {
            let applicable = shape.applicable();
            let help = if applicable.is_empty() {
                format!("{} takes no constraints", shape.describe())
            } else {
                format!(
                    "{} takes {}",
                    shape.describe(),
                    applicable
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            r.error(
                Diagnostic::new(
                    Code::ConstraintNotApplicable,
                    format!("constraint `{name}` does not apply to {}", shape.describe()),
                    file,
                    constraint.name.span,
                )
                .label("not applicable")
                .help(help),
            );
            continue;
        }
        if let Some(first) = spans.get(name) {
            r.error(
                Diagnostic::new(
                    Code::ContradictoryConstraints,
                    format!("constraint `{name}` is given twice"),
                    file,
                    constraint.name.span,
                )
                .label("given again")
                .with_secondary(file, *first, "first given here"),
            );
            continue;
        }
        spans.insert(name, constraint.name.span);
        let value = &constraint.value;
        let bad_value = |r: &mut Resolver<'_>, wanted: &str| {
            r.error(
                Diagnostic::new(
                    Code::ConstraintNotApplicable,
                    format!("constraint `{name}` takes {wanted}"),
                    file,
                    value.span,
                )
                .label("invalid value"),
            );
        };
        match name {
            "gt" | "ge" | "lt" | "le" | "multiple_of" => {
                let is_int_type = matches!(shape, Shape::Primitive(Primitive::Int(_)));
                let number = match &value.kind {
                    LiteralKind::Number(raw) => parse_number(raw),
                    _ => None,
                };
                let number = match number {
                    Some(Number::Float(_)) if is_int_type => {
                        bad_value(r, &format!("an integer on {}", shape.describe()));
                        continue;
                    }
                    Some(n) => n,
                    None => {
                        bad_value(r, "a number");
                        continue;
                    }
                };
                if name == "multiple_of" && number.as_f64() <= 0.0 {
                    bad_value(r, "a number greater than 0");
                    continue;
                }
                match name {
                    "gt" => out.gt = Some(number),
                    "ge" => out.ge = Some(number),
                    "lt" => out.lt = Some(number),
                    "le" => out.le = Some(number),
                    _ => out.multiple_of = Some(number),
                }
            }
            "min_length" | "max_length" => {
                let length = match &value.kind {
                    LiteralKind::Number(raw) if super::attributes::is_integer(raw) => {
                        raw.parse::<u64>().ok()
                    }
                    _ => None,
                };
                match length {
                    Some(n) if name == "min_length" => out.min_length = Some(n),
                    Some(n) => out.max_length = Some(n),
                    None => bad_value(r, "a non-negative integer"),
                }
            }
            "pattern" => match &value.kind {
                LiteralKind::Str { value: pattern, .. } => {
                    match regex::Regex::new(&seam_runtime::check::python_pattern(pattern)) {
                        Ok(_) => out.pattern = Some(pattern.clone()),
                        Err(error) => {
                            let detail = regex_error_summary(&error);
                            let unsupported = pattern.contains("(?=")
                                || pattern.contains("(?!")
                                || pattern.contains("(?<=")
                                || pattern.contains("(?<!")
                                || pattern.contains("\\1");
                            let help = if unsupported {
                                "patterns use the syntax of the Rust `regex` crate, which has no look-around and no back-references, so that matching takes linear time".to_string()
                            } else {
                                "patterns use the syntax of the Rust `regex` crate (close to Python's `re` without look-around or back-references)".to_string()
                            };
                            r.error(
                                Diagnostic::new(
                                    Code::InvalidPattern,
                                    format!("invalid pattern: {detail}"),
                                    file,
                                    value.span,
                                )
                                .label("this regular expression")
                                .help(help),
                            );
                        }
                    }
                }
                _ => bad_value(r, "a string"),
            },
            _ => match (&value.kind, shape) {
                (LiteralKind::Bool(false), Shape::Primitive(Primitive::Datetime)) => {
                    r.error(
                        Diagnostic::new(Code::ConstraintNotApplicable, "`datetime` always carries a UTC offset: `tz = false` is not allowed", file, value.span)
                            .label("naive datetimes are not supported")
                            .help("remove the constraint (`tz = true` is the default), or use `date` and `time` separately"),
                    );
                }
                (LiteralKind::Bool(b), _) => out.tz = Some(*b),
                _ => bad_value(r, "`true` or `false`"),
            },
        }
    }
    check_contradictions(r, file, shape, &mut out, &spans);
    out
}

fn regex_error_summary(error: &regex::Error) -> String {
    // The regex crate's message spans several lines with its own caret; keep the last line,
    // which says what is wrong.
    let text = error.to_string();
    text.lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map(|l| {
            l.trim_start()
                .trim_start_matches("error:")
                .trim()
                .to_string()
        })
        .unwrap_or_else(|| text.lines().last().unwrap_or("").to_string())
}

/// Reports bounds that no value satisfies. A contradictory pair is dropped from the constraints,
/// so that a default is not also reported as breaking bounds that cannot both hold.
fn check_contradictions(
    r: &mut Resolver<'_>,
    file: FileId,
    shape: Shape,
    c: &mut Constraints,
    spans: &std::collections::BTreeMap<&str, Span>,
) {
    let span_of = |name: &str| spans.get(name).copied().unwrap_or_default();
    let mut bounds_ok = true;
    if c.gt.is_some() && c.ge.is_some() {
        r.error(
            Diagnostic::new(
                Code::ContradictoryConstraints,
                "`gt` and `ge` cannot both be given",
                file,
                span_of("ge"),
            )
            .label("second lower bound")
            .with_secondary(file, span_of("gt"), "first lower bound")
            .help("keep one lower bound: for integers, `gt = n` is the same as `ge = n + 1`"),
        );
        bounds_ok = false;
    }
    if c.lt.is_some() && c.le.is_some() {
        r.error(
            Diagnostic::new(
                Code::ContradictoryConstraints,
                "`lt` and `le` cannot both be given",
                file,
                span_of("le"),
            )
            .label("second upper bound")
            .with_secondary(file, span_of("lt"), "first upper bound")
            .help("keep one upper bound: for integers, `lt = n` is the same as `le = n - 1`"),
        );
        bounds_ok = false;
    }
    let (lower_name, lower) = match (c.gt, c.ge) {
        (Some(n), _) => ("gt", Some((n, false))),
        (_, Some(n)) => ("ge", Some((n, true))),
        _ => ("", None),
    };
    let (upper_name, upper) = match (c.lt, c.le) {
        (Some(n), _) => ("lt", Some((n, false))),
        (_, Some(n)) => ("le", Some((n, true))),
        _ => ("", None),
    };
    let written = |name: &str, bound: Option<(Number, bool)>| {
        bound
            .map(|(n, _)| format!("`{name} = {n}`"))
            .unwrap_or_default()
    };
    if !bounds_ok {
        // Already reported; the pair is meaningless, so do not reason about it further.
    } else if let Shape::Primitive(Primitive::Int(kind)) = shape {
        // Integers: turn the bounds into an inclusive range and intersect it with the type's.
        let (min, max) = kind.range();
        let lo = match lower {
            Some((Number::Int(n), inclusive)) => {
                if inclusive {
                    n
                } else {
                    n + 1
                }
            }
            _ => min,
        };
        let hi = match upper {
            Some((Number::Int(n), inclusive)) => {
                if inclusive {
                    n
                } else {
                    n - 1
                }
            }
            _ => max,
        };
        let keyword = kind.keyword();
        if lo > max || hi < min {
            // One bound is outside the type's range.
            let (name, bound) = if lo > max {
                (lower_name, lower)
            } else {
                (upper_name, upper)
            };
            r.error(
                Diagnostic::new(
                    Code::ContradictoryConstraints,
                    format!("no `{keyword}` value satisfies {}", written(name, bound)),
                    file,
                    span_of(name),
                )
                .label(format!("outside the range of `{keyword}`"))
                .help(format!("`{keyword}` holds {min} to {max}: use a wider integer type or change the bound")),
            );
            bounds_ok = false;
        } else if lo > hi {
            report_empty_range(
                r,
                file,
                &format!("`{keyword}` value"),
                &written(lower_name, lower),
                &written(upper_name, upper),
                span_of(lower_name),
                span_of(upper_name),
            );
            bounds_ok = false;
        }
    } else if let (Some((lo, lo_inclusive)), Some((hi, hi_inclusive))) = (lower, upper) {
        let (lo_f, hi_f) = (lo.as_f64(), hi.as_f64());
        if lo_f > hi_f || (lo_f == hi_f && !(lo_inclusive && hi_inclusive)) {
            report_empty_range(
                r,
                file,
                "value",
                &written(lower_name, lower),
                &written(upper_name, upper),
                span_of(lower_name),
                span_of(upper_name),
            );
            bounds_ok = false;
        }
    }
    if !bounds_ok {
        c.gt = None;
        c.ge = None;
        c.lt = None;
        c.le = None;
    }
    if let (Some(min), Some(max)) = (c.min_length, c.max_length) {
        if min > max {
            r.error(
                Diagnostic::new(
                    Code::ContradictoryConstraints,
                    format!(
                        "no value satisfies both `min_length = {min}` and `max_length = {max}`"
                    ),
                    file,
                    span_of("min_length"),
                )
                .label("minimum")
                .with_secondary(file, span_of("max_length"), "maximum")
                .help("check that `min_length` and `max_length` are not swapped"),
            );
            c.min_length = None;
            c.max_length = None;
        }
    }
}

/// Lower and upper bounds that leave no value between them.
fn report_empty_range(
    r: &mut Resolver<'_>,
    file: FileId,
    what: &str,
    lower: &str,
    upper: &str,
    lower_span: Span,
    upper_span: Span,
) {
    r.error(
        Diagnostic::new(Code::ContradictoryConstraints, format!("no {what} satisfies both {lower} and {upper}"), file, lower_span)
            .label("lower bound")
            .with_secondary(file, upper_span, "upper bound")
            .help("`gt`/`ge` give the lowest allowed value and `lt`/`le` the highest: check that they are not swapped"),
    );
}
