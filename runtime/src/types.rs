//! The Rust types of seam's text-encoded scalars, and `Decode`/`Encode` for them:
//!
//! | `.ir` | Rust |
//! |---|---|
//! | `datetime` | [`time::OffsetDateTime`] (microseconds) |
//! | `date` | [`time::Date`] |
//! | `time` | [`TimeOfDay`] |
//! | `duration` | [`time::Duration`] (microseconds, `timedelta`'s range) |
//! | `uuid` | [`uuid::Uuid`] |
//! | `decimal` | [`Decimal`] |
//! | `bytes` | [`Bytes`] |
//!
//! On the wire each is a string (its text form, see [`crate::scalar`]), except `bytes`
//! (MessagePack `bin`, base64 in JSON) and `datetime` in MessagePack (the timestamp extension,
//! in UTC: the offset is not carried, as with msgspec).
//!
//! Set order: a `BTreeSet` iterates in `Ord` order, which for every type here is the order
//! msgspec's `order="deterministic"` sorts set items in (Python's comparison): datetimes by
//! instant, UUIDs by value (= by canonical text), bytes lexicographically, decimals
//! numerically, times by UTC-adjusted clock. Values Python calls equal but that are written
//! differently (`1.1` and `1.10`; `12:00+01:00` and `11:00Z`) are distinct here (msgspec would
//! keep one of them), except datetimes: `OffsetDateTime` equality is by instant, so two
//! datetimes for the same instant are a duplicate set item, as in Python.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};
use std::str::FromStr;

use time::{Date, Duration, OffsetDateTime, Time, UtcOffset};
use uuid::Uuid;

use crate::de::{mismatch, Ctx, Decode, Fatal, Int, Kind, NativeDatetime, Reader};
use crate::error::IssueKind;
use crate::scalar::{self, LaxNumber, NativeText};
use crate::ser::{Encode, Writer};

// ---------------------------------------------------------------------------------------------
// Shared decoding helpers

/// The issue kind for one of the scalar messages.
fn kind_of(message: &str) -> IssueKind {
    match message {
        scalar::TIMESTAMP_OUT_OF_RANGE
        | scalar::DURATION_OUT_OF_RANGE
        | scalar::NUMBER_OUT_OF_RANGE => IssueKind::OutOfRange,
        scalar::DATETIME_NEEDS_TZ | scalar::TIME_NEEDS_TZ | scalar::TIME_FORBIDS_TZ => {
            IssueKind::Constraint
        }
        _ => IssueKind::InvalidValue,
    }
}

/// Records the error of a conversion, if any.
fn report<T>(cx: &mut Ctx, result: Result<T, &'static str>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(message) => {
            cx.issue(kind_of(message), message);
            None
        }
    }
}

/// msgspec's name for a native date-time value: a MessagePack timestamp is an `ext` to every
/// type but `datetime`; TOML values are `datetime`, `date` or `time`.
fn native_name(value: &NativeDatetime) -> &'static str {
    match value {
        NativeDatetime::Timestamp { .. } => "ext",
        NativeDatetime::Text(text) => {
            scalar::parse_native_text(text).map_or("datetime", |n| n.kind_name())
        }
    }
}

fn type_error<T>(cx: &mut Ctx, expected: &str, got: &str) -> Option<T> {
    cx.issue(
        IssueKind::Type,
        format!("Expected `{expected}`, got `{got}`"),
    );
    None
}

/// A native date-time read for a type other than `datetime`, `date` and `time`.
fn native_mismatch<'de, R: Reader<'de> + ?Sized, T>(
    r: &mut R,
    cx: &mut Ctx,
    expected: &str,
) -> Result<Option<T>, Fatal> {
    let value = r.read_datetime()?;
    Ok(type_error(cx, expected, native_name(&value)))
}

/// Reads a native date-time for `date` or `time`: the TOML value of that kind, else a type
/// error.
fn native_text<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    expected: &str,
) -> Result<Option<NativeText>, Fatal> {
    let value = r.read_datetime()?;
    if let NativeDatetime::Text(text) = &value {
        if let Some(parsed) = scalar::parse_native_text(text) {
            if parsed.kind_name() == expected {
                return Ok(Some(parsed));
            }
        }
    }
    Ok(type_error(cx, expected, native_name(&value)))
}

// ---------------------------------------------------------------------------------------------
// datetime

fn datetime_from_text(cx: &mut Ctx, text: &str) -> Option<OffsetDateTime> {
    match scalar::parse_datetime_parts(text, scalar::Fraction::Round) {
        None => report(cx, Err(scalar::INVALID_DATETIME)),
        // seam rejects naive datetimes always (msgspec's `tz=True`).
        Some(parts) => report(cx, parts.aware().ok_or(scalar::DATETIME_NEEDS_TZ)),
    }
}

/// `datetime`: RFC 3339 text with an offset (a naive one is rejected with msgspec's `tz=True`
/// message), a MessagePack timestamp (UTC), a TOML offset date-time; in lax mode also Unix
/// seconds as a number or a numeric string.
impl Decode for OffsetDateTime {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        match r.peek()? {
            Kind::Str => {
                let text = r.read_str()?;
                if cx.lax() {
                    match scalar::parse_lax_number(&text) {
                        LaxNumber::NotANumber => {}
                        LaxNumber::OutOfRange => {
                            return Ok(report(cx, Err(scalar::NUMBER_OUT_OF_RANGE)))
                        }
                        LaxNumber::Int(i) => return Ok(report(cx, scalar::datetime_from_int(i))),
                        LaxNumber::Float(f) => return Ok(report(cx, scalar::datetime_from_f64(f))),
                    }
                }
                Ok(datetime_from_text(cx, &text))
            }
            Kind::Int if cx.lax() => {
                let value = r.read_int()?;
                Ok(report(cx, scalar::datetime_from_int(value)))
            }
            Kind::Float if cx.lax() => {
                let value = r.read_float()?;
                if value.is_infinite() {
                    return Ok(report(cx, Err(scalar::NUMBER_OUT_OF_RANGE)));
                }
                Ok(report(cx, scalar::datetime_from_f64(value)))
            }
            Kind::Datetime => Ok(match r.read_datetime()? {
                NativeDatetime::Timestamp {
                    seconds,
                    nanoseconds,
                } => {
                    if nanoseconds > 999_999_999 {
                        report(cx, Err(scalar::INVALID_MSGPACK_TIMESTAMP_NANOS))
                    } else {
                        report(cx, scalar::datetime_from_epoch(seconds, nanoseconds))
                    }
                }
                NativeDatetime::Text(text) => match scalar::parse_native_text(&text) {
                    Some(NativeText::DateTime(parts)) => {
                        report(cx, parts.aware().ok_or(scalar::DATETIME_NEEDS_TZ))
                    }
                    Some(other) => type_error(cx, "datetime", other.kind_name()),
                    None => report(cx, Err(scalar::INVALID_DATETIME)),
                },
            }),
            other => mismatch(r, cx, "datetime", other),
        }
    }
}

/// RFC 3339 in JSON, the timestamp extension in MessagePack. Nanoseconds below a microsecond
/// (only in hand-built values) are dropped from both.
impl Encode for OffsetDateTime {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.datetime(
            &scalar::format_datetime(self),
            self.unix_timestamp(),
            self.microsecond() * 1000,
        )
    }
}

// ---------------------------------------------------------------------------------------------
// date

/// `date`: `YYYY-MM-DD`, or a TOML local date.
impl Decode for Date {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        match r.peek()? {
            Kind::Str => {
                let text = r.read_str()?;
                Ok(report(
                    cx,
                    scalar::parse_date(&text).ok_or(scalar::INVALID_DATE),
                ))
            }
            Kind::Datetime => Ok(match native_text(r, cx, "date")? {
                Some(NativeText::Date(date)) => Some(date),
                _ => None,
            }),
            other => mismatch(r, cx, "date", other),
        }
    }
}

impl Encode for Date {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.str(&scalar::format_date(*self))
    }
}

// ---------------------------------------------------------------------------------------------
// time

/// A `time`: a time of day with an optional UTC offset (msgspec reads and writes both forms;
/// the `tz` constraint requires or forbids the offset, see [`check_time_tz`]).
///
/// Equality and hashing are structural (`12:00+01:00` and `11:00Z` are different values: they
/// are written differently). The order is Python's where Python has one: naive times by
/// clock, aware times by clock minus offset (without wrapping around midnight, as Python);
/// naive before aware (Python cannot compare them); then by offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeOfDay {
    pub time: Time,
    pub offset: Option<UtcOffset>,
}

impl TimeOfDay {
    pub const fn new(time: Time, offset: Option<UtcOffset>) -> Self {
        TimeOfDay { time, offset }
    }

    /// A time without an offset.
    pub const fn naive(time: Time) -> Self {
        TimeOfDay { time, offset: None }
    }

    /// The text form, `HH:MM:SS[.ffffff][Z|±HH:MM]`.
    pub fn parse(text: &str) -> Option<Self> {
        scalar::parse_time(text)
    }

    /// The order key: (aware, clock seconds minus offset seconds, nanoseconds, offset).
    fn key(&self) -> (bool, i64, u32, i32) {
        let (h, m, s) = self.time.as_hms();
        let clock = i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s);
        let offset = self.offset.map_or(0, |o| o.whole_seconds());
        (
            self.offset.is_some(),
            clock - i64::from(offset),
            self.time.nanosecond(),
            offset,
        )
    }
}

impl Ord for TimeOfDay {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for TimeOfDay {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl From<Time> for TimeOfDay {
    fn from(time: Time) -> Self {
        TimeOfDay::naive(time)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&scalar::format_time(self))
    }
}

impl FromStr for TimeOfDay {
    type Err = InvalidText;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        TimeOfDay::parse(text).ok_or(InvalidText(scalar::INVALID_TIME))
    }
}

/// `time`: `HH:MM:SS[.f][offset]`, or a TOML local time.
impl Decode for TimeOfDay {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        match r.peek()? {
            Kind::Str => {
                let text = r.read_str()?;
                Ok(report(
                    cx,
                    scalar::parse_time(&text).ok_or(scalar::INVALID_TIME),
                ))
            }
            Kind::Datetime => Ok(match native_text(r, cx, "time")? {
                Some(NativeText::Time(time)) => Some(time),
                _ => None,
            }),
            other => mismatch(r, cx, "time", other),
        }
    }
}

impl Encode for TimeOfDay {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.str(&scalar::format_time(self))
    }
}

/// The `tz` constraint of `time`: `required` (`tz = true`) needs an offset, `tz = false`
/// forbids one. Records msgspec's message (kind `constraint`) and returns `false` when the
/// value breaks it.
pub fn check_time_tz(cx: &mut Ctx, value: &TimeOfDay, required: bool) -> bool {
    match (required, value.offset.is_some()) {
        (true, false) => {
            cx.issue(IssueKind::Constraint, scalar::TIME_NEEDS_TZ);
            false
        }
        (false, true) => {
            cx.issue(IssueKind::Constraint, scalar::TIME_FORBIDS_TZ);
            false
        }
        _ => true,
    }
}

// ---------------------------------------------------------------------------------------------
// duration

/// `duration`: ISO 8601 text; in lax mode also seconds as a number or a numeric string.
impl Decode for Duration {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        match r.peek()? {
            Kind::Str => {
                let text = r.read_str()?;
                if cx.lax() {
                    match scalar::parse_lax_number(&text) {
                        LaxNumber::NotANumber => {}
                        LaxNumber::OutOfRange => {
                            return Ok(report(cx, Err(scalar::NUMBER_OUT_OF_RANGE)))
                        }
                        LaxNumber::Int(i) => return Ok(report(cx, scalar::duration_from_int(i))),
                        LaxNumber::Float(f) => return Ok(report(cx, scalar::duration_from_f64(f))),
                    }
                }
                Ok(report(cx, scalar::parse_duration_checked(&text)))
            }
            Kind::Int if cx.lax() => {
                let value = r.read_int()?;
                Ok(report(cx, scalar::duration_from_int(value)))
            }
            Kind::Float if cx.lax() => {
                let value = r.read_float()?;
                if value.is_infinite() {
                    return Ok(report(cx, Err(scalar::NUMBER_OUT_OF_RANGE)));
                }
                Ok(report(cx, scalar::duration_from_f64(value)))
            }
            Kind::Datetime => native_mismatch(r, cx, "duration"),
            other => mismatch(r, cx, "duration", other),
        }
    }
}

impl Encode for Duration {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.str(scalar::duration_text(
            *self,
            &mut [0; scalar::DURATION_TEXT_MAX],
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// uuid

/// `uuid`: hex text with or without hyphens, or (MessagePack) 16 bytes of `bin`.
impl Decode for Uuid {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        match r.peek()? {
            Kind::Str => {
                let text = r.read_str()?;
                Ok(report(
                    cx,
                    scalar::parse_uuid(&text).ok_or(scalar::INVALID_UUID),
                ))
            }
            Kind::Bytes => {
                let bytes = r.read_bytes()?;
                Ok(report(
                    cx,
                    Uuid::from_slice(&bytes).map_err(|_| scalar::INVALID_UUID_BYTES),
                ))
            }
            Kind::Datetime => native_mismatch(r, cx, "uuid"),
            other => mismatch(r, cx, "uuid", other),
        }
    }
}

impl Encode for Uuid {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        let mut buffer = Uuid::encode_buffer();
        w.str(self.hyphenated().encode_lower(&mut buffer))
    }
}

// ---------------------------------------------------------------------------------------------
// bytes

/// `bytes`: binary data, distinct from `Vec<u8>` (which is a `list<u8>`, an array of integers).
/// Standard padded base64 in JSON, `bin` in MessagePack.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bytes(pub Vec<u8>);

impl Bytes {
    pub const fn new() -> Self {
        Bytes(Vec::new())
    }

    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }

    /// Standard padded base64 (the JSON form).
    pub fn from_base64(text: &str) -> Option<Self> {
        scalar::decode_base64(text).map(Bytes)
    }

    pub fn to_base64(&self) -> String {
        scalar::encode_base64(&self.0)
    }
}

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl DerefMut for Bytes {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.0
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes(bytes)
    }
}

impl From<&[u8]> for Bytes {
    fn from(bytes: &[u8]) -> Self {
        Bytes(bytes.to_vec())
    }
}

impl<const N: usize> From<[u8; N]> for Bytes {
    fn from(bytes: [u8; N]) -> Self {
        Bytes(bytes.to_vec())
    }
}

impl From<Bytes> for Vec<u8> {
    fn from(bytes: Bytes) -> Self {
        bytes.0
    }
}

impl FromIterator<u8> for Bytes {
    fn from_iter<I: IntoIterator<Item = u8>>(iter: I) -> Self {
        Bytes(iter.into_iter().collect())
    }
}

impl Decode for Bytes {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        match r.peek()? {
            Kind::Bytes => Ok(Some(Bytes(r.read_bytes()?.into_owned()))),
            // Base64 text is how JSON carries bytes; MessagePack has `bin`.
            Kind::Str if !cx.is_binary() => {
                let text = r.read_str()?;
                Ok(report(
                    cx,
                    Bytes::from_base64(&text).ok_or(scalar::INVALID_BASE64),
                ))
            }
            Kind::Datetime => native_mismatch(r, cx, "bytes"),
            other => mismatch(r, cx, "bytes", other),
        }
    }
}

impl Encode for Bytes {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.bytes(&self.0)
    }
}

// ---------------------------------------------------------------------------------------------
// decimal

/// The error of parsing a text form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidText(pub &'static str);

impl fmt::Display for InvalidText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for InvalidText {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Class {
    Finite,
    Infinite,
    Nan,
    SignalingNan,
}

/// Limits of the exponent in Python's `decimal` (64-bit `MAX_EMAX`, `MIN_ETINY`) under the
/// maximum context `decimal.Decimal(str)` parses with.
const EMAX: i128 = 999_999_999_999_999_999;
const ETINY: i128 = -1_999_999_999_999_999_997;

/// Unicode whitespace that Python's `str.isspace` knows beyond ASCII (Unicode 14, Python 3.11).
const UNICODE_SPACES: [u32; 19] = [
    0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
    0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
];

/// The zero of every run of Unicode decimal digits (category Nd, Unicode 14; each run is
/// `0`..`9` in order), which `decimal.Decimal` reads as ASCII digits.
const DIGIT_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

fn unicode_digit(c: u32) -> Option<u8> {
    let i = DIGIT_ZEROS.partition_point(|&zero| zero <= c);
    let zero = DIGIT_ZEROS[i.checked_sub(1)?];
    (c - zero < 10).then(|| (c - zero) as u8)
}

/// Python's `str.isspace` on ASCII.
fn is_python_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0x1C..=0x1F | b' ')
}

fn strip_leading_zeros(digits: &str) -> &str {
    let stripped = digits.trim_start_matches('0');
    if stripped.is_empty() {
        "0"
    } else {
        stripped
    }
}

/// An exact decimal number, as Python's `decimal.Decimal` holds it: a sign, a coefficient
/// (any number of digits), an exponent, or one of the special values `Infinity`, `NaN` and
/// `sNaN` (NaNs with an optional payload). Its wire text is exactly Python's `str()` of the
/// value: `"1.10"` stays `1.10`, `"1e3"` is `1E+3`, `"0.0000001"` is `1E-7`, `"-0"` is `-0`.
///
/// Why not `rust_decimal`: it holds at most 28 digits and a scale up to 28, so most of what
/// msgspec accepts (`1E+400`, 30-digit values, `NaN`) could not be represented, and it
/// normalises differently. Why not `bigdecimal`: it has no special values, and its string form
/// is not Python's (it writes `1e3`-like exponents and plain digits by other rules), so the
/// wire bytes would differ from msgspec's.
///
/// Parsing accepts exactly what `decimal.Decimal(str)` accepts: surrounding whitespace
/// (Python's `isspace`), underscores anywhere (they are ignored), Unicode decimal digits, a
/// sign, `Inf`/`Infinity`/`NaN[payload]`/`sNaN[payload]` in any case, exponents within
/// Python's limits.
///
/// Equality and hashing are on the exact representation (`1.10 != 1.1`: they encode
/// differently). The order is IEEE 754's total order (Python's `compare_total`): numeric for
/// different values, then by exponent (`1.10 < 1.1`), `-0 < 0`, NaNs at the ends; it sorts
/// sets as msgspec does (by value).
#[derive(Clone)]
pub struct Decimal {
    /// The canonical text (Python's `str()`).
    text: Box<str>,
    negative: bool,
    class: Class,
    /// The coefficient without leading zeros (`0` for zero), or a NaN's payload (empty: none).
    digits: Box<str>,
    /// The exponent of a finite value.
    exponent: i64,
}

impl Decimal {
    /// Parses the text as `decimal.Decimal(text)` does; `None` where Python raises.
    pub fn parse(text: &str) -> Option<Decimal> {
        // Python's `numeric_as_ascii`: underscores dropped, Unicode spaces and digits mapped to
        // ASCII, anything else non-ASCII (or NUL) rejected.
        let mut ascii = Vec::with_capacity(text.len());
        for c in text.chars() {
            let code = u32::from(c);
            if c == '_' {
                continue;
            }
            if (1..=127).contains(&code) {
                ascii.push(code as u8);
            } else if UNICODE_SPACES.contains(&code) {
                ascii.push(b' ');
            } else {
                ascii.push(b'0' + unicode_digit(code)?);
            }
        }
        let start = ascii.iter().position(|&b| !is_python_ascii_space(b))?;
        let end = ascii.iter().rposition(|&b| !is_python_ascii_space(b))? + 1;
        let s = std::str::from_utf8(&ascii[start..end]).ok()?;
        let (negative, unsigned) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        let lower = unsigned.to_ascii_lowercase();
        if lower == "inf" || lower == "infinity" {
            return Some(Decimal::special(negative, Class::Infinite, ""));
        }
        for (prefix, class) in [("snan", Class::SignalingNan), ("nan", Class::Nan)] {
            if let Some(payload) = lower.strip_prefix(prefix) {
                if !all_digits(payload) {
                    return None;
                }
                let payload = payload.trim_start_matches('0');
                return Some(Decimal::special(negative, class, payload));
            }
        }
        let (mantissa, exponent_text) = match unsigned.find(['e', 'E']) {
            Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
            None => (unsigned, None),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if !all_digits(whole) || !all_digits(fraction) || (whole.is_empty() && fraction.is_empty())
        {
            return None;
        }
        let mut exponent: i128 = match exponent_text {
            None => 0,
            Some(e) => {
                let (sign, digits) = match e.as_bytes().first() {
                    Some(b'-') => (-1, &e[1..]),
                    Some(b'+') => (1, &e[1..]),
                    _ => (1, e),
                };
                if digits.is_empty() || !all_digits(digits) {
                    return None;
                }
                // Saturates far beyond the limits, which are checked below.
                let magnitude = digits.bytes().fold(0i128, |acc, b| {
                    (acc * 10 + i128::from(b - b'0')).min(i128::from(i64::MAX) * 4)
                });
                sign * magnitude
            }
        };
        exponent -= fraction.len() as i128;
        let mut coefficient = String::with_capacity(whole.len() + fraction.len());
        coefficient.push_str(whole);
        coefficient.push_str(fraction);
        let digits = strip_leading_zeros(&coefficient);
        let adjusted = exponent + digits.len() as i128 - 1;
        if exponent < ETINY || adjusted > EMAX {
            return None;
        }
        Some(Decimal::finite(negative, digits, exponent as i64))
    }

    fn special(negative: bool, class: Class, payload: &str) -> Decimal {
        let mut text = String::new();
        if negative {
            text.push('-');
        }
        text.push_str(match class {
            Class::Infinite => "Infinity",
            Class::Nan => "NaN",
            _ => "sNaN",
        });
        text.push_str(payload);
        Decimal {
            text: text.into(),
            negative,
            class,
            digits: payload.into(),
            exponent: 0,
        }
    }

    /// A finite value from its parts: `digits` (ASCII digits, leading zeros dropped) times ten
    /// to `exponent`. `None` when `digits` is not all digits or the exponent is beyond
    /// Python's limits.
    pub fn from_parts(negative: bool, digits: &str, exponent: i64) -> Option<Decimal> {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = strip_leading_zeros(digits);
        let adjusted = i128::from(exponent) + digits.len() as i128 - 1;
        if i128::from(exponent) < ETINY || adjusted > EMAX {
            return None;
        }
        Some(Decimal::finite(negative, digits, exponent))
    }

    fn finite(negative: bool, digits: &str, exponent: i64) -> Decimal {
        // Python's `Decimal.__str__` (scientific notation, capital E).
        let mut text = String::with_capacity(digits.len() + 8);
        if negative {
            text.push('-');
        }
        let len = digits.len() as i128;
        let exp = i128::from(exponent);
        let left_digits = exp + len;
        let dot = if exp <= 0 && left_digits > -6 {
            left_digits
        } else {
            1
        };
        if dot <= 0 {
            text.push_str("0.");
            text.extend(std::iter::repeat_n('0', (-dot) as usize));
            text.push_str(digits);
        } else if dot >= len {
            text.push_str(digits);
            text.extend(std::iter::repeat_n('0', (dot - len) as usize));
        } else {
            text.push_str(&digits[..dot as usize]);
            text.push('.');
            text.push_str(&digits[dot as usize..]);
        }
        if left_digits != dot {
            let e = left_digits - dot;
            text.push('E');
            text.push(if e < 0 { '-' } else { '+' });
            text.push_str(&e.unsigned_abs().to_string());
        }
        Decimal {
            text: text.into(),
            negative,
            class: Class::Finite,
            digits: digits.into(),
            exponent,
        }
    }

    /// msgspec's decimal from a float: the float's shortest text, as msgspec writes it, read as
    /// a decimal (`1.1` gives `1.1`, `1e16` gives `1E+16`); NaN gives `NaN`, infinities
    /// `Infinity`/`-Infinity`.
    pub fn from_f64(value: f64) -> Decimal {
        if value.is_nan() {
            return Decimal::special(false, Class::Nan, "");
        }
        if value.is_infinite() {
            return Decimal::special(value < 0.0, Class::Infinite, "");
        }
        scalar::msgspec_float_text(value)
            .and_then(|text| Decimal::parse(&text))
            .unwrap_or_else(|| Decimal::finite(false, "0", 0))
    }

    /// The wire text: Python's `str()` of the value.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_negative(&self) -> bool {
        self.negative
    }

    pub fn is_finite(&self) -> bool {
        self.class == Class::Finite
    }

    pub fn is_infinite(&self) -> bool {
        self.class == Class::Infinite
    }

    /// A quiet or signaling NaN.
    pub fn is_nan(&self) -> bool {
        matches!(self.class, Class::Nan | Class::SignalingNan)
    }

    pub fn is_zero(&self) -> bool {
        self.class == Class::Finite && &*self.digits == "0"
    }

    /// The coefficient's digits (no leading zeros) of a finite value; a NaN's payload.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// The exponent of a finite value (`1.10` is `110` times ten to `-2`); 0 otherwise.
    pub fn exponent(&self) -> i64 {
        self.exponent
    }

    /// Compares absolute values of two finite decimals, then exponents.
    fn cmp_finite_magnitude(&self, other: &Decimal) -> Ordering {
        let (a, b) = (&*self.digits, &*other.digits);
        let value = match (a == "0", b == "0") {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => {
                let adjusted_a = i128::from(self.exponent) + a.len() as i128;
                let adjusted_b = i128::from(other.exponent) + b.len() as i128;
                adjusted_a.cmp(&adjusted_b).then_with(|| {
                    // Same magnitude: digit by digit, the shorter padded with zeros.
                    let n = a.len().max(b.len());
                    let pa = a.bytes().chain(std::iter::repeat(b'0')).take(n);
                    let pb = b.bytes().chain(std::iter::repeat(b'0')).take(n);
                    pa.cmp(pb)
                })
            }
        };
        value.then_with(|| self.exponent.cmp(&other.exponent))
    }

    fn cmp_payload(&self, other: &Decimal) -> Ordering {
        self.digits
            .len()
            .cmp(&other.digits.len())
            .then_with(|| self.digits.cmp(&other.digits))
    }

    /// IEEE 754 total order (`Decimal.compare_total`).
    pub fn total_cmp(&self, other: &Decimal) -> Ordering {
        if self.negative != other.negative {
            return if self.negative {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let rank = |c: Class| match c {
            Class::Finite => 0,
            Class::Infinite => 1,
            Class::SignalingNan => 2,
            Class::Nan => 3,
        };
        let magnitude = rank(self.class)
            .cmp(&rank(other.class))
            .then_with(|| match self.class {
                Class::Finite => self.cmp_finite_magnitude(other),
                Class::Infinite => Ordering::Equal,
                Class::Nan | Class::SignalingNan => self.cmp_payload(other),
            });
        if self.negative {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Decimal {}

impl Hash for Decimal {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state)
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        self.total_cmp(other)
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Decimal({:?})", &*self.text)
    }
}

impl FromStr for Decimal {
    type Err = InvalidText;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Decimal::parse(text).ok_or(InvalidText(scalar::INVALID_DECIMAL))
    }
}

impl AsRef<str> for Decimal {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl From<i64> for Decimal {
    fn from(value: i64) -> Self {
        Decimal::finite(value < 0, &value.unsigned_abs().to_string(), 0)
    }
}

impl From<u64> for Decimal {
    fn from(value: u64) -> Self {
        Decimal::finite(false, &value.to_string(), 0)
    }
}

impl From<i32> for Decimal {
    fn from(value: i32) -> Self {
        Decimal::from(i64::from(value))
    }
}

impl From<u32> for Decimal {
    fn from(value: u32) -> Self {
        Decimal::from(u64::from(value))
    }
}

/// `decimal`: a string of `decimal.Decimal` syntax, or a number (an integer exactly; a float
/// through its shortest text, see [`Decimal::from_f64`]).
impl Decode for Decimal {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        match r.peek()? {
            Kind::Str => {
                let text = r.read_str()?;
                if cx.lax() {
                    // Lax mode reads a JSON integer as an int first (`"-0"` becomes `0`).
                    match scalar::parse_lax_number(&text) {
                        LaxNumber::Int(Int::I64(i)) => return Ok(Some(Decimal::from(i))),
                        LaxNumber::Int(Int::U64(u)) => return Ok(Some(Decimal::from(u))),
                        _ => {}
                    }
                }
                Ok(report(
                    cx,
                    Decimal::parse(&text).ok_or(scalar::INVALID_DECIMAL),
                ))
            }
            Kind::Int => Ok(Some(match r.read_int()? {
                Int::I64(i) => Decimal::from(i),
                Int::U64(u) => Decimal::from(u),
                // msgspec reads the literal's digits; the reader only has the nearest float.
                Int::Big(f) => Decimal::from_f64(f),
            })),
            Kind::Float => Ok(Some(Decimal::from_f64(r.read_float()?))),
            Kind::Datetime => native_mismatch(r, cx, "decimal"),
            other => mismatch(r, cx, "decimal", other),
        }
    }
}

impl Encode for Decimal {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> String {
        Decimal::parse(text).map_or_else(|| "invalid".into(), |d| d.to_string())
    }

    #[test]
    fn decimal_text() {
        for (input, out) in [
            ("1.10", "1.10"),
            ("1e3", "1E+3"),
            ("0.0000001", "1E-7"),
            ("0.000001", "0.000001"),
            ("-0", "-0"),
            ("+0", "0"),
            ("007", "7"),
            ("1.", "1"),
            (".5", "0.5"),
            ("0e5", "0E+5"),
            ("0e-5", "0.00000"),
            ("1_000e1_0", "1.000E+13"),
            (" \t1\n", "1"),
            ("\u{a0}1\u{2003}", "1"),
            ("\u{663}.\u{665}e\u{662}", "3.5E+2"),
            ("-nan", "-NaN"),
            ("NaN00012", "NaN12"),
            ("nan0", "NaN"),
            ("-sNaN007", "-sNaN7"),
            ("in_f", "Infinity"),
            ("-Infinity", "-Infinity"),
            ("123.456e20", "1.23456E+22"),
            ("1e999999999999999999", "1E+999999999999999999"),
            ("1e-1999999999999999997", "1E-1999999999999999997"),
            (
                "100000000000000000000e-1999999999999999997",
                "1.00000000000000000000E-1999999999999999977",
            ),
        ] {
            assert_eq!(dec(input), out, "{input:?}");
        }
        for bad in [
            "",
            ".",
            "1e",
            "e5",
            "1 1",
            "1\0",
            "_",
            "+",
            "--1",
            "1e+-3",
            "Infinity0",
            "NaN.5",
            "0x10",
            "²",
            "1e1000000000000000000",
            "10e999999999999999999",
            "1e-1999999999999999998",
            "1.0e-1999999999999999997",
            "1e99999999999999999999999",
        ] {
            assert_eq!(dec(bad), "invalid", "{bad:?}");
        }
    }

    #[test]
    fn decimal_order() {
        let mut values: Vec<Decimal> = [
            "NaN",
            "-NaN",
            "1.1",
            "1.10",
            "-1.1",
            "-1.10",
            "0",
            "-0",
            "Infinity",
            "-Infinity",
            "2",
            "1E+1",
            "sNaN",
            "0.00",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        values.sort();
        let texts: Vec<&str> = values.iter().map(Decimal::as_str).collect();
        assert_eq!(
            texts,
            [
                "-NaN",
                "-Infinity",
                "-1.1",
                "-1.10",
                "-0",
                "0.00",
                "0",
                "1.10",
                "1.1",
                "2",
                "1E+1",
                "Infinity",
                "sNaN",
                "NaN"
            ]
        );
        assert_ne!(Decimal::parse("1.1"), Decimal::parse("1.10"));
    }

    #[test]
    fn decimal_from_numbers() {
        assert_eq!(Decimal::from(-0i64).as_str(), "0");
        assert_eq!(Decimal::from(i64::MIN).as_str(), "-9223372036854775808");
        assert_eq!(Decimal::from_f64(1e16).as_str(), "1E+16");
        assert_eq!(Decimal::from_f64(-0.0).as_str(), "-0.0");
        assert_eq!(Decimal::from_f64(123456789.0).as_str(), "123456789.0");
        assert_eq!(Decimal::from_f64(f64::NAN).as_str(), "NaN");
        assert_eq!(Decimal::from_f64(f64::NEG_INFINITY).as_str(), "-Infinity");
        assert_eq!(
            Decimal::from_parts(false, "0110", -2).unwrap().as_str(),
            "1.10"
        );
    }

    #[test]
    fn time_order() {
        let t = |s: &str| TimeOfDay::parse(s).unwrap();
        // Python: 12:00+05:00 is 07:00 UTC, before 08:00Z.
        assert!(t("12:00:00+05:00") < t("08:00:00Z"));
        assert!(t("23:00:00") < t("00:00:00Z"), "naive first");
        assert_ne!(t("12:00:00+01:00"), t("11:00:00Z"));
        assert!(
            t("12:00:00+01:00") > t("11:00:00Z"),
            "same instant: by offset"
        );
    }
}
