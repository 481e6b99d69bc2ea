"""When is a fixture stale?  When the reference or the cases changed, not when this CPU rounds
differently.

numpy and OpenBLAS pick kernels by CPU, so floats differ in their last bits from one machine
to another.  :func:`differences` therefore compares floats within a freshness tolerance tied
to each exercise's own, and :func:`keep_close_document` keeps the stored floats wherever they
still match, so a rewritten fixture file differs from the old one only where it must.
"""

from __future__ import annotations

import json

import numpy as np

from grader.check.custom_differences import difference_for
from grader.check.json_values import decode

__all__ = ["FRESHNESS", "freshness_tolerance", "plain", "differences", "keep_close_document"]


# How far a stored float may be from a freshly built one and still count as the same: this
# fraction of the exercise's own rtol and atol.  Between CPUs (AVX2 vs AVX-512 kernels in
# numpy, Haswell vs SkylakeX or Sandybridge kernels in OpenBLAS) most values differ by a few
# ulps (2.2e-16 relative each; at most 3e-14 relative here), but a finite-difference
# gradient divides that noise by its step: em_theory.numerical_gradient moves by 5e-9
# relative, and a 0 becomes 1.8e-12, which is why that exercise checks with rtol = atol =
# 1e-6.  A fixed freshness tolerance (say 1e-9, 1e-12) would call it stale on the next
# machine.  An exercise's tolerance must already absorb how machines differ, or a correct
# answer computed another way would fail; 1% of it is far above that noise (>= 1e-9
# relative, 1e-12 absolute for the default 1e-7, 1e-10), and far below anything that could
# move a grade.  Every exercise has rtol <= 1e-6, so a 1e-6 relative change of a value
# above the atol scale is always reported.
FRESHNESS = 0.01


def freshness_tolerance(spec: dict) -> tuple[float, float]:
    """The (rtol, atol) within which an exercise's stored and built floats count as equal.

    Parameters
    ----------
    spec : dict
        One exercise's entry of a fixture document (with its ``rtol`` and ``atol``).

    Returns
    -------
    tuple of float
        :data:`FRESHNESS` times the exercise's rtol and atol.
    """
    return FRESHNESS * float(spec.get("rtol", 1e-7)), FRESHNESS * float(spec.get("atol", 1e-10))


def plain(document):
    """The document as JSON reads it back (lists, dicts, str, int, float, bool, None)."""
    return json.loads(json.dumps(document))


def differences(stored: dict, built: dict) -> list[str]:
    """What differs between a stored fixture document and a freshly built one.

    Parameters
    ----------
    stored, built : dict
        Fixture documents in their JSON form (as read from a file, or :func:`build`).

    Returns
    -------
    list of str
        One readable line per difference, e.g.
        ``"gmm.e_step case 2 expected[3,1]: 0.1 vs 0.1000002"`` (stored value first);
        empty when the two are the same fixture.

    Notes
    -----
    Exercises, keys, strings, ints, bools, array shapes and dtypes must match exactly, and
    so must an exercise's settings and the set of mistakes stored for each case.  Floats of
    the cases (scalars and float arrays, in arguments, expected and mistakes' answers) must
    agree within :func:`freshness_tolerance` (relative to the larger of the two), NaN
    matching NaN.  A mistake stored on one side only is not reported when its
    answer lies on the edge of the exercise's tolerance, where the last bits of a CPU decide
    whether it is stored: the check accepts such an answer either way.
    """
    stored, built = plain(stored), plain(built)
    found: list[str] = []
    for exercise_id in sorted(set(stored) | set(built)):
        if exercise_id not in built:
            found.append(f"{exercise_id}: stored, but no longer built")
        elif exercise_id not in stored:
            found.append(f"{exercise_id}: built, but not stored")
        else:
            _exercise_differences(exercise_id, stored[exercise_id], built[exercise_id], found)
    return found


def _exercise_differences(exercise_id, stored, built, found):
    exact = (0.0, 0.0)
    if not (isinstance(stored, dict) and isinstance(built, dict)):
        _value_differences(exercise_id, stored, built, found, exact)
        return
    fields = {k: v for k, v in stored.items() if k != "cases"}
    _value_differences(exercise_id + " ", fields, {k: v for k, v in built.items() if k != "cases"}, found, exact)
    cases_stored, cases_built = stored.get("cases"), built.get("cases")
    tol = freshness_tolerance(built)
    if not (isinstance(cases_stored, list) and isinstance(cases_built, list)):
        _value_differences(f"{exercise_id} cases", cases_stored, cases_built, found, tol)
        return
    if len(cases_stored) != len(cases_built):
        found.append(f"{exercise_id}: {len(cases_stored)} cases vs {len(cases_built)}")
    for i, (a, b) in enumerate(zip(cases_stored, cases_built)):
        where = f"{exercise_id} case {i}"
        if not (isinstance(a, dict) and isinstance(b, dict) and isinstance(a.get("mistakes"), dict)
                and isinstance(b.get("mistakes"), dict)):
            _value_differences(where, a, b, found, tol)
            continue
        _value_differences(where + " ", {k: v for k, v in a.items() if k != "mistakes"},
                           {k: v for k, v in b.items() if k != "mistakes"}, found, tol)
        for name in sorted(set(a["mistakes"]) | set(b["mistakes"])):
            if name in a["mistakes"] and name in b["mistakes"]:
                _value_differences(f"{where} mistakes[{name}]", a["mistakes"][name], b["mistakes"][name], found,
                                   tol)
            elif name in a["mistakes"]:
                if not _on_the_edge(stored, a, name):
                    found.append(f"{where} mistakes[{name}]: stored, but no longer differs from expected")
            elif not _on_the_edge(built, b, name):
                found.append(f"{where} mistakes[{name}]: now differs from expected, but not stored")


def _on_the_edge(spec, case, name) -> bool:
    """Whether a mistake's answer passes once the exercise's tolerance is loosened by what
    two machines may differ by (both values moving by the freshness tolerance)."""
    rtol, atol = freshness_tolerance(spec)
    try:
        differ = difference_for(spec.get("checker"))
        return differ(decode(case["mistakes"][name]), decode(case["expected"]),
                    rtol=spec["rtol"] + 2 * rtol, atol=spec["atol"] + 2 * atol) is None
    except (KeyError, TypeError, ValueError):
        return False


def _show(value) -> str:
    return repr(float(value)) if isinstance(value, (float, np.floating)) else repr(value)


def _kind(value) -> str:
    if isinstance(value, dict) and "__ndarray__" in value:
        return "an array"
    if isinstance(value, dict) and "__tuple__" in value:
        return "a tuple"
    return "None" if value is None else f"a {type(value).__name__}"


def _close(a, b, tol):
    """Elementwise: equal, both NaN, or within ``tol = (rtol, atol)`` of the larger."""
    rtol, atol = tol
    with np.errstate(invalid="ignore", over="ignore"):
        near = (np.abs(a - b) <= atol + rtol * np.maximum(np.abs(a), np.abs(b))) & np.isfinite(a) & np.isfinite(b)
        return (a == b) | (np.isnan(a) & np.isnan(b)) | near


def _value_differences(where, a, b, found, tol, limit=5):
    """Append what differs between two encoded values; ``where`` names the place."""
    array_a = isinstance(a, dict) and "__ndarray__" in a
    tuple_a = isinstance(a, dict) and "__tuple__" in a
    if array_a or tuple_a or (isinstance(b, dict) and ("__ndarray__" in b or "__tuple__" in b)):
        if _kind(a) != _kind(b):
            found.append(f"{where}: {_kind(a)} vs {_kind(b)}")
        elif tuple_a:
            _value_differences(where, a["__tuple__"], b["__tuple__"], found, tol)
        else:
            _array_differences(where, a, b, found, tol, limit)
    elif isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            # an exercise's or a case's own fields read "gmm.e_step rtol", "... case 2 expected"
            place = f"{where}{key}" if where.endswith(" ") else f"{where}[{key}]"
            if key not in b:
                found.append(f"{place}: stored, but no longer built")
            elif key not in a:
                found.append(f"{place}: built, but not stored")
            else:
                _value_differences(place, a[key], b[key], found, tol)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            found.append(f"{where}: {len(a)} items vs {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            _value_differences(f"{where}[{i}]", x, y, found, tol)
    elif type(a) is float and type(b) is float:
        if not _close(np.float64(a), np.float64(b), tol):
            found.append(f"{where}: {_show(a)} vs {_show(b)}")
    elif type(a) is not type(b) or a != b:
        found.append(f"{where}: {_show(a)} vs {_show(b)}")


def _array_differences(where, a, b, found, tol, limit):
    if a.get("dtype") != b.get("dtype") or a.get("shape") != b.get("shape"):
        found.append(f"{where}: {a.get('dtype')} array of shape {a.get('shape')} vs "
                     f"{b.get('dtype')} array of shape {b.get('shape')}")
        return
    x, y = decode(a), decode(b)
    same = _close(x, y, tol) if np.issubdtype(x.dtype, np.inexact) else (x == y)
    bad = np.argwhere(~np.asarray(same).reshape(x.shape))
    for index in bad[:limit]:
        at = tuple(int(i) for i in index)
        found.append(f"{where}[{','.join(map(str, at))}]: {_show(x[at])} vs {_show(y[at])}")
    if len(bad) > limit:
        found.append(f"{where}: and {len(bad) - limit} more values")


def keep_close_document(stored, built):
    """``built``, with the stored floats of its cases kept wherever they match within the
    freshness tolerance (so a rewritten file differs from the old one only where it must)."""
    kept = {}
    for exercise_id, spec in built.items():
        old = stored.get(exercise_id)
        if isinstance(old, dict) and isinstance(old.get("cases"), list):
            spec = dict(spec, cases=_keep_close(old["cases"], spec["cases"], freshness_tolerance(spec)))
        kept[exercise_id] = spec
    return kept


def _keep_close(stored, built, tol):
    """One encoded value of :func:`keep_close_document`: ``built``, with ``stored``'s floats
    (scalars, or elements of a float array of the same dtype and shape) where they are close."""
    if isinstance(built, dict) and "__ndarray__" in built:
        if not (isinstance(stored, dict) and "__ndarray__" in stored and stored.get("dtype") == built["dtype"]
                and stored.get("shape") == built["shape"] and np.issubdtype(np.dtype(built["dtype"]), np.inexact)):
            return built
        x, y = decode(stored), decode(built)
        return dict(built, __ndarray__=np.where(_close(x, y, tol), x, y).tolist())
    if isinstance(built, dict):
        if not isinstance(stored, dict):
            return built
        return {k: _keep_close(stored[k], v, tol) if k in stored else v for k, v in built.items()}
    if isinstance(built, list):
        if not isinstance(stored, list) or len(stored) != len(built):
            return built
        return [_keep_close(s, v, tol) for s, v in zip(stored, built)]
    if type(built) is float and type(stored) is float and _close(np.float64(stored), np.float64(built), tol):
        return stored
    return built
