//! [`JsonReader`]: a pull reader over one JSON document (RFC 8259, as strict as msgspec).
//!
//! Syntax errors carry msgspec's texts and byte offsets exactly. msgspec has two code paths
//! with slightly different texts and offsets, and so does this reader:
//!
//! - reading a value (`peek`, `read_*`, `begin_*`, `next_*`) follows msgspec's decoders
//!   (`json_decode_*`): `null`/`true`/`false` and numbers are validated by `peek`, as msgspec
//!   validates them before it checks the type, so `nulx` is a syntax error even where a
//!   string was expected;
//! - [`Reader::skip`] follows msgspec's `json_skip`: `invalid escaped character` instead of
//!   `invalid escape character in string`, `expected '"'` instead of `object keys must be
//!   strings`, no UTF-8 check of skipped strings (msgspec ignores an unknown field whose
//!   string is not UTF-8), and no range check of skipped numbers.
//!
//! Strings that are read must be UTF-8; the error is CPython's `UnicodeDecodeError` text that
//! msgspec lets through (`'utf-8' codec can't decode byte 0xff in position 0: invalid start
//! byte`, the position counted in the string's decoded bytes).
//!
//! Object keys are read strings too, so a key that is not UTF-8 is an error (msgspec only
//! matches struct keys as bytes and would ignore such an unknown key). `skip` has no depth
//! limit (it needs none: it does not recurse); the 128-level limit is the decoders' (`Ctx`).
//!
//! Numbers: a float literal beyond the range of `f64` (`1e400`) reads as an infinity and an
//! integer beyond 64 bits as [`Int::Big`] holding the nearest float (possibly infinite); the
//! caller reports msgspec's `Number out of range` (a validation error, not a syntax error).

use std::borrow::Cow;

use crate::de::{Fatal, Int, Key, Kind, Mark, NativeDatetime, RawKey, Reader, Seq};
use crate::error::{Issue, IssueKind};

/// The text of msgspec's error for input that ends inside a value.
pub const TRUNCATED: &str = "Input data was truncated";

/// A syntax error: kind `syntax` at the root.
#[cold]
#[inline(never)]
pub(crate) fn syntax(message: String) -> Fatal {
    Box::new(Issue {
        kind: IssueKind::Syntax,
        path: "$".into(),
        pointer: String::new(),
        message,
    })
}

#[cold]
#[inline(never)]
fn truncated() -> Fatal {
    syntax(TRUNCATED.into())
}

/// msgspec's `JSON is malformed: {what} (byte {pos})`.
#[cold]
#[inline(never)]
fn malformed(what: &str, pos: usize) -> Fatal {
    syntax(format!("JSON is malformed: {what} (byte {pos})"))
}

/// CPython's `UnicodeDecodeError` text for bytes that are not UTF-8.
#[cold]
#[inline(never)]
fn utf8_error(bytes: &[u8], error: std::str::Utf8Error) -> Fatal {
    let start = error.valid_up_to();
    let (end, reason) = match error.error_len() {
        None => (bytes.len(), "unexpected end of data"),
        Some(len) => {
            let lead = bytes.get(start).copied().unwrap_or(0);
            let reason = if len == 1 && !(0xC2..=0xF4).contains(&lead) {
                "invalid start byte"
            } else {
                "invalid continuation byte"
            };
            (start + len, reason)
        }
    };
    let message = if end <= start + 1 {
        let byte = bytes.get(start).copied().unwrap_or(0);
        format!("'utf-8' codec can't decode byte 0x{byte:02x} in position {start}: {reason}")
    } else {
        format!(
            "'utf-8' codec can't decode bytes in position {start}-{}: {reason}",
            end - 1
        )
    };
    syntax(message)
}

#[inline]
fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\n' | b'\r' | b'\t')
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// A mask with the high bit set in the lowest byte of `x` that is `"`, `\` or below 0x20 (and
/// possibly in higher bytes too); zero when there is none.
#[inline(always)]
fn special_mask(x: u64) -> u64 {
    let quote = x ^ (LO * u64::from(b'"'));
    let backslash = x ^ (LO * u64::from(b'\\'));
    // A byte of a difference borrows only from a lower byte that matched, so the lowest
    // flagged byte is always a true match; `!x` drops bytes >= 0x80.
    (quote.wrapping_sub(LO) | backslash.wrapping_sub(LO) | x.wrapping_sub(LO * 0x20)) & !x & HI
}

#[inline(always)]
fn is_special(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\'
}

/// The index of the first `"`, `\` or control character at or after `i`, or `input.len()`.
#[inline]
fn find_special(input: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = input.get(i..i + 16) {
        let (a, b) = chunk.split_at(8);
        let (Ok(a), Ok(b)) = (<[u8; 8]>::try_from(a), <[u8; 8]>::try_from(b)) else {
            break;
        };
        let ma = special_mask(u64::from_le_bytes(a));
        let mb = special_mask(u64::from_le_bytes(b));
        if ma | mb != 0 {
            return if ma != 0 {
                i + (ma.trailing_zeros() / 8) as usize
            } else {
                i + 8 + (mb.trailing_zeros() / 8) as usize
            };
        }
        i += 16;
    }
    while let Some(&c) = input.get(i) {
        if is_special(c) {
            return i;
        }
        i += 1;
    }
    input.len()
}

fn hex_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'a'..=b'f' => Some(u32::from(c - b'a' + 10)),
        b'A'..=b'F' => Some(u32::from(c - b'A' + 10)),
        _ => None,
    }
}

/// Powers of ten exactly representable as `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A number scanned by `peek`, kept so that `read_int`/`read_float` need not scan it again.
#[derive(Debug, Clone, Copy)]
struct Number {
    start: usize,
    end: usize,
    float: bool,
    negative: bool,
    /// The digits (integer and fraction) as an integer, exact when `digits <= 19`.
    mantissa: u64,
    /// How many digits `mantissa` was built from.
    digits: usize,
    /// The value is `mantissa * 10^exp10` (when `digits <= 19`).
    exp10: i64,
}

/// The nesting of arrays (`false`) and objects (`true`) during [`JsonReader::skip`]: a bit
/// stack, on the heap only beyond 64 levels.
struct BitStack {
    inline: u64,
    spill: Vec<u64>,
    depth: usize,
}

impl BitStack {
    fn new() -> Self {
        BitStack {
            inline: 0,
            spill: Vec::new(),
            depth: 0,
        }
    }

    #[inline]
    fn push(&mut self, object: bool) {
        let d = self.depth;
        if d < 64 {
            self.inline = (self.inline & !(1 << d)) | (u64::from(object) << d);
        } else {
            let (word, bit) = ((d - 64) / 64, (d - 64) % 64);
            if word == self.spill.len() {
                self.spill.push(0);
            }
            if let Some(w) = self.spill.get_mut(word) {
                *w = (*w & !(1 << bit)) | (u64::from(object) << bit);
            }
        }
        self.depth += 1;
    }

    #[inline]
    fn pop(&mut self) {
        self.depth -= 1;
    }

    /// Whether the innermost container is an object.
    #[inline]
    fn top(&self) -> bool {
        let d = self.depth - 1;
        if d < 64 {
            self.inline >> d & 1 == 1
        } else {
            let (word, bit) = ((d - 64) / 64, (d - 64) % 64);
            self.spill.get(word).is_some_and(|w| w >> bit & 1 == 1)
        }
    }
}

/// A [`Reader`] over one JSON document held in memory. Strings without escapes are borrowed
/// from the input.
#[derive(Debug, Clone)]
pub struct JsonReader<'de> {
    input: &'de [u8],
    /// The input as text when all of it is UTF-8 (the usual case): strings are then sliced
    /// from it without validating each one again. Checked when the first string is read.
    text: Option<Option<&'de str>>,
    pos: usize,
    /// The last number scanned (`start == usize::MAX`: none).
    number: Number,
}

impl<'de> JsonReader<'de> {
    pub fn new(input: &'de [u8]) -> Self {
        JsonReader {
            input,
            text: None,
            pos: 0,
            number: Number {
                start: usize::MAX,
                end: 0,
                float: false,
                negative: false,
                mantissa: 0,
                digits: 0,
                exp10: 0,
            },
        }
    }

    /// The offset of the next byte to read.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Checks that only whitespace follows the value read (msgspec's `trailing characters`).
    pub fn end(&mut self) -> Result<(), Fatal> {
        while let Some(&c) = self.input.get(self.pos) {
            self.pos += 1;
            if !is_ws(c) {
                return Err(malformed("trailing characters", self.pos));
            }
        }
        Ok(())
    }

    /// Skips whitespace; whether any input is left.
    pub fn skip_whitespace(&mut self) -> bool {
        while let Some(&c) = self.input.get(self.pos) {
            if !is_ws(c) {
                return true;
            }
            self.pos += 1;
        }
        false
    }

    /// Skips whitespace and returns the next byte without consuming it.
    #[inline(always)]
    fn peek_byte(&mut self) -> Result<u8, Fatal> {
        loop {
            match self.input.get(self.pos) {
                Some(&c) if is_ws(c) => self.pos += 1,
                Some(&c) => return Ok(c),
                None => return Err(truncated()),
            }
        }
    }

    /// Checks the literal whose first byte is at `pos`, as msgspec's `json_decode_none` etc.;
    /// returns the offset after it.
    #[inline]
    fn check_literal(&self, rest: &[u8]) -> Result<usize, Fatal> {
        let after = self.pos + 1 + rest.len();
        match self.input.get(self.pos + 1..after) {
            None => Err(truncated()),
            Some(s) if s == rest => Ok(after),
            Some(_) => Err(malformed("invalid character", after)),
        }
    }

    #[cold]
    fn wrong_kind(&self, what: &str) -> Fatal {
        // Only reached when a caller reads a kind other than the one `peek` returned.
        malformed(&format!("expected {what}"), self.pos)
    }

    /// Scans the number at `pos` as msgspec's `parse_number_inline` does (same errors) into
    /// `self.number`.
    fn scan_number(&mut self) -> Result<(), Fatal> {
        let input = self.input;
        let start = self.pos;
        let mut p = start;
        let mut negative = false;
        if input.get(p) == Some(&b'-') {
            p += 1;
            if p == input.len() {
                return Err(malformed("invalid number", p));
            }
            negative = true;
        }
        let int_start = p;
        let mut mantissa: u64 = 0;
        match input.get(p) {
            Some(b'0') => {
                p += 1;
                if matches!(input.get(p), Some(c) if c.is_ascii_digit()) {
                    return Err(malformed("invalid number", p));
                }
            }
            _ => {
                while let Some(&c) = input.get(p) {
                    if !c.is_ascii_digit() {
                        break;
                    }
                    mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
                    p += 1;
                }
                if p == int_start {
                    return Err(malformed("invalid character", p));
                }
            }
        }
        let mut digits = p - int_start;
        let mut exp10: i64 = 0;
        let mut float = false;
        if input.get(p) == Some(&b'.') {
            float = true;
            p += 1;
            let frac_start = p;
            while let Some(&c) = input.get(p) {
                if !c.is_ascii_digit() {
                    break;
                }
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
                p += 1;
            }
            if p == frac_start {
                return Err(malformed("invalid number", p));
            }
            digits += p - frac_start;
            exp10 = -((p - frac_start) as i64);
        }
        if matches!(input.get(p), Some(b'e' | b'E')) {
            float = true;
            p += 1;
            let mut exp_negative = false;
            match input.get(p) {
                None => return Err(malformed("invalid number", p)),
                Some(b'+') => p += 1,
                Some(b'-') => {
                    p += 1;
                    exp_negative = true;
                }
                Some(_) => {}
            }
            let exp_start = p;
            let mut exp: i64 = 0;
            while let Some(&c) = input.get(p) {
                if !c.is_ascii_digit() {
                    break;
                }
                if exp < 100_000 {
                    exp = exp * 10 + i64::from(c - b'0');
                }
                p += 1;
            }
            if p == exp_start {
                return Err(malformed("invalid number", p));
            }
            exp10 += if exp_negative { -exp } else { exp };
        }
        self.number = Number {
            start,
            end: p,
            float,
            negative,
            mantissa,
            digits,
            exp10,
        };
        Ok(())
    }

    /// The number at `pos`, from the cache when `peek` scanned it.
    #[inline]
    fn number(&mut self) -> Result<Number, Fatal> {
        self.peek_byte()?;
        if self.number.start != self.pos {
            self.scan_number()?;
        }
        Ok(self.number)
    }

    /// The text of a scanned number (ASCII by construction).
    fn number_text(&self, n: &Number) -> &'de str {
        let bytes = self.input.get(n.start..n.end).unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    fn number_to_f64(&self, n: &Number) -> f64 {
        if n.digits <= 19 {
            if n.mantissa == 0 {
                // `-0` is the integer 0 (msgspec reads it as `0.0` for `float`), `-0.0` is -0.0.
                return if n.negative && n.float { -0.0 } else { 0.0 };
            }
            if n.mantissa >> 53 == 0 && (-22..=22).contains(&n.exp10) {
                // Both factors are exact, so one rounding: correctly rounded.
                let m = n.mantissa as f64;
                let v = if n.exp10 >= 0 {
                    m * POW10[n.exp10 as usize]
                } else {
                    m / POW10[(-n.exp10) as usize]
                };
                return if n.negative { -v } else { v };
            }
        }
        // Correctly rounded; out of range gives an infinity.
        self.number_text(n).parse::<f64>().unwrap_or(f64::NAN)
    }

    /// Reads a string whose opening quote is at `pos` (msgspec's `json_decode_string_view`).
    #[inline]
    fn string(&mut self) -> Result<Cow<'de, str>, Fatal> {
        let input = self.input;
        let start = self.pos + 1;
        let i = find_special(input, start);
        match input.get(i) {
            Some(b'"') => {
                self.pos = i + 1;
                // Both ends are next to an ASCII quote, so on character boundaries.
                let text = *self
                    .text
                    .get_or_insert_with(|| std::str::from_utf8(input).ok());
                if let Some(s) = text.and_then(|text| text.get(start..i)) {
                    return Ok(Cow::Borrowed(s));
                }
                let bytes = input.get(start..i).unwrap_or_default();
                match std::str::from_utf8(bytes) {
                    Ok(s) => Ok(Cow::Borrowed(s)),
                    Err(e) => Err(utf8_error(bytes, e)),
                }
            }
            Some(b'\\') => self.string_escaped(start, i).map(Cow::Owned),
            Some(_) => Err(malformed("invalid character", i)),
            None => Err(truncated()),
        }
    }

    /// The slow path of [`Self::string`]: the string has escapes (`i` is the first one).
    #[inline(never)]
    fn string_escaped(&mut self, start: usize, mut i: usize) -> Result<String, Fatal> {
        let input = self.input;
        let mut out: Vec<u8> = Vec::with_capacity(i - start + 16);
        let mut run = start;
        loop {
            out.extend_from_slice(input.get(run..i).unwrap_or_default());
            match input.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    return String::from_utf8(out)
                        .map_err(|e| utf8_error(e.as_bytes(), e.utf8_error()));
                }
                Some(b'\\') => {
                    i += 1;
                    let Some(&c) = input.get(i) else {
                        return Err(truncated());
                    };
                    i += 1;
                    let byte = match c {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 8,
                        b'f' => 12,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            let (cp, next) = unicode_escape(input, i, true)?;
                            i = next;
                            let ch = char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER);
                            out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                            run = i;
                            i = find_special(input, i);
                            continue;
                        }
                        _ => return Err(malformed("invalid escape character in string", i)),
                    };
                    out.push(byte);
                    run = i;
                    i = find_special(input, i);
                }
                Some(_) => return Err(malformed("invalid character", i)),
                None => return Err(truncated()),
            }
        }
    }

    /// Reads what comes before an object key: `}` (the end: false), or a comma unless it is
    /// the first key; leaves `pos` on the key's opening quote.
    #[inline(always)]
    fn key_start(&mut self, seq: &mut Seq) -> Result<bool, Fatal> {
        let mut c = self.peek_byte()?;
        if c == b'}' {
            self.pos += 1;
            return Ok(false);
        } else if c == b',' && !seq.first {
            self.pos += 1;
            c = self.peek_byte()?;
        } else if seq.first {
            seq.first = false;
        } else {
            return Err(malformed("expected ',' or '}'", self.pos));
        }
        match c {
            b'"' => Ok(true),
            b'}' => Err(malformed("trailing comma in object", self.pos)),
            _ => Err(malformed("object keys must be strings", self.pos)),
        }
    }

    /// Reads the `:` after an object key.
    #[inline(always)]
    fn key_end(&mut self) -> Result<(), Fatal> {
        if self.peek_byte()? != b':' {
            return Err(malformed("expected ':'", self.pos));
        }
        self.pos += 1;
        Ok(())
    }

    /// Skips a string whose opening quote is at `pos` (msgspec's `json_skip_string`).
    fn skip_string(&mut self) -> Result<(), Fatal> {
        let input = self.input;
        let mut i = self.pos + 1;
        loop {
            i = find_special(input, i);
            match input.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    i += 1;
                    match input.get(i) {
                        None => return Err(truncated()),
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 1,
                        Some(b'u') => i = unicode_escape(input, i + 1, false)?.1,
                        Some(_) => return Err(malformed("invalid escaped character", i)),
                    }
                }
                Some(_) => return Err(malformed("invalid character", i)),
                None => return Err(truncated()),
            }
        }
    }

    /// Skips a literal whose first byte is at `pos` (msgspec's `json_skip_ident`).
    fn skip_literal(&mut self, rest: &[u8]) -> Result<(), Fatal> {
        self.pos += 1;
        match self.input.get(self.pos..self.pos + rest.len()) {
            None => Err(truncated()),
            Some(s) if s == rest => {
                self.pos += rest.len();
                Ok(())
            }
            Some(_) => Err(malformed("invalid character", self.pos)),
        }
    }

    /// Skips a number at `pos` (msgspec's `json_maybe_skip_number`).
    fn skip_number(&mut self) -> Result<(), Fatal> {
        let input = self.input;
        let mut p = self.pos;
        let digits = |p: &mut usize| {
            let from = *p;
            while matches!(input.get(*p), Some(c) if c.is_ascii_digit()) {
                *p += 1;
            }
            *p != from
        };
        if input.get(p) == Some(&b'-') {
            p += 1;
        }
        if input.get(p) == Some(&b'0') {
            p += 1;
            if matches!(input.get(p), Some(c) if c.is_ascii_digit()) {
                return Err(malformed("invalid number", p));
            }
        } else if !digits(&mut p) {
            return Err(malformed("invalid character", p));
        }
        if input.get(p) == Some(&b'.') {
            p += 1;
            if !digits(&mut p) {
                return Err(malformed("invalid number", p));
            }
        }
        if matches!(input.get(p), Some(b'e' | b'E')) {
            p += 1;
            if matches!(input.get(p), Some(b'+' | b'-')) {
                p += 1;
            }
            if !digits(&mut p) {
                return Err(malformed("invalid number", p));
            }
        }
        self.pos = p;
        Ok(())
    }

    /// Skips one scalar value or the opening bracket of a container; returns the container
    /// kind opened (`Some(true)` for an object).
    #[inline]
    fn skip_value_start(&mut self) -> Result<Option<bool>, Fatal> {
        match self.peek_byte()? {
            b'"' => self.skip_string()?,
            b'[' => {
                self.pos += 1;
                return Ok(Some(false));
            }
            b'{' => {
                self.pos += 1;
                return Ok(Some(true));
            }
            b'n' => self.skip_literal(b"ull")?,
            b't' => self.skip_literal(b"rue")?,
            b'f' => self.skip_literal(b"alse")?,
            _ => self.skip_number()?,
        }
        Ok(None)
    }
}

/// Reads the four hex digits of a `\u` escape starting at `i` and, for a high surrogate, the
/// escape of its low half; returns the code point and the offset after. `decoding` picks
/// msgspec's text for a missing low half (the decoder's or the skipper's).
fn unicode_escape(input: &[u8], i: usize, decoding: bool) -> Result<(u32, usize), Fatal> {
    let hex4 = |mut i: usize| -> Result<(u32, usize), Fatal> {
        let Some(digits) = input.get(i..i + 4) else {
            return Err(truncated());
        };
        let mut cp = 0;
        for &c in digits {
            i += 1;
            let Some(v) = hex_value(c) else {
                return Err(malformed("invalid character in unicode escape", i));
            };
            cp = cp << 4 | v;
        }
        Ok((cp, i))
    };
    let (cp, i) = hex4(i)?;
    match cp {
        0xDC00..=0xDFFF => Err(malformed("invalid utf-16 surrogate pair", i)),
        0xD800..=0xDBFF => {
            let Some(next) = input.get(i..i + 6) else {
                return Err(truncated());
            };
            if !next.starts_with(b"\\u") {
                let what = if decoding {
                    "unexpected end of escaped utf-16 surrogate pair"
                } else {
                    "unexpected end of hex escape"
                };
                return Err(malformed(what, i));
            }
            let (low, i) = hex4(i + 2)?;
            if !(0xDC00..=0xDFFF).contains(&low) {
                return Err(malformed("invalid utf-16 surrogate pair", i));
            }
            Ok((0x10000 + ((cp - 0xD800) << 10 | (low - 0xDC00)), i))
        }
        _ => Ok((cp, i)),
    }
}

impl<'de> Reader<'de> for JsonReader<'de> {
    #[inline]
    fn peek(&mut self) -> Result<Kind, Fatal> {
        Ok(match self.peek_byte()? {
            b'"' => Kind::Str,
            b'{' => Kind::Map,
            b'[' => Kind::Array,
            b'n' => {
                self.check_literal(b"ull")?;
                Kind::Null
            }
            b't' => {
                self.check_literal(b"rue")?;
                Kind::Bool
            }
            b'f' => {
                self.check_literal(b"alse")?;
                Kind::Bool
            }
            _ => {
                if self.number.start != self.pos {
                    self.scan_number()?;
                }
                if self.number.float {
                    Kind::Float
                } else {
                    Kind::Int
                }
            }
        })
    }

    fn read_null(&mut self) -> Result<(), Fatal> {
        match self.peek_byte()? {
            b'n' => {
                self.pos = self.check_literal(b"ull")?;
                Ok(())
            }
            _ => Err(self.wrong_kind("null")),
        }
    }

    fn read_bool(&mut self) -> Result<bool, Fatal> {
        match self.peek_byte()? {
            b't' => {
                self.pos = self.check_literal(b"rue")?;
                Ok(true)
            }
            b'f' => {
                self.pos = self.check_literal(b"alse")?;
                Ok(false)
            }
            _ => Err(self.wrong_kind("a bool")),
        }
    }

    #[inline]
    fn read_int(&mut self) -> Result<Int, Fatal> {
        let n = self.number()?;
        if n.float {
            return Err(self.wrong_kind("an integer"));
        }
        self.pos = n.end;
        if n.digits <= 19 {
            if !n.negative {
                return Ok(if n.mantissa <= i64::MAX as u64 {
                    Int::I64(n.mantissa as i64)
                } else {
                    Int::U64(n.mantissa)
                });
            }
            if n.mantissa <= 1 << 63 {
                return Ok(Int::I64((n.mantissa as i64).wrapping_neg()));
            }
        } else if n.digits == 20 && !n.negative {
            // Up to u64::MAX (20 digits) still fits.
            let text = self.number_text(&n);
            if let Ok(v) = text.parse::<u64>() {
                return Ok(Int::U64(v));
            }
        }
        Ok(Int::Big(self.number_to_f64(&n)))
    }

    #[inline]
    fn read_float(&mut self) -> Result<f64, Fatal> {
        let n = self.number()?;
        self.pos = n.end;
        Ok(self.number_to_f64(&n))
    }

    #[inline]
    fn read_str(&mut self) -> Result<Cow<'de, str>, Fatal> {
        match self.peek_byte()? {
            b'"' => self.string(),
            _ => Err(self.wrong_kind("a string")),
        }
    }

    fn read_bytes(&mut self) -> Result<Cow<'de, [u8]>, Fatal> {
        self.peek_byte()?;
        Err(malformed("JSON has no binary values", self.pos))
    }

    fn read_ext(&mut self) -> Result<(i8, Cow<'de, [u8]>), Fatal> {
        self.peek_byte()?;
        Err(malformed("JSON has no extension values", self.pos))
    }

    fn read_datetime(&mut self) -> Result<NativeDatetime, Fatal> {
        self.peek_byte()?;
        Err(malformed("JSON has no native date-time values", self.pos))
    }

    #[inline]
    fn begin_array(&mut self) -> Result<Seq, Fatal> {
        match self.peek_byte()? {
            b'[' => {
                self.pos += 1;
                Ok(Seq::new(None))
            }
            _ => Err(self.wrong_kind("an array")),
        }
    }

    #[inline]
    fn next_element(&mut self, seq: &mut Seq) -> Result<bool, Fatal> {
        let mut c = self.peek_byte()?;
        if c == b']' {
            self.pos += 1;
            return Ok(false);
        } else if c == b',' && !seq.first {
            self.pos += 1;
            c = self.peek_byte()?;
        } else if seq.first {
            seq.first = false;
        } else {
            return Err(malformed("expected ',' or ']'", self.pos));
        }
        if c == b']' {
            return Err(malformed("trailing comma in array", self.pos));
        }
        Ok(true)
    }

    #[inline]
    fn begin_map(&mut self) -> Result<Seq, Fatal> {
        match self.peek_byte()? {
            b'{' => {
                self.pos += 1;
                Ok(Seq::new(None))
            }
            _ => Err(self.wrong_kind("an object")),
        }
    }

    #[inline]
    fn next_key(&mut self, seq: &mut Seq) -> Result<Option<Key<'de>>, Fatal> {
        if !self.key_start(seq)? {
            return Ok(None);
        }
        let key = self.string()?;
        self.key_end()?;
        Ok(Some(Key::Str(key)))
    }

    #[inline]
    fn next_raw_key(&mut self, seq: &mut Seq) -> Result<Option<RawKey<'de>>, Fatal> {
        if !self.key_start(seq)? {
            return Ok(None);
        }
        let input = self.input;
        let start = self.pos + 1;
        let i = find_special(input, start);
        let key = match input.get(i) {
            Some(b'"') => {
                self.pos = i + 1;
                RawKey::Bytes(input.get(start..i).unwrap_or_default())
            }
            _ => RawKey::Key(Key::Str(self.string()?)),
        };
        self.key_end()?;
        Ok(Some(key))
    }

    fn key_text(&self, bytes: &'de [u8]) -> Result<&'de str, Fatal> {
        std::str::from_utf8(bytes).map_err(|e| utf8_error(bytes, e))
    }

    /// msgspec's `json_skip`, without recursion: any depth is fine.
    fn skip(&mut self) -> Result<(), Fatal> {
        let Some(object) = self.skip_value_start()? else {
            return Ok(());
        };
        let mut stack = BitStack::new();
        stack.push(object);
        let mut first = true;
        while stack.depth > 0 {
            let mut c = self.peek_byte()?;
            if stack.top() {
                if c == b'}' {
                    self.pos += 1;
                    stack.pop();
                    first = false;
                    continue;
                } else if c == b',' && !first {
                    self.pos += 1;
                    c = self.peek_byte()?;
                } else if first {
                    first = false;
                } else {
                    return Err(malformed("expected ',' or '}'", self.pos));
                }
                match c {
                    b'"' => self.skip_string()?,
                    b'}' => return Err(malformed("trailing comma in object", self.pos)),
                    _ => return Err(malformed("expected '\"'", self.pos)),
                }
                if self.peek_byte()? != b':' {
                    return Err(malformed("expected ':'", self.pos));
                }
                self.pos += 1;
            } else {
                if c == b']' {
                    self.pos += 1;
                    stack.pop();
                    first = false;
                    continue;
                } else if c == b',' && !first {
                    self.pos += 1;
                    c = self.peek_byte()?;
                } else if first {
                    first = false;
                } else {
                    return Err(malformed("expected ',' or ']'", self.pos));
                }
                if c == b']' {
                    return Err(malformed("trailing comma in array", self.pos));
                }
            }
            if let Some(object) = self.skip_value_start()? {
                stack.push(object);
                first = true;
            }
        }
        Ok(())
    }

    #[inline]
    fn mark(&mut self) -> Mark {
        Mark(self.pos)
    }

    #[inline]
    fn reset(&mut self, mark: Mark) {
        self.pos = mark.0.min(self.input.len());
    }
}
