"""Cut long passages at sentence boundaries so that each stays a citable, searchable size."""

from __future__ import annotations

import re
from dataclasses import replace

from archive.model import Document, Passage

DEFAULT_MAX_WORDS = 200

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) and white space,
# when the next thing starts like a sentence. Abbreviations such as "Mr." are kept whole.
_SENTENCE_END = re.compile(r"""[.!?…]+["'”’»)\]]*\s+(?=["'“‘«(\[]?[A-ZА-ЯЁ0-9])""")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "gen", "col", "capt", "lt",
                  "rev", "prof", "mt", "no", "ft", "co", "inc", "ala", "va", "miss", "u.s", "e.g", "i.e"}
_WORD = re.compile(r"\w+")


def count_words(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text, start, end))


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``[start, end)`` offsets of the sentences in ``text[start:end]``."""
    end = len(text) if end is None else end
    spans, cursor = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        before = text[cursor:m.start() + 1].rstrip(".!?…").rsplit(None, 1)
        last = before[-1].lower().strip("(\"'“") if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        stop = m.end()
        while stop > cursor and text[stop - 1].isspace():
            stop -= 1
        spans.append((cursor, stop))
        cursor = m.end()
    if cursor < end:
        stop = end
        while stop > cursor and text[stop - 1].isspace():
            stop -= 1
        if stop > cursor:
            spans.append((cursor, stop))
    return spans


def _longer_than(text: str, start: int, end: int, max_words: int) -> bool:
    """Whether ``text[start:end]`` holds more than ``max_words`` words, counting as few as it can:
    n words take at least 2n - 1 characters, and words found in a first stretch are there."""
    if end - start <= 2 * max_words:
        return False
    stretch = min(end, start + 10 * max_words)
    n = count_words(text, start, stretch)
    if n > max_words or stretch == end:
        return n > max_words
    return count_words(text, start, end) > max_words


def _piece_time(doc: Document, p: Passage, start: int) -> float | None:
    """The latest timed point inside the passage at or before ``start``; else the passage's time."""
    found = p.time
    for at, seconds in doc.timeline:
        if at > start:
            break
        if at >= p.start:
            found = seconds
    return found


def split_long(doc: Document, max_words: int = DEFAULT_MAX_WORDS) -> None:
    """Replace each passage longer than ``max_words`` by pieces cut between sentences."""
    out: list[Passage] = []
    for p in doc.passages:
        if not _longer_than(doc.text, p.start, p.end, max_words):
            out.append(p)
            continue
        pieces: list[tuple[int, int]] = []
        piece_start, words, prev_end = None, 0, p.start
        for s, e in sentence_spans(doc.text, p.start, p.end):
            n = count_words(doc.text, s, e)
            if piece_start is not None and words + n > max_words:
                pieces.append((piece_start, prev_end))
                piece_start, words = None, 0
            if piece_start is None:
                piece_start = s
            words += n
            prev_end = e
        if piece_start is not None:
            pieces.append((piece_start, prev_end))
        for i, (s, e) in enumerate(pieces):
            # Each piece takes the time of the cue or sync point its first words follow.
            time = p.time if i == 0 else _piece_time(doc, p, s)
            piece = replace(p, start=s, end=e, time=time,
                            topics=[], entities=[], quotes=[q for q in p.quotes if s <= q.start < e])
            out.append(piece)
    doc.passages = out
