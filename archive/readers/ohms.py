"""OHMS XML exports (the Nunn Center's Oral History Metadata Synchronizer) via defusedxml.

A ``<record>`` gives the metadata, ``<index><point>``s the segments (time, title, synopsis,
keywords, subjects), and the transcript comes either as plain text with ``NAME:`` lines
(timed by the ``<sync>`` field, "minute N ends at line L, word W", or by ``[HH:MM:SS]``
markers) or as WebVTT inside ``<vtt_transcript>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from archive.errors import ReaderError
from archive.model import Document, Metadata, Segment, Source
from archive.readers import _fields, _turns, captions
from archive.readers._build import TextBuilder

MAX_BYTES = 100 * 1024 * 1024
# record field -> metadata field; lists gather every element of that name.
FIELDS = {"title": "title", "accession": "identifier", "repository": "repository",
          "collection_name": "collection", "rights": "rights", "media_url": "media_url",
          "language": "language", "interviewee": "interviewee", "interviewer": "interviewer"}
EXTRA = ("series_name", "funding", "usage", "description", "duration", "type", "collection_link",
         "series_link", "repository_url")
FOOTNOTES = re.compile(r"\[\[footnotes\]\].*?\[\[/footnotes\]\]", re.S)
FOOTNOTE_REF = re.compile(r"\[\[footnote\]\]\s*(\d+)\s*\[\[/footnote\]\]")
# A second speaker inside one paragraph ("...? DUARTE: There were ..."): only known labels.
INLINE_LABEL = r"(?<=[.?!\]\"”])\s+({labels}):\s+"


def read(path: Path) -> Iterator[Document]:
    record = _record(path)
    values = _metadata(record)
    title = values.pop("title", None) or path.stem.replace("_", " ")
    segments = [_segment(point) for point in record.iterfind("index/point")]
    for seg in segments:
        for word in seg.keywords + seg.subjects:
            if word not in values.setdefault("keywords", []):
                values["keywords"].append(word)
    builder = TextBuilder()
    vtt = _text(record, "vtt_transcript")
    if vtt:
        parsed = captions.parse(vtt, "vtt", path)
        captions.add_cues(builder, list(captions.cues_of(parsed.captions)))
    else:
        transcript = _text(record, "transcript", strip=False)
        _transcript(builder, transcript, _sync(_text(record, "sync")))
    if not builder.passages:
        _index_only(builder, values, segments)
    if not builder.passages:
        raise ReaderError(path, "OHMS record has no transcript, index or description")
    _anchor(segments, builder)
    meta = Metadata()
    meta.update(values)
    # An OHMS record is an interview even when its transcript has no labels or is missing.
    yield Document(id=values.get("identifier", ""), title=title, text=builder.text,
                   source=Source(path.name, "ohms"), metadata=meta, passages=builder.passages,
                   segments=segments, kind="transcript")


def _record(path: Path) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import parse

    if path.stat().st_size > MAX_BYTES:
        raise ReaderError(path, f"file is larger than {MAX_BYTES // 2**20} MB")
    try:
        root = parse(str(path), forbid_dtd=True).getroot()
    except DefusedXmlException as exc:
        raise ReaderError(path, f"refusing XML with a DTD, entities or external references "
                          f"({type(exc).__name__}); OHMS exports have none") from None
    except ParseError as exc:
        raise ReaderError(path, f"not well-formed XML: {exc}", line=exc.position[0]) from None
    _strip_namespaces(root)
    record = root if root.tag == "record" else root.find("record")
    if record is None:
        raise ReaderError(path, f"not an OHMS export: root element <{root.tag}> has no <record>")
    return record


def _strip_namespaces(root: Element) -> None:
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]


def _text(el: Element, name: str, strip: bool = True) -> str:
    found = el.find(name)
    text = found.text if found is not None and found.text else ""
    return text.strip() if strip else text


def _metadata(record: Element) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for tag, name in FIELDS.items():
        for el in record.iterfind(tag):
            if el.text and el.text.strip():
                _fields.add(values, name, el.text.strip())
    date = record.find("date")
    when = date.get("value", "") if date is not None else ""
    when = when or _text(record, "date_nonpreferred_format")
    if when and not when.lower().startswith("unknown"):
        values["date"] = _fields.iso_date(when)
    subjects = [el.text.strip() for el in record.iterfind("subject") if el.text and el.text.strip()]
    if subjects:
        values["keywords"] = subjects
    extra = {tag: _text(record, tag) for tag in EXTRA if _text(record, tag)}
    if extra:
        values["extra"] = extra
    return values


def _segment(point: Element) -> Segment:
    raw = _text(point, "time") or "0"
    try:
        time = float(raw) if ":" not in raw else _turns.seconds(raw)
    except ValueError:
        time = None
    return Segment(time=time, title=_text(point, "title"), synopsis=_text(point, "synopsis"),
                   keywords=_split(_text(point, "keywords")), subjects=_split(_text(point, "subjects")))


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _sync(value: str) -> dict[int, list[tuple[int, float]]]:
    """``"1:|13(3)|19(14)"`` -> {13: [(3, 60.0)], 19: [(14, 120.0)]}: line -> (word, seconds)."""
    if ":" not in value:
        return {}
    interval, _, stamps = value.partition(":")
    try:
        step = float(interval) * 60
    except ValueError:
        return {}
    out: dict[int, list[tuple[int, float]]] = {}
    for index, stamp in enumerate(stamps.split("|")):
        m = re.fullmatch(r"\s*(\d+)\((\d+)\)\s*", stamp)
        if m:
            out.setdefault(int(m.group(1)), []).append((int(m.group(2)), index * step))
    return out


def _time_at(sync: dict[int, list[tuple[int, float]]], line: int) -> float | None:
    """The last sync mark at or before the start of ``line`` (1-based); 0 before the first."""
    if not sync:
        return None
    best = 0.0
    for number, marks in sync.items():
        for word, seconds in marks:
            if number < line or (number == line and word <= 1):
                best = max(best, seconds)
    return best


def _transcript(builder: TextBuilder, text: str, sync: dict[int, list[tuple[int, float]]]) -> None:
    """Plain OHMS transcript: paragraphs split by blank lines, turns by ``NAME:``, lines hard-wrapped."""
    text = FOOTNOTES.sub("", text.replace("\r\n", "\n"))
    text = FOOTNOTE_REF.sub(r"[\1]", text)
    paragraphs: list[tuple[int, list[str]]] = []  # (first line number, lines)
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if paragraphs and paragraphs[-1][0] + len(paragraphs[-1][1]) == number:
                paragraphs[-1][1].append(line.strip())
            else:
                paragraphs.append((number, [line.strip()]))
    labels: set[str] = set()
    for _, lines in paragraphs:
        found = _turns.parse(lines[0]).label
        if found:
            labels.add(found)
    alternatives = "|".join(map(re.escape, sorted(labels)))
    inline = re.compile(INLINE_LABEL.format(labels=alternatives)) if labels else None
    label: str | None = None
    for number, lines in paragraphs:
        head = _turns.parse(" ".join(lines))
        pieces = inline.split(head.text) if inline else [head.text]
        # split() alternates text and captured labels: [text, LABEL, text, ...]
        chunks = [(head.label, pieces[0])] + list(zip(pieces[1::2], pieces[2::2], strict=False))
        for i, (who, chunk) in enumerate(chunks):
            # A turn starting mid-paragraph gets the last sync mark before the paragraph.
            time = head.time if head.time is not None and i == 0 else _time_at(sync, number)
            if who is not None:
                label = who
                builder.add(chunk, "turn", label=who, time=time, role=_turns.role_for(who))
            elif chunk.upper().startswith("[END OF"):
                builder.add(chunk, "narration", time=time)
                label = None
            elif label is not None:
                builder.add(chunk, "turn", label=label, time=time, role=_turns.role_for(label))
            else:
                builder.add(chunk, "narration", time=time)


def _index_only(builder: TextBuilder, values: dict[str, Any], segments: list[Segment]) -> None:
    """A record indexed but not transcribed: its description and index synopses are the text."""
    description = (values.get("extra") or {}).get("description", "")
    builder.add(description, "narration")
    for seg in segments:
        builder.add(seg.title, "title", time=seg.time)
        builder.add(seg.synopsis, "narration", time=seg.time)


def _anchor(segments: list[Segment], builder: TextBuilder) -> None:
    """Point each segment at the first passage at or after its time."""
    timed = [p for p in builder.passages if p.time is not None]
    for seg in segments:
        if seg.time is None or not timed:
            continue
        after = [p for p in timed if p.time >= seg.time]
        seg.start = after[0].start if after else timed[-1].start
