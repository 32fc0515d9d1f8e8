//! The laws every decoded value obeys, checked on whatever a decoder accepts: by the property
//! tests (random valid values and their mutations), the fuzz regression test and the fuzz
//! targets of `fuzz/` (which include this file).
//!
//! For a value `v` of a generated type:
//!
//! - encoding is deterministic: JSON and MessagePack give the same bytes twice, and for a clone;
//! - `fingerprint(v)` is `sha256:` and the SHA-256 of the JSON encoding, every time;
//! - MessagePack round trip: `decode(encode(v))` is `v`, and encodes to the same bytes; the lax
//!   decoder accepts the encoding too;
//! - JSON round trip, the same (and the fingerprint is kept), unless `v` holds a NaN or an
//!   infinity: JSON has neither, so they are written as `null`, as msgspec does, and cannot be
//!   read back.
//!
//! "The same value" is `==`; only where `==` cannot say, for a value that holds a NaN (not equal
//! to itself), it is the same bytes in the format of the round trip. (MessagePack carries a
//! datetime in UTC, without its offset, as msgspec does; `==` on datetimes compares instants.)
//!
//! The lax decoder accepts everything the strict one does, but not always as the same value: as
//! in msgspec, it reads text as `null`, a boolean or a number before anything else, so the
//! string `"null"` in a `bytes?` field (valid base64) is `null` for it and three bytes for the
//! strict decoder.

use std::panic::{catch_unwind, AssertUnwindSafe};

use seam_runtime::{fingerprint, json, msgpack, DecodeError};
use sha2::{Digest, Sha256};

use super::contracts::{visit, Contract, Visit};

/// The three formats a generated type is decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    Json,
    Msgpack,
    Toml,
}

impl Wire {
    pub const ALL: [Wire; 3] = [Wire::Json, Wire::Msgpack, Wire::Toml];

    pub fn name(self) -> &'static str {
        match self {
            Wire::Json => "json",
            Wire::Msgpack => "msgpack",
            Wire::Toml => "toml",
        }
    }

    pub fn from_name(name: &str) -> Option<Wire> {
        Wire::ALL.into_iter().find(|w| w.name() == name)
    }

    /// Decodes `bytes` as `T`; `None` for TOML input that is not UTF-8 text (the TOML decoder
    /// takes `&str`).
    pub fn decode<T: Contract>(self, lax: bool, bytes: &[u8]) -> Option<Result<T, DecodeError>> {
        Some(match (self, lax) {
            (Wire::Json, false) => json::decode(bytes),
            (Wire::Json, true) => json::decode_lax(bytes),
            (Wire::Msgpack, false) => msgpack::decode(bytes),
            (Wire::Msgpack, true) => msgpack::decode_lax(bytes),
            (Wire::Toml, false) => seam_runtime::toml::decode(std::str::from_utf8(bytes).ok()?),
            (Wire::Toml, true) => seam_runtime::toml::decode_lax(std::str::from_utf8(bytes).ok()?),
        })
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The input for a failure report: text when it is, hex otherwise.
pub fn show(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => format!("{text:?}"),
        Err(_) => format!("hex {}", hex(bytes)),
    }
}

/// `==`, or, for values with a NaN (not `==` to itself), the same bytes in both formats.
pub fn same<T: Contract>(a: &T, b: &T) -> bool {
    a == b
        || (has_non_finite_float(&msgpack::encode(a))
            && json::encode(a) == json::encode(b)
            && msgpack::encode(a) == msgpack::encode(b))
}

/// `==`, or, for values with a NaN, the same MessagePack bytes.
fn same_msgpack<T: Contract>(a: &T, b: &T) -> bool {
    a == b
        || (has_non_finite_float(&msgpack::encode(a)) && msgpack::encode(a) == msgpack::encode(b))
}

/// Checks every law on one value; `Err` says which one broke, with the value and its bytes.
pub fn laws<T: Contract>(v: &T) -> Result<(), String> {
    let j = json::encode(v);
    let m = msgpack::encode(v);
    let shown = || {
        format!(
            "value {v:?}, JSON {}, MessagePack {}",
            String::from_utf8_lossy(&j),
            hex(&m)
        )
    };
    if json::encode(v) != j || json::encode(&v.clone()) != j {
        return Err(format!(
            "the JSON encoding is not deterministic: {}",
            shown()
        ));
    }
    if msgpack::encode(v) != m || msgpack::encode(&v.clone()) != m {
        return Err(format!(
            "the MessagePack encoding is not deterministic: {}",
            shown()
        ));
    }
    let print = fingerprint(v);
    let expected = format!("sha256:{}", hex(&Sha256::digest(&j)));
    if print != expected || fingerprint(&v.clone()) != print {
        return Err(format!(
            "fingerprint {print} is not {expected} (SHA-256 of the JSON encoding): {}",
            shown()
        ));
    }

    let again: T = msgpack::decode(&m).map_err(|e| {
        format!(
            "the MessagePack encoding does not decode ({e}): {}",
            shown()
        )
    })?;
    if !same_msgpack(&again, v) {
        return Err(format!(
            "the MessagePack round trip gives {again:?}: {}",
            shown()
        ));
    }
    if msgpack::encode(&again) != m {
        return Err(format!(
            "the MessagePack encoding changes on a round trip, to {}: {}",
            hex(&msgpack::encode(&again)),
            shown()
        ));
    }
    if let Err(e) = msgpack::decode_lax::<T>(&m) {
        return Err(format!(
            "the lax decoder rejects the MessagePack encoding ({e}): {}",
            shown()
        ));
    }

    if has_non_finite_float(&m) {
        return Ok(());
    }
    let again: T = json::decode(&j)
        .map_err(|e| format!("the JSON encoding does not decode ({e}): {}", shown()))?;
    if !same(&again, v) {
        return Err(format!("the JSON round trip gives {again:?}: {}", shown()));
    }
    if json::encode(&again) != j {
        return Err(format!(
            "the JSON encoding changes on a round trip, to {}: {}",
            String::from_utf8_lossy(&json::encode(&again)),
            shown()
        ));
    }
    if fingerprint(&again) != print {
        return Err(format!(
            "the fingerprint changes on a JSON round trip: {}",
            shown()
        ));
    }
    if let Err(e) = json::decode_lax::<T>(&j) {
        return Err(format!(
            "the lax decoder rejects the JSON encoding ({e}): {}",
            shown()
        ));
    }
    Ok(())
}

/// Whether a MessagePack encoding (one written by seam, so well formed) holds a NaN or an
/// infinity. The items are read one after the other; containers are only headers.
pub fn has_non_finite_float(bytes: &[u8]) -> bool {
    let mut at = 0;
    let be = |from: usize, n: usize| -> usize {
        bytes
            .get(from..from + n)
            .map(|b| b.iter().fold(0usize, |acc, &x| (acc << 8) | x as usize))
            .unwrap_or(usize::MAX / 2)
    };
    while at < bytes.len() {
        let b = bytes[at];
        at += 1;
        let skip = match b {
            0x00..=0x7f | 0x80..=0x9f | 0xc0..=0xc3 | 0xe0..=0xff => 0,
            0xa0..=0xbf => (b & 0x1f) as usize,
            0xc4 | 0xd9 => 1 + be(at, 1),
            0xc5 | 0xda => 2 + be(at, 2),
            0xc6 | 0xdb => 4 + be(at, 4),
            0xc7 => 2 + be(at, 1),
            0xc8 => 3 + be(at, 2),
            0xc9 => 5 + be(at, 4),
            0xca => {
                if let Some(f) = bytes.get(at..at + 4) {
                    if !f32::from_be_bytes(f.try_into().unwrap()).is_finite() {
                        return true;
                    }
                }
                4
            }
            0xcb => {
                if let Some(f) = bytes.get(at..at + 8) {
                    if !f64::from_be_bytes(f.try_into().unwrap()).is_finite() {
                        return true;
                    }
                }
                8
            }
            0xcc | 0xd0 => 1,
            0xcd | 0xd1 => 2,
            0xce | 0xd2 => 4,
            0xcf | 0xd3 => 8,
            0xd4 => 2,
            0xd5 => 3,
            0xd6 => 5,
            0xd7 => 9,
            0xd8 => 17,
            0xdc | 0xde => 2,
            0xdd | 0xdf => 4,
        };
        at = at.saturating_add(skip);
    }
    false
}

/// What one input did: how many decodes (strict, lax) accepted it, and every law broken.
#[derive(Debug, Default)]
pub struct Checked {
    pub accepted: usize,
    pub broken: Vec<String>,
}

struct CheckInput<'a> {
    wire: Wire,
    bytes: &'a [u8],
}

impl Visit for CheckInput<'_> {
    type Out = Checked;

    fn visit<T: Contract>(self) -> Checked {
        let mut checked = Checked::default();
        let Some(strict) = self.wire.decode::<T>(false, self.bytes) else {
            return checked;
        };
        let lax = self
            .wire
            .decode::<T>(true, self.bytes)
            .expect("text for strict is text for lax");
        for (mode, result) in [("strict", &strict), ("lax", &lax)] {
            if let Ok(value) = result {
                checked.accepted += 1;
                if let Err(broken) = laws(value) {
                    checked.broken.push(format!("{mode}: {broken}"));
                }
            }
        }
        // The lax decoder accepts all the strict one does.
        if let (Ok(value), Err(e)) = (&strict, &lax) {
            checked.broken.push(format!(
                "strict decoding gives {value:?}, lax decoding fails: {e}"
            ));
        }
        checked
    }
}

/// Decodes `bytes` as type `name` of contract set `set` from `wire`, strictly and leniently, and
/// checks the laws on every value accepted. A panic is caught and reported as a broken law.
/// `None` when the type is unknown.
pub fn check_input(set: &str, name: &str, wire: Wire, bytes: &[u8]) -> Option<Checked> {
    match catch_unwind(AssertUnwindSafe(|| {
        visit(set, name, CheckInput { wire, bytes })
    })) {
        Ok(checked) => checked,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Some(Checked {
                accepted: 0,
                broken: vec![format!("panic: {message}")],
            })
        }
    }
}
