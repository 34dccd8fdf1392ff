"""The ``search``, ``quote`` and ``reindex`` commands, through the real CLI on a small archive."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from archive.store import Store
from indexer.service import SearchService
from tests.indexer.sample_documents import DOCUMENTS
from webapp.cli import main


@pytest.fixture
def archive_dir(tmp_path):
    folder = tmp_path / "archive"
    store = Store(folder)
    for doc in DOCUMENTS:
        store.replace_source(f"/{doc.id}.txt", doc.id, [doc])
    service = SearchService(store)
    service.on_stored(DOCUMENTS, [])
    service.close()
    store.close()
    return folder


def run(folder, *args):
    return CliRunner().invoke(main, ["--archive", str(folder), *args])


def test_search_json_follows_the_design(archive_dir):
    result = run(archive_dir, "search", '"keep the piano tuned"', "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"query", "total", "took_ms", "facets", "hits", "offset", "limit"}
    (hit,) = data["hits"]
    assert set(hit) >= {"passage_id", "document_id", "title", "speaker", "kind", "start", "end", "time",
                        "score", "text", "highlights", "snippet_html", "url", "hl_url"}
    assert hit["speaker"] == "Vera Lomova" and hit["url"] == "/documents/lomova-1998#p2"


def test_search_text_output_and_filters(archive_dir):
    result = run(archive_dir, "search", "harvest", "--speaker", "Ivan Petrov", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("13 passages (1-2 shown")
    assert "[harvest]" in result.output


@pytest.mark.parametrize("args", [['"unclosed'], ["colour:red"], ["piano", "--limit", "0"],
                                  ["piano", "--kind", "poem"]])
def test_bad_queries_give_one_line_and_exit_2(archive_dir, args):
    result = run(archive_dir, "search", *args)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("error: ")


def test_quote_and_reindex(archive_dir):
    result = run(archive_dir, "quote", "He was my mother, my father, he was everything to me", "--json")
    assert result.exit_code == 0, result.output
    best = json.loads(result.output)["matches"][0]
    assert best["text"] == "He was everything to me, a mother, a father, everything."
    assert "diff" in best and "similarity" in best
    result = run(archive_dir, "reindex", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["passages"] == sum(len(d.passages) for d in DOCUMENTS)
    assert "He was everything" in run(archive_dir, "quote", "he was everything to me").output
