"""Lazy re-exports for the packages' ``__init__`` modules: a name is imported on first use, so
importing a package stays cheap (the renderer checks inputs without loading pandas or spaCy)."""

from __future__ import annotations

from importlib import import_module


def lazy_exports(package: str, exports: dict[str, str]):
    """``__getattr__`` and ``__dir__`` for ``package`` that import ``exports[name]`` (a module
    relative to ``package``) when ``name`` is first read."""
    namespace = import_module(package).__dict__

    def __getattr__(name: str):
        if name in exports:
            value = getattr(import_module(f".{exports[name]}", package), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return sorted([*namespace, *exports])

    return __getattr__, __dir__
