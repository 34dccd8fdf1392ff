"""The small interface every search engine implements, and the rows they index.

A row is one passage, already analysed (space-joined stems and name keys, see ``indexer.rows``)
and carrying its document's access level, so that engines filter hidden documents inside the
query itself. This module imports no engine; ``indexer.engines`` finds them by name.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date

from indexer.query import And

FACETS = ("speaker", "topic", "document", "kind", "decade")
# The access partitions every engine keeps (see indexer.partitions); also the order of commits
# and swaps, most open first.
PARTS = ("public", "restricted", "sealed")
FACET_SIZE = 20
# Values asked of each partition when several partitions' facets are merged: a value in the
# top FACET_SIZE overall is then counted exactly unless a partition has more distinct values.
MERGE_FACET_SIZE = 10_000
NEVER = 99991231  # a sealed document without a valid date stays sealed


@dataclass
class Row:
    """One passage as every engine indexes it."""

    pid: str
    doc_id: str
    stems: str
    keys: str
    kind: str
    speaker: str | None
    speaker_keys: str
    topics: list[str]
    topic_stems: str
    decade: str | None
    access: str
    access_after: str
    sealed_until: int
    boost: float
    size: int = 0  # characters of text, for MB/s


@dataclass(frozen=True)
class AccessFilter:
    """What a viewer may see: ``access`` in levels, or a sealed document opened by its date
    (``access_after`` in levels and ``sealed_until`` <= today)."""

    levels: frozenset[str]
    today: int  # yyyymmdd

    @classmethod
    def for_viewer(cls, levels: set[str], today: date) -> AccessFilter:
        return cls(frozenset(levels), yyyymmdd(today))

    @property
    def everything(self) -> bool:
        return {"public", "restricted", "sealed"} <= self.levels


@dataclass
class Hits:
    ids: list[tuple[str, float]]  # (passage id, score), best first
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class BufferedWrites:
    """Rows and deletions held until ``commit``, for engines whose writes cost much one by one
    (Whoosh, Elasticsearch); deleting a document also drops its rows still waiting."""

    flush_rows = 5000
    _rows: list[Row]
    _deletes: list[str]

    def add(self, rows: list[Row]) -> None:
        self._rows.extend(rows)
        if len(self._rows) >= self.flush_rows:
            self.commit()

    def delete_documents(self, doc_ids: list[str]) -> None:
        gone = set(doc_ids)
        self._rows = [r for r in self._rows if r.doc_id not in gone]
        self._deletes.extend(doc_ids)

    def commit(self) -> None:
        raise NotImplementedError


class Backend(ABC):
    """One search engine's index of passages."""

    name: str = ""

    @abstractmethod
    def add(self, rows: list[Row]) -> None: ...

    @abstractmethod
    def delete_documents(self, doc_ids: list[str]) -> None: ...

    @abstractmethod
    def commit(self) -> None: ...

    @abstractmethod
    def search(self, root: And, access: AccessFilter, *, limit: int, offset: int = 0,
               facets: bool = True, facet_size: int = FACET_SIZE) -> Hits:
        """The top ``limit`` hits after ``offset``, the total, and (with ``facets``) the
        ``facet_size`` most frequent values of each facet, largest first."""

    @abstractmethod
    def doc_freq(self, stem: str) -> int:
        """How many passages contain ``stem`` (for picking a misquote's rarest words)."""

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def rebuild(self) -> Backend:
        """A fresh, empty index beside this one; ``swap`` it in once filled and committed."""

    @abstractmethod
    def swap(self, fresh: Backend) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    def release(self, keep: bool = True) -> None:
        """Commit (or, without ``keep``, drop) what is buffered, and give up any lock that keeps
        other processes from writing."""
        if keep:
            self.commit()

    def empty(self) -> bool:
        """True when nothing is searchable here, as far as a cheap look can tell; an engine that
        cannot tell cheaply answers False and is searched."""
        return False


def yyyymmdd(day: date) -> int:
    """A date as the integer the engines store and compare (1994-03-14 -> 19940314)."""
    return day.year * 10000 + day.month * 100 + day.day
