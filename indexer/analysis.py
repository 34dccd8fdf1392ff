"""The one text analysis every engine indexes: words with their character offsets, each as a
folded English stem and a name-variant key (so that Trotsky, Trotskii, Trotzki and Троцкий meet).

Engines never tokenize on their own: they index the space-joined ``stems`` and ``keys`` strings
produced here (position i of one is position i of the other), and the highlighter and the
query parser call the same functions, so all three engines match and mark the same words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

import Stemmer
from unidecode import unidecode

# A word: letters/digits, with combining marks and inner apostrophes (don't, Zorya's) kept.
_WORD = re.compile(r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*|['’][^\W_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_NOT_KEY = re.compile(r"[^a-z0-9']+")
_POSSESSIVE = re.compile(r"'s$")
_SOFT_SIGN = re.compile(r"(?<=[b-df-hj-np-tv-z])'(?=[aeiouy])")

# No cache of PyStemmer's own: _STEMS is the cache, and a second one only costs time.
_stemmer = Stemmer.Stemmer("english", 0)
_STEMS: dict[str, str] = {}  # surface word -> stem
_KEYS: dict[str, str] = {}  # surface word -> name key
_CACHE_LIMIT = 400_000

# Name-variant folding, applied in order to a lowercase ASCII transliteration. Each rule is
# scoped (word end, after a consonant) so that ordinary English words rarely collide. Each also
# says what a key must hold for it to apply: tested first, at a tenth of the pattern's cost.
_KEY_RULES: list[tuple[re.Pattern[str], str, Callable[[str], bool]]] = [
    (re.compile(r"shch"), "sh", lambda key: "shch" in key),  # Khrushchev, Shcherbakov
    (re.compile(r"kh"), "h", lambda key: "kh" in key),  # Khrushchev / Hrushchev
    (re.compile(r"dzh"), "j", lambda key: "dzh" in key),  # Dzhugashvili / Jugashvili
    (re.compile(r"tz"), "ts", lambda key: "tz" in key),  # Trotzki / Trotski
    (re.compile(r"^cz"), "ts", lambda key: key.startswith("cz")),  # Czar / Tsar
    (re.compile(r"(?<=[a-z][b-df-hj-np-tv-z])y(?=[aeiou])"), "i",  # Serebryakova / Serebriakova
     lambda key: "y" in key),
    (re.compile(r"i?[eo]v(a|ich|na)?$"), r"ev\1",  # Khrushchev / Khrushchov / Khrushchiov
     lambda key: key.endswith(("v", "va", "vich", "vna"))),
    (re.compile(r"(?<=[a-z]{3})(?:ii|iy|yi|ij|y)$"), "i",  # Trotsky / Trotskii / Trotski
     lambda key: key.endswith(("i", "ij", "y"))),
]


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: its stem, its name key, and ``[start, end)`` in the text analysed."""

    stem: str
    key: str
    start: int
    end: int


def fold(word: str) -> str:
    """Lowercase and strip accents (é→e, ё→е), keeping other scripts' letters."""
    word = word.lower().replace("’", "'")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def transliterate(word: str) -> str:
    """Cyrillic and accented Latin to plain lowercase ASCII, BGN-style for initial е/ю/я."""
    word = word.lower()
    if word.isascii():
        return word
    if _CYRILLIC.search(word):
        # Word-initial е ё ю я are iotated (Ельцин → Yeltsin); a soft sign before a vowel
        # sounds as y (Зиновьев → Zinoviev), elsewhere it is silent (Ельцин → Eltsin).
        word = re.sub(r"^([еёюя])", lambda m: {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya"}[m[1]], word)
        word = re.sub(r"[ьъ](?=[еёюяи])", "й", word)
        word = re.sub(r"[ьъ]", "", word)
    return unidecode(word).lower()


def name_key(word: str) -> str:
    """The transliteration-folding key: spellings of one name across romanizations collide."""
    key = _NOT_KEY.sub("", transliterate(word).replace("’", "'"))
    if "'" in key:
        # A possessive is the name itself; an apostrophe between consonant and vowel is a
        # romanized soft sign (Zinov'ev); other apostrophes mark contractions (we're ≠ were).
        key = _SOFT_SIGN.sub("", _POSSESSIVE.sub("", key)).strip("'")
    if not key:
        return fold(word)
    return _folded(key)


def _folded(key: str) -> str:
    """``key`` with the name-variant rules applied."""
    # Most keys hold nothing any rule needs: one test (all the rules' needs at once) for them.
    if ("y" in key or "kh" in key or "tz" in key or "dzh" in key or "shch" in key
            or key.startswith("cz") or key.endswith(("v", "va", "vich", "vna", "i", "ij"))):
        for pattern, replacement, needs in _KEY_RULES:
            if needs(key):
                key = pattern.sub(replacement, key)
    return key


def terms(word: str) -> tuple[str, str]:
    """(stem, key) of one word as it appears in a text; cached, since vocabularies are small."""
    stem = _STEMS.get(word)
    if stem is None:
        _learn((word,))
        stem = _STEMS[word]
    return stem, _KEYS[word]


def _learn(new) -> None:
    """Learn the stems and keys of words not seen before, stemming them in one call."""
    if len(_STEMS) >= _CACHE_LIMIT:
        _STEMS.clear()
        _KEYS.clear()
    new = list(new)
    folded = []
    keys = []
    for word in new:
        if word.isascii() and word.isalnum():
            # Most words: plain ASCII letters and digits, for which fold() is lower() and so
            # is name_key() but for the rules (transliterate() and _NOT_KEY change nothing).
            f = word.lower()
            folded.append(f)
            keys.append(_folded(f))
        else:
            folded.append(fold(word))
            keys.append(name_key(word))
    if "".join(folded).isascii():  # the usual batch (often of one or two words): no sorting out
        stems = _stemmer.stemWords(folded)
    else:  # the English stemmer is for ASCII words: the others are their folded selves
        ascii_words = [f for f in folded if f.isascii()]
        known = dict(zip(ascii_words, _stemmer.stemWords(ascii_words), strict=True))
        stems = [known.get(f, f) for f in folded]
    _STEMS.update(zip(new, stems, strict=True))
    _KEYS.update(zip(new, keys, strict=True))


def analyze(text: str, base: int = 0) -> list[Token]:
    """The words of ``text`` with offsets shifted by ``base`` (a passage's start in its document)."""
    out = []
    for m in _WORD.finditer(text):
        stem, key = terms(m.group())
        out.append(Token(stem, key, base + m.start(), base + m.end()))
    return out


def index_terms(text: str) -> tuple[str, str, int]:
    """What engines index: (space-joined stems, space-joined keys, word count)."""
    found = _split_words(text)
    stems, keys = stems_and_keys(found)
    return " ".join(stems), " ".join(keys), len(found)


def stems_and_keys(found: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stems and the name keys of a list of words (new words learnt first)."""
    if len(found) < 2:  # itemgetter of one key answers the value, not a tuple
        if not found:
            return (), ()
        stem, key = terms(found[0])
        return (stem,), (key,)
    pick = itemgetter(*found)
    try:
        stems = pick(_STEMS)
    except KeyError:  # words not seen before: learn them all at once
        _learn_missing(found)
        stems = pick(_STEMS)
    return stems, pick(_KEYS)


def _learn_missing(found: list[str]) -> None:
    new = set(found).difference(_STEMS)
    if len(_STEMS) + len(new) >= _CACHE_LIMIT:  # make room for all of them
        _STEMS.clear()
        _KEYS.clear()
        new = set(found)
    _learn(new)


# Plain ASCII text (most passages) is split without the regular expression: every byte that
# cannot be in a word becomes a space, then apostrophes not between two letters or digits do.
# The words are exactly those of _WORD (checked on the whole shared corpus), in half the time.
_ASCII_WORD_BYTES = bytes(b if chr(b).isalnum() or b == ord("'") else 32 for b in range(128)) + b" " * 128


def _split_words(text: str) -> list[str]:
    if text.isascii():
        t = text.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii")
        if "'" not in t:
            return t.split()
        if "''" not in t:
            t = t.replace(" '", "  ").replace("' ", "  ")
            if t[:1] != "'" and t[-1:] != "'":
                return t.split()
    return _WORD.findall(text)


def word_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each word of ``text``."""
    return [m.span() for m in _WORD.finditer(text)]


def words(text: str) -> list[str]:
    """The surface words of ``text`` (for the query parser, the highlighter and the misquote finder)."""
    return _WORD.findall(text)
