//! Support for constrained aliases, which become newtypes that only hold valid values.

use crate::de::{mismatch, Ctx, Decode, Fatal, Kind, Reader};
use crate::error::DecodeError;
use crate::error::IssueKind;
use crate::ser::Encode;

/// Checks a value against the constraints of newtype `N` by decoding its wire form as `N`:
/// the same checks, with the same messages, as when the value arrives on the wire.
pub fn validate<T: Encode + ?Sized, N: Decode>(value: &T) -> Result<N, DecodeError> {
    crate::json::decode_with::<N>(&crate::json::encode(value), &crate::Limits::in_memory())
}

/// A newtype map key: its problem, if any, recorded at the key's path.
pub fn check_key<N>(cx: &mut Ctx, result: Result<N, DecodeError>) -> Option<N> {
    match result {
        Ok(value) => Some(value),
        Err(error) => {
            let first = error.first();
            cx.issue(first.kind, first.message.clone());
            None
        }
    }
}

/// Reads an `@ext(N)` value: in MessagePack the extension type `code`, in JSON a base64
/// string (as for `bytes`).
pub fn decode_ext<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    code: i8,
) -> Result<Option<crate::Bytes>, Fatal> {
    match r.peek()? {
        Kind::Ext => {
            let (found, data) = r.read_ext()?;
            if found == code {
                Ok(Some(crate::Bytes(data.into_owned())))
            } else {
                cx.issue(
                    IssueKind::InvalidValue,
                    format!("Expected extension type {code}, got extension type {found}"),
                );
                Ok(None)
            }
        }
        Kind::Str if !cx.is_binary() => crate::Bytes::decode(r, cx),
        // In JSON the value is base64 text, which msgspec calls `bytes`.
        other => mismatch(r, cx, if cx.is_binary() { "ext" } else { "bytes" }, other),
    }
}
