"""The query language parsed into a small tree that every engine compiles: words (all must
match), ``"phrases"``, ``OR``, ``-exclusions`` and ``field:value`` filters.

A malformed query raises ``BadParameter("q", ...)`` with a message a user can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.errors import BadParameter
from archive.model import PASSAGE_KINDS
from indexer import analysis

FIELDS = ("speaker", "topic", "kind", "document", "decade")
MAX_TERMS = 64
MAX_LENGTH = 2000


@dataclass(frozen=True)
class Terms:
    """A word or phrase after analysis: consecutive positions, as stems and as name keys."""

    text: str
    stems: tuple[str, ...]
    keys: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.stems) > 1


@dataclass(frozen=True)
class Field:
    """A ``name:value`` restriction; ``tokens`` are the analysed value for speaker/topic."""

    name: str
    value: str
    tokens: tuple[str, ...] = ()


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


Node = Terms | Field | Or | Not | And


@dataclass
class Query:
    """A parsed query: the tree, and the words and phrases to highlight."""

    text: str
    root: And
    positive: list[Terms] = field(default_factory=list)


# A bare or quoted atom, with an optional leading "-" and "field:" prefix.
_ATOM = re.compile(r'\s*(-?)(?:([A-Za-z]+):)?("[^"]*"?|[^\s"]*)')


def parse(text: str) -> Query:
    """Parse the query language; raises BadParameter("q", ...) on malformed input."""
    if text is None or not text.strip():
        raise BadParameter("q", "the query is empty; type some words or a \"phrase\"")
    if len(text) > MAX_LENGTH:
        raise BadParameter("q", f"the query is longer than {MAX_LENGTH} characters")
    groups: list[list[Node]] = []  # AND of ORs
    pending_or = False
    count = 0
    pos, end = 0, len(text)
    while pos < end:
        m = _ATOM.match(text, pos)
        if m is None or m.end() == pos:  # pragma: no cover - the pattern always advances or ends
            break
        pos = m.end()
        negate, name, body = m.group(1), m.group(2), m.group(3)
        if not negate and not name and not body:
            if pos < end and text[pos] == '"':  # an opening quote the pattern could not take
                raise BadParameter("q", "unbalanced quote: close the phrase with \"")
            continue
        if body.startswith('"') and (len(body) == 1 or not body.endswith('"')):
            raise BadParameter("q", "unbalanced quote: close the phrase with \"")
        if body == "OR" and not negate and not name:
            if not groups or pending_or:
                raise BadParameter("q", "OR needs a word on each side")
            if isinstance(groups[-1][-1], Not):  # "-war OR peace": no engine can compile it
                raise BadParameter("q", "an exclusion (-word) cannot be part of an OR")
            pending_or = True
            continue
        count += 1
        if count > MAX_TERMS:
            raise BadParameter("q", f"too many terms (at most {MAX_TERMS})")
        node = _field(name, body) if name else _terms(body, negate)
        if node is None:
            continue  # punctuation only: nothing to search
        if negate:
            if pending_or:
                raise BadParameter("q", "an exclusion (-word) cannot be part of an OR")
            node = Not(node)
        if pending_or and groups:
            groups[-1].append(node)
            pending_or = False
        else:
            groups.append([node])
    if pending_or:
        raise BadParameter("q", "OR needs a word on each side")
    items = tuple(g[0] if len(g) == 1 else Or(tuple(g)) for g in groups)
    if not items:
        raise BadParameter("q", "the query has no searchable words")
    if all(isinstance(i, Not) for i in items):
        raise BadParameter("q", "a query cannot only exclude; add a word to look for")
    positive = [t for t in _walk(items) if isinstance(t, Terms)]
    return Query(text=text, root=And(items), positive=positive)


def _walk(nodes) -> list[Node]:
    out: list[Node] = []
    for n in nodes:
        if isinstance(n, (And, Or)):
            out.extend(_walk(n.items))
        elif not isinstance(n, Not):
            out.append(n)
    return out


def _terms(body: str, negate: str) -> Terms | None:
    raw = body.strip('"')
    if not raw.strip():
        if body.startswith('"'):
            raise BadParameter("q", "an empty phrase \"\" searches nothing")
        if negate:
            raise BadParameter("q", "a lone '-' excludes nothing; write -word")
        return None
    return analyse_terms(raw)


def analyse_terms(raw: str) -> Terms | None:
    tokens = analysis.analyze(raw)
    if not tokens:
        return None
    return Terms(raw, tuple(t.stem for t in tokens), tuple(t.key for t in tokens))


def _field(name: str, body: str) -> Field:
    lname = name.lower()
    if lname not in FIELDS:
        raise BadParameter("q", f"unknown field '{name}:'; use one of {', '.join(f + ':' for f in FIELDS)}")
    value = body.strip('"').strip()
    if not value:
        raise BadParameter("q", f"'{name}:' needs a value, e.g. {lname}:{_EXAMPLES[lname]}")
    return make_field(lname, value, "q")


_EXAMPLES = {"speaker": '"Vera Lomova"', "topic": "Arrest", "kind": "quote",
             "document": "lomova-1998", "decade": "1930s"}


def make_field(name: str, value: str, param: str) -> Field:
    """A validated field restriction (also used for the search filters' parameters)."""
    value = value.strip()
    if name == "kind":
        if value.lower() not in PASSAGE_KINDS:
            raise BadParameter(param, f"unknown kind '{value}'; use one of {', '.join(PASSAGE_KINDS)}")
        return Field("kind", value.lower())
    if name == "decade":
        m = re.fullmatch(r"(\d{3})\d?s?", value)
        if not m:
            raise BadParameter(param, f"a decade looks like 1930s, not '{value}'")
        return Field("decade", f"{m.group(1)}0s")
    if name == "document":
        return Field("document", value)
    tokens = analysis.analyze(value)
    if not tokens:
        raise BadParameter(param, f"'{value}' has no searchable words")
    # Speakers match by name key (any romanization), topics by stem.
    picked = tuple(t.key for t in tokens) if name == "speaker" else tuple(t.stem for t in tokens)
    return Field(name, value, picked)
