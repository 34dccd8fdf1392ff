"""The fixed query mix, drawn from the corpus pools with a seed so every run asks the same questions.

Each class has the same number of queries; a query is the project's query string plus
what the raw-tantivy reference runs for the same intent (terms, a phrase, or a bag of
words for a misquote).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from bench.pools import Pools

CLASSES = ("rare_word", "common_word", "phrase_2", "phrase_3", "and_2", "speaker", "facets", "misquote")
STOPWORDS = set("""a about after again all also am an and any are as at be been before being but by can
could de did do does done dat dey don down en for from get go got had has have he her here him his how
i if in into is it its just like me mighty more my no not now of off on one only or our out over said
same say see she so some such than that the their them then there these they this those through to too
up us very was way we well were what when where which while who whom why will with would yes yo you
your""".split())
WORD = re.compile(r"[A-Za-z]+")


@dataclass
class Query:
    cls: str
    text: str  # the project's query string (or the misquote)
    words: list[str]  # the lowercased words, for the reference engine
    phrase: bool = False
    speaker: str | None = None  # filled in at run time from the index's own facets
    original: str | None = None  # for a misquote: the sentence it misremembers


@dataclass
class QueryMix:
    queries: list[Query] = field(default_factory=list)

    def by_class(self) -> dict[str, list[Query]]:
        out: dict[str, list[Query]] = {c: [] for c in CLASSES}
        for q in self.queries:
            out[q.cls].append(q)
        return out

    def to_list(self) -> list[dict]:
        return [asdict(q) for q in self.queries]

    @classmethod
    def from_list(cls, items: list[dict]) -> QueryMix:
        return cls([Query(**item) for item in items])


def _words(sentence: str) -> list[str]:
    return [w.lower() for w in WORD.findall(sentence)]


def _content(word: str) -> bool:
    return len(word) >= 4 and word not in STOPWORDS


def _sentences(pools: Pools) -> list[str]:
    out = []
    for volume in pools.volumes:
        out.extend(volume.sentences)
    out.extend(pools.article_sentences)
    return out


def build(pools: Pools, seed: int, per_class: int = 12) -> QueryMix:
    """``per_class`` queries of each class in CLASSES."""
    rng = random.Random(f"queries:{seed}")
    sentences = _sentences(pools)
    counts = Counter(w for s in sentences for w in _words(s))
    ranked = [w for w, _ in counts.most_common() if _content(w)]
    rare = sorted(w for w, n in counts.items() if 3 <= n <= 8 and len(w) >= 7 and w.isalpha())
    mix = QueryMix()

    def add(cls: str, text: str, words: list[str], **kw) -> None:
        mix.queries.append(Query(cls, text, words, **kw))

    for w in rng.sample(rare, per_class):
        add("rare_word", w, [w])
    for w in rng.sample(ranked[10:120], per_class):
        add("common_word", w, [w])
    for n, cls in ((2, "phrase_2"), (3, "phrase_3")):
        while sum(q.cls == cls for q in mix.queries) < per_class:
            ws = _words(rng.choice(sentences))
            if len(ws) < n + 2:
                continue
            i = rng.randrange(len(ws) - n + 1)
            gram = ws[i:i + n]
            if sum(_content(w) for w in gram) >= 1 and all(len(w) > 1 for w in gram):
                add(cls, '"' + " ".join(gram) + '"', gram, phrase=True)
    for _ in range(per_class):
        a, b = rng.sample(ranked[100:1500], 2)
        add("and_2", f"{a} {b}", [a, b])
    for w in rng.sample(ranked[20:200], per_class):
        add("speaker", w, [w])  # the speaker is chosen from the index's facets at run time
    for w in rng.sample(ranked[:30], per_class):
        add("facets", w, [w])  # broad words: many hits, so facet counting does real work
    while sum(q.cls == "misquote" for q in mix.queries) < per_class:
        s = rng.choice(sentences)
        if 10 <= len(s.split()) <= 25:
            text = misquote(s, rng)
            add("misquote", text, _words(text), original=s)
    return mix


def misquote(sentence: str, rng: random.Random) -> str:
    """Misremember a sentence: drop a word, swap two neighbours, lose an ending."""
    words = sentence.rstrip(".!?").split()
    del words[rng.randrange(1, len(words) - 1)]
    i = rng.randrange(1, len(words) - 1)
    words[i], words[i + 1] = words[i + 1], words[i]
    j = rng.randrange(len(words))
    if len(words[j]) > 4 and words[j][-1] in "sd":
        words[j] = words[j][:-1]
    return " ".join(words)
