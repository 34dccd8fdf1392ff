"""Find and join the names in a document: a fast rule-based recogniser shared by entity tagging
and quote attribution (capitalised sequences, titles, role words, a gazetteer in data/names.toml).

No model is loaded: everything is regular expressions and word lists, so it runs at ingest speed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from archive.tagging.sentences import TITLES, opens_sentence

UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
LETTER = r"[^\W\d_]"
# One capitalised token: "Trotsky", "D'Souza", "Mir-Mohammadi", "I." (an initial), "Jr.";
# a possessive "'s" is not part of it, so "Korner's Blues" stays two names.
_ABBREVIATED = rf"(?:{'|'.join(TITLES)})\."
_TOKEN = (rf"(?:[{UPPER}]\.(?=[ \t]*[{UPPER}])|{_ABBREVIATED}"
          rf"|[{UPPER}](?:{LETTER}+(?:['’](?!s\b){LETTER}+|-{LETTER}+)*|['’][{UPPER}]{LETTER}+))")
_PARTICLE = r"(?:van|von|de|der|den|da|del|di|du|dos|bin|ibn|al|el|la|le)"
# The first token is _TOKEN with its capital letter taken out in front, followed by the check
# that no letter, apostrophe or hyphen comes before it (what ``(?<![\w'’-]){_TOKEN}`` matches):
# a pattern that opens with a set of letters lets the regex engine skip to the next capital.
_FIRST_CAPITAL = rf"[{UPPER}](?<![\w'’-].)"
_FIRST_TOKEN_REST = (rf"(?:\.(?=[ \t]*[{UPPER}])"
                     rf"|(?:{'|'.join(f'(?<={a[0]}){a[1:]}' for a in TITLES)})\."
                     rf"|(?:{LETTER}+(?:['’](?!s\b){LETTER}+|-{LETTER}+)*|['’][{UPPER}]{LETTER}+))")
# Tokens joined by single spaces (not line breaks of paragraphs), with name particles between;
# a name directly followed by "&" ("Smith & Wesson") is a firm's, not a person's. The name is
# atomic, (?>...): the engine must not back into it to get past the "&" check, which made
# "Smith & Wesson" match "Smit". (The atomic group comes after the first capital so that the
# pattern still opens with a set of letters.)
NAME_RE = re.compile(rf"{_FIRST_CAPITAL}(?>{_FIRST_TOKEN_REST}"
                     rf"(?:[ \t]+(?:{_PARTICLE}[ \t]+|al-|el-|d['’])?{_TOKEN})*)(?![ \t]*&)")
# A year from 1500 to 2049, not part of a longer number, an amount or a decimal. The pattern
# starts with its digit (not a look-behind) so the regex engine can skip ahead quickly.
YEAR_RE = re.compile(r"([12](?<![\w$£€.,][12])(?:(?<=1)[5-9]\d\d|(?<=2)0[0-4]\d))(?:s\b|(?![\w%]))")
_VERB_AFTER = re.compile(
    r"(?:,?\s+(?:who|whom|whose)\b|\s+(?:also\s+|later\s+|once\s+|then\s+)?(?:said|says|say|told|tells|wrote|"
    r"writes|tweeted|recalled|recalls|remembered|stated|added|explained|noted|commented|declared|"
    r"announced|described|called|asked|replied|answered|was born|died|dies|had been|has been)\b)")
_APPOSITION = re.compile(r",\s+(?:(?:one of|also|a|an|the|his|her|my|their|our|its)\s+)*"
                         r"(?:[\w’'-]+\s+){0,3}?(\w+?)s?\b")
_INITIALS = re.compile(rf"^(?:[{UPPER}]\.\s*)+[{UPPER}]")
_ABBREVIATION = re.compile(rf"^[{UPPER}]{{2,}}$")


def year_matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, year) of every year in the text."""
    return [(m.start(), m.end(), m.group(1)) for m in YEAR_RE.finditer(text)]


def verb_after(text: str, end: int) -> bool:
    """Whether a reporting verb or "who" follows the name ending at ``end``."""
    return _VERB_AFTER.match(text, end, end + 40) is not None


def word_before(text: str, start: int) -> str | None:
    """None when the name at ``start`` opens a sentence, else the word before it (up to 40
    characters back, "" when there is none)."""
    if opens_sentence(text, start):
        return None
    before = text[max(0, start - 40):start].rstrip(" ,").rsplit(None, 1)
    return before[-1] if before else ""


@dataclass(frozen=True)
class Lexicon:
    aliases: dict[str, str]  # short or other form -> canonical name
    female: frozenset[str]
    male: frozenset[str]
    titles: frozenset[str]
    roles: frozenset[str]
    org_keywords: frozenset[str]
    org_names: frozenset[str]
    places: frozenset[str]
    place_keywords: frozenset[str]
    thing_keywords: frozenset[str]
    things: frozenset[str]
    stopwords: frozenset[str]
    given: frozenset[str]  # female | male


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = tomllib.loads(resources.files("archive").joinpath("data/names.toml").read_text("utf-8"))
    aliases: dict[str, str] = {}
    for canonical, forms in raw["aliases"].items():
        aliases[canonical] = canonical
        for form in forms:
            aliases[form] = canonical
    return Lexicon(
        aliases=aliases,
        female=frozenset(raw["given_names"]["female"]), male=frozenset(raw["given_names"]["male"]),
        titles=frozenset(raw["titles"]["words"]), roles=frozenset(raw["roles"]["words"]),
        org_keywords=frozenset(raw["organizations"]["keywords"]),
        org_names=frozenset(raw["organizations"]["names"]), places=frozenset(raw["places"]["names"]),
        place_keywords=frozenset(raw["places"]["keywords"]),
        thing_keywords=frozenset(raw["things"]["keywords"]),
        things=frozenset(raw["things"]["names"]),
        stopwords=frozenset(raw["stopwords"]["words"]),
        given=frozenset(raw["given_names"]["female"]) | frozenset(raw["given_names"]["male"]),
    )


@dataclass(slots=True)
class Mention:
    """A capitalised name in the text, what kind of thing it names, and its canonical form."""

    start: int
    end: int
    text: str
    type: str  # person | place | organization | other
    name: str = ""  # canonical name within the document

    def __post_init__(self) -> None:
        self.name = self.name or self.text


@dataclass
class NameIndex:
    """All names of one document, with short forms joined to the full names they stand for."""

    mentions: list[Mention] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=dict)  # any form -> canonical person name

    def canonical(self, form: str) -> str:
        return self.people.get(form) or lexicon().aliases.get(form) or form

    def between(self, start: int, end: int) -> list[Mention]:
        """Mentions inside ``[start, end)``, in text order (mentions are sorted)."""
        import bisect

        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    @property
    def _starts(self) -> list[int]:
        cached = self.__dict__.get("_starts_cache")
        if cached is None or len(cached) != len(self.mentions):
            cached = [m.start for m in self.mentions]
            self.__dict__["_starts_cache"] = cached
        return cached


@lru_cache(maxsize=4096)
def gender(name: str) -> str | None:
    """'f', 'm' or None, from the given name or a Slavic surname ending ("Serebryakova")."""
    lex = lexicon()
    parts = name.replace(".", " ").split()
    if not parts:
        return None
    if parts[0] in lex.female:
        return "f"
    if parts[0] in lex.male:
        return "m"
    last = parts[-1].lower()
    if len(parts) >= 1 and re.search(r"(?:ova|eva|yova|ina|skaya|tskaya|aya)$", last):
        return "f"
    if re.search(r"(?:ov|ev|in|sky|skiy|ski|vich)$", last):
        return "m"
    return None


_cache: tuple[str, NameIndex] | None = None


def index(text: str) -> NameIndex:
    """The NameIndex of a document text (the last one is cached: attribution and entities share it)."""
    global _cache
    if _cache is not None and _cache[0] is text:
        return _cache[1]
    result = _build(text)
    _cache = (text, result)
    return result


def _build(text: str) -> NameIndex:
    lex = lexicon()
    static, no_names = _static_cache(lex)
    # The hot loop of tagging: one scan for NAME_RE (leaving out the strings known to be no
    # names), a cached answer per distinct string; only unknown names look at their context.
    found = [(m.start(), raw) for m in NAME_RE.finditer(text) if (raw := m.group()) not in no_names]
    mentions, persons, others = _mentions(text, found, static, no_names, lex)
    # A bare surname or given name of someone named in full is that person (_join_people gives
    # every person mention its full name).
    people = _join_people(persons, lex)
    joined = [Mention(s, e, t, "person", people[t]) for s, e, t in others if t in people]
    if joined:
        mentions = sorted(mentions + joined, key=lambda m: m.start)
    return NameIndex(mentions=mentions, people=people)


def _mentions(text: str, found: list[tuple[int, str]], static: _StaticCache, no_names: set[str], lex: Lexicon,
              ) -> tuple[list[Mention], list[Mention], list[tuple[int, int, str]]]:
    """The mentions of the names found, the person mentions among them and the single words
    of kind "other" (a later full name may make them persons)."""
    mentions: list[Mention] = []
    persons: list[Mention] = []
    others: list[tuple[int, int, str]] = []
    aliases, lookup, append = lex.aliases, static.get, mentions.append
    for offset, raw in found:
        info = lookup(raw, False)  # stop words and other no names are in the cache as None
        if info is False:  # a string not seen before
            info = static[raw] = _static(raw, lex)
            if info is None:
                no_names.add(raw)  # the scan leaves it out from the next document on
        if info is None:
            continue
        shift, name, kind = info
        start = offset + shift
        end = start + len(name)
        if kind is None:
            kind = _contextual(text, start, end, name, lex)
        if kind == "other":
            if " " not in name:  # only a single word can turn out to be a person ("Zorya")
                others.append((start, end, name))
            continue
        if kind == "person":
            mention = Mention(start, end, name, kind, aliases.get(name, name))
            persons.append(mention)
        else:
            mention = Mention(start, end, name, kind, name)
        append(mention)
    return mentions, persons, others


_Static = tuple[int, str, str | None] | None  # (shift, name, kind), None for no name
_StaticCache = dict[str, _Static]
_STATIC: dict[int, tuple[_StaticCache, set[str]]] = {}


def _static_cache(lex: Lexicon) -> tuple[_StaticCache, set[str]]:
    """What a string alone says about a name, remembered across documents (bounded), and the
    set of the strings it says are no name (the keys whose value is None) for the C scan."""
    cache, no_names = _STATIC.setdefault(id(lex), ({}, set()))
    if len(cache) > 300_000:
        cache.clear()
        no_names.clear()
    if not cache:
        cache.update(dict.fromkeys(lex.stopwords))  # a stop word alone is no name
        no_names.update(lex.stopwords)
    return cache, no_names


def _static(raw: str, lex: Lexicon) -> tuple[int, str, str | None] | None:
    """(offset of the name in ``raw``, the name, its kind or None when context must decide)."""
    stopwords, titles, places, given_names = lex.stopwords, lex.titles, lex.places, lex.given
    tokens = raw.split()
    titled = False
    shift = 0
    # Titles, stop words and place adjectives in front are not part of the name.
    while tokens and (tokens[0] in stopwords or tokens[0] in titles or tokens[0][:-1] in titles
                      or (len(tokens) > 1 and tokens[0] in places and tokens[1] in titles)):
        if tokens[0] in titles and tokens[0] not in ("Old", "Former", "Most", "Grand"):
            titled = True
        shift = raw.index(tokens[1], shift + len(tokens[0])) if len(tokens) > 1 else len(raw)
        tokens = tokens[1:]
    # "Left Oppositionist Leonid Serebryakov": the name starts at the given name. Only the first
    # given name after the first word can start it, and only when at least two words are left.
    if len(tokens) >= 3 and tokens[0] not in given_names:
        for k in range(1, len(tokens) - 1):
            if tokens[k] in given_names:
                if " ".join(tokens[k:]) not in places:
                    shift = raw.index(tokens[k], shift)
                    tokens = tokens[k:]
                break
    if not tokens:
        return None
    name = raw[shift:]
    if name.split() != tokens:  # tabs or double spaces between tokens: keep the source form
        return None
    if name in lex.aliases:
        return shift, name, "person"
    if name in places:
        return shift, name, "place"
    if name in lex.org_names:
        return shift, name, "organization"
    first, last = tokens[0], tokens[-1]
    if last in lex.place_keywords:
        return shift, name, "place"
    if last in lex.thing_keywords or name in lex.things:
        return shift, name, "other"
    given = first in given_names
    if last in lex.org_keywords or (not given and not lex.org_keywords.isdisjoint(tokens)):
        return shift, name, "organization"
    # The checks of the second character spare most names the two regex matches.
    if len(tokens) == 1 and name[1:2].isupper() and _ABBREVIATION.match(name):
        return shift, name, "organization"
    if titled or given or (name[1:2] == "." and _INITIALS.match(name)):
        return shift, name, "person"
    return shift, name, None


def _contextual(text: str, start: int, end: int, name: str, lex: Lexicon) -> str:
    """Decide an unknown name from its neighbours: a reporting verb or an apposition after it,
    a role word before it ("his neighbour Voronsky"), a preposition of place before it."""
    if verb_after(text, end):
        return "person"
    # An apposition opens with a comma: testing for it first spares most names a regex match.
    if text.startswith(",", end) and _role_in_apposition(text, end, lex.roles):
        return "person"
    word = word_before(text, start)
    if word is None:
        return "other"  # first word of a sentence: nothing before it to go by
    word = word.lower().strip("(")
    if word in lex.roles:
        return "person"
    if " " not in name and word in ("in", "at", "from", "near") and not name.endswith(("ian", "ese", "ish")):
        return "place"
    return "other"


def _role_in_apposition(text: str, end: int, roles: frozenset[str]) -> bool:
    """Whether an apposition after the name ending at ``end`` names a role: ", a neighbour"."""
    apposition = _APPOSITION.match(text, end, end + 60)
    return apposition is not None and apposition.group(1).lower() in roles


def _join_people(people: list[Mention], lex: Lexicon) -> dict[str, str]:
    """Map every form of a person's name to its full form: "Zorya" -> "Zorya Serebryakova".

    "Elijah Cummings" joins the longer "Elijah Eugene Cummings" (same first and last name); a bare
    surname or given name joins the first person in the text who bears it, which in an obituary
    is its subject ("Vanderbilt" -> "Gloria Vanderbilt", not her father).
    """
    # Each distinct (form, name) pair once, in text order: the maps below are filled with
    # setdefault, so a pair seen before changes nothing (a document names its people many times).
    pairs = dict.fromkeys((m.text, m.name) for m in people)
    longest: dict[tuple[str, str], str] = {}
    for name in sorted(dict.fromkeys(name for _, name in pairs), key=lambda name: -len(name.split())):
        parts = _core(name)
        if len(parts) >= 2:
            longest.setdefault((parts[0], parts[-1]), name)
    full: dict[str, str] = {}
    for text, name in pairs:
        canonical = lex.aliases.get(name, name)
        parts = _core(canonical)
        if len(parts) >= 2:
            canonical = longest.get((parts[0], parts[-1]), canonical)
            full.setdefault(text, canonical)
            full.setdefault(canonical, canonical)
            full.setdefault(parts[-1], canonical)
            full.setdefault(parts[0], canonical)
            if len(parts) >= 3:  # "Lev Davidovich" (given name + patronymic)
                full.setdefault(" ".join(parts[:2]), canonical)
    for text, _ in pairs:
        full.setdefault(text, lex.aliases.get(text, text))
    for m in people:
        m.name = full[m.text]
    return full


@lru_cache(maxsize=16384)
def _core(name: str) -> tuple[str, ...]:
    """The words of a name without "Jr." or "Sr." (unless that is all there is)."""
    parts = name.split()
    return tuple(p for p in parts if p not in ("Jr.", "Sr.", "Jr", "Sr")) or tuple(parts)
