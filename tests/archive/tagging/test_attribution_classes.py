"""Quote attribution by class of construction, each with sentences of its own (none taken from
the gold): the speaker after the quotation, continuations, short phrases in reported speech,
other introductions, the sentence before, the person behind a title, the listener, names with
abbreviations, and titles and scare quotes that are no speech."""

from __future__ import annotations

import pytest

from archive.model import Document, Source
from archive.readers._build import TextBuilder
from archive.tagging import attribution


def _quotes(*paragraphs: str, title: str = "") -> list[tuple[str, str | None]]:
    b = TextBuilder()
    if title:
        b.add(title, "title")
    for para in paragraphs:
        b.add(para)
    doc = Document(id="t", title=title, text=b.text, source=Source("t.txt", "text"),
                   passages=b.passages, kind="article")
    attribution.attribute(doc)
    found = [(p.start, doc.text[p.start:p.end], p.speaker) for p in doc.passages if p.kind == "quote"]
    found += [(q.start, doc.text[q.start:q.end], q.speaker) for p in doc.passages for q in p.quotes]
    return [(text.strip("\"“”").split()[0].strip(",."), speaker) for _, text, speaker in sorted(found)]


CASES = [
    # the speaker after the quotation
    (["\"We will rebuild the bridge by spring,\" Mayor Lena Wong told reporters on Monday."],
     [("We", "Lena Wong")]),
    (["\"Nobody expected the flood,\" said Tomas Reyes, who runs the ferry."], [("Nobody", "Tomas Reyes")]),
    # continuations: adding, and wrote, and the second quotation of a sentence
    (["Harriet Osei said the vote was \"a disgrace,\" adding, \"We will appeal.\""],
     [("a", "Harriet Osei"), ("We", "Harriet Osei")]),
    (["Karl Brandt posted a photo of the harbour and wrote, \"Home at last.\""], [("Home", "Karl Brandt")]),
    # short quoted phrases inside reported speech
    (["Opposition leader Mira Salo called the attack \"crushing\" and \"cowardly\"."],
     [("crushing", "Mira Salo"), ("cowardly", "Mira Salo")]),
    (["Dr. Ayo Bello, the hospital's director, said the shortage was \"alarming\"."],
     [("alarming", "Ayo Bello")]),
    # other introductions
    (["Senator Ruth Kaplan wrote on Twitter, \"This is a sad day for the state.\""],
     [("This", "Ruth Kaplan")]),
    (["Coach Dale Innes defended his decision, \"The young players earned their place.\""],
     [("The", "Dale Innes")]),
    (["Councillor Pia Lund proposed: \"Let the library stay open on Sundays.\""], [("Let", "Pia Lund")]),
    (["Omar Haddad of the assembly said \"the budget is a fiction\" before walking out."],
     [("the", "Omar Haddad")]),
    # the speaker named in the sentence before, with a colon or nested quotation marks
    (["Then Ines Moreau, the union's secretary, spoke to the crowd. Her message was short:",
      "\"Go home and rest; tomorrow we march.\""], [("Go", "Ines Moreau")]),
    (["Fleur Dassin read from her letter. \"My son wrote 'I am safe' and nothing more,\" she said."],
     [("My", "Fleur Dassin")]),
    # a curly opening mark closed by a straight one is one quotation
    (["Nadia Okoro said: “We need the money now, not next year.\" The council disagreed."],
     [("We", "Nadia Okoro")]),
    # the person, not the title or the organisation beside the name
    (["Senate Minority Leader Chuck Schumer said the bill was \"a betrayal of working families\"."],
     [("a", "Chuck Schumer")]),
    (["Human Rights Watch director Agnes Callamard said, \"The evidence is overwhelming.\""],
     [("The", "Agnes Callamard")]),
    (["\"Masks save lives,\" said National Institute of Allergy director Anthony Fauci."],
     [("Masks", "Anthony Fauci")]),
    # the listener is never the speaker
    (["Governor Alma Price met the press on Friday. Speaking to Martin Smith of PBS, she said, "
      "\"The roads will reopen tomorrow.\""], [("The", "Alma Price")]),
    (["Leo Varga told Nadia Petrov, \"You should run for mayor.\""], [("You", "Leo Varga")]),
    # names with abbreviations are not cut
    (["U.S. Attorney Dana Bash said, \"The defendant lied to investigators.\""], [("The", "Dana Bash")]),
    # titles, programmes, events, diseases and scare quotes are no speech
    (["Lena Wong hosted the programme \"Morning Harbour\" for ten years and spoke at the "
      "\"Festival of Lights\"."],
     [("Morning", None), ("Festival", None)]),
    (["The patient, Otto Lind, said he had caught \"Powassan virus\" from a tick."], [("Powassan", None)]),
    (["His so-called \"reforms\" were rejected by the council, the minister Ana Cruz noted."],
     [("reforms", None)]),
]


@pytest.mark.parametrize("paragraphs, expected", CASES, ids=[c[0][0][:40] for c in CASES])
def test_attribution_by_class(paragraphs, expected):
    assert _quotes(*paragraphs) == expected
