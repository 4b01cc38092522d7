"""Write a snapshot: an engine built from a validated policy, as the payload of gridrules.snapshot.

    from gridrules.snapshot.build import build_snapshot
    data, header = build_snapshot(Engine.load("policies/chengdu-wuhou"))

The engine must have been built from its policy (`Engine.load`/`from_policy`), not
from another snapshot: the registry and roster are read from the model.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gridrules.model import Policy
from gridrules.snapshot import FORMAT, SnapshotHeader, pack, unpack
from gridrules.snapshot.codec import Encoder
from gridrules.snapshot.tables import encode_registry, encode_roster

if TYPE_CHECKING:
    from gridrules.engine import Engine

# Policy fields a snapshot leaves out: the registry and roster travel as columns; the
# overridden pairs and the files read matter to diff and versioning, which read the folder.
_LEFT_OUT = frozenset({"grids", "workers", "overridden", "files"})


def policy_fields(policy: Policy) -> dict[str, Any]:
    levels = tuple(level.id for level in policy.escalation.levels)
    encode = Encoder(levels)
    return {
        f.name: encode(getattr(policy, f.name))
        for f in dataclasses.fields(Policy)
        if f.name not in _LEFT_OUT
    }


def version_fields(version: object) -> dict[str, Any]:
    out: dict[str, Any] = {"text": str(version)}
    for name in ("hash", "commit", "dirty"):
        if hasattr(version, name):
            out[name] = getattr(version, name)
    return out


def build_payload(engine: Engine) -> dict[str, Any]:
    """The snapshot payload of an engine built from its policy."""
    policy = engine.policy
    if not policy.workers and not policy.grids and engine._ix.span:
        raise ValueError("an engine loaded from a snapshot cannot be snapshotted again")
    artifacts = engine.artifacts
    ix = engine._ix
    people = policy.worker_by_id
    order = list(engine._workers)
    wide_ids: list[str] = []
    for worker in engine._wide_workers:
        if worker.id not in wide_ids:
            wide_ids.append(worker.id)
    return {
        "format": FORMAT,
        "jurisdiction": policy.jurisdiction.id,
        "version": version_fields(engine.version),
        "policy": policy_fields(policy),
        "casbin": {
            "root": artifacts.root,
            "epochs": [d.isoformat() for d in artifacts.epochs],
            "rows": [list(r) for r in artifacts.rows if r[0] != "g2"],
            "origins": [[o.source, o.duty] for o in artifacts.p_origins],
        },
        "index": ix.to_state(),
        "registry": encode_registry(policy.grid_by_id, ix.span),
        "roster": encode_roster(engine._workers, people, order, wide_ids, ix.span),
    }


def build_snapshot(engine: Engine) -> tuple[bytes, SnapshotHeader]:
    """The snapshot file's bytes and header (checked by reading it back)."""
    data = pack(build_payload(engine))
    header, _ = unpack(data, "<built>")
    return data, header


def write_snapshot(engine: Engine, out: str | os.PathLike[str]) -> SnapshotHeader:
    """Write the snapshot atomically (a reader never sees half a file)."""
    data, header = build_snapshot(engine)
    target = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return header
