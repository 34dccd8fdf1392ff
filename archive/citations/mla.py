"""MLA Handbook (9th ed.): a works-cited entry and the in-text citation that points to it.

The cited words' timecode is the location element of the entry and appears in the in-text
citation; a person quoted inside an article is cited "qtd. in" the article.
"""

from __future__ import annotations

from archive.citations._text import (
    Quoted,
    inverted,
    join,
    mla_date,
    natural,
    sentences,
    short_title,
    split_name,
)
from archive.citations.record import ARTICLE, CitationRecord


def works_cited(r: CitationRecord, *, locate: bool = True) -> str:
    """The entry; ``locate`` adds the timecode and the permalink of the cited words."""
    link = r.link if locate else r.entry_link
    accessed = f"Accessed {mla_date(r.accessed)}" if link and r.accessed else None
    if r.kind == ARTICLE:
        return sentences(_authors(r.authors), Quoted(r.title) if r.title else None,
                         join([r.publisher, mla_date(r.date), link]), accessed)
    conducted = f"Conducted by {_names(r.interviewers)}" if r.interviewers else None
    first = _authors(r.interviewees) or (Quoted(r.title) if r.title else None)
    return sentences(first, "Interview", join([conducted, mla_date(r.date), r.place]),
                     join([r.collection, r.repository, r.identifier, r.timecode if locate else None, link]),
                     accessed)


def in_text(r: CitationRecord) -> str:
    """The parenthetical citation: (Lomova 00:12:31), or Name (qtd. in Author) for a quotation."""
    people = r.authors if r.kind == ARTICLE else r.interviewees
    who = _short_names(people) or (Quoted(short_title(r.title)) if r.title else None)
    if r.kind == ARTICLE and r.quoted_in:
        return f"{natural(r.quoted_in)} ({join(['qtd. in', who], sep=' ')})"
    inner = join([who, r.timecode], sep=" ")
    return f"({inner})" if inner else ""


def text(r: CitationRecord) -> str:
    return join([works_cited(r), in_text(r)], sep="\n")


def _authors(names: list[str]) -> str | None:
    if not names:
        return None
    if len(names) == 1:
        return inverted(names[0])
    if len(names) == 2:
        return f"{inverted(names[0])}, and {natural(names[1])}"
    return f"{inverted(names[0])}, et al."


def _names(names: list[str]) -> str:
    natural_names = [natural(n) for n in names]
    if len(natural_names) > 2:
        return f"{natural_names[0]} et al."
    return " and ".join(natural_names)


def _short_names(names: list[str]) -> str | None:
    families = [split_name(n)[1] for n in names]
    if not families:
        return None
    if len(families) == 2:
        return f"{families[0]} and {families[1]}"
    return families[0] if len(families) == 1 else f"{families[0]} et al."
