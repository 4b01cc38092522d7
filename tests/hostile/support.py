"""Helpers for the hostile-input suite: a policy root to attack, the CLI run as a user would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import EXAMPLE_BASE, ROOT

TIMEOUT = 60  # a hang on the landed code becomes a failure, not a stuck suite


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def report(self) -> dict[str, Any]:
        return json.loads(self.out)

    @property
    def codes(self) -> list[str]:
        return [p["code"] for p in self.report["problems"]]

    def problems(self, code: str) -> list[dict[str, Any]]:
        return [p for p in self.report["problems"] if p["code"] == code]


def policy_root(tmp_path: Path, files: dict[str, str] | None = None) -> tuple[Path, Path]:
    """(root, root/policy): a copy of the example base inside a policy root."""
    root = tmp_path / "root"
    folder = root / "policy"
    shutil.copytree(EXAMPLE_BASE, folder)
    for name, text in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    return root, folder


def gridrules(*args: str, unprivileged: bool = False, cwd: Path | None = None) -> Run:
    """The CLI in a child process (with a timeout); `unprivileged` drops root's file-permission
    bypass so chmod 000 means what it says."""
    command = [sys.executable, "-m", "gridrules.cli.main", *args]
    if unprivileged and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv is not None, "setpriv (util-linux) is needed to test permissions as root"
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", str(ROOT / "src"))  # set it to run the suite against another tree
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        cwd=cwd,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def validate(folder: Path, *extra: str, unprivileged: bool = False) -> Run:
    return gridrules("validate", str(folder), "--format", "json", *extra, unprivileged=unprivileged)
