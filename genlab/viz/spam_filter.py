"""Plots and the smoothing explorer of the Naive Bayes spam filter (notebook 02).

Ham and spam are told apart by colour (Okabe-Ito) *and* hatching, so the plots read in grey
too.  The explorer computes every grid point once and only redraws when a slider moves; if a
student's function raises, a plain message replaces the plot.
"""

from __future__ import annotations

import numpy as np

from genlab.viz.player import error_box, not_drawn_when_grading, static_mode
from genlab.viz.style import COLORS, MARKERS

__all__ = ["plot_word_histograms", "plot_confusion", "plot_log_odds", "plot_group_accuracy", "smoothing_explorer"]


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


@not_drawn_when_grading
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

    from genlab.viz.frames import FrameCache

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
    image._view_count = 0  # the browser counts its views: then frames are drawn in the background
    grid = [(a, k) for a in alphas for k in sizes]
    frames = FrameCache((9.5, 3.4))  # each (alpha, words) drawn once, then only shown again
    frames.use(lambda i, fig: draw_on(fig, *grid[i]), len(grid))

    def shown(_, png):
        if not isinstance(png, Exception):
            image.value = png

    def draw(*_, background=None):
        frame = grid.index((alpha_slider.value, size_slider.value))
        frames.request(frame, shown, (image._view_count or 0) > 0 if background is None else background)

    alpha_slider.observe(draw, names="value")
    size_slider.observe(draw, names="value")
    draw(background=False)
    box = widgets.VBox([widgets.HBox([alpha_slider, size_slider]), image])
    box.frames = frames  # how many frames were drawn: frames.draws
    return box
