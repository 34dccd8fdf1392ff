"""Sidecars (``<stem>.meta.json``) extend and override what a reader found, through the real ingest."""

from __future__ import annotations

import json

import pytest

from archive import sidecar
from archive.ingest import ingest

TRANSCRIPT = ("1\n00:00:01,000 --> 00:00:04,000\nROSS: Tell me about the yard.\n\n"
              "2\n00:00:05,000 --> 00:00:09,000\nBREK: My father built boats here.\n")


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sidecar_metadata_speakers_and_access(tmp_path, store):
    write(tmp_path, "brek.srt", TRANSCRIPT)
    write(tmp_path, "brek.meta.json", json.dumps({
        "title": "Tomas Brek at the yard",
        "interviewee": "Tomas Brek", "interviewer": ["Ada Ross"],
        "date": "2001-05-04", "collection": "Baltic Boatyards", "shelfmark": "BY/1",
        "access": "restricted",
        "speakers": {"ROSS": {"name": "Ada Ross", "role": "interviewer"},
                     "BREK": {"name": "Tomas Brek", "role": "interviewee"}},
    }))
    report = ingest(store, [tmp_path], workers=1)
    assert report.failures == [] and report.documents == 1  # the sidecar is not a document
    doc = store.get("brek")
    assert doc.title == "Tomas Brek at the yard"
    assert doc.access == "restricted"
    assert doc.metadata.interviewee == ["Tomas Brek"] and doc.metadata.interviewer == ["Ada Ross"]
    assert doc.metadata.date == "2001-05-04" and doc.metadata.extra["shelfmark"] == "BY/1"
    assert [(p.label, p.speaker, p.role) for p in doc.passages] == [
        ("ROSS", "Ada Ross", "interviewer"), ("BREK", "Tomas Brek", "interviewee")]


def test_sidecar_overrides_what_the_file_says(tmp_path, store):
    write(tmp_path, "notes.vtt", "WEBVTT - Wrong title\n\nNOTE\nDate: 1999\nPlace: Gdansk\n\n"
                                 "00:01.000 --> 00:02.000\n<v Ada Ross>Hello.\n")
    write(tmp_path, "notes.meta.json", json.dumps({"metadata": {"date": "2001-05-04"},
                                                   "title": "Right title"}))
    assert ingest(store, [tmp_path / "notes.vtt"], workers=1).failures == []
    doc = store.get("notes")
    assert (doc.title, doc.metadata.date, doc.metadata.place) == ("Right title", "2001-05-04", "Gdansk")


def test_a_bad_sidecar_fails_its_file_with_the_sidecar_named(tmp_path, store):
    write(tmp_path, "brek.srt", TRANSCRIPT)
    write(tmp_path, "brek.meta.json", '{"title": "unterminated')
    write(tmp_path, "other.srt", TRANSCRIPT)
    report = ingest(store, [tmp_path], workers=1)
    assert len(report.failures) == 1
    assert "brek.meta.json: sidecar is not valid JSON" in report.failures[0].message
    assert store.get("other") is not None and store.get("brek") is None


def test_sidecar_path_and_missing_sidecar(tmp_path):
    assert sidecar.path_for(tmp_path / "lomova.docx") == tmp_path / "lomova.meta.json"
    assert sidecar.load(tmp_path / "lomova.docx") is None
    write(tmp_path, "list.meta.json", "[1, 2]")
    try:
        sidecar.load(tmp_path / "list.txt")
    except Exception as exc:
        assert "list.meta.json: sidecar must hold a JSON object" in str(exc)
    else:
        raise AssertionError("a list sidecar was accepted")


def test_editing_only_the_sidecar_is_picked_up_on_reingest(tmp_path, store):
    write(tmp_path, "brek.srt", TRANSCRIPT)
    side = write(tmp_path, "brek.meta.json", json.dumps({"access": "public"}))
    ingest(store, [tmp_path], workers=1)
    side.write_text(json.dumps({"access": "restricted"}), encoding="utf-8")
    ingest(store, [tmp_path], workers=1)
    assert store.get("brek").access == "restricted"


@pytest.mark.parametrize("content, problem", [
    ({"speakers": ["HART"]}, "speakers: each entry needs a \"label\""),
    ({"speakers": {"HART": {"role": "host"}}}, "speakers.HART.role 'host' is not one of"),
])
def test_sidecar_mistakes_fail_the_file_instead_of_being_misread(tmp_path, store, content, problem):
    write(tmp_path, "brek.srt", TRANSCRIPT)
    write(tmp_path, "brek.meta.json", json.dumps(content))
    report = ingest(store, [tmp_path], workers=1)
    [failure] = report.failures
    assert "brek.meta.json" in failure.message and problem in failure.message
    assert store.get("brek") is None


def test_speaker_list_and_access_in_capitals_are_accepted(tmp_path, store):
    write(tmp_path, "brek.srt", TRANSCRIPT)
    write(tmp_path, "brek.meta.json", json.dumps({
        "access": "Restricted",
        "speakers": [{"label": "BREK", "name": "Tomas Brek", "role": "interviewee"}]}))
    assert ingest(store, [tmp_path], workers=1).failures == []
    doc = store.get("brek")
    assert doc.access == "restricted" and doc.passages[1].speaker == "Tomas Brek"
