"""The documented redaction procedure (add the sidecar, ingest again, reindex) leaves no trace
of the redacted words anywhere under the archive folder: not in archive.db, its -wal or -shm,
nor in any index file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from webapp.cli import main

SECRET = "Grebenkova"
OTHER = "Ostapchuk"


def cli(archive: Path, *args: str):
    result = CliRunner().invoke(main, ["--archive", str(archive), *args])
    assert result.exit_code == 0, result.output
    return result


def _served(archive: Path):
    """A store and search service kept open, as a running web app keeps them: its connection
    keeps SQLite from folding the write-ahead log back when a command closes its own."""
    from archive.store import Store
    from indexer.service import SearchService

    store = Store(archive)
    service = SearchService(store)
    assert service.search("river")["total"] > 0
    return store, service


def _index_counts(archive: Path, word: str) -> int:
    """Passages of every partition holding ``word``'s stem, deleted ones included (tantivy
    counts a deleted row until its segment is merged away)."""
    import tantivy

    from indexer import analysis
    from indexer.tantivy_engine import _schema

    stem = analysis.analyze(word)[0].stem
    total = 0
    for part in ("public", "restricted", "sealed"):
        folder = archive / "index" / "tantivy" / part
        current = folder / (folder / "CURRENT").read_text().strip()
        total += tantivy.Index(_schema(), path=str(current), reuse=True).searcher().doc_freq("stems", stem)
    return total


def _traces(archive: Path, word: str) -> list[str]:
    needles = [word.lower().encode(), word.lower().encode("utf-16-le")]
    found = []
    for path in sorted(archive.rglob("*")):
        if path.is_file():
            data = path.read_bytes().lower()
            if any(n in data for n in needles):
                found.append(str(path.relative_to(archive)))
    return found


def test_redacted_words_leave_no_trace_under_the_archive_folder(tmp_path):
    src = tmp_path / "files"
    src.mkdir()
    body = "\n\n".join(f"A: Anna {SECRET} and {OTHER} came by the river on day {n}. "
                       f"We kept the piano tuned for {SECRET}." for n in range(40))
    (src / "vera.txt").write_text(f"Title: Vera\n\n{body}\n", encoding="utf-8")
    (src / "brek.txt").write_text("Title: Brek\n\nA: My father built boats by the river.\n",
                                  encoding="utf-8")
    archive = tmp_path / "archive"
    cli(archive, "ingest", str(src))
    served = _served(archive)
    cli(archive, "reindex")
    assert _traces(archive, SECRET)  # the words are there before (the grep can find them)
    assert _index_counts(archive, SECRET) > 0

    (src / "vera.meta.json").write_text(json.dumps({"redactions": [f"Anna {SECRET}", SECRET]}),
                                        encoding="utf-8")
    cli(archive, "ingest", str(src))
    cli(archive, "reindex")
    assert _traces(archive, SECRET) == []
    assert _traces(archive, OTHER)  # what was not redacted is still there
    found = json.loads(cli(archive, "search", OTHER, "--json").stdout)
    assert found["total"] == 40 and all(SECRET not in h["text"] for h in found["hits"])
    assert json.loads(cli(archive, "search", SECRET, "--json").stdout)["total"] == 0
    assert _index_counts(archive, SECRET) == 0
    assert served[1].search(SECRET)["total"] == 0
    served[1].close()
    served[0].close()


def test_redaction_without_reindex_leaves_no_trace_either(tmp_path):
    src = tmp_path / "files"
    src.mkdir()
    (src / "vera.txt").write_text(f"Title: Vera\n\nA: {SECRET} came by the river.\n\nA: Then {OTHER}.\n",
                                  encoding="utf-8")
    archive = tmp_path / "archive"
    cli(archive, "ingest", str(src))
    store, service = _served(archive)
    assert _index_counts(archive, SECRET) == 1
    (src / "vera.meta.json").write_text(json.dumps({"redactions": [SECRET]}), encoding="utf-8")
    cli(archive, "ingest", str(src))
    assert _traces(archive, SECRET) == []
    assert _index_counts(archive, SECRET) == 0  # the old segment merged away (rebuilt)
    service.close()
    store.close()
