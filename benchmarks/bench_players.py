"""Slider -> redraw of the course's players, now and as they were (issue 15 item 7).

Three players as the notebooks build them, with the reference functions: the 2-D EM player of
notebook 03 (Old Faithful standardised, K = 2, 20 iterations), the 1-D one (15 iterations) and
the segmentation explorer of notebook 06 (the photo at half size, K = 5, 20 iterations).

Ours: moving the slider (``player.slider.value = frame``) until the picture and the readout are
set.  First visit: the frame was never drawn (one draw, with the layout of frame 0).  Revisit:
it was drawn before (a lookup).  The alternative is the player before this change, which drew
on every slider change: the readout, then ``plt.figure``, the frame's draw and
``savefig(bbox_inches="tight")``.  In every round a fresh player of each kind is built
(untimed) and its frames are visited in a random order, ours and the old one alternating which
goes first.  Goal: at most 100 ms from slider to picture.

In JupyterLab the first visit is rarer than here: once a browser shows a player, its other
frames are drawn ahead in a background thread, so Play and the slider mostly find them drawn.
"""

from __future__ import annotations

import sys
import time

import numpy as np

try:
    from benchmarks import _common
except ImportError:  # run as a script
    import _common

GOAL_S = 0.1


def _old_show(player, frame):
    """IterationPlayer.show before this change: every slider change drew the frame again."""
    import matplotlib.pyplot as plt

    from genlab.viz.player import figure_png

    player.label.value = player._readout(frame)
    fig = plt.figure(figsize=player._figsize)
    try:
        player._draw(frame, fig)
        player.image.value = figure_png(fig)
    finally:
        plt.close(fig)


def _players():
    """name -> a function that builds a fresh IterationPlayer the way the notebook does."""
    from genlab.data import faithful, photos
    from genlab.reference import gmm, segmentation as seg
    from genlab.viz import em, segmentation

    def m_step(X, resp):
        return gmm.m_step(X, resp, reg_covar=0.0)

    X2 = faithful.load(standardize=True)
    start_2d = (np.array([0.5, 0.5]), np.array([[-1.5, 1.0], [1.5, -1.0]]), np.array([np.eye(2) * 0.5] * 2))
    x1 = faithful.load()[:, 0]
    small = photos.load(scale=2)
    X_small = seg.image_to_features(small)
    X_fit = X_small[np.random.default_rng(0).choice(len(X_small), 1500, replace=False)]
    return {
        "EM player, 2-D (notebook 03), 21 frames":
            lambda: em.EMPlayer(X2, gmm.e_step, m_step, gmm.log_likelihood, 2, init=start_2d, n_iter=20,
                                labels=("eruption", "waiting")).player,
        "EM player, 1-D (notebook 03), 16 frames":
            lambda: em.EMPlayer(x1, gmm.e_step, m_step, gmm.log_likelihood, 2, n_iter=15).player,
        "segmentation explorer, K = 5 (notebook 06), 21 frames":
            lambda: segmentation.SegmentationExplorer(small, X_fit, X_small, (5,), 20, e_step=seg.e_step,
                                                      m_step=seg.m_step, recolour=seg.recolour).player,
    }


def _timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _measure(build, rounds, n_visits, rng):
    """Paired times: (old, ours first visit), (old, ours revisit), each of shape (rounds * visits,)."""
    old, first, old2, again = [], [], [], []
    for r in range(rounds):
        ours, theirs = build(), build()
        frames = rng.permutation(np.arange(1, ours.n_frames))[:n_visits]

        def move(frame):
            ours.slider.value = int(frame)
            assert ours.frame == frame and ours.image.value == ours.frames.cached(int(frame))

        for phase, (o, t) in enumerate(((old, first), (old2, again))):
            order = frames if phase == 0 else rng.permutation(frames)
            for i, frame in enumerate(order):
                pair = [lambda: o.append(_timed(lambda: _old_show(theirs, int(frame)))),
                        lambda: t.append(_timed(lambda: move(frame)))]
                for run in pair if (r + i) % 2 == 0 else pair[::-1]:
                    run()
        if ours.frames.draws != 1 + len(frames):  # frame 0 when built, then each frame once
            raise AssertionError(f"{ours.frames.draws} draws for {len(frames)} frames and frame 0")
    return (np.array(old), np.array(first)), (np.array(old2), np.array(again))


def _drawn_ahead(build, rounds, n_visits, rng):
    """As in JupyterLab: a browser shows the player (``_view_count`` 1), its frames are drawn ahead
    in the background; then the slider moves.  Returns (seconds to draw ahead, slider times)."""
    ahead, moves = [], []
    for _ in range(rounds):
        player = build()
        start = time.perf_counter()
        player.image._view_count = 1
        if not player.wait(300):
            raise AssertionError("drawing ahead did not finish")
        ahead.append(time.perf_counter() - start)
        for frame in rng.permutation(np.arange(1, player.n_frames))[:n_visits]:
            moves.append(_timed(lambda: setattr(player.slider, "value", int(frame))))
            assert player.frame == frame
        assert player.frames.draws == player.n_frames
    return np.array(ahead), np.array(moves)


def run(quick=False) -> list[dict]:
    import matplotlib

    matplotlib.use("Agg")
    rng = np.random.default_rng(0)
    rows = []
    for name, build in _players().items():
        (old, first), (old2, again) = _measure(build, 1 if quick else 3, 6 if quick else 20, rng)
        before = "the old player (drew on every change)"
        ahead, moves = _drawn_ahead(build, 1 if quick else 2, 6 if quick else 20, rng)
        rows.append(_common.row("player slider → redraw", f"{name}: first visit", first, old, before, goal=1.0,
                                note=f"{first.size} slider moves; one draw with frame 0's layout"))
        rows.append(_common.row("player slider → redraw", f"{name}: revisit", again, old2, before, goal=1.0,
                                note=f"the PNG drawn before, shown again: {np.median(old2 / again):,.0f}× faster"))
        rows.append(_common.row("player slider → redraw", f"{name}: shown in a browser, drawn ahead", moves,
                                goal=GOAL_S, note=f"every frame drawn in the background in {np.median(ahead):.1f} s "
                                                  "after the player is shown; then each move is a lookup"))
        rows.append(_common.row("player slider → redraw", f"{name}: first visit (goal)", first, goal=GOAL_S,
                                note="a frame not drawn yet: one matplotlib draw"))
        rows.append(_common.row("player slider → redraw", f"{name}: revisit (goal)", again, goal=GOAL_S))
    return rows


if __name__ == "__main__":
    _common.hermetic_env()
    _common.print_table(run(quick="--quick" in sys.argv))
