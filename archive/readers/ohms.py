"""OHMS XML exports (the Nunn Center's Oral History Metadata Synchronizer) via defusedxml.

A ``<record>`` gives the metadata, ``<index><point>``s the segments (time, title, synopsis,
keywords, subjects), and the transcript comes either as plain text with ``NAME:`` lines
(timed by the ``<sync>`` field, "minute N ends at line L, word W", or by ``[HH:MM:SS]``
markers) or as WebVTT inside ``<vtt_transcript>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from archive.errors import ReaderError
from archive.model import Document, Metadata, Segment, Source
from archive.readers import _fields, _turns, captions, names
from archive.readers._build import TextBuilder

MAX_BYTES = 100 * 1024 * 1024
# record field -> metadata field; lists gather every element of that name.
FIELDS = {"title": "title", "accession": "identifier", "repository": "repository",
          "collection_name": "collection", "rights": "rights", "media_url": "media_url",
          "language": "language", "interviewee": "interviewee", "interviewer": "interviewer"}
EXTRA = ("series_name", "funding", "usage", "description", "duration", "type", "collection_link",
         "series_link", "repository_url")
FOOTNOTES = re.compile(r"\[\[footnotes\]\].*?\[\[/footnotes\]\]", re.S)
NOTE = re.compile(r"\[\[note\]\](.*?)\[\[/note\]\]", re.S)
# A footnote marker (kept as "[N]") or an HTML line break, inside a transcript paragraph.
MARKUP = re.compile(r"\[\[footnote\]\]\s*(\d+)\s*\[\[/footnote\]\]|<br\s*/?>", re.I)
PLACEHOLDER = re.compile(r"(?i)(?:no transcript|transcript not available|not transcribed)\.?")
STAGE_NOTE = re.compile(r"\[[^\[\]]{1,80}\]")
LEADING_LABEL = re.compile(r"^\s*[A-Z][A-Z.' -]{0,40}:\s*")
# A second speaker inside one paragraph ("...? DUARTE: There were ..."): only known labels.
INLINE_LABEL = r"(?<=[.?!\]\"”])\s+({labels}):\s+"


def read(path: Path) -> Iterator[Document]:
    record = _record(path)
    values = _metadata(record)
    title = values.pop("title", None) or path.stem.replace("_", " ")
    points = list(record.iterfind("index/point"))
    segments = [_segment(point) for point in points]
    partials = [_partial(point) for point in points]
    for seg in segments:
        for word in seg.keywords + seg.subjects:
            if word not in values.setdefault("keywords", []):
                values["keywords"].append(word)
    builder = TextBuilder()
    warnings: list[str] = []
    notes: list[str] = []
    vtt = _text(record, "vtt_transcript")
    if vtt:
        parsed = captions.parse(vtt, "vtt", path)
        captions.add_cues(builder, list(captions.cues_of(parsed.captions)))
    else:
        transcript = _text(record, "transcript", strip=False)
        if PLACEHOLDER.fullmatch(transcript.strip()):
            transcript = ""
        notes = _transcript(builder, transcript, _sync(_text(record, "sync")))
    transcribed = bool(builder.passages)
    anchors = [_anchor(seg, partial, builder, warnings) if transcribed else None
               for seg, partial in zip(segments, partials, strict=True)]
    if transcribed and builder.timeline:
        # Index points found in the text are timed points too: re-time the passages after them.
        for passage in builder.passages:
            passage.time = _time_at(builder.timeline, passage.start, passage.time)
    else:
        builder.add((values.get("extra") or {}).get("description", ""), "narration")
    for seg, partial, anchor in zip(segments, partials, anchors, strict=True):
        passage = builder.add(_segment_text(seg, partial), "segment", time=None)
        if passage is not None:
            passage.time = seg.time
        seg.start = anchor if anchor is not None else (passage.start if passage is not None else 0)
    for number, note in enumerate(notes, 1):
        builder.add(note, "footnote", label=str(number))
    if not builder.passages:
        # An exported record with nothing but its catalogue entry is still an interview.
        people = "; ".join(values.get("interviewee", []) + values.get("interviewer", []))
        builder.add(f"{title}\n{people}".strip(), "metadata")
        warnings.append("no transcript, index or description: only the record's title is searchable")
    elif not transcribed:
        warnings.append("no transcript: only the index and description are searchable")
    meta = Metadata()
    meta.update(values)
    doc = Document(id=values.get("identifier", ""), title=title, text=builder.text,
                   source=Source(path.name, "ohms"), metadata=meta, passages=builder.passages,
                   segments=segments, kind="transcript", timeline=builder.timeline)
    for warning in warnings:
        doc.warn(warning)
    # An OHMS record is an interview even when its transcript has no labels or is missing.
    yield doc


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
    names.naturalize(values)
    subjects = [el.text.strip() for el in record.iterfind("subject") if el.text and el.text.strip()]
    if subjects:
        values["keywords"] = subjects
    extra = {tag: _text(record, tag) for tag in EXTRA if _text(record, tag)}
    if extra:
        values.setdefault("extra", {}).update(extra)
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


def _partial(point: Element) -> str:
    return " ".join(html.unescape(_text(point, "partial_transcript")).split())


def _segment_text(seg: Segment, partial: str) -> str:
    """What a segment adds to search: its title, synopsis, opening words, keywords and subjects."""
    lines = [seg.title.strip(), seg.synopsis.strip()]
    if partial:
        lines.append(f"“{partial}”")
    if seg.keywords:
        lines.append("Keywords: " + "; ".join(seg.keywords))
    if seg.subjects:
        lines.append("Subjects: " + "; ".join(seg.subjects))
    return "\n".join(line for line in lines if line)


def _transcript(builder: TextBuilder, text: str, sync: dict[int, list[tuple[int, float]]]) -> list[str]:
    """Plain OHMS transcript: paragraphs split by blank lines, turns by ``NAME:``, lines hard-wrapped.

    Each sync point ("minute N ends at line L, word W") becomes a mark on the timeline at the
    word it names; a passage takes the time of the last mark at or before its first word (0 before
    the first). Returns the footnotes, in order; their markers stay in the text as ``[N]``.
    """
    text = text.replace("\r\n", "\n")
    notes = [" ".join(html.unescape(n).split()) for block in FOOTNOTES.findall(text)
             for n in NOTE.findall(block)]
    # Blank the footnote block line for line: sync line numbers count from the top of the text.
    text = FOOTNOTES.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    paragraphs: list[tuple[int, list[str]]] = []  # (first line number, lines)
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if paragraphs and paragraphs[-1][0] + len(paragraphs[-1][1]) == number:
                paragraphs[-1][1].append(line)
            else:
                paragraphs.append((number, [line]))
    labels = {found for _, lines in paragraphs if (found := _turns.parse(lines[0]).label)}
    alternatives = "|".join(map(re.escape, sorted(labels)))
    inline = re.compile(INLINE_LABEL.format(labels=alternatives)) if labels else None
    label: str | None = None
    now: float | None = 0.0 if sync else None
    for number, lines in paragraphs:
        joined, marks = _joined(lines, number, sync)
        head = _turns.parse(joined)
        base = len(joined) - len(head.text)
        chunks = _chunks(head.text, inline)
        chunks[0] = (head.label, chunks[0][1], chunks[0][2])
        for who, at, chunk in chunks:
            lead = len(chunk) - len(chunk.lstrip())
            first = base + at + lead  # where the chunk's first word is in ``joined``
            for pos, seconds in marks:
                if pos <= first:
                    now = seconds
            time = head.time if head.time is not None and at == 0 else now
            if who is not None:
                label = who
                passage = builder.add(chunk, "turn", label=who, time=time, role=_turns.role_for(who))
            elif STAGE_NOTE.fullmatch(chunk.strip()):
                passage = builder.add(chunk, "narration", time=time)
            elif label is not None:
                passage = builder.add(chunk, "turn", label=label, time=time, role=_turns.role_for(label))
            else:
                passage = builder.add(chunk, "narration", time=time)
            if passage is None:
                continue
            for pos, seconds in marks:
                if first < pos < first + passage.end - passage.start:
                    builder.mark(passage.start + pos - first, seconds)
                    now = seconds
    return notes


def _joined(lines: list[str], number: int, sync: dict[int, list[tuple[int, float]]]
            ) -> tuple[str, list[tuple[int, float]]]:
    """A paragraph's lines joined into one (line wrapping, ``<br>`` and footnote markup undone)
    and its sync marks as (position in the joined text, seconds)."""
    parts: list[str] = []
    marks: list[tuple[int, float]] = []
    pos = 0
    for n, raw in enumerate(lines, number):
        line = raw.strip()
        if n in sync:
            words = [m.start() for m in re.finditer(r"\S+", line)]
            for word, seconds in sync[n]:
                at = words[word - 1] if 1 <= word <= len(words) else len(line)
                marks.append((pos + at, seconds))
        parts.append(line)
        pos += len(line) + 1
    joined = " ".join(parts)
    # Replace markup, moving the marks behind each replacement by the change in length.
    out: list[str] = []
    last = shift = 0
    moved = marks
    for m in MARKUP.finditer(joined):
        new = f"[{m.group(1)}]" if m.group(1) else "\n"
        out.append(joined[last:m.start()] + new)
        delta = len(new) - (m.end() - m.start())
        moved = [(p if p < m.end() - shift else p + delta, s) for p, s in moved]
        shift -= delta
        last = m.end()
    if out:
        joined = "".join(out) + joined[last:]
    return joined, moved


def _chunks(text: str, inline: re.Pattern[str] | None) -> list[tuple[str | None, int, str]]:
    """(label, position, text) of each turn in a paragraph: the first, then one per inline label."""
    if inline is None:
        return [(None, 0, text)]
    out: list[tuple[str | None, int, str]] = []
    label, start = None, 0
    for m in inline.finditer(text):
        out.append((label, start, text[start:m.start()]))
        label, start = m.group(1), m.end()
    out.append((label, start, text[start:]))
    return out


def _anchor(seg: Segment, partial: str, builder: TextBuilder, warnings: list[str]) -> int | None:
    """Where a segment starts in the text: its partial transcript, found in the transcript after
    the time's sync point; else the first passage at or after its time."""
    text = builder.text
    timeline = builder.timeline
    words = re.findall(r"\w+(?:['’]\w+)*", LEADING_LABEL.sub("", partial))[:40]
    floor = 0
    for at, seconds in timeline:
        if seg.time is not None and seconds <= seg.time - 60:
            floor = at
    found = _locate(text, words, floor, builder)
    if found is not None:
        if seg.time is not None:
            before = [s for at, s in timeline if at <= found]
            after = [s for at, s in timeline if at > found]
            if (not before or seg.time >= before[-1]) and (not after or seg.time <= after[0]):
                _insert_mark(timeline, found, seg.time)
            else:
                warnings.append(f"index segment {seg.title!r} at {seg.time:g} s: its words are where "
                                "the sync points give another time; passages keep the sync times")
        return found
    timed = [p for p in builder.passages if p.time is not None]
    if seg.time is None or not timed:
        return 0 if builder.passages else None
    after = [p for p in timed if p.time >= seg.time]
    if partial:
        warnings.append(f"index segment {seg.title!r}: its partial transcript is not in the "
                        "transcript; anchored by its time")
    return after[0].start if after else timed[-1].start


def _locate(text: str, words: list[str], floor: int, builder: TextBuilder) -> int | None:
    """Where a partial transcript's words start in the text.

    Its first eight words, found after ``floor`` (the sync point a minute before the segment's
    time), else anywhere; else any run of six of its words (indexers retype the opening words,
    "Well, maybe then we could just talk..." for "Let's talk..."), taken back to the start of the
    turn when it lies in the turn's opening words.
    """
    if len(words) < 3:
        return None
    pattern = re.compile(r"\W+".join(map(re.escape, words[:8])), re.I)
    found = pattern.search(text, floor) or pattern.search(text)
    if found:
        return found.start()
    for i in range(1, max(1, len(words) - 5)):
        run = re.compile(r"\W+".join(map(re.escape, words[i:i + 6])), re.I)
        hit = run.search(text, floor) or run.search(text)
        if hit:
            passage = next((p for p in builder.passages if p.start <= hit.start() < p.end), None)
            if passage is not None and len(text[passage.start:hit.start()].split()) <= 40:
                return passage.start
            return hit.start()
    return None


def _time_at(timeline: list[tuple[int, float]], offset: int, default: float | None) -> float | None:
    found = default
    for at, seconds in timeline:
        if at > offset:
            break
        found = seconds
    return found


def _insert_mark(timeline: list[tuple[int, float]], offset: int, seconds: float) -> None:
    """Add a timed point inside the timeline, keeping it in text order."""
    for i, (at, _) in enumerate(timeline):
        if at == offset:
            timeline[i] = (offset, seconds)
            return
        if at > offset:
            timeline.insert(i, (offset, seconds))
            return
    timeline.append((offset, seconds))
