//! Struct and union decoding, shared by every generated type so that generated code stays
//! small: a struct describes itself with a [`StructInfo`] and gives one callback that decodes
//! field `i`; everything else (matching keys, unknown and duplicate fields, tags, missing
//! fields, array-like layout) happens here.

use crate::check::python_str_repr;
use std::borrow::Cow;

use crate::de::{mismatch, Ctx, Fatal, Int, Key, Kind, RawKey, Reader};
use crate::error::{IssueKind, Segment};
use crate::ser::Writer;

/// A union tag value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Str(&'static str),
    Int(i64),
}

/// A tag as read from the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagValue {
    Str(String),
    Int(i64),
}

/// What generated code tells the runtime about a struct.
#[derive(Debug)]
pub struct StructInfo {
    /// Wire names, in declaration order.
    pub fields: &'static [&'static str],
    /// Whether each field is required (has no default).
    pub required: &'static [bool],
    /// `@strict`: unknown fields are an error. `@compat`: they are skipped.
    pub strict: bool,
    /// The tag field and value when the struct is a union member.
    pub tag: Option<(&'static str, Tag)>,
    /// `@array_like`.
    pub array_like: bool,
}

impl StructInfo {
    /// Number of required fields (they come first in an array-like struct).
    fn required_count(&self) -> usize {
        self.required.iter().filter(|r| **r).count()
    }
}

/// Decodes a struct from an object (or an array, for `@array_like`). `index_of` maps a wire
/// name to the field index; `field` decodes field `i` and says whether it succeeded. Returns
/// whether every field was present (or defaulted) and valid.
pub fn decode_struct<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    info: &StructInfo,
    index_of: impl Fn(&str) -> Option<usize>,
    mut field: impl FnMut(&mut R, &mut Ctx, usize) -> Result<bool, Fatal>,
) -> Result<bool, Fatal> {
    if info.array_like {
        return decode_array_like(r, cx, info, field);
    }
    let kind = r.peek()?;
    if kind != Kind::Map {
        mismatch::<R, ()>(r, cx, "object", kind)?;
        return Ok(false);
    }
    cx.enter()?;
    let mut seq = r.begin_map()?;
    let mut seen = SeenSet::new(info.fields.len());
    let mut ok = true;
    // Fields usually come in declaration order: the key is first compared, as bytes, with the
    // field expected next. A match needs no UTF-8 check and no lookup.
    let mut expected = 0;
    while let Some(raw) = r.next_raw_key(&mut seq)? {
        let key = match raw {
            RawKey::Bytes(bytes) => {
                let is_tag = info.tag.is_some_and(|(tag, _)| tag.as_bytes() == bytes);
                let predicted = info.fields.get(expected).copied();
                match predicted {
                    Some(wire) if !is_tag && wire.as_bytes() == bytes => {
                        ok &= decode_field(r, cx, &mut seen, expected, wire, &mut field)?;
                        expected += 1;
                        continue;
                    }
                    _ => Key::Str(Cow::Borrowed(r.key_text(bytes)?)),
                }
            }
            RawKey::Key(key) => key,
        };
        let name = match key {
            Key::Str(name) => name,
            Key::Int(_) | Key::Other(_) => {
                // msgspec: struct field names are strings.
                let kind = if let Key::Other(kind) = key {
                    cx.kind_name(kind)
                } else {
                    "int"
                };
                cx.issue(IssueKind::Type, format!("Expected `str`, got `{kind}`"));
                r.skip()?;
                ok = false;
                continue;
            }
        };
        if let Some((tag_field, tag)) = info.tag {
            if name == tag_field {
                cx.push(Segment::Field(tag_field));
                ok &= check_tag(r, cx, tag)?;
                cx.pop();
                continue;
            }
        }
        match index_of(&name) {
            Some(index) => {
                ok &= decode_field(r, cx, &mut seen, index, info.fields[index], &mut field)?;
                expected = index + 1;
            }
            None => {
                if info.strict {
                    cx.issue(
                        IssueKind::UnknownField,
                        format!("Object contains unknown field `{name}`"),
                    );
                    ok = false;
                }
                r.skip()?;
            }
        }
    }
    cx.leave();
    for (index, required) in info.required.iter().enumerate() {
        if *required && !seen.contains(index) {
            cx.issue(
                IssueKind::MissingField,
                format!("Object missing required field `{}`", info.fields[index]),
            );
            ok = false;
        }
    }
    Ok(ok)
}

/// Decodes field `index` (wire name `wire`) of a struct, or reports it as a duplicate.
#[inline(always)]
fn decode_field<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    seen: &mut SeenSet,
    index: usize,
    wire: &'static str,
    field: &mut impl FnMut(&mut R, &mut Ctx, usize) -> Result<bool, Fatal>,
) -> Result<bool, Fatal> {
    if seen.insert(index) {
        cx.push(Segment::Field(wire));
        let ok = field(r, cx, index)?;
        cx.pop();
        Ok(ok)
    } else {
        cx.issue(
            IssueKind::DuplicateField,
            format!("Object contains duplicate field `{wire}`"),
        );
        cx.push(Segment::Field(wire));
        r.skip()?;
        cx.pop();
        Ok(false)
    }
}

/// Which fields have been read; fields beyond 128 use a vector.
struct SeenSet {
    bits: u128,
    more: Vec<bool>,
}

impl SeenSet {
    fn new(len: usize) -> Self {
        SeenSet {
            bits: 0,
            more: if len > 128 {
                vec![false; len - 128]
            } else {
                Vec::new()
            },
        }
    }

    /// Marks a field read; false when it already was.
    fn insert(&mut self, index: usize) -> bool {
        if index < 128 {
            let bit = 1u128 << index;
            let fresh = self.bits & bit == 0;
            self.bits |= bit;
            fresh
        } else {
            let slot = &mut self.more[index - 128];
            let fresh = !*slot;
            *slot = true;
            fresh
        }
    }

    fn contains(&self, index: usize) -> bool {
        if index < 128 {
            self.bits & (1u128 << index) != 0
        } else {
            self.more[index - 128]
        }
    }
}

fn decode_array_like<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    info: &StructInfo,
    mut field: impl FnMut(&mut R, &mut Ctx, usize) -> Result<bool, Fatal>,
) -> Result<bool, Fatal> {
    let kind = r.peek()?;
    if kind != Kind::Array {
        mismatch::<R, ()>(r, cx, "array", kind)?;
        return Ok(false);
    }
    cx.enter()?;
    let mut seq = r.begin_array()?;
    let known_len = seq.remaining;
    let offset = usize::from(info.tag.is_some());
    let max = info.fields.len() + offset;
    let min = info.required_count() + offset;
    let mut ok = true;
    let mut position = 0;
    while r.next_element(&mut seq)? {
        cx.push(Segment::Index(position));
        if position < offset {
            if let Some((_, tag)) = info.tag {
                ok &= check_tag(r, cx, tag)?;
            }
        } else if position < max {
            ok &= field(r, cx, position - offset)?;
        } else {
            r.skip()?;
        }
        cx.pop();
        position += 1;
    }
    cx.leave();
    if position < min {
        cx.issue(
            IssueKind::Length,
            format!("Expected `array` of at least length {min}, got {position}"),
        );
        ok = false;
    } else if position > max && info.strict {
        // msgspec counts the fields without the tag here (but with it for "at least"), and its
        // MessagePack decoder adds the length it found, also without the tag.
        let fields = info.fields.len();
        let message = match known_len {
            Some(n) => format!(
                "Expected `array` of at most length {fields}, got {}",
                n - offset
            ),
            None => format!("Expected `array` of at most length {fields}"),
        };
        cx.issue(IssueKind::Length, message);
        ok = false;
    }
    Ok(ok)
}

/// Checks a tag value against the expected one (msgspec: "Expected `str`", "Invalid value 'x'").
fn check_tag<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    tag: Tag,
) -> Result<bool, Fatal> {
    // The common case, a string tag that matches, compares without allocating.
    if let Tag::Str(expected) = tag {
        if r.peek()? == Kind::Str {
            let found = r.read_str()?;
            if found == expected {
                return Ok(true);
            }
            cx.issue(
                IssueKind::InvalidValue,
                invalid_tag_message(&TagValue::Str(found.into_owned())),
            );
            return Ok(false);
        }
    }
    match read_tag(r, cx, matches!(tag, Tag::Str(_)))? {
        Some(TagValue::Int(found)) if tag == Tag::Int(found) => Ok(true),
        Some(found) => {
            cx.issue(IssueKind::InvalidValue, invalid_tag_message(&found));
            Ok(false)
        }
        None => Ok(false),
    }
}

fn invalid_tag_message(found: &TagValue) -> String {
    match found {
        TagValue::Str(s) => format!("Invalid value {}", python_str_repr(s)),
        TagValue::Int(i) => format!("Invalid value {i}"),
    }
}

/// Reads a tag of the expected kind; records msgspec's "Expected `str`" (no "got") otherwise.
fn read_tag<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    string: bool,
) -> Result<Option<TagValue>, Fatal> {
    let kind = r.peek()?;
    match (kind, string) {
        (Kind::Str, true) => Ok(Some(TagValue::Str(r.read_str()?.into_owned()))),
        (Kind::Int, false) => match r.read_int()? {
            Int::I64(i) => Ok(Some(TagValue::Int(i))),
            Int::U64(u) => {
                cx.issue(IssueKind::InvalidValue, format!("Invalid value {u}"));
                Ok(None)
            }
            Int::Big(_) => {
                cx.issue(IssueKind::InvalidValue, "Invalid value");
                Ok(None)
            }
        },
        (other, _) => {
            // msgspec's JSON decoder says only "Expected `str`"; its MessagePack decoder names
            // what it found.
            let expected = if string {
                "Expected `str`"
            } else {
                "Expected `int`"
            };
            let message = if cx.is_binary() {
                format!("{expected}, got `{}`", cx.kind_name(other))
            } else {
                expected.to_string()
            };
            r.skip()?;
            cx.issue(IssueKind::Type, message);
            Ok(None)
        }
    }
}

/// Finds a union's tag without consuming the value: the reader is back where it started when
/// this returns `Some`. On a problem (not an object/array, tag missing or of the wrong kind,
/// an unknown tag) it records it, consumes the value and returns `None`. `known` says whether
/// a tag belongs to the union.
pub fn find_tag<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    tag_field: &'static str,
    string_tags: bool,
    array_like: bool,
    known: impl Fn(&TagValue) -> bool,
) -> Result<Option<TagValue>, Fatal> {
    let kind = r.peek()?;
    let start = r.mark();
    let found = if array_like {
        if kind != Kind::Array {
            return mismatch(r, cx, "array", kind);
        }
        let mut seq = r.begin_array()?;
        if !r.next_element(&mut seq)? {
            cx.issue(
                IssueKind::Length,
                "Expected `array` of at least length 1, got 0",
            );
            return Ok(None);
        }
        cx.push(Segment::Index(0));
        let tag = read_tag(r, cx, string_tags)?;
        cx.pop();
        tag.map(|t| (t, Segment::Index(0)))
    } else {
        if kind != Kind::Map {
            return mismatch(r, cx, "object", kind);
        }
        let mut seq = r.begin_map()?;
        let mut found = None;
        while let Some(key) = r.next_key(&mut seq)? {
            if matches!(&key, Key::Str(name) if name == tag_field) {
                cx.push(Segment::Field(tag_field));
                let tag = read_tag(r, cx, string_tags)?;
                cx.pop();
                match tag {
                    Some(tag) => {
                        found = Some((tag, Segment::Field(tag_field)));
                        break;
                    }
                    None => {
                        r.reset(start);
                        r.skip()?;
                        return Ok(None);
                    }
                }
            }
            r.skip()?;
        }
        if found.is_none() {
            cx.issue(
                IssueKind::MissingField,
                format!("Object missing required field `{tag_field}`"),
            );
            return Ok(None);
        }
        found
    };
    r.reset(start);
    let Some((tag, segment)) = found else {
        r.skip()?;
        return Ok(None);
    };
    if !known(&tag) {
        cx.push(segment);
        cx.issue(IssueKind::InvalidValue, invalid_tag_message(&tag));
        cx.pop();
        r.skip()?;
        return Ok(None);
    }
    Ok(Some(tag))
}

/// Writes a tag value.
pub fn write_tag<W: Writer + ?Sized>(w: &mut W, tag: Tag) {
    match tag {
        Tag::Str(s) => w.str(s),
        Tag::Int(i) => w.i64(i),
    }
}
