"""OHMS XML: record metadata, index points as segments, plain (sync-timed) and VTT transcripts, unsafe XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.errors import ReaderError
from archive.readers import ohms
from tests.archive.readers.test_text import check_offsets

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def read_one(path: Path):
    [doc] = ohms.read(path)
    check_offsets(doc)
    return doc


def test_legacy_transcript_with_sync_footnotes_and_inline_turn(fixtures):
    doc = read_one(fixtures / "ohms" / "legacy_sync.xml")
    meta = doc.metadata
    assert doc.title == "Oral history interview with Tomas Brek" and doc.source.format == "ohms"
    assert meta.interviewee == ["Tomas Brek"] and meta.interviewer == ["Ada Ross"]
    assert (meta.date, meta.collection, meta.repository, meta.identifier) == (
        "2001-05-04", "Baltic Boatyards", "Harbour Town Archive", "BY-2001-01")
    assert meta.rights == "Invented for tests." and meta.media_url == "https://media.example.invalid/brek.mp3"
    # record subjects plus index keywords and subjects
    assert meta.keywords == ["Boatbuilding", "oak", "copper nails", "Boatbuilding--Poland", "cooperative"]
    got = [(p.label, p.time, doc.text[p.start:p.end]) for p in doc.passages if p.kind == "turn"]
    assert got == [
        ("ROSS", 0.0, "This is Ada Ross with Tomas Brek, at the boatyard in Gdynia, on 4 May 2001."),
        ("BREK", 0.0, "My father built boats here before the war. He used oak from the hills and "
                      "copper nails from Sweden."),
        ("ROSS", 60.0, "Did you work with him?"),  # sync: minute 1 ends at line 7
        ("BREK", 60.0, "Only in summers. I swept the shavings and sorted the nails by size."),
        ("ROSS", 60.0, "What changed after 1945?[1]"),  # the footnote's marker kept as "[1]"
        ("BREK", 120.0, "Everything. The yard became a cooperative."),
    ]
    # The index points are searchable passages of their own; the footnote is kept, numbered.
    assert [(p.kind, p.time) for p in doc.passages if p.kind != "turn"] == [
        ("segment", 0.0), ("segment", 100.0), ("footnote", None)]
    [note] = [p for p in doc.passages if p.kind == "footnote"]
    assert note.label == "1" and note.speaker is None
    first, second = doc.segments
    assert (first.time, first.title, first.start) == (0.0, "The yard before the war", 0)
    assert first.synopsis == "Oak, copper nails and his father's boats."
    assert first.keywords == ["oak", "copper nails"] and first.subjects == ["Boatbuilding--Poland"]
    # "After 1945" at 100 s: the first passage at or after that time is the 120 s turn
    assert second.time == 100.0 and doc.text[second.start:].startswith("Everything.")


def test_vtt_transcript_inside_ohms(fixtures):
    doc = read_one(fixtures / "ohms" / "vtt_inside.xml")
    assert doc.metadata.date == "2002-03"  # from date_nonpreferred_format when value is empty
    got = [(p.label, p.time, doc.text[p.start:p.end]) for p in doc.passages if p.kind == "turn"]
    # "<br><br>" inside the cue is a paragraph break
    assert got == [("ROSS", 3.0, "Last time you mentioned the cranes."),
                   ("BREK", 10.0, "Yes, four of them.\n\nMy mother counted them every morning. "
                                  "She mended nets on the quay, with a wooden needle.")]
    [seg] = doc.segments
    assert seg.title == "Nets" and seg.start == doc.passages[1].start


def test_index_only_record_is_searchable_through_its_synopses(fixtures):
    doc = read_one(fixtures / "ohms" / "index_only.xml")
    assert doc.kind == "transcript"
    assert [p.kind for p in doc.passages] == ["narration", "segment", "segment"]
    assert "The 1989 flood in the archive basement." in doc.text
    assert "no transcript: only the index and description are searchable" in doc.metadata.extra["warnings"]
    starts = [doc.text[s.start:].split("\n")[0] for s in doc.segments]
    assert starts == ["First recordings", "Losing the tapes"]
    assert doc.metadata.keywords == ["recorders", "flood", "preservation"]


def test_example_record(tmp_path):
    doc = read_one(EXAMPLES / "lomova-1996-ohms.xml")
    assert doc.metadata.media_url is None
    assert [s.title for s in doc.segments] == ["The piano tuner", "Emigration, 1979"]
    turns = [p for p in doc.passages if p.kind == "turn"]
    assert turns[-1].time == 318.0 and turns[-1].label == "LOMOVA"


def test_entity_expansion_is_refused(fixtures):
    with pytest.raises(ReaderError, match="entities.xml: refusing XML with a DTD"):
        list(ohms.read(fixtures / "ohms" / "entities.xml"))


def test_external_entity_is_refused(tmp_path):
    path = tmp_path / "xxe.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    "<ROOT><record><title>&x;</title></record></ROOT>")
    with pytest.raises(ReaderError, match="xxe.xml: refusing XML"):
        list(ohms.read(path))


def test_malformed_xml_names_the_line(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text("<ROOT>\n<record>\n<title>unclosed\n</record></ROOT>")
    with pytest.raises(ReaderError, match=r"broken.xml:\d+: not well-formed XML"):
        list(ohms.read(path))


def test_other_xml_is_not_taken_for_ohms(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text("<rss><channel><title>news</title></channel></rss>")
    with pytest.raises(ReaderError, match="feed.xml: not an OHMS export: root element <rss>"):
        list(ohms.read(path))
