"""Code an author (instructor) runs: tools that build course material from the masters,
such as the self-study site (``python -m grader.authoring.site``). Nothing here runs in a
student's kernel or in the grading pipeline."""
