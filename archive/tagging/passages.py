"""Cut long passages at sentence boundaries so that each stays a citable, searchable size."""

from __future__ import annotations

import re
from dataclasses import replace

from archive.model import Document, Passage
from archive.tagging import sentences

DEFAULT_MAX_WORDS = 200
# However a text is written, no passage is longer than this many characters: a search answer or
# a citation shows whole passages, so their size bounds every answer (a 50 MB file with no
# paragraph or sentence break is still cut, at word boundaries, or hard where there are none).
MAX_CHARS = 4000

_WORD = re.compile(r"\w+")


def count_words(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text, start, end))


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


def split_long(doc: Document, max_words: int = DEFAULT_MAX_WORDS, max_chars: int = MAX_CHARS) -> None:
    """Replace each passage longer than ``max_words`` (or ``max_chars``) by pieces cut between
    sentences; a sentence too long by itself is cut between words, and a run of characters
    without white space longer than ``max_chars`` is cut where the limit falls."""
    out: list[Passage] = []
    for p in doc.passages:
        if p.end - p.start <= max_chars and not _longer_than(doc.text, p.start, p.end, max_words):
            out.append(p)
            continue
        pieces: list[tuple[int, int]] = []
        piece_start, words, prev_end = None, 0, p.start
        for s0, e0 in sentences.spans(doc.text, p.start, p.end):
            if e0 - s0 <= max_chars and not _longer_than(doc.text, s0, e0, max_words):
                sentence = [(s0, e0, count_words(doc.text, s0, e0))]
            else:
                sentence = _bounded(doc.text, s0, e0, max_words, max_chars)
            for s, e, n in sentence:
                if piece_start is not None and (words + n > max_words or e - piece_start > max_chars):
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


_THROUGH_LAST_SPACE = re.compile(r".*\s", re.DOTALL)
_words_up_to: dict[int, re.Pattern] = {}


def _bounded(text: str, start: int, end: int, max_words: int,
             max_chars: int) -> list[tuple[int, int, int]]:
    """``text[start:end]`` (a sentence too long to be one passage) as (start, end, words)
    pieces within both limits: cut after the ``max_words``-th word or at the last white space
    within ``max_chars``, and hard at ``max_chars`` where there is no white space at all. A
    piece cut short counts as full (``max_words``): it is a passage of its own."""
    words_up_to = _words_up_to.get(max_words)
    if words_up_to is None:  # the first max_words words, matched in one go
        words_up_to = _words_up_to[max_words] = re.compile(rf"(?:\W*\w+){{1,{max_words}}}")
    pieces: list[tuple[int, int, int]] = []
    cursor = start
    while cursor < end:
        limit = min(end, cursor + max_chars)
        m = words_up_to.match(text, cursor, limit)
        stop = m.end() if m is not None and m.end() < limit else limit
        if stop < end and not text[stop].isspace():  # inside a word ("don|'t"): back to a space
            space = _THROUGH_LAST_SPACE.match(text, cursor, stop)
            if space is not None and space.end() - 1 > cursor:
                stop = space.end() - 1
        piece_end = stop
        while piece_end > cursor and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > cursor:
            last = stop >= end
            pieces.append((cursor, piece_end, count_words(text, cursor, piece_end) if last else max_words))
        cursor = stop
        while cursor < end and text[cursor].isspace():
            cursor += 1
    return pieces
