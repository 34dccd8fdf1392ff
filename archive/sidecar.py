"""Sidecar metadata: ``<stem>.meta.json`` beside a file extends or overrides what the reader found."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from archive import access
from archive.errors import ReaderError
from archive.model import ROLES, Document, Speaker

SUFFIX = ".meta.json"
WARNINGS = "__warnings__"  # what ``check`` had to settle, for the ingest summary


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
    """Refuse what would be silently misread (a malformed speaker map), and settle the access
    fields so that nothing fails open: an unknown level, or two different levels at the top and
    under "metadata", give the most closed one, with a warning kept under ``WARNINGS``."""
    nested = data.get("metadata")
    holders = (data, nested) if isinstance(nested, dict) else (data,)
    warnings: list[str] = []
    for key in ("access", "access_after"):
        found = [h[key] for h in holders if h.get(key) is not None]
        if not found:
            continue
        known = [access.level(v) for v in found]
        settled = access.strictest(*found)
        if key == "access_after" and settled == "sealed":
            warnings.append(f"{side}: access_after {found!r} is not public or restricted; "
                            "the seal never opens")
        elif None in known:
            warnings.append(f"{side}: {key} {found!r} is not one of {', '.join(access.ORDER)}; "
                            f"kept {settled}")
        elif len(set(known)) > 1:
            warnings.append(f"{side}: {key} given twice ({' and '.join(map(repr, found))}); "
                            f"kept the more closed, {settled}")
        for h in holders:
            h.pop(key, None)
        data[key] = settled
    if warnings:
        data[WARNINGS] = warnings
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


def apply(doc: Document, data: dict[str, Any]) -> list[str]:
    """Merge a sidecar into a document: metadata fields, title, access, speaker map; returns the
    warnings ``check`` left."""
    data = dict(data)
    warnings = list(data.pop(WARNINGS, []))
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
    return warnings
