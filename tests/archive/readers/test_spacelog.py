"""Spacelog mission transcripts: timestamps, speaker codes named from the mission's meta file."""

from __future__ import annotations

from archive.readers import read
from tests.archive.readers.test_text import check_offsets, passage_texts, read_corpus


def test_spacelog_fixture(fixtures):
    [doc] = read(fixtures / "text" / "spacelog" / "x1-TEC.txt")
    check_offsets(doc)
    assert doc.title == "Example 1 — TEC transcript" and doc.kind == "transcript"
    turns = [p for p in doc.passages if p.kind == "turn"]
    assert [(p.label, p.time) for p in turns] == [("CDR", 2.0), ("CC", 10.0), ("CMP", 3723.0),
                                                  ("LMP", 3723.0)]
    assert passage_texts(doc, "turn")[1] == "Roger, we see the LOS light and the TTCAs are fine."
    assert passage_texts(doc, "turn")[2] == "Copy. Burn at 1 10 00."
    assert passage_texts(doc, "caption") == ["The crew at breakfast"]
    assert "_page" not in doc.text and "_tape" not in doc.text and "glossary" not in doc.text
    names = {s.label: (s.name, s.role) for s in doc.speakers}
    assert names["CDR"] == ("Alice Commander", "other") and names["LMP"] == (None, "other")
    assert doc.metadata.date == "1969-07-16"


def test_spacelog_without_meta_file(fixtures, tmp_path):
    path = tmp_path / "z9-ATG.txt"
    path.write_text((fixtures / "text" / "spacelog" / "x1-TEC.txt").read_text(encoding="utf-8"))
    [doc] = read(path)
    assert doc.title == "z9 — ATG transcript"
    assert all(s.name is None for s in doc.speakers)


def test_day_timestamps_without_spacelog_marks_are_a_plain_transcript(tmp_path):
    path = tmp_path / "mission.txt"
    path.write_text("[00:01:02:03]\nHOUSTON: Go ahead.\n\n[00:01:02:09]\nEAGLE: Roger.\n\n"
                    "[00:01:03:00]\nHOUSTON: Copy.\n", encoding="utf-8")
    [doc] = read(path)
    assert doc.title == "mission" and [p.time for p in doc.passages] == [3723.0, 3729.0, 3780.0]
    assert [s.role for s in doc.speakers] == [None, None]


def test_real_apollo_11_onboard(corpus):
    [doc] = read_corpus(corpus)[0][corpus / "spacelog" / "a11-CM.txt"]
    check_offsets(doc)
    assert doc.title == "Apollo 11 — CM transcript"
    first = doc.passages[0]
    assert (first.kind, first.label, first.time) == ("turn", "LMP", 28 * 60 + 53.0)
    assert doc.text[first.start:first.end].startswith("How are we doing on that time, anybody?")
    names = {s.label: s.name for s in doc.speakers}
    assert names["CDR"] == "Neil A. Armstrong" and names["CMP"] == "Michael Collins"
    assert all(s.role == "other" for s in doc.speakers)
    assert "[glossary:" not in doc.text and "_page" not in doc.text


def test_real_apollo_11_air_to_ground(corpus):
    [doc] = read_corpus(corpus)[0][corpus / "spacelog" / "a11-TEC.txt"]
    assert "[glossary:" not in doc.text and "[time:" not in doc.text and "_tape" not in doc.text
    assert "jettison at 10 minutes. That'll be 130 14 15. Over." in doc.text
    last = [p for p in doc.passages if p.kind == "turn"][-1]
    assert last.time > 8 * 86400  # eight days into the mission
