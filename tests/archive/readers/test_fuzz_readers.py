"""Fuzz every reader: random bytes, random text and structured junk either read into documents whose
offsets hold, or raise ``ReaderError`` naming the file; any other exception is a bug.

``make test`` runs a few dozen examples per format; ``make fuzz`` sets ORAL_ARCHIVE_FUZZ_EXAMPLES.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import readers
from archive.errors import ReaderError
from archive.model import PASSAGE_KINDS

EXAMPLES = int(os.environ.get("ORAL_ARCHIVE_FUZZ_EXAMPLES", "15"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                database=None)
EXTENSIONS = sorted(readers.REGISTRY)


def _read(name: str, data: bytes) -> None:
    """Read ``data`` as a file called ``name``: documents with sound offsets, or a ReaderError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            docs = readers.read(path)
        except ReaderError as exc:
            assert path.name in str(exc), f"error does not name the file: {exc}"
            return
        for doc in docs:
            _check(doc)


def _check(doc) -> None:
    assert isinstance(doc.text, str)
    prev_end = 0
    for p in sorted(doc.passages, key=lambda p: p.start):
        assert 0 <= p.start < p.end <= len(doc.text), (p.start, p.end, len(doc.text))
        assert p.start >= prev_end, "passages overlap"
        assert p.kind in PASSAGE_KINDS
        assert doc.text[p.start:p.end].strip(), "empty passage"
        for q in p.quotes:
            assert p.start <= q.start < q.end <= p.end
        prev_end = p.end
    for seg in doc.segments:
        assert 0 <= seg.start <= len(doc.text)


_line_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
_label = st.sampled_from(["Q", "A", "HART", "LOMOVA", "CDR", "Mrs. Ada Lee", "", "1", "http"])
_clock = st.builds(lambda h, m, s: f"[{h:02d}:{m:02d}:{s:02d}]", st.integers(0, 99), st.integers(0, 99),
                   st.integers(0, 99))


@st.composite
def transcript_lines(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            lines.append(f"{draw(_label)}: {draw(_line_text)}")
        elif kind == 1:
            lines.append(f"{draw(_clock)} {draw(_line_text)}")
        elif kind == 2:
            lines.append(f"   {draw(_line_text)}")
        elif kind == 3:
            lines.append("")
        elif kind == 4:
            lines.append(f"{draw(st.sampled_from(['Subject', 'Person Interviewed', 'Title', 'Date']))}: "
                         f"{draw(_line_text)}")
        else:
            lines.append(draw(_line_text))
    return "\n".join(lines)


def _ts(seconds: int, sep: str) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}{sep}{seconds % 1000:03d}"


@st.composite
def captions(draw, srt: bool) -> str:
    out = [] if srt else ["WEBVTT", ""]
    for n in range(draw(st.integers(0, 8))):
        a = draw(st.integers(0, 20000))
        b = a + draw(st.integers(-5, 50))
        sep = "," if srt else "."
        if srt:
            out.append(str(n + 1))
        out.append(f"{_ts(a, sep)} --> {_ts(max(b, 0), sep)}")
        voice = draw(st.sampled_from(["", "<v Ada>", "<v.loud Bo Li>", "<v>", "<b>"]))
        out.append(voice + draw(_line_text))
        out.append("")
    return "\n".join(out)


_xml_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def ohms(draw) -> str:
    fields = "".join(f"<{k}>{_esc(draw(_xml_text))}</{k}>"
                     for k in draw(st.lists(st.sampled_from(["title", "interviewee", "interviewer", "date",
                                                             "accession", "rights", "sync", "duration"]),
                                            max_size=6)))
    points = "".join(
        f"<point><time>{draw(st.sampled_from(['0', '61', '-3', 'x', '1e9', '']))}</time>"
        f"<title>{_esc(draw(_xml_text))}</title><synopsis>{_esc(draw(_xml_text))}</synopsis>"
        f"<keywords>{_esc(draw(_xml_text))}</keywords></point>"
        for _ in range(draw(st.integers(0, 3))))
    body = draw(st.one_of(transcript_lines(), captions(False)))
    tag = draw(st.sampled_from(["transcript", "vtt_transcript"]))
    return (f'<?xml version="1.0" encoding="UTF-8"?><ROOT><record>{fields}<index>{points}</index>'
            f"<{tag}>{_esc(body)}</{tag}></record></ROOT>")


_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _line_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_line_text, children, max_size=3),
    max_leaves=8)


@st.composite
def jsonl(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        obj = draw(st.dictionaries(st.sampled_from(["title", "text", "date", "url", "author", "x"]),
                                   _json_value, max_size=5))
        if draw(st.booleans()):
            obj["text"] = draw(_line_text)
        lines.append(json.dumps(obj) if draw(st.integers(0, 9)) else draw(_line_text))
    return "\n".join(lines)


@st.composite
def docx_bytes(draw) -> bytes:
    """Either a real python-docx document with junk paragraphs and tables, or a zip with junk XML."""
    if draw(st.booleans()):
        import docx

        document = docx.Document()
        for _ in range(draw(st.integers(0, 6))):
            text = draw(st.one_of(_xml_text, st.builds(lambda a, b: f"{a}: {b}", _label, _xml_text)))
            para = document.add_paragraph()
            para.add_run(text).bold = draw(st.booleans())
            para.add_run(draw(_xml_text))
        if draw(st.booleans()):
            table = document.add_table(rows=1, cols=2)
            table.cell(0, 0).text = draw(_xml_text)
            table.cell(0, 1).text = draw(_xml_text)
        buf = io.BytesIO()
        document.save(buf)
        data = buf.getvalue()
        cut = draw(st.one_of(st.none(), st.integers(0, len(data))))
        return data if cut is None else data[:cut]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", draw(st.sampled_from(["", "<Types/>", "<<<"])))
        z.writestr("word/document.xml", draw(st.binary(max_size=200)) + draw(_xml_text).encode())
    return buf.getvalue()


STRUCTURED = {
    ".txt": transcript_lines().map(lambda s: s.encode("utf-8")),
    ".md": transcript_lines().map(lambda s: ("# " + s).encode("utf-8")),
    ".vtt": captions(False).map(lambda s: s.encode("utf-8")),
    ".srt": captions(True).map(lambda s: s.encode("utf-8")),
    ".xml": ohms().map(lambda s: s.encode("utf-8")),
    ".jsonl": jsonl().map(lambda s: s.encode("utf-8")),
    ".docx": docx_bytes(),
}


@pytest.mark.parametrize("ext", EXTENSIONS)
@FUZZ
@given(data=st.binary(max_size=2000))
def test_fuzz_random_bytes(ext, data):
    _read("junk" + ext, data)


@pytest.mark.parametrize("ext", EXTENSIONS)
@FUZZ
@given(text=st.text(max_size=500), encoding=st.sampled_from(["utf-8", "utf-16", "cp1251", "utf-8-sig"]))
def test_fuzz_random_text(ext, text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    _read("text" + ext, data)


@pytest.mark.parametrize("ext", EXTENSIONS)
@FUZZ
@given(data=st.data())
def test_fuzz_structured_junk(ext, data):
    strategy = STRUCTURED.get(ext, transcript_lines().map(str.encode))
    _read("structured" + ext, data.draw(strategy))


def test_every_registered_format_is_fuzzed():
    assert set(EXTENSIONS) - {".markdown"} <= set(STRUCTURED)
