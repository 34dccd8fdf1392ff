"""Find quotations in text by their marks: “ ” „ « » ‹ › ‘ ’ and straight " and ', telling
apostrophes (party’s, didn't, '70s) from quotation marks.

Only top-level quotations are returned; a quotation inside a quotation belongs to the outer
one. Spans cover the words inside the marks (marks excluded, punctuation inside kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opener -> the characters that may close it
CLOSERS: dict[str, str] = {
    "“": "”\"", "„": "“”", "«": "»", "»": "«", "‹": "›", "›": "‹", "‘": "’", "‚": "‘’", '"': '"”', "'": "'",
}
# (A curly mark closed by a straight one, or the other way round, is a common slip of typing:
# “In the current climate ... midwives." is one quotation.)
ANY_MARK = re.compile(r"[\"'“”„«»‹›‘’‚]")
# The marks ``_opens`` may accept: a closing ” or ’ never opens, nor does a straight ' that
# follows anything but white space (or the start of the text). Looking only at these, and then
# only at an opener's closers, skips the apostrophes of "don't" and "goin'" in C. Every branch
# starts with a mark (the look-behinds come after it) so that re skips straight to the marks;
# a leading look-behind or ``^`` made it try a match at every character.
_MAY_OPEN = re.compile(r"[\"“„«»‹›‘‚]|'(?<=\s')|'(?<=^')")
_CLOSER_RE = {opener: re.compile(f"[{re.escape(chars)}]") for opener, chars in CLOSERS.items()}
# A straight single quote opens a quotation only after a comma or colon ("said, 'Git!'"), or
# at the start of the text: elsewhere it is an elision ('em, goin') in most texts.
_SINGLE_OPEN_AFTER = ",:;(—–"


@dataclass(slots=True)
class Found:
    """A quotation: ``[start, end)`` are the words inside the marks."""

    start: int
    end: int
    opener: str
    open_at: int = -1  # offset of the opening mark (-1 when continued from the passage before)
    close_at: int = -1  # offset of the closing mark (the passage end when open)
    open_end: bool = False  # no closing mark before the end of the passage
    continued: bool = False  # continues an open quotation from the passage before

    @property
    def family(self) -> str:
        return "single" if self.opener in "‘‚'" else "double"


def _is_letter(c: str) -> bool:
    return c.isalnum()


def _opens(text: str, i: int, lo: int, hi: int) -> bool:
    c = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if nxt.isspace():
        return False
    if c in "“„«‹":
        return True
    if c in "»›":  # reversed guillemets (German): »Zitat«
        return True
    if c in "‘‚":
        return not (_is_letter(prev) and _is_letter(nxt))
    if c == '"':
        return not _is_letter(prev) or prev in "([—–"
    if c == "'":
        return _is_letter(nxt) and _single_may_open(text, i, lo)
    return False


def _single_may_open(text: str, i: int, lo: int) -> bool:
    """True when ``text[lo:i]`` ends in one of _SINGLE_OPEN_AFTER and white space, or is all
    white space from the start of the text. Looks back only over the white space: a regex
    search over ``text[lo:i]`` cost a pass over the passage for every apostrophe."""
    j = i
    while j > lo and text[j - 1].isspace():
        j -= 1
    if j == lo:
        return lo == 0
    return j < i and text[j - 1] in _SINGLE_OPEN_AFTER


def _closes(text: str, i: int, opener: str, lo: int, hi: int) -> bool:
    c = text[i]
    if c not in CLOSERS[opener]:
        return False
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if c in "’'" and _is_letter(prev) and _is_letter(nxt):
        return False  # an apostrophe inside a word
    if c in "’'" and _is_letter(nxt):
        return False  # an elision at the start of a word ('em, ’70s)
    if c == "'" and prev.isspace():
        return False
    return True


def find(text: str, lo: int, hi: int, continuing: str | None = None) -> list[Found]:
    """Quotations in ``text[lo:hi]``. ``continuing`` is the opener of a quotation left open at
    the end of the passage before: a passage that starts with that mark continues it."""
    found: list[Found] = []
    opener: str | None = None
    start = lo
    continued = False
    pos = lo
    while True:
        m = (_MAY_OPEN if opener is None else _CLOSER_RE[opener]).search(text, pos, hi)
        if m is None:
            break
        i = pos = m.start()
        pos += 1
        if opener is None:
            if _opens(text, i, lo, hi):
                opener, start = text[i], i + 1
                continued = continuing is not None and text[i] == continuing and text[lo:i].strip() == ""
        elif _closes(text, i, opener, lo, hi):
            _add(found, text, start, i, opener, i, False, continued)
            opener = None
    if opener is not None:
        _add(found, text, start, hi, opener, hi, True, continued)
    return found


def _add(found: list[Found], text: str, start: int, end: int, opener: str, close_at: int,
         open_end: bool, continued: bool) -> None:
    """Append the quotation ``text[start:end]`` trimmed of white space, unless nothing is left."""
    open_at = start - 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        found.append(Found(start, end, opener, open_at, close_at, open_end, continued))


