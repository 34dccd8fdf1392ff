"""Resolve speaker labels ("HART", "Q", "Mr. Hart", "INTERVIEWER") to full names and roles.

Sources, strongest first: what the reader or the sidecar's ``speakers`` map already says
(Spacelog's character list, a sidecar entry) is kept; then the document's ``interviewer`` and
``interviewee`` metadata: ``Q``/``A`` and the words "interviewer"/"interviewee" by role, any
other label by surname, given name or full name ("HART" -> "Daniel Hart"). A label that
matches nobody stays as it is. Only labelled passages get a speaker here; people merely
mentioned in the text are entities (``archive.tagging.entities``), never speakers.
"""

from __future__ import annotations

import re
import unicodedata

from archive.model import Document, Speaker

# Labels that name a role, not a person.
ROLE_LABELS = {
    "q": "interviewer", "question": "interviewer", "interviewer": "interviewer", "int": "interviewer",
    "i": "interviewer", "ques": "interviewer", "a": "interviewee", "answer": "interviewee",
    "ans": "interviewee", "interviewee": "interviewee", "narrator": "interviewee",
    "respondent": "interviewee",
    "subject": "interviewee",
}
ROLE_ABBREVIATIONS = {"ques", "ans", "int", "i"}
# Role words that stand for no one by themselves; "SUBJECT" is kept as the speaker's label, as
# house styles that use it show it.
NAMELESS = set(ROLE_LABELS) - {"subject"}
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof|rev|sen|gen|col|capt|sgt)\.?\s+", re.IGNORECASE)


def resolve(doc: Document) -> None:
    """Give every passage with a label its speaker's full name and role."""
    known = {s.label: s for s in doc.speakers}
    for s in doc.speakers:
        _complete(doc, s)
    for p in doc.passages:
        if p.label is None or p.kind == "footnote":  # a footnote's label is its number
            continue
        s = known.get(p.label)
        if s is None:
            s = Speaker(label=p.label)
            _complete(doc, s)
            doc.speakers.append(s)
            known[p.label] = s
        # A role word ("Q", "Ques", "Interviewer") is no one's name: without a name it stays the
        # passage's label and role, not its speaker.
        p.speaker = s.name or (None if _key(s.label) in NAMELESS else s.label)
        p.role = p.role or s.role
    _flag_unnamed(doc)


def _flag_unnamed(doc: Document) -> None:
    """A label the header's names do not account for is kept as written, and said so."""
    meta = doc.metadata
    if not (meta.interviewee or meta.interviewer) or doc.kind != "transcript":
        return
    for s in doc.speakers:
        if s.name is None and _key(s.label) not in ROLE_LABELS:
            doc.warn(f"speaker label {s.label!r} matches nobody the metadata names; kept as written")


def _complete(doc: Document, s: Speaker) -> None:
    """Fill a speaker's missing name and role from the label and the metadata."""
    role = ROLE_LABELS.get(_key(s.label))
    if s.role is None and role is not None:
        s.role = role
    if s.name is None:
        s.name = _name_from_metadata(doc, s)
    if s.role is None and s.name is not None:
        for role_name, names in (("interviewer", doc.metadata.interviewer),
                                 ("interviewee", doc.metadata.interviewee)):
            if any(_key(n) == _key(s.name) for n in names):
                s.role = role_name


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _name_from_metadata(doc: Document, s: Speaker) -> str | None:
    """``Q``/``A`` by role when the role has one person; other labels by full name, surname or
    given name ("HART", "Mr. Hart", "DANIEL HART" -> "Daniel Hart")."""
    meta = doc.metadata
    by_role = {"interviewer": meta.interviewer, "interviewee": meta.interviewee}
    if _key(s.label) in ROLE_LABELS:
        people = by_role.get(s.role or "", [])
        return people[0] if len(people) == 1 else None
    label = _key(_HONORIFIC.sub("", s.label.strip()))
    if not label:
        return None
    matches: list[tuple[str, str]] = []
    for role, people in by_role.items():
        for name in people:
            parts = _key(name).split()
            initials = "".join(p[0] for p in parts)
            by_initials = s.label.isupper() and 2 <= len(label) <= 4 and label in (
                initials, initials[:1] + initials[-1:])  # "JR" for Jane Roe
            if label == " ".join(parts) or (parts and label in (parts[-1], parts[0])) or by_initials:
                matches.append((role, name))
    if len({name for _, name in matches}) == 1:
        role, name = matches[0]
        s.role = s.role or role
        return name
    if not matches and len(label.split()) == 1:
        # "Vera Lomova:" once, "Vera:" after: the same speaker, named in full where first heard.
        fuller = {o.label for o in doc.speakers if o is not s and len(_key(o.label).split()) > 1
                  and label in (_key(o.label).split()[0], _key(o.label).split()[-1])}
        fuller |= {p.label for p in doc.passages if p.label and p.kind == "turn"
                   and len(_key(p.label).split()) > 1 and label in (_key(p.label).split()[0],)}
        if len(fuller) == 1:
            full = fuller.pop()
            other = next((o for o in doc.speakers if o.label == full), None)
            return (other.name if other is not None and other.name else full)
    return None
