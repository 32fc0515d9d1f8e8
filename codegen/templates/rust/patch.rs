/// A partial update of [`{{ name }}`]: every field is `Unset` (leave it),
/// `Null` (set a nullable field to null) or `Value` (set it). Built by decoding a patch
/// document, or by [`Self::diff`]; applied with [`Self::apply`].
#[derive({{ derives }}, Default)]
{%- if fields.is_empty() %}
pub struct {{ patch }} {}
{%- else %}
pub struct {{ patch }} {
{%- for field in fields %}
{{ field.doc }}    pub {{ field.name }}: _rt::Patch<{{ field.value_ty }}>,
{%- endfor %}
}
{%- endif %}

impl {{ patch }} {
    /// The value with every field this patch sets replaced.
    pub fn apply(&self, base: &{{ name }}) -> {{ name }} {
{%- if fields.is_empty() %}
        _rt::Clone::clone(base)
{%- else %}
        let mut out = _rt::Clone::clone(base);
{%- for field in fields %}
        _rt::apply{% if field.nullable %}_nullable{% endif %}(&self.{{ field.name }}, &mut out.{{ field.name }});
{%- endfor %}
        out
{%- endif %}
    }

    /// The smallest patch that turns `old` into `new`: it sets exactly the fields that differ.
    pub fn diff(old: &{{ name }}, new: &{{ name }}) -> Self {
{%- if fields.is_empty() %}
        let _ = (old, new);
        Self {}
{%- else %}
        Self {
{%- for field in fields %}
            {{ field.name }}: _rt::diff{% if field.nullable %}_nullable{% endif %}(&old.{{ field.name }}, &new.{{ field.name }}),
{%- endfor %}
        }
{%- endif %}
    }

    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
{%- if fields.is_empty() %}
        true
{%- else %}
{%- for field in fields %}
{%- if loop.first %}
        self.{{ field.name }}.is_unset()
{%- else %}
            && self.{{ field.name }}.is_unset()
{%- endif %}
{%- endfor %}
{%- endif %}
    }
}

impl _rt::Decode for {{ patch }} {
    fn decode<'de, R: _rt::Reader<'de> + ?_rt::Sized>(r: &mut R, cx: &mut _rt::Ctx) -> _rt::Decoded<Self> {
        static INFO: _rt::StructInfo = _rt::StructInfo {
            fields: {{ wire_names }},
            required: &[false; {{ fields.len() }}],
            strict: {{ strict }},
            tag: _rt::None,
            array_like: false,
        };
        let mut out = <Self as _rt::Default>::default();
{%- if fields.is_empty() %}
        let ok = _rt::decode_fields(r, cx, &INFO, |_, _, _| _rt::Ok(false))?;
{%- else %}
        let ok = _rt::decode_fields(r, cx, &INFO, |r, cx, index| match index {
{%- for field in fields %}
            {{ field.patch_arm }}
{%- endfor %}
            _ => _rt::Ok(false),
        })?;
{%- endif %}
        _rt::Ok(if ok { _rt::Some(out) } else { _rt::None })
    }
}

impl _rt::Encode for {{ patch }} {
    fn encode<W: _rt::Writer + ?_rt::Sized>(&self, w: &mut W) {
{%- if fields.is_empty() %}
        _rt::Fields::map(w, &[], false).end_map();
{%- else %}
        let include = {{ patch_include }};
        let mut s = _rt::Fields::map(w, &include, false);
{%- for field in fields %}
        s.field(include[{{ loop.index0 }}], {{ field.wire }}, {{ field.json }}, &self.{{ field.name }});
{%- endfor %}
        s.end_map();
{%- endif %}
    }
}
