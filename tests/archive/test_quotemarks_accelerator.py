"""The C quotation-mark scan (archive._quotemarks) against the Python it stands in for."""

from __future__ import annotations

import os
from dataclasses import astuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import quotemarks

_quotemarks = pytest.importorskip("archive._quotemarks",
                                  reason="the C accelerator is not built (no C compiler)")
EXAMPLES = int(os.environ.get("ORAL_ARCHIVE_FUZZ_EXAMPLES", "400"))  # ``make fuzz`` draws more


def reference(text: str, lo: int, hi: int, continuing: str | None) -> list[tuple]:
    return [astuple(f) for f in quotemarks._find_py(text, lo, hi, continuing)]


@pytest.mark.parametrize("text, lo, continuing", [
    ("He said, “We stayed.” Then „Ja“ and «oui» or »nein« and ‹si› or ›no‹.", 0, None),
    ("The party’s line was ‘never again’, and ‚so‘ she said.", 0, None),
    ("Dey'd go 'bout de fields an' we didn’t know nothin’ of Imus’ show in the ’70s.", 0, None),
    ("He said: 'Go,' an' went 'way, (  'no' ) twice.", 0, None),
    ("He said, 'Go ' now' and, 'run'x off' then'", 0, None),  # ' after a space or before a letter
    ("'Git!' she said.", 0, None),
    ("x\n  'Git!' she said.", 2, None),  # a passage start, not the text's: an elision
    ('It was "cold" in the \'70s (" x") and—"y" and a"b".', 0, None),
    ("“  ”  “ spaced ” and an open “quote running to the end  ", 0, None),
    ("\n“ We went on, ” he said. “And on", 1, "“"),  # continued from the passage before
    ("x “We went on,” he said.", 1, "“"),  # not at the start: not continued
    ("“We went on", 0, "““"),  # an opener of two characters never matches
])
def test_find_matches_python(text, lo, continuing):
    for wide, start in (("", lo), ("ж", lo + 1), ("😀", lo + 1)):  # one, two and four bytes a character
        wider = wide + text
        expected = reference(wider, start, len(wider), continuing)
        assert _quotemarks.find(wider, start, len(wider), continuing) == expected


def test_find_returns_found_quotations():
    text = "He said, “We stayed,” and ‘left’."
    assert quotemarks.find(text, 0, len(text)) == quotemarks._find_py(text, 0, len(text))
    assert [text[f.start:f.end] for f in quotemarks.find(text, 0, len(text))] == ["We stayed,", "left"]


# The characters next to a mark decide what it is: all of the first 2048, every kind of white
# space, and a sample of the rest of the first two Unicode planes (letters, digits, symbols).
_CHARACTERS = sorted({*range(0x800), *range(0x800, 0x20000, 101),
                      *(i for i in range(0x20000) if chr(i).isspace())})


def test_every_character_around_a_mark_is_told_apart_as_python_does():
    pieces = []
    for c in map(chr, _CHARACTERS):
        pieces += [f'{c}"a"{c}', f"{c}'a'{c}", f" {c}'a{c}' ", f",{c}'a'", f"{c}‘a’{c}", f"a’{c}b’",
                   f"“{c}”", f"“a{c}”", f"«a»{c}", f", 'a{c}' b'", f"; 'a'{c}b' "]
    text, lo = "".join(pieces), 0
    for piece in pieces:  # each piece a passage of its own, so one cannot swallow the next
        hi = lo + len(piece)
        assert _quotemarks.find(text, lo, hi, None) == reference(text, lo, hi, None), piece
        lo = hi


def test_bad_arguments_are_errors():
    with pytest.raises(TypeError):
        _quotemarks.find(b"bytes", 0, 5, None)
    with pytest.raises(TypeError):
        _quotemarks.find("text", 0, 4)
    with pytest.raises(TypeError):
        _quotemarks.find("text", 0, 4, 1)
    with pytest.raises(ValueError):
        _quotemarks.find("text", 0, 5, None)
    with pytest.raises(ValueError):
        _quotemarks.find("text", -1, 4, None)


# Texts of marks (openers, closers, straight quotes, guillemets), letters and digits of one,
# two and four bytes, white space of several kinds and the punctuation that lets a straight
# single quote open (, : ; ( — –) or a double one open after a letter-free character.
_PIECE = st.sampled_from([*"“”„«»‹›‘’‚\"'", "'", "'", '"', "a", "b", "é", "ж", "𝐀", "1", "٣", "_",
                          " ", " ", " ", "\n", "\t", "\u2003", "\x1c", ",", ":", ";", "(", "[", "—", "–",
                          ".", "!", "?", "we", "em", "said, ", "said, '", ": '", " '", "' ", "an'", "'em",
                          "’70s"])
TEXTS = st.lists(_PIECE, max_size=24).map("".join)
_CONTINUING = st.sampled_from([None, None, "“", "„", "«", "»", "‹", "›", "‘", "‚", '"', "'", "x"])


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=TEXTS, continuing=_CONTINUING, data=st.data())
def test_find_matches_python_on_fuzzed_text(text, continuing, data):
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    assert _quotemarks.find(text, lo, hi, continuing) == reference(text, lo, hi, continuing)
