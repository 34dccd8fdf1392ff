"""Transcripts in institutional house styles: header blocks, sessions, labels, notes (real files)."""

from __future__ import annotations

from archive.ingest import read_file
from tests.archive.readers.test_text import check_offsets


def read_one(path):
    [doc] = read_file(path)[0]
    check_offsets(doc)
    return doc


def turns(doc):
    return [(p.speaker, p.time, doc.text[p.start:p.end]) for p in doc.passages if p.kind == "turn"]


def test_multi_session_file_keeps_each_sessions_date_and_place(fixtures):
    doc = read_one(fixtures / "text" / "baltimore_sample.txt")
    meta = doc.metadata
    # A BOM in the middle of the indented first line, blank lines between header lines.
    assert meta.interviewee == ["David Baltimore"] and meta.interviewer == ["Sondra Schlesinger"]
    assert (meta.date, meta.place) == ("1994-02-07", "Rockefeller University, New York")
    assert doc.kind == "transcript" and "\ufeff" not in doc.text
    sessions = meta.extra["sessions"]
    assert [(s["date"], s["place"]) for s in sessions] == [
        ("1994-02-07", "Rockefeller University, New York"),
        ("1995-04-13", "Massachusetts Institute of Technology"),
        ("1995-04-29", "David Baltimore’s home, Boston, MA")]
    # Each session is a segment starting at its header; every passage after it is in it.
    assert [s.title for s in doc.segments] == [
        "Session 1, 1994-02-07, Rockefeller University, New York",
        "Session 2, 1995-04-13, Massachusetts Institute of Technology",
        "Session 3, 1995-04-29, David Baltimore’s home, Boston, MA"]
    second = doc.segments[1].start
    assert doc.text[second:].startswith("INTERVIEWEE:    David Baltimore")
    assert doc.text[doc.segments[2].start:].split("\n")[0] == "INTERVIEWEE:    David Baltimore"
    # Header lines are metadata passages, never turns; surname labels resolve to the header's names.
    assert not any(p.label in ("INTERVIEWEE", "INTERVIEWER", "DATE", "LOCATION") for p in doc.passages)
    assert sum(p.kind == "metadata" for p in doc.passages) == 12
    speakers = {p.speaker for p in doc.passages if p.kind == "turn"}
    assert speakers == {"David Baltimore", "Sondra Schlesinger", "HUANG"}
    assert any("'HUANG' matches nobody" in w for w in meta.extra["warnings"])
    # Stage notes are narration of their own, never glued to the turn before.
    notes = [doc.text[p.start:p.end] for p in doc.passages if p.kind == "narration"]
    assert notes == ["[END OF INTERVIEW 1]", "[END OF TAPE, SIDE 2]", "[END OF TAPE, SIDE 4]",
                     "[END OF INTERVIEW 2]", "[END OF TAPE, SIDE 3]", "[END OF INTERVIEW 3]"]
    footnotes = [p for p in doc.passages if p.kind == "footnote"]
    assert [p.label for p in footnotes] == [str(n) for n in range(1, 13)]
    eleventh = doc.text[footnotes[10].start:footnotes[10].end]
    # An unnumbered paragraph under note 11 belongs to it.
    assert eleventh.startswith("11.") and "Protein synthesis in Escherichia coli" in eleventh
    assert all(p.speaker is None for p in footnotes)


def test_header_after_an_abstract_with_a_name_running_on_and_timecodes_on_their_own_line(fixtures):
    doc = read_one(fixtures / "text" / "isaacs_j2ntg1k_sample_with_timecodes.txt")
    meta = doc.metadata
    assert meta.interviewee == ["André K. Isaacs"]
    assert meta.interviewer == ["Sarah Schneider", "David J. Caruso"]
    assert (meta.date, meta.place) == ("2023-12-11", "via Zoom")
    assert doc.passages[0].kind == "narration" and doc.text.startswith("Isaacs reflects on")
    got = [(who, t, text[:20]) for who, t, text in turns(doc)]
    assert got == [("Sarah Schneider", 5.0, "Okay. So today is Mo"),
                   ("André K. Isaacs", 47.0, "Sure. So yeah, I was"),
                   ("André K. Isaacs", 127.0, "And some really fond"),  # a new [00:02:07] in his answer
                   ("Sarah Schneider", 187.0, "And you mentioned th")]


def test_header_without_blank_lines_then_a_turn_at_once(fixtures):
    doc = read_one(fixtures / "text" / "wood_start.txt")
    assert doc.metadata.interviewee == ["Harland G. Wood"] and doc.metadata.date == "1990-01-19"
    assert doc.metadata.place == "Case Western Reserve University, Cleveland, Ohio"
    runs = []
    for who, _, _ in turns(doc):
        if not runs or runs[-1] != who:
            runs.append(who)
    assert runs == ["Harland G. Wood", "James J. Bohning", "Harland G. Wood"]
    assert all(t is None for _, t, _ in turns(doc))


def test_labels_alone_above_their_turns_and_a_first_name_after_the_full_name(fixtures):
    doc = read_one(fixtures / "text" / "labels-above.txt")
    assert [(who, text) for who, _, text in turns(doc)] == [
        ("Daniel Hart", "Where were you born?"),
        ("Vera Lomova", "In Leningrad, in 1931. My father tuned pianos."),
        ("Daniel Hart", "And your mother?"),
        ("Vera Lomova", "She taught music at the conservatory until 1937.")]
    # "Interviewer:" is a header key in the header block and a label below it.
    assert doc.metadata.interviewer == ["Daniel Hart"]


def test_markdown_front_matter_show_notes_escaped_timestamps_and_bold_names(fixtures):
    doc = read_one(fixtures / "text" / "podcast-episode.md")
    assert doc.title == "Episode 12: The Night Shift" and doc.metadata.date == "2021-06-03"
    assert [(who, t) for who, t, _ in turns(doc)] == [
        ("Tom Becker", 5.0), ("Maria Alvarez", 14.0), ("Tom Becker", 21.0),
        ("Maria Alvarez", 21.0),  # "**Maria:**" alone, no timecode: the latest one before
        ("Maria Alvarez", 62.0)]
    bullets = [doc.text[p.start:p.end] for p in doc.passages if doc.text[p.start:p.end].startswith("- ")]
    assert len(bullets) == 3 and all(p.kind != "turn" for p in doc.passages
                                     if doc.text[p.start:p.end] in bullets)
    assert "\\[" not in doc.text and "**" not in doc.text


def test_tenths_of_seconds_and_initials(fixtures):
    doc = read_one(fixtures / "text" / "initials-tenths.txt")
    assert [(who, t) for who, t, _ in turns(doc)] == [
        ("Jane Roe", 1.5), ("John Smith", 4.2), ("Jane Roe", 11.8), ("John Smith", 13.0)]
    assert doc.metadata.place == "Hull"


def test_a_header_and_two_turns_is_a_transcript(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("Interviewee: Ada Ross\nInterviewer: Tomas Brek\nDate: 3 May 2001\n\n"
                    "BREK: Were you there?\n\nROSS: I was.\n", encoding="utf-8")
    doc = read_one(path)
    assert doc.kind == "transcript" and doc.title == "short"
    assert [(who, text) for who, _, text in turns(doc)] == [("Tomas Brek", "Were you there?"),
                                                           ("Ada Ross", "I was.")]


def test_role_labels_and_catalogue_names(tmp_path):
    path = tmp_path / "roles.txt"
    path.write_text("INTERVIEWEE: Lomova, Vera\nINTERVIEWER: Hart, Daniel\n\n"
                    "INTERVIEWER: Where were you born?\n\nSUBJECT: In Leningrad.\n\n"
                    "Q: When?\n\nA: In 1931.\n", encoding="utf-8")
    doc = read_one(path)
    assert doc.metadata.interviewee == ["Vera Lomova"] and doc.metadata.interviewer == ["Daniel Hart"]
    assert doc.metadata.extra["interviewee_sort"] == ["Lomova, Vera"]
    assert [who for who, _, _ in turns(doc)] == ["Daniel Hart", "Vera Lomova", "Daniel Hart", "Vera Lomova"]
