"""Speaker labels (``HART:``, ``Q:``, ``Vera Lomova:``) and ``[HH:MM:SS]`` timecodes at the start of a turn.

The one place these conventions live: the plain-text transcript reader and the structured
readers (docx, captions, OHMS) recognise them the same way whatever the container. Every
pattern is anchored and bounded, so a hostile 100 MB line costs linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# [DD:HH:MM:SS], [HH:MM:SS] or [MM:SS], in square brackets or parentheses.
CLOCK = r"\d{1,3}(?::\d{1,2}){1,3}(?:[.,]\d{1,3})?"
_MARK = rf"[\[(]({CLOCK})[\])]"
TIMECODE = re.compile(rf"\s*{_MARK}\s*")
TIME_ONLY = re.compile(rf"[ \t]*{_MARK}[ \t]*$")
LINE_HEAD = re.compile(rf"([ \t]*)(?:{_MARK}[ \t]*)?")
TIME_AFTER_LABEL = re.compile(rf"{_MARK}[ \t]*")
# Up to four words before a colon; ``is_label`` decides whether they read as a name.
_WORDS = r"[^\W\d_][\w.'’()&/-]{0,40}(?:[ \t][\w.'’()&/-]{1,40}){0,3}"
LABEL = re.compile(rf"({_WORDS})[ \t]*:(?:\s+|$)")
NAME = re.compile(_WORDS)
# "Speaker 1 (00:01:02): ..." (Otter, Rev): the label, then the time, then the colon.
LABEL_THEN_TIME = re.compile(r"([^\W\d_][\w.'’&/-]{0,40}(?:[ \t][\w.'’&/-]{1,40}){0,3})[ \t]+"
                             rf"{_MARK}[ \t]*:(?:\s+|$)")
HEAD_CHARS = " \t[("  # a line starting otherwise has no indent and no leading timecode

# Words that look like a label but introduce notes, not speech ("Note: ..." inside prose).
NOT_LABELS = {
    "note", "notes", "nb", "n.b", "ps", "p.s", "source", "sources", "update", "updated", "edit",
    "see", "see also", "photo", "photos", "caption", "credit", "translation", "warning", "example",
    "transcript", "editor's note", "transcriber's note", "end of interview", "summary", "abstract",
    "tags", "posted", "read more", "share", "http", "https", "www", "chapter", "section", "part",
    "tape", "side", "index", "contents", "table of contents", "keywords", "subject", "topic", "also",
    "but", "and", "however", "yes", "no", "well", "so", "then", "now", "today", "here", "there",
    "this", "that",
}
PARTICLES = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "du", "al",
             "bin", "ibn", "y", "e", "of"}
QA_LABELS = {"Q", "A"}  # speakers however rarely they speak
ROLES = {"q": "interviewer", "a": "interviewee", "interviewer": "interviewer",
         "interviewee": "interviewee", "narrator": "interviewee", "subject": "interviewee",
         "ques": "interviewer", "ans": "interviewee"}


@dataclass
class Line:
    """A line (or paragraph) split into its speaker label, timecode and the words after them."""

    text: str
    label: str | None = None
    time: float | None = None


def seconds(clock: str) -> float:
    """``"01:02:03"`` -> 3723.0; ``"12:31"`` is minutes and seconds, ``"01:02:03:04"`` has days."""
    parts = clock.replace(",", ".").split(":")
    total = 0.0
    for n, part in enumerate(parts):
        # Days are 24 hours; every other step is 60 (hours, minutes, seconds).
        total = total * (24 if n == 1 and len(parts) == 4 else 60) + float(part)
    return total


def is_label(label: str) -> bool:
    """Whether ``label`` (the text before a colon) reads as a speaker: up to 4 capitalised words."""
    words = label.split()
    if not words or len(words) > 4:
        return False
    if label.lower().rstrip(".") in NOT_LABELS and not (label.isupper() and label.lower() in ROLES):
        return False  # "Subject: ..." is a line of prose; "SUBJECT:" a house style's speaker label
    for n, word in enumerate(words):
        head = word.lstrip("(")
        if not head:
            return False
        if n and (word.lower() in PARTICLES or word.isdigit()):  # "Speaker 2"
            continue
        if not head[0].isupper():
            return False
    return True


def clean_label(label: str) -> str:
    return re.sub(r"\s+", " ", label.strip().rstrip(":").strip())


def is_name(candidate: str) -> bool:
    """Whether a short bit of text standing alone (a bold run, a table cell) reads as a speaker's name."""
    candidate = clean_label(candidate)
    return len(candidate) <= 40 and NAME.fullmatch(candidate) is not None and is_label(candidate)


def split_head(line: str) -> tuple[int, float | None, str | None, str]:
    """(indent, time, label, rest) of one line; label None when the line has none."""
    if line[0] in HEAD_CHARS:
        m = LINE_HEAD.match(line)
        indent = len(m.group(1))
        time = seconds(m.group(2)) if m.group(2) else None
        pos = m.end()
    else:
        indent, time, pos = 0, None, 0
    if line.find(":", pos, pos + 220) < 0:  # most lines: no label to look for
        return indent, time, None, line[pos:] if pos else line
    if indent > 3:  # an indented continuation line, not a new turn
        return indent, time, None, line[pos:]
    lm = LABEL.match(line, pos)
    if lm and is_label(lm.group(1)):
        rest = line[lm.end():]
        if time is None and rest[:1] in ("[", "("):  # "HART: [00:12:31] ..."
            tm = TIME_AFTER_LABEL.match(rest)
            if tm:
                time, rest = seconds(tm.group(1)), rest[tm.end():]
        return indent, time, lm.group(1), rest
    if time is None and line.find("(", pos, pos + 200) > 0:  # "Speaker 1 (00:01:02): ..."
        tm = LABEL_THEN_TIME.match(line, pos)
        if tm and is_label(tm.group(1)):
            return indent, seconds(tm.group(2)), tm.group(1), line[tm.end():]
    return indent, time, None, line[pos:]


def parse(text: str) -> Line:
    """Timecode and label at the start of a paragraph: ``[00:12:31] HART: ...``, ``HART: [00:12:31] ...``."""
    text = text.strip()
    if not text:
        return Line("")
    _, time, label, rest = split_head(text)
    return Line(rest.strip(), clean_label(label) if label is not None else None, time)


def role_for(label: str | None) -> str | None:
    return ROLES.get(label.lower()) if label else None
