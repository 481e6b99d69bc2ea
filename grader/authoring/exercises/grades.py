"""Exercises of notebook 05, the grades θ model: P(A) = 1/2, P(B) = 1/2 - θ, P(C) = θ."""

from __future__ import annotations

import numpy as np

from genlab.reference import grades as ref
from grader.authoring.schema import Exercise, Mistake


def _int(rng, low, high) -> int:
    return int(rng.integers(low, high + 1))


def _theta(rng) -> float:
    return float(rng.uniform(0.01, 0.49))


# --- mle_theta(n_a, n_b, n_c) ------------------------------------------------------------

def _mle_cases(rng, count):
    cases = []
    while len(cases) < count:
        n_a, n_b, n_c = (_int(rng, 0, 200) for _ in range(3))
        if n_b + n_c > 0:
            cases.append((n_a, n_b, n_c))
    return cases


MLE_THETA = Exercise(
    id="grades.mle_theta",
    arg_names=("n_a", "n_b", "n_c"),
    reference=ref.mle_theta,
    visible_cases=lambda rng: [(40, 18, 12), (5, 0, 3), (10, 7, 0)] + _mle_cases(rng, 4),
    hidden_cases=lambda rng: [(5, 1, 2), (3, 0, 1)] + _mle_cases(rng, 6),
    mistakes=(
        Mistake("drops_half",
                "this is the fraction of C's among the B's and C's. B or C happens with "
                "probability 1/2 in total, so θ is half of that fraction.",
                lambda n_a, n_b, n_c: n_c / (n_b + n_c)),
        Mistake("fraction_of_all",
                "n_c / n would be right if P(A) also depended on θ. Here P(A) = 1/2 is fixed, "
                "so the A's carry no information: maximise n_b log(1/2 - θ) + n_c log θ.",
                lambda n_a, n_b, n_c: n_c / (n_a + n_b + n_c)),
        Mistake("estimates_p_b",
                "this is the estimate of P(B) = 1/2 - θ; θ is the probability of a C.",
                lambda n_a, n_b, n_c: n_b / (2 * (n_b + n_c))),
        Mistake("two_not_distributed",
                "the 2 multiplies the whole denominator: solve n_c / θ = n_b / (1/2 - θ) again and "
                "check how the 2 of 1/2 comes out.",
                lambda n_a, n_b, n_c: n_c / (2 * n_b + n_c)),
    ),
)


# --- e_step(theta, n_ab) -------------------------------------------------------------------

E_STEP = Exercise(
    id="grades.e_step",
    arg_names=("theta", "n_ab"),
    reference=ref.e_step,
    visible_cases=lambda rng: [(0.25, 30), (0.1, 100), (0.5, 20), (0.0, 10)]
    + [(_theta(rng), _int(rng, 1, 300)) for _ in range(3)],
    hidden_cases=lambda rng: [(0.45, 7), (0.3, 0)] + [(_theta(rng), _int(rng, 1, 500)) for _ in range(6)],
    mistakes=(
        Mistake("no_conditioning",
                "you used P(B) = 1/2 - θ. These students are known to have an A or a B, so use "
                "P(B | A or B): P(B) renormalised over the two grades still possible, A and B.",
                lambda theta, n_ab: n_ab * (0.5 - theta)),
        Mistake("expected_a",
                "this is the expected number of A's; the E-step needs the expected number of B's.",
                lambda theta, n_ab: n_ab * 0.5 / (1 - theta)),
        Mistake("divides_by_p_a",
                "divide by P(A or B) = 1 - θ, not by P(A) = 1/2.",
                lambda theta, n_ab: n_ab * (0.5 - theta) / 0.5),
        Mistake("share_not_count",
                "this is the expected share of B's among these students; the E-step asks for their "
                "expected number, so multiply by n_ab.",
                lambda theta, n_ab: (0.5 - theta) / (1 - theta)),
    ),
)


# --- m_step(n_b_expected, n_c) -------------------------------------------------------------

def _m_cases(rng, count):
    return [(round(float(rng.uniform(0, 150)), 3), _int(rng, 1, 150)) for _ in range(count)]


M_STEP = Exercise(
    id="grades.m_step",
    arg_names=("n_b_expected", "n_c"),
    reference=ref.m_step,
    visible_cases=lambda rng: [(18.0, 12), (0.0, 5), (30.5, 0)] + _m_cases(rng, 3),
    hidden_cases=lambda rng: [(2.25, 1)] + _m_cases(rng, 6),
    mistakes=(
        Mistake("drops_half",
                "this is the fraction of C's among the B's and C's. B or C happens with "
                "probability 1/2 in total, so θ is half of that fraction.",
                lambda n_b, n_c: n_c / (n_b + n_c)),
        Mistake("estimates_p_b",
                "this is the estimate of P(B) = 1/2 - θ; θ is the probability of a C.",
                lambda n_b, n_c: n_b / (2 * (n_b + n_c))),
        Mistake("two_not_distributed",
                "the 2 multiplies the whole denominator, the C's as well as the B's: look again at how "
                "you solved for θ.",
                lambda n_b, n_c: n_c / (2 * n_b + n_c)),
        Mistake("no_c_in_denominator",
                "θ is the C's share among the B's and C's, halved: the C's belong in the denominator too.",
                lambda n_b, n_c: n_c / (2 * n_b) if n_b else float("inf")),
    ),
)


# --- observed_log_likelihood(theta, n, n_c) -----------------------------------------------

def _ll_cases(rng, count):
    cases = []
    for _ in range(count):
        n = _int(rng, 1, 300)
        cases.append((_theta(rng), n, _int(rng, 0, n)))
    return cases


def _xlog(count, p):
    """count * log(p), with 0 log 0 = 0."""
    with np.errstate(divide="ignore"):
        return float(count * np.log(p)) if count else 0.0


OBSERVED_LOG_LIKELIHOOD = Exercise(
    id="grades.observed_log_likelihood",
    arg_names=("theta", "n", "n_c"),
    reference=ref.observed_log_likelihood,
    visible_cases=lambda rng: [(0.2, 100, 20), (0.25, 50, 10), (0.0, 30, 0), (0.5, 10, 10)]
    + _ll_cases(rng, 2),
    hidden_cases=lambda rng: [(0.1, 1, 0), (0.0, 12, 0)] + _ll_cases(rng, 5),  # 0·log 0, as visible
    mistakes=(
        Mistake("uses_p_b",
                "the n - n_c other students have an A *or* a B: each contributes "
                "log P(A or B) = log(1 - θ), not log(1/2 - θ).",
                lambda theta, n, n_c: _xlog(n_c, theta) + _xlog(n - n_c, 0.5 - theta)),
        Mistake("c_only",
                "you left out the n - n_c students with an A or a B; each adds log(1 - θ).",
                lambda theta, n, n_c: _xlog(n_c, theta)),
        Mistake("log10",
                "use the natural logarithm (base e), not the base-10 one.",
                lambda theta, n, n_c: ref.observed_log_likelihood(theta, n, n_c) / np.log(10)),
        Mistake("log_inside_sum",
                "a student with an A or a B has probability P(A) + P(B), a sum; you added log P(A) and "
                "log P(B), but the log of a sum is not the sum of the logs. Add the probabilities first.",
                lambda theta, n, n_c: _xlog(n_c, theta) + _xlog(n - n_c, 0.5) + _xlog(n - n_c, 0.5 - theta)),
        Mistake("no_zero_log_zero_guard",
                "with θ = 0 and no C's, n_c log θ is 0 · (-inf) = nan in numpy, but the term is 0 "
                "(0 log 0 = 0): compute it only when n_c > 0.",
                lambda theta, n, n_c: float("nan") if n_c == 0 and theta == 0
                else ref.observed_log_likelihood(theta, n, n_c)),
        Mistake("everyone_in_a_or_b_term",
                "only the n - n_c students without a C contribute log(1 - θ); you counted all n.",
                lambda theta, n, n_c: _xlog(n_c, theta) + _xlog(n, 1 - theta)),
    ),
)


# --- run_em(n, n_c, theta0, n_iter) --------------------------------------------------------

def _run_em(n, n_c, theta0, n_iter):
    """θ before and after each of exactly ``n_iter`` EM iterations, shape (n_iter + 1,)."""
    return ref.em_theta(n, n_c, theta0=theta0, tol=0.0, max_iter=n_iter).thetas


def _run_em_stale(n, n_c, theta0, n_iter):
    theta1 = ref.m_step(ref.e_step(theta0, n - n_c), n_c)
    return np.array([theta0] + [theta1] * n_iter)


def _run_em_all_students(n, n_c, theta0, n_iter):
    thetas = [theta0]
    for _ in range(n_iter):
        thetas.append(ref.m_step(ref.e_step(thetas[-1], n), n_c))
    return np.array(thetas)


def _em_cases(rng, count):
    cases = []
    for _ in range(count):
        n = _int(rng, 1, 500)
        cases.append((n, _int(rng, 0, n), _theta(rng), _int(rng, 1, 30)))
    return cases


RUN_EM = Exercise(
    id="grades.run_em",
    arg_names=("n", "n_c", "theta0", "n_iter"),
    reference=_run_em,
    visible_cases=lambda rng: [(100, 20, 0.25, 10), (100, 20, 0.01, 10), (50, 0, 0.3, 3),
                               (10, 10, 0.1, 3), (100, 70, 0.25, 8)] + _em_cases(rng, 2),
    hidden_cases=lambda rng: _em_cases(rng, 6),
    mistakes=(
        Mistake("drops_theta0",
                "the trajectory starts with theta0, then holds θ after each of the n_iter "
                "iterations: n_iter + 1 values.",
                lambda n, n_c, theta0, n_iter: _run_em(n, n_c, theta0, n_iter)[1:]),
        Mistake("one_iteration_short",
                "run n_iter iterations, so the trajectory has n_iter + 1 values, theta0 first.",
                lambda n, n_c, theta0, n_iter: _run_em(n, n_c, theta0, n_iter)[:-1]),
        Mistake("stale_theta",
                "each E-step must use the θ of the previous M-step, not theta0 again.",
                _run_em_stale),
        Mistake("all_students_in_e_step",
                "the E-step splits only the n - n_c students known to have an A or a B, "
                "not all n.",
                _run_em_all_students),
    ),
)

EXERCISES = [MLE_THETA, E_STEP, M_STEP, OBSERVED_LOG_LIKELIHOOD, RUN_EM]
