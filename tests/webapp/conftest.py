"""A small archive of our own documents for the web tests, and the app and client over it.

The documents are built in Python (not read from files) so that these tests depend only on
the model, the store, the pipeline and the search service: an interview with timecodes,
segments, inline quotations and a recording; an article with a block quotation and a
caption; a transcript whose text holds markup that must be shown as text; and a restricted
interview that anonymous visitors must never see.
"""

from __future__ import annotations

import hashlib

import pytest

from archive.model import Document, Entity, Metadata, Passage, QuoteSpan, Segment, Source, Speaker, TopicTag
from archive.tagging import pipeline

LOMOVA_TURNS = [
    ("HART", 0, "This is Daniel Hart with Vera Lomova in Leningrad, on the third of March, 1994. "
                "Let's begin with your family."),
    ("LOMOVA", 12, "My father was a piano tuner. He used to say that a house without music is only "
                   "walls, and he made sure we could always keep the piano tuned, even in the hungry years."),
    ("HART", 41, "What did your mother do?"),
    ("LOMOVA", 47, "She taught school in Vyborg before the war. She read to us every night, "
                   "mostly Pushkin, sometimes Chekhov when she was tired."),
    ("HART", 75, "Do you remember when the war began?"),
    ("LOMOVA", 81, "I remember the radio in the courtyard. Everybody stood very still. "
                   "My mother said, \u201cWe will not leave this city,\u201d and we did not."),
    ("HART", 120, "How did you live through the blockade?"),
    ("LOMOVA", 126, "We burned the furniture, then the books, but never the music. My father said "
                    "the piano was the last thing that would go, and it never went."),
    ("HART", 170, "And after the war?"),
    ("LOMOVA", 176, "I studied at the conservatory. I wanted to tune pianos like my father, "
                    "but they made me a teacher instead, which I did for forty years."),
    ("HART", 215, "Were you ever arrested?"),
    ("LOMOVA", 221, "In 1952 they came for my husband, Pavel. He was gone for three years. "
                    "When he came back he would not talk about the camp at all."),
    ("HART", 268, "What did you tell your children?"),
    ("LOMOVA", 281, "I told them their father was away on work. Children know more than you think. "
                    "My daughter said later that she always knew."),
    ("HART", 330, "Is there anything you would like to add?"),
    ("LOMOVA", 338, "Only that people should keep their instruments in tune. It is a small discipline, "
                    "and small disciplines kept us alive."),
]

LOMOVA_TOPICS = {2: ["Music", "Family"], 4: ["Family", "Education"], 6: ["War"], 8: ["Blockade", "Music"],
                 10: ["Education"], 12: ["Arrest"], 14: ["Family", "Arrest"], 16: ["Music"]}
LOMOVA_NAMES = [("person", "Pushkin"), ("person", "Chekhov"), ("place", "Vyborg"), ("place", "Leningrad"),
                ("person", "Pavel")]

ARTICLE_PARAGRAPHS = [
    ("title", "Ada Kerrow, printer and organiser, 1911-1998"),
    ("narration", "Ada Kerrow, who ran a small print shop in Leith for half a century, has died. "
                  "Friends remember her as \u201cthe loudest voice in any meeting,\u201d a phrase she "
                  "liked enough to print on her own business cards."),
    ("narration", "Asked in 1985 why she never retired, Kerrow said the presses were better company "
                  "than most people. She recalled her first strike in some detail:"),
    ("quote", "We stood outside the gates from six in the morning. Nobody told us to go home, "
              "so we did not go home. That was the whole of our strategy."),
    ("caption", "Ada Kerrow at the Leith print shop, about 1960."),
    ("narration", "She is survived by a nephew and by several thousand pamphlets."),
]

MARKUP_TURNS = [
    ("Q", 5, "Please read the note exactly as it was written."),
    ("A", 9, "It said <script>alert('owned')</script> & then \"Tom & Jerry\" <b>bold</b>."),
]

SECRET_TURNS = [
    ("Q", 0, "Tell me about the sealed orchard."),
    ("A", 4, "The sealed orchard was behind the monastery wall; nobody else knows of it."),
]


def build(doc_id: str, title: str, parts: list[tuple[str, float | None, str]], *, kind: str,
          metadata: dict, speakers: list[Speaker] | None = None, turns: bool = True) -> Document:
    """A document from (label or passage kind, time, body) parts, with exact offsets."""
    text, passages = "", []
    for head, time, body in parts:
        if turns:
            text += f"{head}: "
            passages.append(Passage(len(text), len(text) + len(body), kind="turn", label=head, time=time))
        else:
            passages.append(Passage(len(text), len(text) + len(body), kind=head))
        text += body + "\n\n"
    doc = Document(id=doc_id, title=title, text=text.rstrip("\n"), kind=kind,
                   source=Source(f"{doc_id}.txt", "text", hashlib.sha256(text.encode()).hexdigest()),
                   metadata=Metadata.from_dict(metadata), speakers=speakers or [], passages=passages)
    return doc


def _find(doc: Document, words: str) -> tuple[int, int]:
    start = doc.text.index(words)
    return start, start + len(words)


def lomova() -> Document:
    doc = build("lomova-1994", "Interview with Vera Lomova", LOMOVA_TURNS, kind="transcript", metadata={
        "interviewee": ["Vera Lomova"], "interviewer": ["Daniel Hart"], "date": "1994-03-03",
        "place": "Leningrad", "collection": "Neva Oral History Project", "publisher": "Neva Archive",
        "rights": "CC BY 4.0", "media_url": "/media/lomova-1994.mp3"},
        speakers=[Speaker("HART", "Daniel Hart", "interviewer"),
                  Speaker("LOMOVA", "Vera Lomova", "interviewee")])
    for n, labels in LOMOVA_TOPICS.items():
        doc.passages[n - 1].topics = [TopicTag(t) for t in labels]
    for type_, name in LOMOVA_NAMES:
        s, e = _find(doc, name)
        doc.passage_at(s).entities.append(Entity(type_, name, s, e))
    s, e = _find(doc, "\u201cWe will not leave this city,\u201d")
    doc.passage_at(s).quotes.append(QuoteSpan(s, e, "Vera Lomova's mother"))
    doc.segments = [Segment(0, "Family", 0, "Parents, music at home."),
                    Segment(75, "The war and the blockade", doc.passages[4].start),
                    Segment(215, "Arrest of Pavel", doc.passages[10].start, "Her husband's arrest in 1952.")]
    return doc


def kerrow() -> Document:
    parts = [(kind, None, body) for kind, body in ARTICLE_PARAGRAPHS]
    doc = build("kerrow-obituary", "Ada Kerrow, printer and organiser", parts, kind="article",
                metadata={"author": ["J. Smith"], "date": "1998-06-02", "publisher": "Leith Gazette"},
                turns=False)
    s, e = _find(doc, "\u201cthe loudest voice in any meeting,\u201d")
    doc.passages[1].quotes.append(QuoteSpan(s, e, "Friends"))
    doc.passages[3].speaker = "Ada Kerrow"
    return doc


def markup() -> Document:
    return build("markup-note", "A note with <markup> & \"quotes\"", MARKUP_TURNS, kind="transcript",
                 metadata={"interviewee": ["Tom <Jerry>"], "date": "2001"})


def secret() -> Document:
    return build("secret-orchard", "The orchard interview", SECRET_TURNS, kind="transcript",
                 metadata={"interviewee": ["Hidden Person"], "access": "restricted"})


def long_log() -> Document:
    """A mission-log-like transcript long enough to be read in parts (600 short turns)."""
    lines = ["Roger, reading you loud and clear.", "Copy that, mark {n} logged.",
             "Cabin pressure holding steady.", "Say again your last readout."]
    parts = [("CAPCOM" if n % 2 else "CDR", n * 10.0, lines[n % 4].format(n=n)) for n in range(1, 601)]
    return build("long-log", "Flight log, day two", parts, kind="transcript",
                 metadata={"date": "1969-07-18", "collection": "Mission logs"},
                 speakers=[Speaker("CDR", "Commander", "interviewee"), Speaker("CAPCOM", "Capcom", "other")])


def fixture_documents() -> list[Document]:
    docs = [lomova(), kerrow(), markup(), secret(), long_log()]
    for doc in docs:
        # The real pipeline: resolves speakers and numbers passages (tagging is given above).
        pipeline.prepare(doc, tag=False)
    return docs


def make_archive(folder) -> None:
    from archive.store import Store
    from indexer.service import SearchService

    store = Store(folder)
    service = SearchService(store, backend="tantivy")
    try:
        for doc in fixture_documents():
            store.replace_source(f"/fixtures/{doc.id}.txt", doc.source.sha256, [doc])
            service.on_stored([doc], [])
        service.commit()
    finally:
        service.close()
        store.close()


@pytest.fixture(scope="session")
def web_archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web-archive")
    make_archive(folder)
    return folder


@pytest.fixture(scope="session")
def app(web_archive):
    from webapp import create_app

    app = create_app(archive=web_archive, backend="tantivy", TESTING=True)
    yield app
    app.extensions["oral_archive"].close()


@pytest.fixture
def client(app):
    return app.test_client()
