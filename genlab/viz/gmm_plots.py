"""Static pictures of Gaussian mixtures and of an EM history (1-D and 2-D).

A *state* is a dict with ``weights``, ``means``, ``covariances`` (1-D form: ``means`` and
``covariances`` of shape (K,), the latter holding variances) and optionally ``resp`` (n, K),
``log_likelihood``, and in 1-D ``grid`` (G,) and ``curves`` (K, G), each component's weighted
density on the grid, computed with the student's own functions; a *history* is a list of
states, iteration 0 first (what ``genlab.viz.em.em_history`` returns).  These functions only
draw: they never fit, and they evaluate no density themselves (nothing the bundle ships
computes an exercise's answer).
"""

from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt
from matplotlib import animation
from matplotlib.colors import to_rgb
from matplotlib.patches import Ellipse

from genlab.viz.style import COLORS

__all__ = ["RUG_Y", "component_color", "curve_grid", "draw_ellipses", "plot_state", "plot_log_likelihood",
           "plot_panels", "animate", "save_animation"]


RUG_Y = -0.01  # the height of the 1-D data's rug of points, just under the histogram


def component_color(k: int) -> str:
    """Colour of component ``k`` (Okabe-Ito, colour-blind safe)."""
    return COLORS[k % len(COLORS)]


def curve_grid(x, num: int = 200) -> np.ndarray:
    """Where 1-D curves are drawn, shape (num,): the data's range and 15 % of it on each side."""
    x = np.asarray(x, dtype=float)
    pad = 0.15 * np.ptp(x)
    return np.linspace(x.min() - pad, x.max() + pad, num)


def draw_ellipses(ax, means, covariances, n_std=(1.0, 2.0), colors=None, lw=1.8):
    """Contours of each 2-D Gaussian at ``n_std`` standard deviations (Mahalanobis radius)."""
    for k, (mean, cov) in enumerate(zip(np.asarray(means), np.asarray(covariances))):
        vals, vecs = np.linalg.eigh(cov)
        vals = np.clip(vals, 0.0, None)
        angle = np.degrees(np.arctan2(vecs[1, -1], vecs[0, -1]))
        color = colors[k] if colors is not None else component_color(k)
        for i, s in enumerate(n_std):
            ax.add_patch(Ellipse(mean, 2 * s * np.sqrt(vals[-1]), 2 * s * np.sqrt(vals[0]), angle=angle,
                                 fill=False, ec=color, lw=lw if i == 0 else lw * 0.6,
                                 ls="-" if i == 0 else "--"))
        ax.plot(*mean, marker="X", ms=9, mec="white", mfc=color, zorder=5)


def _mixed_colors(resp):
    """Each point's colour: the component colours averaged with its responsibilities."""
    palette = np.array([to_rgb(component_color(k)) for k in range(resp.shape[1])])
    return np.clip(np.asarray(resp) @ palette, 0, 1)


def _plot_1d(ax, x, state, bins=30, xlim=None, ylim=None):
    x = np.asarray(x)
    default = curve_grid(x, 2)
    lo, hi = xlim if xlim is not None else (default[0], default[-1])
    # one filled outline, not a rectangle per bin: about 11 ms less to draw each EM frame
    ax.hist(x, bins=bins, range=(lo, hi), density=True, histtype="stepfilled", color="0.85", ec="0.7", lw=0.5,
            label="data")
    ax.plot(x, np.full_like(x, RUG_Y), "|", color="0.3", ms=6, alpha=0.5)
    if state.get("curves") is not None:  # drawn from the student's own functions (genlab.viz.em)
        grid, curves = np.asarray(state["grid"]), np.asarray(state["curves"])
        for k, curve in enumerate(curves):
            ax.plot(grid, curve, color=component_color(k), lw=1.6, label=f"π{k + 1} N(x | μ{k + 1}, σ{k + 1}²)")
        ax.plot(grid, curves.sum(axis=0), color="black", lw=2.0, label="mixture p(x)")
    ax.set_xlim(lo, hi)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_ylabel("density")


def _plot_2d(ax, X, state, labels=("x₁", "x₂")):
    X = np.asarray(X)
    resp = state.get("resp")
    colors = _mixed_colors(resp) if resp is not None else "0.4"
    ax.scatter(X[:, 0], X[:, 1], c=colors, s=12, alpha=0.85, lw=0)
    draw_ellipses(ax, state["means"], state["covariances"])
    pad = 0.15 * np.ptp(X, axis=0)
    ax.set_xlim(X[:, 0].min() - pad[0], X[:, 0].max() + pad[0])
    ax.set_ylim(X[:, 1].min() - pad[1], X[:, 1].max() + pad[1])
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])


def plot_state(ax, X, state, title=None, labels=("x₁", "x₂"), xlim=None, ylim=None):
    """Draw one EM state: 1-D histogram + component curves + mixture, or 2-D points coloured
    by responsibilities with covariance ellipses (1 and 2 standard deviations).  ``xlim`` and
    ``ylim`` fix the 1-D axes (e.g. the same for every frame of a player)."""
    X = np.asarray(X)
    if X.ndim == 1:
        _plot_1d(ax, X, state, xlim=xlim, ylim=ylim)
    else:
        _plot_2d(ax, X, state, labels)
    if title:
        ax.set_title(title, fontsize=10)


def plot_log_likelihood(ax, log_likelihoods, current=None):
    """Log-likelihood per iteration; with ``current``, the iterations up to it are drawn solid,
    the later ones faded, and the current one is circled."""
    lls = np.asarray(log_likelihoods, dtype=float)
    t = np.arange(len(lls))
    if current is None:
        ax.plot(t, lls, marker="o", ms=3, color=COLORS[0])
    else:
        ax.plot(t, lls, marker="o", ms=3, color=COLORS[0], alpha=0.25)
        ax.plot(t[: current + 1], lls[: current + 1], marker="o", ms=3, color=COLORS[0])
        ax.plot([current], [lls[current]], marker="o", ms=11, mfc="none", mec=COLORS[1], mew=2)
    drops = np.flatnonzero(np.diff(lls) < -1e-9 * np.maximum(1.0, np.abs(lls[1:])))
    if drops.size:
        ax.plot(drops + 1, lls[drops + 1], "v", color="#b2182b", ms=8, label="went down: a bug?")
        ax.legend(fontsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set(xlabel="iteration", ylabel="log-likelihood", title="log-likelihood per iteration")


def plot_panels(X, history, iterations=(0, 1, 2, 3, 5, 20), ncols=3, labels=("x₁", "x₂"), figsize=None):
    """Small multiples of an EM history, as in the lecture notes' panel figure.

    Iterations beyond the end of the history show its last state.
    """
    iterations = list(iterations)
    nrows = int(np.ceil(len(iterations) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize or (3.6 * ncols, 3.2 * nrows), squeeze=False)
    for ax, it in zip(axes.flat, iterations):
        t = min(it, len(history) - 1)
        name = "start" if it == 0 else f"after {it} iteration{'s' if it != 1 else ''}"
        plot_state(ax, X, history[t], title=name, labels=labels)
        if np.asarray(X).ndim == 1 and ax is not axes.flat[0]:
            ax.set_ylabel("")
    for ax in list(axes.flat)[len(iterations):]:
        ax.axis("off")
    fig.tight_layout()
    return fig


def animate(X, history, interval=500, labels=("x₁", "x₂"), figsize=(9.5, 3.8)):
    """A matplotlib animation of the history: the state (left) and the log-likelihood (right).

    Returns
    -------
    matplotlib.animation.FuncAnimation
        Save with :func:`save_animation`, or show in a notebook with
        ``IPython.display.HTML(anim.to_jshtml())``.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=figsize, gridspec_kw={"width_ratios": [1.4, 1]})
    lls = [h["log_likelihood"] for h in history]
    xlim = None
    if np.asarray(X).ndim == 1:
        x = np.asarray(X)
        xlim = (x.min() - 0.15 * np.ptp(x), x.max() + 0.15 * np.ptp(x))

    def draw(t):
        left.clear()
        right.clear()
        plot_state(left, X, history[t], title=f"iteration {t}", labels=labels, xlim=xlim)
        plot_log_likelihood(right, lls, current=t)
        fig.tight_layout()
        return []

    anim = animation.FuncAnimation(fig, draw, frames=len(history), interval=interval, blit=False)
    plt.close(fig)
    return anim


def save_animation(anim, path, fps=2):
    """Write an animation to ``path``: ``.gif`` (Pillow) or ``.html`` (self-contained JavaScript)."""
    path = str(path)
    if path.endswith(".gif"):
        anim.save(path, writer=animation.PillowWriter(fps=fps))
    elif path.endswith(".html"):
        with open(path, "w") as f:
            f.write(anim.to_jshtml(fps=fps))
    else:
        raise ValueError(f"save as .gif or .html, got {path!r}")
    return path
