"""Vocabularies from SKOS (Turtle, RDF/XML), CSV and TOML, and which one an archive uses."""

from __future__ import annotations

import pytest

from archive.errors import ReaderError
from archive.model import Document, Passage, Source
from archive.tagging import topics, vocabulary

TURTLE = """\
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/seafaring/> .

ex:boats a skos:Concept ;
    skos:prefLabel "Boats"@en, "Boote"@de ;
    skos:altLabel "fishing boat"@en, "Fischerboot"@de ;
    skos:hiddenLabel "sail"@en, "oar"@en, "harbour"@en ;
    skos:broader ex:seafaring .

ex:seafaring a skos:Concept ;
    skos:prefLabel "Seafaring"@en ;
    skos:narrower ex:navigation .

ex:navigation a skos:Concept ;
    skos:prefLabel "Navigation" ;
    skos:hiddenLabel "compass", "chart" .
"""

RDF_XML = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <skos:Concept rdf:about="http://example.org/famine">
    <skos:prefLabel xml:lang="en">Famine</skos:prefLabel>
    <skos:altLabel xml:lang="en">hunger</skos:altLabel>
    <skos:hiddenLabel xml:lang="en">starving</skos:hiddenLabel>
  </skos:Concept>
</rdf:RDF>
"""


def _doc(*paragraphs: str) -> Document:
    text, passages, pos = "", [], 0
    for para in paragraphs:
        passages.append(Passage(pos, pos + len(para)))
        text += para + "\n\n"
        pos = len(text)
    return Document("d", "t", text, Source("d.txt", "text"), passages=passages)


def test_skos_turtle_is_loaded_and_tags_passages(tmp_path):
    path = tmp_path / "vocabulary.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    vocab = topics.load_vocabulary(path)
    by_label = {c.label: c for c in vocab.concepts}
    assert set(by_label) == {"Boats", "Seafaring", "Navigation"}
    assert by_label["Boats"].alt == ("fishing boat",)  # English labels only
    assert by_label["Boats"].broader == "Seafaring"
    assert by_label["Navigation"].broader == "Seafaring"  # from skos:narrower
    doc = _doc("We sailed out of the harbour before dawn.", "He read the chart by the compass.",
               "Nothing here.")
    topics.tag(doc, vocab)
    assert [[t.label for t in p.topics] for p in doc.passages] == [["Boats"], ["Navigation"], []]
    assert doc.vocabulary == {"name": "vocabulary.ttl", "sha256": vocabulary.read(path)[1].sha256}


def test_skos_rdf_xml_and_csv(tmp_path):
    rdf = tmp_path / "famine.rdf"
    rdf.write_text(RDF_XML, encoding="utf-8")
    (famine,) = vocabulary.read(rdf)[0]
    assert (famine.label, famine.alt, famine.related) == ("Famine", ("hunger",), ("starving",))
    table = tmp_path / "vocabulary.csv"
    table.write_text("id,prefLabel,altLabel,hiddenLabel,broader\n"
                     "boats,Boats,fishing boat|rowing boat,sail;oar,sea\n"
                     "sea,Seafaring,,,\n", encoding="utf-8")
    boats, sea = vocabulary.read(table)[0]
    assert boats.alt == ("fishing boat", "rowing boat") and boats.related == ("sail", "oar")
    assert boats.broader == "Seafaring" and sea.broader is None


@pytest.mark.parametrize("name, content, message", [
    ("v.ttl", "this is not turtle", "cannot read SKOS vocabulary"),
    ("v.ttl", "@prefix ex: <http://e/> . ex:a ex:b ex:c .", "no skos:Concept"),
    ("v.csv", "name,colour\nboat,red\n", "prefLabel"),
    ("v.json", "{}", "a vocabulary is .toml, .csv or SKOS"),
])
def test_bad_vocabularies_name_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReaderError, match=message) as err:
        vocabulary.read(path)
    assert name in str(err.value)


def test_an_archive_uses_its_own_vocabulary_file(tmp_path):
    assert vocabulary.for_archive(tmp_path) == vocabulary.default_source()
    (tmp_path / "vocabulary.csv").write_text("prefLabel\nBoats\n", encoding="utf-8")
    assert vocabulary.for_archive(tmp_path).name == "vocabulary.csv"
    (tmp_path / "vocabulary.toml").write_text('[concepts.b]\nlabel = "Boats"\n', encoding="utf-8")
    found = vocabulary.for_archive(tmp_path)
    assert found.name == "vocabulary.toml" and found.path == tmp_path / "vocabulary.toml"
