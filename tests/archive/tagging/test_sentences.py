"""The one sentence splitter: where sentences end, and where abbreviations keep them whole."""

from __future__ import annotations

import pytest

from archive.model import Document, Passage, Source
from archive.tagging import names, passages, sentences


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences.spans(text)]


@pytest.mark.parametrize("text", [
    "Mr. Reed came home.", "They went through Ft. Smith on foot.", "It was e.g. This one.",
    "Ask Chief Justice John G. Roberts today.", "Mrs. J.B. Talbot was there.",
    "He joined the W.P.A. Writers' Project.", "INTERVIEWED FROM MRS. SARAH BROWN.",
    "It hung on No. 5 Elm Street.", "See p. 3 of the file.", "Born c. 1850 in Georgia.",
    "He stood 5 ft. 9 in. tall.", "He was a great man--Mr. Lincoln was.",
])
def test_abbreviations_and_initials_end_no_sentence(text):
    assert _split(text) == [text]


@pytest.mark.parametrize(("text", "expected"), [
    ("I said no. Then he left.", ["I said no.", "Then he left."]),
    ("No. We stayed home.", ["No.", "We stayed home."]),
    ("Did you whip me, Miss? Old Miss said nothing.", ["Did you whip me, Miss?", "Old Miss said nothing."]),
    ("They moved to Roanoke, Va. She married there.", ["They moved to Roanoke, Va.", "She married there."]),
    ("Thou art nigh O! That I knew.", ["Thou art nigh O!", "That I knew."]),
    ("The rest is N/A. Comments follow.", ["The rest is N/A.", "Comments follow."]),
    ("We were in zero g. Right now it is fine.", ["We were in zero g.", "Right now it is fine."]),
    ('He said, "Stay!" Then Mr.. Lee left?  (He did.) ‘Go.’ 1950 came.',
     ['He said, "Stay!"', "Then Mr..", "Lee left?", "(He did.)", "‘Go.’", "1950 came."]),
])
def test_sentences_end_at_marks_before_a_capital_or_digit(text, expected):
    assert _split(text) == expected


def test_lower_case_after_a_mark_continues_the_sentence():
    assert _split("It cost 5 dollars. and more. Then it stopped.  ") == \
        ["It cost 5 dollars. and more.", "Then it stopped."]


def test_start_before_and_end_after_agree_with_spans():
    text = "One went. Two went, Mr. Lee said. Three."
    spans = sentences.spans(text)
    for s, e in spans:
        for pos in range(s, e):
            assert sentences.start_before(text, 0, pos) <= s
            assert sentences.end_after(text, pos, len(text)) == e
    assert sentences.start_before(text, 0, text.index("Lee")) == text.index("Two")


def test_names_read_every_title_as_part_of_the_name():
    for title in sentences.TITLES:
        text = f"and {title}. Anna Petrova spoke."
        found = [m.group() for m in names.NAME_RE.finditer(text)]
        assert f"{title}. Anna Petrova" in found, title


def test_opens_sentence():
    text = 'He left. "Anna came; Boris too.'
    assert sentences.opens_sentence(text, 0)
    assert sentences.opens_sentence(text, text.index("Anna"))
    assert sentences.opens_sentence(text, text.index("Boris"))
    assert not sentences.opens_sentence(text, text.index("left"))
    assert sentences.opens_sentence(text, text.index("left"), lo=text.index("left"))


def test_long_passages_are_not_cut_between_initials_and_surname():
    words = " ".join(["word"] * 150)
    text = f"{words}. The buggy was owned by his master, A.J. Lane and his son. {words}."
    doc = Document(id="d", title="", text=text, source=Source("d.txt", "text"),
                   passages=[Passage(start=0, end=len(text), kind="narration")])
    passages.split_long(doc, max_words=160)
    cuts = [text[p.start:p.end] for p in doc.passages]
    assert all(not c.endswith("A.J.") for c in cuts)
    assert "".join(cuts).replace(" ", "") == text.replace(" ", "")
