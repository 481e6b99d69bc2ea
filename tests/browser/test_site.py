"""The self-study site, built by the site builder (`make site`) and opened from file:// in
Chromium with every other request aborted: it must need nothing from the network."""

from __future__ import annotations

import html
import json
import os
import re
import shutil

import nbformat
import pytest

from grader import course
from grader.authoring import site
from test_lab_in_browser import ARGS, CHROMIUM, sync_api  # noqa: F401 (skips like the lab tests)

pytestmark = pytest.mark.browser

NAMES = course.assignments(course.REPO)
# A code cell that shows an interactive figure in JupyterLab (a player, an explorer, a widget).
WIDGET_CALL = re.compile(r"\b(\w*_player|\w*_explorer|IterationPlayer|interact|interactive)\(|\bwidgets\.\w+\(")
NO_ALT = "No description has been provided for this image"
# Text nodes outside code, scripts and typeset formulas: any TeX left there was not rendered.
LEFT_AS_TEXT = """() => {
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode(node) {
    return node.parentElement.closest("pre, code, script, style, textarea, mjx-container")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; }});
  const left = [];
  while (walk.nextNode()) {
    const text = walk.currentNode.textContent;
    if (/\\$[^$\\s][^$]*\\$|\\\\frac|\\\\\\(|\\\\begin\\{/.test(text)) left.push(text.slice(0, 120));
  }
  return left;
}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if shutil.which("npm") is None and not os.environ.get("CI"):
        pytest.skip("the site's MathJax comes from npm, which is not installed")
    out, cache = tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("site-cache")
    site.build(out, cache=cache)
    return out, cache


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _open(browser, url):
    """A page at ``url`` on which every request that is not file:// is aborted and recorded."""
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.outside, page.problems = [], []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file://", "data:")):
            request_route.continue_()
        else:
            page.outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    page.goto(url)
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20_000)
    page.evaluate("() => MathJax.startup.promise")
    return page


def _masters():
    return {name: nbformat.read(next((course.REPO / course.SOURCE / name).glob("*.ipynb")), as_version=4)
            for name in NAMES}


def test_index_lists_the_six_notebooks_in_order_with_what_each_teaches(built):
    built = built[0]
    index = (built / "index.html").read_text()
    pages = re.findall(r'<li><a href="([^"]+)\.html">', index)
    assert pages == NAMES and len(pages) == 6
    for name in NAMES:
        item = index.split(f'href="{name}.html"', 1)[1].split("</li>", 1)[0]
        teaches = re.search(r"<p>(.+?)</p>", item, re.DOTALL)
        assert teaches and len(teaches.group(1).split()) >= 8, f"{name}: no description on the index"
        student = re.search(r'href="(notebooks/[^"]+\.ipynb)"', item).group(1)
        assert (built / student).exists()
    assert "Apache License" in (built / "mathjax" / "LICENSE").read_text()


@pytest.mark.parametrize("name", NAMES)
def test_page_has_contents_previous_next_and_folded_answers(built, name):
    built = built[0]
    page = (built / f"{name}.html").read_text()
    toc = re.search(r'<nav class="genlab-toc".*?</nav>', page, re.DOTALL).group(0)
    anchors = [html.unescape(a) for a in re.findall(r'href="#([^"]+)"', toc)]
    assert len(anchors) >= 3 and all(f'id="{a}"' in page for a in anchors)
    i = NAMES.index(name)
    links = [(re.search(r'rel="(\w+)"', a), re.search(r'href="([^"]+)"', a).group(1))
             for a in re.findall(r'<a [^>]*\brel="[^"]*"[^>]*>', page)]
    prev = [href for rel, href in links if rel.group(1) == "prev"]
    nxt = [href for rel, href in links if rel.group(1) == "next"]
    assert prev == ([f"{NAMES[i - 1]}.html"] * 2 if i > 0 else [])
    assert nxt == ([f"{NAMES[i + 1]}.html"] * 2 if i + 1 < len(NAMES) else [])
    solutions = sum(1 for cell in _masters()[name].cells if cell.metadata.get("nbgrader", {}).get("solution"))
    assert solutions > 0 and page.count('<details class="genlab-answer"><summary>show the answer</summary>') == solutions
    assert "BEGIN SOLUTION" not in page and "hidden=True" not in page and "BEGIN HIDDEN TESTS" not in page
    for name_ in ("require.js", "require.min.js", "embed-amd", "cdnjs", "unpkg"):
        assert name_ not in page


@pytest.mark.parametrize("name", ["index"] + NAMES)
def test_page_works_offline_formulas_typeset_and_images_described(built, browser, name):
    built = built[0]
    page = _open(browser, (built / f"{name}.html").as_uri())
    try:
        assert page.outside == [], f"asked the network for {page.outside}"
        assert page.evaluate(LEFT_AS_TEXT) == []
        if name != "index":
            assert page.locator("mjx-container").count() > 10
        alts = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.getAttribute('alt'))")
        assert (name == "index" or alts) and all(alt and alt != NO_ALT and alt.startswith("Figure with") for alt in alts), alts
        assert page.problems == []
    finally:
        page.close()


@pytest.mark.parametrize("name", NAMES)
def test_every_widget_cell_has_a_static_counterpart_that_moves(built, browser, name):
    built = built[0]
    cells = [c for c in _masters()[name].cells if c.cell_type == "code"]
    widget_cells = [i for i, c in enumerate(cells) if WIDGET_CALL.search(c.source)]
    assert widget_cells, f"{name}: no interactive figure found"
    page = _open(browser, (built / f"{name}.html").as_uri())
    try:
        rendered = page.locator(".jp-CodeCell")
        assert rendered.count() == len(cells)
        for i in widget_cells:
            player = rendered.nth(i).locator(".genlab-static-player")
            assert player.count() == 1, f"{name}: code cell {i} has no static counterpart"
            player.scroll_into_view_if_needed()
            image, slider = player.locator("img"), player.locator("input[type=range]").first
            before = image.get_attribute("src")
            slider.focus()
            page.keyboard.press("End" if slider.input_value() == "0" else "Home")
            assert image.get_attribute("src") != before, f"{name}: cell {i}'s slider does not change the frame"
        assert page.outside == [] and page.problems == []
    finally:
        page.close()


def test_static_player_plays_to_the_end(built, browser, tmp_path):
    built = built[0]
    page = _open(browser, (built / "05-grades.html").as_uri())
    try:
        player = page.locator(".genlab-static-player").first
        player.scroll_into_view_if_needed()
        assert "iteration 0" in player.locator(".readout").inner_text()
        slider = player.locator("input[type=range]")
        slider.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert "iteration 2" in player.locator(".readout").inner_text()
        player.locator("button").click()  # Play runs to the end
        page.wait_for_function("() => document.querySelector('.genlab-static-player output').textContent"
                               " == document.querySelector('.genlab-static-player input').max", timeout=20_000)
        page.screenshot(path=str(tmp_path / "site-05.png"))
        assert page.problems == []
    finally:
        page.close()


def test_show_the_answer_is_closed_until_clicked(built, browser):
    built = built[0]
    page = _open(browser, (built / "05-grades.html").as_uri())
    try:
        answer = page.locator("details.genlab-answer").first
        code = answer.locator(".jp-InputArea")
        assert not code.is_visible()
        answer.locator("summary").click()
        assert code.is_visible() and "def " in code.inner_text()
    finally:
        page.close()


def test_a_rebuild_reuses_the_executed_notebooks(built, tmp_path):
    mathjax = site.site_mathjax.fetch(built[1])  # already fetched by the first build
    cache, lines = tmp_path / "cache", []
    site.build(tmp_path / "a", cache=cache, only={"05-grades"}, mathjax=mathjax, log=lines.append)
    site.build(tmp_path / "b", cache=cache, only={"05-grades"}, mathjax=mathjax, log=lines.append)
    assert any("executed in" in line for line in lines[:2]) and "reused from the cache" in lines[-2]
    assert json.loads((cache / "timings.json").read_text())["05-grades"] > 0
    assert (tmp_path / "b" / "05-grades.html").read_text() == (tmp_path / "a" / "05-grades.html").read_text()
