"""Where a holder's policies come from: a jurisdiction folder, or a compiled snapshot file.

`snapshot_from_policy` builds the engine over a validated policy, `snapshot_from_engine`
wraps an engine already built (a compiled snapshot); any failure is a rejection.
Split from gridrules.service.holder (which re-exports every name here).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gridrules.catalogue import msg
from gridrules.problems import Level, Problem
from gridrules.service.records import PolicyRejected, Snapshot, _now, version_fields

if TYPE_CHECKING:
    from gridrules.engine import Engine
    from gridrules.model import Policy
    from gridrules.version import PolicyVersion


def snapshot_from_policy(
    policy: Policy,
    *,
    source: str,
    warnings: Iterable[Problem] = (),
    extra: dict[str, Any] | None = None,
    version: PolicyVersion | None = None,
) -> Snapshot:
    """Build the engine over a validated policy; any failure is a rejection, never a crash.

    `version` overrides the one computed from the files (a store replica passes
    the publisher's, so every replica's decisions carry the same version).
    """
    from gridrules.engine import Engine

    try:
        engine = Engine.from_policy(policy, version=version)
    except Exception as exc:  # the engine refused the policy: report it, keep serving the old one
        problems = tuple(getattr(exc, "problems", ()))
        raise PolicyRejected(
            msg("service.policy_source.engine_refused", error=exc), problems
        ) from exc
    return snapshot_from_engine(
        engine,
        source=source,
        warnings=warnings,
        extra=extra,
        files=tuple(os.path.abspath(f) for f in policy.files),
    )


def snapshot_from_engine(
    engine: Engine,
    *,
    source: str,
    warnings: Iterable[Problem] = (),
    extra: dict[str, Any] | None = None,
    files: tuple[str, ...] = (),
) -> Snapshot:
    """The holder's record of an engine already built (from a policy or a compiled snapshot)."""
    text, commit, dirty = version_fields(engine)
    jurisdiction = engine.policy.jurisdiction
    return Snapshot(
        engine=engine,
        version=text,
        jurisdiction=jurisdiction.id,
        jurisdiction_names=jurisdiction.names,
        commit=commit,
        dirty=dirty,
        loaded_at=_now(),
        source=source,
        warnings=tuple(warnings),
        files=files,
        extra=extra or {},
    )


class SnapshotFileSource:
    """A compiled snapshot file (`gridrules build`): loaded, checked, never validated again.

    A file that is corrupt, of another format version or fails the self-check is a
    rejection like a policy with errors: the running version stays.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.folder = Path(path).resolve()  # watched like a folder's files (its parent)
        self.description = str(self.folder)

    def load(self) -> Snapshot:
        from gridrules.engine import Engine
        from gridrules.snapshot import SnapshotError

        try:
            engine = Engine.from_snapshot(self.folder)
        except SnapshotError as exc:
            raise PolicyRejected(exc.text) from None
        return snapshot_from_engine(
            engine, source=f"snapshot:{self.folder}", files=(str(self.folder),)
        )

    def watch_dirs(self, snapshot: Snapshot | None) -> set[Path]:
        return {self.folder.parent}


class FolderSource:
    """A jurisdiction folder (and the parents it extends), loaded with `load_policy`."""

    def __init__(
        self, folder: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None
    ):
        self.folder = Path(folder).resolve()
        self.root = Path(root).resolve() if root is not None else None
        self.description = str(self.folder)

    def load(self) -> Snapshot:
        from gridrules.policy import load_policy

        result = load_policy(self.folder, root=self.root)
        if result.policy is None or not result.ok:
            errors = [p for p in result.problems if p.level is Level.ERROR]
            first: object = ""
            if errors:
                e = errors[0]
                first = msg(
                    "service.policy_source.first_error",
                    location=e.location,
                    code=e.code,
                    message=e.message,
                )
            invalid = msg(
                "service.policy_source.invalid", folder=self.folder, errors=len(errors), first=first
            )
            raise PolicyRejected(invalid, result.problems)
        return snapshot_from_policy(
            result.policy, source=str(self.folder), warnings=result.problems
        )

    def watch_dirs(self, snapshot: Snapshot | None) -> set[Path]:
        """The folders whose files make the policy: the jurisdiction and every parent it extends."""
        dirs = {self.folder}
        if snapshot is not None:
            dirs |= {Path(f).parent for f in snapshot.files}
        return {d for d in dirs if d.is_dir()}
