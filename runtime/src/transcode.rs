//! Decoding and re-encoding a type chosen at run time (the generated `registry`).

use crate::de::Decode;
use crate::error::DecodeError;
use crate::ser::Encode;

/// A wire format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Json,
    Msgpack,
}

/// A value decoded and encoded again in both formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcoded {
    pub json: Vec<u8>,
    pub msgpack: Vec<u8>,
}

/// Decodes `bytes` as `T` (strict or lax) and encodes the value in JSON and MessagePack.
pub fn transcode<T: Decode + Encode>(
    format: Format,
    lax: bool,
    bytes: &[u8],
) -> Result<Transcoded, DecodeError> {
    let value: T = match (format, lax) {
        (Format::Json, false) => crate::json::decode(bytes)?,
        (Format::Json, true) => crate::json::decode_lax(bytes)?,
        (Format::Msgpack, false) => crate::msgpack::decode(bytes)?,
        (Format::Msgpack, true) => crate::msgpack::decode_lax(bytes)?,
    };
    Ok(Transcoded {
        json: crate::json::encode(&value),
        msgpack: crate::msgpack::encode(&value),
    })
}
