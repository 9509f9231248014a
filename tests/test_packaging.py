"""The project's set-up promises: README commands, CI entry point, environment.yml in step."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml
from conftest import ROOT


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_packaging_readme_opens_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.match(r"```\w*\n(.*?)```", text, re.S)
    assert block, "README must open with a code block of set-up commands"
    commands = [ln.split("#")[0].strip() for ln in block.group(1).splitlines() if ln.strip()]
    assert commands == ["make demo", "make test"]


def test_packaging_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", script, re.M)
    assert "apt-get install" in script and "chromium" in script


def test_packaging_environment_yml_in_step_with_pyproject() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    project = _pyproject()["project"]
    deps = env["dependencies"]
    python = next(d for d in deps if isinstance(d, str) and d.startswith("python"))
    assert python.replace("python", "") == project["requires-python"]
    assert "pip" in deps
    pip_lines = next(d["pip"] for d in deps if isinstance(d, dict))
    assert len(pip_lines) == 1, "environment.yml installs the project, nothing on the side"
    extras = re.fullmatch(r"-e \.\[(.*)\]", pip_lines[0])
    assert extras, pip_lines[0]
    assert set(extras.group(1).split(",")) == set(project["optional-dependencies"])


@pytest.mark.parametrize("name", ["jupyterlab", "dateparser", "plotly", "polars"])
def test_packaging_user_fixed_dependencies_declared(name: str) -> None:
    deps = [re.split(r"[<>=\[ ]", d)[0] for d in _pyproject()["project"]["dependencies"]]
    assert name in deps


def test_packaging_resources_are_package_data() -> None:
    globs = _pyproject()["tool"]["setuptools"]["package-data"]["threadline"]
    assert any(g.startswith("resources/") and g.endswith(".yaml") for g in globs)
    assert list((ROOT / "lib" / "threadline" / "resources").rglob("*.yaml"))
