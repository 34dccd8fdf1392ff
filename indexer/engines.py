"""The search engines, found by name: each is a module implementing ``indexer.backend.Backend``
with an ``open_partitions(folder, es_url)`` function and a ``LOCAL`` flag (an index kept in the
archive folder). Adding an engine is adding a line here and a module beside this one."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from archive.errors import ArchiveError, BadParameter
from indexer.partitions import PartitionedBackend

ENGINES: dict[str, str] = {
    "tantivy": "indexer.tantivy_engine",
    "whoosh": "indexer.whoosh_engine",
    "elasticsearch": "indexer.elasticsearch_engine",
}
NAMES = tuple(ENGINES)
DEFAULT = "tantivy"


def module(name: str) -> ModuleType:
    if name not in ENGINES:
        raise BadParameter("backend", f"unknown backend {name!r}; use {', '.join(NAMES)}")
    return importlib.import_module(ENGINES[name])


def is_local(name: str) -> bool:
    return module(name).LOCAL


def open_backend(name: str, folder: str | Path, es_url: str | None = None) -> PartitionedBackend:
    """The engine ``name`` with its index under ``folder/<name>`` (or at ``es_url``), as three
    access partitions (see ``indexer.partitions``)."""
    engine = module(name)
    if engine.LOCAL:
        folder = Path(folder) / name
        if (folder / "CURRENT").exists():  # one index of every passage, from before partitions
            raise ArchiveError(f"search index at {folder} has an older layout; run `oral-archive reindex`")
    return PartitionedBackend(engine.open_partitions(Path(folder), es_url))
