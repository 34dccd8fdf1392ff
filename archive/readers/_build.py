"""Build a document's text piece by piece while recording passage offsets.

Every reader uses this, so that ``text[p.start:p.end]`` is the passage text by
construction and cleaning never has to remap offsets afterwards.
"""

from __future__ import annotations

from archive.model import Passage

PARAGRAPH_BREAK = "\n\n"


class TextBuilder:
    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.passages: list[Passage] = []
        self.timeline: list[tuple[int, float]] = []  # (offset, seconds) of each timed point

    def add(self, text: str, kind: str = "narration", *, label: str | None = None,
            time: float | None = None, role: str | None = None) -> Passage | None:
        """Append a passage (stripped of surrounding whitespace); empty text adds nothing."""
        text = text.strip()
        if not text:
            return None
        parts = self._parts
        start = self._length
        if parts:
            parts.append(PARAGRAPH_BREAK + text)
            start += len(PARAGRAPH_BREAK)
        else:
            parts.append(text)
        self._length = end = start + len(text)
        # Positional (start, end, kind, label, speaker, role, time): half the cost of keywords,
        # and readers make a passage for every short turn.
        passage = Passage(start, end, kind, label, None, role, time)
        self.passages.append(passage)
        if time is not None:
            self.mark(start, time)
        return passage

    def mark(self, offset: int, time: float) -> None:
        """Note that the recording is at ``time`` where the text reaches ``offset``."""
        timeline = self.timeline
        if timeline and timeline[-1][0] == offset:
            timeline[-1] = (offset, time)
        elif not timeline or timeline[-1][0] < offset:
            timeline.append((offset, time))

    def extend_last(self, text: str, sep: str = " ", time: float | None = None) -> None:
        """Continue the last passage (a turn running over several cues or lines); ``time`` is
        that of the cue or marker the added words start at."""
        text = text.strip()
        if not text:
            return
        if not self.passages:
            self.add(text, time=time)
            return
        piece = sep + text
        self._parts.append(piece)
        if time is not None:
            self.mark(self._length + len(sep), time)
        self._length += len(piece)
        self.passages[-1].end = self._length

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def __len__(self) -> int:
        return self._length
