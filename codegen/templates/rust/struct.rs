{{ def.doc|doc_comment(0) }}{{ def.deprecated|deprecation(0) }}#[derive({{ derives }})]
{%- if fields.is_empty() %}
pub struct {{ name }} {}
{%- else %}
pub struct {{ name }} {
{%- for field in fields %}
{{ field.doc }}{{ field.deprecated }}    pub {{ field.name }}: {{ field.ty }},
{%- endfor %}
}
{%- endif %}
{%- if all_defaulted %}

#[allow(clippy::derivable_impls)]
impl _rt::Default for {{ name }} {
    fn default() -> Self {
{%- if fields.is_empty() %}
        Self {}
{%- else %}
        Self {
{%- for field in fields %}
            {{ field.name }}: {{ field.default }},
{%- endfor %}
        }
{%- endif %}
    }
}
{%- endif %}

impl {{ name }} {
    /// Checks the value against every constraint of its contract, as a decoder would.
    pub fn validate(&self) -> _rt::Result<(), _rt::DecodeError> {
        _rt::validate(self)
    }
}

impl _rt::Decode for {{ name }} {
    fn decode<'de, R: _rt::Reader<'de> + ?_rt::Sized>(r: &mut R, cx: &mut _rt::Ctx) -> _rt::Decoded<Self> {
        static INFO: _rt::StructInfo = _rt::StructInfo {
            fields: {{ wire_names }},
            required: {{ required }},
            strict: {{ strict }},
            tag: {{ tag }},
            array_like: {{ s.array_like }},
        };
{%- for field in fields %}
        let mut f{{ loop.index0 }} = _rt::None;
{%- endfor %}
{%- if fields.is_empty() %}
        let ok = _rt::decode_fields(r, cx, &INFO, |_, _, _| _rt::Ok(false))?;
{%- else %}
        let ok = _rt::decode_fields(r, cx, &INFO, |r, cx, index| match index {
{%- for field in fields %}
            {{ field.arm }}
{%- endfor %}
            _ => _rt::Ok(false),
        })?;
{%- endif %}
{%- if let Some(required_let) = required_let %}
        {{ required_let }}
            return _rt::Ok(_rt::None);
        };
{%- else %}
        if !ok {
            return _rt::Ok(_rt::None);
        }
{%- endif %}
{%- if fields.is_empty() %}
        _rt::Ok(_rt::Some(Self {}))
{%- else %}
        _rt::Ok(_rt::Some(Self {
{%- for field in fields %}
            {{ field.name }}: f{{ loop.index0 }}{{ field.fallback }},
{%- endfor %}
        }))
{%- endif %}
    }
}

impl _rt::Encode for {{ name }} {
    fn encode<W: _rt::Writer + ?_rt::Sized>(&self, w: &mut W) {
{%- if s.array_like %}
        let mut s = _rt::Fields::array(w, {{ field_count }});
{%- if let Some(tagging) = s.tagging %}
        s.tag_element({{ tagging.value|tag_const }});
{%- endif %}
{%- for field in fields %}
        s.element(&self.{{ field.name }});
{%- endfor %}
        s.end_array();
{%- else %}
{%- if let Some(include) = include %}
        let include = {{ include }};
        let mut s = _rt::Fields::map(w, &include, {{ s.tagging.is_some() }});
{%- else %}
        let mut s = _rt::Fields::map(w, &[true; {{ fields.len() }}], {{ s.tagging.is_some() }});
{%- endif %}
{%- if let Some(tagging) = s.tagging %}
        s.tag({{ tagging.field|rust_str }}, {{ tagging.field|json_key }}, {{ tagging.value|tag_const }});
{%- endif %}
{%- for field in fields %}
        s.field({% if include.is_some() %}include[{{ loop.index0 }}]{% else %}true{% endif %}, {{ field.wire }}, {{ field.json }}, &self.{{ field.name }});
{%- endfor %}
        s.end_map();
{%- endif %}
    }
}
