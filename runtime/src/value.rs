//! Boundary conversion and fingerprints: `convert`, `to_value`, `fingerprint` (IDL.md
//! section 8).

use sha2::{Digest, Sha256};

use crate::de::{Ctx, Decode};
use crate::error::DecodeError;
use crate::ser::Encode;
use crate::tree::TreeReader;

/// Converts a JSON value already in memory into `T`, with every check a decode applies
/// (`msgspec.convert(..., strict=True)`).
pub fn convert<T: Decode>(value: &serde_json::Value) -> Result<T, DecodeError> {
    convert_with(value, false)
}

/// [`convert`] with msgspec's `strict=False` coercions.
pub fn convert_lax<T: Decode>(value: &serde_json::Value) -> Result<T, DecodeError> {
    convert_with(value, true)
}

fn convert_with<T: Decode>(value: &serde_json::Value, lax: bool) -> Result<T, DecodeError> {
    let mut reader = TreeReader::new(value);
    let mut cx = Ctx::new(lax);
    let result = T::decode(&mut reader, &mut cx);
    cx.finish(result)
}

/// The wire form of a value as a `serde_json::Value`: what `json::encode` writes, as a tree.
pub fn to_value<T: Encode + ?Sized>(value: &T) -> serde_json::Value {
    // The encoder writes valid JSON, which serde_json reads back; NaN and infinities are
    // already written as `null`, as msgspec does.
    serde_json::from_slice(&crate::json::encode(value)).unwrap_or(serde_json::Value::Null)
}

/// `sha256:<hex>` of the value's deterministic JSON encoding: the same value gives the same
/// fingerprint on every machine, and the same as Python's
/// `"sha256:" + hashlib.sha256(msgspec.json.encode(v, order="deterministic")).hexdigest()`.
pub fn fingerprint<T: Encode + ?Sized>(value: &T) -> String {
    let digest = Sha256::digest(crate::json::encode(value));
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}
