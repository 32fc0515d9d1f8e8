//! `seam fmt`: one canonical layout for `.ir` files.
//!
//! The formatter prints the syntax tree back out and puts every comment where it stood:
//! comments the tree does not hold (`//` and `/* */`) are collected by a scanner and emitted
//! before the first item that starts after them, or at the end of the line they trailed. The
//! layout:
//!
//! - four-space indentation, one item per line, a final newline;
//! - `package`, a blank line, the imports, then declarations separated by one blank line;
//! - declaration attributes one per line; field and member attributes together on one line;
//! - enums and unions on one line when they fit in 100 columns and hold no docs, attributes or
//!   comments; otherwise one member per line (enum members with a trailing comma, union
//!   members after a leading `|`);
//! - a blank line inside a body, or after a comment, is kept (one at most).
//!
//! Formatting is idempotent: formatting formatted text changes nothing.

use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::source::FileId;

const MAX_WIDTH: usize = 100;
const INDENT: &str = "    ";

/// Formats one file. A file that does not parse is returned as its syntax error.
#[allow(clippy::result_large_err)] // one error per file, as in `parse::parse_file`
pub fn format_source(text: &str) -> Result<String, Diagnostic> {
    let file = crate::parse::parse_file(FileId(0), text)?;
    let comments = scan_comments(text);
    let mut printer = Printer {
        text,
        comments,
        next: 0,
        out: String::new(),
    };
    printer.file(&file);
    Ok(printer.out)
}

/// A `//` or `/* */` comment in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    pub text: String,
}

/// Every plain comment in a text, in order; doc comments (`///`) are part of the tree and are
/// not included. The scanner follows the grammar's rules for strings and comments.
pub fn scan_comments(text: &str) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let start = i;
                let end = text[i..].find('\n').map(|n| i + n).unwrap_or(text.len());
                let is_doc = bytes.get(i + 2) == Some(&b'/') && bytes.get(i + 3) != Some(&b'/');
                if !is_doc {
                    out.push(Comment {
                        span: Span::new(start, end),
                        text: text[start..end].trim_end().to_string(),
                    });
                }
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let start = i;
                let end = text[i + 2..]
                    .find("*/")
                    .map(|n| i + 2 + n + 2)
                    .unwrap_or(text.len());
                out.push(Comment {
                    span: Span::new(start, end),
                    text: text[start..end].to_string(),
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

struct Printer<'a> {
    text: &'a str,
    comments: Vec<Comment>,
    next: usize,
    out: String,
}

fn has_blank_line(text: &str) -> bool {
    let mut newlines = 0;
    for c in text.chars() {
        match c {
            '\n' => {
                newlines += 1;
                if newlines >= 2 {
                    return true;
                }
            }
            c if c.is_whitespace() => {}
            _ => newlines = 0,
        }
    }
    false
}

impl Printer<'_> {
    fn line(&mut self, indent: usize, content: &str) {
        for _ in 0..indent {
            self.out.push_str(INDENT);
        }
        self.out.push_str(content);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn source_between(&self, start: usize, end: usize) -> &str {
        self.text.get(start.min(end)..end).unwrap_or("")
    }

    /// Whether a comment lies inside `span` (used to keep commented bodies multi-line).
    fn has_comment_in(&self, span: Span) -> bool {
        self.comments[self.next..]
            .iter()
            .any(|c| c.span.start >= span.start && c.span.start < span.end)
    }

    /// Emits the comments that start before `pos`, each on its own line, keeping a blank line
    /// that followed a comment in the source.
    fn comments_before(&mut self, pos: usize, indent: usize) {
        while self.next < self.comments.len() && self.comments[self.next].span.start < pos {
            let comment = self.comments[self.next].clone();
            self.next += 1;
            let mut lines = comment.text.lines();
            if let Some(first) = lines.next() {
                let mut content = first.to_string();
                for rest in lines {
                    content.push('\n');
                    content.push_str(rest);
                }
                self.line(indent, &content);
            }
            let following = self
                .comments
                .get(self.next)
                .map(|c| c.span.start)
                .unwrap_or(pos)
                .min(pos);
            if has_blank_line(self.source_between(comment.span.end, following)) {
                self.blank();
            }
        }
    }

    /// Appends a comment that trails `end` on the same source line to the line just printed.
    fn trailing_comment(&mut self, end: usize) {
        if let Some(comment) = self.comments.get(self.next) {
            let between = self.source_between(end, comment.span.start);
            if comment.span.start >= end && !between.contains('\n') && !comment.text.contains('\n')
            {
                let text = comment.text.clone();
                self.next += 1;
                if self.out.ends_with('\n') {
                    self.out.pop();
                }
                self.out.push(' ');
                self.out.push_str(&text);
                self.out.push('\n');
            }
        }
    }

    fn docs(&mut self, docs: &[Doc], indent: usize) {
        for doc in docs {
            self.line(indent, &format!("///{}", doc.text.trim_end()));
        }
    }

    fn file(&mut self, file: &File) {
        let package_start = file
            .docs
            .first()
            .map(|d| d.span.start)
            .unwrap_or(file.package.span.start);
        self.comments_before(package_start, 0);
        self.docs(&file.docs, 0);
        self.line(0, &format!("package {};", file.package.value));
        let package_end = self.text[file.package.span.end..]
            .find(';')
            .map(|i| file.package.span.end + i + 1)
            .unwrap_or(file.package.span.end);
        self.trailing_comment(package_end);
        if !file.imports.is_empty() {
            self.blank();
            let mut previous_end = None;
            for import in &file.imports {
                if let Some(end) = previous_end {
                    if has_blank_line(self.source_between(end, import.span.start)) {
                        self.blank();
                    }
                }
                self.comments_before(import.span.start, 0);
                self.line(
                    0,
                    &format!("import \"{}\";", raw_string(self.text, import.path.span)),
                );
                self.trailing_comment(import.span.end);
                previous_end = Some(import.span.end);
            }
        }
        let mut last_end = file
            .imports
            .last()
            .map(|i| i.span.end)
            .unwrap_or(package_end);
        for declaration in &file.declarations {
            self.blank();
            self.declaration(declaration);
            last_end = declaration.span.end;
        }
        self.blank_trailing(last_end);
        self.comments_before(usize::MAX, 0);
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
    }

    /// Before comments at the end of the file: one blank line when the source had one.
    fn blank_trailing(&mut self, last_end: usize) {
        if let Some(comment) = self.comments.get(self.next) {
            if has_blank_line(self.source_between(last_end, comment.span.start)) {
                self.blank();
            }
        }
    }

    fn leading_start(docs: &[Doc], attributes: &[Attribute], fallback: usize) -> usize {
        docs.first()
            .map(|d| d.span.start)
            .into_iter()
            .chain(attributes.first().map(|a| a.span.start))
            .min()
            .unwrap_or(fallback)
    }

    fn declaration(&mut self, decl: &Declaration) {
        let start = Self::leading_start(&decl.docs, &decl.attributes, decl.span.start);
        self.comments_before(start, 0);
        self.docs(&decl.docs, 0);
        for attribute in &decl.attributes {
            self.comments_before(attribute.span.start, 0);
            let text = self.attribute(attribute);
            self.line(0, &text);
        }
        self.comments_before(decl.name.span.start, 0);
        let name = &decl.name.value;
        match &decl.body {
            DeclarationBody::Struct { fields } => {
                if fields.is_empty() && !self.has_comment_in(decl.span) {
                    self.line(0, &format!("struct {name} {{}}"));
                } else {
                    self.line(0, &format!("struct {name} {{"));
                    let mut previous_end: Option<usize> = None;
                    for field in fields {
                        let start =
                            Self::leading_start(&field.docs, &field.attributes, field.span.start);
                        if let Some(end) = previous_end {
                            let leading = self
                                .comments
                                .get(self.next)
                                .map(|c| c.span.start)
                                .filter(|s| *s < start)
                                .unwrap_or(start);
                            if has_blank_line(self.source_between(end, leading)) {
                                self.blank();
                            }
                        }
                        self.comments_before(start, 1);
                        self.docs(&field.docs, 1);
                        if !field.attributes.is_empty() {
                            let attrs: Vec<String> =
                                field.attributes.iter().map(|a| self.attribute(a)).collect();
                            self.line(1, &attrs.join(" "));
                        }
                        self.comments_before(field.name.span.start, 1);
                        let mut text =
                            format!("{}: {}", field.name.value, self.type_expr(&field.ty));
                        if let Some(default) = &field.default {
                            text.push_str(" = ");
                            text.push_str(&self.literal(default));
                        }
                        text.push(';');
                        self.line(1, &text);
                        self.trailing_comment(field.span.end);
                        previous_end = Some(field.span.end);
                    }
                    self.comments_before(decl.span.end.saturating_sub(1), 1);
                    self.line(0, "}");
                }
            }
            DeclarationBody::Enum { repr, members } => {
                let header = match repr {
                    Some(repr) => format!("enum {name}: {}", repr.value),
                    None => format!("enum {name}"),
                };
                let items: Vec<String> = members
                    .iter()
                    .map(|m| match &m.value {
                        Some(value) => format!("{} = {}", m.name.value, self.literal(value)),
                        None => m.name.value.clone(),
                    })
                    .collect();
                let simple = members
                    .iter()
                    .all(|m| m.docs.is_empty() && m.attributes.is_empty());
                let one_line = format!("{header} {{ {} }}", items.join(", "));
                if simple && !self.has_comment_in(decl.span) && one_line.len() <= MAX_WIDTH {
                    self.line(0, &one_line);
                } else {
                    self.line(0, &format!("{header} {{"));
                    let mut previous_end: Option<usize> = None;
                    for (member, item) in members.iter().zip(&items) {
                        let start = Self::leading_start(
                            &member.docs,
                            &member.attributes,
                            member.span.start,
                        );
                        if let Some(end) = previous_end {
                            let leading = self
                                .comments
                                .get(self.next)
                                .map(|c| c.span.start)
                                .filter(|s| *s < start)
                                .unwrap_or(start);
                            if has_blank_line(self.source_between(end, leading)) {
                                self.blank();
                            }
                        }
                        self.comments_before(start, 1);
                        self.docs(&member.docs, 1);
                        if !member.attributes.is_empty() {
                            let attrs: Vec<String> = member
                                .attributes
                                .iter()
                                .map(|a| self.attribute(a))
                                .collect();
                            self.line(1, &attrs.join(" "));
                        }
                        self.comments_before(member.name.span.start, 1);
                        self.line(1, &format!("{item},"));
                        // A trailing comment may follow the member's comma.
                        let after = self.text[member.span.end..]
                            .find(|c: char| !c.is_whitespace() || c == '\n')
                            .map(|i| member.span.end + i)
                            .unwrap_or(member.span.end);
                        let end = if self.text[after..].starts_with(',') {
                            after + 1
                        } else {
                            member.span.end
                        };
                        self.trailing_comment(end);
                        previous_end = Some(end);
                    }
                    self.comments_before(decl.span.end.saturating_sub(1), 1);
                    self.line(0, "}");
                }
            }
            DeclarationBody::Union { members } => {
                let names: Vec<&str> = members.iter().map(|m| m.value.as_str()).collect();
                let one_line = format!("union {name} = {};", names.join(" | "));
                if !self.has_comment_in(decl.span) && one_line.len() <= MAX_WIDTH {
                    self.line(0, &one_line);
                } else {
                    self.line(0, &format!("union {name} ="));
                    for (i, member) in members.iter().enumerate() {
                        self.comments_before(member.span.start, 1);
                        let end = if i + 1 == members.len() { ";" } else { "" };
                        self.line(1, &format!("| {}{end}", member.value));
                        self.trailing_comment(member.span.end);
                    }
                    self.comments_before(decl.span.end, 1);
                }
            }
            DeclarationBody::Alias { target } => {
                self.line(0, &format!("type {name} = {};", self.type_expr(target)));
            }
        }
        self.trailing_comment(decl.span.end);
    }

    fn attribute(&self, attribute: &Attribute) -> String {
        match &attribute.args {
            None => format!("@{}", attribute.name.value),
            Some(args) => {
                let args: Vec<String> = args.iter().map(|a| self.literal(a)).collect();
                format!("@{}({})", attribute.name.value, args.join(", "))
            }
        }
    }

    fn type_expr(&self, ty: &TypeExpr) -> String {
        match ty {
            TypeExpr::Named {
                path,
                args,
                constraints,
                ..
            } => {
                let mut out = path.value.clone();
                if !args.is_empty() {
                    let args: Vec<String> = args.iter().map(|a| self.type_expr(a)).collect();
                    out.push('<');
                    out.push_str(&args.join(", "));
                    out.push('>');
                }
                if !constraints.is_empty() {
                    let items: Vec<String> = constraints
                        .iter()
                        .map(|c| format!("{} = {}", c.name.value, self.literal(&c.value)))
                        .collect();
                    out.push('(');
                    out.push_str(&items.join(", "));
                    out.push(')');
                }
                out
            }
            TypeExpr::Literals { values, .. } => values
                .iter()
                .map(|v| self.literal(v))
                .collect::<Vec<_>>()
                .join(" | "),
            TypeExpr::Optional { inner, .. } => match inner.as_ref() {
                TypeExpr::Literals { .. } => format!("({})?", self.type_expr(inner)),
                _ => format!("{}?", self.type_expr(inner)),
            },
        }
    }

    fn literal(&self, literal: &Literal) -> String {
        match &literal.kind {
            LiteralKind::Str { raw, .. } => format!("\"{raw}\""),
            LiteralKind::Number(raw) => raw.clone(),
            LiteralKind::Bool(b) => b.to_string(),
            LiteralKind::Null => "null".into(),
            LiteralKind::List(items) => {
                let items: Vec<String> = items.iter().map(|i| self.literal(i)).collect();
                format!("[{}]", items.join(", "))
            }
            LiteralKind::Map(entries) => {
                let items: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", self.literal(k), self.literal(v)))
                    .collect();
                format!("{{{}}}", items.join(", "))
            }
        }
    }
}

/// The source text between the quotes of a string literal span.
fn raw_string(text: &str, span: Span) -> String {
    text.get(span.start + 1..span.end.saturating_sub(1))
        .unwrap_or("")
        .to_string()
}
