"""One page of the self-study site: an executed master rendered by nbconvert's lab template,
changed so that it needs nothing from the network and reads like a book.

- MathJax 3 from the site's own copy (:mod:`grader.authoring.site_mathjax`); no require.js,
  no widget manager, no mermaid from a CDN;
- every image keeps the alternative text the notebook gave it (``genlab.viz.alt_text``);
- each worked answer (an nbgrader solution cell) is collapsed behind "show the answer";
- previous / next links, and a table of contents built from the page's own headings.
"""

from __future__ import annotations

import html
import re

from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

from grader.authoring.site_execute import widget_cells
from grader.authoring.site_mathjax import SCRIPT

__all__ = ["exporter", "render", "table_of_contents"]

_TOC_MARK = "<!--genlab-toc-->"
_FOCUSABLE = re.compile(r'<div class="(jp-Cell-inputWrapper|[^"]*\bjp-OutputArea-output\b[^"]*)"')
_HEADING = re.compile(r'<h([1-3]) id="([^"]+)">(.*?)<a class="anchor-link"', re.DOTALL)

# Blocks of nbconvert's lab template that load scripts from a CDN are emptied; MathJax comes
# from the site.  The page is the lab template's, wrapped in a header, a contents list and a
# footer.
TEMPLATE = r"""{%- extends 'lab/index.html.j2' -%}

{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}

{%- block html_head_js_mathjax -%}
<script>
window.MathJax = {
  tex: {inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]],
        processEscapes: true, processEnvironments: true, tags: "ams"},
  svg: {fontCache: "global"},
  options: {ignoreHtmlClass: "tex2jax_ignore", processHtmlClass: "tex2jax_process"}
};
</script>
<script defer src="{{ resources.genlab.mathjax }}"></script>
{%- endblock html_head_js_mathjax -%}

{% block extra_css %}
<style>
body.jp-Notebook { padding: 0; }
.genlab-bar { display: flex; justify-content: space-between; gap: 1em; padding: .6em 1.2em;
  background: #f3f5f7; border-bottom: 1px solid #d0d7de; font: 14px/1.4 sans-serif; }
.genlab-bar.bottom { border-top: 1px solid #d0d7de; border-bottom: 0; margin-top: 2em; }
.genlab-bar a { text-decoration: none; }
.genlab-layout { display: flex; align-items: flex-start; }
nav.genlab-toc { position: sticky; top: 0; max-height: 100vh; overflow-y: auto; flex: 0 0 17em;
  padding: 1em; font: 13px/1.4 sans-serif; border-right: 1px solid #e1e4e8; box-sizing: border-box; }
nav.genlab-toc ol { list-style: none; padding-left: 0; margin: .3em 0; }
nav.genlab-toc li.level-3 { padding-left: 1em; }
nav.genlab-toc li { margin: .25em 0; }
.genlab-content { flex: 1 1 auto; min-width: 0; }
@media (max-width: 900px) { .genlab-layout { display: block; }
  nav.genlab-toc { position: static; max-height: none; border-right: 0; border-bottom: 1px solid #e1e4e8; } }
details.genlab-answer { margin: .6em 0 .6em 64px; border: 1px solid #c8d1dc; border-radius: 4px; }
details.genlab-answer > summary { cursor: pointer; padding: .4em .8em; background: #eef3f8;
  font: 600 14px/1.4 sans-serif; }
details.genlab-answer[open] > summary { border-bottom: 1px solid #c8d1dc; }
.genlab-static-player { margin: .4em 0; font: 14px/1.5 sans-serif; }
.genlab-static-player label { margin: 0 .5em; }
.genlab-static-player img { display: block; max-width: 100%; }
</style>
{% endblock extra_css %}

{%- block body_header -%}
{{ super() }}
{{ resources.genlab.bar_top }}
<div class="genlab-layout">
""" + _TOC_MARK + r"""
<div class="genlab-content">
{%- endblock body_header -%}

{% block body_footer %}
</div>
</div>
{{ resources.genlab.bar_bottom }}
{{ super() }}
{% endblock body_footer %}

{% block any_cell %}
{%- if cell.metadata.get('nbgrader', {}).get('solution') -%}
<details class="genlab-answer"><summary>show the answer</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{% endblock any_cell %}

{#- The masters' code is ours: highlighted, it needs no HTML sanitiser (bleach costs a second a page). -#}
{% block input %}
<div class="jp-CodeMirrorEditor jp-Editor jp-InputArea-editor" data-type="inline">
     <div class="cm-editor cm-s-jupyter">
{{ cell.source | highlight_code(metadata=cell.metadata) }}
     </div>
</div>
{%- endblock input %}

{% block data_png scoped %}
{%- set alt = output | get_metadata('alt', 'image/png') -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}" alt="{{ (alt or 'Figure') | escape_html }}">
</div>
{%- endblock data_png %}

{% block data_jpg scoped %}
{%- set alt = output | get_metadata('alt', 'image/jpeg') -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/jpeg;base64,{{ output.data['image/jpeg'] | escape_html }}" alt="{{ (alt or 'Figure') | escape_html }}">
</div>
{%- endblock data_jpg %}
"""


class _SiteExporter(HTMLExporter):
    """nbconvert's HTML exporter without its closing BeautifulSoup pass.

    That pass parses the whole page again (over a second for a page of pre-drawn frames) to
    add alternative texts, which the site's template writes itself, and ``tabindex`` on inputs
    and outputs, which a substitution adds here.  The filters are registered as
    ``HTMLExporter.from_notebook_node`` does.
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        self.register_filter("highlight_code",
                             self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        body, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return _FOCUSABLE.sub(lambda m: m.group(0) + ' tabindex="0"', body), resources


def exporter() -> HTMLExporter:
    """nbconvert's HTML exporter with the site's template."""
    exp = _SiteExporter(template_name="lab")
    exp.raw_template = TEMPLATE
    return exp


def _bar(prev, nxt, where: str) -> str:
    def link(entry, arrow_left: bool):
        if entry is None:
            return "<span></span>"
        href, title = entry
        text = f"&larr; {html.escape(title)}" if arrow_left else f"{html.escape(title)} &rarr;"
        rel = "prev" if arrow_left else "next"
        return f'<a rel="{rel}" href="{html.escape(href)}">{text}</a>'

    return (f'<nav class="genlab-bar {where}" aria-label="pages">{link(prev, True)}'
            f'<a href="index.html">all notebooks</a>{link(nxt, False)}</nav>')


def table_of_contents(page: str) -> list[tuple[int, str, str]]:
    """(level, id, text) of every h1–h3 heading of a rendered page, in order."""
    return [(int(level), anchor, re.sub(r"<[^>]+>", "", inner).strip())
            for level, anchor, inner in _HEADING.findall(page)]


def _toc_html(entries) -> str:
    items = "\n".join(f'<li class="level-{level}"><a href="#{html.escape(anchor)}">{text}</a></li>'
                      for level, anchor, text in entries if level > 1)
    return f'<nav class="genlab-toc" aria-label="contents"><strong>Contents</strong><ol>\n{items}\n</ol></nav>'


def render(nb, title: str, prev=None, nxt=None) -> str:
    """The page of one executed notebook.

    Parameters
    ----------
    nb : NotebookNode
        Executed, with solution markers and hidden tests removed.
    title : str
    prev, nxt : (href, title) or None
        The neighbouring pages.

    Raises
    ------
    RuntimeError
        When a cell still shows a live widget: a static page could not move it.
    """
    cells = widget_cells(nb)
    if cells:
        raise RuntimeError(f"{title}: code cell(s) {cells} show a live widget, which a static page cannot "
                           "move: give each a static counterpart (genlab.viz.player, genlab.viz.static_frames)")
    resources = {"metadata": {"name": title},
                 "genlab": {"mathjax": SCRIPT, "bar_top": _bar(prev, nxt, "top"),
                            "bar_bottom": _bar(prev, nxt, "bottom")}}
    body, _ = exporter().from_notebook_node(nb, resources=resources)
    return body.replace(_TOC_MARK, _toc_html(table_of_contents(body)), 1)
