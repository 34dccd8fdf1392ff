"""The small interface every search engine implements, and the rows they index.

A row is one passage, already analysed (space-joined stems and name keys) and carrying its
document's access level, so that engines filter hidden documents inside the query itself.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.access import parse_date
from archive.errors import ArchiveError, BadParameter
from archive.model import Document, Metadata
from indexer import analysis
from indexer.query import And

if TYPE_CHECKING:
    from indexer.partitions import PartitionedBackend

FACETS = ("speaker", "topic", "document", "kind", "decade")
FACET_SIZE = 20
# Values asked of each partition when several partitions' facets are merged: a value in the
# top FACET_SIZE overall is then counted exactly unless a partition has more distinct values.
MERGE_FACET_SIZE = 10_000
# Speech (turns, block quotations) outranks narration, which outranks captions and metadata.
KIND_BOOST = {"turn": 2.0, "quote": 2.0, "narration": 1.25, "caption": 1.0, "title": 1.0, "metadata": 1.0}
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


def fields(*values: Any) -> tuple:
    """A row as a plain tuple of its fields in order (``Row(*t)`` rebuilds it)."""
    return values


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


def open_backend(name: str, folder: str | Path, es_url: str | None = None) -> PartitionedBackend:
    """The engine ``name`` with its index under ``folder`` (or at ``es_url`` for Elasticsearch),
    as three access partitions (see ``indexer.partitions``)."""
    from indexer.partitions import PARTS, PartitionedBackend

    if name in ("tantivy", "whoosh"):
        base = Path(folder) / name
        if (base / "CURRENT").exists():  # one index of every passage, from before partitions
            raise ArchiveError(f"search index at {base} has an older layout; run `oral-archive reindex`")
        if name == "tantivy":
            from indexer.tantivy_engine import TantivyBackend as Engine
        else:
            from indexer.whoosh_engine import WhooshBackend as Engine  # type: ignore[assignment]
        return PartitionedBackend({p: Engine(base / p, partition=p) for p in PARTS})
    if name == "elasticsearch":
        from indexer.elasticsearch_engine import ElasticsearchBackend

        if not es_url:
            raise BadParameter("es-url", "the elasticsearch backend needs --es-url or ORAL_ARCHIVE_ES_URL")
        alias = index_name(folder)
        public = ElasticsearchBackend(es_url, alias)
        return PartitionedBackend({"public": public, **{
            p: ElasticsearchBackend(es_url, f"{alias}-{p}", client=public.client) for p in PARTS[1:]}})
    raise BadParameter("backend", f"unknown backend {name!r}; use tantivy, whoosh or elasticsearch")


def index_name(folder: str | Path) -> str:
    """The Elasticsearch alias for an archive: its folder name, made index-safe."""
    base = re.sub(r"[^a-z0-9_-]+", "-", Path(folder).resolve().parent.name.lower()).strip("-_")
    return f"oral-archive-{base or 'default'}"


# Speakers and topic labels repeat across documents: analyse each once per process.
_SPEAKER_KEYS: dict[str, str] = {}
_TOPIC_STEMS: dict[str, str] = {}
_NAMES_LIMIT = 100_000


def _analysed(cache: dict[str, str], text: str, part: str) -> str:
    value = cache.get(text)
    if value is None:
        if len(cache) >= _NAMES_LIMIT:
            cache.clear()
        value = cache[text] = " ".join(getattr(t, part) for t in analysis.analyze(text))
    return value


def _speaker_keys(name: str) -> str:
    return _analysed(_SPEAKER_KEYS, name, "key")


def _topic_stems(label: str) -> str:
    return _analysed(_TOPIC_STEMS, label, "stem")


def rows_for(doc: Document) -> list[Row]:
    """The index rows of a document's passages."""
    return with_ids(doc, prepared_rows(doc))


def prepared_rows(doc: Document) -> list[tuple]:
    """A document's rows as plain tuples, made where the document was read (an ingest worker)
    before it has its final id; ``with_ids`` puts the ids in once the archive has given them."""
    return _row_tails(doc.text, doc.metadata, [
        (p.start, p.end, p.kind, p.speaker, [t.label for t in p.topics] if p.topics else [])
        for p in doc.passages])


def with_ids(doc: Document, prepared: list[tuple]) -> list[Row]:
    return [Row(p.id, doc.id, *r) for p, r in zip(doc.passages, prepared, strict=True)]


def rows_for_fields(doc: Document) -> list[tuple]:
    return [(p.id, doc.id, *r) for p, r in zip(doc.passages, prepared_rows(doc), strict=True)]


PassageFields = tuple[str, int, int, str, "str | None", list[str]]  # id, start, end, kind, speaker, topics


def rows_from(doc_id: str, text: str, metadata: Metadata, passages: list[PassageFields],
              make: Callable[..., Any] = Row) -> list:
    """The index rows of a document given only what the index needs of its passages; ``make``
    builds each from the fields in order (``Row``, or ``fields`` for plain tuples)."""
    tails = _row_tails(text, metadata, [p[1:] for p in passages])
    return [make(p[0], doc_id, *r) for p, r in zip(passages, tails, strict=True)]


def _row_tails(text: str, metadata: Metadata,
               passages: list[tuple[int, int, str, str | None, list[str]]]) -> list[tuple]:
    """Every field of each passage's row but the two ids, from its (start, end, kind, speaker,
    topic labels): the hot path of indexing, so the caches are read inline."""
    access, after, until = access_fields(metadata)
    decade = decade_of(metadata.date)
    index_terms = analysis.index_terms
    speaker_keys = _SPEAKER_KEYS
    topic_stems = _TOPIC_STEMS
    rows = []
    for start, end, kind, speaker, topics in passages:
        passage = text[start:end]
        stems, keys, _ = index_terms(passage)
        if speaker:
            spoken = speaker_keys.get(speaker)
            if spoken is None:
                spoken = _speaker_keys(speaker)
        else:
            spoken = ""
        rows.append((stems, keys, kind, speaker, spoken, topics,
                     # (a label analysed to "" is simply looked up again)
                     " ".join([topic_stems.get(t) or _topic_stems(t) for t in topics]) if topics else "",
                     decade, access, after, until, KIND_BOOST.get(kind, 1.0), len(passage)))
    return rows


def access_fields(meta: Metadata) -> tuple[str, str, int]:
    """(access, access after the seal, seal date as yyyymmdd) with the same rules as
    ``archive.access.effective_access``; a public or restricted document is "opened" at 0."""
    if meta.access == "sealed":
        after = meta.access_after if meta.access_after in ("public", "restricted") else "public"
        return "sealed", after, _yyyymmdd(meta.sealed_until)
    access = meta.access if meta.access in ("public", "restricted") else "restricted"
    return access, access, 0


def yyyymmdd(day: date) -> int:
    """A date as the integer the engines store and compare (1994-03-14 -> 19940314)."""
    return day.year * 10000 + day.month * 100 + day.day


def _yyyymmdd(value: str | None) -> int:
    day = parse_date(value)
    return NEVER if day is None else yyyymmdd(day)


def decade_of(value: str | None) -> str | None:
    m = re.match(r"\s*(\d{3})\d", value or "")
    return f"{m.group(1)}0s" if m else None
