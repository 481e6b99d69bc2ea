"""A Play + slider player over precomputed frames, the base of every EM animation.

The history is computed once by the caller; moving the slider only redraws.  Play and
the slider are joined with ``jslink`` so the browser moves both without a round trip.
"""

from __future__ import annotations

from typing import Callable

import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

__all__ = ["IterationPlayer", "error_box", "figure_png"]


def figure_png(fig, dpi: int = 90) -> bytes:
    """The figure as PNG bytes (works whatever matplotlib backend the kernel uses)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


def error_box(text: str) -> widgets.HTML:
    """A plain, visible message in place of a plot (e.g. when a student's function raises)."""
    from html import escape

    return widgets.HTML(
        f'<div role="alert" style="border-left:4px solid #b2182b;padding:6px 10px;'
        f'background:#fdf1f0;white-space:pre-wrap">{escape(text)}</div>'
    )


class IterationPlayer:
    """Step through ``n_frames`` frames with Play, a slider and a text readout.

    Parameters
    ----------
    n_frames : int
        Number of frames (e.g. EM iterations + 1 for the start).
    draw : callable
        ``draw(frame, fig)`` draws frame ``frame`` (0-based) on the empty figure ``fig``.
    readout : callable, optional
        ``readout(frame) -> str``, a one-line description shown above the plot.
    figsize : tuple of float
        Figure size in inches.
    interval : int
        Milliseconds between frames when playing.
    description : str
        Label of the slider.
    """

    def __init__(self, n_frames: int, draw: Callable, readout: Callable | None = None,
                 figsize=(9.0, 3.6), interval: int = 600, description: str = "iteration"):
        if n_frames < 1:
            raise ValueError("n_frames must be >= 1")
        self.n_frames = n_frames
        self._draw = draw
        self._readout = readout
        self._figsize = figsize
        self.play = widgets.Play(value=0, min=0, max=n_frames - 1, step=1, interval=interval,
                                 description="Play", tooltip="Play the iterations")
        self.slider = widgets.IntSlider(value=0, min=0, max=n_frames - 1, step=1,
                                        description=description, continuous_update=True)
        widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.label = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.slider.observe(lambda change: self.show(change["new"]), names="value")
        self.widget = widgets.VBox([widgets.HBox([self.play, self.slider]), self.label, self.image])
        self.show(0)

    def show(self, frame: int) -> None:
        """Draw ``frame`` into the output area and update the readout."""
        if self._readout is not None:
            self.label.value = self._readout(frame)
        fig = plt.figure(figsize=self._figsize)
        try:
            self._draw(frame, fig)
            self.image.value = figure_png(fig)
        finally:
            plt.close(fig)

    def _ipython_display_(self):
        display(self.widget)
