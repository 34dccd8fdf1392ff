"""Access values from headers, JSON Lines records and sidecars: read case-insensitively, and
whatever is unknown or contradictory fails closed (the most restrictive level, with a warning)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from archive.access import ANONYMOUS, Viewer, effective_access, visible
from archive.ingest import ingest
from archive.model import Metadata
from indexer.rows import access_fields

STAFF = Viewer("staff")
ADMIN = Viewer("admin")


def _ingest_one(folder, store, name, text, side=None):
    (folder / name).write_text(text, encoding="utf-8")
    if side is not None:
        (folder / (name.rsplit(".", 1)[0] + ".meta.json")).write_text(json.dumps(side), encoding="utf-8")
    report = ingest(store, [folder / name], workers=1)
    assert report.failures == []
    return report


def test_capitalised_sealed_in_a_header_is_sealed(tmp_path, store):
    _ingest_one(tmp_path, store, "vera.txt", "Title: Vera\nAccess: Sealed\n\nQ: Where?\n\nA: In the mill.\n")
    doc = store.get("vera")
    assert doc.metadata.access == "sealed"
    assert not visible(doc.metadata, STAFF) and visible(doc.metadata, ADMIN)


def test_capitalised_sealed_in_a_json_lines_record_is_sealed(tmp_path, store):
    record = {"id": "r1", "title": "Record one", "text": "We kept the piano tuned.", "access": "SEALED "}
    _ingest_one(tmp_path, store, "records.jsonl", json.dumps(record) + "\n")
    [summary] = store.documents()
    assert summary.metadata.access == "sealed" and not visible(summary.metadata, STAFF)


def test_capitalised_access_after_keeps_a_restricted_opening(tmp_path, store):
    _ingest_one(tmp_path, store, "old.txt", "Title: Old\n\nWe kept the piano tuned.\n",
                {"access": "sealed", "sealed_until": "2000-01-01", "access_after": "Restricted"})
    meta = store.get("old").metadata
    assert meta.access_after == "restricted"
    assert effective_access(meta, date(2024, 1, 1)) == "restricted"
    assert not visible(meta, ANONYMOUS) and visible(meta, STAFF)
    assert access_fields(meta)[:2] == ("sealed", "restricted")


def test_nested_sidecar_cannot_open_what_the_top_level_restricts(tmp_path, store):
    report = _ingest_one(tmp_path, store, "brek.txt", "Title: Brek\n\nMy father built boats.\n",
                         {"access": "restricted", "metadata": {"access": "public"}})
    assert store.get("brek").metadata.access == "restricted"
    assert any("access given twice" in w.message and "restricted" in w.message for w in report.warnings)


@pytest.mark.parametrize("side, warned", [
    ({"access": "secret"}, "access ['secret'] is not one of"),
    ({"metadata": {"access": "pubic"}}, "access ['pubic'] is not one of"),
])
def test_unknown_sidecar_level_seals_the_document_with_a_warning(tmp_path, store, side, warned):
    report = _ingest_one(tmp_path, store, "brek.txt", "Title: Brek\n\nMy father built boats.\n", side)
    assert store.get("brek").metadata.access == "sealed"
    assert any(warned in w.message for w in report.warnings), report.warnings


def test_unknown_header_level_seals_the_document_with_a_warning(tmp_path, store):
    report = _ingest_one(tmp_path, store, "odd.txt", "Title: Odd\nAccess: staff-only\n\nWords here.\n")
    assert store.get("odd").metadata.access == "sealed"
    assert any("'staff-only' is not one of" in w.message for w in report.warnings)


def test_unknown_access_after_never_opens(tmp_path, store):
    report = _ingest_one(tmp_path, store, "odd.txt", "Title: Odd\n\nWords here.\n",
                         {"access": "sealed", "sealed_until": "2000-01-01", "access_after": "everyone"})
    meta = store.get("odd").metadata
    assert effective_access(meta, date(2030, 1, 1)) == "sealed"
    assert access_fields(meta)[2] == 99991231
    assert any("seal never opens" in w.message for w in report.warnings)


def test_stored_values_in_other_cases_are_read_closed():
    """Metadata stored before values were settled is read the same careful way."""
    assert effective_access(Metadata(access="Sealed"), date.today()) == "sealed"
    assert effective_access(Metadata(access="nobody"), date.today()) == "sealed"
    assert access_fields(Metadata(access="RESTRICTED"))[0] == "restricted"
