"""Redaction: marked spans and sidecar ranges become ``[REDACTED]`` with every offset still exact."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.errors import ReaderError
from archive.model import Document, Metadata, QuoteSpan, Segment, Source
from archive.readers._build import TextBuilder
from archive.tagging.redaction import MARKER, redact


def _doc(*turns: str, **meta: object) -> Document:
    b = TextBuilder()
    for n, t in enumerate(turns):
        b.add(t, "turn", label="A" if n % 2 else "Q", time=float(n * 10))
    doc = Document(id="d", title="Interview", text=b.text, source=Source("d.txt", "text", path="/tmp/d.txt"),
                   metadata=Metadata.from_dict(dict(meta)), passages=b.passages)
    return doc


def _check_offsets(doc: Document) -> None:
    prev_end = 0
    for p in doc.passages:
        assert 0 <= p.start < p.end <= len(doc.text)
        assert p.start >= prev_end, "passages overlap"
        prev_end = p.end
        assert doc.text[p.start:p.end] == doc.text[p.start:p.end].strip()
        for q in p.quotes:
            assert p.start <= q.start < q.end <= p.end


def test_marked_span_is_replaced_and_offsets_follow():
    doc = _doc("Where did you live?", "On Elm Street with [REDACTED: Johanna Pietrowska] and her cat.",
               "And then?", "We moved.")
    before = [doc.text[p.start:p.end] for p in doc.passages]
    redact(doc)
    assert "Johanna" not in doc.text and "Pietrowska" not in doc.text
    after = [doc.text[p.start:p.end] for p in doc.passages]
    assert after[1] == f"On Elm Street with {MARKER} and her cat."
    assert after[0] == before[0] and after[2:] == before[2:]
    _check_offsets(doc)


def test_bare_marker_and_case_and_inner_brackets():
    doc = _doc("It was [redacted: the man [inaudible] from Kyiv] who said it.", "Fine [REDACTED].")
    redact(doc)
    assert doc.text == f"It was {MARKER} who said it.\n\nFine {MARKER}."
    _check_offsets(doc)


def test_whole_turn_redacted_keeps_the_turn_as_a_marker():
    doc = _doc("Who told you?", "[REDACTED: Boris Kowalczyk told me, at the depot.]", "Thank you.")
    redact(doc)
    texts = [doc.text[p.start:p.end] for p in doc.passages]
    assert texts == ["Who told you?", MARKER, "Thank you."]
    assert doc.passages[1].label == "A" and doc.passages[1].time == 10.0


def test_range_across_passages_drops_the_ones_inside():
    doc = _doc("First turn ends here.", "Second turn wholly hidden.", "Third turn starts here.")
    start = doc.text.index("ends")
    end = doc.text.index("Third") + len("Third")
    redact(doc, [{"start": start, "end": end}])
    texts = [doc.text[p.start:p.end] for p in doc.passages]
    assert texts == [f"First turn {MARKER}", "turn starts here."]
    assert "hidden" not in doc.text
    _check_offsets(doc)


def test_sidecar_strings_redact_text_title_metadata_and_speaker_names():
    doc = _doc("I met Anna Grebenko in 1951.", "Anna  grebenko was kind.", interviewee="Anna Grebenko",
               place="Lviv")
    doc.title = "Remembering Anna Grebenko"
    doc.speakers = []
    redact(doc, ["Anna Grebenko"])
    assert "Grebenko" not in doc.text and "grebenko" not in doc.text
    assert doc.title == f"Remembering {MARKER}"
    assert doc.metadata.interviewee == [MARKER] and doc.metadata.place == "Lviv"
    _check_offsets(doc)


def test_quotes_and_segments_move_with_the_text():
    doc = _doc("Intro.", 'She said [REDACTED: my secret] and then "we left at dawn" quietly.')
    p = doc.passages[1]
    q0 = doc.text.index('"we left')
    p.quotes = [QuoteSpan(q0, q0 + len('"we left at dawn"'), "X")]
    doc.segments = [Segment(time=0.0, title="a", start=0), Segment(time=5.0, title="b", start=p.start)]
    redact(doc)
    q = doc.passages[1].quotes[0]
    assert doc.text[q.start:q.end] == '"we left at dawn"'
    assert doc.segments[1].start == doc.passages[1].start


def test_markers_in_title_and_metadata_even_unclosed():
    doc = _doc("Fine.", interviewee="[REDACTED: Ann Bell]", place="Near [REDACTED: the old mill")
    doc.title = "Talk with [REDACTED: Ann Bell] [REDACTED]"
    redact(doc)
    assert doc.title == f"Talk with {MARKER} {MARKER}"
    assert doc.metadata.interviewee == [MARKER] and doc.metadata.place == f"Near {MARKER}"


def test_unterminated_marker_is_refused_naming_the_file():
    doc = _doc("Fine.", "It was [REDACTED: somebody who never closes the bracket.")
    with pytest.raises(ReaderError, match=r"d\.txt.*REDACTED"):
        redact(doc)


@pytest.mark.parametrize("entry", [{"start": -1, "end": 3}, {"start": 5, "end": 10_000}, {"start": "a"}, 7])
def test_bad_sidecar_ranges_are_refused_naming_the_sidecar(entry):
    doc = _doc("Some words here.")
    with pytest.raises(ReaderError, match=r"d\.meta\.json"):
        redact(doc, [entry])


def test_ingest_never_stores_redacted_words(tmp_path):
    from archive.ingest import ingest
    from archive.store import Store

    src = tmp_path / "src"
    src.mkdir()
    (src / "talk.txt").write_text(
        "HART: Who hid you?\n\nLOMOVA: It was [REDACTED: Zabolotskaya, the baker] who hid us.\n\n"
        "HART: And later?\n\nLOMOVA: Later we met Quennelworth at the station.\n", encoding="utf-8")
    (src / "talk.meta.json").write_text('{"redactions": ["Quennelworth"]}', encoding="utf-8")
    store = Store(tmp_path / "archive")
    report = ingest(store, [src], workers=1)
    assert not report.failures, report.failures
    [summary] = store.documents()
    doc = store.get(summary.id)
    assert MARKER in doc.text
    for p in doc.passages:
        assert doc.text[p.start:p.end].strip() == doc.text[p.start:p.end]
    store.close()
    raw = b"".join(f.read_bytes() for f in (tmp_path / "archive").iterdir() if f.is_file())
    for word in (b"Zabolotskaya", b"baker", b"Quennelworth"):
        assert word not in raw


_EXAMPLES = int(os.environ.get("ORAL_ARCHIVE_FUZZ_EXAMPLES", "60"))
_words = st.text(alphabet="abc xyz.", min_size=1, max_size=30).map(str.strip).filter(bool)


@settings(max_examples=_EXAMPLES, deadline=None)
@given(turns=st.lists(_words, min_size=1, max_size=6), data=st.data())
def test_fuzz_redaction_keeps_offsets_exact(turns, data):
    doc = _doc(*turns)
    original = doc.text
    ranges = []
    for _ in range(data.draw(st.integers(0, 3))):
        s = data.draw(st.integers(0, len(original) - 1))
        e = data.draw(st.integers(s + 1, len(original)))
        ranges.append({"start": s, "end": e})
    redact(doc, ranges)
    _check_offsets(doc)
    if ranges:
        assert MARKER in doc.text
    # Every character outside the ranges survives, in order.
    hidden = set()
    for r in ranges:
        hidden.update(range(r["start"], r["end"]))
    kept = "".join(c for i, c in enumerate(original) if i not in hidden)
    assert doc.text.replace(MARKER, "") == kept


def _files_holding(folder, word: bytes) -> list[str]:
    return [str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and word in p.read_bytes()]


def test_redacting_an_archived_document_later_leaves_no_trace(tmp_path):
    """Add a redaction to a document already archived and indexed: re-ingest, then reindex."""
    from archive.ingest import ingest
    from archive.store import Store
    from indexer import service as service_module
    src = tmp_path / "src"
    src.mkdir()
    filler = "\n\n".join(f"Q: And in {1950 + n}?\n\nA: We worked at the mill that year." for n in range(40))
    (src / "late.txt").write_text(f"Q: Who hid you?\n\nA: Quaxelbury hid us in the loft.\n\n{filler}\n",
                                  encoding="utf-8")
    folder = tmp_path / "archive"
    store = Store(folder)
    service = service_module.SearchService(store, backend="tantivy")
    ingest(store, [src], on_stored=service.on_stored, workers=1)
    service.commit()
    assert service.search("Quaxelbury")["total"] == 1

    # Only the sidecar changes: the file is read again all the same.
    (src / "late.meta.json").write_text('{"redactions": ["Quaxelbury"]}', encoding="utf-8")
    report = ingest(store, [src], on_stored=service.on_stored, workers=1)
    service.commit()
    assert report.unchanged == 0 and report.documents == 1
    assert service.search("Quaxelbury")["total"] == 0
    service.reindex()
    service.close()
    store.close()
    assert _files_holding(folder, b"Quaxelbury") == []
    assert _files_holding(folder, b"quaxelbury") == []
