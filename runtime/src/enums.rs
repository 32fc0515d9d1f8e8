//! Decoding of enums and inline literal sets, shared by every generated enum.

use crate::check::python_str_repr;
use crate::de::{mismatch, Ctx, Fatal, Int, Key, Kind, Reader};
use crate::error::IssueKind;
use crate::prim::read_integer;

/// Reads a string enum: `from_wire` maps a wire value to a member (`None`: not a member).
pub fn decode_str_enum<'de, R: Reader<'de> + ?Sized, T>(
    r: &mut R,
    cx: &mut Ctx,
    from_wire: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, Fatal> {
    match r.peek()? {
        Kind::Str => {
            let text = r.read_str()?;
            match from_wire(&text) {
                Some(value) => Ok(Some(value)),
                None => {
                    cx.issue(
                        IssueKind::InvalidValue,
                        format!("Invalid enum value {}", python_str_repr(&text)),
                    );
                    Ok(None)
                }
            }
        }
        other => mismatch(r, cx, "str", other),
    }
}

/// Reads an integer enum (lax mode accepts numeric strings, as for `int`).
pub fn decode_int_enum<'de, R: Reader<'de> + ?Sized, T>(
    r: &mut R,
    cx: &mut Ctx,
    from_wire: impl Fn(i64) -> Option<T>,
) -> Result<Option<T>, Fatal> {
    let Some(value) = read_integer(r, cx)? else {
        return Ok(None);
    };
    let member = match value {
        Int::I64(i) => from_wire(i),
        Int::U64(_) | Int::Big(_) => None,
    };
    if member.is_none() {
        let shown = match value {
            Int::I64(i) => i.to_string(),
            Int::U64(u) => u.to_string(),
            Int::Big(f) => format!("{f}"),
        };
        cx.issue(
            IssueKind::InvalidValue,
            format!("Invalid enum value {shown}"),
        );
    }
    Ok(member)
}

/// A string enum as a map key.
pub fn str_enum_from_key<T>(
    key: Key<'_>,
    cx: &mut Ctx,
    from_wire: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    match key {
        Key::Str(text) => {
            let member = from_wire(&text);
            if member.is_none() {
                cx.issue(
                    IssueKind::InvalidValue,
                    format!("Invalid enum value {}", python_str_repr(&text)),
                );
            }
            member
        }
        Key::Int(_) => {
            cx.issue(IssueKind::Type, "Expected `str`, got `int`");
            None
        }
        Key::Other(kind) => {
            cx.issue(
                IssueKind::Type,
                format!("Expected `str`, got `{}`", cx.kind_name(kind)),
            );
            None
        }
    }
}
