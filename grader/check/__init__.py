"""What a student's kernel imports: ``from grader.check import check``.

Exactly this folder ships in the student bundle, and it is all of the grader a graded kernel
can see: the visible checks (``verdict``), calling the student's function (``calling``), judging
one case (``judging``), differences in words (``difference``, ``custom_differences``), named
mistakes (``mistakes``), messages (``messages``), hints in levels (``hints``), the frozen
visible cases (``visible_cases``, ``json_values``, ``fixtures/``), and the kernel's part in a
graded check (``running``, through ``transport``): run the function on the cases the grader
hands it and send the outcomes back;
and the progress summary at the end of every notebook (``standing``: ``progress``).
"""

from grader.check.hints import hint
from grader.check.messages import CheckFailed
from grader.check.standing import progress
from grader.check.verdict import check

__all__ = ["check", "hint", "progress", "CheckFailed"]
