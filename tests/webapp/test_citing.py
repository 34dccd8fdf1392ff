"""Citation routes: the range as text or a file, the same as JSON, and a bibliography of collected quotes."""

from __future__ import annotations

import json
import re

import pytest
import rispy

from tests.conftest import missing

QUOTE = "keep the piano tuned"


def span(client, doc_id: str, words: str) -> tuple[int, int]:
    text = client.get(f"/api/documents/{doc_id}").get_json()["text"]
    start = text.index(words)
    return start, start + len(words)


def token(client) -> str:
    return client.get("/bibliography/token").get_json()["csrf_token"]


def test_text_citation_is_plain_text_with_timecode_and_permalink(client):
    start, end = span(client, "lomova-1994", QUOTE)
    response = client.get(f"/documents/lomova-1994/cite?start={start}&end={end}&format=chicago")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert "Content-Disposition" not in response.headers
    text = response.get_data(as_text=True)
    assert text.startswith("Vera Lomova, interview by Daniel Hart, March 3, 1994, Leningrad, transcript, "
                           "Neva Oral History Project, Neva Archive, 00:00:12, http://localhost/documents/lomova-1994?p=p2")
    assert text.rstrip().endswith(f"&hl={start}-{end}.")


@pytest.mark.parametrize("fmt, mimetype, ext", [
    ("bibtex", "application/x-bibtex", "bib"), ("ris", "application/x-research-info-systems", "ris"),
    ("csl-json", "application/vnd.citationstyles.csl+json", "json")])
def test_machine_formats_download_with_a_safe_name(client, fmt, mimetype, ext):
    start, end = span(client, "lomova-1994", QUOTE)
    response = client.get(f"/documents/lomova-1994/cite?start={start}&end={end}&format={fmt}")
    assert response.status_code == 200 and response.mimetype == mimetype
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="lomova-1994-{start}-{end}.{ext}"'


def test_api_cite_by_passage_and_by_range(client):
    data = client.get("/api/cite?passage=lomova-1994:p2&format=mla").get_json()
    assert data["passage_id"] == "lomova-1994:p2" and data["format"] == "mla"
    assert data["timecode"] == "00:00:12" and data["quote"].startswith("My father was a piano tuner.")
    assert set(data["forms"]) == {"works-cited", "in-text", "entry"}
    assert data["forms"]["in-text"] == "(Lomova 00:00:12)"
    start, end = span(client, "kerrow-obituary", "Nobody told us to go home")
    data = client.get(f"/api/cite?document=kerrow-obituary&start={start}&end={end}&format=chicago").get_json()
    assert data["text"] == ("Ada Kerrow, quoted in J. Smith, “Ada Kerrow, printer and organiser,” "
                            f"Leith Gazette, June 2, 1998, {data['permalink']}.\n")
    assert (data["start"], data["end"]) == (start, end)


def test_api_cite_machine_format_is_json_with_the_file_inside(client):
    data = client.get("/api/cite?passage=lomova-1994:p4&format=csl-json").get_json()
    [item] = json.loads(data["text"])
    assert item["type"] == "interview" and item["note"] == "00:00:47"


@pytest.mark.parametrize("url, status, message", [
    ("/documents/lomova-1994/cite?start=5&end=2", 400, "start/end"),
    ("/documents/lomova-1994/cite?start=0&end=999999", 400, "start/end"),
    ("/documents/lomova-1994/cite?start=-1&end=4", 400, "start"),
    ("/documents/lomova-1994/cite?start=0", 400, "end"),
    ("/documents/lomova-1994/cite?start=x&end=4", 400, "start"),
    ("/documents/lomova-1994/cite?start=0&end=4&format=harvard", 400, "format"),
    ("/documents/lomova-1994/cite", 400, "start"),
    ("/documents/nope/cite?start=0&end=4", 404, ""),
    ("/api/cite", 400, "passage"),
    ("/api/cite?passage=lomova-1994", 400, "passage"),
    ("/api/cite?passage=lomova-1994:p999", 404, "passage"),
    ("/api/cite?passage=nope:p1", 404, "document"),
    ("/api/cite?document=lomova-1994", 400, "start"),
    ("/api/cite?document=lomova-1994&start=0&end=4&format=", 200, ""),
])
def test_bad_requests_are_answered_never_500(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status, (url, response.get_data(as_text=True)[:200])
    assert message in response.get_data(as_text=True)


def test_hidden_documents_are_404_everywhere(client):
    for url in ("/documents/secret-orchard/cite?start=0&end=5", "/api/cite?passage=secret-orchard:p1",
                "/documents/secret-orchard/cite?start=0&end=5&format=ris"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "orchard was" not in response.get_data(as_text=True)
    response = client.post("/bibliography", json={"format": "ris", "items": [
        {"document": "secret-orchard", "start": 0, "end": 5}]}, headers={"X-CSRF-Token": token(client)})
    assert response.status_code == 404


def test_bibliography_of_collected_quotes_in_every_format(client):
    a = span(client, "lomova-1994", QUOTE)
    b = span(client, "kerrow-obituary", "Nobody told us to go home")
    items = [{"document": "lomova-1994", "start": a[0], "end": a[1]},
             {"document": "kerrow-obituary", "start": b[0], "end": b[1]},
             {"document": "lomova-1994", "passage": "lomova-1994:p6"}]
    headers = {"X-CSRF-Token": token(client)}
    ris = client.post("/bibliography", json={"format": "ris", "items": items}, headers=headers)
    assert ris.status_code == 200, ris.get_data(as_text=True)
    assert ris.headers["Content-Disposition"] == 'attachment; filename="bibliography.ris"'
    entries = rispy.loads(ris.get_data(as_text=True))
    assert [e["type_of_reference"] for e in entries] == ["INTV", "NEWS", "INTV"]
    for fmt in ("chicago", "mla", "apa", "bibtex", "csl-json"):
        response = client.post(f"/bibliography?format={fmt}", json=items, headers=headers)
        assert response.status_code == 200, (fmt, response.get_data(as_text=True)[:200])
        assert "Kerrow" in response.get_data(as_text=True)
    chicago = client.post("/bibliography", data={"format": "chicago", "items": json.dumps(items),
                                                 "csrf_token": headers["X-CSRF-Token"]})
    body = chicago.get_data(as_text=True)
    assert body.startswith("Notes\n\n1. “keep the piano tuned” Vera Lomova, interview by Daniel Hart")
    assert body.count("Lomova, Vera. Interview by Daniel Hart. March 3, 1994, Leningrad. Transcript. "
                      "Neva Oral History Project, Neva Archive. http://localhost/documents/lomova-1994.") == 1


@pytest.mark.parametrize("body, message", [
    ({"format": "ris", "items": []}, "items"),
    ({"format": "ris"}, "items"),
    ({"format": "nope", "items": [{"document": "lomova-1994", "start": 0, "end": 4}]}, "format"),
    ({"format": "ris", "items": ["lomova-1994"]}, "items[1]"),
    ({"format": "ris", "items": [{"start": 0, "end": 4}]}, "items[1].document"),
    ({"format": "ris", "items": [{"document": "lomova-1994", "start": 9, "end": 4}]}, "items[1].start/end"),
    ({"format": "ris", "items": [{"document": "lomova-1994", "start": 0}]}, "items[1].end"),
    ({"format": "ris", "items": [{"document": "lomova-1994"}]}, "items[1]"),
    ({"format": "ris", "items": [{"document": "lomova-1994", "start": 0, "end": 4}] * 501}, "items"),
    ("not json at all", "JSON"),
    (42, "body"),
])
def test_bibliography_validates_everything(client, body, message):
    headers = {"X-CSRF-Token": token(client)}
    if isinstance(body, str):
        response = client.post("/bibliography", data=body, content_type="application/json", headers=headers)
    else:
        response = client.post("/bibliography", json=body, headers=headers)
    assert response.status_code == 400, response.get_data(as_text=True)[:200]
    assert message in response.get_data(as_text=True)


def test_bibliography_without_the_csrf_token_is_refused(client):
    response = client.post("/bibliography", json={"format": "ris", "items": [
        {"document": "lomova-1994", "start": 0, "end": 4}]})
    assert response.status_code == 400


def test_hostile_ids_never_reach_headers(client):
    response = client.get("/documents/lomova-1994%0D%0AX-Evil:%201/cite?start=0&end=4&format=ris")
    assert response.status_code == 404 and "X-Evil" not in response.headers


def test_collect_script_states_its_contract(app):
    with app.open_resource("static/collect.js") as f:
        source = f.read().decode("utf-8")
    for attribute in ("data-collect-start", "data-collect-end", "data-document", "#collected",
                      "/bibliography", "X-CSRF-Token", "localStorage"):
        assert attribute.strip("#") in source
    assert re.search(r'fetch\("/bibliography"', source)


def test_collect_script_parses():
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        missing("node is not installed: collect.js syntax not checked")
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "webapp" / "static" / "collect.js"
    result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


# -- the CLI says the same -------------------------------------------------------------------

def run_cli(web_archive, *args: str):
    from click.testing import CliRunner

    from webapp.cli import main

    return CliRunner().invoke(main, ["--archive", str(web_archive), "cite", *args])


def test_cli_cites_a_passage_and_a_range(web_archive):
    result = run_cli(web_archive, "lomova-1994:p2", "--format", "chicago")
    assert result.exit_code == 0, result.output
    assert result.output == ("Vera Lomova, interview by Daniel Hart, March 3, 1994, Leningrad, "
                             "transcript, Neva Oral History Project, Neva Archive, 00:00:12.\n")
    result = run_cli(web_archive, "lomova-1994:p2", "--start", "20", "--end", "40", "--format", "ris",
                     "--base-url", "https://archive.example.org")
    [entry] = rispy.loads(result.output)
    assert entry["type_of_reference"] == "INTV"
    assert entry["urls"][0].startswith("https://archive.example.org/documents/lomova-1994?")
    assert entry["urls"][0].endswith("&hl=20-40")
    data = json.loads(run_cli(web_archive, "lomova-1994:p2", "--format", "apa", "--json").output)
    assert data["forms"]["in-text"] == "(Lomova, 1994, 00:00:12)"


@pytest.mark.parametrize("args, message", [
    (["nope:p1"], "not found: passage 'nope:p1'"),
    (["lomova-1994:p99"], "not found: passage 'lomova-1994:p99'"),
    (["lomova-1994:p2", "--start", "5"], "--start/--end"),
    (["lomova-1994:p2", "--start", "50", "--end", "10"], "start/end"),
    (["lomova-1994"], "PASSAGE_ID"),
])
def test_cli_errors_are_one_line(web_archive, args, message):
    result = run_cli(web_archive, *args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
