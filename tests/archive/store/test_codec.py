"""A passage's stored JSON (codec.passage_json) and its tags encoded apart (codec.encode_tags, as
ingest's reader processes send them) read back as ``passage_to_dict`` of the passage."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.model import Entity, Passage, QuoteSpan, TopicTag, passage_to_dict
from archive.store.codec import dumps, encode_tags, loads, passage_json

# Quotes, backslashes, control characters and non-ASCII: all that JSON escapes or leaves alone.
TEXT = st.text(alphabet=st.sampled_from('ab "\\/\n\t\x00\x1f\x7fé“Ж😀'), max_size=8)
OFFSET = st.integers(min_value=0, max_value=10**12)
TIME = st.none() | st.floats(allow_nan=False, allow_infinity=False) | st.integers(0, 10**6)
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


@settings(max_examples=300, deadline=None)
@given(passages)
def test_stored_json_reads_back_as_passage_to_dict(p: Passage) -> None:
    assert json.loads(passage_json(p)) == passage_to_dict(p)
    assert passage_json(p) == dumps(passage_to_dict(p))


@settings(max_examples=300, deadline=None)
@given(p=passages)
def test_tags_encoded_apart_give_the_same_text(p: Passage) -> None:
    whole, tags = dumps(passage_to_dict(p)), encode_tags(p)
    p.topics, p.entities, p.quotes = [], [], []  # as they reach the main process
    assert passage_json(p, tags) == whole


def test_untagged_and_tagged_passages() -> None:
    plain = Passage(0, 12, "turn", "Q", "Ann Lee", "interviewer", 61.5, id="doc:p1")
    tagged = Passage(12, 90, id="doc:p2", topics=[TopicTag("strikes", ["strike", "walkout"])],
                     entities=[Entity("person", "Ann “Red” Lee", 20, 27), Entity("year", "1937", 40, 44)],
                     quotes=[QuoteSpan(50, 60, None), QuoteSpan(61, 70, "Ann Lee")])
    for p in (plain, tagged):
        assert loads(passage_json(p)) == passage_to_dict(p)
    assert '"entities":[{"type":"person","name":"Ann “Red” Lee","start":20,"end":27}' in passage_json(tagged)


def test_a_label_given_twice_is_one_key_and_the_last_triggers_win() -> None:
    p = Passage(0, 5, topics=[TopicTag("work", ["job"]), TopicTag("unions", []), TopicTag("work", ["shift"])])
    assert loads(passage_json(p))["topic_triggers"] == {"work": ["shift"], "unions": []}
