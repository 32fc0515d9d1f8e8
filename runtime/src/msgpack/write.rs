//! [`MsgpackWriter`]: MessagePack output byte-identical to `msgspec.msgpack.encode`.
//!
//! msgspec picks the smallest header for every integer, string, binary, extension, array and
//! map, always writes floats as float64, and writes datetimes as the timestamp extension (-1) in
//! its 32-bit form when the seconds fit 32 bits and there are no nanoseconds, its 64-bit form
//! when the seconds fit 34 bits, and its 96-bit form otherwise.

use crate::ser::Writer;

/// A [`Writer`] that appends MessagePack to a `Vec<u8>`.
///
/// # Panics
///
/// A string, binary, extension, array or map of 2**32 items or bytes or more cannot be
/// written in MessagePack (msgspec raises an error); the writer panics rather than write
/// invalid output.
#[derive(Debug, Default, Clone)]
pub struct MsgpackWriter {
    out: Vec<u8>,
}

/// The 32-bit length of a header, which MessagePack cannot exceed.
fn len32(len: usize, what: &str) -> u32 {
    match u32::try_from(len) {
        Ok(len) => len,
        Err(_) => panic!("Can't encode {what} longer than 2**32 - 1"),
    }
}

impl MsgpackWriter {
    pub fn new() -> Self {
        MsgpackWriter { out: Vec::new() }
    }

    pub fn with_capacity(capacity: usize) -> Self {
        MsgpackWriter {
            out: Vec::with_capacity(capacity),
        }
    }

    /// Continues an existing buffer.
    pub fn from_vec(out: Vec<u8>) -> Self {
        MsgpackWriter { out }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.out
    }

    pub fn into_inner(self) -> Vec<u8> {
        self.out
    }

    #[inline]
    fn byte(&mut self, byte: u8) {
        self.out.push(byte);
    }

    #[inline]
    fn marked(&mut self, marker: u8, bytes: &[u8]) {
        self.out.push(marker);
        self.out.extend_from_slice(bytes);
    }

    /// A length header: the fix form (`fix_marker | len`) below `fix_limit`, else the 8-bit
    /// form (when the type has one: `m8`), 16-bit or 32-bit form.
    #[inline]
    fn header(
        &mut self,
        len: usize,
        fix: Option<(u8, usize)>,
        m8: Option<u8>,
        m16: u8,
        m32: u8,
        what: &str,
    ) {
        match fix {
            Some((marker, limit)) if len < limit => return self.byte(marker | len as u8),
            _ => {}
        }
        if let (Some(marker), Ok(len)) = (m8, u8::try_from(len)) {
            self.marked(marker, &[len]);
        } else if let Ok(len) = u16::try_from(len) {
            self.marked(m16, &len.to_be_bytes());
        } else {
            self.marked(m32, &len32(len, what).to_be_bytes());
        }
    }
}

impl Writer for MsgpackWriter {
    #[inline]
    fn null(&mut self) {
        self.byte(0xc0);
    }

    #[inline]
    fn bool(&mut self, value: bool) {
        self.byte(if value { 0xc3 } else { 0xc2 });
    }

    /// Non-negative values as `u64` does; negative ones as negative fixint (-32..-1), int8,
    /// int16, int32 or int64, the smallest that holds them.
    #[inline]
    fn i64(&mut self, value: i64) {
        if value >= 0 {
            self.u64(value as u64);
        } else if value >= -32 {
            self.byte(value as u8);
        } else if let Ok(v) = i8::try_from(value) {
            self.marked(0xd0, &v.to_be_bytes());
        } else if let Ok(v) = i16::try_from(value) {
            self.marked(0xd1, &v.to_be_bytes());
        } else if let Ok(v) = i32::try_from(value) {
            self.marked(0xd2, &v.to_be_bytes());
        } else {
            self.marked(0xd3, &value.to_be_bytes());
        }
    }

    /// Positive fixint (0..127), uint8, uint16, uint32 or uint64, the smallest that holds it.
    #[inline]
    fn u64(&mut self, value: u64) {
        if value < 0x80 {
            self.byte(value as u8);
        } else if let Ok(v) = u8::try_from(value) {
            self.marked(0xcc, &[v]);
        } else if let Ok(v) = u16::try_from(value) {
            self.marked(0xcd, &v.to_be_bytes());
        } else if let Ok(v) = u32::try_from(value) {
            self.marked(0xce, &v.to_be_bytes());
        } else {
            self.marked(0xcf, &value.to_be_bytes());
        }
    }

    /// Always float64, bits as they are (NaN included).
    #[inline]
    fn f64(&mut self, value: f64) {
        self.marked(0xcb, &value.to_bits().to_be_bytes());
    }

    #[inline]
    fn str(&mut self, value: &str) {
        self.header(
            value.len(),
            Some((0xa0, 32)),
            Some(0xd9),
            0xda,
            0xdb,
            "strings",
        );
        self.out.extend_from_slice(value.as_bytes());
    }

    #[inline]
    fn bytes(&mut self, value: &[u8]) {
        self.header(value.len(), None, Some(0xc4), 0xc5, 0xc6, "bytes");
        self.out.extend_from_slice(value);
    }

    /// fixext1/2/4/8/16 when the length is exactly one of those, else ext8, ext16 or ext32.
    fn ext(&mut self, code: i8, data: &[u8]) {
        match data.len() {
            1 => self.byte(0xd4),
            2 => self.byte(0xd5),
            4 => self.byte(0xd6),
            8 => self.byte(0xd7),
            16 => self.byte(0xd8),
            len => self.header(len, None, Some(0xc7), 0xc8, 0xc9, "ext data"),
        }
        self.byte(code as u8);
        self.out.extend_from_slice(data);
    }

    /// The timestamp extension (-1), as msgspec chooses its form: 32-bit when the seconds fit
    /// 32 unsigned bits and there are no nanoseconds, 64-bit when the seconds fit 34 unsigned
    /// bits, 96-bit otherwise (negative seconds included).
    fn datetime(&mut self, _text: &str, unix_seconds: i64, nanoseconds: u32) {
        if unix_seconds >> 34 == 0 {
            let data = (u64::from(nanoseconds) << 34) | unix_seconds as u64;
            if data >> 32 == 0 {
                self.marked(0xd6, &[0xff]);
                self.out.extend_from_slice(&(data as u32).to_be_bytes());
            } else {
                self.marked(0xd7, &[0xff]);
                self.out.extend_from_slice(&data.to_be_bytes());
            }
        } else {
            self.marked(0xc7, &[12, 0xff]);
            self.out.extend_from_slice(&nanoseconds.to_be_bytes());
            self.out.extend_from_slice(&unix_seconds.to_be_bytes());
        }
    }

    #[inline]
    fn begin_array(&mut self, len: usize) {
        self.header(len, Some((0x90, 16)), None, 0xdc, 0xdd, "arrays");
    }

    #[inline]
    fn element(&mut self, _index: usize) {}

    #[inline]
    fn end_array(&mut self) {}

    #[inline]
    fn begin_map(&mut self, len: usize) {
        self.header(len, Some((0x80, 16)), None, 0xde, 0xdf, "maps");
    }

    fn begin_struct(&mut self, len: usize, fields: usize) {
        if fields < 16 {
            self.begin_map(len);
        } else if fields < 1 << 16 {
            self.out.push(0xde);
            self.out.extend_from_slice(&(len as u16).to_be_bytes());
        } else {
            self.out.push(0xdf);
            self.out.extend_from_slice(&(len as u32).to_be_bytes());
        }
    }

    #[inline]
    fn key(&mut self, _index: usize, key: &str) {
        self.str(key);
    }

    #[inline]
    fn int_key(&mut self, _index: usize, key: i64) {
        self.i64(key);
    }

    #[inline]
    fn field(&mut self, _index: usize, name: &'static str, _json: &'static str) {
        self.str(name);
    }

    #[inline]
    fn end_map(&mut self) {}
}
