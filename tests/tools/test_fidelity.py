"""The reader-fidelity table: every figure right on the real fixtures, and wrong when it is."""

from __future__ import annotations

import copy

from tools import fidelity


def test_every_figure_is_full_on_the_real_fixtures():
    rows = [fidelity.score(name) for name in fidelity.expectations()]
    assert len(rows) >= 9
    for row in rows:
        assert row.perfect, (row.name, row.figures(), row.errors[:5])
    assert "| text-baltimore-sessions | 100% (27/27)" in fidelity.table(rows)


def test_scoring_catches_a_wrong_time_speaker_anchor_and_lost_words():
    expected = fidelity.load("ohms-duarte-sync-index")
    docs = fidelity.read(expected)
    doc = docs[0]
    turns = [p for p in doc.passages if p.kind == "turn"]
    turns[5].time = (turns[5].time or 0) + 30
    turns[0].speaker = "Somebody Else"
    doc.segments[1].start += 5
    doc.text = doc.text.replace("Muzzi", "xxxxx")  # same length: offsets stay
    row = fidelity.score("ohms-duarte-sync-index", copy.deepcopy(expected), docs)
    assert row.times[0] == row.times[1] - 1
    assert row.speakers[0] == row.speakers[1] - 1
    assert row.segments[0] == row.segments[1] - 1
    assert row.words[0] < row.words[1]
