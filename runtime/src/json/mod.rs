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
use crate::ser::Encode;

/// Encodes a value as JSON (msgspec's `json.encode` with `order="deterministic"`).
pub fn encode<T: Encode + ?Sized>(value: &T) -> Vec<u8> {
    let mut w = JsonWriter::with_capacity(128);
    value.encode(&mut w);
    w.into_bytes()
}

/// Decodes one JSON document strictly (msgspec's `strict=True`); only whitespace may follow
/// the value.
pub fn decode<T: Decode>(bytes: &[u8]) -> Result<T, DecodeError> {
    decode_with(bytes, Ctx::new(false))
}

/// Decodes with msgspec's `strict=False` coercions (numeric strings to numbers, ...).
pub fn decode_lax<T: Decode>(bytes: &[u8]) -> Result<T, DecodeError> {
    decode_with(bytes, Ctx::new(true))
}

fn decode_with<T: Decode>(bytes: &[u8], mut cx: Ctx) -> Result<T, DecodeError> {
    let mut r = JsonReader::new(bytes);
    let result = T::decode(&mut r, &mut cx).and_then(|value| {
        r.end()?;
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
    let mut cx = Ctx::new(false);
    let mut r = JsonReader::new(bytes);
    let result = read_lines(&mut r, &mut cx);
    cx.finish(result)
}

fn read_lines<T: Decode>(r: &mut JsonReader<'_>, cx: &mut Ctx) -> Result<Option<Vec<T>>, Fatal> {
    let mut items = Vec::new();
    let mut ok = true;
    let mut index = 0;
    while r.skip_whitespace() {
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
