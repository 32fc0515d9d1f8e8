{{ doc|doc_comment }}{{ deprecated|deprecation }}
#[derive(Debug, Clone, {% if !open || repr == "int" %}Copy, {% endif %}PartialEq, Eq, Hash)]
pub enum {{ name }} {
{%- for member in members %}
    {{ member.doc|doc_comment }}{{ member.deprecated|deprecation }}
    {{ member.variant }},
{%- endfor %}
{%- if open %}
    /// A value this version of the contract does not know, kept as it was read.
    Unknown({{ repr|raw_type }}),
{%- endif %}
}

impl {{ name }} {
    /// The value on the wire.
    pub fn wire(&self) -> {{ repr|wire_type }} {
        match self {
        {%- for member in members %}
            Self::{{ member.variant }} => {{ member.value|tag_literal }},
        {%- endfor %}
        {%- if open %}
            Self::Unknown(raw) => {{ repr|unknown_wire }},
        {%- endif %}
        }
    }

    /// The member with this wire value{% if open %} (`Unknown` for any other){% endif %}.
    pub fn from_wire(value: {{ repr|wire_type }}) -> ::core::option::Option<Self> {
        match value {
        {%- for member in members %}
            {{ member.value|tag_literal }} => ::core::option::Option::Some(Self::{{ member.variant }}),
        {%- endfor %}
        {%- if open %}
            other => ::core::option::Option::Some(Self::Unknown(other{{ repr|to_raw }})),
        {%- else %}
            _ => ::core::option::Option::None,
        {%- endif %}
        }
    }
}

/// Shows the wire value.
impl ::core::fmt::Display for {{ name }} {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        ::core::fmt::Display::fmt(&self.wire(), f)
    }
}

/// Ordered by wire value, so that sets and map keys encode in msgspec's sorted order.
impl ::core::cmp::Ord for {{ name }} {
    fn cmp(&self, other: &Self) -> ::core::cmp::Ordering {
        self.wire().cmp({{ repr|other_wire }})
    }
}

impl ::core::cmp::PartialOrd for {{ name }} {
    fn partial_cmp(&self, other: &Self) -> ::core::option::Option<::core::cmp::Ordering> {
        ::core::option::Option::Some(self.cmp(other))
    }
}

impl seam_runtime::de::Decode for {{ name }} {
    {%- if repr == "str" && open %}
    // An open string enum reads any string, so in lax mode `"null"` is one of its values.
    const STR_LIKE: bool = true;
    {%- endif %}

    fn decode<'de, R: seam_runtime::de::Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut seam_runtime::de::Ctx,
    ) -> ::core::result::Result<::core::option::Option<Self>, seam_runtime::de::Fatal> {
        {%- if repr == "str" %}
        seam_runtime::enums::decode_str_enum(r, cx, Self::from_wire)
        {%- else %}
        seam_runtime::enums::decode_int_enum(r, cx, Self::from_wire)
        {%- endif %}
    }
}

impl seam_runtime::ser::Encode for {{ name }} {
    fn encode<W: seam_runtime::ser::Writer + ?Sized>(&self, w: &mut W) {
        {%- if repr == "str" %}
        w.str(self.wire())
        {%- else %}
        w.i64(self.wire())
        {%- endif %}
    }
}
{%- if repr == "str" %}

impl seam_runtime::prim::MapKey for {{ name }} {
    fn from_key(key: seam_runtime::de::Key<'_>, cx: &mut seam_runtime::de::Ctx) -> ::core::option::Option<Self> {
        seam_runtime::enums::str_enum_from_key(key, cx, Self::from_wire)
    }

    fn write_key<W: seam_runtime::ser::Writer + ?Sized>(&self, w: &mut W, index: usize) {
        w.key(index, self.wire())
    }
}
{%- endif %}
