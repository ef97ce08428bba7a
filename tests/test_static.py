"""Types and lint are part of the test command: mypy and ruff, as configured in pyproject.toml.

A type error or a lint finding anywhere in ``src``, ``tests``, ``tools`` or ``benchmarks``
fails the suite with the checker's own report, so a change cannot land with either red.
mypy keeps its cache in ``.mypy_cache`` (git-ignored), so a warm run re-checks only what
changed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(tool: str, *args: str) -> None:
    if importlib.util.find_spec(tool) is None:
        pytest.fail(f"{tool} is not installed; install the test extra: pip install -e '.[test]'")
    result = subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    if result.returncode != 0:
        pytest.fail(f"{tool} {' '.join(args)} found problems:\n{result.stdout}{result.stderr}", pytrace=False)


def test_mypy_is_clean() -> None:
    """Strict on the engine and what it is built from, default checks elsewhere (see [tool.mypy])."""
    _run("mypy")


def test_ruff_is_clean() -> None:
    """The rule set chosen in [tool.ruff], over the source, tests, tools and benchmarks."""
    _run("ruff", "check", "--no-cache", "src", "tests", "tools", "benchmarks")
