"""The site's page renderer and static frames, without a kernel or a browser."""

from __future__ import annotations

import base64
import html
import re

import matplotlib
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from genlab.viz.static_frames import player_html, render_frames
from grader.authoring import site_page

matplotlib.use("Agg")
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n").decode()


def _notebook(*cells):
    nb = new_notebook(cells=list(cells))
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def _figure_cell(alt):
    return new_code_cell("plot()", outputs=[new_output("display_data", data={"image/png": PNG},
                                                       metadata={"image/png": {"alt": alt}})])


def test_page_loads_no_script_from_the_network():
    page = site_page.render(_notebook(new_markdown_cell("# T\n\n## A\n\n$x^2$")), "T")
    sources = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', page)
    assert sources == ["mathjax/es5/tex-svg-full.js"]


def test_images_keep_the_alt_text_the_notebook_gave_them():
    page = site_page.render(_notebook(_figure_cell("Figure with 1 panel: θ per iteration")), "T")
    assert re.findall(r'<img [^>]*alt="([^"]*)"', page) == ["Figure with 1 panel: θ per iteration"]


def test_solution_cells_are_folded_and_others_not():
    answer = new_code_cell("def f():\n    return 1", metadata={"nbgrader": {"solution": True, "grade": False}})
    check = new_code_cell("check('x', f)", metadata={"nbgrader": {"solution": False, "grade": True}})
    page = site_page.render(_notebook(new_markdown_cell("# T"), answer, check), "T")
    folded = re.findall(r'<details class="genlab-answer"><summary>show the answer</summary>(.*?)</details>',
                        page, re.DOTALL)
    assert len(folded) == 1 and "return" in folded[0] and "check" not in folded[0]


def test_contents_and_neighbours():
    nb = _notebook(new_markdown_cell("# Title\n\n## 1 · First\n\ntext\n\n### Detail\n\n## 2 · Second"))
    page = site_page.render(nb, "Title", prev=("a.html", "A"), nxt=None)
    toc = re.search(r'<nav class="genlab-toc".*?</nav>', page, re.DOTALL).group(0)
    assert [html.unescape(t) for t in re.findall(r">([^<]+)</a></li>", toc)] == ["1 · First", "Detail", "2 · Second"]
    assert page.count('rel="prev"') == 2 and 'rel="next"' not in page


def test_a_live_widget_is_refused():
    widget = new_code_cell("w", outputs=[new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": {"model_id": "1", "version_major": 2, "version_minor": 0},
        "text/plain": "IntSlider()"})])
    with pytest.raises(RuntimeError, match=r"cell\(s\) \[0\] show a live widget"):
        site_page.render(_notebook(widget), "T")


def test_static_frames_follow_the_grid_and_describe_each_frame():
    def draw(i, fig):
        ax = fig.subplots()
        ax.plot([0, 1], [0, i])
        ax.set(title=f"frame {i}", xlabel="x", ylabel="y")
        fig.tight_layout()

    frames, alts = render_frames(draw, 6, (3, 2))
    assert len(set(frames)) == 6 and alts[4] == "Figure with 1 panel: frame 4 (y against x)"
    page = player_html(frames, [f"r{i}" for i in range(6)], alts, [("a", ["1", "2"]), ("b", ["x", "y", "z"])],
                       start=[1, 2])
    assert re.findall(r'data-stride="(\d)"', page) == ["3", "1"]
    assert 'alt="Figure with 1 panel: frame 5 (y against x)"' in page and "<div class=\"readout\">r5</div>" in page
    with pytest.raises(ValueError):
        player_html(frames[:5], ["r"] * 5, alts[:5], [("a", ["1", "2"]), ("b", ["x", "y", "z"])])


def test_the_notebook_is_not_changed_by_rendering():
    nb = _notebook(new_markdown_cell("# T"), _figure_cell("Figure with 1 panel: p"))
    before = nbformat.writes(nb)
    site_page.render(nb, "T")
    assert nbformat.writes(nb) == before
