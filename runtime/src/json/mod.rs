//! JSON: the entry points of IDL.md section 8, byte-compatible with `msgspec.json`.
//!
//! ```
//! use std::collections::BTreeMap;
//!
//! let value: BTreeMap<String, Vec<i64>> = seam_runtime::json::decode(br#"{"b": [2], "a": [1]}"#)?;
//! assert_eq!(seam_runtime::json::encode(&value), br#"{"a":[1],"b":[2]}"#);
//!
//! let error = seam_runtime::json::decode::<BTreeMap<String, i64>>(br#"{"a": "x"}"#).unwrap_err();
//! assert_eq!(error.to_string(), r#"Expected `int`, got `str` - at `$["a"]`"#);
//! # Ok::<(), seam_runtime::DecodeError>(())
//! ```

mod read;
mod write;

#[cfg(test)]
mod tests;

pub use read::{JsonReader, TRUNCATED};
pub use write::{write_f64, write_str, JsonWriter};

use crate::de::{Ctx, Decode, Fatal};
use crate::error::{DecodeError, Segment};
use crate::limits::{Limited, Limits};
use crate::ser::Encode;

/// Encodes a value as JSON (msgspec's `json.encode` with `order="deterministic"`).
pub fn encode<T: Encode + ?Sized>(value: &T) -> Vec<u8> {
    let mut w = JsonWriter::with_capacity(128);
    value.encode(&mut w);
    w.into_bytes()
}

/// Decodes one JSON document strictly (msgspec's `strict=True`); only whitespace may follow
/// the value. Applies `Limits::default()`.
pub fn decode<T: Decode>(bytes: &[u8]) -> Result<T, DecodeError> {
    decode_with(bytes, &Limits::default())
}

/// Decodes with msgspec's `strict=False` coercions (numeric strings to numbers, ...).
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
    let mut cx = Ctx::with_limits(lax, limits);
    let mut r = Limited::new(JsonReader::new(bytes), limits);
    let result = T::decode(&mut r, &mut cx).and_then(|value| {
        r.get_mut().end()?;
        Ok(value)
    });
    cx.finish(result)
}

/// Encodes items as JSON lines: each item followed by `\n` (msgspec's `encode_lines`).
pub fn encode_lines<'a, T: Encode + 'a>(items: impl IntoIterator<Item = &'a T>) -> Vec<u8> {
    let mut w = JsonWriter::with_capacity(256);
    for item in items {
        item.encode(&mut w);
        w.raw(b"\n");
    }
    w.into_bytes()
}

/// Decodes JSON lines (msgspec's `decode_lines`, strict).
///
/// As msgspec does, this reads a sequence of JSON values separated by any whitespace, so blank
/// lines are skipped (and two values on one line are two items). Problems are reported with
/// the item's index first in the path (`$[3].field`); every problem of every item is reported,
/// until a syntax error, which ends the input.
pub fn decode_lines<T: Decode>(bytes: &[u8]) -> Result<Vec<T>, DecodeError> {
    decode_lines_with(bytes, &Limits::default())
}

/// [`decode_lines`] within `limits`: `max_input_bytes` is the size of the whole input, and
/// `max_collection_len` bounds the number of items too.
pub fn decode_lines_with<T: Decode>(bytes: &[u8], limits: &Limits) -> Result<Vec<T>, DecodeError> {
    limits.check_input(bytes.len())?;
    let mut cx = Ctx::with_limits(false, limits);
    let mut r = Limited::new(JsonReader::new(bytes), limits);
    let result = read_lines(&mut r, &mut cx, limits.max_collection_len);
    cx.finish(result)
}

fn read_lines<T: Decode>(
    r: &mut Limited<JsonReader<'_>>,
    cx: &mut Ctx,
    max_items: usize,
) -> Result<Option<Vec<T>>, Fatal> {
    let mut items = Vec::new();
    let mut ok = true;
    let mut index = 0;
    while r.get_mut().skip_whitespace() {
        if index >= max_items {
            return Err(crate::limits::limit_error(format!(
                "Input exceeds the maximum of {max_items} lines"
            )));
        }
        cx.push(Segment::Index(index));
        let item = T::decode(r, cx)?;
        cx.pop();
        match item {
            Some(item) if ok => items.push(item),
            Some(_) => {}
            None => {
                ok = false;
                items = Vec::new();
            }
        }
        index += 1;
    }
    Ok(ok.then_some(items))
}
