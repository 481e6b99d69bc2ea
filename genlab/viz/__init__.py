"""Plots and widgets: ``genlab.viz.player`` (Play + slider over frames), one module per topic.

Importing any of them gives every figure shown in a notebook an alternative text
(``genlab.viz.alt_text``).
"""

from genlab.viz import alt_text as _alt_text

_alt_text.enable()
