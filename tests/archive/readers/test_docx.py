"""The Word reader: turns from bold or plain labels, metadata from a table, lines or core properties,
headings, timecodes, and clear errors for broken or hostile files."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest

from archive.errors import ReaderError
from archive.readers import docx as reader
from tests.archive.readers.test_text import check_offsets


def read_one(path: Path):
    docs = list(reader.read(path))
    assert len(docs) == 1
    check_offsets(docs[0])
    return docs[0]


def test_table_bold_labels_timecodes_and_headings(tmp_path):
    d = docx.Document()
    table = d.add_table(rows=0, cols=2)
    for key, value in [("Interviewee", "Tomas Brek"), ("Interviewer", "Ada Ross"),
                       ("Date", "4 May 2001"), ("Place", "Gdynia"), ("Collection", "Baltic Boatyards")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
    d.add_heading("Tomas Brek at the yard", level=1)
    p = d.add_paragraph("[00:00:05] ")
    p.add_run("ROSS:").bold = True
    p.add_run(" Tell me about the yard.")
    p = d.add_paragraph()
    p.add_run("Tomas Brek").bold = True
    p.add_run(" [00:00:09] My father built boats here.")
    p = d.add_paragraph("[00:00:15] ")
    p.add_run("Tomas Brek").bold = True
    p.add_run(" Oak, mostly.")
    d.add_paragraph("He used oak from the hills.")  # the same speaker goes on
    d.add_heading("Part two", level=2)
    d.add_paragraph("ROSS: And after the war?")
    path = tmp_path / "brek.docx"
    d.save(str(path))

    doc = read_one(path)
    assert doc.title == "Tomas Brek at the yard"
    assert doc.kind == "transcript"
    assert doc.metadata.interviewee == ["Tomas Brek"] and doc.metadata.interviewer == ["Ada Ross"]
    assert doc.metadata.date == "2001-05-04" and doc.metadata.place == "Gdynia"
    assert doc.metadata.collection == "Baltic Boatyards"
    got = [(p.kind, p.label, p.time, doc.text[p.start:p.end]) for p in doc.passages]
    assert got == [
        ("title", None, None, "Tomas Brek at the yard"),
        ("turn", "ROSS", 5.0, "Tell me about the yard."),
        ("turn", "Tomas Brek", 9.0, "My father built boats here."),
        ("turn", "Tomas Brek", 15.0, "Oak, mostly.\n\nHe used oak from the hills."),
        ("title", None, None, "Part two"),
        ("turn", "ROSS", None, "And after the war?"),
    ]
    assert "Interviewee" not in doc.text  # the metadata table is metadata, not text


def test_key_value_lines_and_core_properties(tmp_path):
    d = docx.Document()
    d.core_properties.title = "Second Brek interview"
    d.core_properties.author = "Harbour Town Archive"
    d.core_properties.created = datetime(2002, 3, 9, tzinfo=UTC)
    d.add_paragraph("Interviewee: Tomas Brek")
    d.add_paragraph("Interviewer: Ada Ross")
    d.add_paragraph("Q: Where were you born?")
    d.add_paragraph("A: In Gdynia.")
    d.add_paragraph("Note: this line is text, not metadata, once the interview has begun.")
    path = tmp_path / "second.docx"
    d.save(str(path))

    doc = read_one(path)
    assert doc.title == "Second Brek interview"
    # The file's own date and author are the file's, not the interview's.
    assert doc.metadata.date is None and doc.metadata.extra["file_created"] == "2002-03-09"
    assert doc.metadata.author == [] and doc.metadata.extra["file_author"] == "Harbour Town Archive"
    assert doc.metadata.interviewee == ["Tomas Brek"]
    # The note has no label, so it goes on with A's turn rather than becoming metadata.
    assert [(p.label, p.role) for p in doc.passages] == [("Q", "interviewer"), ("A", "interviewee")]
    assert doc.text.endswith("In Gdynia.\n\nNote: this line is text, not metadata, once the "
                             "interview has begun.")


def test_body_metadata_wins_over_core_properties_and_template_defaults_are_ignored(tmp_path):
    d = docx.Document()  # python-docx's template says author "python-docx", created 2013
    d.add_paragraph("Date: 1 June 2001")
    d.add_paragraph("A plain paragraph of prose about the harbour.")
    path = tmp_path / "prose.docx"
    d.save(str(path))
    doc = read_one(path)
    assert doc.metadata.date == "2001-06-01"
    assert doc.metadata.author == []
    assert doc.kind == "article" and doc.title == "prose"
    assert [p.kind for p in doc.passages] == ["narration"]


def test_a_bold_first_word_is_emphasis_not_a_speaker(tmp_path):
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("Nobody").bold = True
    p.add_run(" expected the cranes to stay.")
    path = tmp_path / "emphasis.docx"
    d.save(str(path))
    doc = read_one(path)
    assert doc.passages[0].label is None
    assert doc.text == "Nobody expected the cranes to stay."


def test_example_docx_reads(tmp_path):
    doc = read_one(Path(__file__).resolve().parents[3] / "examples" / "lomova-1994-session2.docx")
    assert doc.metadata.interviewee == ["Vera Lomova"]
    assert {p.label for p in doc.passages if p.kind == "turn"} == {"HART", "LOMOVA"}


def _valid_docx(tmp_path: Path) -> bytes:
    d = docx.Document()
    d.add_paragraph("HART: hello")
    path = tmp_path / "ok.docx"
    d.save(str(path))
    return path.read_bytes()


def test_truncated_docx_is_a_reader_error(tmp_path):
    path = tmp_path / "cut.docx"
    path.write_bytes(_valid_docx(tmp_path)[:3000])
    with pytest.raises(ReaderError, match="cut.docx.*(truncated or corrupt|not a)"):
        list(reader.read(path))


def test_not_a_zip_is_a_reader_error(tmp_path):
    path = tmp_path / "plain.docx"
    path.write_text("just text pretending to be Word")
    with pytest.raises(ReaderError, match="plain.docx: not a valid .docx"):
        list(reader.read(path))


def test_zip_without_a_document_part(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ReaderError, match="no word/document.xml"):
        list(reader.read(path))


def test_zip_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_XML_BYTES", 1_000_000)  # the same check, a smaller bomb
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" + b" " * 2_000_000 + b">")
    assert path.stat().st_size < 50_000
    with pytest.raises(ReaderError, match="bomb.docx: refusing to unpack 2 MB"):
        list(reader.read(path))


def test_dtd_inside_a_part_is_refused(tmp_path):
    good = tmp_path / "good.docx"
    good.write_bytes(_valid_docx(tmp_path))
    path = tmp_path / "dtd.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY x "xx">]>', 1)
            out.writestr(info, data)
    with pytest.raises(ReaderError, match="word/document.xml declares a DTD"):
        list(reader.read(path))


def test_table_under_the_title_is_still_metadata_and_role_labels_are_turns(tmp_path):
    d = docx.Document()
    d.add_heading("Brek, third session", level=0)  # the "Title" style
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Narrator", "Tomas Brek"
    d.add_paragraph("Interviewer: So where were you born?")  # a turn, not an interviewer's name
    d.add_paragraph("Narrator: In Gdynia.")
    path = tmp_path / "third.docx"
    d.save(str(path))
    doc = read_one(path)
    assert doc.title == "Brek, third session"
    assert doc.metadata.interviewee == ["Tomas Brek"] and doc.metadata.interviewer == []
    assert [(p.label, p.role) for p in doc.passages if p.kind == "turn"] == [
        ("Interviewer", "interviewer"), ("Narrator", "interviewee")]


def test_an_inflating_image_is_refused_as_a_zip_bomb(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "BOMB_MIN_BYTES", 1_000_000)  # the same check, a smaller bomb
    good = tmp_path / "good.docx"
    good.write_bytes(_valid_docx(tmp_path))
    path = tmp_path / "pictures.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        out.writestr("word/media/image1.png", b"\0" * 5_000_000)
    with pytest.raises(ReaderError, match="pictures.docx: word/media/image1.png would inflate"):
        list(reader.read(path))


def test_a_transcript_laid_out_as_a_table(tmp_path):
    d = docx.Document()
    d.add_paragraph("Interviewee: Tomas Brek")
    rows = [("Time", "Speaker", "Words"), ("00:01:05", "ROSS", "Where is the yard?"),
            ("00:01:09", "BREK", "Past the cranes."), ("[00:02:00]", "ROSS", "And the boats?")]
    table = d.add_table(rows=0, cols=3)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    other = d.add_table(rows=0, cols=2)
    for row in [("1931", "born in Gdynia"), ("1945", "the yard becomes a cooperative")]:
        cells = other.add_row().cells
        cells[0].text, cells[1].text = row
    path = tmp_path / "table.docx"
    d.save(str(path))
    doc = read_one(path)
    assert doc.metadata.interviewee == ["Tomas Brek"]
    assert [(p.kind, p.label, p.time, doc.text[p.start:p.end]) for p in doc.passages] == [
        ("turn", "ROSS", 65.0, "Where is the yard?"),
        ("turn", "BREK", 69.0, "Past the cranes."),
        ("turn", "ROSS", 120.0, "And the boats?"),
        ("narration", None, None, "1931 | born in Gdynia"),
        ("narration", None, None, "1945 | the yard becomes a cooperative"),
    ]
