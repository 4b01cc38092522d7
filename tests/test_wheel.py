"""The wheel carries the schemas, templates and example policies, and works without the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if (
        proc.returncode != 0 and "hatchling" in proc.stderr
    ):  # build backend not in this venv: isolate
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert proc.returncode == 0, proc.stderr
    (built,) = out.glob("gridrules-*.whl")
    return built


def test_wheel_ships_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "gridrules/_data/schemas/tiers.schema.json" in names
    assert "gridrules/_data/policies/chengdu/jurisdiction.yaml" in names
    assert "gridrules/rules/example_base/jurisdiction.yaml" in names
    assert any(n.startswith("gridrules/_data/templates/") for n in names)
    assert "gridrules/py.typed" in names  # PEP 561: type checkers read the annotations


def test_installed_wheel_validates_without_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    policy = site / "gridrules" / "_data" / "policies" / "chengdu"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, gridrules.resources as r; from gridrules.cli.main import main; "
            "assert str(r.schemas_dir()).startswith(sys.argv[1]), r.schemas_dir(); "
            "sys.exit(main(['validate', sys.argv[2], '--lang', 'en']))",
            str(site),
            str(policy),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "valid" in proc.stdout
