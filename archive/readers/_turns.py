"""Speaker labels (``HART:``, ``Q:``, ``Vera Lomova:``) and ``[HH:MM:SS]`` timecodes at the start of a turn.

Shared by the structured readers (docx, captions, OHMS) so that one convention is
recognised the same way whatever the container.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UP = "A-ZÀ-ÖØ-ÞА-ЯЁ"
_LOW = "a-zß-öø-ÿа-яё"
# Bounded repeats: a hostile line of capitals costs linear time, not a backtracking storm.
_CAPS = rf"[{_UP}][{_UP}.'’\-]{{0,30}}(?: [{_UP}][{_UP}.'’\-]{{0,30}}){{0,3}}"
_TITLE = rf"[{_UP}][{_LOW}.'’\-]{{1,30}}(?: (?:[{_UP}][{_LOW}.'’\-]{{1,30}}|de|von|van|der)){{0,3}}"
TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
TIMECODE = re.compile(rf"^\s*[\[(]({TIME})[\])]\s*")
_NUMBER = r"(?: \d{1,2})?"  # "Speaker 1", "INTERVIEWER 2"
LABEL = re.compile(rf"^\s*((?:{_CAPS}|{_TITLE}){_NUMBER})\s*:(?:\s+|$)")
# Words that look like a label but introduce notes, not speech (the text reader's list, in
# archive/readers/transcript.py, is the same idea for plain text).
NOT_LABELS = {"note", "notes", "nb", "ps", "source", "sources", "update", "see also", "see", "photo",
              "caption", "credit", "translation", "warning", "example", "transcript", "editor's note",
              "transcriber's note", "end of interview", "tape", "side", "part", "chapter", "section",
              "index", "summary", "abstract", "keywords", "tags", "posted", "http", "https", "www",
              "also", "but", "and", "however", "yes", "no", "well", "so", "then", "now", "today", "here",
              "there", "this", "that"}
ROLES = {"q": "interviewer", "a": "interviewee", "interviewer": "interviewer",
         "interviewee": "interviewee", "narrator": "interviewee"}


@dataclass
class Line:
    """A line (or paragraph) split into its speaker label, timecode and the words after them."""

    text: str
    label: str | None = None
    time: float | None = None


def seconds(clock: str) -> float:
    """``"01:02:03"`` -> 3723.0; ``"12:31"`` is minutes and seconds."""
    total = 0.0
    for part in clock.replace(",", ".").split(":"):
        total = total * 60 + float(part)
    return total


def clean_label(label: str) -> str:
    return re.sub(r"\s+", " ", label.strip().rstrip(":").strip())


def is_label(candidate: str) -> bool:
    """Whether a short bit of text (a bold run, a ``<v>`` voice) reads as a speaker's name."""
    candidate = clean_label(candidate)
    if not candidate or len(candidate) > 40 or candidate.lower() in NOT_LABELS:
        return False
    return bool(re.fullmatch(rf"(?:{_CAPS}|{_TITLE}){_NUMBER}", candidate))


def parse(text: str) -> Line:
    """Timecode and label in either order at the start: ``[00:12:31] HART: ...``, ``HART: [00:12:31] ...``."""
    time = None
    label = None
    rest = text
    for _ in range(2):
        m = TIMECODE.match(rest)
        if m and time is None:
            time = seconds(m.group(1))
            rest = rest[m.end():]
            continue
        m = LABEL.match(rest)
        if m and label is None and clean_label(m.group(1)).lower() not in NOT_LABELS:
            label = clean_label(m.group(1))
            rest = rest[m.end():]
            continue
        break
    return Line(rest.strip(), label, time)


def role_for(label: str | None) -> str | None:
    return ROLES.get(label.lower()) if label else None
