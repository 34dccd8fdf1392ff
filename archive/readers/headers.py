"""Header blocks of ``Key: value`` lines inside transcripts, wherever real transcripts put them.

Institutional house styles open a transcript (or each session of one) with lines such as
``INTERVIEWEE: David Baltimore`` / ``INTERVIEWER(S): ...`` / ``DATE: 7 February 1994`` /
``LOCATION: ...``: at the top, after an abstract paragraph, separated by blank lines or not,
indented, upper or mixed case, a name running on to the next line. ``find`` returns every
such block; a block never holds a turn ("Interviewer: So where were you born?" reads as speech).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from archive.readers import _fields

# Keys a header block is made of (the model's field names, after ``_fields.field_for``).
HEADER_FIELDS = {"interviewee", "interviewer", "date", "place", "title", "collection", "repository",
                 "identifier", "transcriber", "duration", "language", "access", "rights",
                 "keywords", "session"}
PEOPLE = {"interviewee", "interviewer"}
STRONG = {"interviewee", "interviewer", "date", "session"}  # at least one of these in a block
MAX_BLANKS = 3  # blank lines allowed between the lines of one block
SENTENCE_END = re.compile(r"[a-z]{2}\.(?:\s|$)")
SESSION_KEY = re.compile(r"^\s*session\s*(?:number|no\.?)?\s*:\s*(.+?)\s*$", re.I)


@dataclass
class HeaderBlock:
    start: int  # index of its first line
    end: int  # index after its last line
    values: dict[str, Any] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)  # indexes of its non-blank lines


def key_line(line: str) -> tuple[str, str] | None:
    """(field, value) when ``line`` is a header line; session lines count too."""
    if ":" not in line:
        return None
    m = SESSION_KEY.match(line)
    if m:
        return "session", m.group(1)
    pair = _fields.key_value(line.replace("\t", " ").replace("(S)", "S").replace("(s)", "s"),
                             names_checked=False)
    if pair is None or pair[0] not in HEADER_FIELDS:
        return None
    name, value = pair
    if name in PEOPLE and (value.rstrip()[-1:] in "?!" or SENTENCE_END.search(value)
                           or len(value.split()) > 8 or not (value[0].isupper() or value[0].isdigit())):
        return None  # a question or an answer, not a name ("Person 9" is a name here)
    return name, value


def block_at(lines: list[str], start: int) -> HeaderBlock | None:
    """The header block starting at ``lines[start]``, if one does (two or more header lines)."""
    block = HeaderBlock(start, start)
    values: dict[str, Any] = {}
    last_key: str | None = None
    blanks = 0
    i = start
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            blanks += 1
            if blanks > MAX_BLANKS:
                break
            i += 1
            continue
        pair = key_line(line)
        if pair is not None:
            name, value = pair
            if name in values and name not in PEOPLE:
                break  # a second DATE: the next session's header
            _fields.add(values, name, value)
            last_key = name
        elif last_key in PEOPLE and blanks == 0 and ":" not in line and _fields._names(line.strip()):
            _fields.add(values, last_key, line.strip())  # "INTERVIEWERS: Sarah Schneider" / "David J. Caruso"
        else:
            break
        block.lines.append(i)
        block.end = i + 1
        blanks = 0
        i += 1
    keys = set(values)
    if len(block.lines) < 2 or not keys & STRONG:
        return None
    block.values = values
    return block


def find(lines: list[str], start: int = 0) -> list[HeaderBlock]:
    """Every header block from ``start`` on, in order; lines in no block are left for the body."""
    out: list[HeaderBlock] = []
    i = start
    previous_blank = True
    while i < len(lines):
        line = lines[i]
        if line.strip() and previous_blank or (line.strip() and out and out[-1].end == i):
            block = block_at(lines, i) if ":" in line and key_line(line) else None
            if block is not None:
                out.append(block)
                i = block.end
                previous_blank = True
                continue
        previous_blank = not line.strip() or bool(re.fullmatch(r"\s*\[[^\]]{1,80}\]\s*", line))
        i += 1
    return out
