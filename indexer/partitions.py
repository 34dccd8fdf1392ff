"""Access partitions: public, restricted and still-sealed passages live in three separate indexes
of one engine, so that BM25 statistics (IDF, average lengths) of what a viewer may see are never
computed over what they may not (issue 8): an anonymous visitor searches an index that holds only
the public documents, exactly as in an archive without the hidden ones.

Each passage goes to the partition of its document's effective access on the day it is indexed.
Viewers allowed more search more partitions and get the merged answer. Engines still filter
access inside every query (a seal that opens, a clock set in a test), so the partitions decide
the scores and never, alone, what is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from indexer.backend import (
    FACET_SIZE,
    FACETS,
    MERGE_FACET_SIZE,
    PARTS,
    AccessFilter,
    Backend,
    Hits,
    Row,
    yyyymmdd,
)
from indexer.query import And, Field

EVERYTHING = AccessFilter(frozenset({"public", "restricted", "sealed"}), 0)


def today() -> int:
    return yyyymmdd(date.today())


def part_of(access: str, access_after: str, sealed_until: int, day: int) -> str:
    """The partition of a passage on ``day`` (yyyymmdd)."""
    if access == "sealed":
        if sealed_until > day:
            return "sealed"
        return "restricted" if access_after == "restricted" else "public"
    return "restricted" if access == "restricted" else "public"


def searched(access: AccessFilter) -> list[str]:
    """The partitions that may hold a passage this viewer can see. The sealed one is always asked
    (filtered), since a seal may have opened for this viewer before the passage was moved out."""
    parts = ["public"]
    if access.levels & {"restricted", "sealed"}:
        parts.append("restricted")
    parts.append("sealed")
    return parts


class PartitionedBackend(Backend):
    """One engine's three partitions behind the ``Backend`` interface."""

    def __init__(self, parts: dict[str, Backend], clock: Callable[[], int] | None = None):
        self.parts = parts
        self.name = next(iter(parts.values())).name
        self.clock = clock  # yyyymmdd of the day; None: the calendar's (looked up at each call)

    # -- writing ------------------------------------------------------------------

    def add(self, rows: list[Row]) -> None:
        day = (self.clock or today)()
        for part, some in _route(rows, day).items():
            if some:
                self.parts[part].add(some)

    def delete_documents(self, doc_ids: list[str]) -> None:
        # A document may have changed access since it was indexed: forget it everywhere.
        for part in PARTS:
            self.parts[part].delete_documents(doc_ids)

    def commit(self) -> None:
        # Most open first: a crash between commits leaves a document that moved to a more
        # closed partition missing (until reindex), never visible where it no longer belongs.
        for part in PARTS:
            self.parts[part].commit()

    def close(self) -> None:
        for part in PARTS:
            self.parts[part].close()

    def release(self, keep: bool = True) -> None:
        """Commit (or drop, without ``keep``) and let other processes write: for a reader (the
        web app) that wrote once."""
        for part in PARTS:
            self.parts[part].release(keep)

    def rebuild(self) -> PartitionedBackend:
        return PartitionedBackend({p: self.parts[p].rebuild() for p in PARTS}, self.clock)

    def swap(self, fresh: Backend) -> None:
        assert isinstance(fresh, PartitionedBackend)
        for part in PARTS:  # most open first, as in commit
            self.parts[part].swap(fresh.parts[part])

    def rebuild_parts(self, parts: list[str]) -> PartitionedBackend:
        """Fresh, empty indexes of ``parts`` only (``add`` drops rows routed elsewhere); fill
        them from the archive and ``swap_parts`` them in, to purge what deletions left behind."""
        return _Some({p: self.parts[p].rebuild() for p in parts}, self.clock)

    def swap_parts(self, fresh: PartitionedBackend) -> None:
        for part in PARTS:  # most open first, as in commit
            if part in fresh.parts:
                self.parts[part].swap(fresh.parts[part])

    def holds(self, part: str, doc_id: str) -> bool:
        """Whether partition ``part`` indexes document ``doc_id``."""
        root = And((Field("document", doc_id),))
        return self.parts[part].search(root, EVERYTHING, limit=1, facets=False).total > 0

    # -- reading ------------------------------------------------------------------

    def count(self) -> int:
        return sum(self.parts[p].count() for p in PARTS)

    def doc_freq(self, stem: str, access: AccessFilter | None = None) -> int:
        """Over the partitions this viewer searches (all without ``access``); a partition's
        sealed documents count only for administrators, so that rare-word picks leak nothing."""
        parts = PARTS if access is None else [p for p in searched(access)
                                              if p != "sealed" or "sealed" in access.levels]
        return sum(self.parts[p].doc_freq(stem) for p in parts)

    def search(self, root: And, access: AccessFilter, *, limit: int, offset: int = 0,
               facets: bool = True, facet_size: int = FACET_SIZE) -> Hits:
        parts = searched(access)
        # The closed partitions are small: ask them first, and when they add nothing (always so
        # for anonymous visitors) let the public one page by itself, however deep the page.
        # When several partitions answer, each gives all its facet values (up to
        # MERGE_FACET_SIZE), so that the merged counts are whole, not sums of top lists.
        others = {p: self.parts[p].search(root, access, limit=offset + limit, facets=facets,
                                          facet_size=MERGE_FACET_SIZE)
                  for p in parts[1:] if not self.parts[p].empty()}
        if not any(h.total for h in others.values()):
            found = self.parts["public"].search(root, access, limit=limit, offset=offset, facets=facets,
                                                facet_size=facet_size)
            return Hits(found.ids, found.total, _merge_facets([found], facet_size) if facets else {})
        found = self.parts["public"].search(root, access, limit=offset + limit, facets=facets,
                                            facet_size=MERGE_FACET_SIZE)
        every = [found, *others.values()]
        ids = sorted((hit for h in every for hit in h.ids), key=lambda hit: -hit[1])  # stable
        return Hits(ids[offset:offset + limit], sum(h.total for h in every),
                    _merge_facets(every, facet_size) if facets else {})


class _Some(PartitionedBackend):
    """Some of an engine's partitions, being rebuilt: rows for the others are dropped."""

    def add(self, rows: list[Row]) -> None:
        day = (self.clock or today)()
        for part, some in _route(rows, day).items():
            if some and part in self.parts:
                self.parts[part].add(some)

    def close(self) -> None:
        for backend in self.parts.values():
            backend.close()


def _route(rows: list[Row], day: int) -> dict[str, list[Row]]:
    routed: dict[str, list[Row]] = {p: [] for p in PARTS}
    for r in rows:
        routed[part_of(r.access, r.access_after, r.sealed_until, day)].append(r)
    return routed


def _merge_facets(found: list[Hits], size: int) -> dict[str, dict[str, int]]:
    """Counts summed over partitions, largest first (ties by name), at most ``size`` each."""
    out: dict[str, dict[str, int]] = {}
    for name in [n for n in FACETS if any(n in h.facets for h in found)]:
        total: dict[str, int] = {}
        for h in found:
            for key, n in h.facets.get(name, {}).items():
                total[key] = total.get(key, 0) + n
        out[name] = dict(sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:size])
    return out
