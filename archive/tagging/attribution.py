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
from dataclasses import dataclass

from archive.model import Document, Passage, QuoteSpan
from archive.tagging import names, quotemarks, sentences, speaker_names

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
murmured yelled sang promised suggested speaks spoke asserted asserts opined acknowledged
admitted affirmed conceded contended demanded denied emphasised emphasized maintained pledged
predicted proclaimed reiterated revealed stressed vowed complained characterised characterized
criticised criticized condemned labelled labeled branded dismissed hailed lamented proposed
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
_PRONOUN = re.compile(r"\b(he|she|it|they|his|her|its|their)\b", re.IGNORECASE)
_POSSESSIVE_AFTER = re.compile(r"^['’]s?\b")
_LEAD = re.compile(r"[\s,]*(?:[—–-]\s*)?")  # between a closing mark and "said Smith"
_COMMA_NEXT = re.compile(r"\s*,")
_SPACES = re.compile(r"\s*")
# \b(?:she|her)\b and \b(?:he|his|him)\b, written to start with a letter so that re skips
# ahead to it rather than trying a match at every character.
_SHE = re.compile(r"(?:s(?<=\bs)he|h(?<=\bh)er)\b")
_HE = re.compile(r"h(?<=\bh)(?:e|is|im)\b")
_TRAILING_ARTICLE = re.compile(r"(?:\b(?:the|a|an)\s+)$", re.IGNORECASE)


@dataclass(slots=True)
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
        self._unsorted = False  # a span was added before one already in ``quoted``
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
        # Mentions are sorted by start: look only at those of the title, and only up to the
        # first person (a long narrative has thousands of mentions).
        mentions = self.index.mentions
        name = None
        for p in self.doc.passages[:3]:
            if p.kind == "title":
                name = _first_person(mentions, bisect.bisect_left(mentions, p.start, key=_start), p.end)
                if name is not None:
                    break
        if name is None and self.doc.metadata.interviewee:
            name = self.doc.metadata.interviewee[0]
        if name is None:
            name = _first_person(mentions, 0, 1 << 60)
        gender = _gender(name) if name else None
        if gender:
            return name, gender
        sample = self.text[:5000].lower()  # the opening says whom the text is about
        she = len(_SHE.findall(sample))
        he = len(_HE.findall(sample))
        return name, "f" if she > he else "m" if he > she else None

    # --- candidates ------------------------------------------------------------------------

    def add_quoted(self, spans: list[tuple[int, int]], sort: bool = True) -> None:
        """Record quotation spans (in text order); with ``sort``, put ``quoted`` in order."""
        # Quotations arrive in text order, so sorting for every passage was mostly wasted work.
        if spans and self.quoted and spans[0] < self.quoted[-1]:
            self._unsorted = True
        self.quoted += spans
        if sort and self._unsorted:
            self.quoted.sort()
            self._unsorted = False

    def _inside_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quoted, (pos, 1 << 60)) - 1
        return i >= 0 and self.quoted[i][0] <= pos < self.quoted[i][1]

    def candidates(self, lo: int, hi: int) -> list[Candidate]:
        out: list[Candidate] = []
        text = self.text
        known = set()
        for m in self.index.between(lo, hi):
            known.add(m.start)
            if m.type not in ("person", "organization") or m.text in PLATFORMS or self._inside_quote(m.start):
                continue
            kind, name = m.type, m.name
            # The person, not the office or the organisation in front ("Senate Minority Leader
            # Chuck Schumer", "U.S. Attorney Dana Bash", "Human Rights Watch director …").
            glued = speaker_names.glued(text, m.start)
            person = speaker_names.person_part(m.text) if glued or " " in m.text else None
            if person is not None and person != m.text and \
                    (glued or m.type == "person" or person.split()[0] in names.lexicon().given):
                kind, name = "person", self.index.canonical(person)
            elif glued:
                continue
            elif kind == "person" and " " in name:
                name = speaker_names.person_part(name) or name  # "… Railway Manager Aparna Garg"
            out.append(Candidate(m.start, m.end, name, kind,
                                 _gender(name) if kind == "person" else "o",
                                 possessive=bool(_POSSESSIVE_AFTER.match(text[m.end:m.end + 3])),
                                 after_preposition=self._word_before(m.start) in PREPOSITIONS))
        # Names the finder left undecided that stand like a person's ("Omar Haddad of the
        # assembly said", "Fleur Dassin read from her letter").
        for start, end, name in speaker_names.likely_people(text, lo, hi, known, REPORTING):
            if self._inside_quote(start) or any(c.start <= start < c.end for c in out):
                continue
            out.append(Candidate(start, end, name, "person", _gender(name),
                                 possessive=bool(_POSSESSIVE_AFTER.match(text[end:end + 3])),
                                 after_preposition=self._word_before(start) in PREPOSITIONS))
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
        out.sort(key=_start)
        return out

    def _word_before(self, pos: int) -> str:
        """The word before ``pos`` (skipping articles), "" when punctuation intervenes."""
        chunk = self.text[max(0, pos - 30):pos]
        if chunk[-1:].isspace():  # a trailing article is followed by white space
            chunk = _TRAILING_ARTICLE.sub("", chunk)
        words = _WORD.findall(chunk)
        return words[-1].lower() if words and chunk.rstrip() == chunk and chunk.endswith(" ") is False \
            or (words and chunk.endswith(" ") and chunk.rstrip()[-1:].isalnum()) else ""

    # --- pronouns ----------------------------------------------------------------------------

    def resolve(self, c: Candidate, sentences: _Sentences) -> str | None:
        if c.type != "pronoun":
            return c.name
        if c.name == "they":
            return None
        wanted = c.gender
        # The sentence holding the pronoun (left of it), then earlier sentences, newest first.
        spans = sentences.upto(c.start)
        i = bisect.bisect_right(spans, (c.start, 1 << 60)) - 1
        looked = 0
        while i >= 0 and looked < 6:
            s, e = spans[i]
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
        word = _WORD.search(text, pos, min(hi, pos + 200))
        if word is None:
            return None
        first = word.group().lower()
        cands = self.candidates(pos, min(hi, pos + 200))
        if first in REPORTING:  # “…,” said Ashton Bumhira, director of …
            for c in cands:
                if c.type == "person" and not c.possessive:
                    return c.name
            for c in cands:
                if c.type == "organization" and not c.possessive:
                    return c.name
            return None
        # “…,” he recalled / “…,” Day said in her autobiography / “…,” Mayor Lena Wong told
        first = cands[0] if cands else None
        if first and not first.possessive and (first.start == pos or self._front_only(pos, first.start)):
            rest = _WORD.findall(self.text, cands[0].end, min(hi, cands[0].end + 40))
            rest = [w.lower() for w in rest if not _skippable(w.lower())]
            if rest and rest[0] in REPORTING:
                return self.resolve(cands[0], sentences)
        return None

    def _front_only(self, lo: int, hi: int) -> bool:
        """Whether ``text[lo:hi]`` holds only capitalised titles and offices ("Mayor", "U.S.
        Attorney", "Senate Minority Leader") before a name."""
        words = self.text[lo:hi].split()
        lex = names.lexicon()
        return bool(words) and len(words) <= 4 and all(
            w[:1].isupper() and (speaker_names.is_front(w, lex) or w.count(".") >= 2) for w in words)

    def before_verb(self, lo: int, mark: int, sentences,
                    sentence_lo: int | None = None) -> tuple[bool, str | None]:
        """The reporting verb nearest before ``mark`` and its subject: (decided, speaker);
        ``sentence_lo`` is where the sentence starts, when ``lo`` is after a quotation in it."""
        # Most quotations have no reporting verb before them: find that out on plain strings,
        # in C, before making a match object for every word.
        if REPORTING.isdisjoint(map(str.lower, _WORD.findall(self.text, lo, mark))):
            return False, None
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
            if sentence_lo is not None and sentence_lo < lo and w not in NAMING \
                    and not any(not c.possessive and not c.after_preposition for c in cands):
                # “…,” adding, “…” / said the vote was “…” and added “…”: the subject stands
                # before the quotation that came first in the sentence.
                earlier = [c for c in self.candidates(sentence_lo, lo) if not c.possessive
                           and not c.after_preposition]
                if earlier:
                    return True, self.resolve(earlier[0], sentences)
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


_WEAK_MALE_ENDING = re.compile(r"(?:in)$")


def _gender(name: str) -> str | None:
    """``names.gender``, less the guess from a surname in "-in" when the given name is unknown:
    Dassin, Martin and Austin are no Russian men's surnames."""
    found = names.gender(name)
    parts = name.split()
    if found == "m" and parts and parts[0] not in names.lexicon().given \
            and _WEAK_MALE_ENDING.search(parts[-1]):
        return None
    return found


def _start(item: names.Mention | Candidate) -> int:
    return item.start


def _first_person(mentions: list[names.Mention], i: int, end: int) -> str | None:
    """The name of the first person among ``mentions[i:]`` that starts before ``end``."""
    while i < len(mentions) and mentions[i].start < end:
        if mentions[i].type == "person":
            return mentions[i].name
        i += 1
    return None


class _Sentences:
    """A passage's sentence spans, worked out only as far as a rule needs them."""

    __slots__ = ("text", "lo", "hi", "_spans", "_ends", "_cursor")

    def __init__(self, text: str, lo: int, hi: int):
        self.text, self.lo, self.hi = text, lo, hi
        self._spans: list[tuple[int, int]] = []
        self._ends = None  # the sentence ends, found as sentences.spans finds them
        self._cursor = lo  # where the next sentence starts

    def upto(self, pos: int) -> list[tuple[int, int]]:
        """The start of ``sentences.spans(text, lo, hi)``: at least every sentence that starts at
        or before ``pos``. Rules look back from a quotation, so most never need the rest."""
        if self._ends is None:
            self._ends = sentences.ends(self.text, self.lo, self.hi)
        spans = self._spans
        while self._cursor <= pos:
            found = next(self._ends, None)
            if found is None:
                spans.extend(sentences.spans(self.text, self._cursor, self.hi))  # the last one
                self._cursor = 1 << 62  # all found
                break
            spans.append((self._cursor, found[0]))
            self._cursor = found[1]
        return spans

    def start_before(self, pos: int) -> int:
        """Where the sentence holding ``pos`` starts (a short look back, not the whole passage).
        A few characters past ``pos`` are read too: the end of the sentence before is only seen
        with the capital after an opening mark at ``pos`` ('earners. "This is …')."""
        start = self.lo
        for _, next_start in sentences.ends(self.text, max(self.lo, pos - 400), min(self.hi, pos + 3)):
            if next_start <= pos:
                start = next_start
        return start

    def end_after(self, pos: int) -> int:
        return sentences.end_after(self.text, pos, self.hi)


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
    marked = quotemarks.ANY_MARK.search(doc.text) is not None  # one search, not one a passage
    if not any(p.kind == "quote" or (marked and quotemarks.ANY_MARK.search(doc.text, p.start, p.end))
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
            sieve.add_quoted([(p.start, p.end)], sort=False)  # as before: sorted by the next _inline
            prev, continuing = p, None
            continue
        continuing = _inline(sieve, doc, p, i, continuing)
        prev = p


def _introduces(doc: Document, prev: Passage | None, p: Passage) -> bool:
    """A paragraph ending in a comma or colon introduces a block quotation after it, when its
    last words hold a reporting verb ("Zorya later recalled,") or the next one opens with a mark."""
    if prev is None or prev.kind != "narration":
        return False
    if _last_char(doc.text, max(prev.start, prev.end - 3), prev.end) not in (",", ":"):
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
    found = quotemarks.find(text, p.start, p.end, continuing[0] if continuing else None)
    if not found:
        return None
    if found[-1].open_end:
        # Open at the paragraph's end: a quotation running on only if the next one opens with
        # the same mark; otherwise a stray mark, dropped.
        nxt = doc.passages[i + 1] if i + 1 < len(doc.passages) else None
        follows = nxt is not None and text[nxt.start:nxt.start + 1] == found[-1].opener
        if not follows:
            found.pop()
    sieve.add_quoted([(q.start, q.end) for q in found])
    spans: list[QuoteSpan] = []
    last_close = p.start
    before: quotemarks.Found | None = None
    sentences: _Sentences | None = None  # made for the first quotation that needs the rules
    for n, q in enumerate(found):
        if q.continued and continuing is not None:
            # Runs on from the paragraph before (most paragraphs of a long oral narrative).
            speaker = continuing[1]
        else:
            next_open = found[n + 1].open_at if n + 1 < len(found) else p.end
            if sentences is None:
                sentences = _Sentences(text, p.start, p.end)
            speaker = _speaker(sieve, q, sentences, last_close, next_open, spans, before)
        spans.append(QuoteSpan(q.start, q.end, speaker))
        last_close = q.close_at + 1
        before = q
    p.quotes = spans
    if found and found[-1].open_end:
        return found[-1].opener, spans[-1].speaker
    return None


# Words that open speech rather than a name, when a short quotation starts with a capital.
SPEECH_OPENERS = frozenset("""I I'm I've I'd I'll We We're You You're He She It It's They My Our Your
This That There What How Why Yes No Oh Please Thank Thanks Let Don't""".split())


def _names_a_title(text: str, q: quotemarks.Found, sentence_start: int, last_close: int) -> bool:
    """A short quotation inside a sentence that starts with a capital and ends without a mark of
    speech names something (a title, programme, event, theme, disease: "Each for Equal",
    "Festival of Lights", "Powassan virus"); it is no speech, whoever stands near it."""
    inner = text[q.start:q.end].strip()
    words = inner.split()
    if not words or len(words) > 6 or not inner[0].isupper() or inner[-1] in ".,!?…;:—–-":
        return False
    if words[0].strip("'’\"") in SPEECH_OPENERS:
        return False
    before = _last_char(text, max(sentence_start, last_close), q.open_at)
    return before not in ("", ",", ":")


def _speaker(sieve: _Sieve, q: quotemarks.Found, sentences: _Sentences, last_close: int,
             next_open: int, spans: list[QuoteSpan], before: quotemarks.Found | None) -> str | None:
    """The speaker of ``q``, a quotation not continued from the paragraph before; ``before`` is
    the quotation before it in the paragraph and ``spans`` what was found for those so far."""
    text = sieve.text
    open_start = sentences.start_before(q.open_at)
    if _names_a_title(text, q, open_start, last_close):
        return None
    # After the quote, up to the sentence end or the next quotation.
    hi = min(sentences.end_after(max(q.open_at, q.close_at - 1)), next_open)
    speaker = sieve.after_trigram(q, hi, sentences)
    if speaker:
        return speaker
    lo = max(open_start, last_close)
    decided, speaker = sieve.before_verb(lo, q.open_at, sentences, open_start)
    if decided:
        return speaker
    if _last_char(text, lo, q.open_at) in (",", ":"):
        # Another verb introduces it ("defended his decision,", "proposed:"): the speaker is the
        # clause's subject, the first person named in it (not after a preposition: the listener).
        for c in sieve.candidates(lo, q.open_at):
            if c.type in ("person", "pronoun") and not c.possessive and not c.after_preposition:
                return sieve.resolve(c, sentences)
    if before is not None and spans and before.close_at >= open_start \
            and len(_WORD.findall(text, last_close, q.open_at)) <= MAX_CHAIN_WORDS:
        return spans[-1].speaker  # “…” and “…”
    if _SPACES.match(text, open_start, max(open_start, q.open_at)).end() >= q.open_at:
        # The quotation opens its sentence: a colon at the end of the sentence before introduces
        # it; otherwise it continues the paragraph's last attributed quotation.
        all_spans = sentences.upto(q.open_at)
        k = bisect.bisect_right(all_spans, (q.open_at, 1 << 60)) - 1  # the sentence of the quotation
        if k > 0 and _last_char(text, *all_spans[k - 1]) == ":":
            decided, speaker = sieve.before_verb(all_spans[k - 1][0], all_spans[k - 1][1], sentences)
            if decided:
                return speaker
        if spans and spans[-1].speaker:
            return spans[-1].speaker
    return None
