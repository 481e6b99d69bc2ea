"""Every exercise's expected values against an independent oracle (tests/oracles/).

The grader computes the expected value of a hidden case with the live reference
(``genlab.reference``), so checking the reference against itself proves nothing.  Here each
exercise has an oracle written without the reference -- a closed form, a slow loop straight from
the formula, or scikit-learn / scipy -- and the reference's answer on every hidden case must
equal the oracle's within the exercise's tolerance, compared with the exercise's own difference
function.  The frozen visible fixtures are checked against the same oracles.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from grader.authoring import catalogue, schema
from grader.check import visible_cases
from grader.check.custom_differences import difference_for
from grader.check.difference import describe

sys.path.insert(0, str(Path(__file__).parent))
from oracles import ORACLES
from oracles import gmm as gmm_oracles

ALL = [exercise for topic in catalogue.topics() for exercise in catalogue.exercises(topic)]
IDS = [exercise.id for exercise in ALL]


def _oracle(exercise):
    if exercise.id not in ORACLES:
        pytest.fail(f"no oracle for {exercise.id}: add one to tests/oracles/{exercise.topic}.py "
                    f"(ORACLES[{exercise.id!r}]), computed without genlab.reference")
    return ORACLES[exercise.id]


def _show(args, names) -> str:
    return "\n".join(f"  {name} = {describe(value)}" for name, value in zip(names, args))


@pytest.mark.parametrize("exercise", ALL, ids=IDS)
def test_every_exercise_has_an_oracle(exercise):
    _oracle(exercise)


def test_no_oracle_without_an_exercise():
    assert not set(ORACLES) - set(IDS), f"oracles for unknown exercises: {sorted(set(ORACLES) - set(IDS))}"


@pytest.mark.parametrize("exercise", ALL, ids=IDS)
def test_hidden_expected_values_equal_the_oracle(exercise):
    oracle = _oracle(exercise)
    differ = difference_for(exercise.checker)
    cases = exercise.hidden_cases(schema.case_rng(exercise.id, "hidden"))
    assert cases
    for number, args in enumerate(cases):
        expected = oracle(*copy.deepcopy(args))
        got = exercise.reference(*copy.deepcopy(args))
        problem = differ(got, expected, rtol=exercise.rtol, atol=exercise.atol, reveal=True)
        assert problem is None, (f"hidden case {number} of {exercise.id}: the reference {problem} "
                                 f"(expected = the oracle's answer)\n{_show(args, exercise.arg_names)}")


@pytest.mark.parametrize("exercise", ALL, ids=IDS)
def test_visible_fixtures_equal_the_oracle(exercise):
    oracle = _oracle(exercise)
    differ = difference_for(exercise.checker)
    cases = visible_cases.load(exercise.id)["cases"]
    assert cases
    for number, case in enumerate(cases):
        got = oracle(*copy.deepcopy(tuple(case["args"])))
        problem = differ(got, case["expected"], rtol=exercise.rtol, atol=exercise.atol, reveal=True)
        assert problem is None, (f"visible case {number} of {exercise.id}: the oracle {problem} "
                                 f"(expected = the frozen fixture)\n{_show(case['args'], exercise.arg_names)}")


def test_sample_gmm_follows_the_mixture_cdf():
    """The sampler has no single right answer, so besides the two-sample check above, each
    hidden sample of the reference must pass a one-sample Kolmogorov-Smirnov test against the
    exact mixture CDF Σ_k π_k Φ((t - μ_k) / σ_k)."""
    exercise = catalogue.get("gmm.sample_gmm")
    for args in exercise.hidden_cases(schema.case_rng(exercise.id, "hidden")):
        sample = np.asarray(exercise.reference(*copy.deepcopy(args)))
        _, weights, means, variances, _ = args
        assert sample.shape == (args[0],)
        result = stats.kstest(sample, gmm_oracles.mixture_cdf, args=(weights, means, variances))
        assert result.pvalue > 1e-4, (result, _show(args, exercise.arg_names))
