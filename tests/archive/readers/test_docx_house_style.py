"""A real Word transcript in an institutional house style (Science History Institute)."""

from __future__ import annotations

from archive.ingest import read_file
from tests.archive.readers.test_text import check_offsets


def test_timecode_break_label_paragraphs_stage_notes_audio_files_and_file_dates(fixtures):
    [doc] = read_file(fixtures / "docx" / "sample-oh-timecode-need-sequencing.docx")[0]
    check_offsets(doc)
    meta = doc.metadata
    # The file's own date and author are the file's, never the interview's.
    assert meta.date is None and meta.author == []
    assert meta.extra["file_created"] == "2025-04-08" and meta.extra["file_author"] == "Berry, Lee"
    assert any("no interview date" in w for w in meta.extra["warnings"])
    turns = [(p.label, p.time) for p in doc.passages if p.kind == "turn"]
    # "[00:00:29]" <line break> "SUBJECT: ..." in one paragraph: SUBJECT at 29 s.
    assert turns[:4] == [("CARUSO", 1.0), ("SUBJECT", 29.0), ("CARUSO", 33.0), ("SUBJECT", 34.0)]
    assert [p.role for p in doc.passages if p.label == "SUBJECT"][0] == "interviewee"
    notes = [(doc.text[p.start:p.end], p.time) for p in doc.passages if p.kind == "narration"]
    assert notes == [("[END OF AUDIO, FILE 1.1]", 38.0), ("[END OF AUDIO, FILE 1.2]", 1656.0),
                     ("[END OF INTERVIEW]", 1656.0), ("[END OF AUDIO, FILE 2.1]", 2852.0),
                     ("[END OF INTERVIEW]", 2852.0)]
    # Timecodes restart with each audio file: kept as written, each file a segment.
    assert [s.title for s in doc.segments] == ["Audio file 1.1", "Audio file 1.2", "Audio file 2.1"]
    second = doc.text[doc.segments[1].start:]
    assert second.startswith("So this is the second session")
    assert doc.passage_at(doc.segments[1].start).time == 1.0
    assert turns[-1] == ("LEE", 2852.0)
    assert "timecodes go back" not in " ".join(meta.extra["warnings"])
