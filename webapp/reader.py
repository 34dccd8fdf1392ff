"""The reader's view of a document: passages as escaped HTML with their speaker, timecode and marks.

Templates stay dumb: everything that needs a decision (which speaker colour, which words
are highlighted, what the table of contents holds) is decided here.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from markupsafe import Markup

from archive.model import Document, Passage
from webapp.markup import Mark, Marks, render

PALETTE = 6  # speaker colours in the stylesheet: .spk-0 ... .spk-5
KIND_LABELS = {"turn": "speech", "quote": "quotation", "caption": "caption", "narration": "narration",
               "title": "title", "metadata": "metadata"}
SHOWN_ENTITIES = ("person", "place", "organization")
TOC_MIN_PASSAGES = 12  # shorter transcripts need no table of contents
PART_SIZE = 250  # passages per page at most: a mission log of 11,000 turns is read part by part
PART_CHARS = 200_000  # characters per page at most: a part closes at the passage that passes this
PASSAGE_SHOWN = PART_CHARS  # a longer passage (archived before passages had a maximum) is shown cut


@dataclass
class Link:
    label: str
    href: str
    time: str = ""
    note: str = ""


@dataclass
class PassageView:
    id: str
    anchor: str  # "p3"
    kind: str
    kind_label: str
    start: int
    end: int
    html: Markup
    speaker: str | None
    role: str | None
    speaker_class: str
    truncated: int  # characters of the passage not shown (0: all of it is shown)
    new_speaker: bool  # the speaker changed since the previous passage
    time: float | None
    clock: str
    time_anchor: str  # "t=281" on the first passage at that second, so ``#t=281`` lands here
    topics: list[str]
    entities: list[tuple[str, str]]  # (type, name)


@dataclass
class ReaderView:
    passages: list[PassageView]
    toc: list[Link] = field(default_factory=list)
    toc_kind: str = ""  # "segments" | "topics" | ""
    speakers: list[tuple[str, str, str | None]] = field(default_factory=list)  # (name, class, role)
    highlight: tuple[int, int] | None = None
    highlighted_text: str = ""
    marked_words: int = 0
    part: int = 1
    parts: int = 1
    part_times: list[float | None] = field(default_factory=list)  # first timecode of each part

    @property
    def part_times_attr(self) -> str:
        return ",".join("" if t is None else f"{t:g}" for t in self.part_times)

    part_firsts: list[int] = field(default_factory=list)  # first passage number of each part
    first_number: int = 1

    @property
    def part_firsts_attr(self) -> str:
        return ",".join(str(n) for n in self.part_firsts)


def clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = max(int(seconds), 0)
    h, m, sec = s // 3600, s % 3600 // 60, s % 60
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m:02d}:{sec:02d}"


def part_starts(doc: Document, size: int = PART_SIZE, max_chars: int = PART_CHARS) -> list[int]:
    """Index of the first passage of each part: a part holds at most ``size`` passages and
    closes at the passage that brings it past ``max_chars`` characters."""
    starts = [0]
    count = chars = 0
    for i, p in enumerate(doc.passages):
        if count == size or (count and chars >= max_chars):
            starts.append(i)
            count = chars = 0
        count += 1
        chars += p.end - p.start
    return starts


def parts_of(doc: Document) -> int:
    return len(part_starts(doc))


def part_at(doc: Document, offset: int | None = None, number: int | None = None) -> int:
    """The part holding document ``offset``, or passage ``number``; 1 when neither is known."""
    if offset is not None:
        p = doc.passage_at(offset)
        number = p.number if p is not None else None
    if number is None or number < 1:
        return 1
    return bisect.bisect_right(part_starts(doc), min(number, len(doc.passages)) - 1) or 1


def passages_in(doc: Document, part: int) -> list[Passage]:
    starts = part_starts(doc)
    if not 1 <= part <= len(starts):
        return []
    end = starts[part] if part < len(starts) else len(doc.passages)
    return doc.passages[starts[part - 1]:end]


def build(doc: Document, *, hl: tuple[int, int] | None = None,
          word_marks: list[tuple[int, int]] | None = None, part: int = 1) -> ReaderView:
    """The view of one part of ``doc``; ``hl`` is a range to highlight (``?hl=``), ``word_marks``
    the searched words to mark."""
    classes = _speaker_classes(doc)
    marks = Marks(_marks(doc, hl, word_marks or []))
    starts = part_starts(doc)
    shown = passages_in(doc, part)
    first = starts[part - 1]
    views: list[PassageView] = []
    previous = doc.passages[first - 1].speaker if first > 0 else None
    anchors = _time_anchors(doc)
    for p in shown:
        time_anchor = anchors.get(p.number, "")
        end = min(p.end, p.start + PASSAGE_SHOWN)
        views.append(PassageView(
            id=p.id, anchor=f"p{p.number}", kind=p.kind, kind_label=KIND_LABELS.get(p.kind, p.kind),
            start=p.start, end=end, html=render(doc.text, p.start, end, marks),
            speaker=p.speaker, role=p.role, speaker_class=classes.get(p.speaker or "", ""),
            truncated=p.end - end,
            new_speaker=p.speaker is not None and p.speaker != previous,
            time=p.time, clock=clock(p.time), time_anchor=time_anchor,
            topics=[t.label for t in p.topics],
            entities=_entities(p)))
        previous = p.speaker
    view = ReaderView(passages=views, highlight=hl, marked_words=len(word_marks or []), part=part,
                      parts=len(starts), first_number=first + 1)
    view.part_times = [doc.passages[i].time if doc.passages else None for i in starts]
    view.part_firsts = [i + 1 for i in starts]
    view.speakers = [(name, cls, _role(doc, name)) for name, cls in classes.items()]
    view.toc, view.toc_kind = _toc(doc, part)
    if hl is not None:
        view.highlighted_text = doc.text[hl[0]:min(hl[1], hl[0] + 1000)]  # shown cut to 120
    return view


def passage_href(doc: Document, number: int, part: int) -> str:
    """``#p<N>`` on this page, or the part that holds it."""
    where = part_at(doc, number=number)
    return f"#p{number}" if where == part else f"?part={where}#p{number}"


def _time_anchors(doc: Document) -> dict[int, str]:
    """``t=<second>`` for the first passage at each second, so that ``#t=281`` lands there."""
    anchors: dict[int, str] = {}
    seen: set[int] = set()
    for p in doc.passages:
        if p.time is not None and int(p.time) not in seen:
            seen.add(int(p.time))
            anchors[p.number] = f"t={int(p.time)}"
    return anchors


def _speaker_classes(doc: Document) -> dict[str, str]:
    """A colour class per speaker, in order of first appearance."""
    classes: dict[str, str] = {}
    for p in doc.passages:
        if p.speaker and p.speaker not in classes:
            classes[p.speaker] = f"spk-{len(classes) % PALETTE}"
    return classes


def _role(doc: Document, name: str) -> str | None:
    for s in doc.speakers:
        if s.display == name:
            return s.role
    return None


def _marks(doc: Document, hl: tuple[int, int] | None, words: list[tuple[int, int]]) -> list[Mark]:
    marks: list[Mark] = []
    for p in doc.passages:
        for q in p.quotes:
            if q.speaker:
                marks.append(Mark(q.start, q.end, "q", {"class": "said", "title": q.speaker,
                                                        "data-speaker": q.speaker}, rank=0))
            else:
                marks.append(Mark(q.start, q.end, "q", {"class": "scare"}, rank=0))
    if hl is not None:
        marks.append(Mark(hl[0], hl[1], "mark", {"class": "hl"}, rank=1, first_attrs={"id": "hl"}))
    for s, e in words:
        marks.append(Mark(s, e, "mark", {"class": "word"}, rank=2))
    return marks


def _entities(p: Passage) -> list[tuple[str, str]]:
    seen: dict[tuple[str, str], None] = {}
    for e in p.entities:
        if e.type in SHOWN_ENTITIES:
            seen.setdefault((e.type, e.name), None)
    return list(seen)


def _toc(doc: Document, part: int) -> tuple[list[Link], str]:
    """OHMS segments when there are any; otherwise, for long transcripts, where each topic begins."""
    if doc.segments:
        links = []
        for seg in doc.segments:
            p = doc.passage_at(seg.start)
            href = passage_href(doc, p.number, part) if p is not None else "#"
            links.append(Link(seg.title or clock(seg.time), href, clock(seg.time), seg.synopsis))
        return links, "segments"
    if len(doc.passages) < TOC_MIN_PASSAGES:
        return [], ""
    first: dict[str, Passage] = {}
    for p in doc.passages:
        for t in p.topics:
            first.setdefault(t.label, p)
    links = [Link(label, passage_href(doc, p.number, part), clock(p.time)) for label, p in first.items()]
    return links[:40], "topics" if links else ""
