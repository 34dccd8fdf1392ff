"""The reader's view of a document: passages as escaped HTML with their speaker, timecode and marks.

Templates stay dumb: everything that needs a decision (which speaker colour, which words
are highlighted, what the table of contents holds) is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from archive.model import Document, Passage
from webapp.markup import Mark, Marks, render

PALETTE = 6  # speaker colours in the stylesheet: .spk-0 ... .spk-5
KIND_LABELS = {"turn": "speech", "quote": "quotation", "caption": "caption", "narration": "narration",
               "title": "title", "metadata": "metadata"}
SHOWN_ENTITIES = ("person", "place", "organization")
TOC_MIN_PASSAGES = 12  # shorter transcripts need no table of contents
PART_SIZE = 250  # passages per page: a mission log of 11,000 turns is read part by part


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

    @property
    def first_number(self) -> int:
        return (self.part - 1) * PART_SIZE + 1


def clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = max(int(seconds), 0)
    h, m, sec = s // 3600, s % 3600 // 60, s % 60
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m:02d}:{sec:02d}"


def parts_of(doc: Document) -> int:
    return max((len(doc.passages) + PART_SIZE - 1) // PART_SIZE, 1)


def part_at(doc: Document, offset: int | None = None, number: int | None = None) -> int:
    """The part holding document ``offset``, or passage ``number``; 1 when neither is known."""
    if offset is not None:
        p = doc.passage_at(offset)
        number = p.number if p is not None else None
    if number is None or number < 1:
        return 1
    return min((number - 1) // PART_SIZE + 1, parts_of(doc))


def passages_in(doc: Document, part: int) -> list[Passage]:
    return doc.passages[(part - 1) * PART_SIZE:part * PART_SIZE]


def build(doc: Document, *, hl: tuple[int, int] | None = None,
          word_marks: list[tuple[int, int]] | None = None, part: int = 1) -> ReaderView:
    """The view of one part of ``doc``; ``hl`` is a range to highlight (``?hl=``), ``word_marks``
    the searched words to mark."""
    classes = _speaker_classes(doc)
    marks = Marks(_marks(doc, hl, word_marks or []))
    shown = passages_in(doc, part)
    first = (part - 1) * PART_SIZE
    views: list[PassageView] = []
    previous = doc.passages[first - 1].speaker if first > 0 else None
    anchors = _time_anchors(doc)
    for p in shown:
        time_anchor = anchors.get(p.number, "")
        views.append(PassageView(
            id=p.id, anchor=f"p{p.number}", kind=p.kind, kind_label=KIND_LABELS.get(p.kind, p.kind),
            start=p.start, end=p.end, html=render(doc.text, p.start, p.end, marks),
            speaker=p.speaker, role=p.role, speaker_class=classes.get(p.speaker or "", ""),
            new_speaker=p.speaker is not None and p.speaker != previous,
            time=p.time, clock=clock(p.time), time_anchor=time_anchor,
            topics=[t.label for t in p.topics],
            entities=_entities(p)))
        previous = p.speaker
    view = ReaderView(passages=views, highlight=hl, marked_words=len(word_marks or []), part=part,
                      parts=parts_of(doc))
    view.part_times = [doc.passages[(n - 1) * PART_SIZE].time for n in range(1, view.parts + 1)]
    view.speakers = [(name, cls, _role(doc, name)) for name, cls in classes.items()]
    view.toc, view.toc_kind = _toc(doc, part)
    if hl is not None:
        view.highlighted_text = doc.text[hl[0]:hl[1]]
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
