"""A small corpus of our own writing for the engine conformance suite: a transcript, an
obituary with a block quotation and a caption, restricted and sealed documents, and a
long interview for pagination."""

from __future__ import annotations

from archive.model import Document, Metadata, Passage, Source, TopicTag


def make_doc(doc_id: str, title: str, parts: list[tuple], **meta) -> Document:
    """``parts``: (kind, speaker or None, text[, topics]) in order, joined by blank lines."""
    text, passages = "", []
    for part in parts:
        kind, speaker, body = part[:3]
        topics = part[3] if len(part) > 3 else []
        if text:
            text += "\n\n"
        passages.append(Passage(len(text), len(text) + len(body), kind=kind, speaker=speaker,
                                topics=[TopicTag(t) for t in topics]))
        text += body
    doc = Document(id=doc_id, title=title, text=text, source=Source(f"{doc_id}.txt", "text"),
                   metadata=Metadata.from_dict(meta))
    doc.passages = passages
    doc.number_passages()
    return doc


LOMOVA = make_doc("lomova-1998", "Interview with Vera Lomova", [
    ("turn", "Daniel Hart", "What do you remember of the flat on Arbat street?"),
    ("turn", "Vera Lomova", "My mother made us keep the piano tuned, even in the winter of the arrests.",
     ["Music", "Arrest"]),
    ("turn", "Daniel Hart", "Did your father speak of Trotsky?"),
    ("turn", "Vera Lomova", "He met Trotskii once in 1923, and Zinovyev twice. Later he admired "
     "Khrushchov, who let him come home.", ["Politics"]),
    ("turn", "Vera Lomova", "The harvest failed that year and the rain never stopped."),
    ("turn", "Vera Lomova", "He was everything to me, a mother, a father, everything. When he came back "
     "from the camp he taught me to read the old way.", ["Family"]),
    ("turn", "Vera Lomova", "We sang on the stairs at night. Nobody slept and nobody"),
    ("turn", "Vera Lomova", "complained about the noise, because the neighbours sang with us."),
], interviewee=["Vera Lomova"], interviewer=["Daniel Hart"], date="1998-03-02")

OBITUARY = make_doc("obituary", "In memory of Zorya Serebryakova", [
    ("title", None, "In memory of Zorya Serebryakova"),
    ("narration", None, "Zorya Serebryakova spent twenty years in exile. Her father read Троцкий "
     "and Зиновьев aloud at the kitchen table.", ["Exile"]),
    ("quote", "Zorya Serebryakova", "Everyone knew each other very well, and everyone kept the piano tuned.",
     ["Music"]),
    ("caption", None, "Zorya Serebriakova at home in 2013, beside the piano"),
    ("narration", None, "The harvest festival was held in the village square."),
], date="2024-11-02", author=["A. Writer"])

RESTRICTED = make_doc("restricted-notes", "Restricted notes", [
    ("turn", "Vera Lomova", "The samovar was hidden under the floor with the letters."),
], access="restricted", date="1998-03-03")

SEALED = make_doc("sealed-letters", "Sealed letters", [
    ("narration", None, "A telegram and a samovar were all that was left."),
], access="sealed", sealed_until="2030-01-01", access_after="public", date="1950-01-01")

OPENED = make_doc("opened-letters", "Letters opened in 2001", [
    ("narration", None, "The telegram arrived on a Sunday."),
], access="sealed", sealed_until="2001-01-01", access_after="public", date="1952-01-01")

HARVEST = make_doc("harvest-1937", "Harvest memories", [
    ("turn", "Ivan Petrov" if n % 2 else "Daniel Hart",
     f"The harvest of year {n} was {'good' if n % 3 else 'ruined by the rain'}, and we counted sacks.",
     ["Farming"])
    for n in range(1, 26)
], date="1937-09-01")

RANKING = make_doc("ranking", "Ranking", [
    ("caption", None, "Lanterns along the frozen river."),
    ("narration", None, "Lanterns along the frozen river."),
    ("turn", "Ivan Petrov", "Lanterns along the frozen river."),
], date="1960-01-01")

DOCUMENTS = [LOMOVA, OBITUARY, RESTRICTED, SEALED, OPENED, HARVEST, RANKING]
