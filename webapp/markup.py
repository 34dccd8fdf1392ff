"""Escaped HTML for a stretch of document text with overlapping marks (quotes, highlights) nested properly.

Every mark is an ``[start, end)`` range in document offsets. Text is escaped with markupsafe
and only the tags made here are added, so the text content of the result is exactly
``text[start:end]``: the reader's JavaScript counts offsets on it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass
class Mark:
    """A tag around ``[start, end)``; ``first_attrs`` go only on its first opening (e.g. an id)."""

    start: int
    end: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    rank: int = 0  # lower ranks nest outside higher ones
    first_attrs: dict[str, str] = field(default_factory=dict)
    opened: bool = False

    def open(self) -> str:
        attrs = dict(self.attrs)
        if not self.opened:
            attrs.update(self.first_attrs)
            self.opened = True
        rendered = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
        return f"<{self.tag}{rendered}>"

    def close(self) -> str:
        return f"</{self.tag}>"


class Marks:
    """Marks sorted by start, so that each passage finds its own without scanning them all."""

    SHORT = 2000  # longer marks (a highlighted range) are few and checked one by one

    def __init__(self, marks: list[Mark]):
        marks = [m for m in marks if m.start < m.end]
        self.long = [m for m in marks if m.end - m.start > self.SHORT]
        self.short = sorted((m for m in marks if m.end - m.start <= self.SHORT), key=lambda m: m.start)
        self.starts = [m.start for m in self.short]

    def touching(self, start: int, end: int) -> list[Mark]:
        lo = bisect.bisect_left(self.starts, start - self.SHORT)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.short[lo:hi] + self.long if m.end > start and m.start < end]


def render(text: str, start: int, end: int, marks: Marks) -> Markup:
    """``text[start:end]`` escaped, with the marks that touch it opened and closed in nesting order."""
    inside = marks.touching(start, end)
    cuts = {start, end}
    for m in inside:
        cuts.add(max(m.start, start))
        cuts.add(min(m.end, end))
    points = sorted(cuts)
    out: list[str] = []
    stack: list[Mark] = []
    for a, b in zip(points, points[1:], strict=False):
        active = sorted((m for m in inside if m.start <= a and m.end >= b),
                        key=lambda m: (m.rank, m.start, -m.end))
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        for m in reversed(stack[keep:]):
            out.append(m.close())
        for m in active[keep:]:
            out.append(m.open())
        stack = active
        out.append(_text(text[a:b]))
    for m in reversed(stack):
        out.append(m.close())
    return Markup("".join(out))


def _text(chunk: str) -> str:
    """Escaped text; blank lines also get a <br> pair (no text content, so offsets stay exact)."""
    pieces = []
    last = 0
    for m in _PARAGRAPH_BREAK.finditer(chunk):
        pieces.append(str(escape(chunk[last:m.end()])))
        pieces.append('<br class="pb"><br class="pb">')
        last = m.end()
    pieces.append(str(escape(chunk[last:])))
    return "".join(pieces)
