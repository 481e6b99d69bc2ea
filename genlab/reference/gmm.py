"""Reference Gaussian mixture model with full covariances, fitted by EM.

    p(x) = Σ_k π_k N(x | μ_k, Σ_k),   Σ_k π_k = 1.

Shapes follow scikit-learn: ``X`` (n, D), ``weights`` (K,), ``means`` (K, D),
``covariances`` (K, D, D), ``resp`` (n, K).  For one-dimensional data the functions also
accept ``X`` of shape (n,), ``means`` (K,) and ``covariances`` (K,) holding the
*variances*, and return parameters in that same 1-D form.

Densities are combined in log space (logsumexp), so a point far from every component
does not underflow; covariances go through their Cholesky factor.  The variance floor
``reg_covar`` is added to the diagonal of every covariance in the M-step.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from genlab.reference import kmeans
from genlab.reference.gaussian import LOG_2PI, _cholesky

__all__ = [
    "DegenerateMixtureWarning", "GMMResult", "logsumexp", "log_component_densities", "log_resp",
    "e_step", "m_step", "log_likelihood", "score_samples", "score", "sample", "initialize", "fit",
    "n_parameters", "bic", "cross_validate",
]


class DegenerateMixtureWarning(UserWarning):
    """A component collapsed onto a point or a line, or lost all its points."""


# --- shapes -------------------------------------------------------------------------------

def _as_2d(X):
    """X as (n, D) floats and whether it came in as 1-D."""
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        return X[:, None], True
    if X.ndim != 2:
        raise ValueError(f"X must have shape (n,) or (n, D), got {X.shape}")
    return X, False


def _params_2d(weights, means, covariances, d, one_d):
    weights = np.asarray(weights, dtype=float)
    means = np.asarray(means, dtype=float)
    covariances = np.asarray(covariances, dtype=float)
    if one_d and means.ndim == 1:
        means = means[:, None]
        covariances = covariances.reshape(-1, 1, 1)
    k = weights.shape[0] if weights.ndim == 1 else -1
    if weights.ndim != 1 or means.shape != (k, d) or covariances.shape != (k, d, d):
        raise ValueError(f"for {k} components in {d} dimension(s), weights must have shape ({k},), "
                         f"means ({k}, {d}) and covariances ({k}, {d}, {d}); got {weights.shape}, "
                         f"{means.shape} and {covariances.shape}")
    if np.any(weights < 0) or not np.isclose(weights.sum(), 1.0, rtol=0, atol=1e-8):
        raise ValueError(f"weights must be >= 0 and sum to 1, got {weights!r}")
    return weights, means, covariances


def _params_out(weights, means, covariances, one_d):
    if one_d:
        return weights, means[:, 0].copy(), covariances[:, 0, 0].copy()
    return weights, means, covariances


def logsumexp(a, axis=None) -> np.ndarray:
    """``log Σ exp(a)`` along ``axis``, computed as ``m + log Σ exp(a - m)`` with ``m = max a``."""
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    shifted = a - m
    np.exp(shifted, out=shifted)  # in place: no second (n, K) array
    out = m + np.log(np.sum(shifted, axis=axis, keepdims=True))
    return out.squeeze(axis) if axis is not None else out.reshape(())[()]


# --- E-step -------------------------------------------------------------------------------

def log_component_densities(X, means, covariances) -> np.ndarray:
    """``log N(x_n | μ_k, Σ_k)`` for every point and component, shape (n, K).

    Accepts the 1-D form (X (n,), means (K,), covariances (K,) variances) too.

    Notes
    -----
    The formula of :func:`genlab.reference.gaussian.mvn_logpdf`, for K components at once: with
    ``Σ_k = L Lᵀ`` (one Cholesky factor per component) and ``y = L⁻¹ (x_n - μ_k)``,
    ``log N = -(D log 2π + 2 Σ log L_ii + |y|²) / 2``.  The points are held as columns of a
    (D, n) array, so every operation runs along long contiguous rows, and the result is built
    one component (row) at a time and returned transposed, as an (n, K) view: numpy then reduces
    over k (max, sum) by combining K long rows, much faster than n short ones.
    """
    X, one_d = _as_2d(X)
    means = np.asarray(means, dtype=float)
    covariances = np.asarray(covariances, dtype=float)
    if one_d and means.ndim == 1:
        means, covariances = means[:, None], covariances.reshape(-1, 1, 1)
    n, d = X.shape
    k_count = means.shape[0] if means.ndim == 2 else -1
    if means.shape != (k_count, d) or covariances.shape != (k_count, d, d):
        raise ValueError(f"for X of shape {X.shape}, means must have shape (K, {d}) and covariances "
                         f"(K, {d}, {d}); got {means.shape} and {covariances.shape}")
    Xt = np.ascontiguousarray(X.T)  # (D, n): column n is x_n
    out = np.empty((k_count, n))
    for k in range(k_count):
        try:
            L = _cholesky(covariances[k])
        except ValueError as error:
            raise ValueError(f"component {k}: {error}") from None
        y = np.linalg.inv(L) @ (Xt - means[k][:, None])  # (D, n): column n is L⁻¹ (x_n - μ_k)
        log_det = 2.0 * np.sum(np.log(np.diag(L)))
        out[k] = -0.5 * (d * LOG_2PI + log_det + np.einsum("dn,dn->n", y, y))  # einsum: |y|² per column
    return out.T


def log_resp(X, weights, means, covariances):
    """Log-responsibilities and per-sample log-likelihoods, both in log space.

    Returns
    -------
    log_resp : ndarray, shape (n, K)
        ``log π_k + log N(x_n | μ_k, Σ_k) - log p(x_n)``.
    log_px : ndarray, shape (n,)
        ``log p(x_n) = logsumexp_k (log π_k + log N(x_n | μ_k, Σ_k))``.
    """
    X, one_d = _as_2d(X)
    weights, means, covariances = _params_2d(weights, means, covariances, X.shape[1], one_d)
    weighted = log_component_densities(X, means, covariances)
    with np.errstate(divide="ignore"):  # log 0 = -inf for a weight of exactly 0
        weighted += np.log(weights)  # in place: log π_k + log N(x_n | μ_k, Σ_k)
    log_px = logsumexp(weighted, axis=1)
    weighted -= log_px[:, None]  # in place: weighted becomes log_resp
    return weighted, log_px


def e_step(X, weights, means, covariances) -> np.ndarray:
    """Responsibilities ``r_nk = p(z_n = k | x_n)``.

    Parameters
    ----------
    X : ndarray, shape (n, D) or (n,)
    weights : ndarray, shape (K,)
    means : ndarray, shape (K, D) or (K,)
    covariances : ndarray, shape (K, D, D) or (K,) (variances, 1-D form)

    Returns
    -------
    resp : ndarray, shape (n, K)
        Each row sums to 1: ``π_k N(x_n|μ_k,Σ_k) / Σ_j π_j N(x_n|μ_j,Σ_j)``, computed in log space.
    """
    return np.exp(log_resp(X, weights, means, covariances)[0])


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
    X, one_d = _as_2d(X)
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
    return _params_out(weights, means, covariances, one_d)


# --- likelihood ---------------------------------------------------------------------------

def score_samples(X, weights, means, covariances) -> np.ndarray:
    """``log p(x_n)`` of every point, shape (n,)."""
    return log_resp(X, weights, means, covariances)[1]


def log_likelihood(X, weights, means, covariances) -> float:
    """Total log-likelihood ``Σ_n log Σ_k π_k N(x_n | μ_k, Σ_k)`` (scikit-learn's ``score`` is
    this divided by n)."""
    return float(score_samples(X, weights, means, covariances).sum())


def score(X, weights, means, covariances) -> float:
    """Average log-likelihood per point: the held-out score of a fitted mixture."""
    return float(score_samples(X, weights, means, covariances).mean())


def n_parameters(n_components, n_features) -> int:
    """Free parameters of a full-covariance mixture: ``K D`` means, ``K D (D+1) / 2``
    covariance entries (symmetric) and ``K - 1`` weights (they sum to 1)."""
    k, d = int(n_components), int(n_features)
    if k < 1 or d < 1:
        raise ValueError("n_components and n_features must be >= 1")
    return k * d + k * d * (d + 1) // 2 + k - 1


def bic(log_likelihood, n_components, n_features, n_samples) -> float:
    """Bayesian information criterion ``-2 log L + t log n`` (smaller is better).

    Parameters
    ----------
    log_likelihood : float
        Total log-likelihood of the ``n_samples`` points at the fitted parameters.
    n_components, n_features, n_samples : int

    Returns
    -------
    bic : float
        With ``t = n_parameters(n_components, n_features)``.
    """
    if n_samples < 1:
        raise ValueError("n_samples must be >= 1")
    return float(-2.0 * log_likelihood + n_parameters(n_components, n_features) * np.log(n_samples))


# --- sampling -----------------------------------------------------------------------------

def sample(n_samples, weights, means, covariances, random_state=None):
    """Draw from the mixture by its generative story: ``z ~ Cat(π)``, then ``x ~ N(μ_z, Σ_z)``.

    Returns
    -------
    X : ndarray, shape (n_samples, D) or (n_samples,) in the 1-D form
    z : ndarray of int, shape (n_samples,)
        The component each point came from.
    """
    rng = np.random.default_rng(random_state)
    means_in = np.asarray(means, dtype=float)
    one_d = means_in.ndim == 1
    d = 1 if one_d else means_in.shape[1]
    weights, means, covariances = _params_2d(weights, means, covariances, d, one_d)
    z = rng.choice(len(weights), size=int(n_samples), p=weights)
    L = np.array([np.linalg.cholesky(c) for c in covariances])
    eps = rng.standard_normal((int(n_samples), d))
    X = means[z] + np.einsum("nij,nj->ni", L[z], eps)
    return (X[:, 0] if one_d else X), z


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


def _split(X, params, reg_covar):
    """Split the component with the largest weighted principal variance in two, along
    its principal axis: means μ ± ½ √λ v, same covariance, half the weight each."""
    weights, means, covariances = params
    eigvals, eigvecs = np.linalg.eigh(covariances)  # ascending eigenvalues
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
    """Starting parameters ``(weights, means, covariances)`` for EM (always the (n, D) form).

    ``"kmeans++"``: k-means (k-means++ seeding) labels, then one M-step on those hard labels.
    ``"random"``: K data points drawn without replacement as means, every covariance the
    data covariance, equal weights.  ``"split"``: one Gaussian, then repeatedly split the
    widest component along its direction of maximum variance and rerun EM, until K.
    """
    X, _ = _as_2d(X)
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
            params = _split(X, params, reg_covar)
            params = _em(X, params, max_iter, tol, reg_covar)["params"]
        return params
    raise ValueError(f"init must be 'kmeans++', 'random', 'split' or a tuple (weights, means, "
                     f"covariances), got {init!r}")


def _em(X, params, max_iter, tol, reg_covar):
    """EM from ``params`` (the (n, D) form); returns params, history, n_iter, converged."""
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
    X, one_d = _as_2d(X)
    n, d = X.shape
    if not np.all(np.isfinite(X)) or n == 0:
        raise ValueError("X must be a non-empty array of finite numbers")
    if int(n_components) != n_components or n_components < 1:
        raise ValueError(f"n_components must be a whole number >= 1, got {n_components!r}")
    if n_init < 1 or max_iter < 0 or tol < 0 or reg_covar < 0:
        raise ValueError("need n_init >= 1, max_iter >= 0, tol >= 0 and reg_covar >= 0")
    rng = np.random.default_rng(random_state)
    if isinstance(init, (tuple, list)):
        starts = [_params_2d(*init, d, one_d)]
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
                        _params_out(h["weights"], h["means"], h["covariances"], one_d)),
                    log_likelihood=h["log_likelihood"]) for h in best["history"]]
    weights, means, covariances = _params_out(*best["params"], one_d)
    return GMMResult(weights, means, covariances, best["ll"], history, best["n_iter"], best["converged"])


def cross_validate(X, n_components, n_folds=5, random_state=None, **fit_kwargs) -> np.ndarray:
    """Held-out average log-likelihood per point of each of ``n_folds`` folds.

    The points are shuffled once (``random_state``) and cut into ``n_folds`` folds; each fold
    is scored by a mixture fitted on the other folds.  Higher is better; unlike the training
    log-likelihood it stops improving once extra components only fit noise.

    Returns
    -------
    scores : ndarray, shape (n_folds,)
    """
    X, _ = _as_2d(X)
    rng = np.random.default_rng(random_state)
    if not 2 <= n_folds <= X.shape[0]:
        raise ValueError(f"n_folds must be between 2 and n = {X.shape[0]}, got {n_folds}")
    folds = np.array_split(rng.permutation(X.shape[0]), n_folds)
    scores = []
    for i, test in enumerate(folds):
        train = np.concatenate([f for j, f in enumerate(folds) if j != i])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateMixtureWarning)
            result = fit(X[train], n_components, random_state=rng, **fit_kwargs)
        scores.append(score(X[test], *result.params))
    return np.array(scores)
