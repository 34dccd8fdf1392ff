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

MODULES = ["archive._words", "archive._names", "archive._quotemarks", "indexer._terms"]


def _compiler() -> str | None:
    command = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "").split()
    return shutil.which(command[0]) if command else None


@pytest.mark.parametrize("module", MODULES)
def test_each_c_twin_is_built_where_a_compiler_is(module):
    if _compiler() is None:
        pytest.skip("no C compiler here: the Python fallbacks run instead")
    importlib.import_module(module)
