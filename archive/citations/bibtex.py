"""BibTeX (biblatex-friendly ``@misc``): author, title, howpublished "Interview by ...", date, note.

Values are brace-delimited with LaTeX specials escaped, so the file compiles under BibTeX and
biblatex; non-ASCII letters stay UTF-8, which biber and bibtexparser read as they are.
"""

from __future__ import annotations

import re

from archive.citations._text import and_list, date_parts, inverted, join, natural
from archive.citations.record import ARTICLE, CitationRecord

MIMETYPE = "application/x-bibtex"
_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
             "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_SPECIAL_RE = re.compile(r"[\\{}&%$#_~^]")


def escape(value: str) -> str:
    return _SPECIAL_RE.sub(lambda m: _SPECIALS[m.group()], " ".join(value.split()))


def entry(r: CitationRecord, key: str) -> str:
    parts = date_parts(r.date)
    people = r.authors if r.kind == ARTICLE else r.interviewees
    if r.kind == ARTICLE:
        howpublished = r.publisher
        note = join([f"Quoting {r.quoted_in}" if r.quoted_in else None])
    else:
        by = and_list([natural(n) for n in r.interviewers])
        howpublished = join([f"Interview by {by}" if by else "Interview", "transcript"])
        note = join([r.collection, r.repository, r.identifier,
                     f"timecode {r.timecode}" if r.timecode else None])
    fields: list[tuple[str, str | None]] = [
        ("author", " and ".join(escape(inverted(p)) for p in people) or None),
        ("title", "{" + escape(r.title) + "}" if r.title else None),  # keep its capitals
        ("howpublished", escape(howpublished) if howpublished else None),
        ("date", escape(r.date) if r.date else None),
        ("year", str(parts[0]) if parts else None),
        ("month", str(parts[1]) if parts and len(parts) > 1 else None),
        ("location", escape(r.place) if r.place and r.kind != ARTICLE else None),
        ("note", escape(note) if note else None),
        ("url", _url(r.link)),
        ("urldate", r.accessed if r.link and r.accessed else None),
        ("language", escape(r.language) if r.language else None),
        ("annotation", escape(r.quote) if r.quote else None),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key},\n{body}\n}}\n"


def render(items: list[tuple[CitationRecord, str]]) -> str:
    return "\n".join(entry(r, key) for r, key in items)


def _url(link: str | None) -> str | None:
    # biblatex reads url verbatim; only braces would break the field, and we never emit them.
    return link.replace("{", "%7B").replace("}", "%7D") if link else None
