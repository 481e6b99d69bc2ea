"""genlab.viz.player and genlab.viz.frames: each frame drawn once, one iteration number everywhere."""

import ast
import threading
from pathlib import Path

import ipywidgets as widgets
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from genlab.data import faithful  # noqa: E402
from genlab.reference import gmm  # noqa: E402
from genlab.viz import em  # noqa: E402
from genlab.viz.player import IterationPlayer, value_player  # noqa: E402

VIZ = Path(__file__).resolve().parent.parent / "genlab" / "viz"


class Drawing:
    """A draw function that records which frames it drew (and can be held back)."""

    def __init__(self):
        self.frames, self.gate, self.entered = [], None, threading.Event()

    def __call__(self, frame, fig):
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(10)
        self.frames.append(frame)
        ax = fig.subplots()
        ax.plot([0, 1], [0, frame])
        ax.set_title(f"frame {frame}")


def readout(frame):
    return f"frame {frame}"


def test_a_second_visit_does_not_draw_again():
    draw = Drawing()
    player = IterationPlayer(5, draw, readout)
    for frame in (3, 1, 3, 0, 1, 3):
        player.slider.value = frame
    assert draw.frames == [0, 3, 1] and player.frames.draws == 3


def test_picture_readout_and_slider_name_the_same_frame():
    player = IterationPlayer(6, Drawing(), readout)
    pictures = {}
    for frame in (2, 5, 2, 0):
        player.slider.value = frame
        assert player.label.value == f"frame {frame}" and player.frame == frame
        assert player.image.value == player.frames.cached(frame)
        pictures[frame] = player.image.value
    assert len(set(pictures.values())) == 3  # each frame its own picture
    player.play.value = 4  # Play moves the slider when frame 4 is shown
    assert player.slider.value == 4 and player.label.value == "frame 4"


def test_when_requests_outrun_the_drawing_only_the_latest_is_drawn_and_shown():
    draw = Drawing()
    player = IterationPlayer(8, draw, readout, background=True, prerender=False)
    shown = []
    player.label.observe(lambda change: shown.append(change["new"]), names="value")
    draw.gate = threading.Event()
    draw.entered.clear()
    player.play.value = 1
    assert draw.entered.wait(10)  # frame 1 is being drawn, held back
    for frame in (2, 3, 4):  # Play moves on meanwhile
        player.play.value = frame
    assert player.label.value == "frame 0" and player.slider.value == 0  # nothing ahead of the picture
    draw.gate.set()
    assert player.wait()
    assert draw.frames == [0, 1, 4]  # 2 and 3 dropped; 1 drawn (it was started) but not shown
    assert shown == ["frame 4"] and player.slider.value == 4 and player.image.value == player.frames.cached(4)


def test_drawing_ahead_on_play_then_every_frame_is_a_lookup():
    draw = Drawing()
    player = IterationPlayer(6, draw, readout, background=True)
    player.play.playing = True
    assert player.wait()
    assert sorted(draw.frames) == [0, 1, 2, 3, 4, 5]
    for frame in (5, 2, 4):
        player.play.value = frame
        assert player.label.value == f"frame {frame}"  # at once: no thread needed
    assert player.frames.draws == 6


def test_a_frame_that_fails_keeps_the_last_picture_and_says_why():
    def draw(frame, fig):
        if frame == 2:
            raise ValueError("no colours for segment 3")
        fig.subplots().plot([0, frame])

    player = IterationPlayer(4, draw, readout)
    player.slider.value = 1
    picture = player.image.value
    player.slider.value = 2
    assert "ValueError: no colours for segment 3" in player.label.value and player.image.value == picture


def test_memory_is_bounded():
    player = IterationPlayer(10, Drawing(), readout, max_cached=3)
    for frame in range(10):
        player.slider.value = frame
    assert sum(player.frames.cached(f) is not None for f in range(10)) == 3


def test_value_player_starts_at_the_nearest_value_and_draws_it_once():
    calls = []

    def draw(value, fig):
        calls.append(value)
        fig.subplots().axvline(value)

    player = value_player(draw, np.linspace(0, 1, 11), description="μ", start=0.62)
    assert calls == [pytest.approx(0.6)] and player.slider.value == "0.60" and player.label.value == "μ = 0.60"


def test_static_mode_draws_nothing_for_the_widget(monkeypatch):
    monkeypatch.setenv("GENLAB_STATIC", "1")
    draw = Drawing()
    player = IterationPlayer(3, draw, readout)
    assert draw.frames == [] and player.image.value == b""
    assert 'class="genlab-static-player"' in player.static_html() and draw.frames == [0, 1, 2]


@pytest.fixture(scope="module")
def x1d():
    return faithful.load()[:, 0]


def _em_player(x, **kwargs):
    return em.EMPlayer(x, gmm.e_step, lambda X, r: gmm.m_step(X, r, reg_covar=0.0), gmm.log_likelihood,
                       **kwargs)


def test_step_and_restart_draw_new_frames_not_stale_ones(x1d):
    player = _em_player(x1d, n_iter=3)
    p = player.player
    for frame in (1, 2, 3):
        p.slider.value = frame
    old_last, draws = p.image.value, p.frames.draws
    player.step()  # iteration 4: every frame's log-likelihood panel now has 5 points
    assert p.slider.value == 4 and "iteration 4 of 4" in p.label.value and p.frames.draws == draws + 1
    p.slider.value = 3
    assert p.frames.draws == draws + 2 and p.image.value != old_last and "iteration 3 of 4" in p.label.value
    first = p.frames.cached(0)
    assert first is None  # forgotten: drawn again when shown
    player.restart()
    assert p.slider.value == 0 and "iteration 0 of 3" in p.label.value and p.frames.draws == draws + 3
    assert p.image.value == p.frames.cached(0)


def test_the_figure_title_is_the_frame_of_the_readout(x1d):
    player = _em_player(x1d, n_iter=4)
    titles = []
    draw = player._draw

    def recording(frame, fig):
        draw(frame, fig)
        titles.append((frame, fig.axes[0].get_title()))

    player.player.set_frames(len(player.history), recording, key="recording")
    for frame in (3, 1):
        player.player.show(frame)
        assert titles[-1] == (frame, f"iteration {frame}") and f"iteration {frame} of 4" in player.player.label.value


def _buttons(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _buttons(child)


def test_every_button_says_what_it_does(x1d):
    from genlab.data import photos
    from genlab.reference import segmentation as seg
    from genlab.viz import segmentation as viz

    small = photos.load(scale=8)
    X = seg.image_to_features(small)
    explorer = viz.segmentation_explorer(small, X, X, ks=(2, 3), n_iter=2, e_step=seg.e_step, m_step=seg.m_step,
                                         recolour=seg.recolour)
    for root in (_em_player(x1d, n_iter=2).widget, explorer.widget):
        for w in _buttons(root):
            if isinstance(w, (widgets.Button, widgets.Play)):
                assert w.description or w.tooltip, w
            if isinstance(w, widgets.ToggleButtons):
                assert w.description or all(w.tooltips), w


@pytest.mark.parametrize("path", sorted(VIZ.glob("*.py")), ids=lambda p: p.name)
def test_every_button_in_the_source_has_a_description_or_tooltip(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "Button", "ToggleButton", "ToggleButtons", "Play"):
            names = {k.arg for k in node.keywords}
            assert names & {"description", "tooltip", "tooltips"}, f"{path.name}:{node.lineno}"
