"""Prose and scraped web articles: scrape leftovers dropped, title, captions and block quotations marked.

A caption is a short line with no closing sentence punctuation (``Zorya Serebryakova in 2013``);
a block quotation is a paragraph set off after one that ends with a comma or colon in a sentence
that reports speech or writing ("... Trotsky wrote in 1937,"), or one that opens with a quotation
mark after such an ending. Both are read from the shape of the text alone.
"""

from __future__ import annotations

import re

from archive.readers._build import TextBuilder
from archive.readers.transcript import Block

# A lone language switcher left at the top of a scraped page.
LANGUAGES = {
    "english", "español", "espanol", "deutsch", "français", "francais", "русский", "русский язык",
    "italiano", "português", "portugues", "türkçe", "turkce", "polski", "українська", "ελληνικά",
    "sinhala", "සිංහල", "தமிழ்", "中文", "简体中文", "繁體中文", "日本語", "한국어", "العربية", "فارسی",
    "bahasa indonesia", "tiếng việt", "हिन्दी", "nederlands", "svenska", "norsk", "dansk", "suomi",
    "magyar", "čeština", "română", "български", "hrvatski", "srpski", "српски", "עברית",
}
# Whole paragraphs that are page furniture, not article text.
FURNITURE = re.compile(
    r"(?:loading(?:\.{3}|…)?|share(?: this(?: article| story| page)?)?(?: on \w+)?|"
    r"subscribe(?: now| today| to [\w ]{1,40})?|read more(?: \S.{0,60})?|print(?: this)?|e-?mail|tweet|"
    r"facebook|twitter|whatsapp|telegram|linkedin|reddit|copy link|advertisement|"
    r"skip to (?:main )?content|sign up(?: \S.{0,60})?|follow us(?: \S.{0,60})?|"
    r"back to top|related articles?|comments?|leave a comment|contact us|donate(?: today| now)?)"
    r"[.!:]?",
    re.IGNORECASE,
)
MAX_CAPTION = 300
MAX_TITLE = 300
# A sentence boundary inside a paragraph: "word. Next" (initials like "I. N." have no lower-case before).
SENTENCE_BREAK = re.compile(
    r"[a-z\u00e0-\u024f\u0430-\u044f]{2}[.!?][\"”’»)]?\s+[A-Z\u0410-\u042f\u00c0-\u00de]")
SENTENCE_END = ".!?…:;,\"”’»"
# A reporting or writing verb in the sentence before a set-off paragraph makes that paragraph a
# quotation ("Zorya later recalled,", "To quote her interview again,", "she said:", "Its full
# text is:"); without one, "The reasons were these:" introduces ordinary prose.
REPORTING = re.compile(
    r"\b(?:said|says|say|saying|wrote|writes|write|writing|written|recalled|recalls|recall|recalling|"
    r"remembered|remembers|remember|told|tells|tell|explained|explains|added|adds|stated|states|"
    r"declared|declares|noted|notes|observed|observes|recounted|recounts|described|describes|"
    r"asked|asks|replied|replies|answered|answers|commented|remarked|reported|reports|testified|"
    r"announced|insisted|warned|argued|continued|concluded|reads|put it|quote|quoted|quoting|"
    r"in (?:his|her|their|the) words|"
    r"(?:text|words|wording|inscription|message|letter) (?:is|was|reads|read|ran|runs))\b",
    re.IGNORECASE)
LAST_SENTENCE = re.compile(r"(?<=[.!?])[\"”’»)]?\s+(?=\S)")
QUOTE_MARKS = "\"“„«"


def is_furniture(text: str) -> bool:
    """Share buttons, "Loading", "Read more": page furniture, not text."""
    return len(text) <= 80 and FURNITURE.fullmatch(text.strip()) is not None


def strip_leftovers(paragraphs: list[Block]) -> list[Block]:
    """Drop a lone language name at the top and page furniture (share, Loading...) anywhere."""
    kept = [b for b in paragraphs if not is_furniture(b.text)]
    if kept and not kept[0].heading and kept[0].text.strip().lower() in LANGUAGES:
        kept = kept[1:]
    return kept


def _unfinished_line(text: str, limit: int) -> str | None:
    """The text without a trailing "[Photo by ...]" credit, if it is short and ends no sentence."""
    if len(text) > limit or not text[:1].isupper():
        return None
    body = re.sub(r"\s*\[[^\[\]]{0,200}\]$", "", text).rstrip()
    if not body or body[-1] in SENTENCE_END or SENTENCE_BREAK.search(body):
        return None
    return body


def is_caption(text: str) -> bool:
    """A short line that names a person or photo ("Zorya Serebryakova in 2013") and ends no sentence.

    It carries a year, a credit, a comma or a parenthesis; a bare short line is a subheading.
    """
    body = _unfinished_line(text, MAX_CAPTION)
    return body is not None and (body != text or any(c.isdigit() or c in ",()" for c in body))


def is_subheading(text: str) -> bool:
    """"Early years", "The trial": a few words on a line of their own, not a caption."""
    body = _unfinished_line(text, 80)
    return body is not None and len(body.split()) <= 10 and not is_caption(text)


def introduces_quotation(text: str) -> bool:
    """A paragraph ending with "," or ":" in a sentence that reports speech or writing."""
    if text[-1:] not in ",:":
        return False
    last = LAST_SENTENCE.split(text[-400:])[-1]
    return REPORTING.search(last) is not None


def looks_like_title(text: str) -> bool:
    """A first line short enough to be a headline, not a sentence."""
    return 0 < len(text) <= MAX_TITLE and text[-1] not in ".,;:" and text[:1].isalnum()


def build(paragraphs: list[Block], builder: TextBuilder) -> str | None:
    """Add article paragraphs as passages; returns the title (the first real line) if it looks like one."""
    title = None
    intro_open = False  # the last prose paragraph ended with "," or ":"
    reported = False  # ... in a sentence reporting speech or writing (see REPORTING)
    for n, b in enumerate(paragraphs):
        text = b.text
        if n == 0 and (b.heading or (len(b.lines) == 1 and looks_like_title(text))):
            title = text
            builder.add(text, "title")
            continue
        if b.heading:
            builder.add(text, "title")
            intro_open = False
        elif b.quote:
            builder.add(text, "quote")
            intro_open = False
        elif b.item or b.table:  # a list or table after "as follows:" is not a block quotation
            builder.add(text, "narration")
            intro_open = False
        elif intro_open and (reported or text[:1] in QUOTE_MARKS) and not (
                len(b.lines) == 1 and is_caption(text) and text.endswith("]")):
            builder.add(text, "quote")
            intro_open = False
        elif len(b.lines) == 1 and is_caption(text):
            # A credited photo between an introducing paragraph and its quotation keeps intro_open.
            builder.add(text, "caption")
        elif len(b.lines) == 1 and is_subheading(text):
            builder.add(text, "title")
            intro_open = False
        else:
            builder.add(text, "narration", time=b.time)
            intro_open = text[-1:] in ",:"
            reported = introduces_quotation(text)
    return title
