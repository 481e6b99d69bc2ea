"""The segmentation explorer of notebook 06, driven by the reference functions."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from genlab.data import photos  # noqa: E402
from genlab.reference import segmentation as seg  # noqa: E402
from genlab.viz import segmentation as viz  # noqa: E402


@pytest.fixture(scope="module")
def small():
    return photos.load(scale=4)  # 107 x 160


def test_random_init_starts_from_distinct_pixels_with_the_data_covariance():
    X = np.repeat(np.random.default_rng(0).random((20, 3)), 5, axis=0)  # many duplicates
    weights, means, covariances = viz.random_init(X, 6, reg_covar=1e-4, random_state=1)
    assert np.allclose(weights, 1 / 6) and len(np.unique(means, axis=0)) == 6
    assert np.allclose(covariances[0], np.cov(X.T, bias=True) + 1e-4 * np.eye(3))


def test_em_history_of_the_reference_never_decreases_the_log_likelihood(small):
    X = seg.image_to_features(small)
    start = viz.random_init(X, 4, random_state=0)
    history, lls = viz.em_history(X, start, 10, e_step=seg.e_step, m_step=seg.m_step,
                                  log_likelihood=seg.log_likelihood)
    assert len(history) == 11 and np.all(np.diff(lls) >= -1e-6 * abs(lls[-1]))


def test_label_pixels_in_chunks_equals_one_pass(small):
    X = seg.image_to_features(small)
    params = viz.random_init(X, 3, random_state=2)
    h, w = small.shape[:2]
    chunked = viz.label_pixels(X, params, seg.e_step, h, w, chunk=1000)
    assert np.array_equal(chunked, seg.labels_to_image(seg.e_step(X, *params), h, w))


def _explorer(small, **kwargs):
    X = seg.image_to_features(small)
    return viz.segmentation_explorer(small, X[::4], X, n_iter=5, e_step=seg.e_step, m_step=seg.m_step,
                                     recolour=seg.recolour, **kwargs)


def test_explorer_switches_k_and_steps_through_iterations(small):
    explorer = _explorer(small, ks=(2, 3))
    assert isinstance(explorer, viz.SegmentationExplorer)
    player = explorer.player
    assert explorer.widget.children == (explorer.selector, player.widget) and "K = 2" in player.label.value
    explorer.selector.value = 3
    assert "K = 3, iteration 0" in player.label.value
    player.slider.value = 4
    assert "K = 3, iteration 4" in player.label.value and player.image.value == player.frames.cached(4)
    draws = player.frames.draws
    explorer.selector.value = 2  # EM run once per K, its frames kept: K = 2 at iteration 4 is drawn now
    assert "K = 2, iteration 4" in player.label.value and player.frames.draws == draws + 1
    explorer.selector.value = 3  # and K = 3's iteration 4 is not drawn again
    assert "K = 3, iteration 4" in player.label.value and player.frames.draws == draws + 1


def test_a_change_of_k_never_leaves_the_picture_empty(small):
    """The picture stays in the same Image widget: while the new K is computed and drawn (here in
    the background) the old one is shown, then the new K's, with its readout."""
    explorer = _explorer(small, ks=(2, 5))
    player = explorer.player
    player.background = True
    seen = []
    player.image.observe(lambda change: seen.append(change["new"]), names="value")
    before = player.image.value
    explorer.selector.value = 5
    assert player.image.value == before and len(before) > 1000  # the old picture, until the new is drawn
    assert player.wait()
    assert "K = 5, iteration 0" in player.label.value and player.image.value == player.frames.cached(0)
    assert seen and all(len(png) > 1000 for png in seen)
    assert explorer.widget.children[1] is player.widget


def test_explorer_says_plainly_when_the_students_functions_are_missing(small):
    X = seg.image_to_features(small)

    def stub(*args):
        raise NotImplementedError()

    box = viz.segmentation_explorer(small, X[::4], X, e_step=stub, m_step=seg.m_step, recolour=seg.recolour)
    assert "Write e_step, m_step and recolour first" in box.value


def test_em_history_stops_before_an_m_step_that_returns_nan(small):
    X = seg.image_to_features(small)
    calls = []

    def m_step_losing_a_component(X, resp, reg_covar):
        calls.append(1)
        weights, means, covariances = seg.m_step(X, resp, reg_covar)
        if len(calls) == 3:
            means = means.copy()
            means[0] = np.nan  # what 0/0 gives for a component with no pixels
        return weights, means, covariances

    history, _ = viz.em_history(X, viz.random_init(X, 3, random_state=0), 6, e_step=seg.e_step,
                                m_step=m_step_losing_a_component)
    assert len(history) == 3 and all(np.all(np.isfinite(p)) for params in history for p in params)


TAB10 = np.asarray(matplotlib.colormaps["tab10"].colors)
ORANGE, GREEN = TAB10[1], TAB10[2]


def test_each_segment_is_drawn_in_the_qualitative_colour_nearest_its_mean():
    """Label 0 the petals (orange), label 1 the leaves (green): drawn orange and green, not in
    label order (blue, orange), as the flower's K = 2 picture was."""
    means = np.array([[0.95, 0.55, 0.15, 0.3], [0.2, 0.55, 0.2, 0.7]])  # r, g, b and a 4th feature
    labels = np.array([[0, 0, 1], [1, 1, 0]])
    fig = viz.show_images([labels], ["segments"], means=[means])
    image = fig.axes[0].images[0]
    rgba = image.to_rgba(image.get_array())[..., :3]
    assert np.allclose(rgba[0, 0], ORANGE) and np.allclose(rgba[0, 2], GREEN)
    plain = viz.show_images([labels], ["segments"])  # no means: label k in the k-th colour, as before
    image = plain.axes[0].images[0]
    assert np.allclose(image.to_rgba(image.get_array())[0, 0, :3], TAB10[0])


def test_close_means_still_get_distinct_colours_and_too_many_are_refused():
    greys = np.linspace(0.3, 0.5, 5)[:, None] * np.ones((5, 3))
    colours = np.asarray(viz.segment_palette(greys).colors)
    assert len({tuple(c) for c in colours}) == 5
    assert all(any(np.allclose(colour, c) for c in TAB10) for colour in colours)
    with pytest.raises(ValueError, match="at most 10 segments"):
        viz.segment_palette(np.zeros((11, 3)))


def test_the_static_page_shows_the_explorer_at_k_5_with_every_frame(small, monkeypatch):
    explorer = _explorer(small, ks=(2, 5))
    monkeypatch.setenv("GENLAB_STATIC", "1")
    draws = explorer.player.frames.draws
    explorer.select(5)
    html = explorer.player.static_html()
    assert html.count("K = 5, iteration") == 6 + 1 and "K = 2, iteration" not in html  # 6 readouts + the first
    assert explorer.player.frames.draws == draws  # the widget draws nothing in static mode
