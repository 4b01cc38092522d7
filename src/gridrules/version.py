"""A policy's version: a hash of every file it was built from, and the git commit if any.

Printed handbooks, decisions and diffs carry it so that any output can be
traced back to the exact rules that produced it.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gridrules.model import Policy

__all__ = ["PolicyVersion", "content_hash", "policy_version"]


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    hash: str  # sha256 over the files' names and bytes, first 12 hex digits
    commit: str | None  # git commit of the jurisdiction folder, None outside git
    dirty: bool  # uncommitted changes in the folder

    def __str__(self) -> str:
        if self.commit:
            return f"{self.hash} (git {self.commit[:10]}{'+dirty' if self.dirty else ''})"
        return self.hash


def content_hash(files: tuple[str, ...] | list[str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(set(files)):
        path = Path(name)
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def _git_state(folder: str | Path) -> tuple[str | None, bool]:
    try:
        commit = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None, False
    return commit or None, bool(status.strip())


def policy_version(policy: Policy) -> PolicyVersion:
    commit, dirty = _git_state(policy.jurisdiction.folder)
    return PolicyVersion(content_hash(policy.files), commit, dirty)
