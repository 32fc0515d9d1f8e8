//! Stage 1: text to syntax tree.
//!
//! The pest grammar (`grammar.pest`) recognises the text; this module turns pest's pairs into the
//! [`ast`](crate::ast) types, so no later stage sees a pest type, and turns pest's errors into
//! `syntax` diagnostics written in the words of the language rather than the grammar's rule names.

use pest::iterators::Pair;
use pest::Parser as _;
use pest_derive::Parser;

use crate::ast::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::FileId;

#[derive(Parser)]
#[grammar = "grammar.pest"]
struct IrParser;

/// How deeply brackets may nest in a file. The parser is recursive, so a bound keeps a hostile
/// file from overflowing the stack; real contracts nest a handful of levels.
pub const MAX_NESTING: usize = 64;

/// Parses one file. A file with a syntax error yields exactly one diagnostic, at the first place
/// the text stops making sense.
// A syntax error is returned once per file, so the size of `Diagnostic` in the `Err` variant
// costs nothing worth boxing for.
#[allow(clippy::result_large_err)]
pub fn parse_file(file: FileId, text: &str) -> Result<File, Diagnostic> {
    check_nesting(file, text)?;
    let mut pairs = IrParser::parse(Rule::file, text).map_err(|e| syntax_error(file, text, e))?;
    let file_pair = pairs.next().expect("the file rule always yields one pair");
    Ok(build_file(file_pair))
}

/// Rejects bracket nesting beyond [`MAX_NESTING`] before the recursive parser sees it. Brackets
/// inside strings and comments do not count.
#[allow(clippy::result_large_err)]
fn check_nesting(file: FileId, text: &str) -> Result<(), Diagnostic> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 1;
            }
            b'(' | b'[' | b'{' | b'<' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Diagnostic::new(
                        Code::Syntax,
                        format!("brackets nest more than {MAX_NESTING} levels deep"),
                        file,
                        Span::new(i, i + 1),
                    )
                    .label("too deep")
                    .help("split the type into named declarations"));
                }
            }
            b')' | b']' | b'}' | b'>' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

fn syntax_error(file: FileId, text: &str, error: pest::error::Error<Rule>) -> Diagnostic {
    let offset = match error.location {
        pest::error::InputLocation::Pos(pos) => pos,
        pest::error::InputLocation::Span((start, _)) => start,
    };
    // Problems inside one token are reported as what they are, whatever the parser expected.
    if let Some(diagnostic) = lexical_error(file, text, offset) {
        return diagnostic;
    }
    let found = token_at(text, offset);
    let found_span = Span::new(offset, offset + found.len());
    let found_text = if found.is_empty() {
        "end of file".to_string()
    } else if found.starts_with("///") {
        "a doc comment".to_string()
    } else {
        format!("`{found}`")
    };
    let positives = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let expected = describe_expected(&positives);
    let message = if expected.is_empty() {
        format!("unexpected {found_text}")
    } else {
        format!("expected {expected}, found {found_text}")
    };
    // A missing `;` (or a missing end of a type) is noticed only at the next token, often on the
    // next line; the place to fix is right after the last token, so point there.
    let previous_end = previous_token_end(text, offset);
    let missing_at_line_end =
        positives.contains(&Rule::semi) && text[previous_end..offset].contains('\n');
    let mut diagnostic = if missing_at_line_end {
        let missing = if positives == [Rule::semi] {
            "`;` missing here"
        } else {
            "expected here"
        };
        let mut d = Diagnostic::new(
            Code::Syntax,
            message,
            file,
            Span::new(previous_end, previous_end),
        )
        .label(missing);
        if !found.is_empty() {
            d = d.with_secondary(file, found_span, "unexpected here");
        }
        d
    } else {
        Diagnostic::new(Code::Syntax, message, file, found_span).label("unexpected here")
    };
    if let Some(help) = syntax_help(&positives, found, text, offset, previous_end) {
        diagnostic = diagnostic.help(help);
    }
    diagnostic
}

/// A string or comment that cannot be a token: an unterminated string, a bad escape, an
/// unterminated block comment.
fn lexical_error(file: FileId, text: &str, offset: usize) -> Option<Diagnostic> {
    let rest = text.get(offset..)?;
    if rest.starts_with("/*") && !rest[2..].contains("*/") {
        return Some(
            Diagnostic::new(
                Code::Syntax,
                "unterminated block comment",
                file,
                Span::new(offset, offset + 2),
            )
            .label("this comment is never closed")
            .help("close the comment with `*/`"),
        );
    }
    if !rest.starts_with('"') {
        return None;
    }
    let mut chars = rest.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        let at = offset + i;
        match c {
            '"' => return None,
            '\n' | '\r' => break,
            '\\' => {
                let Some(&(_, escape)) = chars.peek() else {
                    break;
                };
                let valid = match escape {
                    '"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't' => true,
                    'u' => {
                        rest[i + 2..]
                            .chars()
                            .take(4)
                            .filter(char::is_ascii_hexdigit)
                            .count()
                            == 4
                    }
                    _ => false,
                };
                if !valid {
                    let end = at
                        + 1
                        + if escape == '\n' || escape == '\r' {
                            0
                        } else {
                            escape.len_utf8()
                        };
                    let shown = &text[at..end];
                    return Some(
                        Diagnostic::new(Code::Syntax, format!("invalid escape `{shown}` in a string"), file, Span::new(at, end))
                            .label("not a JSON escape")
                            .help("strings use JSON's escapes: `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` and `\\uXXXX`; a backslash in a regular expression is written twice, as in `\"\\\\d+\"`"),
                    );
                }
                chars.next();
            }
            c if c.is_control() && (c as u32) < 0x20 => {
                return Some(
                    Diagnostic::new(
                        Code::Syntax,
                        "a string cannot contain a control character",
                        file,
                        Span::new(at, at + c.len_utf8()),
                    )
                    .label("control character")
                    .help("write it as an escape: `\\t` for a tab, `\\uXXXX` otherwise"),
                );
            }
            _ => {}
        }
    }
    let line_end = rest
        .find(['\n', '\r'])
        .map(|i| offset + i)
        .unwrap_or(text.len());
    Some(
        Diagnostic::new(
            Code::Syntax,
            "unterminated string",
            file,
            Span::new(offset, line_end),
        )
        .label("this string is not closed on its line")
        .help(
            "close the string with `\"`; a string cannot span lines (write `\\n` for a line break)",
        ),
    )
}

/// The token starting at `offset`: a word, a number, a string, a doc comment marker, or one
/// character.
fn token_at(text: &str, offset: usize) -> &str {
    let rest = text.get(offset..).unwrap_or("");
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    match rest.chars().next() {
        None => "",
        Some(_) if rest.starts_with("///") => "///",
        Some('-') if rest[1..].starts_with(|c: char| c.is_ascii_digit()) => {
            let end = 1 + rest[1..]
                .find(|c: char| !is_word(c))
                .unwrap_or(rest.len() - 1);
            &rest[..end]
        }
        Some(c) if is_word(c) => {
            let end = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
            &rest[..end]
        }
        Some('"') => {
            // A whole string on one line (a broken one is reported by `lexical_error`).
            let mut escaped = false;
            for (i, c) in rest.char_indices().skip(1) {
                match c {
                    '\n' => break,
                    '"' if !escaped => return &rest[..=i],
                    '\\' => escaped = !escaped,
                    _ => escaped = false,
                }
            }
            "\""
        }
        Some(c) => &rest[..c.len_utf8()],
    }
}

/// Where the last token before `offset` ends, skipping whitespace and comments (but not doc
/// comments, which are tokens).
fn previous_token_end(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let offset = offset.min(text.len());
    let mut last_end = 0;
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if text[i..].starts_with("///") && !text[i..].starts_with("////") => {
                while i < offset && bytes[i] != b'\n' {
                    i += 1;
                }
                last_end = text[..i].trim_end_matches('\r').len();
            }
            b'/' if text[i..].starts_with("//") => {
                while i < offset && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if text[i..].starts_with("/*") => {
                i = text[i + 2..]
                    .find("*/")
                    .map(|j| i + 2 + j + 2)
                    .unwrap_or(text.len());
            }
            b'"' => {
                i += 1;
                while i < offset && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(text.len());
                last_end = i;
            }
            _ => {
                i += 1;
                last_end = i;
            }
        }
    }
    last_end.min(offset)
}

fn syntax_help(
    positives: &[Rule],
    found: &str,
    text: &str,
    offset: usize,
    previous_end: usize,
) -> Option<String> {
    let previous = text[..previous_end].trim_end();
    let line_start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = &text[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let first = found.chars().next();
    let is_ident = first.is_some_and(|c| c.is_alphabetic() || c == '_');
    let has = |rule: Rule| positives.contains(&rule);

    if has(Rule::kw_package) || has(Rule::package_decl) {
        return Some("every `.ir` file starts with its package: `package delta.policy;`".into());
    }
    if has(Rule::package_name) && is_ident {
        return Some(format!(
            "package names are lower-case words joined by `.`, like `{}`",
            found.to_lowercase()
        ));
    }
    if has(Rule::type_name) && is_ident && !found.contains('.') {
        return Some(format!(
            "type names are PascalCase (letters and digits, starting upper-case), like `{}`",
            to_pascal_case(found)
        ));
    }
    if is_ident && to_snake_case(found) != found {
        if has(Rule::field) {
            return Some(format!(
                "field names are snake_case, like `{}`",
                to_snake_case(found)
            ));
        }
        if has(Rule::enum_member) {
            return Some(format!(
                "enum member names are snake_case, like `{}`",
                to_snake_case(found)
            ));
        }
        if has(Rule::field_name) {
            return Some(format!(
                "field, enum member and constraint names are snake_case, like `{}`",
                to_snake_case(found)
            ));
        }
    }
    if positives == [Rule::colon] {
        return Some("a field is written `name: type;`".into());
    }
    if found == "?" && has(Rule::pipe) && !has(Rule::question) {
        return Some("a literal set is made nullable with parentheses: `(\"a\" | \"b\")?`".into());
    }
    if has(Rule::semi) {
        if found == "," || previous.ends_with(',') {
            if line.contains("union")
                || previous.ends_with(',')
                    && text[..offset]
                        .rsplit(['{', ';'])
                        .next()
                        .is_some_and(|s| s.contains("union"))
            {
                return Some("union members are separated by `|`".into());
            }
            return Some("every field ends with `;`, not `,`".into());
        }
        if found == "}" {
            return Some("every field ends with `;`".into());
        }
        return None;
    }
    if has(Rule::declaration) || has(Rule::EOI) {
        if found == ";" && previous.ends_with('}') {
            return Some(
                "remove this `;`: the `{ ... }` body of a struct or enum is not followed by `;`"
                    .into(),
            );
        }
        if found == "}" {
            return Some("this `}` closes nothing: check the braces above".into());
        }
        let keyword = match found {
            "import" => {
                return Some("imports come right after `package`, before any declaration".into())
            }
            "package" => return Some("a file has one `package` line, at the top".into()),
            "message" | "record" | "class" | "table" | "object" | "model" | "schema" | "Struct" => {
                "struct"
            }
            "oneof" | "variant" | "sealed" | "Union" => "union",
            "alias" | "typedef" | "typealias" | "newtype" => "type",
            "Enum" => "enum",
            _ => return None,
        };
        return Some(format!("did you mean `{keyword}`?"));
    }
    let wants_value =
        has(Rule::literal) || has(Rule::string) || has(Rule::number) || has(Rule::map_entry);
    if wants_value && is_ident {
        return Some(match found {
            "True" | "TRUE" => "literals are lower-case: `true`".into(),
            "False" | "FALSE" => "literals are lower-case: `false`".into(),
            "None" | "nil" | "NULL" | "Null" => "the absent value is written `null`".into(),
            _ if has(Rule::map_entry) || has(Rule::string) && has(Rule::rbrace) => {
                format!("map keys are strings in double quotes: `\"{found}\"`")
            }
            _ => format!("strings are written in double quotes: `\"{found}\"`"),
        });
    }
    if wants_value && first.is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '+' || c == '.')
    {
        return Some(
            "numbers are written as in JSON: no leading zeros or `+`, digits on both sides of `.`"
                .into(),
        );
    }
    None
}

fn to_pascal_case(name: &str) -> String {
    name.split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

fn to_snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// What the parser expected, in words: "`;`, `=` or `?`".
fn describe_expected(positives: &[Rule]) -> String {
    let mut words: Vec<(u8, &'static str)> = positives
        .iter()
        .filter_map(|rule| describe_rule(*rule))
        .collect();
    // A doc comment is possible almost anywhere; naming it only helps when it is all there is.
    if words.len() > 1 {
        words.retain(|(_, w)| *w != "a doc comment");
    }
    words.sort();
    words.dedup();
    let words: Vec<&str> = words.into_iter().map(|(_, w)| w).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A rule in words, with a rank that orders the likeliest intent first.
fn describe_rule(rule: Rule) -> Option<(u8, &'static str)> {
    Some(match rule {
        Rule::semi => (0, "`;`"),
        Rule::package_decl | Rule::kw_package => (1, "`package` and the package name"),
        Rule::package_name => (1, "a package name (lower-case words joined by `.`)"),
        Rule::import_decl | Rule::kw_import => (2, "`import`"),
        Rule::declaration
        | Rule::struct_decl
        | Rule::enum_decl
        | Rule::union_decl
        | Rule::alias_decl
        | Rule::kw_struct
        | Rule::kw_enum
        | Rule::kw_union
        | Rule::kw_type => (3, "a declaration (`struct`, `enum`, `union` or `type`)"),
        Rule::type_name => (1, "a type name"),
        Rule::field => (1, "a field name"),
        Rule::enum_member => (1, "an enum member name"),
        Rule::field_name => (1, "a name"),
        Rule::union_member => (1, "a struct name"),
        Rule::type_expr | Rule::type_term | Rule::type_path | Rule::literal_set => (1, "a type"),
        Rule::constraint => (1, "a constraint (`name = value`)"),
        Rule::literal => (1, "a value"),
        Rule::string | Rule::string_inner => (1, "a string"),
        Rule::number => (1, "a number"),
        Rule::kw_true | Rule::kw_false => (2, "`true` or `false`"),
        Rule::kw_null => (2, "`null`"),
        Rule::list_literal => (2, "a list (`[...]`)"),
        Rule::map_literal => (2, "a map (`{...}`)"),
        Rule::map_entry => (1, "a map entry (`\"key\": value`)"),
        Rule::enum_repr => (1, "`int` or `str`"),
        Rule::attribute | Rule::attr_head => (4, "an attribute (`@...`)"),
        Rule::attr_name => (1, "an attribute name"),
        Rule::attr_args => (2, "`(`"),
        Rule::doc_comment | Rule::doc_text => (9, "a doc comment"),
        Rule::equals => (1, "`=`"),
        Rule::colon => (1, "`:`"),
        Rule::comma => (2, "`,`"),
        Rule::pipe => (2, "`|`"),
        Rule::question => (3, "`?`"),
        Rule::lparen | Rule::constraint_args => (3, "`(`"),
        Rule::rparen => (1, "`)`"),
        Rule::lbrace => (1, "`{`"),
        Rule::rbrace => (1, "`}`"),
        Rule::lbracket => (2, "`[`"),
        Rule::rbracket => (1, "`]`"),
        Rule::langle | Rule::type_args => (3, "`<`"),
        Rule::rangle => (1, "`>`"),
        Rule::EOI => (5, "end of file"),
        _ => return None,
    })
}

/// The span of a pair without trailing whitespace or comments. pest includes what it skipped
/// before an optional part that did not match (`@strict` followed by a line break, say), so a
/// non-atomic rule ends where its last token ends.
fn span_of(pair: &Pair<Rule>) -> Span {
    let span = pair.as_span();
    let end = match pair.as_rule() {
        Rule::string | Rule::doc_comment => span.end(),
        _ => pair
            .clone()
            .into_inner()
            .last()
            .map(|last| span_of(&last).end)
            .unwrap_or(span.end()),
    };
    Span::new(span.start(), end)
}

fn spanned_str(pair: &Pair<Rule>) -> Spanned<String> {
    Spanned {
        value: pair.as_str().to_string(),
        span: span_of(pair),
    }
}

/// The children of a pair without punctuation tokens and keywords, which carry no information
/// once the grammar has matched.
fn children(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| {
        !matches!(
            p.as_rule(),
            Rule::semi
                | Rule::colon
                | Rule::comma
                | Rule::equals
                | Rule::pipe
                | Rule::lparen
                | Rule::rparen
                | Rule::lbrace
                | Rule::rbrace
                | Rule::lbracket
                | Rule::rbracket
                | Rule::langle
                | Rule::rangle
                | Rule::kw_package
                | Rule::kw_import
                | Rule::kw_struct
                | Rule::kw_enum
                | Rule::kw_union
                | Rule::kw_type
                | Rule::EOI
        )
    })
}

fn build_file(pair: Pair<Rule>) -> File {
    let mut docs = Vec::new();
    let mut package = None;
    let mut imports = Vec::new();
    let mut declarations = Vec::new();
    for child in children(pair) {
        match child.as_rule() {
            Rule::package_decl => {
                for part in children(child) {
                    match part.as_rule() {
                        Rule::doc_comment => docs.push(build_doc(part)),
                        Rule::package_name => package = Some(spanned_str(&part)),
                        _ => {}
                    }
                }
            }
            Rule::import_decl => {
                let span = span_of(&child);
                if let Some(string) = children(child).next() {
                    let literal = build_literal_inner(string);
                    let value = match literal.kind {
                        LiteralKind::Str { value, .. } => value,
                        _ => String::new(),
                    };
                    imports.push(Import {
                        path: Spanned {
                            value,
                            span: literal.span,
                        },
                        span,
                    });
                }
            }
            Rule::declaration => declarations.push(build_declaration(child)),
            _ => {}
        }
    }
    File {
        docs,
        package: package.unwrap_or(Spanned {
            value: String::new(),
            span: Span::default(),
        }),
        imports,
        declarations,
    }
}

fn build_doc(pair: Pair<Rule>) -> Doc {
    let span = span_of(&pair);
    let text = pair
        .into_inner()
        .next()
        .map(|t| t.as_str().trim_end_matches('\r').to_string())
        .unwrap_or_default();
    Doc { text, span }
}

fn build_attribute(pair: Pair<Rule>) -> Attribute {
    let span = span_of(&pair);
    let mut name = Spanned {
        value: String::new(),
        span,
    };
    let mut args = None;
    for part in children(pair) {
        match part.as_rule() {
            Rule::attr_head => {
                if let Some(n) = part.into_inner().next() {
                    name = spanned_str(&n);
                }
            }
            Rule::attr_args => {
                args = Some(children(part).map(build_literal).collect());
            }
            _ => {}
        }
    }
    Attribute { name, args, span }
}

fn build_declaration(pair: Pair<Rule>) -> Declaration {
    let span = span_of(&pair);
    let mut docs = Vec::new();
    let mut attributes = Vec::new();
    let mut name = Spanned {
        value: String::new(),
        span,
    };
    let mut body = DeclarationBody::Struct { fields: Vec::new() };
    for part in children(pair) {
        match part.as_rule() {
            Rule::doc_comment => docs.push(build_doc(part)),
            Rule::attribute => attributes.push(build_attribute(part)),
            Rule::struct_decl => {
                let mut fields = Vec::new();
                for item in children(part) {
                    match item.as_rule() {
                        Rule::type_name => name = spanned_str(&item),
                        Rule::field => fields.push(build_field(item)),
                        _ => {}
                    }
                }
                body = DeclarationBody::Struct { fields };
            }
            Rule::enum_decl => {
                let mut repr = None;
                let mut members = Vec::new();
                for item in children(part) {
                    match item.as_rule() {
                        Rule::type_name => name = spanned_str(&item),
                        Rule::enum_repr => repr = Some(spanned_str(&item)),
                        Rule::enum_member => members.push(build_enum_member(item)),
                        _ => {}
                    }
                }
                body = DeclarationBody::Enum { repr, members };
            }
            Rule::union_decl => {
                let mut members = Vec::new();
                for item in children(part) {
                    match item.as_rule() {
                        Rule::type_name => name = spanned_str(&item),
                        Rule::union_member => {
                            if let Some(path) = item.into_inner().next() {
                                members.push(spanned_str(&path));
                            }
                        }
                        _ => {}
                    }
                }
                body = DeclarationBody::Union { members };
            }
            Rule::alias_decl => {
                let mut target = None;
                for item in children(part) {
                    match item.as_rule() {
                        Rule::type_name => name = spanned_str(&item),
                        Rule::type_expr => target = Some(build_type(item)),
                        _ => {}
                    }
                }
                if let Some(target) = target {
                    body = DeclarationBody::Alias { target };
                }
            }
            _ => {}
        }
    }
    Declaration {
        docs,
        attributes,
        name,
        body,
        span,
    }
}

fn build_field(pair: Pair<Rule>) -> Field {
    let span = span_of(&pair);
    let mut docs = Vec::new();
    let mut attributes = Vec::new();
    let mut name = Spanned {
        value: String::new(),
        span,
    };
    let mut ty = None;
    let mut default = None;
    for part in children(pair) {
        match part.as_rule() {
            Rule::doc_comment => docs.push(build_doc(part)),
            Rule::attribute => attributes.push(build_attribute(part)),
            Rule::field_name => name = spanned_str(&part),
            Rule::type_expr => ty = Some(build_type(part)),
            Rule::literal => default = Some(build_literal(part)),
            _ => {}
        }
    }
    let ty = ty.unwrap_or(TypeExpr::Literals {
        values: Vec::new(),
        span,
    });
    Field {
        docs,
        attributes,
        name,
        ty,
        default,
        span,
    }
}

fn build_enum_member(pair: Pair<Rule>) -> EnumMember {
    let span = span_of(&pair);
    let mut docs = Vec::new();
    let mut attributes = Vec::new();
    let mut name = Spanned {
        value: String::new(),
        span,
    };
    let mut value = None;
    for part in children(pair) {
        match part.as_rule() {
            Rule::doc_comment => docs.push(build_doc(part)),
            Rule::attribute => attributes.push(build_attribute(part)),
            Rule::field_name => name = spanned_str(&part),
            Rule::string | Rule::number => value = Some(build_literal_inner(part)),
            _ => {}
        }
    }
    EnumMember {
        docs,
        attributes,
        name,
        value,
        span,
    }
}

fn build_type(pair: Pair<Rule>) -> TypeExpr {
    let span = span_of(&pair);
    let mut inner = None;
    let mut optional = false;
    for part in children(pair) {
        match part.as_rule() {
            Rule::literal_set => {
                let values = children(part).map(build_literal_inner).collect();
                inner = Some(TypeExpr::Literals { values, span });
            }
            Rule::type_term => inner = Some(build_type_term(part)),
            Rule::question => optional = true,
            _ => {}
        }
    }
    let inner = inner.unwrap_or(TypeExpr::Literals {
        values: Vec::new(),
        span,
    });
    if optional {
        // The inner type's span stops before `?`; the optional's covers it.
        let inner = match inner {
            TypeExpr::Literals { values, .. } => {
                let start = values.first().map(|v| v.span.start).unwrap_or(span.start);
                let end = values.last().map(|v| v.span.end).unwrap_or(span.end);
                TypeExpr::Literals {
                    values,
                    span: Span::new(start, end),
                }
            }
            other => other,
        };
        TypeExpr::Optional {
            inner: Box::new(inner),
            span,
        }
    } else {
        inner
    }
}

fn build_type_term(pair: Pair<Rule>) -> TypeExpr {
    let span = span_of(&pair);
    let mut path = Spanned {
        value: String::new(),
        span,
    };
    let mut args = Vec::new();
    let mut constraints = Vec::new();
    for part in children(pair) {
        match part.as_rule() {
            Rule::type_path => path = spanned_str(&part),
            Rule::type_args => args = children(part).map(build_type).collect(),
            Rule::constraint_args => {
                for constraint in children(part) {
                    let span = span_of(&constraint);
                    let mut items = children(constraint);
                    let name = items.next().map(|n| spanned_str(&n));
                    let value = items.next().map(build_literal);
                    if let (Some(name), Some(value)) = (name, value) {
                        constraints.push(Constraint { name, value, span });
                    }
                }
            }
            _ => {}
        }
    }
    TypeExpr::Named {
        path,
        args,
        constraints,
        span,
    }
}

/// A `literal` pair (which wraps one alternative).
fn build_literal(pair: Pair<Rule>) -> Literal {
    let span = span_of(&pair);
    match children(pair).next() {
        Some(inner) => build_literal_inner(inner),
        None => Literal {
            kind: LiteralKind::Null,
            span,
        },
    }
}

/// One literal alternative: `string`, `number`, a keyword, a list or a map.
fn build_literal_inner(pair: Pair<Rule>) -> Literal {
    let span = span_of(&pair);
    let kind = match pair.as_rule() {
        Rule::string => {
            let raw = pair
                .into_inner()
                .next()
                .map(|p| p.as_str())
                .unwrap_or("")
                .to_string();
            LiteralKind::Str {
                value: unescape(&raw),
                raw,
            }
        }
        Rule::number => LiteralKind::Number(pair.as_str().to_string()),
        Rule::kw_true => LiteralKind::Bool(true),
        Rule::kw_false => LiteralKind::Bool(false),
        Rule::kw_null => LiteralKind::Null,
        Rule::list_literal => LiteralKind::List(children(pair).map(build_literal).collect()),
        Rule::map_literal => LiteralKind::Map(
            children(pair)
                .filter_map(|entry| {
                    let mut items = children(entry);
                    let key = items.next().map(build_literal_inner)?;
                    let value = items.next().map(build_literal)?;
                    Some((key, value))
                })
                .collect(),
        ),
        Rule::literal => return build_literal(pair),
        _ => LiteralKind::Null,
    };
    Literal { kind, span }
}

/// Decodes JSON string escapes. The grammar has already checked them; a lone surrogate escape
/// (`\ud800`), which names no character, becomes U+FFFD.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let unit = u16::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                if (0xD800..0xDC00).contains(&unit) {
                    // A high surrogate: pair it with a following `\uDC00`-`\uDFFF` escape.
                    let rest = chars.as_str();
                    let low = rest
                        .strip_prefix("\\u")
                        .and_then(|r| r.get(..4))
                        .and_then(|h| u16::from_str_radix(h, 16).ok())
                        .filter(|low| (0xDC00..0xE000).contains(low));
                    match low {
                        Some(low) => {
                            let code = 0x10000
                                + ((u32::from(unit) - 0xD800) << 10)
                                + (u32::from(low) - 0xDC00);
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                            chars = rest[6..].chars();
                        }
                        None => out.push('\u{FFFD}'),
                    }
                } else {
                    out.push(char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}'));
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_handles_json_escapes_and_surrogate_pairs() {
        assert_eq!(unescape(r#"a\"b\\c\/d\n"#), "a\"b\\c/d\n");
        assert_eq!(unescape(r"\u00e9"), "é");
        assert_eq!(unescape(r"\ud83d\ude00"), "😀");
        assert_eq!(unescape(r"\ud83dx"), "\u{FFFD}x");
    }

    /// Every prefix of a file, and the file with a stray character at every position, parses or
    /// yields a syntax error whose span lies inside the text: reporting never panics.
    #[test]
    fn syntax_errors_never_panic_on_damaged_text() {
        let text = "package a.b;\nimport \"x.ir\";\n/// Doc é.\n@strict\nstruct Re { /* c */ x: str(pattern = \"^\\\\d$\") = \"é\\u00e9\"; // t\n  y: list<int>? = [1, -2]; }\nenum E: int { a = 1, b = 2 }\nunion U = A | B;\ntype T = (\"a\" | \"b\")?;\n";
        assert!(parse_file(FileId(0), text).is_ok());
        let mut inputs: Vec<String> = Vec::new();
        for (i, _) in text.char_indices() {
            inputs.push(text[..i].to_string());
            for stray in ["\"", "\\", "/*", "///", "é", "-", ";", "}"] {
                inputs.push(format!("{}{stray}{}", &text[..i], &text[i..]));
            }
        }
        for input in inputs {
            if let Err(d) = parse_file(FileId(0), &input) {
                assert!(
                    d.primary.span.start <= d.primary.span.end && d.primary.span.end <= input.len(),
                    "{input:?}"
                );
                assert!(
                    input.is_char_boundary(d.primary.span.start)
                        && input.is_char_boundary(d.primary.span.end),
                    "{input:?}"
                );
            }
        }
    }

    #[test]
    fn nesting_beyond_the_limit_is_a_syntax_error() {
        let text = format!(
            "package a; type X = {}int{};",
            "list<".repeat(100),
            ">".repeat(100)
        );
        let error = parse_file(FileId(0), &text).unwrap_err();
        assert_eq!(error.code, Code::Syntax);
        assert!(error.message.contains("nest"));
    }
}
