"""Request parameters read and checked once, for pages and API alike; bad ones raise BadParameter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from archive.errors import BadParameter

MAX_TEXT = 1000  # longer queries are refused rather than fed to the engine
MAX_LIMIT = 100
MAX_OFFSET = 10_000
FILTERS = ("speaker", "topic", "document", "kind", "decade")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(args: MultiDict, name: str, *, required: bool = False, max_len: int = MAX_TEXT) -> str:
    value = _CONTROL.sub(" ", args.get(name, "") or "").strip()
    if required and not value:
        raise BadParameter(name, "required")
    if len(value) > max_len:
        raise BadParameter(name, f"longer than {max_len} characters")
    return value


def integer(args: MultiDict, name: str, default: int, low: int, high: int, prefix: str = "") -> int:
    """A whole number in ``[low, high]``; ``prefix`` is a letter allowed before it (``p3``)."""
    raw = (args.get(name) or "").strip()
    if prefix and raw.startswith(prefix):
        raw = raw[len(prefix):]
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"{raw[:40]!r} is not a whole number") from None
    if not low <= value <= high:
        raise BadParameter(name, f"must be between {low} and {high}, not {value}")
    return value


@dataclass
class SearchRequest:
    """A search as asked for: the query, the facet filters and the page."""

    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    limit: int = 20
    offset: int = 0

    @classmethod
    def from_args(cls, args: MultiDict, *, default_limit: int = 20) -> SearchRequest:
        return cls(
            q=text(args, "q"),
            filters={k: v for k in FILTERS if (v := text(args, k, max_len=200))},
            limit=integer(args, "limit", default_limit, 1, MAX_LIMIT),
            offset=integer(args, "offset", 0, 0, MAX_OFFSET),
        )

    @property
    def empty(self) -> bool:
        return not self.q and not self.filters

    @property
    def query(self) -> str:
        """What the engine is asked: the query, or with filters only, the first filter as a field
        (the query language needs words, and "everything Vera Lomova said" is a fair question)."""
        if self.q or not self.filters:
            return self.q
        name, value = next(iter(self.filters.items()))
        return f'{name}:"{value.replace(chr(34), " ").strip()}"'

    def kwargs(self) -> dict[str, Any]:
        return {**self.filters, "limit": self.limit, "offset": self.offset}

    def args(self, **changes: Any) -> dict[str, Any]:
        """Query-string parameters for a link to this search with some changes (None drops one)."""
        out: dict[str, Any] = {"q": self.q, **self.filters}
        if self.limit != 20:
            out["limit"] = self.limit
        if self.offset:
            out["offset"] = self.offset
        out.update(changes)
        return {k: v for k, v in out.items() if v not in (None, "", 0)}
