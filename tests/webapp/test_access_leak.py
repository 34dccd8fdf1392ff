"""THE leak test: restricted, sealed and redacted words give nothing away to those not allowed.

Two archives are built with the real ingest (files and sidecars written here): one with the
public documents only, one with the same plus a restricted, two sealed and a redacted document.
Anonymous answers on the second must equal those on the first (no hit, snippet, facet count or
total changes); pages, API entries and citations of hidden documents answer 404 exactly as an
unknown id does; signed in with the right role, everything is found. The clock is set per test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from archive.ingest import ingest
from archive.store import Store, users

PUBLIC = {
    "harbour.txt": "Title: The harbour keeper\nInterviewee: Ines Faro\n\n"
                   "Q: What do you remember of the river?\n\n"
                   "INES: The river froze every winter and we walked across it to the mill.\n\n"
                   "Q: And the lighthouse?\n\n"
                   "INES: My father kept the lamp lit through the storms of 1953.\n",
    "baker.txt": "Title: The baker of Elm Street\nInterviewee: Tomas Brod\n\n"
                 "Q: Tell me about the bakery.\n\nTOMAS: We baked rye bread before dawn, and the river "
                 "smell came in through the windows.\n\nQ: Every day?\n\nTOMAS: Every day but Sunday.\n",
    # Public, with words withheld: a marked span and a sidecar string.
    "neighbour.txt": ("Title: Interview with a neighbour\n\nQ: Who hid you?\n\n"
                      "A: It was [REDACTED: Kestrelmann the cobbler] who hid us, and later Obadiah Thornwick "
                      "drove us to the river.\n\nQ: Did you see them again?\n\nA: Never again.\n",
                      {"redactions": ["Obadiah Thornwick"]}),
}
HIDDEN = {
    "mv-testimony.txt": ("Title: Confidential testimony of Mirela Vostrikova\n"
                         "Interviewee: Mirela Vostrikova\n\nQ: What happened at the river?\n\n"
                         "MIRELA: The zanzibarite ledger was hidden under the quellweather floorboards "
                         "by the river.\n\nQ: Who else knew?\n\nMIRELA: Nobody else knew of it.\n",
                         {"access": "restricted", "speakers": {"MIRELA": {"name": "Mirela Vostrikova",
                                                                           "role": "interviewee"}}}),
    "op-memoir.txt": ("Title: Sealed memoir of Oswin Plumbago\nInterviewee: Oswin Plumbago\n\n"
                      "Q: Where were you born?\n\nOSWIN: In plumbagoville, by the river, where the "
                      "marrowgate bells rang.\n\nQ: And your parents?\n\nOSWIN: Farmers, both.\n",
                      {"access": "sealed", "sealed_until": "2030-06-01", "access_after": "public"}),
    "qo-later.txt": ("Title: Sealed then staff only\n\nQ: And later?\n\n"
                     "A: Later the quintessa orchard burned near the river.\n\nQ: Why?\n\nA: Nobody knows.\n",
                     {"access": "sealed", "sealed_until": "2030-06-01", "access_after": "restricted"}),
}
RESTRICTED_WORDS = ["zanzibarite", "quellweather", "Vostrikova", "Mirela", "Confidential"]
SEALED_WORDS = ["plumbagoville", "marrowgate", "Plumbago", "Oswin"]
SEALED_STAFF_WORDS = ["quintessa"]
REDACTED_WORDS = ["Kestrelmann", "cobbler", "Obadiah", "Thornwick"]
SHARED_WORDS = ["river", "winter", '"the river"', "river OR orchard", "speaker:Mirela river",
                "kind:turn river", "document:mv-testimony river", 'speaker:"Mirela Vostrikova" river',
                "river -zanzibarite", "decade:2030s river"]
BEFORE, AFTER = "2026-11-27", "2031-01-01"
ACCOUNTS = {"staff": ("sam", "staff password 1"), "admin": ("ada", "admin password 1")}


def _build(folder: Path, files: dict) -> Path:
    src = folder / "src"
    src.mkdir(parents=True)
    for name, value in files.items():
        text, side = value if isinstance(value, tuple) else (value, None)
        (src / name).write_text(text, encoding="utf-8")
        if side is not None:
            (src / name.replace(".txt", ".meta.json")).write_text(json.dumps(side), encoding="utf-8")
    from indexer.service import SearchService

    archive = folder / "archive"
    store = Store(archive)
    service = SearchService(store, backend="tantivy")
    report = ingest(store, [src], on_stored=service.on_stored, workers=1)
    service.commit()
    assert not report.failures, report.failures
    for role, (name, password) in ACCOUNTS.items():
        users.create(store, name, password, role)
    service.close()
    store.close()
    return archive


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    base = tmp_path_factory.mktemp("leak")
    return _build(base / "public", PUBLIC), _build(base / "full", {**PUBLIC, **HIDDEN})


def _app(archive: Path, today: str):
    from webapp import create_app

    return create_app(archive=archive, backend="tantivy", TESTING=True, ORAL_ARCHIVE_TODAY=today)


@pytest.fixture(scope="module")
def apps(archives):
    made = {}
    for name, archive in zip(("public", "full"), archives, strict=True):
        for today in (BEFORE, AFTER):
            made[name, today] = _app(archive, today)
    yield made
    for app in made.values():
        app.extensions["oral_archive"].close()


def _client(app, role: str):
    client = app.test_client()
    if role != "anonymous":
        html = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        name, password = ACCOUNTS[role]
        response = client.post("/login", data={"name": name, "password": password, "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def _search(client, q: str) -> dict:
    response = client.get("/api/search", query_string={"q": q, "limit": 100})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    data = response.get_json()
    data.pop("took_ms", None)
    return data


def _hidden_from(client, doc_id: str, words: list[str]) -> None:
    """Everything a viewer can ask gives nothing of ``doc_id`` or its words away."""
    unknown = client.get("/documents/no-such-document")
    for url in (f"/documents/{doc_id}", f"/api/documents/{doc_id}",
                f"/documents/{doc_id}/cite?start=0&end=10",
                f"/documents/{doc_id}/cite?start=0&end=10&format=ris", f"/api/cite?passage={doc_id}:p1",
                f"/documents/{doc_id}?hl=0-5"):
        response = client.get(url)
        assert response.status_code == 404, url
        body = response.get_data(as_text=True)
        for w in words:
            assert w not in body, (url, w)
        if url.startswith("/documents/") and "cite" not in url and "?" not in url:
            # The same page as for an id that never existed.
            never = unknown.get_data(as_text=True).replace("no-such-document", "X")
            assert body.replace(doc_id, "X") == never
    for word in words:
        for url in (f"/api/search?q={word}", f"/search?q={word}", f"/api/quote?q={word}", f"/quote?q={word}"):
            body = client.get(url).get_data(as_text=True)
            assert doc_id not in body, url
            # The query is echoed back; no other word of the document may come with it.
            for other in words:
                assert other.lower() in word.lower() or other not in body, (url, other)
        data = _search(client, word)
        assert data["total"] == 0 and data["hits"] == [], word
        assert not any(data["facets"].get(f) for f in data["facets"]), (word, data["facets"])
    for url in ("/api/documents", "/documents", "/"):
        body = client.get(url).get_data(as_text=True)
        assert doc_id not in body, url
        for w in words:
            assert w not in body, (url, w)
    bib = client.post("/bibliography?format=ris", json=[{"document": doc_id, "start": 0, "end": 5}],
                      headers={"X-CSRF-Token": client.get("/bibliography/token").get_json()["csrf_token"]})
    assert bib.status_code == 404


def _visible_to(client, doc_id: str, word: str) -> None:
    data = _search(client, word)
    assert data["total"] >= 1 and any(h["document_id"] == doc_id for h in data["hits"]), word
    assert any(word.lower() in h["snippet_html"].lower() for h in data["hits"])
    for url in (f"/documents/{doc_id}", f"/api/documents/{doc_id}",
                f"/documents/{doc_id}/cite?start=0&end=10", f"/api/cite?passage={doc_id}:p1"):
        assert client.get(url).status_code == 200, url
    assert doc_id in client.get("/api/documents").get_data(as_text=True)


def _same_answers(client_public, client_full, queries: list[str], *, scores: bool = False) -> None:
    """An anonymous visitor cannot tell the full archive from the public one by any answer
    (hits, their order, snippets, highlights, facets, totals; and scores when ``scores``)."""
    for q in queries:
        a, b = _search(client_public, q), _search(client_full, q)
        if not scores:
            for hit in a["hits"] + b["hits"]:
                hit.pop("score", None)
        assert a == b, q


@pytest.mark.parametrize("today", [BEFORE, AFTER])
def test_restricted_gives_nothing_to_anonymous(apps, today):
    full = _client(apps["full", today], "anonymous")
    _hidden_from(full, "mv-testimony", RESTRICTED_WORDS)
    if today == BEFORE:
        # After the date one sealed document has opened to the public, so totals differ by design.
        _same_answers(_client(apps["public", today], "anonymous"), full,
                      SHARED_WORDS + RESTRICTED_WORDS + SEALED_WORDS)


def test_scores_do_not_reveal_hidden_documents(apps):
    # Hidden documents are indexed in their own partitions: BM25 statistics (IDF, average
    # length) for an anonymous visitor count public passages only.
    _same_answers(_client(apps["public", BEFORE], "anonymous"), _client(apps["full", BEFORE], "anonymous"),
                  ["river"], scores=True)


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_restricted_is_found_by_staff(apps, role):
    client = _client(apps["full", BEFORE], role)
    for word in ("zanzibarite", "quellweather", "Vostrikova"):
        _visible_to(client, "mv-testimony", word)
    facets = _search(client, "river")["facets"]
    assert "Mirela Vostrikova" in facets.get("speaker", {})


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_sealed_before_its_date_is_hidden_from_all_but_admins(apps, role):
    client = _client(apps["full", BEFORE], role)
    _hidden_from(client, "op-memoir", SEALED_WORDS)
    _hidden_from(client, "qo-later", SEALED_STAFF_WORDS)


def test_sealed_before_its_date_is_found_by_admins(apps):
    client = _client(apps["full", BEFORE], "admin")
    _visible_to(client, "op-memoir", "plumbagoville")
    _visible_to(client, "qo-later", "quintessa")


def test_sealed_after_its_date_becomes_what_its_metadata_says(apps):
    anonymous = _client(apps["full", AFTER], "anonymous")
    _visible_to(anonymous, "op-memoir", "plumbagoville")
    _hidden_from(anonymous, "qo-later", SEALED_STAFF_WORDS)
    _visible_to(_client(apps["full", AFTER], "staff"), "qo-later", "quintessa")


@pytest.mark.parametrize("role", ["anonymous", "staff", "admin"])
def test_redacted_words_are_never_searchable_shown_or_cited(apps, role):
    client = _client(apps["full", AFTER], role)
    page = client.get("/documents/neighbour").get_data(as_text=True)
    api = client.get("/api/documents/neighbour").get_json()
    assert "[REDACTED]" in page and "[REDACTED]" in api["text"]
    whole = f"/documents/neighbour/cite?start=0&end={len(api['text'])}"
    cites = [client.get(f"{whole}&format={f}").get_data(as_text=True)
             for f in ("chicago", "ris", "bibtex", "csl-json")]
    for word in REDACTED_WORDS:
        data = _search(client, word)
        assert data["total"] == 0 and data["hits"] == [], word
        assert word not in page and word not in json.dumps(api)
        assert all(word not in c for c in cites)
        # The finder echoes the words asked for; what it found must not hold them.
        found = client.get(f"/api/quote?q={word} the cobbler who hid us").get_json()["matches"]
        assert word not in json.dumps([{"text": m["text"], "original": [d.get("original") for d in m["diff"]]}
                                       for m in found])
    assert _search(client, "hid us")["total"] >= 1  # the rest of the passage is still there


def test_redacted_and_nothing_else_is_in_the_files_on_disk(archives):
    _, full = archives
    files = [p for p in full.rglob("*") if p.is_file()]
    assert any(p.name == "archive.db" for p in files) and any("index" in p.parts for p in files)
    for path in files:
        data = path.read_bytes()
        for word in REDACTED_WORDS:
            for form in {word, word.lower()}:
                assert form.encode() not in data, f"{form} in {path}"
                assert form.encode("utf-16-le") not in data, f"{form} in {path}"


def test_access_command_updates_archive_and_index(archives, tmp_path):
    """``oral-archive access`` closes a public document at once, and opens it again."""
    import shutil

    from click.testing import CliRunner

    from webapp.cli import main

    archive = tmp_path / "copy"
    shutil.copytree(archives[0], archive)
    run = CliRunner().invoke
    result = run(main, ["--archive", str(archive), "access", "harbour", "restricted"])
    assert result.exit_code == 0, result.output
    app = _app(archive, BEFORE)
    try:
        _hidden_from(_client(app, "anonymous"), "harbour", ["lighthouse", "Ines"])
        _visible_to(_client(app, "staff"), "harbour", "lighthouse")
    finally:
        app.extensions["oral_archive"].close()
    result = run(main, ["--archive", str(archive), "access", "harbour", "sealed", "--until", "2030-01-01",
                        "--after", "public"])
    assert result.exit_code == 0, result.output
    for today, visible in ((BEFORE, False), (AFTER, True)):
        app = _app(archive, today)
        try:
            client = _client(app, "anonymous")
            if visible:
                _visible_to(client, "harbour", "lighthouse")
            else:
                _hidden_from(client, "harbour", ["lighthouse"])
        finally:
            app.extensions["oral_archive"].close()
    bad = run(main, ["--archive", str(archive), "access", "harbour", "public", "--until", "2030-01-01"])
    assert bad.exit_code == 2
    bad = run(main, ["--archive", str(archive), "access", "nope", "public"])
    assert bad.exit_code == 2 and "not found" in bad.output
