"""Resolve speaker labels ("HART", "Q", "CDR") to full names and roles."""

from __future__ import annotations

from archive.model import Document, Speaker

QA_ROLES = {"Q": "interviewer", "A": "interviewee"}


def resolve(doc: Document) -> None:
    """Give every passage with a label its speaker's full name and role."""
    known = {s.label: s for s in doc.speakers}
    for p in doc.passages:
        if p.label is None:
            continue
        s = known.get(p.label)
        if s is None:
            s = Speaker(label=p.label, role=QA_ROLES.get(p.label.upper()))
            doc.speakers.append(s)
            known[p.label] = s
        if s.name is None:
            s.name = _name_from_metadata(doc, s)
        p.speaker = s.name or s.label
        p.role = p.role or s.role


def _name_from_metadata(doc: Document, s: Speaker) -> str | None:
    """``Q``/``A`` and surnames ("HART") resolve against the interviewer/interviewee lists."""
    meta = doc.metadata
    role_names = {"interviewer": meta.interviewer, "interviewee": meta.interviewee}
    if s.role in role_names and len(role_names[s.role]) == 1:
        return role_names[s.role][0]
    label = s.label.strip().lower()
    for role, names in role_names.items():
        for name in names:
            parts = name.lower().replace(".", " ").split()
            if label == name.lower() or (parts and label in (parts[-1], parts[0])):
                s.role = s.role or role
                return name
    return None
