"""The unchanging layer of a player's frames (its *backdrop*), drawn once per source.

About half the time of drawing an EM frame goes into its axes: ticks, tick labels and axis
labels.  They are the same in every frame of a source whose axes keep their place and limits.
So the first frame of a source is drawn whole, and its backdrop is kept as pixels: the figure's
and the axes' backgrounds, every axis (ticks, tick labels, axis label, offset text) and the
artists marked with :func:`unchanging` (e.g. the photo of the segmentation explorer).  A later
frame whose axes match the backdrop's (the same :func:`signature`) is drawn without them on a
transparent canvas and laid over the backdrop; one that does not match is drawn whole.

The one visible difference: ticks are drawn under the data instead of over it.  They point out
of the axes, so nothing overlaps them in these figures.
"""

from __future__ import annotations

import io

import numpy as np

__all__ = ["Backdrop", "render", "signature", "to_png", "unchanging"]

_MARK = "_genlab_unchanging"


def unchanging(*artists):
    """Mark artists that are the same in every frame of their source: they are drawn once, into
    the backdrop, and left out of the later frames.  Returns the first artist."""
    for artist in artists:
        setattr(artist, _MARK, True)
    return artists[0] if artists else None


def _marked(ax) -> list:
    return [a for a in ax.get_children() if getattr(a, _MARK, False)]


def signature(fig) -> tuple:
    """What the backdrop of ``fig`` depends on: its size, and for each axes its place, limits,
    scales, tick positions, labels and marked artists.  Equal signatures draw equal backdrops."""
    def axes_key(ax):
        return (tuple(np.round(ax.get_position().bounds, 9)), ax.axison, ax.get_xlim(), ax.get_ylim(),
                ax.get_xscale(), ax.get_yscale(), tuple(ax.get_xticks()), tuple(ax.get_yticks()),
                ax.get_xlabel(), ax.get_ylabel(), ax.xaxis.get_visible(), ax.yaxis.get_visible(),
                tuple(type(a).__name__ for a in _marked(ax)))

    return (tuple(fig.get_size_inches()), fig.dpi, tuple(axes_key(ax) for ax in fig.axes))


class Backdrop:
    """The pixels of a source's unchanging layer and the :func:`signature` they were drawn for.

    Attributes
    ----------
    key : tuple
    rgb : ndarray of uint8, shape (height, width, 3)
    """

    def __init__(self, key, rgb):
        self.key, self.rgb = key, rgb


def _layer(fig, backdrop: bool) -> list:
    """The artists of the backdrop (``backdrop``), or of everything else, that are visible now."""
    inside = [fig.patch]
    for ax in fig.axes:
        inside += [ax.patch, ax.xaxis, ax.yaxis, *_marked(ax)]
    if backdrop:
        return [a for a in inside if a.get_visible()]
    ids = {id(a) for a in inside}
    rest = [a for ax in fig.axes for a in ax.get_children() if id(a) not in ids]
    rest += [a for a in fig.get_children() if id(a) not in ids and a not in fig.axes]
    return [a for a in rest if a.get_visible()]


def _leave_out(fig, artists) -> None:
    """The next ``canvas.draw()`` skips ``artists`` and lays the rest out as if they were drawn.

    Marked animated (matplotlib's blitting flag), they keep their place in every layout sum
    (a title placed above the axis labels stays there); backgrounds are always drawn, so they
    are hidden, which moves nothing.
    """
    backgrounds = {id(fig.patch), *(id(ax.patch) for ax in fig.axes)}
    for artist in artists:
        if id(artist) in backgrounds:
            artist.set_visible(False)
        else:
            artist.set_animated(True)


def _pixels(canvas) -> np.ndarray:
    return np.asarray(canvas.buffer_rgba())


def render(fig, backdrop: Backdrop | None = None, keep: bool = False):
    """Draw ``fig`` (its canvas an Agg canvas) and return ``(rgb, new_backdrop)``.

    With a ``backdrop`` of the same :func:`signature`, only the frame's own layer is drawn and
    laid over it.  With ``keep`` and a whole draw, the figure's own backdrop is returned too
    (else None).  ``rgb`` has shape (height, width, 3), dtype uint8.
    """
    key = signature(fig) if backdrop is not None or keep else None
    if backdrop is not None and backdrop.key == key:
        _leave_out(fig, _layer(fig, backdrop=True))
        fig.canvas.draw()
        top = _pixels(fig.canvas)
        # straight (not premultiplied) alpha: out = a·frame + (1 − a)·backdrop
        alpha = top[..., 3:].astype(np.uint16)
        rgb = (top[..., :3] * alpha + backdrop.rgb * (255 - alpha) + 127) // 255
        return rgb.astype(np.uint8), None
    fig.canvas.draw()
    rgb = _pixels(fig.canvas)[..., :3].copy()
    if not keep:
        return rgb, None
    _leave_out(fig, _layer(fig, backdrop=False))
    fig.canvas.draw()
    return rgb, Backdrop(key, _pixels(fig.canvas)[..., :3].copy())


def to_png(rgb: np.ndarray) -> bytes:
    """PNG bytes of an RGB image; zlib's fastest level (a frame is shown, not archived)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(rgb, "RGB").save(buffer, format="png", compress_level=1)
    return buffer.getvalue()
