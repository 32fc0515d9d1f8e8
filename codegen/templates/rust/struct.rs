{{ def.doc|doc_comment }}{{ def.deprecated|deprecation }}
#[derive({{ def|derives(ctx) }})]
pub struct {{ def.name.name|type_name }} {
{%- for field in s.fields %}
    {{ field.doc|doc_comment }}{{ field.deprecated|deprecation }}
    pub {{ field.name|field_name }}: {{ field|field_type(ctx, def) }},
{%- endfor %}
}

{% if s|all_defaulted -%}
#[allow(clippy::derivable_impls)]
impl ::core::default::Default for {{ def.name.name|type_name }} {
    fn default() -> Self {
        Self {
        {%- for field in s.fields %}
            {{ field.name|field_name }}: {{ field|field_default(ctx, def) }},
        {%- endfor %}
        }
    }
}
{%- endif %}

impl {{ def.name.name|type_name }} {
    /// Checks the value against every constraint of its contract, as a decoder would.
    pub fn validate(&self) -> ::core::result::Result<(), seam_runtime::DecodeError> {
        seam_runtime::validate::<Self, Self>(self).map(|_| ())
    }
}

impl seam_runtime::de::Decode for {{ def.name.name|type_name }} {
    fn decode<'de, R: seam_runtime::de::Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut seam_runtime::de::Ctx,
    ) -> ::core::result::Result<::core::option::Option<Self>, seam_runtime::de::Fatal> {
        static INFO: seam_runtime::record::StructInfo = seam_runtime::record::StructInfo {
            fields: &[{% for field in s.fields %}{{ field.wire_name|rust_str }}, {% endfor %}],
            required: &[{% for field in s.fields %}{{ field.default.is_none() }}, {% endfor %}],
            strict: {{ s|is_strict }},
            tag: {{ s|tag_info }},
            array_like: {{ s.array_like }},
        };
        {%- for field in s.fields %}
        let mut f{{ loop.index0 }}: ::core::option::Option<{{ field|field_type(ctx, def) }}> = ::core::option::Option::None;
        {%- endfor %}
        let ok = seam_runtime::record::decode_struct(
            r,
            cx,
            &INFO,
            {% if s.fields.is_empty() -%}
            |_| ::core::option::Option::None,
            |_, _, _| ::core::result::Result::Ok(false),
            {%- else -%}
            |name| match name {
            {%- for field in s.fields %}
                {{ field.wire_name|rust_str }} => ::core::option::Option::Some({{ loop.index0 }}),
            {%- endfor %}
                _ => ::core::option::Option::None,
            },
            |r, cx, index| match index {
            {%- for field in s.fields %}
                {{ loop.index0 }} => {
                    f{{ loop.index0 }} = {{ field|field_decode(ctx, def) }}?;
                    ::core::result::Result::Ok(f{{ loop.index0 }}.is_some())
                }
            {%- endfor %}
                _ => ::core::result::Result::Ok(false),
            },
            {%- endif %}
        )?;
        {%- if s|has_required %}
        let ({% for field in s.fields %}{% if field.default.is_none() %}::core::option::Option::Some(f{{ loop.index0 }}), {% endif %}{% endfor %}true) = ({% for field in s.fields %}{% if field.default.is_none() %}f{{ loop.index0 }}, {% endif %}{% endfor %}ok) else {
            return ::core::result::Result::Ok(::core::option::Option::None);
        };
        {%- else %}
        if !ok {
            return ::core::result::Result::Ok(::core::option::Option::None);
        }
        {%- endif %}
        ::core::result::Result::Ok(::core::option::Option::Some(Self {
        {%- for field in s.fields %}
            {% if field.default.is_none() -%}
            {{ field.name|field_name }}: f{{ loop.index0 }},
            {%- else -%}
            {{ field.name|field_name }}: f{{ loop.index0 }}{{ field|field_fallback(ctx, def) }},
            {%- endif %}
        {%- endfor %}
        }))
    }
}

impl seam_runtime::ser::Encode for {{ def.name.name|type_name }} {
    fn encode<W: seam_runtime::ser::Writer + ?Sized>(&self, w: &mut W) {
        {%- if s|omits_defaults %}
        let include = [
        {%- for field in s.fields %}
            {% if field.default.is_some() %}{{ field|field_included(ctx, def) }}{% else %}true{% endif %},
        {%- endfor %}
        ];
        let len = include.iter().filter(|included| **included).count(){{ s|plus_tag }};
        {%- else %}
        let include = [true; {{ s.fields.len() }}];
        let len = {{ s.fields.len() }}{{ s|plus_tag }};
        {%- endif %}
        let mut index = 0usize;
        {%- if s.array_like %}
        w.begin_array(len);
        {%- else %}
        w.begin_struct(len, {{ s.fields.len() }}{{ s|plus_tag }});
        {%- endif %}
        {%- if let Some(tagging) = s.tagging %}
        {%- if s.array_like %}
        w.element(index);
        {%- else %}
        w.field(index, {{ tagging.field|rust_str }}, {{ tagging.field|json_key }});
        {%- endif %}
        seam_runtime::record::write_tag(w, {{ tagging.value|tag_const }});
        index += 1;
        {%- endif %}
        {%- for field in s.fields %}
        if include[{{ loop.index0 }}] {
            {%- if s.array_like %}
            w.element(index);
            {%- else %}
            w.field(index, {{ field.wire_name|rust_str }}, {{ field.wire_name|json_key }});
            {%- endif %}
            seam_runtime::ser::Encode::encode(&self.{{ field.name|field_name }}, w);
            index += 1;
        }
        {%- endfor %}
        let _ = (index, include);
        {%- if s.array_like %}
        w.end_array();
        {%- else %}
        w.end_map();
        {%- endif %}
    }
}
