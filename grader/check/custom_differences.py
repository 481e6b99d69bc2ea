"""Custom differences, for exercises whose answer is not one fixed value.

An exercise names one with ``Exercise(checker="name")``; visible and hidden checks then use
``CUSTOM[name]`` instead of :func:`grader.check.difference.difference`.  Each has the same
contract: ``fn(got, expected, *, rtol, atol, reveal) -> None | str``, None when the answer is
right, else the phrase completing "f(args) ...".  They live here, not with the exercises,
because visible checks must run in the student bundle.  ``expected`` is whatever the exercise's
reference returns (for a random sampler, e.g. the moments the sample should match).
"""

from __future__ import annotations

from grader.check.difference import difference

__all__ = ["CUSTOM", "difference_for"]

CUSTOM: dict = {}


def difference_for(name: str | None):
    """The difference function of an exercise: :func:`difference`, or the custom one it names."""
    if name is None:
        return difference
    try:
        return CUSTOM[name]
    except KeyError:
        raise KeyError(f"no custom difference {name!r}; known: {', '.join(sorted(CUSTOM))}") from None


# --- gmm.sample_gmm: a sample from a 1-D mixture, compared by its distribution -------------

def _gmm_sample_1d(got, expected, *, rtol=None, atol=None, reveal=True):
    """Accept ``got`` when it could come from the same distribution as the reference sample.

    Two-sample Kolmogorov-Smirnov distance between the student's sample and a reference
    sample of the same size, at significance 1e-4 (a correct sampler fails about once in
    10,000 checks).  ``rtol``/``atol`` are unused; nothing about ``expected`` is revealed.
    """
    import numpy as np

    expected = np.asarray(expected, dtype=float)
    if got is None:
        return "returned None, but should return an array of samples. Did you forget `return`?"
    if isinstance(got, tuple):
        return (f"returned a tuple of {len(got)} items; return only the array of samples x "
                "(not the component labels)")
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"returned a {type(got).__name__} that is not an array of numbers"
    if got.shape != expected.shape:
        return f"returned an array of shape {got.shape}; expected shape {expected.shape} (one value per sample)"
    if not np.all(np.isfinite(got)):
        return "returned nan or inf among the samples"
    n, m = got.size, expected.size
    both = np.sort(np.concatenate([got, expected]))
    cdf_got = np.searchsorted(np.sort(got), both, side="right") / n
    cdf_expected = np.searchsorted(np.sort(expected), both, side="right") / m
    distance = float(np.max(np.abs(cdf_got - cdf_expected)))
    critical = float(np.sqrt(-np.log(1e-4 / 2) / 2 * (n + m) / (n * m)))
    if distance <= critical:
        return None
    return (f"returned samples whose distribution differs from the mixture's (largest gap between "
            f"the empirical CDFs of your sample and a reference sample: {distance:.3f}; a correct "
            f"sampler stays below {critical:.3f})")


CUSTOM["gmm_sample_1d"] = _gmm_sample_1d


# --- gmm.split_widest: the two new means in either order --------------------------------------

def _gmm_split(got, expected, *, rtol, atol, reveal=True):
    """Accept ``got`` when it equals the split ``expected`` = (weights, means, covariances), or
    the same split with its two new means exchanged: the direction is an eigenvector, whose sign
    LAPACK chooses (and may choose differently on another machine).

    The split component j and the appended one have the same weight and covariance; for each
    such j the two rows of the means are exchanged and compared again.
    """
    import numpy as np

    found = difference(got, expected, rtol=rtol, atol=atol, reveal=reveal)
    if found is None:
        return None
    try:
        weights, means, covariances = (np.asarray(a, dtype=float) for a in expected)
        for j in range(len(weights) - 1):
            if weights[j] == weights[-1] and np.array_equal(covariances[j], covariances[-1]):
                swapped = means.copy()
                swapped[[j, -1]] = means[[-1, j]]
                if difference(got, (expected[0], swapped, expected[2]), rtol=rtol, atol=atol, reveal=reveal) is None:
                    return None
    except (TypeError, ValueError, IndexError):  # an expected value of another form: the plain answer
        pass
    return found


CUSTOM["gmm_split"] = _gmm_split
