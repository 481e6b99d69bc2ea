"""Old home of the plots of notebooks 01 and 02, kept so that ``import genlab.viz.classify`` works.

New code imports the module of its own notebook: :mod:`genlab.viz.decision_boundaries`
(notebook 01) or :mod:`genlab.viz.spam_filter` (notebook 02).
"""

from genlab.viz.decision_boundaries import plot_boundary, plot_classes, prior_player
from genlab.viz.spam_filter import (
    plot_confusion, plot_group_accuracy, plot_log_odds, plot_word_histograms, smoothing_explorer,
)

__all__ = [
    "plot_word_histograms", "plot_confusion", "plot_log_odds", "plot_group_accuracy", "smoothing_explorer",
    "plot_classes", "plot_boundary", "prior_player",
]
