{%- if newtype -%}
{{ def.doc|doc_comment(0) }}{% if def.doc.is_some() %}///
{% endif %}/// A value of this type always satisfies the contract's constraints: it is checked by
/// [`Self::new`] and when decoded.
{{ def.deprecated|deprecation(0) }}#[derive({{ def|derives(ctx) }})]
pub struct {{ name }}({{ a.target|alias_inner(ctx, def) }});
{%- if let Some(code) = a.ext %}

_rt::ext_newtype!({{ name }}({{ a.target|alias_inner(ctx, def) }}), {{ code }});
{%- else %}

_rt::newtype!({{ name }}({{ a.target|alias_inner(ctx, def) }}){% if a.target|is_key_type %}, key{% endif %}, |r, cx| {
    {{ a.target|alias_decode(ctx, def) }}
});
{%- endif %}
{%- else -%}
{{ def.doc|doc_comment(0) }}{{ def.deprecated|deprecation(0) }}pub type {{ name }} = {{ a.target|alias_inner(ctx, def) }};
{%- endif %}
