"""The two install routes agree, and CI runs what the README says."""

import re
import sys
from pathlib import Path

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")

REPO = Path(__file__).resolve().parent.parent


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def test_environment_yml_names_the_same_packages_as_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pip_route = dict(_split(r) for r in project["dependencies"] + project["optional-dependencies"]["test"])
    conda = yaml.safe_load((REPO / "environment.yml").read_text())["dependencies"]
    conda_route = dict(_split(d) for d in conda if isinstance(d, str) and _split(d)[0] not in {"python", "pip"})
    assert conda_route == pip_route


def _readme_command(label: str) -> str:
    text = (REPO / "README.md").read_text()
    match = re.search(rf"^\s*(make \S+)\s+#\s*{label}", text, re.MULTILINE)
    assert match, f"README.md has no `make ...  # {label}` line"
    return match.group(1)


def test_ci_runs_the_readme_test_command():
    command = _readme_command("run the tests")
    assert command == "make test"
    ci = (REPO / ".ci" / "run").read_text()
    assert re.search(rf"^\s*{command}\b", ci, re.MULTILINE)


def test_readme_commands_are_make_targets():
    targets = set(re.findall(r"^([a-z][a-z-]*):", (REPO / "Makefile").read_text(), re.MULTILINE))
    for command in re.findall(r"`make ([a-z-]+)", (REPO / "README.md").read_text()):
        assert command in targets, command
