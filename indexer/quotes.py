"""The misquote finder: candidates by the quote's rarest words, then an alignment of the quote
against each candidate passage joined with its neighbours (so quotes across passage
boundaries are found), answering the original wording, its offsets, a similarity and a word diff.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from archive.access import Viewer, visible
from archive.errors import BadParameter
from archive.store import PassageHit, Store
from archive.tagging import sentences
from indexer import analysis
from indexer.backend import AccessFilter
from indexer.partitions import PartitionedBackend
from indexer.query import And, Or, Terms

RARE_WORDS = 4  # candidates must contain at least one of the quote's this-many rarest words
CANDIDATES = 12
MIN_SIMILARITY = 0.45
MAX_CHARS = 2000
SENTENCE_BONUS = 0.04
SLACK = 3  # words by which an alignment's ends may move when refining it


@dataclass
class Match:
    document_id: str
    start: int
    end: int
    text: str
    similarity: float
    passages: list[PassageHit]


def find(backend: PartitionedBackend, store: Store, text: str, access: AccessFilter, viewer: Viewer,
         limit: int = 5) -> dict:
    """The quote JSON of the design: ``{"query", "matches": [...]}``."""
    if not text or not text.strip():
        raise BadParameter("text", "the quote is empty; give the words you remember")
    if len(text) > MAX_CHARS:
        raise BadParameter("text", f"the quote is longer than {MAX_CHARS} characters")
    if not 1 <= limit <= 50:
        raise BadParameter("limit", "must be between 1 and 50")
    tokens = analysis.analyze(text)
    if not tokens:
        raise BadParameter("text", "the quote has no words to look for")
    query_words = [analysis.fold(w) for w in analysis.words(text)]
    matches = [m for m in _matches(backend, store, tokens, query_words, access)
               if all(visible(p.metadata, viewer) for p in m.passages)]
    matches.sort(key=lambda m: (-m.similarity, m.document_id, m.start))
    kept: list[Match] = []
    for m in matches:  # neighbouring candidates find the same words: keep the best once
        if not any(k.document_id == m.document_id and k.start < m.end and m.start < k.end for k in kept):
            kept.append(m)
    said = analysis.words(text)
    for m in kept[:limit]:
        if len(m.passages) > 1:  # spanning passages: read the true text between them
            m.text = store.text_range(m.document_id, m.start, m.end)
    return {"query": text, "matches": [_to_dict(m, said) for m in kept[:limit]]}


def _matches(backend: PartitionedBackend, store: Store, tokens, query_words: list[str],
             access: AccessFilter) -> list[Match]:
    pairs = {t.stem: t.key for t in tokens}
    freq = {stem: backend.doc_freq(stem, access) for stem in pairs}  # what this viewer may see
    rare = sorted((s for s in pairs if freq[s] > 0), key=lambda s: (freq[s], s))[:RARE_WORDS]
    if not rare:
        return []
    root = And((Or(tuple(Terms(s, (s,), (pairs[s],)) for s in rare)),))
    hits = backend.search(root, access, limit=CANDIDATES, facets=False)
    ids = [pid for pid, _ in hits.ids]
    around = [f"{doc}:p{n + d}" for doc, n in map(_split, ids) for d in (-1, 0, 1) if n + d > 0]
    found = {h.passage.id: h for h in store.passages(list(dict.fromkeys(around)))}
    query = " ".join(query_words)
    out = []
    for pid in ids:
        doc, n = _split(pid)
        group = [found[i] for i in (f"{doc}:p{n - 1}", pid, f"{doc}:p{n + 1}") if i in found]
        if not group:
            continue
        lo = group[0].passage.start
        # The passages' own text, with what lies between them (timecodes, blank lines) as spaces
        # of the same length: offsets stay true, and nothing but spoken words is aligned.
        pieces, cursor = [], lo
        for h in group:
            pieces.append(" " * (h.passage.start - cursor) + h.text)
            cursor = h.passage.end
        context = "".join(pieces)
        best = _align(query, len(query_words), context)
        if best is None:
            continue
        score, s, e = best
        inside = [h for h in group if h.passage.start < lo + e and lo + s < h.passage.end]
        out.append(Match(doc, lo + s, lo + e, context[s:e], score, inside or group[1:2]))
    return out


def _split(pid: str) -> tuple[str, int]:
    doc, _, n = pid.rpartition(":p")
    return doc, int(n)


def _align(query: str, n_words: int, context: str) -> tuple[float, int, int] | None:
    """The best-matching stretch of ``context``: (similarity 0..1, start, end) in context offsets."""
    spans = analysis.word_spans(context)
    if not spans:
        return None
    words = [analysis.fold(context[s:e]) for s, e in spans]
    candidates: set[tuple[int, int]] = set()  # word index ranges [i, j)
    # Sentences, and pairs of them (a quote may run over a sentence or passage boundary).
    word_starts = [a for a, _ in spans]
    bounds = []
    for s, e in sentences.spans(context):
        i, j = bisect_left(word_starts, s), bisect_left(word_starts, e)
        if j > i:
            bounds.append((i, j))
    sentence_starts = {i for i, _ in bounds}
    sentence_ends = {j for _, j in bounds}
    for k, (i, j) in enumerate(bounds):
        candidates.add((i, j))
        if k + 1 < len(bounds):
            candidates.add((i, bounds[k + 1][1]))
    # The character alignment, snapped to words and refined by a few words at either end.
    joined = " ".join(words)
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    al = fuzz.partial_ratio_alignment(query, joined)
    if al is not None:
        i0 = _word_at(starts, al.dest_start)
        j0 = _word_at(starts, max(al.dest_start, al.dest_end - 1)) + 1
        for i in range(max(0, i0 - SLACK), min(len(words), i0 + SLACK + 1)):
            for j in range(max(i + 1, j0 - SLACK), min(len(words), j0 + SLACK) + 1):
                candidates.add((i, j))
    query_bag = Counter(analysis.terms(w)[0] for w in query.split())
    stems = [analysis.terms(w)[0] for w in words]
    best = None
    for i, j in candidates:
        if j - i > 3 * n_words + 5:
            continue
        score = _similarity(query, query_bag, " ".join(words[i:j]), Counter(stems[i:j]))
        # Of near-equal windows, prefer whole sentences over ones with a stray fragment.
        bonus = SENTENCE_BONUS * ((i in sentence_starts) + (j in sentence_ends))
        key = (score + bonus, score, -(j - i))
        if best is None or key > best[0]:
            best = (key, i, j)
    if best is None:
        return None
    (_, score, _), i, j = best
    if score < MIN_SIMILARITY:
        return None
    return score, spans[i][0], _end_with_punctuation(context, spans[j - 1][1])


def _similarity(query: str, query_bag: Counter, window: str, window_bag: Counter) -> float:
    """0..1: half how well the words agree as bags (F1 over stems: the quote's words are there,
    and few others), half how well they agree in order (character edit ratio, or sorted)."""
    common = sum((query_bag & window_bag).values())
    if not common:
        return 0.0
    precision, recall = common / sum(window_bag.values()), common / sum(query_bag.values())
    f1 = 2 * precision * recall / (precision + recall)
    order = max(fuzz.ratio(query, window), fuzz.token_sort_ratio(query, window)) / 100
    return 0.5 * f1 + 0.5 * order


def _word_at(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _end_with_punctuation(context: str, end: int) -> int:
    """Keep a sentence's closing punctuation with the original wording."""
    while end < len(context) and context[end] in ".!?…":
        end += 1
    return end


def _to_dict(m: Match, query_words: list[str]) -> dict:
    first = m.passages[0]
    original = analysis.words(m.text)
    return {
        "passage_id": first.passage.id, "passage_ids": [h.passage.id for h in m.passages],
        "document_id": m.document_id, "title": first.title, "speaker": first.passage.speaker,
        "start": m.start, "end": m.end, "text": m.text, "similarity": round(m.similarity, 3),
        "diff": word_diff(query_words, original), "diff_text": diff_text(query_words, original),
        "url": f"/documents/{m.document_id}#p{first.passage.number}",
        "hl_url": f"/documents/{m.document_id}?hl={m.start}-{m.end}#p{first.passage.number}",
    }


def word_diff(query: list[str], original: list[str]) -> list[dict]:
    """Word-level edits from the quote as given to the original: equal, replace, delete, insert."""
    a = [analysis.fold(w) for w in query]
    b = [analysis.fold(w) for w in original]
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        ops.append({"op": tag, "query": " ".join(query[i1:i2]), "original": " ".join(original[j1:j2])})
    return ops


def diff_text(query: list[str], original: list[str]) -> str:
    """The diff as one line, wdiff style: ``[-as given-]{+original+}``."""
    parts = []
    for op in word_diff(query, original):
        if op["op"] == "equal":
            parts.append(op["original"])
        else:
            if op["query"]:
                parts.append(f"[-{op['query']}-]")
            if op["original"]:
                parts.append(f"{{+{op['original']}+}}")
    return " ".join(parts)
