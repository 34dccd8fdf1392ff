"""Topics from a controlled vocabulary, with their trigger words; archives bring their own."""

from __future__ import annotations

import pytest

from archive.errors import ReaderError
from archive.model import Document, Metadata, Segment, Source
from archive.readers._build import TextBuilder
from archive.tagging import topics


def _doc(*paragraphs: str, meta: Metadata | None = None) -> Document:
    b = TextBuilder()
    for text in paragraphs:
        b.add(text)
    return Document(id="t", title="t", text=b.text, source=Source("t.txt", "text"),
                    metadata=meta or Metadata(), passages=b.passages)


def _labels(doc: Document, n: int = 0) -> dict[str, list[str]]:
    return {t.label: t.triggers for t in doc.passages[n].topics}


def test_default_vocabulary_has_the_oral_history_concepts():
    vocab = topics.default_vocabulary()
    labels = {c.label for c in vocab.concepts}
    for wanted in ("Family", "Childhood", "Education", "Work", "Migration", "Arrest and interrogation",
                   "Prison and camps", "Exile and deportation", "Execution", "War", "Religion", "Politics",
                   "Famine and hunger", "Rehabilitation and memory", "Slavery and emancipation",
                   "Music and arts", "Space flight", "Health and death"):
        assert wanted in labels
    assert all(c.broader for c in vocab.concepts)


def test_passage_gets_concepts_with_stemmed_triggers():
    doc = _doc("In 1937 my father was arrested and interrogated for weeks; "
               "later he was sent to a labour camp.")
    topics.tag(doc)
    found = _labels(doc)
    assert set(found["Arrest and interrogation"]) >= {"arrested", "interrogated"}
    assert "labour camp" in found["Prison and camps"]


def test_one_incidental_word_is_not_enough():
    doc = _doc("We walked past the church on the way to the market.")
    topics.tag(doc)
    assert "Religion" not in _labels(doc)


def test_capitalised_words_inside_names_do_not_trigger():
    doc = _doc("He spoke at the White House and the Associated Press reported on the Party Congress.")
    topics.tag(doc)
    assert "Home and daily life" not in _labels(doc)


def test_own_vocabulary_from_a_file(tmp_path):
    path = tmp_path / "vocabulary.toml"
    path.write_text('[concepts.boats]\nlabel = "Boats"\nalt = ["fishing boat"]\n'
                    'related = ["sail", "oar", "harbour"]\nbroader = "Work"\n', encoding="utf-8")
    vocab = topics.load_vocabulary(path)
    doc = _doc("We sailed out of the harbour before dawn.", "My father arrested the thief.")
    topics.tag(doc, vocab)
    assert {label: set(words) for label, words in _labels(doc).items()} == {"Boats": {"sailed", "harbour"}}
    assert _labels(doc, 1) == {}
    topics.use_vocabulary(path)
    try:
        assert topics.active_vocabulary().concepts[0].label == "Boats"
    finally:
        topics.use_vocabulary(None)
    assert topics.active_vocabulary() is topics.default_vocabulary()


def test_bad_vocabulary_names_the_file(tmp_path):
    path = tmp_path / "vocabulary.toml"
    path.write_text("[concepts.x]\nalt = []\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="vocabulary.toml"):
        topics.load_vocabulary(path)


def test_two_concepts_with_one_label_are_refused(tmp_path):
    path = tmp_path / "vocabulary.toml"
    path.write_text('[concepts.boats]\nlabel = "Boats"\n[concepts.ships]\nlabel = "Boats"\n',
                    encoding="utf-8")
    with pytest.raises(ReaderError, match="'boats' and 'ships' have the same label 'Boats'"):
        topics.load_vocabulary(path)


def test_keywords_map_onto_the_vocabulary():
    # By label or alternative label, or by the one concept their words trigger ("Deportations");
    # a keyword that names no concept ("Odessa", "tuning fork") stays a keyword, not a topic.
    doc = _doc("First part.", "Second part.",
               meta=Metadata(keywords=["famine", "Odessa", "tuning fork"]))
    doc.segments = [Segment(time=0.0, title="One", start=0, keywords=["childhood"]),
                    Segment(time=60.0, title="Two", start=doc.passages[1].start,
                            subjects=["Deportations", "Lomov, Pavel, 1903-1969"])]
    topics.tag(doc)
    assert {t.label: t.triggers for t in doc.passages[0].topics} == {
        "Childhood": ["segment keyword"], "Famine and hunger": ["document keyword"]}
    assert [t.label for t in doc.passages[1].topics] == ["Exile and deportation"]
    assert doc.segments[1].subjects == ["Deportations", "Lomov, Pavel, 1903-1969"]
    assert doc.topics == ["Childhood", "Famine and hunger", "Exile and deportation"]


def test_triggers_are_in_text_order_whatever_the_process():
    # The word kept for a stem is its first in the text, and triggers of one length stay in text
    # order: a set's order changed with the hash seed, and with it the stored triggers.
    doc = _doc("The arrests began in spring; they arrested my uncle and were arresting others, "
               "and the interrogation and the interrogations went on.")
    topics.tag(doc)
    assert _labels(doc)["Arrest and interrogation"] == ["arrests", "interrogation"]
    doc = _doc("He was interrogated after they arrested him.")
    topics.tag(doc)
    assert _labels(doc)["Arrest and interrogation"] == ["arrested", "interrogated"]


def _turns(*turns: tuple[str, str]) -> Document:
    b = TextBuilder()
    for speaker, text in turns:
        b.add(text, kind="turn", label=speaker)
    return Document(id="t", title="t", text=b.text, source=Source("t.txt", "text"), passages=b.passages)


def test_an_answer_is_about_what_the_question_asks():
    doc = _turns(("Hart", "What do you remember of the night your father was arrested?"),
                 ("Lomova", "I woke because the light was on and there were strangers in the room."),
                 ("Hart", "Where was the dacha?"),
                 ("Lomova", "Outside the town, by the woods, a long way from anything."))
    topics.tag(doc)
    labels = [[t.label for t in p.topics] for p in doc.passages]
    assert "Arrest and interrogation" in labels[0] and "Arrest and interrogation" in labels[1]
    # "father" merely brushes Family, and "dacha" alone decides nothing, asked or not.
    assert "Family" not in labels[1] and labels[2:] == [[], []]


def test_one_word_alone_decides_nothing_but_a_running_topic_carries_it():
    alone = _doc("The band played at the wedding in the spring.", "We planted potatoes that year.")
    topics.tag(alone)
    assert [t.label for t in alone.passages[0].topics] == []
    running = _doc("My mother and father married in 1920; my brother and sister came soon.",
                   "My grandmother lived with us.",
                   "Her daughter, my aunt, and my cousins came on Sundays.")
    topics.tag(running)
    # "grandmother" alone, between two passages about the family, is about the family too.
    assert [t.label for t in running.passages[1].topics] == ["Family"]
    assert running.topics == ["Family"]


def test_candidates_are_the_words_that_start_with_an_entry_beginning():
    vocab = topics.Vocabulary([topics.Concept(id="war", label="War", related=("warfare", "soldier"))])
    low = "toward the war; (warfare) and soldiers, not swarms_war"
    starts, words = vocab.candidates(low)
    assert words == ["war", "warfare", "soldiers"]
    assert [low[s:s + len(w)] for s, w in zip(starts, words, strict=True)] == words
    assert vocab.hit("soldiers") and not vocab.hit("toward") and not vocab.hit("swarm")
