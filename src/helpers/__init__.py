"""analytic-brief: reproducible, source-linked analytic briefs from news documents.

Public API::

    from helpers import load_corpus, build_brief, render
    corpus = load_corpus()                   # seeds/ + facts/, validated
    brief = build_brief(focus_actor="kh")    # tables + bottom line, as the notebook builds them
    render({"focus_actor": "kh"})            # report/brief.{ipynb,html,pdf}, atomically

Names are imported on first use, so ``import helpers`` stays cheap: the renderer checks inputs
without loading pandas or matplotlib, and the notebook kernel never loads papermill.
"""

from helpers._lazy import lazy_exports

_EXPORTS = {
    "build_actor_table": "brief.actor_table",
    "build_relation_table": "brief.actor_table",
    "count_mentions": "brief.actor_table",
    "Brief": "brief.build",
    "build_brief": "brief.build",
    "extract_corpus": "corpus",
    "fuse": "fuse.fusion",
    "Fusion": "fuse.fusion",
    "FactsStore": "facts.store",
    "Corpus": "facts.loading",
    "Facts": "facts.loading",
    "InputError": "facts.loading",
    "load_corpus": "facts.loading",
    "load_documents": "facts.loading",
    "load_facts": "facts.loading",
    "PARAMETERS": "brief.params",
    "ParameterError": "brief.params",
    "check_params": "brief.params",
    "select": "brief.params",
    "RenderError": "rendering.run",
    "RenderResult": "rendering.run",
    "render": "rendering.run",
    "build_timeline": "brief.timeline",
    "describe_when": "facts.times",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
