"""Materialise a policy folder as it was at a git revision, in a temporary directory.

`gridrules diff --rev main policies/chengdu-wuhou` needs the folder *and*
everything its `extends` chain reaches (`../chengdu`), as they were at `main`.
The policy root (the folder `extends` may not leave: `--root`, or by default
the jurisdiction folder's parent, as for `gridrules validate`) is exported
with `git archive REV -- ROOT` and unpacked into a fresh temporary directory,
so the repository's working tree, index and HEAD are never touched.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from gridrules.catalogue import msg
from gridrules.errors import GridrulesError
from gridrules.problems import Text

GIT_TIMEOUT = 120  # seconds; a city-scale registry archives in well under one


class GitError(GridrulesError):
    """A revision that cannot be read: not a repository, unknown revision, git missing."""

    def __init__(self, message: Text) -> None:
        super().__init__(message, exit_code=2)


@dataclass(frozen=True, slots=True)
class Materialised:
    """A policy folder exported at a revision. Remove with `cleanup()` (or use `materialise`)."""

    folder: Path  # the jurisdiction folder inside the temporary tree
    root: Path  # the policy root inside the temporary tree
    tmp: Path  # the temporary directory (deleted by cleanup)
    rev: str  # the revision as the user wrote it
    commit: str  # the full commit id it resolved to
    repo_path: str  # the folder's path inside the repository (POSIX), for display

    def display(self, path: str) -> str:
        """A path inside the temporary tree, as the user knows it: `REV:path/in/repo`."""
        base = str(self.tmp)
        if path.startswith(base):
            inner = path[len(base) :].lstrip("/\\")
            return f"{self.rev}:{PurePosixPath(*Path(inner).parts)}"
        return path

    def cleanup(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT, check=False
        )
    except FileNotFoundError:
        raise GitError(msg("diff.git.missing")) from None
    except subprocess.TimeoutExpired:
        raise GitError(msg("diff.git.timeout", command=args[0], seconds=GIT_TIMEOUT)) from None


def _existing_dir(path: Path) -> Path:
    """The path itself, or its nearest existing ancestor (a folder may be new in the work tree)."""
    current = path
    while not current.is_dir() and current != current.parent:
        current = current.parent
    return current


def materialise(
    folder: str | os.PathLike[str], rev: str, *, root: str | None = None
) -> Materialised:
    """Export the policy root holding `folder` at `rev` into a new temporary directory.

    Raises `GitError` (one clear sentence) when `folder` is not inside a git
    work tree, `rev` is not a commit, or the folder did not exist at `rev`.
    """
    path = Path(os.path.abspath(folder))
    root_path = Path(os.path.abspath(root)) if root else path.parent
    probe = _existing_dir(path)
    top = _git(["rev-parse", "--show-toplevel"], probe)
    if top.returncode != 0:
        raise GitError(msg("diff.git.not_a_repository", folder=folder))
    toplevel = Path(top.stdout.decode().strip()).resolve()
    resolved = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], toplevel)
    if resolved.returncode != 0:
        raise GitError(msg("diff.git.unknown_revision", rev=rev))
    commit = resolved.stdout.decode().strip()
    if root is None and not root_path.resolve().is_relative_to(toplevel):
        root_path = toplevel  # the jurisdiction is the repository itself
    try:
        inner = path.resolve().relative_to(toplevel)
        inner_root = root_path.resolve().relative_to(toplevel)
    except ValueError:
        raise GitError(msg("diff.git.outside", folder=folder, toplevel=toplevel)) from None
    spec = str(PurePosixPath(*inner_root.parts)) if inner_root.parts else "."
    archive = _git(["archive", "--format=tar", commit, "--", spec], toplevel)
    if archive.returncode != 0:
        raise GitError(msg("diff.git.no_root", rev=rev, spec=spec))
    tmp = Path(tempfile.mkdtemp(prefix="gridrules-diff-"))
    try:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
    except (tarfile.TarError, OSError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise GitError(msg("diff.git.cannot_unpack", rev=rev, error=exc)) from None
    repo_path = str(PurePosixPath(*inner.parts)) if inner.parts else "."
    result = Materialised(
        folder=tmp.joinpath(*inner.parts),
        root=tmp.joinpath(*inner_root.parts),
        tmp=tmp,
        rev=rev,
        commit=commit,
        repo_path=repo_path,
    )
    if not result.folder.is_dir():
        result.cleanup()
        raise GitError(msg("diff.git.no_folder", rev=rev, path=repo_path))
    return result
