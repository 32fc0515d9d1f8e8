{%- if newtype %}
{{ def.doc|doc_comment }}{{ def.deprecated|deprecation }}
///
/// A value of this type always satisfies the contract's constraints: it is checked by
/// [`Self::new`] and when decoded.
#[derive({{ def|derives(ctx) }})]
pub struct {{ def.name.name|type_name }}({{ a.target|alias_inner(ctx, def) }});

impl {{ def.name.name|type_name }} {
    /// Checks `value` against the constraints of the contract.
    pub fn new(value: {{ a.target|alias_inner(ctx, def) }}) -> ::core::result::Result<Self, seam_runtime::DecodeError> {
        {%- if a.ext.is_some() %}
        ::core::result::Result::Ok(Self(value))
        {%- else %}
        seam_runtime::validate(&value)
        {%- endif %}
    }

    pub fn get(&self) -> &{{ a.target|alias_inner(ctx, def) }} {
        &self.0
    }

    pub fn into_inner(self) -> {{ a.target|alias_inner(ctx, def) }} {
        self.0
    }
}

impl ::core::ops::Deref for {{ def.name.name|type_name }} {
    type Target = {{ a.target|alias_inner(ctx, def) }};

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}
{%- if a.target|is_key_type(ctx) %}

impl ::core::fmt::Display for {{ def.name.name|type_name }} {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        ::core::fmt::Display::fmt(&self.0, f)
    }
}
{%- endif %}

impl ::core::convert::TryFrom<{{ a.target|alias_inner(ctx, def) }}> for {{ def.name.name|type_name }} {
    type Error = seam_runtime::DecodeError;

    fn try_from(value: {{ a.target|alias_inner(ctx, def) }}) -> ::core::result::Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl seam_runtime::de::Decode for {{ def.name.name|type_name }} {
    const STR_LIKE: bool = <{{ a.target|alias_inner(ctx, def) }} as seam_runtime::de::Decode>::STR_LIKE;

    fn decode<'de, R: seam_runtime::de::Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut seam_runtime::de::Ctx,
    ) -> ::core::result::Result<::core::option::Option<Self>, seam_runtime::de::Fatal> {
        {%- if let Some(code) = a.ext %}
        ::core::result::Result::Ok(seam_runtime::newtype::decode_ext(r, cx, {{ code }})?.map(Self))
        {%- else %}
        ::core::result::Result::Ok({{ a.target|alias_decode(ctx, def) }}?.map(Self))
        {%- endif %}
    }
}

impl seam_runtime::ser::Encode for {{ def.name.name|type_name }} {
    fn encode<W: seam_runtime::ser::Writer + ?Sized>(&self, w: &mut W) {
        {%- if let Some(code) = a.ext %}
        w.ext({{ code }}, &self.0)
        {%- else %}
        seam_runtime::ser::Encode::encode(&self.0, w)
        {%- endif %}
    }
}
{%- if a.target|is_key_type(ctx) %}

impl seam_runtime::prim::MapKey for {{ def.name.name|type_name }} {
    fn from_key(key: seam_runtime::de::Key<'_>, cx: &mut seam_runtime::de::Ctx) -> ::core::option::Option<Self> {
        let value = <{{ a.target|alias_inner(ctx, def) }} as seam_runtime::prim::MapKey>::from_key(key, cx)?;
        seam_runtime::check_key(cx, Self::new(value))
    }

    fn write_key<W: seam_runtime::ser::Writer + ?Sized>(&self, w: &mut W, index: usize) {
        seam_runtime::prim::MapKey::write_key(&self.0, w, index)
    }
}
{%- endif %}
{%- else %}
{{ def.doc|doc_comment }}{{ def.deprecated|deprecation }}
pub type {{ def.name.name|type_name }} = {{ a.target|alias_inner(ctx, def) }};
{%- endif %}
