"""Speaker labels and timecodes, the one set of rules every reader shares."""

from __future__ import annotations

import pytest

from archive.readers import _turns
from archive.readers._turns import parse


@pytest.mark.parametrize("text, label, time, rest", [
    ("[00:12:31] HART: Where were you born?", "HART", 751.0, "Where were you born?"),
    ("HART: [12:31] Where were you born?", "HART", 751.0, "Where were you born?"),
    ("(01:02) Vera Lomova: In Leningrad.", "Vera Lomova", 62.0, "In Leningrad."),
    ("Speaker 1 (00:01:02): Hello?", "Speaker 1", 62.0, "Hello?"),
    ("O'Brien: Yes.", "O'Brien", None, "Yes."),
    ("Note: the tape ends here.", None, None, "Note: the tape ends here."),
    ("Then he said: go.", None, None, "Then he said: go."),
    ("[1:02:03:04] CDR: Roger.", "CDR", 93784.0, "Roger."),
])
def test_label_and_time_at_the_start(text, label, time, rest):
    line = parse(text)
    assert (line.label, line.time, line.text) == (label, time, rest)


def test_names_standing_alone_and_roles():
    assert _turns.is_name("HART:") and _turns.is_name("Vera Lomova")
    assert not _turns.is_name("HART, then") and not _turns.is_name("Well")
    assert [_turns.role_for(x) for x in ("Q", "a", "Interviewer", "Narrator", "HART", None)] == [
        "interviewer", "interviewee", "interviewer", "interviewee", None, None]


def test_a_hostile_line_costs_linear_time():
    line = "A" * 50 + " " + "B(" * 200_000 + ":"
    assert parse(line).label is None
