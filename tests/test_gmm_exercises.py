"""The gmm checks accept independent, student-style correct answers and name typical mistakes
that are written differently from the registered ones."""

import numpy as np
import pytest

from grader.check import check


def gaussian_pdf(x, mean, var):
    return np.exp(-((np.asarray(x) - mean) ** 2) / (2 * var)) / np.sqrt(2 * np.pi * var)


def fit_gaussian_mle(x):
    n = len(x)
    mean = sum(x) / n
    return mean, sum((xi - mean) ** 2 for xi in x) / n


def mixture_pdf(x, weights, means, variances):
    return sum(w * gaussian_pdf(x, m, v) for w, m, v in zip(weights, means, variances))


def sample_gmm(n_samples, weights, means, variances, random_state):
    rng = np.random.default_rng(random_state + 1000)  # a different stream from the reference
    out = np.empty(n_samples)
    for i in range(n_samples):  # one component per sample, then one draw
        k = rng.choice(len(weights), p=weights)
        out[i] = rng.normal(means[k], np.sqrt(variances[k]))
    return out


def sample_gmm_one_component(n_samples, weights, means, variances, random_state):
    rng = np.random.default_rng(random_state)
    k = rng.choice(len(weights), p=weights)  # picked once for all samples
    return rng.normal(means[k], np.sqrt(variances[k]), size=n_samples)


def _log_joint(x, weights, means, variances):
    x = np.asarray(x)[:, None]
    return (np.log(weights) - 0.5 * np.log(2 * np.pi * np.asarray(variances))
            - (x - means) ** 2 / (2 * np.asarray(variances)))


def e_step(x, weights, means, variances):
    a = _log_joint(x, weights, means, variances)
    a = a - a.max(axis=1, keepdims=True)
    r = np.exp(a)
    return r / r.sum(axis=1, keepdims=True)


def e_step_naive(x, weights, means, variances):
    joint = np.stack([w * gaussian_pdf(x, m, v) for w, m, v in zip(weights, means, variances)], axis=1)
    return joint / joint.sum(axis=1, keepdims=True)


def m_step(x, resp):
    nk = resp.sum(axis=0)
    means = (resp * x[:, None]).sum(axis=0) / nk
    variances = np.array([np.sum(resp[:, k] * (x - means[k]) ** 2) / nk[k] for k in range(resp.shape[1])])
    return nk / len(x), means, variances


def log_likelihood(x, weights, means, variances):
    a = _log_joint(x, weights, means, variances)
    m = a.max(axis=1)
    return float(np.sum(m + np.log(np.exp(a - m[:, None]).sum(axis=1))))


def run_em(x, weights, means, variances, n_iter):
    lls = [log_likelihood(x, weights, means, variances)]
    for _ in range(n_iter):
        weights, means, variances = m_step(x, e_step(x, weights, means, variances))
        lls.append(log_likelihood(x, weights, means, variances))
    return weights, means, variances, np.array(lls)


def mvn_logpdf(X, mean, cov):
    L = np.linalg.cholesky(cov)
    y = np.linalg.solve(L, (X - mean).T)
    return -0.5 * (len(mean) * np.log(2 * np.pi) + 2 * np.log(np.diag(L)).sum() + (y**2).sum(axis=0))


def e_step_full(X, weights, means, covariances):
    a = np.stack([np.log(w) + mvn_logpdf(X, m, c) for w, m, c in zip(weights, means, covariances)], axis=1)
    a -= a.max(axis=1, keepdims=True)
    r = np.exp(a)
    return r / r.sum(axis=1, keepdims=True)


def m_step_full(X, resp):
    nk = resp.sum(axis=0)
    means = resp.T @ X / nk[:, None]
    covs = np.array([(resp[:, k, None] * (X - means[k])).T @ (X - means[k]) / nk[k] for k in range(len(nk))])
    return nk / len(X), means, covs


def n_parameters(n_components, n_features):
    d = n_features
    return n_components * (d + d * (d + 1) // 2 + 1) - 1


def bic(log_likelihood, n_components, n_features, n_samples):
    return -2 * log_likelihood + n_parameters(n_components, n_features) * np.log(n_samples)


STUDENT = {
    "gmm.gaussian_pdf": gaussian_pdf, "gmm.fit_gaussian_mle": fit_gaussian_mle,
    "gmm.mixture_pdf": mixture_pdf, "gmm.sample_gmm": sample_gmm, "gmm.e_step": e_step,
    "gmm.m_step": m_step, "gmm.log_likelihood": log_likelihood, "gmm.run_em": run_em,
    "gmm.mvn_logpdf": mvn_logpdf, "gmm.e_step_full": e_step_full, "gmm.m_step_full": m_step_full,
    "gmm.n_parameters": n_parameters, "gmm.bic": bic,
}


@pytest.mark.parametrize("exercise_id", sorted(STUDENT))
@pytest.mark.parametrize("hidden", [False, True], ids=["visible", "hidden"])
def test_independent_correct_answers_pass(exercise_id, hidden):
    check(exercise_id, STUDENT[exercise_id], hidden=hidden)


@pytest.mark.parametrize("hidden", [False, True], ids=["visible", "hidden"])
def test_naive_e_step_fails_on_the_far_point_and_is_named(hidden):
    with pytest.raises(AssertionError, match=r"nan.*\n.*\[multiplied_densities\]"):
        check("gmm.e_step", e_step_naive, hidden=hidden)


def test_the_hidden_far_point_is_forty_sigma_away():
    from grader.authoring import catalogue, schema

    exercise = catalogue.get("gmm.e_step")
    far = [args for args in exercise.hidden_cases(schema.case_rng("gmm.e_step", "hidden"))
           if np.any(np.all(np.abs(args[0][:, None] - args[2]) / np.sqrt(args[3]) >= 38, axis=1))]
    assert far, "a hidden case must hold a point about 40σ from every component"


def test_sampling_a_single_component_for_all_samples_fails():
    with pytest.raises(AssertionError, match="distribution differs"):
        check("gmm.sample_gmm", sample_gmm_one_component)


def test_sampler_returning_labels_too_gets_a_clear_message():
    def with_labels(*args):
        return sample_gmm(*args), np.zeros(args[0], dtype=int)

    with pytest.raises(AssertionError, match="not the component labels"):
        check("gmm.sample_gmm", with_labels)


def test_an_unnamed_wrong_answer_still_fails_without_a_name():
    def off_by_a_bit(x, weights, means, variances):
        return e_step(x, weights, means, variances) * 0.99

    with pytest.raises(AssertionError) as failure:
        check("gmm.e_step", off_by_a_bit)
    assert "known mistake" not in str(failure.value)
