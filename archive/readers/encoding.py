"""Decode text files whose encoding nobody wrote down.

UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised directly; anything
else goes to charset-normalizer, which tells Windows-1251 from Windows-1252 and
refuses binary data.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from pathlib import Path

from charset_normalizer import from_bytes

from archive.errors import ReaderError

MAX_BYTES = 512 * 1024 * 1024
# Code pages by how common they are, for breaking ties between equally plausible readings.
PREFERRED = ("utf_8", "cp1252", "cp1251", "cp1250", "latin_1", "koi8_r", "cp1253", "cp1254", "cp1257")
# Characters that do not occur in text: C0/C1 controls (but tab, newline, form feed) and specials.
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufff0-\uffff]")


def decode(data: bytes, path: str | Path = "<bytes>") -> str:
    """The text of ``data`` whatever its encoding; ReaderError naming ``path`` for non-text."""
    return decode_with_warnings(data, path)[0]


def decode_with_warnings(data: bytes, path: str | Path = "<bytes>") -> tuple[str, list[str]]:
    """``decode``, and what the reader should say about it (bad bytes replaced)."""
    try:
        return _decode(data, path), []
    except _MostlyUtf8 as mostly:
        return _checked(mostly.text, path), [mostly.warning]


class _MostlyUtf8(Exception):
    """UTF-8 with a few bytes that are not: the text with them replaced, and a warning."""

    def __init__(self, text: str, warning: str):
        super().__init__(warning)
        self.text, self.warning = text, warning


def _decode(data: bytes, path: str | Path) -> str:
    if not data.strip():
        raise ReaderError(path, "file is empty")
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:].decode("utf-8", errors="strict"), path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data.decode("utf-16"), path)
    order = _utf16_order(data)
    if order is not None:
        try:
            return _checked(data.decode(order), path)
        except (UnicodeDecodeError, ReaderError):
            pass
    if b"\x00" in data[:4096]:
        raise ReaderError(path, "binary data, not text")
    try:
        return _checked(data.decode("utf-8"), path)
    except UnicodeDecodeError:
        pass
    _mostly_utf8(data)
    if _reads_as_cyrillic(data):
        return _checked(data.decode("cp1251"), path)
    name = _guess(data[:200_000])
    if name is None:
        raise ReaderError(path, "cannot detect the text encoding (not UTF-8, UTF-16 or a "
                          "known 8-bit code page); convert it to UTF-8")
    try:
        return _checked(data.decode(name), path)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReaderError(path, f"cannot decode as {name}: {exc}") from None


def _mostly_utf8(data: bytes) -> None:
    """Raise _MostlyUtf8 when ``data`` is UTF-8 but for a few bad bytes (a damaged copy, a
    pasted fragment): re-reading the whole file as a code page would garble every good character."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(1 for c in text if ord(c) > 0x7F and c != "\ufffd")
    if good >= 3 and bad <= max(2, good // 20):
        raise _MostlyUtf8(text, f"{bad} byte(s) that are not UTF-8 replaced by U+FFFD; "
                                "the rest read as UTF-8")


CYRILLIC_WORD = re.compile("[\u0400-\u04ff]{2,}")
MIXED_WORD = re.compile("(?=\\w*[A-Za-z])(?=\\w*[\u0400-\u04ff])\\w+")


def _reads_as_cyrillic(data: bytes) -> bool:
    """Windows-1251 Russian, Ukrainian, Bulgarian... however short the file.

    The detector needs more text than a short note or label file holds. Read as Windows-1251,
    Cyrillic text makes whole words of Cyrillic letters; a Latin-script text in another code page
    makes accented letters inside Latin words ("Dvořák" would read "Dvo°бk").
    """
    sample = data[:20_000]
    if sum(b >= 0xC0 for b in sample) < 4:
        return False
    try:
        text = sample.decode("cp1251")
    except UnicodeDecodeError:  # 0x98 has no character in Windows-1251
        return False
    words = len(CYRILLIC_WORD.findall(text))
    mixed = len(MIXED_WORD.findall(text))
    return words >= 2 and mixed * 10 <= words


def _guess(sample: bytes) -> str | None:
    """charset-normalizer's pick, but among equally clean readings the most common code page wins.

    French in Windows-1252 reads without "chaos" as Windows-1250 too ("à" becomes "ŕ"); the
    detector ranks them equal, so the tie goes to the code page far more files are written in.
    """
    results = list(from_bytes(sample))
    if not results:
        return None
    best = results[0]
    tied = {r.encoding for r in results
            if r.chaos <= best.chaos + 0.01 and r.coherence >= best.coherence - 0.01}
    for name in PREFERRED:
        if name in tied:
            return name
    return best.encoding


def read_text(path: Path) -> str:
    """The decoded text of a file, with Unix line endings."""
    return read_text_with_warnings(path)[0]


def read_text_with_warnings(path: Path) -> tuple[str, list[str]]:
    """``read_text``, and what the reader should warn about (bad bytes replaced)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReaderError(path, f"file is {size / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB")
    return decode_with_warnings(path.read_bytes(), path)


def _utf16_order(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for UTF-16 without a BOM, else None.

    One byte of each pair takes only a few values (0x00 for Latin text, 0x04 for Cyrillic)
    while the other varies; 8-bit text and binary data vary in both.
    """
    sample = data[:4096]
    if len(sample) < 16:
        return None
    even, odd = _narrow(sample[0::2]), _narrow(sample[1::2])
    if odd and not even:
        return "utf-16-le"
    if even and not odd:
        return "utf-16-be"
    return None


def _narrow(part: bytes) -> bool:
    return sum(n for _, n in Counter(part).most_common(3)) >= 0.9 * len(part)


def _checked(text: str, path: str | Path) -> str:
    """Reject text that decoded but is mostly control characters (binary named .txt)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:20_000]
    bad = len(CONTROL.findall(sample))
    if sample and bad / len(sample) > 0.05:
        raise ReaderError(path, "binary data, not text")
    if not text.strip():
        raise ReaderError(path, "file is empty")
    return text
