"""Pictures of EM on the grades model, drawn with the student's own functions."""

from __future__ import annotations

import numpy as np

from genlab.viz.player import IterationPlayer, error_box, not_drawn_when_grading
from genlab.viz.style import COLORS, MARKERS

__all__ = ["plot_trajectories", "em_player"]


def _log_likelihood_curve(log_likelihood, n, n_c, num=400):
    grid = np.linspace(1e-3, 0.5, num)
    return grid, np.array([log_likelihood(t, n, n_c) for t in grid])


def plot_trajectories(runs, log_likelihood, n, n_c, axes):
    """θ per iteration (left) and the iterates on the log-likelihood curve (right).

    Parameters
    ----------
    runs : dict of str -> ndarray, shape (n_iter + 1,)
        Label -> θ trajectory.
    log_likelihood : callable
        ``log_likelihood(theta, n, n_c)``.
    n, n_c : int
        Class size and number of C's.
    axes : pair of matplotlib Axes
    """
    left, right = axes
    grid, curve = _log_likelihood_curve(log_likelihood, n, n_c)
    right.plot(grid, curve, color="0.3", lw=1.5, label="log L(θ)")
    for i, (label, thetas) in enumerate(runs.items()):
        color, marker = COLORS[i % len(COLORS)], MARKERS[i % len(MARKERS)]
        left.plot(np.arange(len(thetas)), thetas, marker=marker, color=color, label=label)
        right.plot(thetas, [log_likelihood(t, n, n_c) for t in thetas], marker=marker, ls="none",
                   color=color, alpha=0.8)
    left.axhline(min(n_c / n, 0.5), color="0.5", ls="--", lw=1, label="min(n_c/n, 1/2)")
    left.set(xlabel="iteration", ylabel="θ", title="θ per iteration")
    right.set(xlabel="θ", ylabel="observed log-likelihood", title="iterates on log L(θ)")
    finite = curve[np.isfinite(curve)]
    iterates = [log_likelihood(t, n, n_c) for thetas in runs.values() for t in thetas]
    low = min([finite.max() - 3 * (finite.max() - np.median(finite))] + [v for v in iterates if np.isfinite(v)])
    right.set_ylim(low - 2, finite.max() + 2)
    left.legend(fontsize=8)


@not_drawn_when_grading
def em_player(run_em, log_likelihood, n, n_c, theta0=0.05, n_iter=15):
    """A Play + slider widget stepping through the θ's of the student's own ``run_em``.

    Parameters
    ----------
    run_em : callable
        ``run_em(n, n_c, theta0, n_iter)`` -> the θ's, shape (n_iter + 1,); this library never
        runs EM itself (nothing it ships computes an exercise's answer).
    log_likelihood : callable
        ``log_likelihood(theta, n, n_c)``.
    n, n_c : int
    theta0 : float
    n_iter : int

    If a function raises, a plain message says which one and why, instead of a broken plot.
    """
    try:
        thetas = np.asarray(run_em(n, n_c, theta0, n_iter), dtype=float).reshape(-1)
        values = [float(log_likelihood(t, n, n_c)) for t in thetas]
        _log_likelihood_curve(log_likelihood, n, n_c)
    except NotImplementedError:
        return error_box("Write e_step, m_step, observed_log_likelihood and run_em first: "
                         "the player runs your own functions.")
    except Exception as error:  # show the student's error in words
        return error_box(f"Your functions raised {type(error).__name__}: {error}")

    def draw(frame, fig):
        left, right = fig.subplots(1, 2)
        plot_trajectories({f"θ0 = {theta0:g}": thetas[: frame + 1]}, log_likelihood, n, n_c,
                          (left, right))
        left.set_xlim(-0.5, len(thetas) - 0.5)
        left.set_ylim(0, 0.55)
        right.plot([thetas[frame]], [values[frame]], marker="o", ms=12, mfc="none",
                   mec=COLORS[1], mew=2)
        fig.tight_layout()

    def readout(frame):
        return (f"iteration {frame}: θ = {thetas[frame]:.6f}, "
                f"log-likelihood = {values[frame]:.4f}")

    return IterationPlayer(len(thetas), draw, readout)
