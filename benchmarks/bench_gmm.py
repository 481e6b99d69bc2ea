"""EM for a full-covariance Gaussian mixture: time per iteration, ours vs scikit-learn.

``genlab.reference.gmm.fit`` and ``sklearn.mixture.GaussianMixture(covariance_type="full")``
start from the same weights, means and covariances (scikit-learn gets them as ``weights_init``,
``means_init`` and ``precisions_init``), with ``tol=0`` so that both run exactly ``max_iter``
iterations, and the same ``reg_covar``.  After the run the two sets of parameters must agree to
1e-6, or the script stops with an error.

Time per iteration = (time of a fit with 1 + M iterations - time of a fit with 1 iteration) / M,
measured in the same round, so the fixed costs of a fit (input checks, scikit-learn's
initialisation pass and its final E-step, our degeneracy check) cancel out.

Data: N = 272 is Old Faithful (standardised) in D = 2 and, for D = 3, 272 points drawn from a
synthetic mixture; N = 10,000 and N = 262,144 (a 512 x 512 image) are drawn from a synthetic
mixture of 4 well-separated Gaussians with random covariances.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np

try:
    from benchmarks import _common
except ImportError:  # run as a script
    import _common

from genlab.data import faithful
from genlab.reference import gmm

REG_COVAR = 1e-6
IMAGE_N = 262_144
GOAL_AT_IMAGE_SIZE = 0.33
# N -> (extra iterations M, timed rounds)
PLAN = {272: (100, 9), 10_000: (30, 7), IMAGE_N: (8, 5)}
QUICK_PLAN = {272: (50, 3), 10_000: (10, 3), IMAGE_N: (4, 3)}


def make_data(n, d, seed=0):
    """``n`` points in ``d`` dimensions (Old Faithful for n = 272, d = 2)."""
    if n == 272 and d == 2:
        return faithful.load(standardize=True)
    rng = np.random.default_rng([seed, n, d])
    centres = rng.uniform(-4, 4, size=(4, d))
    z = rng.integers(0, 4, size=n)
    scales = rng.standard_normal((4, d, d)) * 0.5 + np.eye(d)
    return centres[z] + np.einsum("nij,nj->ni", scales[z], rng.standard_normal((n, d)))


def initial_params(X, k, seed=1):
    """Equal weights, K distinct data points as means, the data covariance for every component."""
    rng = np.random.default_rng(seed)
    n, d = X.shape
    means = X[rng.choice(n, k, replace=False)]
    cov = np.cov(X.T, bias=True) + REG_COVAR * np.eye(d)
    return np.full(k, 1.0 / k), means, np.repeat(cov[None], k, axis=0)


def ours(X, params, n_iter):
    result = gmm.fit(X, len(params[0]), init=params, max_iter=n_iter, tol=0, reg_covar=REG_COVAR)
    return result.weights, result.means, result.covariances


def sklearn_gm(X, params, n_iter):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.mixture import GaussianMixture

    weights, means, covariances = params
    model = GaussianMixture(len(weights), covariance_type="full", tol=0, max_iter=n_iter, reg_covar=REG_COVAR,
                            weights_init=weights, means_init=means, precisions_init=np.linalg.inv(covariances),
                            init_params="random_from_data", random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X)
    return model.weights_, model.means_, model.covariances_


def max_difference(a, b) -> float:
    return max(float(np.max(np.abs(np.asarray(x) - np.asarray(y)))) for x, y in zip(a, b))


def run(quick=False, only_n=None) -> list[dict]:
    import sklearn  # noqa: F401  (imported before timing)

    rows = []
    for n, (m, rounds) in (QUICK_PLAN if quick else PLAN).items():
        if only_n is not None and n != only_n:
            continue
        for d in (2, 3):
            X = make_data(n, d)
            for k in (2, 5):
                params = initial_params(X, k)
                out = {}

                def timed(fn, iters, key):
                    return lambda: out.__setitem__(key, fn(X, params, iters))

                times = _common.side_by_side({
                    "ours_1": timed(ours, 1, "ours_1"), "ours_m": timed(ours, 1 + m, "ours"),
                    "sk_1": timed(sklearn_gm, 1, "sk_1"), "sk_m": timed(sklearn_gm, 1 + m, "sk"),
                }, rounds=rounds)
                diff = max_difference(out["ours"], out["sk"])
                if not diff <= 1e-6:
                    raise AssertionError(f"N={n} D={d} K={k}: parameters differ by {diff:.3g} after {1 + m} "
                                         "iterations (must agree to 1e-6)")
                per_ours = (times["ours_m"] - times["ours_1"]) / m
                per_sk = (times["sk_m"] - times["sk_1"]) / m
                name = "Old Faithful" if (n == 272 and d == 2) else f"N={n:,}"
                goal = GOAL_AT_IMAGE_SIZE if n == IMAGE_N else None
                rows.append(_common.row(
                    "GMM EM, per iteration", f"{name}, D={d}, K={k}", per_ours, per_sk, "scikit-learn",
                    goal=goal, note=f"params agree to {diff:.1e}; fit(1 iter) {np.median(times['ours_1']) * 1e3:.0f}"
                    f" vs {np.median(times['sk_1']) * 1e3:.0f} ms"))
                print(_common.format_table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    return rows


if __name__ == "__main__":
    _common.warn_coretype()
    with _common.limit_blas(_common.blas_threads_arg(sys.argv)):
        _common.print_table(run(quick="--quick" in sys.argv, only_n=IMAGE_N if "--image" in sys.argv else None))
