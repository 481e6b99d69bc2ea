"""One module per notebook, each with a list ``EXERCISES`` (see ``grader.authoring.schema`` and ``grader.authoring.catalogue``)."""
