"""Stage 4, the brief: its parameters, the tables (timeline, actors, relations), the bottom line
and gaps (:class:`Brief`), the figures and the HTML sections, from Jinja templates.

Depends on :mod:`helpers.facts` and :mod:`helpers.fuse`."""

from helpers._lazy import lazy_exports

_EXPORTS = {
    "PARAMETERS": "params",
    "ParameterError": "params",
    "Params": "params",
    "check_params": "params",
    "select": "params",
    "Brief": "build",
    "build_brief": "build",
    "build_timeline": "timeline",
    "build_actor_table": "actor_table",
    "build_relation_table": "actor_table",
    "count_mentions": "actor_table",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
