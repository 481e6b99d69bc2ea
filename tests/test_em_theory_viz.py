"""The lower-bound pictures of notebook 04, driven by the reference functions."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from genlab.reference import em_theory as et  # noqa: E402
from genlab.viz import em_theory as viz  # noqa: E402
from genlab.viz.player import IterationPlayer  # noqa: E402

FUNCS = {"posterior": et.posterior, "elbo": et.elbo, "log_joint": et.log_joint}


# --- the oracle: the one-free-mean problem computed directly from the reference ----------------------

def _one_free_mean_problem(n=60, random_state=None):
    """Data from 0.5 N(-1, 0.6²) + 0.5 N(1.5, 0.6²); everything is known except the first mean."""
    rng = np.random.default_rng(random_state)
    weights, means, variances = np.array([0.5, 0.5]), np.array([-1.0, 1.5]), np.array([0.36, 0.36])
    z = rng.choice(2, size=int(n), p=weights)
    x = means[z] + np.sqrt(variances[z]) * rng.standard_normal(int(n))
    return {"x": x, "weights": weights, "means": means, "variances": variances, "free": 0}


def _with_free_mean(problem, mu):
    means = np.array(problem["means"], dtype=float)
    means[problem["free"]] = mu
    return problem["weights"], means, problem["variances"]


def _log_likelihood_curve(problem, mu_grid):
    """log p(x | μ) at every value of the free mean."""
    return np.array([et.log_likelihood(problem["x"], *_with_free_mean(problem, m)) for m in mu_grid])


def _bound_curve(problem, q, mu_grid):
    """The lower bound L(q, μ) for a fixed q, at every value of the free mean."""
    return np.array([et.elbo(q, et.log_joint(problem["x"], *_with_free_mean(problem, m))) for m in mu_grid])


def _free_mean_em(problem, mu0, n_iter):
    """EM on the free mean only: E-step, then μ = Σ_n q_n x_n / Σ_n q_n for the free component."""
    x, k = problem["x"], problem["free"]
    mus = [float(mu0)]
    for _ in range(int(n_iter)):
        q = et.e_step(x, *_with_free_mean(problem, mus[-1]))
        mus.append(float(q[:, k] @ x / q[:, k].sum()))
    return np.array(mus)


@pytest.fixture(scope="module")
def problem():
    return _one_free_mean_problem(random_state=0)


@pytest.fixture(scope="module")
def history(problem):
    return viz.bound_history(problem["x"], problem["weights"], problem["means"], problem["variances"],
                             problem["free"], 4.0, 8, **FUNCS)


def test_every_bound_lies_below_the_curve_and_touches_it_at_the_current_mean(problem, history):
    grid = history["grid"]
    assert np.allclose(history["curve"], _log_likelihood_curve(problem, grid))
    for t, bound in enumerate(history["bounds"]):
        assert np.all(bound <= history["curve"] + 1e-9)
        q = et.e_step(problem["x"], *_with_free_mean(problem, history["mus"][t]))
        assert _bound_curve(problem, q, [history["mus"][t]])[0] == pytest.approx(history["ll"][t])


def test_the_m_step_goes_to_the_top_of_the_bound_and_the_staircase_climbs(problem, history):
    assert np.allclose(history["mus"], _free_mean_em(problem, 4.0, 8))
    for t, bound in enumerate(history["bounds"]):
        assert history["elbo_after_m"][t] >= bound.max() - 1e-6  # the grid never beats the M-step
        assert history["ll"][t] <= history["elbo_after_m"][t] + 1e-9 <= history["ll"][t + 1] + 2e-9


def test_static_plots_draw_without_error(history):
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2)
    viz.plot_bound(a, history, 3)
    viz.plot_bound(a, history, len(history["mus"]) - 1)
    viz.plot_staircase(b, history["ll"], history["elbo_after_m"], upto=4)
    assert len(b.lines) >= 3
    plt.close(fig)


def test_player_steps_through_the_iterations(problem):
    player = viz.lower_bound_player(problem["x"], problem["weights"], problem["means"], problem["variances"],
                                    problem["free"], 4.0, 6, **FUNCS)
    assert isinstance(player, IterationPlayer) and player.n_frames == 7
    first = player.label.value
    player.slider.value = 3
    assert player.label.value != first and "iteration 3" in player.label.value


def test_player_says_plainly_when_the_students_functions_are_missing(problem):
    def stub(*args):
        raise NotImplementedError()

    box = viz.lower_bound_player(problem["x"], problem["weights"], problem["means"], problem["variances"],
                                 problem["free"], 4.0, 6, posterior=stub, elbo=et.elbo, log_joint=et.log_joint)
    assert "Write posterior and elbo first" in box.value
    broken = viz.lower_bound_player(problem["x"], problem["weights"], problem["means"], problem["variances"],
                                    problem["free"], 4.0, 6, posterior=lambda p, l: 1 / 0, elbo=et.elbo,
                                    log_joint=et.log_joint)
    assert "ZeroDivisionError" in broken.value
