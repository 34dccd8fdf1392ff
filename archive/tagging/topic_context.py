"""Topics decided at the level people index at: a passage's own evidence and its neighbours',
and summaries of what each stretch of a document and the document as a whole are about.

``topics._scan`` finds each passage's evidence: for every concept, the distinct words that
triggered it (a multi-word entry counts twice). A passage then gets a concept when

1. its own evidence is enough (``min_score``, 2: one incidental word never decides alone);
2. it answers a question (a turn after another speaker's turn ending in "?") and the question
   and answer together are enough: "Tell me about the night they arrested your father" makes
   the answer about the arrest, and the question too;
3. it has some evidence of its own and the topic runs on around it: with the passages before
   and after it (in the same speaker's turn or the same segment) the evidence reaches
   ``min_score + 1`` distinct words.

A summary lists the concepts that fill a real part of a stretch of text: the share of its words
in passages tagged with the concept, or the number of such passages. A document's topics are
those of its segments (OHMS index points; otherwise windows of ``WINDOW`` passages, so that a
long transcript's index lists what each part is about) and those that run through the whole,
plus the keywords that came with it.
"""

from __future__ import annotations

from collections.abc import Sequence

from archive.model import Document, Passage, TopicTag

WINDOW = 40  # passages in a stretch of a long transcript without index points
SEGMENT_SHARE = 0.15  # share of a segment's words a concept must fill (with two passages)
DOCUMENT_SHARE = 0.05  # share of the whole document's words
KEYWORD_TRIGGERS = ("segment keyword", "segment subject", "document keyword")


def strength(triggers: Sequence[str]) -> int:
    """Distinct trigger words; a multi-word entry ("labour camp") counts twice."""
    return sum(2 if not w.replace("'", "").replace("’", "").isalnum() else 1 for w in triggers)


def decide(text: str, passages: list[Passage], evidence: list[dict[str, list[str]]],
           min_score: int) -> list[list[TopicTag]]:
    """The topics of each passage from ``evidence`` (per passage: concept label -> trigger
    words, in vocabulary order), by the three rules above."""
    out: list[list[TopicTag]] = []
    for i, own in enumerate(evidence):
        chosen: dict[str, list[str]] = {}
        for label, words in own.items():
            if strength(words) >= min_score:
                chosen[label] = list(words)
        q = _question_before(text, passages, i)
        a = i + 1 if _question_before(text, passages, i + 1) == i else None
        for other in (q, a):
            if other is None:
                continue
            for label, words in evidence[other].items():
                both = _union(own.get(label, ()), words)
                if label not in chosen and strength(both) >= min_score:
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
    for stretch in _stretches(doc, passages):
        found += summarise(stretch)
    return list(dict.fromkeys(found))


def _stretches(doc: Document, passages: list[Passage]) -> list[list[Passage]]:
    if doc.segments:
        starts = sorted(s.start for s in doc.segments)
        groups: list[list[Passage]] = [[] for _ in starts]
        for p in passages:
            k = max((n for n, s in enumerate(starts) if s <= p.start), default=0)
            groups[k].append(p)
        return [g for g in groups if g]
    return [passages[k:k + WINDOW] for k in range(0, len(passages), WINDOW)]
