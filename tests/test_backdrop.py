"""genlab.viz.backdrop: the axes of a player's frames are drawn once per source, and a frame laid
over them looks like the frame drawn whole."""

import io

import matplotlib
import matplotlib.axis
import numpy as np
import pytest
from PIL import Image

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from genlab.data import faithful  # noqa: E402
from genlab.reference import gmm  # noqa: E402
from genlab.viz import em  # noqa: E402
from genlab.viz.backdrop import Backdrop, render, unchanging  # noqa: E402
from genlab.viz.frames import FrameCache  # noqa: E402


def _figure(draw, frame, dpi=80):
    fig = Figure(figsize=(6.0, 3.0), dpi=dpi)
    FigureCanvasAgg(fig)
    draw(frame, fig)
    return fig


def _whole(draw, frame):
    return render(_figure(draw, frame))[0]


@pytest.fixture(scope="module")
def em_2d():
    """The 2-D EM player's draw function (Old Faithful, reference steps)."""
    X = faithful.load(standardize=True)
    return em.EMPlayer(X, gmm.e_step, lambda X, r: gmm.m_step(X, r, reg_covar=0.0), gmm.log_likelihood, 2,
                       n_iter=8)._draw


@pytest.fixture(scope="module")
def em_1d():
    x = faithful.load()[:, 0]
    return em.EMPlayer(x, gmm.e_step, lambda X, r: gmm.m_step(X, r, reg_covar=0.0), gmm.log_likelihood, 2,
                       n_iter=8)


def _kept(draw):
    rgb, kept = render(_figure(draw, 0), keep=True)
    assert kept is not None and kept.rgb.shape == rgb.shape
    return kept


@pytest.mark.parametrize("frame", [1, 4, 8])
def test_a_frame_laid_over_the_backdrop_looks_like_the_frame_drawn_whole(em_2d, frame):
    kept = _kept(em_2d)
    fast, new = render(_figure(em_2d, frame), kept)
    whole = _whole(em_2d, frame)
    assert new is None and fast.shape == whole.shape and fast.dtype == np.uint8
    diff = np.abs(fast.astype(int) - whole.astype(int)).max(axis=2)
    # only where a tick is now under a point instead of over it, and antialiased edges
    assert diff.mean() < 0.5 and (diff > 40).mean() < 0.002


def test_the_backdrop_is_really_used_where_the_frame_draws_nothing(em_2d):
    kept = _kept(em_2d)
    black = Backdrop(kept.key, np.zeros_like(kept.rgb))
    fast, _ = render(_figure(em_2d, 3), black)
    # the white figure and axes backgrounds and all tick labels come from the backdrop
    assert (fast.max(axis=2) == 0).mean() > 0.5
    assert (_whole(em_2d, 3).max(axis=2) == 0).mean() < 0.05


def test_a_frame_whose_axes_moved_is_drawn_whole():
    def draw(frame, fig):
        ax = fig.subplots()
        ax.plot([0, 1], [0, 1 + frame])  # autoscaled: the y-limits change with the frame
        ax.set_title(f"frame {frame}")

    kept = _kept(draw)
    fast, _ = render(_figure(draw, 2), kept)
    assert np.array_equal(fast, _whole(draw, 2))


def test_an_unchanging_artist_is_drawn_once_into_the_backdrop():
    def draw(frame, fig):
        left, right = fig.subplots(1, 2)
        unchanging(left.imshow(np.full((4, 4), float(frame)), vmin=0, vmax=9, cmap="gray"),
                   left.set_title("photo"))
        left.axis("off")
        right.plot([0, 1], [frame, frame])
        right.set(ylim=(0, 9), title=f"frame {frame}")

    kept = _kept(draw)
    fast, _ = render(_figure(draw, 9), kept)
    # the left panel keeps frame 0's picture (black) and its title where it was, as the mark
    # promises; the right one moves
    left_panel = slice(None), slice(0, fast.shape[1] // 2)
    assert np.array_equal(fast[left_panel], _whole(draw, 0)[left_panel])
    assert not np.array_equal(fast, _whole(draw, 0))


def test_the_cache_draws_each_axis_once_per_source(em_2d, monkeypatch):
    drawn = []
    original = matplotlib.axis.XAxis.draw

    def counting(self, renderer):
        if self.get_visible():
            drawn.append(self)
        return original(self, renderer)

    monkeypatch.setattr(matplotlib.axis.XAxis, "draw", counting)
    cache = FrameCache((6.0, 3.0))
    cache.use(em_2d, 9)
    pngs = [cache.png(frame) for frame in range(9)]
    # frame 0: drawn whole, then its backdrop (2 panels each); frames 1-8: no axis at all
    assert len(drawn) == 4 and cache.draws == 9
    assert all(Image.open(io.BytesIO(png)).size == (540, 270) for png in pngs)
    cache.invalidate()  # a new source (EM restarted) gets its own backdrop
    cache.png(1)
    assert len(drawn) == 8


def test_the_one_dimensional_player_keeps_the_axes_the_tallest_frame_would_autoscale_to(em_1d):
    from genlab.viz.gmm_plots import plot_state

    limits = {_figure(em_1d._draw, frame).axes[0].get_ylim() for frame in range(len(em_1d.history))}
    assert len(limits) == 1
    autoscaled = []
    for state in em_1d.history:  # the oracle: matplotlib's own autoscaling of each frame
        ax = Figure().subplots()
        plot_state(ax, em_1d.X, state, xlim=_figure(em_1d._draw, 0).axes[0].get_xlim())
        autoscaled.append(ax.get_ylim())
    (low, high), = limits
    assert high == pytest.approx(max(top for _, top in autoscaled), rel=1e-6)
    assert low == pytest.approx(min(bottom for bottom, _ in autoscaled), rel=1e-6)
