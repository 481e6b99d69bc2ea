"""Two labelled classes, their decision boundaries and the prior slider (notebook 01).

Classes are told apart by marker *and* colour (Okabe-Ito), so the plots read in grey too.
The prior player computes every frame's posterior once and only redraws when the slider
moves; if a student's function raises, a plain message replaces the plot.
"""

from __future__ import annotations

import numpy as np

from genlab.viz.player import IterationPlayer, error_box, not_drawn_when_grading
from genlab.viz.style import COLORS, MARKERS

__all__ = ["plot_classes", "plot_boundary", "prior_player"]


def plot_classes(X, y, ax, names=("class 0", "class 1"), alpha=0.8):
    """Scatter 2-D points, one colour and one marker per class."""
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    for c, name in enumerate(names):
        ax.scatter(X[y == c, 0], X[y == c, 1], s=22, marker=MARKERS[c], color=COLORS[c], alpha=alpha,
                   edgecolor="white", linewidth=0.4, label=name)


def _grid(X, pad=1.0, num=200):
    X = np.asarray(X, dtype=float)
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], num), np.linspace(lo[1], hi[1], num))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def plot_boundary(prob_class1, X, ax, label, color="black", linestyle="-", pad=1.0, shade=False):
    """Draw the curve where ``prob_class1(points) = 1/2`` over the area around ``X``.

    Parameters
    ----------
    prob_class1 : callable
        ``points (n, 2) -> P(y = 1 | x)`` of shape (n,).
    X : array_like, shape (n_samples, 2)
        Points that fix the plotted area.
    ax : matplotlib Axes
    label : str
        Legend entry of the boundary.
    shade : bool
        Also shade P(y = 1 | x) in the background.
    """
    xx, yy, points = _grid(X, pad)
    p = np.asarray(prob_class1(points), dtype=float).reshape(xx.shape)
    if shade:
        ax.contourf(xx, yy, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.25)
    ax.contour(xx, yy, p, levels=[0.5], colors=[color], linestyles=[linestyle], linewidths=2)
    ax.plot([], [], color=color, linestyle=linestyle, lw=2, label=label)  # legend proxy
    ax.set(xlim=(xx.min(), xx.max()), ylim=(yy.min(), yy.max()))


@not_drawn_when_grading
def prior_player(posterior_for_prior, X, y, priors, names=("class 0", "class 1"), axis_labels=("x1", "x2")):
    """Slide the prior P(class 1) and watch the generative boundary move.

    Parameters
    ----------
    posterior_for_prior : callable
        ``(prior, points (n, 2)) -> P(y = 1 | x)`` of shape (n,), built from the student's
        fitted class models with ``prior`` in place of the fitted one.
    X, y : the labelled points to show.
    priors : sequence of float in (0, 1)
    names, axis_labels : pair of str
        Class names and the two axis labels.
    """
    priors = [float(p) for p in priors]
    try:
        xx, yy, points = _grid(X)
        surfaces = [np.asarray(posterior_for_prior(p, points), dtype=float).reshape(xx.shape) for p in priors]
    except NotImplementedError:
        return error_box("Write the generative classifier's functions first: this slider runs your own code.")
    except Exception as error:  # show the student's error in words
        return error_box(f"Your functions raised {type(error).__name__}: {error}")

    def draw(frame, fig):
        ax = fig.subplots()
        ax.contourf(xx, yy, surfaces[frame], levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.25)
        ax.contour(xx, yy, surfaces[frame], levels=[0.5], colors=["black"], linewidths=2)
        plot_classes(X, y, ax, names)
        ax.set(xlim=(xx.min(), xx.max()), ylim=(yy.min(), yy.max()), xlabel=axis_labels[0], ylabel=axis_labels[1],
               title=f"P({names[1]}) = {priors[frame]:.2f}: black line is P({names[1]} | x) = 1/2")
        ax.legend(loc="upper left", fontsize=8)
        fig.tight_layout()

    def readout(frame):
        p = priors[frame]
        return (f"prior P({names[1]}) = {p:.2f}, P({names[0]}) = {1 - p:.2f}; threshold on the likelihood "
                f"ratio p(x | {names[1]}) / p(x | {names[0]}) = {(1 - p) / p:.3g}")

    start = min(range(len(priors)), key=lambda i: abs(priors[i] - 0.5))
    return IterationPlayer(len(priors), draw, readout, figsize=(6.0, 4.4), description="prior step", start=start)
