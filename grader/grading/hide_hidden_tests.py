"""Feedback without hidden tests: an nbgrader preprocessor for ``GenerateFeedback``.

nbgrader's feedback shows hidden tests by default (nbgrader issue #917), and even with
``ClearHiddenTests`` a traceback can quote a hidden line.  This removes the hidden region
from the cell source and shortens every error in such a cell to ``name: message``; the
checker's messages are written to stand alone and never quote expected hidden values.
"""

from __future__ import annotations

from nbformat.v4 import new_markdown_cell
from nbgrader.preprocessors import ClearHiddenTests
from traitlets import Bool

__all__ = ["HideHiddenTests"]


class HideHiddenTests(ClearHiddenTests):
    """Remove hidden-test regions and the tracebacks of cells that had them."""

    enforce_metadata = False  # feedback notebooks are already validated by autograde
    not_sandboxed = Bool(False, help="say on the page that the run had no operating-system sandbox"
                         ).tag(config=True)

    def preprocess(self, nb, resources):
        nb, resources = super().preprocess(nb, resources)
        if self.not_sandboxed:
            from grader.grading.bubblewrap import NOT_SANDBOXED

            nb.cells.insert(0, new_markdown_cell(f"**{NOT_SANDBOXED}**"))
        return nb, resources

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code" or self.begin_test_delimeter not in cell.source:
            return cell, resources
        self._remove_hidden_test_region(cell)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                # a check's own message stands alone; anything else keeps its exception name
                name = "" if output.get("ename") == "CheckFailed" else f"{output.get('ename', 'Error')}: "
                output["traceback"] = [f"{name}{output.get('evalue', '')}"]
        return cell, resources
