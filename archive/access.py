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


# From most open to most closed: where two values disagree, the later one in this list wins.
ORDER = ("public", "restricted", "sealed")


def level(value: object) -> str | None:
    """``value`` as an access level, case and spacing ignored; None when it is not one."""
    text = value.strip().lower() if isinstance(value, str) else None
    return text if text in ORDER else None


def settle(meta: Metadata) -> list[str]:
    """Make ``meta``'s access fields exact levels, failing closed: an access value that is not a
    level makes the document sealed, and an ``access_after`` that is not public or restricted
    keeps it sealed (``access_after`` "sealed"). Returns a warning for each value replaced."""
    warnings = []
    access = level(meta.access)
    if access is None:
        warnings.append(f"access {meta.access!r} is not one of {', '.join(ORDER)}; kept sealed")
        access = "sealed"
        meta.sealed_until = None  # a date beside an unknown level never opens it
    meta.access = access
    after = level(meta.access_after)
    if after is None:
        warnings.append(f"access_after {meta.access_after!r} is not public or restricted; "
                        "the seal never opens")
        after = "sealed"
    meta.access_after = after
    return warnings


def strictest(*levels: object) -> str:
    """The most closed of some access values; anything that is not a level counts as sealed."""
    return max((level(v) or "sealed" for v in levels), key=ORDER.index, default="sealed")


@dataclass(frozen=True)
class Decision:
    """A document's access fields: what staff decide with ``oral-archive access``, and what a
    file's header or sidecar asks for."""

    access: str = "public"
    sealed_until: str | None = None
    access_after: str = "public"

    @classmethod
    def of(cls, meta: Metadata) -> Decision:
        access = level(meta.access) or "sealed"
        if access != "sealed":
            return cls(access)
        return cls("sealed", meta.sealed_until or None, level(meta.access_after) or "sealed")

    def apply(self, meta: Metadata) -> None:
        meta.access, meta.sealed_until, meta.access_after = self.access, self.sealed_until, \
            self.access_after

    def combine(self, other: Decision) -> Decision:
        """Closed whenever either is closed, day by day: a seal lasts until the later of the two
        dates (an undated seal never opens), and then the stricter of what each becomes."""
        seals = [d for d in (self, other) if d.access == "sealed"]
        if not seals:
            return Decision(strictest(self.access, other.access))
        dates = [parse_date(d.sealed_until) for d in seals]
        until = None if None in dates else seals[dates.index(max(dates))].sealed_until
        afters = [d.access_after if d.access == "sealed" else d.access for d in (self, other)]
        return Decision("sealed", until, strictest(*afters))

    def describe(self) -> str:
        if self.access != "sealed":
            return self.access
        opens = f" until {self.sealed_until}, then {self.access_after}" if self.sealed_until else ""
        return f"sealed{opens}"


def effective_access(meta: Metadata | dict[str, Any], today: date) -> str:
    """A sealed document becomes what its metadata says (default public) once its date has passed.
    Values are read case-insensitively; anything else fails closed (sealed, never opening)."""
    if isinstance(meta, dict):
        meta = Metadata.from_dict(meta)
    access = level(meta.access)
    if access != "sealed":
        return access or "sealed"
    until = parse_date(meta.sealed_until)
    after = level(meta.access_after)
    if until is not None and today >= until and after in ("public", "restricted"):
        return after
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
