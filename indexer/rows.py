"""Index rows: each passage of a document analysed once, the same way for every engine.

``prepare`` runs where a document is read (an ingest reader process, a reindex worker) and gives
plain tuples, which cross process boundaries cheaply; ``make`` puts the ids in once the archive
has given them.
"""

from __future__ import annotations

import re

from archive.access import level, parse_date
from archive.model import Document, Metadata
from indexer import analysis
from indexer.backend import NEVER, Row, yyyymmdd

# Speech (turns, block quotations) outranks narration, which outranks captions and metadata.
KIND_BOOST = {"turn": 2.0, "quote": 2.0, "narration": 1.25, "caption": 1.0, "title": 1.0, "metadata": 1.0}

# (start, end, kind, speaker, topic labels): what a row needs of a passage
Span = tuple[int, int, str, "str | None", list[str]]

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


def spans(doc: Document) -> list[Span]:
    return [(p.start, p.end, p.kind, p.speaker, [t.label for t in p.topics] if p.topics else [])
            for p in doc.passages]


def prepare(text: str, metadata: Metadata, passages: list[Span]) -> list[tuple]:
    """Every field of each passage's row but the two ids (passage, document), in ``Row`` order."""
    access, after, until = access_fields(metadata)
    decade = decade_of(metadata.date)
    rows = []
    for start, end, kind, speaker, topics in passages:
        passage = text[start:end]
        stems, keys, _ = analysis.index_terms(passage)
        spoken = _analysed(_SPEAKER_KEYS, speaker, "key") if speaker else ""
        topic_stems = " ".join([_analysed(_TOPIC_STEMS, t, "stem") for t in topics])
        rows.append((stems, keys, kind, speaker, spoken, topics, topic_stems,
                     decade, access, after, until, KIND_BOOST.get(kind, 1.0), len(passage)))
    return rows


def prepare_document(doc: Document) -> list[tuple]:
    """``prepare`` for a whole document, before or after it has its final id."""
    return prepare(doc.text, doc.metadata, spans(doc))


def make(doc_id: str, passage_ids: list[str], prepared: list[tuple]) -> list[Row]:
    return [Row(pid, doc_id, *r) for pid, r in zip(passage_ids, prepared, strict=True)]


def rows_for(doc: Document, prepared: list[tuple] | None = None) -> list[Row]:
    """The index rows of a stored document (``prepared``: its ``prepare_document`` made earlier)."""
    if prepared is None:
        prepared = prepare_document(doc)
    out = make(doc.id, [p.id for p in doc.passages], prepared)
    # Access as stored, not as the file asked when ``prepared`` was made: the archive may have
    # kept a stricter decision (``Store.replace_source``).
    access, after, until = access_fields(doc.metadata)
    for r in out:
        r.access, r.access_after, r.sealed_until = access, after, until
    return out


def access_fields(meta: Metadata) -> tuple[str, str, int]:
    """(access, access after the seal, seal date as yyyymmdd) with the same rules as
    ``archive.access.effective_access``; a public or restricted document is "opened" at 0."""
    access = level(meta.access)
    if access is None:  # not a level: sealed for good, whatever date it names
        return "sealed", "restricted", NEVER
    if access == "sealed":
        after = level(meta.access_after)
        day = parse_date(meta.sealed_until)
        if day is None or after not in ("public", "restricted"):
            return "sealed", "restricted", NEVER
        return "sealed", after, yyyymmdd(day)
    return access, access, 0


def decade_of(value: str | None) -> str | None:
    m = re.match(r"\s*(\d{3})\d", value or "")
    return f"{m.group(1)}0s" if m else None
