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
import tomllib
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import ahocorasick
import Stemmer

from archive.errors import ReaderError
from archive.model import Document, Passage, TopicTag
from archive.tagging.sentences import opens_sentence

MIN_SCORE = 2
# Words whose stem collides with a trigger's but which mean something else.
NOT_TRIGGERS = frozenset({"executive", "executives", "relatively", "relative", "relations", "independently",
                          "releasing", "faithful", "stately", "statement", "statements", "partying"})
_WORD = re.compile(r"\w+")
_stemmer = Stemmer.Stemmer("english")


@dataclass(frozen=True)
class Concept:
    id: str
    label: str
    alt: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    broader: str | None = None


@dataclass
class Vocabulary:
    """Concepts, and their entries indexed for matching."""

    concepts: list[Concept]
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

    def lookup(self, keyword: str) -> str:
        """The concept label a keyword names, or the keyword itself."""
        return self.labels.get(keyword.strip().lower(), keyword.strip())


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
    """Read a vocabulary TOML file (``[concepts.<id>]`` tables with label, alt, related, broader)."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ReaderError(path, f"cannot read vocabulary: {exc}") from None
    return _from_dict(raw, path)


def _from_dict(raw: dict, where: str | Path) -> Vocabulary:
    concepts = []
    by_label: dict[str, str] = {}  # label -> concept id: a label may name one concept only
    table = raw.get("concepts")
    if not isinstance(table, dict) or not table:
        raise ReaderError(where, "a vocabulary needs [concepts.<id>] tables")
    for cid, c in table.items():
        if not isinstance(c, dict) or not isinstance(c.get("label"), str):
            raise ReaderError(where, f"concept {cid!r} needs a label")
        same = by_label.setdefault(c["label"], cid)
        if same != cid:
            raise ReaderError(where, f"concepts {same!r} and {cid!r} have the same label {c['label']!r}")
        concepts.append(Concept(id=cid, label=c["label"], alt=tuple(c.get("alt", ())),
                                related=tuple(c.get("related", ())), broader=c.get("broader")))
    return Vocabulary(concepts)


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    text = resources.files("archive").joinpath("data/vocabulary.toml").read_text("utf-8")
    return _from_dict(tomllib.loads(text), "archive/data/vocabulary.toml")


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
    for p, tags in _scan(doc.text, passages, vocab):
        if p.topics:
            _merge(p, tags)
        else:  # as _merge would leave them: one passage's tags have distinct labels
            p.topics = tags
    _keep_keywords(doc, vocab)


def _scan(text: str, passages: list[Passage], vocab: Vocabulary) -> Iterator[tuple[Passage, list[TopicTag]]]:
    """Score each passage: each distinct trigger stem scores 1, a multi-word entry 2, and
    MIN_SCORE makes a topic; yields the passages with topics."""
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
        found = _evidence(text, low, lo, hi, words, vocab)
        if found:
            yield p, [TopicTag(labels[ci], triggers) for ci, triggers in found]


def _evidence(text: str, low: str, lo: int, hi: int, words: list[str],
              vocab: Vocabulary) -> list[tuple[int, list[str]]]:
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
            for ci in sorted(found) if len(found[ci]) >= MIN_SCORE or ci in phrased]


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
    """OHMS segment keywords/subjects on their passages; metadata keywords on the first passage."""
    if doc.segments and doc.passages:
        bounds = sorted(doc.segments, key=lambda s: s.start)
        for n, seg in enumerate(bounds):
            tags = [TopicTag(vocab.lookup(k), ["segment keyword"]) for k in seg.keywords if k.strip()]
            tags += [TopicTag(vocab.lookup(k), ["segment subject"]) for k in seg.subjects if k.strip()]
            if not tags:  # most segments (a mission log's, say) have none: no walk over the passages
                continue
            end = bounds[n + 1].start if n + 1 < len(bounds) else len(doc.text) + 1
            for p in doc.passages:
                if seg.start <= p.start < end:
                    _merge(p, [TopicTag(t.label, list(t.triggers)) for t in tags])
    if doc.metadata.keywords and doc.passages:
        _merge(doc.passages[0], [TopicTag(vocab.lookup(k), ["document keyword"])
                                 for k in doc.metadata.keywords if k.strip()])
