"""Fuzz every route and every parameter it reads: never a 500, never an answer over the bounds.

The routes and their parameters come from ``webapp.routes`` (the API's from its OpenAPI
document); values mix the archive's own ids and words with hostile ones (huge numbers, control
characters, long text, scheme tricks). ``make test`` runs a bounded number of examples;
``make fuzz`` sets ORAL_ARCHIVE_FUZZ_EXAMPLES.
"""

from __future__ import annotations

import json
import os
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.routes import all_routes

EXAMPLES = int(os.environ.get("ORAL_ARCHIVE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
MAX_ANSWER = 2_000_000  # bytes: the largest page of the fixture archive is a tenth of this
MAX_CPU = 1.0  # seconds for one request

IDS = ["lomova-1994", "kerrow-obituary", "markup-note", "secret-orchard", "long-log", "nope", "",
       "..%2F..%2Fetc%2Fpasswd", "a" * 300, "%00", "lomova-1994:p3"]
VALUES = st.one_of(
    st.sampled_from(["0", "1", "-1", "5-40", "0-999999999", "999999999999", "1e9", "p3", "p0", "p99999999",
                     "chicago", "ris", "bibtex", "csl-json", "nonsense", "piano", '"keep the piano"',
                     "lomova-1994", "lomova-1994:p2", "secret-orchard:p1", "/\\evil.example",
                     "//evil.example",
                     "javascript:alert(1)", "\x00", "\r\nX: 1", "é" * 50, "x" * 1001, "a" * 5000, "ab" * 40,
                     "speaker:Lomova", "-", "OR", "1", "true"]),
    st.text(max_size=60),
    st.integers(min_value=-10**12, max_value=10**12).map(str),
)


def _ranges() -> st.SearchStrategy:
    item = st.fixed_dictionaries({"document": st.sampled_from(IDS[:6])},
                                 optional={"start": st.one_of(st.integers(-5, 10**7), VALUES),
                                           "end": st.one_of(st.integers(-5, 10**7), VALUES),
                                           "passage": VALUES})
    too_much = [{"document": "long-log", "start": 0, "end": 21000}] * 15
    return st.one_of(st.lists(item, max_size=30), st.just(too_much),
                     VALUES, st.dictionaries(st.sampled_from(["format", "items"]), VALUES))


ROUTES = all_routes()


def test_every_route_is_fuzzed(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(ROUTES), endpoints ^ set(ROUTES)


@pytest.fixture(scope="module")
def fuzz_client(app):
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return client, token


@FUZZ
@given(endpoint=st.sampled_from(sorted(ROUTES)), doc_id=st.sampled_from(IDS), data=st.data())
def test_fuzz_every_route(fuzz_client, endpoint, doc_id, data):
    client, token = fuzz_client
    method, path, names = ROUTES[endpoint]
    chosen = data.draw(st.lists(st.sampled_from(names or ("x",)), max_size=len(names) + 1, unique=True))
    args = {name: data.draw(VALUES) for name in chosen}
    url = path.replace("{doc_id}", doc_id)
    started = time.process_time()
    if endpoint == "citing.bibliography":
        body = data.draw(_ranges())
        response = client.post(url, query_string=args, data=json.dumps(body),
                               headers={"X-CSRF-Token": token, "Content-Type": "application/json"})
    elif method == "POST":
        response = client.post(url, data={**args, "csrf_token": token})
    else:
        response = client.get(url, query_string=args)
    cpu = time.process_time() - started
    assert response.status_code < 500, (endpoint, url, args, response.get_data(as_text=True)[:500])
    assert len(response.get_data()) <= MAX_ANSWER, (endpoint, url, args)
    assert cpu < MAX_CPU, (endpoint, url, args, cpu)
