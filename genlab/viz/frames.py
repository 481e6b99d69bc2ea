"""Frames drawn once: the PNG cache and background drawing behind every player.

A player asks for a frame; the first time it is drawn with matplotlib (one draw: the layout of
the first frame of a source is reused for the others, as on the static site), after that it is
a dictionary lookup.  Only the first frame of a source is drawn whole: the others are drawn
without their axes, over the first one's (:mod:`genlab.viz.backdrop`).  The PNGs of a source
(one ``draw`` function, e.g. one K of the segmentation explorer) are kept under its key; a
source whose pictures change (EM stepped or restarted) is invalidated and gets a new key.

Background drawing: a request can be handed to one worker thread per cache, so the kernel
never waits for matplotlib while a slider moves or Play runs.  Only the *latest* request is
drawn and shown (older ones are dropped); when nothing is requested the worker draws the
source's other frames ahead, if asked to.  Drawing takes one process-wide lock, so two players
never draw at the same time.  Figures are made with ``matplotlib.figure.Figure`` (not pyplot),
so nothing is added to pyplot's figure list and the inline backend shows nothing.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections import OrderedDict
from typing import Callable

from genlab.viz.backdrop import Backdrop, render, to_png

__all__ = ["DRAW_LOCK", "FrameCache", "draw_png"]

DRAW_LOCK = threading.RLock()  # matplotlib draws one figure at a time in this process
_PARS = ("left", "right", "bottom", "top", "wspace", "hspace")
_keys = itertools.count()


def draw_png(draw: Callable, frame: int, figsize, dpi: int = 90, layout: dict | None = None,
             backdrop: Backdrop | None = None):
    """Draw one frame and return ``(png bytes, layout, new backdrop)``.

    ``draw(frame, fig)`` draws on an empty figure.  With ``layout`` (the subplot parameters of an
    earlier frame) ``fig.tight_layout()`` applies it instead of measuring every label again, and
    the frames do not jitter; the layout returned is the one this frame used.  With a
    ``backdrop`` (:mod:`genlab.viz.backdrop`) that fits this frame, only what changes is drawn;
    without one, the frame is drawn whole and its own backdrop is returned (else None).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with DRAW_LOCK:
        fig = Figure(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(fig)
        if layout is not None:
            fig.tight_layout = lambda *_, **__: fig.subplots_adjust(**layout)
        draw(frame, fig)
        used = {name: getattr(fig.subplotpars, name) for name in _PARS}
        rgb, kept = render(fig, backdrop, keep=backdrop is None)
        return to_png(rgb), used, kept


class FrameCache:
    """PNGs of the frames of the current source, each drawn at most once while it is valid.

    Parameters
    ----------
    figsize : tuple of float
    dpi : int
    max_cached : int
        At most this many PNGs are kept (all sources together; the least recently shown go
        first).  A frame is 30–140 kB, so the default 300 hold at most about 40 MB.

    Attributes
    ----------
    draws : int
        How many frames were drawn (a frame shown again from the cache is not drawn).
    lock : threading.RLock
        Held while a frame is shown, so that a late frame never overwrites a newer one.
    """

    def __init__(self, figsize, dpi: int = 90, max_cached: int = 300):
        self.figsize, self.dpi, self.max_cached = figsize, dpi, int(max_cached)
        self.draws = 0
        self.lock = threading.RLock()
        self._wake = threading.Condition(self.lock)
        self._pngs: OrderedDict = OrderedDict()  # (key, frame) -> PNG bytes
        self._layouts: dict = {}  # key -> subplot parameters of its first frame
        self._backdrops: dict = {}  # key -> the Backdrop of its first frame
        self._failed: dict = {}  # (key, frame) -> the exception its draw raised
        self._key, self._draw, self._n = None, None, 0
        self._wanted = None  # (key, frame, on_ready) of the latest request
        self._ahead = False  # draw the other frames when idle (for every source, once set)
        self._worker: threading.Thread | None = None

    # sources
    def use(self, draw: Callable, n_frames: int, key=None) -> None:
        """Draw frames with ``draw`` from now on; frames already drawn under ``key`` are reused.

        Without ``key`` the source is new (nothing drawn yet).
        """
        with self.lock:
            self._key = ("source", next(_keys)) if key is None else key
            self._draw, self._n = draw, int(n_frames)
            self._wanted = None

    def invalidate(self, n_frames: int | None = None) -> None:
        """Forget the current source's frames (its pictures changed); optionally a new length."""
        with self.lock:
            old = self._key
            for job in [job for job in self._pngs if job[0] == old]:
                del self._pngs[job]
            self._layouts.pop(old, None)
            self._backdrops.pop(old, None)
            self._failed = {job: e for job, e in self._failed.items() if job[0] != old}
            self.use(self._draw, self._n if n_frames is None else n_frames)

    @contextlib.contextmanager
    def paused(self):
        """No frame is drawn inside this block (change what ``draw`` reads, then invalidate)."""
        with DRAW_LOCK:
            yield

    # frames
    def cached(self, frame: int) -> bytes | None:
        """The PNG of ``frame`` of the current source if it is drawn, else None."""
        with self.lock:
            png = self._pngs.get((self._key, frame))
            if png is not None:
                self._pngs.move_to_end((self._key, frame))
            return png

    def png(self, frame: int) -> bytes:
        """The PNG of ``frame``, drawn now if it is not cached (raises what ``draw`` raises)."""
        png = self.cached(frame)
        if png is not None:
            return png
        with self.lock:
            job = (self._key, frame)
        png = self._render(job)
        if png is None:
            raise self._failed.get(job) or RuntimeError("the source changed while the frame was drawn")
        return png

    def request(self, frame: int, on_ready: Callable, background: bool) -> None:
        """Call ``on_ready(frame, png_or_exception)`` under :attr:`lock` once ``frame`` is drawn,
        unless a later request came first.  A cached frame is shown at once; else it is drawn
        now, or with ``background`` by the worker thread while this returns."""
        with self.lock:
            job = (self._key, frame)
            self._wanted = (job, on_ready)
            png = self.cached(frame)
            if png is not None:
                on_ready(frame, png)
                return
            if background:
                self._start()
                return
        self._finish(job, self._render(job))

    def draw_ahead(self) -> None:
        """From now on the worker draws the current source's other frames when it has nothing
        to show (after a change of source, that source's)."""
        with self.lock:
            if self._n <= self.max_cached:  # else it would draw what it evicts, forever
                self._ahead = True
                self._start()

    def wait(self, timeout: float = 60.0) -> bool:
        """Wait until the worker has nothing left to draw; False on timeout."""
        with self.lock:
            return self._wake.wait_for(lambda: self._worker is None, timeout)

    # inside
    def _render(self, job):
        """Draw ``job`` = (key, frame) and cache it; None if its source changed or it failed."""
        with DRAW_LOCK:
            with self.lock:
                if job[0] != self._key or job in self._failed:
                    return None
                draw, layout, backdrop = self._draw, self._layouts.get(job[0]), self._backdrops.get(job[0])
            try:
                png, used, kept = draw_png(draw, job[1], self.figsize, self.dpi, layout, backdrop)
            except Exception as error:  # the caller shows it
                with self.lock:
                    self._failed[job] = error
                return None
            with self.lock:
                self.draws += 1
                if job[0] != self._key:
                    return None
                self._layouts.setdefault(job[0], used)
                if kept is not None:
                    self._backdrops.setdefault(job[0], kept)
                self._pngs[job] = png
                while len(self._pngs) > self.max_cached:
                    self._pngs.popitem(last=False)
                return png

    def _finish(self, job, png):
        with self.lock:
            if self._wanted is not None and self._wanted[0] == job:
                result = png if png is not None else self._failed.get(job)
                if result is not None:
                    self._wanted[1](job[1], result)

    def _next_job(self):
        """The latest request if it is not drawn yet, else (drawing ahead) the next frame after it."""
        if self._wanted is not None:
            job = self._wanted[0]
            if job[0] == self._key and job not in self._pngs and job not in self._failed:
                return job
        if not self._ahead:
            return None
        start = self._wanted[0][1] + 1 if self._wanted is not None else 0
        for frame in itertools.chain(range(start, self._n), range(0, start)):
            job = (self._key, frame)
            if job not in self._pngs and job not in self._failed:
                return job
        return None

    def _start(self):
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="genlab-frames", daemon=True)
            self._worker.start()

    def _work(self):
        while True:
            with self.lock:
                job = self._next_job()
                if job is None:
                    self._worker = None
                    self._wake.notify_all()
                    return
            self._finish(job, self._render(job))
