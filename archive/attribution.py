"""attribution tagging: filled in by the tagging work (issue 3)."""

from __future__ import annotations

from archive.model import Document


def attribute(doc: Document) -> None:
    return None
