"""Tag each passage with the people, places, organisations and years it mentions, with offsets.

Names come from the rule-based recogniser in ``archive.names`` (no model download), so a
surname or short form carries the document's canonical name ("Trotsky", "Lev Davidovich"
-> "Leon Trotsky"). Years are four-digit numbers from 1500 to 2049 ("1937", "the 1990s").
"""

from __future__ import annotations

from archive import names
from archive.model import Document, Entity

TYPES = ("person", "place", "organization")


def tag(doc: Document) -> None:
    """Fill ``entities`` on every passage (titles and captions included: they name people too)."""
    if not doc.passages:
        return
    index = names.index(doc.text)
    found = [(m.start, m.end, m.type, m.name) for m in index.mentions if m.type in TYPES]
    found += [(y.start(), y.end(), "year", y.group(1)) for y in names.YEAR_RE.finditer(doc.text)]
    found.sort()
    passages = sorted((p for p in doc.passages if p.kind != "metadata"), key=lambda p: p.start)
    for p in passages:
        p.entities = []
    k = 0
    for start, end, kind, name in found:  # both in text order: one walk
        while k < len(passages) and start >= passages[k].end:
            k += 1
        if k == len(passages):
            break
        p = passages[k]
        if start >= p.start and end <= p.end:
            p.entities.append(Entity(kind, name, start, end))
