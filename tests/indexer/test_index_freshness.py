"""The archive is the authority over the index: after an access change, a crashed or refused
writer, or an ingest without indexing, no anonymous hit, total, facet count or score counts a
document the archive hides, and what is archived becomes searchable without ``reindex``."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from webapp.cli import main

ROOT = Path(__file__).resolve().parents[2]
FILES = {
    "alpha": ("Ada Ross", "The river rose in spring and the river took the mill. We kept the piano."),
    "beta": ("Tomas Brek", "My father built boats by the river. The river was wide."),
    "gamma": ("Vera Lomova", "Nobody believed the river would rise. We sold the cart."),
    "hidden": ("Mirela Vostrikova", "The river river river quellweather at the river bend, "
                                    "zanzibarite and the river again."),
}


def _write(folder: Path, names, access: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        speaker, words = FILES[name]
        header = f"Title: {name.title()}\n"
        if access and name in access:
            header += f"Access: {access[name]}\n"
        (folder / f"{name}.txt").write_text(f"{header}\n{speaker.split()[1].upper()}: {words}\n\n"
                                            f"Q: And the river?\n", encoding="utf-8")
    return folder


def cli(archive: Path, *args: str, role: str = "admin"):
    result = CliRunner().invoke(main, ["--archive", str(archive), "--as", role, *args])
    return result


def _answer(archive: Path, query: str = "river") -> dict:
    result = cli(archive, "search", query, "--json", "--limit", "100", role="anonymous")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    return {"total": out["total"], "facets": out["facets"],
            "hits": [(h["passage_id"], h["score"]) for h in out["hits"]]}


@pytest.fixture
def reference(tmp_path) -> dict:
    """What an anonymous visitor sees in an archive that never held the hidden document."""
    archive = tmp_path / "reference"
    files = _write(tmp_path / "ref-files", ["alpha", "beta", "gamma"])
    assert cli(archive, "ingest", str(files)).exit_code == 0
    return _answer(archive)


@pytest.fixture
def full(tmp_path) -> tuple[Path, Path]:
    """An archive where every document, the soon-hidden one too, is public and indexed."""
    files = _write(tmp_path / "files", FILES)
    archive = tmp_path / "archive"
    assert cli(archive, "ingest", str(files)).exit_code == 0
    assert _answer(archive)["total"] > 0
    return archive, files


def test_access_change_gives_the_exact_anonymous_view_without_reindex(full, reference):
    archive, _ = full
    assert _answer(archive) != reference  # the hidden document still counts, as it should
    result = cli(archive, "access", "hidden", "restricted")
    assert result.exit_code == 0, result.output
    assert _answer(archive) == reference  # hits, total, facets and every score


def _hold_the_index(archive: Path) -> subprocess.Popen:
    """Another process writing the archive: it holds the writer lock and the engine's own."""
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from archive.store import Store
        from indexer.service import SearchService
        store = Store({str(archive)!r})
        service = SearchService(store)
        try:
            from archive import writelock
            writelock.for_folder(store.folder).acquire(None, "test writer")
        except ImportError:
            pass
        for part in service.backend.parts.values():
            part.writer
        print("holding", flush=True)
        time.sleep(120)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_access_change_while_another_writer_holds_the_index_fails_closed(full, reference):
    archive, _ = full
    holder = _hold_the_index(archive)
    try:
        cli(archive, "access", "hidden", "restricted")  # the archive changes; the index cannot
        answer = _answer(archive)
        assert answer["total"] == reference["total"] and answer["facets"] == reference["facets"]
        assert [pid for pid, _ in answer["hits"]] == [pid for pid, _ in reference["hits"]]
        assert _answer(archive, "quellweather")["total"] == 0
    finally:
        holder.kill()
        holder.wait()
    assert _answer(archive) == reference  # the writer gone, the next search repairs: scores too


def test_a_crash_before_the_index_commit_is_repaired_before_answering(full, reference):
    archive, files = full
    _write(files, ["hidden"], {"hidden": "restricted"})
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from archive.ingest import ingest
        from archive.store import Store
        from indexer.service import SearchService
        store = Store({str(archive)!r})
        service = SearchService(store)
        ingest(store, [{str(files)!r}], on_stored=service.on_stored, force=True, workers=1)
        os._exit(9)  # killed before committing the index
    """)
    assert subprocess.run([sys.executable, "-c", script], timeout=120).returncode == 9
    assert _answer(archive) == reference
    assert _answer(archive, "zanzibarite")["total"] == 0


def test_another_ingest_is_waited_for_or_refused_before_anything_is_written(tmp_path):
    files = _write(tmp_path / "files", ["alpha", "beta"])
    archive = tmp_path / "archive"
    assert cli(archive, "ingest", str(files / "alpha.txt")).exit_code == 0
    holder = _hold_the_index(archive)
    try:
        started = time.monotonic()
        refused = cli(archive, "ingest", "--wait", "0.5", str(files / "beta.txt"))
        assert refused.exit_code == 2 and "another writer is at work: test writer" in refused.output
        assert time.monotonic() - started < 10
        assert "beta" not in cli(archive, "list").output  # refused before writing
    finally:
        holder.kill()
        holder.wait()
    queued = cli(archive, "ingest", "--wait", "30", str(files / "beta.txt"))
    assert queued.exit_code == 0, queued.output
    assert _answer(archive, "boats")["total"] == 1


def test_what_was_archived_without_indexing_is_indexed_by_the_next_ingest(tmp_path):
    from archive.access import Viewer
    from archive.store import Store
    from indexer.backend import AccessFilter
    from indexer.query import parse
    from indexer.service import SearchService

    files = _write(tmp_path / "files", ["alpha", "beta"])
    archive = tmp_path / "archive"
    assert cli(archive, "ingest", "--no-index", str(files / "alpha.txt")).exit_code == 0
    assert cli(archive, "ingest", str(files)).exit_code == 0  # alpha unchanged: not read again
    with Store(archive) as store:
        service = SearchService(store)
        access = AccessFilter.for_viewer(Viewer("admin").levels, Viewer("admin").today)
        # The index itself holds it (no search-time repair involved).
        found = service.backend.search(parse("piano").root, access, limit=10)
        assert [pid.split(":")[0] for pid, _ in found.ids] == ["alpha"]
        service.close()


def test_search_during_an_ingest_counts_only_what_is_indexed_as_archived(tmp_path):
    """A writer mid-way (archived, index not committed yet): the documents it changed are left
    out of totals and facets rather than counted as they were."""
    files = _write(tmp_path / "files", FILES)
    archive = tmp_path / "archive"
    assert cli(archive, "ingest", str(files)).exit_code == 0
    _write(files, ["hidden"], {"hidden": "sealed"})
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from archive import writelock
        from archive.ingest import ingest
        from archive.store import Store
        from indexer.service import SearchService
        store = Store({str(archive)!r})
        writelock.for_folder(store.folder).acquire(None, "slow ingest")
        service = SearchService(store)
        ingest(store, [{str(files / "hidden.txt")!r}], on_stored=service.on_stored, workers=1)
        print("archived", flush=True)
        time.sleep(120)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "archived"
        answer = _answer(archive)
        assert "hidden" not in answer["facets"]["document"]
        assert all(not pid.startswith("hidden:") for pid, _ in answer["hits"])
        assert _answer(archive, "quellweather")["total"] == 0
    finally:
        proc.kill()
        proc.wait()
