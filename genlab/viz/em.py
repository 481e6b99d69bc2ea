"""The EM player: step through EM on a 1-D or 2-D Gaussian mixture run with *any* E and M steps.

It animates the student's own functions.  The whole history is computed once, each frame is
drawn once (see :class:`genlab.viz.player.IterationPlayer`); Play and the slider only show them.  "step" adds one more iteration at the end and
"restart" starts again from a new random seed.  When a function raises or returns something
unusable, a plain message says which function, at which iteration, and why, instead of a
broken plot.

Conventions (the notebook's): for 1-D data ``x`` (n,), ``e_step(x, weights, means, variances)``
and ``m_step(x, resp) -> (weights, means, variances)``; for 2-D data ``X`` (n, 2),
``e_step(X, weights, means, covariances)`` and ``m_step(X, resp) -> (weights, means, covariances)``.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from genlab.viz.gmm_plots import RUG_Y, curve_grid, plot_log_likelihood, plot_state
from genlab.viz.player import IterationPlayer, error_box, not_drawn_when_grading, static_mode

__all__ = ["StudentFunctionError", "random_init", "em_history", "EMPlayer", "em_player"]


class StudentFunctionError(Exception):
    """One of the given functions raised or returned something unusable."""


def random_init(X, n_components, seed=0):
    """Starting parameters: K distinct data points as means, the data's variance (1-D) or
    covariance (2-D) for every component, equal weights."""
    X = np.asarray(X, dtype=float)
    rng = np.random.default_rng(seed)
    means = X[rng.choice(len(X), n_components, replace=len(X) < n_components)].copy()
    weights = np.full(n_components, 1.0 / n_components)
    if X.ndim == 1:
        return weights, means, np.full(n_components, X.var())
    cov = np.cov(X.T, bias=True)
    return weights, means, np.repeat(cov[None], n_components, axis=0)


def _call(name, fn, iteration, *args):
    try:
        return fn(*args)
    except NotImplementedError:
        raise StudentFunctionError(f"Write {name} first: the player runs your own function "
                                   "(it still raises NotImplementedError).") from None
    except Exception as error:  # the student's bug, reported plainly
        raise StudentFunctionError(f"Your {name} raised {type(error).__name__} at iteration "
                                   f"{iteration}: {error}") from None


def _checked_resp(resp, n, k, iteration):
    try:
        resp = np.asarray(resp, dtype=float)
    except (TypeError, ValueError):
        raise StudentFunctionError(f"Your e_step returned a {type(resp).__name__}, not an array "
                                   f"(iteration {iteration}).") from None
    if resp.shape != (n, k):
        raise StudentFunctionError(f"Your e_step returned shape {resp.shape} at iteration {iteration}; "
                                   f"responsibilities have shape (n, K) = ({n}, {k}).")
    if not np.all(np.isfinite(resp)):
        raise StudentFunctionError(f"Your e_step returned nan or inf at iteration {iteration} "
                                   f"({int((~np.isfinite(resp)).sum())} entries). Densities that "
                                   "underflow to 0 give 0/0: work in log space.")
    return resp


def _checked_params(params, iteration, one_d):
    try:
        weights, means, covs = (np.asarray(p, dtype=float) for p in params)
    except (TypeError, ValueError):
        raise StudentFunctionError(f"Your m_step must return (weights, means, {'variances' if one_d else 'covariances'}) "
                                   f"(iteration {iteration}).") from None
    if not all(np.all(np.isfinite(p)) for p in (weights, means, covs)):
        raise StudentFunctionError(f"Your m_step returned nan or inf at iteration {iteration}.")
    return weights, means, covs


def em_history(X, e_step, m_step, log_likelihood, init, n_iter):
    """Run ``n_iter`` EM iterations with the given functions and record every state.

    Parameters
    ----------
    X : ndarray, shape (n,) or (n, D)
    e_step, m_step, log_likelihood : callable
        The functions to animate (see the module docstring for their arguments).
    init : tuple (weights, means, variances_or_covariances)
    n_iter : int

    Returns
    -------
    history : list of dict, n_iter + 1 states
        ``weights``, ``means``, ``covariances``, ``resp`` (E-step at that state) and
        ``log_likelihood``.

    Raises
    ------
    StudentFunctionError
        With a plain message, when a function raises or returns something unusable.
    """
    X = np.asarray(X, dtype=float)
    params = _checked_params(init, 0, X.ndim == 1)
    history = []
    extend_history(history, X, e_step, m_step, log_likelihood, params, n_iter)
    return history


def _curves(x, e_step, log_likelihood, params, iteration) -> dict:
    """Each component's weighted density on the drawing grid, from the student's own functions.

    p(g) = exp(log_likelihood([g])) (the log-likelihood of a one-point data set) and
    π_k N(g | μ_k, σ_k²) = r_k(g) p(g), with r = e_step(grid): shapes (G,) and (K, G).
    """
    grid = curve_grid(x)
    logs = [_call("log_likelihood", log_likelihood, iteration, grid[i:i + 1], *params) for i in range(len(grid))]
    density = np.exp(np.nan_to_num(np.asarray(logs, dtype=float), nan=-np.inf))
    resp = _checked_resp(_call("e_step", e_step, iteration, grid, *params), len(grid), len(params[0]), iteration)
    return {"grid": grid, "curves": (resp * density[:, None]).T}


def extend_history(history, X, e_step, m_step, log_likelihood, params, n_iter):
    """Append the state at ``params`` and ``n_iter`` more iterations to ``history`` (in place)."""
    n, one_d = len(X), X.ndim == 1
    start = len(history)
    for t in range(start, start + n_iter + 1):
        k = len(params[0])
        resp = _checked_resp(_call("e_step", e_step, t, X, *params), n, k, t)
        ll = _call("log_likelihood", log_likelihood, t, X, *params)
        if not np.isfinite(ll):
            raise StudentFunctionError(f"Your log_likelihood returned {ll} at iteration {t}: "
                                       "use logsumexp so that no density underflows to 0.")
        history.append({"weights": params[0], "means": params[1], "covariances": params[2],
                        "resp": resp, "log_likelihood": float(ll)})
        if one_d:
            history[-1].update(_curves(X, e_step, log_likelihood, params, t))
        if t < start + n_iter:
            params = _checked_params(_call("m_step", m_step, t + 1, X, resp), t + 1, one_d)
    return history


def _density_limits(x, history, xlim, bins=30):
    """y-limits that hold the histogram and every frame's curves, as autoscaling would for the
    tallest frame (the rug of points sits at y = RUG_Y)."""
    counts, _ = np.histogram(x, bins=bins, range=xlim, density=True)
    top = max([counts.max()] + [np.nanmax(np.sum(h["curves"], axis=0)) for h in history if "curves" in h])
    top = top if np.isfinite(top) and top > 0 else 1.0
    margin = 0.05 * (top - RUG_Y)  # matplotlib's default margin: 5 % of the data's range
    return (RUG_Y - margin, top + margin)


class EMPlayer:
    """Play / slider / step / restart over an EM history computed with the given functions.

    Parameters
    ----------
    X : ndarray, shape (n,) or (n, 2)
    e_step, m_step, log_likelihood : callable
    n_components : int
    init : tuple, optional
        Starting parameters; default :func:`random_init` with ``seed``.
    n_iter : int
        Iterations computed up front.
    seed : int
        Seed of the first random start; "restart" uses seed + 1, seed + 2, ...
    labels : pair of str
        Axis labels for 2-D data.
    """

    def __init__(self, X, e_step, m_step, log_likelihood, n_components=2, init=None, n_iter=20, seed=0,
                 labels=("x₁", "x₂"), figsize=(10.0, 3.9)):
        self.X = np.asarray(X, dtype=float)
        self._fns = (e_step, m_step, log_likelihood)
        self.n_components, self.n_iter, self.seed, self.labels = n_components, n_iter, seed, labels
        self.history = em_history(self.X, *self._fns, init if init is not None
                                  else random_init(self.X, n_components, seed), n_iter)
        self.player = IterationPlayer(len(self.history), self._draw, self._readout, figsize=figsize)
        self.step_button = widgets.Button(description="step", tooltip="one more EM iteration",
                                          icon="step-forward")
        self.restart_button = widgets.Button(description="restart with a new seed", icon="refresh",
                                             tooltip="run EM again from a new random start",
                                             layout=widgets.Layout(width="auto"))
        self.message = widgets.HTML()
        self.step_button.on_click(lambda _: self.step())
        self.restart_button.on_click(lambda _: self.restart())
        self.widget = widgets.VBox([self.player.widget,
                                    widgets.HBox([self.step_button, self.restart_button]), self.message])

    # drawing
    def _draw(self, frame, fig):
        history = self.history  # one history for the whole frame (step and restart replace it)
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.4, 1]})
        xlim = ylim = None
        if self.X.ndim == 1:  # the same axes in every frame: they do not jump, and are drawn once
            grid = curve_grid(self.X, 2)
            xlim = (grid[0], grid[-1])
            ylim = _density_limits(self.X, history, xlim)
        plot_state(left, self.X, history[frame], title=f"iteration {frame}", labels=self.labels, xlim=xlim,
                   ylim=ylim)
        plot_log_likelihood(right, [h["log_likelihood"] for h in history], current=frame)
        fig.tight_layout()

    def _readout(self, frame):
        state = self.history[frame]
        weights = ", ".join(f"{w:.3f}" for w in np.ravel(state["weights"]))
        text = (f"iteration {frame} of {len(self.history) - 1}: log-likelihood = "
                f"{state['log_likelihood']:.4f}, weights = [{weights}]")
        if frame > 0:
            before = self.history[frame - 1]["log_likelihood"]
            if state["log_likelihood"] < before - 1e-9 * max(1.0, abs(before)):
                text += (" <b>— the log-likelihood went down: EM never does that, so look for a bug "
                         "in your m_step or log_likelihood.</b>")
        return text

    def _replace_history(self, history, frame):
        """Show ``frame`` of a new history: every frame drawn before is stale (the log-likelihood
        panel shows the whole history), so none is shown again."""
        with self.player.frames.paused():  # no frame is drawn from half of each
            self.history = history
            self.player.set_frames(len(history))
        self.player.show(frame)

    # buttons
    def step(self):
        """Show the next iteration, computing it if it is past the end."""
        frame = self.player.play.value  # the frame last asked for (the slider follows when it is drawn)
        if frame == len(self.history) - 1:
            last = self.history[-1]
            try:
                params = _checked_params(_call("m_step", self._fns[1], frame + 1, self.X, last["resp"]),
                                         frame + 1, self.X.ndim == 1)
                history = extend_history(list(self.history), self.X, *self._fns, params, 0)
            except StudentFunctionError as error:
                self.message.value = error_box(str(error)).value
                return
            self._replace_history(history, frame + 1)
        else:
            self.player.show(frame + 1)

    def restart(self):
        """Recompute the history from a new random start."""
        self.seed += 1
        try:
            history = em_history(self.X, *self._fns, random_init(self.X, self.n_components, self.seed),
                                 self.n_iter)
        except StudentFunctionError as error:
            self.message.value = error_box(str(error)).value
            return
        self.message.value = f"<small>restarted from seed {self.seed}</small>"
        self._replace_history(history, 0)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.player if static_mode() else self.widget)


@not_drawn_when_grading
def em_player(X, e_step, m_step, log_likelihood, n_components=2, init=None, n_iter=20, seed=0, **kwargs):
    """An :class:`EMPlayer`, or a plain message box if the functions cannot run."""
    try:
        return EMPlayer(X, e_step, m_step, log_likelihood, n_components, init, n_iter, seed, **kwargs)
    except StudentFunctionError as error:
        return error_box(str(error))
