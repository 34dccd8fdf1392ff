"""Passages have a maximum length whatever the text looks like: a file without paragraph or
sentence breaks still becomes many passages, cut between sentences, then words, then hard."""

from __future__ import annotations

import re

from archive.ingest import ingest
from archive.model import Document, Passage, Source
from archive.tagging import passages
from archive.tagging.passages import DEFAULT_MAX_WORDS, count_words, split_long


def _split(text: str) -> list[tuple[int, int]]:
    doc = Document(id="d", title="t", text=text, source=Source("f.txt", "text"),
                   passages=[Passage(0, len(text))])
    split_long(doc)
    return [(p.start, p.end) for p in doc.passages]


def test_a_megabyte_without_any_break_becomes_many_word_bounded_passages(tmp_path, store):
    words = [f"w{n % 997}ord" for n in range(160_000)]
    text = " ".join(words)  # about a megabyte, one paragraph, one "sentence"
    (tmp_path / "wall.txt").write_text(text, encoding="utf-8")
    report = ingest(store, [tmp_path / "wall.txt"], workers=1, tag=False)
    assert report.failures == []
    doc = store.get("wall")
    assert len(doc.passages) >= len(words) // DEFAULT_MAX_WORDS
    for p in doc.passages:
        piece = doc.text[p.start:p.end]
        assert len(piece) <= passages.MAX_CHARS and count_words(doc.text, p.start, p.end) <= DEFAULT_MAX_WORDS
        # cut between words: never inside one
        assert (p.start == 0 or doc.text[p.start - 1].isspace()) and not piece[0].isspace()
        assert p.end == len(doc.text) or doc.text[p.end].isspace()
    assert " ".join(doc.text[p.start:p.end] for p in doc.passages).split() == words


def test_long_words_without_spaces_are_cut_hard_at_the_character_cap():
    cap = passages.MAX_CHARS
    text = "a" * (cap * 3 + 17)
    assert _split(text) == [(0, cap), (cap, 2 * cap), (2 * cap, 3 * cap), (3 * cap, len(text))]


def test_sentences_stay_whole_when_they_fit():
    sentence = "We kept the piano tuned through the winter. "
    text = (sentence * 400).strip()
    spans = _split(text)
    assert len(spans) > 1
    for s, e in spans:
        assert re.fullmatch(r"(We kept the piano tuned through the winter\. ?)+", text[s:e] + " ")
        assert e - s <= passages.MAX_CHARS


def test_long_words_in_a_long_sentence_do_not_exceed_the_cap():
    text = " ".join(["short"] * 50 + ["b" * 9000] + ["tail"] * 30)
    spans = _split(text)
    assert all(e - s <= passages.MAX_CHARS for s, e in spans)
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")
