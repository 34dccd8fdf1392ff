"""RIS: ``TY  - INTV`` for an interview, ``NEWS`` (or ``GEN``) for an article, ending ``ER  -``.

Tags follow the RIS specification as EndNote and Zotero read it: AU interviewee or author,
A2 interviewer, DP archive, T3 collection, AN identifier, N1 timecode and quoted words.
"""

from __future__ import annotations

from archive.citations._text import date_parts, inverted
from archive.citations.record import ARTICLE, CitationRecord

MIMETYPE = "application/x-research-info-systems"


def entry(r: CitationRecord, key: str) -> str:
    tags: list[tuple[str, str | None]] = []
    if r.kind == ARTICLE:
        tags.append(("TY", "NEWS" if r.publisher else "GEN"))
        tags += [("AU", inverted(a)) for a in r.authors]
        tags += [("TI", r.title), ("T2", r.publisher), ("PB", r.publisher)]
    else:
        tags.append(("TY", "INTV"))
        tags += [("AU", inverted(a)) for a in r.interviewees]
        tags += [("A2", inverted(a)) for a in r.interviewers]
        tags += [("TI", r.title), ("M3", "Transcript"), ("CY", r.place), ("T3", r.collection),
                 ("DP", r.repository), ("AN", r.identifier)]
    parts = date_parts(r.date)
    tags += [("PY", str(parts[0]) if parts else None), ("DA", _ris_date(parts) or r.date),
             ("LA", r.language), ("UR", r.link),
             ("Y2", _ris_date(date_parts(r.accessed)) if r.link else None),
             ("ID", key)]
    if r.timecode:
        tags.append(("N1", f"Timecode: {r.timecode}"))
    if r.quoted_in:
        tags.append(("N1", f"Quoting {r.quoted_in}"))
    if r.quote:
        tags.append(("N1", f"Quoted words: {_one_line(r.quote)}"))
    lines = [f"{tag}  - {_one_line(value)}" for tag, value in tags if value]
    return "\n".join(lines) + "\nER  - \n"


def render(items: list[tuple[CitationRecord, str]]) -> str:
    return "\n".join(entry(r, key) for r, key in items)


def _ris_date(parts: tuple[int, ...] | None) -> str | None:
    """RIS dates are YYYY/MM/DD/ with empty parts left blank."""
    if not parts:
        return None
    padded = [f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]]
    padded += [""] * (3 - len(padded))
    return "/".join(padded) + "/"


def _one_line(value: str) -> str:
    # A newline inside a value would start a bogus tag line.
    return " ".join(value.split())
