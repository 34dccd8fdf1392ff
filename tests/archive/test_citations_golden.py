"""Golden Chicago, MLA and APA strings: an interview, a quotation in the shared obituary, a bare record."""

from __future__ import annotations

from archive.citations import cite
from archive.model import Document, Metadata, Passage, QuoteSpan, Source, Speaker

ACCESSED = "2026-11-27"
OBITUARY = "seed/wsws-obituary-zorya-serebryakova.txt"
OBITUARY_TITLE = ("In memory of Zorya Serebryakova (1923-2024), daughter of Old Bolshevik and Opposition "
                  "leader Leonid Serebryakov")


def lomova() -> Document:
    text = ("Where were you living in 1937?\n\n"
            "We lived on Arbat then. My father kept the piano tuned even after the arrests began.")
    turn = text.index("We lived")
    doc = Document(
        id="lomova-1998", title="Interview with Vera Lomova", text=text, source=Source("lomova.txt", "text"),
        metadata=Metadata(interviewee=["Vera Lomova"], interviewer=["Daniel Hart"], date="1998-03-03",
                          place="Moscow", collection="Moscow Memory Project", repository="Memorial Archive"),
        speakers=[Speaker("HART", "Daniel Hart", "interviewer"),
                  Speaker("LOMOVA", "Vera Lomova", "interviewee")],
        passages=[Passage(0, turn - 2, "turn", "HART", "Daniel Hart", "interviewer", time=740.0),
                  Passage(turn, len(text), "turn", "LOMOVA", "Vera Lomova", "interviewee", time=751.0)])
    doc.number_passages()
    return doc


def quoted_range(doc: Document, words: str) -> tuple[int, int]:
    start = doc.text.index(words)
    return start, start + len(words)


# -- (a) a transcript with interviewer, date and timecode ------------------------------------

def test_interview_chicago_note_and_bibliography():
    doc = lomova()
    start, end = quoted_range(doc, "My father kept the piano tuned")
    c = cite(doc, start, end, "chicago", accessed=ACCESSED)
    assert c.text == ("Vera Lomova, interview by Daniel Hart, March 3, 1998, Moscow, transcript, "
                      "Moscow Memory Project, Memorial Archive, 00:12:31.\n")
    assert c.forms["bibliography"] == ("Lomova, Vera. Interview by Daniel Hart. March 3, 1998, Moscow. "
                                       "Transcript. Moscow Memory Project, Memorial Archive.")


def test_interview_mla():
    doc = lomova()
    c = cite(doc, *quoted_range(doc, "My father kept the piano tuned"), "mla", accessed=ACCESSED)
    assert c.text == ("Lomova, Vera. Interview. Conducted by Daniel Hart, 3 Mar. 1998, Moscow. "
                      "Moscow Memory Project, Memorial Archive, 00:12:31.\n(Lomova 00:12:31)\n")


def test_interview_apa():
    doc = lomova()
    c = cite(doc, *quoted_range(doc, "My father kept the piano tuned"), "apa", accessed=ACCESSED)
    assert c.text == ("Lomova, V. (1998, March 3). Interview by D. Hart [Interview transcript]. "
                      "Moscow Memory Project, Memorial Archive.\n(Lomova, 1998, 00:12:31)\n")


def test_interview_with_permalink_puts_it_last():
    doc = lomova()
    start, end = quoted_range(doc, "My father kept the piano tuned")
    c = cite(doc, start, end, "chicago", base_url="https://archive.example.org/", accessed=ACCESSED)
    link = c.record.permalink
    assert link.startswith("https://archive.example.org/documents/lomova-1998?p=p2&exact=My+father")
    assert link.endswith(f"&hl={start}-{end}")
    assert c.text == ("Vera Lomova, interview by Daniel Hart, March 3, 1998, Moscow, transcript, "
                      f"Moscow Memory Project, Memorial Archive, 00:12:31, {link}.\n")
    mla = cite(doc, start, end, "mla", base_url="https://archive.example.org", accessed=ACCESSED)
    assert mla.text.startswith("Lomova, Vera. Interview. Conducted by Daniel Hart, 3 Mar. 1998, Moscow. "
                               f"Moscow Memory Project, Memorial Archive, 00:12:31, {link}. "
                               "Accessed 27 Nov. 2026.\n")


# -- (b) a quotation inside the shared obituary ------------------------------------------------

def _obituary(corpus):
    from archive.ingest import read_file

    docs, *_ = read_file(corpus / OBITUARY)
    doc = docs[0]
    doc.id = "wsws-obituary-zorya-serebryakova"
    doc.number_passages()
    # Publisher and year from the corpus README; everything else stays as the reader found it.
    doc.metadata = Metadata(publisher="World Socialist Web Site", date="2024")
    return doc


def test_obituary_block_quotation_names_who_is_quoted(corpus):
    doc = _obituary(corpus)
    assert doc.kind == "article" and doc.title == OBITUARY_TITLE
    block = next(p for p in doc.passages if doc.text.startswith("I remember many old Bolsheviks", p.start))
    assert block.speaker == "Zorya Serebryakova"
    start, end = quoted_range(doc, "My father admired Trotsky enormously")
    chicago = cite(doc, start, end, "chicago", accessed=ACCESSED)
    assert chicago.text == (f"Zorya Serebryakova, quoted in “{OBITUARY_TITLE},” World Socialist Web Site, "
                            "2024.\n")
    assert chicago.forms["bibliography"] == f"“{OBITUARY_TITLE}.” World Socialist Web Site, 2024."
    mla = cite(doc, start, end, "mla", accessed=ACCESSED)
    assert mla.text == (f"“{OBITUARY_TITLE}.” World Socialist Web Site, 2024.\n"
                        "Zorya Serebryakova (qtd. in “In memory of Zorya Serebryakova”)\n")
    apa = cite(doc, start, end, "apa", accessed=ACCESSED)
    assert apa.text == (f"{OBITUARY_TITLE}. (2024). World Socialist Web Site.\n"
                        "(Serebryakova, as cited in “In memory of Zorya Serebryakova,” 2024)\n")


def test_obituary_narration_is_not_a_quotation(corpus):
    doc = _obituary(corpus)
    start, end = quoted_range(doc, "Zorya grew up in one of the many remarkable revolutionary families")
    c = cite(doc, start, end, "chicago", accessed=ACCESSED)
    assert c.text == f"“{OBITUARY_TITLE},” World Socialist Web Site, 2024.\n"


def test_inline_quotation_in_an_article():
    text = "She said, “I adored him. He was everything to me.” Then she left."
    span = QuoteSpan(text.index("“") + 1, text.index("”"), "Zorya Serebryakova")
    doc = Document(id="obit", title="A Life", text=text, source=Source("o.txt", "text"), kind="article",
                   metadata=Metadata(author=["Clara Weiss"], publisher="World Socialist Web Site",
                                     date="2024-11-05", url="https://example.org/obit"),
                   passages=[Passage(0, len(text), quotes=[span])])
    doc.number_passages()
    start, end = quoted_range(doc, "I adored him.")
    assert cite(doc, start, end, "chicago").text == (
        "Zorya Serebryakova, quoted in Clara Weiss, “A Life,” World Socialist Web Site, November 5, 2024, "
        "https://example.org/obit.\n")
    assert cite(doc, start, end, "apa").text == (
        "Weiss, C. (2024, November 5). A Life. World Socialist Web Site. https://example.org/obit\n"
        "(Serebryakova, as cited in Weiss, 2024)\n")
    assert cite(doc, start, end, "mla", accessed=ACCESSED).text == (
        "Weiss, Clara. “A Life.” World Socialist Web Site, 5 Nov. 2024, https://example.org/obit. "
        "Accessed 27 Nov. 2026.\nZorya Serebryakova (qtd. in Weiss)\n")
    # Outside the quotation marks the words are the author's.
    assert cite(doc, 0, 8, "chicago").text.startswith("Clara Weiss, “A Life,”")


# -- (c) a record with most fields missing -------------------------------------------------

def bare() -> Document:
    doc = Document(id="tape-7", title="Tape 7", text="We never spoke of it again.",
                   source=Source("t.txt", "text"), passages=[Passage(0, 27, "turn")])
    doc.number_passages()
    return doc


def test_bare_record_golden():
    doc = bare()
    assert cite(doc, 0, 27, "chicago", accessed=ACCESSED).text == "“Tape 7,” interview, transcript.\n"
    assert cite(doc, 0, 27, "chicago").forms["bibliography"] == "“Tape 7.” Interview. Transcript."
    assert cite(doc, 0, 27, "mla", accessed=ACCESSED).text == "“Tape 7.” Interview.\n(“Tape 7”)\n"
    assert cite(doc, 0, 27, "apa", accessed=ACCESSED).text == (
        "Tape 7 [Interview transcript]. (n.d.).\n(“Tape 7,” n.d.)\n")


def test_interviewee_only():
    doc = bare()
    doc.metadata = Metadata(interviewee=["Ivan Petrov"], date="1961")
    assert cite(doc, 0, 27, "chicago").text == "Ivan Petrov, interview, 1961, transcript.\n"
    assert cite(doc, 0, 27, "mla").text == "Petrov, Ivan. Interview. 1961.\n(Petrov)\n"
    assert cite(doc, 0, 27, "apa").text == (
        "Petrov, I. (1961). Tape 7 [Interview transcript].\n(Petrov, 1961)\n")
