"""The shared highlighter: phrase-aware spans in document offsets, and an escaped snippet."""

from __future__ import annotations

from indexer.highlight import snippet_html, spans
from indexer.query import parse


def marks(text: str, q: str, base: int = 0) -> list[str]:
    return [text[s - base:e - base] for s, e in spans(text, base, parse(q).positive)]


def test_a_phrase_is_marked_whole_and_only_where_its_words_follow_each_other():
    text = "The piano was tuned. We kept the piano tuned <always>."
    assert marks(text, '"piano tuned"') == ["piano tuned"]
    assert marks(text, "piano tuned") == ["piano", "tuned", "piano", "tuned"]


def test_offsets_are_into_the_document_and_count_characters_not_bytes():
    text = "Троцкий said “piano” — twice"
    assert marks(text, "piano", base=500) == ["piano"]
    assert spans(text, 500, parse("piano").positive) == [(514, 519)]


def test_name_variants_are_marked_as_written():
    assert marks("He read Троцкий and Trotsky's letters", "Trotskii") == ["Троцкий", "Trotsky's"]


def test_snippet_escapes_everything_but_the_marks():
    text = "<b>Keep</b> the piano & tuned"
    html = snippet_html(text, 0, spans(text, 0, parse('"piano tuned"').positive))
    # Punctuation between words does not break a phrase, in the engines or here.
    assert html == "&lt;b&gt;Keep&lt;/b&gt; the <mark>piano &amp; tuned</mark>"
    html = snippet_html(text, 0, spans(text, 0, parse("piano").positive))
    assert html == "&lt;b&gt;Keep&lt;/b&gt; the <mark>piano</mark> &amp; tuned"


def test_a_long_passage_gives_a_window_around_the_first_mark():
    text = ("word " * 200) + "needle " + ("word " * 200)
    html = snippet_html(text, 0, spans(text, 0, parse("needle").positive))
    assert "<mark>needle</mark>" in html and html.startswith("… ") and html.endswith(" …")
    assert len(html) < 400
