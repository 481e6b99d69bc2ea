"""Diagnoses: the shapes wrong answers take, in words, for any exercise.

When an answer is wrong and no named mistake matches it, :func:`diagnose` looks at the first
part of the answer that differs (an item of a tuple, a dict entry, or the whole value) and
recognises how it relates to the right one: a constant factor (overall, or one per row,
column or slice), the transpose, normalised along the other axis, the exp or the log of the
right answer, one entry too many or too few (or shifted by one) in a history, a constant term
missing or extra (overall, or one per row or column), the right values in the wrong places,
answers of the wrong kind (``grader.check.value_kinds``), and for a list of words which words
are wrong (``grader.check.word_lists``).
Each is tested exactly, within the exercise's tolerances, on every entry, and only where it is
not trivially true (a zero array has every factor; a single number has "a" factor).  When none
fits, a visible case gets by how much the first differing entry is off.

With ``reveal=False`` (hidden cases) no sentence holds a number derived from the expected value.
"""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Number

import numpy as np

from grader.check.difference import describe, difference
from grader.check.value_kinds import kind_sentence
from grader.check.word_lists import is_words, words_sentence

__all__ = ["diagnose", "first_wrong"]

_LN10 = math.log(10.0)
_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)
_HIDDEN_FACTOR = ("Your answer looks like a constant multiple of the right one: check a normalisation, "
                  "a sign, or a factor such as ½, 2 or N/(N−1).")


def diagnose(got, expected, *, rtol: float, atol: float, reveal: bool) -> tuple[str, str] | None:
    """Where the answer first differs and what its difference looks like, or None.

    Parameters
    ----------
    got : object
        The student's (wrong) answer.
    expected : object
        The right answer: a number, an ndarray, or a tuple, list or dict of these.
    rtol, atol : float
        The exercise's tolerances, as in ``numpy.isclose``.
    reveal : bool
        False on hidden cases: the sentence then quotes no number derived from ``expected``.

    Returns
    -------
    (path, sentence) or None
        ``path`` as :func:`grader.check.difference.difference` names it (e.g. ``"item 2"``,
        ``""`` for the whole value); ``sentence`` one or two sentences for the student.
    """
    tol = _Tol(rtol, atol)
    path = ""
    with np.errstate(all="ignore"):
        try:  # a history first, as a whole (its entries are numbers, not parts of the answer)
            sentence = _sequence(got, expected, tol)
            if not sentence:
                got, expected, path = first_wrong(got, expected, rtol, atol)
                sentence = (_sequence(got, expected, tol) or words_sentence(got, expected, reveal)
                            or _numeric(got, expected, tol, reveal))
        except Exception:  # noqa: BLE001 - a value of an odd type: no diagnosis, never a crash
            sentence = None
    return (path, sentence) if sentence else None


def _constant(a, tol) -> bool:
    return tol.close(a, np.full(a.shape, a.reshape(-1)[0]))


def _rows_constant(a, tol) -> bool:
    """Every row of the 2-D ``a`` holds one repeated value."""
    return tol.close(a, np.repeat(a[:, :1], a.shape[1], axis=1))


class _Tol:
    """The exercise's tolerances, and closeness within them on every entry."""

    def __init__(self, rtol, atol):
        self.rtol, self.atol = rtol, atol

    def close(self, a, b) -> bool:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        return a.shape == b.shape and bool(np.all(np.isclose(a, b, rtol=self.rtol, atol=self.atol)))

    def big(self, a) -> np.ndarray:
        """Entries clearly away from 0, which pin a factor down (0 is any multiple of 0)."""
        return np.abs(a) > 100 * self.atol + 1e-12


def first_wrong(got, expected, rtol, atol, path=""):
    """Descend into tuples, lists and dicts of the same layout to the first part that differs."""
    def same(g, e):
        return difference(g, e, rtol=rtol, atol=atol) is None

    if (isinstance(expected, (tuple, list)) and isinstance(got, (tuple, list)) and len(got) == len(expected)
            and not (is_words(expected) and is_words(got))):  # a list of words is judged as a whole
        for i, (g, e) in enumerate(zip(got, expected)):
            if not same(g, e):
                step = f"{path} item {i}".strip() if isinstance(expected, tuple) else f"{path}[{i}]"
                return first_wrong(g, e, rtol, atol, step)
    if isinstance(expected, dict) and isinstance(got, dict) and set(got) == set(expected):
        for key in expected:
            if not same(got[key], expected[key]):
                return first_wrong(got[key], expected[key], rtol, atol, f"{path}[{key!r}]")
    return got, expected, path


# --- histories: one entry too many, too few, or shifted -----------------------------------

def _sequence(got, expected, tol) -> str | None:
    """Off by one element: ``got`` is ``expected`` without (or with one more) first or last
    entry, or every entry moved one place (got[i] = expected[i-1] or expected[i+1])."""
    def items(v):
        return list(v) if isinstance(v, (list, tuple)) or (isinstance(v, np.ndarray) and v.ndim == 1) else None

    g, e = items(got), items(expected)
    if g is None or e is None or len(e) < 2 or not isinstance(expected, (list, np.ndarray)) or any(
            isinstance(x, str) for x in e + g):
        return None  # not a sequence, or words rather than a history
    numeric = all(isinstance(x, (Number, np.number)) for x in e + g)
    if numeric:  # compare whole arrays at once; two-valued sequences (labels) match shifts too easily
        g, e = np.asarray(g, dtype=float), np.asarray(e, dtype=float)
        if len(np.unique(e)) < 3:
            return None

    def same(a, b):
        if numeric:
            return tol.close(a, b)
        return len(a) == len(b) and all(difference(x, y, rtol=tol.rtol, atol=tol.atol) is None
                                        for x, y in zip(a, b))

    if len(g) >= 2 and same(e[1:], e[:-1]):
        return None  # a constant history: every shift of it is itself
    if len(g) == len(e) - 1 and len(g) >= 2:
        if same(g, e[1:]):
            return ("Yours is the right sequence without its first entry (in a history: the value "
                    "before the first iteration).")
        if same(g, e[:-1]):
            return ("Yours is the right sequence without its last entry: one iteration or step is "
                    "missing; check the range of your loop.")
    if len(g) == len(e) + 1:
        if same(g[1:], e):
            return "Yours has one entry too many at the start: the rest is right; check what you put first."
        if same(g[:-1], e):
            return ("Yours has one entry too many at the end: the rest is right; check the range of "
                    "your loop (one step too many).")
    if len(g) == len(e) >= 3:
        if same(g[1:], e[:-1]):
            return ("Your entries are the right ones shifted one place later (your entry i is the right "
                    "entry i−1): check whether you record a value before or after the update.")
        if same(g[:-1], e[1:]):
            return ("Your entries are the right ones shifted one place earlier (your entry i is the right "
                    "entry i+1): check whether you record a value before or after the update.")
    return None


# --- numbers and arrays ------------------------------------------------------------------

def _as_numbers(value):
    """A float array for a number or an array of numbers, else None (bools count as numbers)."""
    if isinstance(value, (bool, np.bool_, Number, np.number)) and not isinstance(value, complex):
        return np.asarray(float(value))
    if isinstance(value, (np.ndarray, list)):
        array = np.asarray(value)
        if array.dtype.kind in "biuf":
            return array.astype(float)
    return None


def _numeric(got, expected, tol, reveal) -> str | None:
    g, e = _as_numbers(got), _as_numbers(expected)
    if g is None or e is None or not (np.all(np.isfinite(e)) and np.all(np.isfinite(g))):
        return _log_relation(g, e, tol) if g is not None and e is not None and g.shape == e.shape else None
    if e.ndim == 2 and g.shape == e.shape[::-1] and e.shape[0] != e.shape[1] and tol.close(g, e.T):
        return ("Your values are right but laid out transposed: each row of yours is a column of the "
                "right answer; swap the two axes.")
    if g.shape != e.shape:
        return None
    kind = kind_sentence(g, e, tol.close)  # whole numbers, 0/1, √ or ² of the right answer
    if kind:
        return kind
    if e.size == 1 or _constant(e, tol):  # one number (or one repeated): named relations only
        return _scalar(g.reshape(-1), e.reshape(-1), tol, reveal)
    return (_transposed(g, e, tol) or _other_axis(g, e, tol) or _log_relation(g, e, tol)
            or _factor(g, e, tol, reveal) or _factor_per_slice(g, e, tol, reveal)
            or _offset(g, e, tol, reveal) or _offset_per_slice(g, e, tol)
            or _permuted(g, e, tol) or (_first_gap(g, e, tol) if reveal else None))


def _named_factor(c: float) -> str | None:
    """Words for a factor students often get wrong (2, ½, -1, ln 10)."""
    names = {2.0: "exactly twice the right value: look for a factor 2 or ½ that is doubled or missing",
             0.5: "exactly half the right value: look for a factor ½ or 2 that is missing or doubled",
             -1.0: "the right size with the wrong sign: look for a minus sign, or a subtraction the "
                   "wrong way round",
             1 / _LN10: "the right value divided by ln 10: you used log10 where the natural log (np.log) "
                        "is needed",
             _LN10: "the right value times ln 10: you used the natural log where log10 is asked"}
    for factor, words in names.items():
        if abs(c - factor) <= 1e-9 * abs(factor):
            return words
    return None


def _scalar(g, e, tol, reveal) -> str | None:
    """One number (shape (n,), all of e equal): only the named factors and exp/log (any two
    numbers are a constant multiple of each other, so a general factor says nothing)."""
    if np.all(tol.big(e)):
        for factor in (2.0, 0.5, -1.0, 1 / _LN10, _LN10):
            if tol.close(g, factor * e):
                return f"Yours is {_named_factor(factor)}." if reveal else _HIDDEN_FACTOR
    relation = _log_relation(g, e, tol)
    if relation:
        return relation
    if not reveal:
        return None
    return _first_gap(g.reshape(()), e.reshape(()), tol) if e.size == 1 else _first_gap(g, e, tol)


def _log_relation(g, e, tol) -> str | None:
    """Probabilities vs log-probabilities: g = exp(e) or g = log(e), on every entry."""
    if not np.any(np.isfinite(e) & (np.abs(e) > 1e-6)):
        return None  # e = 0 everywhere: exp(0) = 1 is no evidence
    if tol.close(g, np.exp(e)):
        return ("Yours is the exp of the right answer: return log-probabilities (stay in log space), "
                "not probabilities.")
    if np.all(e > 0) and tol.close(g, np.log(e)):
        return ("Yours is the log of the right answer: return probabilities (e.g. np.exp of your "
                "result), not log-probabilities.")
    return None


def _transposed(g, e, tol) -> str | None:
    """g = e with its last two axes swapped, and e is not symmetric in them."""
    if e.ndim < 2 or e.shape[-1] != e.shape[-2]:
        return None
    swapped = np.swapaxes(e, -1, -2)
    if tol.close(g, swapped) and not tol.close(e, swapped):
        return ("Yours is the transpose of the right answer: swap the two axes (check which index is the "
                "row and which the column).")
    return None


def _other_axis(g, e, tol) -> str | None:
    """Normalised along the wrong axis: the right answer sums to 1 (or its exp does) along one
    axis, yours along the other.  Two-dimensional answers only."""
    if e.ndim != 2 or min(e.shape) < 2:
        return None
    for log in (False, True):
        if log and not (np.all(e <= tol.atol) and np.all(g <= tol.atol)):
            continue
        target = 0.0 if log else 1.0  # log Σ exp = 0  ⇔  Σ exp = 1

        def to_one(a, k):
            totals = np.log(np.sum(np.exp(a), axis=k)) if log else np.sum(a, axis=k)
            return tol.close(totals, np.full(totals.shape, target))

        for right in (0, 1):
            if to_one(e, right) and to_one(g, 1 - right) and not to_one(g, right):
                mine, theirs = ("column", "row") if right == 1 else ("row", "column")  # a sum along axis=1 runs over a row
                if log:
                    return (f"The exp of each {mine} of yours sums to 1, but each {theirs}'s should: "
                            f"normalise along the other axis (subtract the logsumexp along axis={right}).")
                return (f"Each {mine} of yours sums to 1, but each {theirs} should: normalise along the "
                        f"other axis (divide by the sum along axis={right}).")
    return None


def _factor_words(c: float) -> str:
    fraction = Fraction(c).limit_denominator(24)
    if fraction.denominator > 1 and abs(float(fraction) - c) <= 1e-9 * abs(c):
        return f"{describe(c)} (= {fraction.numerator}/{fraction.denominator})"
    return describe(c)


def _factor(g, e, tol, reveal) -> str | None:
    """g = c e for one constant c ≠ 0, 1 on every entry, pinned by at least two entries."""
    big = tol.big(e)
    if big.sum() < 2:
        return None
    c = float(np.sum(g[big] * e[big]) / np.sum(e[big] ** 2))  # least squares: min Σ (g - c e)²
    if abs(c) < 1e-12 or abs(c - 1) < 10 * tol.rtol or not tol.close(g, c * e):
        return None
    if not reveal:
        return _HIDDEN_FACTOR
    words = _named_factor(c)
    if words:
        return f"Every entry of yours is {words}."
    return (f"Every entry of yours is {_factor_words(c)} times the right one: check a normalisation "
            "or a factor such as 1/N or N/(N−1).")


def _slices(a, axis):
    """``a`` as a 2-D array: one row per index along ``axis``, the rest flattened."""
    return np.moveaxis(a, axis, 0).reshape(a.shape[axis], -1)


def _slice_name(axis: int, ndim: int) -> str:
    if ndim == 2:
        return ("row", "column")[axis]
    return ("matrix [k]" if ndim == 3 else "slice [k]") if axis == 0 else f"slice along axis {axis}"


def _factor_per_slice(g, e, tol, reveal) -> str | None:
    """g = c_i e along one axis (each row, column or slice its own constant), every slice pinned
    by at least two entries, the constants not all equal."""
    for axis in range(e.ndim):
        gs, es = _slices(g, axis), _slices(e, axis)
        if es.shape[0] < 2 or es.shape[1] < 2:
            continue
        bigs = tol.big(es)
        if not np.all(bigs.sum(axis=1) >= 2) or _rows_constant(es, tol):
            continue
        factors = np.sum(gs * es * bigs, axis=1) / np.sum(es ** 2 * bigs, axis=1)  # least squares per slice
        if not tol.close(gs, factors[:, None] * es) or np.ptp(factors) <= 10 * tol.rtol * np.max(np.abs(factors)):
            continue
        which = _slice_name(axis, e.ndim)
        shown = f" (by {', '.join(describe(float(c)) for c in factors)})" if reveal and len(factors) <= 4 else ""
        if e.ndim == 2 and tol.close(np.sum(e, axis=1 - axis), np.ones(e.shape[axis])):
            return (f"Each {which} of yours is the right one times its own constant{shown}: each {which} "
                    f"should sum to 1, so divide it by its sum.")
        return (f"Each {which} of yours is the right one scaled by a different constant{shown}: look for "
                "a division by the wrong count or total, e.g. by N instead of N_k.")
    return None


def _offset_words(d: float) -> str:
    for k in (1, 2, 3):
        for sign in (1, -1):
            if abs(d - sign * k * _HALF_LOG_2PI) <= 1e-6 * k:
                return f"{describe(d)}, which is {'' if sign > 0 else '−'}{k if k > 1 else ''}½ log 2π"
    return describe(d)


def _offset(g, e, tol, reveal) -> str | None:
    """g = e + d for one constant d ≠ 0 on every entry (e itself not constant)."""
    d = float(np.median(g - e))
    if not tol.close(g, e + d):
        return None
    if not reveal:
        return ("Yours differs from the right answer by the same amount in every entry: a constant term "
                "is missing or extra, such as −½ log 2π in a log-density.")
    return (f"Every entry of yours is off by the same amount, {_offset_words(d)}: a constant term is "
            "missing or extra, such as −½ log 2π in a log-density.")


def _offset_per_slice(g, e, tol) -> str | None:
    """g - e constant within each row (or column) but not everywhere: a dropped term that is the
    same for every column (or row), e.g. a per-sample constant in a log-likelihood matrix."""
    if e.ndim != 2 or min(e.shape) < 2:
        return None
    for axis in (0, 1):  # axis 0: one constant per row
        gs, es = _slices(g, axis), _slices(e, axis)
        d = np.median(gs - es, axis=1)
        if _rows_constant(es, tol) or not tol.close(gs, es + d[:, None]):
            continue
        which, other = ("row", "column") if axis == 0 else ("column", "row")
        normalised = tol.close(np.log(np.sum(np.exp(e), axis=1 - axis)), np.zeros(e.shape[axis]))
        if normalised:
            return (f"Each {which} of yours is off by its own constant: each {which}'s exp should sum to 1, "
                    f"so subtract its logsumexp (axis={1 - axis}).")
        return (f"Each {which} of yours is off by its own constant, the same in every {other}: you dropped "
                f"or added a term that is the same for every {other} (e.g. every component), such as "
                "−½ log 2π or a log-normaliser.")
    return None


def _permuted(g, e, tol) -> str | None:
    """The right values, all distinct, in other places."""
    flat = np.sort(e.reshape(-1))
    if flat.size < 3 or np.any(np.isclose(flat[1:], flat[:-1], rtol=tol.rtol, atol=tol.atol)):
        return None
    if tol.close(np.sort(g.reshape(-1)), flat):
        return ("Yours holds exactly the right values, in the wrong places: check the order of the axes, "
                "a reshape (row- or column-major) or an index.")
    return None


def _first_gap(g, e, tol) -> str | None:
    """By how much the first differing entry is off (visible cases only)."""
    wrong = ~np.isclose(g, e, rtol=tol.rtol, atol=tol.atol)
    if not wrong.any():
        return None
    index = tuple(int(i) for i in np.argwhere(wrong)[0]) if g.ndim else ()
    gap, right = float(g[index] - e[index]), float(e[index])
    there = " there" if g.ndim else ""
    relative = f" (a relative difference of {100 * abs(gap) / abs(right):.3g}%)" if right else ""
    return f"Yours is {describe(abs(gap))} too {'high' if gap > 0 else 'low'}{there}{relative}."
