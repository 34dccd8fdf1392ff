"""People, places, organisations and years per passage, with offsets and canonical names."""

from __future__ import annotations

from archive.model import Document, Source
from archive.readers._build import TextBuilder
from archive.tagging import entities, names


def _doc(*paragraphs: str) -> Document:
    b = TextBuilder()
    for text in paragraphs:
        b.add(text)
    doc = Document(id="t", title="t", text=b.text, source=Source("t.txt", "text"), passages=b.passages)
    entities.tag(doc)
    return doc


def _found(doc: Document, kind: str) -> list[str]:
    return [e.name for p in doc.passages for e in p.entities if e.type == kind]


def test_short_forms_join_the_full_name():
    doc = _doc("Leon Trotsky arrived in Mexico in 1937. Trotsky wrote daily.",
               "Her father admired Lev Davidovich enormously. Grigory Sokolnikov visited; Sokolnikov left.")
    assert _found(doc, "person") == ["Leon Trotsky", "Leon Trotsky", "Leon Trotsky",
                                     "Grigory Sokolnikov", "Grigory Sokolnikov"]


def test_offsets_point_at_the_words():
    doc = _doc("In 1949 the NKVD arrested Ilya Perevezentsev in Moscow.")
    got = {(e.type, doc.text[e.start:e.end]) for e in doc.passages[0].entities}
    assert got == {("year", "1949"), ("organization", "NKVD"), ("person", "Ilya Perevezentsev"),
                   ("place", "Moscow")}


def test_cues_find_unknown_people_and_places():
    doc = _doc("The minister, Kweku Adoma, said nothing. Her neighbour Voronsky, who taught music, "
               "settled in Tulsk in the 1990s. Deputy minister Asel Nurbek and his daughter "
               "Dana Nurbek came.")
    people = set(_found(doc, "person"))
    assert {"Kweku Adoma", "Voronsky", "Asel Nurbek", "Dana Nurbek"} <= people
    assert "Tulsk" in _found(doc, "place")
    assert "1990" in _found(doc, "year")


def test_sentence_starts_titles_and_organisations_are_not_people():
    doc = _doc("Numerous friends came. The University of Chicago and the Communist Party sent letters. "
               "President Abel Moro spoke.")
    assert _found(doc, "person") == ["Abel Moro"]
    assert "University of Chicago" in _found(doc, "organization")


def test_gender_from_given_name_or_slavic_surname():
    assert names.gender("Zorya Serebryakova") == "f"
    assert names.gender("Leonid Serebryakov") == "m"
    assert names.gender("Margaret Leinen") == "f"
    assert names.gender("Kweku Adoma") is None


def test_obituary_people_found(corpus):
    from tools import evaluate

    docs = evaluate.load_documents(corpus)
    score, _ = evaluate.score_people(evaluate.load_gold("entities"), docs, only=evaluate.OBITUARY)
    assert score.recall >= 0.9
    assert score.precision >= 0.9


def test_name_pattern_matches_its_plain_form():
    # NAME_RE opens with its capital letter for speed; it must find what the plain
    # look-behind form finds, titles, initials, particles and apostrophes included.
    import re

    plain = re.compile(rf"(?<![\w'’-])(?>{names._TOKEN}(?:[ \t]+(?:{names._PARTICLE}[ \t]+|al-|el-|d['’])?"
                       rf"{names._TOKEN})*)(?![ \t]*&)")
    text = ("Mrs. Jones met Dr. Who and Capt. Lt. Prof. Gen. Smith; J. R. R. Tolkien, D'Souza, O’Neil's "
            "dog, Mir-Mohammadi, Ludwig van Beethoven, Abd al-Rahman, x-Men, re-Elected, Ёлка Жуков, "
            "Ms. St. Mt. Mr Jr. Sr. A & B Co.\nMarch\tApril  May 'Tis Sen. Rep. Gov. Col. Rev.")
    assert [m.span() for m in names.NAME_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert names.NAME_RE.findall(text)[:3] == ["Mrs. Jones", "Dr. Who", "Capt. Lt. Prof. Gen. Smith"]


def test_a_name_before_an_ampersand_is_a_firms_not_cut_short():
    # The look-ahead for "&" once let the regex back into the name: "Smith & Wesson" gave "Smit".
    assert names.NAME_RE.findall("Smith & Wesson sold to John Smith & Co and Ann") == ["Wesson", "Co", "Ann"]


def test_each_passage_gets_its_own_names_and_years_in_text_order():
    doc = _doc("Nothing here at all.", "In the 1990s Leon Trotsky met Grigory Sokolnikov in 1937.",
               "Quiet.", "1950 came.")
    got = [[(e.type, e.name) for e in p.entities] for p in doc.passages]
    assert got == [[], [("year", "1990"), ("person", "Leon Trotsky"), ("person", "Grigory Sokolnikov"),
                        ("year", "1937")], [], [("year", "1950")]]
    entities.tag(doc)  # tagging again gives the same, not twice as much
    assert [[(e.type, e.name) for e in p.entities] for p in doc.passages] == got


def _transcript(*turns: tuple[str, str]) -> Document:
    from archive.model import Speaker

    b = TextBuilder()
    for label, text in turns:
        b.add(text, kind="turn", label=label)
    cast = [Speaker("CDR", "James A. (Jim) Lovell, Jr."), Speaker("LMP", "Fred W. Haise, Jr."),
            Speaker("CC", "Capsule Communicator")]
    doc = Document(id="a13", title="Apollo 13", text=b.text, source=Source("a13.txt", "spacelog"),
                   passages=b.passages, speakers=cast)
    entities.tag(doc)
    return doc


def test_radio_words_are_not_organisations_but_codes_are_the_cast():
    doc = _transcript(
        ("CC", "Aquarius, Houston. You are GO for TLI. NOUN 20, then MODE, VOICE, to OFF; ACCEPT."),
        ("CDR", "Roger. Charlie DROP ISOL valve is closed; the LM is powered down."),
        ("CC", "Jim McDivitt sends his best. Tell the LMP to get some sleep, Jim."),
        ("LMP", "The CIA and the Associated Press (AP) are not on this loop. The CC says hello."))
    assert _found(doc, "organization") == ["CIA", "Associated Press", "AP"]
    # "Jim" is the commander of this flight; "Jim McDivitt", named in full, stays himself.
    assert _found(doc, "person") == ["Charlie", "Jim McDivitt", "Fred W. Haise, Jr.",
                                     "James A. (Jim) Lovell, Jr."]
    assert "Houston" in _found(doc, "place")


def test_initials_before_a_common_word_are_no_name():
    doc = _doc("He struck the fork and said, \"A. Four hundred and forty.\" Then: \"A. Set it down.\"",
               "I set the table. Ask I. He knows. We read I. N. Smirnov and met J. Reed.")
    assert _found(doc, "person") == ["I. N. Smirnov", "J. Reed"]


def test_forms_of_address_and_bare_keywords_are_no_names():
    doc = _doc("Boss said we could go. Massa would not. The Department refused; the University agreed.",
               "Master Tom came home. Uncle Remus told it.")
    assert "Boss" not in _found(doc, "person") and "Massa" not in _found(doc, "person")
    assert _found(doc, "organization") == []
