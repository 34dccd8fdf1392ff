"""Prose and scraped web articles: leftovers dropped, title, captions and block quotations."""

from __future__ import annotations

from archive.readers import read
from archive.readers.article import is_caption, is_furniture, is_subheading
from tests.archive.readers.test_text import check_offsets, passage_texts, read_corpus

OBITUARY = "seed/wsws-obituary-zorya-serebryakova.txt"


def test_scraped_article_fixture(fixtures):
    [doc] = read(fixtures / "text" / "obituary.txt")
    check_offsets(doc)
    assert doc.kind == "article"
    assert doc.title == "In memory of Anna Petrova (1920-2019), teacher and translator"
    assert passage_texts(doc, "title") == [doc.title, "Early years"]
    assert passage_texts(doc, "caption") == [
        "Anna Petrova in 1975",
        "Anna and Ivan Petrov with their mother in 1931 [Photo courtesy of the family]",
    ]
    assert passage_texts(doc, "quote") == [
        "I never chose to teach. Teaching chose me, the way the river chooses its bed, "
        "and I only followed where the water went."]
    # the inline quotation after a colon stays inside its paragraph
    assert any(t.endswith('"She took one suitcase and two hundred books."')
               for t in passage_texts(doc, "narration"))
    for leftover in ("Français", "Share this article", "Loading"):
        assert leftover not in doc.text


def test_captions_and_furniture():
    assert is_caption("Zorya as a child with her father [Photo by Courtesy of the family]")
    assert is_caption("Trotsky and Serebryakov in 1925")
    assert not is_caption("She died in 2024.")
    assert not is_caption("He left for Moscow. She stayed behind with the children")
    assert not is_caption("and then the long winter came")
    assert not is_caption("Early years") and is_subheading("Early years")
    assert not is_subheading("Anna Petrova in 1975")
    assert is_furniture("Loading") and is_furniture("Share") and is_furniture("Read more")
    assert not is_furniture("Loading the trucks took all night.")


def test_real_obituary(corpus):
    [doc] = read_corpus(corpus)[0][corpus / OBITUARY]
    check_offsets(doc)
    assert doc.kind == "article"
    assert doc.title == ("In memory of Zorya Serebryakova (1923-2024), daughter of Old Bolshevik and "
                         "Opposition leader Leonid Serebryakov")
    assert passage_texts(doc, "title") == [doc.title]
    assert "English" not in doc.text.split("\n\n")[0] and "Loading" not in doc.text
    captions = passage_texts(doc, "caption")
    assert len(captions) == 8
    assert captions[0] == "Zorya Serebryakova in 2013"
    assert "Trotsky and Serebryakov in 1925" in captions
    quotes = passage_texts(doc, "quote")
    assert len(quotes) == 3
    assert quotes[0].startswith("I remember many old Bolsheviks")
    assert quotes[1].startswith("From 1923 to the end of 1927")
    assert quotes[2].startswith("We were all waiting for the NKVD")


def test_a_colon_without_a_reporting_verb_introduces_prose_not_a_quotation(tmp_path):
    path = tmp_path / "mill.txt"
    path.write_text(
        "The mill that closed\n\n"
        "The mill closed in the spring of 1958, and the town never quite recovered. "
        "The reasons were these:\n\n"
        "The river had silted up over the winter, and the barges could no longer reach the quay.\n\n"
        "Many years later the foreman's daughter said:\n\n"
        "We knew it was over when the whistle stopped. Nobody told us anything.\n\n"
        "The notice on the gate was short, and everyone in the town knew it by heart:\n\n"
        "\u201cThere will be no more orders.\u201d\n",
        encoding="utf-8")
    [doc] = read(path)
    check_offsets(doc)
    assert passage_texts(doc, "quote") == [
        "We knew it was over when the whistle stopped. Nobody told us anything.",
        "\u201cThere will be no more orders.\u201d"]
    assert ("The river had silted up over the winter, and the barges could no longer reach the quay."
            in passage_texts(doc, "narration"))
