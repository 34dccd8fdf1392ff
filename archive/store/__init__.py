"""The SQLite archive, the source of truth: its tables (``database``), schema (``migrations``),
stored JSON (``codec``) and staff accounts (``users``). Only this package speaks SQL."""

from archive.store.codec import encode_tags
from archive.store.database import DB_NAME, DocumentSummary, PassageHit, Store

__all__ = ["DB_NAME", "DocumentSummary", "PassageHit", "Store", "encode_tags"]
