"""Grading a test cell without running it in the student's kernel: :class:`TestCellGrader`.

For each ``check`` of the master's test cell (``grader.grading.verdicts.parse_test_cell``):

1. the grader writes the case inputs to ``in-<nonce>.gex`` in the kernel's exchange folder
   (a fresh random nonce per check, created with O_EXCL|O_NOFOLLOW through a folder descriptor
   opened before any student code ran, so a link the student plants there is never followed);
2. the kernel executes ``grader.check.running.run`` on them, which writes ``out-<nonce>.gex``;
3. the grader reads that file (a regular file under a size cap, no link, FIFO or device),
   deletes both, and judges the outcomes in its own process (``verdicts.judge``).

The cell's outputs are written here, not by the kernel: nothing on a passed hidden check, the
"all N visible tests pass" line on a passed visible one, and on the first failing check an error
output (``CheckFailed``) with the student's one-sentence message, which makes nbgrader score the
cell 0.  What the kernel printed while running the function is dropped.
"""

from __future__ import annotations

import os
import secrets
import time

from nbformat.notebooknode import NotebookNode

from grader.check import transport
from grader.check.messages import CheckFailed
from grader.grading import verdicts

__all__ = ["TestCellGrader", "error_output"]


def error_output(ename: str, message: str) -> NotebookNode:
    """An error output that shows only ``message`` (in lines short enough for nbgrader)."""
    lines = CheckFailed(message)._render_traceback_()
    return NotebookNode(output_type="error", ename=ename, evalue=message, traceback=lines)


_OUR_FAULT = ("This test could not be run because of a fault in the grader, not in your code; your "
              "instructor has been told. It scores 0 until they re-grade.")


class TestCellGrader:
    """Grades the test cells of one notebook through one kernel's exchange folder.

    Parameters
    ----------
    folder : str
        The exchange folder, as the kernel sees it (the same path on both sides).
    secret : bytes or None
        The course secret (None: the fixed hidden cases, as in an author's checkout).
    student : str
        The student id, which seeds the hidden cases with the secret.
    max_answer_bytes : int
        The largest answer file read.
    """

    __test__ = False  # not a pytest test class, whatever its name says

    def __init__(self, folder: str, secret: bytes | None, student: str, max_answer_bytes: int):
        self.folder, self.secret, self.student = folder, secret, student
        self.max_answer_bytes = max_answer_bytes
        self._fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0))
        self.records: list[dict] = []   # checks without a usable answer, for the instructor

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def grade(self, cell, where: str, run_in_kernel) -> list[NotebookNode]:
        """The outputs of a test cell, decided here.

        Parameters
        ----------
        cell : NotebookNode
            The test cell (its source is the master's: nbgrader restored it).
        where : str
            The cell's grade id, for the instructor's records.
        run_in_kernel : callable
            ``run_in_kernel(source, timeout) -> None`` executes code in the kernel and returns
            when it has finished, failed or timed out (it may raise if the kernel died).
        """
        try:
            checks = verdicts.parse_test_cell(cell.source)
        except verdicts.UngradableTest as error:
            self.records.append({"cell": where, "problems": [f"ungradable test cell: {error}"], "unanswered": True})
            return [error_output("UngradableTest", "This test cannot be graded automatically "
                                                   "(the instructor has been told), so it scores 0.")]
        outputs = []
        for check in checks:
            verdict = self._one(check, run_in_kernel)
            if not verdict.usable:
                self.records.append({"cell": where, "problems": [
                    f"{check.exercise_id}: {verdict.detail or verdict.message}"], "unanswered": True})
            if not verdict.passed:
                return outputs + [error_output("CheckFailed", verdict.message)]
            if verdict.message:
                outputs.append(NotebookNode(output_type="stream", name="stdout", text=verdict.message + "\n"))
        return outputs

    def _one(self, check, run_in_kernel) -> verdicts.Verdict:
        try:
            request = verdicts.prepare(check, self.secret, self.student)
        except KeyError as error:  # a master naming an exercise that does not exist
            return verdicts.Verdict(False, f"This test cannot be graded ({error}).", usable=False)
        except Exception as error:  # noqa: BLE001 - the grader's own fault: this check only, said
            return verdicts.Verdict(False, _OUR_FAULT, usable=False,
                                    detail=f"the grader could not make the cases: {type(error).__name__}: {error}")
        nonce = secrets.token_hex(16)
        inbox, outbox = f"in-{nonce}.gex", f"out-{nonce}.gex"
        try:
            transport.save(inbox, request.message(), dir_fd=self._fd)
        except OSError as error:  # the student's code made the folder unwritable, or filled it
            return verdicts.Verdict(False, "No usable answer came back for this test (the exchange "
                                    f"folder could not be written: {error.strerror}), so it scores 0.",
                                    usable=False)
        start = time.monotonic()
        try:
            run_in_kernel(verdicts.run_source(self.folder, nonce, check), request.budget + 5)
        finally:
            seconds = time.monotonic() - start
            answer = self._read(outbox)
            for name in (inbox, outbox):
                try:
                    os.unlink(name, dir_fd=self._fd)
                except OSError:
                    pass
        try:
            return verdicts.judge(request, answer, nonce, seconds)
        except Exception as error:  # noqa: BLE001 - the grader's own fault: this check only, said
            return verdicts.Verdict(False, _OUR_FAULT, usable=False,
                                    detail=f"the grader could not judge the answer: {type(error).__name__}: {error}")

    def _read(self, name: str):
        """The decoded answer; None if there is none; the TransportError if it was refused."""
        try:
            os.stat(name, dir_fd=self._fd, follow_symlinks=False)
        except FileNotFoundError:
            return None
        try:
            return transport.load(name, self.max_answer_bytes, dir_fd=self._fd)
        except transport.TransportError as error:
            return error
