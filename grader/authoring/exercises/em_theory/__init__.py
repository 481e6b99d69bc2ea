"""Exercises of notebook 04, the EM derivation checked with numbers (1-D Gaussian mixtures)."""

from grader.authoring.exercises.em_theory.bounds import ELBO, EXPECTED_COMPLETE, NUMERICAL_GRADIENT
from grader.authoring.exercises.em_theory.updates import COMPLETE_LOG_LIKELIHOOD, HARD_ASSIGN, M_STEP, POSTERIOR

EXERCISES = [POSTERIOR, COMPLETE_LOG_LIKELIHOOD, M_STEP, EXPECTED_COMPLETE, NUMERICAL_GRADIENT, ELBO,
             HARD_ASSIGN]
