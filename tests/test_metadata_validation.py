"""grader.grading.metadata_validation: the same verdicts as jsonschema.validate on nbgrader's own schema."""

from __future__ import annotations

import json
import os

import jsonschema
import nbgrader.nbgraderformat as nbformat_nbgrader
import pytest
from nbformat.v4 import new_code_cell

from grader.grading import metadata_validation

SCHEMA = json.loads(open(os.path.join(os.path.dirname(nbformat_nbgrader.__file__), "v3.json")).read())
GOOD = {"grade": True, "solution": False, "locked": True, "grade_id": "test_e_step", "points": 2,
        "schema_version": 3}
BAD = [dict(GOOD, points="two"), dict(GOOD, grade="yes"), {k: v for k, v in GOOD.items() if k != "grade"},
       dict(GOOD, grade_id=7, points=[]), dict(GOOD, schema_version="3")]


def verdict(check, instance, schema=SCHEMA):
    try:
        check(instance, schema)
    except (jsonschema.ValidationError, jsonschema.SchemaError) as error:
        return type(error).__name__, error.message, list(error.absolute_path)
    return None


@pytest.mark.parametrize("instance", [GOOD, *BAD])
def test_same_verdict_as_jsonschema(instance):
    assert verdict(metadata_validation.validate, instance) == verdict(jsonschema.validate, instance)


def test_errors_are_found_and_a_broken_schema_is_still_refused():
    assert all(verdict(metadata_validation.validate, bad) for bad in BAD)
    broken = dict(SCHEMA, type="a kind of thing")
    assert verdict(metadata_validation.validate, GOOD, broken)[0] == "SchemaError"


def test_nbgrader_uses_it_once_installed(monkeypatch):
    from nbgrader.nbgraderformat import MetadataValidator, ValidationError, common

    monkeypatch.setattr(common, "jsonschema", common.jsonschema)  # put back after the test
    metadata_validation.install()
    assert common.jsonschema.validate is metadata_validation.validate
    cell = new_code_cell("check('gmm.e_step', e_step)")
    cell.metadata["nbgrader"] = dict(GOOD, points="two")
    with pytest.raises(ValidationError):
        MetadataValidator().validate_cell(cell)
    cell.metadata["nbgrader"] = dict(GOOD)
    MetadataValidator().validate_cell(cell)
