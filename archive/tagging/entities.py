"""Tag each passage with the people, places, organisations and years it mentions, with offsets.

Names come from the rule-based recogniser in ``archive.tagging.names`` (no model download), so a
surname or short form carries the document's canonical name ("Trotsky", "Lev Davidovich"
-> "Leon Trotsky"); ``archive.tagging.entity_rules`` decides which of them readers see (no radio
words, codes as the cast's people, first names within the cast). Years are four-digit numbers
from 1500 to 2049 ("1937", "the 1990s").
"""

from __future__ import annotations

from operator import attrgetter

from archive.model import Document, Entity
from archive.tagging import entity_rules, names

TYPES = ("person", "place", "organization")


def tag(doc: Document) -> None:
    """Fill ``entities`` on every passage (titles and captions included: they name people too)."""
    if not doc.passages:
        return
    index = names.index(doc.text)
    found = list(entity_rules.shown(doc, index.mentions))
    years = names.year_matches(doc.text)  # in C when built: a regex scan costs half of tagging
    if years:  # mentions and years are each in text order; they never start at the same place
        found += [(start, end, "year", year) for start, end, year in years]
        found.sort()
    passages = []
    for p in doc.passages:
        if p.kind != "metadata":
            p.entities = []
            passages.append(p)
    if not passages:
        return
    passages.sort(key=attrgetter("start"))
    # Both in text order: one walk, with the current passage's bounds at hand (there are about
    # as many passages as entities).
    k = 0
    p_start, p_end, add = passages[0].start, passages[0].end, passages[0].entities.append
    for start, end, kind, name in found:
        if start >= p_end:
            while k < len(passages) and start >= passages[k].end:
                k += 1
            if k == len(passages):
                break
            p_start, p_end, add = passages[k].start, passages[k].end, passages[k].entities.append
        if start >= p_start and end <= p_end:
            add(Entity(kind, name, start, end))
