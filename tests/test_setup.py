"""setup.py builds the optional C twins of the hot scans wherever a C compiler is at hand.

The accelerator tests skip when a module is not built, so this is what notices a build that
silently failed (``optional=True`` makes a failed build a warning, not an error).
"""

from __future__ import annotations

import importlib
import os
import shutil
import sysconfig

import pytest

MODULES = ["archive._words", "archive._names", "archive._quotemarks", "archive._tags", "indexer._terms"]


def _compiler() -> str | None:
    command = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "").split()
    return shutil.which(command[0]) if command else None


@pytest.mark.parametrize("module", MODULES)
def test_each_c_twin_is_built_where_a_compiler_is(module):
    if _compiler() is None:
        pytest.skip("no C compiler here: the Python fallbacks run instead")
    importlib.import_module(module)


# Where each twin is used: (Python module, its name for the C function, C module, function).
WIRING = [
    ("archive.topics", "distinct_words", "archive._words", "distinct_words"),
    ("archive.topics", "evidence", "archive._words", "evidence"),
    ("archive.passages", "count_words", "archive._words", "count_words"),
    ("archive.names", "name_mentions", "archive._names", "name_mentions"),
    ("archive.names", "year_matches", "archive._names", "year_matches"),
    ("archive.quotemarks", "_scan", "archive._quotemarks", "find"),
    ("archive.store", "_c_encode_tags", "archive._tags", "encode"),
    ("indexer.analysis", "joined_terms", "indexer._terms", "joined_terms"),
]


@pytest.mark.parametrize("user, name, module, function", WIRING)
def test_each_module_uses_its_c_twin_when_built(user, name, module, function):
    try:
        twin = importlib.import_module(module)
    except ImportError:
        pytest.skip(f"{module} is not built")
    assert getattr(importlib.import_module(user), name) is getattr(twin, function)
