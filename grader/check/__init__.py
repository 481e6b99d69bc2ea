"""What a student's kernel imports: ``from grader.check import check``.

Exactly this folder ships in the student bundle: the visible checks (``verdict``), calling the
student's function (``calling``), differences in words (``difference``, ``custom_differences``),
named mistakes (``mistakes``), messages (``messages``) and the frozen visible cases
(``visible_cases``, ``json_values``, ``fixtures/``).
"""

from grader.check.messages import CheckFailed
from grader.check.verdict import check

__all__ = ["check", "CheckFailed"]
