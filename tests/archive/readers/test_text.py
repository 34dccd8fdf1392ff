"""The plain-text and Markdown reader: transcript conventions, paragraphs, headings, bad input."""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import pytest

from archive.errors import ReaderError
from archive.readers import read
from archive.readers._turns import is_label, seconds


def check_offsets(doc):
    """Passages point at their own text, in order, without overlapping."""
    end = 0
    for p in doc.passages:
        assert p.start >= end, (p, doc.text[end - 20:p.start])
        assert p.end <= len(doc.text), p
        piece = doc.text[p.start:p.end]
        assert piece and piece == piece.strip()
        end = p.end


def passage_texts(doc, kind=None):
    return [doc.text[p.start:p.end] for p in doc.passages if kind is None or p.kind == kind]


@pytest.fixture
def interview(fixtures):
    [doc] = read(fixtures / "text" / "interview.txt")
    return doc


def test_header_lines_become_metadata(interview):
    meta = interview.metadata
    assert meta.interviewee == ["Vera Lomova"] and meta.interviewer == ["Daniel Hart"]
    assert meta.date == "1994-03-14" and meta.place == "Leningrad"
    assert passage_texts(interview, "metadata")[0] == "Interviewee: Vera Lomova"
    assert interview.kind == "transcript" and interview.source.format == "text"


def test_labels_times_and_continuations(interview):
    check_offsets(interview)
    turns = [p for p in interview.passages if p.kind == "turn"]
    assert [p.label for p in turns] == ["HART", "LOMOVA", "HART", "LOMOVA", "Q", "A"]
    # inline marker, a marker on its own line before the turn, a marker with days
    assert [turns[0].time, turns[1].time, turns[4].time] == [5.0, 70.0, 93784.0]
    first, second = (interview.text[p.start:p.end] for p in turns[:2])
    assert first == "Good morning. Could you tell me where you were born?"
    # indented continuation lines joined; the next unlabelled paragraph continues the answer
    assert second.startswith("In Leningrad, in 1923. My father worked at the Kirov plant, and my mother")
    assert second.endswith("taught music.\n\nWe lived on Vasilievsky Island, near the river.")
    assert interview.text[turns[2].start:turns[2].end] == "And then? Note: the tape hisses here."
    assert (turns[4].role, turns[5].role) == ("interviewer", "interviewee")
    assert [s.label for s in interview.speakers] == ["HART", "LOMOVA", "Q", "A"]


def test_markdown_headings_emphasis_and_quotes(fixtures):
    [doc] = read(fixtures / "text" / "memoir.md")
    check_offsets(doc)
    assert doc.title == "A memoir of the winter" and doc.source.format == "markdown"
    assert passage_texts(doc, "title") == ["A memoir of the winter", "The first year"]
    assert passage_texts(doc, "narration") == [
        "Written in 1990 and revised later. Note: this line has a colon but it is prose, "
        "and it wraps onto a second line.",
        "The winter was very cold.",
        "What we kept:", "- the piano,", "- two chairs.",  # a list after a colon is no quotation
        "| year | place |\n| --- | --- |\n| 1941 | Leningrad |",  # table rows keep their lines
    ]
    assert passage_texts(doc, "quote") == ["We burned the furniture, one chair a week."]
    assert doc.kind == "article" and not any(p.label for p in doc.passages)


def test_markdown_transcript_with_front_matter(tmp_path):
    path = tmp_path / "lomova.md"
    path.write_text("---\ntitle: Conversations with Vera Lomova\ninterviewee: Vera Lomova\n"
                    "recorded: 1994-03-14\n---\n\n**HART:** Where were you born?\n\n"
                    "**LOMOVA**: [00:00:12] In *Leningrad*.\n\nHART: And your father?\n", encoding="utf-8")
    [doc] = read(path)
    check_offsets(doc)
    assert doc.title == "Conversations with Vera Lomova" and doc.kind == "transcript"
    assert doc.metadata.interviewee == ["Vera Lomova"] and doc.metadata.date == "1994-03-14"
    turns = [p for p in doc.passages if p.kind == "turn"]
    # A turn with no timecode of its own takes the latest one before it.
    assert [(p.label, p.time) for p in turns] == [("HART", None), ("LOMOVA", 12.0), ("HART", 12.0)]
    assert passage_texts(doc, "turn")[1] == "In Leningrad."
    assert "---" not in doc.text


@pytest.mark.parametrize("label", ["HART", "Q", "A", "Vera Lomova", "Ludwig van Beethoven", "DR. SMITH",
                                   "CDR (EAGLE)", "Speaker 2"])
def test_speaker_labels(label):
    assert is_label(label)


@pytest.mark.parametrize("label", ["Note", "NOTE", "Source", "the answer", "Then he said",
                                   "Five Words Is Too Many", "Editor's note"])
def test_not_speaker_labels(label):
    assert not is_label(label)


@pytest.mark.parametrize("clock, value", [("00:01:02", 62.0), ("1:02:03:04", 93784.0), ("12:31", 751.0),
                                          ("00:00:01.5", 1.5)])
def test_time_markers(clock, value):
    assert seconds(clock) == value


def test_transcription_service_style(tmp_path):
    path = tmp_path / "otter.txt"
    path.write_text("Speaker 1 (00:00:03): Hello, can you hear me?\n\nSpeaker 2 (01:15): Yes.\n\n"
                    "Speaker 1 (00:01:20): Good.\n\nSpeaker 2 (00:01:22): Go on.\n", encoding="utf-8")
    [doc] = read(path)
    assert [(p.label, p.time) for p in doc.passages] == [("Speaker 1", 3.0), ("Speaker 2", 75.0),
                                                          ("Speaker 1", 80.0), ("Speaker 2", 82.0)]
    assert passage_texts(doc)[0] == "Hello, can you hear me?"


def test_prose_with_a_stray_label_stays_prose(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("Dear Anna,\nthe winter was long.\n\nMonday: we left for the station at dawn,\n"
                    "and the train was late.\n\nYours, Ivan\n", encoding="utf-8")
    [doc] = read(path)
    check_offsets(doc)
    assert doc.kind == "article" and not any(p.kind == "turn" for p in doc.passages)
    assert "Monday: we left for the station at dawn, and the train was late." in doc.text


def test_hard_wrapped_lines_become_paragraphs(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text("The first line\nwraps here.\n\n\nA second\nparagraph.\n", encoding="utf-8")
    [doc] = read(path)
    assert passage_texts(doc) == ["The first line wraps here.", "A second paragraph."]


def test_cp1251_transcript(tmp_path):
    path = tmp_path / "lomova.txt"
    text = ("ХАРТ: Где вы родились?\nЛОМОВА: В Ленинграде, в 1923 году.\n"
            "ХАРТ: А ваш отец?\nЛОМОВА: Он работал на заводе.\n")
    path.write_bytes(text.encode("cp1251"))
    [doc] = read(path)
    assert [p.label for p in doc.passages] == ["ХАРТ", "ЛОМОВА", "ХАРТ", "ЛОМОВА"]
    assert passage_texts(doc)[1] == "В Ленинграде, в 1923 году."


def test_empty_file(tmp_path):
    path = tmp_path / "nothing.txt"
    path.write_text("\n\n   \n", encoding="utf-8")
    with pytest.raises(ReaderError, match="nothing.txt"):
        read(path)


def test_binary_named_txt(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)) * 50)
    with pytest.raises(ReaderError, match="scan.txt.*binary"):
        read(path)


@pytest.mark.parametrize("name, data", [
    ("colon.txt", "A" * 1_000_000 + ":"),
    ("words.txt", "Aa " * 300_000 + ": x"),
    ("brackets.txt", "[" + "1:" * 300_000),
    ("emphasis.md", "**" + "a " * 300_000 + "\n" + "_a" * 150_000),
    ("headings.md", "#" * 1_000_000 + " x"),
    ("labels.txt", "HART: a\n" * 20_000),
])
def test_hostile_input_is_read_in_linear_time(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(data, encoding="utf-8")
    started = time.perf_counter()
    docs = read(path)
    # Backtracking blow-ups take minutes here; linear reading takes well under a second.
    assert time.perf_counter() - started < 5.0
    for doc in docs:
        check_offsets(doc)


@cache
def read_corpus(corpus: Path) -> tuple[dict[Path, list], float]:
    """Every text file of the corpus read once per test run: documents by file, CPU seconds taken."""
    started = time.process_time()
    docs = {f: read(f) for f in sorted(corpus.rglob("*.txt"))}
    return docs, time.process_time() - started


def test_whole_corpus_reads_fast(corpus):
    docs, seconds_taken = read_corpus(corpus)
    size = sum(f.stat().st_size for f in docs)
    assert sum(len(d) for d in docs.values()) > 2000
    # About 20 MB/s of CPU time here; the bound leaves room for a slower test runner.
    assert size / 1e6 / seconds_taken > 5, f"{size / 1e6 / seconds_taken:.1f} MB/s"
