"""The bundled registries are exactly what scripts/generate_registry.py makes (no drift)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import POLICIES, ROOT

GENERATED = sorted(p.parent.name for p in POLICIES.glob("*/grids.csv"))


@pytest.mark.parametrize("name", GENERATED)
def test_committed_registry_matches_the_generator(name, tmp_path):
    out = tmp_path / name
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "generate_registry.py"),
            "--example",
            name,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    for csv_name in ("grids.csv", "roster.csv"):
        assert (out / csv_name).read_bytes() == (POLICIES / name / csv_name).read_bytes(), (
            f"policies/{name}/{csv_name} differs from the generator: run scripts/generate_registry.py --example {name}"
        )
