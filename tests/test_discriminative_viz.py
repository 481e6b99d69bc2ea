"""Smoke tests of the notebook 01 plots and the prior slider."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from genlab.reference import discriminative as ref  # noqa: E402
from genlab.viz import decision_boundaries as viz  # noqa: E402


def data():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(40, 2)) - 1, rng.normal(size=(30, 2)) + 1])
    return X, np.repeat([0, 1], [40, 30])


def test_boundary_and_classes_draw():
    X, y = data()
    model = ref.fit_gaussian_classes(X, y)
    fig, ax = plt.subplots()
    viz.plot_classes(X, y, ax, ("cat", "dog"))
    viz.plot_boundary(lambda p: np.exp(ref.class_log_posterior(p, model)[:, 1]), X, ax, "generative", shade=True)
    labels = [t.get_text() for t in ax.legend().get_texts()]
    assert labels == ["cat", "dog", "generative"] or set(labels) == {"cat", "dog", "generative"}
    plt.close(fig)


def test_prior_player_precomputes_one_surface_per_prior_and_starts_near_one_half():
    X, y = data()
    model = ref.fit_gaussian_classes(X, y)
    calls = []

    def p_dog(prior, points):
        calls.append(prior)
        return np.exp(ref.class_log_posterior(points, {**model, "priors": np.array([1 - prior, prior])})[:, 1])

    priors = np.linspace(0.1, 0.9, 9)
    player = viz.prior_player(p_dog, X, y, priors, ("cat", "dog"))
    assert calls == list(priors)
    assert player.slider.max == 8 and priors[player.slider.value] == 0.5
    player.slider.value = 0
    assert "0.10" in player.label.value and len(calls) == 9


def test_prior_player_shows_a_message_when_student_code_is_missing():
    X, y = data()

    def missing(prior, points):
        raise NotImplementedError()

    assert "alert" in viz.prior_player(missing, X, y, [0.5]).value
