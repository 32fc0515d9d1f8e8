//! [`MsgpackReader`]: a zero-copy pull reader over one MessagePack document.
//!
//! Every length prefix is checked against the input that is left before anything is taken, so a
//! huge length on a short input is a clean truncation error, never an allocation. No input makes
//! it panic: bytes are only reached through `get`, and positions only grow after a bounds check.

use std::borrow::Cow;

use crate::de::{
    Fatal, Int, Key, Kind, Mark, NativeDatetime, RawKey, Reader, Seq, DEFAULT_MAX_DEPTH,
};
use crate::error::{Issue, IssueKind};
use crate::limits::{collection_too_long, string_too_long, Limits};

/// msgspec's text for input that ends inside a value (or before it).
pub(crate) const TRUNCATED: &str = "Input data was truncated";
/// msgspec's text for a timestamp extension (-1) whose length is not 4, 8 or 12.
pub(crate) const INVALID_TIMESTAMP: &str = "Invalid MessagePack timestamp";
/// msgspec's text for a timestamp whose nanoseconds are 1e9 or more.
pub(crate) const TIMESTAMP_NANOS: &str = "Invalid MessagePack timestamp: nanoseconds out of range";

/// The extension type of the MessagePack timestamp.
const TIMESTAMP_EXT: i8 = -1;

/// A root-level issue (`$`, empty pointer).
fn fatal(kind: IssueKind, message: String) -> Fatal {
    Box::new(Issue {
        kind,
        path: "$".into(),
        pointer: String::new(),
        message,
    })
}

fn truncated() -> Fatal {
    fatal(IssueKind::Syntax, TRUNCATED.into())
}

/// msgspec's text for the one byte that is never used (`0xc1`), at its offset.
fn invalid_opcode(marker: u8, pos: usize) -> Fatal {
    fatal(
        IssueKind::Syntax,
        format!("MessagePack data is malformed: invalid opcode '\\x{marker:02x}' (byte {pos})"),
    )
}

/// msgspec's text for bytes after the document, at the offset of the first one.
pub(crate) fn trailing(pos: usize) -> Fatal {
    fatal(
        IssueKind::Syntax,
        format!("MessagePack data is malformed: trailing characters (byte {pos})"),
    )
}

/// The text of Python's `UnicodeDecodeError` for `bytes.decode("utf-8")`, which msgspec raises
/// for a `str` that is not UTF-8. Rust's `Utf8Error` reports the same "maximal subpart" as
/// CPython's decoder; only the reason has to be recovered from the first byte.
pub(crate) fn utf8_message(data: &[u8], error: std::str::Utf8Error) -> String {
    let start = error.valid_up_to();
    let first = data.get(start).copied().unwrap_or(0);
    let (end, reason) = match error.error_len() {
        None => (data.len(), "unexpected end of data"),
        Some(len) => {
            let lead = (0xc2..=0xf4).contains(&first);
            (
                start + len,
                if len == 1 && !lead {
                    "invalid start byte"
                } else {
                    "invalid continuation byte"
                },
            )
        }
    };
    if end <= start + 1 {
        format!("'utf-8' codec can't decode byte 0x{first:02x} in position {start}: {reason}")
    } else {
        format!(
            "'utf-8' codec can't decode bytes in position {start}-{}: {reason}",
            end - 1
        )
    }
}

/// The kind of the value a marker byte starts, when the marker alone tells (not for
/// extensions, whose kind depends on their type byte, nor for `0xc1`).
#[inline]
fn simple_kind(marker: u8) -> Option<Kind> {
    Some(match marker {
        0x00..=0x7f | 0xcc..=0xd3 | 0xe0..=0xff => Kind::Int,
        0x80..=0x8f | 0xde | 0xdf => Kind::Map,
        0x90..=0x9f | 0xdc | 0xdd => Kind::Array,
        0xa0..=0xbf | 0xd9..=0xdb => Kind::Str,
        0xc0 => Kind::Null,
        0xc2 | 0xc3 => Kind::Bool,
        0xc4..=0xc6 => Kind::Bytes,
        0xca | 0xcb => Kind::Float,
        _ => return None,
    })
}

/// A pull reader over one MessagePack document in memory.
///
/// Strings and binaries are returned borrowed from the input. After the value has been read,
/// [`MsgpackReader::end`] checks that nothing follows it.
#[derive(Debug, Clone)]
pub struct MsgpackReader<'de> {
    input: &'de [u8],
    /// Offset of the next byte; never beyond `input.len()`.
    pos: usize,
    /// The nesting [`Reader::skip`] allows below the skipped value.
    max_depth: usize,
    /// `Limits::max_collection_len`, checked against the length a header announces.
    max_collection_len: usize,
    /// `Limits::max_string_len`, checked against the length a header announces.
    max_string_len: usize,
}

impl<'de> MsgpackReader<'de> {
    pub fn new(input: &'de [u8]) -> Self {
        MsgpackReader {
            input,
            pos: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            max_collection_len: usize::MAX,
            max_string_len: usize::MAX,
        }
    }

    /// Applies `limits` to what is read: an array, map, `str`, `bin` or extension whose header
    /// announces more than `max_collection_len` items or `max_string_len` bytes is a `limit`
    /// error before anything else is read (the checks of [`crate::limits::Limited`], made where
    /// they cost nothing per item), and [`Reader::skip`] allows `max_depth` levels below the
    /// skipped value. Skipped values are not counted against the lengths.
    pub fn with_limits(mut self, limits: &Limits) -> Self {
        self.max_depth = limits.max_depth;
        self.max_collection_len = limits.max_collection_len;
        self.max_string_len = limits.max_string_len;
        self
    }

    /// A sequence of `len` items announced by the header just read (see [`Seq::announced`]),
    /// or a `limit` error beyond `max_collection_len`.
    #[inline]
    fn announced(&self, len: usize, what: &str) -> Result<Seq, Fatal> {
        if len > self.max_collection_len {
            return Err(collection_too_long(what, self.max_collection_len));
        }
        Ok(Seq::announced(
            len,
            self.input.len().saturating_sub(self.pos),
        ))
    }

    /// `len`, or a `limit` error beyond `max_string_len`.
    #[inline]
    fn string_len(&self, len: usize) -> Result<usize, Fatal> {
        if len > self.max_string_len {
            return Err(string_too_long(len, self.max_string_len));
        }
        Ok(len)
    }

    /// The offset of the next unread byte.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Succeeds when the whole input has been read; otherwise msgspec's "trailing characters"
    /// error at the first unread byte.
    pub fn end(&self) -> Result<(), Fatal> {
        if self.pos < self.input.len() {
            Err(trailing(self.pos))
        } else {
            Ok(())
        }
    }

    /// The next byte, not consumed.
    #[inline]
    fn marker(&self) -> Result<u8, Fatal> {
        self.input.get(self.pos).copied().ok_or_else(truncated)
    }

    /// Consumes `n` bytes; a truncation error (and nothing consumed) when fewer are left.
    #[inline]
    fn take(&mut self, n: usize) -> Result<&'de [u8], Fatal> {
        let input: &'de [u8] = self.input;
        let end = self.pos.checked_add(n).ok_or_else(truncated)?;
        let bytes = input.get(self.pos..end).ok_or_else(truncated)?;
        self.pos = end;
        Ok(bytes)
    }

    #[inline]
    fn array<const N: usize>(&mut self) -> Result<[u8; N], Fatal> {
        self.take(N)?.try_into().map_err(|_| truncated())
    }

    #[inline]
    fn u8(&mut self) -> Result<u8, Fatal> {
        Ok(self.array::<1>()?[0])
    }

    #[inline]
    fn u16(&mut self) -> Result<u16, Fatal> {
        self.array().map(u16::from_be_bytes)
    }

    #[inline]
    fn u32(&mut self) -> Result<u32, Fatal> {
        self.array().map(u32::from_be_bytes)
    }

    #[inline]
    fn u64(&mut self) -> Result<u64, Fatal> {
        self.array().map(u64::from_be_bytes)
    }

    /// A 32-bit length (saturated where `usize` is narrower: `take` then reports truncation).
    #[inline]
    fn len32(&mut self) -> Result<usize, Fatal> {
        Ok(usize::try_from(self.u32()?).unwrap_or(usize::MAX))
    }

    /// The kind of the value at `pos`, for a marker that [`simple_kind`] does not classify.
    fn other_kind(&self, marker: u8) -> Result<Kind, Fatal> {
        // Offset of an extension's type byte from its marker.
        let type_offset = match marker {
            0xd4..=0xd8 => 1,
            0xc7 => 2,
            0xc8 => 3,
            0xc9 => 5,
            _ => return Err(invalid_opcode(marker, self.pos)),
        };
        let at = self.pos.checked_add(type_offset).ok_or_else(truncated)?;
        let ext_type = self.input.get(at).copied().ok_or_else(truncated)?;
        Ok(if ext_type as i8 == TIMESTAMP_EXT {
            Kind::Datetime
        } else {
            Kind::Ext
        })
    }

    /// The error for a `read_*` call on a value of another kind; nothing is consumed.
    fn wrong_kind(&mut self, expected: &str) -> Fatal {
        match self.peek() {
            Ok(got) => fatal(
                IssueKind::Type,
                format!("Expected `{expected}`, got `{}`", got.name()),
            ),
            Err(error) => error,
        }
    }

    /// Consumes the marker of a `str` and returns its length, or `None` (nothing consumed) if
    /// the next value is not a `str`.
    #[inline]
    fn str_len(&mut self) -> Result<Option<usize>, Fatal> {
        let marker = self.marker()?;
        let len = match marker {
            0xa0..=0xbf => {
                self.pos += 1;
                usize::from(marker & 0x1f)
            }
            0xd9 => {
                self.pos += 1;
                usize::from(self.u8()?)
            }
            0xda => {
                self.pos += 1;
                usize::from(self.u16()?)
            }
            0xdb => {
                self.pos += 1;
                self.len32()?
            }
            _ => return Ok(None),
        };
        Ok(Some(self.string_len(len)?))
    }

    /// Consumes an extension's header (marker, length, type) and returns its type and length,
    /// or `None` (nothing consumed) if the next value is not an extension.
    fn ext_header(&mut self) -> Result<Option<(i8, usize)>, Fatal> {
        let marker = self.marker()?;
        let start = self.pos;
        self.pos += 1;
        let len = match marker {
            0xd4 => 1,
            0xd5 => 2,
            0xd6 => 4,
            0xd7 => 8,
            0xd8 => 16,
            0xc7 => usize::from(self.u8()?),
            0xc8 => usize::from(self.u16()?),
            0xc9 => self.len32()?,
            _ => {
                self.pos = start;
                return Ok(None);
            }
        };
        let ext_type = self.u8()? as i8;
        Ok(Some((ext_type, len)))
    }

    /// Consumes one value's header. A scalar is consumed whole and gives `None`; an array or
    /// map gives the number of values it contains (two per map entry), still to be consumed.
    #[inline]
    fn skip_head(&mut self) -> Result<Option<u64>, Fatal> {
        let marker = self.marker()?;
        let at = self.pos;
        self.pos += 1;
        let payload = match marker {
            0x00..=0x7f | 0xc0 | 0xc2 | 0xc3 | 0xe0..=0xff => 0,
            0x80..=0x8f => return Ok(Some(2 * u64::from(marker & 0x0f))),
            0x90..=0x9f => return Ok(Some(u64::from(marker & 0x0f))),
            0xdc => return Ok(Some(u64::from(self.u16()?))),
            0xdd => return Ok(Some(u64::from(self.u32()?))),
            0xde => return Ok(Some(2 * u64::from(self.u16()?))),
            0xdf => return Ok(Some(2 * u64::from(self.u32()?))),
            0xa0..=0xbf => usize::from(marker & 0x1f),
            0xc4 | 0xd9 => usize::from(self.u8()?),
            0xc5 | 0xda => usize::from(self.u16()?),
            0xc6 | 0xdb => self.len32()?,
            0xcc | 0xd0 => 1,
            0xcd | 0xd1 => 2,
            0xca | 0xce | 0xd2 => 4,
            0xcb | 0xcf | 0xd3 => 8,
            // Extensions: the payload plus the type byte.
            0xd4 => 2,
            0xd5 => 3,
            0xd6 => 5,
            0xd7 => 9,
            0xd8 => 17,
            0xc7 => usize::from(self.u8()?).saturating_add(1),
            0xc8 => usize::from(self.u16()?).saturating_add(1),
            0xc9 => self.len32()?.saturating_add(1),
            _ => return Err(invalid_opcode(marker, at)),
        };
        self.take(payload)?;
        Ok(None)
    }

    /// Moves to the next item of an array or map; `false` when there is none left.
    #[inline]
    fn next_item(seq: &mut Seq) -> bool {
        match &mut seq.remaining {
            Some(n) if *n > 0 => {
                *n -= 1;
                seq.first = false;
                true
            }
            _ => false,
        }
    }
}

impl<'de> Reader<'de> for MsgpackReader<'de> {
    #[inline]
    fn peek(&mut self) -> Result<Kind, Fatal> {
        let marker = self.marker()?;
        match simple_kind(marker) {
            Some(kind) => Ok(kind),
            None => self.other_kind(marker),
        }
    }

    fn read_null(&mut self) -> Result<(), Fatal> {
        if self.marker()? != 0xc0 {
            return Err(self.wrong_kind("null"));
        }
        self.pos += 1;
        Ok(())
    }

    fn read_bool(&mut self) -> Result<bool, Fatal> {
        let value = match self.marker()? {
            0xc2 => false,
            0xc3 => true,
            _ => return Err(self.wrong_kind("bool")),
        };
        self.pos += 1;
        Ok(value)
    }

    #[inline]
    fn read_int(&mut self) -> Result<Int, Fatal> {
        let marker = self.marker()?;
        if !matches!(marker, 0x00..=0x7f | 0xcc..=0xd3 | 0xe0..=0xff) {
            return Err(self.wrong_kind("int"));
        }
        self.pos += 1;
        let signed = match marker {
            0x00..=0x7f => i64::from(marker),
            0xe0..=0xff => i64::from(marker as i8),
            0xcc => i64::from(self.u8()?),
            0xcd => i64::from(self.u16()?),
            0xce => i64::from(self.u32()?),
            0xcf => {
                let value = self.u64()?;
                return Ok(match i64::try_from(value) {
                    Ok(value) => Int::I64(value),
                    Err(_) => Int::U64(value),
                });
            }
            0xd0 => i64::from(self.u8()? as i8),
            0xd1 => i64::from(self.u16()? as i16),
            0xd2 => i64::from(self.u32()? as i32),
            _ => self.u64()? as i64,
        };
        Ok(Int::I64(signed))
    }

    /// A `float32` (widened) or `float64`. An integer is also accepted and converted (rounded
    /// to the nearest float, as Python's `float(int)`).
    fn read_float(&mut self) -> Result<f64, Fatal> {
        match self.marker()? {
            0xca => {
                self.pos += 1;
                Ok(f64::from(f32::from_bits(self.u32()?)))
            }
            0xcb => {
                self.pos += 1;
                Ok(f64::from_bits(self.u64()?))
            }
            0x00..=0x7f | 0xcc..=0xd3 | 0xe0..=0xff => Ok(match self.read_int()? {
                Int::I64(value) => value as f64,
                Int::U64(value) => value as f64,
                Int::Big(value) => value,
            }),
            _ => Err(self.wrong_kind("float")),
        }
    }

    /// A `str`, borrowed. Invalid UTF-8 is a syntax error with Python's `UnicodeDecodeError`
    /// text, as msgspec raises it.
    #[inline]
    fn read_str(&mut self) -> Result<Cow<'de, str>, Fatal> {
        let start = self.pos;
        let Some(len) = self.str_len()? else {
            return Err(self.wrong_kind("str"));
        };
        let bytes = self.take(len)?;
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Cow::Borrowed(text)),
            Err(error) => {
                self.pos = start;
                Err(fatal(IssueKind::Syntax, utf8_message(bytes, error)))
            }
        }
    }

    /// A `bin`, borrowed.
    fn read_bytes(&mut self) -> Result<Cow<'de, [u8]>, Fatal> {
        let marker = self.marker()?;
        let start = self.pos;
        self.pos += 1;
        let len = match marker {
            0xc4 => usize::from(self.u8()?),
            0xc5 => usize::from(self.u16()?),
            0xc6 => self.len32()?,
            _ => {
                self.pos = start;
                return Err(self.wrong_kind("bytes"));
            }
        };
        let len = self.string_len(len)?;
        Ok(Cow::Borrowed(self.take(len)?))
    }

    /// Any extension value (the timestamp too, as type -1), its data borrowed.
    fn read_ext(&mut self) -> Result<(i8, Cow<'de, [u8]>), Fatal> {
        let Some((ext_type, len)) = self.ext_header()? else {
            return Err(self.wrong_kind("ext"));
        };
        let len = self.string_len(len)?;
        Ok((ext_type, Cow::Borrowed(self.take(len)?)))
    }

    /// A timestamp extension (-1) in its 32, 64 or 96-bit form. A timestamp of another length
    /// or with nanoseconds of 1e9 or more is consumed and reported as an `InvalidValue` fatal
    /// at `$` with msgspec's text (msgspec raises a `ValidationError` at the value's path: a
    /// caller that knows the path may record the issue and go on, the value being consumed).
    fn read_datetime(&mut self) -> Result<NativeDatetime, Fatal> {
        let start = self.pos;
        let data = match self.ext_header()? {
            Some((TIMESTAMP_EXT, len)) => self.take(len)?,
            Some(_) => {
                self.pos = start;
                return Err(self.wrong_kind("datetime"));
            }
            None => return Err(self.wrong_kind("datetime")),
        };
        let (seconds, nanoseconds) = if let Ok(bytes) = <[u8; 4]>::try_from(data) {
            (i64::from(u32::from_be_bytes(bytes)), 0)
        } else if let Ok(bytes) = <[u8; 8]>::try_from(data) {
            // 30 bits of nanoseconds, then 34 bits of seconds.
            let value = u64::from_be_bytes(bytes);
            ((value & 0x3_ffff_ffff) as i64, (value >> 34) as u32)
        } else if let Ok(bytes) = <[u8; 12]>::try_from(data) {
            // 32 bits of nanoseconds, then 64 bits of signed seconds.
            let [n0, n1, n2, n3, seconds @ ..] = bytes;
            (
                i64::from_be_bytes(seconds),
                u32::from_be_bytes([n0, n1, n2, n3]),
            )
        } else {
            return Err(fatal(IssueKind::InvalidValue, INVALID_TIMESTAMP.into()));
        };
        if nanoseconds >= 1_000_000_000 {
            return Err(fatal(IssueKind::InvalidValue, TIMESTAMP_NANOS.into()));
        }
        Ok(NativeDatetime::Timestamp {
            seconds,
            nanoseconds,
        })
    }

    fn begin_array(&mut self) -> Result<Seq, Fatal> {
        let marker = self.marker()?;
        let len = match marker {
            0x90..=0x9f => {
                self.pos += 1;
                usize::from(marker & 0x0f)
            }
            0xdc => {
                self.pos += 1;
                usize::from(self.u16()?)
            }
            0xdd => {
                self.pos += 1;
                self.len32()?
            }
            _ => return Err(self.wrong_kind("array")),
        };
        self.announced(len, "Array")
    }

    /// The length is the one announced; items are checked against the input as they are read,
    /// so a length beyond the input ends in a truncation error, after the items before it.
    #[inline]
    fn next_element(&mut self, seq: &mut Seq) -> Result<bool, Fatal> {
        Ok(Self::next_item(seq))
    }

    fn begin_map(&mut self) -> Result<Seq, Fatal> {
        let marker = self.marker()?;
        let len = match marker {
            0x80..=0x8f => {
                self.pos += 1;
                usize::from(marker & 0x0f)
            }
            0xde => {
                self.pos += 1;
                usize::from(self.u16()?)
            }
            0xdf => {
                self.pos += 1;
                self.len32()?
            }
            _ => return Err(self.wrong_kind("object")),
        };
        self.announced(len, "Object")
    }

    /// A `str` key is [`Key::Str`] (borrowed, UTF-8 checked), an integer key [`Key::Int`];
    /// any other key is skipped and reported as [`Key::Other`] with its kind.
    #[inline]
    fn next_key(&mut self, seq: &mut Seq) -> Result<Option<Key<'de>>, Fatal> {
        if !Self::next_item(seq) {
            return Ok(None);
        }
        match self.peek()? {
            Kind::Str => Ok(Some(Key::Str(self.read_str()?))),
            Kind::Int => Ok(Some(Key::Int(self.read_int()?))),
            kind => {
                self.skip()?;
                Ok(Some(Key::Other(kind)))
            }
        }
    }

    #[inline]
    fn next_raw_key(&mut self, seq: &mut Seq) -> Result<Option<RawKey<'de>>, Fatal> {
        if !Self::next_item(seq) {
            return Ok(None);
        }
        if let Some(len) = self.str_len()? {
            return Ok(Some(RawKey::Bytes(self.take(len)?)));
        }
        match self.peek()? {
            Kind::Int => Ok(Some(RawKey::Key(Key::Int(self.read_int()?)))),
            kind => {
                self.skip()?;
                Ok(Some(RawKey::Key(Key::Other(kind))))
            }
        }
    }

    fn key_text(&self, bytes: &'de [u8]) -> Result<&'de str, Fatal> {
        std::str::from_utf8(bytes).map_err(|e| fatal(IssueKind::Syntax, utf8_message(bytes, e)))
    }

    /// Consumes one value without recursion and without checking its contents (UTF-8,
    /// timestamps), as msgspec skips. A skipped value nested more than `max_depth` levels deep
    /// ([`DEFAULT_MAX_DEPTH`] unless [`MsgpackReader::with_limits`] says otherwise; counted
    /// from the skipped value) is a `Depth` error; the decoder's context bounds the depth above
    /// it.
    fn skip(&mut self) -> Result<(), Fatal> {
        let Some(first) = self.skip_head()? else {
            return Ok(());
        };
        if self.max_depth == 0 {
            return Err(depth_error(self.max_depth));
        }
        // `outer[i]`: values still to skip in the enclosing container at level `i + 1`; the
        // levels beyond the array's (only with a depth above the default) in `spill`.
        let mut outer = [0u64; DEFAULT_MAX_DEPTH];
        let mut spill: Vec<u64> = Vec::new();
        let mut depth = 1;
        let mut pending = first;
        loop {
            while pending == 0 {
                depth -= 1;
                if depth == 0 {
                    return Ok(());
                }
                pending = match outer.get(depth - 1) {
                    Some(&n) => n,
                    None => spill
                        .get(depth - 1 - DEFAULT_MAX_DEPTH)
                        .copied()
                        .unwrap_or(0),
                };
            }
            pending -= 1;
            if let Some(items) = self.skip_head()? {
                // The container just read sits at level `depth + 1`.
                if depth + 1 > self.max_depth {
                    return Err(depth_error(self.max_depth));
                }
                match outer.get_mut(depth - 1) {
                    Some(slot) => *slot = pending,
                    None => {
                        spill.truncate(depth - 1 - DEFAULT_MAX_DEPTH);
                        spill.push(pending);
                    }
                }
                depth += 1;
                pending = items;
            }
        }
    }

    fn mark(&mut self) -> Mark {
        Mark(self.pos)
    }

    fn reset(&mut self, mark: Mark) {
        self.pos = mark.0.min(self.input.len());
    }
}

/// The text `Ctx::enter` uses for the same limit.
#[cold]
fn depth_error(max_depth: usize) -> Fatal {
    fatal(
        IssueKind::Depth,
        format!("Nesting exceeds the maximum depth of {max_depth}"),
    )
}
