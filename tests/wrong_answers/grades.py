"""Wrong answers for notebook 05, the grades model P(A) = 1/2, P(B) = 1/2 - θ, P(C) = θ."""

from __future__ import annotations

import numpy as np

from . import Corpus

WRONG = Corpus()


# --- mle_theta(n_a, n_b, n_c) ---------------------------------------------------------------

@WRONG("grades.mle_theta", "the share of C's among B's and C's, forgetting that B or C has probability 1/2")
def share_of_b_and_c(n_a, n_b, n_c):
    return n_c / (n_b + n_c)


@WRONG("grades.mle_theta", "θ as the share of C's in the whole class, as if the A's said something about θ")
def share_of_everyone(n_a, n_b, n_c):
    return n_c / (n_a + n_b + n_c)


@WRONG("grades.mle_theta", "solves the score equation but forgets to distribute the 2: n_c / (2 n_b + n_c)")
def two_on_b_only(n_a, n_b, n_c):
    return n_c / (2 * n_b + n_c)


@WRONG("grades.mle_theta", "estimates P(B) instead of θ")
def estimates_p_b(n_a, n_b, n_c):
    return n_b / (2 * (n_b + n_c))


@WRONG("grades.mle_theta", "moment matching with the share of B's over everyone: θ = 1/2 - n_b / n")
def half_minus_share_of_b(n_a, n_b, n_c):
    return 0.5 - n_b / (n_a + n_b + n_c)


@WRONG("grades.mle_theta", "integer division")
def floor_division(n_a, n_b, n_c):
    return n_c // (2 * (n_b + n_c))


# --- e_step(theta, n_ab) --------------------------------------------------------------------

@WRONG("grades.e_step", "P(B) = 1/2 - θ without conditioning on 'A or B'")
def unconditioned(theta, n_ab):
    return n_ab * (0.5 - theta)


@WRONG("grades.e_step", "the expected number of A's instead of B's")
def expected_as(theta, n_ab):
    return n_ab * 0.5 / (1 - theta)


@WRONG("grades.e_step", "divides by P(A) instead of P(A or B)")
def over_p_a(theta, n_ab):
    return n_ab * (0.5 - theta) / 0.5


@WRONG("grades.e_step", "returns the expected share of B's, not their number")
def share_not_count(theta, n_ab):
    return (0.5 - theta) / (1 - theta)


@WRONG("grades.e_step", "rounds the expected count to a whole number of students")
def rounded_count(theta, n_ab):
    return round(n_ab * (0.5 - theta) / (1 - theta))


@WRONG("grades.e_step", "half of the A-or-B students are B's, whatever θ")
def half_of_them(theta, n_ab):
    return n_ab / 2


# --- m_step(n_b_expected, n_c) --------------------------------------------------------------

@WRONG("grades.m_step", "the share of C's among B's and C's, without the 1/2")
def m_share_of_b_and_c(n_b_expected, n_c):
    return n_c / (n_b_expected + n_c)


@WRONG("grades.m_step", "the estimate of P(B) instead of θ")
def m_estimates_p_b(n_b_expected, n_c):
    return n_b_expected / (2 * (n_b_expected + n_c))


@WRONG("grades.m_step", "forgets to distribute the 2 over the denominator")
def m_two_on_b_only(n_b_expected, n_c):
    return n_c / (2 * n_b_expected + n_c)


@WRONG("grades.m_step", "leaves the C's out of the denominator")
def m_no_c_in_denominator(n_b_expected, n_c):
    return n_c / (2 * n_b_expected) if n_b_expected else 0.5


@WRONG("grades.m_step", "rounds the expected number of B's to an integer first")
def m_rounds_b(n_b_expected, n_c):
    return n_c / (2 * (round(n_b_expected) + n_c))


# --- observed_log_likelihood(theta, n, n_c) -------------------------------------------------

@WRONG("grades.observed_log_likelihood", "the others contribute log P(B) instead of log P(A or B)")
def others_are_b(theta, n, n_c):
    with np.errstate(divide="ignore"):
        return (n_c * np.log(theta) if n_c else 0.0) + (n - n_c) * np.log(0.5 - theta)


@WRONG("grades.observed_log_likelihood", "only the C's term")
def c_term_only(theta, n, n_c):
    return n_c * np.log(theta) if n_c else 0.0


@WRONG("grades.observed_log_likelihood", "log10 instead of the natural log")
def log10(theta, n, n_c):
    return (n_c * np.log10(theta) if n_c else 0.0) + (n - n_c) * np.log10(1 - theta)


@WRONG("grades.observed_log_likelihood", "log P(A) + log P(B) for an 'A or B' student (log of a sum as a sum of logs)")
def log_of_each_grade(theta, n, n_c):
    with np.errstate(divide="ignore"):
        return (n_c * np.log(theta) if n_c else 0.0) + (n - n_c) * (np.log(0.5) + np.log(0.5 - theta))


@WRONG("grades.observed_log_likelihood", "no 0·log 0 guard: nan when θ = 0 and no C's")
def no_zero_log_zero_guard(theta, n, n_c):
    with np.errstate(divide="ignore", invalid="ignore"):
        return n_c * np.log(theta) + (n - n_c) * np.log(1 - theta)


@WRONG("grades.observed_log_likelihood", "returns the likelihood, not its log")
def likelihood_not_log(theta, n, n_c):
    return theta ** n_c * (1 - theta) ** (n - n_c)


@WRONG("grades.observed_log_likelihood", "every one of the n students also counted in the 'A or B' term")
def n_instead_of_n_minus_n_c(theta, n, n_c):
    return (n_c * np.log(theta) if n_c else 0.0) + n * np.log(1 - theta)


# --- run_em(n, n_c, theta0, n_iter) ---------------------------------------------------------

def _e(theta, n_ab):
    return n_ab * (0.5 - theta) / (1 - theta)


def _m(n_b, n_c):
    return n_c / (2 * (n_b + n_c))


@WRONG("grades.run_em", "the trajectory without theta0")
def without_theta0(n, n_c, theta0, n_iter):
    thetas, theta = [], theta0
    for _ in range(n_iter):
        theta = _m(_e(theta, n - n_c), n_c)
        thetas.append(theta)
    return np.array(thetas)


@WRONG("grades.run_em", "range(n_iter - 1): one iteration short")
def one_iteration_short(n, n_c, theta0, n_iter):
    thetas = [theta0]
    for _ in range(n_iter - 1):
        thetas.append(_m(_e(thetas[-1], n - n_c), n_c))
    return np.array(thetas)


@WRONG("grades.run_em", "range(n_iter + 1): one iteration too many")
def one_iteration_too_many(n, n_c, theta0, n_iter):
    thetas = [theta0]
    for _ in range(n_iter + 1):
        thetas.append(_m(_e(thetas[-1], n - n_c), n_c))
    return np.array(thetas)


@WRONG("grades.run_em", "every E-step uses theta0 instead of the latest θ")
def always_theta0(n, n_c, theta0, n_iter):
    thetas = [theta0]
    for _ in range(n_iter):
        thetas.append(_m(_e(theta0, n - n_c), n_c))
    return np.array(thetas)


@WRONG("grades.run_em", "the E-step splits all n students, not the n - n_c with an A or a B")
def splits_everyone(n, n_c, theta0, n_iter):
    thetas = [theta0]
    for _ in range(n_iter):
        thetas.append(_m(_e(thetas[-1], n), n_c))
    return np.array(thetas)


@WRONG("grades.run_em", "stops early once θ stops moving, though n_iter iterations are asked")
def stops_when_converged(n, n_c, theta0, n_iter):
    thetas = [theta0]
    for _ in range(n_iter):
        thetas.append(_m(_e(thetas[-1], n - n_c), n_c))
        if abs(thetas[-1] - thetas[-2]) < 1e-6:
            break
    return np.array(thetas)


@WRONG("grades.run_em", "passes n_c where the E-step wants n_ab")
def e_step_given_n_c(n, n_c, theta0, n_iter):
    thetas = [theta0]
    for _ in range(n_iter):
        thetas.append(_m(_e(thetas[-1], n_c), n_c))
    return np.array(thetas)
