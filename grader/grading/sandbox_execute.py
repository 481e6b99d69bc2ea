"""nbgrader's Execute step, made safe for hostile notebooks: ``SandboxExecute``.

It replaces ``nbgrader.preprocessors.Execute`` in ``Autograde.autograde_preprocessors`` and:

* runs the notebook in the ``genlab-sandbox`` kernel (see ``grader.grading.sandbox``) whatever kernelspec
  the submission names;
* limits wall-clock time per cell (nbgrader's timeout) and per notebook (a watchdog kills the
  kernel's whole process group when the notebook's time is up);
* never lets a graded cell pass without running: when the kernel dies (``os._exit``, a CPU or
  memory limit) or the notebook runs out of time, every cell not yet run gets an error output,
  so nbgrader gives it no points (a hung or dead kernel was once marked as passed, nbgrader #427);
* caps the output kept from a notebook (a 100 MB print is cut, with a note);
* skips the locked demonstration cells nothing graded depends on (``grader.grading.needed_cells``),
  writing one sentence in their place;
* never runs a test cell in the kernel: the grader decides it (``grader.grading.test_cells``):
  the kernel only runs the student's functions on the cases it is handed, through an exchange
  folder, and the grader judges what came back in its own process and writes the cell's outputs;
* after every code cell drains the sandbox's audit record for the instructor, with the cell's own
  execute request when it can (``grader.grading.integrity``: evidence, never a deduction), written to
  ``integrity/<student>/<assignment>/<nb>.json`` with the checks that got no usable answer;
* kills everything left of the kernel's process group and removes its sandbox folder.
"""

from __future__ import annotations

import ast
import json
import os
import secrets
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

from nbclient.exceptions import DeadKernelError
from nbformat.notebooknode import NotebookNode
from traitlets import Integer, Unicode

from nbgrader.preprocessors import Execute

from grader import cells
from grader.grading import integrity, needed_cells, verdicts
from grader.grading.settings import Limits
from grader.grading.test_cells import TestCellGrader, error_output

__all__ = ["SandboxExecute"]


EXCHANGE = "exchange"  # the kernel's exchange folder, inside its own folder
_PROBE_KEY = "_genlab_r"  # the user expression that carries the integrity probe's report


def _judged(expression_result, token: str) -> dict:
    """The judged probe report in ``expression_result()`` (a user expression's result); any
    failure to get or read it is itself the record."""
    try:
        report = json.loads(ast.literal_eval(expression_result()["data"]["text/plain"]))
    except Exception as error:  # noqa: BLE001 - any failure means no record
        report = {"error": f"probe failed: {type(error).__name__}: {error}"[:300]}
    try:
        return integrity.judge(report, token)
    except Exception as error:  # noqa: BLE001 - a report that cannot be read records nothing
        return {"problems": [f"no record: unreadable probe report ({type(error).__name__})"], "events": []}


class SandboxExecute(Execute):
    """Execute with per-notebook limits, dead-kernel handling, test cells decided by the grader
    and the integrity record."""

    notebook_timeout = Integer(Limits().notebook_timeout, help="seconds the whole notebook may run").tag(config=True)
    output_bytes = Integer(Limits().output_bytes, help="bytes of output kept from one notebook").tag(config=True)
    integrity_dir = Unicode("", help="folder for the run-time integrity records").tag(config=True)
    secret_file = Unicode("", help="the course secret that seeds each student's hidden cases "
                                   "(empty: the fixed hidden cases)").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._stopped = None       # why the kernel stopped, if it did
        self._deadline = time.monotonic() + self.notebook_timeout
        self._watchdog_fired = False
        self._output_used = 0
        self._truncated = False
        self._records = []
        self._sent = {}            # msg_id -> the probe token sent with that execute request
        self._reports = []         # this cell's judged inline probe reports
        self._last_reported = False  # whether the cell's last execute request brought one back
        self._tests = None
        self._run_timeout = None
        self._student = str(((resources or {}).get("nbgrader") or {}).get("student", ""))
        self._plan = needed_cells.plan(nb.cells)
        self._box = Path(tempfile.mkdtemp(prefix="genlab-sandbox-"))
        os.chmod(self._box, 0o711)
        os.environ["GENLAB_SANDBOX_BASE"] = str(self._box)
        exchange = self._box / EXCHANGE   # the kernel of the plain sandbox writes its answers here
        exchange.mkdir()
        os.chmod(exchange, 0o1733)
        os.environ["GENLAB_EXCHANGE"] = str(exchange)
        self._pgid = None
        self._pgid_checked = False
        self._watchdog = threading.Timer(self.notebook_timeout, self._kill, kwargs={"timed_out": True})
        self._watchdog.daemon = True
        self._watchdog.start()
        self.timeout_func = self._cell_timeout
        try:
            try:
                nb, resources = super().preprocess(nb, resources, km)
            except Exception as error:  # noqa: BLE001 - a kernel that never started grades as 0
                self._stopped = self._stopped or f"the kernel failed: {type(error).__name__}: {error}"[:300]
            if self._stopped:  # the kernel died: every code cell still without a result fails
                self._fail_unrun(nb)
            for cell in nb.cells:
                cell.get("metadata", {}).pop("genlab_ran", None)
        finally:
            self._watchdog.cancel()
            self._kill()
            if self._tests is not None:
                self._tests.close()
                self._records += self._tests.records
            shutil.rmtree(self._box, ignore_errors=True)
            self._write_records(resources)
        return nb, resources

    # -- limits ---------------------------------------------------------------------------------
    def _cell_timeout(self, cell):
        remaining = self._deadline - time.monotonic()
        limit = min([t for t in (self._run_timeout, self.timeout) if t] or [remaining])
        return max(1, int(min(limit, remaining + 1)))

    def _kill(self, timed_out: bool = False) -> None:
        """Kill the kernel's process group (the kernel and anything it forked)."""
        if timed_out:
            self._watchdog_fired = True
        pgid = self._pgid
        if pgid and pgid > 1 and pgid != os.getpgrp():
            try:
                os.killpg(pgid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def _capture_pgid(self) -> None:
        """Remember the kernel's process group once, while the kernel is surely alive.

        jupyter_client starts each kernel in a new session, so the group id is the kernel's pid.
        It is never looked up again: after the kernel is reaped its pid may belong to another
        process, and killing that group would hit an innocent one.
        """
        if self._pgid_checked:
            return
        self._pgid_checked = True
        try:
            pid = self.km.provisioner.process.pid
            if os.getpgid(pid) == pid:
                self._pgid = pid
        except Exception:  # noqa: BLE001 - no group known: nothing will be killed by group
            self._pgid = None

    def _fail_unrun(self, nb) -> None:
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.source.strip() and not cell.get("metadata", {}).get(
                    "genlab_ran"):
                if not any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                    cell.setdefault("outputs", []).append(
                        error_output("KernelStopped", f"not run: {self._stopped}"))

    # -- cells -----------------------------------------------------------------------------------
    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, resources
        if self._stopped:
            cell.outputs = [error_output("KernelStopped", f"not run: {self._stopped}")]
            cell.metadata["genlab_ran"] = True
            return cell, resources
        if index in self._plan.skip:
            cell.outputs = [NotebookNode(output_type="stream", name="stdout", text=needed_cells.SKIPPED_NOTE)]
            cell.execution_count = None
            cell.metadata["genlab_ran"] = True
            return cell, resources
        self._capture_pgid()
        self._probe_with_each_execute()
        if self._tests is None:  # before the first cell runs: no student code has run yet
            secret = verdicts.read_secret(self.secret_file) if self.secret_file else None
            self._tests = TestCellGrader(str(self._exchange_folder()), secret, self._student,
                                         Limits().file_bytes)  # what the kernel can write at most
        try:
            if cells.is_test(cell):
                cell.outputs = self._grade_test_cell(cell, index)
            elif index in self._plan.partly:
                cell, resources = self._run_partly(cell, resources, index)
            else:
                cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._stopped = ("the notebook ran past its time limit of "
                             f"{self.notebook_timeout} s" if self._watchdog_fired else
                             "the kernel died (os._exit, a signal, or a CPU/memory limit)")
            cell.outputs = list(cell.get("outputs", [])) + [error_output("KernelStopped", self._stopped)]
            cell.metadata["genlab_ran"] = True
            return cell, resources
        self._probe(cell, index)
        cell.metadata["genlab_ran"] = True  # only now: a cell whose probe broke counts as not run
        return cell, resources

    def _run_partly(self, cell, resources, index):
        """Run only the statements of a locked cell that graded cells need; the notebook keeps
        the cell's own source, with a note saying so."""
        source = cell.source
        cell.source = self._plan.partly[index]
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        finally:
            cell.source = source
        note = NotebookNode(output_type="stream", name="stdout", text=needed_cells.PARTLY_RUN_NOTE)
        cell.outputs = [note] + list(cell.outputs)
        return cell, resources

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(json.dumps(content, default=str)) if msg.get("msg_type") != "status" else 0
        if self._output_used + size > self.output_bytes and msg.get("msg_type") != "error":
            if not self._truncated:
                self._truncated = True
                outs.append(NotebookNode(output_type="stream", name="stderr",
                                         text=f"\n[grader: output beyond {self.output_bytes} bytes "
                                              "was dropped]\n"))
            return None
        self._output_used += size
        return super().output(outs, msg, display_id, cell_index)

    # -- test cells ------------------------------------------------------------------------------
    def _exchange_folder(self) -> Path:
        """The folder the kernel reads cases from and writes answers to (the same path for both)."""
        return self._box / EXCHANGE

    def _grade_test_cell(self, cell, index) -> list:
        """The test cell's outputs, decided in this process (``grader.grading.test_cells``)."""
        outputs = self._tests.grade(cell, cells.grade_id(cell) or f"cell {index}",
                                    lambda source, timeout: self._run_in_kernel(source, timeout, index))
        cell.execution_count = None
        return outputs

    def _run_in_kernel(self, source: str, timeout: float, index: int) -> None:
        """Execute ``source`` in the kernel as a throw-away cell (its outputs are dropped)."""
        scratch = NotebookNode(cell_type="code", source=source, metadata=NotebookNode(), outputs=[],
                               execution_count=None)
        self._run_timeout = timeout
        original = self.nb.cells[index]
        try:
            self.execute_cell(scratch, index, store_history=False)
        finally:
            self._run_timeout = None
            self.nb.cells[index] = original  # nbclient puts the cell it ran in the notebook

    # -- integrity -------------------------------------------------------------------------------
    def _probe_with_each_execute(self) -> None:
        """Send the integrity probe with every execute request of a cell (``integrity.PROBE_INLINE``)."""
        if getattr(self.kc, "_genlab_probing", False):
            return
        send = self.kc.execute

        def execute(code, *args, **kwargs):
            if kwargs.get("silent"):  # the probe's own request
                return send(code, *args, **kwargs)
            token = secrets.token_hex(16)
            expressions = dict(kwargs.get("user_expressions") or {}, **{_PROBE_KEY: integrity.PROBE_INLINE(token)})
            msg_id = send(code, *args, **dict(kwargs, user_expressions=expressions))
            self._sent[msg_id] = token
            self._last_reported = False
            return msg_id

        self.kc.execute = execute
        self.kc._genlab_probing = True

    def on_cell_executed(self, **kwargs) -> None:
        """nbclient's hook after each execute reply (nbgrader's records a timeout's error); then
        keep the probe report the reply carries."""
        super().on_cell_executed(**kwargs)
        reply = kwargs.get("execute_reply") or {}
        token = self._sent.pop(reply.get("parent_header", {}).get("msg_id"), None)
        data = reply.get("content", {}).get("user_expressions", {}).get(_PROBE_KEY)
        if token is None or not data or data.get("status") != "ok":
            return  # the cell raised (no user expressions then) or the probe failed: asked again after it
        self._reports.append(_judged(lambda: data, token))
        self._last_reported = True

    def _probe(self, cell, index) -> None:
        """The cell's record: its execute requests' reports, and a request of its own when the
        last of them brought none back."""
        reports, self._reports = self._reports, []
        if not self._last_reported:
            token = secrets.token_hex(16)

            def ask():
                msg_id = self.kc.execute(integrity.PROBE_CODE, silent=True, store_history=False,
                                         user_expressions={_PROBE_KEY: integrity.PROBE_EXPRESSION(token)})
                return self.wait_for_reply(msg_id)["content"]["user_expressions"][_PROBE_KEY]

            reports.append(_judged(ask, token))
        self._last_reported = False
        record = integrity.merge(reports)
        record.update(cell=cells.grade_id(cell) or f"cell {index}", test_cell=cells.is_test(cell))
        if record["problems"] or record["events"]:
            self._records.append(record)

    def _write_records(self, resources) -> None:
        if not self.integrity_dir or not resources or "nbgrader" not in resources:
            return
        info = resources["nbgrader"]
        folder = Path(self.integrity_dir) / info["student"] / info["assignment"]
        folder.mkdir(parents=True, exist_ok=True)
        runtime = {"notebook": info["notebook"], "stopped": self._stopped,
                   "output_truncated": self._truncated, "cells": self._records}
        (folder / f"{info['notebook']}.json").write_text(json.dumps(runtime, indent=1))
