"""Footnote markers link to their footnote passages (real OHMS and typed transcripts)."""

from __future__ import annotations

from archive.footnotes import links
from archive.ingest import read_file


def test_ohms_markers_link_to_their_notes(fixtures):
    [doc] = read_file(fixtures / "ohms" / "hanford_excerpt.xml")[0]
    doc.id = "hanford"
    doc.number_passages()
    found = [(doc.text[link.start:link.end], doc.passage(link.passage_id).label) for link in links(doc)]
    assert found == [("[1]", "1"), ("[2]", "2")]


def test_a_marker_without_its_note_links_nowhere(fixtures):
    [doc] = read_file(fixtures / "text" / "baltimore_sample.txt")[0]
    doc.id = "baltimore"
    doc.number_passages()
    # The excerpt keeps notes 1-12 but only the marker "(34)" of a later note.
    assert "(34)" in doc.text and [p.label for p in doc.passages if p.kind == "footnote"][-1] == "12"
    assert links(doc) == []
