"""A Play + slider player over precomputed frames, the base of every EM animation.

The history is computed once by the caller; each frame is drawn once and then only shown
again (see :mod:`genlab.viz.frames`), so moving the slider swaps a picture.
"""

from __future__ import annotations

import functools
import io
import os
import threading
from typing import Callable, Sequence

import ipywidgets as widgets
from IPython.display import HTML, display

from genlab.viz.frames import FrameCache

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

    Each frame is drawn once (:class:`genlab.viz.frames.FrameCache`, at most ``max_cached``
    PNGs of 30–140 kB each are kept): going back to a frame only swaps the picture.  The
    picture, the readout and the slider are set together from one frame, so they always name
    the same iteration.  Play moves the slider through the kernel: the slider moves when its
    frame is shown, never ahead of it.  While a browser shows the player, frames are drawn by
    a background thread: the kernel never waits for matplotlib, a frame asked for while another
    one is drawn replaces it (only the latest is shown), and the other frames are drawn ahead.

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
    start : int
        The frame shown first.
    max_cached : int
        How many frames' PNGs are kept (default 300, at most about 25 MB).
    background : bool, optional
        Draw in a background thread (True), in the call (False), or (None, the default) in the
        background once a browser shows the player; a script or test draws in the call.
    prerender : bool
        Draw the other frames ahead once a browser shows the player (else only on Play).
    key : hashable, optional
        Name of these frames, as in :meth:`set_frames`.
    """

    def __init__(self, n_frames: int, draw: Callable, readout: Callable | None = None,
                 figsize=(9.0, 3.6), interval: int = 600, description: str = "iteration",
                 labels: Sequence[str] | None = None, show_play: bool = True, start: int = 0,
                 max_cached: int = 300, background: bool | None = None, prerender: bool = True, key=None):
        if n_frames < 1:
            raise ValueError("n_frames must be >= 1")
        if labels is not None and len(labels) != n_frames:
            raise ValueError(f"{len(labels)} labels for {n_frames} frames")
        self.n_frames, self.frame = n_frames, None
        self._draw, self._readout, self._figsize = draw, readout, figsize
        self.background, self.prerender = background, prerender
        self.frames = FrameCache(figsize, max_cached=max_cached)
        self.frames.use(draw, n_frames, key)
        self._quiet = threading.local()  # .on: this thread is moving the slider itself
        self.labels = None if labels is None else [str(label) for label in labels]
        self.play = widgets.Play(value=start, min=0, max=n_frames - 1, step=1, interval=interval,
                                 description="Play", tooltip="Play the iterations")
        if self.labels is None:
            self.slider = widgets.IntSlider(value=start, min=0, max=n_frames - 1, step=1,
                                            description=description, continuous_update=True)
            self._frame = "value"
        else:  # the slider shows the labels; Play moves its index
            self.slider = widgets.SelectionSlider(options=self.labels, index=start, description=description,
                                                  continuous_update=True)
            self._frame = "index"
        self.label = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.image._view_count = 0  # the browser counts the views it shows
        self.slider.observe(self._on_slider, names=self._frame)
        self.play.observe(self._on_play, names="value")
        self.play.observe(lambda change: change["new"] and self._draw_ahead(True), names="playing")
        self.image.observe(lambda change: self._draw_ahead(self.prerender), names="_view_count")
        controls = [self.play, self.slider] if show_play else [self.slider]
        self.widget = widgets.VBox([widgets.HBox(controls), self.label, self.image])
        self.show(start, background=False)  # never an empty picture

    def show(self, frame: int, background: bool | None = None) -> None:
        """Show ``frame``: picture, readout and slider together, once it is drawn (not in
        static mode, where :meth:`static_html` draws every frame).  ``background`` overrides
        the player's choice of drawing in the background."""
        if static_mode():
            return
        frame = min(max(int(frame), 0), self.n_frames - 1)
        self._set_quietly(self.play, "value", frame)
        background = self._in_background() if background is None else background
        self.frames.request(frame, self._shown, background=background)

    def set_frames(self, n_frames: int, draw: Callable | None = None, readout: Callable | None = None,
                   key=None) -> None:
        """The frames changed: without ``draw`` the old pictures are stale (forgotten); with it,
        a new source whose frames are kept under ``key`` (frames drawn for ``key`` before are
        reused).  Call :meth:`show` next."""
        if self.labels is not None and n_frames != self.n_frames:
            raise ValueError("a player with labels keeps its number of frames")
        with self.frames.lock:
            if draw is None:
                self.frames.invalidate(n_frames)
            else:
                self.frames.use(draw, n_frames, key)
                self._draw = draw
            self._readout = readout or self._readout
            self.n_frames = int(n_frames)
            for widget in (self.play, self.slider) if self.labels is None else (self.play,):
                self._set_quietly(widget, "max", self.n_frames - 1)

    def wait(self, timeout: float = 60.0) -> bool:
        """Wait until the background thread has drawn what was asked (tests, benchmarks)."""
        return self.frames.wait(timeout)

    def _in_background(self) -> bool:
        if self.background is not None:
            return self.background
        return (self.image._view_count or 0) > 0

    def _draw_ahead(self, wanted: bool) -> None:
        if wanted and self._in_background() and not static_mode():
            self.frames.draw_ahead()

    def _set_quietly(self, widget, name, value) -> None:
        previous, self._quiet.on = getattr(self._quiet, "on", False), True
        try:
            setattr(widget, name, value)
        finally:
            self._quiet.on = previous

    def _on_slider(self, change) -> None:
        if not getattr(self._quiet, "on", False):  # the student moved it
            self.show(change["new"])

    def _on_play(self, change) -> None:
        if not getattr(self._quiet, "on", False):
            self.show(change["new"])

    def _shown(self, frame: int, png) -> None:
        """Called with the frame's PNG (or the exception its draw raised) when it is ready."""
        if isinstance(png, Exception):
            self.label.value = error_box(f"Could not draw {self.slider.description} {frame}: "
                                         f"{type(png).__name__}: {png}").value
            return
        self.label.value = self._readout(frame) if self._readout is not None else ""
        self.image.value = png
        self.frame = frame
        self._set_quietly(self.slider, self._frame, frame)

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
                             description=description, labels=[fmt.format(v) for v in values], show_play=False,
                             start=0 if start is None else min(range(len(values)), key=lambda i: abs(values[i] - start)))
    return player
