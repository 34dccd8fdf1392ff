"""Redaction: words a donor asked to withhold are replaced by ``[REDACTED]`` before anything is stored.

Three sources mark what to withhold: ``[REDACTED: …]`` (or ``[REDACTED]``) spans in the text,
and a sidecar's ``"redactions"`` list whose entries are either exact strings (every occurrence,
case and spacing ignored, in the text, the title and the metadata) or ``{"start": N, "end": M}``
ranges into the text as the reader produced it (what ``show --json`` gives without redactions;
only for a file that holds one document). Each span becomes the fixed ``MARKER``; passages,
quotes, entities and segments move with the text, and a passage left with nothing but part of a
marker another passage already shows is dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path
from typing import Any

from archive import sidecar
from archive.errors import ReaderError
from archive.model import Document, Passage

MARKER = "[REDACTED]"

# "[REDACTED]" or "[REDACTED: words]", allowing one level of brackets inside ("[inaudible]").
_SPAN = re.compile(r"\[\s*REDACTED\s*(?::(?:[^\[\]]|\[[^\[\]]*\])*)?\]", re.IGNORECASE)
_OPENING = re.compile(r"\[\s*REDACTED\b", re.IGNORECASE)


def redact(doc: Document, ranges: list[Any] | None = None) -> None:
    """Replace marked spans and sidecar ``ranges`` in ``doc`` by MARKER, keeping offsets consistent."""
    strings, offsets = _parse_sidecar(doc, ranges)
    spans = [(m.start(), m.end()) for m in _SPAN.finditer(doc.text)]
    _check_unterminated(doc, spans)
    for s in strings:
        spans.extend((m.start(), m.end()) for m in _pattern(s).finditer(doc.text))
    spans.extend(offsets)
    doc.title = _redact_string(doc.title, strings)
    _redact_metadata(doc, strings)
    spans = _merge(spans)
    if not spans:
        return
    shift = _Shift(spans, len(MARKER))
    doc.text = shift.apply(doc.text)
    doc.passages = _move_passages(doc, doc.passages, shift)
    for seg in doc.segments:
        seg.start = shift.start(seg.start)
    doc.timeline = [(shift.start(at), seconds) for at, seconds in doc.timeline]


def _parse_sidecar(doc: Document, ranges: list[Any] | None) -> tuple[list[str], list[tuple[int, int]]]:
    """Split the sidecar's entries into exact strings and checked offset ranges."""
    if ranges is None:
        return [], []
    where = _sidecar_name(doc)
    if not isinstance(ranges, list):
        raise ReaderError(where, "sidecar 'redactions' must be a list of strings or {start, end} objects")
    strings: list[str] = []
    offsets: list[tuple[int, int]] = []
    for n, entry in enumerate(ranges):
        if isinstance(entry, str):
            if entry.strip():
                strings.append(entry)
            continue
        start, end = (entry.get("start"), entry.get("end")) if isinstance(entry, dict) else (None, None)
        if isinstance(start, int) and isinstance(end, int):
            if not 0 <= start < end <= len(doc.text):
                raise ReaderError(where, f"redactions[{n}]: range {start}-{end} is outside the text "
                                  f"(0-{len(doc.text)})")
            offsets.append((start, end))
            continue
        raise ReaderError(where, f"redactions[{n}]: expected a string or {{\"start\": N, \"end\": M}}")
    return strings, offsets


def _sidecar_name(doc: Document) -> str:
    return str(sidecar.path_for(Path(doc.source.path or doc.source.filename or doc.id)))


def _check_unterminated(doc: Document, spans: list[tuple[int, int]]) -> None:
    """An opening ``[REDACTED:`` without its ``]`` is refused: guessing its end could leak or lose words."""
    covered = iter(spans)
    current = next(covered, None)
    for m in _OPENING.finditer(doc.text):
        while current is not None and current[1] <= m.start():
            current = next(covered, None)
        if current is None or not current[0] <= m.start() < current[1]:
            line = doc.text.count("\n", 0, m.start()) + 1
            raise ReaderError(doc.source.path or doc.source.filename,
                              f"'[REDACTED' without a closing ']' (line {line} of the text)")


def _pattern(words: str) -> re.Pattern[str]:
    parts = [re.escape(w) for w in words.split()]
    return re.compile(r"\s+".join(parts), re.IGNORECASE)


def _redact_string(value: str, strings: list[str]) -> str:
    """A title or metadata value; an unclosed ``[REDACTED:`` here runs to the end of the value."""
    value = _SPAN.sub(MARKER, value)
    opening = _OPENING.search(value.replace(MARKER, "\0" * len(MARKER)))
    if opening is not None:
        value = value[:opening.start()] + MARKER
    for s in strings:
        value = _pattern(s).sub(MARKER, value)
    return value


def _redact_metadata(doc: Document, strings: list[str]) -> None:
    meta = doc.metadata
    for name in meta.__dataclass_fields__:
        value = getattr(meta, name)
        if isinstance(value, str):
            setattr(meta, name, _redact_string(value, strings))
        elif isinstance(value, list):
            setattr(meta, name, [_redact_string(v, strings) if isinstance(v, str) else v for v in value])
    meta.extra = {k: _redact_string(v, strings) if isinstance(v, str) else v for k, v in meta.extra.items()}
    for speaker in doc.speakers:
        if speaker.name:
            speaker.name = _redact_string(speaker.name, strings)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


class _Shift:
    """Maps offsets in the old text to the new one, where each span became a marker."""

    def __init__(self, spans: list[tuple[int, int]], marker_len: int):
        self.spans = spans
        self.starts = [s for s, _ in spans]
        self.marker_len = marker_len
        # Cumulative change in length before span i.
        self.delta = [0]
        for s, e in spans:
            self.delta.append(self.delta[-1] + marker_len - (e - s))

    def apply(self, text: str) -> str:
        parts, cursor = [], 0
        for s, e in self.spans:
            parts.append(text[cursor:s])
            parts.append(MARKER)
            cursor = e
        parts.append(text[cursor:])
        return "".join(parts)

    def _locate(self, x: int) -> tuple[int, bool]:
        """Index of the last span starting at or before ``x``, and whether ``x`` lies inside it."""
        i = bisect_right(self.starts, x) - 1
        return i, i >= 0 and self.spans[i][0] < x < self.spans[i][1]

    def start(self, x: int) -> int:
        """A start offset: inside a span it moves to the marker's start."""
        i, inside = self._locate(x)
        if i < 0:
            return x
        if inside:
            return self.spans[i][0] + self.delta[i]
        if x == self.spans[i][0]:
            return x + self.delta[i]
        return x + self.delta[i + 1]

    def end(self, x: int) -> int:
        """An end offset: inside a span it moves to the marker's end."""
        i, inside = self._locate(x)
        if i < 0:
            return x
        if inside:
            return self.spans[i][0] + self.delta[i] + self.marker_len
        if x == self.spans[i][0]:
            return x + self.delta[i]
        return x + self.delta[i + 1]


def _move_passages(doc: Document, passages: list[Passage], shift: _Shift) -> list[Passage]:
    """Shift passages; clip those that would overlap (a marker belongs to one passage only)."""
    out: list[Passage] = []
    for p in sorted(passages, key=lambda p: (p.start, p.end)):
        start, end = shift.start(p.start), shift.end(p.end)
        if out and start < out[-1].end:
            start = out[-1].end
        while start < end and doc.text[start].isspace():
            start += 1
        while end > start and doc.text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        p.start, p.end = start, end
        for q in p.quotes:
            q.start, q.end = max(shift.start(q.start), start), min(shift.end(q.end), end)
        p.quotes = [q for q in p.quotes if q.start < q.end]
        for ent in p.entities:
            ent.start, ent.end = max(shift.start(ent.start), start), min(shift.end(ent.end), end)
        # An entity whose words were redacted must not keep its name.
        p.entities = [e for e in p.entities if e.start < e.end and MARKER not in doc.text[e.start:e.end]]
        out.append(p)
    return out
