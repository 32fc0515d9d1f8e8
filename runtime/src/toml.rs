//! TOML: typed configuration files (`msgspec.toml.decode`). The document is parsed by the
//! `toml` crate, then read by the same generated decoders as JSON and MessagePack, so a config
//! file gets every problem reported with its path (`$.cache.ttl`).

use crate::de::{Ctx, Decode};
use crate::error::{DecodeError, Issue, IssueKind};
use crate::limits::{Limited, Limits};
use crate::tree::TreeReader;

/// Decodes a TOML document (strict: no coercions, unknown fields rejected by strict structs).
/// Applies `Limits::default()`.
pub fn decode<T: Decode>(text: &str) -> Result<T, DecodeError> {
    decode_with(text, &Limits::default())
}

/// Decodes a TOML document with msgspec's `strict=False` coercions.
pub fn decode_lax<T: Decode>(text: &str) -> Result<T, DecodeError> {
    decode_lax_with(text, &Limits::default())
}

/// [`decode`] within `limits`. `max_input_bytes` is checked before the text is parsed; the
/// `toml` crate's parser has its own nesting limit (80 levels of inline arrays and tables, or
/// of dotted keys), a syntax error beyond it.
pub fn decode_with<T: Decode>(text: &str, limits: &Limits) -> Result<T, DecodeError> {
    decode_in(text, false, limits)
}

/// [`decode_lax`] within `limits`.
pub fn decode_lax_with<T: Decode>(text: &str, limits: &Limits) -> Result<T, DecodeError> {
    decode_in(text, true, limits)
}

fn decode_in<T: Decode>(text: &str, lax: bool, limits: &Limits) -> Result<T, DecodeError> {
    limits.check_input(text.len())?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let message = match e.span() {
            Some(span) => {
                let (line, column) = line_column(text, span.start);
                format!(
                    "Invalid TOML: {} (at line {line}, column {column})",
                    one_line(e.message())
                )
            }
            None => format!("Invalid TOML: {}", one_line(e.message())),
        };
        DecodeError::single(Issue {
            kind: IssueKind::Syntax,
            path: "$".into(),
            pointer: String::new(),
            message,
        })
    })?;
    let root = toml::Value::Table(table);
    let mut reader = Limited::new(TreeReader::new(&root), limits);
    let mut cx = Ctx::with_limits(lax, limits);
    let result = T::decode(&mut reader, &mut cx);
    cx.finish(result)
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

/// The `toml` crate's messages may span lines; a report wants one line per problem.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}
