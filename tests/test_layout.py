"""The package graph: each module imports alone, no import cycles, and the layers point one way
(``archive`` imports neither ``indexer`` nor ``webapp``; ``indexer`` does not import ``webapp``)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("archive", "indexer", "webapp")
FORBIDDEN = {"archive": ("indexer", "webapp"), "indexer": ("webapp",)}


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Project modules that ``name`` imports anywhere in its body (lazy imports included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, one level up per extra dot
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def _is_package_init_edge(a: str, b: str) -> bool:
    """A package's ``__init__`` re-exporting its own submodules is not a cycle of design."""
    return b.startswith(a + ".") or a.startswith(b + ".")


def test_layers_point_one_way():
    wrong = [(m, t) for m, targets in GRAPH.items() for t in targets
             for layer, banned in FORBIDDEN.items() if m.split(".")[0] == layer and t.split(".")[0] in banned]
    assert wrong == []


def test_no_import_cycles():
    graph = {m: {t for t in ts if not _is_package_init_edge(m, t)} for m, ts in GRAPH.items()}
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("package", PACKAGES)
def test_each_module_imports_alone(package):
    """Every module imported first, in an interpreter that has none of ours loaded yet: an import
    that works only when another module happened to be imported before it fails here."""
    ours = [m for m in sys.modules if m.split(".")[0] in PACKAGES]
    saved = {m: sys.modules.pop(m) for m in ours}
    try:
        root = importlib.import_module(package)
        names = [package] + [info.name for info in pkgutil.walk_packages(root.__path__, package + ".")]
        for name in names:
            for m in [m for m in sys.modules if m.split(".")[0] in PACKAGES]:
                del sys.modules[m]
            importlib.import_module(name)
    finally:
        for m in [m for m in sys.modules if m.split(".")[0] in PACKAGES]:
            del sys.modules[m]
        sys.modules.update(saved)
