"""Topics decided at the level people index at: a passage's own evidence and its neighbours',
and summaries of what each stretch of a document and the document as a whole are about.

``topics._scan`` finds each passage's evidence: for every concept, the distinct words that
triggered it (a multi-word entry counts twice). A passage then gets a concept when

1. its own evidence is enough (``min_score``, 2: one incidental word never decides alone);
2. it answers a question (a turn after another speaker's turn ending in "?") and the question
   and answer together are enough, a word in the question that names the concept (its label
   or an alternative label, not a word that merely brushes it) counting twice: "What do you
   remember of the night your father was arrested?" makes the answer about the arrest, and
   the question too;
3. it has some evidence of its own and the topic runs on around it: with the passages before
   and after it (in the same speaker's turn, or the same kind of passage) the evidence reaches
   ``min_score + 1`` distinct words;
4. it has some evidence of its own and the concept is what its stretch of the document (a
   segment, or a window of ``WINDOW`` passages) is mostly about by rules 1-3 (``DOMINANT_SHARE``
   of its words, in three passages): in a mission transcript "attitude" is about the flight.

A summary lists the concepts that fill a real part of a stretch of text: the share of its words
in passages tagged with the concept, or the number of such passages. A document's topics are
those of its segments (OHMS index points; otherwise windows of ``WINDOW`` passages, so that a
long transcript's index lists what each part is about) and those that run through the whole,
plus the keywords that came with it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import TypeVar

from archive.model import Document, Passage, TopicTag

T = TypeVar("T")

WINDOW = 40  # passages in a stretch of a long transcript without index points
SEGMENT_SHARE = 0.15  # share of a segment's words a concept must fill (with two passages)
DOCUMENT_SHARE = 0.05  # share of the whole document's words
DOMINANT_SHARE = 0.3  # what a stretch is mostly about (rule 4)
KEYWORD_TRIGGERS = ("segment keyword", "segment subject", "document keyword")


def strength(triggers: Sequence[str]) -> int:
    """Distinct trigger words; a multi-word entry ("labour camp") counts twice."""
    return sum(2 if not w.replace("'", "").replace("’", "").isalnum() else 1 for w in triggers)


def decide(doc: Document, passages: list[Passage], evidence: list[dict[str, list[str]]],
           min_score: int, names: Callable[[str, str], bool]) -> list[list[TopicTag]]:
    """The topics of each passage from ``evidence`` (per passage: concept label -> trigger
    words, in vocabulary order), by the four rules above; ``names(label, word)`` tells whether
    a trigger word names the concept."""
    first = _local(doc.text, passages, evidence, min_score, names)
    out: list[list[TopicTag]] = []
    for stretch in _stretches(doc, range(len(passages)), lambda i: passages[i].start):
        tagged = [Passage(passages[i].start, passages[i].end, topics=first[i]) for i in stretch]
        about = set(summarise(tagged, min_passages=3, share=DOMINANT_SHARE))
        for i in stretch:
            tags = first[i]
            have = {t.label for t in tags}
            tags += [TopicTag(label, list(words)) for label, words in evidence[i].items()
                     if label in about and label not in have]
            order = {label: n for n, label in enumerate(evidence[i])}
            out.append(sorted(tags, key=lambda t: order.get(t.label, len(order))))
    return out


def _local(text: str, passages: list[Passage], evidence: list[dict[str, list[str]]], min_score: int,
           names: Callable[[str, str], bool]) -> list[list[TopicTag]]:
    """Rules 1-3."""
    out: list[list[TopicTag]] = []
    for i, own in enumerate(evidence):
        chosen: dict[str, list[str]] = {}
        for label, words in own.items():
            if strength(words) >= min_score:
                chosen[label] = list(words)
        q = _question_before(text, passages, i)
        a = i + 1 if _question_before(text, passages, i + 1) == i else None
        for other, question in ((q, q), (a, i)):
            if other is None:
                continue
            asked = evidence[question]
            for label in _union(evidence[other], own):
                both = _union(own.get(label, ()), evidence[other].get(label, ()))
                named = any(names(label, w) for w in asked.get(label, ()))
                if label not in chosen and strength(both) + named >= min_score:
                    chosen[label] = list(own.get(label, ())) or ["(question and answer)"]
        for label, words in own.items():
            if label in chosen:
                continue
            around = _union(words, *(evidence[k].get(label, ()) for k in _neighbours(passages, i)))
            if strength(around) >= min_score + 1:
                chosen[label] = list(words)
        order = {label: n for n, label in enumerate(own)}
        out.append([TopicTag(label, chosen[label])
                    for label in sorted(chosen, key=lambda x: order.get(x, len(order)))])
    return out


def _union(*groups: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(w for g in groups for w in g))


def _question_before(text: str, passages: list[Passage], i: int) -> int | None:
    """The index of the question ``passages[i]`` answers, if it answers one."""
    if i <= 0 or i >= len(passages):
        return None
    p, q = passages[i], passages[i - 1]
    if p.kind != "turn" or q.kind != "turn" or (p.speaker or p.label) == (q.speaker or q.label):
        return None
    return i - 1 if text[q.start:q.end].rstrip().endswith("?") else None


def _neighbours(passages: list[Passage], i: int) -> list[int]:
    """The passages before and after ``i`` that continue its stretch: the same kind, and for
    turns the same speaker (one long turn split in parts)."""
    out = []
    for k in (i - 1, i + 1):
        if 0 <= k < len(passages):
            p, o = passages[i], passages[k]
            if o.kind == p.kind and (p.kind != "turn" or (o.speaker or o.label) == (p.speaker or p.label)):
                out.append(k)
    return out


def summarise(passages: Sequence[Passage], min_passages: int = 2, share: float = SEGMENT_SHARE) -> list[str]:
    """The concepts that fill at least ``share`` of these passages' words, in at least
    ``min_passages`` passages (or all of them, when fewer), most words first."""
    total = sum(p.end - p.start for p in passages) or 1
    covered: dict[str, int] = {}
    count: dict[str, int] = {}
    for p in passages:
        for t in p.topics:
            if t.triggers and all(w in KEYWORD_TRIGGERS for w in t.triggers):
                continue  # keywords are kept as they are, not weighed
            covered[t.label] = covered.get(t.label, 0) + (p.end - p.start)
            count[t.label] = count.get(t.label, 0) + 1
    need = min(min_passages, len(passages))
    return [label for label in sorted(covered, key=lambda x: -covered[x])
            if covered[label] / total >= share and count[label] >= need]


def document_topics(doc: Document) -> list[str]:
    """What ``doc`` is about: its segments' summaries, what runs through the whole, and the
    keywords that came with it (those first)."""
    passages = [p for p in doc.passages if p.kind not in ("title", "metadata")]
    keywords = [t.label for p in doc.passages for t in p.topics
                if t.triggers and all(w in KEYWORD_TRIGGERS for w in t.triggers)]
    found = list(dict.fromkeys(keywords))
    found += summarise(passages, min_passages=1, share=DOCUMENT_SHARE)
    for stretch in _stretches(doc, passages, lambda p: p.start):
        found += summarise(stretch)
    return list(dict.fromkeys(found))


def _stretches(doc: Document, items: Sequence[T], start: Callable[[T], int]) -> list[list[T]]:
    """``items`` (in text order) grouped by the document's segments, or in windows of WINDOW."""
    if doc.segments:
        starts = sorted(s.start for s in doc.segments)
        groups: list[list[T]] = [[] for _ in starts]
        for item in items:
            groups[max(bisect.bisect_right(starts, start(item)) - 1, 0)].append(item)
        return [g for g in groups if g]
    items = list(items)
    return [items[k:k + WINDOW] for k in range(0, len(items), WINDOW)]
