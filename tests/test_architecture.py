"""The package's layout: one sub-package per pipeline stage, dependencies flowing one way."""

import ast
from pathlib import Path

import helpers

PACKAGE = Path(helpers.__file__).parent

#: What each stage may import from the package (besides itself, config and the lazy-export helper).
ALLOWED = {
    "facts": set(),
    "ingest": {"facts"},
    "extract": {"facts"},
    "fuse": {"facts"},
    "brief": {"facts", "fuse"},
    "rendering": {"facts", "brief"},
    "export": {"facts", "fuse", "brief"},
    "review": {"facts", "extract"},
    "corpus": {"facts", "extract", "fuse", "brief"},
    "cli": {
        "facts",
        "extract",
        "fuse",
        "brief",
        "rendering",
        "corpus",
        "export",
        "ingest",
        "review",
    },
}
INFRASTRUCTURE = {"config", "_lazy", "__init__"}


def _stage(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imported_stages(path: Path) -> set[str]:
    """The top-level parts of the package that ``path`` imports (absolute or relative)."""
    stage = _stage(path)
    depth = len(path.relative_to(PACKAGE).parts) - 1
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if not (node.module or "").startswith("helpers"):
                    continue
                parts = node.module.split(".")[1:]
            elif node.level == depth + 1:  # relative to the package root
                parts = (node.module or "").split(".") if node.module else []
                if not parts:  # from .. import config
                    found.update(a.name for a in node.names)
                    continue
            else:  # within the same stage
                parts = [stage]
            if parts:
                found.add(parts[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("helpers."):
                    found.add(alias.name.split(".")[1])
    return found - {stage} - INFRASTRUCTURE


def test_every_stage_imports_only_the_stages_before_it():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        stage = _stage(path)
        if stage in INFRASTRUCTURE:
            continue
        assert stage in ALLOWED, f"{path.relative_to(PACKAGE)}: a stage the layout does not know"
        extra = _imported_stages(path) - ALLOWED[stage]
        if extra:
            wrong.append(f"{path.relative_to(PACKAGE)} imports {sorted(extra)}")
    assert wrong == []


def test_each_stage_is_a_package_with_a_docstring_and_a_public_api():
    for stage in ("facts", "extract", "fuse", "brief", "rendering", "export", "ingest"):
        module = __import__(f"helpers.{stage}", fromlist=["__all__"])
        assert module.__doc__ and module.__doc__.startswith("Stage"), stage
        assert module.__all__, stage
        for name in module.__all__:
            assert getattr(module, name) is not None, f"helpers.{stage}.{name}"
