"""Volumes of many interviews: one document per interview, named after the person interviewed."""

from __future__ import annotations

import time

from archive.readers import read, volume
from tests.archive.readers.test_text import check_offsets, passage_texts, read_corpus

FWP = "fwp-slave-narratives"


def test_volume_fixture(fixtures):
    front, sam, jenny, ned, mary = read(fixtures / "text" / "volume.txt")
    for doc in (front, sam, jenny, ned, mary):
        check_offsets(doc)
    # The title page is kept, but not as an interview.
    assert front.kind == "article" and not front.metadata.interviewee
    assert "Folk History" in front.text
    assert (sam.title, sam.id, sam.kind) == ("Sam Writer", "Sam Writer", "transcript")
    assert sam.metadata.interviewee == ["Sam Writer"] and sam.metadata.interviewer == ["Ruth Example"]
    assert sam.metadata.place == "Elmwood, Nowhere County" and sam.metadata.extra["age"] == "88"
    assert passage_texts(sam, "metadata")[-1] == "[TR: Date stamp: MAY 3 1937]"
    assert passage_texts(sam, "narration")[0].startswith('"I was born on a farm down by the creek. We had')
    assert jenny.title == "Jenny Sample" and jenny.metadata.interviewer == ["Tom Field"]
    turns = [p for p in jenny.passages if p.kind == "turn"]
    assert [(p.label, p.role) for p in turns] == [("Interviewer", "interviewer")] * 2
    assert jenny.text[turns[0].start:turns[0].end] == "What did you eat in those days?"
    assert "greens [HW: collards] from the garden" in jenny.text
    assert all(p.label is None for p in jenny.passages if p.kind == "narration")
    assert ned.title == "Ned Example" and ned.text.startswith("NED EXAMPLE was born in 1850")
    # named only by the closing "Source:" line; the date from a header line
    assert (mary.title, mary.metadata.interviewer) == ("Mary Hill", ["Ann Clerk"])
    assert mary.metadata.date == "1937-05-24"


def test_a_header_alone_heads_the_next_stretch(tmp_path):
    path = tmp_path / "nc.txt"
    story = '"I was born in the yard of the big house, and my mother cooked there for years."\n'
    parts = [
        "Worker: Mary Hicks\nNo. Words: 400\nSubject: A STORY\nPerson Interviewed: Ann Field\n",
        "A STORY\n\n" + story,
        "Worker: Pat Matthews\nPerson Interviewed: Joe Lane\n\n" + story,
        "Worker: Pat Matthews\nPerson Interviewed: Lou Hart\n\n" + story,
    ]
    path.write_text("\n\n\n\n\n".join(parts), encoding="utf-8")
    docs = read(path)
    assert [d.title for d in docs] == ["Ann Field", "Joe Lane", "Lou Hart"]
    assert docs[0].metadata.extra["no_words"] == "400" and docs[0].metadata.interviewer == ["Mary Hicks"]


def test_real_volumes(corpus):
    volumes = {f.stem: docs for f, docs in read_corpus(corpus)[0].items() if f.parent.name == FWP}
    assert len(volumes) == 33
    docs = [d for v in volumes.values() for d in v]
    assert len(docs) > 2000  # about seventy interviews a volume
    named = [d for d in docs if d.metadata.interviewee]
    assert len(named) > 0.9 * len(docs)
    for doc in docs[::25]:
        check_offsets(doc)
    # The three header shapes: key lines, a name line with an *Interview with* block, a capitalised opening.
    first = {stem: v[0] for stem, v in volumes.items()}
    assert first["alabama_1"].title == "Charlie Aarons"
    assert first["alabama_1"].metadata.interviewer == ["Mary A. Poole"]
    assert first["arkansas_1"].title == "Silas Abbott"
    assert first["arkansas_1"].metadata.interviewer == ["Miss Irene Robertson"]
    assert first["arkansas_1"].metadata.extra["age"] == "73"
    assert first["texas_1"].title == "Will Adams"
    assert first["northcarolina_1"].title == "Louisa Adams"
    assert first["northcarolina_1"].metadata.extra["editor"] == "Daisy Bailey Waitt"
    assert [d.title for d in volumes["alabama_1"][:3]] == ["Charlie Aarons", "Anthony Abercrombie",
                                                           "Molly Ammond"]
    assert [d.title for d in volumes["arkansas_1"][:2]] == ["Silas Abbott", "Lucian Abernathy"]
    # editorial marks are the source and stay; narrative is narration, interviewers' questions are turns
    assert any("[TR:" in d.text for d in docs) and any("[HW:" in d.text for d in docs)
    interviewer_turns = [p for d in docs for p in d.passages if p.label == "Interviewer"]
    assert interviewer_turns and all(p.kind == "turn" for p in interviewer_turns)
    assert all(p.label is None for d in docs for p in d.passages if p.kind == "narration")


def test_hostile_header_lines_stay_cheap(tmp_path):
    section = ("Person interviewed: " + " " * 200_000 + "x\nAge:" + " -" * 100_000
               + '\n\n"' + "word " * 500 + '"')
    path = tmp_path / "hostile.txt"
    path.write_text("\n\n\n\n\n".join([section] * 4), encoding="utf-8")
    started = time.perf_counter()
    docs = read(path)
    assert len(docs) == 4 and time.perf_counter() - started < 5.0
    for doc in docs:
        check_offsets(doc)


def test_lines_of_any_whitespace_are_blank_between_interviews():
    # Vertical tab, file separator, NEL, ideographic and no-break spaces are whitespace to
    # str.isspace, and to the gap finder too.
    lines = ["A", "\x0b", "\u3000 ", "\x1c", "", " \t", "\x85", "B", "", "", "", "", "", "C", "\u00a0"]
    assert volume.gaps(lines) == [(0, 1), (7, 8), (13, 14)]


def test_fwp_volumes_split_where_interviews_begin_and_name_the_person_interviewed(corpus):
    from archive.ingest import read_file

    kentucky, *_ = read_file(corpus / "fwp-slave-narratives" / "kentucky_1.txt")
    by_title = {d.title: d for d in kentucky}
    for name in ("Annie Morgan", "Cora Torian", "Mary Wooldridge", "John Anderson", "Joana Owens"):
        assert by_title[name].metadata.interviewee == [name]
    morgan = by_title["Annie Morgan"]
    assert "Story of Cora Torian" not in morgan.text
    # "Ques"/"Ans" are the roles of the two speakers, never people.
    roles = {(p.label, p.role, p.speaker) for p in morgan.passages if p.kind == "turn"}
    assert ("Ques", "interviewer", None) in roles and ("Ans", "interviewee", "Annie Morgan") in roles
    carolina, *_ = read_file(corpus / "fwp-slave-narratives" / "northcarolina_2.txt")
    watkins = [d for d in carolina if d.metadata.interviewer == ["Nancy Watkins"]]
    assert sorted(d.title for d in watkins) == ["Anderson Scales", "Catherine Scales", "Porter Scales"]
    assert not any(d.title.startswith("By ") for d in carolina)
