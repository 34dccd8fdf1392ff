"""The search page: hits with snippets and badges, combinable facets, paging, quote finder, p95."""

from __future__ import annotations

import html
import random
import re

import pytest

HIT_LINK = re.compile(r'<a class="hit-link" href="([^"]+)">')


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.data[:500]
    return response.get_data(as_text=True)


def test_front_page_has_the_query_box_help_and_documents(client):
    body = page(client, "/")
    assert '<label for="q">Search the transcripts</label>' in body
    assert 'role="search"' in body and "How to search" in body and "speaker:Name" in body
    assert "4 documents in the archive" in body and "Interview with Vera Lomova" in body


def test_hit_shows_snippet_speaker_title_timecode_and_badge(client):
    body = page(client, '/search?q="keep the piano tuned"')
    assert "1–1 of 1 passage" in body and " ms)" in body
    assert "<mark>keep the piano tuned</mark>" in body
    hit = body[body.index('<li class="hit'):body.index("</li>", body.index('<li class="hit'))]
    assert "Interview with Vera Lomova" in hit and '<span class="speaker">Vera Lomova</span>' in hit
    assert ">00:12<" in hit and '<span class="badge badge-turn">speech</span>' in hit


def test_hit_link_lands_on_the_words(client):
    body = page(client, '/search?q="small disciplines"')
    href = html.unescape(HIT_LINK.search(body).group(1))
    assert href.startswith("/documents/lomova-1994?hl=") and href.endswith("#hl") and "q=" in href
    start, end = map(int, re.search(r"hl=(\d+)-(\d+)", href).groups())
    text = client.get("/api/documents/lomova-1994").get_json()["text"]
    assert text[start:end] == "small discipline"  # the first match; stemmed like the search
    reader = page(client, href)
    assert '<mark class="hl" id="hl"><mark class="word">small discipline</mark></mark>' in reader


def test_kind_badges_for_quotations_and_captions(client):
    body = page(client, "/search?q=strategy")
    assert '<span class="badge badge-quote">quotation</span>' in body
    assert '<span class="speaker">Ada Kerrow</span>' in body
    assert '<span class="badge badge-caption">caption</span>' in page(client, "/search?q=print+shop+1960")


def test_facets_narrow_and_combine(client):
    body = page(client, "/search?q=war")
    assert "1–3 of 3 passages" in body
    facet = re.search(r'<a href="([^"]+)">Vera Lomova</a> <span class="count">1</span>', body)
    narrowed = page(client, html.unescape(facet.group(1)))
    assert "1–1 of 1 passage" in narrowed
    assert 'aria-current="true"' in narrowed and "speaker: Vera Lomova" in narrowed
    # A second facet combines with the first; its active link removes only itself.
    topic = re.search(r'<a href="([^"]+)">Family</a>', narrowed)
    both = page(client, html.unescape(topic.group(1)))
    assert "speaker=Vera+Lomova" in html.unescape(topic.group(1)) and "1–1 of 1 passage" in both
    assert page(client, "/search?q=war&speaker=Daniel+Hart&topic=Family").count('<li class="hit') == 0


def test_pagination(client):
    first = page(client, "/search?q=war&limit=1")
    assert "1–1 of 3 passages" in first
    nxt = re.search(r'<a rel="next" href="([^"]+)">', first).group(1)
    second = page(client, html.unescape(nxt))
    assert "2–2 of 3 passages" in second and 'rel="prev"' in second
    assert '<span aria-current="page">2</span>' in second


def test_restricted_documents_give_nothing_away(client):
    body = page(client, "/search?q=orchard")
    assert "No passages match" in body and "Hidden Person" not in body and "monastery" not in body


def test_malformed_query_shows_the_message(client):
    response = client.get('/search?q=speaker:')
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and 'role="alert"' in body and "speaker" in body
    assert 'value="speaker:"' in body  # the query stays in the box to be corrected


def test_query_is_escaped_back_into_the_page(client):
    body = page(client, "/search?q=%3Cscript%3Ealert(1)%3C/script%3E", status=200)
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body


def test_markup_in_transcripts_is_escaped_in_snippets(client):
    body = page(client, "/search?q=owned")
    assert "<script>alert" not in body and "&lt;script&gt;alert(&#x27;<mark>owned</mark>&#x27;)" in body


def test_quote_mode_shows_original_and_word_diff(client):
    body = page(client, "/quote?q=we+will+never+leave+the+city")
    assert '<span class="original-text">We will not leave this city' in body
    assert '<del title="in your version only">never</del>' in body
    assert '<ins title="in the original only">not</ins>' in body
    assert "?hl=" in body and "Interview with Vera Lomova" in body


@pytest.mark.slow
def test_search_page_answers_varied_queries_on_the_corpus(corpus_archive):
    """200 varied queries through the whole page (query, facets, highlighting, template); how
    fast is measured by make bench, not here."""
    from webapp import create_app

    store, service, _ = corpus_archive
    app = create_app(archive=store.folder)
    app.extensions["oral_archive"].use(store, service)  # the fixture's index, already open
    client = app.test_client()
    words = _corpus_words(store)
    rng = random.Random(5)
    queries = []
    for n in range(200):
        picked = rng.sample(words, 3)
        queries.append([picked[0], " ".join(picked[:2]), f'"{picked[0]} {picked[1]}"',
                        f"{picked[0]} OR {picked[2]}", f"{picked[0]} -{picked[1]}"][n % 5])
    client.get("/search?q=warmup")
    for q in queries:
        response = client.get("/search", query_string={"q": q})
        assert response.status_code == 200, (q, response.data[:300])
        assert b'class="hit' in response.data or b"No passages" in response.data, q


def _corpus_words(store) -> list[str]:
    """Common-ish words from the archive itself, so that queries find things."""
    counts: dict[str, int] = {}
    for doc in store.iter_documents():
        for w in re.findall(r"[A-Za-z]{5,}", doc.text[:4000]):
            counts[w.lower()] = counts.get(w.lower(), 0) + 1
        if len(counts) > 5000:
            break
    ranked = sorted(counts, key=counts.get, reverse=True)
    return ranked[20:420]


def test_a_topic_link_from_the_reader_lists_its_passages(client):
    body = page(client, "/search?topic=Music")
    assert "1–3 of 3 passages" in body and "topic: Music" in body
