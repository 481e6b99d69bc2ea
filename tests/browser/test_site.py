"""The self-study site: built by `make site`, served by a local file server, and its EM
player moves in the browser without a kernel."""

from __future__ import annotations

import functools
import re
import http.server
import threading

import pytest

from grader.authoring import site
from test_lab_in_browser import ARGS, CHROMIUM, sync_api  # noqa: F401 (skips like the lab tests)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    site.build(out, only={"05-grades"})
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", out
    server.shutdown()


def test_site_has_an_index_linking_pages_and_student_notebooks(served):
    _, out = served
    index = (out / "index.html").read_text()
    assert 'href="05-grades.html"' in index and 'href="notebooks/05-grades/grades.ipynb"' in index
    assert (out / "notebooks" / "05-grades" / "grades.ipynb").exists()
    page = (out / "05-grades.html").read_text()
    assert "visible tests pass" in page and "BEGIN SOLUTION" not in page and "hidden=True" not in page
    images = re.findall(r"<img\b[^>]*>", page)
    assert len(images) >= 4 and all(re.search(r'\balt="[^"]+"', img) for img in images)


def test_static_player_moves_without_a_kernel(served, tmp_path):
    url, _ = served
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{url}/index.html")
        page.click("text=05 · EM on a simple example")
        player = page.locator(".genlab-static-player").first
        player.scroll_into_view_if_needed()
        first_src = player.locator("img").get_attribute("src")
        assert "iteration 0" in player.locator(".readout").inner_text()
        slider = player.locator("input[type=range]")
        slider.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert "iteration 2" in player.locator(".readout").inner_text()
        assert player.locator("img").get_attribute("src") != first_src
        player.locator("button").click()  # Play runs to the end
        page.wait_for_function("() => document.querySelector('.genlab-static-player output').textContent"
                               " == document.querySelector('.genlab-static-player input').max", timeout=20_000)
        page.screenshot(path=str(tmp_path / "site-05.png"))
        browser.close()
    assert errors == []
