"""The reader page: metadata, speaker turns, exact offsets, highlights, quotes, timecodes, escaping."""

from __future__ import annotations

import html
import re

from tests.webapp.conftest import lomova, markup

PTEXT = re.compile(r'<(p|blockquote|h2) class="ptext" data-start="(\d+)" data-end="(\d+)">(.*?)</\1>', re.S)
TAG = re.compile(r"<[^>]+>")


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.data[:500]
    return response.get_data(as_text=True)


def passage_texts(body: str) -> list[tuple[int, int, str]]:
    """Each passage element's offsets and its text content (tags removed, entities decoded)."""
    return [(int(s), int(e), html.unescape(TAG.sub("", inner))) for _, s, e, inner in PTEXT.findall(body)]


def test_header_shows_the_metadata(client):
    body = page(client, "/documents/lomova-1994")
    for value in ("Vera Lomova", "Daniel Hart", "1994-03-03", "Leningrad", "Neva Oral History Project",
                  "CC BY 4.0", "lomova-1994.txt"):
        assert value in body
    assert "<h1>Interview with Vera Lomova</h1>" in body


def test_every_passage_element_holds_exactly_its_text(client):
    doc = lomova()
    body = page(client, "/documents/lomova-1994?hl=120-700&q=piano")
    texts = passage_texts(body)
    assert len(texts) == len(doc.passages) == 16
    stored = client.get("/api/documents/lomova-1994").get_json()["text"]
    for start, end, text in texts:
        assert text == stored[start:end]


def test_speakers_are_styled_apart_and_named_once_per_turn(client):
    body = page(client, "/documents/lomova-1994")
    hart = re.findall(r'class="passage kind-turn (spk-\d) role-interviewer', body)
    lomova_ = re.findall(r'class="passage kind-turn (spk-\d) role-interviewee', body)
    assert set(hart) == {"spk-0"} and set(lomova_) == {"spk-1"}
    assert body.count('<span class="speaker">Vera Lomova</span>') == 8


def test_anchors_timecodes_and_player(client):
    body = page(client, "/documents/lomova-1994")
    for n in range(1, 17):
        assert f'id="p{n}"' in body
    assert 'id="t=281" href="#t=281" data-time="281"' in body and ">04:41<" in body
    assert '<audio id="player" controls preload="metadata" src="/media/lomova-1994.mp3"' in body


def test_no_player_without_media_and_none_for_unsafe_urls(client):
    assert "<audio" not in page(client, "/documents/kerrow-obituary")


def test_hl_highlights_a_range_across_passages(client):
    doc = lomova()
    p2, p3 = doc.passages[1], doc.passages[2]
    start, end = p2.end - 20, p3.start + 8
    body = page(client, f"/documents/lomova-1994?hl={start}-{end}")
    marks = re.findall(r'<mark class="hl"( id="hl")?>(.*?)</mark>', body)
    assert [m[0] for m in marks] == [' id="hl"', ""]  # one anchor, on the first piece
    assert [html.unescape(m[1]) for m in marks] == [doc.text[start:p2.end], doc.text[p3.start:end]]
    assert "Highlighted:" in body


def test_searched_words_are_marked_in_place(client):
    body = page(client, "/documents/lomova-1994?q=piano+OR+%22small+disciplines%22")
    words = [html.unescape(w) for w in re.findall(r'<mark class="word">(.*?)</mark>', body)]
    assert words.count("piano") == 3 and "pianos" in words  # stemmed, as the search matched
    assert "small disciplines" in words


def test_a_query_that_does_not_parse_marks_nothing(client):
    body = page(client, '/documents/lomova-1994?q=%22')
    assert 'class="word"' not in body


def test_inline_and_block_quotations_and_captions(client):
    body = page(client, "/documents/lomova-1994")
    assert '<q class="said" title="Vera Lomova&#39;s mother" data-speaker="Vera Lomova&#39;s mother">' in body
    article = page(client, "/documents/kerrow-obituary")
    assert re.search(r'<blockquote class="ptext" data-start="\d+" data-end="\d+">We stood outside', article)
    assert 'class="badge badge-quote">quotation</span>' in article
    assert 'class="passage kind-caption' in article


def test_topics_and_names_link_to_searches(client):
    body = page(client, "/documents/lomova-1994")
    assert 'href="/search?q=topic:%22Music%22">Music</a>' in body
    assert 'class="entity entity-place" href="/search?q=%22Vyborg%22"' in body


def test_table_of_contents_from_segments(client):
    body = page(client, "/documents/lomova-1994")
    toc = body[body.index('<nav class="toc"'):body.index("</nav>", body.index('<nav class="toc"'))]
    assert "Segments" in toc
    assert re.search(r'href="#p5"[^>]*><span class="time">01:15</span> The war and the blockade', toc)
    assert 'href="#p11"' in toc


def test_zotero_citation_meta_tags(client):
    body = page(client, "/documents/lomova-1994")
    assert '<meta name="citation_title" content="Interview with Vera Lomova">' in body
    assert '<meta name="citation_author" content="Vera Lomova">' in body
    assert '<meta name="citation_date" content="1994/03/03">' in body
    assert '<meta name="citation_publisher" content="Neva Archive">' in body
    assert '<meta name="citation_public_url" content="http://localhost/documents/lomova-1994">' in body


def test_print_stylesheet_and_citing_tools(client):
    body = page(client, "/documents/lomova-1994")
    assert 'href="/static/print.css" media="print"' in body
    assert 'data-cite-url="/documents/lomova-1994/cite"' in body and 'id="passage-tools"' in body
    assert client.get("/static/print.css").status_code == 200


def test_transcript_text_is_always_escaped(client):
    body = page(client, "/documents/markup-note")
    assert "<script>alert" not in body and "<b>bold</b>" not in body
    assert "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;" in body
    assert '<meta name="citation_author" content="Tom &lt;Jerry&gt;">' in body
    assert "<h1>A note with &lt;markup&gt; &amp; &#34;quotes&#34;</h1>" in body
    # The text content is still exactly the stored text.
    doc = markup()
    doc_text = client.get("/api/documents/markup-note").get_json()["text"]
    assert [t for _, _, t in passage_texts(body)] == [doc_text[p.start:p.end] for p in doc.passages]


def test_unknown_and_restricted_documents_are_404(client):
    for doc_id in ("no-such-doc", "secret-orchard"):
        response = client.get(f"/documents/{doc_id}")
        assert response.status_code == 404
        body = response.get_data(as_text=True)
        assert "Hidden Person" not in body and "monastery" not in body
    listing = page(client, "/documents")
    assert "lomova-1994" in listing and "secret-orchard" not in listing and "orchard" not in listing


def test_bad_hl_is_a_400_page_with_the_message(client):
    response = client.get("/documents/lomova-1994?hl=12-x")
    assert response.status_code == 400
    assert "hl:" in response.get_data(as_text=True)


def test_a_permalink_re_anchors_on_its_words_when_offsets_moved(client):
    doc = lomova()
    words = "they came for my husband, Pavel."
    start = doc.text.index(words)
    moved = page(client, f"/documents/lomova-1994?exact={words}&hl={start - 30}-{start - 30 + len(words)}")
    assert f'<mark class="hl" id="hl">{html.escape(words)}</mark>' in moved
    assert "moved since the link was made" in moved
    gone = page(client, f"/documents/lomova-1994?exact=words+nobody+said&hl={start}-{start + 17}")
    assert "no longer in this document" in gone and 'id="hl"' not in gone


def test_long_transcripts_are_read_in_parts(client):
    first = page(client, "/documents/long-log")
    assert "Part 1 of 3 (passages 1–250 of 600)" in first
    assert len(passage_texts(first)) == 250 and 'id="p250"' in first and 'id="p251"' not in first
    assert 'rel="next" href="?part=2"' in first
    text = client.get("/api/documents/long-log").get_json()
    p400 = text["passages"][399]
    # A highlight opens the part that holds it; so does a permalink's passage hint.
    second = page(client, f"/documents/long-log?hl={p400['start']}-{p400['end']}")
    assert "Part 2 of 3" in second and '<mark class="hl" id="hl">' in second and 'id="p400"' in second
    assert "Part 3 of 3" in page(client, "/documents/long-log?p=p555")
    assert client.get("/documents/long-log?part=4").status_code == 400
    assert client.get("/documents/long-log?part=x").status_code == 400
