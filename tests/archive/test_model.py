"""The data model crosses process boundaries (ingest's reader processes) and is copied: both
must give back equal objects, tags included."""

from __future__ import annotations

import copy
import pickle

from archive.model import Entity, Passage, QuoteSpan, TopicTag


def _passage() -> Passage:
    return Passage(3, 90, kind="quote", label="Q", speaker="Zorya Serebryakova", role="interviewee",
                   time=12.5,
                   topics=[TopicTag("Arrest and interrogation", ["arrested", "NKVD"])],
                   entities=[Entity("person", "Leon Trotsky", 10, 17), Entity("year", "1937", 20, 24)],
                   quotes=[QuoteSpan(30, 60, "Zorya Serebryakova"), QuoteSpan(62, 70)], id="doc:p4")


def test_a_tagged_passage_survives_pickling():
    p = _passage()
    back = pickle.loads(pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == p
    assert isinstance(back.entities[0], Entity) and isinstance(back.quotes[1], QuoteSpan)


def test_a_deep_copy_shares_no_tag_lists():
    p = _passage()
    c = copy.deepcopy(p)
    assert c == p
    c.topics[0].triggers.append("shot")
    assert p.topics[0].triggers == ["arrested", "NKVD"]
