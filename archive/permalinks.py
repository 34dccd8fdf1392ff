"""Permalinks that survive corrections: offsets plus a W3C text-quote selector of the cited words.

A permalink is ``/documents/<id>?p=pN&exact=..&prefix=..&suffix=..&hl=START-END``. Long
ranges travel compactly as ``head`` + ``tail`` + ``sha`` + ``len`` instead of ``exact``.
After a re-ingest, ``resolve`` re-anchors on the words (not on offsets that moved) and says
"changed" where the cited words themselves were corrected, instead of highlighting
something else. The reader page calls ``anchor(doc, request.args)`` (``parse`` then ``resolve``):
highlight ``[start, end)`` when ``found``; say that the words changed when the status is "changed".

A link is user input: each text field of a selector holds at most ``MAX_SELECTOR`` characters
(``parse`` refuses longer ones), and re-anchoring looks at no more than ``MAX_CANDIDATES``
occurrences of the words, compares them in time linear in the document, aligns fuzzily only in
windows of bounded size, and stops after ``BUDGET_SECONDS``, answering "missing" when it has to.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from rapidfuzz import fuzz

from archive.errors import BadParameter
from archive.model import Document

CONTEXT = 32  # characters of prefix and suffix, as in the Web Annotation examples
LONG = 96  # an exact longer than this travels as head + tail + digest
EDGE = 40  # characters kept at each end of a long exact
MIN_CONTEXT = 8  # characters of prefix/suffix that must agree for a match elsewhere to count
FUZZY_MIN = 70.0  # rapidfuzz partial ratio below which the words are taken as gone
STATUSES = ("exact", "moved", "changed", "missing")
MAX_SELECTOR = 1000  # characters of exact, prefix, suffix, head or tail in a link
MAX_CANDIDATES = 1000  # occurrences of the cited words (or of their context) examined
FUZZY_WINDOW = 4000  # characters on each side of the old place searched fuzzily
BUDGET_SECONDS = 0.25  # re-anchoring one link never takes longer than this


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Selector:
    """Where the cited words were, and what they were (all of them, or head, tail and digest)."""

    start: int
    end: int
    exact: str | None = None
    prefix: str = ""
    suffix: str = ""
    passage: str | None = None  # "p3": a hint, since numbers shift when paragraphs are inserted
    head: str = ""
    tail: str = ""
    sha: str = ""
    length: int = 0

    @property
    def span_length(self) -> int:
        return len(self.exact) if self.exact is not None else self.length

    def matches(self, text: str) -> bool:
        """Whether ``text`` is exactly the cited words."""
        if self.exact is not None:
            return text == self.exact
        return len(text) == self.length and digest(text) == self.sha

    def to_query(self) -> list[tuple[str, str]]:
        """URL query pairs; ``exact`` in full when short, else head/tail/sha/len."""
        pairs = [("p", self.passage or "")]
        exact = self.exact
        if exact is not None and len(exact) <= LONG:
            pairs.append(("exact", exact))
        else:
            head, tail, sha, length = self.compact()
            pairs += [("head", head), ("tail", tail), ("sha", sha), ("len", str(length))]
        pairs += [("prefix", self.prefix), ("suffix", self.suffix)]
        # hl last: the link then ends in a digit, never in punctuation a citation could swallow.
        pairs.append(("hl", f"{self.start}-{self.end}"))
        return [(k, v) for k, v in pairs if v]

    def compact(self) -> tuple[str, str, str, int]:
        if self.exact is None:
            return self.head, self.tail, self.sha, self.length
        return self.exact[:EDGE], self.exact[-EDGE:], digest(self.exact), len(self.exact)


@dataclass(frozen=True)
class Anchor:
    """What a selector points at now: ``status`` is exact, moved, changed or missing."""

    status: str
    start: int | None = None
    end: int | None = None

    @property
    def found(self) -> bool:
        """True only when the cited words themselves are there to highlight."""
        return self.status in ("exact", "moved")


def select(doc: Document, start: int, end: int, context: int = CONTEXT) -> Selector:
    """The selector of ``doc.text[start:end]``, with the passage it starts in."""
    check_range(doc, start, end)
    passage = doc.passage_at(start)
    number = f"p{passage.number}" if passage is not None and passage.number > 0 else None
    text = doc.text
    return Selector(start=start, end=end, exact=text[start:end], prefix=text[max(0, start - context):start],
                    suffix=text[end:end + context], passage=number)


def check_range(doc: Document, start: int, end: int) -> None:
    if not 0 <= start < end <= len(doc.text):
        raise BadParameter("start/end", f"range {start}-{end} is not inside document {doc.id!r} "
                           f"(0-{len(doc.text)}, start before end)")


def document_url(base_url: str, doc_id: str) -> str:
    return f"{base_url.rstrip('/')}/documents/{quote(doc_id, safe='')}"


def url(base_url: str, doc_id: str, selector: Selector) -> str:
    return f"{document_url(base_url, doc_id)}?{urlencode(selector.to_query())}"


_HL = re.compile(r"^(\d{1,9})-(\d{1,9})$")


def parse(args: Mapping[str, str]) -> Selector:
    """A selector from URL query parameters (the reader page's ``request.args``)."""
    hl = (args.get("hl") or "").strip()
    m = _HL.match(hl)
    if not m:
        raise BadParameter("hl", f"expected START-END character offsets, got {hl[:40]!r}")
    start, end = int(m.group(1)), int(m.group(2))
    if start >= end:
        raise BadParameter("hl", f"start must be before end, got {hl!r}")
    passage = args.get("p") or None
    if passage is not None and not re.fullmatch(r"p\d{1,7}", passage):
        raise BadParameter("p", f"expected a passage anchor like p3, got {passage[:40]!r}")
    for name in ("exact", "prefix", "suffix", "head", "tail"):
        if len(args.get(name) or "") > MAX_SELECTOR:
            raise BadParameter(name, f"longer than {MAX_SELECTOR} characters, the most a permalink carries")
    common = {"start": start, "end": end, "prefix": args.get("prefix", ""),
              "suffix": args.get("suffix", ""), "passage": passage}
    if args.get("exact"):
        return Selector(exact=args["exact"], **common)
    if args.get("sha"):
        if not re.fullmatch(r"[0-9a-f]{1,64}", args["sha"]):
            raise BadParameter("sha", "expected the hexadecimal digest of the cited words")
        raw_len = args.get("len", "")
        if not re.fullmatch(r"\d{1,9}", raw_len):
            raise BadParameter("len", f"expected a number of characters, got {raw_len[:20]!r}")
        length = int(raw_len)
        return Selector(head=args.get("head", ""), tail=args.get("tail", ""), sha=args["sha"],
                        length=length, **common)
    return Selector(**common)  # offsets only: resolved as they stand


def anchor(doc: Document, args: Mapping[str, str]) -> Anchor | None:
    """What a reader URL's ``hl``/``exact``/... point at in ``doc`` now; None when it has no ``hl``."""
    if not args.get("hl"):
        return None
    return resolve(doc, parse(args))


# -- resolving -----------------------------------------------------------------------------

class _OutOfTime(Exception):
    pass


class _Budget:
    """A deadline that the loops of re-anchoring check as they go."""

    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise _OutOfTime


def resolve(doc: Document, sel: Selector, budget: float = BUDGET_SECONDS) -> Anchor:
    """Re-anchor ``sel`` on ``doc``: same words at the same place, moved, changed, or gone
    ("missing" too when ``budget`` seconds were not enough to tell)."""
    try:
        return _resolve(doc, sel, _Budget(budget))
    except _OutOfTime:
        return Anchor("missing")


def _resolve(doc: Document, sel: Selector, budget: _Budget) -> Anchor:
    text = doc.text
    if sel.exact is None and not sel.sha:
        # A bare offset link carries no words to check against: trust it if it fits.
        if 0 <= sel.start < sel.end <= len(text):
            return Anchor("exact", sel.start, sel.end)
        return Anchor("missing")
    if sel.span_length == 0 or sel.span_length > len(text):
        return Anchor("missing")
    if sel.end <= len(text) and sel.matches(text[sel.start:sel.end]) and _context_score(
            text, sel, sel.start, sel.end) == len(sel.prefix) + len(sel.suffix):
        return Anchor("exact", sel.start, sel.end)
    candidates = []
    for c in _candidates(text, sel, budget):
        budget.check()
        if sel.matches(text[c[0]:c[1]]):
            candidates.append(c)
    # The same words elsewhere, in other surroundings, are not the cited words: when the words at
    # the old place were corrected, say "changed" rather than jump to a look-alike.
    need = min(MIN_CONTEXT, len(sel.prefix) + len(sel.suffix))
    scores = {c: _context_score(text, sel, *c) for c in candidates}
    strong = [c for c in candidates if scores[c] >= need]
    if strong:
        s, e = max(strong, key=lambda c: (scores[c], -abs(c[0] - sel.start)))
        return Anchor("exact" if (s, e) == (sel.start, sel.end) else "moved", s, e)
    budget.check()
    changed = _between_context(text, sel, budget)
    if changed is not None:
        return Anchor("changed", *changed)
    if candidates:
        # The surroundings were rewritten right up to the words, which are still there.
        s, e = max(candidates, key=lambda c: (scores[c], -abs(c[0] - sel.start)))
        return Anchor("moved", s, e)
    budget.check()
    changed = _fuzzy(doc, sel, budget)
    if changed is not None:
        return Anchor("changed", *changed)
    return Anchor("missing")


def _candidates(text: str, sel: Selector, budget: _Budget) -> list[tuple[int, int]]:
    """Ranges that could hold the cited words (checked by the caller)."""
    if sel.exact is not None:
        return [(s, s + len(sel.exact)) for s in _find_all(text, sel.exact, budget)]
    out = []
    for s in _find_all(text, sel.head, budget):
        e = s + sel.length
        if e <= len(text) and text[e - len(sel.tail):e] == sel.tail:
            out.append((s, e))
    return out


def _find_all(text: str, needle: str, budget: _Budget, limit: int = MAX_CANDIDATES) -> list[int]:
    """Where ``needle`` starts in ``text``: at most ``limit`` places, nearest the start first."""
    if not needle:
        return []
    found, i = [], text.find(needle)
    while i != -1 and len(found) < limit:
        found.append(i)
        if len(found) % 64 == 0:
            budget.check()
        i = text.find(needle, i + 1)
    return found


def _context_score(text: str, sel: Selector, s: int, e: int) -> int:
    """How many characters of prefix (backwards) and suffix (forwards) agree at ``[s, e)``."""
    before = text[max(0, s - len(sel.prefix)):s]
    after = text[e:e + len(sel.suffix)]
    score = 0
    for a, b in zip(reversed(before), reversed(sel.prefix), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(after, sel.suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def _between_context(text: str, sel: Selector, budget: _Budget) -> tuple[int, int] | None:
    """The words now standing between the old prefix and suffix (the cited words, corrected):
    for each place of the prefix, the first place of the suffix after it, found by bisection."""
    if len(sel.prefix) < 8 or len(sel.suffix) < 8:
        return None
    limit = 2 * sel.span_length + 64
    suffixes = _find_all(text, sel.suffix, budget)
    best = None
    for p in _find_all(text, sel.prefix, budget):
        s = p + len(sel.prefix)
        i = bisect.bisect_left(suffixes, s + 1)
        if i < len(suffixes) and suffixes[i] <= s + limit:
            if best is None or abs(s - sel.start) < abs(best[0] - sel.start):
                best = (s, suffixes[i])
    return best


def _fuzzy(doc: Document, sel: Selector, budget: _Budget) -> tuple[int, int] | None:
    """The closest wording near where the words were: the old offsets and the old passage
    (each window at most ``2 * FUZZY_WINDOW`` characters plus the words' own length)."""
    text = doc.text
    needle = sel.exact if sel.exact is not None else sel.head
    if not needle:
        return None
    reach = FUZZY_WINDOW + len(needle)
    windows = [(max(0, sel.start - FUZZY_WINDOW), min(len(text), sel.start + reach))]
    if sel.passage:
        p = doc.passage(f"{doc.id}:{sel.passage}")
        if p is not None:
            windows.append((p.start, min(len(text), p.end, p.start + 2 * reach)))
    best: tuple[float, int, int] | None = None
    for lo, hi in windows:
        budget.check()
        if hi <= lo:
            continue
        found = fuzz.partial_ratio_alignment(needle, text[lo:hi], score_cutoff=FUZZY_MIN)
        if found is not None and (best is None or found.score > best[0]):
            best = (found.score, lo + found.dest_start, lo + found.dest_end)
    if best is None:
        return None
    _, s, e = best
    if sel.exact is None:
        # Compact selector: only the head was aligned; the range runs to the tail, or for its old length.
        span = sel.span_length
        t = text.find(sel.tail, s, s + 2 * span) if sel.tail else -1
        e = t + len(sel.tail) if t != -1 else min(len(text), s + span)
    return (s, e) if e > s else None
