"""Where sentences end: the one sentence splitter and the one list of abbreviations that
cutting passages, quote attribution and name finding share.

A sentence ends at ``.`` ``!`` ``?`` or ``…`` (a run of them, then any closing quotes or
brackets) followed by white space and something that starts like a sentence: a capital or a
digit, perhaps after an opening quote or bracket. A single ``.`` ends no sentence after an
abbreviation ("Mr. Reed", "Ft. Smith", "e.g. This"), after initials ("John G. Roberts",
"W.P.A. Project", "U.S. Army"), or after "No", "ft" or a lower-case letter before a number
("No. 5", "5 ft. 9 in.", "p. 3", "c. 1890").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Titles written before or after a name; ``archive.tagging.names`` reads "Dr." or "Jr." as part
# of the name they stand with.
TITLES = ("Jr", "Sr", "St", "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Rev", "Sen", "Rep", "Gov",
          "Capt", "Lt", "Prof", "Mt")
# Every word that, followed by a single ".", ends no sentence; as written, or in capitals
# ("MRS. SARAH" in the headers of the slave narratives).
ABBREVIATIONS = (*TITLES, "Co", "Inc", "Ft", "vs", "e.g", "i.e")
# Abbreviations only before a number ("No. 5", "5 ft. 9 in."): elsewhere "No." is an answer
# that ends a sentence.
BEFORE_NUMBER = ("No", "ft")

# The capital or digit that may start a sentence, after an opening quote or bracket.
_NEXT_STARTS = r"""(?=["'“‘«(\[]?[A-ZА-ЯЁ0-9])"""
_END = re.compile(r"""[.!?…]+["'”’»)\]]*\s+""" + _NEXT_STARTS)
_ALWAYS = frozenset(ABBREVIATIONS) | {a.upper() for a in ABBREVIATIONS}
_NUMBERED = frozenset(BEFORE_NUMBER) | {a.upper() for a in BEFORE_NUMBER}
# The word before a ".": what follows the last space or dash, from its first letter on ("(Mr"
# gives "Mr", "man--Mr" gives "Mr", "N/A" stays whole); no abbreviation is near 24 characters.
_WORD_BEFORE = re.compile(r"[^\W\d_][^\s\-–—]*\Z")
_LOOK_BACK = 24
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
# Space and opening marks that may stand between a sentence's end and its first word.
_OPENING = " \t\"“‘'(«"


def is_abbreviation(text: str, dot: int, before_number: bool) -> bool:
    """Whether the "." at ``text[dot]`` closes an abbreviation or an initial rather than a
    sentence; ``before_number`` says a digit comes next."""
    m = _WORD_BEFORE.search(text, max(0, dot - _LOOK_BACK), dot)
    if m is None:
        return False
    word = m.group()
    if word in _ALWAYS or (word.isupper() and _INITIALS.fullmatch(word)):
        return True
    return before_number and (word in _NUMBERED or (len(word) == 1 and word.islower()))


def ends(text: str, lo: int = 0, hi: int | None = None) -> Iterator[tuple[int, int]]:
    """``(end, next_start)`` for each sentence end in ``text[lo:hi]``, in order: ``end`` is just
    after the sentence's last mark or closing quote, ``next_start`` where the next one begins.
    Nothing beyond ``hi`` is looked at, so a sentence end right before ``hi`` is not seen."""
    hi = len(text) if hi is None else hi
    for m in _END.finditer(text, lo, hi):
        dot = m.start()
        if text[dot] == "." and text[dot + 1] not in ".!?…" \
                and is_abbreviation(text, dot, text[m.end()].isdigit()):
            continue
        yield dot + len(m.group().rstrip()), m.end()


def spans(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """``[start, end)`` of the sentences in ``text[lo:hi]``; ends leave out trailing white space."""
    hi = len(text) if hi is None else hi
    out, cursor = [], lo
    for end, next_start in ends(text, lo, hi):
        out.append((cursor, end))
        cursor = next_start
    end = hi
    while end > cursor and text[end - 1].isspace():
        end -= 1
    if end > cursor:
        out.append((cursor, end))
    return out


def start_before(text: str, lo: int, pos: int, look_back: int = 400) -> int:
    """Where the sentence holding ``pos`` starts, looking back at most ``look_back`` characters
    (and not before ``lo``, returned when no sentence end is found)."""
    start = lo
    for _, next_start in ends(text, max(lo, pos - look_back), pos):
        start = next_start
    return start


def end_after(text: str, pos: int, hi: int) -> int:
    """Where the sentence holding ``pos`` ends (``hi`` when it runs on to there)."""
    return next((end for end, _ in ends(text, pos, hi)), hi)


def opens_sentence(text: str, pos: int, lo: int = 0) -> bool:
    """Whether the word at ``pos`` comes first in its sentence or clause (or first after ``lo``),
    so that its capital says nothing about it being a name."""
    i = pos - 1
    while i >= lo and text[i] in _OPENING:
        i -= 1
    return i < lo or text[i] in ".!?:;\n"
