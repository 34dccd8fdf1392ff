"""Which addresses from data or from a request may become a link, a redirect or a player source.

Browsers read ``/\\evil.example`` as ``//evil.example`` (another site), skip tabs and newlines
inside a URL, and treat ``javascript:`` as code; so a same-site path is checked character by
character, and an off-site address must be plain http(s) with a host and no user name.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Control characters, white space and backslashes never appear in an address we accept.
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")


def local_path(value: str | None) -> str:
    """``value`` when it is a path on this site (``/documents/x?y``), else ``""``."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or _UNSAFE.search(value):
        return ""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return ""
    return value


def web_address(value: str | None) -> str:
    """``value`` when it is an ``http(s)://host/...`` address (no credentials, nothing unsafe), else ""."""
    value = (value or "").strip()
    if _UNSAFE.search(value):
        return ""
    try:
        parts = urlsplit(value)
        hostname = parts.hostname
    except ValueError:  # a malformed IPv6 host or port
        return ""
    if parts.scheme.lower() not in ("http", "https") or not hostname or "@" in parts.netloc:
        return ""
    return value


def media_source(value: str | None) -> str:
    """A recording's address fit for ``<audio src>``: a path on this site or an http(s) address."""
    return local_path(value) or web_address(value)
