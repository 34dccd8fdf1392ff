"""Which of the names found are shown to readers as people, places and organisations: the
rules that keep the noise of transcripts out of the entity chips, where a wrong chip costs more
than a missing one.

``archive.tagging.names`` finds every capitalised name quickly and guesses its kind; for the
chips, ``shown`` then applies what the document itself says:

- **Speaker codes are people.** In a mission transcript "LMP" or "CDR" in the text is the crew
  member the transcript's cast names (the document's speakers); a code whose name is no
  person's ("CC": Capsule Communicator, "LCC": Launch Control Center) is no entity.
- **Capitals are not organisations by themselves.** A word in capitals ("GO", "TLI", "NOUN",
  "LM", "OFF", "ACCEPT", "RFD", "UTC") is an organisation only when the gazetteer knows it or
  the document defines it, "… Conference of the Philippines (CBCP)".
- **A word that makes a name an organisation's is no name alone:** "Department", "Army"; with
  the name after it, it is ("University of Chicago").
- **A person's name stops at the radio words after it:** "Charlie DROP ISOL" is Charlie.
- **Initials before a common word are no name:** "A. Set", "A. Four hundred and forty",
  "I. He": the word after the initials is a stop word or a number, or the document also writes
  it in lower case.
- **A form of address, role or title alone is no name:** "Boss", "Master", "Massa".
- **A first name resolves within the document's own cast first:** in the Apollo 13 transcript
  "Jim" is Jim Lovell, its commander, not Jim McDivitt named once elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from archive.model import Document
from archive.tagging import names

_CAPITALS = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁ][A-ZÀ-ÖØ-ÞА-ЯЁ0-9-]+")
_ROMAN = frozenset({"II", "III", "IV", "VI", "VII", "VIII"})
_DEFINED = re.compile(r"\(([A-ZÀ-ÖØ-ÞА-ЯЁ][A-ZÀ-ÖØ-ÞА-ЯЁ0-9&-]+)\)")
_INITIALS_THEN_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞА-ЯЁ]\.\s*)+([^\W\d_][\w'’-]*)$")
_NICKNAME = re.compile(r"[(“\"]([^\W\d_][\w'’-]*)[)”\"]")
_LOWER_WORD = re.compile(r"\b[a-zà-öø-ÿа-яё][a-zà-öø-ÿа-яё'’-]*\b")
# Forms of address that stand for a person without naming one ("Boss said", "Massa would").
ADDRESS = frozenset("""Boss Master Massa Marster Marse Mistress Missus Mister Mammy Pappy Mama Papa
Granny Sir Madam""".split())
NUMBERS = frozenset("""one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
eighty ninety hundred thousand first second third fourth fifth""".split())


class _Context:
    """What the rules read from one document, worked out only when a rule needs it."""

    def __init__(self, doc: Document):
        self.doc = doc
        self._lower: set[str] | None = None
        self._defined: set[str] | None = None
        self.codes, self.cast = _cast(doc)

    def lower_words(self) -> set[str]:
        if self._lower is None:
            self._lower = set(_LOWER_WORD.findall(self.doc.text))
        return self._lower

    def defined(self) -> set[str]:
        if self._defined is None:
            self._defined = set(_DEFINED.findall(self.doc.text))
        return self._defined


def shown(doc: Document, mentions: Iterable[names.Mention]) -> Iterator[tuple[int, int, str, str]]:
    """``(start, end, type, name)`` of the mentions to show as entities, by the rules above."""
    ctx: _Context | None = None
    lex = names.lexicon()
    mentions = list(mentions)
    skip = -1
    for k, m in enumerate(mentions):
        if m.type not in ("person", "place", "organization") or k == skip:
            continue
        text = m.text
        if m.type == "organization" and text in lex.org_keywords and k + 1 < len(mentions):
            # "University of Chicago", "Department of Mathematics": the keyword and its "of" name.
            after = mentions[k + 1]
            if doc.text.startswith(" of ", m.end) and after.start == m.end + 4:
                skip = k + 1
                name = doc.text[m.start:after.end]
                yield m.start, after.end, "organization", name
                continue
        # Most names are plain: mixed case, no initials, more than a title. Only the others
        # (and every person, for the cast) need the document's context.
        capitals = text.isupper() or any(_CAPITALS.fullmatch(w) and w not in _ROMAN for w in text.split()[1:])
        if not capitals and m.type != "person" and (m.type != "organization" or " " in text):
            yield m.start, m.end, m.type, m.name
            continue
        if ctx is None:
            ctx = _Context(doc)
        found = _person(m, ctx, lex) if m.type == "person" or text in ctx.codes else _other(m, ctx, lex)
        if found is not None:
            yield found


def _other(m: names.Mention, ctx: _Context, lex: names.Lexicon) -> tuple[int, int, str, str] | None:
    if m.type == "organization" and m.text in lex.org_keywords:
        return None  # "the Department", "the University", "the Band": a word, not the name
    if " " not in m.text and m.text.isupper():
        if m.text in lex.org_names or m.text in ctx.defined() or m.text in lex.places:
            return m.start, m.end, m.type, m.name
        return None
    return m.start, m.end, m.type, m.name


def _person(m: names.Mention, ctx: _Context, lex: names.Lexicon) -> tuple[int, int, str, str] | None:
    text = m.text
    if text in ctx.codes:
        name = ctx.codes[text]
        return (m.start, m.end, "person", name) if name else None
    # "Charlie DROP ISOL": the name ends before the first word in capitals.
    cut = _cut(text)
    if cut != text:
        text = cut
    else:
        cut = None
    words = text.split()
    initials = _INITIALS_THEN_WORD.match(text)
    if initials:
        word = initials.group(1).lower()
        if word in NUMBERS or initials.group(1) in lex.stopwords or word in ctx.lower_words():
            return None
    if len(words) == 1 and (words[0] in ADDRESS or words[0].lower() in lex.roles or words[0] in lex.titles):
        return None
    name = _cut(m.name) if cut is None else text
    if len(words) == 1:
        name = ctx.cast.get(words[0], name)
    return m.start, m.start + len(text), "person", name


def _cut(name: str) -> str:
    """A name without the words in capitals after its first ("Charlie DROP ISOL" -> "Charlie")."""
    words = name.split()
    cut = next((k for k, w in enumerate(words) if k and _CAPITALS.fullmatch(w) and w not in _ROMAN), None)
    return name if cut is None else " ".join(words[:cut])


def _cast(doc: Document) -> tuple[dict[str, str | None], dict[str, str]]:
    """The speaker codes of a transcript (label -> the person's name, None for a code that
    names no person) and its cast's first names and nicknames (-> full name; a first name
    two of them share is left out)."""
    given = names.lexicon().given
    codes: dict[str, str | None] = {}
    firsts: dict[str, set[str]] = {}
    for s in doc.speakers:
        name = s.name or ""
        words = name.replace(",", " ").split()
        person = bool(words) and words[0] in given
        if s.label and s.label.isupper() and len(s.label) > 1 and s.label != name:
            codes[s.label] = name if person else None
        if person:
            for form in {words[0], *_NICKNAME.findall(name)}:
                firsts.setdefault(form, set()).add(name)
    return codes, {form: next(iter(full)) for form, full in firsts.items() if len(full) == 1}
