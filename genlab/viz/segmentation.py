"""Pictures of image segmentation with a Gaussian mixture (notebook 06).

Everything is driven by callables the notebook passes in (the student's ``e_step``,
``m_step`` and ``recolour``), so the pictures show the student's own EM.  The EM history is
computed once on a pixel subsample; moving the slider only labels the pixels of a smaller
copy of the photo with the parameters of that iteration.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display

from genlab.viz.backdrop import unchanging
from genlab.viz.player import IterationPlayer, error_box, not_drawn_when_grading
from genlab.viz.style import COLORS

__all__ = ["random_init", "em_history", "label_pixels", "segment_palette", "show_images", "plot_selection",
           "SegmentationExplorer", "segmentation_explorer"]


def random_init(X, n_components, reg_covar=1e-4, random_state=None):
    """Start EM from K distinct random pixels as means, the data covariance for every
    component and equal weights.

    Returns
    -------
    weights : ndarray, shape (K,)
    means : ndarray, shape (K, D)
    covariances : ndarray, shape (K, D, D)
    """
    rng = np.random.default_rng(random_state)
    X = np.asarray(X, dtype=float)
    distinct = np.unique(X, axis=0)
    means = distinct[rng.choice(len(distinct), size=n_components, replace=len(distinct) < n_components)]
    cov = np.cov(X.T, bias=True) + reg_covar * np.eye(X.shape[1])
    return np.full(n_components, 1.0 / n_components), means, np.repeat(cov[None], n_components, axis=0)


def em_history(X, params, n_iter, *, e_step, m_step, reg_covar=1e-4, log_likelihood=None):
    """Parameters before and after each of ``n_iter`` EM iterations of the given functions.

    Returns
    -------
    history : list of tuple
        ``(weights, means, covariances)``, ``n_iter + 1`` entries (fewer if an M-step returned
        nan, e.g. for a component that lost all its pixels; the history stops before it).
    log_likelihoods : ndarray, shape (n_iter + 1,) or None
        With ``log_likelihood`` given, the log-likelihood of X at every entry.
    """
    history = [tuple(np.asarray(p, dtype=float) for p in params)]
    for _ in range(int(n_iter)):
        resp = e_step(X, *history[-1])
        new = tuple(np.asarray(p, dtype=float) for p in m_step(X, resp, reg_covar))
        if not all(np.all(np.isfinite(p)) for p in new):
            break  # a component lost all its pixels (0/0): keep the iterations so far
        history.append(new)
    lls = None if log_likelihood is None else np.array([float(log_likelihood(X, *p)) for p in history])
    return history, lls


def label_pixels(X, params, e_step, height, width, chunk=100_000):
    """The most responsible component of every pixel, as an (height, width) image.

    Works through the pixels ``chunk`` at a time so memory stays small for any photo.
    """
    labels = np.concatenate([np.argmax(e_step(X[i: i + chunk], *params), axis=1)
                             for i in range(0, len(X), chunk)])
    return labels.reshape(height, width)


_QUALITATIVE = plt.get_cmap("tab10").colors  # ten distinct colours, (10, 3) in [0, 1]


def segment_palette(means):
    """A distinct qualitative colour for each segment, the nearest to its mean colour that is left.

    Parameters
    ----------
    means : array, shape (K, D)
        The components' means; the first three features are r, g, b in [0, 1] (K <= 10).

    Returns
    -------
    ListedColormap of K colours: label k is drawn in colour k, so that a segment looks like what it
    holds (the flower's petals brown, its leaves green; not blue and orange by label order).
    Closest pairs first: the pair (segment, colour) of smallest RGB distance anywhere is fixed,
    then the next among what is left.
    """
    from matplotlib.colors import ListedColormap

    rgb = np.asarray(means, dtype=float)[:, :3]
    palette = np.asarray(_QUALITATIVE)
    if len(rgb) > len(palette):
        raise ValueError(f"at most {len(palette)} segments can get distinct colours, not {len(rgb)}")
    distance = ((rgb[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2)  # (K, 10)
    chosen = np.empty(len(rgb), dtype=int)
    for _ in range(len(rgb)):
        k, c = np.unravel_index(np.argmin(distance), distance.shape)
        chosen[k] = c
        distance[k, :], distance[:, c] = np.inf, np.inf
    return ListedColormap(palette[chosen])


def _show_labels(ax, labels, means=None):
    """Draw a label image: each segment in its :func:`segment_palette` colour when the means are
    known, else label k in the k-th qualitative colour."""
    if means is None:
        ax.imshow(labels, cmap="tab10", vmin=0, vmax=9, interpolation="nearest")
    else:
        ax.imshow(labels, cmap=segment_palette(means), vmin=-0.5, vmax=len(means) - 0.5, interpolation="nearest")


def show_images(images, titles, ncols=None, size=3.2, suptitle=None, means=None):
    """A row (or grid) of images without axes; label images use a qualitative colour map.

    ``means``: optional, one entry per image: for a label image the (K, D) means of its segments
    (each segment then gets the qualitative colour nearest its mean colour), else None.
    """
    ncols = ncols or len(images)
    nrows = int(np.ceil(len(images) / ncols))
    first = np.asarray(images[0])
    aspect = first.shape[0] / first.shape[1]
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * aspect * nrows + 0.5), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, image, title, segment_means in zip(axes.flat, images, titles, means or [None] * len(images)):
        image = np.asarray(image)
        if image.ndim == 2:
            _show_labels(ax, image, segment_means)
        else:
            ax.imshow(image, interpolation="nearest")
        ax.set_title(title, fontsize=10)
    if suptitle:
        fig.suptitle(suptitle, fontsize=9)
    fig.tight_layout()
    return fig


def plot_selection(ks, bic, heldout, axes):
    """BIC (smaller is better) and held-out log-likelihood per pixel (larger is better) against K."""
    left, right = axes
    left.plot(ks, bic, "o-", color=COLORS[0])
    left.set(xlabel="K (segments)", ylabel="BIC on the fitting pixels", title="BIC: smaller is better")
    right.plot(ks, heldout, "s-", color=COLORS[1])
    right.set(xlabel="K (segments)", ylabel="log-likelihood per held-out pixel",
              title="held-out: larger is better")
    for ax in axes:
        ax.set_xticks(list(ks))


class SegmentationExplorer:
    """A K selector and, for the selected K, Play + slider over the EM iterations.

    For each K the EM history is computed once (on ``X_fit``, from :func:`random_init`) the
    first time that K is selected; each frame labels the pixels of ``image_small`` with the
    parameters of that iteration and paints them with ``recolour``.  One player serves every K:
    on a change of K its picture stays until the new K's frame is drawn (never blank), at the
    same iteration; each K's frames are kept, so going back to a K shows them at once.
    """

    def __init__(self, image_small, X_fit, X_small, ks, n_iter, *, e_step, m_step, recolour,
                 reg_covar=1e-4, random_state=0):
        self.image = np.asarray(image_small)
        self.X_fit, self.X_small = X_fit, X_small
        self.n_iter = int(n_iter)
        self.e_step, self.m_step, self.recolour = e_step, m_step, recolour
        self.reg_covar, self.random_state = reg_covar, random_state
        self._sources = {}  # K -> (n_frames, draw, readout)
        self.selector = widgets.ToggleButtons(options=[int(k) for k in ks], value=int(ks[0]),
                                              description="K", tooltips=[f"{k} segments" for k in ks])
        n, draw, readout = self._source(int(ks[0]))
        self.player = IterationPlayer(n, draw, readout, figsize=(11, 3.0), key=int(ks[0]))
        self.selector.observe(lambda change: self.select(change["new"]), names="value")
        self.widget = widgets.VBox([self.selector, self.player.widget])

    def _source(self, k):
        """The frames of ``k`` segments: ``(n_frames, draw, readout)``, EM run the first time."""
        if k in self._sources:
            return self._sources[k]
        h, w = self.image.shape[:2]
        start = random_init(self.X_fit, k, self.reg_covar, self.random_state)
        history, _ = em_history(self.X_fit, start, self.n_iter, e_step=self.e_step, m_step=self.m_step,
                                reg_covar=self.reg_covar)

        def draw(frame, fig):
            left, mid, right = fig.subplots(1, 3)
            lab = label_pixels(self.X_small, history[frame], self.e_step, h, w)
            unchanging(left.imshow(self.image), left.set_title("photo", fontsize=10))  # drawn once per K
            _show_labels(mid, lab, history[frame][1])
            mid.set_title(f"labels, K = {k}", fontsize=10)
            right.imshow(np.clip(self.recolour(lab, history[frame][1]), 0, 1), interpolation="nearest")
            right.set_title(f"mean colours, iteration {frame}", fontsize=10)
            for ax in (left, mid, right):
                ax.axis("off")
            fig.tight_layout()

        def readout(frame):
            weights = history[frame][0]
            return (f"K = {k}, iteration {frame}: segment sizes (weights) "
                    + ", ".join(f"{v:.2f}" for v in np.sort(weights)[::-1]))

        self._sources[k] = (len(history), draw, readout)
        return self._sources[k]

    def select(self, k):
        """Show ``k`` segments at the current iteration (EM for ``k`` is run the first time).

        The picture of the previous K stays until the new one is ready.
        """
        try:
            n, draw, readout = self._source(k)
        except Exception as error:  # the student's function, in words; the old picture stays
            self.player.label.value = error_box(f"K = {k}: your functions raised {type(error).__name__}: "
                                                f"{error}").value
            return
        frame = min(self.player.play.value, n - 1)
        self.player.set_frames(n, draw, readout, key=k)
        self.player.show(frame)

    def _ipython_display_(self):
        from genlab.viz import player

        if getattr(player, "static_mode", lambda: False)():
            # A static page has no kernel to switch K: show the player of K = 5 (or the first K).
            k = 5 if 5 in self.selector.options else self.selector.value
            self.select(k)
            display(self.player)
        else:
            display(self.widget)


@not_drawn_when_grading
def segmentation_explorer(image_small, X_fit, X_small, ks=(2, 3, 5, 8), n_iter=20, *, e_step, m_step,
                          recolour, reg_covar=1e-4, random_state=0):
    """A :class:`SegmentationExplorer`, or a plain message if the student's functions raise."""
    try:
        return SegmentationExplorer(image_small, X_fit, X_small, ks, n_iter, e_step=e_step, m_step=m_step,
                                    recolour=recolour, reg_covar=reg_covar, random_state=random_state)
    except NotImplementedError:
        return error_box("Write e_step, m_step and recolour first: the explorer runs your own functions.")
    except Exception as error:  # the student's error, in words
        return error_box(f"Your functions raised {type(error).__name__}: {error}")
