"""Access decided with ``oral-archive access`` outlasts re-ingest and ``--force``: when the file
asks for a more open level, the stricter wins and the ingest summary says so."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from archive.access import Decision
from webapp.cli import main


def cli(archive, *args):
    return CliRunner().invoke(main, ["--archive", str(archive), *args])


def _doc(archive, doc_id):
    result = cli(archive, "show", doc_id, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["metadata"]


@pytest.fixture
def archived(tmp_path):
    src = tmp_path / "files"
    src.mkdir()
    (src / "vera.txt").write_text("Title: Vera\nAccess: public\n\nWe kept the piano tuned.\n",
                                  encoding="utf-8")
    archive = tmp_path / "archive"
    assert cli(archive, "ingest", str(src)).exit_code == 0
    return archive, src


def test_access_decision_survives_reingest_and_force(archived):
    archive, src = archived
    assert cli(archive, "access", "vera", "restricted").exit_code == 0
    assert cli(archive, "ingest", str(src)).exit_code == 0
    assert _doc(archive, "vera")["access"] == "restricted"
    forced = cli(archive, "ingest", "--force", "--json", str(src))
    assert forced.exit_code == 0, forced.output
    assert _doc(archive, "vera")["access"] == "restricted"
    # The file asks for public: the stricter decision stays, and the summary says so.
    assert any("vera" in line and "public" in line and "restricted" in line
               for line in json.loads(forced.stdout)["access_kept"])
    hidden = CliRunner().invoke(main, ["--archive", str(archive), "--as", "anonymous", "search",
                                       "piano", "--json"])
    assert json.loads(hidden.stdout)["total"] == 0


def test_a_sidecar_cannot_open_a_decided_seal(archived):
    archive, src = archived
    assert cli(archive, "access", "vera", "sealed", "--until", "2090-01-01").exit_code == 0
    (src / "vera.meta.json").write_text(json.dumps({"access": "public"}), encoding="utf-8")
    report = cli(archive, "ingest", "--json", str(src))  # the sidecar changed: re-read
    assert report.exit_code == 0, report.output
    meta = _doc(archive, "vera")
    assert (meta["access"], meta["sealed_until"]) == ("sealed", "2090-01-01")
    assert json.loads(report.stdout)["access_kept"]


def test_a_file_stricter_than_the_decision_wins(archived):
    archive, src = archived
    assert cli(archive, "access", "vera", "sealed", "--until", "2000-01-01").exit_code == 0
    (src / "vera.txt").write_text("Title: Vera\nAccess: restricted\n\nWe kept the piano tuned.\n",
                                  encoding="utf-8")
    report = cli(archive, "ingest", "--json", str(src))
    assert report.exit_code == 0, report.output
    meta = _doc(archive, "vera")
    # Sealed until 2000 by staff, restricted by the file: restricted once the seal is past.
    assert (meta["access"], meta["sealed_until"], meta["access_after"]) == ("sealed", "2000-01-01",
                                                                            "restricted")
    [kept] = json.loads(report.stdout)["access_kept"]
    assert "asks for restricted; kept sealed until 2000-01-01, then restricted" in kept


def test_the_summary_names_kept_decisions(archived):
    archive, src = archived
    assert cli(archive, "access", "vera", "restricted").exit_code == 0
    result = cli(archive, "ingest", "--force", str(src))
    assert "access: vera: the file asks for public; kept restricted" in result.output


@pytest.mark.parametrize("a, b, combined", [
    (Decision("public"), Decision("restricted"), Decision("restricted")),
    (Decision("sealed", "2030-01-01", "public"), Decision("restricted"),
     Decision("sealed", "2030-01-01", "restricted")),
    (Decision("sealed", "2030-01-01", "public"), Decision("sealed", "2040-01-01", "public"),
     Decision("sealed", "2040-01-01", "public")),
    (Decision("sealed", None, "public"), Decision("sealed", "2040-01-01", "restricted"),
     Decision("sealed", None, "restricted")),
])
def test_decisions_combine_to_the_stricter_on_every_day(a, b, combined):
    assert a.combine(b) == combined and b.combine(a) == combined
