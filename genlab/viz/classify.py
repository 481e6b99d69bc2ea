"""Plots and widgets of notebooks 01 (generative vs discriminative) and 02 (Naive Bayes spam).

Classes are told apart by marker *and* colour (Okabe-Ito), so the plots read in grey too.
Widgets compute everything once and only redraw when a slider moves; if a student's function
raises, a plain message replaces the plot.
"""

from __future__ import annotations

import numpy as np

from genlab.viz.player import IterationPlayer, error_box, figure_png, static_mode
from genlab.viz.style import COLORS, MARKERS

__all__ = [
    "plot_word_histograms",
    "plot_confusion",
    "plot_log_odds",
    "plot_group_accuracy",
    "smoothing_explorer",
    "plot_classes",
    "plot_boundary",
    "prior_player",
]


# --- notebook 02 --------------------------------------------------------------------------

def plot_word_histograms(vocabulary, counts, class_names, ax):
    """Side-by-side bars of word counts per class (the notes' toy histograms).

    Parameters
    ----------
    vocabulary : list of str, length n_words
    counts : array_like, shape (n_classes, n_words)
    class_names : list of str, length n_classes
    ax : matplotlib Axes
    """
    counts = np.asarray(counts)
    width = 0.8 / len(class_names)
    x = np.arange(len(vocabulary))
    hatches = ["", "//", "..", "xx"]
    for c, name in enumerate(class_names):
        bars = ax.bar(x + (c - (len(class_names) - 1) / 2) * width, counts[c], width, color=COLORS[c],
                      hatch=hatches[c % len(hatches)], edgecolor="white",
                      label=f"{name} ({int(counts[c].sum())} words)")
        ax.bar_label(bars, fontsize=8)
    ax.set_xticks(x, vocabulary)
    ax.set(ylabel="count")
    ax.legend()


def plot_confusion(confusion, ax, labels=("ham", "spam"), title="confusion matrix"):
    """A 2x2 confusion matrix (rows true, columns predicted) with the counts written in."""
    confusion = np.asarray(confusion)
    ax.imshow(confusion, cmap="Blues")
    for (i, j), value in np.ndenumerate(confusion):
        dark = value > confusion.max() / 2
        ax.text(j, i, f"{value:,}", ha="center", va="center", color="white" if dark else "black",
                fontsize=12)
    ax.set_xticks(range(len(labels)), [f"predicted\n{name}" for name in labels])
    ax.set_yticks(range(len(labels)), [f"true {name}" for name in labels])
    ax.set_title(title)


def plot_log_odds(words, log_odds, ax, title="log P(w | spam) - log P(w | ham)"):
    """Horizontal bars of log-odds; positive (spam) bars orange, negative (ham) bars blue and hatched."""
    log_odds = np.asarray(log_odds, dtype=float)
    y = np.arange(len(words))[::-1]
    spam = log_odds > 0
    ax.barh(y[spam], log_odds[spam], color=COLORS[1], label="favours spam")
    ax.barh(y[~spam], log_odds[~spam], color=COLORS[0], hatch="//", edgecolor="white", label="favours ham")
    ax.set_yticks(y, words)
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set(title=title, xlabel="log-odds (nats)")
    ax.legend(loc="lower right", fontsize=8)


def plot_group_accuracy(groups, y_true, y_pred, ax):
    """Share of each group's test emails classified correctly, one bar per group."""
    groups, y_true, y_pred = map(np.asarray, (groups, y_true, y_pred))
    names = sorted(set(groups.tolist()))
    accuracy = [float(np.mean(y_true[groups == g] == y_pred[groups == g])) for g in names]
    bars = ax.bar(names, accuracy, color=[COLORS[1] if g.startswith("spam") else COLORS[0] for g in names],
                  hatch=None)
    for bar, g in zip(bars, names):
        if g.startswith("spam"):
            bar.set_hatch("//")
            bar.set_edgecolor("white")
    ax.bar_label(bars, fmt="%.3f", fontsize=8)
    ax.set(ylim=(0, 1.08), ylabel="accuracy on test emails", title="accuracy per group")
    ax.tick_params(axis="x", labelrotation=20)


def smoothing_explorer(evaluate, alphas, sizes):
    """Two sliders, alpha and vocabulary size, over precomputed test metrics.

    Parameters
    ----------
    evaluate : callable
        ``evaluate(alpha, n_words) -> dict`` with at least "accuracy", "precision", "recall" and
        "confusion" (as returned by ``binary_metrics``).  Called once per grid point, up front.
    alphas, sizes : sequence of float, sequence of int
        The grid.

    Returns
    -------
    ipywidgets.Widget (in static mode, an HTML player over every grid point)
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    try:
        table = {(a, k): evaluate(a, k) for a in alphas for k in sizes}
    except NotImplementedError:
        return error_box("Write the exercises of sections 3 to 7 first: this explorer runs your own functions.")
    except Exception as error:  # show the student's error in words
        return error_box(f"Your functions raised {type(error).__name__}: {error}")

    start_alpha, start_size = alphas[len(alphas) // 2], sizes[-1]

    def draw_on(fig, a, k):
        left, right = fig.subplots(1, 2)
        for i, size in enumerate(sizes):
            acc = [table[(al, size)]["accuracy"] for al in alphas]
            left.semilogx(alphas, acc, marker=MARKERS[i % len(MARKERS)], color=COLORS[i % len(COLORS)],
                          label=f"{size} words", lw=2.5 if size == k else 1, alpha=1 if size == k else 0.6)
        left.plot([a], [table[(a, k)]["accuracy"]], "o", ms=13, mfc="none", mec="black", mew=1.5)
        left.set(xlabel="alpha (log scale)", ylabel="test accuracy", title="accuracy against alpha")
        left.legend(fontsize=8)
        m = table[(a, k)]
        plot_confusion(m["confusion"], right, title=f"alpha = {a:g}, {k} words: accuracy {m['accuracy']:.3f}\n"
                       f"precision {m['precision']:.3f}, recall {m['recall']:.3f}")
        fig.tight_layout()

    if static_mode():  # no kernel to redraw: every (alpha, words) pair pre-drawn, Play over alpha
        from IPython.display import HTML

        from genlab.viz.static_frames import player_html, render_frames

        grid = [(a, k) for a in alphas for k in sizes]
        frames, alts = render_frames(lambda i, fig: draw_on(fig, *grid[i]), len(grid), (9.5, 3.4))
        readouts = [f"alpha = {a:g}, {k} words: test accuracy {table[(a, k)]['accuracy']:.3f}" for a, k in grid]
        return HTML(player_html(frames, readouts, alts, [("alpha", [f"{a:g}" for a in alphas]),
                                                         ("words", [str(k) for k in sizes])],
                                start=[list(alphas).index(start_alpha), list(sizes).index(start_size)], interval=900))

    alpha_slider = widgets.SelectionSlider(options=list(alphas), value=start_alpha,
                                           description="alpha", continuous_update=True)
    size_slider = widgets.SelectionSlider(options=list(sizes), value=start_size,
                                          description="words", continuous_update=True)
    image = widgets.Image(format="png")

    def draw(*_):
        fig = plt.figure(figsize=(9.5, 3.4))
        draw_on(fig, alpha_slider.value, size_slider.value)
        image.value = figure_png(fig)
        plt.close(fig)

    alpha_slider.observe(draw, names="value")
    size_slider.observe(draw, names="value")
    draw()
    return widgets.VBox([widgets.HBox([alpha_slider, size_slider]), image])


# --- notebook 01 --------------------------------------------------------------------------

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
    player = IterationPlayer(len(priors), draw, readout, figsize=(6.0, 4.4), description="prior step")
    player.slider.value = start
    return player
