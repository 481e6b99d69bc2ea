"""A Play + slider player over precomputed frames, the base of every EM animation.

The history is computed once by the caller; moving the slider only redraws.  Play and
the slider are joined with ``jslink`` so the browser moves both without a round trip.
"""

from __future__ import annotations

import base64
import io
import json
import os
import uuid
from typing import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import HTML, display

__all__ = ["IterationPlayer", "error_box", "figure_png", "static_mode"]


def static_mode() -> bool:
    """True when notebooks run to build the static site (``GENLAB_STATIC=1``): players then
    show pre-rendered frames with a plain HTML slider, which move without a kernel."""
    return os.environ.get("GENLAB_STATIC") == "1"


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

    def static_html(self, alt: str = "") -> str:
        """Every frame pre-rendered, with a Play button and a slider that need no kernel."""
        frames, readouts = [], []
        for frame in range(self.n_frames):
            fig = plt.figure(figsize=self._figsize)
            try:
                self._draw(frame, fig)
                frames.append(base64.b64encode(figure_png(fig, dpi=72)).decode())
            finally:
                plt.close(fig)
            readouts.append(self._readout(frame) if self._readout else f"frame {frame}")
        return _STATIC_TEMPLATE.format(id=f"player-{uuid.uuid4().hex[:8]}", last=self.n_frames - 1,
                                       first=frames[0], readout=readouts[0], alt=alt or "EM iterations",
                                       frames=json.dumps(frames), readouts=json.dumps(readouts),
                                       interval=self.play.interval, label=self.slider.description)

    def _ipython_display_(self):
        if static_mode():
            display(HTML(self.static_html()))
        else:
            display(self.widget)


_STATIC_TEMPLATE = """
<div class="genlab-static-player" id="{id}">
  <button type="button" aria-label="Play">&#9654; Play</button>
  <label>{label} <input type="range" min="0" max="{last}" value="0" step="1"></label>
  <output>0</output>
  <div class="readout">{readout}</div>
  <img alt="{alt}" src="data:image/png;base64,{first}">
</div>
<script>
(function () {{
  var root = document.getElementById("{id}"), frames = {frames}, readouts = {readouts};
  var slider = root.querySelector("input"), img = root.querySelector("img"),
      out = root.querySelector("output"), text = root.querySelector(".readout"),
      button = root.querySelector("button"), timer = null;
  function show(i) {{
    slider.value = i; out.textContent = i; text.innerHTML = readouts[i];
    img.src = "data:image/png;base64," + frames[i];
  }}
  slider.addEventListener("input", function () {{ show(+slider.value); }});
  button.addEventListener("click", function () {{
    if (timer) {{ clearInterval(timer); timer = null; button.innerHTML = "&#9654; Play"; return; }}
    button.innerHTML = "&#10074;&#10074; Pause";
    timer = setInterval(function () {{
      var i = +slider.value + 1;
      if (i > {last}) {{ clearInterval(timer); timer = null; button.innerHTML = "&#9654; Play"; return; }}
      show(i);
    }}, {interval});
  }});
}})();
</script>
"""
