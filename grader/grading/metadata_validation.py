"""nbgrader's check of cell metadata, with its JSON schema checked once per worker, not per cell.

nbgrader checks the ``nbgrader`` metadata of every cell each time it reads, writes or checks a
notebook, with ``jsonschema.validate``, which first checks the *schema* against the JSON-schema
meta-schema: a few hundred times per graded notebook, about 0.2 s of a job (issue 18).
:func:`install` gives nbgrader's metadata module a ``validate`` that does what jsonschema's does,
raising the same best-matching error for the same metadata, with one checked validator per
distinct schema.
"""

from __future__ import annotations

import json

from jsonschema import exceptions, validators

__all__ = ["install", "validate"]

_checked: dict[str, object] = {}  # the schema's JSON text -> a validator for it


def validate(instance, schema) -> None:
    """``jsonschema.validate(instance, schema)``, checking each distinct schema only once."""
    key = json.dumps(schema, sort_keys=True)  # nbgrader loads a fresh copy of its schema per use
    validator = _checked.get(key)
    if validator is None:
        kind = validators.validator_for(schema)
        kind.check_schema(schema)
        validator = _checked[key] = kind(schema)
    error = exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


class _Jsonschema:
    """What nbgrader's metadata module uses of ``jsonschema``: ``validate``."""

    validate = staticmethod(validate)
    ValidationError = exceptions.ValidationError


def install() -> None:
    """Make nbgrader's cell-metadata checks in this process use :func:`validate`."""
    from nbgrader.nbgraderformat import common

    common.jsonschema = _Jsonschema
