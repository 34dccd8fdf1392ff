"""The JSON API: the design's shapes, checked against the OpenAPI document the app serves."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator


@pytest.fixture(scope="module")
def spec(app):
    return app.test_client().get("/api/openapi.json").get_json()


def check(spec: dict, schema_name: str, data) -> None:
    """Validate ``data`` against a component schema, resolving ``$ref``s inside the spec."""
    schema = {**spec, "$ref": f"#/components/schemas/{schema_name}"}
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def response_schema(spec: dict, path: str, status: str = "200") -> dict:
    return spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]


def test_openapi_describes_exactly_the_api_routes(app, spec):
    assert spec["openapi"].startswith("3.1")
    Draft202012Validator.check_schema({**spec, "$ref": "#/components/schemas/Document"})
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule).replace("{doc_id}", "{id}")
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    described = set(spec["paths"])
    # /api/cite belongs to the citations blueprint, which documents itself.
    assert described <= routes and routes - described <= {"/api/cite"}


def test_documents_list_hides_restricted_and_matches_schema(client, spec):
    data = client.get("/api/documents").get_json()
    check(spec, "DocumentSummary", data[0])
    for item in data:
        check(spec, "DocumentSummary", item)
    ids = {d["id"] for d in data}
    assert ids == {"lomova-1994", "kerrow-obituary", "markup-note", "long-log"}
    lomova = next(d for d in data if d["id"] == "lomova-1994")
    assert lomova["passages"] == 16 and lomova["access"] == "public"


def test_document_shape_and_offsets(client, spec):
    data = client.get("/api/documents/lomova-1994").get_json()
    check(spec, "Document", data)
    assert data["metadata"]["interviewee"] == ["Vera Lomova"]
    assert data["speakers"][0] == {"label": "HART", "name": "Daniel Hart", "role": "interviewer"}
    p2 = data["passages"][1]
    assert p2["id"] == "lomova-1994:p2" and p2["speaker"] == "Vera Lomova" and p2["time"] == 12
    assert data["text"][p2["start"]:p2["end"]].startswith("My father was a piano tuner.")
    assert data["url"] == "/documents/lomova-1994"


def test_search_shape_highlights_and_facets(client, spec):
    data = client.get('/api/search?q="keep the piano tuned"').get_json()
    check(spec, "SearchResult", data)
    assert data["total"] == 1
    hit = data["hits"][0]
    text = client.get("/api/documents/lomova-1994").get_json()["text"]
    assert [text[s:e] for s, e in hit["highlights"]] == ["keep the piano tuned"]
    assert "<mark>keep the piano tuned</mark>" in hit["snippet_html"]
    assert data["facets"]["speaker"] == {"Vera Lomova": 1}


def test_search_filters_and_paging(client, spec):
    everything = client.get("/api/search?q=war").get_json()
    narrowed = client.get("/api/search?q=war&speaker=Vera+Lomova").get_json()
    assert narrowed["total"] < everything["total"]
    assert {h["speaker"] for h in narrowed["hits"]} == {"Vera Lomova"}
    page2 = client.get("/api/search?q=war&limit=1&offset=1").get_json()
    check(spec, "SearchResult", page2)
    assert page2["hits"][0]["passage_id"] == everything["hits"][1]["passage_id"]


def test_search_never_shows_restricted_text(client):
    data = client.get("/api/search?q=orchard").get_json()
    assert data["total"] == 0 and data["hits"] == []
    assert "secret-orchard" not in str(data["facets"])


def test_quote_finds_the_original_with_a_diff(client, spec):
    data = client.get("/api/quote?q=we will never leave the city").get_json()
    check(spec, "QuoteResult", data)
    best = data["matches"][0]
    assert best["document_id"] == "lomova-1994" and "We will not leave this city" in best["text"]
    assert {"op": "replace", "query": "never", "original": "not"} in best["diff"]


def test_errors_are_json_with_the_parameter_named(client, spec):
    for url, status, words in [("/api/search?q=war&limit=0", 400, "limit"),
                               ("/api/search?q=war&offset=-3", 400, "offset"),
                               ("/api/search", 400, "q"),
                               ("/api/quote", 400, "q"),
                               ("/api/documents/nope", 404, "nope"),
                               ("/api/documents/secret-orchard", 404, "secret-orchard"),
                               ("/api/nothing-here", 404, "")]:
        response = client.get(url)
        assert response.status_code == status, url
        assert response.is_json, url
        check(spec, "Error", response.get_json())
        assert words in response.get_json()["error"]


def test_filters_alone_browse_everything_they_match(client, spec):
    data = client.get("/api/search?speaker=Vera+Lomova&limit=50").get_json()
    check(spec, "SearchResult", data)
    assert data["total"] == 8 and {h["speaker"] for h in data["hits"]} == {"Vera Lomova"}
