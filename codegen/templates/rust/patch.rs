/// A partial update of [`{{ def.name.name|type_name }}`]: every field is `Unset` (leave it),
/// `Null` (set a nullable field to null) or `Value` (set it). Built by decoding a patch
/// document, or by [`Self::diff`]; applied with [`Self::apply`].
#[derive({{ def|derives(ctx) }}, Default)]
pub struct {{ def.name.name|patch_name }} {
{%- for field in s.fields %}
    {{ field.doc|doc_comment }}
    pub {{ field.name|field_name }}: {{ field|patch_field_type(ctx, def) }},
{%- endfor %}
}

impl {{ def.name.name|patch_name }} {
    /// The value with every field this patch sets replaced.
    pub fn apply(&self, base: &{{ def.name.name|type_name }}) -> {{ def.name.name|type_name }} {
        #[allow(unused_mut)]
        let mut out = base.clone();
        {%- for field in s.fields %}
        match &self.{{ field.name|field_name }} {
            seam_runtime::Patch::Unset => {}
            {%- if field.ty.is_optional() %}
            seam_runtime::Patch::Null => out.{{ field.name|field_name }} = ::core::option::Option::None,
            seam_runtime::Patch::Value(value) => out.{{ field.name|field_name }} = ::core::option::Option::Some(::core::clone::Clone::clone(value)),
            {%- else %}
            // A field that is not nullable never decodes to `Null`; a patch built by hand that
            // holds one leaves the field as it is.
            seam_runtime::Patch::Null => {}
            seam_runtime::Patch::Value(value) => out.{{ field.name|field_name }} = ::core::clone::Clone::clone(value),
            {%- endif %}
        }
        {%- endfor %}
        out
    }

    /// The smallest patch that turns `old` into `new`: it sets exactly the fields that differ.
    pub fn diff(old: &{{ def.name.name|type_name }}, new: &{{ def.name.name|type_name }}) -> Self {
        Self {
        {%- for field in s.fields %}
            {{ field.name|field_name }}: if old.{{ field.name|field_name }} == new.{{ field.name|field_name }} {
                seam_runtime::Patch::Unset
            } else {
                {%- if field.ty.is_optional() %}
                seam_runtime::Patch::from_option(::core::clone::Clone::clone(&new.{{ field.name|field_name }}))
                {%- else %}
                seam_runtime::Patch::Value(::core::clone::Clone::clone(&new.{{ field.name|field_name }}))
                {%- endif %}
            },
        {%- endfor %}
        }
    }

    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        {%- if s.fields.is_empty() %}
        true
        {%- else %}
        {% for field in s.fields %}{% if !loop.first %} && {% endif %}self.{{ field.name|field_name }}.is_unset(){% endfor %}
        {%- endif %}
    }
}

impl seam_runtime::de::Decode for {{ def.name.name|patch_name }} {
    fn decode<'de, R: seam_runtime::de::Reader<'de> + ?Sized>(
        r: &mut R,
        cx: &mut seam_runtime::de::Ctx,
    ) -> ::core::result::Result<::core::option::Option<Self>, seam_runtime::de::Fatal> {
        static INFO: seam_runtime::record::StructInfo = seam_runtime::record::StructInfo {
            fields: &[{% for field in s.fields %}{{ field.wire_name|rust_str }}, {% endfor %}],
            required: &[{% for field in s.fields %}false, {% endfor %}],
            strict: {{ s|is_strict }},
            tag: ::core::option::Option::None,
            array_like: false,
        };
        let mut out = Self::default();
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
                {{ loop.index0 }} => match {{ field|patch_field_decode(ctx, def) }}? {
                    ::core::option::Option::Some(value) => {
                        out.{{ field.name|field_name }} = value;
                        ::core::result::Result::Ok(true)
                    }
                    ::core::option::Option::None => ::core::result::Result::Ok(false),
                },
            {%- endfor %}
                _ => ::core::result::Result::Ok(false),
            },
            {%- endif %}
        )?;
        ::core::result::Result::Ok(if ok { ::core::option::Option::Some(out) } else { ::core::option::Option::None })
    }
}

impl seam_runtime::ser::Encode for {{ def.name.name|patch_name }} {
    fn encode<W: seam_runtime::ser::Writer + ?Sized>(&self, w: &mut W) {
        let include = [{% for field in s.fields %}!self.{{ field.name|field_name }}.is_unset(), {% endfor %}];
        let len = include.iter().filter(|included| **included).count();
        w.begin_struct(len, {{ s.fields.len() }});
        let mut index = 0usize;
        {%- for field in s.fields %}
        if include[{{ loop.index0 }}] {
            w.field(index, {{ field.wire_name|rust_str }}, {{ field.wire_name|json_key }});
            seam_runtime::ser::Encode::encode(&self.{{ field.name|field_name }}, w);
            index += 1;
        }
        {%- endfor %}
        let _ = (index, include);
        w.end_map();
    }
}
