//! Patch types (IDL.md section 6): a field that tells "leave as is" from "set to null".
//!
//! `@patch struct CachePolicy` also generates `CachePolicyPatch`, whose every field is a
//! [`Patch`]: `Unset` when the key is absent, `Null` for an explicit `null` (only where the base
//! field is nullable), `Value` otherwise. `serde`'s `Option<Option<T>>` and most schema tools
//! cannot tell the first two apart; msgspec needs a hand-written `UNSET` default per field.

use crate::de::{Ctx, Decode, Fatal, Reader};
use crate::prim::decode_option;
use crate::ser::{Encode, Writer};

/// One field of a patch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Patch<T> {
    /// The key is absent: leave the field as it is.
    #[default]
    Unset,
    /// An explicit `null`: set the (nullable) field to null.
    Null,
    /// Set the field to this value.
    Value(T),
}

impl<T> Patch<T> {
    pub fn is_unset(&self) -> bool {
        matches!(self, Patch::Unset)
    }

    /// The value, when the patch sets one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Patch::Value(value) => Some(value),
            Patch::Unset | Patch::Null => None,
        }
    }

    /// The patch of a nullable field from its new value: `None` is `Null`.
    pub fn from_option(value: Option<T>) -> Self {
        match value {
            Some(value) => Patch::Value(value),
            None => Patch::Null,
        }
    }
}

/// Decodes a present patch field. A nullable field reads `null` as [`Patch::Null`] (and, in lax
/// mode, the string `"null"`, as `T?` does); any other field decodes `null` with `inner`, which
/// reports msgspec's ``Expected `T`, got `null` ``.
pub fn decode_patch_field<'de, R: Reader<'de> + ?Sized, T>(
    r: &mut R,
    cx: &mut Ctx,
    nullable: bool,
    inner_reads_strings: bool,
    inner: impl FnOnce(&mut R, &mut Ctx) -> Result<Option<T>, Fatal>,
) -> Result<Option<Patch<T>>, Fatal> {
    if nullable {
        Ok(decode_option(r, cx, inner_reads_strings, inner)?.map(Patch::from_option))
    } else {
        Ok(inner(r, cx)?.map(Patch::Value))
    }
}

impl<T: Decode> Decode for Patch<T> {
    /// A patch field on its own: `null` is `Null`. (Generated patch types use
    /// [`decode_patch_field`], which knows whether the base field is nullable.)
    fn decode<'de, R: Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut Ctx,
    ) -> Result<Option<Self>, Fatal> {
        decode_patch_field(r, cx, true, T::STR_LIKE, T::decode)
    }
}

/// Encodes `Null` as null and `Value` as the value. An `Unset` field is left out by the patch
/// struct; on its own it is written as null.
impl<T: Encode> Encode for Patch<T> {
    fn encode<W: Writer + ?Sized>(&self, w: &mut W) {
        match self {
            Patch::Value(value) => value.encode(w),
            Patch::Unset | Patch::Null => w.null(),
        }
    }
}
