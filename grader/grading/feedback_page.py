"""The exporter of the students' feedback pages: nbconvert's HTML page without a second parse.

nbconvert's ``HTMLExporter`` renders the page, then parses all of it again with BeautifulSoup
(pure Python) to give images without alt text a placeholder and the lab template's cell wrappers
a ``tabindex``.  nbgrader's feedback template is built on the classic template, which has none of
those wrappers, so only the alt text applies; the parse was half of a feedback page's time (0.5 of
1.1 s for a stub of notebook 03, issue 18).  :class:`FeedbackPage` renders the same template and
gives the alt text with one scan of the ``<img`` tags.

nbgrader makes a new exporter, so a new Jinja environment, for every job, and Jinja compiled the
dozen templates of the page again each time (0.16 s of a job's 0.54 worker CPU-seconds): the
compiled templates are kept for the life of the worker process (``_COMPILED``).  Jinja checks each
one against its template's source, so an edited template is compiled afresh.  Likewise the
highlighted code of the cells every student's page shares (the locked cells) is made once per
worker (:class:`_HighlightOnce`; pygments took 0.1 s of a page).
"""

from __future__ import annotations

import re
from collections import OrderedDict

from jinja2 import BytecodeCache

from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

__all__ = ["FeedbackPage", "NO_ALT"]

NO_ALT = "No description has been provided for this image"  # nbconvert's words, as students see them elsewhere
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\salt=)", re.IGNORECASE)


class _CompiledTemplates(BytecodeCache):
    """Compiled Jinja templates kept in memory, by template (Jinja rejects one whose source changed)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()  # one per worker process, shared by its feedback pages


class _HighlightOnce(Highlight2HTML):
    """``Highlight2HTML`` that remembers the last ``KEEP`` pieces of code it highlighted."""

    KEEP = 2000  # pieces of highlighted code (a cell's is a few kB)
    _made: "OrderedDict[tuple, str]" = OrderedDict()  # shared by the worker's pages

    def __call__(self, source, language=None, metadata=None):
        key = (source, language or self.pygments_lexer, (metadata or {}).get("magics_language"),
               repr(sorted(self.extra_formatter_options.items())))
        made = self._made
        if key in made:
            made.move_to_end(key)
            return made[key]
        html = made[key] = super().__call__(source, language, metadata)
        if len(made) > self.KEEP:
            made.popitem(last=False)
        return html


class FeedbackPage(HTMLExporter):
    """``HTMLExporter`` for templates without lab cell wrappers (nbgrader's feedback template)."""

    def _create_environment(self):
        environment = super()._create_environment()
        environment.bytecode_cache = _COMPILED
        return environment

    def from_notebook_node(self, nb, resources=None, **kw):
        language = nb.metadata.get("language_info", {})
        if "highlight_code" not in self.filters:
            lexer = language.get("pygments_lexer", language.get("name"))
            self.register_filter("highlight_code", _HighlightOnce(pygments_lexer=lexer, parent=self))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return _IMG_WITHOUT_ALT.sub(f'<img alt="{NO_ALT}"', page), resources
