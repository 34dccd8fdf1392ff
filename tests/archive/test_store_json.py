"""A passage's stored JSON, written out directly (store._passage_json), against json's own encoding;
and its tags encoded apart (store.encode_tags), as ingest's reader processes send them."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import store
from archive.model import Entity, Passage, QuoteSpan, TopicTag, passage_to_dict
from archive.store import _dumps, _passage_json, encode_tags

# Quotes, backslashes, control characters, non-ASCII and lone surrogates: all that json escapes
# or leaves alone (ensure_ascii is off).
TEXT = st.text(alphabet=st.sampled_from('ab "\\/\n\t\x00\x1f\x7fé“Ж😀\ud800'), max_size=8)
OFFSET = st.integers(min_value=0, max_value=10**12)
TIME = st.none() | st.floats(allow_nan=True, allow_infinity=True) | st.integers(0, 10**6)
TAG_LABEL = st.sampled_from(["strikes", "unions", "work"]) | TEXT  # repeats: one key per label

passages = st.builds(
    Passage,
    start=OFFSET, end=OFFSET, kind=TEXT, label=st.none() | TEXT, speaker=st.none() | TEXT,
    role=st.none() | TEXT, time=TIME,
    topics=st.lists(st.builds(TopicTag, TAG_LABEL, st.lists(TEXT, max_size=3)), max_size=4),
    entities=st.lists(st.builds(Entity, TEXT, TEXT, OFFSET, OFFSET), max_size=4),
    quotes=st.lists(st.builds(QuoteSpan, OFFSET, OFFSET, st.none() | TEXT), max_size=3),
    id=TEXT,
)


@settings(max_examples=400, deadline=None)
@given(passages)
def test_same_text_as_json_of_passage_to_dict(p: Passage) -> None:
    assert _passage_json(p) == _dumps(passage_to_dict(p))


@pytest.fixture(params=["c", "python"])
def tag_encoder(request, monkeypatch) -> None:
    """Each test of encode_tags runs with the C encoder (archive._tags, when built) and without."""
    if request.param == "c" and store._c_encode_tags is None:
        pytest.skip("archive._tags is not built (no C compiler)")
    if request.param == "python":
        monkeypatch.setattr(store, "_c_encode_tags", None)


@pytest.mark.usefixtures("tag_encoder")
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(p=passages)
def test_tags_encoded_apart_give_the_same_text(p: Passage) -> None:
    whole, tags = _dumps(passage_to_dict(p)), encode_tags(p)
    p.topics, p.entities, p.quotes = [], [], []  # as they reach the main process
    assert _passage_json(p, tags) == whole


def test_untagged_and_tagged_passages() -> None:
    plain = Passage(0, 12, "turn", "Q", "Ann Lee", "interviewer", 61.5, id="doc:p1")
    tagged = Passage(12, 90, id="doc:p2", topics=[TopicTag("strikes", ["strike", "walkout"])],
                     entities=[Entity("person", "Ann “Red” Lee", 20, 27), Entity("year", "1937", 40, 44)],
                     quotes=[QuoteSpan(50, 60, None), QuoteSpan(61, 70, "Ann Lee")])
    for p in (plain, tagged):
        assert json.loads(_passage_json(p)) == passage_to_dict(p)
        assert _passage_json(p) == _dumps(passage_to_dict(p))
    assert '"entities":[{"type":"person","name":"Ann “Red” Lee","start":20,"end":27}' in _passage_json(tagged)


def test_a_label_given_twice_is_one_key_and_the_last_triggers_win() -> None:
    p = Passage(0, 5, topics=[TopicTag("work", ["job"]), TopicTag("unions", []), TopicTag("work", ["shift"])])
    assert json.loads(_passage_json(p))["topic_triggers"] == {"work": ["shift"], "unions": []}
    assert _passage_json(p) == _dumps(passage_to_dict(p))


def test_odd_values_take_the_general_way() -> None:
    # Not what the model holds, but json's encoding of them is what gets stored, as before.
    p = Passage(0, 5, speaker=7, time=math.inf, entities=[Entity("person", "Ann", 1, 2)])  # type: ignore[arg-type]
    assert _passage_json(p) == _dumps(passage_to_dict(p))
    assert json.loads(_passage_json(p))["speaker"] == 7


@pytest.mark.parametrize("p", [
    Passage(0, 5, entities=[Entity("person", 3, 1, 2)], quotes=[QuoteSpan(1, 2, ["x"])]),  # type: ignore[arg-type]
    Passage(0, 5, quotes=[QuoteSpan(3, 2**70, None)]),  # past 64 bits: C leaves it to Python
    Passage(0, 5, topics=[TopicTag("work", ("job", "shift")), TopicTag("work", ["x"])]),  # label twice
    Passage(0, 5, topics=[TopicTag(5, ["x"])]),  # type: ignore[arg-type]
    Passage(0, 5, entities=(Entity("year", "1937", 1, 5),)),  # type: ignore[arg-type]
], ids=["int-name", "bigint", "tuple-and-twice", "int-label", "tuple-of-entities"])
@pytest.mark.usefixtures("tag_encoder")
def test_odd_tag_values_encoded_apart_take_the_general_way(p: Passage) -> None:
    whole, tags = _dumps(passage_to_dict(p)), encode_tags(p)
    p.topics, p.entities, p.quotes = [], [], []
    assert _passage_json(p, tags) == whole
