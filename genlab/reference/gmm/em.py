"""Fitting a Gaussian mixture by EM: the M-step, three initialisations and the EM loop.

E-step (:func:`genlab.reference.gmm.density.e_step`) and M-step alternate until the average
log-likelihood per point stops rising.  The variance floor ``reg_covar`` is added to the
diagonal of every covariance in the M-step.  Data and parameters come in either form of
:mod:`genlab.reference.gmm.forms`; results are returned in the form the data came in.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from genlab.reference import kmeans
from genlab.reference.gmm.density import log_resp
from genlab.reference.gmm.forms import as_2d, check_params, params_out

__all__ = ["DegenerateMixtureWarning", "GMMResult", "m_step", "split_widest", "initialize", "fit"]


class DegenerateMixtureWarning(UserWarning):
    """A component collapsed onto a point or a line, or lost all its points."""


# --- M-step -------------------------------------------------------------------------------

def m_step(X, resp, reg_covar=1e-6):
    """Parameters that maximise the expected complete-data log-likelihood.

    Parameters
    ----------
    X : ndarray, shape (n, D) or (n,)
    resp : ndarray, shape (n, K)
        Responsibilities (rows sum to 1; hard 0/1 labels are allowed).
    reg_covar : float
        Variance floor, added to the diagonal of every covariance (>= 0).

    Returns
    -------
    weights : ndarray, shape (K,)
        ``N_k / N`` with ``N_k = Σ_n r_nk``.
    means : ndarray, shape (K, D) or (K,)
        ``Σ_n r_nk x_n / N_k``.
    covariances : ndarray, shape (K, D, D) or (K,)
        ``Σ_n r_nk (x_n - μ_k)(x_n - μ_k)ᵀ / N_k + reg_covar I``, around the *new* means.

    Notes
    -----
    As in scikit-learn, ``N_k`` gets ``10 ε`` added so that a component with no points
    gives a finite (if meaningless) mean and the covariance ``reg_covar I`` instead of 0/0.
    """
    X, one_d = as_2d(X)
    resp = np.asarray(resp, dtype=float)
    if resp.ndim != 2 or resp.shape[0] != X.shape[0]:
        raise ValueError(f"resp must have shape (n, K) with n = {X.shape[0]}, got {resp.shape}")
    if reg_covar < 0:
        raise ValueError(f"reg_covar must be >= 0, got {reg_covar!r}")
    nk = resp.sum(axis=0) + 10 * np.finfo(float).eps
    means = resp.T @ X / nk[:, None]
    d = X.shape[1]
    covariances = np.empty((resp.shape[1], d, d))
    Xt = np.ascontiguousarray(X.T)  # (D, n): each feature one contiguous row, so the rows below are fast
    for k in range(resp.shape[1]):
        diff = Xt - means[k][:, None]  # column n is x_n - μ_k
        covariances[k] = (diff * resp[:, k]) @ diff.T / nk[k]
        covariances[k].flat[:: d + 1] += reg_covar
    weights = nk / nk.sum()
    return params_out(weights, means, covariances, one_d)


# --- initialisation and the EM loop ---------------------------------------------------------

@dataclass(frozen=True)
class GMMResult:
    """A fitted mixture (the best of ``n_init`` runs).

    Attributes
    ----------
    weights, means, covariances : ndarray
        Final parameters (1-D form when X was 1-D).
    log_likelihood : float
        Total log-likelihood of X at the final parameters.
    history : list of dict
        ``{"weights", "means", "covariances", "log_likelihood"}`` at the start and after each
        iteration (``n_iter + 1`` entries).
    n_iter : int
        Number of EM iterations run.
    converged : bool
        True when the average log-likelihood per point rose by less than ``tol``.
    """

    weights: np.ndarray
    means: np.ndarray
    covariances: np.ndarray
    log_likelihood: float
    history: list = field(repr=False)
    n_iter: int
    converged: bool

    @property
    def params(self):
        """``(weights, means, covariances)``."""
        return self.weights, self.means, self.covariances

    @property
    def log_likelihoods(self) -> np.ndarray:
        """Log-likelihood at every entry of ``history``, shape (n_iter + 1,)."""
        return np.array([h["log_likelihood"] for h in self.history])


def split_widest(weights, means, covariances):
    """Split the component with the largest weighted principal variance in two.

    Parameters
    ----------
    weights : ndarray, shape (K,)
    means : ndarray, shape (K, D)
    covariances : ndarray, shape (K, D, D)

    Returns
    -------
    weights (K + 1,), means (K + 1, D), covariances (K + 1, D, D)
        Component j = argmax_k π_k λ_k (λ_k the largest eigenvalue of Σ_k, v its unit
        eigenvector) becomes two: means μ_j − ½ √λ v (kept at j) and μ_j + ½ √λ v (appended),
        the same covariance, half the weight each.  The sign of v is LAPACK's choice, so the
        two new means may come out in the other order; either is right.
    """
    eigvals, eigvecs = np.linalg.eigh(covariances)  # ascending eigenvalues, eigenvectors in columns
    j = int(np.argmax(weights * eigvals[:, -1]))
    delta = 0.5 * np.sqrt(eigvals[j, -1]) * eigvecs[j, :, -1]
    weights = np.concatenate([weights, [weights[j] / 2]])
    weights[j] /= 2
    means = np.vstack([means, means[j] + delta])
    means[j] = means[j] - delta
    covariances = np.concatenate([covariances, covariances[j][None]])
    return weights, means, covariances


def initialize(X, n_components, init="kmeans++", reg_covar=1e-6, random_state=None,
               max_iter=100, tol=1e-6):
    """Starting parameters for EM.

    ``"kmeans++"``: k-means (k-means++ seeding) labels, then one M-step on those hard labels.
    ``"random"``: K data points drawn without replacement as means, every covariance the
    data covariance, equal weights.  ``"split"``: one Gaussian, then repeatedly split the
    widest component along its direction of maximum variance and rerun EM, until K.

    Parameters
    ----------
    X : array_like, shape (n, D) or (n,)
    n_components : int
        K >= 1.
    init : {"kmeans++", "random", "split"}
    reg_covar : float
        Variance floor of the M-steps.
    random_state : None, int or numpy Generator
    max_iter, tol : int, float
        EM settings of each run between two splits (``"split"`` only).

    Returns
    -------
    weights : ndarray, shape (K,)
    means : ndarray, shape (K, D)
        Always the full form, also for 1-D X.
    covariances : ndarray, shape (K, D, D)
    """
    X, _ = as_2d(X)
    n, d = X.shape
    rng = np.random.default_rng(random_state)
    if init == "kmeans++":
        labels = kmeans.fit(X, n_components, init="kmeans++", random_state=rng).labels
        return m_step(X, np.eye(n_components)[labels], reg_covar)
    if init == "random":
        means = X[rng.choice(n, n_components, replace=n < n_components)]
        cov = np.cov(X.T, bias=True).reshape(d, d) + reg_covar * np.eye(d)
        return np.full(n_components, 1.0 / n_components), means, np.repeat(cov[None], n_components, 0)
    if init == "split":
        params = m_step(X, np.ones((n, 1)), reg_covar)
        while len(params[0]) < n_components:
            params = split_widest(*params)
            params = _em(X, params, max_iter, tol, reg_covar)["params"]
        return params
    raise ValueError(f"init must be 'kmeans++', 'random', 'split' or a tuple (weights, means, "
                     f"covariances), got {init!r}")


def _em(X, params, max_iter, tol, reg_covar):
    """EM from ``params`` until the average log-likelihood per point changes by less than ``tol``.

    Parameters
    ----------
    X : ndarray, shape (n, D)
    params : tuple of ndarray
        ``(weights (K,), means (K, D), covariances (K, D, D))``, the start.
    max_iter : int
    tol : float
    reg_covar : float

    Returns
    -------
    dict
        ``"params"`` (full form), ``"history"`` (list of dict, one per iteration and the
        start), ``"n_iter"``, ``"converged"`` and ``"ll"`` (final total log-likelihood).
    """
    n = X.shape[0]
    log_r, log_px = log_resp(X, *params)
    ll = float(log_px.sum())
    history = [{"weights": params[0], "means": params[1], "covariances": params[2], "log_likelihood": ll}]
    converged, n_iter = False, 0
    for n_iter in range(1, max_iter + 1):
        params = m_step(X, np.exp(log_r), reg_covar)
        log_r, log_px = log_resp(X, *params)
        new_ll = float(log_px.sum())
        history.append({"weights": params[0], "means": params[1], "covariances": params[2],
                        "log_likelihood": new_ll})
        change, ll = (new_ll - ll) / n, new_ll
        if abs(change) < tol:  # scikit-learn's test; EM never decreases ll (up to rounding)
            converged = True
            break
    return {"params": params, "history": history, "n_iter": n_iter, "converged": converged, "ll": ll}


def _degeneracy_messages(X, params, reg_covar, n_components):
    """What is degenerate about a fitted mixture, in words.

    Parameters
    ----------
    X : ndarray, shape (n, D)
    params : tuple of ndarray
        ``(weights (K,), means (K, D), covariances (K, D, D))``.
    reg_covar : float
    n_components : int

    Returns
    -------
    messages : list of str
        One per problem (too few distinct points, an empty component, a collapsed one);
        empty when there is none.
    """
    messages = []
    # np.unique sorts every row; the first rows usually already hold K distinct points
    distinct = len(np.unique(X[:1000], axis=0))
    if distinct < n_components:
        distinct = len(np.unique(X, axis=0))
    if distinct < n_components:
        messages.append(f"X has only {distinct} distinct point(s) for {n_components} components")
    weights, _, covariances = params
    nk = weights * X.shape[0]
    floor = 2 * reg_covar + 1e-10 * float(np.max(np.var(X, axis=0), initial=0.0))
    for k in range(len(weights)):
        smallest = np.linalg.eigvalsh(covariances[k])[0]
        if nk[k] < 1:
            messages.append(f"component {k} has almost no points (weight {weights[k]:.2g})")
        elif smallest <= floor:
            held = (f"is held at the variance floor reg_covar={reg_covar:g}" if reg_covar > 0
                    else "and there is no variance floor: set reg_covar > 0")
            messages.append(f"component {k} collapsed onto a point or a line (smallest variance "
                            f"{smallest:.2g} {held})")
    return messages


def fit(X, n_components, *, init="kmeans++", n_init=1, max_iter=100, tol=1e-6, reg_covar=1e-6,
        random_state=None) -> GMMResult:
    """Fit a full-covariance Gaussian mixture by EM; keep the best of ``n_init`` runs.

    Parameters
    ----------
    X : array_like, shape (n, D) or (n,)
    n_components : int
        K >= 1.
    init : "kmeans++", "random", "split" or tuple (weights, means, covariances)
        How to start (see :func:`initialize`); a tuple starts from exactly those parameters
        (1-D form allowed for 1-D X) and makes ``n_init`` irrelevant.
    n_init : int
        Number of starts; the run with the highest final log-likelihood is returned.
    max_iter : int
        Largest number of EM iterations per run (0 returns the initial parameters).
    tol : float
        Stop when the average log-likelihood per point rises by less than ``tol``
        (scikit-learn's convention); ``tol=0`` runs all ``max_iter`` iterations.
    reg_covar : float
        Variance floor added to the diagonal of every covariance in the M-step.
    random_state : None, int or numpy Generator

    Returns
    -------
    GMMResult

    Notes
    -----
    With ``reg_covar = 0`` every iteration is exact EM and the log-likelihood never
    decreases.  With ``reg_covar > 0`` the M-step adds the floor after maximising, so near
    convergence the log-likelihood can drop by a negligible amount (as in scikit-learn).

    Warns
    -----
    DegenerateMixtureWarning
        When a component ends up with almost no points or collapsed onto a point or a line
        (its variance is then held at ``reg_covar``), or X has fewer distinct points than K.
    """
    X, one_d = as_2d(X)
    n, d = X.shape
    if not np.all(np.isfinite(X)) or n == 0:
        raise ValueError("X must be a non-empty array of finite numbers")
    if int(n_components) != n_components or n_components < 1:
        raise ValueError(f"n_components must be a whole number >= 1, got {n_components!r}")
    if n_init < 1 or max_iter < 0 or tol < 0 or reg_covar < 0:
        raise ValueError("need n_init >= 1, max_iter >= 0, tol >= 0 and reg_covar >= 0")
    rng = np.random.default_rng(random_state)
    if isinstance(init, (tuple, list)):
        starts = [check_params(*init, d, one_d)]
        if len(starts[0][0]) != n_components:
            raise ValueError(f"init has {len(starts[0][0])} components, n_components is {n_components}")
    else:
        n_starts = 1 if init == "split" else n_init  # splitting is deterministic
        starts = [initialize(X, n_components, init, reg_covar, rng, max_iter, tol) for _ in range(n_starts)]
    best = None
    for start in starts:
        run = _em(X, tuple(np.array(p, dtype=float) for p in start), max_iter, tol, reg_covar)
        if best is None or run["ll"] > best["ll"]:
            best = run
    messages = _degeneracy_messages(X, best["params"], reg_covar, n_components)
    if messages:
        warnings.warn("degenerate mixture: " + "; ".join(messages) + ". Try fewer components, "
                      "another init, or a larger reg_covar.", DegenerateMixtureWarning, stacklevel=2)
    history = [dict(zip(("weights", "means", "covariances"),
                        params_out(h["weights"], h["means"], h["covariances"], one_d)),
                    log_likelihood=h["log_likelihood"]) for h in best["history"]]
    weights, means, covariances = params_out(*best["params"], one_d)
    return GMMResult(weights, means, covariances, best["ll"], history, best["n_iter"], best["converged"])
