"""``--as`` chooses whose view a CLI command shows; the default (admin) sees everything."""

from __future__ import annotations

import json

from click.testing import CliRunner

from webapp.cli import main

OPEN = "MOROZOV: The orchard behind the school had forty apple trees.\n"
CLOSED = "MOROZOV: My brother hid the letters under the floorboards of the bathhouse.\n"


def _archive(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "open.txt").write_text(OPEN, encoding="utf-8")
    (src / "closed.txt").write_text(CLOSED, encoding="utf-8")
    (src / "closed.meta.json").write_text('{"access": "restricted"}', encoding="utf-8")
    archive = tmp_path / "archive"
    result = CliRunner().invoke(main, ["--archive", str(archive), "ingest", str(src)])
    assert result.exit_code == 0, result.output
    return archive


def run(archive, *args):
    return CliRunner().invoke(main, ["--archive", str(archive), *args])


def test_admin_by_default_and_anonymous_on_request(tmp_path):
    archive = _archive(tmp_path)
    ids = {d["id"] for d in json.loads(run(archive, "list", "--json").output)}
    assert ids == {"open", "closed"}
    anon = {d["id"] for d in json.loads(run(archive, "--as", "anonymous", "list", "--json").output)}
    assert anon == {"open"}

    found = json.loads(run(archive, "search", "floorboards", "--json").output)
    assert [h["document_id"] for h in found["hits"]] == ["closed"]
    hidden = json.loads(run(archive, "--as", "anonymous", "search", "floorboards", "--json").output)
    assert hidden["total"] == 0 and hidden["hits"] == []

    assert run(archive, "--as", "staff", "show", "closed").exit_code == 0
    for args in (["show", "closed"], ["cite", "closed:p1"]):
        result = run(archive, "--as", "anonymous", *args)
        assert result.exit_code == 2 and "not found" in result.output
