"""The data model: documents, passages and what is known about them.

Offsets are always ``[start, end)`` into ``Document.text``; everything that points
into a document (passages, quote spans, entities, highlights, citations) uses them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PASSAGE_KINDS = ("turn", "narration", "quote", "caption", "title", "metadata", "segment", "footnote")
ROLES = ("interviewer", "interviewee", "other")
ACCESS_LEVELS = ("public", "restricted", "sealed")


@dataclass
class Speaker:
    """A label as it appears in the source, and who it stands for."""

    label: str
    name: str | None = None
    role: str | None = None  # one of ROLES, or None when unknown

    @property
    def display(self) -> str:
        return self.name or self.label


@dataclass
class QuoteSpan:
    """An inline quotation inside a passage, with whoever said it (None for scare quotes)."""

    start: int
    end: int
    speaker: str | None = None

    def __reduce__(self):
        # Tags cross from ingest's reader processes to the main one by the hundred thousand;
        # pickled as constructor calls they load faster than field by field.
        return (QuoteSpan, (self.start, self.end, self.speaker))


@dataclass
class Entity:
    """A person, place, organisation or year mentioned in a passage."""

    type: str  # person | place | organization | year
    name: str  # canonical name within the document ("Leon Trotsky" for "Trotsky")
    start: int
    end: int

    def __reduce__(self):  # as QuoteSpan's
        return (Entity, (self.type, self.name, self.start, self.end))


@dataclass
class TopicTag:
    """A vocabulary concept a passage is about, with the words that triggered it."""

    label: str
    triggers: list[str] = field(default_factory=list)

    def __reduce__(self):  # as QuoteSpan's
        return (TopicTag, (self.label, self.triggers))


@dataclass
class Segment:
    """An index point (OHMS) or section: a titled stretch of the recording."""

    time: float | None
    title: str
    start: int = 0  # offset of the first passage it covers
    synopsis: str = ""
    keywords: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)


@dataclass
class Passage:
    """A speaker turn or a paragraph: the unit of search, reading and citation."""

    start: int
    end: int
    kind: str = "narration"
    label: str | None = None  # the raw speaker label as in the source ("HART", "Q", "CDR")
    speaker: str | None = None  # resolved full name, or the label when unresolved
    role: str | None = None
    time: float | None = None  # seconds from the start of the recording, first word
    topics: list[TopicTag] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[QuoteSpan] = field(default_factory=list)
    id: str = ""  # "<document-id>:p<N>", assigned when the document is finalised

    @property
    def number(self) -> int:
        return int(self.id.rsplit(":p", 1)[1]) if ":p" in self.id else -1


@dataclass
class Source:
    filename: str
    format: str
    sha256: str = ""
    path: str = ""  # absolute path at ingest time; the key for re-ingest


@dataclass
class Metadata:
    """Descriptive metadata. Known fields are typed; anything else lands in ``extra``."""

    interviewee: list[str] = field(default_factory=list)
    interviewer: list[str] = field(default_factory=list)
    author: list[str] = field(default_factory=list)
    date: str | None = None  # ISO "YYYY-MM-DD" (or "YYYY", "YYYY-MM")
    place: str | None = None
    collection: str | None = None
    repository: str | None = None
    publisher: str | None = None
    rights: str | None = None
    identifier: str | None = None
    url: str | None = None
    media_url: str | None = None
    language: str | None = None
    access: str = "public"
    sealed_until: str | None = None  # ISO date; with access "sealed"
    access_after: str = "public"  # what a sealed document becomes after sealed_until
    keywords: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    LIST_FIELDS = ("interviewee", "interviewer", "author", "keywords")

    def update(self, values: dict[str, Any]) -> None:
        """Merge ``values`` (from a header, table or sidecar); later sources win."""
        known = {f for f in self.__dataclass_fields__ if f != "extra"}
        for key, value in values.items():
            key = key.strip().lower().replace(" ", "_").replace("-", "_")
            if value is None or value == "" or value == []:
                continue
            if key in self.LIST_FIELDS:
                setattr(self, key, [value] if isinstance(value, str) else list(value))
            elif key in known:
                setattr(self, key, value if isinstance(value, str) else str(value))
            elif key == "extra" and isinstance(value, dict):
                self.extra.update(value)
            else:
                self.extra[key] = value

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name != "extra" and value not in (None, [], ""):
                out[name] = list(value) if isinstance(value, list) else value
        out.update({k: v for k, v in self.extra.items() if k not in out})
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Metadata:
        meta = cls()
        meta.update(data)
        return meta


@dataclass
class Document:
    """One interview, article or obituary, as stored in the archive."""

    id: str
    title: str
    text: str
    source: Source
    metadata: Metadata = field(default_factory=Metadata)
    speakers: list[Speaker] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    kind: str = "transcript"  # transcript | article
    # (offset, seconds) of every cue or sync point, in text order: where each timed stretch of
    # the recording starts. Readers fill it; cutting a long turn gives each piece the time of
    # the point its first words follow. Not stored: passages carry the times that matter.
    timeline: list[tuple[int, float]] = field(default_factory=list, repr=False)
    # What the whole document is about (its passages' topics summarised), and the vocabulary
    # that tagged it: {"name": file name, "sha256": of its bytes}.
    topics: list[str] = field(default_factory=list)
    vocabulary: dict[str, str] | None = None

    @property
    def access(self) -> str:
        return self.metadata.access

    def passage(self, passage_id: str) -> Passage | None:
        for p in self.passages:
            if p.id == passage_id:
                return p
        return None

    def passage_at(self, offset: int) -> Passage | None:
        """The passage containing ``offset`` (or the first one starting after it)."""
        for p in self.passages:
            if p.end > offset:
                return p
        return None

    def speaker_for(self, label: str | None) -> Speaker | None:
        if label is None:
            return None
        for s in self.speakers:
            if s.label == label:
                return s
        return None

    def warn(self, message: str) -> None:
        """Record something the source leaves unsaid or contradicts (shown in the ingest summary)."""
        warnings = self.metadata.extra.setdefault("warnings", [])
        if message not in warnings:
            warnings.append(message)

    def time_at(self, offset: int) -> float | None:
        """The time of the last cue or sync point at or before ``offset`` (None before the first)."""
        found = None
        for at, seconds in self.timeline:
            if at > offset:
                break
            found = seconds
        return found

    def number_passages(self) -> None:
        """Give passages their stable ids, in text order."""
        self.passages.sort(key=lambda p: p.start)
        for n, p in enumerate(self.passages, 1):
            p.id = f"{self.id}:p{n}"

    def to_dict(self, with_text: bool = True) -> dict[str, Any]:
        """The JSON shape of the design (``show --json``)."""
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "source": {"filename": self.source.filename, "format": self.source.format,
                       "sha256": self.source.sha256},
            "metadata": self.metadata.to_dict(),
            "speakers": [asdict(s) for s in self.speakers],
            "segments": [asdict(s) for s in self.segments],
            "topics": list(self.topics),
            "vocabulary": self.vocabulary,
        }
        if with_text:
            out["text"] = self.text
        out["passages"] = [passage_to_dict(p) for p in self.passages]
        return out


def passage_to_dict(p: Passage) -> dict[str, Any]:
    return {
        "id": p.id, "start": p.start, "end": p.end, "kind": p.kind,
        "speaker": p.speaker, "label": p.label, "role": p.role, "time": p.time,
        "topics": [t.label for t in p.topics],
        "topic_triggers": {t.label: list(t.triggers) for t in p.topics},
        # Built by hand: dataclasses.asdict deep-copies and dominated the time to store a passage.
        "entities": [{"type": e.type, "name": e.name, "start": e.start, "end": e.end} for e in p.entities],
        "quotes": [{"start": q.start, "end": q.end, "speaker": q.speaker} for q in p.quotes],
    }


def passage_from_dict(d: dict[str, Any]) -> Passage:
    triggers = d.get("topic_triggers") or {}
    return Passage(
        id=d.get("id", ""), start=d["start"], end=d["end"], kind=d.get("kind", "narration"),
        label=d.get("label"), speaker=d.get("speaker"), role=d.get("role"), time=d.get("time"),
        topics=[TopicTag(t, list(triggers.get(t, []))) for t in d.get("topics", [])],
        entities=[Entity(**e) for e in d.get("entities", [])],
        quotes=[QuoteSpan(**q) for q in d.get("quotes", [])],
    )


def document_from_dict(d: dict[str, Any]) -> Document:
    src = d.get("source", {})
    return Document(
        id=d["id"], title=d.get("title", ""), text=d.get("text", ""), kind=d.get("kind", "transcript"),
        source=Source(src.get("filename", ""), src.get("format", ""), src.get("sha256", ""),
                      src.get("path", "")),
        metadata=Metadata.from_dict(d.get("metadata", {})),
        speakers=[Speaker(**s) for s in d.get("speakers", [])],
        passages=[passage_from_dict(p) for p in d.get("passages", [])],
        segments=[Segment(**s) for s in d.get("segments", [])],
        topics=list(d.get("topics", [])), vocabulary=d.get("vocabulary"),
    )
