"""The course library: ``genlab.reference`` (answers, not shipped to students),
``genlab.viz`` (plots and EM players) and ``genlab.data`` (dataset loaders)."""

__version__ = "0.1.0"
