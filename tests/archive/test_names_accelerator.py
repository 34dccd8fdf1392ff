"""The C scans of entity tagging (archive._names: names, years, the words around a name, the loop
that makes the mentions) against the regular expressions and Python they stand in for."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import entities, names

_names = pytest.importorskip("archive._names", reason="the C accelerator is not built (no C compiler)")
EXAMPLES = int(os.environ.get("ORAL_ARCHIVE_FUZZ_EXAMPLES", "400"))  # ``make fuzz`` draws more


def reference(text: str, skip: set[str] | frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in names.NAME_RE.finditer(text) if m.group() not in skip]


@pytest.mark.parametrize("text, expected", [
    ("A. Lincoln spoke", [(0, "A. Lincoln")]),
    ("met Dr. John and Mrs.Smith", [(4, "Dr. John"), (17, "Mrs."), (21, "Smith")]),
    ("St. Louis", [(0, "St. Louis")]),
    ("O’Brien’s dog, D’Artagnan", [(0, "O’Brien"), (15, "D’Artagnan")]),
    ("Korner's Blues; O'Neil's", [(0, "Korner"), (9, "Blues"), (16, "O'Neil")]),
    ("Mir-Mohammadi and x-Men", [(0, "Mir-Mohammadi")]),
    ("Leonardo da Vinci, Omar al-Bashir, Jeanne d’Arc", [
        (0, "Leonardo da Vinci"), (19, "Omar al-Bashir"), (35, "Jeanne d’Arc")]),
    ("Smith & Wesson", [(8, "Wesson")]),  # not "Smit": the name is atomic
    ("John Smith\t& Co and Ann", [(13, "Co"), (20, "Ann")]),
    ("Лев Троцкий и Ёлка", [(0, "Лев Троцкий"), (14, "Ёлка")]),
    ("Ann\tBee\nCarl  Dee", [(0, "Ann\tBee"), (8, "Carl  Dee")]),
    ("𝐀bc Def and Ж𝐀x 😀 Zoë", [(4, "Def"), (12, "Ж𝐀x"), (18, "Zoë")]),  # 𝐀 is a letter, no capital
    ("Ab² A٣b Hi_there", [(0, "Ab²"), (8, "Hi")]),  # ² is a letter to [^\W\d_], ٣ a digit
    ("X.Y", [(0, "X.")]),
    ("X. Y &", [(0, "X.")]),  # "Y" alone is no token, so "&" does not follow the name
    ("Jr.", [(0, "Jr.")]),
    ("Eve", [(0, "Eve")]),
    ("", []),
])
def test_name_matches_the_regular_expression(text, expected):
    assert reference(text) == expected
    assert _names.name_matches(text, set()) == expected


@pytest.mark.parametrize("form", names._SHORT_FORMS)
def test_every_short_form_is_a_token(form):
    text = f"{form}. Smith and {form}.Jones, {form}x Lee"
    assert _names.name_matches(text, set()) == reference(text)
    assert reference(text)[0] == (0, f"{form}. Smith")


@pytest.mark.parametrize("particle", names._PARTICLE.strip("(?:)").split("|"))
def test_every_particle_joins_names(particle):
    text = f"Anna {particle} Smith, Anna {particle}x Smith, Anna {particle}  Lee"
    assert _names.name_matches(text, set()) == reference(text)
    assert reference(text)[0] == (0, f"Anna {particle} Smith")


def test_every_character_is_told_apart_as_the_regular_expression_does():
    # Each character of the first two Unicode planes before a capital, after one, inside a
    # word and after an apostrophe: capitals, letters and word characters as re sees them.
    text = "".join(f"{c}Ab A{c}b Ab{c}c A’B{c} " for c in map(chr, range(0x20000)))
    assert _names.name_matches(text, set()) == reference(text)


def test_strings_in_skip_are_left_out():
    text = "The Smiths met The King in The Hague"  # skip holds whole matches, not words in them
    assert _names.name_matches(text, {"The", "The King"}) == [(0, "The Smiths"), (27, "The Hague")]
    assert _names.name_matches(text, frozenset({"Smiths"})) == reference(text, {"Smiths"})


# Texts of words and what goes between them, built to reach every piece of a name: capitals
# (Latin-1 at the ends of its ranges, Cyrillic), letters (ß, Ⅻ and 𝐀 outside the BMP), characters
# that are word characters but no letters ("1", "_") or neither ("×"), apostrophes ' and ’ (a
# possessive "'s" too), hyphens, periods (initials and short forms), particles and joiners,
# blanks, line breaks and "&"; what comes between words also tests the check before a name.
_JOINER = st.sampled_from(["", "", "de ", "van ", "al-", "el-", "d'", "d’", "da"])
_CAPITAL = st.sampled_from("AJDMSÀÖØÞЖЁЯ")
_TAIL = st.text(alphabet=st.sampled_from("abrsßé'’-.²Ⅻ𝐀1_×ж"), max_size=5)
_END = st.sampled_from(["", "", "", ".", ".", "'s", "’s", "'sa", "’s_", "s'"])
_WORD = st.one_of(st.builds(lambda *parts: "".join(parts), _JOINER, _CAPITAL, _TAIL, _END), _TAIL,
                  st.sampled_from(["de", "van", "Jr.", "Mrs.", "St.", "J.", "Ё.", "A. B."]))
_BETWEEN = st.sampled_from([" ", " ", " ", "  ", "\t", "\n", "", ".", " & ", "&", "-", "'", "’", "_", "1"])
TEXTS = st.lists(st.tuples(_WORD, _BETWEEN), max_size=8).map(lambda pairs: "".join(w + b for w, b in pairs))


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=TEXTS, skip=st.sets(st.sampled_from(["A", "Ab", "Jr.", "A. B", "Ж", "St. A"])))
def test_name_matches_the_regular_expression_on_fuzzed_text(text, skip):
    assert _names.name_matches(text, skip) == reference(text, skip)


def test_bad_arguments_are_type_errors():
    with pytest.raises(TypeError):
        _names.name_matches(b"Bytes", set())
    with pytest.raises(TypeError):
        _names.name_matches("Text", ["not", "a", "set"])
    with pytest.raises(TypeError):
        _names.name_matches("Text", {"The": None})
    with pytest.raises(TypeError):
        _names.name_matches("Text")


def test_every_function_is_built_with_the_scan():
    assert names.year_matches is _names.year_matches
    assert names.verb_after is _names.verb_after
    assert names.word_before is _names.word_before


@pytest.mark.parametrize("text, expected", [
    ("In 1937 and the 1990s; 2049, 1500.", [(3, 7, "1937"), (16, 21, "1990"), (23, 27, "2049"),
                                             (29, 33, "1500")]),
    ("1499 2050 19999 x1950 _1950 $1950 £1950 €1950 .1950 ,1950 1950% 1950s2 1950_ 1950x", []),
    ("(1950)-1951/1952s'", [(1, 5, "1950"), (7, 11, "1951"), (12, 17, "1952")]),
    ("1٣45 19٣4 19١٢s", [(5, 9, "19٣4"), (10, 15, "19١٢")]),  # \d is any decimal digit past the century
    ("19501951 2000", [(9, 13, "2000")]),
    ("1950", [(0, 4, "1950")]), ("1950s", [(0, 5, "1950")]), ("195", []), ("", []),
])
def test_years_match_the_regular_expression(text, expected):
    assert names._year_matches(text) == expected
    for wide in ("", "ж ", "😀 "):  # one, two and four bytes a character
        shifted = [(start + len(wide), end + len(wide), year) for start, end, year in expected]
        assert _names.year_matches(wide + text) == shifted


_YEAR_PIECE = st.sampled_from(["1", "2", "19", "20", "195", "204", "1950", "2049", "2050", "1499", "s", "s",
                               "%", "$", "£", "€", ".", ",", " ", " ", "x", "_", "٣", "\n", "ж", "😀"])
YEAR_TEXTS = st.lists(_YEAR_PIECE, max_size=14).map("".join)


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=YEAR_TEXTS)
def test_years_match_the_regular_expression_on_fuzzed_text(text):
    assert _names.year_matches(text) == names._year_matches(text)


@pytest.mark.parametrize("text, end, expected", [
    ("Ann said", 3, True), ("Ann, who", 3, True), ("Ann,\twhose", 3, True), ("Ann who", 3, True),
    ("Ann,who", 3, False), ("Ann whom_", 3, False), ("Ann sayx", 3, False), ("Ann saying", 3, False),
    ("Ann also said", 3, True), ("Ann then\n asked.", 3, True), ("Ann alsosaid", 3, False),
    ("Ann also", 3, False), ("Ann was born", 3, True), ("Ann was  born", 3, False),
    ("Ann\u2003had been", 3, True), ("Ann, said", 3, False), ("Ann said", 2, False),
    ("Ann" + " " * 36 + "said", 3, True), ("Ann" + " " * 36 + "saidx", 3, True),  # cut at 40
    ("Ann" + " " * 37 + "said", 3, False), ("Ann", 3, False), ("", 0, False),
])
def test_verb_after_matches_the_regular_expression(text, end, expected):
    assert names._verb_after(text, end) is expected
    assert _names.verb_after(text, end) is expected
    assert _names.verb_after("ж" + text, end + 1) is expected
    assert _names.verb_after("😀" + text, end + 1) is expected


_CONTEXT_WORD = st.sampled_from(["who", "whom", "whose", "whos", "also", "later", "once", "then",
                                 "said", "says", "say", "sai", "told", "recalls", "remembered", "was born",
                                 "was", "born", "had been", "has been", "dies", "died", "Ann", "minister",
                                 "the", "in", "(near", "«", "“", "‘", "'", '"', "ж", "😀", "_", "1"])
_CONTEXT_GAP = st.sampled_from(["", " ", " ", "  ", "\t", "\n", ",", ", ", " ,", ".", "!", "?", ":", ";",
                                "\u2003", "\x1c", "\x85", " " * 30, "(", "x"])
CONTEXT_TEXTS = st.lists(st.tuples(_CONTEXT_WORD, _CONTEXT_GAP), max_size=12).map(
    lambda pairs: "".join(w + g for w, g in pairs))


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=CONTEXT_TEXTS, data=st.data())
def test_verb_after_matches_the_regular_expression_on_fuzzed_text(text, data):
    end = data.draw(st.integers(0, len(text)))
    assert _names.verb_after(text, end) is names._verb_after(text, end)


@pytest.mark.parametrize("text, expected", [
    ("The minister, Kweku Ann", "Kweku"), ("his neighbour Ann", "neighbour"), ("Numerous. Ann", None),
    ("Hi! «Ann", None), ("Said: “(Ann", None), ("Ann", None), ('\t"Ann', None), ("up\n Ann", None),
    ("near (Ann", "("), ("a (b Ann", "(b"), ("word,\t Ann", "word,"), ("word\t, Ann", "word"),
    ("x" * 50 + " Ann", "x" * 39), ("ab \u2003 Ann", "ab"), ("ab\x1cAnn", "ab"), ("   Ann", None),
    (", Ann", ""), ("a ‘ Ann", "‘"),  # quotes are passed over only to find a sentence start
])
def test_word_before_matches_python(text, expected):
    start = text.rindex("Ann")
    assert names._word_before(text, start) == expected
    assert _names.word_before(text, start) == expected
    for wide in ("ж\n", "😀\n"):  # two and four bytes a character
        assert _names.word_before(wide + text, start + 2) == names._word_before(wide + text, start + 2)


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=CONTEXT_TEXTS, data=st.data())
def test_word_before_matches_python_on_fuzzed_text(text, data):
    start = data.draw(st.integers(0, len(text)))
    assert _names.word_before(text, start) == names._word_before(text, start)


def test_positions_outside_the_text_are_errors():
    for function in (_names.verb_after, _names.word_before):
        with pytest.raises(ValueError):
            function("Ann", 4)
        with pytest.raises(ValueError):
            function("Ann", -1)
        with pytest.raises(TypeError):
            function(b"Ann", 0)
    with pytest.raises(TypeError):
        _names.year_matches(b"1950")


def _tagged(docs: list) -> list:
    out = []
    for doc in docs:
        names._cache = None
        found = names._build(doc.text)
        entities.tag(doc)
        out.append(([(m.start, m.end, m.text, m.type, m.name) for m in found.mentions], found.people,
                    [[(e.type, e.name, e.start, e.end) for e in p.entities] for p in doc.passages]))
    return out


def test_names_and_entities_are_the_same_with_and_without_the_accelerator(monkeypatch, corpus):
    from archive import readers

    paths = [*sorted((corpus / "fwp-slave-narratives").glob("*.txt"))[:2],
             corpus / "seed" / "wsws-obituary-zorya-serebryakova.txt"]
    docs = [doc for path in paths for doc in readers.read(path)]
    assert docs
    with_c = _tagged(docs)
    monkeypatch.setattr(names, "name_mentions", None)
    monkeypatch.setattr(names, "verb_after", names._verb_after)
    monkeypatch.setattr(names, "word_before", names._word_before)
    monkeypatch.setattr(names, "year_matches", names._year_matches)
    in_python = _tagged(docs)
    assert with_c == in_python
    assert sum(len(mentions) for mentions, _, _ in with_c) > 100
    assert sum(e[0] == "year" for *_, passages in with_c for p in passages for e in p) > 10


def mentions_in_c(text: str, static: dict, no_names: set) -> tuple:
    lex = names.lexicon()
    return _names.name_mentions(text, static, no_names, names._static, lex, lex.aliases, lex.roles,
                                names._role_in_apposition, names.Mention, names._MENTION_SLOTS)


def mentions_in_python(text: str, static: dict, no_names: set) -> tuple:
    with pytest.MonkeyPatch.context() as patch:  # the Python of every piece, not the C scans
        patch.setattr(names, "verb_after", names._verb_after)
        patch.setattr(names, "word_before", names._word_before)
        return names._mentions(text, reference(text, no_names), static, no_names, names.lexicon())


def both_ways(text: str) -> list:
    """What C and Python give (mentions, persons, others, and what they learnt), each from a cache
    that knows only the stop words and then again from the cache the first run filled."""
    stopwords = names.lexicon().stopwords
    out = []
    for mentions in (mentions_in_c, mentions_in_python):
        static, no_names = dict.fromkeys(stopwords), set(stopwords)
        for _ in range(2):
            found, persons, others = mentions(text, static, no_names)
            out.append(([(m.start, m.end, m.text, m.type, m.name) for m in found],
                        [(m.start, m.end, m.text, m.type, m.name) for m in persons], others,
                        dict(static), set(no_names)))
            assert all(any(p is m for m in found) for p in persons)
    return out


@pytest.mark.parametrize("text", [
    "Leonid Trotsky said so. His neighbour Voronsky, a writer, came from Moscow with Mr. Smith.",
    "They met Zorya, the poet; Ann, one of  the lawyers; Bo, one of the lawyers; Cy, a (friend).",
    "Ask Dee, ’cause she knows. Eve, the sons. Flo, the s. Gus, his son-in-law. Hal,no.",
    # No word character after the determiners: the regular expression takes up to three words
    # more (C hands these to Python).
    "Ask Dee, ’cause writer. Eve, the -- poet. Flo, a 'n' b poet. Gus, (poet). Hal, the ’x y z poet.",
    "In Kent and at Paris, near Oslo; from Brazilian ports. Then the Moscow Academy and Ann Bay.",
    "Max, a wife’s friend. Ned, their our an also wife. Oz, " + "x" * 60 + " minister.",
    "Kurt, a King. Pia, the MİNISTER. Rex, the ministers. Sam, the writers' guild.",
    "Ted, the	poet\nUma,\tthe poet. Vic, the poet", "Zed,", "Zed, ", "Zed, the", "",
    "Dr. Ann Smith Jr. met Ann Smith and Lev Davidovich, then Trotsky and the Old Bolsheviks.",
    "Жанна, поэт, и 😀 Ёлка, the minister of 𝐀 Ярослав.",
])
def test_mentions_are_the_same_in_c_and_python(text):
    c_first, c_again, python_first, python_again = both_ways(text)
    assert c_first == python_first
    assert c_again == python_again


def test_mentions_are_made_as_the_class_makes_them():
    text = "His friend Voronsky, the poet, met Zed. Zed came from Moscow with Trotsky."
    found, persons, others = mentions_in_c(text, {}, set())
    canonical = names.lexicon().aliases["Trotsky"]
    assert found == [names.Mention(11, 19, "Voronsky", "person"), names.Mention(54, 60, "Moscow", "place"),
                     names.Mention(66, 73, "Trotsky", "person", canonical)]
    assert all(type(m) is names.Mention for m in found)
    assert persons == [found[0], found[2]]
    assert others == [(35, 38, "Zed"), (40, 43, "Zed")]  # a name that opens a sentence is "other"


_CONTEXT_NAME = st.sampled_from(["Ann", "Ann Lee", "Leonid Serebryakov", "Trotsky", "Moscow", "Voronsky",
                                 "Mr. Smith", "The Smiths", "Zed", "Brazilian", "Oslo", "Ёлка", "MİKE",
                                 "Dr.", "Old Bolsheviks", "Ann Bay", "Red Army", "NASA"])
_CONTEXT_MORE = st.sampled_from(["a", "an", "also", "one of", "one", "the", "his", "its", "writer", "writers",
                                 "poets", "sons", "s", "minister", "wife’s", "son-in-law", "’cause",
                                 "(friend", "in", "at", "from", "near", "said", "who", "K\u212aing", "İ",
                                 "--", "’x"])
MENTION_TEXTS = st.lists(st.tuples(st.one_of(_CONTEXT_NAME, _CONTEXT_MORE, _CONTEXT_WORD), _CONTEXT_GAP),
                         max_size=14).map(lambda pairs: "".join(w + g for w, g in pairs))


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=MENTION_TEXTS)
def test_mentions_are_the_same_in_c_and_python_on_fuzzed_text(text):
    c_first, c_again, python_first, python_again = both_ways(text)
    assert c_first == python_first
    assert c_again == python_again


def test_bad_arguments_to_the_mention_loop_are_type_errors():
    lex = names.lexicon()
    good = ["Ann", {}, set(), names._static, lex, lex.aliases, lex.roles, names._role_in_apposition,
            names.Mention, names._MENTION_SLOTS]
    for position, bad in [(0, b"Ann"), (1, []), (2, frozenset()), (3, None), (6, ["role"]), (8, None),
                          (9, names._MENTION_SLOTS[:4]), (9, (1, 2, 3, 4, 5))]:
        with pytest.raises(TypeError):
            _names.name_mentions(*good[:position], bad, *good[position + 1:])
    with pytest.raises(TypeError):
        _names.name_mentions(*good[:9])
