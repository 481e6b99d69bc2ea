"""The course's checker and grader, in three rooms by who runs them.

* ``grader.check``     runs in the student's kernel: ``from grader.check import check``
                       (exactly what the student bundle ships);
* ``grader.authoring`` what an author runs: the exercises, fixtures, release, bundle, site;
* ``grader.grading``   what grades a class: pipeline, intake, workers, sandbox, reports.

``grader.course`` (the course's folders and nbgrader settings) and ``grader.cells`` (what an
nbgrader cell's metadata says) serve the last two.  Imports run one way: ``check`` imports
nothing of the others (but for ``check(..., hidden=True)`` in an author's checkout, which runs
``grader.grading.verdicts.check_here``); ``authoring`` and ``grading`` import ``check``.
"""
