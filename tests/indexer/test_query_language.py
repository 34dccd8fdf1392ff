"""The query language's tree, and the clear refusal of malformed queries."""

from __future__ import annotations

import pytest

from archive.errors import BadParameter
from indexer.query import And, Field, Not, Or, Terms, parse


def test_words_phrases_or_and_exclusions():
    q = parse('piano "keep it tuned" winter OR summer -arrest speaker:"Vera Lomova" kind:Quote')
    items = q.root.items
    assert isinstance(q.root, And) and len(items) == 6
    assert items[0] == Terms("piano", ("piano",), ("piano",))
    assert isinstance(items[1], Terms) and items[1].stems == ("keep", "it", "tune")
    assert isinstance(items[2], Or) and [t.text for t in items[2].items] == ["winter", "summer"]
    assert isinstance(items[3], Not) and items[3].item.text == "arrest"
    assert items[4] == Field("speaker", "Vera Lomova", ("vera", "lomeva"))  # name keys
    assert items[5] == Field("kind", "quote")
    assert [t.text for t in q.positive] == ["piano", "keep it tuned", "winter", "summer"]


def test_lowercase_or_is_a_word_and_punctuation_is_dropped():
    q = parse("rain or shine !!")
    assert [t.text for t in q.root.items] == ["rain", "or", "shine"]


def test_a_word_that_analyses_to_several_tokens_is_a_phrase():
    (item,) = parse("U.S.A").root.items
    assert item.is_phrase and item.stems == ("u", "s", "a")


@pytest.mark.parametrize("text,message", [
    ("", "empty"), ("   ", "empty"), ('"keep the piano', "unbalanced quote"), ('piano "', "unbalanced"),
    ("-", "lone '-'"), ("piano -", "lone '-'"), ("OR piano", "OR needs"), ("piano OR", "OR needs"),
    ("piano OR OR tuned", "OR needs"), ("speaker:", "needs a value"), ('speaker:""', "needs a value"),
    ("colour:red", "unknown field"), ("kind:poem", "unknown kind"), ("decade:old", "decade"),
    (" ".join(["w"] * 1000), "too many terms"), ("w " * 1500, "longer than"), ("-piano", "only exclude"),
    ('""', "empty phrase"),
    ("!!! ???", "no searchable words"), ("piano OR -tuned", "cannot be part of an OR"),
    ("-piano OR tuned", "cannot be part of an OR"), ("-0 OR 0", "cannot be part of an OR"),
])
def test_malformed_queries_get_a_clear_message(text, message):
    with pytest.raises(BadParameter) as info:
        parse(text)
    assert info.value.name == "q"
    assert message in str(info.value)
