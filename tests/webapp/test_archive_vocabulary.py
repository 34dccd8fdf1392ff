"""An archive's own vocabulary file tags what is ingested, and ``reindex`` re-tags the archive
with it when it changes: through the real CLI."""

from __future__ import annotations

import json

from click.testing import CliRunner

from archive.store import Store
from webapp.cli import main

TEXT = ("Title: Harbour days\n\n"
        "We sailed out of the harbour before dawn, and my father pulled the oar.\n\n"
        "In winter the nets were mended by the stove.\n")


def run(folder, *args):
    result = CliRunner().invoke(main, ["--archive", str(folder), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _topics(folder) -> tuple[list[list[str]], list[str], dict | None]:
    with Store(folder) as store:
        (summary,) = store.documents()
        doc = store.get(summary.id)
        return [[t.label for t in p.topics] for p in doc.passages], doc.topics, doc.vocabulary


def test_archive_vocabulary_at_ingest_and_reindex(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "vocabulary.toml").write_text(
        '[concepts.boats]\nlabel = "Boats"\nrelated = ["sail", "oar", "harbour"]\n', encoding="utf-8")
    source = tmp_path / "harbour.txt"
    source.write_text(TEXT, encoding="utf-8")
    run(folder, "ingest", str(source), "--json")
    passages, summary, vocab = _topics(folder)
    assert ["Boats"] in passages and "Family" not in sum(passages, [])  # not the built-in vocabulary
    assert summary == ["Boats"] and vocab["name"] == "vocabulary.toml"
    assert json.loads(run(folder, "search", "harbour", "--topic", "Boats", "--json"))["total"] == 1

    # The cataloguers switch to a SKOS file: reindex re-tags the stored passages, then indexes them.
    (folder / "vocabulary.toml").unlink()
    (folder / "vocabulary.ttl").write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<http://e/fishing> a skos:Concept ; skos:prefLabel "Fishing" ; skos:hiddenLabel "nets", "stove" .\n',
        encoding="utf-8")
    report = json.loads(run(folder, "reindex", "--json"))
    assert report["retagged"] == 1 and report["vocabulary"] == "vocabulary.ttl"
    passages, summary, vocab = _topics(folder)
    assert "Boats" not in sum(passages, []) and ["Fishing"] in passages
    assert vocab["name"] == "vocabulary.ttl"
    assert json.loads(run(folder, "search", "nets", "--topic", "Fishing", "--json"))["total"] == 1
    assert json.loads(run(folder, "search", "harbour", "--topic", "Boats", "--json"))["total"] == 0
    # Nothing changed since: nothing is re-tagged.
    assert json.loads(run(folder, "reindex", "--json"))["retagged"] == 0
    assert "Fishing" in run(folder, "list")
