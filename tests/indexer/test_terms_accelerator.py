"""The C word split and term lookup of indexing (indexer._terms) against the Python they stand in for."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer import analysis

_terms = pytest.importorskip("indexer._terms", reason="the C accelerator is not built (no C compiler)")


@pytest.mark.parametrize("text", [
    "Don't say Zorya’s name; the 1930s' arrests.",
    "rock'n'roll ''quoted'' 'tis end'",
    "café written cafe\u0301 and e\u0301\u0301x, a\u0301",
    "snake_case Лев Троцкий 😀 non-BMP 😀word",
    "", "   ", "'", "a",
])
def test_words_match_the_regular_expression(text):
    assert _terms.words(text) == analysis._WORD.findall(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab9_ '’-.\u0301\u0300Ж😀é"), max_size=50))
def test_words_match_the_regular_expression_on_any_text(text):
    assert _terms.words(text) == analysis._WORD.findall(text)


def _python_terms(text: str) -> tuple[str, str, int]:
    stems, keys = analysis.stems_and_keys(analysis._WORD.findall(text))
    return " ".join(stems), " ".join(keys), len(stems)


@pytest.mark.parametrize("text", [
    "Trotsky, Trotskii and Троцкий were arrested; he'd been arresting them.",
    "Zinov'ev's KHRUSHCHEV Khrushchov", "", "...",
])
def test_index_terms_match_the_python_path(text):
    assert analysis.index_terms(text) == _python_terms(text)


def test_joined_terms_asks_for_words_it_has_not_learnt():
    missing = _terms.joined_terms("a never-seen qwxzv never", {"a": "a"}, {"a": "a"})
    assert missing == {"never", "seen", "qwxzv"}
    assert _terms.joined_terms("", {}, {}) == ("", "", 0)
    assert _terms.joined_terms("b a", {"a": "x", "b": "y"}, {"a": "k", "b": "j"}) == ("y x", "j k", 2)


def test_bad_arguments_are_type_errors():
    with pytest.raises(TypeError):
        _terms.words(b"bytes")
    with pytest.raises(TypeError):
        _terms.joined_terms("text", [], {})


def test_index_terms_are_the_same_on_the_shared_corpus(corpus):
    from archive import readers

    texts = [d.text for path in [*sorted((corpus / "fwp-slave-narratives").glob("*.txt"))[:2],
                                 *(corpus / "wikinews-obituaries").glob("*.jsonl")]
             for d in readers.read(path)]
    assert texts
    for text in texts:
        assert analysis.index_terms(text) == _python_terms(text)


def test_index_terms_are_right_when_learning_clears_the_cache(monkeypatch):
    monkeypatch.setattr(analysis, "_CACHE_LIMIT", 6)
    monkeypatch.setattr(analysis, "_STEMS", {})
    monkeypatch.setattr(analysis, "_KEYS", {})
    analysis.index_terms("one two three four")
    text = "five six seven eight nine ten eleven twelve thirteen fourteen and one two"
    terms = analysis.index_terms(text)
    assert terms == (" ".join(analysis._stemmer.stemWords(text.split())), text, 13)
