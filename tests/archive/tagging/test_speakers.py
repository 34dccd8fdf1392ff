"""Speaker labels resolved to full names and roles from metadata and speaker maps."""

from __future__ import annotations

from archive import sidecar
from archive.model import Document, Metadata, Source, Speaker
from archive.readers._build import TextBuilder
from archive.tagging import speakers


def _doc(turns: list[tuple[str, str]], meta: Metadata | None = None,
         known: list[Speaker] | None = None) -> Document:
    b = TextBuilder()
    for label, text in turns:
        b.add(text, "turn", label=label)
    return Document(id="t", title="t", text=b.text, source=Source("t.txt", "text"),
                    metadata=meta or Metadata(), passages=b.passages, speakers=list(known or []))


def test_surname_label_resolves_to_interviewer_from_metadata():
    doc = _doc([("HART", "Where were you born?"), ("LOMOVA", "In Kazan.")],
               Metadata(interviewer=["Daniel Hart"], interviewee=["Vera Lomova"]))
    speakers.resolve(doc)
    assert [(p.speaker, p.role) for p in doc.passages] == [("Daniel Hart", "interviewer"),
                                                           ("Vera Lomova", "interviewee")]


def test_q_and_a_labels_resolve_by_role():
    doc = _doc([("Q", "And then?"), ("A", "Then the war came.")],
               Metadata(interviewer=["Daniel Hart"], interviewee=["Vera Lomova"]))
    speakers.resolve(doc)
    assert [(p.speaker, p.role) for p in doc.passages] == [("Daniel Hart", "interviewer"),
                                                           ("Vera Lomova", "interviewee")]


def test_honorific_and_role_word_labels():
    doc = _doc([("Mr. Hart", "Go on."), ("INTERVIEWEE", "Yes.")],
               Metadata(interviewer=["Daniel Hart"], interviewee=["Vera Lomova"]))
    speakers.resolve(doc)
    assert [p.speaker for p in doc.passages] == ["Daniel Hart", "Vera Lomova"]
    assert doc.speaker_for("Mr. Hart").role == "interviewer"


def test_known_speakers_are_kept_and_unknown_labels_stay_as_given():
    doc = _doc([("CDR", "Roger."), ("CC", "Copy."), ("SMITH", "Hello.")],
               known=[Speaker("CDR", "Neil Armstrong", "other")])
    speakers.resolve(doc)
    assert [(p.speaker, p.role) for p in doc.passages] == [("Neil Armstrong", "other"), ("CC", None),
                                                           ("SMITH", None)]


def test_ambiguous_surname_is_not_guessed():
    doc = _doc([("HART", "Hello.")], Metadata(interviewer=["Daniel Hart"], interviewee=["Mary Hart"]))
    speakers.resolve(doc)
    assert doc.passages[0].speaker == "HART"


def test_sidecar_speaker_map_wins():
    doc = _doc([("DH", "Hello.")], Metadata(interviewer=["Daniel Hart"]))
    sidecar.apply(doc, {"speakers": {"DH": {"name": "Daniel Hart", "role": "interviewer"}}})
    speakers.resolve(doc)
    assert (doc.passages[0].speaker, doc.passages[0].role) == ("Daniel Hart", "interviewer")


def test_ques_and_ans_are_roles_not_speakers():
    # The Federal Writers' Project volumes write "Ques:" and "Ans:"; the interviewee is known,
    # the worker who asked is not.
    doc = _doc([("Ques", "Annie, did you ever have a dream to come true?"), ("Ans", "Sho does.")],
               Metadata(interviewee=["Easter Sudie Campbell"]))
    speakers.resolve(doc)
    assert [(p.speaker, p.role, p.label) for p in doc.passages] == [
        (None, "interviewer", "Ques"), ("Easter Sudie Campbell", "interviewee", "Ans")]
