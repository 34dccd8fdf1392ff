"""Real OHMS exports (Science History Institute): anchors, times, index-only records, footnotes."""

from __future__ import annotations

from archive.ingest import read_file
from tests.archive.readers.test_text import check_offsets


def read_one(path):
    [doc] = read_file(path)[0]
    check_offsets(doc)
    return doc


def starts(doc, offset, n=40):
    return doc.text[offset:offset + n]


def test_legacy_sync_and_index_segments_anchored_where_their_words_start(fixtures):
    doc = read_one(fixtures / "ohms" / "duarte_OH0344.xml")
    assert doc.metadata.interviewee == ["Ronald Duarte"] and doc.metadata.date == "2006-06-13"
    anchors = {s.title.strip(): starts(doc, s.start, 80) for s in doc.segments}
    assert anchors["Growing up with Gordon Moore"].startswith("That general store was just down")
    assert anchors["Gordon Moore’s family"].startswith("What impressions do you have from that era")
    # The partial transcript was retyped by the indexer: the turn holding its words.
    assert anchors["Changing community of Pescadero"].startswith("Let's talk for a moment about")
    assert anchors["Early childhood and Duarte family history"].startswith("This is an oral history")
    warnings = doc.metadata.extra["warnings"]
    assert any("Growing up with Gordon Moore" in w and "sync points" in w for w in warnings)
    # Sync "13(3)": minute 1 at the third word of line 13; a long answer cut in pieces gives
    # each piece the time of the last sync point before its first words.
    first_answer = [p for p in doc.passages if p.kind == "turn"][3]
    assert first_answer.speaker == "Ronald Duarte" and first_answer.time == 0.0
    piece = next(p for p in doc.passages if starts(doc, p.start).startswith("It was all done by horse"))
    assert piece.time == 120.0 and piece.speaker == "Ronald Duarte"
    assert all(p.time is not None for p in doc.passages if p.kind in ("turn", "segment"))
    # Segments are searchable passages of their own.
    segs = [p for p in doc.passages if p.kind == "segment"]
    assert len(segs) == 7 and segs[1].time == 212.0
    assert "Gordon Moore’s mother Myra." in starts(doc, segs[1].start, 200)


def test_index_only_record_with_a_placeholder_transcript_is_searchable(fixtures):
    doc = read_one(fixtures / "ohms" / "alyea_OH0010.xml")
    assert "No transcript." not in doc.text
    assert [p.kind for p in doc.passages] == ["segment"] * 15
    fritz = next(p for p in doc.passages if starts(doc, p.start).startswith("Fritz Haber"))
    assert fritz.time == 2802.0 and "ALYEA: Now the second one was Fritz Haber." in doc.text
    assert all(doc.text[s.start:].startswith(s.title) for s in doc.segments)
    assert "no transcript: only the index and description are searchable" in doc.metadata.extra["warnings"]


def test_record_with_nothing_but_its_catalogue_entry(fixtures):
    doc = read_one(fixtures / "ohms" / "empty_ohms.xml")
    assert doc.text.startswith("Oral history interview with Hubert N. Alyea")
    assert doc.passages[0].kind == "metadata" and doc.metadata.extra["warnings"]


def test_footnotes_kept_and_numbered_from_their_markers(fixtures):
    doc = read_one(fixtures / "ohms" / "hanford_excerpt.xml")
    notes = [p for p in doc.passages if p.kind == "footnote"]
    assert [p.label for p in notes] == ["1", "2"]
    assert doc.text[notes[0].start:notes[0].end] == (
        'William E. Hanford (to E.I. DuPont de Nemours & Co.), "Polyamides," U.S. Patent 2,281,576, '
        "issued 5 May 1942.")
    assert "get a patent [1]." in doc.text and "tell you [2]. The first" in doc.text
    assert "[[" not in doc.text
    # Hard-wrapped lines joined; the sync marks at their words.
    patent = next(p for p in doc.passages if starts(doc, p.start).startswith("In the course of that"))
    assert patent.time == 60.0 and "\n" not in doc.text[patent.start:patent.end]


def test_vtt_in_ohms_breaks_and_cue_times_inside_long_turns(fixtures):
    small = read_one(fixtures / "ohms" / "small-sample-vtt-ohms.xml")
    museum = next(p for p in small.passages if starts(small, p.start).startswith("I liked the Museum"))
    assert museum.time == 3638.0
    assert "interest in learning.\n\nOne day, we got lost" in small.text[museum.start:museum.end]
    doc = read_one(fixtures / "ohms" / "chappelear-ohmsvtt-example.xml")
    # One answer over nine cues, cut at sentences: each piece has the time of the cue its first
    # words are in (00:01:31 "At one point...": the piece starting "You . . . Depression" is in it).
    answer = [p for p in doc.passages if p.speaker == "CHAPPELEAR"][1:]
    assert [p.time for p in answer] == [39.0, 91.0, 148.0, 214.0, 335.0, 386.0, 490.0]
    assert starts(doc, answer[1].start).startswith("You . . . Depression was really")
