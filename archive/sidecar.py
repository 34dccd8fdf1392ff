"""Sidecar metadata: ``<stem>.meta.json`` beside a file extends or overrides what the reader found."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from archive.errors import ReaderError
from archive.model import ACCESS_LEVELS, ROLES, Document, Speaker

SUFFIX = ".meta.json"


def path_for(path: Path) -> Path:
    return path.with_name(path.stem + SUFFIX)


def load(path: Path) -> dict[str, Any] | None:
    """The sidecar of ``path`` as a dict, None when there is none."""
    side = path_for(path)
    if not side.is_file():
        return None
    try:
        data = json.loads(side.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReaderError(side, f"sidecar is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ReaderError(side, "sidecar must hold a JSON object")
    check(side, data)
    return data


def check(side: Path, data: dict[str, Any]) -> None:
    """Refuse what would be silently misread: an unknown access level, a malformed speaker map."""
    nested = data.get("metadata")
    for holder in (data, nested) if isinstance(nested, dict) else (data,):
        access = holder.get("access")
        if access is None:
            continue
        if not isinstance(access, str) or access.strip().lower() not in ACCESS_LEVELS:
            raise ReaderError(side, f"access {access!r} is not one of {', '.join(ACCESS_LEVELS)}")
        holder["access"] = access.strip().lower()
    speakers = data.get("speakers")
    if speakers is None:
        return
    if isinstance(speakers, list):  # [{"label": "HART", "name": ..., "role": ...}] is accepted too
        if not all(isinstance(s, dict) and isinstance(s.get("label"), str) for s in speakers):
            raise ReaderError(side, "speakers: each entry needs a \"label\"")
        speakers = data["speakers"] = {s["label"]: {k: v for k, v in s.items() if k != "label"}
                                       for s in speakers}
    if not isinstance(speakers, dict):
        raise ReaderError(side, "speakers must map labels to {\"name\", \"role\"}")
    for label, info in speakers.items():
        role = info.get("role") if isinstance(info, dict) else None
        if role is not None and role not in ROLES:
            raise ReaderError(side, f"speakers.{label}.role {role!r} is not one of {', '.join(ROLES)}")


def apply(doc: Document, data: dict[str, Any]) -> None:
    """Merge a sidecar into a document: metadata fields, title, access, speaker map."""
    data = dict(data)
    if "title" in data:
        doc.title = str(data.pop("title"))
    speakers = data.pop("speakers", None)
    data.pop("redactions", None)  # ranges, applied by archive.tagging.redaction
    if isinstance(data.get("metadata"), dict):
        data.update(data.pop("metadata"))
    doc.metadata.update(data)
    if isinstance(speakers, dict):
        for label, info in speakers.items():
            info = info if isinstance(info, dict) else {"name": str(info)}
            existing = doc.speaker_for(label)
            if existing is None:
                existing = Speaker(label=label)
                doc.speakers.append(existing)
            existing.name = info.get("name", existing.name)
            existing.role = info.get("role", existing.role)
