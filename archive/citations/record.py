"""One neutral citation record from a document and a ``[start, end)`` range; every style reads it.

The record knows what is being cited (an interview or an article), who spoke, who asked, when,
where, which collection holds it, the timecode of the first quoted word, the words, and the
permalink. The style modules only arrange it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from archive import permalinks
from archive.citations._text import clock
from archive.errors import NotFound
from archive.model import Document, Passage

INTERVIEW = "interview"
ARTICLE = "article"


@dataclass
class CitationRecord:
    kind: str  # INTERVIEW or ARTICLE
    document_id: str
    start: int
    end: int
    title: str = ""
    interviewees: list[str] = field(default_factory=list)
    interviewers: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    date: str | None = None  # ISO, as in the metadata
    place: str | None = None
    collection: str | None = None
    repository: str | None = None
    publisher: str | None = None
    identifier: str | None = None
    url: str | None = None  # where the source itself lives (an article's web address)
    permalink: str | None = None  # this archive's link to the exact words
    document_link: str | None = None  # this archive's link to the whole document
    accessed: str | None = None  # ISO date
    seconds: float | None = None
    quote: str = ""  # the cited words
    speaker: str | None = None  # who says the cited words
    quoted_in: str | None = None  # for an article: the person whose quotation is cited
    passage_id: str | None = None
    language: str | None = None

    @property
    def timecode(self) -> str | None:
        return clock(self.seconds)

    @property
    def link(self) -> str | None:
        """For the cited words: the source's own address for an article, else the permalink."""
        if self.kind == ARTICLE:
            return self.url or self.permalink
        return self.permalink or self.url

    @property
    def entry_link(self) -> str | None:
        """For a bibliography entry (the whole work, not the words)."""
        if self.kind == ARTICLE:
            return self.url or self.document_link
        return self.document_link or self.url


def build(doc: Document, start: int | None = None, end: int | None = None, *, base_url: str | None = None,
          accessed: date | str | None = None, passage_id: str | None = None) -> CitationRecord:
    """The record for ``doc.text[start:end]`` (the whole of ``passage_id`` when no range is given)."""
    if start is None or end is None:
        passage = doc.passage(passage_id) if passage_id else None
        if passage is None:
            raise NotFound(f"passage {passage_id!r}")
        start, end = passage.start, passage.end
    permalinks.check_range(doc, start, end)
    first = doc.passage_at(start)
    meta = doc.metadata
    accessed = accessed or date.today()
    record = CitationRecord(
        kind=ARTICLE if doc.kind == "article" else INTERVIEW,
        document_id=doc.id, start=start, end=end, title=doc.title.strip(),
        interviewees=_people(meta.interviewee, doc, "interviewee"),
        interviewers=_people(meta.interviewer, doc, "interviewer"),
        authors=[a for a in meta.author if a and a.strip()],
        date=meta.date, place=meta.place, collection=meta.collection,
        # An interview's "publisher" is the archive that holds it.
        repository=meta.repository or (meta.publisher if doc.kind != "article" else None),
        publisher=meta.publisher, identifier=meta.identifier, url=meta.url,
        accessed=accessed.isoformat() if isinstance(accessed, date) else str(accessed),
        seconds=_time_of(doc, first) if first is not None else None,
        quote=doc.text[start:end].strip(),
        speaker=first.speaker if first is not None else None,
        passage_id=first.id if first is not None else None,
        language=meta.language,
    )
    if base_url is not None:
        record.permalink = permalinks.url(base_url, doc.id, permalinks.select(doc, start, end))
        record.document_link = permalinks.document_url(base_url, doc.id)
    if record.kind == ARTICLE and first is not None:
        record.quoted_in = _quoted_person(first, start, end)
    return record


def _people(listed: list[str], doc: Document, role: str) -> list[str]:
    """Names from the metadata, else from the speakers tagged with that role."""
    names = [n.strip() for n in listed if n and n.strip()]
    if names:
        return names
    return [s.name for s in doc.speakers if s.role == role and s.name]


def _time_of(doc: Document, passage: Passage) -> float | None:
    """The passage's own time; a piece of a long split turn borrows the time of the turn's start.

    That is the best known time of the quoted words: it is never later than them.
    """
    if passage.time is not None:
        return passage.time
    index = doc.passages.index(passage)
    for earlier in reversed(doc.passages[:index]):
        if earlier.label != passage.label or earlier.kind != passage.kind:
            return None
        if earlier.time is not None:
            return earlier.time
    return None


def _quoted_person(passage: Passage, start: int, end: int) -> str | None:
    """Who is quoted when the range lies within an attributed quotation (inline or a block)."""
    if passage.kind == "quote" and passage.speaker and passage.start <= start and end <= passage.end:
        return passage.speaker
    for q in passage.quotes:
        # Allow the range to include or leave out the quotation marks around the span.
        if q.speaker and q.start - 1 <= start and end <= q.end + 1:
            return q.speaker
    return None
