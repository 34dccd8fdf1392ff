"""WebVTT (.vtt) and SubRip (.srt) captions via webvtt-py: cues merged into speaker turns.

Consecutive cues of one speaker become one turn (each cue's time kept on the document's
timeline, so a piece of a long turn gets its own cue's time); cues without a speaker stay a
passage each. The
speaker comes from a ``<v Name>`` voice tag or a ``NAME:`` prefix. Cue markup is
stripped, its text kept. ``NOTE`` blocks before the first cue may carry ``Key: value``
metadata (Interviewee, Interviewer, Date, ...).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.errors import ReaderError
from archive.model import Document, Metadata, Source
from archive.readers import _fields, _turns
from archive.readers._build import TextBuilder
from archive.readers.encoding import read_text

VOICE = re.compile(r"^\s*<v(?:\.[\w-]+)*\s+([^<>]+?)\s*>")
BREAK = re.compile(r"<br\s*/?>", re.I)
TAG = re.compile(r"<[^<>]*>")  # never spans another "<": linear even on a line of thousands of "<"


@dataclass
class Cue:
    time: float
    end: float
    label: str | None
    text: str


def read(path: Path) -> Iterator[Document]:
    fmt = "srt" if path.suffix.lower() == ".srt" else "vtt"
    text = read_text(path)
    captions = parse(text, fmt, path)
    values: dict[str, Any] = {}
    title = ""
    if fmt == "vtt":
        title, values = _header(captions)
    if not captions.captions:
        raise ReaderError(path, "no caption cues found (no valid 'start --> end' timings)")
    cues = list(cues_of(captions.captions))
    doc = build(path, cues, title, values, "srt" if fmt == "srt" else "webvtt")
    yield doc


def parse(text: str, fmt: str, path: Path | str) -> Any:
    import webvtt  # imported late: start-up of the CLI stays fast
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    try:
        return webvtt.WebVTT.from_buffer(io.StringIO(text.lstrip("\ufeff")), format=fmt)
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        kind = "SubRip (.srt)" if fmt == "srt" else "WebVTT"
        raise ReaderError(path, f"not valid {kind} captions: {exc or 'malformed'}") from None


def cues_of(captions: list[Any]) -> Iterator[Cue]:
    """One Cue per speaker change inside each caption (a cue may hold several ``<v>`` lines).

    A cue with no voice or prefix continues the speaker before it, as captioners only
    mark the changes.
    """
    label: str | None = None
    for caption in captions:
        time = caption.start_time.in_milliseconds() / 1000
        end = caption.end_time.in_milliseconds() / 1000
        words: list[str] = []
        for raw in caption.lines:
            voice = VOICE.match(raw)
            line_label = _turns.clean_label(html.unescape(voice.group(1))) if voice else None
            line = clean(raw[voice.end():] if voice else raw)
            if line_label is None:
                parsed = _turns.parse(line)
                line_label, line = parsed.label, parsed.text
            if line_label is not None and line_label != label:
                if words:
                    yield Cue(time, end, label, " ".join(words))
                words = []
                label = line_label
            if line:
                words.append(line)
        if words:
            yield Cue(time, end, label, " ".join(words))


def clean(line: str) -> str:
    """Cue text without markup (``<i>``, ``<b>``, ``<c.x>``, ``<00:01.000>``) or entities.

    ``<br>`` is a line break (OHMS exports write paragraphs inside a cue as ``<br><br>``).
    """
    line = BREAK.sub("\n", line)
    line = html.unescape(TAG.sub("", line))
    line = re.sub(r"[ \t\r\f\v]+", " ", line)
    return re.sub(r" ?\n ?", "\n", re.sub(r"\n{3,}", "\n\n", line)).strip()


def build(path: Path, cues: list[Cue], title: str, values: dict[str, Any], fmt: str) -> Document:
    builder = TextBuilder()
    add_cues(builder, cues)
    if not builder.passages:
        raise ReaderError(path, "no caption text found")
    meta = Metadata()
    title = values.pop("title", None) or title or path.stem.replace("_", " ")
    meta.update(values)
    return Document(id="", title=title, text=builder.text, source=Source(path.name, fmt), metadata=meta,
                    passages=builder.passages, timeline=builder.timeline)


def add_cues(builder: TextBuilder, cues: list[Cue]) -> None:
    """Merge consecutive cues of one speaker into one turn (the OHMS reader shares this)."""
    last: Cue | None = None
    for cue in cues:
        if not cue.text:
            continue
        # Cues without a voice stay passages of their own: nothing but the cue says when each
        # sentence was spoken, and a citation of any of them must give its own cue's time.
        same = last is not None and cue.label is not None and cue.label == last.label and builder.passages
        if same:
            builder.extend_last(cue.text, time=cue.time)
        else:
            kind = "turn" if cue.label is not None else "narration"
            if builder.add(cue.text, kind, label=cue.label, time=cue.time,
                           role=_turns.role_for(cue.label)) is None:
                continue
        last = cue


def _header(captions: Any) -> tuple[str, dict[str, Any]]:
    """Title from the ``WEBVTT - title`` line; metadata from header lines and leading NOTE blocks."""
    title = re.sub(r"^[\s\-–—:]+", "", captions.header_text or "").strip()
    values: dict[str, Any] = {}
    lines = list(captions.metadata or [])
    for comment in captions.header_comments or []:
        lines.extend(comment.splitlines())
    for line in lines:
        if line.lower().startswith("kind:"):
            continue
        pair = _fields.key_value(line)
        if pair is not None:
            _fields.add(values, *pair)
    return title, values
