"""topics tagging: filled in by the tagging work (issue 3)."""

from __future__ import annotations

from archive.model import Document


def tag(doc: Document) -> None:
    return None
