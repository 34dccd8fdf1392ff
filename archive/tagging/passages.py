"""Cut long passages at sentence boundaries so that each stays a citable, searchable size."""

from __future__ import annotations

import re
from dataclasses import replace

from archive.model import Document, Passage
from archive.tagging import sentences

DEFAULT_MAX_WORDS = 200

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


def split_long(doc: Document, max_words: int = DEFAULT_MAX_WORDS) -> None:
    """Replace each passage longer than ``max_words`` by pieces cut between sentences."""
    out: list[Passage] = []
    for p in doc.passages:
        if not _longer_than(doc.text, p.start, p.end, max_words):
            out.append(p)
            continue
        pieces: list[tuple[int, int]] = []
        piece_start, words, prev_end = None, 0, p.start
        for s, e in sentences.spans(doc.text, p.start, p.end):
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
            # Only the first piece knows the time of its first word.
            piece = replace(p, start=s, end=e, time=p.time if i == 0 else None,
                            topics=[], entities=[], quotes=[q for q in p.quotes if s <= q.start < e])
            out.append(piece)
    doc.passages = out
