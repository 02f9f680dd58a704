"""A sheet item as HTML for the review notebook: its type, id, confidence and basis, its fields,
and each span in its sentence with the quote and the fact's own words highlighted. Built from a
Jinja template with autoescape: document text is always escaped."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import yaml
from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup

from . import words
from .items import Item

_ITEM = """\
<div class="review-item" style="border-top:1px solid #ccc;padding:.4em 0">
<div><strong>{{ n }}. {{ item.type }} <code>{{ item.ref }}</code></strong>
&middot; confidence {{ confidence }}{% if item.verdict %} &middot; verdict <strong>{{ item.verdict }}</strong>{% endif %}</div>
<div style="color:#555;font-size:90%">{{ item.basis }}</div>
{% for span, parts in views %}
<p style="margin:.3em 0"><small>{{ span.doc }} {{ span.start }}-{{ span.end }}</small>
{% for text, kind in parts -%}
{%- if kind == "context" %}<span style="color:#666">{{ text }}</span>
{%- elif kind == "quote" %}<span style="background:#fff3b0">{{ text }}</span>
{%- else %}<mark style="background:#ffb347;font-weight:bold">{{ text }}</mark>{% endif -%}
{%- endfor %}</p>
{% endfor %}
<pre style="font-size:85%;margin:.2em 0">{{ fields }}</pre>
{% if item.correct %}<pre style="font-size:85%;margin:.2em 0">correct:
{{ correct }}</pre>{% endif %}
</div>
"""


@functools.cache
def _env() -> Environment:
    return Environment(
        loader=DictLoader({"item.html": _ITEM}),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def item_html(item: Item, texts: Mapping[str, str], n: int = 1) -> Markup:
    """The item as escaped HTML (``texts``: document id -> text, for its sentences)."""

    def block(data) -> str:
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)

    html = (
        _env()
        .get_template("item.html")
        .render(
            item=item,
            n=n,
            confidence="none" if item.confidence is None else f"{item.confidence:.2f}",
            views=words.views(dict(texts), item.type, item.fact),
            fields=block({k: v for k, v in item.fact.items() if k != "spans"}),
            correct=block(item.correct) if item.correct else "",
        )
    )
    return Markup(html)
