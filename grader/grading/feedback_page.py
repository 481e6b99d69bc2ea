"""The exporter of the students' feedback pages: nbconvert's HTML page without a second parse.

nbconvert's ``HTMLExporter`` renders the page, then parses all of it again with BeautifulSoup
(pure Python) to give images without alt text a placeholder and the lab template's cell wrappers
a ``tabindex``.  nbgrader's feedback template is built on the classic template, which has none of
those wrappers, so only the alt text applies; the parse was half of a feedback page's time (0.5 of
1.1 s for a stub of notebook 03, issue 18).  :class:`FeedbackPage` renders the same template and
gives the alt text with one scan of the ``<img`` tags.
"""

from __future__ import annotations

import re

from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

__all__ = ["FeedbackPage", "NO_ALT"]

NO_ALT = "No description has been provided for this image"  # nbconvert's words, as students see them elsewhere
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\salt=)", re.IGNORECASE)


class FeedbackPage(HTMLExporter):
    """``HTMLExporter`` for templates without lab cell wrappers (nbgrader's feedback template)."""

    def from_notebook_node(self, nb, resources=None, **kw):
        language = nb.metadata.get("language_info", {})
        if "highlight_code" not in self.filters:
            lexer = language.get("pygments_lexer", language.get("name"))
            self.register_filter("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return _IMG_WITHOUT_ALT.sub(f'<img alt="{NO_ALT}"', page), resources
