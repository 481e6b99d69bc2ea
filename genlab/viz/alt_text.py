"""Alternative text for every matplotlib figure a notebook shows.

Inside IPython, figures are rendered to PNG with an ``alt`` text built from their axes
(title, and what is plotted against what), so screen readers and the static site
(nbconvert reads the ``alt`` metadata) describe each figure.
"""

from __future__ import annotations

__all__ = ["describe_figure", "enable"]


def describe_figure(fig) -> str:
    """One sentence naming each panel of ``fig`` by its title and axis labels."""
    panels = []
    for ax in fig.axes:
        if not ax.get_visible() or (not ax.has_data() and not ax.images):
            continue
        title, x, y = ax.get_title(), ax.get_xlabel(), ax.get_ylabel()
        text = title or "a panel"
        if x or y:
            text += f" ({y or 'values'} against {x or 'position'})"
        panels.append(text)
    if not panels:
        return "Figure"
    return f"Figure with {len(panels)} panel{'s' if len(panels) > 1 else ''}: " + "; ".join(panels)


def _png_with_alt(fig):
    from genlab.viz.player import figure_png

    return figure_png(fig, dpi=fig.dpi), {"alt": describe_figure(fig)}


def enable() -> bool:
    """Register the PNG formatter with alt text in the running IPython; False outside IPython."""
    try:
        from IPython import get_ipython
        from matplotlib.figure import Figure
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    import matplotlib.pyplot as plt

    plt.switch_backend(plt.get_backend())  # load the backend now: it sets its formatter before ours
    png = shell.display_formatter.formatters["image/png"]

    def register_alt_text(*_):
        # The inline backend registers its own formatter when it first activates, which may
        # be after this import: put ours back before every cell, and before the figures of a
        # cell are flushed (post_execute, where the inline backend shows them).
        png.for_type(Figure, _png_with_alt)

    register_alt_text()
    for event in ("pre_run_cell", "post_execute"):
        callbacks = shell.events.callbacks[event]
        if not any(getattr(c, "__name__", "") == "register_alt_text" for c in callbacks):
            callbacks.insert(0, register_alt_text)  # first, so before the inline backend's flush
    return True
