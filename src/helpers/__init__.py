"""analytic-brief: reproducible, source-linked analytic briefs from news documents.

Public API::

    from helpers import load_corpus, build_brief, render
    corpus = load_corpus()                   # seeds/ + facts/, validated
    brief = build_brief(focus_actor="kh")    # tables + bottom line, as the notebook builds them
    render({"focus_actor": "kh"})            # report/brief.{ipynb,html,pdf}, atomically
"""

from .actors import build_actor_table, build_relation_table, count_mentions
from .brief import PARAMETERS, Brief, ParameterError, build_brief, check_params
from .loading import Corpus, Facts, InputError, load_corpus, load_documents, load_facts
from .timeline import build_timeline, describe_when


def __getattr__(name: str):
    # The renderer pulls in papermill/nbconvert (slow imports); the notebook kernel never needs it.
    if name in ("render", "RenderError", "RenderResult"):
        from . import rendering

        return getattr(rendering, name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


__all__ = [
    "PARAMETERS",
    "Brief",
    "Corpus",
    "Facts",
    "InputError",
    "ParameterError",
    "RenderError",
    "RenderResult",
    "build_actor_table",
    "build_brief",
    "build_relation_table",
    "build_timeline",
    "check_params",
    "count_mentions",
    "describe_when",
    "load_corpus",
    "load_documents",
    "load_facts",
    "render",
]
