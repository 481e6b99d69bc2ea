"""genlab.viz.em (the EM player) and genlab.viz.gmm_plots (static export)."""

import ipywidgets as widgets
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from genlab.data import faithful  # noqa: E402
from genlab.reference import gmm  # noqa: E402
from genlab.viz import em, gmm_plots  # noqa: E402


def ref_e_step(X, w, m, c):
    return gmm.e_step(X, w, m, c)


def ref_m_step(X, resp):
    return gmm.m_step(X, resp, reg_covar=0.0)


def ref_ll(X, w, m, c):
    return gmm.log_likelihood(X, w, m, c)


class Counting:
    def __init__(self, fn):
        self.fn, self.calls = fn, 0

    def __call__(self, *args):
        self.calls += 1
        return self.fn(*args)


@pytest.fixture
def x1d():
    return faithful.load()[:, 0]


def test_history_equals_the_reference_em(x1d):
    init = em.random_init(x1d, 2, seed=3)
    history = em.em_history(x1d, ref_e_step, ref_m_step, ref_ll, init, 10)
    fitted = gmm.fit(x1d, 2, init=init, max_iter=10, tol=0.0, reg_covar=0.0)
    assert len(history) == 11
    for ours, theirs in zip(history, fitted.history):
        np.testing.assert_allclose(ours["means"], theirs["means"], rtol=1e-12)
        np.testing.assert_allclose(ours["covariances"], theirs["covariances"], rtol=1e-12)
        assert ours["log_likelihood"] == pytest.approx(theirs["log_likelihood"], rel=1e-12)
    state = fitted.history[4]
    np.testing.assert_allclose(history[4]["resp"],
                               gmm.e_step(x1d, state["weights"], state["means"], state["covariances"]))


def test_moving_the_slider_never_refits(x1d):
    e_step = Counting(ref_e_step)
    player = em.EMPlayer(x1d, e_step, ref_m_step, ref_ll, n_components=2, n_iter=8)
    calls = e_step.calls
    for value in (3, 8, 0, 5):
        player.player.slider.value = value
    assert e_step.calls == calls
    assert "iteration 5 of 8" in player.player.label.value


def test_play_and_slider_are_linked(x1d):
    player = em.EMPlayer(x1d, ref_e_step, ref_m_step, ref_ll, n_iter=4)
    assert player.player.play.max == player.player.slider.max == 4


def test_step_adds_an_iteration_at_the_end(x1d):
    player = em.EMPlayer(x1d, ref_e_step, ref_m_step, ref_ll, n_iter=3)
    player.player.slider.value = 3
    player.step()
    assert len(player.history) == 5 and player.player.slider.max == 4 and player.player.slider.value == 4
    assert player.history[4]["log_likelihood"] >= player.history[3]["log_likelihood"] - 1e-9


def test_restart_uses_a_new_seed_and_goes_back_to_zero(x1d):
    player = em.EMPlayer(x1d, ref_e_step, ref_m_step, ref_ll, n_iter=3, seed=0)
    player.player.slider.value = 2
    first = player.history[0]["means"].copy()
    player.restart()
    assert player.seed == 1 and player.player.slider.value == 0
    assert not np.allclose(first, player.history[0]["means"])


def test_two_dimensional_old_faithful_runs_and_draws():
    X = faithful.load(standardize=True)
    player = em.em_player(X, ref_e_step, ref_m_step, ref_ll, n_components=2, n_iter=5)
    assert isinstance(player, em.EMPlayer)
    player.player.slider.value = 5
    assert player.history[-1]["resp"].shape == (272, 2)


def test_a_stub_gives_a_plain_message_not_a_broken_plot(x1d):
    def stub(*args):
        raise NotImplementedError()

    box = em.em_player(x1d, stub, ref_m_step, ref_ll)
    assert isinstance(box, widgets.HTML) and "Write e_step first" in box.value


def test_an_error_names_the_function_and_the_iteration(x1d):
    def broken_m_step(X, resp):
        raise IndexError("index 2 is out of bounds")

    box = em.em_player(x1d, ref_e_step, broken_m_step, ref_ll)
    assert "m_step raised IndexError at iteration 1" in box.value


def test_underflowing_e_step_is_explained():
    x = np.array([-1.0, 0.0, 1.0, 2.0, 60.0])

    def naive(x, w, m, v):
        with np.errstate(all="ignore"):
            joint = w * np.exp(-(x[:, None] - m) ** 2 / (2 * v)) / np.sqrt(2 * np.pi * v)
            return joint / joint.sum(1, keepdims=True)

    box = em.em_player(x, naive, ref_m_step, ref_ll, init=(np.array([0.5, 0.5]), np.array([-1.0, 1.0]),
                                                          np.array([0.5, 0.5])))
    assert "nan" in box.value and "log space" in box.value


def test_wrong_shape_is_explained(x1d):
    box = em.em_player(x1d, lambda x, w, m, v: ref_e_step(x, w, m, v).T, ref_m_step, ref_ll)
    assert "shape (2, 272)" in box.value


def test_panels_show_the_notes_iterations():
    X = faithful.load(standardize=True)
    result = gmm.fit(X, 2, init=em.random_init(X, 2, 1), max_iter=20, tol=0.0)
    fig = gmm_plots.plot_panels(X, result.history)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["start", "after 1 iteration", "after 2 iterations", "after 3 iterations",
                      "after 5 iterations", "after 20 iterations"]


def test_animation_exports_gif_and_html(tmp_path, x1d):
    result = gmm.fit(x1d, 2, init=em.random_init(x1d, 2, 0), max_iter=3, tol=0.0)
    anim = gmm_plots.animate(x1d, result.history)
    gif = gmm_plots.save_animation(anim, tmp_path / "em.gif")
    html = gmm_plots.save_animation(anim, tmp_path / "em.html")
    assert open(gif, "rb").read(6) in (b"GIF89a", b"GIF87a")
    assert "<script" in open(html).read()
    with pytest.raises(ValueError):
        gmm_plots.save_animation(anim, tmp_path / "em.mp4")


def test_a_decreasing_log_likelihood_is_pointed_out(x1d):
    def m_step_inflated(X, resp):  # a buggy M-step that is not a maximiser
        w, m, v = ref_m_step(X, resp)
        return w, m, v * 3.0

    player = em.EMPlayer(x1d, ref_e_step, m_step_inflated, ref_ll, n_iter=6)
    lls = [h["log_likelihood"] for h in player.history]
    assert np.any(np.diff(lls) < 0)
    frame = int(np.argmax(np.diff(lls) < 0)) + 1
    player.player.slider.value = frame
    assert "went down" in player.player.label.value


def test_the_student_bundle_needs_no_reference_code():
    import subprocess
    import sys

    code = ("import sys, genlab.viz.em, genlab.viz.gmm_plots, genlab.data.faithful; "
            "print(any(m.startswith('genlab.reference') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
