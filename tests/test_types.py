"""The library type-checks with mypy, strict (configured in pyproject.toml's [tool.mypy])."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from conftest import ROOT


def test_mypy_strict():
    if importlib.util.find_spec("mypy") is None:
        pytest.fail("mypy is not installed: run scripts/setup --test")
    # No arguments: pyproject.toml names the files and the strictness. The cache
    # (.mypy_cache) makes a run after a small change take seconds.
    proc = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
