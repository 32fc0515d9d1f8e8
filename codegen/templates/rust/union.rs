{{ def.doc|doc_comment(0) }}{{ def.deprecated|deprecation(0) }}#[derive({{ def|derives(ctx) }})]
pub enum {{ name }} {
{%- for member in u.members %}
    {{ member.name.name|type_name }}({{ member.name|member_type(ctx, def) }}),
{%- endfor %}
}

impl _rt::Decode for {{ name }} {
    fn decode<'de, R: _rt::Reader<'de> + ?_rt::Sized>(r: &mut R, cx: &mut _rt::Ctx) -> _rt::Decoded<Self> {
        let tag = _rt::find_tag(
            r,
            cx,
            {{ u.tag_field|rust_str }},
            {{ u|string_tags }},
            {{ u.array_like }},
            |tag| {{ u|known_tags }},
        )?;
        match tag {
{%- for member in u.members %}
            {{ member.tag|tag_pattern }} => {
                _rt::Ok(<{{ member.name|member_type(ctx, def) }} as _rt::Decode>::decode(r, cx)?.map(Self::{{ member.name.name|type_name }}))
            }
{%- endfor %}
            _ => _rt::Ok(_rt::None),
        }
    }
}

impl _rt::Encode for {{ name }} {
    fn encode<W: _rt::Writer + ?_rt::Sized>(&self, w: &mut W) {
        match self {
{%- for member in u.members %}
            Self::{{ member.name.name|type_name }}(value) => _rt::Encode::encode(value, w),
{%- endfor %}
        }
    }
}
{%- for member in u.members %}

impl _rt::From<{{ member.name|member_path(def) }}> for {{ name }} {
    fn from(value: {{ member.name|member_path(def) }}) -> Self {
        Self::{{ member.name.name|type_name }}({{ member.name|member_wrap(ctx, def) }})
    }
}
{%- endfor %}
