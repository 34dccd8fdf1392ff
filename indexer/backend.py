"""The small interface every search engine implements, and the rows they index.

A row is one passage, already analysed (space-joined stems and name keys) and carrying its
document's access level, so that engines filter hidden documents inside the query itself.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from archive.errors import BadParameter
from archive.model import Document, Metadata
from indexer import analysis
from indexer.query import And

FACETS = ("speaker", "topic", "document", "kind", "decade")
FACET_SIZE = 20
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


@dataclass(frozen=True)
class AccessFilter:
    """What a viewer may see: ``access`` in levels, or a sealed document opened by its date
    (``access_after`` in levels and ``sealed_until`` <= today)."""

    levels: frozenset[str]
    today: int  # yyyymmdd

    @classmethod
    def for_viewer(cls, levels: set[str], today: date) -> AccessFilter:
        return cls(frozenset(levels), today.year * 10000 + today.month * 100 + today.day)

    @property
    def everything(self) -> bool:
        return {"public", "restricted", "sealed"} <= self.levels


@dataclass
class Hits:
    ids: list[tuple[str, float]]  # (passage id, score), best first
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


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
               facets: bool = True) -> Hits: ...

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


def open_backend(name: str, folder: str | Path, es_url: str | None = None) -> Backend:
    """The engine ``name`` with its index under ``folder`` (or at ``es_url`` for Elasticsearch)."""
    if name == "tantivy":
        from indexer.tantivy_engine import TantivyBackend

        return TantivyBackend(Path(folder) / "tantivy")
    if name == "whoosh":
        from indexer.whoosh_engine import WhooshBackend

        return WhooshBackend(Path(folder) / "whoosh")
    if name == "elasticsearch":
        from indexer.elasticsearch_engine import ElasticsearchBackend

        if not es_url:
            raise BadParameter("es-url", "the elasticsearch backend needs --es-url or ORAL_ARCHIVE_ES_URL")
        return ElasticsearchBackend(es_url, index_name(folder))
    raise BadParameter("backend", f"unknown backend {name!r}; use tantivy, whoosh or elasticsearch")


def index_name(folder: str | Path) -> str:
    """The Elasticsearch alias for an archive: its folder name, made index-safe."""
    base = re.sub(r"[^a-z0-9_-]+", "-", Path(folder).resolve().parent.name.lower()).strip("-_")
    return f"oral-archive-{base or 'default'}"


def rows_for(doc: Document) -> list[Row]:
    """The index rows of a document's passages."""
    access, after, until = access_fields(doc.metadata)
    decade = decade_of(doc.metadata.date)
    rows = []
    names: dict[str, str] = {}  # speakers and topics repeat within a document: analyse once
    labels: dict[str, str] = {}
    for p in doc.passages:
        text = doc.text[p.start:p.end]
        stems, keys, _ = analysis.index_terms(text)
        speaker_keys = ""
        if p.speaker:
            speaker_keys = names.get(p.speaker) or names.setdefault(
                p.speaker, " ".join(t.key for t in analysis.analyze(p.speaker)))
        topics = [t.label for t in p.topics]
        topic_stems = " ".join(labels.get(t) or labels.setdefault(t, " ".join(
            x.stem for x in analysis.analyze(t))) for t in topics)
        rows.append(Row(pid=p.id, doc_id=doc.id, stems=stems, keys=keys, kind=p.kind,
                        speaker=p.speaker, speaker_keys=speaker_keys, topics=topics,
                        topic_stems=topic_stems, decade=decade, access=access, access_after=after,
                        sealed_until=until, boost=KIND_BOOST.get(p.kind, 1.0), size=len(text)))
    return rows


def access_fields(meta: Metadata) -> tuple[str, str, int]:
    """(access, access after the seal, seal date as yyyymmdd) with the same rules as
    ``archive.access.effective_access``; a public or restricted document is "opened" at 0."""
    if meta.access == "sealed":
        after = meta.access_after if meta.access_after in ("public", "restricted") else "public"
        return "sealed", after, _yyyymmdd(meta.sealed_until)
    access = meta.access if meta.access in ("public", "restricted") else "restricted"
    return access, access, 0


def _yyyymmdd(value: str | None) -> int:
    parts = str(value or "").strip()[:10].split("-")
    try:
        nums = [int(p) for p in parts]
        while len(nums) < 3:
            nums.append(1)
        return date(*nums[:3]).year * 10000 + nums[1] * 100 + nums[2]
    except (ValueError, TypeError):
        return NEVER


def decade_of(value: str | None) -> str | None:
    m = re.match(r"\s*(\d{3})\d", value or "")
    return f"{m.group(1)}0s" if m else None
