"""What of a document's record each viewer is shown, for the JSON API and the CLI's ``--json``.

The SHA-256 of the original file is taken before redaction: anyone holding it could hash
guesses of a redacted name against it and recover the name. The archive keeps it for change
detection; only administrators (who may read everything anyway) see it.
"""

from __future__ import annotations

from typing import Any

from archive.access import Viewer

ADMIN_ONLY_SOURCE = ("sha256",)  # digests of the file as it was before redaction


def record(data: dict[str, Any], viewer: Viewer) -> dict[str, Any]:
    """``data`` (a ``to_dict()`` of a document or summary) as ``viewer`` may see it."""
    if viewer.role != "admin" and isinstance(data.get("source"), dict):
        data["source"] = {k: v for k, v in data["source"].items() if k not in ADMIN_ONLY_SOURCE}
    return data
