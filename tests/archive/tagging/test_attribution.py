"""Quote attribution in prose: block quotations, inline quotations, scare quotes, mark styles."""

from __future__ import annotations

import pytest

from archive.model import Document, Source
from archive.readers._build import TextBuilder
from archive.tagging import attribution, quotemarks, sentences


def _doc(*paragraphs: str | tuple[str, str], title: str | None = None) -> Document:
    b = TextBuilder()
    if title:
        b.add(title, "title")
    for para in paragraphs:
        text, kind = para if isinstance(para, tuple) else (para, "narration")
        b.add(text, kind)
    doc = Document(id="t", title=title or "", text=b.text, source=Source("t.txt", "text"),
                   passages=b.passages, kind="article")
    attribution.attribute(doc)
    return doc


def _quotes(doc: Document) -> list[tuple[str, str | None]]:
    return [(doc.text[q.start:q.end], q.speaker) for p in doc.passages for q in p.quotes]


def test_block_quotation_takes_speaker_from_introducing_sentence_with_full_name():
    doc = _doc("Anna Petrova was born in Kazan. Years later, Anna recalled,",
               ("We had no bread that winter, and my mother sold her coat.", "quote"),
               title="Remembering Anna Petrova")
    assert doc.passages[2].speaker == "Anna Petrova"


def test_block_quotation_after_comma_is_recognised_without_reader_hint():
    doc = _doc("Boris Ivanov wrote about the camp. Thus, Ivanov wrote in 1956,",
               "The barracks were cold and the guards were colder.")
    assert doc.passages[1].kind == "quote"
    assert doc.passages[1].speaker == "Boris Ivanov"


def test_pronoun_in_introduction_resolves_to_recent_person_of_matching_gender():
    doc = _doc("Peter Novak met Maria Kowalska in 1950. She was arrested a year later. "
               "To quote her memoir,",
               ("They came at night and took everything.", "quote"))
    assert doc.passages[1].speaker == "Maria Kowalska"


def test_inline_quotations_with_verb_before_and_after():
    doc = _doc("Helen Ward grew up on a farm. As she later recalled, “We worked from dawn.” "
               "“It was hard,” Ward said. Her uncle George Ward had called the farm a “paradise.”")
    assert _quotes(doc) == [("We worked from dawn.", "Helen Ward"), ("It was hard,", "Helen Ward"),
                            ("paradise.", "George Ward")]


def test_verb_then_name_after_the_quotation_and_continuation():
    doc = _doc('"The river rose overnight," said Thomas Reed, a farmer. "We lost the barn."')
    assert _quotes(doc) == [("The river rose overnight,", "Thomas Reed"),
                            ("We lost the barn.", "Thomas Reed")]


def test_scare_quotes_titles_and_naming_get_no_speaker():
    doc = _doc("He was branded an “enemy of the people.” She appeared on a show called “The Hour” "
               "and read the “Secret Letter” aloud. A method called “drying” was used.")
    assert [s for _, s in _quotes(doc)] == [None, None, None, None]


def test_far_away_verb_does_not_attribute_a_term():
    doc = _doc("Vera described how the police took the only photograph she had kept of her brother and "
               "filed it as an “important piece of evidence” in the case.")
    assert _quotes(doc) == [("important piece of evidence", None)]


def test_passive_with_agent_and_organisation_speakers():
    doc = _doc('The bishop was described by the CBCP as "a friend of the poor". '
               'The Labour Party, in its statement, said he was a "decent man".')
    assert _quotes(doc) == [("a friend of the poor", "CBCP"), ("decent man", "Labour Party")]


def test_quotation_running_over_paragraphs_keeps_its_speaker():
    doc = _doc("Clara Brown told the interviewer: “We left in the spring.",
               "“The road was long, and we had one cart.”")
    assert _quotes(doc) == [("We left in the spring.", "Clara Brown"),
                            ("The road was long, and we had one cart.", "Clara Brown")]


def test_captions_and_titles_are_not_speech():
    doc = _doc(("Helen Ward said “hello” in 1950", "caption"), title="“Hello,” said the title")
    assert _quotes(doc) == []


@pytest.mark.parametrize("text, inner", [
    ("„Wir gingen,“ sagte sie.", "Wir gingen,"),
    ("«Nous partons», dit-elle.", "Nous partons"),
    ("»Wir bleiben«, sagte er.", "Wir bleiben"),
    ("‹Oui›, dit-il.", "Oui"),
    ("He said, 'Come here,' and left.", "Come here,"),
    ("The party’s line was ‘never again’ that year.", "never again"),
    ('It was "cold" in the \'70s, didn\'t they say?', "cold"),
])
def test_quotation_mark_styles_and_apostrophes(text, inner):
    found = quotemarks.find(text, 0, len(text))
    assert [text[f.start:f.end] for f in found] == [inner]


def test_apostrophes_and_elisions_are_not_quotation_marks():
    text = "Dey'd go 'bout de fields an' we didn’t know nothin’ of Imus’ show in the ’70s."
    assert quotemarks.find(text, 0, len(text)) == []


@pytest.mark.parametrize("text, lo, inner", [
    ("'Git!' she said.", 0, ["Git!"]),  # the start of the text
    ("x\n  'Git!' she said.", 2, []),  # the start of a passage, not of the text: an elision
    ("He said,\n\t'Git!' and went.", 0, ["Git!"]),  # a comma, then white space of any kind
    ("He said: 'Go,' an' went 'way.", 0, ["Go,"]),
    ("He went 'way an' said (  'no' ) twice.", 0, ["no"]),
])
def test_straight_single_quote_opens_after_a_comma_colon_or_the_start(text, lo, inner):
    found = quotemarks.find(text, lo, len(text))
    assert [text[f.start:f.end] for f in found] == inner


def test_obituary_block_and_inline_quotations(corpus):
    from archive.ingest import read_file

    docs, *_ = read_file(corpus / "seed" / "wsws-obituary-zorya-serebryakova.txt")
    doc = docs[0]
    blocks = [p.speaker for p in doc.passages if p.kind == "quote"]
    assert blocks == ["Zorya Serebryakova", "Leon Trotsky", "Zorya Serebryakova"]
    spans = {doc.text[q.start:q.end]: q.speaker for p in doc.passages for q in p.quotes}
    assert spans["a palace."] == "Zorya Serebryakova"
    assert spans["brilliant worker."] == "Vladimir Lenin"
    assert spans["My father left the Opposition because he felt that the struggle was futile and that he "
                 "could still contribute something in concrete work. From 1931, he was the head of the "
                 "automobile transportation [division] and he took his work extremely seriously."] \
        == "Zorya Serebryakova"
    assert spans["I adored him. He was everything to me, a mother, a father, everything."] \
        == "Zorya Serebryakova"
    for term in ("enemy of the people.", "The Court of Time", "Secret Speech", "counterrevolutionary"):
        assert spans[term] is None
    assert all(not p.quotes and p.speaker is None for p in doc.passages if p.kind == "caption")


def test_pronoun_falls_back_to_the_person_named_in_the_title():
    doc = _doc("Peter Novak came to the village in 1950. Later she recalled, “It was cold.”",
               title="The life of Maria Kowalska")
    assert _quotes(doc) == [("It was cold.", "Maria Kowalska")]


def test_pronoun_falls_back_to_the_first_person_without_a_title():
    doc = _doc("Maria Kowalska was born in Lodz.", "The war came. Boris Ivanov wrote about it.",
               "Later she recalled, “It was cold.”")
    assert _quotes(doc) == [("It was cold.", "Maria Kowalska")]


def test_sentences_are_worked_out_as_far_as_asked_and_agree_with_the_splitter():
    text = ('x Mr. Reed came. "Stay!" he said... Then J. R. Lee left? Yes.  (He did.) ‘Go.’ '
            "It ended 1950. end")
    lo, hi = 2, len(text) - 4
    full = sentences.spans(text, lo, hi)
    assert [text[s:e] for s, e in full] == [
        "Mr. Reed came.", '"Stay!" he said...', "Then J. R. Lee left?", "Yes.", "(He did.)", "‘Go.’",
        "It ended 1950."]
    walked = attribution._Sentences(text, lo, hi)
    for pos in range(lo, hi + 1):
        fresh = attribution._Sentences(text, lo, hi).upto(pos)
        assert fresh == full[:len(fresh)] and all(s > pos for s, _ in full[len(fresh):])
        assert walked.upto(pos)[:len(fresh)] == fresh
    assert walked.upto(hi) == full


def test_quoted_spans_are_kept_in_order():
    sieve = attribution._Sieve(_doc("Nothing quoted."))
    sieve.add_quoted([(10, 20), (30, 40)])
    sieve.add_quoted([(0, 5)], sort=False)  # a block quotation: sorted with the next passage's
    assert sieve.quoted == [(10, 20), (30, 40), (0, 5)]
    sieve.add_quoted([(50, 60)])
    assert sieve.quoted == [(0, 5), (10, 20), (30, 40), (50, 60)]
    assert sieve._inside_quote(12) and not sieve._inside_quote(25)
