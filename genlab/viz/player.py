"""A Play + slider player over precomputed frames, the base of every EM animation.

The history is computed once by the caller; moving the slider only redraws.  Play and
the slider are joined with ``jslink`` so the browser moves both without a round trip.
"""

from __future__ import annotations

import functools
import io
import os
from typing import Callable, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import HTML, display

__all__ = ["IterationPlayer", "NotDrawn", "error_box", "figure_png", "grading_mode", "not_drawn_when_grading",
           "static_mode", "value_player"]


def static_mode() -> bool:
    """True when notebooks run to build the static site (``GENLAB_STATIC=1``): players then
    show pre-rendered frames with a plain HTML slider, which move without a kernel."""
    return os.environ.get("GENLAB_STATIC") == "1"


def grading_mode() -> bool:
    """True in the kernel that grades a submission (``GENLAB_GRADING=1``, set by the grader's
    sandbox).  Players and explorers are then not built: their cells earn no points, and
    building one (running EM, drawing frames) was most of a graded notebook's time."""
    return os.environ.get("GENLAB_GRADING") == "1"


class NotDrawn:
    """What a player or explorer shows in a graded run: one sentence, nothing computed."""

    text = "(This interactive figure is drawn in JupyterLab, not when the notebook is graded: its cell earns no points.)"

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return f"<p><em>{self.text}</em></p>"


def not_drawn_when_grading(build: Callable) -> Callable:
    """Decorate a function that builds a player or explorer: in :func:`grading_mode` it returns
    :class:`NotDrawn` without calling anything it was given (the student's functions included)."""
    @functools.wraps(build)
    def built_unless_grading(*args, **kwargs):
        return NotDrawn() if grading_mode() else build(*args, **kwargs)
    return built_unless_grading


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
    labels : sequence of str, optional
        One label per frame (e.g. the value of a parameter): the slider then shows the
        label instead of the frame number.
    show_play : bool
        Show the Play button in JupyterLab (the static page always has one).
    """

    def __init__(self, n_frames: int, draw: Callable, readout: Callable | None = None,
                 figsize=(9.0, 3.6), interval: int = 600, description: str = "iteration",
                 labels: Sequence[str] | None = None, show_play: bool = True):
        if n_frames < 1:
            raise ValueError("n_frames must be >= 1")
        if labels is not None and len(labels) != n_frames:
            raise ValueError(f"{len(labels)} labels for {n_frames} frames")
        self.n_frames = n_frames
        self._draw = draw
        self._readout = readout
        self._figsize = figsize
        self.labels = None if labels is None else [str(label) for label in labels]
        self.play = widgets.Play(value=0, min=0, max=n_frames - 1, step=1, interval=interval,
                                 description="Play", tooltip="Play the iterations")
        if self.labels is None:
            self.slider = widgets.IntSlider(value=0, min=0, max=n_frames - 1, step=1,
                                            description=description, continuous_update=True)
            self._frame = "value"
        else:  # the slider shows the labels; Play moves its index
            self.slider = widgets.SelectionSlider(options=self.labels, index=0, description=description,
                                                  continuous_update=True)
            self._frame = "index"
        widgets.jslink((self.play, "value"), (self.slider, self._frame))
        self.label = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.slider.observe(lambda change: self.show(change["new"]), names=self._frame)
        controls = [self.play, self.slider] if show_play else [self.slider]
        self.widget = widgets.VBox([widgets.HBox(controls), self.label, self.image])
        self.show(0)

    def show(self, frame: int) -> None:
        """Draw ``frame`` into the output area and update the readout (not in static mode,
        where :meth:`static_html` draws every frame and the widgets are never shown)."""
        if static_mode():
            return
        if self._readout is not None:
            self.label.value = self._readout(frame)
        fig = plt.figure(figsize=self._figsize)
        try:
            self._draw(frame, fig)
            self.image.value = figure_png(fig)
        finally:
            plt.close(fig)

    def static_html(self) -> str:
        """Every frame pre-rendered, with a Play button and a slider that need no kernel
        (see :mod:`genlab.viz.static_frames`); it starts at the slider's current frame."""
        from genlab.viz.static_frames import player_html, render_frames

        frames, alts = render_frames(self._draw, self.n_frames, self._figsize)
        readouts = [self._readout(frame) if self._readout else f"frame {frame}" for frame in range(self.n_frames)]
        labels = self.labels or [str(frame) for frame in range(self.n_frames)]
        start = getattr(self.slider, self._frame)
        return player_html(frames, readouts, alts, [(self.slider.description, labels)], start=[start],
                           interval=self.play.interval)

    def _ipython_display_(self):
        if static_mode():
            display(HTML(self.static_html()))
        else:
            display(self.widget)


@not_drawn_when_grading
def value_player(draw: Callable, values, *, description: str, start=None, fmt: str = "{:.2f}",
                 readout: Callable | None = None, figsize=(10.0, 3.2), interval: int = 400) -> IterationPlayer:
    """A slider over the values of one parameter: ``draw(value, fig)`` per value.

    Parameters
    ----------
    draw : callable
        ``draw(value, fig)`` draws the picture for ``value`` on the empty figure ``fig``.
    values : sequence of float
        The slider's positions (each is one pre-drawn frame on the static site).
    description : str
        Label of the slider (e.g. ``"μ"``).
    start : float, optional
        Starting value; the nearest of ``values`` is used (default: the first).
    fmt : str
        How a value is written next to the slider.
    readout : callable, optional
        ``readout(value) -> str``, shown above the plot (default: ``"μ = 1.25"``).
    figsize : tuple of float
    interval : int
        Milliseconds between values when playing.
    """
    values = [float(v) for v in values]
    if readout is None:
        def readout(value):
            return f"{description} = {fmt.format(value)}"
    # In JupyterLab a plain slider, as for any parameter; the static page adds Play.
    player = IterationPlayer(len(values), lambda i, fig: draw(values[i], fig),
                             lambda i: readout(values[i]), figsize=figsize, interval=interval,
                             description=description, labels=[fmt.format(v) for v in values], show_play=False)
    if start is not None:
        player.slider.index = min(range(len(values)), key=lambda i: abs(values[i] - start))
    return player
