"""The one highlighter for every engine: phrase-aware ``[start, end)`` spans in Python string
offsets into the document text, computed on a shown passage's stored text with the shared
analysis, and an HTML snippet with ``<mark>`` around them (everything else escaped).
"""

from __future__ import annotations

import html
from collections import defaultdict

from indexer import analysis
from indexer.query import Terms

SNIPPET_CHARS = 300


def spans(text: str, base: int, wanted: list[Terms]) -> list[tuple[int, int]]:
    """Where ``wanted`` words and phrases occur in ``text`` (which starts at ``base`` in its
    document): a phrase matches as all stems or all name keys in a row, as the engines match."""
    if not wanted:
        return []
    tokens = analysis.analyze(text, base)
    by_stem: dict[str, list[int]] = defaultdict(list)
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(tokens):
        by_stem[t.stem].append(i)
        by_key[t.key].append(i)
    found: set[tuple[int, int]] = set()
    for terms in wanted:
        n = len(terms.stems)
        for i in set(by_stem.get(terms.stems[0], ())) | set(by_key.get(terms.keys[0], ())):
            window = tokens[i:i + n]
            if len(window) < n:
                continue
            if (all(t.stem == s for t, s in zip(window, terms.stems, strict=True))
                    or all(t.key == k for t, k in zip(window, terms.keys, strict=True))):
                found.add((window[0].start, window[-1].end))
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
