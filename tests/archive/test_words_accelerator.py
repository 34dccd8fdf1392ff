"""The C word scan of topic tagging (archive._words) against the Python it stands in for."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import topics
from archive.model import Document, Passage, Source

_words = pytest.importorskip("archive._words", reason="the C accelerator is not built (no C compiler)")
ALL = b"\xff" * (27 ** 4 // 8 + 1)  # a heads bitmap that lets every word through
WORD_AT_BOUNDARY = re.compile(r"\b\w+")


def reference(text: str, lo: int, hi: int, skip: set[str], cased: str | None = None) -> tuple[list, set]:
    """What distinct_words gives, from the regular expression: words, and those capitalised."""
    cased = text if cased is None else cased
    first: dict[str, int] = {}
    for m in WORD_AT_BOUNDARY.finditer(text, lo, hi):
        if m.group() not in skip:
            first.setdefault(m.group(), m.start())
    return list(first), {w for w, at in first.items() if cased[at].isupper()}


def scan(text: str, lo: int, hi: int, skip: set[str], cased: str | None = None) -> tuple[list, set]:
    return _words.distinct_words(text, lo, hi, skip, ALL, text if cased is None else cased)


@pytest.mark.parametrize("text, lo, hi", [
    ("the arrest, the Arrest and the arrest again", 0, 43),
    ("half-cut words at both ends", 2, 20),  # "lf" is cut by the start: not a word of the range
    ("snake_case and 1937 and Ж Зоря café naïve", 0, 41),
    ("emoji 😀 between words (a non-BMP string) 😀end", 0, 48),
    ("“curly quotes” make a two-byte string", 0, 37),
    ("", 0, 0),
    ("words", 3, 1),  # an empty range
    ("words", -5, 99),  # a range past both ends is clipped, as slicing is
])
def test_distinct_words_matches_the_regular_expression(text, lo, hi):
    assert scan(text, lo, hi, set()) == reference(text, max(lo, 0), hi, set())


def test_words_in_skip_are_left_out():
    assert scan("war and peace and war", 0, 21, {"and"}) == (["war", "peace"], set())


def test_capitalised_words_are_told_by_their_first_occurrence():
    text = "War and peace. The war, the Peace"
    assert scan(text.lower(), 0, len(text), set(), text) == (["war", "and", "peace", "the"], {"war", "the"})


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("aAb_Z9 .,'-éЖж😀\n\u0301İ"), max_size=60),
       lo=st.integers(0, 60), hi=st.integers(0, 60), skip=st.sets(st.sampled_from(["a", "ab", "ba", "b_"])))
def test_distinct_words_matches_the_regular_expression_on_any_text(text, lo, hi, skip):
    low = text.lower() if len(text.lower()) == len(text) else text
    assert scan(low, lo, hi, skip, text) == reference(low, lo, min(hi, len(text)), skip, text)


def test_bad_arguments_are_type_errors():
    with pytest.raises(TypeError):
        _words.distinct_words(b"bytes", 0, 5, set(), ALL, "bytes")
    with pytest.raises(TypeError):
        _words.distinct_words("text", 0, 4, ["not", "a", "set"], ALL, "text")
    with pytest.raises(TypeError):
        _words.distinct_words("text", 0, 4, set(), b"too short", "text")
    with pytest.raises(TypeError):
        _words.distinct_words("text", 0, 4, set(), ALL, "longer text")
    with pytest.raises(TypeError):
        _words.distinct_words("text", 0, 4, set())


def test_head_bitmap_keeps_every_word_a_prefix_may_begin():
    heads = topics.head_bitmap({"arrest", "ex", "g", "émigr", "prison"})
    text = "arrested exiled go gulag emigrants émigrés prisoners printed pris"
    # "emigrants" begins with no prefix, nor does "printed" (its fourth letter); "émigrés" is not
    # a-z, so never filtered out; "pris" has the four letters of "prison", all the filter sees.
    assert _words.distinct_words(text, 0, len(text), set(), heads, text)[0] == [
        "arrested", "exiled", "go", "gulag", "émigrés", "prisoners", "pris"]


@settings(max_examples=300, deadline=None)
@given(prefixes=st.sets(st.text(alphabet="abcé", min_size=1, max_size=6), min_size=1, max_size=6),
       words=st.lists(st.text(alphabet="abcé9", min_size=1, max_size=8), max_size=12))
def test_head_bitmap_never_filters_out_a_word_beginning_with_a_prefix(prefixes, words):
    text = " ".join(words)
    kept = _words.distinct_words(text, 0, len(text), set(), topics.head_bitmap(prefixes), text)[0]
    assert {w for w in words if w.startswith(tuple(prefixes))} <= set(kept)


def _tags(doc: Document, vocab: topics.Vocabulary) -> list[list[tuple[str, tuple[str, ...]]]]:
    for p in doc.passages:
        p.topics = []
    topics.tag(doc, vocab)
    return [[(t.label, tuple(t.triggers)) for t in p.topics] for p in doc.passages]


def _same_tags_with_and_without_c(monkeypatch, docs: list[Document]) -> None:
    concepts = topics.default_vocabulary().concepts
    with_c = [_tags(d, topics.Vocabulary(concepts)) for d in docs]
    monkeypatch.setattr(topics, "distinct_words", None)
    monkeypatch.setattr(topics, "evidence", None)
    in_python = [_tags(d, topics.Vocabulary(concepts)) for d in docs]
    assert with_c == in_python
    assert any(any(p) for d in with_c for p in d)


def test_topics_are_the_same_with_and_without_the_accelerator(monkeypatch):
    text = ("He was arrested in 1937 and sent to a labour camp.\n\n"
            "The White House said nothing. Her father was shot; the family went into exile.\n\n"
            "They prayed in the church; flies and a fly. Imprisoned, interrogated, deported.")
    paragraphs = [m.span() for m in re.finditer(r"[^\n]+", text)]
    doc = Document(id="d", title="t", text=text, source=Source("d.txt", "text", "", ""),
                   passages=[Passage(s, e) for s, e in paragraphs])
    _same_tags_with_and_without_c(monkeypatch, [doc])


def test_topics_are_the_same_on_the_shared_corpus(monkeypatch, corpus):
    from archive import passages, readers, speakers

    docs = []
    for path in [*sorted((corpus / "fwp-slave-narratives").glob("*.txt"))[:2],
                 *(corpus / "wikinews-obituaries").glob("*.jsonl"), *(corpus / "seed").glob("*.txt")]:
        for doc in readers.read(path):
            speakers.resolve(doc)
            passages.split_long(doc, passages.DEFAULT_MAX_WORDS)
            docs.append(doc)
    assert docs
    _same_tags_with_and_without_c(monkeypatch, docs)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab_Z9 .,'-éЖ😀\n\u0301"), max_size=60),
       lo=st.integers(-5, 60), hi=st.integers(0, 70))
def test_count_words_matches_the_regular_expression(text, lo, hi):
    assert _words.count_words(text, lo, hi) == len(re.findall(r"\w+", text[max(lo, 0):hi]))


def test_count_words_rejects_bytes():
    with pytest.raises(TypeError):
        _words.count_words(b"two words", 0, 9)


def test_c_evidence_weighs_a_passage_as_the_python_does():
    text = ("The White House said the war was over; the Labour Camp and a labour camp, prisons, "
            "the prison, arrests and an arrest. Church, churches, faith and God.")
    low = text.lower()
    results = []
    for weigh in (_words.evidence, topics._evidence):
        vocab = topics.Vocabulary(topics.default_vocabulary().concepts)
        words, capitalised = vocab.candidates(low, 0, len(text), text)
        calls: list[tuple] = []

        def is_name(word, lo, hi, calls=calls):
            calls.append(("is_name", word))
            return not topics._used_as_word(text, low, word, lo, hi)

        def phrase(entry, lo, hi, calls=calls):
            calls.append(("phrase", entry[1]))
            m = entry[0].search(low, lo, hi)
            return m.group() if m else None

        found = weigh(low, 0, len(text), words, capitalised, vocab.triggers, vocab.hit, is_name, phrase, 2)
        results.append((found, calls))
    assert results[0] == results[1]
    assert results[0][0] and any(c[0] == "phrase" for c in results[0][1])
    assert any(c[0] == "is_name" for c in results[0][1])


def test_c_evidence_rejects_what_is_not_a_trigger():
    with pytest.raises(TypeError):
        _words.evidence("war", 0, 3, ["war"], set(), {"war": ("war", 5, (), False)},
                        None, None, None, 2)
    with pytest.raises(TypeError):
        _words.evidence("war", 0, 3, ("war",), set(), {}, None, None, None, 2)
