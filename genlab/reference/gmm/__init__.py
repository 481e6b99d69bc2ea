"""Reference Gaussian mixture model with full covariances, fitted by EM (notebook 03).

    p(x) = Σ_k π_k N(x | μ_k, Σ_k),   Σ_k π_k = 1.

Shapes follow scikit-learn: ``X`` (n, D), ``weights`` (K,), ``means`` (K, D),
``covariances`` (K, D, D), ``resp`` (n, K).  For one-dimensional data the functions also
accept ``X`` of shape (n,), ``means`` (K,) and ``covariances`` (K,) holding the
*variances*, and return parameters in that same 1-D form.

One concept a module; every name is importable from here:

- :mod:`~genlab.reference.gmm.forms`: the full and the 1-D form of data and parameters;
- :mod:`~genlab.reference.gmm.density`: the mixture as a density: log-densities, the E-step
  (responsibilities), log-likelihood, sampling;
- :mod:`~genlab.reference.gmm.em`: the M-step, initialisation (splitting the widest component
  included) and the EM loop (``fit``);
- :mod:`~genlab.reference.gmm.selection`: parameter count and BIC.
"""

from genlab.reference.gmm.density import (
    e_step, log_component_densities, log_likelihood, log_resp, logsumexp, sample, score, score_samples,
)
from genlab.reference.gmm.em import (
    DegenerateMixtureWarning, GMMResult, fit, initialize, m_step, split_widest,
)
from genlab.reference.gmm.selection import bic, n_parameters

__all__ = [
    "DegenerateMixtureWarning", "GMMResult", "logsumexp", "log_component_densities", "log_resp",
    "e_step", "m_step", "log_likelihood", "score_samples", "score", "sample", "initialize", "fit",
    "split_widest", "n_parameters", "bic",
]
