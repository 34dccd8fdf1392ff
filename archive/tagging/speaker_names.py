"""The person behind a name as quote attribution needs it: titles, offices and organisations
in front taken off, abbreviations not cut into initials, and people the name finder leaves
unsure of ("Omar Haddad of the assembly said") found from where they stand.

``archive.tagging.names`` tells what kind of thing a capitalised name is; a speaker must be a
person. "Senate Minority Leader Chuck Schumer" is Chuck Schumer (with his office as role), "U.S.
Attorney Dana Bash" is Dana Bash (not "S. Attorney Dana Bash"), "Human Rights Watch director
Agnes Callamard" is Agnes Callamard.
"""

from __future__ import annotations

import re

from archive.tagging import names

# Capitalised words that name an office or a rank before a person's name.
OFFICES = frozenset("""Mayor Coach Councillor Councilor Attorney Secretary Spokesman Spokeswoman
Spokesperson Chairman Chairwoman Chair Director Commissioner Ambassador Deputy Speaker Leader
Minority Majority Senate House Opposition Party Head Chief Officer Inspector Superintendent
Detective Constable Sheriff Marshal Premier Chancellor Treasurer Editor Reporter Correspondent
Manager Founder Executive CEO Professor Dean Principal Coordinator Organiser Organizer Activist
Assemblyman Assemblywoman Congressman Congresswoman Lawmaker MP MEP Foreign Defence Defense Health
Finance Interior Education Justice Labour Labor General Attorney-General Solicitor Surgeon""".split())
_GLUED_ABBREVIATION = re.compile(r"[A-Z]\.\Z")  # "U." right before "S. Attorney …"
_INITIAL = re.compile(r"[A-Z]\.")


def person_part(name: str) -> str | None:
    """The person's own name within ``name``: the last run of words after the titles, offices
    and organisation words in front ("Senate Minority Leader Chuck Schumer" -> "Chuck Schumer");
    None when nothing like a person's name is left."""
    lex = names.lexicon()
    words = name.split()
    k = 0
    # Titles and offices in front go, and an initial before one ("S. Attorney" of "U.S. Attorney").
    while k < len(words) - 1 and (is_front(words[k], lex)
                                  or (_INITIAL.fullmatch(words[k]) and is_front(words[k + 1], lex))):
        k += 1
    # After the last office word, the person ("Mysore Divisional Railway Manager Aparna Garg").
    last = max((j for j in range(k, len(words) - 2) if is_front(words[j], lex)), default=None)
    if last is not None:
        k = last + 1
    # A given name further on starts the person's name ("Human Rights Watch director Agnes …").
    for j in range(k, len(words) - 1):
        if words[j] in lex.given:
            k = j
            break
    rest = words[k:]
    if not rest or all(is_front(w, lex) for w in rest):
        return None
    return " ".join(rest)


def is_front(word: str, lex: names.Lexicon) -> bool:
    """A title, office, organisation word, role or stop word: what stands before a name."""
    bare = word.rstrip(".,")
    return (word in lex.titles or bare in lex.titles or bare in OFFICES or bare in lex.org_keywords
            or bare.lower() in lex.roles or bare in lex.stopwords)


def glued(text: str, start: int) -> bool:
    """Whether the name at ``start`` begins inside an abbreviation written without spaces: the
    "S. Attorney" of "U.S. Attorney"."""
    return _GLUED_ABBREVIATION.search(text, max(0, start - 2), start) is not None


_NEXT_WORD = re.compile(r"\s*(,|\(|[a-z][\w'’-]*)")


def likely_people(text: str, lo: int, hi: int, known: set[int],
                  verbs: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of capitalised names of two to four words in ``text[lo:hi]`` that
    the name finder left undecided (starts not in ``known``) and that look like a person's: no
    word of a place, an organisation or a thing, not a title or office alone, and a given name
    first or a verb (one of ``verbs``, or a word in -ed), a comma, "(", "who" or "of" after them:
    the subject of a clause ("Omar Haddad of the assembly said", "Fleur Dassin read")."""
    lex = names.lexicon()
    out = []
    for m in names.NAME_RE.finditer(text, lo, hi):
        if m.start() in known:
            continue
        name = person_part(m.group())
        if name is None:
            continue
        words = name.split()
        if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
            continue
        if any(w in lex.org_keywords or w in lex.place_keywords or w in lex.thing_keywords
               or w in lex.stopwords or w.isupper() for w in words):
            continue
        if name in lex.places or name in lex.org_names:
            continue
        if words[0] not in lex.given:
            after = _NEXT_WORD.match(text, m.end(), m.end() + 40)
            word = after.group(1) if after else ""
            if not (word in (",", "(", "of", "who") or word in verbs or word.endswith("ed")):
                continue
        start = m.end() - len(name)
        out.append((start, m.end(), name))
    return out
