"""Who said each quotation in prose: a deterministic sieve in the spirit of Stanford CoreNLP's
quote attribution (Muzny et al. 2017), with no statistical model.

For each quotation the rules are tried in order, and the first that decides wins:

1. continuation: a quotation that runs on from the paragraph before keeps its speaker;
2. trigram after the quote: ``“…,” Smith said`` / ``“…,” said Smith`` / ``“…,” he recalled``;
3. reporting verb before the quote (``Zorya later recalled, “…”``, ``Lenin had called her
   father a “…”``): the verb's subject is the nearest person (or organisation) on its left, or
   the name right after it (``wrote Chief Justice John G. Roberts, “…”``), or the agent of a
   passive (``was described by the CBCP as “…”``); naming verbs (``a process called “…”``),
   agentless passives and far-away verbs give no speaker;
4. chain: ``“…” and “…”`` in one sentence share a speaker;
5. colon rule: a sentence ending in a colon introduces the quotation after it;
6. paragraph continuation: an unattributed quotation after an attributed one in the same
   paragraph is the same speaker's.

Anything else (scare quotes, titles, terms) gets speaker None. Pronouns resolve to the most
recent person of matching gender, preferring sentence subjects, with the document's subject
(the person named in the title) as the fallback. A block quotation (a ``quote`` passage, or a
paragraph after one ending in a comma or colon) takes its speaker from that introducing
sentence by the same rules. Inline quotations become ``QuoteSpan``s covering the words inside
the marks (marks excluded).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from archive import names, quotemarks
from archive.model import Document, Passage, QuoteSpan

SKIP_KINDS = ("title", "caption", "metadata", "turn")

# Reporting verbs. Base forms that are mostly nouns in news prose ("story post", "the report")
# are left out; their past forms stay.
REPORTING = frozenset("""
say says said saying tell tells told telling write writes wrote written writing tweet tweets tweeted
recall recalls recalled recalling remember remembers remembered stated add adds added adding explain
explains explained noted noting commented declare declares declared announce announces announced
describe describes described calls called ask asks asked replied answered remarked reported praised
reacted posted insist insists insisted recounted quipped joked argue argues argued claimed warn warned
testified reads read quote quotes quoted quoting talked referred mourned reflected observed exclaimed
shouted cried whispered laughed concluded urged responded confirmed continued wondered muttered
murmured yelled sang promised suggested speaks spoke
""".split())
NAMING = frozenset("call calls called dub dubbed name named nickname nicknamed title titled term termed "
                   "label labelled labeled known refer refers referred".split())
PASSIVE = frozenset("was were is are be been being".split())
SKIPPABLE = frozenset("had has have also once later often then always would will never again just "
                      "publicly repeatedly even still famously sometimes reportedly further first "
                      "once did does".split())
PREPOSITIONS = frozenset("on to with in at from of for by into about after before than like via "
                         "through under over against toward towards during".split())
PLATFORMS = frozenset("Twitter Instagram Facebook YouTube TikTok Weibo".split())
SUBJECT_PRONOUNS = {"he": "m", "she": "f", "it": "o", "they": None}
POSSESSIVE_PRONOUNS = {"his": "m", "her": "f", "its": "o", "their": None}
MAX_VERB_DISTANCE = 10  # words between a reporting verb and its quotation
MAX_CHAIN_WORDS = 4  # “…” and “…”: words between two quotations of one speaker

_WORD = re.compile(r"[\w'’-]+")
# A sentence ends at . ! ? … (and closing quotes or brackets) before a capital or digit; not
# after a title ("Mr.") or an initial ("John G. Roberts").
_ABBREVIATIONS = "Mr Mrs Ms Dr St Jr Sr Gen Col Rev Prof No Mt vs Sen Rep Gov Capt Lt Co Inc".split()
_SENTENCE_END = re.compile(
    r"[.!?…]" + "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS) + r"(?<!\b[A-Z]\.)"
    r"[.!?…]*[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z0-9А-Я])")
_PRONOUN = re.compile(r"\b(he|she|it|they|his|her|its|their)\b", re.IGNORECASE)
_POSSESSIVE_AFTER = re.compile(r"^['’]s?\b")
_LEAD = re.compile(r"[\s,]*(?:[—–-]\s*)?")  # between a closing mark and "said Smith"
_COMMA_NEXT = re.compile(r"\s*,")
_SPACES = re.compile(r"\s*")


@dataclass
class Candidate:
    """A possible speaker: a name or a pronoun, where it is, and how it stands in the clause."""

    start: int
    end: int
    name: str
    type: str  # person | organization | pronoun
    gender: str | None = None
    possessive: bool = False
    after_preposition: bool = False


class _Sieve:
    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self.index = names.index(doc.text)
        self.quoted: list[tuple[int, int]] = []  # quotation spans seen so far (start-sorted)
        self._about: tuple[str | None, str | None] | None = None

    @property
    def subject(self) -> str | None:
        if self._about is None:
            self._about = self._document_subject()
        return self._about[0]

    @property
    def subject_gender(self) -> str | None:
        if self._about is None:
            self._about = self._document_subject()
        return self._about[1]

    # --- the document's subject: fallback for "she"/"he" ------------------------------------

    def _document_subject(self) -> tuple[str | None, str | None]:
        people = [m for m in self.index.mentions if m.type == "person"]
        name = None
        for p in self.doc.passages[:3]:
            if p.kind == "title":
                inside = [m for m in people if p.start <= m.start < p.end]
                if inside:
                    name = inside[0].name
                    break
        if name is None and self.doc.metadata.interviewee:
            name = self.doc.metadata.interviewee[0]
        if name is None and people:
            name = people[0].name
        sample = self.text[:5000].lower()  # the opening says whom the text is about
        she = len(re.findall(r"\b(?:she|her)\b", sample))
        he = len(re.findall(r"\b(?:he|his|him)\b", sample))
        guessed = "f" if she > he else "m" if he > she else None
        return name, (names.gender(name) if name else None) or guessed

    # --- candidates ------------------------------------------------------------------------

    def _inside_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quoted, (pos, 1 << 60)) - 1
        return i >= 0 and self.quoted[i][0] <= pos < self.quoted[i][1]

    def candidates(self, lo: int, hi: int) -> list[Candidate]:
        out: list[Candidate] = []
        for m in self.index.between(lo, hi):
            if m.type not in ("person", "organization") or m.text in PLATFORMS or self._inside_quote(m.start):
                continue
            out.append(Candidate(m.start, m.end, m.name, m.type,
                                 names.gender(m.name) if m.type == "person" else "o",
                                 possessive=bool(_POSSESSIVE_AFTER.match(self.text[m.end:m.end + 3])),
                                 after_preposition=self._word_before(m.start) in PREPOSITIONS))
        for m in _PRONOUN.finditer(self.text, lo, hi):
            word = m.group(1).lower()
            if self._inside_quote(m.start()):
                continue
            if word in SUBJECT_PRONOUNS:
                out.append(Candidate(m.start(), m.end(), word, "pronoun", SUBJECT_PRONOUNS[word],
                                     after_preposition=self._word_before(m.start()) in PREPOSITIONS))
            else:
                out.append(Candidate(m.start(), m.end(), word, "pronoun", POSSESSIVE_PRONOUNS[word],
                                     possessive=True))
        out.sort(key=lambda c: c.start)
        return out

    def _word_before(self, pos: int) -> str:
        """The word before ``pos`` (skipping articles), "" when punctuation intervenes."""
        chunk = self.text[max(0, pos - 30):pos]
        chunk = re.sub(r"(?:\b(?:the|a|an)\s+)$", "", chunk, flags=re.IGNORECASE)
        words = _WORD.findall(chunk)
        return words[-1].lower() if words and chunk.rstrip() == chunk and chunk.endswith(" ") is False \
            or (words and chunk.endswith(" ") and chunk.rstrip()[-1:].isalnum()) else ""

    # --- pronouns ----------------------------------------------------------------------------

    def resolve(self, c: Candidate, sentences: list[tuple[int, int]]) -> str | None:
        if c.type != "pronoun":
            return c.name
        if c.name == "they":
            return None
        wanted = c.gender
        # The sentence holding the pronoun (left of it), then earlier sentences, newest first.
        i = bisect.bisect_right(sentences, (c.start, 1 << 60)) - 1
        looked = 0
        while i >= 0 and looked < 6:
            s, e = sentences[i]
            found = [x for x in self.candidates(s, min(e, c.start)) if x.type != "pronoun"]
            for x in found:  # the first person in a sentence is most often its subject
                if wanted == "o" and x.type == "organization" and not x.after_preposition:
                    return x.name
                if wanted != "o" and x.type == "person" and x.gender in (wanted, None) \
                        and not x.after_preposition and not x.possessive:
                    return x.name
            for x in found:
                if wanted != "o" and x.type == "person" and x.gender in (wanted, None):
                    return x.name
            i -= 1
            looked += 1
        if wanted != "o" and self.subject and self.subject_gender in (wanted, None):
            return self.subject
        return None

    # --- the rules ---------------------------------------------------------------------------

    def after_trigram(self, q: quotemarks.Found, hi: int, sentences) -> str | None:
        """``“…,” Smith said`` / ``“…,” said Smith`` / ``“…,” he recalled``."""
        # Offsets, not slices: a quotation left open runs to the end of a long passage, and
        # copying the rest of the passage for every quotation made long texts quadratic.
        text = self.text
        inner_end = text[q.end - 1] if q.end > q.start else ""  # find() trims white space
        after = q.close_at + 1
        if not (inner_end in ",?!—–" or _COMMA_NEXT.match(text, after, max(after, hi))):
            return None
        pos = _LEAD.match(text, after, max(after, hi)).end()
        words = list(_WORD.finditer(self.text, pos, min(hi, pos + 200)))
        if not words:
            return None
        first = words[0].group().lower()
        cands = self.candidates(pos, min(hi, pos + 200))
        if first in REPORTING:  # “…,” said Ashton Bumhira, director of …
            for c in cands:
                if c.type == "person" and not c.possessive:
                    return c.name
            for c in cands:
                if c.type == "organization" and not c.possessive:
                    return c.name
            return None
        # “…,” he recalled / “…,” Day said in her autobiography
        if cands and cands[0].start == pos and not cands[0].possessive:
            rest = _WORD.findall(self.text, cands[0].end, min(hi, cands[0].end + 40))
            rest = [w.lower() for w in rest if not _skippable(w.lower())]
            if rest and rest[0] in REPORTING:
                return self.resolve(cands[0], sentences)
        return None

    def before_verb(self, lo: int, mark: int, sentences) -> tuple[bool, str | None]:
        """The reporting verb nearest before ``mark`` and its subject: (decided, speaker)."""
        words = list(_WORD.finditer(self.text, lo, mark))
        for k in range(len(words) - 1, -1, -1):
            w = words[k].group().lower()
            if w not in REPORTING or self._inside_quote(words[k].start()):
                continue
            between = len(words) - 1 - k
            ends_intro = _last_char(self.text, lo, mark) in (",", ":")
            if between > MAX_VERB_DISTANCE and not ends_intro:
                return True, None
            verb = words[k]
            j = k - 1
            while j >= 0 and _skippable(words[j].group().lower()):
                j -= 1
            previous = words[j].group().lower() if j >= 0 else ""
            if previous in PASSIVE:  # "was described by the CBCP as" / "was called the"
                for c in self.candidates(verb.end(), mark):
                    if self._word_before(c.start) == "by" and c.type != "pronoun":
                        return True, c.name
                return True, None
            cands = self.candidates(lo, verb.start())
            if w in NAMING:
                # "Lenin had called her father a …" but not "a process called …"
                if not cands or j < 0 or cands[-1].end < words[j].start():
                    return True, None
            return True, self._subject(cands, verb, mark, sentences, participle=w.endswith("ing"))
        return False, None

    def _skip_apposition(self, usable: list[Candidate], verb_start: int) -> Candidate:
        """The nearest name left of the verb, unless it sits in an apposition closed right before
        the verb ("Chuck Schumer, the Senate minority leader, told"): then the name before it."""
        nearest = usable[-1]
        if not self.text[nearest.end:verb_start].rstrip().endswith(","):
            return nearest
        opening = self.text.rfind(",", 0, nearest.start)
        earlier = [c for c in usable[:-1] if c.end <= opening]
        if earlier and "," not in self.text[earlier[-1].end:opening].strip(", "):
            return earlier[-1]
        return nearest

    def _subject(self, cands: list[Candidate], verb, mark: int, sentences, participle: bool) -> str | None:
        usable = [c for c in cands if not c.possessive and not c.after_preposition]
        if participle and usable:  # "It also credited Leonov …, noting": the clause's subject
            return self.resolve(usable[0], sentences)
        if usable:
            return self.resolve(self._skip_apposition(usable, verb.start()), sentences)
        # "wrote Chief Justice John G. Roberts, “…”"
        after = self.candidates(verb.end(), mark)
        right = [c for c in after if not c.possessive and not c.after_preposition and c.type != "pronoun"]
        people = [c for c in right if c.type == "person"]
        if people:
            return people[0].name
        # "To quote her interview", "Stardom's statement read"
        owners = [c for c in cands + after if c.possessive and c.type in ("organization", "pronoun")]
        if owners:
            return self.resolve(owners[-1], sentences)
        return right[0].name if right else None


def sentence_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """``[start, end)`` of the sentences in ``text[lo:hi]`` (end includes the final mark)."""
    spans, cursor = [], lo
    for m in _SENTENCE_END.finditer(text, lo, hi):
        spans.append((cursor, m.start() + len(m.group().rstrip())))
        cursor = m.end()
    if cursor < hi:
        spans.append((cursor, hi))
    return spans


class _Sentences(Sequence):
    """A passage's sentence spans, worked out only when a rule needs them all."""

    def __init__(self, text: str, lo: int, hi: int):
        self.text, self.lo, self.hi = text, lo, hi
        self._spans: list[tuple[int, int]] | None = None

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = sentence_spans(self.text, self.lo, self.hi)
        return self._spans

    def __getitem__(self, i):
        return self.spans[i]

    def __len__(self) -> int:
        return len(self.spans)

    def start_before(self, pos: int) -> int:
        """Where the sentence holding ``pos`` starts (a short look back, not the whole passage)."""
        start = self.lo
        for m in _SENTENCE_END.finditer(self.text, max(self.lo, pos - 400), pos):
            start = m.end()
        return start

    def end_after(self, pos: int) -> int:
        m = _SENTENCE_END.search(self.text, pos, self.hi)
        return m.start() + len(m.group().rstrip()) if m else self.hi


def _last_char(text: str, lo: int, hi: int) -> str:
    """The last character of ``text[lo:hi]`` that is not white space ("" if none), without a copy."""
    i = hi
    while i > lo and text[i - 1].isspace():
        i -= 1
    return text[i - 1] if i > lo else ""


def _skippable(word: str) -> bool:
    """Auxiliaries and adverbs between a subject and its verb ("Lenin had called")."""
    return word in SKIPPABLE or word.endswith("ly")


def attribute(doc: Document) -> None:
    """Set ``speaker`` on block quotations and fill ``quotes`` on prose passages."""
    if not any(quotemarks.ANY_MARK.search(doc.text, p.start, p.end) or p.kind == "quote"
               or _last_char(doc.text, p.start, p.end) in (",", ":")
               for p in doc.passages if p.kind not in SKIP_KINDS):
        return
    sieve = _Sieve(doc)
    prev: Passage | None = None
    continuing: tuple[str, str | None] | None = None  # (opener, speaker) left open
    for i, p in enumerate(doc.passages):
        if p.kind in SKIP_KINDS:
            continue
        if p.kind == "quote" or (p.kind == "narration" and _introduces(doc, prev, p)):
            p.kind = "quote"
            p.speaker = _block_speaker(sieve, prev) if prev is not None else None
            sieve.quoted.append((p.start, p.end))
            prev, continuing = p, None
            continue
        continuing = _inline(sieve, doc, p, i, continuing)
        prev = p


def _introduces(doc: Document, prev: Passage | None, p: Passage) -> bool:
    """A paragraph ending in a comma or colon introduces a block quotation after it, when its
    last words hold a reporting verb ("Zorya later recalled,") or the next one opens with a mark."""
    if prev is None or prev.kind != "narration":
        return False
    tail = doc.text[max(prev.start, prev.end - 3):prev.end].rstrip()
    if not tail.endswith((",", ":")):
        return False
    if quotemarks.ANY_MARK.match(doc.text, p.start):
        return True
    words = _WORD.findall(doc.text, max(prev.start, prev.end - 120), prev.end)
    return any(w.lower() in REPORTING for w in words[-8:])


def _block_speaker(sieve: _Sieve, intro: Passage) -> str | None:
    sentences = _Sentences(sieve.text, intro.start, intro.end)
    lo = sentences.start_before(intro.end)
    for _, e in sieve.quoted:
        if lo <= e <= intro.end:
            lo = e + 1
    decided, speaker = sieve.before_verb(lo, intro.end, sentences)
    if decided:
        return speaker
    # No verb ("Her words:"): the first person or pronoun of the introducing sentence.
    for c in sieve.candidates(lo, intro.end):
        if c.type in ("person", "pronoun") and not c.after_preposition:
            return sieve.resolve(c, sentences)
    return None


def _inline(sieve: _Sieve, doc: Document, p: Passage, i: int,
            continuing: tuple[str, str | None] | None) -> tuple[str, str | None] | None:
    text = doc.text
    if not quotemarks.ANY_MARK.search(text, p.start, p.end):
        return None
    found = quotemarks.find(text, p.start, p.end, continuing[0] if continuing else None)
    if not found:
        return None
    nxt = doc.passages[i + 1] if i + 1 < len(doc.passages) else None
    if found[-1].open_end:
        # Open at the paragraph's end: a quotation running on only if the next one opens with
        # the same mark; otherwise a stray mark, dropped.
        follows = nxt is not None and text[nxt.start:nxt.start + 1] == found[-1].opener
        if not follows:
            found.pop()
    sentences = _Sentences(text, p.start, p.end)
    for q in found:
        sieve.quoted.append((q.start, q.end))
    sieve.quoted.sort()
    spans: list[QuoteSpan] = []
    last_close = p.start
    for n, q in enumerate(found):
        next_open = found[n + 1].open_at if n + 1 < len(found) else p.end
        speaker = _speaker(sieve, q, sentences, last_close, next_open, spans, found[:n], continuing)
        spans.append(QuoteSpan(q.start, q.end, speaker))
        last_close = q.close_at + 1
    p.quotes = spans
    if found and found[-1].open_end:
        return found[-1].opener, spans[-1].speaker
    return None


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    i = max(0, bisect.bisect_right(sentences, (pos, 1 << 60)) - 1)
    return sentences[i] if sentences else (pos, pos)


def _speaker(sieve: _Sieve, q: quotemarks.Found, sentences, last_close: int, next_open: int,
             spans: list[QuoteSpan], earlier: list[quotemarks.Found],
             continuing: tuple[str, str | None] | None) -> str | None:
    text = sieve.text
    if q.continued and continuing is not None:
        return continuing[1]
    open_start = sentences.start_before(q.open_at)
    # After the quote, up to the sentence end or the next quotation.
    hi = min(sentences.end_after(max(q.open_at, q.close_at - 1)), next_open)
    speaker = sieve.after_trigram(q, hi, sentences)
    if speaker:
        return speaker
    lo = max(open_start, last_close)
    decided, speaker = sieve.before_verb(lo, q.open_at, sentences)
    if decided:
        return speaker
    if earlier and spans and earlier[-1].close_at >= open_start \
            and len(_WORD.findall(text, last_close, q.open_at)) <= MAX_CHAIN_WORDS:
        return spans[-1].speaker  # “…” and “…”
    if _SPACES.match(text, open_start, max(open_start, q.open_at)).end() >= q.open_at:
        # The quotation opens its sentence: a colon at the end of the sentence before introduces
        # it; otherwise it continues the paragraph's last attributed quotation.
        s_open = _sentence_of(sentences, q.open_at)
        k = sentences.index(s_open) if s_open in sentences else -1
        if k > 0 and _last_char(text, *sentences[k - 1]) == ":":
            decided, speaker = sieve.before_verb(sentences[k - 1][0], sentences[k - 1][1], sentences)
            if decided:
                return speaker
        if spans and spans[-1].speaker:
            return spans[-1].speaker
    return None
