"""The JSON the archive stores: one encoder (msgspec) for documents, metadata and passages.

A passage's row is its ``passage_to_dict`` shape. Ingest's reader processes tag passages and
send their tags already encoded (``encode_tags``), which costs less than pickling the tag
objects across; ``passage_json`` joins that tail to the passage's own fields.
"""

from __future__ import annotations

from typing import Any

import msgspec

from archive.model import Passage, passage_to_dict

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder()
_UNTAGGED = ',"topics":[],"topic_triggers":{},"entities":[],"quotes":[]}'


def dumps(value: Any) -> str:
    return _encoder.encode(value).decode()


def loads(text: str | bytes) -> Any:
    return _decoder.decode(text)


def _head(p: Passage) -> str:
    """The passage's own fields as a JSON object left open for its tags."""
    return dumps({"id": p.id, "start": p.start, "end": p.end, "kind": p.kind, "speaker": p.speaker,
                  "label": p.label, "role": p.role, "time": p.time})[:-1]


def encode_tags(p: Passage) -> str:
    """The end of a passage's stored JSON: its topics, entities and quotes."""
    if not (p.topics or p.entities or p.quotes):
        return _UNTAGGED
    whole = passage_to_dict(p)
    return "," + dumps({key: whole[key] for key in ("topics", "topic_triggers", "entities", "quotes")})[1:]


def passage_json(p: Passage, tags: str | None = None) -> str:
    """``dumps(passage_to_dict(p))``; ``tags`` is ``encode_tags(p)`` when that was made already."""
    return _head(p) + (encode_tags(p) if tags is None else tags)
