"""Property: whatever transcript hypothesis draws, in every format, passages are in order, never
overlap, and each ``text[start:end]`` is non-empty and stripped, after reading and after the full
``archive.tagging.pipeline.prepare``. For the structured formats every drawn turn's words come back too.

``make test`` draws 25 transcripts per format; ``make fuzz`` (ORAL_ARCHIVE_FUZZ_EXAMPLES) draws more.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import readers
from archive.tagging import pipeline

EXAMPLES = int(os.environ.get("ORAL_ARCHIVE_FUZZ_EXAMPLES", "25"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
LABELS = ["HART", "LOMOVA", "Q", "A", "DANIEL HART", "ЛОМОВА", "MR. BREK", "Vera Lomova"]
# No ":" "[" "<" or markdown marks: a turn must not start a label, a timecode, a tag or a heading.
ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFXYZабвгдеёжзЛОМВ0123456789.,?!'\"«»—-()&éü"
WORD = st.text(alphabet=ALPHABET, min_size=1, max_size=10).filter(lambda w: w.strip(".,-—") != "")
Turn = tuple[str, str, float]  # label, words, seconds


@st.composite
def transcripts(draw) -> list[Turn]:
    speakers = draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=3, unique=True))
    count = draw(st.integers(1, 8))
    turns: list[Turn] = []
    clock = float(draw(st.integers(0, 100)))
    for _ in range(count):
        words = draw(st.lists(WORD, min_size=1, max_size=60))
        turns.append((draw(st.sampled_from(speakers)), " ".join(words), clock))
        clock += draw(st.integers(1, 4000))
    return turns


def hms(seconds: float, sep: str = "") -> str:
    s = int(seconds)
    base = f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
    return base + (f"{sep}000" if sep else "")


def write_txt(turns: list[Turn], path: Path) -> None:
    body = "\n\n".join(f"[{hms(t)}] {label}: {words}" for label, words, t in turns)
    path.write_text("Interviewer: Daniel Hart\nDate: 1994-03-14\n\n" + body + "\n", encoding="utf-8")


def write_md(turns: list[Turn], path: Path) -> None:
    body = "\n\n".join(f"{label}: {words}" for label, words, _ in turns)
    path.write_text("# An interview\n\n" + body + "\n", encoding="utf-8")


def write_docx(turns: list[Turn], path: Path) -> None:
    d = docx.Document()
    d.add_heading("An interview", level=1)
    for label, words, t in turns:
        p = d.add_paragraph(f"[{hms(t)}] ")
        p.add_run(f"{label}:").bold = True
        p.add_run(f" {words}")
    d.save(str(path))


def write_vtt(turns: list[Turn], path: Path) -> None:
    cues = [f"{hms(t, '.')} --> {hms(t + 1, '.')}\n<v {label}>{escape(words)}" for label, words, t in turns]
    path.write_text("WEBVTT\n\n" + "\n\n".join(cues) + "\n", encoding="utf-8")


def write_srt(turns: list[Turn], path: Path) -> None:
    cues = [f"{n}\n{hms(t, ',')} --> {hms(t + 1, ',')}\n{label}: {words}"
            for n, (label, words, t) in enumerate(turns, 1)]
    path.write_text("\n\n".join(cues) + "\n", encoding="utf-8")


def write_ohms(turns: list[Turn], path: Path) -> None:
    transcript = "\n\n".join(f"[{hms(t)}] {label}: {words}" for label, words, t in turns)
    points = "".join(f"<point><time>{int(t)}</time><title>Part {n}</title><synopsis>s</synopsis>"
                     f"<keywords>k{n}</keywords><subjects/></point>" for n, (_, _, t) in enumerate(turns))
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?><ROOT xmlns="https://www.weareavp.com/nunncenter/ohms">'
                    f"<record><title>An interview</title><index>{points}</index>"
                    f"<transcript>{escape(transcript)}</transcript></record></ROOT>", encoding="utf-8")


def write_jsonl(turns: list[Turn], path: Path) -> None:
    lines = [json.dumps({"title": f"Article {n}", "date": f"2020-01-0{n % 9 + 1}",
                         "url": f"https://x.invalid/{n}", "text": f"Monday, January 6, 2020\n\n{words}\n\n"
                         f"\"{label} said this.\""}, ensure_ascii=False)
             for n, (label, words, _) in enumerate(turns)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


WRITERS: dict[str, tuple[str, Callable[[list[Turn], Path], None], bool]] = {
    # format: (extension, writer, whether every turn's words must come back verbatim)
    "txt": (".txt", write_txt, False),
    "md": (".md", write_md, False),
    "docx": (".docx", write_docx, True),
    "vtt": (".vtt", write_vtt, True),
    "srt": (".srt", write_srt, True),
    "ohms": (".xml", write_ohms, True),
    "jsonl": (".jsonl", write_jsonl, True),
}


def check_passages(doc) -> None:
    end = 0
    for p in doc.passages:
        assert 0 <= p.start < p.end <= len(doc.text), (p, len(doc.text))
        assert p.start >= end, f"{p.id or p.start} overlaps or is out of order"
        piece = doc.text[p.start:p.end]
        assert piece and piece == piece.strip(), repr(piece)
        end = p.end
    for seg in doc.segments:
        assert 0 <= seg.start <= len(doc.text)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@PROPERTY
@given(turns=transcripts())
def test_fuzz_passages_hold_in_every_format(fmt, turns):
    ext, write, verbatim = WRITERS[fmt]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"interview{ext}"
        write(turns, path)
        docs = readers.read(path)
    assert docs
    for doc in docs:
        check_passages(doc)
    if verbatim:
        passages = " ".join(squash(d.text[p.start:p.end]) for d in docs for p in d.passages)
        for _, words, _ in turns:
            assert squash(words) in passages
    if fmt in ("docx", "vtt", "srt", "ohms"):
        [doc] = docs
        turn_passages = [p for p in doc.passages if p.kind == "turn"]
        assert {p.label for p in turn_passages} == {label for label, _, _ in turns}
        assert {p.time for p in turn_passages} <= {t for _, _, t in turns}
        assert turn_passages[0].time == turns[0][2]
    for doc in docs:
        doc.id = "doc"
        pipeline.prepare(doc, {"speakers": {turns[0][0]: {"name": "Someone", "role": "interviewee"}}},
                         max_words=20)  # small, so that long turns are split too
        check_passages(doc)
        assert [p.id for p in doc.passages] == [f"doc:p{n}" for n in range(1, len(doc.passages) + 1)]
