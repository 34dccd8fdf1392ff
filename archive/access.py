"""Who may see what: public, restricted (staff) and sealed (administrators until a date).

Every path that shows archive content (search, facets, reader, API, citations) asks
``visible`` or filters by ``Viewer.levels`` so that a hidden document gives nothing away.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from archive.model import Metadata

ROLES = ("anonymous", "staff", "admin")
_LEVELS = {"anonymous": {"public"}, "staff": {"public", "restricted"},
           "admin": {"public", "restricted", "sealed"}}


@dataclass(frozen=True)
class Viewer:
    role: str = "anonymous"
    today: date = field(default_factory=date.today)
    name: str | None = None

    @property
    def levels(self) -> set[str]:
        """Access levels this viewer may see (after sealed documents are resolved by date)."""
        return _LEVELS.get(self.role, {"public"})


ANONYMOUS = Viewer()


def effective_access(meta: Metadata | dict[str, Any], today: date) -> str:
    """A sealed document becomes what its metadata says (default public) once its date has passed."""
    if isinstance(meta, dict):
        meta = Metadata.from_dict(meta)
    if meta.access != "sealed":
        return meta.access if meta.access in ("public", "restricted") else "restricted"
    until = parse_date(meta.sealed_until)
    if until is not None and today >= until:
        return meta.access_after if meta.access_after in ("public", "restricted") else "public"
    return "sealed"


def visible(meta: Metadata | dict[str, Any], viewer: Viewer = ANONYMOUS) -> bool:
    return effective_access(meta, viewer.today) in viewer.levels


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    parts = str(value).strip()[:10].split("-")
    try:
        nums = [int(p) for p in parts]
    except ValueError:
        return None
    while len(nums) < 3:
        nums.append(1)
    try:
        return date(*nums[:3])
    except ValueError:
        return None
