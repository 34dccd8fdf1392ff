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
    name = _guess(data[:200_000])
    if name is None:
        raise ReaderError(path, "cannot detect the text encoding (not UTF-8, UTF-16 or a "
                          "known 8-bit code page); convert it to UTF-8")
    try:
        return _checked(data.decode(name), path)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReaderError(path, f"cannot decode as {name}: {exc}") from None


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
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReaderError(path, f"file is {size / 1e6:.0f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB")
    return decode(path.read_bytes(), path)


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
