//! [`JsonWriter`]: writes JSON exactly as `msgspec.json.encode` does.

use base64::Engine as _;

use crate::ser::Writer;

/// For each byte, the character after `\` in its escape (`u`: `\u00XX`), or 0 when the byte is
/// written as is. msgspec's `escape_table`: `"`, `\` and the control characters; DEL, `/` and
/// non-ASCII (U+2028 included) are not escaped.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = b'u';
        i += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

const HEX: &[u8; 16] = b"0123456789abcdef";

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `x` must be escaped (`"`, `\` or below 0x20).
#[inline(always)]
fn needs_escape(x: u64) -> bool {
    let quote = x ^ (LO * u64::from(b'"'));
    let backslash = x ^ (LO * u64::from(b'\\'));
    (quote.wrapping_sub(LO) | backslash.wrapping_sub(LO) | x.wrapping_sub(LO * 0x20)) & !x & HI != 0
}

/// The index of the first byte at or after `i` that must be escaped, or `bytes.len()`.
#[inline(always)]
fn next_escape(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        if needs_escape(u64::from_le_bytes(chunk)) {
            break;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if ESCAPE[b as usize] != 0 {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// Appends `s` as a JSON string.
#[inline]
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let i = next_escape(bytes, 0);
    if i == bytes.len() {
        out.extend_from_slice(bytes);
    } else {
        write_escaped(out, bytes, i);
    }
    out.push(b'"');
}

/// The slow path of [`write_str`]: `bytes[i]` is the first byte to escape.
#[inline(never)]
fn write_escaped(out: &mut Vec<u8>, bytes: &[u8], mut i: usize) {
    let mut run = 0;
    while let Some(&b) = bytes.get(i) {
        out.extend_from_slice(bytes.get(run..i).unwrap_or_default());
        let escape = ESCAPE[b as usize];
        if escape == b'u' {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 0xF) as usize],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', escape]);
        }
        run = i + 1;
        i = next_escape(bytes, run);
    }
    out.extend_from_slice(bytes.get(run..).unwrap_or_default());
}

/// Appends `value` as msgspec writes a float: the shortest text that reads back the same
/// (`1.0`, `0.00001`, `1e16`, `1.2345678901234567e19`, `-0.0`, `5e-324`); non-finite values
/// are `null`.
#[inline]
pub fn write_f64(out: &mut Vec<u8>, value: f64) {
    if value.is_finite() {
        // ryu's formatting is the one msgspec's ryu.h implements: plain notation while the
        // decimal exponent is in -5 < e <= 16, else `d.ddde±x` without `+`.
        out.extend_from_slice(ryu::Buffer::new().format_finite(value).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

/// A [`Writer`] that produces JSON into a byte vector, byte-identical to msgspec.
#[derive(Debug, Clone, Default)]
pub struct JsonWriter {
    out: Vec<u8>,
}

impl JsonWriter {
    pub fn new() -> Self {
        JsonWriter { out: Vec::new() }
    }

    pub fn with_capacity(capacity: usize) -> Self {
        JsonWriter {
            out: Vec::with_capacity(capacity),
        }
    }

    /// Appends to an existing buffer.
    pub fn from_vec(out: Vec<u8>) -> Self {
        JsonWriter { out }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.out
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    /// Appends raw bytes (a newline between JSON lines).
    pub fn raw(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }

    #[inline(always)]
    fn separator(&mut self, index: usize) {
        if index != 0 {
            self.out.push(b',');
        }
    }
}

impl Writer for JsonWriter {
    #[inline]
    fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    #[inline]
    fn bool(&mut self, value: bool) {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    #[inline]
    fn i64(&mut self, value: i64) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    #[inline]
    fn u64(&mut self, value: u64) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    #[inline]
    fn f64(&mut self, value: f64) {
        write_f64(&mut self.out, value);
    }

    #[inline]
    fn str(&mut self, value: &str) {
        write_str(&mut self.out, value);
    }

    fn bytes(&mut self, value: &[u8]) {
        self.out.push(b'"');
        let start = self.out.len();
        let len = value.len().div_ceil(3) * 4;
        self.out.resize(start + len, 0);
        let written = base64::engine::general_purpose::STANDARD
            .encode_slice(value, &mut self.out[start..])
            .unwrap_or(0);
        self.out.truncate(start + written);
        self.out.push(b'"');
    }

    fn ext(&mut self, _code: i8, data: &[u8]) {
        self.bytes(data);
    }

    fn datetime(&mut self, text: &str, _unix_seconds: i64, _nanoseconds: u32) {
        write_str(&mut self.out, text);
    }

    #[inline]
    fn begin_array(&mut self, _len: usize) {
        self.out.push(b'[');
    }

    #[inline]
    fn element(&mut self, index: usize) {
        self.separator(index);
    }

    #[inline]
    fn end_array(&mut self) {
        self.out.push(b']');
    }

    #[inline]
    fn begin_map(&mut self, _len: usize) {
        self.out.push(b'{');
    }

    #[inline]
    fn key(&mut self, index: usize, key: &str) {
        self.separator(index);
        write_str(&mut self.out, key);
        self.out.push(b':');
    }

    #[inline]
    fn int_key(&mut self, index: usize, key: i64) {
        self.separator(index);
        self.out.push(b'"');
        self.out
            .extend_from_slice(itoa::Buffer::new().format(key).as_bytes());
        self.out.extend_from_slice(b"\":");
    }

    #[inline]
    fn field(&mut self, index: usize, _name: &'static str, json: &'static str) {
        self.separator(index);
        self.out.extend_from_slice(json.as_bytes());
        self.out.push(b':');
    }

    #[inline]
    fn end_map(&mut self) {
        self.out.push(b'}');
    }
}
