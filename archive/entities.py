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
    for p in doc.passages:
        if p.kind == "metadata":
            continue
        found = [Entity(m.type, m.name, m.start, m.end) for m in index.between(p.start, p.end)
                 if m.type in TYPES]
        for y in names.YEAR_RE.finditer(doc.text, p.start, p.end):
            found.append(Entity("year", y.group(1), y.start(), y.end()))
        found.sort(key=lambda e: (e.start, e.end))
        p.entities = found
