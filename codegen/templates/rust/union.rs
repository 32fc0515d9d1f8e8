{{ def.doc|doc_comment }}{{ def.deprecated|deprecation }}
#[derive({{ def|derives(ctx) }})]
pub enum {{ def.name.name|type_name }} {
{%- for member in u.members %}
    {{ member.name.name|type_name }}({{ member.name|member_type(ctx, def) }}),
{%- endfor %}
}

impl seam_runtime::de::Decode for {{ def.name.name|type_name }} {
    fn decode<'de, R: seam_runtime::de::Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut seam_runtime::de::Ctx,
    ) -> ::core::result::Result<::core::option::Option<Self>, seam_runtime::de::Fatal> {
        let tag = seam_runtime::record::find_tag(
            r,
            cx,
            {{ u.tag_field|rust_str }},
            {{ u|string_tags }},
            {{ u.array_like }},
            |tag| {{ u|known_tags }},
        )?;
        match tag {
        {%- for member in u.members %}
            {{ member.tag|tag_pattern }} => ::core::result::Result::Ok(
                <{{ member.name|member_type(ctx, def) }} as seam_runtime::de::Decode>::decode(r, cx)?.map(Self::{{ member.name.name|type_name }}),
            ),
        {%- endfor %}
            _ => ::core::result::Result::Ok(::core::option::Option::None),
        }
    }
}

impl seam_runtime::ser::Encode for {{ def.name.name|type_name }} {
    fn encode<W: seam_runtime::ser::Writer + ?Sized>(&self, w: &mut W) {
        match self {
        {%- for member in u.members %}
            Self::{{ member.name.name|type_name }}(value) => seam_runtime::ser::Encode::encode(value, w),
        {%- endfor %}
        }
    }
}
{% for member in u.members %}
impl ::core::convert::From<{{ member.name|member_path(ctx, def) }}> for {{ def.name.name|type_name }} {
    fn from(value: {{ member.name|member_path(ctx, def) }}) -> Self {
        Self::{{ member.name.name|type_name }}({{ member.name|member_wrap(ctx, def) }})
    }
}
{% endfor %}
