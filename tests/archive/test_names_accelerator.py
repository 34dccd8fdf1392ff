"""The C name scan of entity tagging (archive._names) against the regular expression it stands in for."""

from __future__ import annotations

import os
import shutil
import sysconfig

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import names

_names = pytest.importorskip("archive._names", reason="the C accelerator is not built (no C compiler)")
EXAMPLES = int(os.environ.get("ORAL_ARCHIVE_FUZZ_EXAMPLES", "400"))  # ``make fuzz`` draws more


def reference(text: str, skip: set[str] | frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in names.NAME_RE.finditer(text) if m.group() not in skip]


def test_the_accelerator_is_built_where_a_compiler_is():
    if shutil.which(sysconfig.get_config_var("CC").split()[0]) is None:
        pytest.skip("no C compiler here")
    assert names.name_matches is _names.name_matches


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


def _mentions(texts: list[str]) -> list[tuple[list[tuple], dict[str, str]]]:
    out = []
    for text in texts:
        found = names._build(text)
        out.append(([(m.start, m.end, m.text, m.type, m.name) for m in found.mentions], found.people))
    return out


def test_names_are_the_same_with_and_without_the_accelerator(monkeypatch, corpus):
    from archive import readers

    paths = [*sorted((corpus / "fwp-slave-narratives").glob("*.txt"))[:2],
             corpus / "seed" / "wsws-obituary-zorya-serebryakova.txt"]
    texts = [doc.text for path in paths for doc in readers.read(path)]
    assert texts
    with_c = _mentions(texts)
    monkeypatch.setattr(names, "name_matches", None)
    in_python = _mentions(texts)
    assert with_c == in_python
    assert sum(len(mentions) for mentions, _ in with_c) > 100
