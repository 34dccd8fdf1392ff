"""Tag stored documents anew with the archive's vocabulary, when another one tagged them.

The archive is the source of truth: ``retag`` rewrites the stored passages' topics and the
documents' summaries, and the search index is rebuilt from them afterwards (``reindex`` does
both, in that order). Only topics change; the text, passages, speakers, entities and
quotations stay as stored.
"""

from __future__ import annotations

from archive.store import Store
from archive.tagging import topics
from archive.tagging import vocabulary as vocabularies


def retag(store: Store, vocabulary: vocabularies.Source | None = None) -> list[str]:
    """Re-tag the documents whose recorded vocabulary is not ``vocabulary`` (default: the
    archive's own, ``vocabulary.for_archive``); returns their ids."""
    source = vocabulary or vocabularies.for_archive(store.folder)
    vocab = topics.vocabulary_for(source)
    done = []
    for doc_id, sha256 in store.vocabularies().items():
        if sha256 == source.sha256:
            continue
        doc = store.get(doc_id)
        if doc is None:  # removed meanwhile
            continue
        for p in doc.passages:
            p.topics = []
        topics.tag(doc, vocab)
        store.retagged(doc)
        done.append(doc_id)
    return done
