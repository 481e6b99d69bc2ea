"""gmm.split_widest: the split's direction is an eigenvector, whose sign LAPACK chooses, so the
check accepts the two new means in either order, and nothing else."""

from __future__ import annotations

import numpy as np
import pytest

from genlab.reference import gmm
from grader.check import check, visible_cases
from grader.check.custom_differences import difference_for

DIFFER = difference_for("gmm_split")
CASES = visible_cases.load("gmm.split_widest")["cases"]


def _other_sign(weights, means, covariances):
    """The split a machine whose eigh returns −v gives: the two new means exchanged."""
    new_weights, new_means, new_covariances = gmm.split_widest(weights, means, covariances)
    j = int(np.argmax(weights * np.linalg.eigvalsh(covariances)[:, -1]))
    new_means[[j, -1]] = new_means[[-1, j]]
    return new_weights, new_means, new_covariances


def test_the_other_sign_of_the_eigenvector_passes_both_checks(capsys):
    check("gmm.split_widest", _other_sign)
    check("gmm.split_widest", _other_sign, hidden=True)
    assert capsys.readouterr().out.strip() == "split_widest: all 5 visible tests pass."


@pytest.mark.parametrize("case", range(len(CASES)))
def test_a_few_ulps_in_the_inputs_or_the_answer_change_nothing(case):
    weights, means, covariances = CASES[case]["args"]
    expected = CASES[case]["expected"]
    rng = np.random.default_rng(case)
    ulps = lambda a: a + rng.integers(-4, 5, a.shape) * np.spacing(a)  # noqa: E731
    answer = gmm.split_widest(ulps(weights), ulps(means), ulps(covariances))
    assert DIFFER(answer, expected, rtol=1e-6, atol=1e-9) is None
    assert DIFFER(tuple(ulps(a) for a in _other_sign(weights, means, covariances)), expected,
                  rtol=1e-6, atol=1e-9) is None


def test_exchanging_any_other_pair_of_means_is_still_wrong():
    weights, means, covariances = CASES[2]["args"]  # three components: a pair that was not split
    right = gmm.split_widest(weights, means, covariances)
    j = int(np.argmax(weights * np.linalg.eigvalsh(covariances)[:, -1]))
    other = next(k for k in range(len(weights)) if k != j)
    wrong_means = right[1].copy()
    wrong_means[[other, -1]] = wrong_means[[-1, other]]
    assert DIFFER((right[0], wrong_means, right[2]), CASES[2]["expected"], rtol=1e-6, atol=1e-9)


def test_the_splitting_mistake_students_make_most_is_named():
    def split_widest(weights, means, covariances):
        values, vectors = np.linalg.eigh(covariances)
        j = np.argmax(weights * values[:, -1])
        delta = 0.5 * np.sqrt(values[j, -1]) * vectors[j, :, 0]   # the first eigenvector: the smallest
        weights = np.append(weights, weights[j] / 2)
        weights[j] /= 2
        means = np.vstack([means, means[j] + delta])
        means[j] = means[j] - delta
        return weights, means, np.concatenate([covariances, covariances[j][None]])

    with pytest.raises(AssertionError, match=r"\[smallest_direction\]"):
        check("gmm.split_widest", split_widest)
