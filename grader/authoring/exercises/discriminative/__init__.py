"""Exercises of notebook 01, generative vs discriminative classifiers."""

from grader.authoring.exercises.discriminative.classes import (
    CLASS_LOG_POSTERIOR, FIT_GAUSSIAN_CLASSES, GAUSSIAN_LOG_PDF, LRT_PREDICT, SAMPLE_CLASSES,
)
from grader.authoring.exercises.discriminative.estimates import (
    CONDITIONAL_TABLE, FIT_LOGISTIC_REGRESSION, JOINT_TABLE, MAP_ESTIMATE,
)

EXERCISES = [JOINT_TABLE, CONDITIONAL_TABLE, FIT_GAUSSIAN_CLASSES, GAUSSIAN_LOG_PDF, CLASS_LOG_POSTERIOR,
             LRT_PREDICT, SAMPLE_CLASSES, FIT_LOGISTIC_REGRESSION, MAP_ESTIMATE]
