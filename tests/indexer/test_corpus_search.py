"""Search and the misquote finder on the shared real corpus (ingested once by ``corpus_archive``)."""

from __future__ import annotations

import pytest

# (phrase as written in the corpus, the document id it comes from): five from the Federal
# Writers' Project interviews, five from the Spacelog mission transcripts.
PHRASES = [
    ("Charlie recalls very well when the Yankees came through", "georgia_3-"),
    ("summer hats were made out of plaited straw", "virginia_1-"),
    ("ceased terrorizing the people", "arkansas_4-"),
    ("She worked the loom and the spinning wheel", "arkansas_2-"),
    ("sat down before it and beamed", "alabama_1-"),
    ("We are not receiving your FM downlink yet", "a11-tec"),
    ("You are loud and clear, Houston, over the Canaries", "a8-tec"),
    ("They're just right on null now", "g4-tec"),
    ("Capsule did damp okay and turned around", "ma6-tec"),
    ("Taking off the filter I had on it before launch", "ma6-tec"),
]


@pytest.fixture(scope="module")
def archive(corpus_archive):
    store, service, _ = corpus_archive
    return store, service


def _marked(store, hit) -> list[str]:
    text = store.get(hit["document_id"]).text
    return [" ".join(text[s:e].split()) for s, e in hit["highlights"]]


def test_the_obituary_first_block_quotation(archive):
    store, service = archive
    r = service.search('"everyone knew each other very well"')
    top = r["hits"][0]
    doc = store.get(top["document_id"])
    assert top["document_id"].startswith("wsws-obituary-zorya-serebryakova")
    assert top["kind"] == "quote"
    assert top["passage_id"] == next(p.id for p in doc.passages if p.kind == "quote")
    if top["speaker"] is not None:
        assert top["speaker"] == "Zorya Serebryakova"
    assert _marked(store, top) == ["Everyone knew each other very well"]


@pytest.mark.parametrize("phrase,doc_prefix", PHRASES)
def test_phrases_from_the_corpus(archive, phrase, doc_prefix):
    store, service = archive
    top = service.search(f'"{phrase}"')["hits"][0]
    assert top["document_id"].startswith(doc_prefix)
    assert _marked(store, top) == [phrase]


def test_misquote_finds_the_original(archive):
    store, service = archive
    best = service.quote("He was my mother, my father, he was everything to me")["matches"][0]
    assert best["text"] == "He was everything to me, a mother, a father, everything."
    assert store.get(best["document_id"]).text[best["start"]:best["end"]] == best["text"]
    assert 0.5 < best["similarity"] < 1
    assert {d["op"] for d in best["diff"]} >= {"equal", "insert"}


def test_quote_spanning_two_passages(archive):
    store, service = archive
    first, second = store.passages(["a11-tec:p129", "a11-tec:p130"])
    said = " ".join(first.text.split()[-6:] + second.text.split()[:6])  # end of one turn, start of the next
    best = service.quote(said)["matches"][0]
    assert best["passage_ids"] == ["a11-tec:p129", "a11-tec:p130"]
    assert best["similarity"] > 0.9


@pytest.mark.parametrize("q,written", [("Trotskii", "Trotsky"), ("Троцкий", "Trotsky"),
                                        ("Serebriakova", "Serebryakova")])
def test_names_across_spellings(archive, q, written):
    store, service = archive
    r = service.search(q, limit=50)
    assert r["total"] >= 5
    assert all(written in " ".join(_marked(store, h)) for h in r["hits"])
    assert {h["document_id"] for h in r["hits"]} >= {"wsws-obituary-zorya-serebryakova"}
