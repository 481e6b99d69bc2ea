"""Notebook 03, exercises 1-4: one Gaussian, and a mixture's density and samples in 1-D."""

from __future__ import annotations

import numpy as np

from genlab.reference import gaussian, gmm
from grader.authoring.exercises.gmm.common import (
    STD_FOR_VAR, STD_RETURNED, _component_pdfs, _mixture_1d, _points_1d, _r,
)
from grader.authoring.schema import Exercise, Mistake

# --- 1 · gaussian_pdf(x, mean, var) ---------------------------------------------------------

def _pdf_cases(rng, count):
    cases = []
    for _ in range(count):
        mean, var = round(float(rng.uniform(-3, 3)), 2), round(float(rng.uniform(0.2, 5.0)), 2)
        cases.append((_r(mean + 2 * np.sqrt(var) * rng.standard_normal(int(rng.integers(3, 8))), 3), mean, var))
    return cases


GAUSSIAN_PDF = Exercise(
    id="gmm.gaussian_pdf",
    arg_names=("x", "mean", "var"),
    reference=lambda x, mean, var: gaussian.pdf(x, mean, var),
    visible_cases=lambda rng: [(np.array([-1.0, 0.0, 1.0, 2.0]), 0.0, 4.0),
                               (np.array([0.5, 3.0]), 1.0, 0.25)] + _pdf_cases(rng, 3),
    hidden_cases=lambda rng: [(np.array([2.0, -2.0, 0.1]), 0.5, 2.5), (np.array([10.0]), 10.0, 0.01)]
    + _pdf_cases(rng, 4),
    mistakes=(
        Mistake("std_for_var", STD_FOR_VAR, lambda x, mean, var: gaussian.pdf(x, mean, var**2)),
        Mistake("no_sqrt",
                "the normalising constant is 1 / sqrt(2π σ²); you divided by 2π σ² without the square root.",
                lambda x, mean, var: np.exp(-((x - mean) ** 2) / (2 * var)) / (2 * np.pi * var)),
        Mistake("missing_half",
                "the exponent is -(x - μ)² / (2σ²): you left out the 2 (the 1/2).",
                lambda x, mean, var: np.exp(-((x - mean) ** 2) / var) / np.sqrt(2 * np.pi * var)),
    ),
)


# --- 2 · fit_gaussian_mle(x) -> (mean, var) ----------------------------------------------------

def _mle_cases(rng, count):
    return [(_r(rng.normal(rng.uniform(-5, 5), rng.uniform(0.3, 4), int(rng.integers(3, 15))), 3),)
            for _ in range(count)]


FIT_GAUSSIAN_MLE = Exercise(
    id="gmm.fit_gaussian_mle",
    arg_names=("x",),
    reference=gaussian.fit_mle,
    visible_cases=lambda rng: [(np.array([1.0, 2.0, 3.0, 6.0]),), (np.array([-0.5, 0.5]),)] + _mle_cases(rng, 3),
    hidden_cases=lambda rng: [(np.array([4.0, 4.0, 7.0]),), (np.array([0.1, 0.2, 0.3, 0.4, 0.5, 10.0]),)]
    + _mle_cases(rng, 4),
    mistakes=(
        Mistake("variance_n_minus_1",
                "the maximum-likelihood variance divides by N, not N - 1 (mind the options of a library variance).",
                lambda x: (float(np.mean(x)), float(np.var(x, ddof=1)))),
        Mistake("std_for_var", STD_RETURNED, lambda x: (float(np.mean(x)), float(np.std(x)))),
        Mistake("not_centred",
                "you averaged x², not the squared deviations from the mean: the variance is "
                "the mean of (x - μ)².", lambda x: (float(np.mean(x)), float(np.mean(np.asarray(x) ** 2)))),
        Mistake("mean_and_variance_swapped",
                "your two values are the right ones in the wrong order: return the mean first, then the variance.",
                lambda x: (float(np.var(x)), float(np.mean(x)))),
        Mistake("sum_of_squares",
                "the variance is the mean of the squared deviations: divide their sum by N.",
                lambda x: (float(np.mean(x)), float(np.sum((np.asarray(x) - np.mean(x)) ** 2)))),
    ),
)


# --- 3 · mixture_pdf(x, weights, means, variances) ---------------------------------------------

def _mixture_pdf(x, weights, means, variances):
    return np.exp(gmm.score_samples(x, weights, means, variances))


def _mixture_cases(rng, count):
    cases = []
    for _ in range(count):
        w, m, v = _mixture_1d(rng)
        cases.append((_points_1d(rng, m, v, int(rng.integers(4, 9))), w, m, v))
    return cases


MIXTURE_PDF = Exercise(
    id="gmm.mixture_pdf",
    arg_names=("x", "weights", "means", "variances"),
    reference=_mixture_pdf,
    visible_cases=lambda rng: [(np.array([-2.0, -1.0, 0.0, 1.5, 3.0]), np.array([0.6, 0.4]),
                                np.array([-1.0, 1.5]), np.array([1.0, 1.0]))] + _mixture_cases(rng, 3),
    hidden_cases=lambda rng: [(np.array([0.0, 2.0]), np.array([0.7, 0.2, 0.1]), np.array([-2.0, 0.0, 2.0]),
                               np.array([0.5, 2.0, 0.25])),
                              (np.array([-1.0, 0.0, 3.0]), np.array([1.0]), np.array([0.5]), np.array([2.5]))]
    + _mixture_cases(rng, 4),
    mistakes=(
        Mistake("no_weights",
                "each component's density is multiplied by its weight π_k before summing; without the "
                "weights the total integrates to K, not 1.",
                lambda x, w, m, v: _component_pdfs(x, m, v).sum(axis=1)),
        Mistake("equal_weights",
                "you averaged the components (weight 1/K each); use the given weights π_k.",
                lambda x, w, m, v: _component_pdfs(x, m, v).mean(axis=1)),
        Mistake("std_for_var", STD_FOR_VAR,
                lambda x, w, m, v: _component_pdfs(x, m, v, square=True) @ np.asarray(w)),
        Mistake("product_of_components",
                "a point comes from one component or another, so the weighted densities are added, "
                "not multiplied.", lambda x, w, m, v: np.prod(_component_pdfs(x, m, v) * np.asarray(w), axis=1)),
    ),
)


# --- 4 · sample_gmm(n_samples, weights, means, variances, random_state) --------------------------

def _sample_gmm(n_samples, weights, means, variances, random_state):
    # rounded to 4 decimals only to keep the fixture file small; irrelevant to the check
    return np.round(gmm.sample(n_samples, weights, means, variances, random_state)[0], 4)


def _sample_uniform_z(n_samples, weights, means, variances, random_state):
    k = len(weights)
    return _sample_gmm(n_samples, np.full(k, 1.0 / k), means, variances, random_state)


def _sample_std_for_var(n_samples, weights, means, variances, random_state):
    return _sample_gmm(n_samples, weights, means, np.asarray(variances) ** 2, random_state)


def _sample_averaged(n_samples, weights, means, variances, random_state):
    rng = np.random.default_rng(random_state)
    draws = np.asarray(means) + np.sqrt(variances) * rng.standard_normal((n_samples, len(weights)))
    return np.round(draws @ np.asarray(weights), 4)


def _sample_gmm_hidden(rng):
    """Two mixtures (2 and 3 components) in a random order, shifted and seeded from ``rng``: each
    student's own, with the weights, spreads and separations that tell the mistakes apart."""
    shapes = [(np.array([0.75, 0.25]), np.array([1.0, -4.0]), np.array([0.05, 6.0])),
              (np.array([0.1, 0.2, 0.7]), np.array([-6.0, 0.0, 5.0]), np.array([9.0, 0.1, 0.04]))]
    cases = []
    for weights, means, variances in shapes:
        order, shift = rng.permutation(len(weights)), round(float(rng.uniform(-2, 2)), 2)
        cases.append((1000, weights[order], means[order] + shift, variances[order], int(rng.integers(10, 10**6))))
    return cases


SAMPLE_GMM = Exercise(
    id="gmm.sample_gmm",
    arg_names=("n_samples", "weights", "means", "variances", "random_state"),
    reference=_sample_gmm,
    visible_cases=lambda rng: [(800, np.array([0.8, 0.2]), np.array([-2.0, 3.0]), np.array([0.04, 9.0]), 0),
                               (800, np.array([0.15, 0.85]), np.array([0.0, 4.0]), np.array([4.0, 0.09]), 1)],
    hidden_cases=_sample_gmm_hidden,
    mistakes=(
        Mistake("ignores_weights",
                "each sample first picks its component with probability π_k, so heavy components get "
                "more of the samples; yours picks every component equally often. Look at how you draw z.",
                _sample_uniform_z),
        Mistake("std_for_var",
                "x = μ_z + σ_z ε with σ_z = sqrt(variance); you scaled the noise by the variance itself.",
                _sample_std_for_var),
        Mistake("no_component_per_sample",
                "the generative story first picks one component z for each sample, then draws "
                "x ~ N(μ_z, σ_z²). Yours mixes draws from all components (a weighted average), which "
                "gives a single bump instead of K.", _sample_averaged),
    ),
    checker="gmm_sample_1d",
    time_limit=5.0,
)
