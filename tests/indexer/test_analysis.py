"""The shared analysis: offsets, folding, stemming, and name keys that meet across spellings
while ordinary English words keep apart."""

from __future__ import annotations

import pytest
import Stemmer
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer import analysis
from indexer.analysis import _WORD, _split_words, analyze, fold, index_terms, name_key, terms, words


def test_tokens_carry_python_offsets_into_the_text():
    text = "Zorya’s piano, don't — Троцкий (1923) café"
    tokens = analyze(text, base=100)
    assert [text[t.start - 100:t.end - 100] for t in tokens] == [
        "Zorya’s", "piano", "don't", "Троцкий", "1923", "café"]
    assert [t.stem for t in tokens][:2] == ["zorya", "piano"]
    assert tokens[-1].stem == "cafe"  # accents folded


def test_stems_are_english_snowball_on_folded_words():
    assert terms("Tuned")[0] == terms("tuning")[0] == "tune"
    assert terms("Everything")[0] == "everyth"


@pytest.mark.parametrize("variants", [
    ["Serebryakova", "Serebriakova", "Серебрякова"],
    ["Trotsky", "Trotskii", "Trotzki", "Trotski", "Троцкий", "Trotsky's"],
    ["Zinoviev", "Zinovyev", "Зиновьев", "Zinov'ev"],
    ["Khrushchev", "Khrushchov", "Хрущёв", "Хрущев"],
    ["Yeltsin", "Ельцин"],
    ["Yuri", "Yury", "Юрий"],
])
def test_name_variants_share_a_key(variants):
    assert len({name_key(v) for v in variants}) == 1, {v: name_key(v) for v in variants}


@pytest.mark.parametrize("a,b", [
    ("were", "we're"), ("well", "we'll"), ("hell", "he'll"), ("ill", "I'll"), ("shed", "she'd"),
    ("our", "your"), ("too", "to"), ("all", "al"), ("over", "ever"), ("lied", "led"), ("die", "dye"),
    ("yes", "es"), ("bit", "but"), ("trial", "trail"),
])
def test_ordinary_words_keep_apart(a, b):
    assert name_key(a) != name_key(b)


def test_index_terms_line_up_with_analyze():
    text = "He met Trotskii once; Zinovyev twice."
    stems, keys, n = index_terms(text)
    tokens = analyze(text)
    assert stems.split() == [t.stem for t in tokens]
    assert keys.split() == [t.key for t in tokens]
    assert n == len(tokens) == 6


_PIECES = [*"ab9Z_ '’.-\n\t\u0301é", "''", " '", "' ", "don't"]


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_the_fast_split_finds_the_words_the_pattern_finds(text):
    assert _split_words(text) == _WORD.findall(text) == words(text)


@settings(max_examples=500, deadline=None, database=None)
@given(st.text(alphabet="shczdjyvieoatkn'", max_size=12))
def test_the_rules_run_only_where_they_can_apply(key):
    # As before the rules said what they need: every rule tried on every key.
    expected = key
    for pattern, replacement, _ in analysis._KEY_RULES:
        expected = pattern.sub(replacement, expected)
    assert analysis._folded(key) == expected


_WORDS = ["Trotsky", "TROTZKI", "czar", "Serebryakova", "Khrushchiov", "Ivanovna", "happy", "1940s",
          "don't", "Zorya’s", "Зиновьев", "Ельцин", "café", "naïve", "İstanbul", "ﬁne", "Ⅻ", "x", "Y"]


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.sampled_from(_WORDS) | st.text(alphabet="aKyvzhi9'’é", min_size=1, max_size=8),
                max_size=8))
def test_learning_a_batch_gives_each_word_its_own_stem_and_key(batch):
    for word in batch:  # forget them, so that they are learnt here
        analysis._STEMS.pop(word, None)
        analysis._KEYS.pop(word, None)
    analysis._learn(set(batch))
    stemmer = Stemmer.Stemmer("english")
    for word in batch:
        folded = fold(word)
        assert analysis._STEMS[word] == (stemmer.stemWord(folded) if folded.isascii() else folded)
        assert analysis._KEYS[word] == name_key(word)
