"""Footnote markers in the text and the footnote passages they point to.

Readers keep footnotes as passages of kind ``footnote`` labelled with their number, and leave
each marker in the text as printed (``[1]`` from OHMS, ``(34)`` in typed transcripts). The link
is found from the text itself, so it survives redaction and re-ingest without stored offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.model import Document

MARKER = re.compile(r"(?<=[\w.,;:!?\"”’)\]])\s?[\[(](\d{1,3})[\])]")


@dataclass
class FootnoteLink:
    start: int  # the marker's [start, end) in the text
    end: int
    passage_id: str  # the footnote it points to


def links(doc: Document) -> list[FootnoteLink]:
    """Every marker in the body whose number has a footnote passage, in text order."""
    notes = {p.label: p for p in doc.passages if p.kind == "footnote" and p.label}
    if not notes:
        return []
    body_end = min(p.start for p in notes.values())
    out = []
    for m in MARKER.finditer(doc.text, 0, body_end):
        note = notes.get(m.group(1))
        if note is not None:
            start = m.start() + (1 if doc.text[m.start()].isspace() else 0)
            out.append(FootnoteLink(start, m.end(), note.id))
    return out
