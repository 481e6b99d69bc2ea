"""Wrong answers for notebook 03, part 1: one Gaussian, a mixture's density, sampling."""

from __future__ import annotations

import numpy as np

from . import Corpus

WRONG = Corpus()


def _pdf(x, m, v):
    return np.exp(-(np.asarray(x, float) - m) ** 2 / (2 * v)) / np.sqrt(2 * np.pi * v)


# --- gaussian_pdf(x, mean, var) -------------------------------------------------------------

@WRONG("gmm.gaussian_pdf", "var used as the standard deviation")
def pdf_var_as_std(x, mean, var):
    return np.exp(-(x - mean) ** 2 / (2 * var ** 2)) / (np.sqrt(2 * np.pi) * var)


@WRONG("gmm.gaussian_pdf", "no square root in the normalising constant")
def pdf_no_sqrt(x, mean, var):
    return np.exp(-(x - mean) ** 2 / (2 * var)) / (2 * np.pi * var)


@WRONG("gmm.gaussian_pdf", "exponent without the 2")
def pdf_exponent_without_2(x, mean, var):
    return np.exp(-(x - mean) ** 2 / var) / np.sqrt(2 * np.pi * var)


@WRONG("gmm.gaussian_pdf", "the log-density")
def pdf_log_density(x, mean, var):
    return -(x - mean) ** 2 / (2 * var) - 0.5 * np.log(2 * np.pi * var)


@WRONG("gmm.gaussian_pdf", "sqrt(2π)·σ² in the denominator: σ² where σ belongs")
def pdf_variance_outside_sqrt(x, mean, var):
    return np.exp(-(x - mean) ** 2 / (2 * var)) / (np.sqrt(2 * np.pi) * var)


@WRONG("gmm.gaussian_pdf", "no normalising constant at all")
def pdf_unnormalised(x, mean, var):
    return np.exp(-(x - mean) ** 2 / (2 * var))


@WRONG("gmm.gaussian_pdf", "operator precedence: -(x-μ)² / 2 * var")
def pdf_precedence(x, mean, var):
    return np.exp(-(x - mean) ** 2 / 2 * var) / np.sqrt(2 * np.pi * var)


# --- fit_gaussian_mle(x) --------------------------------------------------------------------

@WRONG("gmm.fit_gaussian_mle", "divides by N - 1")
def mle_unbiased(x):
    return float(np.mean(x)), float(np.var(x, ddof=1))


@WRONG("gmm.fit_gaussian_mle", "returns the standard deviation")
def mle_std(x):
    return float(np.mean(x)), float(np.std(x))


@WRONG("gmm.fit_gaussian_mle", "E[x²], not centred on the mean")
def mle_not_centred(x):
    return float(np.mean(x)), float(np.mean(np.asarray(x) ** 2))


@WRONG("gmm.fit_gaussian_mle", "(var, mean): the two swapped")
def mle_swapped(x):
    return float(np.var(x)), float(np.mean(x))


@WRONG("gmm.fit_gaussian_mle", "the squared deviations, never averaged")
def mle_deviations(x):
    x = np.asarray(x, float)
    return float(x.mean()), (x - x.mean()) ** 2


@WRONG("gmm.fit_gaussian_mle", "sum of squared deviations, not the mean")
def mle_sum_of_squares(x):
    x = np.asarray(x, float)
    return float(x.mean()), float(np.sum((x - x.mean()) ** 2))


# --- mixture_pdf(x, weights, means, variances) ----------------------------------------------

@WRONG("gmm.mixture_pdf", "the weights left out")
def mixture_no_weights(x, weights, means, variances):
    return sum(_pdf(x, m, v) for m, v in zip(means, variances))


@WRONG("gmm.mixture_pdf", "averages the components")
def mixture_average(x, weights, means, variances):
    return np.mean([_pdf(x, m, v) for m, v in zip(means, variances)], axis=0)


@WRONG("gmm.mixture_pdf", "variances used as standard deviations")
def mixture_var_as_std(x, weights, means, variances):
    return sum(w * _pdf(x, m, v ** 2) for w, m, v in zip(weights, means, variances))


@WRONG("gmm.mixture_pdf", "the log of the density")
def mixture_log(x, weights, means, variances):
    return np.log(sum(w * _pdf(x, m, v) for w, m, v in zip(weights, means, variances)))


@WRONG("gmm.mixture_pdf", "multiplies the weighted densities instead of adding them")
def mixture_product(x, weights, means, variances):
    return np.prod([w * _pdf(x, m, v) for w, m, v in zip(weights, means, variances)], axis=0)


@WRONG("gmm.mixture_pdf", "sums over the points instead of the components")
def mixture_wrong_axis(x, weights, means, variances):
    table = np.asarray(weights) * _pdf(np.asarray(x, float)[:, None], np.asarray(means), np.asarray(variances))
    return table.sum(axis=0)


# --- sample_gmm(n_samples, weights, means, variances, random_state) -------------------------

@WRONG("gmm.sample_gmm", "components drawn uniformly")
def sample_uniform(n_samples, weights, means, variances, random_state):
    rng = np.random.default_rng(random_state)
    z = rng.integers(len(weights), size=n_samples)
    return np.asarray(means)[z] + np.sqrt(np.asarray(variances)[z]) * rng.standard_normal(n_samples)


@WRONG("gmm.sample_gmm", "rng.normal(mean, variance): numpy's scale is the standard deviation")
def sample_scale_is_variance(n_samples, weights, means, variances, random_state):
    rng = np.random.default_rng(random_state)
    z = rng.choice(len(weights), size=n_samples, p=weights)
    return rng.normal(np.asarray(means)[z], np.asarray(variances)[z])


@WRONG("gmm.sample_gmm", "a weighted average of one draw from every component")
def sample_weighted_average(n_samples, weights, means, variances, random_state):
    rng = np.random.default_rng(random_state)
    draws = rng.normal(means, np.sqrt(variances), size=(n_samples, len(weights)))
    return draws @ np.asarray(weights)


@WRONG("gmm.sample_gmm", "one component drawn for the whole sample")
def sample_one_component(n_samples, weights, means, variances, random_state):
    rng = np.random.default_rng(random_state)
    z = rng.choice(len(weights), p=weights)
    return means[z] + np.sqrt(variances[z]) * rng.standard_normal(n_samples)


@WRONG("gmm.sample_gmm", "every sample from the heaviest component")
def sample_heaviest_component(n_samples, weights, means, variances, random_state):
    rng = np.random.default_rng(random_state)
    z = int(np.argmax(weights))
    return means[z] + np.sqrt(variances[z]) * rng.standard_normal(n_samples)


@WRONG("gmm.sample_gmm", "the noise without the component's mean")
def sample_no_mean(n_samples, weights, means, variances, random_state):
    rng = np.random.default_rng(random_state)
    z = rng.choice(len(weights), size=n_samples, p=weights)
    return np.sqrt(np.asarray(variances)[z]) * rng.standard_normal(n_samples)


@WRONG("gmm.sample_gmm", "also returns the component labels")
def sample_with_labels(n_samples, weights, means, variances, random_state):
    rng = np.random.default_rng(random_state)
    z = rng.choice(len(weights), size=n_samples, p=weights)
    return np.asarray(means)[z] + np.sqrt(np.asarray(variances)[z]) * rng.standard_normal(n_samples), z
