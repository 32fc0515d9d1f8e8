//! What generated code reaches the runtime through. Not a public API: it changes with the
//! generator, which is released with the runtime.
//!
//! Every generated module starts with `use ::seam_runtime::__private as _rt;` and names
//! everything through `_rt::`, so that paths are short and still mean the same whatever the
//! contracts call their types (`Option`, `Result`, `String` and `Vec` are all valid type names,
//! and a type of that name shadows the prelude's in its module). No package can be called
//! `_rt` (package names start with a letter) and no type either (type names start with a
//! capital letter), so the alias never collides.
//!
//! Logic that would otherwise be repeated in every generated type lives here: field slots of
//! struct decoders, the field writer of struct encoders, patch `apply`/`diff`, and the trait
//! impls of enums and newtypes, written once as `macro_rules!` (see [`str_enum`],
//! [`int_enum`], [`newtype`], [`ext_newtype`]).

pub use core::clone::Clone;
pub use core::cmp::{Ord, Ordering, PartialOrd};
pub use core::convert::{From, TryFrom};
pub use core::default::Default;
pub use core::fmt;
pub use core::marker::Sized;
pub use core::ops::Deref;
pub use core::option::Option::{self, None, Some};
pub use core::result::Result::{self, Err, Ok};
pub use std::boxed::Box;
pub use std::collections::{BTreeMap, BTreeSet};
pub use std::string::String;
pub use std::vec::Vec;

pub use crate::check::{
    decode_bytes, decode_float, decode_int, decode_str, decode_time, decode_uint, Bounds, Lengths,
    Num, Pattern,
};
pub use crate::de::{Ctx, Decode, Fatal, Reader};
pub use crate::patch::{decode_patch_field, Patch};
pub use crate::prim::{decode_option, decode_tuple, MapKey};
pub use crate::record::{find_tag, StructInfo, Tag, TagValue};
pub use crate::ser::{Encode, Writer};
pub use crate::transcode::{Format, Transcoded};
pub use crate::{serde_json, time, uuid};
pub use crate::{Bytes, Decimal, DecodeError, TimeOfDay};

pub use crate::__seam_ext_newtype as ext_newtype;
pub use crate::__seam_int_enum as int_enum;
pub use crate::__seam_newtype as newtype;
pub use crate::__seam_pattern as pattern;
pub use crate::__seam_str_enum as str_enum;

use std::any::Any;
use std::borrow::Cow;
use std::cell::Cell;

use crate::check::{decode_list_len, decode_map_len, decode_set_len};
use crate::de::{Int, Key, Kind, Mark, NativeDatetime, RawKey, Seq};
use crate::record::{decode_struct, write_tag};

/// What a decoder returns: the value, `None` when a problem was recorded, or a fatal error.
pub type Decoded<T> = Result<Option<T>, Fatal>;

// ---------------------------------------------------------------------------------------------
// Structs

/// Stores a decoded field in its slot and says whether it decoded (the field callback of
/// [`decode_struct`]).
#[inline]
pub fn set<T>(slot: &mut Option<T>, value: Decoded<T>) -> Result<bool, Fatal> {
    *slot = value?;
    Ok(slot.is_some())
}

/// Decodes a field whose type has no constraints of its own into its slot.
#[inline]
pub fn field<'de, R: Reader<'de> + ?Sized, T: Decode>(
    r: &mut R,
    cx: &mut Ctx,
    slot: &mut Option<T>,
) -> Result<bool, Fatal> {
    set(slot, T::decode(r, cx))
}

/// In builds with debug assertions, a decoder closure behind a pointer, so that the generic
/// function it is given to is compiled once per item type rather than once per closure;
/// otherwise the closure itself, for the optimiser to inline. Both decode the same.
#[cfg(debug_assertions)]
macro_rules! erased {
    ($f:ident, $r:ty, $t:ty) => {
        &mut $f as &mut dyn FnMut(&mut $r, &mut Ctx) -> Decoded<$t>
    };
}
#[cfg(not(debug_assertions))]
macro_rules! erased {
    ($f:ident, $r:ty, $t:ty) => {
        $f
    };
}

/// `T?` with the inner decoder given (for constrained inner types): `decode_option` with
/// `T`'s own `STR_LIKE`.
#[inline]
#[allow(unused_mut)]
pub fn option<'de, R: Reader<'de> + ?Sized, T: Decode>(
    r: &mut R,
    cx: &mut Ctx,
    mut inner: impl FnMut(&mut R, &mut Ctx) -> Decoded<T>,
) -> Decoded<Option<T>> {
    decode_option(r, cx, T::STR_LIKE, erased!(inner, R, T))
}

/// A list with length bounds and a constrained item type (`decode_list_len`).
#[inline]
#[allow(unused_mut)]
pub fn list_of<'de, R: Reader<'de> + ?Sized, T>(
    r: &mut R,
    cx: &mut Ctx,
    lengths: &Lengths,
    mut item: impl FnMut(&mut R, &mut Ctx) -> Decoded<T>,
) -> Decoded<Vec<T>> {
    decode_list_len(r, cx, lengths, erased!(item, R, T))
}

/// A set with length bounds and a constrained item type (`decode_set_len`).
#[inline]
#[allow(unused_mut)]
pub fn set_of<'de, R: Reader<'de> + ?Sized, T: Ord>(
    r: &mut R,
    cx: &mut Ctx,
    lengths: &Lengths,
    mut item: impl FnMut(&mut R, &mut Ctx) -> Decoded<T>,
) -> Decoded<BTreeSet<T>> {
    decode_set_len(r, cx, lengths, erased!(item, R, T))
}

/// A map with length bounds and a constrained value type (`decode_map_len`); the key type is
/// given (`map_of::<_, K, _>`).
#[inline]
#[allow(unused_mut)]
pub fn map_of<'de, R: Reader<'de> + ?Sized, K: MapKey, V>(
    r: &mut R,
    cx: &mut Ctx,
    lengths: &Lengths,
    mut value: impl FnMut(&mut R, &mut Ctx) -> Decoded<V>,
) -> Decoded<BTreeMap<K, V>> {
    decode_map_len::<R, K, V>(r, cx, lengths, erased!(value, R, V))
}

/// Decodes a struct: [`decode_struct`] with `field` as the callback that decodes field `i`, and
/// a search of `info`'s wire names for keys that come out of order.
///
/// In builds with debug assertions (cargo's `dev` and `test` profiles) the callback is passed
/// on as a `dyn FnMut`, so that `decode_struct` is compiled once per reader rather than once
/// per struct and reader (its body is most of a struct decoder's code); optimised builds
/// compile it with each struct's callback, which the optimiser inlines. Both decode the same.
#[cfg(not(debug_assertions))]
#[inline]
pub fn decode_fields<'de, R, F>(
    r: &mut R,
    cx: &mut Ctx,
    info: &'static StructInfo,
    field: F,
) -> Result<bool, Fatal>
where
    R: Reader<'de> + ?Sized,
    F: FnMut(&mut R, &mut Ctx, usize) -> Result<bool, Fatal>,
{
    decode_struct(r, cx, info, |name| field_index(info, name), field)
}

/// [`decode_fields`] in builds with debug assertions.
#[cfg(debug_assertions)]
#[inline]
pub fn decode_fields<'de, R, F>(
    r: &mut R,
    cx: &mut Ctx,
    info: &'static StructInfo,
    mut field: F,
) -> Result<bool, Fatal>
where
    R: Reader<'de> + ?Sized,
    F: FnMut(&mut R, &mut Ctx, usize) -> Result<bool, Fatal>,
{
    decode_fields_dyn(r, cx, info, &mut field)
}

/// [`decode_fields`] with the callback behind a pointer: one copy per reader.
#[cfg(debug_assertions)]
fn decode_fields_dyn<'de, R: Reader<'de> + ?Sized>(
    r: &mut R,
    cx: &mut Ctx,
    info: &'static StructInfo,
    field: &mut dyn FnMut(&mut R, &mut Ctx, usize) -> Result<bool, Fatal>,
) -> Result<bool, Fatal> {
    decode_struct(r, cx, info, |name| field_index(info, name), field)
}

/// The index of the field with wire name `name` (the `index_of` callback of `decode_struct`).
#[inline]
pub fn field_index(info: &StructInfo, name: &str) -> Option<usize> {
    info.fields.iter().position(|field| *field == name)
}

/// A struct's `validate()`: the value's wire form decoded again, with every check (through
/// the type-erased decoder, see [`decode_boxed`]).
pub fn validate<T: Decode + Encode + 'static>(value: &T) -> Result<(), DecodeError> {
    recode(decode_boxed::<T>, value).map(drop)
}

/// A newtype's `new(value)`: `value`'s wire form decoded as the newtype `N`, which checks it.
pub fn validate_as<T: Encode + 'static, N: Decode + Encode + 'static>(
    value: &T,
) -> Result<N, DecodeError> {
    let value = recode(decode_boxed::<N>, value)?;
    Ok(*value
        .into_any()
        .downcast::<N>()
        .expect("decode_boxed::<N> decodes an N"))
}

/// The generated `registry::transcode` of one type (through the type-erased decoder, see
/// [`decode_boxed`]).
#[inline]
pub fn transcode<T: Decode + Encode + 'static>(
    format: Format,
    lax: bool,
    bytes: &[u8],
) -> Result<Transcoded, DecodeError> {
    transcode_with(decode_boxed::<T>, format, lax, bytes)
}

/// A default value that is not a Rust literal, from its JSON text (checked by the compiler).
pub fn from_json<T: Decode>(json: &str) -> T {
    crate::json::decode(json.as_bytes()).expect("a default checked by seam")
}

/// Writes the fields of a struct, as a map (field names) or, for `@array_like`, an array, and
/// counts them for the separators.
pub struct Fields<'w, W: Writer + ?Sized> {
    w: &'w mut W,
    index: usize,
}

impl<'w, W: Writer + ?Sized> Fields<'w, W> {
    /// Begins a struct's map. `include` says which fields are written; `tag` whether a tag
    /// field comes first. The header counts every field the struct has (msgspec sizes
    /// MessagePack map headers by it).
    #[inline]
    pub fn map(w: &'w mut W, include: &[bool], tag: bool) -> Self {
        let tag = usize::from(tag);
        let len = include.iter().filter(|included| **included).count() + tag;
        w.begin_struct(len, include.len() + tag);
        Fields { w, index: 0 }
    }

    /// Begins an `@array_like` struct's array of `len` elements (its tag included).
    #[inline]
    pub fn array(w: &'w mut W, len: usize) -> Self {
        w.begin_array(len);
        Fields { w, index: 0 }
    }

    /// The tag field of a map.
    #[inline]
    pub fn tag(&mut self, name: &'static str, json: &'static str, tag: Tag) {
        self.w.field(self.index, name, json);
        write_tag(self.w, tag);
        self.index += 1;
    }

    /// The tag of an array, its first element.
    #[inline]
    pub fn tag_element(&mut self, tag: Tag) {
        self.w.element(self.index);
        write_tag(self.w, tag);
        self.index += 1;
    }

    /// A field of a map, when `included`. `json` is the name quoted for JSON (`"name"`).
    #[inline]
    pub fn field<T: Encode + ?Sized>(
        &mut self,
        included: bool,
        name: &'static str,
        json: &'static str,
        value: &T,
    ) {
        if included {
            self.w.field(self.index, name, json);
            value.encode(self.w);
            self.index += 1;
        }
    }

    /// An element of an array.
    #[inline]
    pub fn element<T: Encode + ?Sized>(&mut self, value: &T) {
        self.w.element(self.index);
        value.encode(self.w);
        self.index += 1;
    }

    #[inline]
    pub fn end_map(self) {
        self.w.end_map();
    }

    #[inline]
    pub fn end_array(self) {
        self.w.end_array();
    }
}

// ---------------------------------------------------------------------------------------------
// Type-erased decoding and encoding
//
// A generated crate decodes and encodes its types itself in two places: `registry::transcode`
// (JSON and MessagePack, strict and lax) and `validate()`/`new()` (JSON). Called with the
// concrete readers and writers, each type's decoder and encoder would be compiled once per
// format, with the format's entry points (`json::decode::<T>`, `Ctx::finish::<T>`, ...), in
// every build of the generated crate, whether its user needs them or not. Here each type's
// decoder is compiled once, for `dyn Reader`, its encoder once, for `dyn Writer`, and the entry
// points once, in this crate, for [`Boxed`]; users that decode a type themselves compile it for
// their reader in their own crate, as for any generic. Reading through a vtable is slower,
// which these uses can afford; the results are the same (the same decoders run).

/// A decoded value of some type, behind a pointer: what the type-erased paths hand around.
pub trait DynValue: Any {
    /// Encodes the value through a `dyn Writer`.
    fn encode_dyn(&self, w: &mut dyn Writer);
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
}

impl<T: Encode + Any> DynValue for T {
    fn encode_dyn(&self, w: &mut dyn Writer) {
        self.encode(w)
    }

    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// A type's decoder, type-erased.
pub type DynDecoder = for<'de> fn(&mut dyn Reader<'de>, &mut Ctx) -> Decoded<Box<dyn DynValue>>;

/// `T`'s [`DynDecoder`]: `T::decode` for `dyn Reader`, the value boxed.
pub fn decode_boxed<'de, T: Decode + Encode + 'static>(
    r: &mut dyn Reader<'de>,
    cx: &mut Ctx,
) -> Decoded<Box<dyn DynValue>> {
    Ok(T::decode(r, cx)?.map(|value| Box::new(value) as Box<dyn DynValue>))
}

thread_local! {
    /// The decoder [`Boxed`] runs: set by [`with_decoder`] around a format's entry point.
    static DECODER: Cell<Option<DynDecoder>> = const { Cell::new(None) };
}

/// Runs `f` with `decoder` as [`Boxed`]'s decoder on this thread (and the previous one back
/// afterwards, even on a panic).
fn with_decoder<R>(decoder: DynDecoder, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<DynDecoder>);
    impl Drop for Restore {
        fn drop(&mut self) {
            DECODER.with(|current| current.set(self.0));
        }
    }
    let _restore = Restore(DECODER.with(|current| current.replace(Some(decoder))));
    f()
}

/// A value of whatever type the current [`DynDecoder`] decodes. One type for every generated
/// type, so `json::decode::<Boxed>` and the other entry points are compiled once, here.
struct Boxed(Box<dyn DynValue>);

impl Decode for Boxed {
    fn decode<'de, R: Reader<'de> + ?Sized>(r: &mut R, cx: &mut Ctx) -> Decoded<Self> {
        let decoder = DECODER
            .with(Cell::get)
            .expect("Boxed is decoded inside with_decoder");
        let mut r = DynReader(r);
        Ok(decoder(&mut r, cx)?.map(Boxed))
    }
}

impl Encode for Boxed {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        DynRef(&*self.0).encode(w)
    }
}

/// Decodes `value`'s JSON form with `decoder` (not generic: compiled once, here).
fn recode(decoder: DynDecoder, value: &dyn DynValue) -> Result<Box<dyn DynValue>, DecodeError> {
    let json = crate::json::encode(&DynRef(value));
    with_decoder(decoder, || {
        crate::json::decode_with::<Boxed>(&json, &crate::Limits::in_memory())
    })
    .map(|boxed| boxed.0)
}

/// Decodes `bytes` with `decoder` and encodes the value again (not generic).
fn transcode_with(
    decoder: DynDecoder,
    format: Format,
    lax: bool,
    bytes: &[u8],
) -> Result<Transcoded, DecodeError> {
    with_decoder(decoder, || {
        crate::transcode::transcode::<Boxed>(format, lax, bytes)
    })
}

/// A value encoded through its [`DynValue`] vtable.
struct DynRef<'a>(&'a dyn DynValue);

impl Encode for DynRef<'_> {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        self.0.encode_dyn(&mut DynWriter(w))
    }
}

/// A reader (sized or not) as a sized one, to make a `dyn Reader` of. Forwards every method,
/// the ones with default bodies included.
struct DynReader<'a, R: ?Sized>(&'a mut R);

impl<'de, R: Reader<'de> + ?Sized> Reader<'de> for DynReader<'_, R> {
    fn peek(&mut self) -> Result<Kind, Fatal> {
        self.0.peek()
    }
    fn read_null(&mut self) -> Result<(), Fatal> {
        self.0.read_null()
    }
    fn read_bool(&mut self) -> Result<bool, Fatal> {
        self.0.read_bool()
    }
    fn read_int(&mut self) -> Result<Int, Fatal> {
        self.0.read_int()
    }
    fn read_float(&mut self) -> Result<f64, Fatal> {
        self.0.read_float()
    }
    fn read_str(&mut self) -> Result<Cow<'de, str>, Fatal> {
        self.0.read_str()
    }
    fn read_bytes(&mut self) -> Result<Cow<'de, [u8]>, Fatal> {
        self.0.read_bytes()
    }
    fn read_ext(&mut self) -> Result<(i8, Cow<'de, [u8]>), Fatal> {
        self.0.read_ext()
    }
    fn read_datetime(&mut self) -> Result<NativeDatetime, Fatal> {
        self.0.read_datetime()
    }
    fn begin_array(&mut self) -> Result<Seq, Fatal> {
        self.0.begin_array()
    }
    fn next_element(&mut self, seq: &mut Seq) -> Result<bool, Fatal> {
        self.0.next_element(seq)
    }
    fn begin_map(&mut self) -> Result<Seq, Fatal> {
        self.0.begin_map()
    }
    fn next_key(&mut self, seq: &mut Seq) -> Result<Option<Key<'de>>, Fatal> {
        self.0.next_key(seq)
    }
    fn next_raw_key(&mut self, seq: &mut Seq) -> Result<Option<RawKey<'de>>, Fatal> {
        self.0.next_raw_key(seq)
    }
    fn key_text(&self, bytes: &'de [u8]) -> Result<&'de str, Fatal> {
        self.0.key_text(bytes)
    }
    fn skip(&mut self) -> Result<(), Fatal> {
        self.0.skip()
    }
    fn mark(&mut self) -> Mark {
        self.0.mark()
    }
    fn reset(&mut self, mark: Mark) {
        self.0.reset(mark)
    }
}

/// A writer (sized or not) as a sized one, to make a `dyn Writer` of. Forwards every method,
/// the ones with default bodies included (`begin_struct` sizes MessagePack map headers).
struct DynWriter<'a, W: ?Sized>(&'a mut W);

impl<W: Writer + ?Sized> Writer for DynWriter<'_, W> {
    fn null(&mut self) {
        self.0.null()
    }
    fn bool(&mut self, value: bool) {
        self.0.bool(value)
    }
    fn i64(&mut self, value: i64) {
        self.0.i64(value)
    }
    fn u64(&mut self, value: u64) {
        self.0.u64(value)
    }
    fn f64(&mut self, value: f64) {
        self.0.f64(value)
    }
    fn str(&mut self, value: &str) {
        self.0.str(value)
    }
    fn bytes(&mut self, value: &[u8]) {
        self.0.bytes(value)
    }
    fn ext(&mut self, code: i8, data: &[u8]) {
        self.0.ext(code, data)
    }
    fn datetime(&mut self, text: &str, unix_seconds: i64, nanoseconds: u32) {
        self.0.datetime(text, unix_seconds, nanoseconds)
    }
    fn begin_array(&mut self, len: usize) {
        self.0.begin_array(len)
    }
    fn element(&mut self, index: usize) {
        self.0.element(index)
    }
    fn end_array(&mut self) {
        self.0.end_array()
    }
    fn begin_map(&mut self, len: usize) {
        self.0.begin_map(len)
    }
    fn begin_struct(&mut self, len: usize, fields: usize) {
        self.0.begin_struct(len, fields)
    }
    fn key(&mut self, index: usize, key: &str) {
        self.0.key(index, key)
    }
    fn int_key(&mut self, index: usize, key: i64) {
        self.0.int_key(index, key)
    }
    fn field(&mut self, index: usize, name: &'static str, json: &'static str) {
        self.0.field(index, name, json)
    }
    fn end_map(&mut self) {
        self.0.end_map()
    }
}

// ---------------------------------------------------------------------------------------------
// Patch types

/// Decodes a patch field whose value type has no constraints of its own into its slot;
/// `nullable` when the base field is `T?`.
#[inline]
pub fn patch_field<'de, R: Reader<'de> + ?Sized, T: Decode>(
    r: &mut R,
    cx: &mut Ctx,
    nullable: bool,
    slot: &mut Patch<T>,
) -> Result<bool, Fatal> {
    patch_field_with(r, cx, nullable, slot, T::decode)
}

/// [`patch_field`] with the value's decoder given (for constrained value types).
#[inline]
pub fn patch_field_with<'de, R: Reader<'de> + ?Sized, T: Decode>(
    r: &mut R,
    cx: &mut Ctx,
    nullable: bool,
    slot: &mut Patch<T>,
    inner: impl FnOnce(&mut R, &mut Ctx) -> Decoded<T>,
) -> Result<bool, Fatal> {
    match decode_patch_field(r, cx, nullable, T::STR_LIKE, inner)? {
        Some(value) => {
            *slot = value;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Applies a patch field to a field that is not nullable. Such a field never decodes to
/// `Null`; a patch built by hand that holds one leaves the field as it is.
#[inline]
pub fn apply<T: Clone>(patch: &Patch<T>, field: &mut T) {
    if let Patch::Value(value) = patch {
        *field = value.clone();
    }
}

/// Applies a patch field to a nullable field: `Null` clears it.
#[inline]
pub fn apply_nullable<T: Clone>(patch: &Patch<T>, field: &mut Option<T>) {
    match patch {
        Patch::Unset => {}
        Patch::Null => *field = None,
        Patch::Value(value) => *field = Some(value.clone()),
    }
}

/// The patch field from `old` to `new` of a field that is not nullable.
#[inline]
pub fn diff<T: PartialEq + Clone>(old: &T, new: &T) -> Patch<T> {
    if old == new {
        Patch::Unset
    } else {
        Patch::Value(new.clone())
    }
}

/// The patch field from `old` to `new` of a nullable field.
#[inline]
pub fn diff_nullable<T: PartialEq + Clone>(old: &Option<T>, new: &Option<T>) -> Patch<T> {
    if old == new {
        Patch::Unset
    } else {
        Patch::from_option(new.clone())
    }
}

/// A `pattern` constraint: `Some(&PATTERN)` of a `static` [`Pattern`], compiled on first use.
#[doc(hidden)]
#[macro_export]
macro_rules! __seam_pattern {
    ($source:literal) => {{
        static PATTERN: $crate::check::Pattern = $crate::check::Pattern::new($source);
        ::core::option::Option::Some(&PATTERN)
    }};
}

// ---------------------------------------------------------------------------------------------
// Enums and newtypes: the trait impls, from the inherent `wire()`, `from_wire()` and the
// newtype's field. Generated code calls them as `_rt::str_enum!(Name);`.

/// The trait impls of a string enum with inherent `wire(&self) -> &str` and
/// `from_wire(&str) -> Option<Self>`: `Display` (the wire value), `Ord` (by wire value, so that
/// sets and map keys encode in msgspec's sorted order), `Decode`, `Encode` and `MapKey`.
/// `open` for an `@open` enum, which reads any string.
#[doc(hidden)]
#[macro_export]
macro_rules! __seam_str_enum {
    ($name:ident) => {
        $crate::__seam_str_enum!(@impl $name, false);
    };
    ($name:ident, open) => {
        $crate::__seam_str_enum!(@impl $name, true);
    };
    (@impl $name:ident, $str_like:literal) => {
        /// Shows the wire value.
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(self.wire(), f)
            }
        }

        /// Ordered by wire value, so that sets and map keys encode in msgspec's sorted order.
        impl ::core::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::core::cmp::Ordering {
                ::core::cmp::Ord::cmp(self.wire(), other.wire())
            }
        }

        impl ::core::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> ::core::option::Option<::core::cmp::Ordering> {
                ::core::option::Option::Some(::core::cmp::Ord::cmp(self, other))
            }
        }

        impl $crate::de::Decode for $name {
            // An open string enum reads any string, so in lax mode `"null"` is one of its values.
            const STR_LIKE: bool = $str_like;

            fn decode<'de, R: $crate::de::Reader<'de> + ?::core::marker::Sized>(
                r: &mut R,
                cx: &mut $crate::de::Ctx,
            ) -> $crate::__private::Decoded<Self> {
                $crate::enums::decode_str_enum(r, cx, Self::from_wire)
            }
        }

        impl $crate::ser::Encode for $name {
            fn encode<W: $crate::ser::Writer + ?::core::marker::Sized>(&self, w: &mut W) {
                w.str(self.wire())
            }
        }

        impl $crate::prim::MapKey for $name {
            fn from_key(
                key: $crate::de::Key<'_>,
                cx: &mut $crate::de::Ctx,
            ) -> ::core::option::Option<Self> {
                $crate::enums::str_enum_from_key(key, cx, Self::from_wire)
            }

            fn write_key<W: $crate::ser::Writer + ?::core::marker::Sized>(&self, w: &mut W, index: usize) {
                w.key(index, self.wire())
            }
        }
    };
}

/// The trait impls of an integer enum with inherent `wire(&self) -> i64` and
/// `from_wire(i64) -> Option<Self>`: `Display`, `Ord` (by wire value), `Decode` and `Encode`.
#[doc(hidden)]
#[macro_export]
macro_rules! __seam_int_enum {
    ($name:ident) => {
        /// Shows the wire value.
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.wire(), f)
            }
        }

        /// Ordered by wire value, so that sets and map keys encode in msgspec's sorted order.
        impl ::core::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::core::cmp::Ordering {
                ::core::cmp::Ord::cmp(&self.wire(), &other.wire())
            }
        }

        impl ::core::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> ::core::option::Option<::core::cmp::Ordering> {
                ::core::option::Option::Some(::core::cmp::Ord::cmp(self, other))
            }
        }

        impl $crate::de::Decode for $name {
            fn decode<'de, R: $crate::de::Reader<'de> + ?::core::marker::Sized>(
                r: &mut R,
                cx: &mut $crate::de::Ctx,
            ) -> $crate::__private::Decoded<Self> {
                $crate::enums::decode_int_enum(r, cx, Self::from_wire)
            }
        }

        impl $crate::ser::Encode for $name {
            fn encode<W: $crate::ser::Writer + ?::core::marker::Sized>(&self, w: &mut W) {
                w.i64(self.wire())
            }
        }
    };
}

/// The impls of a newtype `$name($inner)` that only holds values meeting the contract's
/// constraints: `new` (checks), `get`, `into_inner`, `Deref`, `TryFrom<$inner>`, `Decode` (with
/// the decode expression given, over the idents `r` and `cx`) and `Encode`; with `key`, also
/// `Display` and `MapKey` (the newtype can be a map key).
#[doc(hidden)]
#[macro_export]
macro_rules! __seam_newtype {
    ($name:ident($inner:ty), |$r:ident, $cx:ident| $decode:expr) => {
        $crate::__seam_newtype!(@common $name($inner));

        impl $crate::de::Decode for $name {
            const STR_LIKE: bool = <$inner as $crate::de::Decode>::STR_LIKE;

            fn decode<'de, R: $crate::de::Reader<'de> + ?::core::marker::Sized>(
                $r: &mut R,
                $cx: &mut $crate::de::Ctx,
            ) -> $crate::__private::Decoded<Self> {
                ::core::result::Result::Ok($decode?.map(Self))
            }
        }

        impl $crate::ser::Encode for $name {
            fn encode<W: $crate::ser::Writer + ?::core::marker::Sized>(&self, w: &mut W) {
                $crate::ser::Encode::encode(&self.0, w)
            }
        }
    };
    ($name:ident($inner:ty), key, |$r:ident, $cx:ident| $decode:expr) => {
        $crate::__seam_newtype!($name($inner), |$r, $cx| $decode);

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.0, f)
            }
        }

        impl $crate::prim::MapKey for $name {
            fn from_key(
                key: $crate::de::Key<'_>,
                cx: &mut $crate::de::Ctx,
            ) -> ::core::option::Option<Self> {
                let value = <$inner as $crate::prim::MapKey>::from_key(key, cx)?;
                $crate::check_key(cx, Self::new(value))
            }

            fn write_key<W: $crate::ser::Writer + ?::core::marker::Sized>(&self, w: &mut W, index: usize) {
                $crate::prim::MapKey::write_key(&self.0, w, index)
            }
        }
    };
    (@common $name:ident($inner:ty)) => {
        $crate::__seam_newtype!(@accessors $name($inner));

        impl $name {
            /// Checks `value` against the constraints of the contract.
            pub fn new(value: $inner) -> ::core::result::Result<Self, $crate::DecodeError> {
                $crate::__private::validate_as(&value)
            }
        }
    };
    (@accessors $name:ident($inner:ty)) => {
        impl $name {
            /// The value.
            pub fn get(&self) -> &$inner {
                &self.0
            }

            /// The value, taken out of the newtype.
            pub fn into_inner(self) -> $inner {
                self.0
            }
        }

        impl ::core::ops::Deref for $name {
            type Target = $inner;

            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        impl ::core::convert::TryFrom<$inner> for $name {
            type Error = $crate::DecodeError;

            fn try_from(value: $inner) -> ::core::result::Result<Self, Self::Error> {
                Self::new(value)
            }
        }
    };
}

/// The impls of an `@ext(code)` newtype `$name($inner)` (`$inner` is `Bytes`): MessagePack
/// extension type `code`, base64 in JSON. Any bytes are a value (`new` always succeeds).
#[doc(hidden)]
#[macro_export]
macro_rules! __seam_ext_newtype {
    ($name:ident($inner:ty), $code:literal) => {
        $crate::__seam_newtype!(@accessors $name($inner));

        impl $name {
            /// Wraps `value` (an extension value has no constraints).
            pub fn new(value: $inner) -> ::core::result::Result<Self, $crate::DecodeError> {
                ::core::result::Result::Ok(Self(value))
            }
        }

        impl $crate::de::Decode for $name {
            const STR_LIKE: bool = <$inner as $crate::de::Decode>::STR_LIKE;

            fn decode<'de, R: $crate::de::Reader<'de> + ?::core::marker::Sized>(
                r: &mut R,
                cx: &mut $crate::de::Ctx,
            ) -> $crate::__private::Decoded<Self> {
                ::core::result::Result::Ok($crate::newtype::decode_ext(r, cx, $code)?.map(Self))
            }
        }

        impl $crate::ser::Encode for $name {
            fn encode<W: $crate::ser::Writer + ?::core::marker::Sized>(&self, w: &mut W) {
                w.ext($code, &self.0)
            }
        }
    };
}
