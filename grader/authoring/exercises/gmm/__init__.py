"""Exercises of notebook 03, Gaussian mixtures in 1-D and 2-D.

The student's 1-D functions take ``x`` (n,), ``weights``/``means``/``variances`` (K,);
the 2-D ones ``X`` (n, D), ``means`` (K, D) and ``covariances`` (K, D, D).  Variances are
σ², never σ.  Several visible and hidden cases hold a point about 40σ from every component,
where densities multiplied outside log space underflow to 0.
"""

from grader.authoring.exercises.gmm.full import BIC, E_STEP_FULL, M_STEP_FULL, MVN_LOGPDF, N_PARAMETERS
from grader.authoring.exercises.gmm.em_1d import E_STEP, LOG_LIKELIHOOD, M_STEP, RUN_EM
from grader.authoring.exercises.gmm.one_d import FIT_GAUSSIAN_MLE, GAUSSIAN_PDF, MIXTURE_PDF, SAMPLE_GMM
from grader.authoring.exercises.gmm.splitting import SPLIT_WIDEST

EXERCISES = [GAUSSIAN_PDF, FIT_GAUSSIAN_MLE, MIXTURE_PDF, SAMPLE_GMM, E_STEP, M_STEP, LOG_LIKELIHOOD,
             RUN_EM, MVN_LOGPDF, E_STEP_FULL, M_STEP_FULL, SPLIT_WIDEST, N_PARAMETERS, BIC]
