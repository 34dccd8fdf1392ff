"""From what a reader found to what the archive keeps: every tagging step, in order.

Each step is a plain function of a document in its own module, so any one can be
swapped or tested alone; this module only fixes their order.
"""

from __future__ import annotations

from typing import Any

from archive import access, sidecar
from archive.model import Document
from archive.tagging import attribution, entities, passages, redaction, speakers, topics
from archive.tagging import vocabulary as vocabularies


def prepare(doc: Document, sidecar_data: dict[str, Any] | None = None, *, tag: bool = True,
            max_words: int = passages.DEFAULT_MAX_WORDS, warnings: list[str] | None = None,
            vocabulary: vocabularies.Source | None = None) -> Document:
    """Tag ``doc`` in place; what had to be settled to fail closed is added to ``warnings``;
    topics come from ``vocabulary`` (default: the active one)."""
    notes = sidecar.apply(doc, sidecar_data) if sidecar_data else []
    notes += [f"{doc.source.path or doc.title}: {w}" for w in access.settle(doc.metadata)]
    if warnings is not None:
        warnings.extend(notes)
    redaction.redact(doc, (sidecar_data or {}).get("redactions"))
    speakers.resolve(doc)
    if tag:
        # Before splitting: a block quotation's speaker comes from the passage before it.
        attribution.attribute(doc)
    passages.split_long(doc, max_words)
    if tag:
        topics.tag(doc, topics.vocabulary_for(vocabulary) if vocabulary is not None else None)
        entities.tag(doc)
    doc.number_passages()
    return doc
