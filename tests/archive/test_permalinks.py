"""Permalinks re-anchor on the cited words after a re-ingest, and say so when the words changed."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import permalinks
from archive.citations import cite
from archive.errors import BadParameter
from archive.model import Document, Passage, Source
from archive.permalinks import Anchor, Selector, parse, resolve, select

MEMOIR = """A Winter on Arbat

We moved to the flat on Arbat in the autumn of 1936.

My mother worked at the library and came home late every night.

My father kept the piano tuned even after the arrests began. He said music was a kind of order.
"""
CITED = "kept the piano tuned even after the arrests began"


def doc_of(text: str) -> Document:
    paragraphs, passages, at = text.split("\n\n"), [], 0
    for para in paragraphs:
        passages.append(Passage(at, at + len(para.rstrip("\n"))))
        at += len(para) + 2
    doc = Document(id="memoir", title="A Winter on Arbat", text=text, source=Source("m.txt", "text"),
                   passages=passages)
    doc.number_passages()
    return doc


def span(doc: Document, words: str) -> tuple[int, int]:
    start = doc.text.index(words)
    return start, start + len(words)


def query(link: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(link).query))


def test_selector_carries_the_words_and_their_context():
    doc = doc_of(MEMOIR)
    sel = select(doc, *span(doc, CITED))
    assert sel.exact == CITED and sel.passage == "p4"
    assert sel.prefix == doc.text[sel.start - 32:sel.start] and sel.prefix.endswith("night.\n\nMy father ")
    assert sel.suffix == doc.text[sel.end:sel.end + 32]
    link = permalinks.url("https://a.example/", doc.id, sel)
    assert link.startswith("https://a.example/documents/memoir?p=p4&exact=kept+the+piano")
    assert link.endswith(f"&hl={sel.start}-{sel.end}")
    assert parse(query(link)) == sel
    assert resolve(doc, sel) == Anchor("exact", sel.start, sel.end)


def test_long_ranges_travel_compactly_and_still_resolve():
    doc = doc_of(MEMOIR)
    start = doc.text.index("My mother")
    end = doc.text.index("order.") + len("order.")
    sel = select(doc, start, end)
    q = query(permalinks.url("https://a.example", doc.id, sel))
    assert "exact" not in q and q["len"] == str(end - start) and len(q["head"]) == permalinks.EDGE
    compact = parse(q)
    assert compact.exact is None
    assert resolve(doc, compact) == Anchor("exact", start, end)
    moved = doc_of(MEMOIR.replace("1936.", "1936, when I was nine."))
    shift = len(", when I was nine.") - 1
    assert resolve(moved, compact) == Anchor("moved", start + shift, end + shift)
    changed = doc_of(MEMOIR.replace("arrests began", "arrests started"))
    assert resolve(changed, compact).status == "changed"


def test_repeated_words_are_told_apart_by_their_context():
    text = "Title\n\nWe waited. Then we waited again.\n\nAfter the war we waited. Nobody came."
    doc = doc_of(text)
    start = text.index("we waited. Nobody") + 3
    sel = select(doc, start, start + len("waited"))
    edited = doc_of(text.replace("Title", "A longer title"))
    found = resolve(edited, sel)
    assert found.status == "moved"
    assert edited.text[found.start - 7:found.end + 8] == "war we waited. Nobody"


def test_changed_words_are_reported_not_highlighted_elsewhere():
    doc = doc_of(MEMOIR)
    sel = select(doc, *span(doc, CITED))
    edited = doc_of(MEMOIR.replace("kept the piano tuned", "kept the old piano tuned"))
    found = resolve(edited, sel)
    assert found.status == "changed" and not found.found
    assert edited.text[found.start:found.end] == "kept the old piano tuned even after the arrests began"
    gone = doc_of(MEMOIR.replace("My father kept the piano tuned even after the arrests began. ", ""))
    assert resolve(gone, sel).status in ("changed", "missing")
    assert not resolve(gone, sel).found


def test_a_look_alike_elsewhere_is_not_taken_for_corrected_words():
    text = MEMOIR + "\nYears later the arrests began again, and the piano went quiet.\n"
    doc = doc_of(text)
    sel = select(doc, *span(doc, "the arrests began"))
    edited = doc_of(text.replace("even after the arrests began.", "even after the arrests started."))
    found = resolve(edited, sel)
    assert found.status == "changed"
    assert edited.text[found.start:found.end] == "the arrests started"


def test_offsets_only_links_and_bad_parameters():
    doc = doc_of(MEMOIR)
    assert permalinks.anchor(doc, {"q": "piano"}) is None
    assert resolve(doc, parse({"hl": "19-25"})) == Anchor("exact", 19, 25)
    assert resolve(doc, parse({"hl": "19-99999"})).status == "missing"
    for args, name in [({}, "hl"), ({"hl": "9-3"}, "hl"), ({"hl": "a-b"}, "hl"),
                       ({"hl": "1-3", "p": "p3<script>"}, "p"),
                       ({"hl": "1-3", "sha": "ab", "len": "x"}, "len")]:
        with pytest.raises(BadParameter, match=name):
            parse(args)
    with pytest.raises(BadParameter, match="start/end"):
        select(doc, 5, 5)


# -- the re-ingest test: through the real reader, ingest and store -------------------------------

@pytest.fixture
def memoir_file(tmp_path):
    path = tmp_path / "memoir.txt"
    path.write_text(MEMOIR, encoding="utf-8")
    return path


def reingest(store, path, text: str) -> Document:
    from archive.ingest import ingest

    path.write_text(text, encoding="utf-8")
    report = ingest(store, [path], workers=1)
    assert not report.failures and report.documents == 1
    return store.get("memoir")


def test_reingest_with_a_correction_before_the_cited_words(store, memoir_file):
    before = reingest(store, memoir_file, MEMOIR)
    start, end = span(before, CITED)
    citation = cite(before, start, end, "chicago", base_url="https://archive.example.org")
    link = citation.record.permalink
    assert link in citation.text
    old_passage = before.passage_at(start).id

    # A sentence added to the paragraph before the cited one, and a new paragraph before that.
    corrected = MEMOIR.replace("came home late every night.",
                               "came home late every night, tired but never silent.")
    corrected = corrected.replace("A Winter on Arbat\n", "A Winter on Arbat\n\nRecorded in 1989.\n")
    after = reingest(store, memoir_file, corrected)
    assert after.text != before.text and after.text.index(CITED) != start

    found = permalinks.anchor(after, query(link))
    assert found.status == "moved"
    assert after.text[found.start:found.end] == CITED
    # The passage numbers shifted too; the words still lead to the right passage.
    assert after.passage_at(found.start).id != old_passage
    assert after.text[after.passage_at(found.start).start:].startswith("My father kept the piano")

    # A citation made now from the corrected text points at the same words.
    again = cite(after, found.start, found.end, "chicago", base_url="https://archive.example.org")
    assert again.record.quote == citation.record.quote == CITED


def test_reingest_where_the_cited_words_themselves_changed(store, memoir_file):
    before = reingest(store, memoir_file, MEMOIR)
    link = cite(before, *span(before, CITED), "apa", base_url="https://archive.example.org").record.permalink
    after = reingest(store, memoir_file, MEMOIR.replace("after the arrests began", "after the first arrests"))
    found = resolve(after, parse(query(link)))
    assert found.status == "changed"
    assert after.text[found.start:found.end] == "kept the piano tuned even after the first arrests"


def test_selector_is_a_plain_value():
    sel = Selector(start=1, end=4, exact="abc")
    assert sel.matches("abc") and not sel.matches("abd")
    assert dict(sel.to_query()) == {"exact": "abc", "hl": "1-4"}


# -- any edit outside the cited words keeps them found ---------------------------------------

WORDS = ["piano", "tuned", "war", "mother", "we", "the", "night", "Arbat", "1936", "never", "said", "music"]


@settings(max_examples=80, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), min_size=12, max_size=60), data=st.data())
def test_edits_outside_the_range_never_lose_the_words(words, data):
    text = " ".join(words)
    doc = doc_of(text)
    bounds = [i for i, c in enumerate(text) if c == " "] + [len(text)]
    start = data.draw(st.sampled_from([0] + [b + 1 for b in bounds[:-3]]))
    end = data.draw(st.sampled_from([b for b in bounds if b > start + 2]))
    sel = select(doc, start, end)
    inserted = data.draw(st.text(alphabet="abc .,\n", min_size=1, max_size=40))
    if data.draw(st.booleans()):
        at = data.draw(st.integers(0, start))
        edited, shift = text[:at] + inserted + text[at:], len(inserted)
    else:
        at = data.draw(st.integers(end, len(text)))
        edited, shift = text[:at] + inserted + text[at:], 0
    found = resolve(doc_of(edited), sel)
    assert found.found and edited[found.start:found.end] == sel.exact
    if edited.count(sel.exact) == 1:
        assert (found.start, found.end) == (start + shift, end + shift)
