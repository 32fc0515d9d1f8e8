//! `Decode` and `Encode` for the built-in types: `bool`, the integers, `f64`, `String`,
//! `Option`, `Box`, `Vec`, `BTreeSet`, `BTreeMap`, tuples and `serde_json::Value` (`any`).
//!
//! Messages are msgspec's. In lax mode (`decode_lax`) the coercions of msgspec's
//! `strict=False` apply: numeric strings to numbers, `"true"`/`"1"` and `1`/`0` to `bool`,
//! `"null"` to null, integral floats to integers.

use std::collections::{BTreeMap, BTreeSet};

use crate::de::{mismatch, Ctx, Decode, Fatal, Int, Key, Kind, Reader};
use crate::error::{IssueKind, Segment};
use crate::ser::{Encode, Writer};

// ---------------------------------------------------------------------------------------------
// Integers

/// Reads an integer (with lax coercions) without range checks. `None`: recorded and skipped.
pub fn read_integer<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
) -> Result<Option<Int>, Fatal> {
    match r.peek()? {
        Kind::Int => Ok(Some(r.read_int()?)),
        Kind::Float if cx.lax() => {
            let f = r.read_float()?;
            match integral_float(f) {
                Some(i) => Ok(Some(i)),
                None => {
                    cx.issue(IssueKind::Type, "Expected `int`, got `float`");
                    Ok(None)
                }
            }
        }
        Kind::Str if cx.lax() => {
            let text = r.read_str()?;
            match parse_lax_int(&text) {
                Some(i) => Ok(Some(i)),
                None => {
                    cx.issue(IssueKind::Type, "Expected `int`, got `str`");
                    Ok(None)
                }
            }
        }
        other => mismatch(r, cx, "int", other),
    }
}

fn integral_float(f: f64) -> Option<Int> {
    // msgspec converts a float to an integer only within +-2**53, where every integer is exact
    // (`"1e16"` and `1e16` are "Expected `int`, got ...", `"9007199254740993e0"` is 2**53).
    if !f.is_finite() || f.fract() != 0.0 || f.abs() > 9_007_199_254_740_992.0 {
        return None;
    }
    Some(
        if (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
            Int::I64(f as i64)
        } else if (0.0..1.844_674_407_370_955_2e19).contains(&f) {
            Int::U64(f as u64)
        } else {
            Int::Big(f)
        },
    )
}

/// msgspec's lax integer text: an optional `-`, digits, or a float literal with an integral
/// value (`"1.0"`, `"1e3"`). No `+`, no spaces, no underscores.
fn parse_lax_int(text: &str) -> Option<Int> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = text.parse::<i64>() {
            return Some(Int::I64(i));
        }
        if let Ok(u) = text.parse::<u64>() {
            return Some(Int::U64(u));
        }
        return text.parse::<f64>().ok().map(Int::Big);
    }
    parse_json_float(text).and_then(integral_float)
}

/// A float in JSON number syntax, or `nan`/`inf`/`infinity` in any case with an optional sign.
fn parse_lax_float(text: &str) -> Option<f64> {
    let unsigned = text
        .strip_prefix(['-', '+'])
        .unwrap_or(text)
        .to_ascii_lowercase();
    if matches!(unsigned.as_str(), "nan" | "inf" | "infinity") {
        return text.to_ascii_lowercase().parse::<f64>().ok();
    }
    parse_json_float(text)
}

fn parse_json_float(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == int_start || (b[int_start] == b'0' && i - int_start > 1) {
        return None;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    text.parse::<f64>().ok()
}

/// Checks an integer against a type's range; out of range is msgspec's bound message
/// (`Expected `int` <= 255`), as if the bound were a constraint.
pub fn int_in_range(cx: &mut Ctx, value: Int, min: i128, max: i128) -> Option<i128> {
    let (v, too_big) = match value {
        Int::I64(i) => (i128::from(i), false),
        Int::U64(u) => (i128::from(u), false),
        Int::Big(f) => (0, f > 0.0),
    };
    let below = matches!(value, Int::Big(f) if f < 0.0) || (!too_big && v < min);
    let above = too_big || (!below && v > max);
    if below {
        cx.issue(IssueKind::OutOfRange, format!("Expected `int` >= {min}"));
        None
    } else if above {
        cx.issue(IssueKind::OutOfRange, format!("Expected `int` <= {max}"));
        None
    } else {
        Some(v)
    }
}

macro_rules! int_impls {
    ($($t:ty),*) => {$(
        impl Decode for $t {
            fn decode<'de, R: Reader<'de> + ?Sized>(r: &mut R, cx: &mut Ctx) -> Result<Option<Self>, Fatal> {
                let Some(value) = read_integer(r, cx)? else { return Ok(None) };
                Ok(int_in_range(cx, value, <$t>::MIN as i128, <$t>::MAX as i128).map(|v| v as $t))
            }
        }
    )*};
}
int_impls!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Encode for i64 {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.i64(*self)
    }
}
impl Encode for u64 {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.u64(*self)
    }
}
macro_rules! small_int_encode {
    ($($t:ty),*) => {$(
        impl Encode for $t {
            fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
                w.i64(i64::from(*self))
            }
        }
    )*};
}
small_int_encode!(i8, i16, i32, u8, u16, u32);

// ---------------------------------------------------------------------------------------------
// Floats, booleans, null, strings

/// Reads a float: JSON integers are accepted, lax mode also reads numeric strings.
pub fn read_float<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
) -> Result<Option<f64>, Fatal> {
    // A number that reads as an infinity overflowed f64 (`1e400`): msgspec rejects it, in lax
    // mode too. MessagePack, which carries infinities as values, and the lax strings "inf" and
    // "nan", which name them, are not overflows.
    let (value, overflow_possible) = match r.peek()? {
        Kind::Float => (r.read_float()?, !cx.is_binary()),
        Kind::Int => match r.read_int()? {
            Int::I64(i) => (i as f64, false),
            Int::U64(u) => (u as f64, false),
            Int::Big(f) => (f, true),
        },
        Kind::Str if cx.lax() => {
            let text = r.read_str()?;
            match parse_lax_float(&text) {
                Some(f) => (f, !is_special_float(&text)),
                None => {
                    cx.issue(IssueKind::Type, "Expected `float`, got `str`");
                    return Ok(None);
                }
            }
        }
        other => return mismatch(r, cx, "float", other),
    };
    if overflow_possible && value.is_infinite() {
        cx.issue(IssueKind::OutOfRange, "Number out of range");
        return Ok(None);
    }
    Ok(Some(value))
}

/// `nan`, `inf` or `infinity`, in any case, with an optional sign.
fn is_special_float(text: &str) -> bool {
    let unsigned = text
        .strip_prefix(['-', '+'])
        .unwrap_or(text)
        .to_ascii_lowercase();
    matches!(unsigned.as_str(), "nan" | "inf" | "infinity")
}

impl Decode for f64 {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        read_float(r, cx)
    }
}

impl Encode for f64 {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.f64(*self)
    }
}

impl Decode for bool {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        match r.peek()? {
            Kind::Bool => Ok(Some(r.read_bool()?)),
            Kind::Str if cx.lax() => {
                let text = r.read_str()?;
                if text.eq_ignore_ascii_case("true") || &*text == "1" {
                    Ok(Some(true))
                } else if text.eq_ignore_ascii_case("false") || &*text == "0" {
                    Ok(Some(false))
                } else {
                    cx.issue(IssueKind::Type, "Expected `bool`, got `str`");
                    Ok(None)
                }
            }
            Kind::Int if cx.lax() => match r.read_int()? {
                Int::I64(1) => Ok(Some(true)),
                Int::I64(0) => Ok(Some(false)),
                _ => {
                    cx.issue(IssueKind::Type, "Expected `bool`, got `int`");
                    Ok(None)
                }
            },
            other => mismatch(r, cx, "bool", other),
        }
    }
}

impl Encode for bool {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.bool(*self)
    }
}

impl Decode for String {
    const STR_LIKE: bool = true;

    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        match r.peek()? {
            Kind::Str => Ok(Some(r.read_str()?.into_owned())),
            other => mismatch(r, cx, "str", other),
        }
    }
}

impl Encode for String {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.str(self)
    }
}

impl Encode for str {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.str(self)
    }
}

// ---------------------------------------------------------------------------------------------
// Option and Box

/// `T?`. `Some(None)` is an explicit null; in lax mode the string `"null"` is one too, unless
/// `T` itself reads strings.
impl<T: Decode> Decode for Option<T> {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        decode_option(r, cx, T::STR_LIKE, T::decode)
    }
}

/// [`Option`]'s decoding with the inner decoder given (for constrained inner types).
pub fn decode_option<'de, R: Reader<'de> + ?Sized, T>(
    r: &mut R,
    cx: &mut Ctx,
    inner_reads_strings: bool,
    inner: impl FnOnce(&mut R, &mut Ctx) -> Result<Option<T>, Fatal>,
) -> Result<Option<Option<T>>, Fatal> {
    let start = cx.issue_count();
    let value = match r.peek()? {
        Kind::Null => {
            r.read_null()?;
            return Ok(Some(None));
        }
        Kind::Str if cx.lax() && !inner_reads_strings => {
            let mark = r.mark();
            if r.read_str()?.eq_ignore_ascii_case("null") {
                return Ok(Some(None));
            }
            r.reset(mark);
            inner(r, cx)?
        }
        _ => inner(r, cx)?,
    };
    if value.is_none() {
        cx.nullable_since(start);
    }
    Ok(value.map(Some))
}

impl<T: Encode> Encode for Option<T> {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        match self {
            Some(value) => value.encode(w),
            None => w.null(),
        }
    }
}

impl<T: Decode> Decode for Box<T> {
    const STR_LIKE: bool = T::STR_LIKE;

    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        Ok(T::decode(r, cx)?.map(Box::new))
    }
}

impl<T: Encode + ?Sized> Encode for Box<T> {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        (**self).encode(w)
    }
}

// ---------------------------------------------------------------------------------------------
// Lists, sets, tuples

/// Reads an array with `item` for each element; `None` when it is not an array or any element
/// failed (every element is still read, so all problems are reported).
pub fn decode_list<'de, R: Reader<'de> + ?Sized, T>(
    r: &mut R,
    cx: &mut Ctx,
    mut item: impl FnMut(&mut R, &mut Ctx) -> Result<Option<T>, Fatal>,
) -> Result<Option<Vec<T>>, Fatal> {
    let kind = r.peek()?;
    if kind != Kind::Array {
        return mismatch(r, cx, "array", kind);
    }
    cx.enter()?;
    let mut seq = r.begin_array()?;
    let mut out = Vec::with_capacity(seq.capacity_hint().min(4096));
    let mut ok = true;
    let mut index = 0;
    while r.next_element(&mut seq)? {
        cx.push(Segment::Index(index));
        match item(r, cx)? {
            Some(value) if ok => out.push(value),
            Some(_) => {}
            None => ok = false,
        }
        cx.pop();
        index += 1;
    }
    cx.leave();
    Ok(ok.then_some(out))
}

impl<T: Decode> Decode for Vec<T> {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        decode_list(r, cx, T::decode)
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        encode_seq(w, self.len(), self.iter());
    }
}

impl<T: Encode> Encode for [T] {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        encode_seq(w, self.len(), self.iter());
    }
}

pub fn encode_seq<'a, W: Writer + ?Sized, T: Encode + 'a>(
    w: &mut W,
    len: usize,
    items: impl Iterator<Item = &'a T>,
) {
    w.begin_array(len);
    for (i, item) in items.enumerate() {
        w.element(i);
        item.encode(w);
    }
    w.end_array();
}

/// Reads a set: an array whose items are all different (a duplicate is an error, where
/// msgspec would collapse it).
pub fn decode_set<'de, R: Reader<'de> + ?Sized, T: Ord>(
    r: &mut R,
    cx: &mut Ctx,
    mut item: impl FnMut(&mut R, &mut Ctx) -> Result<Option<T>, Fatal>,
) -> Result<Option<BTreeSet<T>>, Fatal> {
    let kind = r.peek()?;
    if kind != Kind::Array {
        return mismatch(r, cx, "array", kind);
    }
    cx.enter()?;
    let mut seq = r.begin_array()?;
    let mut out = BTreeSet::new();
    let mut ok = true;
    let mut index = 0;
    while r.next_element(&mut seq)? {
        cx.push(Segment::Index(index));
        match item(r, cx)? {
            Some(value) => {
                if !out.insert(value) {
                    cx.issue(IssueKind::InvalidValue, "Duplicate item in set");
                    ok = false;
                }
            }
            None => ok = false,
        }
        cx.pop();
        index += 1;
    }
    cx.leave();
    Ok(ok.then_some(out))
}

impl<T: Decode + Ord> Decode for BTreeSet<T> {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        decode_set(r, cx, T::decode)
    }
}

/// Sets are encoded sorted; a `BTreeSet` iterates in order, and the runtime's and generated
/// types order by wire value.
impl<T: Encode> Encode for BTreeSet<T> {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        encode_seq(w, self.len(), self.iter());
    }
}

/// Reads a fixed-length array with one reader per position (`tuple<A, B>`).
pub fn decode_tuple<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    len: usize,
    mut item: impl FnMut(&mut R, &mut Ctx, usize) -> Result<bool, Fatal>,
) -> Result<bool, Fatal> {
    let kind = r.peek()?;
    if kind != Kind::Array {
        mismatch::<R, ()>(r, cx, "array", kind)?;
        return Ok(false);
    }
    cx.enter()?;
    let mut seq = r.begin_array()?;
    if let Some(n) = seq.remaining {
        if n != len {
            // msgspec's MessagePack decoder knows the length up front and says so.
            cx.issue(
                IssueKind::Length,
                format!("Expected `array` of length {len}, got {n}"),
            );
            // Consume the rest of the array element by element.
            while r.next_element(&mut seq)? {
                r.skip()?;
            }
            cx.leave();
            return Ok(false);
        }
    }
    let mut ok = true;
    let mut index = 0;
    while r.next_element(&mut seq)? {
        if index < len {
            cx.push(Segment::Index(index));
            ok &= item(r, cx, index)?;
            cx.pop();
        } else {
            r.skip()?;
        }
        index += 1;
    }
    cx.leave();
    if index != len {
        cx.issue(
            IssueKind::Length,
            format!("Expected `array` of length {len}"),
        );
        return Ok(false);
    }
    Ok(ok)
}

macro_rules! tuple_impls {
    ($($len:literal => ($($t:ident $v:ident $i:tt),+);)*) => {$(
        impl<$($t: Decode),+> Decode for ($($t,)+) {
            fn decode<'de, R: Reader<'de> + ?Sized>(r: &mut R, cx: &mut Ctx) -> Result<Option<Self>, Fatal> {
                $(let mut $v: Option<$t> = None;)+
                let ok = decode_tuple(r, cx, $len, |r, cx, index| {
                    match index {
                        $($i => { $v = $t::decode(r, cx)?; Ok($v.is_some()) })+
                        _ => Ok(false),
                    }
                })?;
                if !ok {
                    return Ok(None);
                }
                match ($($v,)+) {
                    ($(Some($v),)+) => Ok(Some(($($v,)+))),
                    #[allow(unreachable_patterns)]
                    _ => Ok(None),
                }
            }
        }

        impl<$($t: Encode),+> Encode for ($($t,)+) {
            fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
                w.begin_array($len);
                $(w.element($i); self.$i.encode(w);)+
                w.end_array();
            }
        }
    )*};
}

tuple_impls! {
    1 => (A a 0);
    2 => (A a 0, B b 1);
    3 => (A a 0, B b 1, C c 2);
    4 => (A a 0, B b 1, C c 2, D d 3);
    5 => (A a 0, B b 1, C c 2, D d 3, E e 4);
    6 => (A a 0, B b 1, C c 2, D d 3, E e 4, F f 5);
    7 => (A a 0, B b 1, C c 2, D d 3, E e 4, F f 5, G g 6);
    8 => (A a 0, B b 1, C c 2, D d 3, E e 4, F f 5, G g 6, H h 7);
}

// ---------------------------------------------------------------------------------------------
// Maps

/// A type that can be a map key: `String`, the integers, and generated string enums.
pub trait MapKey: Sized + Ord {
    /// Converts a key read from the input; records a problem (at the key's path) and returns
    /// `None` when it does not fit.
    fn from_key(key: Key<'_>, cx: &mut Ctx) -> Option<Self>;
    fn write_key<W: Writer + ?Sized>(&self, w: &mut W, index: usize);
}

impl MapKey for String {
    fn from_key(key: Key<'_>, cx: &mut Ctx) -> Option<Self> {
        match key {
            Key::Str(s) => Some(s.into_owned()),
            Key::Int(_) => {
                cx.issue(IssueKind::Type, "Expected `str`, got `int`");
                None
            }
            Key::Other(kind) => {
                cx.issue(
                    IssueKind::Type,
                    format!("Expected `str`, got `{}`", cx.kind_name(kind)),
                );
                None
            }
        }
    }

    fn write_key<W: Writer + ?Sized>(&self, w: &mut W, index: usize) {
        w.key(index, self)
    }
}

/// The integer of a key: JSON object keys are strings, so an integer key arrives as its
/// decimal text there.
fn key_integer(key: Key<'_>, cx: &mut Ctx) -> Option<Int> {
    match key {
        Key::Int(i) => Some(i),
        // MessagePack carries integer keys as integers; only JSON writes them as text.
        Key::Str(_) if cx.is_binary() => {
            cx.issue(IssueKind::Type, "Expected `int`, got `str`");
            None
        }
        Key::Str(s) => {
            let parsed = parse_key_int(&s);
            if parsed.is_none() {
                cx.issue(IssueKind::Type, "Expected `int`, got `str`");
            }
            parsed
        }
        Key::Other(kind) => {
            cx.issue(
                IssueKind::Type,
                format!("Expected `int`, got `{}`", cx.kind_name(kind)),
            );
            None
        }
    }
}

macro_rules! int_key_impls {
    ($($t:ty),*) => {$(
        impl MapKey for $t {
            fn from_key(key: Key<'_>, cx: &mut Ctx) -> Option<Self> {
                let value = key_integer(key, cx)?;
                int_in_range(cx, value, <$t>::MIN as i128, <$t>::MAX as i128).map(|v| v as $t)
            }

            fn write_key<W: Writer + ?Sized>(&self, w: &mut W, index: usize) {
                match i64::try_from(*self) {
                    Ok(i) => w.int_key(index, i),
                    // Above i64::MAX (u64 only): MessagePack has no such key; JSON carries text.
                    Err(_) => w.key(index, &self.to_string()),
                }
            }
        }
    )*};
}
int_key_impls!(i8, i16, i32, i64, u8, u16, u32, u64);

fn parse_key_int(text: &str) -> Option<Int> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>()
        .map(Int::I64)
        .or_else(|_| text.parse::<u64>().map(Int::U64))
        .ok()
        .or_else(|| text.parse::<f64>().ok().map(Int::Big))
}

/// The text of a key for paths: `$.tags["x"]`.
fn key_segment(key: &Key<'_>) -> Segment {
    match key {
        Key::Str(s) => Segment::Key(s.to_string()),
        Key::Int(Int::I64(i)) => Segment::Key(i.to_string()),
        Key::Int(Int::U64(u)) => Segment::Key(u.to_string()),
        Key::Int(Int::Big(f)) => Segment::Key(format!("{f}")),
        Key::Other(kind) => Segment::Key(format!("<{}>", kind.name())),
    }
}

/// Reads a map with `value` for each value. A duplicate key is an error (msgspec keeps the last).
pub fn decode_map<'de, R: Reader<'de> + ?Sized, K: MapKey, V>(
    r: &mut R,
    cx: &mut Ctx,
    mut value: impl FnMut(&mut R, &mut Ctx) -> Result<Option<V>, Fatal>,
) -> Result<Option<BTreeMap<K, V>>, Fatal> {
    let kind = r.peek()?;
    if kind != Kind::Map {
        return mismatch(r, cx, "object", kind);
    }
    cx.enter()?;
    let mut seq = r.begin_map()?;
    let mut out = BTreeMap::new();
    let mut ok = true;
    while let Some(key) = r.next_key(&mut seq)? {
        cx.push(key_segment(&key));
        let key = K::from_key(key, cx);
        let decoded = value(r, cx)?;
        match (key, decoded) {
            (Some(k), Some(v)) => match out.entry(k) {
                std::collections::btree_map::Entry::Occupied(_) => {
                    cx.issue(IssueKind::DuplicateField, "Object contains duplicate key");
                    ok = false;
                }
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(v);
                }
            },
            _ => ok = false,
        }
        cx.pop();
    }
    cx.leave();
    Ok(ok.then_some(out))
}

impl<K: MapKey, V: Decode> Decode for BTreeMap<K, V> {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        decode_map(r, cx, V::decode)
    }
}

impl<K: MapKey, V: Encode> Encode for BTreeMap<K, V> {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        w.begin_map(self.len());
        for (i, (k, v)) in self.iter().enumerate() {
            k.write_key(w, i);
            v.encode(w);
        }
        w.end_map();
    }
}

// ---------------------------------------------------------------------------------------------
// `any`

impl Decode for serde_json::Value {
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        use serde_json::Value;
        Ok(Some(match r.peek()? {
            Kind::Null => {
                r.read_null()?;
                Value::Null
            }
            Kind::Bool => Value::Bool(r.read_bool()?),
            Kind::Int => match r.read_int()? {
                Int::I64(i) => Value::from(i),
                Int::U64(u) => Value::from(u),
                Int::Big(_) => {
                    cx.issue(
                        IssueKind::OutOfRange,
                        "Expected `int` <= 18446744073709551615",
                    );
                    return Ok(None);
                }
            },
            Kind::Float => {
                let f = r.read_float()?;
                match serde_json::Number::from_f64(f) {
                    Some(n) => Value::Number(n),
                    None => {
                        cx.issue(IssueKind::OutOfRange, "Number out of range");
                        return Ok(None);
                    }
                }
            }
            Kind::Str => Value::String(r.read_str()?.into_owned()),
            Kind::Bytes => Value::String(crate::scalar::encode_base64(&r.read_bytes()?)),
            Kind::Datetime => match r.read_datetime()? {
                crate::de::NativeDatetime::Text(text) => Value::String(text),
                crate::de::NativeDatetime::Timestamp {
                    seconds,
                    nanoseconds,
                } => Value::String(crate::scalar::format_timestamp_utc(seconds, nanoseconds)),
            },
            Kind::Ext => {
                cx.issue(
                    IssueKind::InvalidValue,
                    "Extension types are not supported in `any`",
                );
                r.skip()?;
                return Ok(None);
            }
            Kind::Array => {
                let items = decode_list(r, cx, Self::decode)?;
                return Ok(items.map(Value::Array));
            }
            Kind::Map => {
                let map: Option<BTreeMap<String, Value>> = decode_map(r, cx, Self::decode)?;
                return Ok(map.map(|m| Value::Object(m.into_iter().collect())));
            }
        }))
    }
}

impl Encode for serde_json::Value {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        use serde_json::Value;
        match self {
            Value::Null => w.null(),
            Value::Bool(b) => w.bool(*b),
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    w.i64(i)
                } else if let Some(u) = n.as_u64() {
                    w.u64(u)
                } else {
                    w.f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => w.str(s),
            Value::Array(items) => encode_seq(w, items.len(), items.iter()),
            Value::Object(map) => {
                // Sorted by key, whatever the map's own order.
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                w.begin_map(entries.len());
                for (i, (k, v)) in entries.into_iter().enumerate() {
                    w.key(i, k);
                    v.encode(w);
                }
                w.end_map();
            }
        }
    }
}
