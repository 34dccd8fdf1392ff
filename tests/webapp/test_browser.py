"""End to end in headless Chromium: search, land on the words, cite a selection, facets, timecodes.

Uses Debian's ``chromium`` (``apt-get install chromium``) through Playwright's Python package;
Playwright's own browser download is never used. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import missing

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _chromium() -> str | None:
    candidates = [os.environ.get("ORAL_ARCHIVE_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                  shutil.which("chromium-browser")]
    return next((c for c in candidates if c and Path(c).is_file()), None)


@pytest.fixture(scope="module")
def base_url(app):
    """The app on a free local port, served by Werkzeug's threaded server in this process (so the
    browser tests share the app fixture; ``oral-archive serve`` runs gunicorn)."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    if executable is None:
        missing("no Chromium found: install Debian's package (apt-get install chromium) "
                "or set ORAL_ARCHIVE_CHROMIUM to its executable")
    from playwright import sync_api
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 650})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # The pages must work under the app's Content-Security-Policy (no inline script or style).
    page.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def _in_viewport(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] \
        and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]


def test_search_follow_hit_and_land_on_the_words(page, base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(base_url + "/")
    page.get_by_label("Search the transcripts").fill('"small disciplines kept us alive"')
    page.keyboard.press("Enter")
    page.wait_for_selector("li.hit")
    assert page.locator("li.hit").count() == 1
    assert page.locator("li.hit .snippet mark").first.inner_text() == "small disciplines kept us alive"
    page.screenshot(path=ARTIFACTS / "search-page.png", full_page=True)

    page.locator("a.hit-link").first.click()
    page.wait_for_url("**/documents/lomova-1994?**#hl")
    page.wait_for_function("document.getElementById('hl') !== null")
    assert page.locator("#hl").inner_text() == "small disciplines kept us alive"
    assert page.evaluate("window.scrollY") > 300  # the passage is near the end: the page moved to it
    assert _in_viewport(page, "#hl")
    page.screenshot(path=ARTIFACTS / "reader-page.png")


def test_select_text_and_get_its_citation(page, base_url):
    page.goto(base_url + "/documents/lomova-1994#p12")
    selected = page.evaluate("""() => {
        const el = document.querySelector('#p12 .ptext');
        const node = el.firstChild;
        const range = document.createRange();
        range.setStart(node, 3); range.setEnd(node, 40);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        return range.toString();
    }""")
    button = page.locator("#cite-selection")
    button.wait_for(state="visible")
    button.click()
    page.wait_for_function("['ready', 'error'].includes(document.getElementById('cite-box').dataset.state)")
    citation = page.locator("#cite-text").input_value()
    assert page.locator("#cite-box").get_attribute("data-state") == "ready", citation
    # The offsets the page computed are exactly the selection, and the citation cites them.
    href = page.locator("#cite-permalink").get_attribute("href")
    start, end = map(int, href.split("hl=")[1].split("#")[0].split("-"))
    text = page.request.get(base_url + "/api/documents/lomova-1994").json()["text"]
    assert text[start:end] == selected == "1952 they came for my husband, Pavel."
    assert "Vera Lomova, interview by Daniel Hart" in citation and f"hl={start}-{end}" in citation
    page.screenshot(path=ARTIFACTS / "reader-cite.png")


def test_a_facet_narrows_the_results(page, base_url):
    page.goto(base_url + "/search?q=war")
    assert page.locator("li.hit").count() == 3
    page.locator("nav.facets .facet-speaker").get_by_role("link", name="Vera Lomova", exact=True).click()
    page.wait_for_url("**speaker=Vera+Lomova**")
    assert page.locator("li.hit").count() == 1
    assert page.locator("li.hit .speaker").all_inner_texts() == ["Vera Lomova"]


def test_a_timecode_moves_the_page_and_seeks_the_player(page, base_url):
    page.goto(base_url + "/documents/lomova-1994")
    assert page.evaluate("window.scrollY") == 0
    page.locator('a.time[href="#t=281"]').click()
    page.wait_for_function("location.hash === '#t=281'")
    assert page.evaluate("window.scrollY") > 300
    assert _in_viewport(page, 'a.time[href="#t=281"]')
    assert page.evaluate("document.getElementById('player').currentTime") == 281


def test_phone_width_reader_has_no_sideways_scroll(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto(base_url + "/documents/lomova-1994?hl=595-624#hl")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert _in_viewport(page, "#hl")
    page.screenshot(path=ARTIFACTS / "reader-phone.png")
    context.close()


def test_collect_a_selection_for_the_bibliography(page, base_url):
    page.goto(base_url + "/documents/lomova-1994#p8")
    page.evaluate("""() => {
        const node = document.querySelector('#p8 .ptext').firstChild;
        const range = document.createRange();
        range.setStart(node, 0); range.setEnd(node, 22);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
    }""")
    page.locator('#selection-tools [data-collect="selection"]').click()
    page.wait_for_function("document.querySelectorAll('#collected li').length === 1")
    items = page.evaluate("JSON.parse(localStorage.getItem('oral-archive.collected'))")
    start = items[0]["start"]
    assert items[0]["document"] == "lomova-1994" and items[0]["end"] - start == 22


UNLABELLED = """() => Array.from(
        document.querySelectorAll('input:not([type=hidden]), select, textarea, button'))
    .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                  && !el.textContent.trim())
    .map(el => el.outerHTML.slice(0, 80))"""


def test_controls_are_labelled_and_the_skip_link_comes_first(page, base_url):
    for path in ("/search?q=war", "/documents/lomova-1994", "/quote?q=never+leave+the+city"):
        page.goto(base_url + path)
        assert page.evaluate(UNLABELLED) == [], path
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip", path
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_passage_link_into_another_part_finds_its_part(page, base_url):
    page.goto(base_url + "/documents/long-log#p600")
    page.wait_for_url("**/documents/long-log?part=3#p600")
    assert _in_viewport(page, "#p600 .ptext")
    page.goto(base_url + "/documents/long-log#t=2000")  # passage 200 is at 2000 s
    page.wait_for_function("document.getElementById('t=2000') !== null")
    assert page.evaluate("new URLSearchParams(location.search).get('part')") is None  # part 1 holds it
    assert _in_viewport(page, '[id="t=2000"]')
    page.goto(base_url + "/documents/long-log#t=4500")
    page.wait_for_url("**/documents/long-log?part=2#t=4500")
    assert _in_viewport(page, '[id="t=4500"]')
