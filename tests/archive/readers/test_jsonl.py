"""JSON Lines of articles: one document a line, paragraphs as passages, bad lines reported not fatal."""

from __future__ import annotations

import pytest

from archive.errors import ReaderError
from archive.readers import jsonl


def test_articles_keep_metadata_and_skip_bad_lines(fixtures):
    docs = list(jsonl.read(fixtures / "jsonl" / "articles.jsonl"))
    assert [d.title for d in docs] == ["Boatbuilder Tomas Brek dies at 70", "Harbour cranes to be kept"]
    first, second = docs
    assert first.kind == "article" and first.source.format == "jsonl"
    assert (first.metadata.date, first.metadata.url) == ("2001-06-01", "https://news.example.invalid/brek")
    assert first.metadata.extra["section"] == "Obituaries"
    assert second.metadata.date == "2001-06-03"  # "June 3, 2001" made ISO
    assert second.metadata.extra["tags"] == ["harbour", "heritage"]
    assert [first.text[p.start:p.end] for p in first.passages] == [
        "Friday, June 1, 2001",
        "Tomas Brek, who built oak boats in Gdynia for fifty years, has died.",
        "\"A boat remembers every nail,\" he told an interviewer in May.",
    ]
    assert all(p.kind == "narration" for p in first.passages)
    skipped = first.metadata.extra["skipped_lines"]
    assert skipped[0].startswith("articles.jsonl:2: not valid JSON")
    assert skipped[1] == "articles.jsonl:4: expected a JSON object, got list"


def test_a_file_with_no_good_line_is_an_error_naming_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('\n{"title": "no text"}\n{oops\n', encoding="utf-8")
    with pytest.raises(ReaderError, match=r'bad.jsonl:2: no "text" in this object \(and 1 more bad lines\)'):
        list(jsonl.read(path))


def test_real_wikinews_obituaries(corpus):
    [path] = (corpus / "wikinews-obituaries").glob("*.jsonl")
    docs = list(jsonl.read(path))
    assert len(docs) == 30
    assert all(d.metadata.date and len(d.metadata.date) == 10 for d in docs)
    assert all(d.metadata.url.startswith("https://en.wikinews.org/") for d in docs)
    assert all("skipped_lines" not in d.metadata.extra for d in docs)
    for d in docs:
        assert d.passages and d.title
        end = 0
        for p in d.passages:
            piece = d.text[p.start:p.end]
            assert end <= p.start < p.end and piece == piece.strip() and piece
            end = p.end
