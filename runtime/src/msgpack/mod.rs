//! MessagePack, byte-identical to msgspec 0.22 (`msgspec.msgpack`): encoding, strict and lax
//! decoding (IDL.md sections 3, 5 and 8).
//!
//! Syntax errors carry msgspec's texts, as a `syntax` issue at `$`:
//! - `Input data was truncated` (the input ends inside the value, or is empty);
//! - ``MessagePack data is malformed: trailing characters (byte N)`` (bytes follow the value);
//! - ``MessagePack data is malformed: invalid opcode '\xc1' (byte N)`` (the unused byte);
//! - ``'utf-8' codec can't decode byte 0xff in position 0: invalid start byte`` and the other
//!   texts of Python's `UnicodeDecodeError`, which msgspec raises for a `str` that is not UTF-8.
//!
//! A bad timestamp extension is an `invalid_value` issue: ``Invalid MessagePack timestamp``
//! (length not 4, 8 or 12) or ``Invalid MessagePack timestamp: nanoseconds out of range``.

mod read;
mod write;

#[cfg(test)]
mod tests;

pub use read::MsgpackReader;
pub use write::MsgpackWriter;

use crate::de::{Ctx, Decode};
use crate::error::DecodeError;
use crate::limits::Limits;
use crate::ser::Encode;

/// Encodes a value as msgspec would (`msgspec.msgpack.encode`, deterministic order).
pub fn encode<T: Encode + ?Sized>(value: &T) -> Vec<u8> {
    let mut writer = MsgpackWriter::new();
    value.encode(&mut writer);
    writer.into_inner()
}

/// Decodes one value strictly (msgspec's `strict=True`); nothing may follow it. Applies
/// `Limits::default()`.
pub fn decode<T: Decode>(bytes: &[u8]) -> Result<T, DecodeError> {
    decode_with(bytes, &Limits::default())
}

/// Decodes one value with msgspec's `strict=False` coercions; nothing may follow it.
pub fn decode_lax<T: Decode>(bytes: &[u8]) -> Result<T, DecodeError> {
    decode_lax_with(bytes, &Limits::default())
}

/// [`decode`] within `limits`.
pub fn decode_with<T: Decode>(bytes: &[u8], limits: &Limits) -> Result<T, DecodeError> {
    decode_in(bytes, false, limits)
}

/// [`decode_lax`] within `limits`.
pub fn decode_lax_with<T: Decode>(bytes: &[u8], limits: &Limits) -> Result<T, DecodeError> {
    decode_in(bytes, true, limits)
}

fn decode_in<T: Decode>(bytes: &[u8], lax: bool, limits: &Limits) -> Result<T, DecodeError> {
    limits.check_input(bytes.len())?;
    let mut cx = Ctx::with_limits(lax, limits).binary();
    // The reader checks the lengths itself, at the headers (no `Limited` wrapper).
    let mut reader = MsgpackReader::new(bytes).with_limits(limits);
    let result = T::decode(&mut reader, &mut cx).and_then(|value| {
        reader.end()?;
        Ok(value)
    });
    cx.finish(result)
}
