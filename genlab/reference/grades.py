"""Reference solutions for notebook 05: estimating θ of the grades model with EM.

The model of the lecture notes gives each student a grade with

    P(A) = 1/2,   P(B) = 1/2 - θ,   P(C) = θ,      0 <= θ <= 1/2.

When all three counts are known, θ has a closed-form MLE.  When only the number of
C's (``n_c``) and the class size (``n``) are known, the split of the other
``n_ab = n - n_c`` students into A's and B's is a latent variable, and EM estimates θ.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Real

import numpy as np

__all__ = [
    "EMResult",
    "mle_theta",
    "e_step",
    "m_step",
    "observed_log_likelihood",
    "em_theta",
]

THETA_MAX = 0.5  # P(B) = 1/2 - θ must stay >= 0


def _count(name: str, value) -> int:
    """Return ``value`` as an int, or raise ValueError if it is not a count."""
    if isinstance(value, bool) or not isinstance(value, (Real, np.integer, np.floating)):
        raise ValueError(f"{name} must be a whole number of students, got {value!r}")
    if not np.isfinite(value) or value != int(value):
        raise ValueError(f"{name} must be a whole number of students, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return int(value)


def _theta(value, *, open_interval: bool = False) -> float:
    """Return θ as a float, or raise ValueError if it lies outside [0, 1/2]."""
    theta = float(value)
    low_ok = theta > 0 if open_interval else theta >= 0
    high_ok = theta < THETA_MAX if open_interval else theta <= THETA_MAX
    if not (np.isfinite(theta) and low_ok and high_ok):
        bounds = "(0, 1/2)" if open_interval else "[0, 1/2]"
        raise ValueError(f"theta must lie in {bounds} so that every probability is valid, got {value!r}")
    return theta


def mle_theta(n_a, n_b, n_c) -> float:
    """Closed-form MLE of θ when every grade is observed.

    Parameters
    ----------
    n_a, n_b, n_c : int
        Number of A's, B's and C's.

    Returns
    -------
    theta : float
        ``n_c / (2 (n_b + n_c))``, the root of d/dθ [n_b log(1/2 - θ) + n_c log θ] = 0.
        ``n_a`` does not appear: P(A) = 1/2 does not depend on θ.
    """
    _count("n_a", n_a)
    n_b, n_c = _count("n_b", n_b), _count("n_c", n_c)
    if n_b + n_c == 0:
        raise ValueError("θ is not identified without any B or C: n_b + n_c must be > 0")
    return n_c / (2.0 * (n_b + n_c))


def e_step(theta, n_ab) -> float:
    """Expected number of B's among the ``n_ab`` students known to have an A or a B.

    Parameters
    ----------
    theta : float
        Current θ in [0, 1/2].
    n_ab : int
        Students whose grade is A or B (``n - n_c``).

    Returns
    -------
    n_b_expected : float
        ``n_ab * P(B | A or B) = n_ab * (1/2 - θ) / (1 - θ)``.
    """
    theta = _theta(theta)
    n_ab = _count("n_ab", n_ab)
    # P(B | A or B) = P(B) / (P(A) + P(B)) = (1/2 - θ) / (1 - θ)
    return n_ab * (0.5 - theta) / (1.0 - theta)


def m_step(n_b_expected, n_c) -> float:
    """θ that maximises the expected complete-data log-likelihood.

    Parameters
    ----------
    n_b_expected : float
        Expected number of B's from the E-step (need not be a whole number).
    n_c : int
        Number of C's.

    Returns
    -------
    theta : float
        The complete-data MLE with the expected count in place of n_b:
        ``n_c / (2 (n_b_expected + n_c))``.
    """
    n_b_expected = float(n_b_expected)
    if not np.isfinite(n_b_expected) or n_b_expected < 0:
        raise ValueError(f"n_b_expected must be a finite number >= 0, got {n_b_expected!r}")
    n_c = _count("n_c", n_c)
    if n_b_expected + n_c == 0:
        raise ValueError("θ is not identified without any B or C: n_b_expected + n_c must be > 0")
    return n_c / (2.0 * (n_b_expected + n_c))


def observed_log_likelihood(theta, n, n_c) -> float:
    """Log-likelihood of the observed data: ``n_c`` C's and ``n - n_c`` "A or B".

    Parameters
    ----------
    theta : float
        θ in [0, 1/2].
    n : int
        Class size.
    n_c : int
        Number of C's.

    Returns
    -------
    log_likelihood : float
        ``n_c log θ + (n - n_c) log(1 - θ)``, since P(A or B) = 1 - θ.  The constant
        binomial coefficient is left out.  ``0 log 0`` counts as 0; the value is
        ``-inf`` when θ = 0 and ``n_c > 0``.
    """
    theta = _theta(theta)
    n, n_c = _count("n", n), _count("n_c", n_c)
    if n_c > n:
        raise ValueError(f"n_c ({n_c}) cannot exceed the class size n ({n})")
    with np.errstate(divide="ignore"):
        c_term = n_c * np.log(theta) if n_c > 0 else 0.0  # 0 log 0 = 0
    return float(c_term + (n - n_c) * np.log1p(-theta))


@dataclass(frozen=True)
class EMResult:
    """The run of :func:`em_theta`.

    Attributes
    ----------
    thetas : ndarray, shape (n_iter + 1,)
        θ before the first iteration and after each one.
    log_likelihoods : ndarray, shape (n_iter + 1,)
        Observed-data log-likelihood at each entry of ``thetas``.
    theta : float
        The final θ, ``thetas[-1]``.
    n_iter : int
        Number of EM iterations run.
    converged : bool
        True when the last step changed θ by less than ``tol``.
    """

    thetas: np.ndarray
    log_likelihoods: np.ndarray
    theta: float
    n_iter: int
    converged: bool


def em_theta(n, n_c, theta0=0.25, tol=1e-10, max_iter=1000) -> EMResult:
    """Estimate θ from the class size and the number of C's with EM.

    Parameters
    ----------
    n : int
        Class size, > 0.
    n_c : int
        Number of C's, 0 <= n_c <= n.
    theta0 : float
        Starting θ in the open interval (0, 1/2).
    tol : float
        Stop when an iteration changes θ by less than ``tol``.  ``tol=0`` runs
        exactly ``max_iter`` iterations.
    max_iter : int
        Largest number of iterations.

    Returns
    -------
    EMResult
        The trajectory of θ and of the observed-data log-likelihood.

    Notes
    -----
    When ``n_c / n <= 1/2`` the fixed point is the observed-data MLE ``n_c / n``.
    When ``n_c / n > 1/2`` the unconstrained maximiser lies outside the model
    (it would make P(B) negative); EM then converges to the boundary θ = 1/2, the
    constrained MLE, with the error shrinking by the factor ``(n - n_c) / n_c``
    per iteration.  At ``n_c / n = 1/2`` exactly that factor is 1 and convergence is
    slow (sublinear); ``converged`` tells whether ``tol`` was reached.
    """
    n, n_c = _count("n", n), _count("n_c", n_c)
    if n == 0:
        raise ValueError("the class must have at least one student (n > 0)")
    if n_c > n:
        raise ValueError(f"n_c ({n_c}) cannot exceed the class size n ({n})")
    theta = _theta(theta0, open_interval=True)
    if tol < 0:
        raise ValueError(f"tol must be >= 0, got {tol!r}")
    max_iter = _count("max_iter", max_iter)
    n_ab = n - n_c
    thetas = [theta]
    converged = False
    for _ in range(max_iter):
        new_theta = m_step(e_step(theta, n_ab), n_c)
        thetas.append(new_theta)
        step, theta = abs(new_theta - theta), new_theta
        if step < tol:
            converged = True
            break
    thetas = np.asarray(thetas)
    log_likelihoods = np.array([observed_log_likelihood(t, n, n_c) for t in thetas])
    return EMResult(thetas, log_likelihoods, float(thetas[-1]), len(thetas) - 1, converged)
