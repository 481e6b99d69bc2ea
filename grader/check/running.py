"""The kernel's only part in a graded check: run the student's function on the cases it is given.

When a notebook is graded, the grader (``grader.grading.verdicts``) writes a check's case
inputs to ``in-<nonce>.gex`` in the kernel's exchange folder and has the kernel execute, in
place of the test cell::

    __import__("grader.check.running", fromlist=["run"]).run(folder, nonce, lambda: e_step, "e_step")

:func:`run` calls the function on each case (``grader.check.calling.call_once``: copies of the
inputs, a time limit) and writes the outcomes to ``out-<nonce>.gex``.  Nothing here knows an
expected value or decides anything: the grader reads the outcomes as untrusted data and judges
them in its own process.  A student's code may replace this module; it then only chooses what
the grader reads, which it could do anyway by returning it.
"""

from __future__ import annotations

import os
import time

from grader.check import transport
from grader.check.calling import call_once

__all__ = ["run", "MAX_INPUT_BYTES"]

MAX_INPUT_BYTES = 512 * 2**20


def run(folder: str, nonce: str, get_function, name: str) -> None:
    """Run the named function on the cases in ``folder/in-<nonce>.gex``; write the outcomes.

    Parameters
    ----------
    folder : str
        The exchange folder.
    nonce : str
        This request's random name; the answer carries it back.
    get_function : callable
        Returns the student's function (a NameError, when it was never defined, is an outcome).
    name : str
        The function's name, for the outcome of a missing function.
    """
    request = transport.load(os.path.join(folder, f"in-{nonce}.gex"), MAX_INPUT_BYTES)
    outcomes = []
    try:
        function = get_function()
    except NameError:  # the function's cell was never run, or the name was deleted
        function = None
        outcomes.append({"undefined": True})
    except Exception as error:  # noqa: BLE001 - whatever looking the name up raised
        function = None
        outcomes.append({"raised": type(error).__name__, "message": str(error)[:500]})
    if function is not None and not callable(function):
        outcomes.append({"raised": "TypeError", "message": f"{name} is a {type(function).__name__}, "
                                                           "not a function"})
        function = None
    start = time.perf_counter()
    for args in request["cases"] if function is not None else []:
        outcomes.append(call_once(function, tuple(args), request["seconds"]))
        if "value" not in outcomes[-1]:
            break  # the grader judges cases in order: nothing after a failed call counts
    answer = {"nonce": nonce, "outcomes": outcomes, "seconds": time.perf_counter() - start}
    try:
        transport.save(os.path.join(folder, f"out-{nonce}.gex"), answer)
    except OSError as error:  # e.g. larger than the sandbox's file-size limit
        raise RuntimeError(f"the answers to the grader could not be written ({error.strerror})") from None
