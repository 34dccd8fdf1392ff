"""The archive: data model, readers, tagging, citations and the SQLite store.

It knows nothing of the search index or the web app; those build on it.
"""

from archive.ingest import IngestReport, ingest
from archive.model import Document, Metadata, Passage, Speaker
from archive.store import Store

__all__ = ["Document", "IngestReport", "Metadata", "Passage", "Speaker", "Store", "ingest"]
