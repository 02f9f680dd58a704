"""analytic-brief: reproducible, source-linked analytic briefs from news documents.

Public API::

    from helpers import load_corpus, build_brief, render
    corpus = load_corpus()                   # seeds/ + facts/, validated
    brief = build_brief(focus_actor="kh")    # tables + bottom line, as the notebook builds them
    render({"focus_actor": "kh"})            # report/brief.{ipynb,html,pdf}, atomically

Names are imported on first use, so ``import helpers`` stays cheap: the renderer checks inputs
without loading pandas or matplotlib, and the notebook kernel never loads papermill.
"""

from importlib import import_module

_EXPORTS = {
    "build_actor_table": "actors",
    "build_relation_table": "actors",
    "count_mentions": "actors",
    "Brief": "brief",
    "build_brief": "brief",
    "extract_corpus": "corpus",
    "fuse": "fusion",
    "Fusion": "fusion",
    "FactsStore": "store",
    "Corpus": "loading",
    "Facts": "loading",
    "InputError": "loading",
    "load_corpus": "loading",
    "load_documents": "loading",
    "load_facts": "loading",
    "PARAMETERS": "params",
    "ParameterError": "params",
    "check_params": "params",
    "select": "params",
    "RenderError": "rendering",
    "RenderResult": "rendering",
    "render": "rendering",
    "build_timeline": "timeline",
    "describe_when": "times",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_EXPORTS])
