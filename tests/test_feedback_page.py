"""grader.grading.feedback_page: the same feedback page as nbconvert's HTMLExporter gives, without
its second parse (nbconvert's own exporter is the oracle)."""

from __future__ import annotations

import base64
import os

import bs4
import nbgrader
from nbconvert.exporters import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from traitlets.config import Config

from grader.grading.feedback_page import NO_ALT, FeedbackPage

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")).decode()


def feedback_config() -> Config:
    """nbgrader's feedback template, as ``GenerateFeedback`` configures it."""
    formgrader = os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader")
    c = Config()
    c.HTMLExporter.template_name = "feedback"
    c.HTMLExporter.extra_template_basedirs = [os.path.join(formgrader, "templates")]
    c.HTMLExporter.extra_template_paths = [
        os.path.join(formgrader, "static", "node_modules", "bootstrap", "dist", "css")]
    return c


def notebook():
    plot = new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})
    described = new_output("display_data", data={"text/html": f'<img src="data:image/png;base64,{PNG}" '
                                                               'alt="two bumps">'})
    error = new_output("error", ename="ValueError", evalue="shapes (3,) and (2,) <do not> match",
                       traceback=["\x1b[0;31mValueError\x1b[0m: shapes (3,) and (2,) do not match"])
    cells = [new_markdown_cell("# EM, by hand\nThe log-likelihood $\\ell(\\theta)$ never goes down."),
             new_code_cell("import numpy as np\nx = np.arange(3) < 2  # <img not a tag", outputs=[plot, described]),
             new_code_cell("np.dot(np.ones(3), np.ones(2))", outputs=[error])]
    cells[2].metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "test_dot", "points": 2,
                                     "score": 0, "locked": True, "schema_version": 3}
    nb = new_notebook(cells=cells)
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    return nb


def grades():
    """What nbgrader's GetGrades preprocessor hands the template."""
    return {"nbgrader": {"notebook": "em_by_hand", "score": 0.0, "max_score": 2.0, "late_penalty": 0.0}}


def test_same_page_as_nbconverts_exporter():
    theirs, _ = HTMLExporter(config=feedback_config()).from_notebook_node(notebook(), grades())
    ours, _ = FeedbackPage(config=feedback_config()).from_notebook_node(notebook(), grades())
    theirs, ours = bs4.BeautifulSoup(theirs, "html.parser"), bs4.BeautifulSoup(ours, "html.parser")
    assert ours.get_text() == theirs.get_text()
    assert [img.attrs for img in ours.find_all("img")] == [img.attrs for img in theirs.find_all("img")]
    alts = [img["alt"] for img in ours.find_all("img")]
    assert alts == [NO_ALT, "two bumps"]
    assert "shapes (3,) and (2,)" in ours.get_text() and "never goes down" in ours.get_text()


def _count_compiles(monkeypatch) -> list:
    import jinja2

    compiled, compile_ = [], jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return compiled


def test_a_second_page_compiles_no_template_and_is_the_same(monkeypatch):
    first, _ = FeedbackPage(config=feedback_config()).from_notebook_node(notebook(), grades())
    compiled = _count_compiles(monkeypatch)
    second, _ = FeedbackPage(config=feedback_config()).from_notebook_node(notebook(), grades())  # as nbgrader: a new one
    assert compiled == []
    assert bs4.BeautifulSoup(second, "html.parser").get_text() == bs4.BeautifulSoup(first, "html.parser").get_text()


def test_an_edited_template_is_compiled_afresh(tmp_path, monkeypatch):
    template = tmp_path / "mine.html.j2"
    config = Config()
    config.HTMLExporter.extra_template_paths = [str(tmp_path)]
    config.HTMLExporter.template_file = "mine.html.j2"
    template.write_text("before: {{ nb.cells | length }} cells")
    page, _ = FeedbackPage(config=config).from_notebook_node(notebook(), grades())
    assert page == "before: 3 cells"
    template.write_text("after, longer: {{ nb.cells | length }} cells")
    compiled = _count_compiles(monkeypatch)
    page, _ = FeedbackPage(config=config).from_notebook_node(notebook(), grades())
    assert page == "after, longer: 3 cells"
    assert compiled == ["mine.html.j2"]


def test_shared_code_is_highlighted_once_and_a_changed_cell_afresh(monkeypatch):
    from nbconvert.filters import highlight

    FeedbackPage(config=feedback_config()).from_notebook_node(notebook(), grades())
    highlighted, highlight_ = [], highlight._pygments_highlight

    def counting(source, *args, **kwargs):
        highlighted.append(source)
        return highlight_(source, *args, **kwargs)

    monkeypatch.setattr(highlight, "_pygments_highlight", counting)
    changed = notebook()
    changed.cells[2].source = "np.dot(np.ones(2), np.ones(2))  # a student's fix"
    page, _ = FeedbackPage(config=feedback_config()).from_notebook_node(changed, grades())
    assert highlighted == [changed.cells[2].source]
    theirs, _ = HTMLExporter(config=feedback_config()).from_notebook_node(changed, grades())
    assert bs4.BeautifulSoup(page, "html.parser").get_text() == bs4.BeautifulSoup(theirs, "html.parser").get_text()
    assert "a student's fix" in bs4.BeautifulSoup(page, "html.parser").get_text()
