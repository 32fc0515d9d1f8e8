{{ doc|doc_comment(0) }}{{ deprecated|deprecation(0) }}#[derive(Debug, Clone, {% if !open || repr == "int" %}Copy, {% endif %}PartialEq, Eq, Hash)]
pub enum {{ name }} {
{%- for member in members %}
{{ member.doc|doc_comment(1) }}{{ member.deprecated|deprecation(1) }}    {{ member.variant }},
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
    pub fn from_wire(value: {{ repr|wire_type }}) -> _rt::Option<Self> {
        match value {
{%- for member in members %}
            {{ member.value|tag_literal }} => _rt::Some(Self::{{ member.variant }}),
{%- endfor %}
{%- if open %}
            other => _rt::Some(Self::Unknown({{ repr|to_raw }})),
{%- else %}
            _ => _rt::None,
{%- endif %}
        }
    }
}

_rt::{{ repr }}_enum!({{ name }}{% if open && repr == "str" %}, open{% endif %});
