"""The difference between a student's return value and the expected one, in words.

:func:`difference` returns ``None`` when the values agree and otherwise one short phrase
that completes the sentence "``f(args)`` ...", e.g. "returned 13.5; expected 12".
With ``reveal=False`` (hidden cases) the phrase never contains an expected value.
"""

from __future__ import annotations

from numbers import Number

import numpy as np

from grader.check.transport import Opaque

__all__ = ["difference", "describe"]


def describe(value) -> str:
    """Short, readable text for a value on one line (numbers to 6 significant digits; an array
    of more than 8 numbers shows its first and last two and, from 2-D on, its shape)."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (Number, np.number)) and not isinstance(value, complex):
        return f"{float(value):.6g}" if isinstance(value, (float, np.floating)) else str(value)
    if isinstance(value, np.ndarray):
        # one line, whatever the shape: a message is a sentence, not a printout
        text = " ".join(np.array2string(value, precision=4, threshold=8, edgeitems=2, separator=", ",
                                        max_line_width=10**6).split())
        return text if value.size <= 8 or value.ndim == 1 else f"{text} ({' × '.join(map(str, value.shape))})"
    if isinstance(value, tuple):
        return "(" + ", ".join(describe(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    text = " ".join(repr(value).split())  # one line: a dict of arrays prints over several
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, Opaque):  # a value of a type that does not travel from a graded kernel
        return f"a {value.type_name}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return f"a {type(value).__name__}"


def _where(path: str) -> str:
    return f" in {path}" if path else ""


def difference(got, expected, *, rtol=1e-7, atol=1e-10, reveal=True, path="") -> str | None:
    """None if ``got`` matches ``expected``, else a phrase saying how it differs.

    Parameters
    ----------
    got : object
        What the student's function returned.
    expected : bool, int, float, str, ndarray, or a tuple, list or dict of these
        The right answer; containers are compared element by element.
    rtol, atol : float
        Tolerances, as in ``numpy.isclose``.
    reveal : bool
        Whether the phrase may quote expected values (False for hidden cases).
    path : str
        Where inside a tuple we are, for the message.
    """
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return (f"returned {_kind(got)}{_where(path)}, but should return a tuple of "
                    f"{len(expected)} values")
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = difference(g, e, rtol=rtol, atol=atol, reveal=reveal,
                              path=f"{path} item {i}".strip())
            if problem:
                return problem
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"returned {_kind(got)}{_where(path)}, but should return a dict"
        if set(got) != set(expected):
            missing, extra = sorted(set(expected) - set(got), key=str), sorted(set(got) - set(expected), key=str)
            parts = ([f"missing keys {describe(tuple(missing[:5]))}"] if missing else []) + (
                [f"unexpected keys {describe(tuple(extra[:5]))}"] if extra else [])
            return f"returned a dict{_where(path)} with " + " and ".join(parts)
        for key in expected:
            problem = difference(got[key], expected[key], rtol=rtol, atol=atol, reveal=reveal,
                              path=f"{path}[{key!r}]")
            if problem:
                return problem
        return None
    if isinstance(expected, list):
        if not isinstance(got, (list, tuple)):
            return f"returned {_kind(got)}{_where(path)}, but should return a list"
        if len(got) != len(expected):
            return (f"returned a list of {len(got)} items{_where(path)}"
                    + (f"; expected {len(expected)}" if reveal else ""))
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = difference(g, e, rtol=rtol, atol=atol, reveal=reveal, path=f"{path}[{i}]")
            if problem:
                return problem
        return None
    if isinstance(expected, str):
        if got != expected:
            return f"returned {describe(got)}{_where(path)}" + (f"; expected {describe(expected)}" if reveal else "")
        return None
    if isinstance(expected, np.ndarray):
        return _compare_array(got, expected, rtol, atol, reveal, path)
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)):
            return f"returned {_kind(got)}{_where(path)}, but should return True or False"
        if bool(got) != bool(expected):
            return f"returned {bool(got)}{_where(path)}" + (f"; expected {bool(expected)}" if reveal else "")
        return None
    return _compare_scalar(got, expected, rtol, atol, reveal, path)


def _compare_scalar(got, expected, rtol, atol, reveal, path) -> str | None:
    if got is None:
        return f"returned None{_where(path)}, but should return a number. Did you forget `return`?"
    if isinstance(got, np.ndarray) and got.size == 1:
        got = got.reshape(())[()]
    if isinstance(got, (bool, np.bool_)) or not isinstance(got, (Number, np.number)):
        return f"returned {_kind(got)}{_where(path)}, but should return a single number"
    got, expected = complex(got), complex(expected)
    if got.imag != 0:
        return f"returned a complex number{_where(path)}; the answer is real"
    got, expected = got.real, expected.real
    if np.isnan(got) and not np.isnan(expected):
        return f"returned nan{_where(path)}; look for 0/0, 0·log 0 or log of a negative number"
    if np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True):
        return None
    return f"returned {describe(got)}{_where(path)}" + (f"; expected {describe(expected)}" if reveal else "")


def _compare_array(got, expected, rtol, atol, reveal, path) -> str | None:
    if got is None:
        return f"returned None{_where(path)}, but should return an array. Did you forget `return`?"
    try:
        got = np.asarray(got)
    except Exception:  # ragged lists and other oddities
        return f"returned {_kind(got)}{_where(path)} that numpy cannot turn into an array"
    if not (np.issubdtype(got.dtype, np.number) or got.dtype == bool):
        return f"returned an array of {got.dtype} values{_where(path)}; expected numbers"
    if got.shape != expected.shape:
        hint = " (it looks transposed)" if got.shape == expected.shape[::-1] and got.ndim > 1 else ""
        return (f"returned an array of shape {got.shape}{_where(path)}; "
                f"expected shape {expected.shape}{hint}")
    bad_nan = np.isnan(got) & ~np.isnan(expected) if np.issubdtype(got.dtype, np.inexact) else None
    if bad_nan is not None and bad_nan.any():
        return (f"returned nan at {int(bad_nan.sum())} of {got.size} entries{_where(path)}; "
                "look for 0/0, 0·log 0, or densities that underflow to 0")
    close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return None
    first = tuple(int(i) for i in np.argwhere(~close)[0])
    index = first[0] if len(first) == 1 else first
    text = (f"differs at {int((~close).sum())} of {got.size} entries{_where(path)}; "
            f"first at index {index}: yours {describe(got[first])}")
    return text + (f", expected {describe(expected[first])}" if reveal else "")
