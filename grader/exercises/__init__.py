"""One module per notebook, each with a list ``EXERCISES`` (see ``grader.registry``)."""
