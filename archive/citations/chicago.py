"""Chicago Manual of Style (17th ed.), notes-bibliography: a note for the cited words, an entry for the work.

Interviews follow CMOS 14.219 ("Vera Lomova, interview by Daniel Hart, March 3, 1998, Moscow,
transcript, Collection, Repository, 00:12:31."); articles 14.191 and 14.206, with "quoted in"
(14.260) when the words are someone's quotation inside the article.
"""

from __future__ import annotations

from archive.citations._text import Quoted, and_list, chicago_date, inverted, join, natural, sentences
from archive.citations.record import ARTICLE, CitationRecord


def note(r: CitationRecord) -> str:
    """The footnote for the cited words, with their timecode and permalink."""
    if r.kind == ARTICLE:
        # CMOS 14.12: an access date, when one is needed, comes just before the URL.
        source = join([_names(r.authors), Quoted(r.title) if r.title else None, r.publisher,
                       chicago_date(r.date), _accessed(r), r.link])
        text = join([r.quoted_in, f"quoted in {source}" if r.quoted_in and source else source], end=".")
    else:
        text = join([_names(r.interviewees) or _title(r), _interview_by(r), chicago_date(r.date), r.place,
                     "transcript",
                     r.collection, r.repository, r.identifier, r.timecode, r.link], end=".")
    return _capitalise(text)


def bibliography(r: CitationRecord) -> str:
    """The bibliography entry for the whole work."""
    if r.kind == ARTICLE:
        text = sentences(_inverted(r.authors), Quoted(r.title) if r.title else None,
                         join([r.publisher, chicago_date(r.date)]), r.entry_link)
    else:
        by = f"Interview by {_names(r.interviewers)}" if r.interviewers else "Interview"
        text = sentences(_inverted(r.interviewees) or _title(r), by, join([chicago_date(r.date), r.place]),
                         "Transcript", join([r.collection, r.repository, r.identifier]), r.entry_link)
    return _capitalise(text)


def _title(r: CitationRecord) -> Quoted | None:
    """An interview with no named interviewee is cited by its title (CMOS 14.75)."""
    return Quoted(r.title) if r.title else None


def _interview_by(r: CitationRecord) -> str:
    if r.interviewers:
        return f"interview by {_names(r.interviewers)}"
    return "interview"


def _names(names: list[str]) -> str | None:
    return and_list([natural(n) for n in names]) or None


def _inverted(names: list[str]) -> str | None:
    """First name inverted, the rest natural (CMOS 14.76)."""
    if not names:
        return None
    first = inverted(names[0])
    if len(names) == 2:
        return f"{first}, and {natural(names[1])}"  # the comma closes the inverted name
    return and_list([first] + [natural(n) for n in names[1:]])


def _accessed(r: CitationRecord) -> str | None:
    # CMOS asks for an access date only when a web source gives no date of its own.
    if r.date or not r.accessed or not r.link:
        return None
    return f"accessed {chicago_date(r.accessed)}"


def _capitalise(text: str) -> str:
    """A note may start with "interview" or "quoted" when names are missing."""
    if text.startswith(("interview", "transcript")):
        return text[0].upper() + text[1:]
    return text
