"""Pre-drawn frames with a Play button and sliders: the static counterpart of every widget.

The static site has no kernel, so a figure that moves with a slider is drawn once per
slider position when the notebook runs (``GENLAB_STATIC=1``), and a few lines of plain
JavaScript swap the frames.  One slider steps through iterations (the EM players) or the
values of a parameter (the μ slider); two sliders span a grid (the smoothing explorer),
frames in row-major order.  Play advances the first slider.
"""

from __future__ import annotations

import base64
import html
import io
import json
import uuid
from typing import Callable, Sequence

__all__ = ["render_frames", "player_html"]

_PARS = ("left", "right", "bottom", "top", "wspace", "hspace")


def render_frames(draw: Callable, n_frames: int, figsize, dpi: int = 72) -> tuple[list[str], list[str]]:
    """Draw every frame and return its PNG (base64) and its alternative text.

    Parameters
    ----------
    draw : callable
        ``draw(frame, fig)`` draws frame ``frame`` on the empty figure ``fig``.
    n_frames : int
    figsize : tuple of float
    dpi : int

    Returns
    -------
    frames, alts : list of str, list of str

    Notes
    -----
    The layout of frame 0 (``tight_layout`` included) is reused for every later frame: the
    frames do not jitter when they play, and each is drawn once instead of three times.
    """
    import matplotlib.pyplot as plt

    from genlab.viz.alt_text import describe_figure

    frames, alts, layout = [], [], None
    for frame in range(n_frames):
        fig = plt.figure(figsize=figsize)
        try:
            if layout is not None:  # same margins as frame 0, without measuring every label again
                fig.tight_layout = lambda *_, _fig=fig, **__: _fig.subplots_adjust(**layout)
            draw(frame, fig)
            if layout is None:
                layout = {name: getattr(fig.subplotpars, name) for name in _PARS}
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=dpi)
            frames.append(base64.b64encode(buffer.getvalue()).decode())
            alts.append(describe_figure(fig))
        finally:
            plt.close(fig)
    return frames, alts


def player_html(frames: Sequence[str], readouts: Sequence[str], alts: Sequence[str],
                sliders: Sequence[tuple[str, Sequence[str]]], start: Sequence[int] | None = None,
                interval: int = 600) -> str:
    """A self-contained ``<div class="genlab-static-player">`` with Play, sliders and frames.

    Parameters
    ----------
    frames : sequence of str
        Base64 PNGs, one per grid point, the last slider varying fastest.
    readouts, alts : sequence of str
        The HTML line shown above each frame, and each frame's alternative text.
    sliders : sequence of (label, value labels)
        One ``<input type=range>`` per entry; the value labels are shown next to it.
    start : sequence of int, optional
        Starting position of each slider (default 0).
    interval : int
        Milliseconds between frames when playing.
    """
    sizes = [len(values) for _, values in sliders]
    total = 1
    for size in sizes:
        total *= size
    if total != len(frames) or len(readouts) != len(frames) or len(alts) != len(frames):
        raise ValueError(f"{len(frames)} frames for a grid of {' x '.join(map(str, sizes))}")
    start = list(start) if start is not None else [0] * len(sliders)
    strides = [1] * len(sliders)
    for k in range(len(sliders) - 2, -1, -1):
        strides[k] = strides[k + 1] * sizes[k + 1]
    first = sum(i * s for i, s in zip(start, strides))
    player_id = f"player-{uuid.uuid4().hex[:8]}"
    controls = "\n".join(
        f'  <label>{html.escape(label)} <input type="range" min="0" max="{len(values) - 1}" '
        f'value="{i}" step="1" data-stride="{stride}"></label> <output>{html.escape(str(values[i]))}</output>'
        for (label, values), i, stride in zip(sliders, start, strides))
    data = json.dumps({"frames": list(frames), "readouts": list(readouts), "alts": list(alts),
                       "labels": [[str(v) for v in values] for _, values in sliders]})
    return _TEMPLATE.format(id=player_id, controls=controls, readout=readouts[first],
                            alt=html.escape(alts[first]), first=frames[first], data=data, interval=interval)


_TEMPLATE = """
<div class="genlab-static-player" id="{id}">
  <button type="button" aria-label="Play">&#9654; Play</button>
{controls}
  <div class="readout">{readout}</div>
  <img alt="{alt}" src="data:image/png;base64,{first}">
</div>
<script>
(function () {{
  var root = document.getElementById("{id}"), data = {data};
  var sliders = root.querySelectorAll("input"), outputs = root.querySelectorAll("output"),
      img = root.querySelector("img"), text = root.querySelector(".readout"),
      button = root.querySelector("button"), timer = null;
  function show() {{
    var i = 0;
    sliders.forEach(function (s, k) {{ i += +s.value * +s.dataset.stride;
                                      outputs[k].textContent = data.labels[k][+s.value]; }});
    text.innerHTML = data.readouts[i]; img.alt = data.alts[i];
    img.src = "data:image/png;base64," + data.frames[i];
  }}
  function stop() {{ clearInterval(timer); timer = null; button.innerHTML = "&#9654; Play"; }}
  sliders.forEach(function (s) {{ s.addEventListener("input", show); }});
  button.addEventListener("click", function () {{
    if (timer) {{ stop(); return; }}
    var lead = sliders[0];
    if (+lead.value == +lead.max) {{ lead.value = 0; show(); }}
    button.innerHTML = "&#10074;&#10074; Pause";
    timer = setInterval(function () {{
      if (+lead.value >= +lead.max) {{ stop(); return; }}
      lead.value = +lead.value + 1; show();
    }}, {interval});
  }});
}})();
</script>
"""
