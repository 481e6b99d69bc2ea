"""Pictures of EM as lower-bound maximisation (notebook 04), drawn with the student's functions.

The one-free-mean problem: a 1-D mixture where only one mean μ is unknown, so the
log-likelihood ℓ(μ) is a curve.  After an E-step at μ_t, the bound L(q_t, μ) is a second
curve that lies below ℓ everywhere and touches it at μ_t; the M-step jumps to the top of
the bound, μ_{t+1}, where ℓ is at least as high.  The functions take callables
``posterior(prior, likelihood)``, ``elbo(q, log_joint)`` and ``log_joint(x, weights, means,
variances)``, so the pictures are made by the student's own code.
"""

from __future__ import annotations

import numpy as np

from genlab.viz.player import IterationPlayer, error_box, not_drawn_when_grading
from genlab.viz.style import COLORS

__all__ = ["bound_history", "plot_bound", "plot_staircase", "lower_bound_player"]


def _logsumexp_rows(a):
    m = np.max(a, axis=1, keepdims=True)
    return (m + np.log(np.sum(np.exp(a - m), axis=1, keepdims=True)))[:, 0]


def _means_with(means, free, mu):
    out = np.array(means, dtype=float)
    out[free] = mu
    return out


def bound_history(x, weights, means, variances, free, mu0, n_iter, *, posterior, elbo, log_joint,
                  grid=None):
    """EM on one free mean, with the log-likelihood curve and the bound of every E-step.

    Parameters
    ----------
    x : ndarray, shape (n,)
    weights, means, variances : ndarray, shape (K,)
        Known parameters; ``means[free]`` is replaced by the free mean.
    free : int
        Index of the free mean.
    mu0 : float
        Starting value of the free mean.
    n_iter : int
    posterior, elbo, log_joint : callable
        The student's Bayes' rule and ELBO, and the notebook's log-joint helper.
    grid : ndarray, optional
        Values of μ at which to draw the curves (default: 300 points around the data).

    Returns
    -------
    dict
        ``grid``; ``curve`` ℓ(μ) on the grid; ``mus`` (n_iter + 1,); ``bounds`` (n_iter, len(grid)),
        row t the bound L(q_t, μ) of the E-step at ``mus[t]``; ``ll`` ℓ(μ_t), (n_iter + 1,);
        ``elbo_after_m`` L(q_t, μ_{t+1}), (n_iter,).
    """
    x = np.asarray(x, dtype=float)
    weights = np.asarray(weights, dtype=float)
    if grid is None:
        span = x.max() - x.min()
        grid = np.linspace(min(x.min(), mu0) - 0.3 * span, max(x.max(), mu0) + 0.3 * span, 300)
    grid = np.asarray(grid, dtype=float)

    def loglik(mu):
        return float(_logsumexp_rows(np.asarray(log_joint(x, weights, _means_with(means, free, mu), variances))).sum())

    curve = np.array([loglik(mu) for mu in grid])
    mus, bounds, after_m = [float(mu0)], [], []
    for _ in range(int(n_iter)):
        lj = np.asarray(log_joint(x, weights, _means_with(means, free, mus[-1]), variances))
        likelihood = np.exp(lj - np.log(weights)[None, :])
        q = np.asarray(posterior(weights, likelihood), dtype=float)
        bounds.append([float(elbo(q, log_joint(x, weights, _means_with(means, free, mu), variances)))
                       for mu in grid])
        mu_next = float(q[:, free] @ x / q[:, free].sum())  # the top of the bound (M-step)
        after_m.append(float(elbo(q, log_joint(x, weights, _means_with(means, free, mu_next), variances))))
        mus.append(mu_next)
    return {"grid": grid, "curve": curve, "mus": np.array(mus), "bounds": np.array(bounds),
            "ll": np.array([loglik(mu) for mu in mus]), "elbo_after_m": np.array(after_m)}


def plot_bound(ax, history, t, ylim=None):
    """ℓ(μ), the bound of iteration ``t`` touching it at μ_t, and the M-step to μ_{t+1}."""
    grid, curve = history["grid"], history["curve"]
    mus, ll = history["mus"], history["ll"]
    ax.plot(grid, curve, color="0.25", lw=2, label="log-likelihood ℓ(μ)")
    if t < len(history["bounds"]):
        bound = history["bounds"][t]
        ax.plot(grid, bound, color=COLORS[0], lw=1.8, label=f"lower bound L(q_{t}, μ)")
        ax.plot([mus[t]], [ll[t]], "o", color=COLORS[1], ms=8, label=f"touches at μ_{t} = {mus[t]:.2f}")
        ax.plot([mus[t + 1]], [history["elbo_after_m"][t]], "s", color=COLORS[2], ms=7,
                label=f"top of the bound: μ_{t + 1} = {mus[t + 1]:.2f}")
        ax.annotate("", xy=(mus[t + 1], ll[t + 1]), xytext=(mus[t + 1], history["elbo_after_m"][t]),
                    arrowprops={"arrowstyle": "->", "color": COLORS[2]})
    else:
        ax.plot([mus[t]], [ll[t]], "o", color=COLORS[1], ms=8, label=f"μ_{t} = {mus[t]:.2f}")
    if ylim is None:
        top = curve.max()
        ylim = (top - 1.2 * (top - np.percentile(curve, 20)), top + 0.08 * (top - curve.min()))
    ax.set_ylim(*ylim)
    ax.set(xlabel="free mean μ", ylabel="log-likelihood / bound")
    ax.legend(fontsize=8, loc="lower left")


def plot_staircase(ax, ll, elbo_after_m, upto=None):
    """The ELBO climbing in steps: E-steps raise it to ℓ(θ_t), M-steps raise it further.

    ``ll`` holds ℓ(θ_t) for t = 0..T, ``elbo_after_m`` L(q_t, θ_{t+1}) for t = 0..T-1.
    """
    ll = np.asarray(ll, dtype=float)
    after = np.asarray(elbo_after_m, dtype=float)
    upto = len(after) if upto is None else int(upto)
    xs, ys = [0.0], [ll[0]]
    for t in range(upto):
        xs += [t + 1, t + 1]
        ys += [after[t], ll[t + 1]]  # M-step climbs the bound, then the E-step lifts it to ℓ
    ax.plot(np.arange(upto + 1), ll[: upto + 1], "o", color="0.25", ms=6, label="log-likelihood ℓ(θ_t)")
    ax.plot(xs, ys, "-", color=COLORS[0], lw=1.5, label="ELBO: M-step (rise), E-step (jump to ℓ)")
    ax.plot(np.arange(1, upto + 1), after[:upto], "s", color=COLORS[2], ms=5, label="L(q_t, θ_{t+1}) after the M-step")
    ax.set(xlabel="iteration t", ylabel="value")
    # below the axes: inside, it would cover the steps wherever the climb passes
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)


@not_drawn_when_grading
def lower_bound_player(x, weights, means, variances, free, mu0, n_iter, *, posterior, elbo, log_joint):
    """Play + slider over the EM iterations of the one-free-mean problem.

    Left: the log-likelihood and the current bound touching it; right: the staircase so far.
    Built with the student's ``posterior`` and ``elbo``; if they raise, a plain message says so.
    """
    try:
        history = bound_history(x, weights, means, variances, free, mu0, n_iter, posterior=posterior,
                                elbo=elbo, log_joint=log_joint)
    except NotImplementedError:
        return error_box("Write posterior and elbo first: the player draws the bound with your own functions.")
    except Exception as error:  # the student's error, in words
        return error_box(f"Your functions raised {type(error).__name__}: {error}")
    curve = history["curve"]
    top = curve.max()
    ylim = (top - 1.2 * (top - np.percentile(curve, 20)), top + 0.08 * (top - curve.min()))
    values = np.concatenate([history["ll"], history["elbo_after_m"]])
    pad = 0.05 * (values.max() - values.min() + 1e-9)
    stair_ylim = (values.min() - pad, values.max() + pad)

    def draw(frame, fig):
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.4, 1]})
        plot_bound(left, history, frame, ylim=ylim)
        plot_staircase(right, history["ll"], history["elbo_after_m"], upto=min(frame, n_iter))
        right.set_xlim(-0.3, n_iter + 0.3)
        right.set_ylim(*stair_ylim)  # the same frame for every iteration
        fig.tight_layout()

    def readout(frame):
        text = f"iteration {frame}: μ = {history['mus'][frame]:.4f}, ℓ(μ) = {history['ll'][frame]:.3f}"
        if frame < n_iter:
            gap = history["ll"][frame + 1] - history["elbo_after_m"][frame]
            text += (f"; the M-step moves to μ = {history['mus'][frame + 1]:.4f}, where the bound is "
                     f"{history['elbo_after_m'][frame]:.3f} and ℓ is higher by {gap:.3f}")
        return text

    return IterationPlayer(n_iter + 1, draw, readout, figsize=(11, 4))
