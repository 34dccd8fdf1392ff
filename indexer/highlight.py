"""The one highlighter for every engine: phrase-aware ``[start, end)`` spans in Python string
offsets into the document text, computed on a shown passage's stored text with the shared
analysis, and an HTML snippet with ``<mark>`` around them (everything else escaped).
"""

from __future__ import annotations

import html

from indexer import analysis
from indexer.query import Terms

SNIPPET_CHARS = 300


def spans(text: str, base: int, wanted: list[Terms]) -> list[tuple[int, int]]:
    """Where ``wanted`` words and phrases occur in ``text`` (which starts at ``base`` in its
    document): a phrase matches as all stems or all name keys in a row, as the engines match.
    Stems and keys are looked up for all words at once; word offsets are worked out (a second
    pass of the word pattern) only when some word starts a match."""
    if not wanted:
        return []
    words = analysis.words(text)
    stems, keys = analysis.stems_and_keys(words)
    first_stems = {t.stems[0] for t in wanted}
    first_keys = {t.keys[0] for t in wanted}
    starts = [i for i, (s, k) in enumerate(zip(stems, keys, strict=True))
              if s in first_stems or k in first_keys]
    if not starts:
        return []
    offsets = analysis.word_spans(text)
    found: set[tuple[int, int]] = set()
    for terms in wanted:
        n = len(terms.stems)
        for i in starts:
            if i + n <= len(words) and (stems[i:i + n] == terms.stems or keys[i:i + n] == terms.keys):
                found.add((base + offsets[i][0], base + offsets[i + n - 1][1]))
    return _merge(sorted(found))


def _merge(spans_: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans_:
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def snippet_html(text: str, base: int, marks: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> str:
    """A window of ``text`` around its first mark, HTML-escaped, marks wrapped in ``<mark>``."""
    lo, hi = 0, len(text)
    if len(text) > width:
        first = marks[0][0] - base if marks else 0
        lo = max(0, first - width // 3)
        hi = min(len(text), lo + width)
        lo = max(0, min(lo, hi - width))
        # Cut at word boundaries so the snippet starts and ends on whole words.
        if lo > 0:
            space = text.find(" ", lo)
            lo = space + 1 if 0 <= space < first else lo
        if hi < len(text):
            space = text.rfind(" ", lo, hi)
            hi = space if space > lo and (not marks or space >= marks[0][1] - base) else hi
    parts = ["… " if lo > 0 else ""]
    cursor = lo
    for start, end in marks:
        start, end = max(start - base, lo), min(end - base, hi)
        if end <= start:
            continue
        parts.append(html.escape(text[cursor:start]))
        parts.append(f"<mark>{html.escape(text[start:end])}</mark>")
        cursor = end
    parts.append(html.escape(text[cursor:hi]))
    parts.append(" …" if hi < len(text) else "")
    return "".join(parts)
