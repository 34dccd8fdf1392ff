"""Citations of a passage or an exact range in six formats, and bibliographies of collected quotes.

``cite(doc, start, end, fmt)`` returns one ``Citation``; ``bibliography(items, fmt)`` one file for
many ranges. Text styles: chicago, mla, apa. Machine formats: bibtex, ris, csl-json.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from unidecode import unidecode

from archive.citations import apa, bibtex, chicago, csljson, mla, ris
from archive.citations._text import split_name, year
from archive.citations.record import CitationRecord, build
from archive.errors import BadParameter
from archive.model import Document

TEXT_FORMATS = ("chicago", "mla", "apa")
MACHINE_FORMATS = ("bibtex", "ris", "csl-json")
FORMATS = TEXT_FORMATS + MACHINE_FORMATS
EXTENSIONS = {"chicago": "txt", "mla": "txt", "apa": "txt", "bibtex": "bib", "ris": "ris",
              "csl-json": "json"}
MIMETYPES = {"bibtex": bibtex.MIMETYPE, "ris": ris.MIMETYPE, "csl-json": csljson.MIMETYPE}
_MACHINE = {"bibtex": bibtex.render, "ris": ris.render, "csl-json": csljson.render}
HEADINGS = {"chicago": ("Notes", "Bibliography"), "mla": ("Quotations", "Works Cited"),
            "apa": ("Quotations", "References")}


@dataclass
class Citation:
    text: str
    mimetype: str
    filename: str  # ASCII letters, digits, dots and hyphens only: safe in a header
    forms: dict[str, str] = field(default_factory=dict)  # every form of a text style, by name
    record: CitationRecord | None = None  # what was cited (one range); None for a bibliography

    @property
    def body(self) -> bytes:
        return self.text.encode("utf-8")

    @property
    def is_text(self) -> bool:
        return self.mimetype.startswith("text/")


@dataclass
class Item:
    """One range to cite: a document and ``[start, end)``, or a passage when start/end are None."""

    document: Document
    start: int | None = None
    end: int | None = None
    passage_id: str | None = None


def check_format(fmt: str | None) -> str:
    name = (fmt or "").strip().lower().replace("_", "-")
    name = {"csljson": "csl-json", "csl": "csl-json", "bib": "bibtex"}.get(name, name)
    if not name:
        raise BadParameter("format", f"missing; expected one of {', '.join(FORMATS)}")
    if name not in FORMATS:
        raise BadParameter("format", f"expected one of {', '.join(FORMATS)}, got {fmt!r}")
    return name


def forms(record: CitationRecord, fmt: str) -> dict[str, str]:
    """Every text form of one record: what goes in the text and what goes in the list."""
    if fmt == "chicago":
        return {"note": chicago.note(record), "bibliography": chicago.bibliography(record)}
    if fmt == "mla":
        return {"works-cited": mla.works_cited(record), "in-text": mla.in_text(record),
                "entry": mla.works_cited(record, locate=False)}
    return {"reference": apa.reference(record), "in-text": apa.in_text(record)}


def text_of(record: CitationRecord, fmt: str) -> str:
    """The citation of the cited words as one text: a Chicago note; MLA/APA entry + in-text line."""
    if fmt == "chicago":
        return chicago.note(record)
    return mla.text(record) if fmt == "mla" else apa.text(record)


def cite(doc: Document, start: int | None = None, end: int | None = None, fmt: str = "chicago", *,
         base_url: str | None = None, accessed: date | str | None = None,
         passage_id: str | None = None) -> Citation:
    """The citation of ``doc.text[start:end]`` (or of the passage ``passage_id``) in ``fmt``."""
    fmt = check_format(fmt)
    record = build(doc, start, end, base_url=base_url, accessed=accessed, passage_id=passage_id)
    name = f"{safe_name(doc.id)}-{record.start}-{record.end}.{EXTENSIONS[fmt]}"
    if fmt in TEXT_FORMATS:
        return Citation(text_of(record, fmt) + "\n", "text/plain; charset=utf-8", name, forms(record, fmt),
                        record)
    return Citation(_MACHINE[fmt]([(record, citation_key(record))]), MIMETYPES[fmt], name, record=record)


def bibliography(items: Iterable[Item], fmt: str, *, base_url: str | None = None,
                 accessed: date | str | None = None) -> Citation:
    """One file citing every item: machine formats hold one entry per range; text styles list
    each quotation with its note or in-text citation, then each work once."""
    records = [build(i.document, i.start, i.end, base_url=base_url, accessed=accessed,
                     passage_id=i.passage_id) for i in items]
    return bibliography_of(records, fmt)


def bibliography_of(records: list[CitationRecord], fmt: str) -> Citation:
    """The bibliography of records already built (each holds its words, not its document: a
    caller citing many documents builds them one document at a time)."""
    fmt = check_format(fmt)
    if not records:
        raise BadParameter("items", "nothing to cite: give at least one passage or range")
    name = f"bibliography.{EXTENSIONS[fmt]}"
    if fmt in MACHINE_FORMATS:
        return Citation(_MACHINE[fmt](list(zip(records, citation_keys(records), strict=True))),
                        MIMETYPES[fmt], name)
    return Citation(_text_bibliography(records, fmt), "text/plain; charset=utf-8", name)


def _text_bibliography(records: list[CitationRecord], fmt: str) -> str:
    quotes_heading, list_heading = HEADINGS[fmt]
    lines = [quotes_heading, ""]
    for n, r in enumerate(records, 1):
        words = f"“{' '.join(r.quote.split())}”"
        cited = chicago.note(r) if fmt == "chicago" else (mla.in_text(r) if fmt == "mla" else apa.in_text(r))
        lines.append(f"{n}. {words} {cited}".rstrip())
    entries: dict[str, None] = {}
    for r in records:
        entry = (chicago.bibliography(r) if fmt == "chicago"
                 else mla.works_cited(r, locate=False) if fmt == "mla" else apa.reference(r))
        entries.setdefault(entry)
    lines += ["", list_heading, ""]
    lines += sorted(entries, key=lambda e: e.lstrip("“\"").casefold())
    return "\n".join(lines) + "\n"


def citation_key(record: CitationRecord) -> str:
    """``lomova1998`` style: first name's family part and the year, ASCII only."""
    people = record.interviewees or record.authors
    family = split_name(people[0])[1] if people else (record.title or record.document_id)
    base = safe_name(family, 30).replace("-", "")
    return base + (year(record.date) or "")


def safe_name(text: str, limit: int = 40) -> str:
    """ASCII letters, digits and hyphens only: safe as a file name, a header value or a BibTeX key."""
    name = re.sub(r"[^a-z0-9]+", "-", unidecode(text).lower()).strip("-")[:limit].strip("-")
    return name or "item"


def citation_keys(records: list[CitationRecord]) -> list[str]:
    """Keys unique within one file: lomova1998, lomova1998b, lomova1998c..."""
    seen: dict[str, int] = {}
    out = []
    for r in records:
        key = citation_key(r)
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}{_suffix(seen[key])}")
    return out


def _suffix(n: int) -> str:
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(97 + rem) + letters
    return letters


__all__ = ["FORMATS", "Citation", "CitationRecord", "Item", "bibliography", "build", "check_format", "cite"]
