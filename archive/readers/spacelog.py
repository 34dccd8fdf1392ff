"""Spacelog mission transcripts: ``[DD:HH:MM:SS]`` lines, ``SPEAKER: text`` turns, a ``<mission>-meta.json``.

Directives (``_page : 12``, ``_tape : 3/4``, ``_images: [...]``) are dropped, ``[glossary:TERM]``
and ``[time:...|shown]`` marks are reduced to the words a reader sees, and the speaker codes
are named from the mission's ``characters`` map when the meta file sits beside the transcript.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive.errors import ReaderError
from archive.model import Document, Metadata, Passage, Segment, Source, Speaker
from archive.readers._build import TextBuilder

# Spacelog's mission clock (signed: before launch, always day:hour:minute:second) is a format
# directive of its own, not one of the transcript timecodes that ``_turns`` reads.
STAMP = re.compile(r"\[(-?)(\d{1,3}):(\d{1,2}):(\d{1,2}):(\d{1,2})\][ \t]*")
# [glossary:TERM] -> TERM, [glossary:TERM|shown] and [time:00:01:02:03|shown] -> shown.
MARK = re.compile(r"\[(?:glossary|time|tim):([^\]\[|\n]{0,200})(?:\|([^\]\[\n]{0,200}))?\]")
TAG = re.compile(r"<[^<>\n]{0,20}>")
LABEL_END = re.compile(r":(?:[ \t]|$)")
MAX_LABEL = 40
DIRECTIVE = re.compile(r"_[a-z]{2,10}[ \t]*:")
NOTES = {"Note", "NOTE", "Notes", "NOTES"}


def sniff(lines: list[str], path: Path) -> bool:
    """A Spacelog file starts with a timestamp line and bears Spacelog's marks.

    Those are ``_page :``-style directives, ``[glossary:...]`` marks or a mission meta file;
    any other transcript with day-long timestamps is left to the general transcript reader.
    """
    head = [ln for ln in lines[:300] if ln.strip()]
    if not head or not STAMP.match(head[0]):
        return False
    return (_meta_path(path).is_file() or any(DIRECTIVE.match(ln) for ln in head)
            or any("[glossary:" in ln for ln in head))


def _meta_path(path: Path) -> Path:
    return path.with_name(f"{path.stem.split('-')[0]}-meta.json")


# "07" -> 7 for every field of a stamp: a dict look-up is a third of int() on the hot path.
_NUMBER = {f"{i:0{w}d}": i for w in (1, 2, 3) for i in range(10 ** w)}


def _seconds(m: re.Match) -> float:
    sign, d, h, mi, s = m.group(1, 2, 3, 4, 5)
    try:
        total = float(_NUMBER[d] * 86400 + _NUMBER[h] * 3600 + _NUMBER[mi] * 60 + _NUMBER[s])
    except KeyError:  # digits of another script, which int() also reads
        total = float(int(d) * 86400 + int(h) * 3600 + int(mi) * 60 + int(s))
    return -total if sign else total


def _shown(m: re.Match) -> str:
    return TAG.sub("", m.group(2)) if m.group(2) else m.group(1)


def unmark(text: str) -> str:
    """"[glossary:LOS]" -> "LOS", "[time:00:01:10:00|1 10 00]" -> "1 10 00"."""
    return MARK.sub(_shown, text) if "[" in text else text


def parse(lines: list[str], builder: TextBuilder, path: Path) -> list[str]:
    """Add every turn to ``builder``; returns the speaker labels in order of first use."""
    labels: dict[str, None] = {}
    time: float | None = None
    label: str | None = None
    parts: list[str] = []  # the lines of the open turn (or narration)
    images: list[str] | None = None  # lines of an _images: [...] block being collected
    # One loop over often 100,000 lines of short turns: every test is a cheap one on the first
    # character, and the commonest line (a bare timestamp) is done with first.
    for line in lines:
        if images is not None:  # inside a multi-line directive such as _images: [ ... ]
            images.append(line)
            if line.strip() in ("]", "],"):
                _add_images(images, builder, time)
                images = None
            continue
        if not line or line.isspace():
            continue
        first = line[0]
        if first == "[":
            m = STAMP.match(line)
            if m:
                if parts:
                    _add_turn(builder, parts, label, time)
                    parts = []
                label = None
                time = _seconds(m)
                end = m.end()
                if end == len(line):  # the usual stamp line: the turn follows on the next line
                    continue
                line = line[end:]  # "[01:02:51:56] CC: Alright" keeps its turn
                if line.isspace():
                    continue
                first = line[0]
        if first == "#":  # an editor's comment ("# Canaveral CC")
            continue
        if first == "_":  # _page, _tape, _extra: page furniture, even inside a turn
            if line.rstrip().endswith("["):
                if parts:
                    _add_turn(builder, parts, label, time)
                    parts = []
                images = [line.split(":", 1)[1] if ":" in line else "["]
            continue
        if first in " \t":
            parts.append(line.strip())  # a continuation line; never dropped
            continue
        m = LABEL_END.search(line, 0, MAX_LABEL + 2)
        if m is None:
            parts.append(line.strip())  # continues the turn, or stands alone as narration
            continue
        if parts:
            _add_turn(builder, parts, label, time)
            parts = []
        label = line[: m.start()].strip()
        if label not in NOTES:
            labels.setdefault(label, None)
        parts.append(line[m.end():].strip())
    if parts:
        _add_turn(builder, parts, label, time)
    return list(labels)


def _add_turn(builder: TextBuilder, parts: list[str], label: str | None, time: float | None) -> None:
    """One turn (or, unlabelled or an editor's "Note:", narration) from its lines."""
    text = parts[0] if len(parts) == 1 else " ".join(parts)
    if "[" in text:
        text = MARK.sub(_shown, text)
    if label is None or label in NOTES:  # "Note: voice tape not available" is the editors speaking
        builder.add(text, "narration", time=time)
    else:
        builder.add(text, "turn", label=label, time=time, role="other")


def _add_images(block: list[str], builder: TextBuilder, time: float | None) -> None:
    """Each picture of an ``_images`` list becomes a caption passage (its caption, or its file name)."""
    try:
        items = json.loads("\n".join(block).rstrip().rstrip(","))
    except ValueError:
        return
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            text = item.get("caption") or (f"[image: {item['filename']}]" if item.get("filename") else "")
            builder.add(unmark(str(text)), "caption", time=time)


def load_meta(path: Path) -> dict[str, Any]:
    """The mission's ``<mission>-meta.json`` beside ``path`` (``a11-CM.txt`` -> ``a11-meta.json``), or {}."""
    meta_path = _meta_path(path)
    if not meta_path.is_file():
        return {}
    try:
        data = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReaderError(meta_path, f"unreadable Spacelog meta file: {exc}") from None
    return data if isinstance(data, dict) else {}


def read_lines(lines: list[str], path: Path, fmt: str) -> Iterator[Document]:
    """The transcript as one document, named and titled from the mission's meta file."""
    builder = TextBuilder()
    used = parse(lines, builder, path)
    if not builder.passages:
        raise ReaderError(path, "no SPEAKER: turns or images found in this Spacelog transcript")
    meta = load_meta(path)
    characters = meta.get("characters") if isinstance(meta.get("characters"), dict) else {}
    speakers = []
    for label in used:
        info = characters.get(label) if isinstance(characters.get(label), dict) else {}
        speakers.append(Speaker(label=label, name=info.get("name") or None, role="other"))
    copy = meta.get("copy") if isinstance(meta.get("copy"), dict) else {}
    mission = copy.get("title") or meta.get("name") or path.stem.split("-")[0]
    part = path.stem.split("-", 1)[1] if "-" in path.stem else ""
    title = f"{mission} — {part} transcript" if part else f"{mission} transcript"
    metadata = Metadata(collection="Spacelog")
    launch = meta.get("utc_launch_time")
    if isinstance(launch, int | float):
        metadata.date = datetime.fromtimestamp(launch, UTC).strftime("%Y-%m-%d")
    if meta.get("name"):
        metadata.extra["mission"] = meta["name"]
    if part:
        metadata.extra["part"] = part
    yield Document(id="", title=title, text=builder.text, source=Source(path.name, fmt),
                   metadata=metadata, speakers=speakers, passages=builder.passages, kind="transcript",
                   segments=acts(meta, builder.passages))


def acts(meta: dict[str, Any], passages: list[Passage]) -> list[Segment]:
    """The mission's acts ("Launch", "Earth Orbit"...) as segments starting at their first passage."""
    starts: list[tuple[float, dict]] = []
    for act in (meta.get("acts") or [])[:500]:
        if isinstance(act, dict) and act.get("title") and act.get("range"):
            m = STAMP.match(f"[{act['range'][0]}]")
            if m is not None:
                starts.append((_seconds(m), act))
    timed = [p for p in passages if p.time is not None]
    out: list[Segment] = []
    for n, (at, act) in enumerate(starts):
        until = starts[n + 1][0] if n + 1 < len(starts) else float("inf")
        # The act's first passage in this file (an onboard recording may skip whole acts).
        first = next((p for p in timed if at <= p.time < until), None)
        if first is not None:
            out.append(Segment(time=at, title=str(act["title"]), start=first.start,
                               synopsis=str(act.get("description") or "")))
    return out
