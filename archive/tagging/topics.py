"""Tag passages with concepts from a controlled vocabulary, keeping the words that triggered each.

The default vocabulary is ``archive/data/vocabulary.toml``. An archive can bring its own file
of the same shape: load it with ``load_vocabulary(path)`` and pass it to ``tag(doc, vocab)``,
or make it the default for every later ``tag`` call with ``use_vocabulary(path)``
(``use_vocabulary(None)`` restores the built-in one). Looking for ``<archive>/vocabulary.toml``
is the caller's business.

A passage gets a concept when its evidence scores at least ``MIN_SCORE`` (2): each distinct
one-word label, alternative label or related word found scores 1, a multi-word entry ("labour
camp", "enemy of the people") scores 2, so one incidental word is not enough. Words match on
their Snowball stems; a word capitalised inside a sentence ("the White House") is part of a
name and does not count.

Keywords that come with the document are kept as topics too: OHMS segment keywords and subjects
on the passages their segment covers, and metadata (sidecar) keywords on the document's first
passage, which stands for the whole document. A keyword that names a vocabulary concept takes
the concept's label.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick
import Stemmer

from archive.errors import ReaderError
from archive.model import Document, Passage, TopicTag
from archive.tagging import topic_context
from archive.tagging import vocabulary as vocabularies
from archive.tagging.sentences import opens_sentence
from archive.tagging.vocabulary import Concept

MIN_SCORE = 2
# Words whose stem collides with a trigger's but which mean something else.
NOT_TRIGGERS = frozenset({"executive", "executives", "relatively", "relative", "relations", "independently",
                          "releasing", "faithful", "stately", "statement", "statements", "partying"})
_WORD = re.compile(r"\w+")
_stemmer = Stemmer.Stemmer("english")


@dataclass
class Vocabulary:
    """Concepts, and their entries indexed for matching."""

    concepts: list[Concept]
    source: vocabularies.Source | None = None  # which file, for the record on each document
    # stem -> concept indexes, for one-word entries
    words: dict[str, list[int]] = field(default_factory=dict)
    # stem of a phrase's longest word -> [(phrase regex, stems, concept index, other words' beginnings)]
    phrases: dict[str, list[tuple[re.Pattern, tuple[str, ...], int, tuple[str, ...]]]] = \
        field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # lowercased label/alt -> label
    proper: set[str] = field(default_factory=set)  # stems of entries written capitalised (NKVD, God)
    # Every candidate word seen so far: word -> (stem, concepts, phrases, proper) for a trigger,
    # () for a word that triggers nothing; a cache that grows with the corpus (bounded), so a
    # word costs a dictionary lookup once its stem is known.
    triggers: dict[str, tuple] = field(default_factory=dict)
    beginnings: frozenset[str] = field(init=False)  # the first letters every trigger starts with
    automaton: ahocorasick.Automaton = field(init=False)  # finds the beginnings in a text
    _longest: int = field(init=False)  # the length of the longest beginning

    def __post_init__(self) -> None:
        if len({c.label for c in self.concepts}) < len(self.concepts):
            raise ValueError("two concepts have the same label")  # a passage's tags are one per label
        prefixes: set[str] = set()
        for i, c in enumerate(self.concepts):
            for entry in (c.label, *c.alt, *c.related):
                surface = _WORD.findall(entry)
                stems = tuple(stem_words(entry))
                if not stems:
                    continue
                if len(stems) == 1:
                    if surface[0][:1].isupper() and c.label != entry:
                        self.proper.add(stems[0])
                    slot = self.words.setdefault(stems[0], [])
                    if i not in slot:
                        slot.append(i)
                    prefixes.add(_common_prefix(surface[0].lower(), stems[0]))
                    continue
                # A phrase is looked for only where its longest word occurs.
                anchor = max(range(len(surface)), key=lambda k: len(surface[k]))
                pairs = list(zip(surface, stems, strict=True))
                parts = [re.escape(_common_prefix(w.lower(), st)) + r"\w*" for w, st in pairs]
                regex = re.compile(r"\b" + r"\W+".join(parts))
                others = tuple(_common_prefix(w.lower(), st) for k, (w, st) in enumerate(pairs)
                               if k != anchor)
                self.phrases.setdefault(stems[anchor], []).append((regex, stems, i, others))
                prefixes.add(_common_prefix(surface[anchor].lower(), stems[anchor]))
            for name in (c.label, *c.alt):
                self.labels.setdefault(name.lower(), c.label)
        # One Aho-Corasick pass over a document finds every word that starts with one of these
        # beginnings, and so may be a trigger; its stem then decides.
        self.beginnings = frozenset(prefixes)
        self._longest = max(map(len, prefixes), default=0)
        self.automaton = ahocorasick.Automaton()
        for prefix in self.beginnings:
            self.automaton.add_word(prefix, len(prefix))
        self.automaton.make_automaton()

    def candidates(self, low: str) -> tuple[list[int], list[str]]:
        """The words of ``low`` (a lowercased text) that may be triggers, and where they start,
        in text order: every word that starts with an entry's beginning."""
        starts: list[int] = []
        words: list[str] = []
        if not self.beginnings:
            return starts, words
        # The longest beginning found at each place, left to right: a word's own beginning comes
        # first, and the matches inside words are passed over.
        for last, size in self.automaton.iter_long(low):
            start = last - size + 1
            if start and _is_word_char(low[start - 1]):
                continue
            starts.append(start)
            words.append(_WORD.match(low, start).group())
        return starts, words

    def hit(self, word: str) -> tuple:
        """(stem, concepts, phrases anchored here, proper) for a trigger word, () otherwise."""
        found = self.triggers.get(word)
        if found is None:
            if len(self.triggers) > 500_000:
                self.triggers.clear()
            stem = _stemmer.stemWord(word)
            concepts, phrases = self.words.get(stem, ()), self.phrases.get(stem, ())
            # A trigger starts with an entry's beginning: "flies" shares the stem of "fly" but
            # not its first letters, and the scan never offers it.
            found = (stem, concepts, phrases, stem in self.proper) \
                if (concepts or phrases) and word not in NOT_TRIGGERS and self._begins(word) else ()
            self.triggers[word] = found
        return found

    def _begins(self, word: str) -> bool:
        """Whether ``word`` is a single word that starts with an entry's beginning."""
        return _WORD.fullmatch(word) is not None \
            and any(word[:n] in self.beginnings for n in range(1, min(len(word), self._longest) + 1))

    def lookup(self, keyword: str) -> str | None:
        """The concept a cataloguer's keyword or subject names: by its label or an alternative
        label, else the one concept its words trigger ("Deportations", "Boatbuilding--Poland"
        with a vocabulary that knows boats); None when it names none, or several."""
        key = keyword.strip()
        label = self.labels.get(key.lower())
        if label is not None or not key:
            return label
        found = {self.concepts[ci].label for word in _WORD.findall(key.lower())
                 for ci in (self.hit(word) or ((), ()))[1]}
        return found.pop() if len(found) == 1 else None

    def label_words(self) -> dict[str, frozenset[str]]:
        """Concept label -> stems of its one-word label and alternative labels: the words that
        name the concept rather than brush it ("arrested" for the arrest, not "police")."""
        if not hasattr(self, "_label_words"):
            found: dict[str, frozenset[str]] = {}
            for c in self.concepts:
                stems = (stem_words(entry) for entry in (c.label, *c.alt))
                found[c.label] = frozenset(st[0] for st in stems if len(st) == 1)
            self._label_words = found
        return self._label_words


def _is_word_char(ch: str) -> bool:
    """What ``\\w`` matches: a letter, a digit or "_"."""
    return ch.isalnum() or ch == "_"


def _common_prefix(word: str, stem: str) -> str:
    n = 0
    while n < min(len(word), len(stem)) and word[n] == stem[n]:
        n += 1
    return word[:max(n, min(3, len(word)))]


def stem_words(text: str) -> list[str]:
    return _stemmer.stemWords(_WORD.findall(text.lower()))


def load_vocabulary(path: str | Path) -> Vocabulary:
    """Read a vocabulary file: TOML, CSV or SKOS (see ``archive.tagging.vocabulary``)."""
    concepts, source = vocabularies.read(path)
    return Vocabulary(concepts, source)


@lru_cache(maxsize=4)
def vocabulary_for(source: vocabularies.Source) -> Vocabulary:
    """The vocabulary ``source`` names, loaded once per process (reader processes get the
    source, a small picklable record, rather than the built vocabulary)."""
    if source.path is None:
        return default_vocabulary()
    loaded = load_vocabulary(source.path)
    if loaded.source != source:
        raise ReaderError(source.path, "the vocabulary file changed while it was in use")
    return loaded


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    return Vocabulary(vocabularies.default_concepts(), vocabularies.default_source())


_active: Vocabulary | None = None


def use_vocabulary(vocabulary: str | Path | Vocabulary | None) -> None:
    """Make ``vocabulary`` (a path or a loaded one) the default for ``tag``; None restores ours."""
    global _active
    _active = load_vocabulary(vocabulary) if isinstance(vocabulary, (str, Path)) else vocabulary


def active_vocabulary() -> Vocabulary:
    return _active or default_vocabulary()


def tag(doc: Document, vocabulary: Vocabulary | None = None) -> None:
    """Add ``TopicTag``s to every passage of ``doc``."""
    vocab = vocabulary or active_vocabulary()
    passages = [p for p in doc.passages if p.kind not in ("title", "metadata")]
    # Every concept with any evidence, so that neighbours can add theirs (topic_context).
    at = {id(p): n for n, p in enumerate(passages)}
    evidence: list[dict[str, list[str]]] = [{} for _ in passages]
    for p, tags in _scan(doc.text, passages, vocab, min_score=1):
        evidence[at[id(p)]] = {t.label: t.triggers for t in tags}
    named = vocab.label_words()
    decided = topic_context.decide(doc, passages, evidence, MIN_SCORE,
                                   lambda label, word: _stemmer.stemWord(word) in named.get(label, ()))
    for p, tags in zip(passages, decided, strict=True):
        if not tags:
            continue
        if p.topics:
            _merge(p, tags)
        else:  # as _merge would leave them: one passage's tags have distinct labels
            p.topics = tags
    _keep_keywords(doc, vocab)
    doc.topics = topic_context.document_topics(doc)
    source = vocab.source
    doc.vocabulary = {"name": source.name, "sha256": source.sha256} if source is not None else None


def _scan(text: str, passages: list[Passage], vocab: Vocabulary,
          min_score: int = MIN_SCORE) -> Iterator[tuple[Passage, list[TopicTag]]]:
    """Score each passage: each distinct trigger stem scores 1, a multi-word entry 2, and
    ``min_score`` makes a topic; yields the passages with topics."""
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lowercased
        low = text
    starts, candidates = vocab.candidates(low)
    if not starts:
        return
    labels = [c.label for c in vocab.concepts]
    for p in passages:
        lo, hi = p.start, p.end
        first, stop = bisect_left(starts, lo), bisect_left(starts, hi)
        if first == stop:
            continue
        # Each distinct word once, in text order.
        words = list(dict.fromkeys(candidates[first:stop]))
        if starts[stop - 1] + len(candidates[stop - 1]) > hi:  # a word cut where its passage ends
            words = list(dict.fromkeys(candidates[first:stop - 1] + [low[starts[stop - 1]:hi]]))
        found = _evidence(text, low, lo, hi, words, vocab, min_score)
        if found:
            yield p, [TopicTag(labels[ci], triggers) for ci, triggers in found]


def _evidence(text: str, low: str, lo: int, hi: int, words: list[str],
              vocab: Vocabulary, min_score: int = MIN_SCORE) -> list[tuple[int, list[str]]]:
    """The concepts of passage ``text[lo:hi]`` with enough evidence, in vocabulary order, each
    with the words that triggered it: for each key (a stem, or a phrase as found) the first word
    that gave it, shortest first (words of one length in text order: a set's order would change
    from one process to the next). ``words`` are its distinct candidate words in text order
    (``Vocabulary.candidates``), ``low`` the lowercased text."""
    found: dict[int, dict[str, str]] = {}  # concept -> stem or phrase -> word
    phrased: set[int] = set()  # concepts with a multi-word entry found
    known = vocab.triggers
    for word in words:
        hit = known.get(word)
        if hit is None:
            hit = vocab.hit(word)
        if not hit:
            continue
        stem, concepts, phrases, proper = hit
        if not proper and text[low.find(word, lo, hi)].isupper() \
                and not _used_as_word(text, low, word, lo, hi):
            continue  # part of a name: "the White House", "Associated Press"
        for ci in concepts:
            slot = found.get(ci)
            if slot is None:
                found[ci] = {stem: word}
            elif stem not in slot:
                slot[stem] = word
        for regex, stems, ci, others in phrases:
            if all(low.find(w, lo, hi) >= 0 for w in others):  # else no need for the regex
                m = regex.search(low, lo, hi)
                if m and tuple(stem_words(m.group())) == stems:
                    found.setdefault(ci, {})[m.group()] = m.group()
                    phrased.add(ci)
    # Each key scores 1 and a phrase MIN_SCORE: enough keys, or one phrase, will do.
    return [(ci, sorted(dict.fromkeys(found[ci].values()), key=len))
            for ci in sorted(found) if len(found[ci]) >= min_score or ci in phrased]


def _used_as_word(text: str, low: str, word: str, lo: int, hi: int) -> bool:
    """False when every occurrence is capitalised inside a sentence: part of a name."""
    pos = low.find(word, lo, hi)
    while pos >= 0:
        if not text[pos].isupper() or opens_sentence(text, pos, lo):
            return True
        pos = low.find(word, pos + 1, hi)
    return False


def _merge(p: Passage, tags: list[TopicTag]) -> None:
    known = {t.label: t for t in p.topics}
    for t in tags:
        if t.label in known:
            known[t.label].triggers.extend(w for w in t.triggers if w not in known[t.label].triggers)
        else:
            p.topics.append(t)
            known[t.label] = t


def _keep_keywords(doc: Document, vocab: Vocabulary) -> None:
    """OHMS segment keywords/subjects on their passages and metadata keywords on the first
    passage, as the vocabulary's concepts they name (``Vocabulary.lookup``); the others stay on
    the segment and in the metadata, and are not topics."""
    if doc.segments and doc.passages:
        bounds = sorted(doc.segments, key=lambda s: s.start)
        for n, seg in enumerate(bounds):
            tags = [TopicTag(label, [why]) for words, why in ((seg.keywords, "segment keyword"),
                                                              (seg.subjects, "segment subject"))
                    for label in map(vocab.lookup, words) if label]
            if not tags:  # most segments (a mission log's, say) have none: no walk over the passages
                continue
            end = bounds[n + 1].start if n + 1 < len(bounds) else len(doc.text) + 1
            for p in doc.passages:
                if seg.start <= p.start < end:
                    _merge(p, [TopicTag(t.label, list(t.triggers)) for t in tags])
    if doc.metadata.keywords and doc.passages:
        labels = dict.fromkeys(label for label in map(vocab.lookup, doc.metadata.keywords) if label)
        _merge(doc.passages[0], [TopicTag(label, ["document keyword"]) for label in labels])
