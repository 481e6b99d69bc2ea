"""Exercises of notebook 03, Gaussian mixtures in 1-D and 2-D.

The student's 1-D functions take ``x`` (n,), ``weights``/``means``/``variances`` (K,);
the 2-D ones ``X`` (n, D), ``means`` (K, D) and ``covariances`` (K, D, D).  Variances are
σ², never σ.  Several visible and hidden cases hold a point about 40σ from every component,
where densities multiplied outside log space underflow to 0.
"""

from grader.authoring.exercises.gmm.full import BIC, E_STEP_FULL, M_STEP_FULL, MVN_LOGPDF, N_PARAMETERS
from grader.authoring.exercises.gmm.one_d import (
    E_STEP, FIT_GAUSSIAN_MLE, GAUSSIAN_PDF, LOG_LIKELIHOOD, M_STEP, MIXTURE_PDF, RUN_EM, SAMPLE_GMM,
)

EXERCISES = [GAUSSIAN_PDF, FIT_GAUSSIAN_MLE, MIXTURE_PDF, SAMPLE_GMM, E_STEP, M_STEP, LOG_LIKELIHOOD,
             RUN_EM, MVN_LOGPDF, E_STEP_FULL, M_STEP_FULL, N_PARAMETERS, BIC]
