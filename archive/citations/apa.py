"""APA Publication Manual (7th ed.): a reference-list entry and its in-text citation.

The timecode of the cited words goes in the in-text citation (APA 8.28), a person quoted
inside an article is cited "as cited in" the article (8.6).
"""

from __future__ import annotations

from archive.citations._text import Quoted, apa_date, initials, join, short_title, split_name, wrap, year
from archive.citations.record import ARTICLE, CitationRecord


def reference(r: CitationRecord) -> str:
    date = f"({apa_date(r.date)})"
    if r.kind == ARTICLE:
        title, source = r.title or None, r.publisher
        description = None
    else:
        title = f"Interview by {_initialled(r.interviewers)}" if r.interviewers else (r.title or "Interview")
        description = "[Interview transcript]"
        source = join([join([r.collection, wrap(r.identifier)], sep=" "), r.repository])
    head = join([title, description], sep=" ")
    authors = _authors(r.authors if r.kind == ARTICLE else r.interviewees)
    if authors:
        # "Lomova, V. (1998, March 3). Title. Source. URL" -- the URL takes no closing period.
        body = join([f"{authors} {date}", head, source], sep=". ", end=".")
    else:
        body = join([head, date, source], sep=". ", end=".")
    return join([body, r.entry_link], sep=" ")


def in_text(r: CitationRecord) -> str:
    people = r.authors if r.kind == ARTICLE else r.interviewees
    who = _short_names(people) or (Quoted(short_title(r.title)) if r.title else None)
    when = year(r.date) or "n.d."
    if r.kind == ARTICLE and r.quoted_in:
        return f"({split_name(r.quoted_in)[1]}, as cited in {join([who, when])})"
    return f"({join([who, when, r.timecode])})"


def text(r: CitationRecord) -> str:
    return join([reference(r), in_text(r)], sep="\n")


def _apa_name(name: str) -> str:
    given, family = split_name(name)
    return join([family, initials(given)])


def _authors(names: list[str]) -> str | None:
    if not names:
        return None
    parts = [_apa_name(n) for n in names[:20]]
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{parts[0]}, & {parts[1]}"
    return f"{', '.join(parts[:-1])}, & {parts[-1]}"


def _initialled(names: list[str]) -> str:
    """Interviewers as "D. Hart" (initials first), joined with "and"."""
    out = []
    for n in names:
        given, family = split_name(n)
        out.append(join([initials(given), family], sep=" "))
    return " and ".join(out) if len(out) <= 2 else f"{', '.join(out[:-1])}, and {out[-1]}"


def _short_names(names: list[str]) -> str | None:
    families = [split_name(n)[1] for n in names]
    if not families:
        return None
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} & {families[1]}"
    return f"{families[0]} et al."
