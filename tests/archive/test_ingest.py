"""Ingest as an archivist meets it: bad files reported one line each while the rest go in,
re-ingest as a no-op or a replacement, volume files, and the ``list``/``show`` JSON shapes.

Runs through ``archive.ingest.ingest`` and through the CLI (``webapp.cli.main``); the CLI
indexes too once ``indexer.service`` exists, and runs with ``--no-index`` until then.
"""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from archive.ingest import ingest
from archive.store import Store
from webapp.cli import main

INDEX_ARGS = [] if importlib.util.find_spec("indexer.service") else ["--no-index"]
SRT = ("1\n00:00:01,000 --> 00:00:04,000\nROSS: Tell me about the {thing}.\n\n"
       "2\n00:00:05,000 --> 00:00:09,000\nBREK: My father built {thing}s here.\n")
VTT = "WEBVTT - Nets\n\n00:00:01.000 --> 00:00:03.000\n<v Tomas Brek>My mother mended nets.\n"


def good_files(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "yard.srt").write_text(SRT.format(thing="boat"), encoding="utf-8")
    (folder / "nets.vtt").write_text(VTT, encoding="utf-8")


def bad_files(folder: Path) -> dict[str, str]:
    """Four broken files; the value is what the message must say about each."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    d = docx.Document()
    d.add_paragraph("ROSS: a document cut short in the middle of a copy")
    d.save(str(folder / "whole.docx"))
    (folder / "truncated.docx").write_bytes((folder / "whole.docx").read_bytes()[:2500])
    (folder / "whole.docx").unlink()
    rng = random.Random(7)  # high bytes in no known code page
    (folder / "mystery.txt").write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(3000)))
    return {"empty.txt": "empty", "binary.txt": "binary", "truncated.docx": "truncated or corrupt",
            "mystery.txt": "encoding"}


def test_bad_files_are_reported_and_the_rest_of_the_batch_kept(tmp_path):
    archive = tmp_path / "archive"
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "first.srt").write_text(SRT.format(thing="crane"), encoding="utf-8")
    with Store(archive) as store:
        assert ingest(store, [earlier], workers=1).failures == []
    batch = tmp_path / "batch"
    good_files(batch)
    expected = bad_files(batch)
    with Store(archive) as store:
        report = ingest(store, [batch], workers=2)
    assert report.documents == 2 and report.files == 6
    assert sorted(Path(f.path).name for f in report.failures) == sorted(expected)
    for failure in report.failures:
        name = Path(failure.path).name
        assert name in failure.message and expected[name] in failure.message.lower()
        assert "\n" not in failure.message and "Traceback" not in failure.message
    with Store(archive) as store:
        assert store.integrity_ok()
        assert sorted(d.id for d in store.documents()) == ["first", "nets", "yard"]


def run(archive: Path, *args: str):
    return CliRunner().invoke(main, ["--archive", str(archive), *args], catch_exceptions=False)


def test_cli_reports_one_line_per_bad_file_and_exits_1(tmp_path):
    archive = tmp_path / "archive"
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "first.srt").write_text(SRT.format(thing="crane"), encoding="utf-8")
    assert run(archive, "ingest", *INDEX_ARGS, str(earlier)).exit_code == 0
    batch = tmp_path / "batch"
    good_files(batch)
    expected = bad_files(batch)
    result = run(archive, "ingest", *INDEX_ARGS, str(batch))
    assert result.exit_code == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == len(expected)
    for name, problem in expected.items():
        [line] = [f for f in failed if name in f]
        assert problem in line.lower()
    assert "2 documents" in result.stdout and "4 failed" in result.stdout
    listed = json.loads(run(archive, "list", "--json").stdout)
    assert sorted(d["id"] for d in listed) == ["first", "nets", "yard"]


def test_reingest_unchanged_is_a_no_op_and_a_change_replaces_the_document(tmp_path, store):
    folder = tmp_path / "in"
    good_files(folder)
    first = ingest(store, [folder], workers=1)
    assert (first.documents, first.unchanged) == (2, 0)
    before = store.get("yard")
    again = ingest(store, [folder], workers=1)
    assert (again.documents, again.unchanged, again.failures) == (0, 2, [])
    assert store.get("yard").to_dict() == before.to_dict()

    (folder / "yard.srt").write_text(SRT.format(thing="barge"), encoding="utf-8")
    changed = ingest(store, [folder], workers=1)
    assert (changed.documents, changed.unchanged) == (1, 1)
    after = store.get("yard")
    assert after.id == before.id and after.source.sha256 != before.source.sha256
    assert "barges" in after.text and "boats" not in after.text
    assert [p.id for p in after.passages] == ["yard:p1", "yard:p2"]
    assert sorted(d.id for d in store.documents()) == ["nets", "yard"]


def test_a_volume_file_gives_several_documents_and_reingest_drops_removed_ones(tmp_path, store):
    path = tmp_path / "obits.jsonl"
    lines = [{"title": f"Obituary {n}", "date": f"2001-0{n}-01", "url": f"https://x.invalid/{n}",
              "text": f"Person {n} died.\n\n\"I built boats,\" said person {n}."} for n in (1, 2, 3)]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    report = ingest(store, [path], workers=1)
    assert report.documents == 3 and report.passages == 6
    ids = sorted(d.id for d in store.documents())
    assert ids == ["obits-obituary-1", "obits-obituary-2", "obits-obituary-3"]
    path.write_text("\n".join(json.dumps(x) for x in lines[:2]), encoding="utf-8")
    ingest(store, [path], workers=1)
    assert sorted(d.id for d in store.documents()) == ids[:2]


def test_examples_folder_ingests_without_failures(tmp_path, store):
    examples = Path(__file__).resolve().parents[2] / "examples"
    report = ingest(store, [examples], workers=1)
    assert report.failures == []
    assert report.documents >= 8
    formats = {d.source.format for d in store.documents()}
    assert {"text", "markdown", "docx", "webvtt", "srt", "ohms", "jsonl"} <= formats


def test_tags_sent_encoded_from_reader_processes_are_stored_whole(tmp_path):
    """Without on_stored (or with prepare) the tags cross from the reader processes as the text
    the store keeps; the archive must come out as when the tag objects themselves cross."""
    examples = Path(__file__).resolve().parents[2] / "examples"
    stores = {}
    for name, kwargs in (("light", {}), ("objects", {"on_stored": lambda docs, dropped: None})):
        stores[name] = Store(tmp_path / name)
        assert ingest(stores[name], [examples], workers=2, **kwargs).failures == []
    ids = [d.id for d in stores["objects"].documents()]
    assert ids == [d.id for d in stores["light"].documents()]
    tagged = [stores["objects"].get(i) for i in ids]
    assert sum(len(p.topics) + len(p.entities) + len(p.quotes) for d in tagged for p in d.passages) > 100
    assert [stores["light"].get(i) for i in ids] == tagged


@pytest.fixture
def cli_archive(tmp_path):
    archive = tmp_path / "archive"
    folder = tmp_path / "in"
    good_files(folder)
    (folder / "yard.meta.json").write_text(json.dumps({
        "speakers": {"ROSS": {"name": "Ada Ross", "role": "interviewer"}},
        "interviewee": "Tomas Brek", "date": "2001-05-04"}), encoding="utf-8")
    assert run(archive, "ingest", *INDEX_ARGS, str(folder)).exit_code == 0
    return archive


def test_list_json_shape(cli_archive):
    listed = json.loads(run(cli_archive, "list", "--json").stdout)
    yard = next(d for d in listed if d["id"] == "yard")
    assert set(yard) >= {"id", "title", "source", "metadata", "speakers", "passages", "access"}
    assert set(yard["source"]) == {"filename", "format", "sha256"}
    assert yard["source"]["filename"] == "yard.srt" and yard["source"]["format"] == "srt"
    assert len(yard["source"]["sha256"]) == 64
    assert yard["passages"] == 2 and yard["access"] == "public"
    assert yard["metadata"]["interviewee"] == ["Tomas Brek"] and yard["metadata"]["date"] == "2001-05-04"
    assert {"label": "ROSS", "name": "Ada Ross", "role": "interviewer"} in yard["speakers"]


def test_show_json_shape(cli_archive):
    shown = json.loads(run(cli_archive, "show", "yard", "--json").stdout)
    assert set(shown) >= {"id", "title", "source", "metadata", "speakers", "text", "passages"}
    first, second = shown["passages"]
    assert set(first) >= {"id", "start", "end", "kind", "speaker", "time", "topics", "entities", "quotes"}
    got = (first["id"], first["kind"], first["speaker"], first["time"])
    assert got == ("yard:p1", "turn", "Ada Ross", 1.0)
    assert shown["text"][first["start"]:first["end"]] == "Tell me about the boat."
    assert second["speaker"] == "Tomas Brek"  # resolved from the sidecar's interviewee
    missing = CliRunner().invoke(main, ["--archive", str(cli_archive), "show", "nope", "--json"])
    assert missing.exit_code == 2 and "not found" in missing.stderr


def test_folder_notes_and_hidden_files_are_listed_not_ingested_unless_named(tmp_path, store):
    folder = tmp_path / "collection"
    folder.mkdir()
    (folder / "README.md").write_text("# About this collection\n\nTranscripts of 1994.\n", encoding="utf-8")
    (folder / "LICENSE.txt").write_text("CC BY 4.0\n", encoding="utf-8")
    (folder / "SOURCES.txt").write_text("Tapes 1-4.\n", encoding="utf-8")
    (folder / ".draft.txt").write_text("HART: Hidden.\n", encoding="utf-8")
    (folder / "lomova.txt").write_text("Interviewee: Vera Lomova\nInterviewer: Daniel Hart\n\n"
                                       "HART: Where?\n\nLOMOVA: Leningrad.\n", encoding="utf-8")
    report = ingest(store, [folder], workers=1)
    assert report.documents == 1 and [d.id for d in store.documents()] == ["lomova"]
    assert sorted(Path(p).name for p in report.ignored) == [".draft.txt", "LICENSE.txt", "README.md",
                                                            "SOURCES.txt"]
    assert report.to_dict()["ignored"] == report.ignored
    named = ingest(store, [folder / "README.md"], workers=1)
    assert named.documents == 1 and named.ignored == []
