"""Whether the search index has caught up with the archive.

The archive numbers every change to a document (``Store.generation``, ``Store.changed_since``);
the index keeps, in a file beside its own, the generation it last caught up with. When the two
differ (a writer crashed before committing the index, or could not take it), the documents
changed since are exactly those the index may show wrongly, as they were before, or not at all.
The search service then repairs the index first, or, when another writer holds it, answers
without those documents (``Excluding``): never from what the archive no longer allows.
"""

from __future__ import annotations

import os
from pathlib import Path

from indexer.backend import AccessFilter, Hits
from indexer.query import And, Field, Not, Or


class Mark:
    """The generation of the archive that an engine's index has caught up with, kept in
    ``<archive>/index/<engine>.generation``."""

    def __init__(self, folder: Path, engine: str):
        self.path = folder / f"{engine}.generation"

    def read(self) -> int:
        try:
            return int(self.path.read_text(encoding="ascii").strip() or 0)
        except (OSError, ValueError):
            return 0  # no mark: every recorded change is still to be indexed

    def write(self, generation: int) -> None:
        """Atomically, and only after the index itself is committed: a crash in between leaves
        the older mark, and the same documents are indexed again."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(str(generation), encoding="ascii")
        os.replace(tmp, self.path)


class Excluding:
    """A partitioned backend's reading side with some documents left out of every hit, total,
    facet count and rare-word count (their index rows may be out of date)."""

    def __init__(self, backend, doc_ids: list[str]):
        self.backend = backend
        self.out = Not(Or(tuple(Field("document", d) for d in sorted(doc_ids))))

    def search(self, root: And, access: AccessFilter, **options) -> Hits:
        return self.backend.search(And((*root.items, self.out)), access, **options)

    def doc_freq(self, stem: str, access: AccessFilter | None = None) -> int:
        return self.backend.doc_freq(stem, access)

    def __getattr__(self, name: str):
        return getattr(self.backend, name)
