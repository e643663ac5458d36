"""The package's shape: each pipeline stage is a package, imports point from later stages to
earlier ones only, and no module imports itself back, not even from inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

KB = ROOT / "kb"

# Stages in pipeline order; a module may import its own stage and earlier ones.
STAGES: tuple[tuple[str, ...], ...] = (
    ("kb", "kb.errors", "kb.model", "kb.processes", "kb.progress", "kb.vocabulary"),
    ("kb.read",),
    ("kb.segment",),
    ("kb.facts",),
    ("kb.index",),
    ("kb.units",),
    ("kb.store",),
    ("kb.checks",),
    ("kb.search",),
    ("kb.ask",),
    ("kb.web",),
    ("kb.batch",),
    ("kb.build", "kb.cli", "kb.__main__"),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage_of(module: str) -> int:
    best, best_length = -1, -1
    for index, prefixes in enumerate(STAGES):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                if prefix == "kb" and module != "kb":
                    continue  # only kb/__init__ itself is the base package
                best, best_length = index, len(prefix)
    return best


def _type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imports_of(path: Path) -> set[str]:
    """The kb modules a module imports, at any depth (type-checking-only imports aside)."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text("utf-8"))
    skipped = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _type_checking(node)
        for n in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "kb")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "kb":
                continue
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if _exists(candidate) else target)
    return found


def _exists(module: str) -> bool:
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted(KB.rglob("*.py"))}


def test_every_module_belongs_to_a_stage():
    assert [m for m in graph() if stage_of(m) < 0] == []


def test_imports_point_from_later_stages_to_earlier_ones():
    wrong = [
        (module, target)
        for module, targets in graph().items()
        for target in targets
        if stage_of(target) > stage_of(module)
    ]
    assert wrong == []


def test_no_import_cycles():
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges.get(module, ())):
            if target == module or target not in edges:
                continue
            if state.get(target) == 1:
                cycles.append(
                    [*trail[trail.index(target) :], target] if target in trail else [module, target]
                )
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_module_is_over_a_thousand_lines():
    long = {
        module_name(p): n
        for p in KB.rglob("*.py")
        if (n := len(p.read_text("utf-8").splitlines())) > 1000
    }
    assert long == {}
